/*
 * lib_io.c: the io library over vm/platform.h.
 *
 * A file is an Internal object of class IO_FILECLASS with the metatable
 * FILE* (methods close, flush, lines, read, seek, setvbuf, write):
 *   data[0]    kind: IO_STDIN, IO_STDOUT, IO_STDERR, or IO_MEMFILE (a file
 *              opened for reading with io.open: its whole text, read once
 *              through plat_readfile, is the pending input)
 *   data[1]    1 once closed
 *   data[2]    read offset in the pending input
 *   uvalue[0]  the pending input: a String (the unread rest of the last
 *              line plat_readline delivered, or a whole file), or nil
 * Input buffering therefore lives in object memory: io.read("n") can look
 * one character ahead and keep it, across snapshot and restore.
 * Reading stdin may have to wait (in the kernel, the console's lines arrive
 * while the persistent-memory lock is released): a read call that runs out
 * of input before it is done undoes itself (its results dropped, the file's
 * unread input as it was, with the lines received meanwhile appended) and
 * returns BI_BLOCK through vm_wait; it runs again from the start once input
 * has come. The only change it leaves is input moved from the kernel into
 * the file's pending string, where a snapshot keeps it. Writing
 * goes straight to plat_write. The default input and output files are kept
 * in a table {input, output}, the upvalue of the io functions that use
 * them (io.read, io.write, io.lines, io.input, io.output, io.close, and
 * io.open, which finds the FILE* metatable there at index 3).
 *
 * Builtin ids are BUILTIN_ID(BLIB_IO, index into `regs`): never reorder.
 */
#include <stdio.h>
#include <string.h>
#include "vm/api.h"
#include "vm/do.h"
#include "vm/func.h"
#include "vm/gc.h"
#include "vm/number.h"
#include "vm/platform.h"
#include "vm/state.h"
#include "vm/string.h"
#include "vm/table.h"

/* The class number of io files (not a kernel service). */
#define IO_FILECLASS 0x07FFu

enum { IO_STDIN, IO_STDOUT, IO_STDERR, IO_MEMFILE };

enum {
	IO_CLOSE, IO_FLUSH, IO_INPUT, IO_LINES, IO_OPEN, IO_OUTPUT, IO_READ,
	IO_TYPE, IO_WRITE, IO_FCLOSE, IO_FFLUSH, IO_FLINES, IO_FREAD,
	IO_FSEEK, IO_FSETVBUF, IO_FWRITE, IO_FTOSTRING, IO_LINESAUX,
	IO_NBUILTINS
};

#define IO_MAXNUMERAL 200   /* longest numeral io.read("n") accepts */

/* ---- files -------------------------------------------------------------- */

static Internal *isfile(const Value *v)
{
	if (ttisinternal(v) && internalvalue(v)->classid == IO_FILECLASS)
		return internalvalue(v);
	return NULL;
}

static Internal *checkfile(VM *vm, int i)
{
	Internal *f = isfile(vm_arg(vm, i));
	if (f == NULL)
		vm_typeerror(vm, i, "FILE*");
	return f;
}

static Internal *tofile(VM *vm, int i)
{
	Internal *f = checkfile(vm, i);
	if (f->data[1])
		vm_error(vm, "attempt to use a closed file");
	return f;
}

/* The io state table {input, output} of the running io closure. */
static Table *iostate(VM *vm, CallInfo *ci)
{
	return tvalue(&clBvalue(s2v(vm->L, ci->func))->upvalue[0]);
}

/* ---- reading: the pending input ----------------------------------------- */

/* One read call (io.read, file:read, a lines iterator) on file f. Reading
 * stdin in the kernel never sleeps here: plat_readline says PLAT_WOULDBLOCK
 * when no line has arrived yet. The call then undoes itself and waits
 * outside the interpreter (g_read, vm_wait): its results are dropped and
 * the file is left with the same unread input it had, so running the call
 * again from the start reads the same bytes. Undoing needs the input the
 * call took: the pending string from `mark` on and, when a refill replaced
 * that string, what the call took from the strings it replaced (`taken`,
 * C memory, one invocation only). */
