/*
 * syscalls.c: the .internal classes console, time, thread, system (and the
 * thread handles and channels they make), and their `sys` services.
 *
 * Decide, then act (seL4's decode/invoke): each service first checks every
 * argument and raises a Lua error from the calling thread before anything
 * changes; only then does it change object land or record a blocking call.
 *
 * Object land: each class object is an Internal of its class number whose
 * metatable is {__index = methods, __name = class name}; methods are
 * LClosures of prototypes `SYS n; RETURN1` with a fixed parameter count
 * (self plus up to 8 arguments; missing ones are nil). A channel is an
 * Internal (SYSC_CHANNEL) with uvalue[0] = a table used as a queue,
 * data[0] = index of the first value, data[1] = index after the last.
 *
 * Channel waiters sleep in kernel land on one of CHAN_BUCKETS condition
 * variables chosen by the channel's (stable) address, with a generation
 * counter read under the persistent-memory lock when the call blocks: a
 * send between the release of the lock and the sleep changes the
 * generation, so no wake-up is lost. A woken receiver re-runs its SYS from
 * scratch: the wait queue is "the threads standing before a recv", which is
 * in object land and survives a restart.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kernel/syscalls.h"
#include "kernel/vmthread.h"
#include "kernel/snapd.h"
#include "kernel/pmem.h"
#include "kernel/vm_platform.h"
#include "kernel/console.h"
#include "kernel/klog.h"
#include "vm/number.h"
#include "kernel/kthread.h"
#include "kernel/panic.h"
#include "kernel/pmm.h"
#include "kernel/sync.h"
#include "kernel/time.h"
#include "arch/x86/power.h"
#include "vm/state.h"
#include "vm/api.h"
#include "vm/debug.h"
#include "vm/do.h"
#include "vm/func.h"
#include "vm/gc.h"
#include "vm/interp.h"
#include "vm/omem.h"
#include "vm/platform.h"
#include "vm/string.h"
#include "vm/table.h"

#define NPARAMS 9		/* self + 8 arguments */

struct service {
	uint16_t n;		/* the SYS operand: never renumber */
	uint16_t cls;		/* SYSC_* of self */
	const char *name;	/* method name */
};

/* ORDER: grouped by class; numbers are stable, holes allowed. */
static const struct service services[] = {
	{ 1, SYSC_CONSOLE, "write" },
	{ 2, SYSC_CONSOLE, "read" },
	{ 10, SYSC_TIME, "wall" },
	{ 11, SYSC_TIME, "monotonic" },
	{ 12, SYSC_TIME, "sleep" },
	{ 13, SYSC_TIME, "sleepuntil" },
	{ 20, SYSC_THREAD, "spawn" },
	{ 21, SYSC_HANDLE, "join" },
	{ 22, SYSC_THREAD, "yield" },
	{ 23, SYSC_THREAD, "list" },
	{ 24, SYSC_THREAD, "self" },
	{ 25, SYSC_THREAD, "channel" },
	{ 26, SYSC_CHANNEL, "send" },
	{ 27, SYSC_CHANNEL, "recv" },
	{ 28, SYSC_HANDLE, "id" },
	{ 29, SYSC_HANDLE, "status" },
	{ 30, SYSC_SYSTEM, "memory" },
	{ 31, SYSC_SYSTEM, "uptime" },
	{ 32, SYSC_SYSTEM, "reboot" },
	{ 33, SYSC_SYSTEM, "poweroff" },
	{ 36, SYSC_SYSTEM, "sync" },
	{ 37, SYSC_SYSTEM, "bootid" },
	{ 34, SYSC_SYSTEM, "snapshot" },
	{ 35, SYSC_SYSTEM, "collect" },
};
#define NSERVICES (sizeof services / sizeof services[0])

static const struct { uint16_t cls; const char *name; bool global; } classes[] = {
	{ SYSC_CONSOLE, "console", true }, { SYSC_TIME, "time", true },
	{ SYSC_THREAD, "thread", true }, { SYSC_SYSTEM, "system", true },
	{ SYSC_HANDLE, "vmthread", false }, { SYSC_CHANNEL, "channel", false },
};
#define NCLASSES (sizeof classes / sizeof classes[0])

