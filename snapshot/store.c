/*
 * store.c: the snapshot store (snap.h; format in docs/SNAPSHOT-FORMAT.md).
 *
 * A store is a partition of 4 KiB blocks: two superblock slots (blocks 0
 * and 1) and, anywhere else, the nodes of copy-on-write radix trees (fan-out
 * 256) that map object-memory page numbers to data blocks. Every pointer
 * carries the checksum of the block it points to, seeded with the store's
 * UUID, the block number and the block's kind.
 *
 * Invariants:
 *   - Blocks reachable from the newest two committed snapshots (live_cur,
 *     live_prev) are never written. A transaction writes only blocks in
 *     neither map, and records them in tx_used so that it never writes one
 *     block twice either.
 *   - tx_live is, at every moment of a transaction, the set of blocks the new
 *     tree will reference once every dirty node is written (live_cur minus
 *     replaced blocks plus new ones); at commit it becomes live_cur.
 *   - Commit order: all data and node writes complete, flush, superblock
 *     (slot seq % 2), flush. Until that last flush completes, the previous
 *     superblock and everything it reaches are intact on disk.
 *   - Nothing read from the disk is trusted before its checksum and range
 *     were checked: a malformed store yields an error, never a wild access.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "snapshot/crc.h"
#include "snapshot/le.h"
#include "snapshot/snap.h"

#define KIND_NODE	1
#define KIND_DATA	2
#define FANOUT		256
#define ENTRY		16
#define RUN_BLOCKS	64		/* blocks per write request (256 KiB) */
#define NRUNS		8		/* write requests in flight */
#define FLUSH_EVERY	1024		/* blocks between early flushes (4 MiB) */
#define SB_CRC_OFF	4092
#define MAGIC		"AMBRSNAP"
#define MAX_PAGES	(1ull << (8 * SNAP_MAX_HEIGHT))

typedef struct sbk {		/* a superblock, decoded */
	snap_info i;
	uint64_t root_block;
	uint32_t root_sum;
} sbk;

typedef struct dnode {		/* a tree node being rewritten by a tx */
	uint8_t e[SNAP_BLOCK_SIZE];
	struct dnode *kid[FANOUT];	/* loaded children: rewritten too */
	uint64_t blk;			/* once written: its block, */
	uint32_t sum;			/* its checksum */
	struct dnode *hnext;		/* node cache chain */
} dnode;

/* The node cache: the nodes the last commit wrote, by block, so that the
 * next snapshot (which usually dirties the same pages) rewrites them
 * without reading them back. Only blocks of the current snapshot, whose
 * contents the cache holds exactly as written. */
#define NC_BUCKETS	1024

struct snap_store {
	blk_dev *dev;
	uint32_t spb;			/* device sectors per block */
	uint64_t nblocks;		/* part_blocks */
	size_t mapbytes;
	sbk cur;			/* the snapshot open */
	int have_prev;			/* live_prev holds the one before */
	int walk_pending;		/* quick open: live_cur/live_prev not built */
	sbk prevk;			/* ... and the previous superblock to walk */
	int prev_valid;
	int broken;			/* the deferred walk found damage: */
	snap_err broken_err;
	uint8_t *live_cur, *live_prev, *tx_live, *tx_used;
	uint64_t cursor;		/* next-fit allocation */
	snap_tx *tx;			/* at most one */
	int dead;			/* a commit's outcome is unknown */
	char report[1024];
	uint64_t cache_blk[SNAP_MAX_HEIGHT];	/* verified nodes, per level */
	uint32_t cache_sum[SNAP_MAX_HEIGHT];
	uint8_t *cache[SNAP_MAX_HEIGHT];
	uint8_t *iobuf;
	uint8_t *qbuf;			/* NRUNS runs of RUN_BLOCKS blocks (a tx's) */
	dnode *ncache[NC_BUCKETS];	/* by blk % NC_BUCKETS */
};

struct snap_tx {
	snap_store *s;
	uint64_t seq, omem_pages;
	uint32_t height;
	uint64_t root_block;		/* used while root is NULL */
	uint32_t root_sum;
	dnode *root;
	uint64_t pages, tree_blocks, written_pages, written_blocks;
	uint32_t vm_version, vm_meta_len;
	uint8_t vm_meta[SNAP_VM_META_MAX];
	blk_req req[NRUNS];		/* ring of runs: written or being filled */
	unsigned qnext;			/* the ring slot of the run being filled */
	uint64_t run_first;		/* its first block */
	unsigned run_n;			/* its blocks so far (0: none) */
	blk_req flush;			/* an early flush in flight (buf != NULL) */
	uint64_t flushed_at;		/* written_blocks when it was started */
	int failed;
	snap_err ferr;
};

int snap_fail(snap_err *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (err != NULL) {
		err->code = code;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof err->msg, fmt, ap);
		va_end(ap);
	}
	return code;
}

static void note(snap_store *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void note(snap_store *s, const char *fmt, ...)
{
	size_t n = strlen(s->report);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->report + n, sizeof s->report - n, fmt, ap);
	va_end(ap);
}

/* ---- bits, checksums, block I/O ---------------------------------------- */

static int bit(const uint8_t *m, uint64_t b) { return m[b >> 3] >> (b & 7) & 1; }
static void bset(uint8_t *m, uint64_t b) { m[b >> 3] |= (uint8_t)(1u << (b & 7)); }
static void bclr(uint8_t *m, uint64_t b) { m[b >> 3] &= (uint8_t)~(1u << (b & 7)); }

/* The checksum of a 4 KiB block at b: XXH64 of its contents, seeded with
 * the CRC-32C of (uuid, b, kind), folded to 32 bits (docs/SNAPSHOT-FORMAT.md,
 * "Checksums"). */
static uint32_t block_sum(const uint8_t uuid[16], uint64_t b, uint32_t kind,
			  const void *data)
{
	uint8_t seed[28];
	uint64_t h;

	memcpy(seed, uuid, 16);
	le64_put(seed + 16, b);
	le32_put(seed + 24, kind);
	h = snap_xxh64(data, SNAP_BLOCK_SIZE, snap_crc32c(0, seed, sizeof seed));
	return (uint32_t)(h ^ h >> 32);
}

static int is_zero(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint64_t w;
	size_t i;

	for (i = 0; i + 8 <= n; i += 8) {
		__builtin_memcpy(&w, b + i, 8);	/* a load, also freestanding */
		if (w != 0)
			return 0;
	}
	for (; i < n; i++)
		if (b[i] != 0)
			return 0;
	return 1;
}

static int geometry(blk_dev *dev, uint32_t *spb, uint64_t *nblocks,
		    snap_err *err)
{
	if (dev->sector_size != 512 && dev->sector_size != 4096)
		return snap_fail(err, SNAP_EINVAL,
				 "%s: sector size %u (need 512 or 4096)",
				 dev->name, dev->sector_size);
	*spb = SNAP_BLOCK_SIZE / dev->sector_size;
	*nblocks = dev->nsectors / *spb;
	if (*nblocks < SNAP_MIN_BLOCKS)
		return snap_fail(err, SNAP_ETOOSMALL,
				 "%s: partition too small: %llu blocks of 4 KiB, need at least %u",
				 dev->name, (unsigned long long)*nblocks,
				 SNAP_MIN_BLOCKS);
	return 0;
}

