/*
 * trap.c: the IDT, interrupt dispatch and fatal exception reports.
 * See trap.h for the interface and the vector map.
 *
 * Dispatch order for a vector v:
 *   v < 32, v == 14 and vmm_page_fault() resolves it: return and retry;
 *   v < 32 otherwise: report (vector, name, error, registers, CR2, CR3,
 *                     backtrace with symbol names) and kernel_fatal();
 *   v >= 32: the registered handler, then end-of-interrupt (PIC or APIC),
 *            then sched_irq_exit(), which may switch threads (preemption).
 * An exception while a report is being printed (nesting) prints one line and
 * stops, so a broken backtrace can never loop.
 */
#include <stdint.h>
#include <stddef.h>
#include "arch/x86/trap.h"
#include "arch/x86/gdt.h"
#include "arch/x86/cpu.h"
#include "arch/x86/irq.h"
#include "arch/x86/apic.h"
#include "arch/x86/vmm.h"
#include "kernel/klog.h"
#include "kernel/ksyms.h"
#include "kernel/panic.h"
#include "kernel/sched.h"

struct idt_gate {
	uint16_t off_lo;
	uint16_t sel;
	uint8_t ist;
	uint8_t type;
	uint16_t off_mid;
	uint32_t off_hi;
	uint32_t zero;
} __attribute__((packed));

extern const uint64_t x86_isr_table[256];

static struct idt_gate idt[256] __attribute__((aligned(16)));
static struct {
	x86_vector_fn fn;
	void *ctx;
} handlers[256];
static int trap_depth;		/* c: this CPU, interrupts off */
static int report_depth;

static const char *const exc_names[32] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow",
	"bound range exceeded", "invalid opcode", "device not available",
	"double fault", "coprocessor segment overrun", "invalid TSS",
	"segment not present", "stack-segment fault", "general protection fault",
	"page fault", "reserved", "x87 floating-point exception",
	"alignment check", "machine check", "SIMD floating-point exception",
	"virtualization exception", "control protection exception",
	"reserved", "reserved", "reserved", "reserved", "reserved", "reserved",
	"hypervisor injection", "VMM communication", "security exception",
	"reserved",
};

static void set_gate(unsigned v, uint64_t handler, uint8_t ist)
{
	idt[v].off_lo = handler & 0xffff;
	idt[v].sel = X86_SEL_KCODE;
	idt[v].ist = ist;
	idt[v].type = 0x8e;			/* present, DPL 0, interrupt gate */
	idt[v].off_mid = (handler >> 16) & 0xffff;
	idt[v].off_hi = handler >> 32;
	idt[v].zero = 0;
}

void x86_trap_init(void)
{
	static struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) idtr;

	for (unsigned v = 0; v < 256; v++)
		set_gate(v, x86_isr_table[v], 0);
	set_gate(8, x86_isr_table[8], X86_IST_DF);
	set_gate(2, x86_isr_table[2], X86_IST_NMI);
	idtr.limit = sizeof idt - 1;
	idtr.base = (uint64_t)idt;
	__asm__ volatile("lidt %0" : : "m"(idtr) : "memory");
}

void x86_vector_register(unsigned vector, x86_vector_fn fn, void *ctx)
{
	if (vector < 32 || vector > 255)
		panic("bad vector %u", vector);
	handlers[vector].ctx = ctx;
	handlers[vector].fn = fn;
}

int x86_trap_depth(void)
{
	return trap_depth;
}

/* ---- reports ---------------------------------------------------------- */

/* For return addresses (n > 0) look up addr - 1: the call instruction. */
static void print_frame(int n, uint64_t addr)
{
	uint64_t off = 0;
	const char *name = ksyms_lookup(addr - (n > 0), &off);
	if (name)
		klog(KLOG_PANIC, "  #%-2d 0x%016lx %s+0x%lx", n, addr, name, off + (n > 0));
	else
		klog(KLOG_PANIC, "  #%-2d 0x%016lx ?", n, addr);
}

static int readable(uint64_t va)
{
	return (va & 7) == 0 && va >= X86_KERNEL_SPACE && vmm_is_mapped(va) &&
	       vmm_is_mapped(va + 8);
}

void x86_backtrace(uint64_t rbp, uint64_t rip)
{
	int n = 0;
	klog(KLOG_PANIC, "backtrace:");
	print_frame(n++, rip);
	while (rbp && n < 32 && readable(rbp)) {
		uint64_t *frame = (uint64_t *)rbp;
		uint64_t ret = frame[1];
		if (ret < X86_KERNEL_SPACE)
			break;
		print_frame(n++, ret);
		if (frame[0] <= rbp)			/* stacks grow down: must go up */
			break;
		rbp = frame[0];
	}
}

static void report(struct x86_regs *r)
{
	uint64_t v = r->vector;

	klog_panic_mode();
	if (++report_depth > 1) {
		klog(KLOG_PANIC, "nested exception %lu (%s) at rip 0x%lx while reporting; halted",
		     v, exc_names[v], r->rip);
		kernel_fatal();
	}
	klog(KLOG_PANIC, "EXCEPTION %lu (%s), error code 0x%lx", v, exc_names[v], r->error);
	if (v == 14)
		klog(KLOG_PANIC, "page fault: %s of %s address 0x%lx%s",
		     (r->error & 2) ? "write" : (r->error & 16) ? "instruction fetch" : "read",
		     (r->error & 1) ? "protected" : "unmapped", x86_read_cr2(),
		     (r->error & 8) ? " (reserved bit set)" : "");
	klog(KLOG_PANIC, "rip %016lx  rsp %016lx  rflags %016lx", r->rip, r->rsp, r->rflags);
	klog(KLOG_PANIC, "rax %016lx  rbx %016lx  rcx %016lx", r->rax, r->rbx, r->rcx);
	klog(KLOG_PANIC, "rdx %016lx  rsi %016lx  rdi %016lx", r->rdx, r->rsi, r->rdi);
	klog(KLOG_PANIC, "rbp %016lx  r8  %016lx  r9  %016lx", r->rbp, r->r8, r->r9);
	klog(KLOG_PANIC, "r10 %016lx  r11 %016lx  r12 %016lx", r->r10, r->r11, r->r12);
	klog(KLOG_PANIC, "r13 %016lx  r14 %016lx  r15 %016lx", r->r13, r->r14, r->r15);
	klog(KLOG_PANIC, "cs %04lx  ss %04lx  cr0 %016lx  cr2 %016lx", r->cs, r->ss,
	     x86_read_cr0(), x86_read_cr2());
	klog(KLOG_PANIC, "cr3 %016lx  cr4 %016lx", x86_read_cr3(), x86_read_cr4());
	x86_backtrace(r->rbp, r->rip);
	kernel_fatal();
}

/* ---- dispatch --------------------------------------------------------- */

void x86_trap_dispatch(struct x86_regs *r)
{
	uint64_t v = r->vector;

	trap_depth++;
	if (v < 32) {
		if (v == 14 && vmm_page_fault(x86_read_cr2(), r->error, r->rflags & (1u << 9))) {
			trap_depth--;
			return;
		}
		report(r);
	}
	if (handlers[v].fn)
		handlers[v].fn(r, handlers[v].ctx);
	else if (v != X86_VEC_SPURIOUS && !x86_pic_is_vector(v))
		klog(KLOG_WARN, "unexpected interrupt vector %lu", v);
	if (x86_pic_is_vector(v))
		x86_pic_eoi(v);
	else if (v != X86_VEC_SPURIOUS)
		x86_apic_eoi();
	trap_depth--;
	if (trap_depth == 0)
		sched_irq_exit();
}
