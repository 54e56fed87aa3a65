/*
 * string.h: strings of object land.
 *
 * Strings are immutable. Short ones (length <= VM_MAXSHORTLEN) are interned
 * in VMGlobal.strt: two short strings are equal iff they are the same
 * object. Long ones are not interned; their hash is computed on first use.
 * Hashes use the per-object-memory seed (VMGlobal.seed), fixed at vm_open so
 * that tables keep working across snapshot and restore.
 *
 * Interface:
 *   str_new(vm, s, len)    (err) the string with these bytes (interned if short)
 *   str_newz(vm, s)        (err) the same for a NUL-terminated C string
 *   str_newlng(vm, len)    (err) a fresh long string of len bytes to be
 *                          filled in by the caller (contents[len] is NUL);
 *                          for len <= VM_MAXSHORTLEN use str_new instead
 *   str_eqlngstr(a, b)     equality of two long strings
 *   str_eq(a, b)           equality of any two strings
 *   str_hash(s, len, seed) the hash function
 *   str_hashlng(s)         hash of a long string (computed once, cached)
 *   str_init(vm)           create the intern table and memerrmsg
 *   str_resize(vm, n)      resize the intern table to n buckets (power of 2)
 *   str_remove(vm, s)      (gc.c) drop a dead short string from the table
 */
#ifndef AMBER_VM_STRING_H
#define AMBER_VM_STRING_H

#include <stddef.h>
#include <stdint.h>
#include "vm/object.h"
#include "vm/vm.h"

#define STRT_MINSIZE 128

String *str_new(VM *vm, const char *s, size_t len);
String *str_newz(VM *vm, const char *s);
String *str_newlng(VM *vm, size_t len);
int str_eqlngstr(const String *a, const String *b);
#define str_eq(a, b) ((a) == (b) || \
	((a)->tt == VLNGSTR && (b)->tt == VLNGSTR && str_eqlngstr(a, b)))
uint32_t str_hash(const char *s, size_t len, uint32_t seed);
uint32_t str_hashlng(String *s);
void str_init(VM *vm);
void str_resize(VM *vm, int32_t nsize);
void str_remove(VM *vm, String *s);

#endif
