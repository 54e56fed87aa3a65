/*
 * bytecode.c: the per-opcode tables of vm/opcodes.h (ORDER OP), generated
 * from the OPCODES X-macro so they cannot drift from it.
 */
#include "vm/bytecode.h"

#define X_NAME(name, fmt, pops, pushes) #name,
const char *const vm_opnames[NUM_OPCODES] = { OPCODES(X_NAME) };
#undef X_NAME

#define X_FMT(name, fmt, pops, pushes) fmt,
const uint8_t vm_opformats[NUM_OPCODES] = { OPCODES(X_FMT) };
#undef X_FMT

#define X_POPS(name, fmt, pops, pushes) pops,
const int8_t vm_oppops[NUM_OPCODES] = { OPCODES(X_POPS) };
#undef X_POPS

#define X_PUSHES(name, fmt, pops, pushes) pushes,
const int8_t vm_oppushes[NUM_OPCODES] = { OPCODES(X_PUSHES) };
#undef X_PUSHES

_Static_assert(NUM_OPCODES <= 256, "opcodes must fit in 8 bits");
_Static_assert(sizeof(vm_opnames) / sizeof(vm_opnames[0]) == NUM_OPCODES, "ORDER OP");
_Static_assert(sizeof(vm_opformats) == NUM_OPCODES, "ORDER OP");
_Static_assert(sizeof(vm_oppops) == NUM_OPCODES, "ORDER OP");
_Static_assert(sizeof(vm_oppushes) == NUM_OPCODES, "ORDER OP");
_Static_assert(sizeof(Instruction) == 4, "instructions are 32-bit words");

/* ---- file format ---------------------------------------------------------------
 *
 * Payload, per function (u8/u32/i64/f64 little-endian; str = u32 length+1,
 * 0 for none, then the bytes):
 *   str source (main function only; children share it; none when stripped)
 *   u32 linedefined, u32 lastlinedefined, u8 numparams, u8 is_vararg,
 *   u8 maxstack
 *   u32 ncode, ncode x u32
 *   u32 nk, nk x (u8 tag, then i64 | f64 | str | nothing)
 *   u32 nupvalues, nupvalues x (u8 instack, u8 idx)
 *   u32 nprotos, the nested functions
 *   u32 nlineinfo (0 or ncode), nlineinfo x u32
 *   u32 nlocvars, nlocvars x (str name, u32 startpc, u32 endpc, u32 slot)
 *   u32 nupnames (0 or nupvalues), nupnames x str
 */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vm/func.h"
#include "vm/omem.h"
#include "vm/string.h"
#include "vm/verify.h"

uint32_t bc_crc32(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t crc = 0xFFFFFFFFu;
	for (size_t i = 0; i < len; i++) {
		crc ^= p[i];
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
	}
	return ~crc;
}

int bc_isbinary(const char *buf, size_t len)
{
	return len > 0 && buf[0] == '\x1b';
}

/* ---- dump ---- */

typedef struct Writer {
	char *b;
	size_t n, size;
	int failed;
} Writer;

static void wbytes(Writer *w, const void *p, size_t len)
{
	if (w->failed)
		return;
	if (w->n + len > w->size) {
		size_t ns = w->size ? w->size * 2 : 1024;
		while (ns < w->n + len)
			ns *= 2;
		char *nb = realloc(w->b, ns);
		if (nb == NULL) {
			w->failed = 1;
			return;
		}
		w->b = nb;
		w->size = ns;
	}
	memcpy(w->b + w->n, p, len);
	w->n += len;
}

static void wu8(Writer *w, unsigned v)
{
	uint8_t b = (uint8_t)v;
	wbytes(w, &b, 1);
}

static void wu32(Writer *w, uint32_t v)
{
	uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
	wbytes(w, b, 4);
}

static void wu64(Writer *w, uint64_t v)
{
	wu32(w, (uint32_t)v);
	wu32(w, (uint32_t)(v >> 32));
}

