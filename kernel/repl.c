/*
 * repl.c: the console REPL, started when no program was given.
 *
 * A VM thread of its own (id from vmthreads.nextid, so thread:self() and
 * stop requests work as for any VM thread) driven from C: read a line with
 * the persistent-memory lock released, then under the lock compile
 * "return <line>" (so that expressions print their values, as lua5.4's REPL
 * does) or else the line itself; a line that ends too early ("<eof>") reads
 * continuation lines. Each chunk runs on a fresh guest thread through
 * vmt_run, so blocking calls, stops and preemption behave as in programs;
 * its results are passed to the global `print`. Errors print their message
 * and traceback and the REPL goes on. Globals live in object memory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kernel/vmthread.h"
#include "kernel/pmem.h"
#include "kernel/console.h"
#include "kernel/klog.h"
#include "kernel/kthread.h"
#include "kernel/panic.h"
#include "kernel/vm_platform.h"
#include "arch/x86/power.h"
#include "vm/state.h"
#include "vm/api.h"
#include "vm/do.h"
#include "vm/func.h"
#include "vm/gc.h"
#include "vm/interp.h"
#include "vm/parse.h"
#include "vm/platform.h"
#include "vm/string.h"
#include "vm/table.h"

#define REPL_MAX 4096

/* Compile src; NULL with *incomplete set when more lines could fix it. */
static Proto *repl_compile(VM *vm, const char *src, size_t len, bool *incomplete,
                           String **err)
{
	char *ret = malloc(len + 8);
	Proto *p = NULL;
	*incomplete = false;
	if (ret != NULL) {
		memcpy(ret, "return ", 7);
		memcpy(ret + 7, src, len);
		p = vm_compile(vm, ret, len + 7, "=stdin", err);
		free(ret);
	}
	if (p != NULL)
		return p;
	*err = NULL;
	p = vm_compile(vm, src, len, "=stdin", err);
	if (p == NULL && *err != NULL) {
		const char *m = getstr(*err);
		size_t ml = tsslen(*err);
		if (ml >= 5 && strcmp(m + ml - 5, "<eof>") == 0)
			*incomplete = true;
	}
	return p;
}

/* Run stack[0] of a fresh thread with stack[1..top) as arguments. */
static int repl_run(struct vmthr *t, Thread *th, Internal *h)
{
	VM *vm = &t->vm;
	setgcovalue(&h->uvalue[0], th);
	gc_barrier(vm, h, &h->uvalue[0]);
	vm_start(vm, th);
	t->th = th;
	return vmt_run(t, th);
}

static void repl_main(void *arg)
{
	struct vmthr *t = arg;
	VM *vm = &t->vm;
	char *src = malloc(REPL_MAX), line[512];
	if (src == NULL)
		panic("no memory for the REPL");
	static const char hello[] = "Amber Lua REPL (Lua 5.4); Ctrl-D on an empty line ends it\n";
	console_write(hello, sizeof hello - 1);
	for (;;) {
		size_t len = 0;
		bool more = false;
		Proto *p = NULL;
		String *err = NULL;
		for (;;) {
			console_write(more ? ">> " : "> ", more ? 3 : 2);
			long n = vmplat_readline(line, sizeof line);	/* lock not held */
			if (n <= 0) {
				console_write("\n", 1);
				klog(KLOG_INFO, "repl: end of input; powering off");
				free(src);
				x86_poweroff();
				x86_qemu_exit(0);
				return;
			}
			if (len + (size_t)n >= REPL_MAX)
				len = 0;
			memcpy(src + len, line, (size_t)n);
			len += (size_t)n;
			pm_lock();
			bool incomplete;
			p = repl_compile(vm, src, len, &incomplete, &err);
			if (p != NULL || !incomplete)
				break;
			pm_unlock();
			more = true;
		}
		/* lock held */
		if (p == NULL) {
			const char *m = err != NULL ? getstr(err) : "syntax error";
			console_write(m, strlen(m));
			console_write("\n", 1);
			pm_unlock();
			continue;
		}
		Value hv = { .tt = VNUMINT };
		hv.v.i = (int64_t)t->id;
		Internal *h = internalvalue(vm_rawget(vmt_root(), &hv));
		Thread *th = thread_new(vm);
		setgcovalue(&th->stack[0], func_newmain(vm, p, NULL));
		th->top = 1;
		int st = repl_run(t, th, h);
		if (st == VMS_DONE && th->top > 0) {
			/* print(results...) on the same thread */
			uint32_t n = th->top;
			do_ensurestack(vm, th, n + 2);
			for (uint32_t i = n; i > 0; i--)
				th->stack[i] = th->stack[i - 1];
			setobj(&th->stack[0], vm_rawgetstr(vm, vm->g->globals, "print"));
			th->top = n + 1;
			th->nci = 0;
			th->status = TS_OK;
			st = repl_run(t, th, h);
		}
		if (st == VMS_ERROR)
			vmt_report_error(vm, vm->L, "");
		pm_unlock();
	}
}

void vmt_repl_start(void)
{
	pm_lock();
	VM *vm = vmt_bootvm();
	Thread *th = thread_new(vm);
	setnilvalue(&th->stack[0]);
	uint64_t id;
	/* a placeholder thread that never runs gives the REPL its id and handle */
	struct vmthr *t = vmt_new_context("repl");
	if (t == NULL)
		panic("no memory for the REPL");
	Table *root = vmt_root();
	const Value *nv = vm_rawgetstr(vm, root, "nextid");
	id = ttisinteger(nv) ? (uint64_t)ivalue(nv) : 1;
	Value v;
	setivalue(&v, (int64_t)id + 1);
	vm_rawsetstr(vm, root, "nextid", &v);
	th->vmthread = id;
	extern Internal *sysc_newhandle(VM *, Thread *, uint64_t);
	setgcovalue(&v, sysc_newhandle(vm, th, id));
	vm_rawsetint(vm, root, (int64_t)id, &v);
	t->id = id;
	t->th = th;
	t->isrepl = true;
	pm_unlock();
	t->kt = kthread_create("repl", repl_main, t);
	if (t->kt == NULL)
		panic("no memory for the REPL thread");
}
