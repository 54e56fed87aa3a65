/*
 * switch.S: kernel thread context switch.
 *
 * x86_context_switch(uint64_t *save_sp, uint64_t new_sp)
 *   pushes the callee-saved registers (the SysV ABI lets everything else be
 *   clobbered by a call), stores RSP in *save_sp, loads new_sp and pops the
 *   other thread's registers; `ret` resumes it where it called this function
 *   (or, for a new thread, at its start function, see x86_context_init).
 *   FPU/SSE state is saved and restored by the caller (kernel/sched.c).
 */
	.text
	.code64
	.globl x86_context_switch
x86_context_switch:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, (%rdi)
	movq %rsi, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret

/* uint64_t x86_context_init(uint64_t top, void (*start)(void)) */
	.globl x86_context_init
x86_context_init:
	movq %rdi, %rax
	movq $0, -8(%rax)		/* fake return address of start: ends backtraces */
	movq %rsi, -16(%rax)		/* popped by ret in x86_context_switch */
	movq $0, -24(%rax)		/* rbp = 0 */
	movq $0, -32(%rax)
	movq $0, -40(%rax)
	movq $0, -48(%rax)
	movq $0, -56(%rax)
	movq $0, -64(%rax)
	subq $64, %rax
	ret
