/*
 * acpi.c: ACPI table discovery (see acpi.h).
 *
 * Parsing is separate from mapping (acpi_parse takes a map function), so the
 * host tests feed it hand-made, corrupted tables. Only static tables are
 * read; the one piece of AML looked at is the \_S5 package, found by name and
 * decoded for its two first integers.
 */
#include <string.h>
#include "kernel/acpi.h"
#include "kernel/klog.h"

#define HDR 36
#define TABLE_MAX (4u << 20)

static struct acpi_info info;

static uint32_t rd32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t rd64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

static bool sum_ok(const uint8_t *p, uint64_t n)
{
	uint8_t s = 0;
	for (uint64_t i = 0; i < n; i++)
		s += p[i];
	return s == 0;
}

/* Map and check one table; NULL (with a log line) when it is bad. */
static const uint8_t *get_table(uint64_t pa, acpi_map_fn map, const char *want)
{
	const uint8_t *h = map(pa, HDR);
	if (!h) {
		klog(KLOG_WARN, "acpi: table at 0x%lx cannot be mapped", pa);
		return 0;
	}
	uint32_t len = rd32(h + 4);
	if (len < HDR || len > TABLE_MAX) {
		klog(KLOG_WARN, "acpi: table %.4s at 0x%lx has bad length %u; skipped", h, pa, len);
		return 0;
	}
	const uint8_t *t = map(pa, len);
	if (!t)
		return 0;
	if (want && memcmp(t, want, 4) != 0) {
		klog(KLOG_WARN, "acpi: expected %s at 0x%lx, found %.4s", want, pa, t);
		return 0;
	}
	if (!sum_ok(t, len)) {
		klog(KLOG_WARN, "acpi: table %.4s at 0x%lx has a bad checksum; skipped", t, pa);
		return 0;
	}
	return t;
}

static void parse_madt(const uint8_t *t, struct acpi_info *out)
{
	uint32_t len = rd32(t + 4);
	if (len < 44)
		return;
	out->madt = true;
	out->lapic_phys = rd32(t + 36);
	for (uint32_t off = 44; off + 2 <= len;) {
		uint8_t type = t[off], elen = t[off + 1];
		if (elen < 2 || off + elen > len) {
			klog(KLOG_WARN, "acpi: MADT entry at offset %u malformed; rest ignored", off);
			break;
		}
		if (type == 0 && elen >= 8 && (rd32(t + off + 4) & 3))
			out->cpu_count++;
		else if (type == 1 && elen >= 12) {
			if (out->ioapic_count++ == 0)
				out->ioapic_phys = rd32(t + off + 4);
		} else if (type == 5 && elen >= 12)
			out->lapic_phys = rd64(t + off + 4);
		off += elen;
	}
}

static void parse_hpet(const uint8_t *t, struct acpi_info *out)
{
	if (rd32(t + 4) < 56)
		return;
	if (t[40] != 0) {			/* must be system memory */
		klog(KLOG_WARN, "acpi: HPET not in memory space; ignored");
		return;
	}
	out->hpet_phys = rd64(t + 44);
}

/* Decode one AML integer of the \_S5 package; returns bytes used or 0. */
static int aml_int(const uint8_t *p, const uint8_t *end, uint16_t *v)
{
	if (p >= end)
		return 0;
	if (*p == 0x0a && p + 1 < end) {	/* BytePrefix */
		*v = p[1];
		return 2;
	}
	if (*p == 0x00 || *p == 0x01) {		/* ZeroOp, OneOp */
		*v = *p;
		return 1;
	}
	if (*p == 0x0b && p + 2 < end) {	/* WordPrefix */
		*v = (uint16_t)(p[1] | p[2] << 8);
		return 3;
	}
	return 0;
}

static void parse_s5(const uint8_t *dsdt, struct acpi_info *out)
{
	uint32_t len = rd32(dsdt + 4);
	const uint8_t *end = dsdt + len;
	for (const uint8_t *p = dsdt + HDR; p + 4 < end; p++) {
		if (memcmp(p, "_S5_", 4) != 0)
			continue;
		const uint8_t *q = p + 4;
		if (q >= end || *q != 0x12)		/* PackageOp */
			continue;
		q++;
		q += 1 + (*q >> 6);			/* PkgLength */
		q++;					/* NumElements */
		int n = aml_int(q, end, &out->slp_typa);
		if (!n)
			continue;
		if (!aml_int(q + n, end, &out->slp_typb))
			out->slp_typb = 0;
		out->s5 = true;
		return;
	}
}

