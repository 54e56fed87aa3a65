/*
 * table.h: Lua tables (array part + hash part), without metamethods.
 *
 * A table keeps keys 1..asize in `array` and every other key in the hash
 * part `node` (2^lsizenode nodes, chained scatter table with Brent's
 * variation: a key not in its main position is there only because its main
 * position is taken by a key that is in its own main position). Tables with
 * no hash part share VMGlobal.dummynode (then lastfree == NULL). When an
 * insertion finds no free node, the table is rehashed: the array part gets
 * the largest power-of-2 size n such that more than n/2 of the slots 1..n
 * would be in use, the hash part the rest.
 *
 * Float keys with an integral value are stored as integers (t[1.0] is t[1]).
 * An entry assigned nil keeps its key in its node (the value becomes empty),
 * so `next` continues correctly when fields are cleared during a traversal;
 * the collector turns keys of empty entries into dead keys (DEADKEY), which
 * `next` still finds by identity. A weak table (__mode in its metatable)
 * loses entries the same way: the collector empties the value and makes the
 * key dead when the weak key or value is collected (gc.c), so `next` goes
 * on correctly across a collection too.
 *
 * Interface:
 *   tab_new(vm)                 (err) an empty table
 *   tab_resize(vm, t, na, nh)   (err) array part na, hash part >= nh
 *   tab_get(t, k)               value slot of key k, or an absent-key value
 *                               (tag VABSTKEY, ttisnil true) when missing;
 *                               never NULL
 *   tab_getint / tab_getshortstr / tab_getstr   the same for known key kinds
 *                               (tab_getint is inline for the array part;
 *                               tab_getinthash is its out-of-line half)
 *   tab_set(vm, t, k, v)        (err) raw t[k] = v with the table barrier;
 *                               raises "index is nil" / "index is NaN";
 *                               clears the table's metamethod-absence cache
 *   tab_setint / tab_setstr     (err) the same for integer and string keys
 *   tab_getn(t)                 a border (the # operator without __len)
 *   tab_next(vm, t, key, val)   (err) the entry after *key (nil: the first)
 *                               into *key and *val; 0 at the end; raises
 *                               "invalid key to 'next'"
 *   tab_free(vm, t)             (gc.c) release the table's memory
 *   tab_size(t)                 bytes the table holds
 */
#ifndef AMBER_VM_TABLE_H
#define AMBER_VM_TABLE_H

#include <stdint.h>
#include "vm/object.h"
#include "vm/vm.h"

#define DEADKEY   11                   /* key tag of a collected key */

#define gnode(t, i)   (&(t)->node[i])
#define gval(n)       (&(n)->i_val)
#define gnext(n)      ((n)->next)
#define keytt(n)      ((n)->key_tt)
#define keyisnil(n)   (keytt(n) == VNIL)
#define keyiscollectable(n) (keytt(n) & BIT_COLLECTABLE)
#define gckey(n)      ((n)->key_val.gc)
#define sizenode(t)   (1u << (t)->lsizenode)
#define isdummy(t)    ((t)->lastfree == NULL)
#define isabstkey(v)  checktag((v), VABSTKEY)
#define isempty(v)    ttisnil(v)
/* Copy a node's key into a Value. */
#define getnodekey(o, n) ((o)->v = (n)->key_val, (o)->tt = keytt(n))

Table *tab_new(VM *vm);
void tab_resize(VM *vm, Table *t, uint32_t nasize, uint32_t nhsize);
const Value *tab_get(Table *t, const Value *key);
const Value *tab_getinthash(Table *t, int64_t key);
const Value *tab_getshortstr(Table *t, String *key);
const Value *tab_getstr(Table *t, String *key);
void tab_set(VM *vm, Table *t, const Value *key, const Value *val);
void tab_setint(VM *vm, Table *t, int64_t key, const Value *val);
void tab_setstr(VM *vm, Table *t, String *key, const Value *val);
uint64_t tab_getn(Table *t);

/* t[key] for an integer key: the array part inline, else the hash part. */
static inline const Value *tab_getint(Table *t, int64_t key)
{
	if ((uint64_t)key - 1u < t->asize)
		return &t->array[key - 1];
	return tab_getinthash(t, key);
}
int tab_next(VM *vm, Table *t, Value *key, Value *val);
void tab_free(VM *vm, Table *t);
size_t tab_size(const Table *t);

#endif
