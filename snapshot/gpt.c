/*
 * gpt.c: reading and writing a GUID partition table, for finding Amber's
 * store (gpt.h). Layout from the UEFI specification: a protective MBR in
 * sector 0, the primary header in sector 1 and its entry array after it, the
 * backup entry array and header in the last sectors of the disk.
 *
 * Invariants: reading never writes; a header is used only after every field
 * and both checksums (header, entry array) were checked; a partition is
 * returned only if it lies inside the header's usable area and the disk.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "snapshot/crc.h"
#include "snapshot/gpt.h"
#include "snapshot/le.h"

/* d4234883-6d8f-4db1-9ade-b5165f748618, GPT byte order. */
const uint8_t gpt_amber_type[16] = {
	0x83, 0x48, 0x23, 0xd4, 0x8f, 0x6d, 0xb1, 0x4d,
	0x9a, 0xde, 0xb5, 0x16, 0x5f, 0x74, 0x86, 0x18,
};

#define GPT_REVISION	0x00010000u
#define GPT_HDR_SIZE	92
#define GPT_ENTRY_SIZE	128
#define GPT_NENTRIES	128
#define GPT_ENTRY_BYTES	(GPT_ENTRY_SIZE * GPT_NENTRIES)

typedef struct gpt_hdr {
	uint64_t my_lba, alt_lba, first_usable, last_usable, entries_lba;
	uint32_t nentries, entry_size, entries_crc;
	uint8_t *entries;	/* nentries * entry_size bytes, malloc'd */
} gpt_hdr;

static void guid_str(const uint8_t g[16], char out[37])
{
	snprintf(out, 37,
		 "%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 (unsigned)le32_get(g), le16_get(g + 4), le16_get(g + 6),
		 g[8], g[9], g[10], g[11], g[12], g[13], g[14], g[15]);
}

