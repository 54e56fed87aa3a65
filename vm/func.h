/*
 * func.h: prototypes, closures and upvalues.
 *
 * A Proto's vectors (code, k, p, upvalues, lineinfo, locvars) are owned by
 * it and freed with it; each size* field always equals the allocated length
 * of its vector (the compiler keeps its own "used" counts while compiling
 * and shrinks the vectors at the end): the collector frees by those sizes,
 * also for a Proto abandoned by a compile error. Entries must be valid
 * (nil constants, NULL pointers) as soon as the size covers them.
 *
 * Upvalues: an open upvalue points to a slot of its thread's stack and is
 * on the thread's `openupval` list (sorted by decreasing stack index, at
 * most one per slot); closing it copies the value into the upvalue itself.
 * Code that reallocates a stack must re-point the open upvalues (interp).
 *
 * Interface:
 *   func_newproto(vm)              (err) an empty Proto
 *   func_newLclosure(vm, n)        (err) a Lua closure with n NULL upvalues
 *   func_initupvals(vm, cl)        (err) give cl fresh closed nil upvalues
 *   func_newmain(vm, p, env)       (err) a closure of main chunk p, fresh
 *                                  upvalues, _ENV (upvalue 0) = env or,
 *                                  with env NULL, the globals
 *   func_newBclosure(vm, id, n)    (err) a builtin closure, n nil upvalues
 *   func_newupval(vm)              (err) a closed upvalue holding nil
 *   func_findupval(vm, th, level)  (err) the open upvalue of stack slot
 *                                  `level` (an index) of th, made if needed
 *   func_closeupvals(vm, th, level) close th's upvalues at slots >= level
 *   func_unlinkupval(uv)           take an open upvalue off its thread list
 *   func_getlocalname(p, slot, pc) name of the local in slot active at pc,
 *                                  or NULL
 *   func_freeproto(vm, p)          (gc.c) free a Proto and its vectors
 */
#ifndef AMBER_VM_FUNC_H
#define AMBER_VM_FUNC_H

#include <stdint.h>
#include "vm/object.h"
#include "vm/vm.h"

#define upisopen(uv) ((uv)->v != &(uv)->u.value)
#define uplevel(th, uv) ((uint32_t)((uv)->v - (th)->stack))

Proto *func_newproto(VM *vm);
LClosure *func_newLclosure(VM *vm, int nupvals);
void func_initupvals(VM *vm, LClosure *cl);
LClosure *func_newmain(VM *vm, Proto *p, const Value *env);
BClosure *func_newBclosure(VM *vm, uint32_t id, int nupvals);
UpVal *func_newupval(VM *vm);
UpVal *func_findupval(VM *vm, Thread *th, uint32_t level);
void func_closeupvals(VM *vm, Thread *th, uint32_t level);
void func_unlinkupval(UpVal *uv);
const char *func_getlocalname(const Proto *p, int slot, int pc);
void func_freeproto(VM *vm, Proto *p);

#endif
