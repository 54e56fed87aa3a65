/*
 * table.c: Lua tables (see table.h for the representation).
 *
 * Invariants:
 *  - keys 1..asize live only in the array part; a key in the hash part is
 *    never nil, never NaN, never a float with an integral value;
 *  - every key in the hash part is reachable from its main position by
 *    following `next` offsets; nodes below lastfree may be free (nil key),
 *    nodes at or above it are all in use or were used;
 *  - a table without a hash part points to VMGlobal.dummynode and has
 *    lastfree == NULL; nothing is ever written to the dummy node.
 * The hash functions and the collision policy follow Lua 5.4's so that the
 * traversal order of integer and float keys matches lua5.4's.
 */
#include <limits.h>
#include <math.h>
#include <string.h>
#include "vm/table.h"
#include "vm/state.h"
#include "vm/gc.h"
#include "vm/omem.h"
#include "vm/string.h"
#include "vm/number.h"
#include "vm/api.h"
#include "vm/tm.h"
#include "vm/debug.h"

#define MAXABITS 31
#define MAXASIZE ((uint32_t)1 << MAXABITS)
#define MAXHBITS 30

static const Value absentkey = {{0}, VABSTKEY};

#define keyisinteger(n) (keytt(n) == VNUMINT)
#define keyival(n)      ((n)->key_val.i)
#define keyisshrstr(n)  (keytt(n) == CTAG(VSHRSTR))
#define keystrval(n)    ((String *)gckey(n))

#define hashpow2(t, n)  (gnode(t, (n) & (sizenode(t) - 1)))
#define hashmod(t, n)   (gnode(t, (n) % ((sizenode(t) - 1) | 1)))

static Node *hashint(const Table *t, int64_t i)
{
	uint64_t ui = (uint64_t)i;
	if (ui <= (uint64_t)INT_MAX)
		return hashmod(t, (uint32_t)ui);
	return hashmod(t, ui);
}

static int hashfloat(double n)
{
	int i;
	int64_t ni;
	n = frexp(n, &i) * -(double)INT_MIN;
	if (!num_flttointns(n, &ni, F2I_EQ))     /* inf or NaN */
		return 0;
	unsigned u = (unsigned)i + (unsigned)ni;
	return (int)(u <= (unsigned)INT_MAX ? u : ~u);
}

/* The main position of a key given by tag and payload. */
static Node *mainposition(const Table *t, int tt, const RawValue *k)
{
	switch (withvariant(tt)) {
	case VNUMINT: return hashint(t, k->i);
	case VNUMFLT: return hashmod(t, (unsigned)hashfloat(k->n));
	case VSHRSTR: return hashpow2(t, ((String *)k->gc)->hash);
	case VLNGSTR: return hashpow2(t, str_hashlng((String *)k->gc));
	case VFALSE:  return hashpow2(t, 0);
	case VTRUE:   return hashpow2(t, 1);
	case VBUILTIN: return hashmod(t, (uint32_t)k->i);
	default:      return hashmod(t, (uint32_t)(uintptr_t)k->gc);
	}
}

#define mainpositionof(t, k)  mainposition(t, rawtt(k), &(k)->v)
#define mainpositionnode(t, n) mainposition(t, keytt(n), &(n)->key_val)

/* Does node n hold key k? A dead key matches k by identity if deadok. */
static int equalkey(const Value *k, const Node *n, int deadok)
{
	if (rawtt(k) != keytt(n) &&
	    !(deadok && keytt(n) == DEADKEY && iscollectable(k)))
		return 0;
	switch (ttypetag(k)) {
	case VNIL: case VFALSE: case VTRUE: return 1;
	case VNUMINT:  return ivalue(k) == n->key_val.i;
	case VNUMFLT:  return fltvalue(k) == n->key_val.n;
	case VBUILTIN: return ivalue(k) == n->key_val.i;
	case VLNGSTR:
		return keytt(n) == DEADKEY ? gcvalue(k) == gckey(n)
		       : str_eqlngstr(strvalue(k), keystrval(n));
	default:       return gcvalue(k) == gckey(n);
	}
}

static const Value *getgeneric(Table *t, const Value *key, int deadok)
{
	Node *n = mainpositionof(t, key);
	for (;;) {
		if (equalkey(key, n, deadok))
			return gval(n);
		if (gnext(n) == 0)
			return &absentkey;
		n += gnext(n);
	}
}

/* ---- lookups ----------------------------------------------------------- */

