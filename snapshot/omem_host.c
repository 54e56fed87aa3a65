/*
 * omem_host.c: hosted dirty-page tracking and lazy restore of object
 * memory (interface and invariants in omem_host.h).
 *
 * Page states and the transitions the SIGSEGV handler makes:
 *
 *   not loaded --touch--> clean      mprotect RW, snap_read_page into the
 *   (PROT_NONE)           (PROT_READ)  page itself, mprotect READ; the
 *                                      faulting access runs again (a write
 *                                      then faults once more, below)
 *   clean --write--> dirty           set the dirty bit, mprotect RW
 *   dirty --snap_omem_save--> clean  written to the store, mprotect READ
 *
 * The state is one static record: this is kernel land of a hosted test
 * program (the region's bookkeeping), never VM state.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "snapshot/omem_host.h"

#define PG SNAP_PAGE_SIZE
#define WORDBITS 64

static struct {
	uint8_t *base;		/* the region, NULL when not tracking */
	size_t npages;
	uint64_t *dirty;	/* one bit per page */
	uint64_t *loaded;	/* one bit per page; NULL: all loaded */
	size_t nwords;
	snap_store *store;	/* where pages not loaded come from */
	snap_err err;		/* the handler's error buffer */
	int installed;		/* the SIGSEGV handler is in place */
	snap_omem_counters c;
} om;

static int testbit(const uint64_t *m, size_t i)
{
	return (m[i / WORDBITS] >> (i % WORDBITS)) & 1;
}

static void setbit(uint64_t *m, size_t i)
{
	m[i / WORDBITS] |= (uint64_t)1 << (i % WORDBITS);
}

/* ---- the fault handler ---------------------------------------------------- */

static void say(const char *s)
{
	ssize_t r = write(2, s, strlen(s));
	(void)r;
}

/* Not ours to handle: let the access fault again with the default action. */
static void fatal(const char *why)
{
	say("amber: object-memory fault: ");
	say(why);
	say("\n");
	signal(SIGSEGV, SIG_DFL);
}

static void onfault(int sig, siginfo_t *si, void *uc)
{
	int saved = errno;
	uint8_t *a = si->si_addr;
	if (om.base == NULL || a < om.base || a >= om.base + om.npages * PG) {
		signal(SIGSEGV, SIG_DFL);
		goto out;
	}
	size_t p = (size_t)(a - om.base) / PG;
	uint8_t *page = om.base + p * PG;
	if (om.loaded != NULL && !testbit(om.loaded, p)) {
		if (mprotect(page, PG, PROT_READ | PROT_WRITE) != 0) {
			fatal("mprotect failed");
			goto out;
		}
		if (snap_read_page(om.store, p, page, &om.err) != 0) {
			fatal(om.err.msg);
			goto out;
		}
		mprotect(page, PG, PROT_READ);
		setbit(om.loaded, p);
		om.c.loads++;
	} else if (!testbit(om.dirty, p)) {
		if (mprotect(page, PG, PROT_READ | PROT_WRITE) != 0) {
			fatal("mprotect failed");
			goto out;
		}
		setbit(om.dirty, p);
		om.c.dirtied++;
	} else {
		fatal("access to a writable page faulted");
	}
out:
	errno = saved;
}

/* ---- tracking ---------------------------------------------------------------- */

static int install(snap_err *err)
{
	struct sigaction sa;
	if (om.installed)
		return 0;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = onfault;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSEGV, &sa, NULL) != 0)
		return snap_fail(err, SNAP_EINVAL, "sigaction: %s", strerror(errno));
	om.installed = 1;
	return 0;
}

