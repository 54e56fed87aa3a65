/*
 * test_acpi.c: ACPI table parsing over fake physical memory: RSDT and XSDT,
 * MADT, HPET, FADT with the DSDT's \_S5, and damaged tables.
 */
#include "helpers.h"
#include "kernel/acpi.h"

#define MEM 0x10000
static uint8_t phys[MEM];		/* fake physical memory at 0 */

static const void *map(uint64_t pa, uint64_t len)
{
	if (pa >= MEM || len > MEM - pa)
		return NULL;
	return phys + pa;
}

static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

static void checksum(uint8_t *t, uint32_t len, int at)
{
	t[at] = 0;
	uint8_t s = 0;
	for (uint32_t i = 0; i < len; i++)
		s += t[i];
	t[at] = (uint8_t)-s;
}

static uint8_t *table(uint32_t pa, const char *sig, uint32_t len)
{
	uint8_t *t = phys + pa;
	memset(t, 0, len);
	memcpy(t, sig, 4);
	put32(t + 4, len);
	t[8] = 1;
	memcpy(t + 10, "AMBER ", 6);
	return t;
}

static uint8_t rsdp[36];

/* Layout: RSDT 0x1000, XSDT 0x1800, MADT 0x2000, HPET 0x3000, FACP 0x4000,
 * DSDT 0x5000. */
static void build(int with_xsdt)
{
	memset(phys, 0, sizeof phys);
	uint32_t tabs[] = { 0x2000, 0x3000, 0x4000 };

	uint8_t *madt = table(0x2000, "APIC", 44 + 8 + 8 + 12);
	put32(madt + 36, 0xfee00000);
	uint8_t *e = madt + 44;
	e[0] = 0; e[1] = 8; e[3] = 0; put32(e + 4, 1);		/* CPU 0 enabled */
	e += 8;
	e[0] = 0; e[1] = 8; e[3] = 1; put32(e + 4, 0);		/* CPU 1 disabled */
	e += 8;
	e[0] = 1; e[1] = 12; put32(e + 4, 0xfec00000);		/* I/O APIC */
	checksum(madt, 44 + 28, 9);

	uint8_t *hpet = table(0x3000, "HPET", 56);
	hpet[40] = 0;
	put64(hpet + 44, 0xfed00000);
	checksum(hpet, 56, 9);

	static const uint8_t aml[] = { 0x08, '_', 'S', '5', '_', 0x12, 0x08, 0x04,
				       0x0a, 0x05, 0x0a, 0x07, 0x00, 0x00 };
	uint8_t *dsdt = table(0x5000, "DSDT", 36 + sizeof aml);
	memcpy(dsdt + 36, aml, sizeof aml);
	checksum(dsdt, 36 + sizeof aml, 9);

	uint8_t *fadt = table(0x4000, "FACP", 244);
	put32(fadt + 40, 0x5000);
	put32(fadt + 64, 0x604);
	put32(fadt + 112, 1u << 10);
	fadt[116] = 1;
	put64(fadt + 120, 0xcf9);
	fadt[128] = 6;
	checksum(fadt, 244, 9);

	uint8_t *rsdt = table(0x1000, "RSDT", 36 + 12);
	for (int i = 0; i < 3; i++)
		put32(rsdt + 36 + 4 * i, tabs[i]);
	checksum(rsdt, 48, 9);

	uint8_t *xsdt = table(0x1800, "XSDT", 36 + 24);
	for (int i = 0; i < 3; i++)
		put64(xsdt + 36 + 8 * i, tabs[i]);
	checksum(xsdt, 60, 9);

	memset(rsdp, 0, sizeof rsdp);
	memcpy(rsdp, "RSD PTR ", 8);
	memcpy(rsdp + 9, "AMBER ", 6);
	rsdp[15] = with_xsdt ? 2 : 0;
	put32(rsdp + 16, 0x1000);
	put32(rsdp + 20, 36);
	put64(rsdp + 24, with_xsdt ? 0x1800 : 0);
	checksum(rsdp, 20, 8);
	checksum(rsdp, 36, 32);
}