#define CHAN_BUCKETS 64
static struct mutex chan_mutex = MUTEX_INIT("chan");
static struct cond chan_cond[CHAN_BUCKETS];		/* chan_mutex */
static uint64_t chan_gen[CHAN_BUCKETS];			/* chan_mutex */

/* ---- building the classes --------------------------------------------------------- */

static LClosure *sysmethod(VM *vm, uint32_t n, String *source)
{
	Proto *p = func_newproto(vm);
	p->code = om_newvector(vm, 2, Instruction);
	p->sizecode = 2;
	p->code[0] = CREATE_A(OP_SYS, n);
	p->code[1] = CREATE_A(OP_RETURN1, 0);
	p->numparams = NPARAMS;
	p->maxstack = NPARAMS + 2;
	p->source = source;
	LClosure *cl = func_newLclosure(vm, 0);
	cl->p = p;
	return cl;
}

static Table *classes_table(VM *vm)
{
	return tvalue(vm_rawgetstr(vm, vmt_root(), "classes"));
}

static Table *class_mt(VM *vm, uint16_t cls)
{
	const Value *v = vm_rawgetint(classes_table(vm), cls);
	return tvalue(v);
}

void sysc_open(VM *vm)
{
	for (int i = 0; i < CHAN_BUCKETS; i++)
		cond_init(&chan_cond[i]);
	Value v;
	Table *ct = tab_new(vm), *amber = tab_new(vm);
	setgcovalue(&v, ct);
	vm_rawsetstr(vm, vmt_root(), "classes", &v);
	for (size_t c = 0; c < NCLASSES; c++) {
		char src[40];
		snprintf(src, sizeof src, "=[%s]", classes[c].name);
		String *source = str_newz(vm, src);
		Table *mt = tab_new(vm), *methods = tab_new(vm);
		for (size_t s = 0; s < NSERVICES; s++) {
			if (services[s].cls != classes[c].cls)
				continue;
			setgcovalue(&v, sysmethod(vm, services[s].n, source));
			vm_rawsetstr(vm, methods, services[s].name, &v);
		}
		setgcovalue(&v, methods);
		vm_rawsetstr(vm, mt, "__index", &v);
		setsvalue(&v, str_newz(vm, classes[c].name));
		vm_rawsetstr(vm, mt, "__name", &v);
		setgcovalue(&v, mt);
		vm_rawsetint(vm, ct, classes[c].cls, &v);
		if (!classes[c].global)
			continue;
		Internal *o = internal_new(vm, classes[c].cls, 0);
		o->metatable = mt;
		setgcovalue(&v, o);
		vm_rawsetstr(vm, vm->g->globals, classes[c].name, &v);
		vm_rawsetstr(vm, amber, classes[c].name, &v);
	}
	setgcovalue(&v, amber);
	vm_rawsetstr(vm, vm->g->loaded, "amber", &v);
}

/* After a restore: the classes are in object land already; only kernel land
 * is rebuilt. */
void sysc_reattach(VM *vm)
{
	(void)vm;
	for (int i = 0; i < CHAN_BUCKETS; i++)
		cond_init(&chan_cond[i]);
}

Internal *sysc_newhandle(VM *vm, Thread *th, uint64_t id)
{
	Internal *h = internal_new(vm, SYSC_HANDLE, 1);
	h->metatable = class_mt(vm, SYSC_HANDLE);
	setgcovalue(&h->uvalue[0], th);
	h->data[0] = id;
	return h;
}

/* ---- argument checks (raise in the calling thread; nothing changed yet) ----------- */

static const struct service *find(uint32_t n)
{
	for (size_t s = 0; s < NSERVICES; s++)
		if (services[s].n == n)
			return &services[s];
	return NULL;
}

static const char *clsname(uint16_t cls)
{
	for (size_t c = 0; c < NCLASSES; c++)
		if (classes[c].cls == cls)
			return classes[c].name;
	return "?";
}