const Value *tab_getinthash(Table *t, int64_t key)
{
	for (Node *n = hashint(t, key);; n += gnext(n)) {
		if (keyisinteger(n) && keyival(n) == key)
			return gval(n);
		if (gnext(n) == 0)
			return &absentkey;
	}
}

const Value *tab_getshortstr(Table *t, String *key)
{
	for (Node *n = hashpow2(t, key->hash);; n += gnext(n)) {
		if (keyisshrstr(n) && keystrval(n) == key)
			return gval(n);
		if (gnext(n) == 0)
			return &absentkey;
	}
}

const Value *tab_getstr(Table *t, String *key)
{
	if (key->tt == VSHRSTR)
		return tab_getshortstr(t, key);
	Value k;
	setsvalue(&k, key);
	return getgeneric(t, &k, 0);
}

const Value *tab_get(Table *t, const Value *key)
{
	int64_t k;
	switch (ttypetag(key)) {
	case VSHRSTR: return tab_getshortstr(t, strvalue(key));
	case VNUMINT: return tab_getint(t, ivalue(key));
	case VNIL:    return &absentkey;
	case VNUMFLT:
		if (num_flttointns(fltvalue(key), &k, F2I_EQ))
			return tab_getint(t, k);
		return getgeneric(t, key, 0);
	default:      return getgeneric(t, key, 0);
	}
}

/* ---- sizes and rehash -------------------------------------------------- */

size_t tab_size(const Table *t)
{
	return sizeof(Table) + (size_t)t->asize * sizeof(Value) +
	       (isdummy(t) ? 0 : (size_t)sizenode(t) * sizeof(Node));
}

static void setnodevector(VM *vm, Table *t, uint32_t size)
{
	if (size == 0) {
		t->node = &G(vm)->dummynode;
		t->lsizenode = 0;
		t->lastfree = NULL;
		return;
	}
	int lsize = num_ceillog2(size);
	if (lsize > MAXHBITS)
		vm_error(vm, "table overflow");
	size = 1u << lsize;
	t->node = om_newvector(vm, size, Node);
	for (uint32_t i = 0; i < size; i++) {
		Node *n = gnode(t, i);
		gnext(n) = 0;
		n->key_tt = VNIL;
		setempty(gval(n));
	}
	t->lsizenode = (uint8_t)lsize;
	t->lastfree = gnode(t, size);
}

static void exchangehash(Table *a, Table *b)
{
	Node *node = a->node, *lastfree = a->lastfree;
	uint8_t lsize = a->lsizenode;
	a->node = b->node;
	a->lastfree = b->lastfree;
	a->lsizenode = b->lsizenode;
	b->node = node;
	b->lastfree = lastfree;
	b->lsizenode = lsize;
}

static void freehash(VM *vm, Table *t)
{
	if (!isdummy(t))
		om_freevector(vm, t->node, sizenode(t), Node);
}

static void newkey(VM *vm, Table *t, const Value *key, const Value *val);

/* Re-insert every entry of the (detached) hash part of `old` into t. */
static void reinsert(VM *vm, Table *old, Table *t)
{
	uint32_t size = sizenode(old);
	for (uint32_t j = 0; j < size; j++) {
		Node *n = gnode(old, j);
		if (!isempty(gval(n))) {
			Value k;
			getnodekey(&k, n);
			tab_set(vm, t, &k, gval(n));
		}
	}
}

void tab_resize(VM *vm, Table *t, uint32_t nasize, uint32_t nhsize)
{
	uint32_t oldasize = t->asize;
	Table newt;
	setnodevector(vm, &newt, nhsize);
	if (nasize < oldasize) {        /* move the vanishing slice to the hash */
		t->asize = nasize;
		exchangehash(t, &newt);
		for (uint32_t i = nasize; i < oldasize; i++)
			if (!isempty(&t->array[i]))
				tab_setint(vm, t, (int64_t)i + 1, &t->array[i]);
		t->asize = oldasize;
		exchangehash(t, &newt);
	}
	Value *na = om_tryrealloc(vm, t->array, oldasize * sizeof(Value),
	                          nasize * sizeof(Value));
	if (na == NULL && nasize > 0) {
		freehash(vm, &newt);
		vm_memerror(vm);
	}
	exchangehash(t, &newt);         /* newt now holds the old hash part */
	t->array = na;
	t->asize = nasize;
	for (uint32_t i = oldasize; i < nasize; i++)
		setempty(&t->array[i]);
	reinsert(vm, &newt, t);
	freehash(vm, &newt);
}

