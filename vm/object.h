/*
 * object.h: values and objects of Amber's object land.
 *
 * Everything a guest program can reach lives in one object memory region
 * mapped at the same virtual address (VM_OMEM_BASE) in the hosted build and
 * in the kernel, on every boot. Pointers inside object memory are therefore
 * plain C pointers and stay valid across snapshot and restore. Invariants:
 *
 *  - Object land holds no kernel-land address and no C function pointer.
 *    Builtin functions and .internal classes are named by stable numbers
 *    (vm/builtin.h); a pointer stored in object memory points into object
 *    memory or is NULL.
 *  - The collector never moves an object: an address is stable for the
 *    object's whole life.
 *  - All VM state lives under the root (struct VMGlobal, at the start of the
 *    region): allocator, string table, globals, threads with their stacks,
 *    frames and saved instruction indices. The C code of the VM keeps no
 *    state of its own between instructions.
 *
 * Value tags follow Lua 5.4's layout: bits 0-3 basic type, bits 4-5 variant,
 * bit 6 "collectable".
 */
#ifndef AMBER_VM_OBJECT_H
#define AMBER_VM_OBJECT_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "vm/opcodes.h"

/* Where object memory lives: same address hosted and in the kernel. */
#define VM_OMEM_BASE ((uintptr_t)0x200000000000ULL)

/* ---- basic types (what type() reports) ---------------------------------- */
enum {
	T_NIL = 0, T_BOOLEAN = 1, T_NUMBER = 3, T_STRING = 4, T_TABLE = 5,
	T_FUNCTION = 6, T_INTERNAL = 7, T_THREAD = 8,
	T_UPVAL = 9, T_PROTO = 10,            /* not first-class values */
	T_NUMTYPES = 9
};

#define MAKEVARIANT(t, v) ((t) | ((v) << 4))
#define BIT_COLLECTABLE   (1 << 6)
#define CTAG(t)           ((t) | BIT_COLLECTABLE)

/* ---- variant tags ------------------------------------------------------- */
#define VNIL      MAKEVARIANT(T_NIL, 0)
#define VEMPTY    MAKEVARIANT(T_NIL, 1)   /* empty table slot */
#define VABSTKEY  MAKEVARIANT(T_NIL, 2)   /* "key not found" result */
#define VFALSE    MAKEVARIANT(T_BOOLEAN, 0)
#define VTRUE     MAKEVARIANT(T_BOOLEAN, 1)
#define VNUMINT   MAKEVARIANT(T_NUMBER, 0)
#define VNUMFLT   MAKEVARIANT(T_NUMBER, 1)
#define VSHRSTR   MAKEVARIANT(T_STRING, 0)  /* interned, <= VM_MAXSHORTLEN */
#define VLNGSTR   MAKEVARIANT(T_STRING, 1)
#define VTABLE    MAKEVARIANT(T_TABLE, 0)
#define VLCL      MAKEVARIANT(T_FUNCTION, 0) /* Lua closure */
#define VBUILTIN  MAKEVARIANT(T_FUNCTION, 1) /* builtin, no upvalues: v.i = id */
#define VBCL      MAKEVARIANT(T_FUNCTION, 2) /* builtin closure with upvalues */
#define VINTERNAL MAKEVARIANT(T_INTERNAL, 0)
#define VTHREAD   MAKEVARIANT(T_THREAD, 0)
#define VUPVAL    MAKEVARIANT(T_UPVAL, 0)
#define VPROTO    MAKEVARIANT(T_PROTO, 0)

#define VM_MAXSHORTLEN 40

typedef struct GCObject GCObject;

typedef union RawValue {
	GCObject *gc;
	int64_t i;
	double n;
	uint64_t u;
} RawValue;

typedef struct Value {
	RawValue v;
	uint8_t tt;          /* tag, with BIT_COLLECTABLE for objects */
} Value;

/* Common header of all collectable objects. */
#define GC_HEADER GCObject *next; uint8_t tt; uint8_t marked
struct GCObject { GC_HEADER; };

/* ---- value accessors ---------------------------------------------------- */
#define rawtt(o)        ((o)->tt)
#define novariant(t)    ((t) & 0x0F)
#define ttype(o)        novariant(rawtt(o))
#define withvariant(t)  ((t) & 0x3F)
#define ttypetag(o)     withvariant(rawtt(o))
#define checktag(o, t)  (rawtt(o) == (t))
#define iscollectable(o) (rawtt(o) & BIT_COLLECTABLE)

