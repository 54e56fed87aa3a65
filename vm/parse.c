/*
 * parse.c: the Lua 5.4 parser of Amber's compiler (recursive descent, one
 * pass), driving vm/code.c; and vm_compile, which turns the finished C-side
 * prototypes into Proto objects in object memory.
 *
 * Scopes: every active local occupies one stack slot, in declaration order,
 * so at a statement boundary the stack depth equals the number of active
 * locals. Leaving a block pops its locals (after a CLOSE if one of them was
 * captured). Gotos and breaks leave through placeholders (three words: room
 * for CLOSE, POP and JMP) filled when their label is found, since only then
 * the number of values to pop is known; a backward goto is emitted exactly.
 * Lua 5.4's rules for labels hold: a label is visible in its block and the
 * nested ones, may not repeat a visible label, and a goto may not jump into
 * the scope of a local, except to a label at the end of its block.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vm/parse.h"
#include "vm/func.h"
#include "vm/omem.h"
#include "vm/string.h"

#define MAXCLEVELS 200          /* nesting of statements/expressions */

typedef struct LHS {
	struct LHS *prev;
	ExpDesc v;
	int tslot;                  /* stack slot of its table (multi assign) */
} LHS;

static void statement(LexState *ls);
static void expr(LexState *ls, ExpDesc *v);

/* ---- helpers ---------------------------------------------------------------- */

static void enterlevel(LexState *ls)
{
	if (++ls->nlevels > MAXCLEVELS)
		arena_error(ls->arena, "C stack overflow");
}

#define leavelevel(ls) ((ls)->nlevels--)

static _Noreturn void error_expected(LexState *ls, int token)
{
	char tb[32], msg[64];
	snprintf(msg, sizeof msg, "%s expected", lex_token2str(ls, token, tb, sizeof tb));
	lex_syntaxerror(ls, msg);
}

static _Noreturn void errorlimit(FuncState *fs, int limit, const char *what)
{
	char msg[128], where[48];
	int line = fs->f->linedefined;
	if (line == 0)
		snprintf(where, sizeof where, "main function");
	else
		snprintf(where, sizeof where, "function at line %d", line);
	snprintf(msg, sizeof msg, "too many %s (limit is %d) in %s", what, limit, where);
	lex_syntaxerror(fs->ls, msg);
}

static int testnext(LexState *ls, int c)
{
	if (ls->t.token != c)
		return 0;
	lex_next(ls);
	return 1;
}

static void check(LexState *ls, int c)
{
	if (ls->t.token != c)
		error_expected(ls, c);
}

static void checknext(LexState *ls, int c)
{
	check(ls, c);
	lex_next(ls);
}

#define check_condition(ls, c, msg) do { if (!(c)) lex_syntaxerror(ls, msg); } while (0)

static void check_match(LexState *ls, int what, int who, int where)
{
	if (testnext(ls, what))
		return;
	if (where == ls->linenumber)
		error_expected(ls, what);
	char t1[32], t2[32], msg[128];
	snprintf(msg, sizeof msg, "%s expected (to close %s at line %d)",
		lex_token2str(ls, what, t1, sizeof t1), lex_token2str(ls, who, t2, sizeof t2), where);
	lex_syntaxerror(ls, msg);
}

static CStr *str_checkname(LexState *ls)
{
	check(ls, TK_NAME);
	CStr *s = ls->t.seminfo.s;
	lex_next(ls);
	return s;
}

static void codestring(ExpDesc *e, CStr *s)
{
	code_init(e, EKSTR, 0);
	e->u.strval = s;
}

static int block_follow(LexState *ls, int withuntil)
{
	switch (ls->t.token) {
	case TK_ELSE: case TK_ELSEIF: case TK_END: case TK_EOS:
		return 1;
	case TK_UNTIL:
		return withuntil;
	default:
		return 0;
	}
}

static void *growvec(LexState *ls, void *v, int *size, int n, size_t elem)
{
	if (n < *size)
		return v;
	int ns = *size < 8 ? 8 : *size * 2;
	v = arena_grow(ls->arena, v, elem * (size_t)*size, elem * (size_t)ns);
	*size = ns;
	return v;
}

/* ---- variables --------------------------------------------------------------- */

static VarDesc *getlocalvardesc(FuncState *fs, int vidx)
{
	return &fs->ls->dyd->actvar[fs->firstlocal + vidx];
}

static int new_localvar(LexState *ls, CStr *name)
{
	FuncState *fs = ls->fs;
	DynData *dyd = ls->dyd;
	if (dyd->nactvar + 1 - fs->firstlocal > MAX_LOCALS)
		errorlimit(fs, MAX_LOCALS, "local variables");
	dyd->actvar = growvec(ls, dyd->actvar, &dyd->sizeactvar, dyd->nactvar, sizeof(VarDesc));
	VarDesc *v = &dyd->actvar[dyd->nactvar++];
	v->name = name;
	v->kind = VDKREG;
	return dyd->nactvar - 1 - fs->firstlocal;
}

static int registerlocalvar(LexState *ls, FuncState *fs, CStr *name, int slot)
{
	CProto *f = fs->f;
	f->locvars = growvec(ls, f->locvars, &f->sizelocvars, f->nlocvars, sizeof(CLocVar));
	f->locvars[f->nlocvars] = (CLocVar){name, fs->pc, fs->pc, slot};
	return f->nlocvars++;
}

/* Activate the last nvars declared locals: they are the top nvars values. */
static void adjustlocalvars(LexState *ls, int nvars)
{
	FuncState *fs = ls->fs;
	for (int i = 0; i < nvars; i++) {
		int vidx = fs->nactvar++;
		VarDesc *var = getlocalvardesc(fs, vidx);
		var->slot = vidx;
		var->pidx = registerlocalvar(ls, fs, var->name, vidx);
	}
}

static void removevars(FuncState *fs, int tolevel)
{
	fs->ls->dyd->nactvar -= fs->nactvar - tolevel;
	while (fs->nactvar > tolevel) {
		VarDesc *var = getlocalvardesc(fs, --fs->nactvar);
		fs->f->locvars[var->pidx].endpc = fs->pc;
	}
}

static int searchupvalue(FuncState *fs, CStr *name)
{
	for (int i = 0; i < fs->f->nups; i++)
		if (fs->f->upvalues[i].name == name)
			return i;
	return -1;
}

static int newupvalue(FuncState *fs, CStr *name, ExpDesc *v)
{
	CProto *f = fs->f;
	FuncState *prev = fs->prev;
	if (f->nups + 1 > MAX_UPVALUES)
		errorlimit(fs, MAX_UPVALUES, "upvalues");
	f->upvalues = growvec(fs->ls, f->upvalues, &f->sizeups, f->nups, sizeof(CUpval));
	CUpval *up = &f->upvalues[f->nups];
	up->name = name;
	if (v->k == ELOCAL) {
		up->instack = 1;
		up->idx = (uint8_t)v->u.var.slot;
		up->kind = getlocalvardesc(prev, v->u.var.vidx)->kind;
	} else {
		up->instack = 0;
		up->idx = (uint8_t)v->u.info;
		up->kind = prev->f->upvalues[v->u.info].kind;
	}
	return f->nups++;
}