/* Read and check the header at `lba` and its entries; 0 or an error. */
static int read_hdr(blk_dev *disk, uint64_t lba, gpt_hdr *h, uint8_t *sec,
		    snap_err *err)
{
	uint32_t S = disk->sector_size, hs, crc;
	uint64_t bytes, nsec;
	int rc;

	h->entries = NULL;
	if ((rc = blk_read(disk, lba, 1, sec)) != 0)
		return snap_fail(err, SNAP_EIO, "sector %llu: %s",
				 (unsigned long long)lba, blk_strerror(rc));
	if (memcmp(sec, "EFI PART", 8) != 0)
		return snap_fail(err, SNAP_ECORRUPT,
				 "sector %llu: no \"EFI PART\" signature",
				 (unsigned long long)lba);
	if (le32_get(sec + 8) != GPT_REVISION)
		return snap_fail(err, SNAP_ECORRUPT,
				 "sector %llu: GPT revision 0x%08x, expected 0x%08x",
				 (unsigned long long)lba, le32_get(sec + 8),
				 GPT_REVISION);
	hs = le32_get(sec + 12);
	if (hs < GPT_HDR_SIZE || hs > S)
		return snap_fail(err, SNAP_ECORRUPT,
				 "sector %llu: GPT header size %u outside %u..%u",
				 (unsigned long long)lba, hs, GPT_HDR_SIZE, S);
	crc = le32_get(sec + 16);
	le32_put(sec + 16, 0);
	if (snap_crc32(0, sec, hs) != crc)
		return snap_fail(err, SNAP_ECORRUPT,
				 "sector %llu: GPT header checksum mismatch",
				 (unsigned long long)lba);
	if (le32_get(sec + 20) != 0)
		return snap_fail(err, SNAP_ECORRUPT,
				 "sector %llu: GPT header reserved field not zero",
				 (unsigned long long)lba);
	h->my_lba = le64_get(sec + 24);
	h->alt_lba = le64_get(sec + 32);
	h->first_usable = le64_get(sec + 40);
	h->last_usable = le64_get(sec + 48);
	h->entries_lba = le64_get(sec + 72);
	h->nentries = le32_get(sec + 80);
	h->entry_size = le32_get(sec + 84);
	h->entries_crc = le32_get(sec + 88);
	if (h->my_lba != lba)
		return snap_fail(err, SNAP_ECORRUPT,
				 "sector %llu: GPT header says it is at sector %llu",
				 (unsigned long long)lba,
				 (unsigned long long)h->my_lba);
	if (h->alt_lba >= disk->nsectors)
		return snap_fail(err, SNAP_ECORRUPT,
				 "sector %llu: alternate header %llu past the end of the disk (%llu sectors): truncated image?",
				 (unsigned long long)lba,
				 (unsigned long long)h->alt_lba,
				 (unsigned long long)disk->nsectors);
	if (h->first_usable > h->last_usable || h->last_usable >= disk->nsectors)
		return snap_fail(err, SNAP_ECORRUPT,
				 "sector %llu: usable sectors %llu..%llu not inside the disk (%llu sectors)",
				 (unsigned long long)lba,
				 (unsigned long long)h->first_usable,
				 (unsigned long long)h->last_usable,
				 (unsigned long long)disk->nsectors);
	if (h->entry_size < GPT_ENTRY_SIZE || h->entry_size > 1024 ||
	    h->entry_size % 8 != 0)
		return snap_fail(err, SNAP_ECORRUPT,
				 "sector %llu: GPT entry size %u not a multiple of 8 in 128..1024",
				 (unsigned long long)lba, h->entry_size);
	if (h->nentries == 0 || h->nentries > GPT_MAX_ENTRIES)
		return snap_fail(err, SNAP_ECORRUPT,
				 "sector %llu: GPT entry count %u outside 1..%u",
				 (unsigned long long)lba, h->nentries,
				 GPT_MAX_ENTRIES);
	bytes = (uint64_t)h->nentries * h->entry_size;
	nsec = (bytes + S - 1) / S;
	if (h->entries_lba < 1 || h->entries_lba >= disk->nsectors ||
	    nsec > disk->nsectors - h->entries_lba)
		return snap_fail(err, SNAP_ECORRUPT,
				 "sector %llu: GPT entries at %llu (+%llu) past the end of the disk",
				 (unsigned long long)lba,
				 (unsigned long long)h->entries_lba,
				 (unsigned long long)nsec);
	h->entries = malloc(nsec * S);
	if (h->entries == NULL)
		return snap_fail(err, SNAP_ENOMEM, "out of memory for GPT entries");
	if ((rc = blk_read(disk, h->entries_lba, (uint32_t)nsec, h->entries)) != 0) {
		free(h->entries);
		h->entries = NULL;
		return snap_fail(err, SNAP_EIO, "GPT entries at sector %llu: %s",
				 (unsigned long long)h->entries_lba,
				 blk_strerror(rc));
	}
	if (snap_crc32(0, h->entries, bytes) != h->entries_crc) {
		free(h->entries);
		h->entries = NULL;
		return snap_fail(err, SNAP_ECORRUPT,
				 "GPT entries at sector %llu: checksum mismatch",
				 (unsigned long long)h->entries_lba);
	}
	return 0;
}

static int check_mbr(blk_dev *disk, uint8_t *sec, snap_err *err)
{
	int rc, i;

	if (disk->sector_size != 512 && disk->sector_size != 4096)
		return snap_fail(err, SNAP_EINVAL, "%s: sector size %u (need 512 or 4096)",
				 disk->name, disk->sector_size);
	if (disk->nsectors < 3)
		return snap_fail(err, SNAP_ETOOSMALL,
				 "%s: disk too small (%llu sectors) for a GPT",
				 disk->name, (unsigned long long)disk->nsectors);
	if ((rc = blk_read(disk, 0, 1, sec)) != 0)
		return snap_fail(err, SNAP_EIO, "%s: sector 0: %s", disk->name,
				 blk_strerror(rc));
	if (sec[510] != 0x55 || sec[511] != 0xAA)
		return snap_fail(err, SNAP_ENOTAMBER,
				 "%s: no partition table (sector 0 has no MBR signature; blank disk?)",
				 disk->name);
	for (i = 0; i < 4; i++)
		if (sec[446 + 16 * i + 4] == 0xEE)
			return 0;
	return snap_fail(err, SNAP_ENOTAMBER,
			 "%s: MBR has no protective GPT entry (type 0xEE): not a GPT disk",
			 disk->name);
}

