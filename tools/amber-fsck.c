/*
 * amber-fsck: check (or create) an Amber snapshot-store disk image.
 *
 *   amber-fsck [--partition] [--sector-size N] IMG
 *       read IMG (a whole disk with a GPT, or with --partition a bare
 *       partition image), check the GPT, both superblocks, every tree node
 *       and every data page of both snapshots, and list the snapshots.
 *       Exit status: 0 clean; 1 damaged, but a snapshot is usable (the one
 *       Amber would restore is named); 2 no usable snapshot, not an Amber
 *       image, or the image cannot be read.
 *   amber-fsck --format SIZE [--partition] [--sector-size N] IMG
 *       create IMG (overwriting it) of SIZE bytes (K/M/G suffixes) holding a
 *       GPT with one Amber partition and an empty store (snapshot 0), or with
 *       --partition just the store.
 *
 * Block numbers in messages are 4 KiB blocks from the start of the
 * partition (its byte offset in the disk is printed). Format: see
 * docs/SNAPSHOT-FORMAT.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "snapshot/blk_file_host.h"
#include "snapshot/gpt.h"
#include "snapshot/snap.h"

static void usage(void)
{
	fprintf(stderr,
		"usage: amber-fsck [--partition] [--sector-size N] IMG\n"
		"       amber-fsck --format SIZE [--partition] [--sector-size N] IMG\n");
	exit(2);
}

static int parse_size(const char *s, unsigned long long *out)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 10);

	switch (*end) {
	case 'k': case 'K': v <<= 10; end++; break;
	case 'm': case 'M': v <<= 20; end++; break;
	case 'g': case 'G': v <<= 30; end++; break;
	}
	if (*end == 'i' && end[1] == 'B')
		end += 2;
	if (end == s || *end != '\0' || v == 0)
		return -1;
	*out = v;
	return 0;
}

static void random_bytes(uint8_t *p, size_t n)
{
	FILE *f = fopen("/dev/urandom", "rb");

	if (f == NULL || fread(p, 1, n, f) != n) {
		fprintf(stderr, "amber-fsck: cannot read /dev/urandom\n");
		exit(2);
	}
	fclose(f);
	p[6] = (uint8_t)((p[6] & 0x0f) | 0x40);	/* a version-4 GUID */
	p[8] = (uint8_t)((p[8] & 0x3f) | 0x80);
}

static int do_format(const char *path, unsigned long long size, int bare,
		     uint32_t ss)
{
	uint8_t g1[16], g2[16], g3[16];
	blk_dev disk, part;
	gpt_part p;
	snap_err e;

	random_bytes(g1, 16);
	random_bytes(g2, 16);
	random_bytes(g3, 16);
	if (blk_file_create(&disk, path, size, ss, &e) != 0)
		goto fail;
	if (bare) {
		if (snap_format(&disk, g3, &e) != 0)
			goto fail_close;
		printf("%s: formatted a bare Amber store of %llu blocks\n", path,
		       (unsigned long long)(disk.nsectors * ss / SNAP_BLOCK_SIZE));
	} else {
		if (gpt_format(&disk, g1, g2, &p, &e) != 0)
			goto fail_close;
		blk_part_init(&part, &disk, p.first_lba, p.last_lba - p.first_lba + 1);
		if (snap_format(&part, g3, &e) != 0)
			goto fail_close;
		printf("%s: GPT with one Amber partition (sectors %llu..%llu), store of %llu blocks\n",
		       path, (unsigned long long)p.first_lba,
		       (unsigned long long)p.last_lba,
		       (unsigned long long)(part.nsectors * ss / SNAP_BLOCK_SIZE));
	}
	blk_file_close(&disk);
	return 0;
fail_close:
	blk_file_close(&disk);
fail:
	fprintf(stderr, "amber-fsck: %s\n", e.msg);
	return 2;
}

static void print_time(uint64_t ns)
{
	time_t t = (time_t)(ns / 1000000000ull);
	struct tm tm;
	char buf[64];

	if (ns == 0 || gmtime_r(&t, &tm) == NULL) {
		printf("time unknown");
		return;
	}
	strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
	printf("%s", buf);
}

