/*
 * snapfill: test helper for fsck_tests.py. Writes NSNAP snapshots of random
 * dirty pages (object memory of NPAGES pages, PRNG seed SEED) to the Amber
 * store in IMG (a GPT disk, or with --partition a bare store), then prints
 * "seq N" for the newest.
 *
 *   snapfill [--partition] IMG NSNAP NPAGES SEED
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "snapshot/blk_file_host.h"
#include "snapshot/gpt.h"
#include "snapshot/snap.h"

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

int main(int argc, char **argv)
{
	int bare = argc > 1 && strcmp(argv[1], "--partition") == 0;
	char **a = argv + bare;
	blk_dev disk, part, *dev = &disk;
	uint8_t page[SNAP_PAGE_SIZE];
	snap_store *s;
	snap_err e;
	long nsnap, k;
	uint64_t npages, seed;

	if (argc - bare != 5) {
		fprintf(stderr, "usage: snapfill [--partition] IMG NSNAP NPAGES SEED\n");
		return 2;
	}
	nsnap = atol(a[2]);
	npages = strtoull(a[3], NULL, 10);
	seed = strtoull(a[4], NULL, 10) | 1;
	if (blk_file_open(&disk, a[1], 1, 512, &e) != 0)
		goto fail;
	if (!bare) {
		if (gpt_open_amber(&disk, &part, NULL, 0, &e) != 0)
			goto fail;
		dev = &part;
	}
	if (snap_open(dev, 0, &s, &e) != 0)
		goto fail;
	for (k = 0; k < nsnap; k++) {
		snap_tx *tx;
		int n = 1 + (int)(rnd(&seed) % 40), i;

		if (snap_begin(s, npages, &tx, &e) != 0)
			goto fail;
		for (i = 0; i < n; i++) {
			uint64_t p = rnd(&seed) % npages;
			for (size_t j = 0; j < sizeof page; j += 8) {
				uint64_t v = rnd(&seed);
				memcpy(page + j, &v, 8);
			}
			if (snap_write_page(tx, p, page, &e) != 0)
				goto fail;
		}
		if (snap_commit(tx, 1700000000000000000ull + (uint64_t)k * 1000000000ull,
				NULL, &e) != 0)
			goto fail;
	}
	printf("seq %llu\n", (unsigned long long)snap_current(s)->seq);
	snap_close(s);
	blk_file_close(&disk);
	return 0;
fail:
	fprintf(stderr, "snapfill: %s\n", e.msg);
	return 1;
}
