/*
 * omem_host.h: dirty-page tracking and lazy restore of object memory for
 * hosted programs (tools/amber-snaptest), with mprotect and SIGSEGV: the
 * same two mechanisms the kernel builds from page-table dirty bits and
 * not-present faults.
 *
 * Interface (one tracked region per process; every int is 0 or a SNAP_E*
 * code with a message in *err):
 *
 *   snap_omem_track(base, size, err)
 *       start tracking a region mapped read-write (vm_open): every page
 *       that is resident now counts as dirty; all pages become read-only,
 *       and the first write to a page marks it dirty and makes it writable
 *   snap_omem_save(store, vm_version, meta, len, &info, err)
 *       one snapshot: every dirty page goes to the store (snap_begin,
 *       snap_write_page, snap_commit with the VM metadata), then those pages
 *       are read-only again and the dirty set is empty
 *   snap_omem_drop()
 *       unmap the whole region (a power cut, as far as object memory goes);
 *       the handler stays, tracking stops
 *   snap_omem_restore(store, base, size, err)
 *       map the region back with no access: each page is read from `store`
 *       (snap_read_page) on its first touch and is then clean (read-only);
 *       tracking goes on as after snap_omem_track. The store must stay open
 *       until the next snap_omem_drop (later commits to it are fine: a page
 *       not loaded is not dirty, so every later snapshot shares it).
 *   snap_omem_stats()
 *       counters since the process started
 *
 * Invariants: a page is in one of three states: not loaded (PROT_NONE,
 * its contents are the store's), clean (PROT_READ, equal to the store's)
 * or dirty (PROT_READ|PROT_WRITE, its bit set). A snapshot writes exactly
 * the dirty pages, so every snapshot equals object memory at the moment it
 * was taken. The SIGSEGV handler allocates nothing: its bitmaps, the
 * store's page-path cache and its error buffer exist before it runs. A
 * fault outside the region, or on a page already writable, is a real bug:
 * the handler reinstates the default action and the fault kills the
 * process as it would have.
 *
 * Limitation (hosted only): a system call handed a pointer into a page not
 * loaded yet fails with EFAULT instead of faulting; callers (the test
 * driver's stdio buffers) make sure such buffers are copied in user space.
 */
#ifndef AMBER_SNAPSHOT_OMEM_HOST_H
#define AMBER_SNAPSHOT_OMEM_HOST_H

#include <stddef.h>
#include <stdint.h>
#include "snapshot/snap.h"

typedef struct snap_omem_counters {
	uint64_t snapshots;	/* snap_omem_save calls that committed */
	uint64_t pages_written;	/* dirty pages handed to the store */
	uint64_t restores;	/* snap_omem_restore calls */
	uint64_t loads;		/* pages faulted in from a store */
	uint64_t dirtied;	/* first writes to a clean page */
} snap_omem_counters;

int snap_omem_track(void *base, size_t size, snap_err *err);
int snap_omem_save(snap_store *s, uint32_t vm_version, const void *meta,
		   uint32_t len, snap_info *info, snap_err *err);
void snap_omem_drop(void);
int snap_omem_restore(snap_store *s, void *base, size_t size, snap_err *err);
const snap_omem_counters *snap_omem_stats(void);

#endif