static void print_slot(int s, const snap_slot_check *c)
{
	const snap_info *i = &c->info;

	if (!c->valid) {
		printf("%s%s\n", c->blank ? "" : "DAMAGED: ", c->msg);
		return;
	}
	printf("slot %d: ", s);
	printf("snapshot %llu, ", (unsigned long long)i->seq);
	print_time(i->time_ns);
	printf(", %llu pages in %llu data + %llu tree blocks, object memory %llu pages; wrote %llu pages, %llu blocks: %s%s\n",
	       (unsigned long long)i->pages, (unsigned long long)i->pages,
	       (unsigned long long)i->tree_blocks,
	       (unsigned long long)i->omem_pages,
	       (unsigned long long)i->written_pages,
	       (unsigned long long)i->written_blocks,
	       c->tree_ok ? "ok" : "DAMAGED: ", c->tree_ok ? "" : c->msg);
}

static int do_check(const char *path, int bare, uint32_t ss)
{
	blk_dev disk, part, *dev = &disk;
	snap_check_report r;
	char warn[512] = "";
	snap_err e;
	int rc = 0, s;

	if (blk_file_open(&disk, path, 0, ss, &e) != 0) {
		fprintf(stderr, "amber-fsck: %s\n", e.msg);
		return 2;
	}
	if (!bare) {
		gpt_part p;
		if (gpt_find_amber(&disk, &p, warn, sizeof warn, &e) != 0) {
			printf("%s\nnot usable\n", e.msg);
			blk_file_close(&disk);
			return 2;
		}
		blk_part_init(&part, &disk, p.first_lba, p.last_lba - p.first_lba + 1);
		dev = &part;
		printf("%s: GPT, Amber partition in entry %u, sectors %llu..%llu (starts at byte %llu)\n",
		       path, p.index, (unsigned long long)p.first_lba,
		       (unsigned long long)p.last_lba,
		       (unsigned long long)(p.first_lba * ss));
		if (warn[0] != '\0') {
			printf("DAMAGED: %s", warn);
			rc = 1;
		}
	}
	if (snap_check(dev, &r, &e) != 0) {
		printf("%s\nnot usable\n", e.msg);
		blk_file_close(&disk);
		return 2;
	}
	printf("store: %llu blocks of 4 KiB, %llu in use by the live snapshots\n",
	       (unsigned long long)r.part_blocks,
	       (unsigned long long)r.used_blocks);
	for (s = 0; s < 2; s++)
		print_slot(s, &r.slot[s]);
	if (r.damaged)
		rc = 1;
	if (r.newest < 0) {
		printf("no usable snapshot\n");
		rc = 2;
	} else {
		printf("Amber would restore snapshot %llu (slot %d)\n",
		       (unsigned long long)r.slot[r.newest].info.seq, r.newest);
	}
	printf("%s\n", rc == 0 ? "clean" : rc == 1 ? "damaged" : "not usable");
	blk_file_close(&disk);
	return rc;
}

int main(int argc, char **argv)
{
	unsigned long long size = 0;
	const char *path = NULL;
	uint32_t ss = 512;
	int bare = 0, i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--partition") == 0) {
			bare = 1;
		} else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
			if (parse_size(argv[++i], &size) != 0) {
				fprintf(stderr, "amber-fsck: bad size '%s'\n", argv[i]);
				return 2;
			}
		} else if (strcmp(argv[i], "--sector-size") == 0 && i + 1 < argc) {
			ss = (uint32_t)atoi(argv[++i]);
			if (ss != 512 && ss != 4096) {
				fprintf(stderr, "amber-fsck: sector size must be 512 or 4096\n");
				return 2;
			}
		} else if (argv[i][0] == '-' || path != NULL) {
			usage();
		} else {
			path = argv[i];
		}
	}
	if (path == NULL)
		usage();
	if (size != 0)
		return do_format(path, size, bare, ss);
	return do_check(path, bare, ss);
}