typedef struct Rd {
	VM *vm;
	Internal *f;
	uint64_t mark;       /* the call's first byte in the pending string */
	VMBuffer taken;      /* the call's input from replaced pending strings */
	int eof;             /* end of input seen: it stays so for this call */
	int blocked;         /* input would block: the call is undone */
} Rd;

static void rd_init(Rd *rd, VM *vm, Internal *f)
{
	rd->vm = vm;
	rd->f = f;
	rd->mark = f->data[2];
	vm_buffinit(vm, &rd->taken);
	rd->eof = rd->blocked = 0;
}

/* Make unread input available; 0 at end of input (or when it would block:
 * rd->blocked, and every later refill of the call says 0 too). */
static int refill(Rd *rd)
{
	Internal *f = rd->f;
	Value *pv = &f->uvalue[0];
	if (ttisstring(pv) && f->data[2] < tsslen(strvalue(pv)))
		return 1;
	if (f->data[0] != IO_STDIN || rd->eof || rd->blocked)
		return 0;
	char buf[4096];
	long n = plat_readline(buf, sizeof buf);
	if (n == PLAT_WOULDBLOCK) {
		rd->blocked = 1;
		return 0;
	}
	if (n <= 0) {
		rd->eof = 1;
		return 0;
	}
	if (ttisstring(pv)) {   /* the call read it all: keep its part for undo */
		String *old = strvalue(pv);
		vm_addlstring(&rd->taken, getstr(old) + rd->mark, tsslen(old) - rd->mark);
	}
	rd->mark = 0;
	String *s = str_new(rd->vm, buf, (size_t)n);
	setsvalue(pv, s);
	gc_objbarrier(rd->vm, f, s);
	f->data[2] = 0;
	return 1;
}

/* The call would block: drop its results (the values above top0), give the
 * file back the unread input it had (plus the lines the call received), and
 * wait for input. */
static int rd_undo(Rd *rd, int top0)
{
	VM *vm = rd->vm;
	Internal *f = rd->f;
	vm_settop(vm, top0);
	if (rd->taken.n == 0) {
		vm_bufffree(&rd->taken);
		f->data[2] = rd->mark;
	} else {
		Value *pv = &f->uvalue[0];
		if (ttisstring(pv)) {
			String *cur = strvalue(pv);
			vm_addlstring(&rd->taken, getstr(cur) + rd->mark,
			              tsslen(cur) - rd->mark);
		}
		String *s = vm_pushresult(&rd->taken);
		setsvalue(pv, s);
		gc_objbarrier(vm, f, s);
		f->data[2] = 0;
		vm_settop(vm, top0);
	}
	return vm_wait(vm, VMWAIT_INPUT);
}

/* The unread bytes available now (after a refill). */
static const char *avail(Internal *f, size_t *len)
{
	String *s = strvalue(&f->uvalue[0]);
	*len = tsslen(s) - f->data[2];
	return getstr(s) + f->data[2];
}

static int peekc(Rd *rd)
{
	size_t len;
	if (!refill(rd))
		return -1;
	return (unsigned char)*avail(rd->f, &len);
}

static int read_line(Rd *rd, int chop)
{
	VMBuffer b;
	int nl = 0;
	vm_buffinit(rd->vm, &b);
	while (!nl && refill(rd)) {
		size_t len;
		const char *p = avail(rd->f, &len);
		const char *e = memchr(p, '\n', len);
		size_t take = e ? (size_t)(e - p) + 1 : len;
		nl = (e != NULL);
		vm_addlstring(&b, p, take - (nl && chop));
		rd->f->data[2] += take;
	}
	int ok = nl || b.n > 0;
	vm_pushresult(&b);
	return ok;
}

static void read_all(Rd *rd)
{
	VMBuffer b;
	vm_buffinit(rd->vm, &b);
	while (refill(rd)) {
		size_t len;
		const char *p = avail(rd->f, &len);
		vm_addlstring(&b, p, len);
		rd->f->data[2] += len;
	}
	vm_pushresult(&b);
}

