/*
 * selftest.c: in-kernel self-tests (see selftest.h).
 *
 * Each test is a function returning NULL on success or a static string
 * saying what went wrong. They run on the boot thread with the scheduler,
 * timer and interrupts live, so they exercise the real mechanisms.
 */
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kernel/selftest.h"
#include "kernel/blk.h"
#include "kernel/console.h"
#include "kernel/klog.h"
#include "kernel/kthread.h"
#include "kernel/panic.h"
#include "kernel/pmm.h"
#include "kernel/sync.h"
#include "kernel/time.h"
#include "arch/x86/power.h"
#include "arch/x86/vmm.h"

#define MS 1000000ull

/* ---- memory ----------------------------------------------------------- */

static const char *t_pmm(void)
{
	enum { N = 256 };
	static uint64_t pages[N];
	uint64_t before = pmm_free_pages();
	for (int i = 0; i < N; i++) {
		pages[i] = pmm_alloc();
		if (!pages[i] || (pages[i] & 0xfff))
			return "allocation failed or unaligned";
		for (int j = 0; j < i; j++)
			if (pages[j] == pages[i])
				return "same page handed out twice";
		*(uint64_t *)vmm_phys_to_virt(pages[i]) = pages[i];
	}
	for (int i = 0; i < N; i++)
		if (*(uint64_t *)vmm_phys_to_virt(pages[i]) != pages[i])
			return "page contents overwritten";
	if (pmm_free_pages() != before - N)
		return "free count wrong after allocation";
	for (int i = 0; i < N; i++)
		if (pmm_free(pages[i]) != 0)
			return "free failed";
	if (pmm_free(pages[0]) == 0)
		return "double free not detected";
	if (pmm_free_pages() != before)
		return "free count wrong after free";
	uint64_t low = pmm_alloc_below(16ull << 20);
	if (!low || low >= (16ull << 20))
		return "pmm_alloc_below ignored its limit";
	pmm_free(low);
	if (pmm_top() > (4ull << 30)) {		/* memory above 4 GiB works */
		uint64_t high = pmm_alloc_above(4ull << 30);
		if (!high || high < (4ull << 30))
			return "no page above 4 GiB although the map has some";
		volatile uint64_t *p = vmm_phys_to_virt(high);
		*p = 0x0123456789abcdefull;
		if (*p != 0x0123456789abcdefull)
			return "page above 4 GiB does not hold data";
		klog(KLOG_INFO, "selftest: page above 4 GiB at 0x%lx works", high);
		pmm_free(high);
	}
	return 0;
}

#define TEST_VA 0x200000000000ull	/* where object memory will live */

static int fault_calls;
static int demand_fault(uint64_t addr, unsigned why, void *ctx)
{
	(void)why, (void)ctx;
	fault_calls++;
	uint64_t pa = pmm_alloc();
	if (!pa)
		return -1;
	memset(vmm_phys_to_virt(pa), 0, PAGE_SIZE);
	return vmm_map(addr & ~0xfffull, pa, VMM_WRITE);
}

static const char *t_paging(void)
{
	uint64_t pa = pmm_alloc(), got;
	unsigned fl;
	volatile uint64_t *p = (volatile uint64_t *)TEST_VA;

	if (vmm_map(TEST_VA, pa, VMM_WRITE) != 0)
		return "map failed";
	if (vmm_map(TEST_VA, pa, VMM_WRITE) == 0)
		return "double map not refused";
	vmm_test_and_clear(TEST_VA, VMM_ACCESSED | VMM_DIRTY);
	(void)*p;
	if (vmm_test_and_clear(TEST_VA, VMM_ACCESSED | VMM_DIRTY) != VMM_ACCESSED)
		return "read did not set exactly the accessed bit";
	*p = 0x1234;
	if (!(vmm_test_and_clear(TEST_VA, VMM_DIRTY) & VMM_DIRTY))
		return "write did not set the dirty bit";
	if (vmm_query(TEST_VA, &got, &fl) != 0 || got != pa || (fl & VMM_DIRTY))
		return "query wrong after clearing dirty";
	if (*(uint64_t *)vmm_phys_to_virt(pa) != 0x1234)
		return "virtual and direct map disagree";
	if (vmm_protect(TEST_VA, 0) != 0 || vmm_query(TEST_VA, 0, &fl) != 0 || (fl & VMM_WRITE))
		return "protect did not remove write";
	if (vmm_unmap(TEST_VA, &got) != 0 || got != pa || vmm_is_mapped(TEST_VA))
		return "unmap failed";
	pmm_free(pa);

	/* demand paging through the fault hook, as object memory will do */
	uint64_t base = TEST_VA + (1ull << 30);
	if (vmm_fault_region(base, base + (1ull << 30), demand_fault, 0) != 0)
		return "fault region not registered";
	volatile uint64_t *q = (volatile uint64_t *)(base + 5 * PAGE_SIZE + 8);
	*q = 77;
	if (*q != 77 || fault_calls != 1)
		return "demand fault not handled once";
	if (vmm_unmap(base + 5 * PAGE_SIZE, &got) != 0)
		return "demand page not mapped";
	pmm_free(got);
	return 0;
}

static const char *t_heap(void)
{
	char buf[64];
	void *small[64];
	for (int i = 0; i < 64; i++) {
		small[i] = malloc(16 + i * 24);
		if (!small[i])
			return "small malloc failed";
		memset(small[i], i, 16 + i * 24);
	}
	char *big = malloc(8u << 20);
	if (!big)
		return "8 MiB malloc failed";
	memset(big, 0xab, 8u << 20);
	for (int i = 0; i < 64; i++)
		if (((unsigned char *)small[i])[15] != i)
			return "heap blocks overlap";
	for (int i = 0; i < 64; i++)
		free(small[i]);
	free(big);
	snprintf(buf, sizeof buf, "%d %s %.3f %x", -42, "ok", 3.14159, 0xbeef);
	if (strcmp(buf, "-42 ok 3.142 beef") != 0)
		return "snprintf formatting wrong";
	if (fabs(sqrt(2.0) * sqrt(2.0) - 2.0) > 1e-12)
		return "libm sqrt wrong";
	return 0;
}

static const char *t_setjmp(void)
{
	static jmp_buf jb;
	static volatile int stage;
	stage = 0;
	if (setjmp(jb) == 0) {
		stage = 1;
		longjmp(jb, 7);
	}
	return stage == 1 ? 0 : "longjmp did not return through setjmp";
}

/* ---- time and threads ------------------------------------------------- */

static const char *t_timer(void)
{
	uint64_t t0 = time_now_ns(), k0 = time_ticks();
	kthread_sleep_ns(50 * MS);
	uint64_t dt = time_now_ns() - t0, dk = time_ticks() - k0;
	if (dt < 50 * MS)
		return "woke before the deadline";
	if (dt > 2000 * MS)
		return "slept far too long";
	if (dk < 2)		/* a loaded emulator may merge ticks: ask little */
		return "timer interrupts are not arriving";
	return 0;
}

static volatile int order_log[4];
static volatile int order_n;
static void sleeper(void *arg)
{
	uint64_t deadline = (uint64_t)arg;
	kthread_sleep_until(deadline);
	order_log[order_n++] = (int)(deadline / MS % 1000);
}

static const char *t_sleep(void)
{
	uint64_t now = time_now_ns();
	uint64_t d[3] = { now + 60 * MS, now + 20 * MS, now + 40 * MS };
	struct kthread *t[3];
	order_n = 0;
	for (int i = 0; i < 3; i++)
		t[i] = kthread_create("sleeper", sleeper, (void *)d[i]);
	for (int i = 0; i < 3; i++)
		kthread_join(t[i]);
	if (time_now_ns() < now + 60 * MS)
		return "threads woke early";
	if (order_n != 3 || order_log[0] != (int)(d[1] / MS % 1000) ||
	    order_log[1] != (int)(d[2] / MS % 1000) || order_log[2] != (int)(d[0] / MS % 1000))
		return "sleepers did not wake in deadline order";
	return 0;
}

static volatile uint64_t spin_counts[2];
static volatile bool spin_stop;
static void spinner(void *arg)
{
	int i = (int)(uint64_t)arg;
	while (!spin_stop)
		spin_counts[i]++;
}

static const char *t_preempt(void)
{
	spin_stop = false;
	spin_counts[0] = spin_counts[1] = 0;
	struct kthread *a = kthread_create("spin0", spinner, (void *)0);
	struct kthread *b = kthread_create("spin1", spinner, (void *)1);
	kthread_sleep_ns(100 * MS);
	spin_stop = true;
	kthread_join(a);
	kthread_join(b);
	if (!spin_counts[0] || !spin_counts[1])
		return "a busy thread starved: no preemption";
	return 0;
}

static volatile double fpu_results[4];
static void fpu_worker(void *arg)
{
	int k = (int)(uint64_t)arg;
	double x = k + 1.0, acc = 0;
	for (int i = 0; i < 200000; i++)
		acc += x / (i + 1.0);
	fpu_results[k] = acc;
}

static const char *t_fpu(void)
{
	struct kthread *t[4];
	for (int k = 0; k < 4; k++)
		t[k] = kthread_create("fpu", fpu_worker, (void *)(uint64_t)k);
	for (int k = 0; k < 4; k++)
		kthread_join(t[k]);
	for (int k = 0; k < 4; k++)
		if (fabs(fpu_results[k] / (k + 1.0) - fpu_results[0]) > 1e-9)
			return "SSE state corrupted across threads";
	return 0;
}

/* ---- locks ------------------------------------------------------------ */

static struct mutex m = MUTEX_INIT("selftest");
static struct cond cv = COND_INIT;
static struct sem sm = SEM_INIT(0);
static long counter;
static int queue[8], qn;
static int consumed_sum;

static void incrementer(void *arg)
{
	(void)arg;
	for (int i = 0; i < 2000; i++) {
		mutex_lock(&m);
		long c = counter;
		if (i % 64 == 0)
			kthread_yield();	/* invite a race */
		counter = c + 1;
		mutex_unlock(&m);
	}
}

static void consumer(void *arg)
{
	(void)arg;
	for (int got = 0; got < 100; got++) {
		mutex_lock(&m);
		while (qn == 0)
			cond_wait(&cv, &m);
		consumed_sum += queue[--qn];
		cond_broadcast(&cv);
		mutex_unlock(&m);
	}
	sem_up(&sm);
}

static const char *t_locks(void)
{
	struct kthread *t[4];
	counter = 0;
	for (int i = 0; i < 4; i++)
		t[i] = kthread_create("inc", incrementer, 0);
	for (int i = 0; i < 4; i++)
		kthread_join(t[i]);
	if (counter != 8000)
		return "mutex lost increments";

	qn = 0;
	consumed_sum = 0;
	struct kthread *c = kthread_create("consumer", consumer, 0);
	for (int i = 1; i <= 100; i++) {
		mutex_lock(&m);
		while (qn == 8)
			cond_wait(&cv, &m);
		queue[qn++] = i;
		cond_signal(&cv);
		mutex_unlock(&m);
	}
	if (!sem_down_until(&sm, time_now_ns() + 5000 * MS))
		return "consumer never finished";
	kthread_join(c);
	if (consumed_sum != 5050)
		return "condition variable lost items";

	uint64_t t0 = time_now_ns();
	if (sem_down_until(&sm, t0 + 30 * MS))
		return "semaphore down succeeded with count 0";
	if (time_now_ns() < t0 + 30 * MS)
		return "semaphore timeout early";
	mutex_lock(&m);
	bool woken = cond_wait_until(&cv, &m, time_now_ns() + 20 * MS);
	mutex_unlock(&m);
	if (woken)
		return "cond_wait_until reported a wake-up nobody sent";
	if (!mutex_trylock(&m))
		return "trylock of a free mutex failed";
	mutex_unlock(&m);
	return 0;
}

static struct kthread *many[64];
static void nop_thread(void *arg)
{
	(void)arg;
	kthread_yield();
}

static const char *t_threads(void)
{
	uint64_t before = pmm_free_pages();
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 64; i++)
			if (!(many[i] = kthread_create("many", nop_thread, 0)))
				return "thread creation failed";
		for (int i = 0; i < 64; i++)
			kthread_join(many[i]);
	}
	if (pmm_free_pages() + 64 < before)
		return "thread stacks leak";
	return 0;
}

/* ---- driver ----------------------------------------------------------- */

static const struct {
	const char *name;
	const char *(*fn)(void);
} tests[] = {
	{ "pmm", t_pmm }, { "paging", t_paging }, { "heap", t_heap },
	{ "setjmp", t_setjmp }, { "timer", t_timer }, { "sleep", t_sleep },
	{ "threads", t_threads }, { "preempt", t_preempt }, { "fpu", t_fpu },
	{ "locks", t_locks },
};

bool selftest_run_all(void)
{
	int failed = 0;
	for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
		const char *why = tests[i].fn();
		if (why) {
			failed++;
			klog(KLOG_INFO, "selftest: FAIL %s: %s", tests[i].name, why);
		} else {
			klog(KLOG_INFO, "selftest: PASS %s", tests[i].name);
		}
	}
	return failed == 0;
}

__attribute__((noinline)) static void selftest_deep_fault(volatile uint64_t *p)
{
	*p = 42;				/* unmapped: page fault */
}

__attribute__((noinline)) static void selftest_pagefault(void)
{
	klog(KLOG_INFO, "selftest: touching unmapped address 0x%lx on purpose",
	     (uint64_t)0x100000000000ull);
	selftest_deep_fault((volatile uint64_t *)0x100000000000ull);
}

/* test=input: echo two input lines (serial, then keyboard), then pass. */
static void selftest_input(void)
{
	char line[64];
	klog(KLOG_INFO, "input: ready");
	for (int n = 0; n < 2; n++) {
		size_t len = 0;
		for (;;) {
			int c = console_getc();
			if (c == '\r' || c == '\n')
				break;
			if (len + 1 < sizeof line)
				line[len++] = (char)c;
		}
		line[len] = 0;
		klog(KLOG_INFO, "input: line '%s'", line);
	}
	x86_qemu_exit(X86_QEMU_EXIT_PASS);
}

void selftest_special(const char *name)
{
	if (!strcmp(name, "input"))
		selftest_input();
	if (!strcmp(name, "pagefault"))
		selftest_pagefault();
	if (!strcmp(name, "blk"))
		blk_selftest();		/* kernel/blk_test.c; exits QEMU */
	if (!strcmp(name, "panic"))
		panic("deliberate panic (test=panic)");
}
