/*
 * heap.c: the kernel heap and the system-call stubs newlib needs.
 *
 * newlib's malloc (nano-malloc) grows its arena with sbrk(); here sbrk()
 * moves a break inside [X86_HEAP_START, X86_HEAP_BASE + X86_HEAP_MAX) and maps
 * fresh physical pages under it as it grows. Memory is never returned to the
 * page allocator (the break only moves down logically).
 *
 * Locking: newlib calls __malloc_lock()/__malloc_unlock() around every
 * allocator operation, and sbrk() only from inside them, so malloc_mutex
 * (a recursive sleeping mutex) also protects heap_brk/heap_mapped. malloc
 * must not be called from interrupt handlers or with a spinlock held.
 *
 * The other stubs (newlib's reentrant wrappers call these plain names) make newlib's stdio usable on the console: write() to fds
 * 1 and 2 goes to console_write(); everything else fails with an errno.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>
#include "kernel/heap.h"
#include "kernel/console.h"
#include "kernel/klog.h"
#include "kernel/panic.h"
#include "kernel/pmm.h"
#include "kernel/sync.h"
#include "arch/x86/vmm.h"

#undef errno
extern int errno;

static uint64_t heap_brk = X86_HEAP_START;	/* malloc_mutex */
static uint64_t heap_mapped = X86_HEAP_START;	/* malloc_mutex: end of mapped part */
static struct mutex malloc_mutex = MUTEX_INIT_RECURSIVE("malloc");

void *sbrk(ptrdiff_t incr)
{
	uint64_t old = heap_brk, want = heap_brk + incr;
	if (want < X86_HEAP_START || want > X86_HEAP_BASE + X86_HEAP_MAX) {
		errno = ENOMEM;
		return (void *)-1;
	}
	while (heap_mapped < want) {
		uint64_t pa = pmm_alloc();
		if (!pa || vmm_map(heap_mapped, pa, VMM_WRITE) != 0) {
			if (pa)
				pmm_free(pa);
			klog(KLOG_WARN, "heap: out of memory growing to %lu KiB",
			     (unsigned long)((want - X86_HEAP_START) >> 10));
			errno = ENOMEM;
			return (void *)-1;
		}
		heap_mapped += PAGE_SIZE;
	}
	heap_brk = want;
	return (void *)old;
}

uint64_t heap_size(void)
{
	return heap_brk - X86_HEAP_START;
}

struct _reent;
void __malloc_lock(struct _reent *r)
{
	(void)r;
	mutex_lock(&malloc_mutex);
}

void __malloc_unlock(struct _reent *r)
{
	(void)r;
	mutex_unlock(&malloc_mutex);
}

_READ_WRITE_RETURN_TYPE write(int fd, const void *buf, size_t len)
{
	if (fd != 1 && fd != 2) {
		errno = EBADF;
		return -1;
	}
	console_write(buf, len);
	return len;
}

_READ_WRITE_RETURN_TYPE read(int fd, void *buf, size_t len)
{
	(void)fd, (void)buf, (void)len;
	errno = EBADF;
	return -1;
}

int close(int fd)
{
	(void)fd;
	errno = EBADF;
	return -1;
}

off_t lseek(int fd, off_t off, int whence)
{
	(void)fd, (void)off, (void)whence;
	errno = ESPIPE;
	return -1;
}

int fstat(int fd, struct stat *st)
{
	(void)fd;
	st->st_mode = S_IFCHR;
	return 0;
}

int isatty(int fd)
{
	return fd >= 0 && fd <= 2;
}

pid_t getpid(void)
{
	return 1;
}

int kill(pid_t pid, int sig)
{
	(void)pid, (void)sig;
	errno = EINVAL;
	return -1;
}

void _exit(int status)
{
	panic("_exit(%d) called", status);
}

/*
 * newlib's nano-malloc realloc copies the NEW size out of the old block, so
 * growing a block near the break reads unmapped memory (and in general reads
 * past the block). This one copies only what the old block holds.
 */
void *_malloc_r(struct _reent *r, size_t size);
void _free_r(struct _reent *r, void *ptr);
size_t _malloc_usable_size_r(struct _reent *r, void *ptr);
void *_realloc_r(struct _reent *r, void *ptr, size_t size);

void *_realloc_r(struct _reent *r, void *ptr, size_t size)
{
	if (ptr == NULL)
		return _malloc_r(r, size);
	if (size == 0) {
		_free_r(r, ptr);
		return NULL;
	}
	size_t old = _malloc_usable_size_r(r, ptr);
	if (old >= size)
		return ptr;
	void *n = _malloc_r(r, size);
	if (n == NULL)
		return NULL;
	__builtin_memcpy(n, ptr, old);
	_free_r(r, ptr);
	return n;
}
