/*
 * time.c: the monotonic clock and the scheduler tick (see time.h).
 *
 * ns = (tsc - tsc0) * mult >> 32, with mult = 2^32 * 1e9 / tsc_hz; the
 * product is taken in 128 bits (a multiply, no division at run time).
 */
#include "kernel/time.h"
#include "kernel/klog.h"
#include "kernel/sched.h"
#include "arch/x86/apic.h"
#include "arch/x86/cpu.h"
#include "arch/x86/hpet.h"
#include "arch/x86/pit.h"
#include "arch/x86/vmm.h"

static uint64_t tsc0;			/* I */
static uint64_t mult;			/* I: ns per TSC tick, 32.32 fixed point */
static const char *source = "none";	/* I */
static uint64_t ticks;			/* a */
static bool regrow;			/* I: flush the TLB every TLB_REGROW ticks */

/* QEMU's TCG resizes its software TLB (256 entries at first, doubling when
 * more than 70% were used) only when the whole TLB is flushed, which Amber,
 * in one address space, never does by itself: a guest whose working set
 * outgrew 256 pages kept missing (an allocating guest ran 10-20% slower). A
 * full flush every 100 ms lets it grow, and shrink back (QEMU's window is
 * 100 ms too). Only under TCG (kernel/main.c; not with the word
 * `notlbregrow`): a real TLB gains nothing from it. */
#define TLB_REGROW (SCHED_HZ / 10)

uint64_t time_now_ns(void)
{
	if (!mult)
		return 0;
	uint64_t d = x86_rdtsc() - tsc0;
	return (uint64_t)(((unsigned __int128)d * mult) >> 32);
}

static void tick(void)
{
	uint64_t n = __atomic_add_fetch(&ticks, 1, __ATOMIC_RELAXED);
	if (regrow && n % TLB_REGROW == 0)
		vmm_flush_all();
	sched_tick(time_now_ns());
}

void time_init(uint64_t hpet_phys, bool tlb_regrow)
{
	uint64_t apic_hz, tsc_hz;
	void (*wait)(void) = x86_pit_wait_calibration;

	source = "PIT";
	if (hpet_phys && x86_hpet_init(hpet_phys)) {
		wait = x86_hpet_wait_calibration;
		source = "HPET";
	}
	x86_pit_disable();
	x86_apic_timer_calibrate(wait, &apic_hz, &tsc_hz);
	if (tsc_hz < 1000000 || apic_hz < 1000) {
		klog(KLOG_WARN, "time: implausible calibration (TSC %lu Hz, APIC %lu Hz); assuming 1 GHz / 100 MHz",
		     tsc_hz, apic_hz);
		tsc_hz = tsc_hz < 1000000 ? 1000000000 : tsc_hz;
		apic_hz = apic_hz < 1000 ? 100000000 : apic_hz;
	}
	tsc0 = x86_rdtsc();
	mult = (1000000000ull << 32) / tsc_hz;	/* fits: 1e9 * 2^32 < 2^64 */
	klog(KLOG_INFO, "time: calibrated against the %s: TSC %lu.%03lu MHz, APIC timer %lu.%03lu MHz",
	     source, tsc_hz / 1000000, tsc_hz / 1000 % 1000, apic_hz / 1000000, apic_hz / 1000 % 1000);
	regrow = tlb_regrow;
	x86_apic_timer_start(SCHED_HZ, tick);
}

const char *time_source(void)
{
	return source;
}

uint64_t time_ticks(void)
{
	return __atomic_load_n(&ticks, __ATOMIC_RELAXED);
}