static int read_block(blk_dev *dev, uint32_t spb, uint64_t b, void *buf,
		      snap_err *err)
{
	int rc = blk_read(dev, b * spb, spb, buf);

	if (rc != 0)
		return snap_fail(err, SNAP_EIO, "reading block %llu: %s",
				 (unsigned long long)b, blk_strerror(rc));
	return 0;
}

/* ---- superblocks --------------------------------------------------------- */

static void sb_encode(const sbk *k, uint8_t *p)
{
	const snap_info *i = &k->i;

	memset(p, 0, SNAP_BLOCK_SIZE);
	memcpy(p, MAGIC, 8);
	le32_put(p + 8, SNAP_VERSION);
	le32_put(p + 12, SNAP_BLOCK_SIZE);
	le32_put(p + 16, i->slot);
	le32_put(p + 20, 0);
	le64_put(p + 24, i->part_blocks);
	memcpy(p + 32, i->uuid, 16);
	le64_put(p + 48, i->seq);
	le64_put(p + 56, i->time_ns);
	le64_put(p + 64, i->omem_pages);
	le64_put(p + 72, k->root_block);
	le32_put(p + 80, k->root_sum);
	le32_put(p + 84, i->height);
	le64_put(p + 88, i->pages);
	le64_put(p + 96, i->tree_blocks);
	le64_put(p + 104, i->written_pages);
	le64_put(p + 112, i->written_blocks);
	le32_put(p + 120, i->vm_version);
	le32_put(p + 124, i->vm_meta_len);
	memcpy(p + 128, i->vm_meta, i->vm_meta_len);
	le32_put(p + SB_CRC_OFF, snap_crc32c(0, p, SB_CRC_OFF));
}

/*
 * Decode and check the superblock read from `slot`; dev_blocks is the
 * partition's size. Each field has its own message.
 */
static int sb_decode(const uint8_t *p, uint32_t slot, uint64_t dev_blocks,
		     sbk *k, snap_err *err)
{
	snap_info *i = &k->i;
	uint32_t v;

	memset(k, 0, sizeof *k);
	if (is_zero(p, SNAP_BLOCK_SIZE))
		return snap_fail(err, SNAP_ENOTAMBER, "slot %u: blank", slot);
	if (memcmp(p, MAGIC, 8) != 0)
		return snap_fail(err, SNAP_ENOTAMBER,
				 "slot %u (block %u): bad magic (not an Amber superblock)",
				 slot, slot);
	if ((v = le32_get(p + 8)) != SNAP_VERSION)
		return snap_fail(err, SNAP_EVERSION,
				 "slot %u (block %u): unsupported format version %u (this build reads %u)",
				 slot, slot, v, SNAP_VERSION);
	if (le32_get(p + SB_CRC_OFF) != snap_crc32c(0, p, SB_CRC_OFF))
		return snap_fail(err, SNAP_ECORRUPT,
				 "slot %u (block %u): superblock checksum mismatch",
				 slot, slot);
	if ((v = le32_get(p + 12)) != SNAP_BLOCK_SIZE)
		return snap_fail(err, SNAP_ECORRUPT,
				 "slot %u: block size %u, expected %u", slot, v,
				 SNAP_BLOCK_SIZE);
	if ((v = le32_get(p + 16)) != slot)
		return snap_fail(err, SNAP_ECORRUPT,
				 "slot %u: superblock says it is slot %u (misdirected write?)",
				 slot, v);
	if ((v = le32_get(p + 20)) != 0)
		return snap_fail(err, SNAP_ECORRUPT,
				 "slot %u: unknown flags 0x%x", slot, v);
	i->slot = slot;
	i->part_blocks = le64_get(p + 24);
	memcpy(i->uuid, p + 32, 16);
	i->seq = le64_get(p + 48);
	i->time_ns = le64_get(p + 56);
	i->omem_pages = le64_get(p + 64);
	k->root_block = le64_get(p + 72);
	k->root_sum = le32_get(p + 80);
	i->height = le32_get(p + 84);
	i->pages = le64_get(p + 88);
	i->tree_blocks = le64_get(p + 96);
	i->written_pages = le64_get(p + 104);
	i->written_blocks = le64_get(p + 112);
	i->vm_version = le32_get(p + 120);
	i->vm_meta_len = le32_get(p + 124);
	if (i->part_blocks < SNAP_MIN_BLOCKS)
		return snap_fail(err, SNAP_ECORRUPT,
				 "slot %u: store of %llu blocks, less than the minimum %u",
				 slot, (unsigned long long)i->part_blocks,
				 SNAP_MIN_BLOCKS);
	if (i->part_blocks > dev_blocks)
		return snap_fail(err, SNAP_ECORRUPT,
				 "slot %u: store of %llu blocks on a partition of %llu (truncated image?)",
				 slot, (unsigned long long)i->part_blocks,
				 (unsigned long long)dev_blocks);
	if (i->seq % 2 != slot)
		return snap_fail(err, SNAP_ECORRUPT,
				 "slot %u: snapshot %llu belongs in slot %llu",
				 slot, (unsigned long long)i->seq,
				 (unsigned long long)(i->seq % 2));
	if (i->height > SNAP_MAX_HEIGHT)
		return snap_fail(err, SNAP_ECORRUPT,
				 "slot %u: tree height %u, at most %u", slot,
				 i->height, SNAP_MAX_HEIGHT);
	if (i->height == 0 ? i->omem_pages != 0 :
	    i->omem_pages > (1ull << (8 * i->height)))
		return snap_fail(err, SNAP_ECORRUPT,
				 "slot %u: %llu object-memory pages do not fit a tree of height %u",
				 slot, (unsigned long long)i->omem_pages, i->height);
	if (k->root_block == 0 ? k->root_sum != 0 :
	    (k->root_block < 2 || k->root_block >= i->part_blocks))
		return snap_fail(err, SNAP_ECORRUPT,
				 "slot %u: root block %llu outside 2..%llu",
				 slot, (unsigned long long)k->root_block,
				 (unsigned long long)i->part_blocks - 1);
	if (k->root_block != 0 && i->height == 0)
		return snap_fail(err, SNAP_ECORRUPT,
				 "slot %u: a root block with tree height 0", slot);
	if (i->vm_meta_len > SNAP_VM_META_MAX)
		return snap_fail(err, SNAP_ECORRUPT,
				 "slot %u: VM metadata length %u, at most %u",
				 slot, i->vm_meta_len, SNAP_VM_META_MAX);
	memcpy(i->vm_meta, p + 128, i->vm_meta_len);
	if (!is_zero(p + 128 + i->vm_meta_len, SNAP_VM_META_MAX - i->vm_meta_len))
		return snap_fail(err, SNAP_ECORRUPT,
				 "slot %u: VM metadata padding not zero", slot);
	if (!is_zero(p + 384, SB_CRC_OFF - 384))
		return snap_fail(err, SNAP_ECORRUPT,
				 "slot %u: reserved bytes not zero", slot);
	return 0;
}

/* ---- walking a tree ---------------------------------------------------- */

