/*
 * blk_file_host.h: a block device backed by a file (hosted programs only:
 * amber-fsck, tests). Reads and writes are pread/pwrite; flush is fdatasync.
 *
 *   blk_file_open(dev, path, writable, sector_size, err)
 *       open an existing image; its size must be a multiple of sector_size
 *       (a trailing partial sector is ignored, and reported by nsectors)
 *   blk_file_create(dev, path, bytes, sector_size, err)
 *       create or truncate the file to `bytes` (sparse) and open it writable
 *   blk_file_close(dev)
 */
#ifndef AMBER_SNAPSHOT_BLK_FILE_HOST_H
#define AMBER_SNAPSHOT_BLK_FILE_HOST_H

#include "snapshot/blk.h"
#include "snapshot/snap.h"

int blk_file_open(blk_dev *dev, const char *path, int writable,
		  uint32_t sector_size, snap_err *err);
int blk_file_create(blk_dev *dev, const char *path, uint64_t bytes,
		    uint32_t sector_size, snap_err *err);
void blk_file_close(blk_dev *dev);

#endif
