/*
 * selftest.h: in-kernel self-tests, run with the `test` command line word.
 *
 * Each test prints "selftest: PASS <name>" or "selftest: FAIL <name>: why"
 * through klog; tests/system/run-suite reads these lines from the serial log.
 *
 * Interface:
 *   selftest_run_all()    run everything; true when all passed
 *   selftest_special(n)   test=<n> modes that end the machine on purpose
 *                         ("pagefault", "panic"), or wait for input
 *                         ("input": echo two console lines, then pass);
 *                         returns if n is unknown
 */
#ifndef KERNEL_SELFTEST_H
#define KERNEL_SELFTEST_H

#include <stdbool.h>

bool selftest_run_all(void);
void selftest_special(const char *name);

#endif