typedef struct walker {
	blk_dev *dev;
	uint32_t spb;
	uint64_t nblocks, omem_pages, seq;
	const uint8_t *uuid;
	uint8_t *seen;			/* blocks of this tree */
	unsigned verify;		/* SNAP_OPEN_VERIFY_* */
	uint64_t pages, nodes;
	uint8_t *buf[SNAP_MAX_HEIGHT];
	uint8_t *dbuf;
	snap_err *err;
} walker;

static int walk_entry(walker *w, const uint8_t *e, int level, unsigned idx,
		      uint64_t first, uint64_t span, uint64_t parent);

static int walk_node(walker *w, uint64_t b, uint32_t sum, int level,
		     uint64_t first, uint64_t parent)
{
	uint8_t *nb = w->buf[level];
	uint64_t span = 1ull << (8 * level);
	unsigned i;
	int rc;

	if (b < 2 || b >= w->nblocks)
		return snap_fail(w->err, SNAP_ECORRUPT,
				 "snapshot %llu: block %llu points to a level-%d node at block %llu, outside 2..%llu",
				 (unsigned long long)w->seq, (unsigned long long)parent,
				 level, (unsigned long long)b,
				 (unsigned long long)w->nblocks - 1);
	if (bit(w->seen, b))
		return snap_fail(w->err, SNAP_ECORRUPT,
				 "snapshot %llu: block %llu reached twice (a cycle or shared block), from block %llu",
				 (unsigned long long)w->seq, (unsigned long long)b,
				 (unsigned long long)parent);
	bset(w->seen, b);
	if ((rc = read_block(w->dev, w->spb, b, nb, w->err)) != 0)
		return rc;
	if (block_sum(w->uuid, b, KIND_NODE, nb) != sum)
		return snap_fail(w->err, SNAP_ECORRUPT,
				 "snapshot %llu: tree node at block %llu (level %d, pages %llu..): checksum mismatch (torn, lost or misdirected write)",
				 (unsigned long long)w->seq, (unsigned long long)b,
				 level, (unsigned long long)first);
	w->nodes++;
	for (i = 0; i < FANOUT; i++)
		if ((rc = walk_entry(w, nb + ENTRY * i, level, i,
				     first + i * span, span, b)) != 0)
			return rc;
	return 0;
}

static int walk_entry(walker *w, const uint8_t *e, int level, unsigned idx,
		      uint64_t first, uint64_t span, uint64_t parent)
{
	uint64_t b = le64_get(e);
	uint32_t sum = le32_get(e + 8);
	int rc;

	if ((w->verify & SNAP_OPEN_QUICK) && b != 0 && le32_get(e + 12) != (uint32_t)w->seq)
		return 0;	/* older: shared with the previous snapshot */
	if (b == 0) {
		if (!is_zero(e, ENTRY))
			return snap_fail(w->err, SNAP_ECORRUPT,
					 "snapshot %llu: tree node at block %llu: hole entry %u not all zero",
					 (unsigned long long)w->seq,
					 (unsigned long long)parent, idx);
		return 0;
	}
	(void)span;
	if (first >= w->omem_pages)
		return snap_fail(w->err, SNAP_ECORRUPT,
				 "snapshot %llu: tree node at block %llu: entry %u maps page %llu, past the object memory (%llu pages)",
				 (unsigned long long)w->seq, (unsigned long long)parent,
				 idx, (unsigned long long)first,
				 (unsigned long long)w->omem_pages);
	if (level > 0)
		return walk_node(w, b, sum, level - 1, first, parent);
	if (b < 2 || b >= w->nblocks)
		return snap_fail(w->err, SNAP_ECORRUPT,
				 "snapshot %llu: tree node at block %llu: page %llu at block %llu, outside 2..%llu",
				 (unsigned long long)w->seq, (unsigned long long)parent,
				 (unsigned long long)first, (unsigned long long)b,
				 (unsigned long long)w->nblocks - 1);
	if (bit(w->seen, b))
		return snap_fail(w->err, SNAP_ECORRUPT,
				 "snapshot %llu: block %llu reached twice (page %llu, from block %llu)",
				 (unsigned long long)w->seq, (unsigned long long)b,
				 (unsigned long long)first,
				 (unsigned long long)parent);
	bset(w->seen, b);
	w->pages++;
	if (!(w->verify & (SNAP_OPEN_VERIFY_DATA | SNAP_OPEN_QUICK)))
		return 0;
	if ((rc = read_block(w->dev, w->spb, b, w->dbuf, w->err)) != 0)
		return rc;
	if (block_sum(w->uuid, b, KIND_DATA, w->dbuf) != sum)
		return snap_fail(w->err, SNAP_ECORRUPT,
				 "snapshot %llu: data page %llu at block %llu: checksum mismatch (torn, lost or misdirected write)",
				 (unsigned long long)w->seq, (unsigned long long)first,
				 (unsigned long long)b);
	return 0;
}

/* Walk the tree of superblock k, marking its blocks in seen (cleared first).
 * SNAP_OPEN_QUICK: only the root and what snapshot k itself wrote (entries
 * born in k's seq), data pages included; no counts (seen is then partial). */
static int walk_tree(blk_dev *dev, uint32_t spb, const sbk *k, uint8_t *seen,
		     size_t mapbytes, unsigned verify, snap_err *err)
{
	walker w = {
		.dev = dev, .spb = spb, .nblocks = k->i.part_blocks,
		.omem_pages = k->i.omem_pages, .seq = k->i.seq,
		.uuid = k->i.uuid, .seen = seen, .verify = verify,
		.err = err,
	};
	uint8_t *mem;
	int rc = 0;
	unsigned l;

	memset(seen, 0, mapbytes);
	bset(seen, 0);
	bset(seen, 1);
	if (k->root_block == 0)
		goto counts;
	mem = malloc((size_t)(SNAP_MAX_HEIGHT + 1) * SNAP_BLOCK_SIZE);
	if (mem == NULL)
		return snap_fail(err, SNAP_ENOMEM, "out of memory walking a tree");
	for (l = 0; l < SNAP_MAX_HEIGHT; l++)
		w.buf[l] = mem + (size_t)l * SNAP_BLOCK_SIZE;
	w.dbuf = mem + (size_t)SNAP_MAX_HEIGHT * SNAP_BLOCK_SIZE;
	rc = walk_node(&w, k->root_block, k->root_sum, (int)k->i.height - 1, 0,
		       k->i.slot);
	free(mem);
	if (rc != 0 || (verify & SNAP_OPEN_QUICK))
		return rc;
counts:
	if (w.pages != k->i.pages)
		return snap_fail(err, SNAP_ECORRUPT,
				 "snapshot %llu: superblock counts %llu pages, the tree holds %llu",
				 (unsigned long long)k->i.seq,
				 (unsigned long long)k->i.pages,
				 (unsigned long long)w.pages);
	if (w.nodes != k->i.tree_blocks)
		return snap_fail(err, SNAP_ECORRUPT,
				 "snapshot %llu: superblock counts %llu tree blocks, the tree has %llu",
				 (unsigned long long)k->i.seq,
				 (unsigned long long)k->i.tree_blocks,
				 (unsigned long long)w.nodes);
	return 0;
}

