/*
 * snap.h: the snapshot store: object-memory pages on disk, copy-on-write,
 * crash-safe (format: docs/SNAPSHOT-FORMAT.md).
 *
 * Interface (every function returning int gives 0 or a SNAP_E* code and, on
 * error, a message in *err that names the block and what is wrong with it):
 *
 *   snap_format(part, uuid, err)      write an empty store (snapshot 0) on a
 *                                     device that is Amber's partition
 *   snap_open(part, flags, &store, err)
 *                                     find the newest valid snapshot (a damaged
 *                                     newest falls back to the previous one:
 *                                     snap_report() says why); writes nothing.
 *                                     By default checks both trees, with
 *                                     SNAP_OPEN_VERIFY_DATA every data page
 *                                     too, with SNAP_OPEN_QUICK only what the
 *                                     newest snapshot wrote (cost: its dirty
 *                                     set, not the memory); unchecked blocks
 *                                     are checked by snap_read_page, and a
 *                                     damaged one found by the deferred walk
 *                                     fails every snap_begin (SNAP_ECORRUPT)
 *   snap_report(store)                warnings from opening ("" if none)
 *   snap_current(store)               the snapshot open (seq, time, sizes,
 *                                     VM metadata)
 *   snap_read_page(store, pageno, buf, err)
 *                                     page of the current snapshot; a page
 *                                     never written reads as zeros
 *   snap_begin(store, omem_pages, &tx, err)    start the next snapshot
 *   snap_set_vm_meta(tx, version, meta, len)   VM metadata it will carry
 *   snap_write_page(tx, pageno, data, err)     one dirty page (copied; the
 *                                     caller may reuse data at once)
 *   snap_commit(tx, time_ns, &info, err)       make it durable (flush,
 *                                     superblock, flush); info gets its
 *                                     figures; the tx is gone either way
 *   snap_abort(tx)                    forget it; the disk keeps the old one
 *   snap_blocks_free(store, first, n) 1 if blocks [first, first + n) are
 *                                     in neither live snapshot (nor reserved:
 *                                     no tx open, no walk pending), so that
 *                                     scratch data may go there until the next
 *                                     snap_begin (the raw-write benchmark)
 *   snap_close(store)
 *   snap_check(part, &report)         amber-fsck's check of both slots and
 *                                     every block (snap_check_report)
 *
 * Concurrency: a store is not locked inside. The caller serialises all calls
 * on one store (the kernel's snapshot module holds its mutex around each).
 * snap_read_page may be called while a tx is open: it reads the snapshot that
 * was current at snap_begin, which the tx never overwrites; after a commit it
 * reads the new one. A lazily restored page that has not been loaded yet is
 * not dirty, so it is the same in every later snapshot and can be read after
 * any number of commits.
 *
 * After snap_commit fails once the superblock write was issued (error
 * SNAP_EDEAD), whether that snapshot is on disk is unknown: the store refuses
 * further transactions; close and open it again.
 */
#ifndef AMBER_SNAPSHOT_SNAP_H
#define AMBER_SNAPSHOT_SNAP_H

#include <stddef.h>
#include <stdint.h>
#include "snapshot/blk.h"

#define SNAP_PAGE_SIZE		4096
#define SNAP_BLOCK_SIZE		4096
#define SNAP_VERSION		2
#define SNAP_MIN_BLOCKS		64
#define SNAP_MAX_HEIGHT		6
#define SNAP_VM_META_MAX	256

enum {
	SNAP_OK = 0,
	SNAP_EIO = -1,		/* the device failed a request */
	SNAP_ECORRUPT = -2,	/* a checksum or a field is wrong */
	SNAP_ENOTAMBER = -3,	/* no Amber store here (blank, other system) */
	SNAP_EVERSION = -4,	/* a format version this build cannot read */
	SNAP_ENOSPC = -5,	/* the store is full */
	SNAP_EINVAL = -6,	/* bad argument from the caller */
	SNAP_ENOMEM = -7,
	SNAP_ETOOSMALL = -8,	/* device or partition too small */
	SNAP_EDEAD = -9,	/* commit outcome unknown; reopen the store */
};

/* Open flags. */
#define SNAP_OPEN_VERIFY_DATA	1	/* check every data page's checksum */
#define SNAP_OPEN_QUICK		2	/* check only what the newest snapshot
					   wrote (its nodes and data pages: what
					   a fallback to the previous one can
					   replace); the rest of both trees is
					   walked at the first snap_begin */

typedef struct snap_err {
	int code;
	char msg[320];
} snap_err;

typedef struct snap_info {
	uint64_t seq;		/* sequence number (0 = freshly formatted) */
	uint32_t slot;		/* superblock slot it lives in */
	uint32_t height;	/* page-map tree levels */
	uint64_t time_ns;	/* wall clock at commit (0 if unknown) */
	uint64_t omem_pages;	/* object-memory size in pages */
	uint64_t pages;		/* non-zero pages in the snapshot */
	uint64_t tree_blocks;	/* page-map node blocks */
	uint64_t written_pages;	/* data pages this snapshot wrote */
	uint64_t written_blocks;/* blocks this snapshot wrote (data + nodes) */
	uint64_t part_blocks;	/* store size in blocks */
	uint32_t vm_version;
	uint32_t vm_meta_len;
	uint8_t vm_meta[SNAP_VM_META_MAX];
	uint8_t uuid[16];
} snap_info;

typedef struct snap_store snap_store;
typedef struct snap_tx snap_tx;

int snap_format(blk_dev *part, const uint8_t uuid[16], snap_err *err);
int snap_open(blk_dev *part, unsigned flags, snap_store **out, snap_err *err);
const char *snap_report(const snap_store *s);
const snap_info *snap_current(const snap_store *s);
int snap_read_page(snap_store *s, uint64_t pageno, void *buf, snap_err *err);
int snap_blocks_free(const snap_store *s, uint64_t first, uint64_t n);
void snap_close(snap_store *s);

int snap_begin(snap_store *s, uint64_t omem_pages, snap_tx **out,
	       snap_err *err);
int snap_set_vm_meta(snap_tx *tx, uint32_t version, const void *meta,
		     uint32_t len, snap_err *err);
int snap_write_page(snap_tx *tx, uint64_t pageno, const void *data,
		    snap_err *err);
int snap_commit(snap_tx *tx, uint64_t time_ns, snap_info *out, snap_err *err);
void snap_abort(snap_tx *tx);

/* amber-fsck: everything about one store. */
typedef struct snap_slot_check {
	int valid;		/* the superblock passed its checks */
	int blank;		/* the slot is all zeros */
	int tree_ok;		/* and its tree and pages all check */
	snap_info info;
	char msg[320];		/* what is wrong ("" if nothing) */
} snap_slot_check;

typedef struct snap_check_report {
	snap_slot_check slot[2];
	int newest;		/* slot a snap_open would choose, -1 if none */
	int damaged;		/* anything at all wrong */
	uint64_t used_blocks;	/* blocks referenced by the valid trees */
	uint64_t part_blocks;	/* blocks in the partition */
} snap_check_report;

int snap_check(blk_dev *part, snap_check_report *r, snap_err *err);

/* Fill *err (code, printf-style message) and return code. */
int snap_fail(snap_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