static void parse_fadt(const uint8_t *t, acpi_map_fn map, struct acpi_info *out)
{
	uint32_t len = rd32(t + 4);
	if (len < 116) {
		klog(KLOG_WARN, "acpi: FADT too short (%u bytes); no power-off", len);
		return;
	}
	out->fadt = true;
	out->pm1a_cnt = rd32(t + 64);
	out->pm1b_cnt = rd32(t + 68);
	if (len >= 129 && (rd32(t + 112) & (1u << 10)) && t[116] == 1) {
		out->reset_io = true;
		out->reset_port = (uint16_t)rd64(t + 120);
		out->reset_value = t[128];
	}
	uint64_t dsdt_pa = rd32(t + 40);
	if (len >= 148 && rd64(t + 140))
		dsdt_pa = rd64(t + 140);
	const uint8_t *dsdt = dsdt_pa ? get_table(dsdt_pa, map, "DSDT") : 0;
	if (dsdt)
		parse_s5(dsdt, out);
}

bool acpi_parse(const uint8_t *rsdp, acpi_map_fn map, struct acpi_info *out)
{
	memset(out, 0, sizeof *out);
	if (memcmp(rsdp, "RSD PTR ", 8) != 0 || !sum_ok(rsdp, 20)) {
		klog(KLOG_WARN, "acpi: RSDP signature or checksum bad");
		return false;
	}
	out->rsdp_revision = rsdp[15];
	memcpy(out->oem, rsdp + 9, 6);
	bool xsdt = rsdp[15] >= 2 && rd32(rsdp + 20) >= 36 && sum_ok(rsdp, 36) && rd64(rsdp + 24);
	uint64_t root_pa = xsdt ? rd64(rsdp + 24) : rd32(rsdp + 16);
	const uint8_t *root = get_table(root_pa, map, xsdt ? "XSDT" : "RSDT");
	if (!root && xsdt) {
		klog(KLOG_WARN, "acpi: XSDT unusable; trying the RSDT");
		xsdt = false;
		root = get_table(rd32(rsdp + 16), map, "RSDT");
	}
	if (!root)
		return false;
	unsigned esize = xsdt ? 8 : 4;
	uint32_t n = (rd32(root + 4) - HDR) / esize;
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *e = root + HDR + i * esize;
		uint64_t pa = xsdt ? rd64(e) : rd32(e);
		const uint8_t *t = get_table(pa, map, 0);
		if (!t)
			continue;
		out->tables++;
		if (!memcmp(t, "APIC", 4))
			parse_madt(t, out);
		else if (!memcmp(t, "HPET", 4))
			parse_hpet(t, out);
		else if (!memcmp(t, "FACP", 4))
			parse_fadt(t, map, out);
	}
	out->present = true;
	return true;
}

#ifndef HOSTED
#include "arch/x86/power.h"
#include "arch/x86/vmm.h"

static const void *map_phys(uint64_t pa, uint64_t len)
{
	return vmm_map_phys(pa, len, false);
}

/* The BIOS areas: the first KiB of the EBDA, then 0xe0000..0xfffff. */
static const uint8_t *scan_bios(void)
{
	uint64_t ebda = (uint64_t)*(const uint16_t *)vmm_phys_to_virt(0x40e) << 4;
	uint64_t areas[2][2] = { { ebda, ebda + 1024 }, { 0xe0000, 0x100000 } };
	for (int a = 0; a < 2; a++) {
		if (areas[a][0] < 0x80000 && a == 0)
			continue;			/* no plausible EBDA */
		for (uint64_t pa = areas[a][0]; pa + 20 <= areas[a][1]; pa += 16) {
			const uint8_t *p = vmm_phys_to_virt(pa);
			if (!memcmp(p, "RSD PTR ", 8) && sum_ok(p, 20))
				return p;
		}
	}
	return 0;
}

void acpi_init(const struct boot_info *bi, bool disabled)
{
	if (disabled) {
		klog(KLOG_INFO, "acpi: disabled on the command line");
		return;
	}
	const uint8_t *rsdp = bi->rsdp_version ? bi->rsdp : scan_bios();
	if (!rsdp) {
		klog(KLOG_WARN, "acpi: no RSDP found; no HPET, no ACPI power-off (fallbacks used)");
		return;
	}
	if (!acpi_parse(rsdp, map_phys, &info)) {
		klog(KLOG_WARN, "acpi: tables unusable; continuing without ACPI");
		memset(&info, 0, sizeof info);
		return;
	}
	klog(KLOG_INFO, "acpi: revision %d, OEM '%s', %d tables, %d CPU(s), HPET %s, power-off %s",
	     info.rsdp_revision, info.oem, info.tables, info.cpu_count,
	     info.hpet_phys ? "yes" : "no", info.s5 ? "yes" : "no");
	struct x86_acpi_power p = {
		.pm1a_cnt = info.pm1a_cnt, .pm1b_cnt = info.pm1b_cnt,
		.slp_typa = info.slp_typa, .slp_typb = info.slp_typb, .s5_known = info.s5,
		.reset_known = info.reset_io, .reset_port = info.reset_port,
		.reset_value = info.reset_value,
	};
	x86_power_set_acpi(&p);
}
#endif

const struct acpi_info *acpi_get(void)
{
	return &info;
}
