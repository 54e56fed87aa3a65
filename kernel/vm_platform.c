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
 * Lines are assembled by a thread waiting without the persistent-memory
 * lock and queued; plat_readline (io.read, lock held) only takes queued
 * lines, never sleeps, and says PLAT_WOULDBLOCK when there are none (see
 * "Console input" below).
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
 *   vmplat_readline(buf, size)  (no persistent-memory lock) plat_readline
 *                          that sleeps until a piece of input or the end
 *                          is there: console:read, the REPL
 *   vmplat_wait_input()    (no persistent-memory lock) sleep until input
 *                          is queued for plat_readline (a line, or the
 *                          end); a VM thread whose io.read would block
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
#include "kernel/spinlock.h"
#include "kernel/sync.h"
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

/*
 * Console input. Lines are assembled from console bytes (echo and editing
 * when cooked, escapes when raw) by a thread that waits for input without
 * the persistent-memory lock: vmplat_readline (console:read, the REPL) or
 * vmplat_wait_input (a VM thread whose io.read found no line). vp_rd_mutex
 * serialises them, so that the bytes of two readers never mix, and guards
 * the assembler's state (a partly typed line survives from one reader to
 * the next). Assembled pieces (a line with its newline, a VP_PIECE - 1 byte
 * piece of a longer one, the last bytes before the end, or a cooked end of
 * input) wait in the queue vp_q until someone takes them: plat_readline,
 * called by the io library with the persistent-memory lock held, never
 * sleeps; with the queue empty it says PLAT_WOULDBLOCK (or 0 once raw input
 * has ended), and the VM thread waits in vmplat_wait_input, outside the
 * interpreter, then runs its io.read again.
 * Kernel land only: lines queued but not yet read by a guest are lost in a
 * power cut, like a line console:read had taken before it.
 */
#define VP_PIECE 4096			/* longest piece of a line, with its NUL */

struct vp_piece {
	struct vp_piece *next;
	size_t len, off;		/* len 0: a cooked end of input */
	char data[];
};

static struct mutex vp_rd_mutex = MUTEX_INIT("console read");
static char vp_line[VP_PIECE];		/* vp_rd_mutex: the piece being assembled */
static size_t vp_linelen;		/* vp_rd_mutex */
static bool vp_esc;			/* vp_rd_mutex: raw: the next byte is literal */
static bool vp_eof;			/* vp_rd_mutex: raw input ended */
static struct spinlock vp_q_lock = SPINLOCK_INIT("console lines");
static struct vp_piece *vp_qhead;	/* vp_q_lock */
static struct vp_piece **vp_qtail = &vp_qhead;	/* vp_q_lock */
static bool vp_ended;			/* vp_q_lock: raw input ended, after the queue */

/* Feed one input byte to the assembler. Returns 1 when vp_line holds a
 * whole piece, -1 at the end of input (cooked: Ctrl-D on an empty line;
 * raw: a bare 0x04, after which vp_line may still hold the last piece),
 * 0 to go on. vp_rd_mutex held. */
static int vp_feed(int c)
{
	if (vp_raw) {
		if (!vp_esc && c == 4) {
			vp_eof = true;
			return -1;
		}
		if (!vp_esc && c == 0x10) {
			vp_esc = true;
			return 0;
		}
		vp_esc = false;
		vp_line[vp_linelen++] = (char)c;
		return c == '\n' || vp_linelen == VP_PIECE - 1;
	}
	if (c == '\r')
		c = '\n';
	if (c == 4 && vp_linelen == 0)
		return -1;
	if (c == 8 || c == 127) {
		if (vp_linelen > 0) {
			vp_linelen--;
			if (vp_echo)
				console_write("\b \b", 3);
		}
		return 0;
	}
	if (c < 32 && c != '\n' && c != '\t')
		return 0;
	vp_line[vp_linelen++] = (char)c;
	if (vp_echo) {
		char ch = (char)c;
		console_write(&ch, 1);
	}
	return c == '\n' || vp_linelen == VP_PIECE - 1;
}

/* Queue what the assembler finished: the piece in vp_line (if any), then
 * the end of input if `end`. vp_rd_mutex held. */
static void vp_publish(bool end)
{
	struct vp_piece *p = NULL, *e = NULL;
	if (vp_linelen > 0) {
		p = malloc(sizeof *p + vp_linelen);
		if (p == NULL)
			panic("console: no memory for an input line");
		p->next = NULL;
		p->len = vp_linelen;
		p->off = 0;
		memcpy(p->data, vp_line, vp_linelen);
		vp_linelen = 0;
	}
	if (end && !vp_raw) {
		e = malloc(sizeof *e);
		if (e == NULL)
			panic("console: no memory for an input line");
		e->next = NULL;
		e->len = e->off = 0;
	}
	spin_lock(&vp_q_lock);
	if (p != NULL) {
		*vp_qtail = p;
		vp_qtail = &p->next;
	}
	if (e != NULL) {
		*vp_qtail = e;
		vp_qtail = &e->next;
	}
	if (end && vp_raw)
		vp_ended = true;
	spin_unlock(&vp_q_lock);
}

/* Assemble and queue input: with `wait`, sleep until a piece (or the end)
 * is queued; with `more`, queue every further piece already typed too,
 * without sleeping (a waiting io.read("a") then runs again once per burst
 * of input, not once per line). vp_rd_mutex held. */
static void vp_assemble(bool wait, bool more)
{
	while (!vp_eof) {
		int c = wait ? console_getc() : console_trygetc();
		if (c < 0)
			return;
		int r = vp_feed(c);
		if (r != 0) {
			vp_publish(r < 0);
			if (!more)
				return;
			wait = false;
		}
	}
}

static bool vp_queued(void)
{
	spin_lock(&vp_q_lock);
	bool any = vp_qhead != NULL || vp_ended;
	spin_unlock(&vp_q_lock);
	return any;
}

/* Take up to size-1 bytes of the first queued piece. Never sleeps. */
static long vp_take(char *buf, size_t size)
{
	struct vp_piece *done = NULL;
	long n;
	spin_lock(&vp_q_lock);
	struct vp_piece *p = vp_qhead;
	if (p == NULL) {
		n = vp_ended ? 0 : PLAT_WOULDBLOCK;
	} else {
		size_t k = p->len - p->off;
		if (k > size - 1)
			k = size - 1;
		memcpy(buf, p->data + p->off, k);
		p->off += k;
		n = (long)k;
		if (p->off == p->len) {
			vp_qhead = p->next;
			if (vp_qhead == NULL)
				vp_qtail = &vp_qhead;
			done = p;
		}
	}
	spin_unlock(&vp_q_lock);
	free(done);
	if (n >= 0)
		buf[n] = '\0';
	return n;
}

long plat_readline(char *buf, size_t size)
{
	if (size < 2)
		return -1;
	return vp_take(buf, size);
}

long vmplat_readline(char *buf, size_t size)
{
	if (size < 2)
		return -1;
	if (pm_held())
		panic("%s: would sleep for console input holding the persistent-memory lock",
		      __func__);
	mutex_lock(&vp_rd_mutex);
	if (!vp_queued())
		vp_assemble(true, false);
	long n = vp_take(buf, size);
	mutex_unlock(&vp_rd_mutex);
	return n;
}

void vmplat_wait_input(void)
{
	if (pm_held())
		panic("%s: would sleep for console input holding the persistent-memory lock",
		      __func__);
	mutex_lock(&vp_rd_mutex);
	vp_assemble(!vp_queued(), true);
	mutex_unlock(&vp_rd_mutex);
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
