/*
 * boot.h: the kernel's start-up (kernel/main.c) and the boot mode chosen on
 * the kernel command line.
 *
 * Command line words (grub.cfg puts them after the kernel path):
 *   test            run the in-kernel self-tests, exit QEMU with pass/fail
 *   test=pagefault  touch an unmapped address on purpose (backtrace test)
 *   test=panic      call panic() on purpose
 *   test=input      echo two lines of console input (serial, keyboard)
 *   noacpi          ignore ACPI (fallbacks: PIT, no power-off)
 *   nohpet          ignore the HPET (calibrate against the PIT)
 *   nofb            do not use the framebuffer (serial console only)
 *   loglevel=N      0 debug, 1 info (default), 2 warnings, 3 errors
 *
 * Interface:
 *   kmain(magic, info_phys)   called by boot.S
 *   boot_mode_test()          the command line asked for any test mode
 *   boot_info()               what mb2.c parsed (immutable after start-up)
 */
#ifndef KERNEL_BOOT_H
#define KERNEL_BOOT_H

#include <stdbool.h>
#include <stdint.h>
#include "kernel/bootinfo.h"

void kmain(uint32_t magic, uint64_t info_phys);
bool boot_mode_test(void);
const struct boot_info *boot_info(void);

#endif
