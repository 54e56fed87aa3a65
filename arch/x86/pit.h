/*
 * pit.h: the 8254 PIT, used only as a calibration reference.
 *
 * Interface:
 *   x86_pit_wait_calibration()  busy-wait X86_CALIBRATE_NS (50 ms) using
 *                               channel 2 in one-shot mode (no interrupts)
 *   x86_pit_disable()           stop channel 0 (firmware may have left it
 *                               running at 18.2 Hz)
 */
#ifndef ARCH_X86_PIT_H
#define ARCH_X86_PIT_H

void x86_pit_wait_calibration(void);
void x86_pit_disable(void);

#endif
