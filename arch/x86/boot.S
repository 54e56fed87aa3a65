/*
 * boot.S: the multiboot2 header and the way from GRUB to kmain().
 *
 * GRUB enters _start32 in 32-bit protected mode, paging off, with
 * EAX = multiboot2 magic and EBX = physical address of the boot information.
 * _start32 checks for long mode, builds the boot page tables, enables PAE,
 * long mode, NX (when present) and paging, and jumps to 64-bit code in the
 * higher half, which enables SSE (the C code and newlib use it), sets the boot
 * stack and calls kmain(magic, info_phys).
 *
 * Boot page tables (2 MiB pages, all in .bss, zeroed by GRUB):
 *   PML4[0]   -> identity map of 0..4 GiB (only until vmm_init removes it)
 *   PML4[256] -> the same 0..4 GiB at X86_DIRECT_BASE (0xffff800000000000),
 *                the direct map; vmm_init extends it above 4 GiB
 *   PML4[511] -> PDPT[510]: 0..1 GiB at KERNEL_VMA (the kernel image)
 *
 * Invariant: nothing here calls C before SSE is on and RSP is 16-aligned.
 */
#define KERNEL_VMA 0xffffffff80000000
#define PHYS(x) ((x) - KERNEL_VMA)
#define COM1 0x3f8

	.section .multiboot, "a"
	.balign 8
mb2_header:
	.long 0xe85250d6			/* magic */
	.long 0					/* architecture: i386 */
	.long mb2_header_end - mb2_header
	.long -(0xe85250d6 + (mb2_header_end - mb2_header))
	/* framebuffer tag (optional): 1024x768, 32 bpp preferred */
	.balign 8
	.word 5, 1
	.long 20
	.long 1024, 768, 32
	/* module alignment tag: modules page aligned */
	.balign 8
	.word 6, 0
	.long 8
	/* end tag */
	.balign 8
	.word 0, 0
	.long 8
mb2_header_end:

	.section .boot.text, "ax"
	.code32
	.globl _start32
_start32:
	cli
	cld
	movl %eax, %edi
	movl %ebx, %esi
	movl $PHYS(boot_stack_top), %esp

	/* Long mode present? CPUID 0x80000001 EDX bit 29. */
	movl $0x80000000, %eax
	cpuid
	cmpl $0x80000001, %eax
	jb no_long_mode
	movl $0x80000001, %eax
	cpuid
	btl $29, %edx
	jnc no_long_mode
	movl %edx, %ebp			/* keep: bit 20 = NX */

	/* PML4 */
	movl $PHYS(boot_pdpt_low), %eax
	orl $3, %eax
	movl %eax, PHYS(boot_pml4)
	movl %eax, PHYS(boot_pml4) + 256 * 8
	movl $PHYS(boot_pdpt_high), %eax
	orl $3, %eax
	movl %eax, PHYS(boot_pml4) + 511 * 8

	/* PDPT low: four page directories, 0..4 GiB */
	movl $PHYS(boot_pd), %eax
	orl $3, %eax
	movl $PHYS(boot_pdpt_low), %ebx
	movl $4, %ecx
1:	movl %eax, (%ebx)
	addl $4096, %eax
	addl $8, %ebx
	loop 1b

	/* PDPT high: entry 510 = first directory (0..1 GiB) */
	movl $PHYS(boot_pd), %eax
	orl $3, %eax
	movl %eax, PHYS(boot_pdpt_high) + 510 * 8

	/* 2048 large pages: present, writable, PS */
	movl $PHYS(boot_pd), %ebx
	movl $0x83, %eax
	movl $2048, %ecx
2:	movl %eax, (%ebx)
	addl $0x200000, %eax
	addl $8, %ebx
	loop 2b

	movl $PHYS(boot_pml4), %eax
	movl %eax, %cr3
	movl %cr4, %eax
	orl $(1 << 5), %eax		/* PAE */
	movl %eax, %cr4

	movl $0xc0000080, %ecx		/* EFER */
	rdmsr
	orl $(1 << 8), %eax		/* LME */
	btl $20, %ebp
	jnc 3f
	orl $(1 << 11), %eax		/* NXE */
3:	wrmsr

	movl %cr0, %eax
	orl $((1 << 31) | (1 << 16)), %eax	/* PG, WP */
	movl %eax, %cr0

	lgdt boot_gdt_ptr
	ljmp $0x08, $long_entry

no_long_mode:
	movl $msg_no_lm, %ebx
4:	movb (%ebx), %al
	testb %al, %al
	jz 6f
	movw $COM1 + 5, %dx
5:	inb %dx, %al
	testb $0x20, %al
	jz 5b
	movb (%ebx), %al
	movw $COM1, %dx
	outb %al, %dx
	incl %ebx
	jmp 4b
6:	hlt
	jmp 6b

	.code64
long_entry:
	movw $0x10, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	xorw %ax, %ax
	movw %ax, %fs
	movw %ax, %gs
	movabsq $high_entry, %rax
	jmp *%rax

	.section .boot.data, "aw"
	.balign 8
boot_gdt:
	.quad 0
	.quad 0x00af9a000000ffff		/* 0x08: 64-bit code */
	.quad 0x00cf92000000ffff		/* 0x10: data */
boot_gdt_ptr:
	.word boot_gdt_ptr - boot_gdt - 1
	.long boot_gdt
msg_no_lm:
	.asciz "Amber: this CPU has no 64-bit long mode; halted.\r\n"

	.text
	.code64
	.globl high_entry
high_entry:
	movabsq $boot_stack_top, %rsp
	xorl %ebp, %ebp
	movl %edi, %edi			/* upper halves are undefined */
	movl %esi, %esi
	/* SSE: CR0.EM = 0, CR0.MP = 1; CR4.OSFXSR, CR4.OSXMMEXCPT */
	movq %cr0, %rax
	andq $~(1 << 2), %rax
	orq $(1 << 1), %rax
	movq %rax, %cr0
	movq %cr4, %rax
	orq $((1 << 9) | (1 << 10)), %rax
	movq %rax, %cr4
	fninit
	pushq $0x1f80
	ldmxcsr (%rsp)
	addq $8, %rsp
	call kmain
7:	cli
	hlt
	jmp 7b

	.bss
	.balign 4096
	.globl boot_pml4
boot_pml4:	.skip 4096
	.globl boot_pdpt_low
boot_pdpt_low:	.skip 4096
boot_pdpt_high:	.skip 4096
boot_pd:	.skip 4096 * 4
	.balign 16
	.globl boot_stack_bottom
boot_stack_bottom:
	.skip 32768
	.globl boot_stack_top
boot_stack_top:
