/*
 * vmthread.c: VM threads, the program loader, the REPL (see vmthread.h).
 *
 * Each VM thread's kernel thread runs vmt_run: take the persistent-memory
 * lock, enter the interpreter (pm_enter: the Dekker half of the stop
 * protocol), and act on how vm_run came back:
 *   VMS_STOPPED  a stop or a preemption request: park or yield (pmem.c)
 *   VMS_BLOCKED  a blocking SYS: the thread stands before the SYS with its
 *                stack as it was; release the lock, run the call in kernel
 *                land (syscalls.c, touching no object memory), retake the
 *                lock, then complete the SYS (pop the arguments, step past
 *                it, push the result) or leave it to run again from scratch.
 *                Or a builtin waits (vm->wait, vm/builtin.h BI_BLOCK: io.read
 *                found no console line): its frame stands as it was entered;
 *                release the lock, wait for console input (vm_platform.c),
 *                retake the lock and continue: the builtin runs again
 *   VMS_DONE / VMS_ERROR   the guest thread ended
 * The lock is released only there, outside vm_run: always on an instruction
 * boundary (pm_unlock panics if the context is still RUNNING).
 *
 * Locks: vmt_mutex guards the list of vmthr, `finished` and the live count,
 * with vmt_cond broadcast when a thread finishes; it is taken under the
 * persistent-memory lock or without it, and nothing is taken under it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kernel/vmthread.h"
#include "kernel/syscalls.h"
#include "kernel/pmem.h"
#include "kernel/vm_platform.h"
#include "kernel/snapd.h"
#include "kernel/cmdline.h"
#include "kernel/console.h"
#include "kernel/klog.h"
#include "kernel/kthread.h"
#include "kernel/panic.h"
#include "kernel/sync.h"
#include "kernel/time.h"
#include "arch/x86/vmm.h"
#include "vm/state.h"
#include "vm/api.h"
#include "vm/builtin.h"
#include "vm/bytecode.h"
#include "vm/debug.h"
#include "vm/do.h"
#include "vm/func.h"
#include "vm/gc.h"
#include "vm/interp.h"
#include "vm/parse.h"
#include "vm/platform.h"
#include "vm/string.h"
#include "vm/table.h"
#include "vm/tm.h"

static VM *bootvm;				/* I: the context of vm_open */
static struct mutex vmt_mutex = MUTEX_INIT("vmt");
static struct cond vmt_cond = COND_INIT;
static struct vmthr *vmt_list;			/* vmt_mutex */
static int vmt_nlive;				/* vmt_mutex */
static bool vmt_sequential;			/* I: modules one after another */
static uint64_t vmt_gcperiod_ms;		/* I: stop-the-world collector period */
static bool vmt_restored_boot;			/* I: object memory came from a snapshot */
static bool vmt_first_seen;			/* a: the first restored thread ran */
static bool vmt_failed;				/* a: a program failed (vmt_exit_status) */

struct vmthr *vmt_of(VM *vm)
{
	return vm == bootvm ? NULL : (struct vmthr *)vm;
}

VM *vmt_bootvm(void)
{
	return bootvm;
}

Table *vmt_root(void)
{
	return bootvm->g->vmthreads;
}

/* ---- the restart list ------------------------------------------------------ */

static Table *restartlist(VM *vm)
{
	const Value *v = vm_rawgetstr(vm, vmt_root(), "restart");
	return tvalue(v);
}

void vmt_hold(VM *vm, const Value *o)
{
	PM_ASSERT_HELD();
	Table *r = restartlist(vm);
	const Value *c = vm_rawget(r, o);
	Value n;
	setivalue(&n, ttisinteger(c) ? ivalue(c) + 1 : 1);
	vm_rawset(vm, r, o, &n);
}

void vmt_unhold(VM *vm, const Value *o)
{
	PM_ASSERT_HELD();
	Table *r = restartlist(vm);
	const Value *c = vm_rawget(r, o);
	Value n;
	if (!ttisinteger(c))
		panic("restart list: releasing an object not held");
	if (ivalue(c) > 1)
		setivalue(&n, ivalue(c) - 1);
	else
		setnilvalue(&n);
	vm_rawset(vm, r, o, &n);
}

/* ---- contexts and the run loop ------------------------------------------------ */

struct vmthr *vmt_new_context(const char *name)
{
	struct vmthr *t = calloc(1, sizeof *t);
	if (t == NULL)
		return NULL;
	t->vm.g = bootvm->g;
	t->vm.L = bootvm->g->mainthread;
	t->vm.syshook = sysc_hook;
	snprintf(t->name, sizeof t->name, "%s", name);
	pm_register(&t->vm);
	return t;
}

/* The SYS the thread stands before has completed in kernel land: pop its
 * arguments, step past it, push the result (the seed's "return" path). */
static void sys_complete(Thread *L, const Value *res)
{
	CallInfo *ci = topci(L);
	L->top = ci->base;
	L->stack[L->top++] = *res;
	ci->pc++;
}

int vmt_run(struct vmthr *t, Thread *th)
{
	VM *vm = &t->vm;
	PM_ASSERT_HELD();
	for (;;) {
		if (!pm_enter(vm)) {
			pm_yield_or_park(vm);
			continue;
		}
		int st = vm_run(vm, th, 0);
		pm_leave(vm);
		switch (st) {
		case VMS_STOPPED:
		case VMS_BUDGET:
			pm_yield_or_park(vm);
			break;
		case VMS_BLOCKED: {
			if (vm->wait != VMWAIT_NONE) {
				/* io.read found no line: its builtin frame stands
				 * as it was entered; wait for console input with
				 * object memory unreachable, then run it again */
				if (vm->wait != VMWAIT_INPUT)
					panic("VM thread %lu waits for unknown %d",
					      (unsigned long)t->id, (int)vm->wait);
				vm->wait = VMWAIT_NONE;
				pm_unlock();
				vmplat_wait_input();
				pm_lock();
				break;
			}
			Thread *L = vm->L;	/* the coroutine standing before SYS */
			pm_unlock();
			sysc_block(t);		/* kernel land only */
			pm_lock();
			Value res;
			setnilvalue(&res);
			if (sysc_finish(t, &res))
				sys_complete(L, &res);
			break;
		}
		default:
			return st;
		}
	}
}

/* ---- errors ------------------------------------------------------------------------ */

void vmt_report_error(VM *vm, Thread *L, const char *what)
{
	Value e = L->stack[L->top - 1];
	char buf[96];
	const char *msg;
	if (ttisstring(&e))
		msg = getstr(strvalue(&e));
	else if (ttisnumber(&e))
		msg = getstr(vm_rawtostring(vm, &e));
	else {
		snprintf(buf, sizeof buf, "(error object is a %s value)", vm_typename(vm, &e));
		msg = buf;
	}
	VMBuffer b;
	vm_buffinit(vm, &b);
	vm_addstring(&b, what);
	vm_addstring(&b, msg);
	vm_addstring(&b, "\n");
	dbg_traceback(vm, L, &b, NULL, 0);
	vm_addstring(&b, "\n");
	console_write(b.b, b.n);
	vm_bufffree(&b);
}

/* ---- VM threads ---------------------------------------------------------------------- */

static void vmt_finish(struct vmthr *t, int st)
{
	VM *vm = &t->vm;
	Value k, nil;
	if (st == VMS_ERROR) {
		char what[80];
		snprintf(what, sizeof what, "thread %lu (%s): ", (unsigned long)t->id, t->name);
		vmt_report_error(vm, vm->L, what);
	}
	setivalue(&k, (int64_t)t->id);
	const Value *h = vm_rawget(vmt_root(), &k);
	if (ttisinternal(h))
		internalvalue(h)->data[1] = st == VMS_DONE ? 1 : 2;
	setnilvalue(&nil);
	vm_rawset(vm, vmt_root(), &k, &nil);
	pm_unregister(vm);
	pm_unlock();
	if (st != VMS_DONE && t->program)
		__atomic_store_n(&vmt_failed, true, __ATOMIC_RELAXED);
	klog(KLOG_DEBUG, "vm: thread %lu (%s) %s", (unsigned long)t->id, t->name,
	     st == VMS_DONE ? "finished" : "failed");
	free(vm->scratch);
	vm->scratch = NULL;
	mutex_lock(&vmt_mutex);
	t->finished = true;
	vmt_nlive--;
	cond_broadcast(&vmt_cond);
	mutex_unlock(&vmt_mutex);
}

static void vmt_main(void *arg)
{
	struct vmthr *t = arg;
	pm_lock();
	if (vmt_restored_boot && !__atomic_exchange_n(&vmt_first_seen, true, __ATOMIC_RELAXED))
		klog(KLOG_INFO, "snap: restore: first guest instruction at %lu us after kernel entry",
		     (unsigned long)(time_now_ns() / 1000));
	int st = vmt_run(t, t->th);
	vmt_finish(t, st);
}

static int spawn(VM *vm, Thread *th, const char *name, uint64_t *idp, bool program)
{
	PM_ASSERT_HELD();
	Table *root = vmt_root();
	const Value *nv = vm_rawgetstr(vm, root, "nextid");
	int64_t id = ttisinteger(nv) ? ivalue(nv) : 1;
	struct vmthr *t = vmt_new_context(name);
	if (t == NULL)
		return -1;
	Value v;
	setivalue(&v, id + 1);
	vm_rawsetstr(vm, root, "nextid", &v);
	th->vmthread = (uint64_t)id;
	Internal *h = sysc_newhandle(vm, th, (uint64_t)id);
	setgcovalue(&v, h);
	vm_rawsetint(vm, root, id, &v);
	t->id = (uint64_t)id;
	t->th = th;
	t->program = program;
	mutex_lock(&vmt_mutex);
	t->next = vmt_list;
	vmt_list = t;
	vmt_nlive++;
	mutex_unlock(&vmt_mutex);
	char kname[24];
	snprintf(kname, sizeof kname, "vm%lu", (unsigned long)id);
	t->kt = kthread_create(kname, vmt_main, t);
	if (t->kt == NULL)
		panic("no memory for the kernel thread of VM thread %ld", (long)id);
	if (idp != NULL)
		*idp = (uint64_t)id;
	return 0;
}

int vmt_spawn(VM *vm, Thread *th, const char *name, uint64_t *idp)
{
	return spawn(vm, th, name, idp, false);
}

int vmt_exit_status(void)
{
	return __atomic_load_n(&vmt_failed, __ATOMIC_RELAXED) ? 1 : 0;
}

int vmt_live(void)
{
	mutex_lock(&vmt_mutex);
	int n = vmt_nlive;
	mutex_unlock(&vmt_mutex);
	return n;
}

bool vmt_alive(uint64_t id)
{
	bool alive = false;
	mutex_lock(&vmt_mutex);
	for (struct vmthr *t = vmt_list; t != NULL; t = t->next)
		if (t->id == id && !t->finished)
			alive = true;
	mutex_unlock(&vmt_mutex);
	return alive;
}

void vmt_wait_id(uint64_t id)
{
	mutex_lock(&vmt_mutex);
	for (;;) {
		bool alive = false;
		for (struct vmthr *t = vmt_list; t != NULL; t = t->next)
			if (t->id == id && !t->finished)
				alive = true;
		if (!alive)
			break;
		cond_wait(&vmt_cond, &vmt_mutex);
	}
	mutex_unlock(&vmt_mutex);
}

void vmt_wait_all(void)
{
	mutex_lock(&vmt_mutex);
	while (vmt_nlive > 0)
		cond_wait(&vmt_cond, &vmt_mutex);
	mutex_unlock(&vmt_mutex);
}

/* Join and free finished kernel threads (every thread is joined once). */
static void vmt_reaper(void *arg)
{
	(void)arg;
	for (;;) {
		struct vmthr *dead = NULL;
		mutex_lock(&vmt_mutex);
		for (struct vmthr **p = &vmt_list; *p != NULL; p = &(*p)->next)
			if ((*p)->finished) {
				dead = *p;
				*p = dead->next;
				break;
			}
		if (dead == NULL)
			cond_wait(&vmt_cond, &vmt_mutex);
		mutex_unlock(&vmt_mutex);
		if (dead != NULL) {
			kthread_join(dead->kt);
			free(dead);
		}
	}
}

/* The stop-the-world collector (command line gcperiod=MS): every period,
 * stop every VM thread on an instruction boundary, finish a full cycle,
 * check the heap, restart them. */
static void vmt_collector(void *arg)
{
	(void)arg;
	VM *vm = bootvm;
	for (;;) {
		kthread_sleep_ns(vmt_gcperiod_ms * 1000000ull);
		uint64_t t0 = time_now_ns();
		pm_stop_world(PMREQ_GC);
		uint64_t t1 = time_now_ns();
		gc_fullgc(vm);
		const char *bad = gc_checkheap(vm);
		if (bad != NULL)
			panic("heap check after a stop-the-world collection: %s", bad);
		size_t inuse = gc_count(vm);
		pm_resume_world();
		klog(KLOG_DEBUG, "gc: world stopped in %lu us, full cycle %lu us, %lu KiB in use",
		     (unsigned long)((t1 - t0) / 1000), (unsigned long)((time_now_ns() - t1) / 1000),
		     (unsigned long)(inuse >> 10));
	}
}

/* ---- boot and modules ---------------------------------------------------------------- */

bool vmt_boot(const char *cmdline)
{
	char err[160], val[24];
	vmplat_init(cmdline);
	vmt_sequential = cmdline_flag(cmdline, "sequential");
	if (cmdline_value(cmdline, "gcperiod", val, sizeof val))
		vmt_gcperiod_ms = strtoull(val, NULL, 10);
	pm_init();
	size_t osize = vmplat_omem_size();
	vmt_restored_boot = snapd_init(cmdline, &osize);
	pm_lock();
	if (vmt_restored_boot) {
		bootvm = vmt_attach_restored(osize, err, sizeof err);
		if (bootvm == NULL) {
			pm_unlock();
			klog(KLOG_ERROR, "vm: restore: %s", err);
			return false;
		}
		bootvm->syshook = sysc_hook;
		sysc_reattach(bootvm);
		pm_unlock();
		goto started;
	}
	bootvm = vm_open(osize, err, sizeof err);
	if (bootvm == NULL) {
		pm_unlock();
		klog(KLOG_ERROR, "vm: %s", err);
		return false;
	}
	bootvm->syshook = sysc_hook;
	tm_init(bootvm);
	vm_openlibs(bootvm);
	Value v;
	setgcovalue(&v, tab_new(bootvm));
	vm_rawsetstr(bootvm, vmt_root(), "restart", &v);
	sysc_open(bootvm);
	pm_unlock();
started:
	pm_start_slicer();
	if (kthread_create("vm-reaper", vmt_reaper, NULL) == NULL)
		panic("no memory for the VM reaper thread");
	if (vmt_gcperiod_ms > 0 && kthread_create("vm-gc", vmt_collector, NULL) == NULL)
		panic("no memory for the collector thread");
	return true;
}

/* A module's string split into words, percent-decoded (see vmthread.h). */
#define MOD_WORDS_MAX 32
struct modwords {
	int n;
	char *w[MOD_WORDS_MAX];
	char buf[BOOT_CMDLINE_MAX];
};

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void split_words(const char *s, struct modwords *mw)
{
	char *o = mw->buf;
	mw->n = 0;
	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '\0' || mw->n == MOD_WORDS_MAX)
			break;
		mw->w[mw->n++] = o;
		if (s[0] == '%' && (s[1] == '\0' || s[1] == ' ' || s[1] == '\t')) {
			s++;		/* a lone "%": the empty string */
		}
		while (*s != '\0' && *s != ' ' && *s != '\t') {
			int hi, lo;
			if (s[0] == '%' && (hi = hexval(s[1])) >= 0 && (lo = hexval(s[2])) >= 0) {
				*o++ = (char)(hi << 4 | lo);
				s += 3;
			} else {
				*o++ = *s++;
			}
		}
		*o++ = '\0';
	}
}

/* The `arg` table of a program: [-1] "amber", [0] its name, [1..] its
 * arguments (lua5.4's layout). */
static Table *arg_table(VM *vm, const char *name, const struct modwords *mw)
{
	Table *arg = tab_new(vm);
	Value v;
	setsvalue(&v, str_newz(vm, "amber"));
	tab_setint(vm, arg, -1, &v);
	setsvalue(&v, str_newz(vm, name));
	tab_setint(vm, arg, 0, &v);
	for (int i = 1; i < mw->n; i++) {
		setsvalue(&v, str_newz(vm, mw->w[i]));
		tab_setint(vm, arg, i, &v);
	}
	return arg;
}

/* A copy of the globals as they are now: each program of a sequential run
 * gets its own, so that no program sees another's globals. */
static Table *fresh_env(VM *vm, Table *arg)
{
	Table *g = vm->g->globals, *env = tab_new(vm);
	Value k, v;
	setnilvalue(&k);
	while (tab_next(vm, g, &k, &v))
		tab_set(vm, env, &k, &v);
	setgcovalue(&v, env);
	vm_rawsetstr(vm, env, "_G", &v);
	setgcovalue(&v, arg);
	vm_rawsetstr(vm, env, "arg", &v);
	return env;
}

/* Compile or load module `name`; on success start it with its arguments
 * (mw->w[1..]) and return its id. */
static int start_module(const char *name, const struct modwords *mw, const char *buf,
                        size_t len, uint64_t *id)
{
	VM *vm = bootvm;
	char chunk[80];
	String *err = NULL;
	Proto *p;
	snprintf(chunk, sizeof chunk, "@%s", name);
	if (bc_isbinary(buf, len)) {
		p = bc_load(vm, buf, len, chunk, &err);
	} else {
		size_t skip = 0;
		if (len > 0 && buf[0] == '#')
			while (skip < len && buf[skip] != '\n')
				skip++;
		p = vm_compile(vm, buf + skip, len - skip, chunk, &err);
	}
	if (p == NULL) {
		klog(KLOG_ERROR, "vm: module '%s' not started: %s", name,
		     err != NULL ? getstr(err) : "invalid");
		__atomic_store_n(&vmt_failed, true, __ATOMIC_RELAXED);
		return -1;
	}
	Thread *th = thread_new(vm);
	Table *arg = arg_table(vm, name, mw);
	Value env;
	setgcovalue(&env, vmt_sequential ? fresh_env(vm, arg) : vm->g->globals);
	setgcovalue(&th->stack[0], func_newmain(vm, p, &env));
	th->top = 1;
	for (int i = 1; i < mw->n; i++)		/* the main chunk's `...` */
		setsvalue(&th->stack[th->top++], str_newz(vm, mw->w[i]));
	if (!vmt_sequential && ttisnil(vm_rawgetstr(vm, vm->g->globals, "arg"))) {
		Value v;		/* shared globals: the first program's arg */
		setgcovalue(&v, arg);
		vm_rawsetstr(vm, vm->g->globals, "arg", &v);
	}
	vm_start(vm, th);
	if (spawn(vm, th, name, id, true) != 0) {
		klog(KLOG_ERROR, "vm: module '%s': out of memory", name);
		return -1;
	}
	klog(KLOG_INFO, "vm: module '%s' started as thread %lu", name, (unsigned long)*id);
	return 0;
}

