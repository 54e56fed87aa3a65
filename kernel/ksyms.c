/*
 * ksyms.c: symbol lookup over the table described in ksyms.h.
 * A malformed or empty table makes every lookup return NULL (backtraces then
 * show bare addresses); it never faults.
 */
#include "kernel/ksyms.h"

struct ksym {
	uint64_t addr;
	uint64_t name;
};

const char *ksyms_lookup_in(const void *table, size_t size, uint64_t addr, uint64_t *off)
{
	const uint64_t *hdr = table;
	if (!table || size < 16 || hdr[0] != KSYMS_MAGIC)
		return 0;
	uint64_t count = hdr[1];
	if (count == 0 || count > (size - 16) / sizeof(struct ksym))
		return 0;
	const struct ksym *s = (const struct ksym *)(hdr + 2);
	const char *names = (const char *)(s + count);
	size_t names_size = size - 16 - count * sizeof(struct ksym);

	if (addr < s[0].addr)
		return 0;
	uint64_t lo = 0, hi = count;		/* invariant: s[lo].addr <= addr */
	while (hi - lo > 1) {
		uint64_t mid = lo + (hi - lo) / 2;
		if (s[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	if (s[lo].name >= names_size)
		return 0;
	if (off)
		*off = addr - s[lo].addr;
	return names + s[lo].name;
}

#ifndef HOSTED
extern const char _ksyms_start[], _ksyms_end[];

const char *ksyms_lookup(uint64_t addr, uint64_t *off)
{
	return ksyms_lookup_in(_ksyms_start, _ksyms_end - _ksyms_start, addr, off);
}
#endif
