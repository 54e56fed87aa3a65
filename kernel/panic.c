/*
 * panic.c: panic() and kernel_fatal() (see panic.h).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include "kernel/panic.h"
#include "kernel/klog.h"
#include "kernel/boot.h"
#include "arch/x86/cpu.h"
#include "arch/x86/power.h"
#include "arch/x86/trap.h"

void kernel_fatal(void)
{
	x86_irq_disable();
	if (boot_mode_test()) {
		klog(KLOG_PANIC, "test mode: exiting QEMU with failure status");
		x86_qemu_exit(X86_QEMU_EXIT_FAIL);
	}
	klog(KLOG_PANIC, "system halted");
	for (;;)
		x86_halt();
}

void panic_at(const char *func, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	x86_irq_disable();
	klog_panic_mode();
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	klog(KLOG_PANIC, "PANIC in %s: %s", func, msg);
	x86_backtrace((uint64_t)__builtin_frame_address(0), (uint64_t)&&here);
here:
	kernel_fatal();
}
