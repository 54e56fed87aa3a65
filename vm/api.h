/*
 * api.h: what builtin functions (vm/lib_*.c) use to read arguments, push
 * results, raise errors and call back into Lua.
 *
 * Arguments are 1-based: vm_arg(vm, 1) is the first. Indices past the last
 * argument read as nil. Push functions append to the running frame's top and
 * grow the stack as needed. Every vm_check* raises lua5.4's message on
 * failure, e.g. "bad argument #1 to 'insert' (table expected, got nil)".
 * Functions marked (err) may raise a Lua error (longjmp to the interpreter:
 * never hold anything but object-memory state across them); (gc) may run
 * a collector step.
 */
#ifndef AMBER_VM_API_H
#define AMBER_VM_API_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include "vm/object.h"
#include "vm/builtin.h"

/* ---- arguments ---------------------------------------------------------- */
int vm_nargs(VM *vm);                          /* arguments of this builtin */
Value *vm_arg(VM *vm, int i);                  /* never NULL; nil past the end */
int vm_argtype(VM *vm, int i);                 /* T_* or -1 (T_NONE) past end */
#define T_NONE (-1)

int64_t vm_checkinteger(VM *vm, int i);        /* (err) accepts integral floats
                                                  and numeric strings */
int64_t vm_optinteger(VM *vm, int i, int64_t def);
double vm_checknumber(VM *vm, int i);          /* (err) */
double vm_optnumber(VM *vm, int i, double def);
String *vm_checkstring(VM *vm, int i);         /* (err) numbers are converted in
                                                  place, as lua_tolstring does */
const char *vm_checklstring(VM *vm, int i, size_t *len);
const char *vm_optlstring(VM *vm, int i, const char *def, size_t *len);
Table *vm_checktable(VM *vm, int i);           /* (err) */
void vm_checkany(VM *vm, int i);               /* (err) "value expected" */
void vm_checktype(VM *vm, int i, int t);       /* (err) */
int vm_checkoption(VM *vm, int i, const char *def, const char *const list[]);

_Noreturn void vm_argerror(VM *vm, int i, const char *extramsg);          /* (err) */
_Noreturn void vm_typeerror(VM *vm, int i, const char *expected);         /* (err) */
void vm_argcheck(VM *vm, int cond, int i, const char *extramsg);/* (err) */

/* ---- results ------------------------------------------------------------ */
void vm_pushnil(VM *vm);
void vm_pushboolean(VM *vm, int b);
void vm_pushinteger(VM *vm, int64_t n);
void vm_pushnumber(VM *vm, double n);
void vm_pushvalue(VM *vm, const Value *v);
String *vm_pushlstring(VM *vm, const char *s, size_t len);    /* (gc) */
String *vm_pushstring(VM *vm, const char *s);                 /* (gc) */
String *vm_pushfstring(VM *vm, const char *fmt, ...);         /* (gc) %s %d %I
                                                  (int64) %f (double as %.14g) %p %c %U %% */
String *vm_pushvfstring(VM *vm, const char *fmt, va_list ap);
struct VMBuffer;
void vm_addvfstring(struct VMBuffer *b, const char *fmt, va_list ap); /* same formats */
Table *vm_pushnewtable(VM *vm, int narr, int nrec);          /* (gc) */
void vm_pushbuiltin(VM *vm, uint32_t id);
BClosure *vm_pushbclosure(VM *vm, uint32_t id, int nup);      /* (gc) upvalues nil */
Value *vm_top(VM *vm, int n);              /* the n-th value from the top, n >= 1 */
void vm_pop(VM *vm, int n);
int vm_gettop(VM *vm);                     /* values in this frame above base */
void vm_settop(VM *vm, int n);             /* n values above base (nil-filled) */

/* ---- conversions -------------------------------------------------------- */
/* tostring without metamethods (numbers, strings, and "type: 0x..."), the
 * buffer-free part of luaL_tolstring; NULL if a metamethod __tostring/__name
 * must be consulted by the caller. */
