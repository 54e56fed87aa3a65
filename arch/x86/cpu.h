/*
 * cpu.h: the x86-64 instructions the rest of arch/x86 uses, as inline
 * functions (port I/O, control registers, MSRs, interrupt flag, CPUID), the
 * per-CPU structure and CPU identification.
 *
 * Interface:
 *   x86_inb/outb/inw/outw/inl/outl   port I/O
 *   x86_read_cr0/2/3/4, x86_write_cr3/4, x86_rdmsr/x86_wrmsr, x86_cpuid
 *   x86_irq_enable/disable/save/restore, x86_irq_enabled, x86_halt, x86_pause
 *   x86_rdtsc, x86_invlpg
 *   struct x86_cpu / x86_this_cpu()   per-CPU data, reached through GS base
 *   x86_cpu_init()                    brand string, features, GS base (BSP)
 *   x86_cpu_brand()                   the CPUID brand string, trimmed
 *   x86_cpu_hypervisor()              the hypervisor's CPUID signature
 *                                     ("KVMKVMKVM", "TCGTCGTCGTCG"), or ""
 *   x86_cpu_tcg()                     running under QEMU's TCG emulator
 *
 * Only arch/x86 includes this file; the kernel sees cpu data via kernel/cpu.h.
 */
#ifndef ARCH_X86_CPU_H
#define ARCH_X86_CPU_H

#include <stdint.h>
#include <stdbool.h>

static inline void x86_outb(uint16_t port, uint8_t v) { __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port)); }
static inline void x86_outw(uint16_t port, uint16_t v) { __asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port)); }
static inline void x86_outl(uint16_t port, uint32_t v) { __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port)); }
static inline uint8_t x86_inb(uint16_t port) { uint8_t v; __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline uint16_t x86_inw(uint16_t port) { uint16_t v; __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline uint32_t x86_inl(uint16_t port) { uint32_t v; __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port)); return v; }

static inline uint64_t x86_read_cr0(void) { uint64_t v; __asm__ volatile("mov %%cr0, %0" : "=r"(v)); return v; }
static inline uint64_t x86_read_cr2(void) { uint64_t v; __asm__ volatile("mov %%cr2, %0" : "=r"(v)); return v; }
static inline uint64_t x86_read_cr3(void) { uint64_t v; __asm__ volatile("mov %%cr3, %0" : "=r"(v)); return v; }
static inline uint64_t x86_read_cr4(void) { uint64_t v; __asm__ volatile("mov %%cr4, %0" : "=r"(v)); return v; }
static inline void x86_write_cr3(uint64_t v) { __asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory"); }
static inline void x86_write_cr4(uint64_t v) { __asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory"); }

static inline uint64_t x86_rdmsr(uint32_t msr)
{
	uint32_t lo, hi;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}
static inline void x86_wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

static inline void x86_cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(sub));
}

static inline uint64_t x86_rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline void x86_invlpg(uint64_t va) { __asm__ volatile("invlpg (%0)" : : "r"(va) : "memory"); }
static inline void x86_irq_enable(void) { __asm__ volatile("sti" ::: "memory"); }
static inline void x86_irq_disable(void) { __asm__ volatile("cli" ::: "memory"); }
static inline void x86_halt(void) { __asm__ volatile("hlt" ::: "memory"); }
static inline void x86_pause(void) { __asm__ volatile("pause" ::: "memory"); }

static inline uint64_t x86_rflags(void)
{
	uint64_t f;
	__asm__ volatile("pushfq; popq %0" : "=r"(f) : : "memory");
	return f;
}
static inline bool x86_irq_enabled(void) { return (x86_rflags() & (1u << 9)) != 0; }

/* Disable interrupts; return whether they were enabled. */
static inline bool x86_irq_save(void)
{
	bool was = x86_irq_enabled();
	x86_irq_disable();
	return was;
}
static inline void x86_irq_restore(bool was)
{
	if (was)
		x86_irq_enable();
}

#define X86_MSR_EFER        0xc0000080u
#define X86_MSR_GS_BASE     0xc0000101u
#define X86_MSR_APIC_BASE   0x1bu

void x86_cpu_init(void);
const char *x86_cpu_brand(void);
const char *x86_cpu_hypervisor(void);
bool x86_cpu_tcg(void);
bool x86_cpu_has_nx(void);

#endif

#ifndef ARCH_X86_CPU_FPU
#define ARCH_X86_CPU_FPU
/* FPU/SSE state: 512-byte, 16-aligned fxsave areas. */
static inline void x86_fpu_save(void *area) { __asm__ volatile("fxsave64 (%0)" : : "r"(area) : "memory"); }
static inline void x86_fpu_restore(const void *area) { __asm__ volatile("fxrstor64 (%0)" : : "r"(area) : "memory"); }

/* switch.S: save callee-saved registers and RSP to *save_sp, load new_sp. */
void x86_context_switch(uint64_t *save_sp, uint64_t new_sp);
/* Build the first frame of a new thread's stack (top is 16-aligned); the
 * first switch to the returned sp enters start(). */
uint64_t x86_context_init(uint64_t top, void (*start)(void));
#endif