static int searchvar(FuncState *fs, CStr *n, ExpDesc *var)
{
	for (int i = fs->nactvar - 1; i >= 0; i--) {
		VarDesc *vd = getlocalvardesc(fs, i);
		if (vd->name == n) {
			code_init(var, ELOCAL, 0);
			var->u.var.slot = vd->slot;
			var->u.var.vidx = i;
			return 1;
		}
	}
	return 0;
}

/* Is an active local at slot >= level to be closed? (Slots are variable
 * indices.) */
static int hastbc(FuncState *fs, int level)
{
	for (int i = fs->nactvar - 1; i >= level; i--)
		if (getlocalvardesc(fs, i)->kind == VDKCLOSE)
			return 1;
	return 0;
}

/* Leave locals from slot `level` on: CLOSETBC when one is to be closed,
 * else CLOSE when one is captured (upval). */
static void closelocals(FuncState *fs, int level, int upval)
{
	if (hastbc(fs, level))
		code_emit(fs, CREATE_A(OP_CLOSETBC, level));
	else if (upval)
		code_emit(fs, CREATE_A(OP_CLOSE, level));
}

/* The block declaring local `level` has a captured variable. */
static void markupval(FuncState *fs, int level)
{
	BlockCnt *bl = fs->bl;
	while (bl->nactvar > level)
		bl = bl->previous;
	bl->upval = 1;
}

static void singlevaraux(FuncState *fs, CStr *n, ExpDesc *var, int base)
{
	if (fs == NULL) {
		code_init(var, EVOID, 0);       /* global */
		return;
	}
	if (searchvar(fs, n, var)) {
		if (!base)
			markupval(fs, var->u.var.vidx);
		return;
	}
	int idx = searchupvalue(fs, n);
	if (idx < 0) {
		singlevaraux(fs->prev, n, var, 0);
		if (var->k != ELOCAL && var->k != EUPVAL)
			return;
		idx = newupvalue(fs, n, var);
	}
	code_init(var, EUPVAL, idx);
}

static void singlevar(LexState *ls, ExpDesc *var)
{
	CStr *name = str_checkname(ls);
	FuncState *fs = ls->fs;
	singlevaraux(fs, name, var, 1);
	if (var->k == EVOID) {              /* global: _ENV.name */
		ExpDesc key;
		singlevaraux(fs, ls->envname, var, 1);
		codestring(&key, name);
		code_indexed(fs, var, &key);
	}
}

static void check_readonly(LexState *ls, ExpDesc *e)
{
	FuncState *fs = ls->fs;
	CStr *name = NULL;
	if (e->k == ELOCAL) {
		VarDesc *vd = getlocalvardesc(fs, e->u.var.vidx);
		if (vd->kind != VDKREG)
			name = vd->name;
	} else if (e->k == EUPVAL) {
		CUpval *up = &fs->f->upvalues[e->u.info];
		if (up->kind != VDKREG)
			name = up->name;
	}
	if (name != NULL) {
		char msg[300];
		snprintf(msg, sizeof msg, "attempt to assign to const variable '%s'", name->s);
		lex_semerror(ls, msg);
	}
}

/* ---- labels and gotos -------------------------------------------------------------- */

static LabelDesc *newlabelentry(LexState *ls, LabelList *l, CStr *name, int line, int pc)
{
	FuncState *fs = ls->fs;
	l->arr = growvec(ls, l->arr, &l->size, l->n, sizeof(LabelDesc));
	LabelDesc *d = &l->arr[l->n++];
	*d = (LabelDesc){name, pc, line, fs->nactvar, fs->depth, -1, 0};
	return d;
}

static LabelDesc *findlabel(LexState *ls, CStr *name)
{
	DynData *dyd = ls->dyd;
	for (int i = ls->fs->firstlabel; i < dyd->label.n; i++)
		if (dyd->label.arr[i].name == name)
			return &dyd->label.arr[i];
	return NULL;
}

/* A forward goto: three placeholder words, filled by solvegoto. */
static void newgotoentry(LexState *ls, CStr *name, int line)
{
	FuncState *fs = ls->fs;
	int pc = code_emitd(fs, CREATE_A(OP_NOP, 0), 0);
	code_emitd(fs, CREATE_A(OP_NOP, 0), 0);
	code_emitd(fs, CREATE_sA(OP_JMP, NO_JUMP), 0);
	newlabelentry(ls, &ls->dyd->gt, name, line, pc);
}

static _Noreturn void jumpscopeerror(LexState *ls, LabelDesc *gt)
{
	char msg[400];
	const char *varname = getlocalvardesc(ls->fs, gt->nactvar)->name->s;
	snprintf(msg, sizeof msg, "<goto %s> at line %d jumps into the scope of local '%s'",
		gt->name->s, gt->line, varname);
	lex_semerror(ls, msg);
}

/* Fill the goto's placeholders: close, pop down to the label, jump. */
static void solvegoto(LexState *ls, int g, LabelDesc *label)
{
	FuncState *fs = ls->fs;
	LabelList *gl = &ls->dyd->gt;
	LabelDesc *gt = &gl->arr[g];
	if (gt->nactvar < label->nactvar)
		jumpscopeerror(ls, gt);
	Instruction *code = fs->f->code;
	int pc = gt->pc, n = gt->depth - label->depth;
	if (gt->close >= 0 && n > 0)
		code[pc++] = CREATE_A(gt->tbc ? OP_CLOSETBC : OP_CLOSE, gt->close);
	if (n > 0)
		code[pc++] = CREATE_A(OP_POP, n);
	code[pc] = CREATE_sA(OP_JMP, label->pc - (pc + 1));
	for (pc++; pc < gt->pc + 3; pc++)
		code[pc] = CREATE_A(OP_NOP, 0);
	memmove(&gl->arr[g], &gl->arr[g + 1], sizeof(LabelDesc) * (size_t)(gl->n - g - 1));
	gl->n--;
}

static void solvegotos(LexState *ls, LabelDesc *lb)
{
	LabelList *gl = &ls->dyd->gt;
	int i = ls->fs->bl->firstgoto;
	while (i < gl->n) {
		if (gl->arr[i].name == lb->name)
			solvegoto(ls, i, lb);
		else
			i++;
	}
}

/* Pop (and close) the current block's locals before a label that ends it,
 * so that gotos from outside their scope may land there. */
static void cleanblock(FuncState *fs)
{
	BlockCnt *bl = fs->bl;
	if (fs->depth > bl->level)
		closelocals(fs, bl->level, bl->upval);
	code_pop(fs, fs->depth - bl->level);
	bl->cleaned = 1;
}

