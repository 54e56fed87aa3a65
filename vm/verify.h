/*
 * verify.h: the bytecode verifier.
 *
 * Every Proto loaded from a file passes verify_proto before it can run (the
 * compiler's own output passes too; tests check that). It proves, for the
 * whole tree, that the interpreter can run the code without reading or
 * writing outside the frame, the constants, the upvalues or the nested
 * prototypes, whatever the values turn out to be at run time:
 *   - sizes are consistent (lineinfo, maxstack <= MAX_STACK_SLOTS, params
 *     within maxstack, upvalue descriptions within the parent);
 *   - every opcode exists and every operand is in range (constants, with the
 *     type an opcode requires; upvalues; prototypes; slots below the depth);
 *   - jumps land inside the code and never on an EXTRAARG; EXTRAARG only
 *     where SETLIST expects it;
 *   - the operand-stack depth is the same on every path into an
 *     instruction, never negative, never above maxstack; a variable number
 *     of values (CALL B=0, VARARG A=0) is consumed by the next instruction;
 *   - no path runs off the end of the code.
 * It does not check types (a SETLIST whose table slot holds a number is
 * structurally fine): instructions check the types they depend on.
 *
 * Interface:
 *   verify_proto(p, msg, size)  1 if p and its children are sound; else 0
 *                               with "function <line>, pc N: what" in msg
 */
#ifndef AMBER_VM_VERIFY_H
#define AMBER_VM_VERIFY_H

#include <stddef.h>
#include "vm/object.h"

int verify_proto(const Proto *p, char *msg, size_t size);

#endif
