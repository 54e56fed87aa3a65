/*
 * heap.h: the kernel heap (malloc/free from newlib over heap.c's _sbrk).
 *
 * Interface: malloc, calloc, realloc, free (from <stdlib.h>) and
 *   heap_size()   bytes between the heap base and the current break
 */
#ifndef KERNEL_HEAP_H
#define KERNEL_HEAP_H

#include <stdint.h>

uint64_t heap_size(void);

#endif
