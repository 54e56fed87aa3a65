/*
 * omem.c: the allocator of object memory (see omem.h for the design).
 *
 * Large-block invariants (checked by om_check):
 *  - the blocks from heap.start to heap.top tile the heap exactly; each
 *    header's size is a multiple of 16 and at least OM_MINBLOCK;
 *  - a block's PREVINUSE flag equals its predecessor's INUSE flag, and the
 *    first block's PREVINUSE is set;
 *  - a free block is in exactly one bin (the bin of its size), its successor
 *    records its size in prevsize, and no two free blocks are adjacent;
 *  - the block just below top is never free (it is merged into the
 *    wilderness instead).
 */
#include <string.h>
#include "vm/omem.h"
#include "vm/state.h"
#include "vm/api.h"

typedef struct OMHdr {
	size_t prevsize;         /* size of the previous block, if it is free */
	size_t size;             /* own size incl. header | INUSE | PREVINUSE */
} OMHdr;

struct OMFree {
	OMHdr h;
	OMFree *next, *prev;     /* doubly linked bin list */
};

#define INUSE      ((size_t)1)
#define PREVINUSE  ((size_t)2)
#define FLAGS      (INUSE | PREVINUSE)
#define OM_MINBLOCK ((size_t)sizeof(OMFree))
#define OM_MINSPLIT ((size_t)64)      /* smallest remainder worth a free block */

#define bsize(b)      ((b)->h.size & ~FLAGS)
#define blockat(a)    ((OMFree *)(uintptr_t)(a))
#define nextblock(b)  blockat((uintptr_t)(b) + bsize(b))
#define payload(b)    ((void *)((char *)(b) + sizeof(OMHdr)))
#define blockof(p)    blockat((uintptr_t)(p) - sizeof(OMHdr))
#define round16(n)    (((n) + OM_ALIGN - 1) & ~(size_t)(OM_ALIGN - 1))

void om_init(OMem *h, uintptr_t start, uintptr_t end)
{
	memset(h, 0, sizeof *h);
	h->start = h->top = round16(start);
	h->end = end & ~(uintptr_t)(OM_ALIGN - 1);
}

static int binof(size_t size)
{
	int b = 63 - __builtin_clzll(size);
	return b < OM_NBINS ? b : OM_NBINS - 1;
}

static void binlink(OMem *h, OMFree *f)
{
	int b = binof(bsize(f));
	f->prev = NULL;
	f->next = h->bins[b];
	if (f->next != NULL)
		f->next->prev = f;
	h->bins[b] = f;
}

static void binunlink(OMem *h, OMFree *f)
{
	if (f->prev != NULL)
		f->prev->next = f->next;
	else
		h->bins[binof(bsize(f))] = f->next;
	if (f->next != NULL)
		f->next->prev = f->prev;
}

/* Mark the free block f of `size` bytes as free and file it in its bin; its
 * successor learns it has a free predecessor. */
static void makefree(OMem *h, OMFree *f, size_t size)
{
	f->h.size = size | PREVINUSE;
	OMFree *n = blockat((uintptr_t)f + size);
	n->h.prevsize = size;
	n->h.size &= ~PREVINUSE;
	binlink(h, f);
}

/* Use the free block f (already unlinked) for `need` bytes, splitting off a
 * remainder when it is big enough. */
static void *takeblock(OMem *h, OMFree *f, size_t need)
{
	size_t have = bsize(f);
	if (have - need >= OM_MINSPLIT) {
		f->h.size = need | INUSE | PREVINUSE;
		makefree(h, blockat((uintptr_t)f + need), have - need);
		have = need;
	} else {
		f->h.size = have | INUSE | PREVINUSE;
		nextblock(f)->h.size |= PREVINUSE;
	}
	h->largebytes += have;
	return payload(f);
}