static void createlabel(LexState *ls, CStr *name, int line, int last)
{
	FuncState *fs = ls->fs;
	if (last && fs->bl->previous != NULL) {
		/* gotos of this block jump past its exit code: they close too */
		BlockCnt *bl = fs->bl;
		int tbc = hastbc(fs, bl->level);
		LabelList *gl = &ls->dyd->gt;
		for (int i = bl->firstgoto; i < gl->n && (tbc || bl->upval); i++) {
			LabelDesc *gt = &gl->arr[i];
			if (gt->name != name || gt->depth <= bl->level)
				continue;
			if (gt->close < 0 || gt->close > bl->level)
				gt->close = bl->level;
			gt->tbc |= tbc;
		}
		cleanblock(fs);
	}
	LabelDesc *l = newlabelentry(ls, &ls->dyd->label, name, line, code_getlabel(fs));
	if (last) {
		l->nactvar = fs->bl->nactvar;
		l->depth = fs->bl->level;
	}
	LabelDesc copy = *l;
	solvegotos(ls, &copy);
}

/* Pending gotos leave the block: they will close its captured locals. */
static void movegotosout(FuncState *fs, BlockCnt *bl)
{
	LabelList *gl = &fs->ls->dyd->gt;
	for (int i = bl->firstgoto; i < gl->n; i++) {
		LabelDesc *gt = &gl->arr[i];
		if (gt->nactvar > bl->nactvar && (bl->upval || bl->tbc)) {
			gt->close = bl->level;
			gt->tbc |= bl->tbc;
		}
		if (gt->nactvar > bl->nactvar)
			gt->nactvar = bl->nactvar;
	}
}

static _Noreturn void undefgoto(LexState *ls, LabelDesc *gt)
{
	char msg[300];
	if (strcmp(gt->name->s, "break") == 0)
		snprintf(msg, sizeof msg, "break outside loop at line %d", gt->line);
	else
		snprintf(msg, sizeof msg, "no visible label '%s' for <goto> at line %d",
			gt->name->s, gt->line);
	lex_semerror(ls, msg);
}

/* ---- blocks -------------------------------------------------------------------------- */

static void enterblock(FuncState *fs, BlockCnt *bl, int isloop)
{
	bl->isloop = (uint8_t)isloop;
	bl->nactvar = fs->nactvar;
	bl->level = fs->depth;
	bl->firstlabel = fs->ls->dyd->label.n;
	bl->firstgoto = fs->ls->dyd->gt.n;
	bl->upval = 0;
	bl->cleaned = 0;
	bl->tbc = 0;
	bl->previous = fs->bl;
	fs->bl = bl;
}

/* Leave a block; `keep`: its values stay on the stack (for-loop variables,
 * popped by the enclosing loop block). */
static void leaveblock_(FuncState *fs, int keep)
{
	BlockCnt *bl = fs->bl;
	LexState *ls = fs->ls;
	bl->tbc = (uint8_t)hastbc(fs, bl->level);
	if (bl->previous != NULL && !bl->cleaned) {
		if (fs->depth > bl->level)
			closelocals(fs, bl->level, bl->upval);
		if (!keep)
			code_pop(fs, fs->depth - bl->level);
	}
	removevars(fs, bl->nactvar);
	movegotosout(fs, bl);
	if (bl->isloop)
		createlabel(ls, lex_newstr(ls->arena, "break", 5), 0, 0);
	ls->dyd->label.n = bl->firstlabel;
	if (bl->previous == NULL && bl->firstgoto < ls->dyd->gt.n)
		undefgoto(ls, &ls->dyd->gt.arr[bl->firstgoto]);
	fs->bl = bl->previous;
}

static void leaveblock(FuncState *fs)
{
	leaveblock_(fs, 0);
}

/* ---- functions ----------------------------------------------------------------------- */

static CProto *addprototype(LexState *ls)
{
	FuncState *fs = ls->fs;
	CProto *f = fs->f;
	f->p = growvec(ls, f->p, &f->sizep, f->np, sizeof(CProto *));
	if (f->np >= (int)A24_MAX)
		errorlimit(fs, (int)A24_MAX, "functions");
	CProto *clp = arena_alloc(ls->arena, sizeof(CProto));
	f->p[f->np++] = clp;
	return clp;
}

static void open_func(LexState *ls, FuncState *fs, CProto *f, BlockCnt *bl)
{
	memset(fs, 0, sizeof *fs);
	fs->f = f;
	fs->prev = ls->fs;
	fs->ls = ls;
	ls->fs = fs;
	fs->firstlocal = ls->dyd->nactvar;
	fs->firstlabel = ls->dyd->label.n;
	fs->bl = NULL;
	enterblock(fs, bl, 0);
}

static void close_func(LexState *ls)
{
	FuncState *fs = ls->fs;
	if (hastbc(fs, 0))
		code_emitd(fs, CREATE_A(OP_RETURNC, fs->depth), 0);
	else
		code_ret(fs, fs->nactvar, 0);
	leaveblock(fs);
	if (fs->f->maxstack < 1)
		fs->f->maxstack = 1;
	ls->fs = fs->prev;
}

/* ---- expressions ------------------------------------------------------------------------ */

static void fieldsel(LexState *ls, ExpDesc *v)
{
	ExpDesc key;
	lex_next(ls);                       /* skip '.' or ':' */
	codestring(&key, str_checkname(ls));
	code_indexed(ls->fs, v, &key);
}

/* The key of t[key], '[' already skipped. */
static void yindex(LexState *ls, ExpDesc *v)
{
	expr(ls, v);
	code_exp2val(ls->fs, v);
	checknext(ls, ']');
}

/* ---- table constructors ---- */

typedef struct ConsControl {
	ExpDesc v;                 /* last list item read */
	int tpos;                  /* the table's stack slot */
	int nh, na, tostore;       /* hash items, list items stored, pending */
} ConsControl;

/* name = exp, or [exp] = exp: stored right away into the table, which
 * sits below the pending list items. */
static void recfield(LexState *ls, ConsControl *cc)
{
	FuncState *fs = ls->fs;
	ExpDesc key, val;
	int duppc = -1;
	if (ls->t.token == TK_NAME) {
		codestring(&key, str_checkname(ls));
	} else {
		lex_next(ls);                   /* '[': the key may need the stack */
		duppc = code_emit(fs, CREATE_A(OP_DUP, cc->tostore));
		expr(ls, &key);
		code_exp2val(fs, &key);
		checknext(ls, ']');
		if (key.k == EKSTR && code_removelast(fs, duppc))
			duppc = -1;
	}
	checknext(ls, '=');
	cc->nh++;
	if (duppc < 0) {
		int ki = code_kstr(fs, key.u.strval);
		if ((unsigned)ki <= B16_MAX) {
			expr(ls, &val);
			code_push(fs, &val);
			code_emit(fs, CREATE_AB(OP_SETFIELDX, cc->tostore, ki));
			return;
		}
		code_emit(fs, CREATE_A(OP_DUP, cc->tostore));
	}
	code_push(fs, &key);
	expr(ls, &val);
	code_push(fs, &val);
	code_emit(fs, CREATE_A(OP_SETTABLE, 0));
}