/* ---- opening ------------------------------------------------------------- */

typedef struct slots {
	sbk k[2];
	int valid[2], blank[2];
	snap_err why[2];
} slots;

/* Read and decode both superblocks; a slot whose store differs is invalid. */
static int read_slots(blk_dev *dev, uint32_t spb, uint64_t nblocks, slots *sl,
		      uint8_t *buf, snap_err *err)
{
	uint32_t s;
	int rc;

	for (s = 0; s < 2; s++) {
		if ((rc = read_block(dev, spb, s, buf, err)) != 0)
			return rc;
		sl->blank[s] = is_zero(buf, SNAP_BLOCK_SIZE);
		sl->valid[s] = sb_decode(buf, s, nblocks, &sl->k[s], &sl->why[s]) == 0;
	}
	if (sl->valid[0] && sl->valid[1] &&
	    (memcmp(sl->k[0].i.uuid, sl->k[1].i.uuid, 16) != 0 ||
	     sl->k[0].i.part_blocks != sl->k[1].i.part_blocks)) {
		s = sl->k[0].i.seq < sl->k[1].i.seq ? 0 : 1;
		sl->valid[s] = 0;
		snap_fail(&sl->why[s], SNAP_ECORRUPT,
			  "slot %u: belongs to another store (UUID or size differs from slot %u)",
			  s, 1 - s);
	}
	return 0;
}

static int newest_slot(const slots *sl)
{
	if (sl->valid[0] && sl->valid[1])
		return sl->k[1].i.seq > sl->k[0].i.seq ? 1 : 0;
	return sl->valid[0] ? 0 : sl->valid[1] ? 1 : -1;
}

/* Why no slot is valid: another version, not a store at all, or damage. */
static int no_store_code(const slots *sl)
{
	int s, foreign = 1;

	for (s = 0; s < 2; s++) {
		if (sl->why[s].code == SNAP_EVERSION)
			return SNAP_EVERSION;
		if (!sl->blank[s] && sl->why[s].code != SNAP_ENOTAMBER)
			foreign = 0;
	}
	return foreign ? SNAP_ENOTAMBER : SNAP_ECORRUPT;
}

static void nc_clear(snap_store *s)
{
	for (unsigned i = 0; i < NC_BUCKETS; i++)
		while (s->ncache[i] != NULL) {
			dnode *d = s->ncache[i];
			s->ncache[i] = d->hnext;
			free(d);
		}
}

/* Remove and return the cached node at block b if its checksum is sum. */
static dnode *nc_take(snap_store *s, uint64_t b, uint32_t sum)
{
	dnode **pp = &s->ncache[b % NC_BUCKETS];

	for (; *pp != NULL; pp = &(*pp)->hnext)
		if ((*pp)->blk == b) {
			dnode *d = *pp;
			*pp = d->hnext;
			if (d->sum == sum)
				return d;
			free(d);
			return NULL;
		}
	return NULL;
}

/* After a commit: the tree the tx wrote becomes the cache. */
static void nc_fill(snap_store *s, dnode *d)
{
	if (d == NULL)
		return;
	for (unsigned i = 0; i < FANOUT; i++) {
		nc_fill(s, d->kid[i]);
		d->kid[i] = NULL;
	}
	if (d->blk == 0) {		/* an all-hole node: not written */
		free(d);
		return;
	}
	d->hnext = s->ncache[d->blk % NC_BUCKETS];
	s->ncache[d->blk % NC_BUCKETS] = d;
}

static void store_free(snap_store *s)
{
	unsigned l;

	if (s == NULL)
		return;
	free(s->live_cur);
	free(s->live_prev);
	free(s->tx_live);
	free(s->tx_used);
	for (l = 0; l < SNAP_MAX_HEIGHT; l++)
		free(s->cache[l]);
	free(s->iobuf);
	free(s->qbuf);
	nc_clear(s);
	free(s);
}

static snap_store *store_alloc(blk_dev *dev, uint32_t spb, uint64_t nblocks)
{
	snap_store *s = calloc(1, sizeof *s);
	unsigned l;

	if (s == NULL)
		return NULL;
	s->dev = dev;
	s->spb = spb;
	s->nblocks = nblocks;
	s->mapbytes = (size_t)((nblocks + 7) / 8);
	s->live_cur = calloc(1, s->mapbytes);
	s->live_prev = calloc(1, s->mapbytes);
	s->tx_live = calloc(1, s->mapbytes);
	s->tx_used = calloc(1, s->mapbytes);
	s->iobuf = malloc(SNAP_BLOCK_SIZE);
	for (l = 0; l < SNAP_MAX_HEIGHT; l++)
		s->cache[l] = malloc(SNAP_BLOCK_SIZE);
	if (!s->live_cur || !s->live_prev || !s->tx_live || !s->tx_used ||
	    !s->iobuf || !s->cache[SNAP_MAX_HEIGHT - 1]) {
		store_free(s);
		return NULL;
	}
	for (l = 0; l < SNAP_MAX_HEIGHT; l++)
		if (s->cache[l] == NULL) {
			store_free(s);
			return NULL;
		}
	return s;
}

/* The walks that give the allocator its maps: with cur_too (after a quick
 * open, at the first snap_begin) the current tree whole (every node
 * checked; its blocks into live_cur), and the previous tree (live_prev).
 * A damaged previous snapshot is noted and only the current one is kept. */
static int walk_rest(snap_store *s, int cur_too, snap_err *err)
{
	int rc;

	if (cur_too && (rc = walk_tree(s->dev, s->spb, &s->cur, s->live_cur,
				       s->mapbytes, 0, err)) != 0)
		return rc;
	s->have_prev = 0;
	if (s->prev_valid) {
		snap_err e1;

		rc = walk_tree(s->dev, s->spb, &s->prevk, s->live_prev, s->mapbytes,
			       0, &e1);
		if (rc == SNAP_ENOMEM)
			return snap_fail(err, rc, "%s", e1.msg);
		if (rc == 0)
			s->have_prev = 1;
		else
			note(s, "previous snapshot %llu (slot %u) is damaged: %s; only snapshot %llu is kept\n",
			     (unsigned long long)s->prevk.i.seq, s->prevk.i.slot, e1.msg,
			     (unsigned long long)s->cur.i.seq);
	}
	if (!s->have_prev)
		memset(s->live_prev, 0, s->mapbytes);
	return 0;
}

