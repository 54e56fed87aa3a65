/*
 * panic.h: the end of the line for broken kernel invariants.
 *
 * Interface:
 *   panic(fmt, ...)     print "PANIC in <function>: message" and a backtrace,
 *                       then kernel_fatal()
 *   kernel_fatal()      stop: in test mode exit QEMU with the failure status,
 *                       otherwise halt this CPU forever with interrupts off
 *   KASSERT(cond)       panic with the condition's text when it is false
 */
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

#define panic(...) panic_at(__func__, __VA_ARGS__)
#define KASSERT(c) do { if (!(c)) panic("assertion failed: %s (%s:%d)", #c, __FILE__, __LINE__); } while (0)

__attribute__((noreturn, format(printf, 2, 3)))
void panic_at(const char *func, const char *fmt, ...);
__attribute__((noreturn)) void kernel_fatal(void);

#endif