static void closelistfield(FuncState *fs, ConsControl *cc)
{
	if (cc->v.k == EVOID)
		return;
	code_push(fs, &cc->v);
	cc->v.k = EVOID;
	if (++cc->tostore == 50) {
		code_setlist(fs, cc->tpos, cc->na, cc->tostore);
		cc->na += cc->tostore;
		cc->tostore = 0;
	}
}

static void lastlistfield(FuncState *fs, ConsControl *cc)
{
	if (cc->v.k == ECALL || cc->v.k == EVARARG) {
		code_setmulret(fs, &cc->v);
		code_setlist(fs, cc->tpos, cc->na, -1);
	} else {
		if (cc->v.k != EVOID) {
			code_push(fs, &cc->v);
			cc->tostore++;
		}
		if (cc->tostore > 0)
			code_setlist(fs, cc->tpos, cc->na, cc->tostore);
	}
	cc->na += cc->tostore;
}

static void constructor(LexState *ls, ExpDesc *t)
{
	FuncState *fs = ls->fs;
	int line = ls->linenumber;
	int pc = code_emit(fs, CREATE_AB(OP_NEWTABLE, 0, 0));
	ConsControl cc;
	cc.tpos = fs->depth - 1;
	cc.na = cc.nh = cc.tostore = 0;
	code_init(&cc.v, EVOID, 0);
	checknext(ls, '{');
	do {
		if (ls->t.token == '}')
			break;
		closelistfield(fs, &cc);
		if (ls->t.token == '[' ||
		    (ls->t.token == TK_NAME && lex_lookahead(ls) == '='))
			recfield(ls, &cc);
		else
			expr(ls, &cc.v);
	} while (testnext(ls, ',') || testnext(ls, ';'));
	check_match(ls, '}', '{', line);
	lastlistfield(fs, &cc);
	int na = cc.na > (int)A8_MAX ? (int)A8_MAX : cc.na;
	int nh = cc.nh > (int)B16_MAX ? (int)B16_MAX : cc.nh;
	fs->f->code[pc] = CREATE_AB(OP_NEWTABLE, na, nh);
	code_init(t, EPUSHED, 0);
}

/* ---- function bodies ---- */

static void setvararg(FuncState *fs)
{
	fs->f->is_vararg = 1;
}

static void parlist(LexState *ls)
{
	FuncState *fs = ls->fs;
	int nparams = 0, isvararg = 0;
	if (ls->t.token != ')') {
		do {
			switch (ls->t.token) {
			case TK_NAME:
				new_localvar(ls, str_checkname(ls));
				nparams++;
				break;
			case TK_DOTS:
				lex_next(ls);
				isvararg = 1;
				break;
			default:
				lex_syntaxerror(ls, "<name> or '...' expected");
			}
		} while (!isvararg && testnext(ls, ','));
	}
	adjustlocalvars(ls, nparams);
	fs->f->numparams = fs->nactvar;
	if (isvararg)
		setvararg(fs);
	code_setdepth(fs, fs->nactvar);
}

static void statlist(LexState *ls);

static void body(LexState *ls, ExpDesc *e, int ismethod, int line)
{
	FuncState new_fs;
	BlockCnt bl;
	CProto *f = addprototype(ls);
	f->linedefined = line;
	open_func(ls, &new_fs, f, &bl);
	if (ismethod) {
		new_localvar(ls, lex_newstr(ls->arena, "self", 4));
		adjustlocalvars(ls, 1);
	}
	checknext(ls, '(');
	parlist(ls);
	checknext(ls, ')');
	statlist(ls);
	f->lastlinedefined = ls->linenumber;
	check_match(ls, TK_END, TK_FUNCTION, line);
	close_func(ls);
	FuncState *fs = ls->fs;
	code_emit(fs, CREATE_A(OP_CLOSURE, fs->f->np - 1));
	code_init(e, EPUSHED, 0);
}

/* Parse a list; all but the last are pushed. Returns the count. */
static int explist(LexState *ls, ExpDesc *v)
{
	int n = 1;
	expr(ls, v);
	while (testnext(ls, ',')) {
		code_push(ls->fs, v);
		expr(ls, v);
		n++;
	}
	return n;
}

/* The function (and for methods its object) is on the stack from `base`. */
static void funcargs(LexState *ls, ExpDesc *f, int base, int line)
{
	FuncState *fs = ls->fs;
	ExpDesc args;
	switch (ls->t.token) {
	case '(':
		lex_next(ls);
		if (ls->t.token != ')') {
			explist(ls, &args);
			code_pushmulti(fs, &args);
		}
		check_match(ls, ')', '(', line);
		break;
	case '{':
		constructor(ls, &args);
		break;
	case TK_STRING:
		codestring(&args, ls->t.seminfo.s);
		lex_next(ls);
		code_push(fs, &args);
		break;
	default:
		lex_syntaxerror(ls, "function arguments expected");
	}
	code_init(f, ECALL, code_emitd(fs, CREATE_AB(OP_CALL, base, 2), base + 1 - fs->depth));
	code_fixline(fs, line);
}

static void primaryexp(LexState *ls, ExpDesc *v)
{
	switch (ls->t.token) {
	case '(': {
		int line = ls->linenumber;
		lex_next(ls);
		expr(ls, v);
		check_match(ls, ')', '(', line);
		if (v->k == ECALL || v->k == EVARARG || v->k == ELOCAL || v->k == EUPVAL ||
		    v->k == EINDEXUP || v->k == EINDEXED || v->k == EINDEXSTR || v->k == EINDEXINT ||
		    v->k == ELINDEXSTR || v->k == ELINDEXLL)
			code_push(ls->fs, v);   /* a value now, not a variable */
		return;
	}
	case TK_NAME:
		singlevar(ls, v);
		return;
	default:
		lex_syntaxerror(ls, "unexpected symbol");
	}
}

/* After '[' of a local table: is the key one token (a name or a literal)
 * before ']'? Its parse then emits nothing, so the table may stay unpushed
 * for code_indexed (GETTABLELL, SETTABLELL, or pushed there). */
static int simplekey(LexState *ls, const ExpDesc *t)
{
	int tk = ls->t.token;
	if (t->k != ELOCAL || code_hasjumps(t))
		return 0;
	if (tk != TK_NAME && tk != TK_STRING && tk != TK_INT && tk != TK_FLT &&
	    tk != TK_NIL && tk != TK_TRUE && tk != TK_FALSE)
		return 0;
	return lex_lookahead(ls) == ']';
}

