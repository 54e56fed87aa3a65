/*
 * parse.h: the Lua 5.4 compiler's entry point.
 *
 * vm_compile turns source text into a Proto tree in object memory (the main
 * function: vararg, one upvalue _ENV that the caller sets to the globals
 * table or load's env). It never runs the collector; the caller anchors the
 * result before its next gc_checkstep. On a syntax error it returns NULL and
 * *err holds lua5.4's message ("chunk:line: msg near 'token'"); the compile
 * leaves only unreachable objects behind (none at all for syntax errors:
 * objects are created only once the whole chunk compiled).
 *
 * chunkname follows Lua's convention: "@file", "=name", or the source text
 * itself. Callers loading a file skip a first line starting with '#'
 * themselves (keeping its newline, so line numbers stay right).
 *
 * parse_chunk is the object-memory-free part (used by tests and fuzzers):
 * it compiles into C memory owned by `arena`.
 */
#ifndef AMBER_VM_PARSE_H
#define AMBER_VM_PARSE_H

#include <stddef.h>
#include "vm/vm.h"
#include "vm/code.h"

Proto *vm_compile(VM *vm, const char *src, size_t len, const char *chunkname,
	String **err);

/* Compile into C memory; NULL with arena->errmsg set on error. */
CProto *parse_chunk(CArena *arena, const char *src, size_t len,
	const char *chunkname);

#endif