static void wf64(Writer *w, double d)
{
	uint64_t u;
	memcpy(&u, &d, 8);
	wu64(w, u);
}

static void wstr(Writer *w, const String *s)
{
	if (s == NULL) {
		wu32(w, 0);
		return;
	}
	size_t len = tsslen(s);
	wu32(w, (uint32_t)len + 1);
	wbytes(w, getstr(s), len);
}

static void dumpfunc(Writer *w, const Proto *p, int strip, int ismain)
{
	if (ismain)
		wstr(w, strip ? NULL : p->source);
	wu32(w, (uint32_t)p->linedefined);
	wu32(w, (uint32_t)p->lastlinedefined);
	wu8(w, p->numparams);
	wu8(w, p->is_vararg);
	wu8(w, p->maxstack);
	wu32(w, (uint32_t)p->sizecode);
	for (int i = 0; i < p->sizecode; i++)
		wu32(w, p->code[i]);
	wu32(w, (uint32_t)p->sizek);
	for (int i = 0; i < p->sizek; i++) {
		const Value *k = &p->k[i];
		uint8_t tag = ttypetag(k);
		wu8(w, tag);
		if (ttisinteger(k))
			wu64(w, (uint64_t)ivalue(k));
		else if (ttisfloat(k))
			wf64(w, fltvalue(k));
		else if (ttisstring(k))
			wstr(w, strvalue(k));
	}
	wu32(w, (uint32_t)p->sizeupvalues);
	for (int i = 0; i < p->sizeupvalues; i++) {
		wu8(w, p->upvalues[i].instack);
		wu8(w, p->upvalues[i].idx);
	}
	wu32(w, (uint32_t)p->sizep);
	for (int i = 0; i < p->sizep; i++)
		dumpfunc(w, p->p[i], strip, 0);
	int nline = strip ? 0 : p->sizelineinfo;
	wu32(w, (uint32_t)nline);
	for (int i = 0; i < nline; i++)
		wu32(w, (uint32_t)p->lineinfo[i]);
	int nloc = strip ? 0 : p->sizelocvars;
	wu32(w, (uint32_t)nloc);
	for (int i = 0; i < nloc; i++) {
		wstr(w, p->locvars[i].varname);
		wu32(w, (uint32_t)p->locvars[i].startpc);
		wu32(w, (uint32_t)p->locvars[i].endpc);
		wu32(w, (uint32_t)p->locvars[i].slot);
	}
	int nup = strip ? 0 : p->sizeupvalues;
	wu32(w, (uint32_t)nup);
	for (int i = 0; i < nup; i++)
		wstr(w, p->upvalues[i].name);
}

char *bc_dump(const Proto *p, int strip, size_t *len)
{
	Writer w = {NULL, 0, 0, 0};
	char header[BC_HEADERSIZE] = {0};
	wbytes(&w, header, sizeof header);     /* filled in below */
	dumpfunc(&w, p, strip, 1);
	if (w.failed) {
		free(w.b);
		return NULL;
	}
	size_t payload = w.n - BC_HEADERSIZE;
	Writer h = {header, 0, sizeof header, 0};
	wbytes(&h, BC_MAGIC, 4);
	wu8(&h, BC_VERSION);
	wu8(&h, sizeof(Instruction));
	wu8(&h, sizeof(int64_t));
	wu8(&h, sizeof(double));
	wu64(&h, (uint64_t)BC_TESTINT);
	wf64(&h, BC_TESTNUM);
	memcpy(w.b, header, 24);
	h.b = w.b;
	h.n = 24;
	wu32(&h, (uint32_t)payload);
	wu32(&h, bc_crc32(w.b + BC_HEADERSIZE, payload));
	*len = w.n;
	return w.b;
}

/* ---- load ---- */

typedef struct Reader {
	VM *vm;
	const uint8_t *p, *end;
	const char *name;          /* for messages */
	jmp_buf jb;
	char why[200];
} Reader;

