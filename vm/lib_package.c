/*
 * lib_package.c: require, package.path, package.loaded, package.preload.
 *
 * require(name) looks in package.loaded, then package.preload, then each
 * template of package.path (hosted: read through plat_readfile; in the
 * kernel the platform serves the modules it was given). The loader runs as
 * an ordinary call (BI_CALL); require continues at state 1 with
 * [name, data, result] in its frame.
 *
 * require itself is registered in the base library (its name in messages
 * is 'require'); package.* ids are BUILTIN_ID(BLIB_PACKAGE, index): never
 * reorder.
 */
#include <string.h>
#include "vm/api.h"
#include "vm/do.h"
#include "vm/state.h"
#include "vm/string.h"
#include "vm/table.h"
#include "vm/func.h"
#include "vm/gc.h"
#include "vm/parse.h"
#include "vm/platform.h"

enum { P_REQUIRE, P_SEARCHPATH, P_NBUILTINS };

#define LUA_PATH_DEFAULT \
	"/usr/local/share/lua/5.4/?.lua;/usr/local/share/lua/5.4/?/init.lua;" \
	"/usr/local/lib/lua/5.4/?.lua;/usr/local/lib/lua/5.4/?/init.lua;" \
	"/usr/share/lua/5.4/?.lua;/usr/share/lua/5.4/?/init.lua;./?.lua;./?/init.lua"
#define LUA_CPATH_DEFAULT \
	"/usr/local/lib/lua/5.4/?.so;/usr/lib/x86_64-linux-gnu/lua/5.4/?.so;" \
	"/usr/lib/lua/5.4/?.so;/usr/local/lib/lua/5.4/loadall.so;./?.so"

static Table *packagetable(VM *vm)
{
	const Value *p = tab_getstr(vm->g->loaded, str_newz(vm, "package"));
	return ttistable(p) ? tvalue(p) : NULL;
}

static const char *pkgfield(VM *vm, const char *field)
{
	Table *pkg = packagetable(vm);
	if (pkg == NULL)
		return NULL;
	const Value *v = tab_getstr(pkg, str_newz(vm, field));
	return ttisstring(v) ? getstr(strvalue(v)) : NULL;
}

/* Expand each template of `path` for `name` (dots -> sep); try the files.
 * Returns the file's contents (and its name in *found), or NULL with the
 * "no file" lines added to msg. */
static char *searchpath(VM *vm, const char *name, const char *path, const char *sep,
                        VMBuffer *found, VMBuffer *msg, size_t *len, int tryread)
{
	VMBuffer nm;
	vm_buffinit(vm, &nm);
	for (const char *p = name; *p; p++) {
		if (*sep && strncmp(p, sep, strlen(sep)) == 0) {
			vm_addchar(&nm, '/');
			p += strlen(sep) - 1;
		} else {
			vm_addchar(&nm, *p);
		}
	}
	vm_addchar(&nm, '\0');
	const char *t = path;
	while (*t) {
		const char *e = strchr(t, ';');
		size_t tl = e ? (size_t)(e - t) : strlen(t);
		found->n = 0;
		for (size_t k = 0; k < tl; k++) {
			if (t[k] == '?')
				vm_addstring(found, nm.b);
			else
				vm_addchar(found, t[k]);
		}
		vm_addchar(found, '\0');
		t += tl + (e ? 1 : 0);
		if (tl == 0)
			continue;
		char *buf = tryread ? plat_readfile(found->b, len, NULL, 0) : NULL;
		if (buf != NULL) {
			vm_bufffree(&nm);
			return buf;
		}
		vm_addstring(msg, "\n\tno file '");
		vm_addstring(msg, found->b);
		vm_addstring(msg, "'");
	}
	vm_bufffree(&nm);
	return NULL;
}

/* Compile a module file into a closure on top (or raise lua5.4's error). */
static void loadmodule(VM *vm, const char *name, const char *fname, char *src, size_t len)
{
	size_t skip = 0;
	if (len > 0 && src[0] == '#')
		while (skip < len && src[skip] != '\n')
			skip++;
	VMBuffer cn;
	vm_buffinit(vm, &cn);
	vm_addchar(&cn, '@');
	vm_addstring(&cn, fname);
	vm_addchar(&cn, '\0');
	String *err = NULL;
	Proto *p = vm_compile(vm, src + skip, len - skip, cn.b, &err);
	vm_bufffree(&cn);
	plat_freefile(src);
	if (p == NULL)
		vm_error(vm, "error loading module '%s' from file '%s':\n\t%s",
		         name, fname, getstr(err));
	LClosure *cl = func_newmain(vm, p, NULL);
	Value v;
	setgcovalue(&v, cl);
	vm_pushvalue(vm, &v);
}