static void suffixedexp(LexState *ls, ExpDesc *v)
{
	FuncState *fs = ls->fs;
	int line = ls->linenumber;
	primaryexp(ls, v);
	for (;;) {
		switch (ls->t.token) {
		case '.':
			fieldsel(ls, v);
			break;
		case '[': {
			ExpDesc key;
			lex_next(ls);               /* skip '[' */
			if (!simplekey(ls, v))
				code_push(fs, v);
			yindex(ls, &key);
			code_indexed(fs, v, &key);
			break;
		}
		case ':': {
			ExpDesc key;
			lex_next(ls);
			codestring(&key, str_checkname(ls));
			code_self(fs, v, &key);
			funcargs(ls, v, fs->depth - 2, line);
			break;
		}
		case '(': case TK_STRING: case '{':
			code_push(fs, v);
			funcargs(ls, v, fs->depth - 1, line);
			break;
		default:
			return;
		}
	}
}

static void simpleexp(LexState *ls, ExpDesc *v)
{
	FuncState *fs = ls->fs;
	switch (ls->t.token) {
	case TK_FLT:
		code_init(v, EKFLT, 0);
		v->u.nval = ls->t.seminfo.r;
		break;
	case TK_INT:
		code_init(v, EKINT, 0);
		v->u.ival = ls->t.seminfo.i;
		break;
	case TK_STRING:
		codestring(v, ls->t.seminfo.s);
		break;
	case TK_NIL: code_init(v, ENIL, 0); break;
	case TK_TRUE: code_init(v, ETRUE, 0); break;
	case TK_FALSE: code_init(v, EFALSE, 0); break;
	case TK_DOTS:
		check_condition(ls, fs->f->is_vararg,
			"cannot use '...' outside a vararg function");
		code_init(v, EVARARG, code_emitd(fs, CREATE_A(OP_VARARG, 2), 1));
		break;
	case '{':
		constructor(ls, v);
		return;
	case TK_FUNCTION:
		lex_next(ls);
		body(ls, v, 0, ls->linenumber);
		return;
	default:
		suffixedexp(ls, v);
		return;
	}
	lex_next(ls);
}

static UnOpr getunopr(int op)
{
	switch (op) {
	case TK_NOT: return OPR_NOT;
	case '-': return OPR_MINUS;
	case '~': return OPR_BNOT;
	case '#': return OPR_LEN;
	default: return OPR_NOUNOPR;
	}
}

static BinOpr getbinopr(int op)
{
	switch (op) {
	case '+': return OPR_ADD;
	case '-': return OPR_SUB;
	case '*': return OPR_MUL;
	case '%': return OPR_MOD;
	case '^': return OPR_POW;
	case '/': return OPR_DIV;
	case TK_IDIV: return OPR_IDIV;
	case '&': return OPR_BAND;
	case '|': return OPR_BOR;
	case '~': return OPR_BXOR;
	case TK_SHL: return OPR_SHL;
	case TK_SHR: return OPR_SHR;
	case TK_CONCAT: return OPR_CONCAT;
	case TK_NE: return OPR_NE;
	case TK_EQ: return OPR_EQ;
	case '<': return OPR_LT;
	case TK_LE: return OPR_LE;
	case '>': return OPR_GT;
	case TK_GE: return OPR_GE;
	case TK_AND: return OPR_AND;
	case TK_OR: return OPR_OR;
	default: return OPR_NOBINOPR;
	}
}

/* Priorities (left, right) in ORDER BinOpr, as Lua 5.4. */
static const struct { uint8_t left, right; } priority[] = {
	{10, 10}, {10, 10},             /* + - */
	{11, 11}, {11, 11},             /* * % */
	{14, 13},                       /* ^ (right associative) */
	{11, 11}, {11, 11},             /* / // */
	{6, 6}, {4, 4}, {5, 5},         /* & | ~ */
	{7, 7}, {7, 7},                 /* << >> */
	{9, 8},                         /* .. (right associative) */
	{3, 3}, {3, 3}, {3, 3},         /* == < <= */
	{3, 3}, {3, 3}, {3, 3},         /* ~= > >= */
	{2, 2}, {1, 1}                  /* and or */
};

#define UNARY_PRIORITY 12

static BinOpr subexpr(LexState *ls, ExpDesc *v, int limit)
{
	enterlevel(ls);
	UnOpr uop = getunopr(ls->t.token);
	if (uop != OPR_NOUNOPR) {
		int line = ls->linenumber;
		lex_next(ls);
		subexpr(ls, v, UNARY_PRIORITY);
		code_prefix(ls->fs, uop, v, line);
	} else {
		simpleexp(ls, v);
	}
	BinOpr op = getbinopr(ls->t.token);
	while (op != OPR_NOBINOPR && priority[op].left > limit) {
		ExpDesc v2;
		int line = ls->linenumber;
		lex_next(ls);
		code_infix(ls->fs, op, v);
		BinOpr nextop = subexpr(ls, &v2, priority[op].right);
		code_posfix(ls->fs, op, v, &v2, line);
		op = nextop;
	}
	leavelevel(ls);
	return op;
}

static void expr(LexState *ls, ExpDesc *v)
{
	subexpr(ls, v, 0);
}

/* ---- statements ------------------------------------------------------------------------ */

static void block(LexState *ls)
{
	BlockCnt bl;
	enterblock(ls->fs, &bl, 0);
	statlist(ls);
	leaveblock(ls->fs);
}

static int isvar(ExpKind k)
{
	return k == ELOCAL || k == EUPVAL || k == EINDEXUP || k == EINDEXED ||
		k == EINDEXSTR || k == EINDEXINT || k == ELINDEXSTR || k == ELINDEXLL;
}

/* Push exactly nvars values from a list of nexps expressions (last in e). */
static void adjust_assign(LexState *ls, int nvars, int nexps, ExpDesc *e)
{
	FuncState *fs = ls->fs;
	int needed = nvars - nexps;
	if (e->k == ECALL || e->k == EVARARG) {
		int extra = needed + 1;
		code_setreturns(fs, e, extra < 0 ? 0 : extra);
		if (extra < 0)
			code_pop(fs, -extra);
	} else {
		if (e->k != EVOID)
			code_push(fs, e);
		if (needed > 0)
			code_nil(fs, needed);
		else
			code_pop(fs, -needed);
	}
}

/* Local-table targets (ELINDEXSTR/ELINDEXLL) stay unpushed in a multiple
 * assignment unless a later target (stored earlier) assigns their table or
 * key local: those read copies taken now. Returns the slots pushed. */
static int fixconflicts(FuncState *fs, LHS *last)
{
	int n = 0;
	for (LHS *d = last; d != NULL; d = d->prev) {
		if (d->v.k != ELINDEXSTR && d->v.k != ELINDEXLL)
			continue;
		int conflict = 0;
		for (LHS *l = last; l != d; l = l->prev)
			if (l->v.k == ELOCAL && (l->v.u.var.slot == d->v.u.ind.t ||
			    (d->v.k == ELINDEXLL && l->v.u.var.slot == d->v.u.ind.k)))
				conflict = 1;
		if (conflict)
			n += code_copyoperands(fs, &d->v);
	}
	return n;
}

