/*
 * blk_file_host.c: file-backed block device (blk_file_host.h). Synchronous:
 * submit does the I/O, wait has nothing to do.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "snapshot/blk_file_host.h"

typedef struct filedev {
	int fd;
	char name[256];
} filedev;

static void file_submit(blk_dev *dev, blk_req *req)
{
	filedev *f = dev->priv;
	size_t n = (size_t)req->count * dev->sector_size;
	off_t off = (off_t)(req->lba * dev->sector_size);
	ssize_t r;

	switch (req->op) {
	case BLK_OP_READ:
		r = pread(f->fd, req->buf, n, off);
		req->status = r == (ssize_t)n ? 0 : BLK_EIO;
		break;
	case BLK_OP_WRITE:
		r = pwrite(f->fd, req->buf, n, off);
		req->status = r == (ssize_t)n ? 0 : BLK_EIO;
		break;
	case BLK_OP_FLUSH:
		req->status = fdatasync(f->fd) == 0 ? 0 : BLK_EIO;
		break;
	default:
		req->status = BLK_EINVAL;
	}
}

static void file_wait(blk_dev *dev, blk_req *req)
{
	(void)dev;
	(void)req;
}

static const blk_ops file_ops = { file_submit, file_wait };

static int setup(blk_dev *dev, int fd, const char *path, uint32_t ss,
		 snap_err *err)
{
	struct stat st;
	filedev *f;

	if (fstat(fd, &st) != 0) {
		close(fd);
		return snap_fail(err, SNAP_EIO, "%s: %s", path, strerror(errno));
	}
	if ((f = calloc(1, sizeof *f)) == NULL) {
		close(fd);
		return snap_fail(err, SNAP_ENOMEM, "out of memory");
	}
	f->fd = fd;
	strncpy(f->name, path, sizeof f->name - 1);
	memset(dev, 0, sizeof *dev);
	dev->ops = &file_ops;
	dev->priv = f;
	dev->name = f->name;
	dev->sector_size = ss;
	dev->nsectors = (uint64_t)st.st_size / ss;
	return 0;
}

int blk_file_open(blk_dev *dev, const char *path, int writable,
		  uint32_t sector_size, snap_err *err)
{
	int fd;

	if (sector_size != 512 && sector_size != 4096)
		return snap_fail(err, SNAP_EINVAL, "sector size %u", sector_size);
	fd = open(path, writable ? O_RDWR : O_RDONLY);
	if (fd < 0)
		return snap_fail(err, SNAP_EIO, "%s: %s", path, strerror(errno));
	return setup(dev, fd, path, sector_size, err);
}

int blk_file_create(blk_dev *dev, const char *path, uint64_t bytes,
		    uint32_t sector_size, snap_err *err)
{
	int fd;

	if (sector_size != 512 && sector_size != 4096)
		return snap_fail(err, SNAP_EINVAL, "sector size %u", sector_size);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return snap_fail(err, SNAP_EIO, "%s: %s", path, strerror(errno));
	if (ftruncate(fd, (off_t)bytes) != 0) {
		int e = errno;
		close(fd);
		return snap_fail(err, SNAP_EIO, "%s: %s", path, strerror(e));
	}
	return setup(dev, fd, path, sector_size, err);
}

void blk_file_close(blk_dev *dev)
{
	filedev *f = dev->priv;

	if (f != NULL) {
		close(f->fd);
		free(f);
		dev->priv = NULL;
	}
}
