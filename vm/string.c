/*
 * string.c: string creation, interning and hashing (see string.h).
 *
 * Invariants of the intern table (VMGlobal.strt):
 *  - every short string object in allgc is in exactly one bucket, the one
 *    its hash selects (hash & (size - 1)); no two have the same contents;
 *  - strt.nuse is the number of strings in the buckets.
 * A short string found dead during a sweep (it carries the old white) may
 * still be handed out by str_new: it is resurrected by giving it the
 * current white, as the sweep has not reached it yet.
 */
#include <string.h>
#include "vm/string.h"
#include "vm/state.h"
#include "vm/gc.h"
#include "vm/omem.h"

uint32_t str_hash(const char *s, size_t len, uint32_t seed)
{
	uint32_t h = seed ^ (uint32_t)len;
	for (; len > 0; len--)
		h ^= ((h << 5) + (h >> 2) + (uint8_t)s[len - 1]);
	return h;
}

uint32_t str_hashlng(String *s)
{
	if (!s->extra) {
		s->hash = str_hash(getstr(s), s->u.lnglen, s->hash);
		s->extra = 1;
	}
	return s->hash;
}

int str_eqlngstr(const String *a, const String *b)
{
	size_t len = a->u.lnglen;
	return a == b || (len == b->u.lnglen &&
	                  memcmp(getstr(a), getstr(b), len) == 0);
}

void str_resize(VM *vm, int32_t nsize)
{
	StringTable *tb = &G(vm)->strt;
	String **nh = om_newvector(vm, nsize, String *);
	for (int32_t i = 0; i < nsize; i++)
		nh[i] = NULL;
	for (int32_t i = 0; i < tb->size; i++) {
		String *s = tb->hash[i];
		while (s != NULL) {
			String *next = s->u.hnext;
			uint32_t b = s->hash & (uint32_t)(nsize - 1);
			s->u.hnext = nh[b];
			nh[b] = s;
			s = next;
		}
	}
	om_freevector(vm, tb->hash, tb->size, String *);
	tb->hash = nh;
	tb->size = nsize;
}

void str_remove(VM *vm, String *s)
{
	StringTable *tb = &G(vm)->strt;
	String **p = &tb->hash[s->hash & (uint32_t)(tb->size - 1)];
	while (*p != s)
		p = &(*p)->u.hnext;
	*p = s->u.hnext;
	tb->nuse--;
}

static String *createstr(VM *vm, size_t len, int tt, uint32_t h)
{
	String *s = (String *)gc_newobj(vm, tt, sizestring(len));
	s->hash = h;
	s->extra = 0;
	getstr(s)[len] = '\0';
	return s;
}

String *str_newlng(VM *vm, size_t len)
{
	String *s = createstr(vm, len, VLNGSTR, G(vm)->seed);
	s->u.lnglen = len;
	s->shrlen = 0;
	return s;
}

static String *internshort(VM *vm, const char *str, size_t len)
{
	VMGlobal *g = G(vm);
	StringTable *tb = &g->strt;
	uint32_t h = str_hash(str, len, g->seed);
	String **list = &tb->hash[h & (uint32_t)(tb->size - 1)];
	for (String *s = *list; s != NULL; s = s->u.hnext)
		if (s->shrlen == len && memcmp(str, getstr(s), len) == 0) {
			if (isdead(g, s))
				changewhite(s);
			return s;
		}
	if (tb->nuse >= tb->size) {
		str_resize(vm, tb->size * 2);
		list = &tb->hash[h & (uint32_t)(tb->size - 1)];
	}
	String *s = createstr(vm, len, VSHRSTR, h);
	s->shrlen = (uint8_t)len;
	memcpy(getstr(s), str, len);
	s->u.hnext = *list;
	*list = s;
	tb->nuse++;
	return s;
}

String *str_new(VM *vm, const char *s, size_t len)
{
	if (len <= VM_MAXSHORTLEN)
		return internshort(vm, s, len);
	String *ts = str_newlng(vm, len);
	memcpy(getstr(ts), s, len);
	return ts;
}

String *str_newz(VM *vm, const char *s)
{
	return str_new(vm, s, strlen(s));
}

void str_init(VM *vm)
{
	VMGlobal *g = G(vm);
	g->strt.size = 0;
	g->strt.hash = NULL;
	str_resize(vm, STRT_MINSIZE);
	g->memerrmsg = str_newz(vm, "not enough memory");
	gc_fix(vm, obj2gco(g->memerrmsg));
}