static int read_chars(Rd *rd, size_t n)
{
	VMBuffer b;
	vm_buffinit(rd->vm, &b);
	while (n > 0 && refill(rd)) {
		size_t len;
		const char *p = avail(rd->f, &len);
		size_t take = len < n ? len : n;
		vm_addlstring(&b, p, take);
		rd->f->data[2] += take;
		n -= take;
	}
	int ok = b.n > 0;
	vm_pushresult(&b);
	return ok;
}

/* io.read("n"): the longest prefix that looks like a numeral, as lua5.4
 * scans it, then converted; the character after it stays unread. */
typedef struct NumReader {
	Rd *rd;
	int c;               /* look-ahead, -1 at end */
	int n;
	char buff[IO_MAXNUMERAL + 1];
} NumReader;

static int nextc(NumReader *rn)
{
	if (rn->n >= IO_MAXNUMERAL) {
		rn->buff[0] = '\0';
		return 0;
	}
	rn->buff[rn->n++] = (char)rn->c;
	rn->rd->f->data[2]++;
	rn->c = peekc(rn->rd);
	return 1;
}

static int test2(NumReader *rn, const char *set)
{
	if (rn->c != -1 && (rn->c == set[0] || rn->c == set[1]))
		return nextc(rn);
	return 0;
}

