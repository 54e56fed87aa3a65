/*
 * klog.h: the kernel log.
 *
 * Every line is "[sssss.uuuuuu] " (seconds since boot) followed by an optional
 * level tag and the message, so kernel lines can always be told apart from
 * guest output (which never carries that prefix). Lines below the current
 * level are dropped; the default level is KLOG_INFO.
 *
 * Interface:
 *   klog(level, fmt, ...)    printf-style, one line (klog adds the newline)
 *   klog_set_level(level)
 *   klog_add_sink(write)     where lines go (serial, framebuffer console)
 *   klog_set_clock(now_ns)   time source for the prefix (0 until set)
 *   klog_replay(write)       hand the first 8 KiB of the log to write() (for a
 *                            console that starts late); called under klog's
 *                            lock, so write() must not log
 *   klog_panic_mode()        from now on write without taking the log lock
 *                            (used by fatal reports, which may interrupt a
 *                            holder of that lock)
 *
 * Safe from any context, including interrupt handlers, as long as the format
 * has no floating-point conversions (those may allocate in newlib).
 */
#ifndef KERNEL_KLOG_H
#define KERNEL_KLOG_H

#include <stddef.h>
#include <stdint.h>

enum klog_level { KLOG_DEBUG, KLOG_INFO, KLOG_WARN, KLOG_ERROR, KLOG_PANIC };

#define KLOG_LINE_MAX 256
#define KLOG_MAX_SINKS 4

__attribute__((format(printf, 2, 3)))
void klog(int level, const char *fmt, ...);
void klog_set_level(int level);
int klog_add_sink(void (*write)(const char *s, size_t n));
void klog_set_clock(uint64_t (*now_ns)(void));
void klog_panic_mode(void);
void klog_replay(void (*write)(const char *s, size_t n));
/* Format one line into buf (exposed for tests); returns its length. */
size_t klog_format(char *buf, size_t size, uint64_t ns, int level,
		   const char *fmt, __builtin_va_list ap);

#endif
