/*
 * blk.c: request helpers and partition windows over a block device (blk.h).
 *
 * Invariant: a request reaches a driver's submit only if its sectors lie
 * inside the device; a partition window checks against its own size, then
 * shifts the request into the whole device for the duration of the I/O and
 * shifts it back when it is waited for. The shift is recorded in req->shift,
 * and a window's wait always runs (even when the request already finished
 * in an interrupt meanwhile), so lba is restored exactly once.
 */
#include <stddef.h>
#include "snapshot/blk.h"

void blk_submit(blk_dev *dev, blk_req *req)
{
	if (req->op != BLK_OP_FLUSH) {
		if (req->op != BLK_OP_READ && req->op != BLK_OP_WRITE) {
			req->status = BLK_EINVAL;
			return;
		}
		if (req->buf == NULL || req->count == 0 ||
		    req->lba > dev->nsectors ||
		    req->count > dev->nsectors - req->lba) {
			req->status = BLK_EINVAL;
			return;
		}
	}
	req->status = BLK_PENDING;
	dev->ops->submit(dev, req);
}

int blk_wait(blk_dev *dev, blk_req *req)
{
	/* a partition window must undo its shift even if the request is final */
	if (req->status == BLK_PENDING || dev->whole != NULL)
		dev->ops->wait(dev, req);
	return req->status;
}

static int blk_sync(blk_dev *dev, int op, uint64_t lba, uint32_t count,
		    void *buf)
{
	blk_req req = { .op = op, .lba = lba, .count = count, .buf = buf };

	blk_submit(dev, &req);
	return blk_wait(dev, &req);
}

int blk_read(blk_dev *dev, uint64_t lba, uint32_t count, void *buf)
{
	return blk_sync(dev, BLK_OP_READ, lba, count, buf);
}

int blk_write(blk_dev *dev, uint64_t lba, uint32_t count, const void *buf)
{
	return blk_sync(dev, BLK_OP_WRITE, lba, count, (void *)buf);
}

int blk_flush(blk_dev *dev)
{
	return blk_sync(dev, BLK_OP_FLUSH, 0, 0, NULL);
}

const char *blk_strerror(int status)
{
	switch (status) {
	case 0:			return "success";
	case BLK_PENDING:	return "still in flight";
	case BLK_EIO:		return "I/O error";
	case BLK_EINVAL:	return "request outside the device";
	case BLK_ENOMEDIUM:	return "no medium";
	default:		return "unknown device error";
	}
}

/* ---- partition windows ---------------------------------------------- */

static void part_unshift(blk_dev *part, blk_req *req)
{
	if (req->op != BLK_OP_FLUSH && req->shift >= part->first_lba) {
		req->lba -= part->first_lba;
		req->shift -= part->first_lba;
	}
}

static void part_submit(blk_dev *part, blk_req *req)
{
	if (req->op != BLK_OP_FLUSH) {
		req->lba += part->first_lba;
		req->shift += part->first_lba;
	}
	blk_submit(part->whole, req);
	if (req->status != BLK_PENDING)
		part_unshift(part, req);
}

static void part_wait(blk_dev *part, blk_req *req)
{
	blk_wait(part->whole, req);
	part_unshift(part, req);
}

static const blk_ops part_ops = { part_submit, part_wait };

void blk_part_init(blk_dev *part, blk_dev *whole, uint64_t first_lba,
		   uint64_t nsectors)
{
	part->ops = &part_ops;
	part->priv = NULL;
	part->name = whole->name;
	part->sector_size = whole->sector_size;
	part->nsectors = nsectors;
	part->whole = whole;
	part->first_lba = first_lba;
}
