/*
 * amber-snaptest.c: run a Lua program while snapshotting and restoring
 * object memory at instruction boundaries (issue 5, "Instruction
 * boundaries"). A hosted test build: it links vm/interp.c compiled with
 * -DVM_STEP, so vm_run's budget counts instructions (VMREQ_STEP).
 *
 *   amber-snaptest [--every=N] [--image=PATH] [--stop-after=K] FILE [args]
 *   amber-snaptest [--every=N] --image=PATH --resume
 *
 * The program runs N instructions at a time (default 1: every instruction
 * boundary). After each slice: the pages dirtied since the last snapshot go
 * into a store on an image file (snapshot/omem_host.c, snap_commit); then
 * the VM context is thrown away, object memory is unmapped, the store is
 * closed and opened again from the file (snap_open, as a reboot would),
 * object memory is mapped back with no access and faults its pages in from
 * the store on first touch, a fresh context is attached (vm_attach) and the
 * program goes on. Output is the program's, as `amber FILE` gives it.
 *
 * --stop-after=K ends the process right after the K-th snapshot (exit
 * status 3; the store holds everything); --resume, in a new process,
 * restores from the image and runs the program to its end: nothing kept in
 * process memory survives. Without --image the image is a temporary file
 * (in /dev/shm when it exists: commits flush twice each) removed at exit.
 * Figures go to stderr at exit: slices, snapshots, pages written, restores,
 * pages loaded and first writes.
 *
 * Standard output and error get 1 MiB stdio buffers: a write(2) straight
 * from a page not loaded yet would fail with EFAULT (omem_host.h), so
 * guest strings must be copied into C memory first.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "vm/vm.h"
#include "vm/state.h"
#include "vm/api.h"
#include "vm/builtin.h"
#include "vm/bytecode.h"
#include "vm/debug.h"
#include "vm/do.h"
#include "vm/func.h"
#include "vm/interp.h"
#include "vm/parse.h"
#include "vm/platform.h"
#include "vm/string.h"
#include "vm/table.h"
#include "vm/tm.h"
#include "snapshot/blk_file_host.h"
#include "snapshot/omem_host.h"
#include "snapshot/snap.h"

#define IMAGE_BYTES ((uint64_t)256 << 20)   /* sparse */
#define EXIT_STOPPED 3
#define OMEM_BYTES ((size_t)64 << 20)   /* object memory of the test VM */

static struct {
	char image[512];
	int tempimage;          /* remove the image at exit */
	blk_dev dev;
	snap_store *store;
	uint64_t every, stopafter, slices;
} R;

static char outbuf[1 << 20], errbuf[1 << 20];

static _Noreturn void fail(const char *what, const char *msg)
{
	plat_flush();
	fprintf(stderr, "amber-snaptest: %s%s\n", what, msg);
	plat_exit(1);
}

static void atend(void)
{
	const snap_omem_counters *c = snap_omem_stats();
	fprintf(stderr, "amber-snaptest: %llu slices of %llu, %llu snapshots, "
	        "%llu pages written, %llu restores, %llu pages loaded, "
	        "%llu first writes\n",
	        (unsigned long long)R.slices, (unsigned long long)R.every,
	        (unsigned long long)c->snapshots, (unsigned long long)c->pages_written,
	        (unsigned long long)c->restores, (unsigned long long)c->loads,
	        (unsigned long long)c->dirtied);
	fflush(stderr);
	if (R.tempimage)
		unlink(R.image);
}

/* ---- the store ---------------------------------------------------------------- */

static void newimage(void)
{
	snap_err e;
	if (R.image[0] == '\0') {
		const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm"
		                : getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
		snprintf(R.image, sizeof R.image, "%s/amber-snaptest-XXXXXX", dir);
		int fd = mkstemp(R.image);
		if (fd < 0)
			fail("cannot create an image in ", dir);
		close(fd);
		R.tempimage = 1;
	}
	uint8_t uuid[16];
	uint64_t a = plat_entropy(), b = plat_entropy();
	memcpy(uuid, &a, 8);
	memcpy(uuid + 8, &b, 8);
	if (blk_file_create(&R.dev, R.image, IMAGE_BYTES, SNAP_BLOCK_SIZE, &e) != 0 ||
	    snap_format(&R.dev, uuid, &e) != 0)
		fail("image: ", e.msg);
	blk_file_close(&R.dev);
}

