/*
 * klog.c: the kernel log (see klog.h).
 *
 * The first 8 KiB of log lines are also kept, so that a console that comes
 * up later (the framebuffer) can show the start-up from the beginning.
 *
 * A line is formatted on the caller's stack first, without any lock, and only
 * then handed to the sinks under klog_lock, so lines never interleave and the
 * lock is never held while formatting.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "kernel/klog.h"
#include "kernel/spinlock.h"

static struct spinlock klog_lock = SPINLOCK_INIT("klog");
static int min_level = KLOG_INFO;			/* a */
static bool panic_mode;					/* a */
static uint64_t (*clock_ns)(void);			/* I */
static void (*sinks[KLOG_MAX_SINKS])(const char *, size_t);	/* klog_lock */
static int nsinks;					/* klog_lock */
static char early[8192];		/* klog_lock: the first lines, for replay */
static size_t early_len;		/* klog_lock */

static const char *const tags[] = {
	[KLOG_DEBUG] = "debug: ", [KLOG_INFO] = "", [KLOG_WARN] = "warning: ",
	[KLOG_ERROR] = "error: ", [KLOG_PANIC] = "",
};

size_t klog_format(char *buf, size_t size, uint64_t ns, int level,
		   const char *fmt, va_list ap)
{
	if (level < KLOG_DEBUG || level > KLOG_PANIC)
		level = KLOG_ERROR;
	int n = snprintf(buf, size, "[%5lu.%06lu] %s", (unsigned long)(ns / 1000000000u),
			 (unsigned long)(ns / 1000u % 1000000u), tags[level]);
	if (n < 0)
		n = 0;
	if ((size_t)n < size) {
		int m = vsnprintf(buf + n, size - n, fmt, ap);
		if (m > 0)
			n += m;
	}
	if ((size_t)n > size - 2)		/* truncated: keep room for \n */
		n = size - 2;
	buf[n++] = '\n';
	buf[n] = 0;
	return n;
}

void klog(int level, const char *fmt, ...)
{
	char line[KLOG_LINE_MAX];
	va_list ap;

	if (level < __atomic_load_n(&min_level, __ATOMIC_RELAXED))
		return;
	va_start(ap, fmt);
	size_t n = klog_format(line, sizeof line, clock_ns ? clock_ns() : 0, level, fmt, ap);
	va_end(ap);

	bool locked = !panic_mode;
	if (locked)
		spin_lock(&klog_lock);
	for (int i = 0; i < nsinks; i++)
		sinks[i](line, n);
	if (early_len + n <= sizeof early) {
		memcpy(early + early_len, line, n);
		early_len += n;
	}
	if (locked)
		spin_unlock(&klog_lock);
}

void klog_replay(void (*write)(const char *s, size_t n))
{
	spin_lock(&klog_lock);
	write(early, early_len);
	spin_unlock(&klog_lock);
}

void klog_set_level(int level)
{
	__atomic_store_n(&min_level, level, __ATOMIC_RELAXED);
}

int klog_add_sink(void (*write)(const char *s, size_t n))
{
	int rc = -1;
	spin_lock(&klog_lock);
	if (nsinks < KLOG_MAX_SINKS) {
		sinks[nsinks++] = write;
		rc = 0;
	}
	spin_unlock(&klog_lock);
	return rc;
}

void klog_set_clock(uint64_t (*now_ns)(void))
{
	clock_ns = now_ns;
}

void klog_panic_mode(void)
{
	panic_mode = true;
}