static void *largealloc(OMem *h, size_t n)
{
	size_t need = round16(n + sizeof(OMHdr));
	if (need < OM_MINBLOCK)
		need = OM_MINBLOCK;
	int b = binof(need);
	for (OMFree *f = h->bins[b]; f != NULL; f = f->next)
		if (bsize(f) >= need) {
			binunlink(h, f);
			return takeblock(h, f, need);
		}
	for (b++; b < OM_NBINS; b++)
		if (h->bins[b] != NULL) {
			OMFree *f = h->bins[b];
			binunlink(h, f);
			return takeblock(h, f, need);
		}
	if (h->end - h->top < need)
		return NULL;
	OMFree *f = blockat(h->top);
	f->h.size = need | INUSE | PREVINUSE;
	h->top += need;
	h->largebytes += need;
	return payload(f);
}

static void largefree(OMem *h, void *p)
{
	OMFree *f = blockof(p);
	size_t size = bsize(f);
	h->largebytes -= size;
	if (!(f->h.size & PREVINUSE)) {          /* merge with the previous */
		OMFree *pv = blockat((uintptr_t)f - f->h.prevsize);
		binunlink(h, pv);
		size += bsize(pv);
		f = pv;
	}
	uintptr_t next = (uintptr_t)f + size;
	if (next == h->top) {                    /* give back to the wilderness */
		h->top = (uintptr_t)f;
		return;
	}
	if (!(blockat(next)->h.size & INUSE)) {  /* merge with the next */
		binunlink(h, blockat(next));
		size += bsize(blockat(next));
	}
	makefree(h, f, size);
}

/* Resize a large block in place when it is the last one before the
 * wilderness or the change is within its slack; else return NULL. */
static void *largeinplace(OMem *h, void *p, size_t n)
{
	OMFree *f = blockof(p);
	size_t have = bsize(f), need = round16(n + sizeof(OMHdr));
	if (need <= have && have - need < OM_MINSPLIT)
		return p;
	if ((uintptr_t)f + have == h->top && (uintptr_t)f + need <= h->end) {
		f->h.size = need | (f->h.size & FLAGS);
		h->top = (uintptr_t)f + need;
		h->largebytes += need - have;
		return p;
	}
	return NULL;
}

/* ---- small blocks ------------------------------------------------------ */

#define classof(n) (((n) + OM_ALIGN - 1) / OM_ALIGN - 1)
#define classsize(c) (((size_t)(c) + 1) * OM_ALIGN)

static void smallpush(OMem *h, void *p, size_t c)
{
	*(void **)p = h->small[c];
	h->small[c] = p;
}

static void *smallalloc(OMem *h, size_t n)
{
	size_t c = classof(n), sz = classsize(c);
	void *p = h->small[c];
	if (p != NULL) {
		h->small[c] = *(void **)p;
		return p;
	}
	if (h->chunkend - h->chunk < sz) {
		size_t left = h->chunkend - h->chunk;
		if (left > 0)
			smallpush(h, (void *)h->chunk, classof(left));
		void *chunk = largealloc(h, OM_CHUNK - sizeof(OMHdr));
		if (chunk == NULL) {
			h->chunk = h->chunkend = 0;
			return NULL;
		}
		h->chunk = (uintptr_t)chunk;
		h->chunkend = h->chunk + OM_CHUNK - sizeof(OMHdr);
	}
	p = (void *)h->chunk;
	h->chunk += sz;
	return p;
}

/* ---- the interface ----------------------------------------------------- */

static void *rawalloc(OMem *h, size_t n)
{
	return n <= OM_SMALLMAX ? smallalloc(h, n) : largealloc(h, n);
}

static void rawfree(OMem *h, void *p, size_t n)
{
	if (n <= OM_SMALLMAX)
		smallpush(h, p, classof(n));
	else
		largefree(h, p);
}