/* Count integer key k in nums[ceil(log2(k))] if it could go in an array. */
static int countint(int64_t k, uint32_t *nums)
{
	if ((uint64_t)k - 1u < MAXASIZE) {
		nums[num_ceillog2((uint64_t)k)]++;
		return 1;
	}
	return 0;
}

static uint32_t numusearray(const Table *t, uint32_t *nums)
{
	uint32_t ause = 0, i = 1, ttlg = 1;
	for (int lg = 0; lg <= MAXABITS; lg++, ttlg *= 2) {
		uint32_t lc = 0, lim = ttlg;
		if (lim > t->asize) {
			lim = t->asize;
			if (i > lim)
				break;
		}
		for (; i <= lim; i++)              /* keys in (2^(lg-1), 2^lg] */
			if (!isempty(&t->array[i - 1]))
				lc++;
		nums[lg] += lc;
		ause += lc;
	}
	return ause;
}

static uint32_t numusehash(const Table *t, uint32_t *nums, uint32_t *na)
{
	uint32_t total = 0, ause = 0;
	for (uint32_t i = sizenode(t); i-- > 0;) {
		const Node *n = &t->node[i];
		if (!isempty(gval(n))) {
			if (keyisinteger(n))
				ause += (uint32_t)countint(keyival(n), nums);
			total++;
		}
	}
	*na += ause;
	return total;
}

/* The array size n (a power of 2) that more than half fills, and in *pna
 * how many of the integer keys go there. */
static uint32_t computesizes(const uint32_t *nums, uint32_t *pna)
{
	uint32_t a = 0, na = 0, optimal = 0, twotoi = 1;
	for (int i = 0; twotoi > 0 && *pna > twotoi / 2; i++, twotoi *= 2) {
		a += nums[i];
		if (a > twotoi / 2) {
			optimal = twotoi;
			na = a;
		}
	}
	*pna = na;
	return optimal;
}

static void rehash(VM *vm, Table *t, const Value *extrakey)
{
	uint32_t nums[MAXABITS + 1] = {0};
	uint32_t na = numusearray(t, nums);
	uint32_t total = na;
	total += numusehash(t, nums, &na);
	if (ttisinteger(extrakey))
		na += (uint32_t)countint(ivalue(extrakey), nums);
	total++;
	uint32_t asize = computesizes(nums, &na);
	tab_resize(vm, t, asize, total - na);
}

/* ---- insertion --------------------------------------------------------- */

static Node *getfreepos(Table *t)
{
	if (!isdummy(t))
		while (t->lastfree > t->node) {
			t->lastfree--;
			if (keyisnil(t->lastfree))
				return t->lastfree;
		}
	return NULL;
}

/* Insert a key known to be absent (normalised, not nil, not NaN). Brent's
 * variation: if the main position is taken by a key out of its own main
 * position, that key moves to a free node; else the new key takes the free
 * node, chained from its main position. */
static void newkey(VM *vm, Table *t, const Value *key, const Value *val)
{
	Node *mp = mainpositionof(t, key);
	if (!isempty(gval(mp)) || isdummy(t)) {
		Node *f = getfreepos(t);
		if (f == NULL) {
			rehash(vm, t, key);
			tab_set(vm, t, key, val);
			return;
		}
		Node *othern = mainpositionnode(t, mp);
		if (othern != mp) {
			while (othern + gnext(othern) != mp)
				othern += gnext(othern);
			gnext(othern) = (int32_t)(f - othern);
			*f = *mp;
			if (gnext(mp) != 0) {
				gnext(f) += (int32_t)(mp - f);
				gnext(mp) = 0;
			}
			setempty(gval(mp));
		} else {
			if (gnext(mp) != 0)
				gnext(f) = (int32_t)((mp + gnext(mp)) - f);
			gnext(mp) = (int32_t)(f - mp);
			mp = f;
		}
	}
	mp->key_val = key->v;
	mp->key_tt = rawtt(key);
	*gval(mp) = *val;
	gc_barrierback(vm, t, key);
	gc_barrierback(vm, t, val);
}

/* Normalise a key for insertion: integral floats become integers; nil and
 * NaN are errors. Returns the key to use (maybe *tmp). */
