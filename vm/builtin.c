/*
 * builtin.c: the registry from stable builtin ids to C functions.
 *
 * id = (lib << 8) | index; each library file defines one BuiltinLib whose
 * `regs` array is indexed by that index (builtin.h declares them all).
 * vm_openlibs builds the
 * library tables in object land: only ids are stored there, never C
 * pointers.
 */
#include <stdio.h>
#include <string.h>
#include "vm/builtin.h"
#include "vm/api.h"
#include "vm/state.h"
#include "vm/string.h"
#include "vm/table.h"

/* ORDER: opening order (package first: others register in package.loaded). */
static const BuiltinLib *const libs[] = {
	&vm_lib_base, &vm_lib_package, &vm_lib_coroutine, &vm_lib_table,
	&vm_lib_io, &vm_lib_os, &vm_lib_string, &vm_lib_math,
};
#define NLIBS ((int)(sizeof libs / sizeof libs[0]))

static const BuiltinLib *findlib(uint32_t lib)
{
	for (int i = 0; i < NLIBS; i++)
		if (libs[i] != NULL && libs[i]->lib == lib)
			return libs[i];
	return NULL;
}

BuiltinFn vm_builtin_fn(uint32_t id)
{
	const BuiltinLib *l = findlib(id >> 8);
	uint32_t idx = id & 0xFFu;
	if (l == NULL || idx >= l->nregs)
		return NULL;
	return l->regs[idx].fn;
}

const char *vm_builtin_name(uint32_t id, char *buf, int bufsize)
{
	const BuiltinLib *l = findlib(id >> 8);
	uint32_t idx = id & 0xFFu;
	if (l == NULL || idx >= l->nregs || l->regs[idx].name == NULL)
		return NULL;
	if (strcmp(l->name, "_G") == 0)
		snprintf(buf, (size_t)bufsize, "%s", l->regs[idx].name);
	else
		snprintf(buf, (size_t)bufsize, "%s.%s", l->name, l->regs[idx].name);
	return buf;
}

void vm_openlibs(VM *vm)
{
	VMGlobal *g = vm->g;
	for (int i = 0; i < NLIBS; i++) {
		const BuiltinLib *l = libs[i];
		if (l == NULL)
			continue;
		Table *t;
		Value v;
		if (strcmp(l->name, "_G") == 0) {
			t = g->globals;
		} else {
			t = tab_new(vm);
			setgcovalue(&v, t);
			tab_setstr(vm, g->globals, str_newz(vm, l->name), &v);
		}
		setgcovalue(&v, t);
		tab_setstr(vm, g->loaded, str_newz(vm, l->name), &v);
		for (uint16_t k = 0; k < l->nregs; k++) {
			if (l->regs[k].name == NULL || l->regs[k].fn == NULL)
				continue;
			setbuiltin(&v, BUILTIN_ID(l->lib, k));
			tab_setstr(vm, t, str_newz(vm, l->regs[k].name), &v);
		}
		if (l->open != NULL)
			l->open(vm, t);
	}
}
