/*
 * snapd.h: the snapshot thread, copy-on-write page tracking and lazy
 * restore of object memory (issue 5; ARCHITECTURE.md "Snapshots").
 *
 * Interface:
 *   snapd_init(cmdline, &omem_size)  (boot thread, before the object memory
 *                          exists) find the store: the first disk with an
 *                          Amber partition (`snapformat` formats disk 0 when
 *                          no disk has one; nothing is written to any other
 *                          disk); open the newest valid snapshot. Returns
 *                          true if a snapshot of a VM is to be restored, and
 *                          then sets *omem_size to its object-memory size
 *   snapd_active()         a store is open: object memory is tracked
 *   snapd_fault(addr, why) the object-memory page-fault handler while
 *                          active (kernel/vm_platform.c calls it): lazy
 *                          restore on first touch, dirty tracking and
 *                          copy-on-write on the first write
 *   snapd_start()          start the snapshot thread (period `snapint=MS`,
 *                          default 1000; 0: only on request)
 *   snapd_request()        ask for a snapshot soon (system:snapshot())
 *   snapd_sync()           (no pm lock) block until a snapshot that
 *                          includes everything before the call is durable;
 *                          false if there is no store or the commit failed
 *   snapd_restore_ns()     kernel-entry-relative time the restore began
 *
 * Invariants (the dirty-set / COW lock, sd_cow_lock, guards them):
 *   - Every mapped object-memory page is read-only unless its state has
 *     PS_DIRTY: the first write to a clean page faults and enters it into
 *     the dirty set D. So D is exactly the set of pages written since the
 *     last snapshot, found without scanning object memory: the pause grows
 *     with D, not with the object-memory size.
 *   - The pause (world stopped) only moves D into the save set S and
 *     write-protects each page of it (PS_PENDING).
 *   - A PS_PENDING page holds the snapshot's contents until the writer has
 *     copied it; a guest write to it first copies it (private copy recorded
 *     in S), then unprotects it.
 *   - A page never mapped on a restored system is still the one in the store
 *     (not dirty), so every later snapshot shares its block.
 */
#ifndef KERNEL_SNAPD_H
#define KERNEL_SNAPD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

bool snapd_init(const char *cmdline, size_t *omem_size);
bool snapd_active(void);
int snapd_fault(uint64_t addr, unsigned why);
void snapd_start(void);
void snapd_request(void);
bool snapd_sync(void);

#endif
