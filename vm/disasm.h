/*
 * disasm.h: a listing of Amber bytecode in the manner of `luac -l`.
 *
 * Interface:
 *   disasm_proto(p, full, out, ud)  list p and its nested functions; `full`
 *                                   adds constants, locals and upvalues.
 *                                   Text goes through `out` in pieces.
 *   disasm_instr(p, pc, buf, size)  one instruction as "OPNAME args ; note"
 * Works on any Proto that passed the verifier (operands are trusted).
 */
#ifndef AMBER_VM_DISASM_H
#define AMBER_VM_DISASM_H

#include <stddef.h>
#include "vm/object.h"

typedef void (*DisasmOut)(void *ud, const char *s, size_t len);

void disasm_proto(const Proto *p, int full, DisasmOut out, void *ud);
void disasm_instr(const Proto *p, int pc, char *buf, size_t size);

#endif