int vmt_start_modules(const struct boot_info *bi)
{
	int started = 0;
	static struct modwords mw;		/* boot thread only */
	for (int i = 0; i < bi->module_count; i++) {
		const struct boot_module *m = &bi->modules[i];
		const char *buf = vmm_phys_to_virt(m->start);
		split_words(m->cmdline, &mw);
		if (mw.n >= 1 && strcmp(mw.w[0], ":file") == 0) {
			if (mw.n < 2 || vmplat_add_file(mw.w[1], buf, (size_t)(m->end - m->start)) != 0)
				klog(KLOG_ERROR, "vm: module %d: bad or too many data files", i + 1);
			else
				klog(KLOG_INFO, "vm: file '%s', %lu bytes", mw.w[1],
				     (unsigned long)(m->end - m->start));
		}
	}
	for (int i = 0; i < bi->module_count; i++) {
		const struct boot_module *m = &bi->modules[i];
		char name[64];
		split_words(m->cmdline, &mw);
		if (mw.n >= 1 && strcmp(mw.w[0], ":file") == 0)
			continue;
		const char *base = mw.n > 0 ? mw.w[0] : "";
		const char *slash = strrchr(base, '/');
		if (slash != NULL)
			base = slash + 1;
		if (base[0] == '\0')
			snprintf(name, sizeof name, "module%d", i + 1);
		else
			snprintf(name, sizeof name, "%s", base);
		const char *buf = vmm_phys_to_virt(m->start);
		uint64_t id = 0;
		pm_lock();
		int rc = start_module(name, &mw, buf, (size_t)(m->end - m->start), &id);
		pm_unlock();
		if (rc != 0)
			continue;
		started++;
		if (vmt_sequential) {
			vmt_wait_id(id);
			klog(KLOG_INFO, "vm: module '%s' ended", name);
		}
	}
	return started;
}

/* ---- restore (issue 5) ------------------------------------------------------------------ */

bool vmt_restored(void)
{
	return vmt_restored_boot;
}

/* Map object memory (pages load lazily from the snapshot, kernel/snapd.c)
 * and attach a context to the root found there. */
VM *vmt_attach_restored(size_t osize, char *err, size_t errlen)
{
	PM_ASSERT_HELD();
	if (plat_map_omem(VM_OMEM_BASE, osize, err, errlen) == NULL)
		return NULL;
	return vm_attach(err, errlen);
}

/* The restart list after a restore: every object the kernel held across a
 * blocking call is released (its holder stands before that SYS again and
 * takes it anew); a class with kernel state would re-open it here. */
static int release_restart_list(VM *vm)
{
	Table *r = restartlist(vm);
	int n = 0;
	Value k, v;
	setnilvalue(&k);
	while (r != NULL && tab_next(vm, r, &k, &v))
		n++;
	setgcovalue(&v, tab_new(vm));
	vm_rawsetstr(vm, vmt_root(), "restart", &v);
	return n;
}

/* One kernel thread per VM thread recorded in object land, each resuming at
 * its saved instruction (a thread blocked in a SYS stands before it and runs
 * it again). Returns how many were started. */
int vmt_adopt_all(void)
{
	VM *vm = bootvm;
	int n = 0;
	pm_lock();
	int released = release_restart_list(vm);
	Table *root = vmt_root();
	const Value *nv = vm_rawgetstr(vm, root, "nextid");
	int64_t top = ttisinteger(nv) ? ivalue(nv) : 1;
	for (int64_t id = 1; id < top; id++) {
		Value k, nil;
		setivalue(&k, id);
		const Value *h = vm_rawget(root, &k);
		if (!ttisinternal(h))
			continue;
		Internal *hi = internalvalue(h);
		Thread *th = ttisthread(&hi->uvalue[0]) ? thvalue(&hi->uvalue[0]) : NULL;
		if (hi->data[1] != 0 || th == NULL || th->nci == 0) {
			/* finished, or a REPL placeholder that never ran: drop it */
			if (hi->data[1] == 0)
				hi->data[1] = 1;
			setnilvalue(&nil);
			vm_rawset(vm, root, &k, &nil);
			continue;
		}
		char name[24];
		snprintf(name, sizeof name, "restored%ld", (long)id);
		struct vmthr *t = vmt_new_context(name);
		if (t == NULL)
			panic("no memory to restore VM thread %ld", (long)id);
		t->id = (uint64_t)id;
		t->th = th;
		mutex_lock(&vmt_mutex);
		t->next = vmt_list;
		vmt_list = t;
		vmt_nlive++;
		mutex_unlock(&vmt_mutex);
		char kname[24];
		snprintf(kname, sizeof kname, "vm%ld", (long)id);
		t->kt = kthread_create(kname, vmt_main, t);
		if (t->kt == NULL)
			panic("no memory for the kernel thread of VM thread %ld", (long)id);
		n++;
	}
	pm_unlock();
	klog(KLOG_INFO, "vm: restored %d VM thread(s); restart list: %d object(s) released",
	     n, released);
	return n;
}
