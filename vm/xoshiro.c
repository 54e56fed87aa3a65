/*
 * xoshiro.c: xoshiro256** and lua5.4's seeding and projections (see
 * xoshiro.h). Written from the published algorithm (Blackman and Vigna).
 */
#include "vm/xoshiro.h"

static uint64_t rotl(uint64_t x, int n)
{
	return (x << n) | (x >> (64 - n));
}

uint64_t xo_next(uint64_t s[4])
{
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

void xo_seed(uint64_t s[4], uint64_t n1, uint64_t n2)
{
	s[0] = n1;
	s[1] = 0xff;  /* never an all-zero state */
	s[2] = n2;
	s[3] = 0;
	for (int i = 0; i < 16; i++)  /* spread the seed */
		xo_next(s);
}

double xo_float(uint64_t r)
{
	return (double)(r >> 11) * 0x1.0p-53;
}

uint64_t xo_project(uint64_t s[4], uint64_t r, uint64_t n)
{
	if ((n & (n + 1)) == 0)  /* n + 1 is a power of two */
		return r & n;
	uint64_t lim = n;
	for (int sh = 1; sh < 64; sh <<= 1)
		lim |= lim >> sh;
	while ((r &= lim) > n)
		r = xo_next(s);
	return r;
}
