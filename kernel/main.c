/*
 * main.c: kmain(), the kernel's start-up sequence, and the boot modes.
 *
 * Order matters: per-CPU data (spinlocks need it) -> serial console and log
 * -> descriptors and traps (so any later fault is reported) -> boot
 * information -> memory (page allocator, then paging, then heap) -> ACPI ->
 * interrupts and the clock -> threads -> framebuffer -> banner -> mode.
 * Every step that can fail without killing the machine logs and falls back.
 */
#include <stdio.h>
#include <string.h>
#include "kernel/boot.h"
#include "kernel/acpi.h"
#include "kernel/blk.h"
#include "kernel/cmdline.h"
#include "kernel/console.h"
#include "kernel/cpu.h"
#include "kernel/heap.h"
#include "kernel/klog.h"
#include "kernel/kthread.h"
#include "kernel/mb2.h"
#include "kernel/panic.h"
#include "kernel/pmm.h"
#include "kernel/selftest.h"
#include "kernel/snapd.h"
#include "kernel/time.h"
#include "kernel/vmthread.h"
#include "arch/x86/apic.h"
#include "arch/x86/cpu.h"
#include "arch/x86/gdt.h"
#include "arch/x86/irq.h"
#include "arch/x86/pci.h"
#include "arch/x86/power.h"
#include "arch/x86/trap.h"
#include "arch/x86/vmm.h"

#define AMBER_VERSION "0.1"

extern char _kernel_phys_start[], _kernel_phys_end[];

static struct boot_info bootinfo;		/* I after parsing */
static bool test_mode;				/* I */
static bool run_mode;				/* I: `run`: tools/amber-run */

/* Test and run modes end QEMU (isa-debug-exit) instead of halting. */
bool boot_mode_test(void)
{
	return test_mode || run_mode;
}

const struct boot_info *boot_info(void)
{
	return &bootinfo;
}

static void add_res(struct pmm_range *r, int *n, uint64_t base, uint64_t end)
{
	r[(*n)++] = (struct pmm_range){ base & ~0xfffull, (end + 0xfff) & ~0xfffull };
}

/* Physical memory: returns usable bytes. */
static uint64_t memory_init(void)
{
	struct pmm_range res[BOOT_MODULES_MAX + 4], usable[PMM_MAX_RANGES];
	int nres = 0;

	add_res(res, &nres, 0, 0x100000);	/* real-mode area, BIOS, future AP trampoline */
	add_res(res, &nres, (uint64_t)_kernel_phys_start, (uint64_t)_kernel_phys_end);
	add_res(res, &nres, bootinfo.info_start, bootinfo.info_end);
	for (int i = 0; i < bootinfo.module_count; i++)
		add_res(res, &nres, bootinfo.modules[i].start, bootinfo.modules[i].end);

	int n = pmm_plan(bootinfo.mmap, bootinfo.mmap_count, res, nres, usable, PMM_MAX_RANGES);
	if (n == 0)
		panic("no usable memory in the memory map");
	/* the bitmap must sit in the boot direct map (below 4 GiB) */
	size_t bytes = pmm_bitmap_bytes(usable, n);
	uint64_t bm = pmm_carve(usable, &n, bytes);
	if (!bm || bm + bytes > (4ull << 30))
		panic("no room below 4 GiB for the page bitmap (%zu bytes)", bytes);
	pmm_init(usable, n, vmm_phys_to_virt(bm));
	vmm_init(usable[n - 1].end);
	for (int i = 0; i < n; i++)
		klog(KLOG_DEBUG, "memory: usable 0x%012lx-0x%012lx", usable[i].base, usable[i].end);
	return pmm_total_pages() * PAGE_SIZE;
}

static void banner(uint64_t usable)
{
	const char *hv = x86_cpu_hypervisor();
	klog(KLOG_INFO, "Amber %s (x86-64): %lu MiB usable memory, CPU: %s%s%s%s",
	     AMBER_VERSION, (unsigned long)(usable >> 20), x86_cpu_brand(),
	     hv[0] ? " (hypervisor " : "", hv, hv[0] ? ")" : "");
}

/* The VM: programs given as modules run as VM threads; when they have all
 * finished the machine powers off: status 0, or 1 when a program failed to
 * load or died of an uncaught error (vmt_exit_status). No modules: the REPL. */