static void restassign(LexState *ls, LHS *lh, int nvars)
{
	FuncState *fs = ls->fs;
	ExpDesc e;
	check_condition(ls, isvar(lh->v.k), "syntax error");
	check_readonly(ls, &lh->v);
	if (testnext(ls, ',')) {
		LHS nv;
		code_prepstore(fs, &lh->v);
		lh->tslot = fs->depth - code_storewidth(&lh->v);
		nv.prev = lh;
		enterlevel(ls);
		suffixedexp(ls, &nv.v);
		restassign(ls, &nv, nvars + 1);
		leavelevel(ls);
		return;
	}
	checknext(ls, '=');
	code_prepstore(fs, &lh->v);
	lh->tslot = fs->depth - code_storewidth(&lh->v);
	int width = nvars > 1 ? fixconflicts(fs, lh) : 0;
	int nexps = explist(ls, &e);
	if (nvars == 1 && nexps == 1) {
		code_push(fs, &e);
		code_store(fs, &lh->v);
		return;
	}
	adjust_assign(ls, nvars, nexps, &e);
	for (LHS *p = lh; p != NULL; p = p->prev) {   /* last target first */
		code_storex(fs, &p->v, p->tslot);
		width += code_storewidth(&p->v);
	}
	code_pop(fs, width);
}

static void exprstat(LexState *ls)
{
	LHS v;
	suffixedexp(ls, &v.v);
	if (ls->t.token == '=' || ls->t.token == ',') {
		v.prev = NULL;
		restassign(ls, &v, 1);
	} else {
		check_condition(ls, v.v.k == ECALL, "syntax error");
		code_setreturns(ls->fs, &v.v, 0);
	}
}

static int cond(LexState *ls)
{
	ExpDesc v;
	expr(ls, &v);
	if (v.k == ENIL)
		v.k = EFALSE;
	return code_goiftrue(ls->fs, &v);
}

static void gotostat(LexState *ls)
{
	FuncState *fs = ls->fs;
	int line = ls->linenumber;
	CStr *name = str_checkname(ls);
	LabelDesc *lb = findlabel(ls, name);
	if (lb == NULL) {
		newgotoentry(ls, name, line);
		return;
	}
	int depth = fs->depth, n = depth - lb->depth;
	if (n > 0) {                        /* backward: leave the locals */
		code_emit(fs, CREATE_A(hastbc(fs, lb->depth) ? OP_CLOSETBC : OP_CLOSE, lb->depth));
		code_emit(fs, CREATE_A(OP_POP, n));
	}
	code_patchlist(fs, code_jump(fs), lb->pc);
	fs->depth = depth;
}

static void breakstat(LexState *ls)
{
	int line = ls->linenumber;
	lex_next(ls);
	newgotoentry(ls, lex_newstr(ls->arena, "break", 5), line);
}

static void checkrepeated(LexState *ls, CStr *name)
{
	LabelDesc *lb = findlabel(ls, name);
	if (lb != NULL) {
		char msg[300];
		snprintf(msg, sizeof msg, "label '%s' already defined on line %d",
			name->s, lb->line);
		lex_semerror(ls, msg);
	}
}

static void labelstat(LexState *ls, CStr *name, int line)
{
	checknext(ls, TK_DBCOLON);
	while (ls->t.token == ';' || ls->t.token == TK_DBCOLON)
		statement(ls);
	checkrepeated(ls, name);
	createlabel(ls, name, line, block_follow(ls, 0));
}

static void whilestat(LexState *ls, int line)
{
	FuncState *fs = ls->fs;
	BlockCnt bl;
	lex_next(ls);
	int whileinit = code_getlabel(fs);
	int condexit = cond(ls);
	enterblock(fs, &bl, 1);
	checknext(ls, TK_DO);
	block(ls);
	code_patchlist(fs, code_jump(fs), whileinit);
	check_match(ls, TK_END, TK_WHILE, line);
	leaveblock(fs);
	code_patchtohere(fs, condexit);
}

static void repeatstat(LexState *ls, int line)
{
	FuncState *fs = ls->fs;
	BlockCnt bl1, bl2;
	int repeat_init = code_getlabel(fs);
	enterblock(fs, &bl1, 1);
	enterblock(fs, &bl2, 0);
	lex_next(ls);
	statlist(ls);
	check_match(ls, TK_UNTIL, TK_REPEAT, line);
	int condexit = cond(ls);            /* sees the body's locals */
	int n = fs->depth - bl2.level;
	int tbc = hastbc(fs, bl2.level);
	leaveblock(fs);                     /* the exit path pops them */
	int upval = bl2.upval;
	if (n > 0) {                        /* the repeat path pops them too */
		int exit = code_jump(fs);
		code_patchtohere(fs, condexit);
		fs->depth = bl2.level + n;
		if (tbc)
			code_emit(fs, CREATE_A(OP_CLOSETBC, bl2.level));
		else if (upval)
			code_emit(fs, CREATE_A(OP_CLOSE, bl2.level));
		code_pop(fs, n);
		condexit = code_jump(fs);
		code_patchtohere(fs, exit);
	}
	code_patchlist(fs, condexit, repeat_init);
	leaveblock(fs);
}

static void exp1(LexState *ls)
{
	ExpDesc e;
	expr(ls, &e);
	code_push(ls->fs, &e);
}

static void fixforjump(FuncState *fs, int pc, int dest)
{
	Instruction *i = &fs->f->code[pc];
	int off = dest - (pc + 1);
	if (off < SB16_MIN || off > SB16_MAX)
		lex_syntaxerror(fs->ls, "control structure too long");
	*i = CREATE_AsB(GET_OP(*i), GETARG_A8(*i), off);
}

/* The loop body: the visible variables live in their own block, which
 * closes them every iteration (fresh upvalues per iteration). */
static void forbody(LexState *ls, int base, int line, int nvars, int isgen)
{
	FuncState *fs = ls->fs;
	BlockCnt bl;
	checknext(ls, TK_DO);
	code_nil(fs, isgen ? nvars : 1);
	int prep = isgen ? code_jump(fs) : code_emit(fs, CREATE_AsB(OP_FORPREP, base, 0));
	enterblock(fs, &bl, 0);
	bl.level = fs->depth - nvars;
	adjustlocalvars(ls, nvars);
	int bodystart = code_getlabel(fs);
	block(ls);
	leaveblock_(fs, 1);
	int endfor;
	if (isgen) {
		code_patchtohere(fs, prep);
		code_emit(fs, CREATE_AB(OP_TFORCALL, base, nvars));
		code_fixline(fs, line);
		endfor = code_emit(fs, CREATE_AsB(OP_TFORLOOP, base, 0));
	} else {
		endfor = code_emit(fs, CREATE_AsB(OP_FORLOOP, base, 0));
		fixforjump(fs, prep, fs->pc);
	}
	fixforjump(fs, endfor, bodystart);
	code_fixline(fs, line);
	code_getlabel(fs);
}