#define ttisnil(o)      (ttype(o) == T_NIL)         /* nil, empty or abstkey */
#define ttisstrictnil(o) checktag(o, VNIL)
#define ttisboolean(o)  (ttype(o) == T_BOOLEAN)
#define ttisfalse(o)    checktag(o, VFALSE)
#define ttistrue(o)     checktag(o, VTRUE)
#define l_isfalse(o)    (ttisfalse(o) || ttisnil(o))
#define ttisnumber(o)   (ttype(o) == T_NUMBER)
#define ttisinteger(o)  checktag(o, VNUMINT)
#define ttisfloat(o)    checktag(o, VNUMFLT)
#define ttisstring(o)   (ttype(o) == T_STRING)
#define ttisshrstring(o) checktag(o, CTAG(VSHRSTR))
#define ttislngstring(o) checktag(o, CTAG(VLNGSTR))
#define ttistable(o)    checktag(o, CTAG(VTABLE))
#define ttisfunction(o) (ttype(o) == T_FUNCTION)
#define ttisLclosure(o) checktag(o, CTAG(VLCL))
#define ttisbuiltin(o)  checktag(o, VBUILTIN)
#define ttisBclosure(o) checktag(o, CTAG(VBCL))
#define ttisinternal(o) checktag(o, CTAG(VINTERNAL))
#define ttisthread(o)   checktag(o, CTAG(VTHREAD))

#define ivalue(o)   ((o)->v.i)
#define fltvalue(o) ((o)->v.n)
#define nvalue(o)   (ttisinteger(o) ? (double)ivalue(o) : fltvalue(o))
#define gcvalue(o)  ((o)->v.gc)
#define bvalue(o)   ttistrue(o)
#define strvalue(o) ((String *)gcvalue(o))
#define tvalue(o)   ((Table *)gcvalue(o))
#define clLvalue(o) ((LClosure *)gcvalue(o))
#define clBvalue(o) ((BClosure *)gcvalue(o))
#define thvalue(o)  ((Thread *)gcvalue(o))
#define internalvalue(o) ((Internal *)gcvalue(o))
#define builtinid(o) ((uint32_t)ivalue(o))

/* Each setter evaluates its arguments exactly once (GNU statement
 * expressions), so `setivalue(pushslot(), n)` is safe. */
#define setnilvalue(o)   ((void)((o)->tt = VNIL))
#define setempty(o)      ((void)((o)->tt = VEMPTY))
#define setfalse(o)      ((void)((o)->tt = VFALSE))
#define settrue(o)       ((void)((o)->tt = VTRUE))
#define setbool(o, b)    ((void)((o)->tt = (b) ? VTRUE : VFALSE))
#define setivalue(o, x)  ({ Value *o_ = (o); o_->v.i = (x); o_->tt = VNUMINT; (void)0; })
#define setfltvalue(o, x) ({ Value *o_ = (o); o_->v.n = (x); o_->tt = VNUMFLT; (void)0; })
#define setbuiltin(o, id) ({ Value *o_ = (o); o_->v.i = (id); o_->tt = VBUILTIN; (void)0; })
#define setgcovalue(o, x) ({ Value *o_ = (o); GCObject *x_ = (GCObject *)(x); \
	o_->v.gc = x_; o_->tt = CTAG(x_->tt); (void)0; })
#define setobj(d, s)     (*(d) = *(s))

/* ---- strings ------------------------------------------------------------ */
typedef struct String {
	GC_HEADER;
	uint8_t extra;        /* short: reserved-word index + 1 (0: none);
	                         long: 1 once hash is computed */
	uint8_t shrlen;       /* short strings: length */
	uint32_t hash;
	union {
		size_t lnglen;        /* long strings: length */
		struct String *hnext; /* short strings: next in intern bucket */
	} u;
	char contents[];      /* len bytes + a terminating '\0' */
} String;

#define getstr(s)    ((s)->contents)
#define tsslen(s)    ((s)->tt == VSHRSTR ? (size_t)(s)->shrlen : (s)->u.lnglen)
#define setsvalue(o, s) setgcovalue(o, s)

/* ---- tables ------------------------------------------------------------- */
/* A hash-part entry. The value comes first and is a whole Value, so code may
 * copy a Value into it with plain struct assignment (a Value has padding:
 * overlaying the key on it, as Lua does, would let such a copy clobber it). */
typedef struct Node {
	Value i_val;             /* the node's value */
	RawValue key_val;        /* key payload ... */
	uint8_t key_tt;          /* ... and tag */
	int32_t next;            /* offset to the next node in the chain */
} Node;

typedef struct Table {
	GC_HEADER;
	uint8_t flags;           /* bit p set: metamethod p known absent */
	uint8_t lsizenode;       /* log2 of the number of nodes */
	uint32_t asize;          /* array part size */
	Value *array;            /* array part: keys 1..asize */
	Node *node;              /* hash part */
	Node *lastfree;          /* every free node is below this */
	struct Table *metatable;
	GCObject *gclist;
} Table;

/* ---- functions ---------------------------------------------------------- */
typedef struct Upvaldesc {
	struct String *name;     /* for debug information */
	uint8_t instack;         /* 1: the enclosing function's slot; 0: its upvalue */
	uint8_t idx;             /* slot or upvalue index */
} Upvaldesc;