int snap_open(blk_dev *dev, unsigned flags, snap_store **out, snap_err *err)
{
	uint64_t nblocks;
	uint32_t spb;
	snap_store *s;
	slots sl;
	snap_err e1;
	int rc, n, o;

	*out = NULL;
	if ((rc = geometry(dev, &spb, &nblocks, err)) != 0)
		return rc;
	if ((s = store_alloc(dev, spb, nblocks)) == NULL)
		return snap_fail(err, SNAP_ENOMEM, "out of memory opening the store");
	if ((rc = read_slots(dev, spb, nblocks, &sl, s->iobuf, err)) != 0)
		goto fail;
	n = newest_slot(&sl);
	if (n < 0) {
		if (sl.blank[0] && sl.blank[1])
			rc = snap_fail(err, SNAP_ENOTAMBER,
				       "%s: no snapshot store (both superblocks blank: not formatted)",
				       dev->name);
		else
			rc = snap_fail(err, no_store_code(&sl),
				       "%s: no valid superblock: %s; %s", dev->name,
				       sl.why[0].msg, sl.why[1].msg);
		goto fail;
	}
	o = 1 - n;
	if (!sl.valid[o] && !(sl.blank[o] && sl.k[n].i.seq == 0))
		note(s, "%s; ignored\n", sl.why[o].msg);
	s->nblocks = sl.k[n].i.part_blocks;
	rc = walk_tree(dev, spb, &sl.k[n], s->live_cur, s->mapbytes,
		       flags, &e1);
	if (rc != 0 && rc != SNAP_ENOMEM && sl.valid[o]) {
		note(s, "newest snapshot %llu (slot %d) is damaged: %s; falling back to snapshot %llu (slot %d)\n",
		     (unsigned long long)sl.k[n].i.seq, n, e1.msg,
		     (unsigned long long)sl.k[o].i.seq, o);
		sl.valid[n] = 0;
		n = o;
		o = 1 - n;
		rc = walk_tree(dev, spb, &sl.k[n], s->live_cur, s->mapbytes,
			       flags, &e1);
		if (rc != 0) {
			rc = snap_fail(err, rc, "%s: no usable snapshot: both are damaged; %s\n%s",
				       dev->name, e1.msg, s->report);
			goto fail;
		}
	} else if (rc != 0) {
		rc = snap_fail(err, rc, "%s: %s", dev->name, e1.msg);
		goto fail;
	}
	s->cur = sl.k[n];
	s->prevk = sl.k[o];
	s->prev_valid = sl.valid[o] && sl.k[o].i.seq < sl.k[n].i.seq;
	s->cursor = 2;
	if (flags & SNAP_OPEN_QUICK) {
		s->walk_pending = 1;
	} else if ((rc = walk_rest(s, 0, err)) != 0) {
		goto fail;
	}
	*out = s;
	return 0;
fail:
	store_free(s);
	return rc;
}

const char *snap_report(const snap_store *s)
{
	return s->report;
}

const snap_info *snap_current(const snap_store *s)
{
	return &s->cur.i;
}

void snap_close(snap_store *s)
{
	if (s != NULL && s->tx != NULL)
		snap_abort(s->tx);
	store_free(s);
}

int snap_format(blk_dev *dev, const uint8_t uuid[16], snap_err *err)
{
	uint64_t nblocks;
	uint32_t spb;
	uint8_t *buf;
	sbk k;
	int rc;

	if ((rc = geometry(dev, &spb, &nblocks, err)) != 0)
		return rc;
	if ((buf = calloc(1, SNAP_BLOCK_SIZE)) == NULL)
		return snap_fail(err, SNAP_ENOMEM, "out of memory");
	memset(&k, 0, sizeof k);
	k.i.part_blocks = nblocks;
	memcpy(k.i.uuid, uuid, 16);
	if ((rc = blk_write(dev, 1 * spb, spb, buf)) != 0)
		goto io;
	sb_encode(&k, buf);
	if ((rc = blk_write(dev, 0, spb, buf)) != 0 || (rc = blk_flush(dev)) != 0)
		goto io;
	free(buf);
	return 0;
io:
	free(buf);
	return snap_fail(err, SNAP_EIO, "%s: formatting: %s", dev->name,
			 blk_strerror(rc));
}

/* ---- reading pages --------------------------------------------------------- */

/* Node at block b (checked against sum) into the level's cache. */
static int cached_node(snap_store *s, uint64_t b, uint32_t sum, int level,
		       uint64_t pageno, snap_err *err)
{
	int rc;

	if (s->cache_blk[level] == b && s->cache_sum[level] == sum)
		return 0;
	s->cache_blk[level] = 0;
	if (b < 2 || b >= s->nblocks)
		return snap_fail(err, SNAP_ECORRUPT,
				 "snapshot %llu: page %llu: level-%d node at block %llu, outside 2..%llu",
				 (unsigned long long)s->cur.i.seq,
				 (unsigned long long)pageno, level,
				 (unsigned long long)b,
				 (unsigned long long)s->nblocks - 1);
	if ((rc = read_block(s->dev, s->spb, b, s->cache[level], err)) != 0)
		return rc;
	if (block_sum(s->cur.i.uuid, b, KIND_NODE, s->cache[level]) != sum)
		return snap_fail(err, SNAP_ECORRUPT,
				 "snapshot %llu: page %llu: tree node at block %llu (level %d): checksum mismatch",
				 (unsigned long long)s->cur.i.seq,
				 (unsigned long long)pageno, (unsigned long long)b,
				 level);
	s->cache_blk[level] = b;
	s->cache_sum[level] = sum;
	return 0;
}

int snap_read_page(snap_store *s, uint64_t pageno, void *buf, snap_err *err)
{
	uint64_t b = s->cur.root_block;
	uint32_t sum = s->cur.root_sum;
	int level, rc;

	if (pageno >= s->cur.i.omem_pages)
		return snap_fail(err, SNAP_EINVAL,
				 "page %llu past the object memory (%llu pages)",
				 (unsigned long long)pageno,
				 (unsigned long long)s->cur.i.omem_pages);
	for (level = (int)s->cur.i.height - 1; level >= 0 && b != 0; level--) {
		const uint8_t *e;

		if ((rc = cached_node(s, b, sum, level, pageno, err)) != 0)
			return rc;
		e = s->cache[level] + ENTRY * ((pageno >> (8 * level)) & 0xff);
		b = le64_get(e);
		sum = le32_get(e + 8);
	}
	if (b == 0) {
		memset(buf, 0, SNAP_PAGE_SIZE);
		return 0;
	}
	if (b < 2 || b >= s->nblocks)
		return snap_fail(err, SNAP_ECORRUPT,
				 "snapshot %llu: page %llu at block %llu, outside 2..%llu",
				 (unsigned long long)s->cur.i.seq,
				 (unsigned long long)pageno, (unsigned long long)b,
				 (unsigned long long)s->nblocks - 1);
	if ((rc = read_block(s->dev, s->spb, b, buf, err)) != 0)
		return rc;
	if (block_sum(s->cur.i.uuid, b, KIND_DATA, buf) != sum)
		return snap_fail(err, SNAP_ECORRUPT,
				 "snapshot %llu: data page %llu at block %llu: checksum mismatch",
				 (unsigned long long)s->cur.i.seq,
				 (unsigned long long)pageno, (unsigned long long)b);
	return 0;
}

/* ---- writing a snapshot ------------------------------------------------- */

static uint32_t height_for(uint64_t pages)
{
	uint32_t h = 1;

	while (h < SNAP_MAX_HEIGHT && pages > (1ull << (8 * h)))
		h++;
	return h;
}

