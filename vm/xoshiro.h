/*
 * xoshiro.h: the pseudo-random generator of math.random, as lua5.4 has it.
 *
 * xoshiro256** over a 4 x 64-bit state. The state belongs to the caller
 * (lib_math.c keeps it in object memory); these functions are pure.
 * Interface:
 *   xo_seed(s, n1, n2)   lua5.4's seeding: {n1, 0xff, n2, 0}, 16 discards
 *   xo_next(s)           next 64-bit output
 *   xo_float(r)          output -> float in [0, 1) (its top 53 bits)
 *   xo_project(s, r, n)  output -> integer in [0, n], rejecting outside
 *                        the smallest 2^b - 1 mask, as lua5.4 does
 */
#ifndef AMBER_VM_XOSHIRO_H
#define AMBER_VM_XOSHIRO_H

#include <stdint.h>

void xo_seed(uint64_t s[4], uint64_t n1, uint64_t n2);
uint64_t xo_next(uint64_t s[4]);
double xo_float(uint64_t r);
uint64_t xo_project(uint64_t s[4], uint64_t r, uint64_t n);

#endif