static void fornum(LexState *ls, CStr *varname, int line)
{
	FuncState *fs = ls->fs;
	int base = fs->depth;
	CStr *state = lex_newstr(ls->arena, "(for state)", 11);
	new_localvar(ls, state);
	new_localvar(ls, state);
	new_localvar(ls, state);
	new_localvar(ls, varname);
	checknext(ls, '=');
	exp1(ls);
	checknext(ls, ',');
	exp1(ls);
	if (testnext(ls, ','))
		exp1(ls);
	else
		code_emit(fs, CREATE_sA(OP_LOADI, 1));
	adjustlocalvars(ls, 3);
	forbody(ls, base, line, 1, 0);
}

static void forlist(LexState *ls, CStr *indexname)
{
	FuncState *fs = ls->fs;
	ExpDesc e;
	int nvars = 6;                      /* 5 hidden + the first name */
	int base = fs->depth;
	CStr *state = lex_newstr(ls->arena, "(for state)", 11);
	/* the closing value (to be closed) and its link, then the iterator,
	 * its state and the control: TFORPREP moves the 4 values there */
	int closing = new_localvar(ls, state);
	getlocalvardesc(fs, closing)->kind = VDKCLOSE;
	new_localvar(ls, state);
	new_localvar(ls, state);
	new_localvar(ls, state);
	new_localvar(ls, state);
	new_localvar(ls, indexname);
	while (testnext(ls, ',')) {
		new_localvar(ls, str_checkname(ls));
		nvars++;
	}
	checknext(ls, TK_IN);
	int line = ls->linenumber;
	adjust_assign(ls, 4, explist(ls, &e), &e);
	code_emit(fs, CREATE_A(OP_TFORPREP, base));
	code_fixline(fs, line);
	adjustlocalvars(ls, 5);
	forbody(ls, base + 2, line, nvars - 5, 1);
}

static void forstat(LexState *ls, int line)
{
	FuncState *fs = ls->fs;
	BlockCnt bl;
	enterblock(fs, &bl, 1);
	lex_next(ls);
	CStr *varname = str_checkname(ls);
	switch (ls->t.token) {
	case '=': fornum(ls, varname, line); break;
	case ',': case TK_IN: forlist(ls, varname); break;
	default: lex_syntaxerror(ls, "'=' or 'in' expected");
	}
	check_match(ls, TK_END, TK_FOR, line);
	leaveblock(fs);
}

static void test_then_block(LexState *ls, int *escapelist)
{
	FuncState *fs = ls->fs;
	lex_next(ls);                       /* IF or ELSEIF */
	int jf = cond(ls);
	checknext(ls, TK_THEN);
	block(ls);
	if (ls->t.token == TK_ELSE || ls->t.token == TK_ELSEIF)
		code_concatjl(fs, escapelist, code_jump(fs));
	code_patchtohere(fs, jf);
}

static void ifstat(LexState *ls, int line)
{
	int escapelist = NO_JUMP;
	test_then_block(ls, &escapelist);
	while (ls->t.token == TK_ELSEIF)
		test_then_block(ls, &escapelist);
	if (testnext(ls, TK_ELSE))
		block(ls);
	check_match(ls, TK_END, TK_IF, line);
	code_patchtohere(ls->fs, escapelist);
}

static void localfunc(LexState *ls)
{
	FuncState *fs = ls->fs;
	ExpDesc b;
	int vidx = new_localvar(ls, str_checkname(ls));
	code_nil(fs, 1);
	adjustlocalvars(ls, 1);
	body(ls, &b, 0, ls->linenumber);
	code_emit(fs, CREATE_A(OP_SETLOCAL, getlocalvardesc(fs, vidx)->slot));
	fs->f->locvars[getlocalvardesc(fs, vidx)->pidx].startpc = fs->pc;
}

static int getlocalattribute(LexState *ls)
{
	if (testnext(ls, '<')) {
		CStr *attr = str_checkname(ls);
		checknext(ls, '>');
		if (strcmp(attr->s, "const") == 0)
			return VDKCONST;
		if (strcmp(attr->s, "close") == 0)
			return VDKCLOSE;
		char msg[300];
		snprintf(msg, sizeof msg, "unknown attribute '%s'", attr->s);
		lex_semerror(ls, msg);
	}
	return VDKREG;
}

static void localstat(LexState *ls)
{
	FuncState *fs = ls->fs;
	ExpDesc e;
	int nvars = 0, nexps, toclose = -1;
	do {
		int vidx = new_localvar(ls, str_checkname(ls));
		int kind = getlocalattribute(ls);
		getlocalvardesc(fs, vidx)->kind = (uint8_t)kind;
		if (kind == VDKCLOSE) {
			if (toclose != -1)
				lex_semerror(ls, "multiple to-be-closed variables in local list");
			toclose = fs->nactvar + nvars;
		}
		nvars++;
	} while (testnext(ls, ','));
	if (testnext(ls, '=')) {
		nexps = explist(ls, &e);
	} else {
		code_init(&e, EVOID, 0);
		nexps = 0;
	}
	adjust_assign(ls, nvars, nexps, &e);
	adjustlocalvars(ls, nvars);
	if (toclose != -1) {               /* its hidden link slot */
		new_localvar(ls, lex_newstr(ls->arena, "(close)", 7));
		code_emit(fs, CREATE_A(OP_TBC, getlocalvardesc(fs, toclose)->slot));
		adjustlocalvars(ls, 1);
	}
}

static int funcname(LexState *ls, ExpDesc *v)
{
	int ismethod = 0;
	singlevar(ls, v);
	while (ls->t.token == '.')
		fieldsel(ls, v);
	if (ls->t.token == ':') {
		ismethod = 1;
		fieldsel(ls, v);
	}
	return ismethod;
}

static void funcstat(LexState *ls, int line)
{
	FuncState *fs = ls->fs;
	ExpDesc v, b;
	lex_next(ls);
	int ismethod = funcname(ls, &v);
	check_readonly(ls, &v);
	code_prepstore(fs, &v);
	body(ls, &b, ismethod, line);
	code_store(fs, &v);
	code_fixline(fs, line);
}

static void retstat(LexState *ls)
{
	FuncState *fs = ls->fs;
	ExpDesc e;
	int nret, first = fs->depth, tbc = hastbc(fs, 0);
	if (block_follow(ls, 1) || ls->t.token == ';') {
		nret = 0;
	} else {
		nret = explist(ls, &e);
		if (e.k == ECALL || e.k == EVARARG) {
			code_setmulret(fs, &e);
			if (e.k == ECALL && nret == 1 && !tbc) {
				Instruction *pi = &fs->f->code[e.u.info];
				*pi = CREATE_A(OP_TAILCALL, GETARG_A8(*pi));
				fs->depth = first;
				testnext(ls, ';');
				return;
			}
			nret = -1;
		} else {
			code_push(fs, &e);
		}
	}
	if (tbc) {                          /* close them, then return */
		code_emitd(fs, CREATE_A(OP_RETURNC, first), first - fs->depth);
		fs->depth = first;
	} else {
		code_ret(fs, first, nret);
	}
	testnext(ls, ';');
}

