/*
 * code.h: the code generator of Amber's Lua compiler (stack machine).
 *
 * The parser (vm/parse.c) describes every expression with an ExpDesc and
 * asks this module to emit the instructions of vm/opcodes.h. Code is built
 * in C memory (a CProto per function, in the compile's CArena) and turned
 * into Proto objects in object memory only when the whole chunk compiled
 * (parse.c), so a compile error never leaves half-built objects behind.
 *
 * Stack discipline: FuncState.depth is the stack depth (slots of active
 * locals + operands) before the next instruction. Between statements it
 * equals the number of active local slots; a local variable's slot is the
 * depth at which its initial value was pushed. After an instruction that
 * leaves a variable number of values (CALL B=0, VARARG A=0) `depth` counts
 * only the values below them; the next instruction consumes "up to top".
 *
 * Jump lists: pending jumps chain through their sA offset fields (NO_JUMP
 * ends a list). An ExpDesc's `t` list holds ORJMPs (jump if true, keeping
 * the value) and its `f` list ANDJMPs (jump if false, keeping it): in value
 * context they land after the final value, in a condition they become
 * JMPIF/JMPIFNOT (same fall-through, but popping).
 *
 * Interface (each construct is emitted in exactly one place here):
 *   code_emit / code_emitd        one instruction (depth from the tables)
 *   code_push                     an expression as one value on the stack
 *   code_setmulret / code_setreturns   adjust a call or vararg
 *   code_prefix / code_infix / code_posfix   operators (with folding)
 *   code_goiftrue / code_goiffalse      conditions -> jump lists
 *   code_jump / code_patchlist / code_patchtohere / code_concatjl
 *   code_indexed / code_self / code_store   tables and assignments
 *   code_k*                       constants
 *
 * Superinstructions (opcodes.h, after SYS) come from the same places: a
 * local as the left operand of an arithmetic or comparison operator stays
 * unpushed (ELOCAL) until the operator is emitted, which then reads it when
 * it runs (xxxLL, xxxLK, xxxLX), as lua5.4's register operands do; a local
 * table indexed by a string constant or a local is ELINDEXSTR/ELINDEXLL
 * (GETFIELDL, GETTABLELL, SETFIELDL, SETTABLELL); `local:m()` is SELFL.
 * Two peepholes rewrite the last instruction when no jump lands after it:
 * GETLOCAL a; GETLOCAL b -> GETLOCAL2 a b, and GETLOCAL b; SETLOCAL a ->
 * MOVE a b.
 */
#ifndef AMBER_VM_CODE_H
#define AMBER_VM_CODE_H

#include "vm/lex.h"
#include "vm/opcodes.h"

#define NO_JUMP (-1)

/* A constant of the function being compiled. */
typedef struct CConst {
	uint8_t tt;                /* VNUMINT, VNUMFLT, VSHRSTR (any string) */
	union { int64_t i; double n; CStr *s; } u;
} CConst;

typedef struct CUpval {
	CStr *name;
	uint8_t instack, idx, kind;
} CUpval;

typedef struct CLocVar {
	CStr *name;
	int32_t startpc, endpc, slot;
} CLocVar;

/* One compiled function, in C memory. */
typedef struct CProto {
	Instruction *code;
	int32_t *lineinfo;
	int ncode, sizecode;
	CConst *k;
	int nk, sizek;
	struct CProto **p;
	int np, sizep;
	CUpval *upvalues;
	int nups, sizeups;
	CLocVar *locvars;
	int nlocvars, sizelocvars;
	int numparams, is_vararg, maxstack;
	int linedefined, lastlinedefined;
} CProto;

/* Kinds of expression descriptions. */
typedef enum {
	EVOID,       /* no value (empty list) */
	ENIL, ETRUE, EFALSE,
	EKINT,       /* u.ival */
	EKFLT,       /* u.nval */
	EKSTR,       /* u.strval */
	ELOCAL,      /* u.var: slot, vidx (index in dyd->actvar) */
	EUPVAL,      /* u.info: upvalue index */
	EINDEXUP,    /* U[u.ind.t][K[u.ind.k]], the key a string constant */
	EINDEXED,    /* table and key pushed */
	EINDEXSTR,   /* table pushed; key K[u.ind.k] (a string) */
	EINDEXINT,   /* table pushed; key u.ival (fits sA) */
	ELINDEXSTR,  /* L[u.ind.t][K[u.ind.k]]: a local table, a string key <= B16_MAX */
	ELINDEXLL,   /* L[u.ind.t][L[u.ind.k]]: a local table, a local key */
	ECALL,       /* u.info: pc of the CALL */
	EVARARG,     /* u.info: pc of the VARARG */
	EPUSHED      /* one value on top of the stack */
} ExpKind;

typedef struct ExpDesc {
	ExpKind k;
	union {
		int info;
		int64_t ival;
		double nval;
		CStr *strval;
		struct { int slot, vidx; } var;
		struct { int t, k; } ind;
	} u;
	int t, f;                  /* exit-when-true / -false jump lists */
	int kpc;                   /* constant already pushed at this pc, or -1 */
	int concatpc;              /* EPUSHED made by the CONCAT at this pc, or -1 */
} ExpDesc;

