/*
 * amberc.c: the Amber bytecode compiler, `amberc [options] file`.
 *
 *   -o out   write the bytecode file to `out` (default amberc.out)
 *   -l       list the code (-l -l: also constants, locals, upvalues)
 *   -s       strip debug information from the output
 *   -p       parse only: check the file, write nothing
 *   -v       verify the result even when it was just compiled
 *
 * `file` is Lua source, or a bytecode file (first byte ESC): that one is
 * loaded and verified (so amberc checks files made elsewhere), then listed
 * and/or written out again. A first source line starting with '#' is
 * skipped, as lua5.4 does. Errors go to stderr as "amberc: message" with
 * exit status 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vm/vm.h"
#include "vm/state.h"
#include "vm/parse.h"
#include "vm/bytecode.h"
#include "vm/verify.h"
#include "vm/disasm.h"
#include "vm/platform.h"

static void die(const char *msg)
{
	fprintf(stderr, "amberc: %s\n", msg);
	exit(1);
}

static void usage(void)
{
	die("usage: amberc [-o out] [-l] [-s] [-p] [-v] file");
}

static void toout(void *ud, const char *s, size_t len)
{
	fwrite(s, 1, len, (FILE *)ud);
}

static Proto *compile(VM *vm, const char *fname, char *src, size_t len)
{
	char chunkname[1024];
	String *err = NULL;
	Proto *p;
	snprintf(chunkname, sizeof chunkname, "@%s", fname);
	if (bc_isbinary(src, len)) {
		p = bc_load(vm, src, len, chunkname, &err);
	} else {
		size_t skip = 0;
		if (len > 0 && src[0] == '#')
			while (skip < len && src[skip] != '\n')
				skip++;
		p = vm_compile(vm, src + skip, len - skip, chunkname, &err);
	}
	if (p == NULL)
		die(err != NULL ? getstr(err) : "cannot compile");
	return p;
}

int main(int argc, char **argv)
{
	const char *out = "amberc.out", *fname = NULL;
	int list = 0, strip = 0, parseonly = 0, verify = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			out = argv[++i];
		else if (strcmp(argv[i], "-l") == 0)
			list++;
		else if (strcmp(argv[i], "-s") == 0)
			strip = 1;
		else if (strcmp(argv[i], "-p") == 0)
			parseonly = 1;
		else if (strcmp(argv[i], "-v") == 0)
			verify = 1;
		else if (argv[i][0] == '-' || fname != NULL)
			usage();
		else
			fname = argv[i];
	}
	if (fname == NULL)
		usage();
	char err[256];
	size_t len;
	char *src = plat_readfile(fname, &len, err, sizeof err);
	if (src == NULL) {
		char msg[1400];
		snprintf(msg, sizeof msg, "cannot open %s: %s", fname, err);
		die(msg);
	}
	VM *vm = vm_open(0, err, sizeof err);
	if (vm == NULL)
		die(err);
	Proto *p = compile(vm, fname, src, len);
	plat_freefile(src);
	if (verify) {
		char msg[256];
		if (!verify_proto(p, msg, sizeof msg))
			die(msg);
	}
	if (list)
		disasm_proto(p, list > 1, toout, stdout);
	if (!parseonly) {
		size_t n;
		char *bytes = bc_dump(p, strip, &n);
		FILE *f = bytes != NULL ? fopen(out, "wb") : NULL;
		if (f == NULL || fwrite(bytes, 1, n, f) != n || fclose(f) != 0)
			die("cannot write the output file");
		free(bytes);
	}
	vm_close(vm);
	return 0;
}
