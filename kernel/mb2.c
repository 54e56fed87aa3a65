/*
 * mb2.c: the multiboot2 information parser (see mb2.h).
 *
 * Every tag is checked before it is read: its size must cover its fixed
 * fields and must not run past the end of the area; variable parts (map
 * entries, strings) are bounded by the tag's own size. One pass collects,
 * a second step applies the fallbacks for what was missing or bad.
 */
#include <string.h>
#include "kernel/mb2.h"
#include "kernel/klog.h"

enum {
	TAG_END = 0, TAG_CMDLINE = 1, TAG_LOADER = 2, TAG_MODULE = 3,
	TAG_MEMINFO = 4, TAG_MMAP = 6, TAG_FRAMEBUFFER = 8,
	TAG_ACPI_OLD = 14, TAG_ACPI_NEW = 15,
};

struct tag {
	uint32_t type;
	uint32_t size;
};

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

static uint64_t rd64(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

static void bad(struct boot_info *bi, const char *what)
{
	bi->warnings++;
	klog(KLOG_WARN, "multiboot2: %s", what);
}

/* Copy a string field of at most `avail` bytes, NUL or not. */
static void copy_str(char *dst, size_t dstsize, const uint8_t *src, size_t avail)
{
	size_t n = 0;
	while (n < avail && n + 1 < dstsize && src[n])
		n++;
	memcpy(dst, src, n);
	dst[n] = 0;
}

static uint8_t sum_bytes(const uint8_t *p, size_t n)
{
	uint8_t s = 0;
	while (n--)
		s += *p++;
	return s;
}

static void parse_mmap(struct boot_info *bi, const uint8_t *t, uint32_t size)
{
	if (size < 16) {
		bad(bi, "memory map tag too short; ignored");
		return;
	}
	uint32_t esize = rd32(t + 8);
	if (esize < 24 || esize % 8) {
		bad(bi, "memory map entry size invalid; map ignored");
		return;
	}
	int n = 0;
	for (uint32_t off = 16; off + esize <= size; off += esize) {
		const uint8_t *e = t + off;
		uint64_t base = rd64(e), len = rd64(e + 8);
		if (len == 0 || base + len < base) {
			bad(bi, "memory map entry empty or wrapping; skipped");
			continue;
		}
		if (n == BOOT_MMAP_MAX) {
			bad(bi, "memory map has too many entries; rest ignored");
			break;
		}
		bi->mmap[n].base = base;
		bi->mmap[n].len = len;
		bi->mmap[n].type = rd32(e + 16);
		n++;
	}
	if (n == 0)
		bad(bi, "memory map tag has no valid entry");
	bi->mmap_count = n;
}

static void parse_fb(struct boot_info *bi, const uint8_t *t, uint32_t size)
{
	if (size < 32) {
		bad(bi, "framebuffer tag too short; serial console only");
		return;
	}
	/* common part: addr u64, pitch, width, height u32, bpp u8, type u8, u16 */
	struct boot_fb *fb = &bi->fb;
	fb->addr = rd64(t + 8);
	fb->pitch = rd32(t + 16);
	fb->width = rd32(t + 20);
	fb->height = rd32(t + 24);
	fb->bpp = t[28];
	uint8_t type = t[29];
	if (type == 2) {
		fb->type = BOOT_FB_TEXT;
		return;
	}
	if (type != 1 || size < 38 || (fb->bpp != 32 && fb->bpp != 24 && fb->bpp != 16)) {
		fb->type = BOOT_FB_OTHER;
		return;
	}
	fb->red_pos = t[32];
	fb->red_size = t[33];
	fb->green_pos = t[34];
	fb->green_size = t[35];
	fb->blue_pos = t[36];
	fb->blue_size = t[37];
	if (fb->addr == 0 || fb->width == 0 || fb->height == 0 ||
	    fb->pitch < (uint64_t)fb->width * ((fb->bpp + 7) / 8)) {
		bad(bi, "framebuffer tag geometry invalid; serial console only");
		fb->type = BOOT_FB_NONE;
		return;
	}
	fb->type = BOOT_FB_RGB;
}

static void parse_acpi(struct boot_info *bi, const uint8_t *t, uint32_t size, int version)
{
	const uint8_t *r = t + 8;
	uint32_t avail = size - 8;
	if (avail < 20 || memcmp(r, "RSD PTR ", 8) != 0 || sum_bytes(r, 20) != 0) {
		bad(bi, version == 1 ? "ACPI 1.0 RSDP tag invalid; ignored"
				     : "ACPI 2.0 RSDP tag invalid; ignored");
		return;
	}
	if (version == 2) {
		uint32_t len = avail >= 24 ? rd32(r + 20) : 0;
		if (avail < 36 || len < 36 || sum_bytes(r, 36) != 0) {
			bad(bi, "ACPI 2.0 RSDP tag: extended checksum or length bad; ignored");
			return;
		}
	}
	if (version < bi->rsdp_version)
		return;				/* a v2 RSDP beats a v1 one */
	memcpy(bi->rsdp, r, version == 2 ? 36 : 20);
	bi->rsdp_version = version;
}

static void parse_module(struct boot_info *bi, const uint8_t *t, uint32_t size)
{
	if (size < 16) {
		bad(bi, "module tag too short; ignored");
		return;
	}
	uint32_t start = rd32(t + 8), end = rd32(t + 12);
	if (end <= start) {
		bad(bi, "module tag with empty or inverted range; ignored");
		return;
	}
	if (bi->module_count == BOOT_MODULES_MAX) {
		bad(bi, "too many modules; rest ignored");
		return;
	}
	struct boot_module *m = &bi->modules[bi->module_count++];
	m->start = start;
	m->end = end;
	copy_str(m->cmdline, sizeof m->cmdline, t + 16, size - 16);
}

static void fallbacks(struct boot_info *bi, uint32_t mem_upper_kib, bool have_meminfo)
{
	if (bi->mmap_count == 0) {
		bi->mmap_from_fallback = true;
		if (have_meminfo && mem_upper_kib >= 1024) {
			klog(KLOG_WARN, "multiboot2: no memory map; using basic meminfo (%u KiB above 1 MiB)",
			     mem_upper_kib);
			bi->mmap[0] = (struct boot_mmap_entry){ 0x100000, (uint64_t)mem_upper_kib * 1024,
								BOOT_MEM_AVAILABLE };
		} else {
			klog(KLOG_WARN, "multiboot2: no memory map and no meminfo; assuming 1..16 MiB");
			bi->mmap[0] = (struct boot_mmap_entry){ 0x100000, 15u << 20, BOOT_MEM_AVAILABLE };
		}
		bi->mmap_count = 1;
		bi->warnings++;
	}
	if (bi->fb.type == BOOT_FB_NONE)
		klog(KLOG_INFO, "multiboot2: no framebuffer tag; console on serial only");
	else if (bi->fb.type != BOOT_FB_RGB)
		klog(KLOG_INFO, "multiboot2: framebuffer is not a direct-colour one; console on serial only");
	if (bi->rsdp_version == 0)
		klog(KLOG_INFO, "multiboot2: no ACPI RSDP tag");
}

bool mb2_parse(uint32_t magic, const void *info, uint64_t info_phys, struct boot_info *bi)
{
	const uint8_t *base = info;
	uint32_t mem_upper = 0;
	bool have_meminfo = false;

	memset(bi, 0, sizeof *bi);
	if (magic != MB2_BOOT_MAGIC) {
		klog(KLOG_ERROR, "multiboot2: bad boot magic 0x%x (not loaded by a multiboot2 loader?)", magic);
		return false;
	}
	if (!info || ((uintptr_t)info & 7)) {
		klog(KLOG_ERROR, "multiboot2: information pointer missing or misaligned");
		return false;
	}
	uint32_t total = rd32(base);
	if (total < 16 || total > MB2_INFO_MAX) {
		klog(KLOG_ERROR, "multiboot2: information size %u out of range", total);
		return false;
	}
	bi->info_start = info_phys;
	bi->info_end = info_phys + total;

	uint32_t off = 8;
	bool ended = false;
	while (off + 8 <= total) {
		const uint8_t *t = base + off;
		uint32_t type = rd32(t), size = rd32(t + 4);
		if (size < 8 || size > total - off) {
			bad(bi, "tag size runs past the end of the information; rest ignored");
			break;
		}
		switch (type) {
		case TAG_END:
			ended = true;
			break;
		case TAG_CMDLINE:
			copy_str(bi->cmdline, sizeof bi->cmdline, t + 8, size - 8);
			break;
		case TAG_LOADER:
			copy_str(bi->loader, sizeof bi->loader, t + 8, size - 8);
			break;
		case TAG_MODULE:
			parse_module(bi, t, size);
			break;
		case TAG_MEMINFO:
			if (size >= 16) {
				have_meminfo = true;
				mem_upper = rd32(t + 12);
			}
			break;
		case TAG_MMAP:
			parse_mmap(bi, t, size);
			break;
		case TAG_FRAMEBUFFER:
			parse_fb(bi, t, size);
			break;
		case TAG_ACPI_OLD:
			parse_acpi(bi, t, size, 1);
			break;
		case TAG_ACPI_NEW:
			parse_acpi(bi, t, size, 2);
			break;
		default:
			break;			/* tags we do not use */
		}
		if (ended)
			break;
		off += (size + 7) & ~7u;
	}
	if (!ended)
		bad(bi, "no end tag");
	fallbacks(bi, mem_upper, have_meminfo);
	return true;
}
