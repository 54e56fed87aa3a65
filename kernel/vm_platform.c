/*
 * vm_platform.c: vm/platform.h for the kernel.
 *
 * Object memory: plat_map_omem registers a page-fault hook on the whole
 * region (vmm_fault_region); the first touch of a page maps a zeroed
 * physical page, writable, never executable. Pages are never given back
 * (the collector reuses them inside object memory). The hook also checks
 * the first rule of the persistent-memory lock: the faulting thread must
 * hold it (pmem.h); a touch without it is a kernel bug and panics.
 *
 * Output goes to the console (serial + framebuffer) without a log prefix;
 * stdin lines come from the console (plat_readline). Two input modes:
 *   cooked (default): a terminal. Echo (unless `noecho`), backspace/DEL
 *     edit the line, CR reads as LF, other control characters are dropped,
 *     Ctrl-D on an empty line is end of input (once: typing goes on).
 *   raw (command-line word `rawin`, tools/amber-run with a scripted stdin):
 *     the bytes arrive exactly as the program must read them, no echo, no
 *     editing, with one escape: 0x10 (DLE) makes the next byte literal
 *     (the host sends data bytes 0x04 and 0x10 as 0x10 0x04, 0x10 0x10);
 *     a bare 0x04 is end of input, for good: every later read returns 0.
 * Wall-clock time is the CMOS clock read at boot plus the monotonic clock.
 * plat_exit ends the machine: isa-debug-exit with the status (QEMU exits
 * with 2n+1), then ACPI power-off.
 * Files: there is no file system; plat_readfile serves, read-only, the data
 * files given to GRUB as modules (vmplat_add_file, from kernel/vmthread.c),
 * by name: "./" prefixes are ignored, so require's "./?.lua" template finds
 * a file named "modules/counter.lua". Anything else fails with ENOENT's text.
 *
 * Interface beyond platform.h:
 *   vmplat_init(cmdline)   read the RTC, remember the command line
 *   vmplat_omem_size()     object-memory size: `omem=SIZE` (K/M/G suffix)
 *                          or three quarters of free RAM less a reserve
 *   vmplat_uptime()        seconds since boot (double)
 *   vmplat_omem_pages()    pages of object memory backed so far
 *   vmplat_add_file(name, data, len)  (boot, before any guest runs) make a
 *                          module's bytes readable as file `name`; the bytes
 *                          stay in place (the page allocator keeps modules)
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vm/platform.h"
#include "kernel/vm_platform.h"
#include "kernel/cmdline.h"
#include "kernel/console.h"
#include "kernel/klog.h"
#include "kernel/panic.h"
#include "kernel/pmem.h"
#include "kernel/snapd.h"
#include "kernel/pmm.h"
#include "kernel/time.h"
#include "arch/x86/cpu.h"
#include "arch/x86/power.h"
#include "arch/x86/rtc.h"
#include "arch/x86/vmm.h"

static const char *vp_cmdline = "";		/* I after vmplat_init */
static uint64_t vp_epoch;			/* I: RTC at boot, Unix seconds */
static uint64_t vp_epoch_ns;			/* I: time_now_ns() then */
static bool vp_echo = true;			/* I */
static bool vp_raw;				/* I: `rawin` */
static bool vp_eof;				/* a: raw input ended */
#define VP_FILES_MAX 64
static struct { char name[128]; const char *data; size_t len; } vp_files[VP_FILES_MAX];
static int vp_nfiles;				/* I after the modules start */
static uint64_t vp_pages;			/* a: pages backed */

void vmplat_init(const char *cmdline)
{
	vp_cmdline = cmdline;
	vp_epoch = x86_rtc_read();
	vp_epoch_ns = time_now_ns();
	vp_echo = !cmdline_flag(cmdline, "noecho");
	vp_raw = cmdline_flag(cmdline, "rawin");
}

int vmplat_add_file(const char *name, const char *data, size_t len)
{
	if (vp_nfiles == VP_FILES_MAX || strlen(name) >= sizeof vp_files[0].name)
		return -1;
	snprintf(vp_files[vp_nfiles].name, sizeof vp_files[0].name, "%s", name);
	vp_files[vp_nfiles].data = data;
	vp_files[vp_nfiles].len = len;
	vp_nfiles++;
	return 0;
}

static size_t parse_size(const char *s)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 0);
	switch (*end) {
	case 'k': case 'K': v <<= 10; break;
	case 'm': case 'M': v <<= 20; break;
	case 'g': case 'G': v <<= 30; break;
	default: break;
	}
	return (size_t)v;
}

size_t vmplat_omem_size(void)
{
	char val[32];
	if (cmdline_value(vp_cmdline, "omem", val, sizeof val)) {
		size_t s = parse_size(val);
		if (s >= (1u << 20))
			return s & ~(size_t)(PAGE_SIZE - 1);
		klog(KLOG_WARN, "vm: ignoring omem=%s (at least 1M)", val);
	}
	uint64_t freeb = pmm_free_pages() * PAGE_SIZE;
	uint64_t reserve = 16ull << 20;		/* kernel heap, stacks, page tables */
	uint64_t s = freeb > 2 * reserve ? (freeb - reserve) / 4 * 3 : freeb / 2;
	return (size_t)(s & ~(uint64_t)(PAGE_SIZE - 1));
}

double vmplat_uptime(void)
{
	return (double)time_now_ns() * 1e-9;
}

uint64_t vmplat_omem_pages(void)
{
	return __atomic_load_n(&vp_pages, __ATOMIC_RELAXED);
}

