/*
 * gdt.c: GDT and TSS for the boot CPU (see gdt.h).
 *
 * Long mode ignores segment bases and limits except for the TSS, which holds
 * the interrupt stack table. When SMP arrives each CPU gets its own TSS and
 * IST stacks; the layout here is already one struct per CPU.
 */
#include <stdint.h>
#include "arch/x86/gdt.h"

struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

#define IST_STACK_SIZE 16384

static struct tss tss;
static uint8_t ist_df_stack[IST_STACK_SIZE] __attribute__((aligned(16)));
static uint8_t ist_nmi_stack[IST_STACK_SIZE] __attribute__((aligned(16)));
static uint64_t gdt[5];

static struct {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed)) gdtr;

void x86_gdt_init(void)
{
	uint64_t base = (uint64_t)&tss;
	uint64_t limit = sizeof tss - 1;

	tss.ist[X86_IST_DF - 1] = (uint64_t)(ist_df_stack + IST_STACK_SIZE);
	tss.ist[X86_IST_NMI - 1] = (uint64_t)(ist_nmi_stack + IST_STACK_SIZE);
	tss.iomap_base = sizeof tss;

	gdt[0] = 0;
	gdt[1] = 0x00af9a000000ffffull;		/* 64-bit kernel code */
	gdt[2] = 0x00cf92000000ffffull;		/* kernel data */
	gdt[3] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
		 (0x89ull << 40) |		/* present, 64-bit TSS available */
		 (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
	gdt[4] = base >> 32;

	gdtr.limit = sizeof gdt - 1;
	gdtr.base = (uint64_t)gdt;
	__asm__ volatile(
		"lgdt %0\n\t"
		"pushq %1\n\t"
		"leaq 1f(%%rip), %%rax\n\t"
		"pushq %%rax\n\t"
		"lretq\n"
		"1:\n\t"
		"movw %w2, %%ax\n\t"
		"movw %%ax, %%ds\n\t"
		"movw %%ax, %%es\n\t"
		"movw %%ax, %%ss\n\t"
		"ltr %w3\n\t"
		: : "m"(gdtr), "i"(X86_SEL_KCODE), "r"(X86_SEL_KDATA), "r"(X86_SEL_TSS)
		: "rax", "memory");
}