static void statement(LexState *ls)
{
	int line = ls->linenumber;
	enterlevel(ls);
	switch (ls->t.token) {
	case ';':
		lex_next(ls);
		break;
	case TK_IF: ifstat(ls, line); break;
	case TK_WHILE: whilestat(ls, line); break;
	case TK_DO:
		lex_next(ls);
		block(ls);
		check_match(ls, TK_END, TK_DO, line);
		break;
	case TK_FOR: forstat(ls, line); break;
	case TK_REPEAT: repeatstat(ls, line); break;
	case TK_FUNCTION: funcstat(ls, line); break;
	case TK_LOCAL:
		lex_next(ls);
		if (testnext(ls, TK_FUNCTION))
			localfunc(ls);
		else
			localstat(ls);
		break;
	case TK_DBCOLON:
		lex_next(ls);
		labelstat(ls, str_checkname(ls), line);
		break;
	case TK_RETURN:
		lex_next(ls);
		retstat(ls);
		break;
	case TK_BREAK: breakstat(ls); break;
	case TK_GOTO:
		lex_next(ls);
		gotostat(ls);
		break;
	default:
		exprstat(ls);
		break;
	}
	leavelevel(ls);
}

static void statlist(LexState *ls)
{
	while (!block_follow(ls, 1)) {
		if (ls->t.token == TK_RETURN) {
			statement(ls);
			return;
		}
		statement(ls);
	}
}

/* ---- the main function -------------------------------------------------------------------- */

CProto *parse_chunk(CArena *arena, const char *src, size_t len, const char *chunkname)
{
	jmp_buf jb;
	LexState *ls = NULL;
	arena->errjmp = &jb;
	if (setjmp(jb) != 0)
		return NULL;
	ls = arena_alloc(arena, sizeof(LexState));
	DynData *dyd = arena_alloc(arena, sizeof(DynData));
	lex_init(ls, arena, src, len, chunkname, strlen(chunkname));
	ls->dyd = dyd;
	FuncState fs;
	BlockCnt bl;
	CProto *f = arena_alloc(arena, sizeof(CProto));
	open_func(ls, &fs, f, &bl);
	f->is_vararg = 1;
	f->upvalues = growvec(ls, f->upvalues, &f->sizeups, 0, sizeof(CUpval));
	f->upvalues[0] = (CUpval){ls->envname, 1, 0, VDKREG};
	f->nups = 1;
	lex_next(ls);
	statlist(ls);
	check(ls, TK_EOS);
	close_func(ls);
	return f;
}

/* ---- into object memory -------------------------------------------------------------------- */

static String *mkstr(VM *vm, const CStr *s)
{
	return s == NULL ? NULL : str_new(vm, s->s, s->len);
}

/* A zeroed vector of n elements of `size` bytes (NULL when n is 0: om_alloc
 * of nothing gives no memory, and memset must not see a null pointer). */
static void *zeroedvector(VM *vm, int n, size_t size)
{
	void *v = om_alloc(vm, (size_t)n * size);
	if (n > 0)
		memset(v, 0, (size_t)n * size);
	return v;
}

/* Build the Proto of cp (and its children). Each vector's size is set only
 * once its entries are valid, as func.h requires. */
static Proto *makeproto(VM *vm, const CProto *cp, String *source)
{
	Proto *p = func_newproto(vm);
	p->source = source;
	p->numparams = (uint8_t)cp->numparams;
	p->is_vararg = (uint8_t)cp->is_vararg;
	p->maxstack = (uint8_t)cp->maxstack;
	p->linedefined = cp->linedefined;
	p->lastlinedefined = cp->lastlinedefined;
	p->code = om_newvector(vm, cp->ncode, Instruction);
	memcpy(p->code, cp->code, sizeof(Instruction) * (size_t)cp->ncode);
	p->sizecode = cp->ncode;
	p->lineinfo = om_newvector(vm, cp->ncode, int32_t);
	memcpy(p->lineinfo, cp->lineinfo, sizeof(int32_t) * (size_t)cp->ncode);
	p->sizelineinfo = cp->ncode;
	p->k = om_newvector(vm, cp->nk, Value);
	for (int i = 0; i < cp->nk; i++)
		setnilvalue(&p->k[i]);
	p->sizek = cp->nk;
	for (int i = 0; i < cp->nk; i++) {
		const CConst *c = &cp->k[i];
		if (c->tt == VNUMINT)
			setivalue(&p->k[i], c->u.i);
		else if (c->tt == VNUMFLT)
			setfltvalue(&p->k[i], c->u.n);
		else
			setsvalue(&p->k[i], mkstr(vm, c->u.s));
	}
	p->upvalues = zeroedvector(vm, cp->nups, sizeof(Upvaldesc));
	p->sizeupvalues = cp->nups;
	for (int i = 0; i < cp->nups; i++) {
		p->upvalues[i].instack = cp->upvalues[i].instack;
		p->upvalues[i].idx = cp->upvalues[i].idx;
		p->upvalues[i].name = mkstr(vm, cp->upvalues[i].name);
	}
	p->locvars = zeroedvector(vm, cp->nlocvars, sizeof(LocVar));
	p->sizelocvars = cp->nlocvars;
	for (int i = 0; i < cp->nlocvars; i++) {
		const CLocVar *lv = &cp->locvars[i];
		p->locvars[i].startpc = lv->startpc;
		p->locvars[i].endpc = lv->endpc;
		p->locvars[i].slot = lv->slot;
		p->locvars[i].varname = mkstr(vm, lv->name);
	}
	p->p = zeroedvector(vm, cp->np, sizeof(Proto *));
	p->sizep = cp->np;
	for (int i = 0; i < cp->np; i++)
		p->p[i] = makeproto(vm, cp->p[i], source);
	return p;
}

Proto *vm_compile(VM *vm, const char *src, size_t len, const char *chunkname,
	String **err)
{
	CArena a;
	memset(&a, 0, sizeof a);
	CProto *cp = parse_chunk(&a, src, len, chunkname);
	if (cp == NULL) {
		arena_free(&a);
		const char *msg = a.errmsg != NULL ? a.errmsg : "not enough memory";
		String *s = str_new(vm, msg, strlen(msg));
		free(a.errmsg);
		*err = s;
		return NULL;
	}
	/* An out-of-memory error below unwinds past this frame: the arena's
	 * C memory is then lost (object memory is reclaimed as usual). */
	Proto *p = makeproto(vm, cp, str_new(vm, chunkname, strlen(chunkname)));
	arena_free(&a);
	return p;
}
