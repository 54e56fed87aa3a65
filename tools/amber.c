/*
 * amber.c: the hosted runner, `amber FILE [args]`, like `lua5.4 FILE args`.
 *
 * Opens a fresh object memory, the libraries, sets `arg` (arg[0] the
 * script, arg[-1] this program, arg[1..] the arguments, also passed to the
 * chunk as `...`), compiles FILE (source; bytecode files are recognised by
 * their first byte and must load and verify first) and runs it. Exit status
 * 0, or 1 with "amber: message" and a traceback on stderr for an uncaught
 * error or a compile error. os.exit ends the process through the platform.
 */
#include <stdio.h>
#include <string.h>
#include "vm/vm.h"
#include "vm/state.h"
#include "vm/api.h"
#include "vm/builtin.h"
#include "vm/interp.h"
#include "vm/do.h"
#include "vm/parse.h"
#include "vm/func.h"
#include "vm/gc.h"
#include "vm/string.h"
#include "vm/table.h"
#include "vm/tm.h"
#include "vm/platform.h"
#include "vm/disasm.h"
#include "vm/bytecode.h"
#include <stdlib.h>

static void fail(const char *msg)
{
	plat_flush();
	plat_write(2, "amber: ", 7);
	plat_write(2, msg, strlen(msg));
	plat_write(2, "\n", 1);
	plat_flush();
	plat_exit(1);
}

static void setargs(VM *vm, int argc, char **argv)
{
	Table *t = tab_new(vm);
	Value v;
	setgcovalue(&v, t);
	tab_setstr(vm, vm->g->globals, str_newz(vm, "arg"), &v);
	for (int i = 0; i < argc; i++) {
		setsvalue(&v, str_newz(vm, argv[i]));
		tab_setint(vm, t, i - 1, &v);
	}
}

/* The message of an uncaught error value, as lua.c's msghandler words it. */
static const char *errmsg(VM *vm, const Value *e, char *buf, size_t size)
{
	if (ttisstring(e))
		return getstr(strvalue(e));
	if (ttisnumber(e)) {
		String *s = vm_rawtostring(vm, e);
		return getstr(s);
	}
	snprintf(buf, size, "(error object is a %s value)", vm_typename(vm, e));
	return buf;
}

static void dumpout(void *ud, const char *s, size_t len)
{
	plat_write(2, s, len);
}

int main(int argc, char **argv)
{
	char err[256];
	if (argc < 2) {
		fprintf(stderr, "usage: amber FILE [args]\n");
		return 1;
	}
	VM *vm = vm_open(0, err, sizeof err);
	if (vm == NULL)
		fail(err);
	tm_init(vm);
	vm_openlibs(vm);
	setargs(vm, argc, argv);

	const char *fname = argv[1];
	size_t len;
	char *src = plat_readfile(fname, &len, err, sizeof err);
	if (src == NULL) {
		char msg[600];
		snprintf(msg, sizeof msg, "cannot open %s", fname);
		fail(msg);
	}
	size_t skip = 0;
	if (len > 0 && src[0] == '#')
		while (skip < len && src[skip] != '\n')
			skip++;
	char chunkname[1024];
	snprintf(chunkname, sizeof chunkname, "@%s", fname);
	String *cerr = NULL;
	Proto *p = bc_isbinary(src + skip, len - skip)   /* loaded and verified */
		? bc_load(vm, src + skip, len - skip, chunkname, &cerr)
		: vm_compile(vm, src + skip, len - skip, chunkname, &cerr);
	plat_freefile(src);
	if (p == NULL)
		fail(cerr ? getstr(cerr) : "compile error");

	if (getenv("AMBER_DISASM") != NULL)   /* debugging aid: listing on stderr */
		disasm_proto(p, 1, dumpout, NULL);
	Thread *L = vm->L;
	do_ensurestack(vm, L, L->top + (uint32_t)argc + 1);
	setgcovalue(&L->stack[L->top], func_newmain(vm, p, NULL));
	L->top++;
	for (int i = 2; i < argc; i++) {
		setsvalue(&L->stack[L->top], str_newz(vm, argv[i]));
		L->top++;
	}
	String *tb = NULL;
	int st = vm_call(vm, argc - 2, 0, &tb);
	if (st != VMS_DONE) {
		Value e = L->stack[L->top - 1];
		char buf[128];
		const char *msg = errmsg(vm, &e, buf, sizeof buf);
		plat_flush();
		plat_write(2, "amber: ", 7);
		plat_write(2, msg, strlen(msg));
		plat_write(2, "\n", 1);
		if (tb != NULL) {
			plat_write(2, getstr(tb), tsslen(tb));
			plat_write(2, "\n", 1);
		}
		plat_flush();
		plat_exit(1);
	}
	plat_flush();
	plat_exit(0);
}
