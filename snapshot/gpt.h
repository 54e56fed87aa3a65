/*
 * gpt.h: finding and creating Amber's partition in a GUID partition table
 * (UEFI spec, chapter 5; docs/SNAPSHOT-FORMAT.md section 1).
 *
 * Interface:
 *   gpt_amber_type               Amber's partition type GUID, on-disk bytes
 *   gpt_find_amber(disk, &p, warn, warnlen, err)
 *                                read the GPT (primary, else the backup) and
 *                                return the first partition of Amber's type;
 *                                SNAP_ENOTAMBER if there is none (blank disk,
 *                                no GPT, only other systems' partitions)
 *   gpt_format(disk, disk_guid, part_guid, &p, err)
 *                                write a new GPT with one Amber partition
 *                                over the whole disk (destroys what was
 *                                there: call only when told to format)
 *   gpt_open_amber(disk, part, warn, warnlen, err)
 *                                gpt_find_amber + a partition window
 *
 * Reading never writes; every header field is checked with its own message.
 */
#ifndef AMBER_SNAPSHOT_GPT_H
#define AMBER_SNAPSHOT_GPT_H

#include <stddef.h>
#include <stdint.h>
#include "snapshot/blk.h"
#include "snapshot/snap.h"

#define GPT_MAX_ENTRIES	1024

extern const uint8_t gpt_amber_type[16];

typedef struct gpt_part {
	uint64_t first_lba;	/* in the disk's sectors, inclusive */
	uint64_t last_lba;	/* inclusive */
	uint32_t index;		/* entry number, from 0 */
	uint8_t type[16];
	uint8_t uniq[16];
} gpt_part;

int gpt_find_amber(blk_dev *disk, gpt_part *out, char *warn, size_t warnlen,
		   snap_err *err);
int gpt_format(blk_dev *disk, const uint8_t disk_guid[16],
	       const uint8_t part_guid[16], gpt_part *out, snap_err *err);
int gpt_open_amber(blk_dev *disk, blk_dev *part, char *warn, size_t warnlen,
		   snap_err *err);

#endif