static void *resize(OMem *h, void *p, size_t osize, size_t nsize)
{
	if (p == NULL)
		return rawalloc(h, nsize);
	if (osize <= OM_SMALLMAX && nsize <= OM_SMALLMAX &&
	    classof(osize) == classof(nsize))
		return p;
	if (osize > OM_SMALLMAX && nsize > OM_SMALLMAX) {
		void *q = largeinplace(h, p, nsize);
		if (q != NULL)
			return q;
	}
	void *q = rawalloc(h, nsize);
	if (q == NULL)
		return NULL;
	memcpy(q, p, osize < nsize ? osize : nsize);
	rawfree(h, p, osize);
	return q;
}

void *om_tryrealloc(VM *vm, void *p, size_t osize, size_t nsize)
{
	VMGlobal *g = G(vm);
	OMem *h = &g->heap;
	void *q = NULL;
	if (p == NULL)
		osize = 0;
	if (nsize == 0) {
		if (p != NULL)
			rawfree(h, p, osize);
	} else {
		q = resize(h, p, osize, nsize);
		if (q == NULL)
			return NULL;
	}
	h->totalbytes += nsize - osize;
	g->GCdebt += (int64_t)nsize - (int64_t)osize;
	return q;
}

void *om_realloc(VM *vm, void *p, size_t osize, size_t nsize)
{
	void *q = om_tryrealloc(vm, p, osize, nsize);
	if (q == NULL && nsize > 0)
		vm_memerror(vm);
	return q;
}

int om_contains(const OMem *h, const void *p)
{
	return (uintptr_t)p >= h->start && (uintptr_t)p < h->top;
}

/* ---- checking ---------------------------------------------------------- */

static const char *checkbins(OMem *h, size_t nfree)
{
	size_t seen = 0;
	for (int b = 0; b < OM_NBINS; b++)
		for (OMFree *f = h->bins[b], *pv = NULL; f != NULL; pv = f, f = f->next) {
			if (!om_contains(h, f) || (f->h.size & INUSE))
				return "bin holds a block that is not free";
			if (binof(bsize(f)) != b)
				return "free block in the wrong bin";
			if (f->prev != pv)
				return "bin list back link broken";
			if (++seen > nfree)
				return "bins hold more blocks than the heap";
		}
	return seen == nfree ? NULL : "free block missing from its bin";
}

static const char *checksmall(OMem *h)
{
	size_t limit = (h->top - h->start) / OM_ALIGN;
	for (int c = 0; c < OM_NSMALL; c++) {
		size_t n = 0;
		for (void *p = h->small[c]; p != NULL; p = *(void **)p) {
			if (!om_contains(h, p) || ((uintptr_t)p & (OM_ALIGN - 1)))
				return "small free list points outside the heap";
			if (++n > limit)
				return "small free list has a cycle";
		}
	}
	return NULL;
}

const char *om_check(OMem *h)
{
	size_t nfree = 0, used = 0;
	int previnuse = 1;
	uintptr_t a = h->start;
	while (a < h->top) {
		OMFree *f = blockat(a);
		size_t sz = bsize(f);
		if (sz < OM_MINBLOCK || (sz & (OM_ALIGN - 1)) || a + sz > h->top)
			return "large block with a bad size";
		if (!!(f->h.size & PREVINUSE) != previnuse)
			return "PREVINUSE flag disagrees with the previous block";
		previnuse = !!(f->h.size & INUSE);
		if (!previnuse) {
			nfree++;
			if (a + sz == h->top)
				return "free block next to the wilderness";
			if (!(blockat(a + sz)->h.size & INUSE))
				return "two adjacent free blocks";
			if (blockat(a + sz)->h.prevsize != sz)
				return "prevsize of a free block's successor is wrong";
		} else {
			used += sz;
		}
		a += sz;
	}
	if (a != h->top)
		return "blocks do not end at top";
	if (used != h->largebytes)
		return "large byte count is wrong";
	const char *e = checkbins(h, nfree);
	return e != NULL ? e : checksmall(h);
}
