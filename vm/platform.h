/*
 * platform.h: the little the VM needs from its host.
 *
 * Implemented once for hosted Linux programs (vm/platform_host.c) and once by
 * the kernel (kernel/vm_platform.c). Nothing here touches object memory; the
 * VM never calls the C library for files, time, or memory mapping directly.
 *
 * Interface:
 *   plat_map_omem     reserve the object-memory region at a fixed address
 *   plat_unmap_omem   give it back (hosted tests open and close many VMs)
 *   plat_write        bytes to standard output (fd 1) or error (fd 2)
 *   plat_flush        push buffered output out (before exit, before reads)
 *   plat_readline     one line of standard input (kernel: never sleeps)
 *   plat_time         wall-clock seconds since the Unix epoch
 *   plat_clock        CPU seconds used by the program (os.clock)
 *   plat_exit         end the program (hosted) or the VM thread (kernel)
 *   plat_panic        a broken VM invariant: report and stop, never returns
 *   plat_readfile     a whole file into C memory (hosted require/loadfile)
 *   plat_freefile     release what plat_readfile returned
 *   plat_entropy      64 unpredictable bits, for hash seeds
 *   plat_getenv       a debugging setting by name (hosted: the environment;
 *                     kernel: the command line), or NULL
 */
#ifndef AMBER_VM_PLATFORM_H
#define AMBER_VM_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

/* Map `size` bytes at exactly `base`, readable and writable, zero-filled and
 * lazily backed. Returns base, or NULL with a message in err. */
void *plat_map_omem(uintptr_t base, size_t size, char *err, size_t errlen);
void plat_unmap_omem(void *base, size_t size);

void plat_write(int fd, const char *s, size_t len);
void plat_flush(void);

/* Reads up to size-1 bytes of the next line, including its '\n' if it fits,
 * into buf (NUL-terminated). Returns the byte count (a line longer than the
 * buffer comes in pieces, only the last one ending in '\n'), 0 at end of
 * input, -1 on a read error, or PLAT_WOULDBLOCK: no line has arrived yet
 * and input has not ended. Hosted builds block for the line and never say
 * PLAT_WOULDBLOCK (unless a unit test set plat_readline_hook). The kernel
 * never sleeps here (the caller holds the persistent-memory lock): it
 * hands out lines its console has already assembled and says
 * PLAT_WOULDBLOCK otherwise; the caller then waits outside the interpreter
 * (vm_wait(vm, VMWAIT_INPUT), vm/api.h) and tries again. */
#define PLAT_WOULDBLOCK (-2)
long plat_readline(char *buf, size_t size);

/* Hosted builds only, for unit tests: when not NULL, plat_readline returns
 * what this returns instead of reading stdin. */
extern long (*plat_readline_hook)(char *buf, size_t size);

double plat_time(void);
double plat_clock(void);

_Noreturn void plat_exit(int status);
_Noreturn void plat_panic(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* Returns a buffer of *len bytes plus a terminating NUL, or NULL if the file
 * cannot be read (then err holds strerror-like text if err is not NULL). */
char *plat_readfile(const char *path, size_t *len, char *err, size_t errlen);
void plat_freefile(char *buf);

uint64_t plat_entropy(void);

const char *plat_getenv(const char *name);

#endif