static void vm_start_programs(const char *cmd)
{
	if (!vmt_boot(cmd)) {
		klog(KLOG_ERROR, "vm: cannot start the virtual machine");
		if (run_mode)
			kernel_fatal();
		return;
	}
	if (vmt_restored()) {
		/* a restored system: its threads go on; modules are not run again */
		if (bootinfo.module_count > 0)
			klog(KLOG_INFO, "vm: restored system: %d module(s) not started",
			     bootinfo.module_count);
		int n = vmt_adopt_all();
		snapd_start();
		if (n == 0) {
			klog(KLOG_INFO, "ready: restored; starting the Lua REPL on the console");
			vmt_repl_start();
			return;
		}
		vmt_wait_all();
		snapd_sync();
		klog(KLOG_INFO, "vm: every VM thread has finished; powering off");
		x86_poweroff();
		x86_qemu_exit(0);
		return;
	}
	if (bootinfo.module_count == 0) {
		snapd_start();
		klog(KLOG_INFO, "ready: starting the Lua REPL on the console");
		vmt_repl_start();
		return;
	}
	int n = vmt_start_modules(&bootinfo);
	klog(KLOG_INFO, "vm: %d of %d program(s) started", n, bootinfo.module_count);
	snapd_start();
	vmt_wait_all();
	snapd_sync();		/* the final state is durable (no-op without a store) */
	int status = vmt_exit_status();
	klog(KLOG_INFO, "vm: every VM thread has finished; powering off (status %d)", status);
	if (status != 0)
		x86_qemu_exit((uint8_t)status);	/* QEMU: 2n+1; real machines go on */
	x86_poweroff();
	x86_qemu_exit(0);
}

static void idle_forever(void)
{
	for (;;)
		kthread_sleep_ns(1000000000ull);
}

void kmain(uint32_t magic, uint64_t info_phys)
{
	cpu_init_boot();
	sched_init_boot();
	console_init();
	x86_gdt_init();
	x86_trap_init();
	klog(KLOG_INFO, "Amber: kernel entered long mode");

	if (!mb2_parse(magic, vmm_phys_to_virt(info_phys), info_phys, &bootinfo))
		panic("no usable multiboot2 information; cannot continue");
	const char *cmd = bootinfo.cmdline;
	char val[32];
	test_mode = cmdline_flag(cmd, "test");
	run_mode = cmdline_flag(cmd, "run");
	if (cmdline_value(cmd, "loglevel", val, sizeof val) && val[0] >= '0' && val[0] <= '3')
		klog_set_level(val[0] - '0');
	klog(KLOG_INFO, "boot: loader '%s', command line '%s'", bootinfo.loader, cmd);

	x86_cpu_init();
	uint64_t usable = memory_init();

	acpi_init(&bootinfo, cmdline_flag(cmd, "noacpi"));
	const struct acpi_info *acpi = acpi_get();
	x86_pic_init();
	if (!x86_apic_init(acpi->madt ? acpi->lapic_phys : 0))
		panic("no local APIC: Amber needs one for its timer");
	klog_set_clock(time_now_ns);
	time_init(cmdline_flag(cmd, "nohpet") ? 0 : acpi->hpet_phys,
		  x86_cpu_tcg() && !cmdline_flag(cmd, "notlbregrow"));
	sched_start();
	x86_irq_enable();

	if (cmdline_flag(cmd, "nofb"))
		klog(KLOG_INFO, "console: framebuffer disabled on the command line");
	else
		console_init_fb(&bootinfo.fb);
	console_init_input();
	banner(usable);
	pci_init();
	blk_init();		/* disks: virtio-blk, AHCI; GPT scan for Amber's partition */

	if (cmdline_value(cmd, "test", val, sizeof val)) {
		selftest_special(val);
		klog(KLOG_ERROR, "unknown test '%s'", val);
		kernel_fatal();
	}
	if (test_mode) {
		bool ok = selftest_run_all();
		klog(KLOG_INFO, "selftest: %s", ok ? "ALL PASSED" : "FAILED");
		x86_qemu_exit(ok ? X86_QEMU_EXIT_PASS : X86_QEMU_EXIT_FAIL);
		kernel_fatal();
	}
	vm_start_programs(cmd);
	idle_forever();
}