static int find_in(blk_dev *disk, gpt_hdr *h, gpt_part *out, char *warn,
		   size_t warnlen, snap_err *err)
{
	static const uint8_t unused[16];
	uint32_t i, nused = 0, namber = 0;
	char first_other[37] = "";

	for (i = 0; i < h->nentries; i++) {
		const uint8_t *e = h->entries + (size_t)i * h->entry_size;
		uint64_t first = le64_get(e + 32), last = le64_get(e + 40);

		if (memcmp(e, unused, 16) == 0)
			continue;
		nused++;
		if (memcmp(e, gpt_amber_type, 16) != 0) {
			if (first_other[0] == '\0')
				guid_str(e, first_other);
			continue;
		}
		if (namber++ > 0)
			continue;
		if (first > last || first < h->first_usable ||
		    last > h->last_usable)
			return snap_fail(err, SNAP_ECORRUPT,
					 "%s: Amber partition %u (sectors %llu..%llu) outside the usable area %llu..%llu",
					 disk->name, i, (unsigned long long)first,
					 (unsigned long long)last,
					 (unsigned long long)h->first_usable,
					 (unsigned long long)h->last_usable);
		out->first_lba = first;
		out->last_lba = last;
		out->index = i;
		memcpy(out->type, e, 16);
		memcpy(out->uniq, e + 16, 16);
	}
	if (namber == 0) {
		if (nused == 0)
			return snap_fail(err, SNAP_ENOTAMBER,
					 "%s: GPT has no partitions", disk->name);
		return snap_fail(err, SNAP_ENOTAMBER,
				 "%s: no Amber partition (%u partition(s) of other types, first %s)",
				 disk->name, nused, first_other);
	}
	if (namber > 1 && warn != NULL)
		snprintf(warn + strlen(warn), warnlen - strlen(warn),
			 "%s: %u Amber partitions; using the first (entry %u)\n",
			 disk->name, namber, out->index);
	return 0;
}

int gpt_find_amber(blk_dev *disk, gpt_part *out, char *warn, size_t warnlen,
		   snap_err *err)
{
	uint8_t *sec = malloc(disk->sector_size ? disk->sector_size : 512);
	gpt_hdr h;
	snap_err e1;
	int rc;

	if (sec == NULL)
		return snap_fail(err, SNAP_ENOMEM, "out of memory");
	if (warn != NULL && warnlen > 0)
		warn[0] = '\0';
	if ((rc = check_mbr(disk, sec, err)) != 0)
		goto out;
	rc = read_hdr(disk, 1, &h, sec, &e1);
	if (rc != 0 && rc != SNAP_ENOMEM) {
		snap_err e2;
		int rc2 = read_hdr(disk, disk->nsectors - 1, &h, sec, &e2);
		if (rc2 != 0) {
			rc = snap_fail(err, rc == SNAP_EIO ? rc : SNAP_ECORRUPT,
				       "%s: GPT damaged: primary %s; backup %s",
				       disk->name, e1.msg, e2.msg);
			goto out;
		}
		if (warn != NULL)
			snprintf(warn + strlen(warn), warnlen - strlen(warn),
				 "%s: primary GPT damaged (%s); using the backup\n",
				 disk->name, e1.msg);
		rc = 0;
	} else if (rc != 0) {
		*err = e1;
		goto out;
	} else {
		/* The primary is good; a damaged backup is worth a warning. */
		gpt_hdr b;
		if (read_hdr(disk, h.alt_lba, &b, sec, &e1) != 0) {
			if (warn != NULL)
				snprintf(warn + strlen(warn), warnlen - strlen(warn),
					 "%s: backup GPT damaged (%s)\n",
					 disk->name, e1.msg);
		} else {
			free(b.entries);
		}
	}
	rc = find_in(disk, &h, out, warn, warnlen, err);
	free(h.entries);
out:
	free(sec);
	return rc;
}

int gpt_open_amber(blk_dev *disk, blk_dev *part, char *warn, size_t warnlen,
		   snap_err *err)
{
	gpt_part p;
	int rc = gpt_find_amber(disk, &p, warn, warnlen, err);

	if (rc != 0)
		return rc;
	blk_part_init(part, disk, p.first_lba, p.last_lba - p.first_lba + 1);
	return 0;
}

/* ---- writing a new table ---------------------------------------------- */

