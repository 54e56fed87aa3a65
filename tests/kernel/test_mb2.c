/*
 * test_mb2.c: the multiboot2 parser fed well-formed and malformed tags.
 */
#include "helpers.h"
#include "kernel/mb2.h"

/* A builder for multiboot2 information areas. */
struct mbi {
	uint8_t buf[4096] __attribute__((aligned(8)));
	uint32_t len;
};

static void begin(struct mbi *m)
{
	memset(m, 0, sizeof *m);
	m->len = 8;
}

static uint8_t *tag(struct mbi *m, uint32_t type, uint32_t size)
{
	uint8_t *t = m->buf + m->len;
	memcpy(t, &type, 4);
	memcpy(t + 4, &size, 4);
	m->len += (size + 7) & ~7u;
	return t;
}

static void finish(struct mbi *m, int with_end)
{
	if (with_end)
		tag(m, 0, 8);
	memcpy(m->buf, &m->len, 4);
}

static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

static void add_mmap(struct mbi *m, const uint64_t (*e)[3], int n, uint32_t esize)
{
	uint8_t *t = tag(m, 6, 16 + n * esize);
	put32(t + 8, esize);
	for (int i = 0; i < n; i++) {
		put64(t + 16 + i * esize, e[i][0]);
		put64(t + 24 + i * esize, e[i][1]);
		put32(t + 32 + i * esize, (uint32_t)e[i][2]);
	}
}

static void add_cmdline(struct mbi *m, const char *s)
{
	uint8_t *t = tag(m, 1, 8 + strlen(s) + 1);
	strcpy((char *)t + 8, s);
}

static void make_rsdp(uint8_t *r, int v2)
{
	memset(r, 0, 36);
	memcpy(r, "RSD PTR ", 8);
	memcpy(r + 9, "AMBER ", 6);
	r[15] = v2 ? 2 : 0;
	put32(r + 16, 0x7fe0000);
	uint8_t s = 0;
	for (int i = 0; i < 20; i++)
		s += r[i];
	r[8] = (uint8_t)-s;
	if (v2) {
		put32(r + 20, 36);
		put64(r + 24, 0x7fe1000);
		s = 0;
		for (int i = 0; i < 36; i++)
			s += r[i];
		r[32] = (uint8_t)-s;
	}
}

static const uint64_t good_map[][3] = { { 0, 0x9fc00, 1 }, { 0x100000, 0x3f00000, 1 },
					{ 0xfffc0000, 0x40000, 2 } };

static void test_complete_info(void **state)
{
	(void)state;
	struct mbi m;
	struct boot_info bi;
	begin(&m);
	add_cmdline(&m, "test loglevel=0");
	add_mmap(&m, good_map, 3, 24);
	uint8_t *fb = tag(&m, 8, 38);
	put64(fb + 8, 0xfd000000);
	put32(fb + 16, 4096);
	put32(fb + 20, 1024);
	put32(fb + 24, 768);
	fb[28] = 32;
	fb[29] = 1;
	fb[32] = 16; fb[33] = 8; fb[34] = 8; fb[35] = 8; fb[36] = 0; fb[37] = 8;
	make_rsdp(tag(&m, 14, 8 + 20) + 8, 0);
	make_rsdp(tag(&m, 15, 8 + 36) + 8, 1);
	uint8_t *mod = tag(&m, 3, 16 + 6);
	put32(mod + 8, 0x200000);
	put32(mod + 12, 0x280000);
	strcpy((char *)mod + 16, "image");
	finish(&m, 1);

	log_reset();
	assert_true(mb2_parse(MB2_BOOT_MAGIC, m.buf, 0x10000, &bi));
	assert_int_equal(bi.warnings, 0);
	assert_string_equal(bi.cmdline, "test loglevel=0");
	assert_int_equal(bi.mmap_count, 3);
	assert_int_equal(bi.mmap[1].base, 0x100000);
	assert_int_equal(bi.fb.type, BOOT_FB_RGB);
	assert_int_equal(bi.fb.width, 1024);
	assert_int_equal(bi.fb.red_pos, 16);
	assert_int_equal(bi.rsdp_version, 2);		/* v2 preferred over v1 */
	assert_int_equal(bi.module_count, 1);
	assert_string_equal(bi.modules[0].cmdline, "image");
	assert_int_equal(bi.info_start, 0x10000);
	assert_int_equal(bi.info_end, 0x10000 + m.len);
}

static void test_bad_magic_and_size(void **state)
{
	(void)state;
	struct mbi m;
	struct boot_info bi;
	begin(&m);
	finish(&m, 1);
	log_reset();
	assert_false(mb2_parse(0x2badb002, m.buf, 0, &bi));
	assert_true(log_has("bad boot magic"));
	put32(m.buf, 4);
	assert_false(mb2_parse(MB2_BOOT_MAGIC, m.buf, 0, &bi));
	assert_false(mb2_parse(MB2_BOOT_MAGIC, m.buf + 4, 0, &bi));	/* misaligned */
}