static const Value *checkkey(VM *vm, const Value *key, Value *tmp)
{
	if (ttisnil(key))
		dbg_runerror(vm, "table index is nil");   /* position only from Lua code */
	if (ttisfloat(key)) {
		int64_t k;
		if (num_flttointns(fltvalue(key), &k, F2I_EQ)) {
			setivalue(tmp, k);
			return tmp;
		}
		if (isnan(fltvalue(key)))
			dbg_runerror(vm, "table index is NaN");
	}
	return key;
}

void tab_set(VM *vm, Table *t, const Value *key, const Value *val)
{
	const Value *slot = tab_get(t, key);
	invalidateTMcache(t);
	if (!isabstkey(slot)) {
		*(Value *)slot = *val;
		gc_barrierback(vm, t, val);
		return;
	}
	Value tmp;
	key = checkkey(vm, key, &tmp);
	if (!ttisnil(val))
		newkey(vm, t, key, val);
}

void tab_setint(VM *vm, Table *t, int64_t key, const Value *val)
{
	const Value *slot = tab_getint(t, key);
	if (!isabstkey(slot)) {
		*(Value *)slot = *val;
		gc_barrierback(vm, t, val);
		return;
	}
	Value k;
	setivalue(&k, key);
	if (!ttisnil(val))
		newkey(vm, t, &k, val);
}

void tab_setstr(VM *vm, Table *t, String *key, const Value *val)
{
	Value k;
	setsvalue(&k, key);
	tab_set(vm, t, &k, val);
}

/* ---- creation ---------------------------------------------------------- */

Table *tab_new(VM *vm)
{
	Table *t = (Table *)gc_newobj(vm, VTABLE, sizeof(Table));
	t->flags = maskflags;
	t->metatable = NULL;
	t->array = NULL;
	t->asize = 0;
	t->gclist = NULL;
	setnodevector(vm, t, 0);
	return t;
}

void tab_free(VM *vm, Table *t)
{
	freehash(vm, t);
	om_freevector(vm, t->array, t->asize, Value);
	om_free(vm, t, sizeof(Table));
}

/* ---- length and traversal ---------------------------------------------- */

static uint64_t hash_search(Table *t, uint64_t j)
{
	uint64_t i;
	if (j == 0)
		j++;
	do {
		i = j;
		if (j <= (uint64_t)INT64_MAX / 2) {
			j *= 2;
		} else {
			j = INT64_MAX;
			if (isempty(tab_getint(t, (int64_t)j)))
				break;
			return j;
		}
	} while (!isempty(tab_getint(t, (int64_t)j)));
	while (j - i > 1u) {               /* t[i] present, t[j] absent */
		uint64_t m = (i + j) / 2;
		if (isempty(tab_getint(t, (int64_t)m)))
			j = m;
		else
			i = m;
	}
	return i;
}

uint64_t tab_getn(Table *t)
{
	uint32_t limit = t->asize;
	if (limit > 0 && isempty(&t->array[limit - 1])) {
		if (limit >= 2 && !isempty(&t->array[limit - 2]))
			return limit - 1;
		uint32_t i = 0, j = limit;   /* binary search in the array */
		while (j - i > 1u) {
			uint32_t m = (i + j) / 2;
			if (isempty(&t->array[m - 1]))
				j = m;
			else
				i = m;
		}
		return i;
	}
	if (isdummy(t) || isempty(tab_getint(t, (int64_t)limit + 1)))
		return limit;
	return hash_search(t, limit);
}

/* The traversal index of key: 0 for nil, 1..asize for the array part,
 * asize + 1 + node index for the hash part. */
static uint32_t findindex(VM *vm, Table *t, const Value *key)
{
	if (ttisnil(key))
		return 0;
	if (ttisinteger(key) && (uint64_t)ivalue(key) - 1u < t->asize)
		return (uint32_t)ivalue(key);
	const Value *v = getgeneric(t, key, 1);
	if (isabstkey(v))
		dbg_runerror(vm, "invalid key to 'next'");
	return (uint32_t)((const Node *)v - t->node) + 1 + t->asize;
}

int tab_next(VM *vm, Table *t, Value *key, Value *val)
{
	uint32_t i = findindex(vm, t, key);
	for (; i < t->asize; i++)
		if (!isempty(&t->array[i])) {
			setivalue(key, (int64_t)i + 1);
			*val = t->array[i];
			return 1;
		}
	for (i -= t->asize; i < sizenode(t); i++) {
		Node *n = gnode(t, i);
		if (!isempty(gval(n))) {
			getnodekey(key, n);
			*val = *gval(n);
			return 1;
		}
	}
	return 0;
}
