/*
 * vm_platform.h: what the kernel adds to vm/platform.h (kernel/vm_platform.c).
 */
#ifndef KERNEL_VM_PLATFORM_H
#define KERNEL_VM_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

void vmplat_init(const char *cmdline);
size_t vmplat_omem_size(void);
double vmplat_uptime(void);
uint64_t vmplat_omem_pages(void);
int vmplat_add_file(const char *name, const char *data, size_t len);
long vmplat_readline(char *buf, size_t size);
void vmplat_wait_input(void);

#endif