static int tx_fail(snap_tx *tx, snap_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int tx_fail(snap_tx *tx, snap_err *err, int code, const char *fmt, ...)
{
	va_list ap;

	tx->failed = code;
	tx->ferr.code = code;
	va_start(ap, fmt);
	vsnprintf(tx->ferr.msg, sizeof tx->ferr.msg, fmt, ap);
	va_end(ap);
	if (err != NULL)
		*err = tx->ferr;
	return code;
}

static int tx_error(snap_tx *tx, snap_err *err)
{
	if (err != NULL)
		*err = tx->ferr;
	return tx->failed;
}

int snap_blocks_free(const snap_store *s, uint64_t first, uint64_t n)
{
	if (s->walk_pending || s->tx != NULL || first < 2 || first > s->nblocks ||
	    n > s->nblocks - first)
		return 0;
	for (uint64_t b = first; b < first + n; b++)
		if (bit(s->live_cur, b) || bit(s->live_prev, b))
			return 0;
	return 1;
}

/* A free block: in neither live tree and not yet used by this tx. */
static int alloc_block(snap_tx *tx, uint64_t *out, snap_err *err)
{
	snap_store *s = tx->s;
	uint64_t b = s->cursor, tried;

	for (tried = 0; tried < s->nblocks; ) {
		if (b >= s->nblocks || b < 2)
			b = 2;
		if ((b & 7) == 0 && b + 8 <= s->nblocks &&
		    (s->live_cur[b >> 3] | s->live_prev[b >> 3] |
		     s->tx_used[b >> 3]) == 0xff) {
			b += 8;
			tried += 8;
			continue;
		}
		if (!bit(s->live_cur, b) && !bit(s->live_prev, b) &&
		    !bit(s->tx_used, b)) {
			bset(s->tx_used, b);
			bset(s->tx_live, b);
			s->cursor = b + 1;
			*out = b;
			return 0;
		}
		b++;
		tried++;
	}
	return tx_fail(tx, err, SNAP_ENOSPC,
		       "store full: no free block among %llu (snapshot %llu)",
		       (unsigned long long)s->nblocks,
		       (unsigned long long)tx->seq);
}

/*
 * Writes go out in runs: consecutive blocks (the allocator hands them out in
 * order) are copied into one buffer of up to RUN_BLOCKS blocks and written
 * by one request, with up to NRUNS requests in flight.
 */
static uint8_t *run_buf(snap_tx *tx, unsigned i)
{
	return tx->s->qbuf + (size_t)i * RUN_BLOCKS * SNAP_BLOCK_SIZE;
}

/* Wait for the write in ring slot i, if any. */
static int q_wait(snap_tx *tx, unsigned i, snap_err *err)
{
	blk_req *r = &tx->req[i];
	int st;

	if (r->buf == NULL)
		return 0;
	st = blk_wait(tx->s->dev, r);
	r->buf = NULL;
	if (st != 0 && !tx->failed)
		return tx_fail(tx, err, SNAP_EIO, "writing blocks %llu..%llu: %s",
			       (unsigned long long)(r->lba / tx->s->spb),
			       (unsigned long long)((r->lba + r->count) / tx->s->spb - 1),
			       blk_strerror(st));
	return st != 0 ? tx_error(tx, err) : 0;
}

/*
 * An early flush: every FLUSH_EVERY blocks written, a flush is started and
 * not waited for (one at a time). It is not needed for correctness (the
 * commit flushes everything before the superblock) but it makes the
 * device's cache write back while the writer is still checksumming and
 * copying, so that the commit's flush finds little left to do.
 */
static void q_early_flush(snap_tx *tx)
{
	blk_req *f = &tx->flush;

	if (f->buf != NULL) {
		if (f->status == BLK_PENDING)
			return;
		blk_wait(tx->s->dev, f);	/* the commit's flush reports errors */
		f->buf = NULL;
	}
	if (tx->written_blocks - tx->flushed_at < FLUSH_EVERY)
		return;
	tx->flushed_at = tx->written_blocks;
	*f = (blk_req){ .op = BLK_OP_FLUSH, .buf = f };
	blk_submit(tx->s->dev, f);
}

/* Start writing the run being filled. */
static int q_submit(snap_tx *tx, snap_err *err)
{
	unsigned i = tx->qnext;
	blk_req *r = &tx->req[i];

	if (tx->run_n == 0)
		return 0;
	q_early_flush(tx);
	r->op = BLK_OP_WRITE;
	r->lba = tx->run_first * tx->s->spb;
	r->count = tx->run_n * tx->s->spb;
	r->buf = run_buf(tx, i);
	tx->written_blocks += tx->run_n;
	tx->run_n = 0;
	tx->qnext = (i + 1) % NRUNS;
	blk_submit(tx->s->dev, r);
	return r->status < 0 ? q_wait(tx, i, err) : 0;
}

/* Submit the last run and wait for every write. */
static int q_drain(snap_tx *tx, snap_err *err)
{
	unsigned i;
	int rc = q_submit(tx, err);

	for (i = 0; i < NRUNS; i++) {
		int r = q_wait(tx, i, err);
		if (rc == 0)
			rc = r;
	}
	if (tx->flush.buf != NULL) {
		blk_wait(tx->s->dev, &tx->flush);
		tx->flush.buf = NULL;
	}
	return rc;
}

/* Copy a block into the run for block b (starting a new run if b does not
 * extend the current one); *staged gets the copy, which is what goes to
 * disk and what the caller checksums. */
static int q_write(snap_tx *tx, uint64_t b, const void *data,
		   const uint8_t **staged, snap_err *err)
{
	uint8_t *dst;
	int rc;

	if (tx->run_n > 0 &&
	    (b != tx->run_first + tx->run_n || tx->run_n == RUN_BLOCKS) &&
	    (rc = q_submit(tx, err)) != 0)
		return rc;
	if (tx->run_n == 0) {
		if ((rc = q_wait(tx, tx->qnext, err)) != 0)
			return rc;
		tx->run_first = b;
	}
	dst = run_buf(tx, tx->qnext) + (size_t)tx->run_n * SNAP_BLOCK_SIZE;
	memcpy(dst, data, SNAP_BLOCK_SIZE);
	tx->run_n++;
	*staged = dst;
	return 0;
}

static void put_entry(uint8_t *e, uint64_t b, uint32_t sum, uint64_t seq)
{
	le64_put(e, b);
	le32_put(e + 8, sum);
	le32_put(e + 12, (uint32_t)seq);
}

static void free_dnodes(dnode *d)
{
	unsigned i;

	if (d == NULL)
		return;
	for (i = 0; i < FANOUT; i++)
		free_dnodes(d->kid[i]);
	free(d);
}

/*
 * A dnode for the node at (b, sum), read and checked, or zeroed for a hole.
 * The old block leaves the new tree (tx_live); it stays protected until the
 * commit because it is in live_cur.
 */
static int load_dnode(snap_tx *tx, uint64_t b, uint32_t sum, int level,
		      dnode **out, snap_err *err)
{
	snap_store *s = tx->s;
	dnode *d = b != 0 ? nc_take(s, b, sum) : NULL;

	if (d != NULL) {		/* written by the last commit: no read */
		d->blk = 0;
		d->hnext = NULL;
		bclr(s->tx_live, b);
		tx->tree_blocks--;
		*out = d;
		return 0;
	}
	d = calloc(1, sizeof *d);
	if (d == NULL)
		return tx_fail(tx, err, SNAP_ENOMEM, "out of memory for a tree node");
	if (b != 0) {
		if (b < 2 || b >= s->nblocks) {
			free(d);
			return tx_fail(tx, err, SNAP_ECORRUPT,
				       "snapshot %llu: level-%d node at block %llu, outside the store",
				       (unsigned long long)s->cur.i.seq, level,
				       (unsigned long long)b);
		}
		if (read_block(s->dev, s->spb, b, d->e, &tx->ferr) != 0) {
			free(d);
			return tx_fail(tx, err, SNAP_EIO, "%s", tx->ferr.msg);
		}
		if (block_sum(s->cur.i.uuid, b, KIND_NODE, d->e) != sum) {
			free(d);
			return tx_fail(tx, err, SNAP_ECORRUPT,
				       "snapshot %llu: tree node at block %llu (level %d): checksum mismatch",
				       (unsigned long long)s->cur.i.seq,
				       (unsigned long long)b, level);
		}
		bclr(s->tx_live, b);
		tx->tree_blocks--;
	}
	*out = d;
	return 0;
}

int snap_begin(snap_store *s, uint64_t omem_pages, snap_tx **out,
	       snap_err *err)
{
	snap_tx *tx;
	uint32_t h;

	*out = NULL;
	if (s->dead)
		return snap_fail(err, SNAP_EDEAD,
				 "the store must be reopened: a commit failed after its superblock write was issued");
	if (s->tx != NULL)
		return snap_fail(err, SNAP_EINVAL, "a snapshot is already being written");
	if (s->broken)
		return snap_fail(err, SNAP_ECORRUPT, "%s", s->broken_err.msg);
	if (s->walk_pending) {
		snap_err e1;
		int rc = walk_rest(s, 1, &e1);
		if (rc == SNAP_ECORRUPT) {	/* older than what open checked */
			s->broken = 1;
			s->broken_err = e1;
		}
		if (rc != 0)			/* else (I/O, memory) try again */
			return snap_fail(err, rc, "%s", e1.msg);
		s->walk_pending = 0;
	}
	if (omem_pages == 0 || omem_pages > MAX_PAGES)
		return snap_fail(err, SNAP_EINVAL,
				 "object memory of %llu pages (need 1..%llu)",
				 (unsigned long long)omem_pages,
				 (unsigned long long)MAX_PAGES);
	if (omem_pages < s->cur.i.omem_pages)
		return snap_fail(err, SNAP_EINVAL,
				 "object memory cannot shrink (%llu pages, snapshot has %llu)",
				 (unsigned long long)omem_pages,
				 (unsigned long long)s->cur.i.omem_pages);
	if (s->qbuf == NULL)
		s->qbuf = malloc((size_t)NRUNS * RUN_BLOCKS * SNAP_BLOCK_SIZE);
	tx = s->qbuf != NULL ? calloc(1, sizeof *tx) : NULL;
	if (tx == NULL)
		return snap_fail(err, SNAP_ENOMEM, "out of memory for a snapshot");
	tx->s = s;
	tx->seq = s->cur.i.seq + 1;
	tx->omem_pages = omem_pages;
	tx->height = s->cur.i.height;
	tx->root_block = s->cur.root_block;
	tx->root_sum = s->cur.root_sum;
	tx->pages = s->cur.i.pages;
	tx->tree_blocks = s->cur.i.tree_blocks;
	tx->vm_version = s->cur.i.vm_version;
	tx->vm_meta_len = s->cur.i.vm_meta_len;
	memcpy(tx->vm_meta, s->cur.i.vm_meta, sizeof tx->vm_meta);
	memcpy(s->tx_live, s->live_cur, s->mapbytes);
	memset(s->tx_used, 0, s->mapbytes);

	/* Object memory grew past the tree: the old root becomes entry 0. */
	h = height_for(omem_pages);
	if (tx->root_block == 0) {
		if (h > tx->height)
			tx->height = h;
	}
	while (tx->height < h) {
		dnode *d = calloc(1, sizeof *d);
		if (d == NULL) {
			free_dnodes(tx->root);
			free(tx);
			return snap_fail(err, SNAP_ENOMEM, "out of memory for a tree node");
		}
		if (tx->root != NULL)
			d->kid[0] = tx->root;
		else
			put_entry(d->e, tx->root_block, tx->root_sum, s->cur.i.seq);
		tx->root = d;
		tx->height++;
	}
	s->tx = tx;
	*out = tx;
	return 0;
}

int snap_set_vm_meta(snap_tx *tx, uint32_t version, const void *meta,
		     uint32_t len, snap_err *err)
{
	if (len > SNAP_VM_META_MAX)
		return snap_fail(err, SNAP_EINVAL, "VM metadata of %u bytes (at most %u)",
				 len, SNAP_VM_META_MAX);
	tx->vm_version = version;
	tx->vm_meta_len = len;
	memset(tx->vm_meta, 0, sizeof tx->vm_meta);
	if (len > 0)
		memcpy(tx->vm_meta, meta, len);
	return 0;
}

int snap_write_page(snap_tx *tx, uint64_t pageno, const void *data,
		    snap_err *err)
{
	snap_store *s = tx->s;
	int zero = is_zero(data, SNAP_PAGE_SIZE), level, rc;
	const uint8_t *staged;
	uint64_t old, b;
	uint8_t *e;
	dnode *d;

	if (tx->failed)
		return tx_error(tx, err);
	if (pageno >= tx->omem_pages)
		return snap_fail(err, SNAP_EINVAL,
				 "page %llu past the object memory (%llu pages)",
				 (unsigned long long)pageno,
				 (unsigned long long)tx->omem_pages);
	if (tx->root == NULL) {
		if (tx->root_block == 0 && zero)
			return 0;
		if ((rc = load_dnode(tx, tx->root_block, tx->root_sum,
				     (int)tx->height - 1, &tx->root, err)) != 0)
			return rc;
	}
	d = tx->root;
	for (level = (int)tx->height - 1; level > 0; level--) {
		unsigned i = (pageno >> (8 * level)) & 0xff;

		if (d->kid[i] == NULL) {
			e = d->e + ENTRY * i;
			if (le64_get(e) == 0 && zero)
				return 0;
			if ((rc = load_dnode(tx, le64_get(e), le32_get(e + 8),
					     level - 1, &d->kid[i], err)) != 0)
				return rc;
		}
		d = d->kid[i];
	}
	e = d->e + ENTRY * (pageno & 0xff);
	old = le64_get(e);
	if (old != 0) {
		if (old < 2 || old >= s->nblocks)
			return tx_fail(tx, err, SNAP_ECORRUPT,
				       "snapshot %llu: page %llu at block %llu, outside the store",
				       (unsigned long long)s->cur.i.seq,
				       (unsigned long long)pageno,
				       (unsigned long long)old);
		bclr(s->tx_live, old);
		tx->pages--;
	}
	if (zero) {
		memset(e, 0, ENTRY);
		return 0;
	}
	if ((rc = alloc_block(tx, &b, err)) != 0)
		return rc;
	if ((rc = q_write(tx, b, data, &staged, err)) != 0)
		return rc;
	put_entry(e, b, block_sum(s->cur.i.uuid, b, KIND_DATA, staged), tx->seq);
	tx->pages++;
	tx->written_pages++;
	return 0;
}

/* Write d and its loaded children bottom-up; *ent gets d's entry (a hole if
 * every entry of d is a hole: such a node is not written). */
static int flush_dnode(snap_tx *tx, dnode *d, int level, uint8_t *ent,
		       snap_err *err)
{
	const uint8_t *staged;
	uint64_t b;
	unsigned i;
	int rc;

	for (i = 0; i < FANOUT; i++)
		if (d->kid[i] != NULL &&
		    (rc = flush_dnode(tx, d->kid[i], level - 1,
				      d->e + ENTRY * i, err)) != 0)
			return rc;
	if (is_zero(d->e, SNAP_BLOCK_SIZE)) {
		memset(ent, 0, ENTRY);
		return 0;
	}
	if ((rc = alloc_block(tx, &b, err)) != 0)
		return rc;
	if ((rc = q_write(tx, b, d->e, &staged, err)) != 0)
		return rc;
	d->blk = b;
	d->sum = block_sum(tx->s->cur.i.uuid, b, KIND_NODE, staged);
	put_entry(ent, b, d->sum, tx->seq);
	tx->tree_blocks++;
	return 0;
}

static void tx_free(snap_tx *tx)
{
	tx->s->tx = NULL;
	free_dnodes(tx->root);
	free(tx);
}

void snap_abort(snap_tx *tx)
{
	tx->run_n = 0;		/* not written: only the requests in flight */
	q_drain(tx, NULL);
	tx_free(tx);
}

int snap_commit(snap_tx *tx, uint64_t time_ns, snap_info *out, snap_err *err)
{
	snap_store *s = tx->s;
	uint8_t ent[ENTRY];
	uint8_t *tmp;
	sbk k;
	int rc;

	if (tx->failed) {
		rc = tx_error(tx, err);
		goto abort;
	}
	if (tx->root != NULL) {
		if ((rc = flush_dnode(tx, tx->root, (int)tx->height - 1, ent, err)) != 0)
			goto abort;
		tx->root_block = le64_get(ent);
		tx->root_sum = le32_get(ent + 8);
	}
	if ((rc = q_drain(tx, err)) != 0)
		goto abort;
	if ((rc = blk_flush(s->dev)) != 0) {
		rc = snap_fail(err, SNAP_EIO, "flush before superblock %llu: %s",
			       (unsigned long long)tx->seq, blk_strerror(rc));
		goto abort;
	}

	memset(&k, 0, sizeof k);
	k.i = s->cur.i;
	k.i.seq = tx->seq;
	k.i.slot = (uint32_t)(tx->seq % 2);
	k.i.time_ns = time_ns;
	k.i.omem_pages = tx->omem_pages;
	k.i.height = tx->height;
	k.i.pages = tx->pages;
	k.i.tree_blocks = tx->tree_blocks;
	k.i.written_pages = tx->written_pages;
	k.i.written_blocks = tx->written_blocks + 1;	/* + superblock */
	k.i.vm_version = tx->vm_version;
	k.i.vm_meta_len = tx->vm_meta_len;
	memcpy(k.i.vm_meta, tx->vm_meta, sizeof k.i.vm_meta);
	k.root_block = tx->root_block;
	k.root_sum = tx->root_sum;
	sb_encode(&k, s->iobuf);
	if ((rc = blk_write(s->dev, (uint64_t)k.i.slot * s->spb, s->spb,
			    s->iobuf)) != 0 ||
	    (rc = blk_flush(s->dev)) != 0) {
		s->dead = 1;
		rc = snap_fail(err, SNAP_EDEAD,
			       "committing snapshot %llu (superblock slot %u): %s; whether it is on disk is unknown",
			       (unsigned long long)k.i.seq, k.i.slot,
			       blk_strerror(rc));
		tx_free(tx);
		return rc;
	}

	/* Durable. The old current becomes the protected previous. */
	tmp = s->live_prev;
	s->live_prev = s->live_cur;
	s->live_cur = s->tx_live;
	s->tx_live = tmp;
	s->have_prev = 1;
	s->cur = k;
	memset(s->cache_blk, 0, sizeof s->cache_blk);
	nc_clear(s);
	nc_fill(s, tx->root);
	tx->root = NULL;
	if (out != NULL)
		*out = k.i;
	tx_free(tx);
	return 0;
abort:
	snap_abort(tx);
	return rc;
}

/* ---- checking (amber-fsck) ---------------------------------------------- */

int snap_check(blk_dev *dev, snap_check_report *r, snap_err *err)
{
	uint64_t nblocks, i;
	uint32_t spb;
	size_t mapbytes;
	uint8_t *seen[2] = { NULL, NULL }, *buf = NULL;
	slots sl;
	int rc, s, n;

	memset(r, 0, sizeof *r);
	r->newest = -1;
	if ((rc = geometry(dev, &spb, &nblocks, err)) != 0)
		return rc;
	r->part_blocks = nblocks;
	mapbytes = (size_t)((nblocks + 7) / 8);
	seen[0] = calloc(1, mapbytes);
	seen[1] = calloc(1, mapbytes);
	buf = malloc(SNAP_BLOCK_SIZE);
	if (!seen[0] || !seen[1] || !buf) {
		rc = snap_fail(err, SNAP_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = read_slots(dev, spb, nblocks, &sl, buf, err)) != 0)
		goto out;
	for (s = 0; s < 2; s++) {
		snap_slot_check *c = &r->slot[s];
		snap_err e;

		c->valid = sl.valid[s];
		c->blank = sl.blank[s];
		c->info = sl.k[s].i;
		if (!c->valid) {
			snprintf(c->msg, sizeof c->msg, "%s", sl.why[s].msg);
			continue;
		}
		rc = walk_tree(dev, spb, &sl.k[s], seen[s], mapbytes, SNAP_OPEN_VERIFY_DATA, &e);
		if (rc == SNAP_ENOMEM) {
			*err = e;
			goto out;
		}
		c->tree_ok = rc == 0;
		if (rc != 0)
			snprintf(c->msg, sizeof c->msg, "%s", e.msg);
	}
	n = newest_slot(&sl);
	if (n >= 0 && !r->slot[n].tree_ok)
		n = r->slot[1 - n].valid && r->slot[1 - n].tree_ok ? 1 - n : -1;
	r->newest = n;
	for (s = 0; s < 2; s++) {
		snap_slot_check *c = &r->slot[s];
		int fresh_blank = c->blank && n >= 0 && r->slot[n].info.seq == 0;
		if (!(c->valid && c->tree_ok) && !fresh_blank)
			r->damaged = 1;
	}
	for (i = 0; i < mapbytes; i++) {
		uint8_t u = (uint8_t)((r->slot[0].tree_ok ? seen[0][i] : 0) |
				      (r->slot[1].tree_ok ? seen[1][i] : 0));
		while (u) {
			r->used_blocks += u & 1;
			u >>= 1;
		}
	}
	rc = 0;
out:
	free(seen[0]);
	free(seen[1]);
	free(buf);
	return rc;
}
