/*
 * blk.h: the block-device interface the snapshot store is written against.
 *
 * A device is an array of `nsectors` logical blocks of `sector_size` bytes
 * (512 or 4096). I/O goes through requests, so that an interrupt-driven
 * driver can keep several in flight:
 *
 *   blk_submit(dev, req)   start req (op, lba, count, buf filled in); on
 *                          return req->status is BLK_PENDING or already final
 *   blk_wait(dev, req)     wait for req to finish; returns its status
 *                          (0, or BLK_EIO / BLK_EINVAL / BLK_ENOMEDIUM)
 *   blk_read/blk_write/blk_flush(dev, ...)   submit + wait, for convenience
 *   blk_part_init(part, whole, first_lba, nsectors)
 *                          a device that is a window on another (a GPT
 *                          partition); requests outside it are refused
 *
 * Ordering contract (the one virtio-blk and AHCI give): requests in flight at
 * the same time may complete and reach the medium in any order. A write is
 * durable only after it completed *and* a flush submitted after its
 * completion completed. A device loses power by losing any subset of the
 * writes not yet covered by a flush, and a lost write may be torn (some of
 * its sectors written, others not). The snapshot store's commit order
 * (docs/SNAPSHOT-FORMAT.md, "Commit order") depends on exactly this.
 *
 * A driver fills in blk_ops: `submit` starts a request (bounds are checked
 * before it is called) and sets status to BLK_PENDING or to the result;
 * `wait` returns when status is final. A synchronous driver does the work in
 * submit and has a `wait` that does nothing. The buffer of a request belongs
 * to the driver until the request is final.
 */
#ifndef AMBER_SNAPSHOT_BLK_H
#define AMBER_SNAPSHOT_BLK_H

#include <stdint.h>

enum { BLK_OP_READ, BLK_OP_WRITE, BLK_OP_FLUSH };

#define BLK_PENDING	1
#define BLK_EIO		(-5)
#define BLK_EINVAL	(-22)
#define BLK_ENOMEDIUM	(-123)

typedef struct blk_dev blk_dev;

typedef struct blk_req {
	int op;			/* BLK_OP_* */
	uint64_t lba;		/* first sector (ignored for flush) */
	uint32_t count;		/* sectors (ignored for flush) */
	void *buf;		/* count * sector_size bytes */
	volatile int status;	/* BLK_PENDING, 0 or a BLK_E* code */
	void *drv;		/* for the driver */
	uint64_t shift;		/* partition windows: sectors lba is shifted by
				   while the request is in flight (blk.c) */
} blk_req;

typedef struct blk_ops {
	void (*submit)(blk_dev *dev, blk_req *req);
	void (*wait)(blk_dev *dev, blk_req *req);
} blk_ops;

struct blk_dev {
	const blk_ops *ops;
	void *priv;		/* the driver's state */
	const char *name;	/* for messages */
	uint32_t sector_size;	/* 512 or 4096 */
	uint64_t nsectors;
	/* partition windows only (blk_part_init) */
	blk_dev *whole;
	uint64_t first_lba;
};

void blk_submit(blk_dev *dev, blk_req *req);
int blk_wait(blk_dev *dev, blk_req *req);
int blk_read(blk_dev *dev, uint64_t lba, uint32_t count, void *buf);
int blk_write(blk_dev *dev, uint64_t lba, uint32_t count, const void *buf);
int blk_flush(blk_dev *dev);
void blk_part_init(blk_dev *part, blk_dev *whole, uint64_t first_lba,
		   uint64_t nsectors);
const char *blk_strerror(int status);

#endif
