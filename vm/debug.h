/*
 * debug.h: positions, variable names and tracebacks for error messages.
 *
 * Names of the values in an error message ("global 'x'", "field 'b'",
 * "method 'm'", ...) are found by symbolic execution of the stack-machine
 * bytecode: which instruction pushed the operand at that stack depth.
 *
 * Interface:
 *   dbg_runerror     raise "chunk:line: message" at the running Lua frame (err)
 *   dbg_typeerror    "attempt to <op> a <type> value (<kind> '<name>')" (err)
 *   dbg_concaterror, dbg_opinterror, dbg_tointerror, dbg_ordererror,
 *   dbg_callerror, dbg_forerror: the other operand errors of lua5.4 (err)
 *   dbg_chunkid      "file", [string "..."] as lua5.4's luaO_chunkid
 *   dbg_currentline  line of a Lua frame's current instruction (-1: builtin)
 *   dbg_addwhere     append "chunk:line: " of the frame `level` levels down
 *   dbg_funcname     how the function of frame ci was called (for messages)
 *   dbg_traceback    lua5.4-style "stack traceback:" text
 */
#ifndef AMBER_VM_DEBUG_H
#define AMBER_VM_DEBUG_H

#include <stddef.h>
#include "vm/vm.h"
#include "vm/object.h"
#include "vm/api.h"

#define VM_IDSIZE 60

_Noreturn void dbg_runerror(VM *vm, const char *fmt, ...);
_Noreturn void dbg_typeerror(VM *vm, const Value *o, const char *op);
_Noreturn void dbg_concaterror(VM *vm, const Value *p1, const Value *p2);
_Noreturn void dbg_opinterror(VM *vm, const Value *p1, const Value *p2, const char *msg);
_Noreturn void dbg_tointerror(VM *vm, const Value *p1, const Value *p2);
_Noreturn void dbg_ordererror(VM *vm, const Value *p1, const Value *p2);
_Noreturn void dbg_callerror(VM *vm, const Value *o);
_Noreturn void dbg_forerror(VM *vm, const Value *o, const char *what);

void dbg_chunkid(char *out, const char *source, size_t srclen);
int dbg_currentline(Thread *L, CallInfo *ci);
void dbg_addwhere(VM *vm, VMBuffer *b, int level);
/* Returns "global", "local", "method", "field", "upvalue", "constant",
 * "metamethod", "for iterator" or NULL; *name receives the name. */
const char *dbg_funcname(VM *vm, Thread *L, CallInfo *ci, char *name, size_t namesize);
void dbg_traceback(VM *vm, Thread *L, VMBuffer *b, const char *msg, int level);

#endif