static void test_missing_map_falls_back(void **state)
{
	(void)state;
	struct mbi m;
	struct boot_info bi;
	begin(&m);
	uint8_t *mi = tag(&m, 4, 16);
	put32(mi + 8, 639);
	put32(mi + 12, 31 * 1024);
	finish(&m, 1);
	log_reset();
	assert_true(mb2_parse(MB2_BOOT_MAGIC, m.buf, 0, &bi));
	assert_true(bi.mmap_from_fallback);
	assert_int_equal(bi.mmap_count, 1);
	assert_int_equal(bi.mmap[0].len, 31ull << 20);
	assert_true(log_has("no memory map; using basic meminfo"));
	assert_true(log_has("no framebuffer tag; console on serial only"));
	assert_true(log_has("no ACPI RSDP tag"));

	begin(&m);
	finish(&m, 1);
	log_reset();
	assert_true(mb2_parse(MB2_BOOT_MAGIC, m.buf, 0, &bi));
	assert_int_equal(bi.mmap[0].base, 0x100000);
	assert_true(log_has("assuming 1..16 MiB"));
}

static void test_malformed_tags(void **state)
{
	(void)state;
	struct mbi m;
	struct boot_info bi;

	/* mmap entry size 0 and 20: rejected, fallback used */
	begin(&m);
	add_mmap(&m, good_map, 1, 24);
	put32(m.buf + 8 + 8, 0);
	finish(&m, 1);
	log_reset();
	assert_true(mb2_parse(MB2_BOOT_MAGIC, m.buf, 0, &bi));
	assert_true(log_has("memory map entry size invalid"));
	assert_true(bi.mmap_from_fallback);

	/* a tag whose size runs past the end: parsing stops there, with a message */
	begin(&m);
	add_cmdline(&m, "abc");
	add_mmap(&m, good_map, 2, 24);
	finish(&m, 1);
	put32(m.buf + 8 + 4, 4000);
	log_reset();
	assert_true(mb2_parse(MB2_BOOT_MAGIC, m.buf, 0, &bi));
	assert_true(log_has("tag size runs past the end"));
	assert_true(bi.warnings >= 1);

	/* tag size smaller than a header */
	begin(&m);
	add_cmdline(&m, "abc");
	finish(&m, 1);
	put32(m.buf + 8 + 4, 4);
	log_reset();
	assert_true(mb2_parse(MB2_BOOT_MAGIC, m.buf, 0, &bi));
	assert_true(log_has("tag size runs past the end"));

	/* no end tag */
	begin(&m);
	add_mmap(&m, good_map, 2, 24);
	finish(&m, 0);
	log_reset();
	assert_true(mb2_parse(MB2_BOOT_MAGIC, m.buf, 0, &bi));
	assert_true(log_has("no end tag"));
	assert_int_equal(bi.mmap_count, 2);

	/* unterminated command line: bounded by the tag */
	begin(&m);
	uint8_t *t = tag(&m, 1, 8 + 4);
	memcpy(t + 8, "abcd", 4);
	finish(&m, 1);
	assert_true(mb2_parse(MB2_BOOT_MAGIC, m.buf, 0, &bi));
	assert_string_equal(bi.cmdline, "abcd");
}

static void test_bad_acpi_fb_module(void **state)
{
	(void)state;
	struct mbi m;
	struct boot_info bi;
	begin(&m);
	add_mmap(&m, good_map, 2, 24);
	uint8_t *r = tag(&m, 14, 8 + 20) + 8;
	make_rsdp(r, 0);
	r[8] ^= 1;					/* checksum broken */
	uint8_t *fb = tag(&m, 8, 24);			/* too short */
	(void)fb;
	uint8_t *mod = tag(&m, 3, 17);
	put32(mod + 8, 0x300000);
	put32(mod + 12, 0x200000);			/* end before start */
	finish(&m, 1);
	log_reset();
	assert_true(mb2_parse(MB2_BOOT_MAGIC, m.buf, 0, &bi));
	assert_int_equal(bi.rsdp_version, 0);
	assert_true(log_has("ACPI 1.0 RSDP tag invalid"));
	assert_int_equal(bi.fb.type, BOOT_FB_NONE);
	assert_true(log_has("framebuffer tag too short"));
	assert_int_equal(bi.module_count, 0);
	assert_true(log_has("module tag with empty or inverted range"));
	assert_int_equal(bi.warnings, 3);

	/* an EGA text framebuffer is not a pixel one */
	begin(&m);
	fb = tag(&m, 8, 32);
	put64(fb + 8, 0xb8000);
	put32(fb + 16, 160);
	put32(fb + 20, 80);
	put32(fb + 24, 25);
	fb[28] = 16;
	fb[29] = 2;
	finish(&m, 1);
	log_reset();
	assert_true(mb2_parse(MB2_BOOT_MAGIC, m.buf, 0, &bi));
	assert_int_equal(bi.fb.type, BOOT_FB_TEXT);
	assert_true(log_has("not a direct-colour one; console on serial only"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_complete_info),
		cmocka_unit_test(test_bad_magic_and_size),
		cmocka_unit_test(test_missing_map_falls_back),
		cmocka_unit_test(test_malformed_tags),
		cmocka_unit_test(test_bad_acpi_fb_module),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