/* Open the store from the image file, as a boot does. */
static void openstore(void)
{
	snap_err e;
	if (blk_file_open(&R.dev, R.image, 1, SNAP_BLOCK_SIZE, &e) != 0 ||
	    snap_open(&R.dev, 0, &R.store, &e) != 0)
		fail("store: ", e.msg);
}

static void closestore(void)
{
	snap_close(R.store);
	R.store = NULL;
	blk_file_close(&R.dev);
}

static void snapshot(VM *vm)
{
	snap_err e;
	snap_info info;
	uint64_t size = vm->g->omem_size;
	uint8_t meta[8];
	for (int i = 0; i < 8; i++)
		meta[i] = (uint8_t)(size >> (8 * i));
	if (snap_omem_save(R.store, VMGLOBAL_VERSION, meta, sizeof meta, &info, &e) != 0)
		fail("snapshot: ", e.msg);
}

/* Boot from the newest snapshot: lazy object memory, a fresh context. */
static VM *restore(void)
{
	snap_err e;
	char err[256];
	const snap_info *si = snap_current(R.store);
	if (si->seq == 0)
		fail("restore: ", "the store holds no snapshot");
	if (si->vm_version != VMGLOBAL_VERSION || si->vm_meta_len != 8)
		fail("restore: ", "VM metadata of another version");
	size_t size = 0;
	for (int i = 0; i < 8; i++)
		size |= (size_t)si->vm_meta[i] << (8 * i);
	if (snap_omem_restore(R.store, (void *)VM_OMEM_BASE, size, &e) != 0)
		fail("restore: ", e.msg);
	VM *vm = vm_attach(err, sizeof err);
	if (vm == NULL)
		fail("attach: ", err);
	if (vm->g->omem_size != size)
		fail("attach: ", "the root's object-memory size is not the snapshot's");
	__atomic_or_fetch(&vm->requests, VMREQ_STEP, __ATOMIC_SEQ_CST);
	return vm;
}

/* Everything between two slices: snapshot, power off, boot. */
static VM *reboot(VM *vm)
{
	snapshot(vm);
	if (R.stopafter != 0 && R.slices == R.stopafter) {
		plat_flush();
		exit(EXIT_STOPPED);
	}
	char *scratch = vm->scratch;
	memset(vm, 0xA5, sizeof *vm);   /* nothing of it may be used again */
	vm->scratch = scratch;
	vm_detach(vm);
	snap_omem_drop();
	closestore();
	openstore();
	return restore();
}

/* ---- starting a program ---------------------------------------------------------- */

static void setargs(VM *vm, int argc, char **argv)
{
	Table *t = tab_new(vm);
	Value v;
	setgcovalue(&v, t);
	tab_setstr(vm, vm->g->globals, str_newz(vm, "arg"), &v);
	for (int i = 0; i < argc; i++) {
		setsvalue(&v, str_newz(vm, argv[i]));
		tab_setint(vm, t, i - 1, &v);
	}
}

/* A fresh VM with FILE's main chunk called on the main thread: argv[0] is
 * this program, argv[1] FILE, the rest its arguments. */
