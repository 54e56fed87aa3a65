/*
 * ksyms.h: the kernel's own symbol table, for backtraces.
 *
 * The build links the kernel twice: the second link adds a .ksyms section
 * generated from the first link's `nm` output by tools/gen-ksyms.py. It sits
 * after .text/.rodata, so the code addresses of both links are equal.
 *
 * Table layout (all little-endian, 8-byte aligned):
 *   u64 magic "KSYMTAB1", u64 count,
 *   count x { u64 address, u64 offset of the name in the string area },
 *   the NUL-terminated names. Entries are sorted by address.
 *
 * Interface:
 *   ksyms_lookup(addr, &off)   the function containing addr (the nearest
 *                              symbol at or below it), or NULL
 *   ksyms_lookup_in(table, size, addr, &off)   the same over any table (tests)
 */
#ifndef KERNEL_KSYMS_H
#define KERNEL_KSYMS_H

#include <stddef.h>
#include <stdint.h>

#define KSYMS_MAGIC 0x3142415453594d4bull	/* "KSYMTAB1" */

const char *ksyms_lookup(uint64_t addr, uint64_t *off);
const char *ksyms_lookup_in(const void *table, size_t size, uint64_t addr, uint64_t *off);

#endif
