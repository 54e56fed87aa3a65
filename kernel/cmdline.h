/*
 * cmdline.h: reading the kernel command line.
 *
 * The command line is words separated by blanks; a word is either a flag
 * ("test") or key=value ("test=pagefault"). The first word is usually the
 * kernel's path (GRUB passes it) and is matched like any other.
 *
 * Interface:
 *   cmdline_flag(cmd, key)    the word `key` or `key=...` is present
 *   cmdline_value(cmd, key, buf, size)  copy the value of key=value into buf;
 *                             true if present (value may be empty)
 */
#ifndef KERNEL_CMDLINE_H
#define KERNEL_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

bool cmdline_flag(const char *cmd, const char *key);
bool cmdline_value(const char *cmd, const char *key, char *buf, size_t size);

#endif