static void check_all(const struct acpi_info *a)
{
	assert_true(a->present);
	assert_int_equal(a->tables, 3);
	assert_true(a->madt);
	assert_int_equal(a->lapic_phys, 0xfee00000);
	assert_int_equal(a->cpu_count, 1);
	assert_int_equal(a->ioapic_phys, 0xfec00000);
	assert_int_equal(a->hpet_phys, 0xfed00000);
	assert_true(a->fadt);
	assert_int_equal(a->pm1a_cnt, 0x604);
	assert_true(a->reset_io);
	assert_int_equal(a->reset_port, 0xcf9);
	assert_int_equal(a->reset_value, 6);
	assert_true(a->s5);
	assert_int_equal(a->slp_typa, 5);
	assert_int_equal(a->slp_typb, 7);
}

static void test_rsdt(void **state)
{
	(void)state;
	struct acpi_info a;
	build(0);
	assert_true(acpi_parse(rsdp, map, &a));
	assert_int_equal(a.rsdp_revision, 0);
	check_all(&a);
}

static void test_xsdt(void **state)
{
	(void)state;
	struct acpi_info a;
	build(1);
	assert_true(acpi_parse(rsdp, map, &a));
	assert_int_equal(a.rsdp_revision, 2);
	check_all(&a);
}

static void test_bad_xsdt_falls_back_to_rsdt(void **state)
{
	(void)state;
	struct acpi_info a;
	build(1);
	phys[0x1800 + 20] ^= 0xff;			/* damage the XSDT */
	log_reset();
	assert_true(acpi_parse(rsdp, map, &a));
	assert_true(log_has("XSDT unusable"));
	check_all(&a);
}

static void test_damaged_tables_skipped(void **state)
{
	(void)state;
	struct acpi_info a;
	build(0);
	phys[0x3000 + 50] ^= 1;				/* HPET checksum */
	put32(phys + 0x2000 + 4, 0x7fffffff);		/* MADT length absurd */
	log_reset();
	assert_true(acpi_parse(rsdp, map, &a));
	assert_int_equal(a.tables, 1);
	assert_int_equal(a.hpet_phys, 0);
	assert_false(a.madt);
	assert_true(a.fadt);
	assert_true(log_has("bad checksum"));
	assert_true(log_has("bad length"));
}

static void test_bad_rsdp_and_root(void **state)
{
	(void)state;
	struct acpi_info a;
	build(0);
	rsdp[8] ^= 1;
	log_reset();
	assert_false(acpi_parse(rsdp, map, &a));
	assert_true(log_has("RSDP signature or checksum bad"));
	build(0);
	put32(rsdp + 16, 0xfff0);			/* root table outside memory */
	checksum(rsdp, 20, 8);
	assert_false(acpi_parse(rsdp, map, &a));
	build(0);
	phys[0x4000 + 100] ^= 1;			/* FADT damaged: no power-off */
	assert_true(acpi_parse(rsdp, map, &a));
	assert_false(a.s5);
}

static void test_madt_truncated_entry(void **state)
{
	(void)state;
	struct acpi_info a;
	build(0);
	phys[0x2000 + 44 + 1] = 200;			/* first entry claims 200 bytes */
	checksum(phys + 0x2000, 44 + 28, 9);
	log_reset();
	assert_true(acpi_parse(rsdp, map, &a));
	assert_true(log_has("MADT entry at offset 44 malformed"));
	assert_int_equal(a.cpu_count, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rsdt),
		cmocka_unit_test(test_xsdt),
		cmocka_unit_test(test_bad_xsdt_falls_back_to_rsdt),
		cmocka_unit_test(test_damaged_tables_skipped),
		cmocka_unit_test(test_bad_rsdp_and_root),
		cmocka_unit_test(test_madt_truncated_entry),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