static _Noreturn void rerror(Reader *r, const char *why)
{
	snprintf(r->why, sizeof r->why, "%s", why);
	longjmp(r->jb, 1);
}

static void need(Reader *r, size_t n)
{
	if ((size_t)(r->end - r->p) < n)
		rerror(r, "truncated chunk");
}

static unsigned ru8(Reader *r)
{
	need(r, 1);
	return *r->p++;
}

static uint32_t ru32(Reader *r)
{
	need(r, 4);
	uint32_t v = (uint32_t)r->p[0] | (uint32_t)r->p[1] << 8 |
		(uint32_t)r->p[2] << 16 | (uint32_t)r->p[3] << 24;
	r->p += 4;
	return v;
}

static uint64_t ru64(Reader *r)
{
	uint64_t lo = ru32(r);
	return lo | (uint64_t)ru32(r) << 32;
}

static double rf64(Reader *r)
{
	uint64_t u = ru64(r);
	double d;
	memcpy(&d, &u, 8);
	return d;
}

/* A count of items of at least `minsize` bytes each: never more than the
 * rest of the input could hold (no huge allocation from a bogus count). */
static int rcount(Reader *r, size_t minsize, uint32_t limit)
{
	uint32_t n = ru32(r);
	if (n > limit)
		rerror(r, "count too large");
	need(r, (size_t)n * minsize);
	return (int)n;
}

static String *rstr(Reader *r)
{
	uint32_t n = ru32(r);
	if (n == 0)
		return NULL;
	need(r, n - 1);
	String *s = str_new(r->vm, (const char *)r->p, n - 1);
	r->p += n - 1;
	return s;
}

static void loadconstants(Reader *r, Proto *p)
{
	int n = rcount(r, 1, A24_MAX + 1);
	p->k = om_newvector(r->vm, n, Value);
	for (int i = 0; i < n; i++)
		setnilvalue(&p->k[i]);
	p->sizek = n;
	for (int i = 0; i < n; i++) {
		Value *k = &p->k[i];
		switch (ru8(r)) {
		case VNIL: setnilvalue(k); break;
		case VFALSE: setfalse(k); break;
		case VTRUE: settrue(k); break;
		case VNUMINT: setivalue(k, (int64_t)ru64(r)); break;
		case VNUMFLT: setfltvalue(k, rf64(r)); break;
		case VSHRSTR: case VLNGSTR: {
			String *s = rstr(r);
			if (s == NULL)
				rerror(r, "missing string constant");
			setsvalue(k, s);
			break;
		}
		default: rerror(r, "bad constant tag");
		}
	}
}