__attribute__((noreturn, format(printf, 3, 4)))
static void syserr(VM *vm, const struct service *s, const char *fmt, ...)
{
	char msg[200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	VMBuffer b;
	vm_buffinit(vm, &b);
	dbg_addwhere(vm, &b, 1);	/* the caller of the method */
	vm_addstring(&b, "bad call to '");
	vm_addstring(&b, clsname(s->cls));
	vm_addstring(&b, ":");
	vm_addstring(&b, s->name);
	vm_addstring(&b, "' (");
	vm_addstring(&b, msg);
	vm_addstring(&b, ")");
	Value e;
	setsvalue(&e, str_new(vm, b.b, b.n));
	vm_bufffree(&b);
	vm_errorvalue(vm, &e);
}

static double checknum(VM *vm, const struct service *s, const Value *args, int i)
{
	if (ttisinteger(&args[i]))
		return (double)ivalue(&args[i]);
	if (ttisfloat(&args[i]))
		return fltvalue(&args[i]);
	syserr(vm, s, "argument #%d: number expected, got %s", i, vm_typename(vm, &args[i]));
}

static Internal *checkobj(VM *vm, const struct service *s, const Value *args, int i,
                          uint16_t cls)
{
	if (ttisinternal(&args[i]) && internalvalue(&args[i])->classid == cls)
		return internalvalue(&args[i]);
	if (i == 0)
		syserr(vm, s, "self is not a %s object: call it as %s:%s(...)",
		       clsname(cls), clsname(s->cls), s->name);
	syserr(vm, s, "argument #%d: %s expected, got %s", i, clsname(cls),
	       vm_typename(vm, &args[i]));
}

static void noargs(VM *vm, const struct service *s, const Value *args, int from)
{
	for (int i = from; i < NPARAMS; i++)
		if (!ttisnil(&args[i]))
			syserr(vm, s, "argument #%d: no value expected, got %s", i,
			       vm_typename(vm, &args[i]));
}

/* ---- the services ----------------------------------------------------------------------- */

static int block(VM *vm, int op, uint64_t u)
{
	struct vmthr *t = vmt_of(vm);
	t->blk.op = op;
	t->blk.u = u;
	t->blk.buf = NULL;
	t->blk.len = 0;
	return VM_SYS_BLOCK;
}

static int s_console(VM *vm, const struct service *s, const Value *a, Value *res)
{
	if (s->n == 2) {
		noargs(vm, s, a, 1);
		return block(vm, SYSB_READLINE, 0);
	}
	int last = 0;		/* write: strings and numbers, up to the first nil */
	for (int i = 1; i < NPARAMS; i++) {
		if (ttisnil(&a[i]))
			continue;
		if (!ttisstring(&a[i]) && !ttisnumber(&a[i]))
			syserr(vm, s, "argument #%d: string expected, got %s", i,
			       vm_typename(vm, &a[i]));
		if (last != i - 1)
			syserr(vm, s, "argument #%d: string expected, got nil", last + 1);
		last = i;
	}
	/* one console write (a kernel log line never lands inside what one
	 * call writes); numbers formatted here, without allocating */
	const char *piece[NPARAMS];
	size_t len[NPARAMS];
	char nums[NPARAMS][NUM_MAXSTR];
	for (int i = 1; i <= last; i++) {
		if (ttisstring(&a[i])) {
			piece[i - 1] = getstr(strvalue(&a[i]));
			len[i - 1] = tsslen(strvalue(&a[i]));
		} else {
			len[i - 1] = (size_t)num_tostrbuf(&a[i], nums[i]);
			piece[i - 1] = nums[i];
		}
	}
	console_writev(piece, len, last);
	*res = a[0];
	return VM_SYS_DONE;
}

/* Sleep deadlines persist across a restore: vmthreads.sleeps[thread] holds
 * the wall-clock deadline (Unix seconds, time:wall()) of the sleep the
 * thread stands before. A re-run after a restore finds it and sleeps until
 * the same wall-clock instant; sysc_finish removes it when the SYS
 * completes. (The monotonic clock restarts at every boot; the wall clock is
 * the CMOS clock read at boot, to the second, plus the monotonic clock.) */
static Table *sleeps_table(VM *vm)
{
	const Value *t = vm_rawgetstr(vm, vmt_root(), "sleeps");
	if (ttistable(t))
		return tvalue(t);
	Value v;
	setgcovalue(&v, tab_new(vm));
	vm_rawsetstr(vm, vmt_root(), "sleeps", &v);
	return tvalue(&v);
}

static uint64_t sleep_deadline(VM *vm, double wall_deadline)
{
	Value k, d;
	Table *t = sleeps_table(vm);
	setgcovalue(&k, vm->L);
	const Value *old = vm_rawget(t, &k);
	if (ttisfloat(old))
		wall_deadline = fltvalue(old);	/* a re-run: the deadline stands */
	else {
		setfltvalue(&d, wall_deadline);
		vm_rawset(vm, t, &k, &d);
	}
	double left = wall_deadline - plat_time();
	uint64_t now = time_now_ns();
	return left <= 0 ? now : now + (uint64_t)(left * 1e9);
}

static void sleep_done(VM *vm)
{
	Value k, nil;
	Table *t = sleeps_table(vm);
	setgcovalue(&k, vm->L);
	setnilvalue(&nil);
	if (!ttisnil(vm_rawget(t, &k)))
		vm_rawset(vm, t, &k, &nil);
}

static int s_time(VM *vm, const struct service *s, const Value *a, Value *res)
{
	switch (s->n) {
	case 10:
		noargs(vm, s, a, 1);
		setfltvalue(res, plat_time());
		return VM_SYS_DONE;
	case 11:
		noargs(vm, s, a, 1);
		setfltvalue(res, (double)time_now_ns() * 1e-9);
		return VM_SYS_DONE;
	default: {
		double x = checknum(vm, s, a, 1);
		noargs(vm, s, a, 2);
		if (!(x >= 0 && x < 1e9))
			syserr(vm, s, "argument #1: %s out of range", s->n == 12 ? "duration" : "deadline");
		double wall = s->n == 12 ? plat_time() + x
			: plat_time() + (x - (double)time_now_ns() * 1e-9);
		return block(vm, SYSB_SLEEP, sleep_deadline(vm, wall));
	}
	}
}

static Value handle_of(VM *vm, uint64_t id)	/* vm: for symmetry with the callers */
{
	Value k = { .tt = VNUMINT }, v;
	(void)vm;
	k.v.i = (int64_t)id;
	setobj(&v, vm_rawget(vmt_root(), &k));
	return v;
}

static int s_thread(VM *vm, const struct service *s, const Value *a, Value *res)
{
	switch (s->n) {
	case 20: {		/* spawn(f, ...) */
		if (!ttisfunction(&a[1]))
			syserr(vm, s, "argument #1: function expected, got %s",
			       vm_typename(vm, &a[1]));
		int n = NPARAMS - 1;
		while (n > 1 && ttisnil(&a[n]))
			n--;
		Thread *th = thread_new(vm);
		do_ensurestack(vm, th, (uint32_t)n + 1);
		for (int i = 1; i <= n; i++)
			th->stack[i - 1] = a[i];
		th->top = (uint32_t)n;
		vm_start(vm, th);
		uint64_t id;
		if (vmt_spawn(vm, th, "spawned", &id) != 0)
			vm_memerror(vm);
		*res = handle_of(vm, id);
		return VM_SYS_DONE;
	}
	case 22:
		noargs(vm, s, a, 1);
		return block(vm, SYSB_YIELD, 0);
	case 23: {		/* list: handles of the live VM threads */
		noargs(vm, s, a, 1);
		Table *t = tab_new(vm);
		Value k, v;
		int64_t n = 0;
		setnilvalue(&k);
		while (tab_next(vm, vmt_root(), &k, &v))
			if (ttisinteger(&k) && ttisinternal(&v))
				n++;
		int64_t i = 0;
		setnilvalue(&k);
		/* ids ascending: walk the integer keys in order */
		for (int64_t id = 1; i < n; id++) {
			Value h = handle_of(vm, (uint64_t)id);
			if (ttisinternal(&h))
				tab_setint(vm, t, ++i, &h);
			if (id > 1000000)
				break;
		}
		setgcovalue(res, t);
		return VM_SYS_DONE;
	}
	case 24: {
		noargs(vm, s, a, 1);
		struct vmthr *t = vmt_of(vm);
		if (t == NULL || t->id == 0)
			setnilvalue(res);
		else
			*res = handle_of(vm, t->id);
		return VM_SYS_DONE;
	}
	default: {		/* 25: channel() */
		noargs(vm, s, a, 1);
		Internal *ch = internal_new(vm, SYSC_CHANNEL, 1);
		ch->metatable = class_mt(vm, SYSC_CHANNEL);
		setgcovalue(&ch->uvalue[0], tab_new(vm));
		ch->data[0] = ch->data[1] = 1;
		setgcovalue(res, ch);
		return VM_SYS_DONE;
	}
	}
}

static unsigned chan_bucket(const Internal *ch)
{
	return (unsigned)(((uintptr_t)ch >> 4) % CHAN_BUCKETS);
}

static int s_channel(VM *vm, const struct service *s, const Value *a, Value *res)
{
	Internal *ch = checkobj(vm, s, a, 0, SYSC_CHANNEL);
	Table *q = tvalue(&ch->uvalue[0]);
	if (s->n == 26) {	/* send(v) */
		noargs(vm, s, a, 2);
		tab_setint(vm, q, (int64_t)ch->data[1], &a[1]);
		ch->data[1]++;
		unsigned b = chan_bucket(ch);
		mutex_lock(&chan_mutex);
		chan_gen[b]++;
		cond_broadcast(&chan_cond[b]);
		mutex_unlock(&chan_mutex);
		setbool(res, 1);
		return VM_SYS_DONE;
	}
	noargs(vm, s, a, 1);	/* recv() */
	if (ch->data[0] < ch->data[1]) {
		int64_t i = (int64_t)ch->data[0];
		setobj(res, tab_getint(q, i));
		Value nil;
		setnilvalue(&nil);
		tab_setint(vm, q, i, &nil);
		ch->data[0]++;
		return VM_SYS_DONE;
	}
	unsigned b = chan_bucket(ch);
	mutex_lock(&chan_mutex);
	uint64_t gen = chan_gen[b];
	mutex_unlock(&chan_mutex);
	block(vm, SYSB_CHANWAIT, gen);
	vmt_of(vm)->blk.len = b;
	return VM_SYS_BLOCK;
}

static int s_handle(VM *vm, const struct service *s, const Value *a, Value *res)
{
	Internal *h = checkobj(vm, s, a, 0, SYSC_HANDLE);
	noargs(vm, s, a, 1);
	switch (s->n) {
	case 28:
		setivalue(res, (int64_t)h->data[0]);
		return VM_SYS_DONE;
	case 29:
		setsvalue(res, str_newz(vm, h->data[1] == 0 ? "running" :
		                        h->data[1] == 1 ? "finished" : "failed"));
		return VM_SYS_DONE;
	default:		/* 21: join */
		if (h->data[1] != 0) {
			setbool(res, h->data[1] == 1);
			return VM_SYS_DONE;
		}
		if (vmt_of(vm) != NULL && vmt_of(vm)->id == h->data[0])
			syserr(vm, s, "a thread cannot join itself");
		vmt_hold(vm, &a[0]);	/* held across the blocking call */
		return block(vm, SYSB_JOIN, h->data[0]);
	}
}

static void setfield(VM *vm, Table *t, const char *k, int64_t n)
{
	Value v;
	setivalue(&v, n);
	vm_rawsetstr(vm, t, k, &v);
}

static int s_system(VM *vm, const struct service *s, const Value *a, Value *res)
{
	noargs(vm, s, a, 1);
	switch (s->n) {
	case 30: {
		Table *t = tab_new(vm);
		setfield(vm, t, "omem_size", (int64_t)vm->g->omem_size);
		setfield(vm, t, "omem_used", (int64_t)gc_count(vm));
		setfield(vm, t, "omem_backed", (int64_t)(vmplat_omem_pages() * PAGE_SIZE));
		setfield(vm, t, "ram_total", (int64_t)(pmm_total_pages() * PAGE_SIZE));
		setfield(vm, t, "ram_free", (int64_t)(pmm_free_pages() * PAGE_SIZE));
		setgcovalue(res, t);
		return VM_SYS_DONE;
	}
	case 31:
		setfltvalue(res, vmplat_uptime());
		return VM_SYS_DONE;
	case 32:
		klog(KLOG_INFO, "vm: system:reboot()");
		x86_reboot();
	case 33:
		klog(KLOG_INFO, "vm: system:poweroff()");
		x86_qemu_exit(0);
		x86_poweroff();
		syserr(vm, s, "power-off failed");
	case 34:		/* snapshot: ask for one soon */
		snapd_request();
		setbool(res, snapd_active());
		return VM_SYS_DONE;
	case 37: {		/* bootid: a number that differs from boot to boot */
		static int64_t bootid;
		if (bootid == 0)
			bootid = (int64_t)(plat_entropy() >> 12) | 1;
		setivalue(res, bootid);
		return VM_SYS_DONE;
	}
	case 36:		/* sync: block until the state up to here is durable */
		if (vmt_of(vm) == NULL)
			syserr(vm, s, "not from the boot context");
		return block(vm, SYSB_SYNC, 0);
	default:		/* 35: collect */
		if (vmt_of(vm) == NULL)
			syserr(vm, s, "not from the boot context");
		return block(vm, SYSB_COLLECT, 0);
	}
}

int sysc_hook(VM *vm, uint32_t service, const Value *args, int nargs, Value *result)
{
	PM_ASSERT_HELD();
	const struct service *s = find(service);
	if (s == NULL || nargs != NPARAMS)
		return VM_SYS_ERROR;	/* "no kernel service n" */
	if (s->cls != SYSC_CHANNEL && s->cls != SYSC_HANDLE)
		checkobj(vm, s, args, 0, s->cls);
	switch (s->cls) {
	case SYSC_CONSOLE: return s_console(vm, s, args, result);
	case SYSC_TIME: return s_time(vm, s, args, result);
	case SYSC_THREAD: return s_thread(vm, s, args, result);
	case SYSC_CHANNEL: return s_channel(vm, s, args, result);
	case SYSC_HANDLE: return s_handle(vm, s, args, result);
	default: return s_system(vm, s, args, result);
	}
}

/* ---- blocking calls: kernel land only, the lock released ------------------------------ */

void sysc_block(struct vmthr *t)
{
	struct vmblock *b = &t->blk;
	switch (b->op) {
	case SYSB_SLEEP:
		kthread_sleep_until(b->u);
		break;
	case SYSB_READLINE:
		b->buf = malloc(1024);
		b->len = b->buf != NULL ? vmplat_readline(b->buf, 1024) : -1;
		break;
	case SYSB_JOIN:
		vmt_wait_id(b->u);
		break;
	case SYSB_YIELD:
		kthread_yield();
		break;
	case SYSB_CHANWAIT:
		mutex_lock(&chan_mutex);
		while (chan_gen[b->len] == b->u)
			cond_wait(&chan_cond[b->len], &chan_mutex);
		mutex_unlock(&chan_mutex);
		break;
	case SYSB_SYNC:
		b->len = snapd_sync();
		break;
	case SYSB_COLLECT: {
		pm_stop_world(PMREQ_GC);
		gc_fullgc(&t->vm);
		const char *bad = gc_checkheap(&t->vm);
		if (bad != NULL)
			panic("heap check after a stop-the-world collection: %s", bad);
		pm_resume_world();
		break;
	}
	default:
		panic("VM thread %lu blocked in unknown call %d", (unsigned long)t->id, b->op);
	}
}

int sysc_finish(struct vmthr *t, Value *res)
{
	VM *vm = &t->vm;
	struct vmblock *b = &t->blk;
	int op = b->op;
	b->op = SYSB_NONE;
	switch (op) {
	case SYSB_READLINE:
		if (b->len > 0) {
			long n = b->len;
			if (b->buf[n - 1] == '\n')
				n--;
			setsvalue(res, str_new(vm, b->buf, (size_t)n));
		}
		free(b->buf);
		b->buf = NULL;
		return 1;
	case SYSB_SLEEP:
		sleep_done(vm);
		setbool(res, 1);
		return 1;
	case SYSB_SYNC:
		setbool(res, b->len != 0);
		return 1;
	case SYSB_JOIN: {
		/* the handle is still the SYS's self argument on the stack */
		CallInfo *ci = topci(vm->L);
		Value h = vm->L->stack[ci->base];
		vmt_unhold(vm, &h);
		if (internalvalue(&h)->data[1] == 0)
			return 0;	/* not finished after all: join again */
		setbool(res, internalvalue(&h)->data[1] == 1);
		return 1;
	}
	case SYSB_CHANWAIT:
		return 0;		/* re-run recv from scratch */
	case SYSB_COLLECT:
		setivalue(res, (int64_t)gc_count(vm));
		return 1;
	default:
		return 1;
	}
}
