/*
 * crc.c: CRC-32C (slicing by 8), CRC-32 (byte at a time) and XXH64; see
 * crc.h. Both CRCs are the reflected forms with initial value and final
 * XOR ~0.
 */
#include "snapshot/crc.h"
#include "snapshot/le.h"
#include "snapshot/crc_tables.h"

uint32_t snap_crc32c(uint32_t crc, const void *buf, size_t n)
{
	const uint8_t *p = buf;
	uint32_t c = ~crc;

	while (n >= 8) {
		uint32_t lo = c ^ ((uint32_t)p[0] | (uint32_t)p[1] << 8 |
				   (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24);
		uint32_t hi = (uint32_t)p[4] | (uint32_t)p[5] << 8 |
			      (uint32_t)p[6] << 16 | (uint32_t)p[7] << 24;
		c = crc32c_tab[7][lo & 0xff] ^ crc32c_tab[6][(lo >> 8) & 0xff] ^
		    crc32c_tab[5][(lo >> 16) & 0xff] ^ crc32c_tab[4][lo >> 24] ^
		    crc32c_tab[3][hi & 0xff] ^ crc32c_tab[2][(hi >> 8) & 0xff] ^
		    crc32c_tab[1][(hi >> 16) & 0xff] ^ crc32c_tab[0][hi >> 24];
		p += 8;
		n -= 8;
	}
	while (n--)
		c = (c >> 8) ^ crc32c_tab[0][(c ^ *p++) & 0xff];
	return ~c;
}

uint32_t snap_crc32(uint32_t crc, const void *buf, size_t n)
{
	const uint8_t *p = buf;
	uint32_t c = ~crc;

	while (n--)
		c = (c >> 8) ^ crc32_tab[(c ^ *p++) & 0xff];
	return ~c;
}

/* XXH64: four lanes over 32-byte stripes, then the tail, then avalanche. */
#define XP1 0x9E3779B185EBCA87ull
#define XP2 0xC2B2AE3D27D4EB4Full
#define XP3 0x165667B19E3779F9ull
#define XP4 0x85EBCA77C2B2AE63ull
#define XP5 0x27D4EB2F165667C5ull

static uint64_t rotl64(uint64_t x, int r)
{
	return x << r | x >> (64 - r);
}

static uint64_t xround(uint64_t acc, uint64_t in)
{
	return rotl64(acc + in * XP2, 31) * XP1;
}

static uint64_t xmerge(uint64_t h, uint64_t v)
{
	return (h ^ xround(0, v)) * XP1 + XP4;
}

uint64_t snap_xxh64(const void *buf, size_t n, uint64_t seed)
{
	const uint8_t *p = buf, *end = p + n;
	uint64_t h;

	if (n >= 32) {
		uint64_t v1 = seed + XP1 + XP2, v2 = seed + XP2, v3 = seed,
			 v4 = seed - XP1;
		do {
			v1 = xround(v1, le64_get(p));
			v2 = xround(v2, le64_get(p + 8));
			v3 = xround(v3, le64_get(p + 16));
			v4 = xround(v4, le64_get(p + 24));
			p += 32;
		} while (end - p >= 32);
		h = rotl64(v1, 1) + rotl64(v2, 7) + rotl64(v3, 12) + rotl64(v4, 18);
		h = xmerge(xmerge(xmerge(xmerge(h, v1), v2), v3), v4);
	} else {
		h = seed + XP5;
	}
	h += n;
	for (; end - p >= 8; p += 8)
		h = rotl64(h ^ xround(0, le64_get(p)), 27) * XP1 + XP4;
	if (end - p >= 4) {
		h = rotl64(h ^ le32_get(p) * XP1, 23) * XP2 + XP3;
		p += 4;
	}
	for (; p < end; p++)
		h = rotl64(h ^ *p * XP5, 11) * XP1;
	h ^= h >> 33;
	h *= XP2;
	h ^= h >> 29;
	h *= XP3;
	return h ^ h >> 32;
}
