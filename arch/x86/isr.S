/*
 * isr.S: one entry stub per vector and the common interrupt path.
 *
 * Each stub pushes a zero error code when the CPU does not push one, then
 * its vector, and jumps to isr_common, which completes struct x86_regs
 * (trap.h), saves the FPU/SSE state of the interrupted code on the stack
 * (the handlers are C and may use SSE), calls x86_trap_dispatch(regs) and
 * undoes it all. A thread switch inside the dispatch is fine: the frame lives
 * on that thread's own stack until it is switched back in.
 */
	.text
	.code64

/* vectors with a CPU-pushed error code: 8, 10-14, 17, 21, 29, 30 */
.macro STUB n
	.balign 16
isr_\n:
	.if (\n == 8) || (\n >= 10 && \n <= 14) || (\n == 17) || (\n == 21) || (\n == 29) || (\n == 30)
	.else
	pushq $0
	.endif
	pushq $\n
	jmp isr_common
.endm

	.altmacro
.macro STUBS from, to
	STUB %from
	.if \to-\from
	STUBS %(from+1), \to
	.endif
.endm
	STUBS 0, 63
	STUBS 64, 127
	STUBS 128, 191
	STUBS 192, 255

isr_common:
	pushq %rax
	pushq %rbx
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %rbp
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	cld
	movq %rsp, %rdi
	movq %rsp, %rbx
	subq $512, %rsp
	andq $-16, %rsp
	fxsave64 (%rsp)
	call x86_trap_dispatch
	fxrstor64 (%rsp)
	movq %rbx, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rbp
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rbx
	popq %rax
	addq $16, %rsp
	iretq

/* The stub addresses, for the IDT. */
.macro ADDR n
	.quad isr_\n
.endm
.macro ADDRS from, to
	ADDR %from
	.if \to-\from
	ADDRS %(from+1), \to
	.endif
.endm
	.section .rodata
	.balign 8
	.globl x86_isr_table
x86_isr_table:
	ADDRS 0, 63
	ADDRS 64, 127
	ADDRS 128, 191
	ADDRS 192, 255
