/*
 * platform_host.c: vm/platform.h for ordinary Linux programs (the hosted
 * tools and tests). The kernel supplies its own implementation.
 *
 * Object memory is reserved with mmap at VM_OMEM_BASE, MAP_FIXED_NOREPLACE so
 * that a range already in use is reported instead of silently replaced, and
 * MAP_NORESERVE so that a large region costs nothing until touched.
 * Output goes through stdio (stdout fully buffered, stderr unbuffered).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include "vm/platform.h"

void *plat_map_omem(uintptr_t base, size_t size, char *err, size_t errlen)
{
	void *p = mmap((void *)base, size, PROT_READ | PROT_WRITE,
	               MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE |
	               MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED) {
		snprintf(err, errlen,
		         "cannot map object memory at %#lx (%zu bytes): %s",
		         (unsigned long)base, size, strerror(errno));
		return NULL;
	}
	if (p != (void *)base) {   /* kernels before 4.17 ignore the flag */
		munmap(p, size);
		snprintf(err, errlen,
		         "cannot map object memory at %#lx: range in use",
		         (unsigned long)base);
		return NULL;
	}
	return p;
}

void plat_unmap_omem(void *base, size_t size)
{
	munmap(base, size);
}

void plat_write(int fd, const char *s, size_t len)
{
	FILE *f = fd == 2 ? stderr : stdout;
	if (fd == 2)
		fflush(stdout);
	fwrite(s, 1, len, f);
}

void plat_flush(void)
{
	fflush(stdout);
	fflush(stderr);
}

long (*plat_readline_hook)(char *buf, size_t size);

long plat_readline(char *buf, size_t size)
{
	if (plat_readline_hook != NULL)
		return plat_readline_hook(buf, size);
	fflush(stdout);
	if (fgets(buf, (int)size, stdin) == NULL)
		return ferror(stdin) ? -1 : 0;
	return (long)strlen(buf);
}

double plat_time(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

double plat_clock(void)
{
	return (double)clock() / CLOCKS_PER_SEC;
}

_Noreturn void plat_exit(int status)
{
	plat_flush();
	exit(status);
}

_Noreturn void plat_panic(const char *fmt, ...)
{
	va_list ap;
	fflush(stdout);
	fputs("amber: panic: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

char *plat_readfile(const char *path, size_t *len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0;
	if (f == NULL)
		goto out_err;
	for (;;) {
		if (cap - n < 4096) {
			char *nb = realloc(buf, cap = cap * 2 + 8192);
			if (nb == NULL)
				goto out_close;
			buf = nb;
		}
		size_t got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f))
		goto out_close;
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
out_close:
	fclose(f);
	free(buf);
out_err:
	if (err != NULL)
		snprintf(err, errlen, "%s", strerror(errno ? errno : EIO));
	return NULL;
}

void plat_freefile(char *buf)
{
	free(buf);
}

uint64_t plat_entropy(void)
{
	uint64_t x = 0;
	FILE *f = fopen("/dev/urandom", "rb");
	if (f != NULL) {
		if (fread(&x, sizeof x, 1, f) != 1)
			x = 0;
		fclose(f);
	}
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return x ^ ((uint64_t)ts.tv_nsec << 20) ^ (uint64_t)getpid();
}

const char *plat_getenv(const char *name)
{
	return getenv(name);
}