/* ---- object memory -------------------------------------------------------- */

static int omem_fault(uint64_t addr, unsigned why, void *ctx)
{
	(void)ctx;
	if (snapd_active()) {		/* a store is open: lazy restore, COW (snapd.c) */
		int rc = snapd_fault(addr, why);
		if (rc == 0 && !(why & VMM_FAULT_PRESENT))
			__atomic_add_fetch(&vp_pages, 1, __ATOMIC_RELAXED);
		return rc;
	}
	if (why & VMM_FAULT_PRESENT)
		return -1;		/* protection fault: a real bug, report it */
	if (why & VMM_FAULT_EXEC)
		return -1;
	if (!pm_held())
		panic("object memory touched at %#lx without the persistent-memory lock",
		      (unsigned long)addr);
	uint64_t pa = pmm_alloc();
	if (pa == 0)
		panic("object memory: out of physical pages at %#lx (%lu pages backed)",
		      (unsigned long)addr, (unsigned long)vp_pages);
	memset(vmm_phys_to_virt(pa), 0, PAGE_SIZE);
	int rc = vmm_map(addr & ~(uint64_t)(PAGE_SIZE - 1), pa, VMM_WRITE);
	if (rc != 0) {
		pmm_free(pa);
		return rc == -17 /* EEXIST: another fault mapped it */ ? 0 : -1;
	}
	__atomic_add_fetch(&vp_pages, 1, __ATOMIC_RELAXED);
	return 0;
}

void *plat_map_omem(uintptr_t base, size_t size, char *err, size_t errlen)
{
	if (vmm_fault_region(base, base + size, omem_fault, NULL) != 0) {
		snprintf(err, errlen, "cannot reserve object memory at %#lx (%zu bytes)",
		         (unsigned long)base, size);
		return NULL;
	}
	klog(KLOG_INFO, "vm: object memory at %#lx, %lu MiB, backed on demand",
	     (unsigned long)base, (unsigned long)(size >> 20));
	return (void *)base;
}

void plat_unmap_omem(void *base, size_t size)
{
	(void)base;
	(void)size;		/* object memory lives as long as the machine */
}

/* ---- console ---------------------------------------------------------------- */

void plat_write(int fd, const char *s, size_t len)
{
	(void)fd;
	console_write(s, len);
}

void plat_flush(void)
{
}

/* Raw input: bytes up to and with a newline, the buffer full, or the end. */
static long readline_raw(char *buf, size_t size)
{
	size_t n = 0;
	while (n < size - 1 && !__atomic_load_n(&vp_eof, __ATOMIC_RELAXED)) {
		int c = console_getc();
		if (c == 4) {
			__atomic_store_n(&vp_eof, true, __ATOMIC_RELAXED);
			break;
		}
		if (c == 0x10)
			c = console_getc();
		buf[n++] = (char)c;
		if (c == '\n')
			break;
	}
	buf[n] = '\0';
	return (long)n;
}

long plat_readline(char *buf, size_t size)
{
	size_t n = 0;
	if (size < 2)
		return -1;
	if (vp_raw)
		return readline_raw(buf, size);
	while (n < size - 1) {
		int c = console_getc();
		if (c == '\r')
			c = '\n';
		if (c == 4 && n == 0)		/* Ctrl-D on an empty line: end of input */
			return 0;
		if (c == 8 || c == 127) {
			if (n > 0) {
				n--;
				if (vp_echo)
					console_write("\b \b", 3);
			}
			continue;
		}
		if (c < 32 && c != '\n' && c != '\t')
			continue;
		buf[n++] = (char)c;
		if (vp_echo) {
			char ch = (char)c;
			console_write(&ch, 1);
		}
		if (c == '\n')
			break;
	}
	buf[n] = '\0';
	return (long)n;
}

/* ---- time, exit, panic, files, entropy, settings ------------------------------ */

double plat_time(void)
{
	return (double)vp_epoch + (double)(time_now_ns() - vp_epoch_ns) * 1e-9;
}

double plat_clock(void)
{
	return vmplat_uptime();
}

_Noreturn void plat_exit(int status)
{
	klog(KLOG_INFO, "vm: os.exit(%d): machine ends", status);
	x86_qemu_exit((uint8_t)status);
	x86_poweroff();
	for (;;)
		x86_halt();
}

_Noreturn void plat_panic(const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	panic("vm: %s", msg);
}

char *plat_readfile(const char *path, size_t *len, char *err, size_t errlen)
{
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	for (int i = 0; i < vp_nfiles; i++) {
		if (strcmp(vp_files[i].name, path) != 0)
			continue;
		char *buf = malloc(vp_files[i].len + 1);
		if (buf == NULL)
			break;
		memcpy(buf, vp_files[i].data, vp_files[i].len);
		buf[vp_files[i].len] = '\0';
		*len = vp_files[i].len;
		return buf;
	}
	if (err != NULL)
		snprintf(err, errlen, "No such file or directory");
	return NULL;
}

void plat_freefile(char *buf)
{
	free(buf);
}

uint64_t plat_entropy(void)
{
	uint64_t x = x86_rdtsc() ^ (vp_epoch << 32) ^ time_now_ns();
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	return x;
}

const char *plat_getenv(const char *name)
{
	static char val[64];		/* debugging settings only, read at start-up */
	if (cmdline_value(vp_cmdline, name, val, sizeof val))
		return val;
	return NULL;
}
