/*
 * apic.c: the local APIC and its timer (see apic.h).
 *
 * Register access is 32-bit MMIO through an uncached direct-map window.
 * The timer runs periodic, divide by 16, on vector X86_VEC_APIC_TIMER.
 */
#include "arch/x86/apic.h"
#include "arch/x86/cpu.h"
#include "arch/x86/trap.h"
#include "arch/x86/vmm.h"
#include "kernel/klog.h"

#define REG_ID      0x020
#define REG_EOI     0x0b0
#define REG_SVR     0x0f0
#define REG_LVT_TMR 0x320
#define REG_LINT0   0x350
#define REG_LINT1   0x360
#define REG_TMR_INIT 0x380
#define REG_TMR_CUR  0x390
#define REG_TMR_DIV  0x3e0

static volatile uint32_t *apic;		/* I */
static uint64_t apic_hz;		/* I: timer counts per second (divide 16) */
static void (*tick_fn)(void);		/* I */

static uint32_t rd(uint32_t reg) { return apic[reg / 4]; }
static void wr(uint32_t reg, uint32_t v) { apic[reg / 4] = v; (void)apic[REG_ID / 4]; }

bool x86_apic_init(uint64_t phys)
{
	uint32_t r[4];
	x86_cpuid(1, 0, r);
	if (!(r[3] & (1u << 9))) {
		klog(KLOG_ERROR, "apic: this CPU has no local APIC");
		return false;
	}
	uint64_t msr = x86_rdmsr(X86_MSR_APIC_BASE);
	if (!phys)
		phys = msr & 0xffffff000ull;
	x86_wrmsr(X86_MSR_APIC_BASE, msr | (1u << 11));	/* global enable */
	apic = vmm_map_phys(phys, 4096, true);
	if (!apic) {
		klog(KLOG_ERROR, "apic: cannot map registers at 0x%lx", phys);
		return false;
	}
	wr(REG_SVR, 0x100 | X86_VEC_SPURIOUS);
	wr(REG_LINT0, 0x700);			/* ExtINT, edge */
	wr(REG_LINT1, 0x400);			/* NMI */
	wr(REG_LVT_TMR, 1u << 16);		/* masked until started */
	return true;
}

uint32_t x86_apic_id(void)
{
	return apic ? rd(REG_ID) >> 24 : 0;
}

void x86_apic_eoi(void)
{
	if (apic)
		wr(REG_EOI, 0);
}

void x86_apic_timer_calibrate(void (*wait)(void), uint64_t *a_hz, uint64_t *t_hz)
{
	wr(REG_TMR_DIV, 0x3);			/* divide by 16 */
	wr(REG_LVT_TMR, 1u << 16);		/* masked, one-shot */
	wr(REG_TMR_INIT, 0xffffffffu);
	uint64_t t0 = x86_rdtsc();
	wait();
	uint32_t cur = rd(REG_TMR_CUR);
	uint64_t t1 = x86_rdtsc();
	wr(REG_TMR_INIT, 0);
	uint64_t per_s = 1000000000ull / X86_CALIBRATE_NS;
	apic_hz = (uint64_t)(0xffffffffu - cur) * per_s;
	*a_hz = apic_hz;
	*t_hz = (t1 - t0) * per_s;
}

static void timer_vector(struct x86_regs *r, void *ctx)
{
	(void)r, (void)ctx;
	if (tick_fn)
		tick_fn();
}

void x86_apic_timer_start(uint32_t hz, void (*fn)(void))
{
	tick_fn = fn;
	x86_vector_register(X86_VEC_APIC_TIMER, timer_vector, 0);
	uint64_t count = apic_hz / hz;
	if (count == 0)
		count = 1;
	wr(REG_TMR_DIV, 0x3);
	wr(REG_LVT_TMR, X86_VEC_APIC_TIMER | (1u << 17));	/* periodic */
	wr(REG_TMR_INIT, (uint32_t)count);
}