static void put_hdr(uint8_t *sec, uint32_t S, uint64_t my, uint64_t alt,
		    uint64_t first_usable, uint64_t last_usable,
		    uint64_t entries_lba, const uint8_t disk_guid[16],
		    uint32_t entries_crc)
{
	memset(sec, 0, S);
	memcpy(sec, "EFI PART", 8);
	le32_put(sec + 8, GPT_REVISION);
	le32_put(sec + 12, GPT_HDR_SIZE);
	le64_put(sec + 24, my);
	le64_put(sec + 32, alt);
	le64_put(sec + 40, first_usable);
	le64_put(sec + 48, last_usable);
	memcpy(sec + 56, disk_guid, 16);
	le64_put(sec + 72, entries_lba);
	le32_put(sec + 80, GPT_NENTRIES);
	le32_put(sec + 84, GPT_ENTRY_SIZE);
	le32_put(sec + 88, entries_crc);
	le32_put(sec + 16, snap_crc32(0, sec, GPT_HDR_SIZE));
}

int gpt_format(blk_dev *disk, const uint8_t disk_guid[16],
	       const uint8_t part_guid[16], gpt_part *out, snap_err *err)
{
	static const char name[] = "Amber store";
	uint32_t S = disk->sector_size, es, i;
	uint64_t n = disk->nsectors, first, last_usable, last, need;
	uint8_t *sec = NULL, *ent = NULL;
	int rc;

	if (S != 512 && S != 4096)
		return snap_fail(err, SNAP_EINVAL, "%s: sector size %u (need 512 or 4096)",
				 disk->name, S);
	es = GPT_ENTRY_BYTES / S;
	first = (1u << 20) / S;
	need = first + (uint64_t)SNAP_MIN_BLOCKS * SNAP_BLOCK_SIZE / S + es + 1;
	if (n < need)
		return snap_fail(err, SNAP_ETOOSMALL,
				 "%s: disk too small: %llu bytes, need at least %llu",
				 disk->name, (unsigned long long)(n * S),
				 (unsigned long long)(need * S));
	last_usable = n - 2 - es;
	last = ((last_usable + 1) * S / SNAP_BLOCK_SIZE) * SNAP_BLOCK_SIZE / S - 1;

	sec = calloc(1, S);
	ent = calloc(1, GPT_ENTRY_BYTES);
	if (sec == NULL || ent == NULL) {
		rc = snap_fail(err, SNAP_ENOMEM, "out of memory");
		goto out;
	}
	memcpy(ent, gpt_amber_type, 16);
	memcpy(ent + 16, part_guid, 16);
	le64_put(ent + 32, first);
	le64_put(ent + 40, last);
	for (i = 0; name[i]; i++)
		le16_put(ent + 56 + 2 * i, (uint8_t)name[i]);

	/* Protective MBR: one partition of type 0xEE covering the disk. */
	sec[446 + 1] = 0x00;
	sec[446 + 2] = 0x02;
	sec[446 + 4] = 0xEE;
	sec[446 + 5] = sec[446 + 6] = sec[446 + 7] = 0xFF;
	le32_put(sec + 446 + 8, 1);
	le32_put(sec + 446 + 12, n - 1 > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)(n - 1));
	sec[510] = 0x55;
	sec[511] = 0xAA;
	if ((rc = blk_write(disk, 0, 1, sec)) != 0)
		goto io;
	if ((rc = blk_write(disk, 2, es, ent)) != 0 ||
	    (rc = blk_write(disk, n - 1 - es, es, ent)) != 0)
		goto io;
	put_hdr(sec, S, n - 1, 1, 2 + es, last_usable, n - 1 - es, disk_guid,
		snap_crc32(0, ent, GPT_ENTRY_BYTES));
	if ((rc = blk_write(disk, n - 1, 1, sec)) != 0)
		goto io;
	put_hdr(sec, S, 1, n - 1, 2 + es, last_usable, 2, disk_guid,
		snap_crc32(0, ent, GPT_ENTRY_BYTES));
	if ((rc = blk_write(disk, 1, 1, sec)) != 0 || (rc = blk_flush(disk)) != 0)
		goto io;
	if (out != NULL) {
		out->first_lba = first;
		out->last_lba = last;
		out->index = 0;
		memcpy(out->type, gpt_amber_type, 16);
		memcpy(out->uniq, part_guid, 16);
	}
	rc = 0;
	goto out;
io:
	rc = snap_fail(err, SNAP_EIO, "%s: writing the GPT: %s", disk->name,
		       blk_strerror(rc));
out:
	free(sec);
	free(ent);
	return rc;
}
