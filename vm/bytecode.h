/*
 * bytecode.h: opcode tables and the binary file format of Amber bytecode.
 *
 * The tables vm_opnames/vm_opformats/vm_oppops/vm_oppushes (declared in
 * vm/opcodes.h) are defined in bytecode.c from the OPCODES X-macro.
 *
 * File format (docs/BYTECODE.md has the full layout): a 32-byte header
 *   magic "\x1b" "Amb", format version, sizeof(Instruction), sizeof(int64),
 *   sizeof(double), a test integer and a test double (byte order and
 *   representation), the payload size and the payload's CRC-32,
 * then the payload: the main function, recursively. All numbers are
 * little-endian. Every header field is checked with its own message.
 *
 * Interface:
 *   bc_dump(p, strip, &len)   the file image of p (malloc'ed, C memory);
 *                             strip drops debug information. NULL if out of
 *                             C memory.
 *   bc_load(vm, buf, len, chunkname, &err)
 *                             (err: only "not enough memory") the Proto tree
 *                             of a file image, verified (vm/verify.h); NULL
 *                             with *err = "chunk: bad binary format (why)"
 *                             or the verifier's message. Never reads outside
 *                             buf. Objects of a failed load are garbage.
 *   bc_crc32(data, len)       the checksum used by the format
 *   bc_isbinary(buf, len)     does it start like a bytecode file?
 */
#ifndef AMBER_VM_BYTECODE_H
#define AMBER_VM_BYTECODE_H

#include <stddef.h>
#include <stdint.h>
#include "vm/opcodes.h"
#include "vm/object.h"
#include "vm/vm.h"

#define BC_MAGIC       "\x1b" "Amb"
#define BC_VERSION     2          /* 2: to-be-closed variables (TBC .. TFORPREP) */
#define BC_TESTINT     ((int64_t)0x5678)
#define BC_TESTNUM     ((double)370.5)
#define BC_HEADERSIZE  32
#define BC_MAXNESTING  200      /* nested functions in a file */

char *bc_dump(const Proto *p, int strip, size_t *len);
Proto *bc_load(VM *vm, const char *buf, size_t len, const char *chunkname,
	String **err);
uint32_t bc_crc32(const void *data, size_t len);
int bc_isbinary(const char *buf, size_t len);

#endif