static VM *start(int argc, char **argv)
{
	char err[256];
	VM *vm = vm_open(OMEM_BYTES, err, sizeof err);
	if (vm == NULL)
		fail("", err);
	tm_init(vm);
	vm_openlibs(vm);
	setargs(vm, argc, argv);
	size_t len, skip = 0;
	char *src = plat_readfile(argv[1], &len, err, sizeof err);
	if (src == NULL)
		fail("cannot open ", argv[1]);
	if (len > 0 && src[0] == '#')
		while (skip < len && src[skip] != '\n')
			skip++;
	char chunkname[1024];
	snprintf(chunkname, sizeof chunkname, "@%s", argv[1]);
	String *cerr = NULL;
	Proto *p = bc_isbinary(src + skip, len - skip)
		? bc_load(vm, src + skip, len - skip, chunkname, &cerr)
		: vm_compile(vm, src + skip, len - skip, chunkname, &cerr);
	plat_freefile(src);
	if (p == NULL) {
		plat_flush();
		fprintf(stderr, "amber: %s\n", cerr ? getstr(cerr) : "compile error");
		plat_exit(1);
	}
	Thread *L = vm->L;
	if (L->top != 0 || L->nci != 0)
		fail("", "the main thread of a fresh VM is not empty");
	do_ensurestack(vm, L, (uint32_t)argc + 1);
	setgcovalue(&L->stack[L->top], func_newmain(vm, p, NULL));
	L->top++;
	for (int i = 2; i < argc; i++) {
		setsvalue(&L->stack[L->top], str_newz(vm, argv[i]));
		L->top++;
	}
	vm_start(vm, L);
	__atomic_or_fetch(&vm->requests, VMREQ_STEP, __ATOMIC_SEQ_CST);
	return vm;
}

/* An uncaught error, worded as amber (and lua.c) word it. */
static _Noreturn void uncaught(VM *vm)
{
	Thread *L = vm->L;
	Value e = L->stack[L->top - 1];
	char buf[128];
	const char *msg = buf;
	if (ttisstring(&e))
		msg = getstr(strvalue(&e));
	else if (ttisnumber(&e))
		msg = getstr(vm_rawtostring(vm, &e));
	else
		snprintf(buf, sizeof buf, "(error object is a %s value)",
		         vm_typename(vm, &e));
	VMBuffer b;
	vm_buffinit(vm, &b);
	dbg_traceback(vm, L, &b, NULL, 0);
	plat_flush();
	fprintf(stderr, "amber: %s\n%.*s\n", msg, (int)b.n, b.b);
	vm_bufffree(&b);
	plat_exit(1);
}

/* ---- main ---------------------------------------------------------------------------- */

static int option(const char *arg, const char *name, const char **val)
{
	size_t n = strlen(name);
	if (strncmp(arg, name, n) != 0 || arg[n] != '=')
		return 0;
	*val = arg + n + 1;
	return 1;
}

int main(int argc, char **argv)
{
	const char *v;
	int resume = 0, i = 1;
	R.every = 1;
	for (; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
		if (option(argv[i], "--every", &v))
			R.every = strtoull(v, NULL, 10);
		else if (option(argv[i], "--stop-after", &v))
			R.stopafter = strtoull(v, NULL, 10);
		else if (option(argv[i], "--image", &v))
			snprintf(R.image, sizeof R.image, "%s", v);
		else if (strcmp(argv[i], "--resume") == 0)
			resume = 1;
		else
			fail("unknown option ", argv[i]);
	}
	if (R.every == 0 || (resume ? R.image[0] == '\0' : i >= argc)) {
		fprintf(stderr, "usage: amber-snaptest [--every=N] [--image=PATH] "
		        "[--stop-after=K] FILE [args]\n"
		        "       amber-snaptest [--every=N] --image=PATH --resume\n");
		return 2;
	}
	setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
	setvbuf(stderr, errbuf, _IOLBF, sizeof errbuf);
	snap_err e;
	VM *vm;
	if (resume) {
		openstore();
		vm = restore();
	} else {
		argv[i - 1] = argv[0];   /* arg[-1]: this program, as amber gives it */
		vm = start(argc - i + 1, argv + i - 1);
		newimage();
		openstore();
		if (snap_omem_track((void *)VM_OMEM_BASE, vm->g->omem_size, &e) != 0)
			fail("tracking: ", e.msg);
	}
	atexit(atend);
	for (;;) {
		int st = vm_run(vm, vm->g->mainthread, R.every);
		if (st == VMS_DONE)
			break;
		if (st == VMS_ERROR)
			uncaught(vm);
		if (st != VMS_BUDGET)
			fail("", "the program stopped with an unexpected status");
		R.slices++;
		vm = reboot(vm);
	}
	plat_flush();
	plat_exit(0);
}
