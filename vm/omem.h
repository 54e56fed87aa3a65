/*
 * omem.h: the allocator of object memory.
 *
 * Object memory is one region [VM_OMEM_BASE, VM_OMEM_BASE + size). The root
 * (struct VMGlobal, vm/state.h) sits at its start and holds this allocator's
 * state (struct OMem); every byte of metadata lives inside the region, so
 * the allocator survives snapshot and restore with the rest of object land.
 *
 * Two kinds of blocks, all 16-byte aligned:
 *  - small (<= OM_SMALLMAX bytes): one free list per 16-byte size class;
 *    a free block holds the link to the next. Blocks carry no header: the
 *    caller passes the block's size back when freeing (Lua-style interface).
 *    New small blocks are carved from chunks of OM_CHUNK bytes taken from the
 *    large allocator; small memory is reused but never returned to it.
 *  - large: boundary-tagged blocks (16-byte header: size of the previous
 *    block when that one is free, own size | flags), first fit from
 *    power-of-two bins of free blocks, split on allocation, coalesced with
 *    free neighbours on release. Above `top` lies untouched memory (the
 *    "wilderness"), which grows the heap and shrinks back when the block
 *    below it is freed.
 *
 * Interface:
 *   om_init      lay out an empty heap in [start, end)
 *   om_realloc   (err) allocate (p == NULL), resize or free (nsize == 0);
 *                raises "not enough memory" via vm_memerror when the region
 *                is exhausted; never collects garbage
 *   om_tryrealloc  the same, but returns NULL on exhaustion
 *   om_alloc / om_free / om_newvector / om_reallocvector  shorthands
 *   om_check     verify the allocator's own lists (heap checker, tests)
 * Accounting: OMem.totalbytes counts the bytes callers hold (their sizes,
 * not rounded); each change is also added to VMGlobal.GCdebt for pacing.
 */
#ifndef AMBER_VM_OMEM_H
#define AMBER_VM_OMEM_H

#include <stddef.h>
#include <stdint.h>
#include "vm/vm.h"

#define OM_ALIGN    16
#define OM_SMALLMAX 1024
#define OM_NSMALL   (OM_SMALLMAX / OM_ALIGN)   /* classes 16, 32, ..., 1024 */
#define OM_NBINS    48                         /* bin b: sizes in [2^b, 2^(b+1)) */
#define OM_CHUNK    (64 * 1024)

typedef struct OMFree OMFree;     /* a free large block (omem.c) */

typedef struct OMem {
	uintptr_t start;              /* first byte of the heap */
	uintptr_t top;                /* start of the wilderness */
	uintptr_t end;                /* end of the region */
	uintptr_t chunk, chunkend;    /* unused part of the current small chunk */
	void *small[OM_NSMALL];       /* free lists by size class */
	OMFree *bins[OM_NBINS];       /* free large blocks by size */
	size_t totalbytes;            /* bytes held by callers */
	size_t largebytes;            /* bytes in large blocks incl. headers */
} OMem;

void om_init(OMem *h, uintptr_t start, uintptr_t end);
void *om_realloc(VM *vm, void *p, size_t osize, size_t nsize);   /* (err) */
void *om_tryrealloc(VM *vm, void *p, size_t osize, size_t nsize);
/* Returns NULL if the allocator's lists are sound, else a description. */
const char *om_check(OMem *h);
/* Is p inside the heap part of object memory? (heap checker) */
int om_contains(const OMem *h, const void *p);

#define om_alloc(vm, n)        om_realloc(vm, NULL, 0, (n))
#define om_free(vm, p, n)      ((void)om_realloc(vm, (p), (n), 0))
#define om_newvector(vm, n, T) ((T *)om_alloc(vm, (size_t)(n) * sizeof(T)))
#define om_freevector(vm, p, n, T) om_free(vm, (p), (size_t)(n) * sizeof(T))
#define om_reallocvector(vm, p, on, nn, T) \
	((T *)om_realloc(vm, (p), (size_t)(on) * sizeof(T), (size_t)(nn) * sizeof(T)))

#endif
