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

static uint64_t tsc0;			/* I */
static uint64_t mult;			/* I: ns per TSC tick, 32.32 fixed point */
static const char *source = "none";	/* I */
static uint64_t ticks;			/* a */

uint64_t time_now_ns(void)
{
	if (!mult)
		return 0;
	uint64_t d = x86_rdtsc() - tsc0;
	return (uint64_t)(((unsigned __int128)d * mult) >> 32);
}

static void tick(void)
{
	__atomic_fetch_add(&ticks, 1, __ATOMIC_RELAXED);
	sched_tick(time_now_ns());
}

void time_init(uint64_t hpet_phys)
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