String *vm_rawtostring(VM *vm, const Value *v);               /* (gc) */
/* luaL_tolstring: the text of v (honouring __tostring and __name). When v
 * has __tostring, returns NULL after pushing the metamethod and v: the
 * builtin then returns vm_callk(vm, 1, 1, state) and, re-entered, takes
 * the result with vm_tostringresult (raises if it is not a string). */
String *vm_tolstring(VM *vm, const Value *v);                 /* (gc) */
String *vm_tostringresult(VM *vm);                            /* (err) */
int vm_tointeger(const Value *v, int64_t *out);  /* exact ints, strings too */
int vm_tonumber(const Value *v, double *out);
const char *vm_typename(VM *vm, const Value *v); /* honours __name */
const char *vm_basictypename(int t);             /* "nil", "number", ... */

/* ---- tables, without metamethods ---------------------------------------- */
const Value *vm_rawget(Table *t, const Value *k);
const Value *vm_rawgetint(Table *t, int64_t k);
const Value *vm_rawgetstr(VM *vm, Table *t, const char *k);
void vm_rawset(VM *vm, Table *t, const Value *k, const Value *v);  /* (err)(gc) */
void vm_rawsetint(VM *vm, Table *t, int64_t k, const Value *v);    /* (gc) */
void vm_rawsetstr(VM *vm, Table *t, const char *k, const Value *v);/* (gc) */
int64_t vm_rawlen(const Value *v);               /* # of a string or table */
Table *vm_getmetatable(VM *vm, const Value *v);
const Value *vm_getmetafield(VM *vm, const Value *v, const char *event); /* NULL if none */

/* ---- errors ------------------------------------------------------------- */
_Noreturn void vm_error(VM *vm, const char *fmt, ...);     /* (err) "where: message",
                                                    level 1 position, like luaL_error */
_Noreturn void vm_errorvalue(VM *vm, const Value *v);      /* (err) raise v as is */
_Noreturn void vm_memerror(VM *vm);                        /* (err) "not enough memory" */
_Noreturn void vm_rawerror(VM *vm, const char *fmt, ...);  /* (err) message without
                                                    position, as lua5.4's C functions
                                                    raise some errors */

/* a < b the way a builtin compares (math.min/max, table.sort): 1 or 0 for
 * two numbers or two strings; else -1 after pushing the __lt metamethod, a
 * and b, ready for vm_callk (its result decides). (err) "attempt to
 * compare ..." when neither value has __lt. */
int vm_lessthan(VM *vm, const Value *a, const Value *b);

/* ---- calling back into Lua ---------------------------------------------- */
/* Push `f` and `nargs` arguments (already pushed after it by the caller)
 * form the call; set the continuation state; the builtin then returns
 * BI_CALL. The callee's results, adjusted to `nresults` (-1: all), are on
 * top when the builtin is re-entered with ci->pc == state. */
int vm_callk(VM *vm, int nargs, int nresults, uint32_t state);

/* ---- waiting outside the interpreter --------------------------------------- */
/* The builtin cannot go on until `why` (VMWAIT_*) happens and has changed
 * nothing (its frame as it was entered): `return vm_wait(vm, why);` makes
 * vm_execute return VMS_BLOCKED; the builtin runs again from the start when
 * the thread is continued (builtin.h, BI_BLOCK). */
int vm_wait(VM *vm, int why);

/* ---- buffers ------------------------------------------------------------ */
/* A growable byte buffer in C memory for building one result inside one
 * builtin invocation (never across BI_CALL). */
typedef struct VMBuffer {
	char *b;
	size_t n, size;
	VM *vm;
	char init[256];
} VMBuffer;
void vm_buffinit(VM *vm, VMBuffer *B);
void vm_addlstring(VMBuffer *B, const char *s, size_t l);
void vm_addstring(VMBuffer *B, const char *s);
void vm_addchar(VMBuffer *B, char c);
char *vm_prepbuffsize(VMBuffer *B, size_t sz);
void vm_addsize(VMBuffer *B, size_t n);
String *vm_pushresult(VMBuffer *B);              /* (gc) push, free the buffer */
void vm_bufffree(VMBuffer *B);

#endif