static Proto *loadfunc(Reader *r, String *psource, int depth)
{
	VM *vm = r->vm;
	if (depth > BC_MAXNESTING)
		rerror(r, "too deeply nested functions");
	Proto *p = func_newproto(vm);
	p->source = depth == 0 ? rstr(r) : psource;
	if (p->source == NULL)
		p->source = str_new(vm, "=?", 2);
	p->linedefined = (int32_t)ru32(r);
	p->lastlinedefined = (int32_t)ru32(r);
	p->numparams = (uint8_t)ru8(r);
	p->is_vararg = (uint8_t)ru8(r);
	p->maxstack = (uint8_t)ru8(r);
	int n = rcount(r, 4, 1u << 26);
	p->code = om_newvector(vm, n, Instruction);
	for (int i = 0; i < n; i++)
		p->code[i] = ru32(r);
	p->sizecode = n;
	loadconstants(r, p);
	n = rcount(r, 2, MAX_UPVALUES);
	p->upvalues = om_newvector(vm, n, Upvaldesc);
	if (n > 0)    /* an empty vector is NULL: no memset on it */
	memset(p->upvalues, 0, sizeof(Upvaldesc) * (size_t)n);
	p->sizeupvalues = n;
	for (int i = 0; i < n; i++) {
		p->upvalues[i].instack = (uint8_t)ru8(r);
		p->upvalues[i].idx = (uint8_t)ru8(r);
	}
	n = rcount(r, 30, A24_MAX + 1);
	p->p = om_newvector(vm, n, Proto *);
	if (n > 0)    /* an empty vector is NULL: no memset on it */
	memset(p->p, 0, sizeof(Proto *) * (size_t)n);
	p->sizep = n;
	for (int i = 0; i < n; i++)
		p->p[i] = loadfunc(r, p->source, depth + 1);
	n = rcount(r, 4, 1u << 26);
	if (n != 0 && n != p->sizecode)
		rerror(r, "bad line information");
	p->lineinfo = om_newvector(vm, n, int32_t);
	for (int i = 0; i < n; i++)
		p->lineinfo[i] = (int32_t)ru32(r);
	p->sizelineinfo = n;
	n = rcount(r, 16, 1u << 26);
	p->locvars = om_newvector(vm, n, LocVar);
	if (n > 0)    /* an empty vector is NULL: no memset on it */
	memset(p->locvars, 0, sizeof(LocVar) * (size_t)n);
	p->sizelocvars = n;
	for (int i = 0; i < n; i++) {
		p->locvars[i].varname = rstr(r);
		p->locvars[i].startpc = (int32_t)ru32(r);
		p->locvars[i].endpc = (int32_t)ru32(r);
		p->locvars[i].slot = (int32_t)ru32(r);
	}
	n = rcount(r, 4, MAX_UPVALUES);
	if (n != 0 && n != p->sizeupvalues)
		rerror(r, "bad upvalue names");
	for (int i = 0; i < n; i++)
		p->upvalues[i].name = rstr(r);
	return p;
}

static void checkheader(Reader *r, size_t len)
{
	if (len < 4 || memcmp(r->p, BC_MAGIC, 4) != 0)
		rerror(r, "not a binary chunk");
	r->p += 4;
	if (ru8(r) != BC_VERSION)
		rerror(r, "version mismatch");
	if (ru8(r) != sizeof(Instruction))
		rerror(r, "Instruction size mismatch");
	if (ru8(r) != sizeof(int64_t))
		rerror(r, "integer size mismatch");
	if (ru8(r) != sizeof(double))
		rerror(r, "float size mismatch");
	if ((int64_t)ru64(r) != BC_TESTINT)
		rerror(r, "integer format mismatch");
	if (rf64(r) != BC_TESTNUM)
		rerror(r, "float format mismatch");
	uint32_t size = ru32(r);
	uint32_t crc = ru32(r);
	if ((size_t)(r->end - r->p) < size)
		rerror(r, "truncated chunk");
	if ((size_t)(r->end - r->p) > size)
		rerror(r, "payload size mismatch");
	if (bc_crc32(r->p, size) != crc)
		rerror(r, "checksum mismatch");
}

Proto *bc_load(VM *vm, const char *buf, size_t len, const char *chunkname,
	String **err)
{
	Reader r;
	char msg[400];
	r.vm = vm;
	r.p = (const uint8_t *)buf;
	r.end = r.p + len;
	if (*chunkname == '@' || *chunkname == '=')
		r.name = chunkname + 1;
	else if (*chunkname == '\x1b')
		r.name = "binary string";
	else
		r.name = chunkname;
	if (setjmp(r.jb) != 0) {
		snprintf(msg, sizeof msg, "%s: bad binary format (%s)", r.name, r.why);
		*err = str_new(vm, msg, strlen(msg));
		return NULL;
	}
	checkheader(&r, len);
	Proto *p = loadfunc(&r, NULL, 0);
	if (r.p != r.end)
		rerror(&r, "trailing data");
	if (!verify_proto(p, r.why, sizeof r.why)) {
		snprintf(msg, sizeof msg, "%s: bad bytecode (%s)", r.name, r.why);
		*err = str_new(vm, msg, strlen(msg));
		return NULL;
	}
	return p;
}