typedef struct LocVar {
	struct String *varname;
	int32_t startpc;         /* first instruction where the variable is active */
	int32_t endpc;           /* first instruction where it is dead */
	int32_t slot;            /* its slot (base-relative) */
} LocVar;

typedef struct Proto {
	GC_HEADER;
	uint8_t numparams;
	uint8_t is_vararg;
	uint8_t maxstack;        /* slots + operand depth, <= MAX_STACK_SLOTS */
	int32_t sizeupvalues;
	int32_t sizek;
	int32_t sizecode;
	int32_t sizelineinfo;    /* == sizecode, or 0 when stripped */
	int32_t sizep;
	int32_t sizelocvars;
	int32_t linedefined;
	int32_t lastlinedefined;
	Value *k;                /* constants */
	Instruction *code;
	struct Proto **p;        /* nested functions */
	Upvaldesc *upvalues;
	int32_t *lineinfo;       /* source line of each instruction */
	LocVar *locvars;
	struct String *source;   /* chunk name, e.g. "@prog.lua" or "=stdin" */
	GCObject *gclist;
} Proto;

typedef struct UpVal {
	GC_HEADER;
	Value *v;                /* points into a stack while open, to u.value when closed */
	union {
		struct {             /* open: */
			struct UpVal *next;   /* linked list of the thread's open upvalues */
			struct UpVal **previous;
		} open;
		Value value;         /* closed: the value */
	} u;
} UpVal;

typedef struct LClosure {
	GC_HEADER;
	uint8_t nupvalues;
	GCObject *gclist;
	struct Proto *p;
	UpVal *upvals[];
} LClosure;

/* A builtin with upvalues (e.g. the iterator from string.gmatch). */
typedef struct BClosure {
	GC_HEADER;
	uint8_t nupvalues;
	GCObject *gclist;
	uint32_t id;             /* builtin number, vm/builtin.h */
	Value upvalue[];
} BClosure;

/* An .internal object: kernel-service state owned by the guest. */
typedef struct Internal {
	GC_HEADER;
	uint8_t nuvalue;
	uint32_t classid;        /* stable .internal class number */
	struct Table *metatable;
	GCObject *gclist;
	uint64_t data[4];        /* class-defined plain data (no kernel pointers) */
	Value uvalue[];
} Internal;

/* ---- threads (coroutines and VM threads) -------------------------------- */

/* One activation. Stack positions are indices into the thread's stack, so a
 * frame stays valid when the stack is reallocated. */
typedef struct CallInfo {
	uint32_t func;           /* stack index of the called value */
	uint32_t base;           /* stack index of slot 0 */
	uint32_t top;            /* stack limit of this frame (base + maxstack) */
	uint32_t pc;             /* Lua: index of the next instruction;
	                            builtin: continuation state */
	int32_t nresults;        /* results the caller wants; -1 = all */
	uint16_t callstatus;     /* CIST_* flags, interp.c */
	uint16_t nextra;         /* Lua vararg function: extra arguments */
	uint32_t aux;            /* metamethod frame: state to finish the
	                            caller's instruction (CONCAT: operands left) */
} CallInfo;

enum ThreadStatus {
	TS_OK = 0,        /* running or ready, or suspended before its first resume */
	TS_YIELD = 1,     /* suspended in yield */
	TS_ERROR = 2,     /* dead by an error */
	TS_DEAD = 3       /* finished normally */
};

typedef struct Thread {
	GC_HEADER;
	uint8_t status;          /* enum ThreadStatus */
	uint32_t stacksize;
	uint32_t top;            /* first free stack index (exact at boundaries) */
	uint32_t cisize;
	uint32_t nci;            /* frames in use; ci[nci-1] is the running one */
	uint32_t tbclist;        /* newest to-be-closed variable: stack index + 1
	                            of its link slot (do.c), 0 = none */
	Value *stack;
	CallInfo *ci;
	UpVal *openupval;        /* open upvalues, sorted by decreasing level */
	struct Thread *resumer;  /* thread that resumed this one, or NULL */
	struct Thread *twups;    /* next in VMGlobal.twups while it has open
	                            upvalues; points to itself when not listed */
	GCObject *gclist;
	Value errobj;            /* the error of a thread dead by error */
	uint64_t vmthread;       /* 0: a coroutine; else the VM-thread id (kernel) */
} Thread;

/* Size of objects with trailing arrays. */
#define sizeLclosure(n) (offsetof(LClosure, upvals) + sizeof(UpVal *) * (size_t)(n))
#define sizeBclosure(n) (offsetof(BClosure, upvalue) + sizeof(Value) * (size_t)(n))
#define sizeInternal(n) (offsetof(Internal, uvalue) + sizeof(Value) * (size_t)(n))
#define sizestring(l)   (offsetof(String, contents) + (size_t)(l) + 1)

#endif