int vm_pkg_require(VM *vm, CallInfo *ci)
{
	Table *loaded = vm->g->loaded;
	if (ci->pc == 1) {      /* [name, data, result] */
		Value *name = vm_arg(vm, 1), *res = vm_arg(vm, 3);
		if (!ttisnil(res))
			tab_set(vm, loaded, name, res);
		const Value *cur = tab_get(loaded, name);
		if (ttisnil(cur)) {
			Value t;
			settrue(&t);
			tab_set(vm, loaded, name, &t);
		}
		Value r = *tab_get(loaded, name), data = *vm_arg(vm, 2);
		vm_pushvalue(vm, &r);
		vm_pushvalue(vm, &data);
		return 2;
	}
	const char *name = vm_checklstring(vm, 1, NULL);
	vm_settop(vm, 1);
	const Value *have = tab_get(loaded, vm_arg(vm, 1));
	if (!l_isfalse(have)) {
		vm_pushvalue(vm, have);
		return 1;
	}
	Table *pkg = packagetable(vm);
	const Value *preload = pkg ? tab_getstr(pkg, str_newz(vm, "preload")) : NULL;
	if (preload && ttistable(preload)) {
		const Value *ld = tab_get(tvalue(preload), vm_arg(vm, 1));
		if (!ttisnil(ld)) {
			Value f = *ld;
			vm_pushstring(vm, ":preload:");
			vm_pushvalue(vm, &f);
			vm_pushvalue(vm, vm_arg(vm, 1));
			vm_pushstring(vm, ":preload:");
			return vm_callk(vm, 2, 1, 1);
		}
	}
	VMBuffer msg, found;
	vm_buffinit(vm, &msg);
	vm_buffinit(vm, &found);
	vm_addstring(&msg, "module '");
	vm_addstring(&msg, name);
	vm_addstring(&msg, "' not found:\n\tno field package.preload['");
	vm_addstring(&msg, name);
	vm_addstring(&msg, "']");
	const char *path = pkgfield(vm, "path");
	if (path == NULL) {
		vm_bufffree(&found);
		vm_bufffree(&msg);
		vm_error(vm, "'package.path' must be a string");
	}
	size_t len;
	char *src = searchpath(vm, name, path, ".", &found, &msg, &len, 1);
	if (src == NULL) {
		const char *cpath = pkgfield(vm, "cpath");
		if (cpath != NULL) {
			searchpath(vm, name, cpath, ".", &found, &msg, &len, 0);
			const char *dot = strchr(name, '.');
			if (dot != NULL) {
				VMBuffer root;
				vm_buffinit(vm, &root);
				vm_addlstring(&root, name, (size_t)(dot - name));
				vm_addchar(&root, '\0');
				searchpath(vm, root.b, cpath, ".", &found, &msg, &len, 0);
				vm_bufffree(&root);
			}
		}
		vm_addchar(&msg, '\0');
		vm_bufffree(&found);
		Value e;
		setsvalue(&e, str_newz(vm, msg.b));
		vm_bufffree(&msg);
		vm_errorvalue(vm, &e);
	}
	vm_bufffree(&msg);
	vm_pushstring(vm, found.b);                 /* data: the file name */
	char fname[512];
	strncpy(fname, found.b, sizeof fname - 1);
	fname[sizeof fname - 1] = '\0';
	vm_bufffree(&found);
	loadmodule(vm, name, fname, src, len);
	vm_pushvalue(vm, vm_arg(vm, 1));
	vm_pushvalue(vm, vm_arg(vm, 2));
	return vm_callk(vm, 2, 1, 1);
}

static int p_searchpath(VM *vm, CallInfo *ci)
{
	const char *name = vm_checklstring(vm, 1, NULL);
	const char *path = vm_checklstring(vm, 2, NULL);
	const char *sep = vm_optlstring(vm, 3, ".", NULL);
	VMBuffer msg, found;
	vm_buffinit(vm, &msg);
	vm_buffinit(vm, &found);
	size_t len;
	char *src = searchpath(vm, name, path, sep, &found, &msg, &len, 1);
	if (src != NULL) {
		plat_freefile(src);
		vm_pushstring(vm, found.b);
		vm_bufffree(&found);
		vm_bufffree(&msg);
		return 1;
	}
	vm_pushnil(vm);
	vm_addchar(&msg, '\0');
	vm_pushstring(vm, msg.b + 1);       /* without the first newline */
	vm_bufffree(&found);
	vm_bufffree(&msg);
	return 2;
}

static void openpackage(VM *vm, Table *t)
{
	Value v;
	setsvalue(&v, str_newz(vm, LUA_PATH_DEFAULT));
	tab_setstr(vm, t, str_newz(vm, "path"), &v);
	setsvalue(&v, str_newz(vm, LUA_CPATH_DEFAULT));
	tab_setstr(vm, t, str_newz(vm, "cpath"), &v);
	setsvalue(&v, str_newz(vm, "/\n;\n?\n!\n-\n"));
	tab_setstr(vm, t, str_newz(vm, "config"), &v);
	setgcovalue(&v, vm->g->loaded);
	tab_setstr(vm, t, str_newz(vm, "loaded"), &v);
	Table *pre = tab_new(vm);
	setgcovalue(&v, pre);
	tab_setstr(vm, t, str_newz(vm, "preload"), &v);
}

static const BuiltinReg regs[P_NBUILTINS] = {
	[P_REQUIRE] = {NULL, NULL},        /* hole: require is in the base library */
	[P_SEARCHPATH] = {"searchpath", p_searchpath},
};

const BuiltinLib vm_lib_package = {
	.lib = BLIB_PACKAGE, .name = "package", .regs = regs,
	.nregs = P_NBUILTINS, .open = openpackage,
};