/* Bitmaps for a region of `size` bytes at base; `lazy` adds the loaded map. */
static int setup(void *base, size_t size, int lazy, snap_err *err)
{
	if ((uintptr_t)base % PG != 0 || size % PG != 0 || size == 0)
		return snap_fail(err, SNAP_EINVAL, "region %p + %zu not page-aligned",
				 base, size);
	if (om.base != NULL)
		return snap_fail(err, SNAP_EINVAL, "a region is tracked already");
	int rc = install(err);
	if (rc != 0)
		return rc;
	om.npages = size / PG;
	om.nwords = (om.npages + WORDBITS - 1) / WORDBITS;
	free(om.dirty);
	free(om.loaded);
	om.dirty = calloc(om.nwords, sizeof(uint64_t));
	om.loaded = lazy ? calloc(om.nwords, sizeof(uint64_t)) : NULL;
	if (om.dirty == NULL || (lazy && om.loaded == NULL))
		return snap_fail(err, SNAP_ENOMEM, "no memory for page bitmaps");
	om.base = base;
	return 0;
}

int snap_omem_track(void *base, size_t size, snap_err *err)
{
	int rc = setup(base, size, 0, err);
	if (rc != 0)
		return rc;
	/* whatever is resident may differ from zero: dirty */
	unsigned char *vec = malloc(om.npages);
	if (vec == NULL || mincore(base, size, vec) != 0) {
		free(vec);
		om.base = NULL;
		return snap_fail(err, SNAP_EINVAL, "mincore: %s", strerror(errno));
	}
	for (size_t p = 0; p < om.npages; p++)
		if (vec[p] & 1)
			setbit(om.dirty, p);
	free(vec);
	/* resident pages stay writable until saved; the rest become clean */
	if (mprotect(base, size, PROT_READ) != 0)
		return snap_fail(err, SNAP_EINVAL, "mprotect: %s", strerror(errno));
	for (size_t p = 0; p < om.npages; p++)
		if (testbit(om.dirty, p))
			mprotect(om.base + p * PG, PG, PROT_READ | PROT_WRITE);
	return 0;
}

/* Write the dirty pages of word w to tx and make them clean. */
static int saveword(snap_tx *tx, size_t w, snap_err *err)
{
	uint64_t bits = om.dirty[w];
	while (bits != 0) {
		size_t p = w * WORDBITS + (size_t)__builtin_ctzll(bits);
		bits &= bits - 1;
		int rc = snap_write_page(tx, p, om.base + p * PG, err);
		if (rc != 0)
			return rc;
		mprotect(om.base + p * PG, PG, PROT_READ);
		om.c.pages_written++;
	}
	om.dirty[w] = 0;
	return 0;
}

int snap_omem_save(snap_store *s, uint32_t vm_version, const void *meta,
		   uint32_t len, snap_info *info, snap_err *err)
{
	snap_tx *tx;
	if (om.base == NULL)
		return snap_fail(err, SNAP_EINVAL, "no object memory is tracked");
	int rc = snap_begin(s, om.npages, &tx, err);
	if (rc != 0)
		return rc;
	rc = snap_set_vm_meta(tx, vm_version, meta, len, err);
	for (size_t w = 0; w < om.nwords && rc == 0; w++)
		if (om.dirty[w] != 0)
			rc = saveword(tx, w, err);
	if (rc != 0) {
		snap_abort(tx);
		return rc;
	}
	rc = snap_commit(tx, 0, info, err);
	if (rc == 0)
		om.c.snapshots++;
	return rc;
}

void snap_omem_drop(void)
{
	if (om.base == NULL)
		return;
	munmap(om.base, om.npages * PG);
	om.base = NULL;
	om.store = NULL;
}

int snap_omem_restore(snap_store *s, void *base, size_t size, snap_err *err)
{
	int rc = setup(base, size, 1, err);
	if (rc != 0)
		return rc;
	void *p = mmap(base, size, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE | MAP_NORESERVE,
		       -1, 0);
	if (p != base) {
		if (p != MAP_FAILED)
			munmap(p, size);
		om.base = NULL;
		return snap_fail(err, SNAP_EINVAL, "cannot map object memory at %p",
				 base);
	}
	om.store = s;
	om.c.restores++;
	return 0;
}

const snap_omem_counters *snap_omem_stats(void)
{
	return &om.c;
}