/* Variable kinds (attributes). */
enum { VDKREG = 0, VDKCONST = 1, VDKCLOSE = 2 };

typedef struct VarDesc {
	CStr *name;
	uint8_t kind;
	int slot;
	int pidx;                  /* index in f->locvars */
} VarDesc;

/* Pending gotos and active labels. */
typedef struct LabelDesc {
	CStr *name;
	int pc;                    /* label: its pc; goto: pc of its first slot */
	int line;
	int nactvar;               /* active locals (scope check) */
	int depth;                 /* stack depth at the goto / label */
	int close;                 /* goto: upvalues to close, from this level */
	int tbc;                   /* goto: ... and to-be-closed variables (CLOSETBC) */
} LabelDesc;

typedef struct LabelList {
	LabelDesc *arr;
	int n, size;
} LabelList;

typedef struct DynData {
	VarDesc *actvar;
	int nactvar, sizeactvar;
	LabelList gt, label;
} DynData;

typedef struct BlockCnt {
	struct BlockCnt *previous;
	int firstlabel, firstgoto;
	int nactvar;               /* active locals outside the block */
	int level;                 /* stack depth at entry */
	uint8_t upval;             /* some local of the block is captured */
	uint8_t isloop;
	uint8_t cleaned;           /* exit code already emitted (label at end) */
	uint8_t tbc;               /* some local of the block is to be closed */
} BlockCnt;

typedef struct FuncState {
	CProto *f;
	struct FuncState *prev;
	LexState *ls;
	BlockCnt *bl;
	int pc;                    /* == f->ncode */
	int lasttarget;            /* pc of the last jump target */
	int depth;                 /* stack depth before the next instruction */
	int nactvar;               /* active locals of this function */
	int firstlocal;            /* first of them in dyd->actvar */
	int firstlabel;
	struct KCache *kcache;     /* constant -> index */
	int kcachesize;
} FuncState;

int code_emitd(FuncState *fs, Instruction i, int delta);
int code_emit(FuncState *fs, Instruction i);
int code_opdelta(Instruction i);
int code_removelast(FuncState *fs, int pc);
void code_fixline(FuncState *fs, int line);
void code_checkstack(FuncState *fs, int n);
void code_setdepth(FuncState *fs, int depth);

int code_kstr(FuncState *fs, CStr *s);
int code_kint(FuncState *fs, int64_t i);
int code_kflt(FuncState *fs, double n);

void code_init(ExpDesc *e, ExpKind k, int info);
int code_hasjumps(const ExpDesc *e);
void code_push(FuncState *fs, ExpDesc *e);
void code_pushmulti(FuncState *fs, ExpDesc *e);   /* last of a list: open */
void code_setreturns(FuncState *fs, ExpDesc *e, int n);
void code_setmulret(FuncState *fs, ExpDesc *e);
void code_exp2val(FuncState *fs, ExpDesc *e);   /* resolve jumps, keep consts */

int code_jump(FuncState *fs);
int code_getlabel(FuncState *fs);
void code_patchlist(FuncState *fs, int list, int target);
void code_patchtohere(FuncState *fs, int list);
void code_concatjl(FuncState *fs, int *l1, int l2);
void code_retargetlist(FuncState *fs, int list, enum OpCode from, enum OpCode to);
int code_goiftrue(FuncState *fs, ExpDesc *e);
int code_goiffalse(FuncState *fs, ExpDesc *e);

void code_indexed(FuncState *fs, ExpDesc *t, ExpDesc *k);
void code_self(FuncState *fs, ExpDesc *e, ExpDesc *key);
void code_prepstore(FuncState *fs, ExpDesc *var);
int code_copyoperands(FuncState *fs, ExpDesc *var);
void code_store(FuncState *fs, ExpDesc *var);    /* value on top */
void code_storex(FuncState *fs, ExpDesc *var, int tslot);  /* multiple assign */
int code_storewidth(const ExpDesc *var);         /* stack values a target keeps */

typedef enum BinOpr {
	OPR_ADD, OPR_SUB, OPR_MUL, OPR_MOD, OPR_POW, OPR_DIV, OPR_IDIV,
	OPR_BAND, OPR_BOR, OPR_BXOR, OPR_SHL, OPR_SHR,
	OPR_CONCAT,
	OPR_EQ, OPR_LT, OPR_LE, OPR_NE, OPR_GT, OPR_GE,
	OPR_AND, OPR_OR,
	OPR_NOBINOPR
} BinOpr;

typedef enum UnOpr { OPR_MINUS, OPR_BNOT, OPR_NOT, OPR_LEN, OPR_NOUNOPR } UnOpr;

void code_prefix(FuncState *fs, UnOpr op, ExpDesc *e, int line);
void code_infix(FuncState *fs, BinOpr op, ExpDesc *e);
void code_posfix(FuncState *fs, BinOpr op, ExpDesc *e1, ExpDesc *e2, int line);

void code_ret(FuncState *fs, int first, int nret);
void code_setlist(FuncState *fs, int tpos, int base, int nelems);
void code_nil(FuncState *fs, int n);
void code_pop(FuncState *fs, int n);

#endif