static int isdigit_(int c) { return c >= '0' && c <= '9'; }
static int isxdigit_(int c)
{
	return isdigit_(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int readdigits(NumReader *rn, int hex)
{
	int count = 0;
	while ((hex ? isxdigit_(rn->c) : isdigit_(rn->c)) && nextc(rn))
		count++;
	return count;
}

static int read_number(Rd *rd)
{
	VM *vm = rd->vm;
	NumReader rn = {rd, 0, 0, {0}};
	int count = 0, hex = 0;
	for (;;) {  /* skip spaces */
		rn.c = peekc(rd);
		if (!(rn.c == ' ' || (rn.c >= '\t' && rn.c <= '\r')))
			break;
		rd->f->data[2]++;
	}
	test2(&rn, "-+");
	if (test2(&rn, "00")) {
		if (test2(&rn, "xX"))
			hex = 1;
		else
			count = 1;
	}
	count += readdigits(&rn, hex);
	if (test2(&rn, ".."))
		count += readdigits(&rn, hex);
	if (count > 0 && test2(&rn, hex ? "pP" : "eE")) {
		test2(&rn, "-+");
		readdigits(&rn, 0);
	}
	rn.buff[rn.n] = '\0';
	Value v;
	if (num_str2number(rn.buff, &v) != 0) {
		vm_pushvalue(vm, &v);
		return 1;
	}
	vm_pushnil(vm);
	return 0;
}

/* Format argument n, reported as argument #an (the lines iterator's
 * formats are its upvalues): raises, as lua5.4 does, when it comes to it,
 * after the formats before it were read (the call is then done, not
 * undone: it cannot have been waiting). */
static void checkformat(Rd *rd, int n, int an)
{
	VM *vm = rd->vm;
	const Value *v = vm_arg(vm, n);
	const char *why = NULL;
	char msg[120];
	if (ttisnumber(v)) {
		int64_t l;
		if (!num_tointegerns(v, &l, F2I_EQ))
			why = "number has no integer representation";
	} else if (!ttisstring(v)) {
		snprintf(msg, sizeof msg, "string expected, got %s", vm_typename(vm, v));
		why = msg;
	} else {
		const char *p = getstr(strvalue(v));
		if (*p == '*')
			p++;
		if (*p == '\0' || strchr("nlLa", *p) == NULL)
			why = "invalid format";
	}
	if (why != NULL) {
		vm_bufffree(&rd->taken);
		vm_argerror(vm, an, why);
	}
}

/* Read with the formats in arguments first..last of the frame (none: a
 * line); returns the number of results, lua5.4's g_read, or BI_BLOCK (the
 * input has not arrived: nothing changed, the frame's top as on entry). */
static int g_read(VM *vm, Internal *f, int first, int last, int argfirst)
{
	if (f->data[0] == IO_STDOUT || f->data[0] == IO_STDERR) {
		vm_pushnil(vm);
		vm_pushstring(vm, "Bad file descriptor");
		vm_pushinteger(vm, 9);
		return 3;
	}
	int top0 = vm_gettop(vm);
	Rd rd;
	rd_init(&rd, vm, f);
	int n, ok = 1;
	if (last < first) {
		ok = read_line(&rd, 1);
		n = first + 1;
	} else {
		for (n = first; n <= last && ok && !rd.blocked; n++) {
			checkformat(&rd, n, argfirst + (n - first));
			if (ttisnumber(vm_arg(vm, n))) {
				size_t l = (size_t)vm_checkinteger(vm, n);
				if (l == 0) {
					ok = peekc(&rd) != -1;
					vm_pushlstring(vm, "", 0);
				} else {
					ok = read_chars(&rd, l);
				}
				continue;
			}
			const char *p = getstr(strvalue(vm_arg(vm, n)));
			if (*p == '*')
				p++;
			switch (*p) {
			case 'n': ok = read_number(&rd); break;
			case 'l': ok = read_line(&rd, 1); break;
			case 'L': ok = read_line(&rd, 0); break;
			default: read_all(&rd); ok = 1; break;   /* 'a' */
			}
		}
	}
	if (rd.blocked)
		return rd_undo(&rd, top0);
	vm_bufffree(&rd.taken);
	if (!ok) {
		vm_pop(vm, 1);
		vm_pushnil(vm);
	}
	return n - first;
}

/* ---- writing ------------------------------------------------------------ */

/* Write arguments arg.. of the frame to f; push the file (at index fi). */
static int g_write(VM *vm, Internal *f, int arg, const Value *fv)
{
	int nargs = vm_nargs(vm);
	int fd = f->data[0] == IO_STDERR ? 2 : 1;
	int ok = f->data[0] == IO_STDOUT || f->data[0] == IO_STDERR;
	for (; arg <= nargs; arg++) {
		Value *v = vm_arg(vm, arg);
		if (ttisnumber(v)) {
			char buf[64];
			int n = ttisinteger(v)
				? snprintf(buf, sizeof buf, "%lld", (long long)ivalue(v))
				: snprintf(buf, sizeof buf, "%.14g", fltvalue(v));
			if (ok)
				plat_write(fd, buf, (size_t)n);
		} else {
			size_t l;
			const char *s = vm_checklstring(vm, arg, &l);
			if (ok)
				plat_write(fd, s, l);
		}
	}
	if (!ok) {
		vm_pushnil(vm);
		vm_pushstring(vm, "Bad file descriptor");
		vm_pushinteger(vm, 9);
		return 3;
	}
	Value c = *fv;
	vm_pushvalue(vm, &c);
	return 1;
}

/* ---- io functions ------------------------------------------------------- */

static Value *defaultfile(VM *vm, CallInfo *ci, int which)
{
	return (Value *)tab_getint(iostate(vm, ci), which);
}

static int io_write(VM *vm, CallInfo *ci)
{
	Value fv = *defaultfile(vm, ci, 2);
	Internal *f = isfile(&fv);
	if (f->data[1])
		vm_error(vm, "default output file is closed");
	return g_write(vm, f, 1, &fv);
}

static int io_read(VM *vm, CallInfo *ci)
{
	Internal *f = isfile(defaultfile(vm, ci, 1));
	if (f->data[1])
		vm_error(vm, "default input file is closed");
	return g_read(vm, f, 1, vm_nargs(vm), 1);
}

static int f_write(VM *vm, CallInfo *ci)
{
	Internal *f = tofile(vm, 1);
	Value fv = *vm_arg(vm, 1);
	return g_write(vm, f, 2, &fv);
}

static int f_read(VM *vm, CallInfo *ci)
{
	return g_read(vm, tofile(vm, 1), 2, vm_nargs(vm), 2);
}

static int f_flush(VM *vm, CallInfo *ci)
{
	tofile(vm, 1);
	plat_flush();
	vm_pushboolean(vm, 1);
	return 1;
}

static int io_flush(VM *vm, CallInfo *ci)
{
	plat_flush();
	vm_pushboolean(vm, 1);
	return 1;
}

static int f_setvbuf(VM *vm, CallInfo *ci)
{
	static const char *const modes[] = {"no", "full", "line", NULL};
	tofile(vm, 1);
	vm_checkoption(vm, 2, NULL, modes);
	vm_pushboolean(vm, 1);
	return 1;
}

static int f_seek(VM *vm, CallInfo *ci)
{
	tofile(vm, 1);
	vm_pushnil(vm);
	vm_pushstring(vm, "Illegal seek");
	vm_pushinteger(vm, 29);
	return 3;
}

static int aux_close(VM *vm, Internal *f)
{
	if (f->data[0] != IO_MEMFILE) {
		vm_pushnil(vm);
		vm_pushstring(vm, "cannot close standard file");
		return 2;
	}
	f->data[1] = 1;
	setnilvalue(&f->uvalue[0]);
	vm_pushboolean(vm, 1);
	return 1;
}

static int f_close(VM *vm, CallInfo *ci)
{
	return aux_close(vm, tofile(vm, 1));
}

static int io_close(VM *vm, CallInfo *ci)
{
	if (vm_argtype(vm, 1) == T_NONE) {
		Internal *f = isfile(defaultfile(vm, ci, 2));
		if (f->data[1])
			vm_error(vm, "attempt to use a closed file");
		return aux_close(vm, f);
	}
	return aux_close(vm, tofile(vm, 1));
}

static int f_tostring(VM *vm, CallInfo *ci)
{
	Internal *f = checkfile(vm, 1);
	if (f->data[1])
		vm_pushstring(vm, "file (closed)");
	else
		vm_pushfstring(vm, "file (%p)", (void *)f);
	return 1;
}

static int io_type(VM *vm, CallInfo *ci)
{
	vm_checkany(vm, 1);
	Internal *f = isfile(vm_arg(vm, 1));
	if (f == NULL)
		vm_pushnil(vm);
	else
		vm_pushstring(vm, f->data[1] ? "closed file" : "file");
	return 1;
}

/* A file opened for reading: its text becomes the pending input. Pushes
 * the file, or nil and a message (returns 0). */
static int openread(VM *vm, CallInfo *ci, const char *name, char *err,
                    size_t errlen)
{
	size_t len;
	char *text = plat_readfile(name, &len, err, errlen);
	if (text == NULL)
		return 0;
	String *s = str_new(vm, text, len);
	plat_freefile(text);
	Value sv;
	setsvalue(&sv, s);
	vm_pushvalue(vm, &sv);   /* keep it on the stack while allocating */
	Internal *f = internal_new(vm, IO_FILECLASS, 1);
	f->data[0] = IO_MEMFILE;
	f->uvalue[0] = sv;
	f->metatable = tvalue(tab_getint(iostate(vm, ci), 3));
	vm_pop(vm, 1);
	Value fv;
	setgcovalue(&fv, f);
	vm_pushvalue(vm, &fv);
	return 1;
}

static int checkmode(const char *mode)
{
	return *mode != '\0' && strchr("rwa", *mode++) != NULL &&
	       (*mode != '+' || (++mode, 1)) && strspn(mode, "b") == strlen(mode);
}

static int io_open(VM *vm, CallInfo *ci)
{
	const char *name = vm_checklstring(vm, 1, NULL);
	const char *mode = vm_optlstring(vm, 2, "r", NULL);
	vm_argcheck(vm, checkmode(mode), 2, "invalid mode");
	char err[200];
	if (mode[0] != 'r' || mode[1] == '+') {
		snprintf(err, sizeof err, "Operation not supported");
	} else if (openread(vm, ci, name, err, sizeof err)) {
		return 1;
	}
	vm_pushnil(vm);
	vm_pushfstring(vm, "%s: %s", name, err);
	vm_pushinteger(vm, strcmp(err, "No such file or directory") == 0 ? 2 : 95);
	return 3;
}

/* io.input / io.output: get or set a default file (which = 1 or 2). */
static int g_iofile(VM *vm, CallInfo *ci, int which)
{
	Table *st = iostate(vm, ci);
	if (!ttisnil(vm_arg(vm, 1))) {
		Value fv;
		if (ttisstring(vm_arg(vm, 1))) {
			char err[200];
			const char *name = getstr(strvalue(vm_arg(vm, 1)));
			if (which == 2 || !openread(vm, ci, name, err, sizeof err))
				vm_error(vm, "cannot open file '%s' (%s)", name,
				         which == 2 ? "Operation not supported" : err);
			fv = *vm_top(vm, 1);
		} else {
			tofile(vm, 1);
			fv = *vm_arg(vm, 1);
		}
		tab_setint(vm, st, which, &fv);
	}
	Value r = *tab_getint(st, which);
	vm_pushvalue(vm, &r);
	return 1;
}

static int io_input(VM *vm, CallInfo *ci) { return g_iofile(vm, ci, 1); }
static int io_output(VM *vm, CallInfo *ci) { return g_iofile(vm, ci, 2); }

/* ---- lines -------------------------------------------------------------- */

/* The iterator: upvalues {file, nformats, close at end?, formats...}. */
static int io_linesaux(VM *vm, CallInfo *ci)
{
	BClosure *cl = clBvalue(s2v(vm->L, ci->func));
	Internal *f = internalvalue(&cl->upvalue[0]);
	int n = (int)ivalue(&cl->upvalue[1]);
	if (f->data[1])
		vm_error(vm, "file is already closed");
	/* the formats go above the arguments, which stay as they came: a read
	 * that must wait leaves the frame as it was entered */
	int top0 = vm_gettop(vm);
	for (int i = 0; i < n; i++) {
		cl = clBvalue(s2v(vm->L, ci->func));
		Value v = cl->upvalue[3 + i];
		vm_pushvalue(vm, &v);
	}
	int r = g_read(vm, f, top0 + 1, top0 + n, 2);
	if (r == BI_BLOCK) {
		vm_settop(vm, top0);
		return r;
	}
	if (!l_isfalse(vm_top(vm, r)))
		return r;
	if (r > 1 && ttisstring(vm_top(vm, r - 1)))
		vm_error(vm, "%s", getstr(strvalue(vm_top(vm, r - 1))));
	cl = clBvalue(s2v(vm->L, ci->func));
	if (ttistrue(&cl->upvalue[2]))
		aux_close(vm, f);
	return 0;
}

static int aux_lines(VM *vm, const Value *fv, int first, int toclose)
{
	int n = vm_nargs(vm) - first + 1;
	if (n < 0)
		n = 0;
	vm_argcheck(vm, n <= 250, 250 + 2, "too many arguments");
	BClosure *cl = vm_pushbclosure(vm, BUILTIN_ID(BLIB_IO, IO_LINESAUX), n + 3);
	cl->upvalue[0] = *fv;
	setivalue(&cl->upvalue[1], n);
	setbool(&cl->upvalue[2], toclose);
	for (int i = 0; i < n; i++)
		cl->upvalue[3 + i] = *vm_arg(vm, first + i);
	return 1;
}

static int f_lines(VM *vm, CallInfo *ci)
{
	tofile(vm, 1);
	Value fv = *vm_arg(vm, 1);
	return aux_lines(vm, &fv, 2, 0);
}

static int io_lines(VM *vm, CallInfo *ci)
{
	Value fv;
	if (ttisnil(vm_arg(vm, 1))) {
		fv = *defaultfile(vm, ci, 1);
		if (isfile(&fv)->data[1])
			vm_error(vm, "attempt to use a closed file");
		return aux_lines(vm, &fv, 2, 0);
	}
	char err[200];
	const char *name = vm_checklstring(vm, 1, NULL);
	if (!openread(vm, ci, name, err, sizeof err))
		vm_error(vm, "cannot open file '%s' (%s)", name, err);
	fv = *vm_top(vm, 1);
	vm_pop(vm, 1);
	aux_lines(vm, &fv, 2, 1);
	vm_pushnil(vm);
	vm_pushnil(vm);
	vm_pushvalue(vm, &fv);
	return 4;
}

/* ---- the library -------------------------------------------------------- */

static const BuiltinReg io_regs[IO_NBUILTINS] = {
	[IO_CLOSE] = {"close", io_close}, [IO_FLUSH] = {"flush", io_flush},
	[IO_INPUT] = {"input", io_input}, [IO_LINES] = {"lines", io_lines},
	[IO_OPEN] = {"open", io_open}, [IO_OUTPUT] = {"output", io_output},
	[IO_READ] = {"read", io_read}, [IO_TYPE] = {"type", io_type},
	[IO_WRITE] = {"write", io_write},
	[IO_FCLOSE] = {NULL, f_close}, [IO_FFLUSH] = {NULL, f_flush},
	[IO_FLINES] = {NULL, f_lines}, [IO_FREAD] = {NULL, f_read},
	[IO_FSEEK] = {NULL, f_seek}, [IO_FSETVBUF] = {NULL, f_setvbuf},
	[IO_FWRITE] = {NULL, f_write}, [IO_FTOSTRING] = {NULL, f_tostring},
	[IO_LINESAUX] = {NULL, io_linesaux},
};

static void setfield(VM *vm, Table *t, const char *k, const Value *v)
{
	tab_setstr(vm, t, str_newz(vm, k), v);
}

static void setbuiltinfield(VM *vm, Table *t, const char *k, int idx)
{
	Value v;
	setbuiltin(&v, BUILTIN_ID(BLIB_IO, idx));
	setfield(vm, t, k, &v);
}

static void io_open_lib(VM *vm, Table *lib)
{
	/* the FILE* metatable, kept in the state table for files opened later */
	Table *mt = tab_new(vm), *methods = tab_new(vm);
	Value v;
	static const struct { const char *name; int idx; } meths[] = {
		{"close", IO_FCLOSE}, {"flush", IO_FFLUSH}, {"lines", IO_FLINES},
		{"read", IO_FREAD}, {"seek", IO_FSEEK}, {"setvbuf", IO_FSETVBUF},
		{"write", IO_FWRITE},
	};
	for (size_t i = 0; i < sizeof meths / sizeof meths[0]; i++)
		setbuiltinfield(vm, methods, meths[i].name, meths[i].idx);
	setgcovalue(&v, methods);
	setfield(vm, mt, "__index", &v);
	setsvalue(&v, str_newz(vm, "FILE*"));
	setfield(vm, mt, "__name", &v);
	setbuiltinfield(vm, mt, "__tostring", IO_FTOSTRING);
	Table *st = tab_new(vm);
	setgcovalue(&v, mt);
	tab_setint(vm, st, 3, &v);
	static const char *const stdnames[] = {"stdin", "stdout", "stderr"};
	for (int k = 0; k < 3; k++) {
		Internal *f = internal_new(vm, IO_FILECLASS, 1);
		f->data[0] = (uint64_t)k;
		f->metatable = mt;
		setgcovalue(&v, f);
		setfield(vm, lib, stdnames[k], &v);
		if (k < 2)
			tab_setint(vm, st, k + 1, &v);
	}
	/* the functions that use the default files close over the state */
	static const int withstate[] = {IO_CLOSE, IO_INPUT, IO_LINES, IO_OPEN,
	                                IO_OUTPUT, IO_READ, IO_WRITE};
	for (size_t i = 0; i < sizeof withstate / sizeof withstate[0]; i++) {
		BClosure *cl = func_newBclosure(vm, BUILTIN_ID(BLIB_IO, withstate[i]), 1);
		setgcovalue(&cl->upvalue[0], st);
		setgcovalue(&v, cl);
		setfield(vm, lib, io_regs[withstate[i]].name, &v);
	}
}

const BuiltinLib vm_lib_io = {
	BLIB_IO, "io", io_regs, IO_NBUILTINS, io_open_lib
};
