/*
 * cpu.c: CPU identification and the per-CPU structure of the boot CPU.
 *
 * The GS base holds the address of this CPU's struct cpu (kernel/cpu.h),
 * whose first field points at itself, so cpu_this() is one load from gs:0.
 * cpu_init_boot() must run before anything takes a spinlock.
 */
#include <string.h>
#include "arch/x86/cpu.h"
#include "kernel/cpu.h"

static struct cpu boot_cpu;
static char brand[49];
static char hypervisor[13];		/* CPUID 0x40000000 signature, or "" */
static bool nx;

struct cpu *cpu_this(void)
{
	struct cpu *c;
	__asm__ volatile("movq %%gs:0, %0" : "=r"(c));
	return c;
}

void cpu_init_boot(void)
{
	boot_cpu.self = &boot_cpu;
	boot_cpu.id = 0;
	x86_wrmsr(X86_MSR_GS_BASE, (uint64_t)&boot_cpu);
}

void x86_cpu_init(void)
{
	uint32_t r[4];
	x86_cpuid(0x80000000, 0, r);
	if (r[0] >= 0x80000004) {
		for (unsigned i = 0; i < 3; i++) {
			x86_cpuid(0x80000002 + i, 0, r);
			memcpy(brand + 16 * i, r, 16);
		}
		brand[48] = 0;
	} else {
		x86_cpuid(0, 0, r);		/* vendor only */
		memcpy(brand, &r[1], 4);
		memcpy(brand + 4, &r[3], 4);
		memcpy(brand + 8, &r[2], 4);
		brand[12] = 0;
	}
	x86_cpuid(0x80000001, 0, r);
	nx = (r[3] >> 20) & 1;
	x86_cpuid(1, 0, r);
	if ((r[2] >> 31) & 1) {		/* the hypervisor-present bit */
		x86_cpuid(0x40000000, 0, r);
		memcpy(hypervisor, &r[1], 4);
		memcpy(hypervisor + 4, &r[2], 4);
		memcpy(hypervisor + 8, &r[3], 4);
		for (int i = 0; i < 12; i++)
			if (hypervisor[i] < 0x20 || hypervisor[i] > 0x7e)
				hypervisor[i] = hypervisor[i] ? '?' : 0;
	}
}

/* The brand string with leading and trailing blanks removed. */
const char *x86_cpu_brand(void)
{
	char *s = brand;
	while (*s == ' ')
		s++;
	size_t n = strlen(s);
	while (n && s[n - 1] == ' ')
		s[--n] = 0;
	return s[0] ? s : "unknown CPU";
}

const char *x86_cpu_hypervisor(void)
{
	return hypervisor;
}

bool x86_cpu_tcg(void)
{
	return strcmp(hypervisor, "TCGTCGTCGTCG") == 0;
}

bool x86_cpu_has_nx(void)
{
	return nx;
}
