/*
 * helpers.h: shared by the kernel host unit tests: captured klog output.
 */
#ifndef TESTS_KERNEL_HELPERS_H
#define TESTS_KERNEL_HELPERS_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "kernel/klog.h"

int host_spin_depth;
static char captured[16384];
static size_t captured_len;
static int sink_added;

static void capture_sink(const char *s, size_t n)
{
	if (captured_len + n < sizeof captured) {
		memcpy(captured + captured_len, s, n);
		captured_len += n;
		captured[captured_len] = 0;
	}
}

/* Start capturing the log afresh. */
static inline void log_reset(void)
{
	if (!sink_added) {
		klog_add_sink(capture_sink);
		klog_set_level(KLOG_DEBUG);
		sink_added = 1;
	}
	captured_len = 0;
	captured[0] = 0;
}

static inline int log_has(const char *s)
{
	return strstr(captured, s) != NULL;
}

#endif
