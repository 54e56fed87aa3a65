# kernel/build.mk: the Amber kernel (arch/x86/, kernel/, linker.ld), newlib,
# the bootable ISO, and `make run` / `make debug`.
#
#   build/newlib/            newlib 3.3.0 built once (stamp: build/newlib/stamp)
#   build/kernel/            kernel objects and the first link
#   build/amber.elf          the kernel, with its own symbol table (.ksyms)
#   build/amber.iso          GRUB hybrid ISO (BIOS + UEFI), menu in grub.cfg
#   build/test-iso/*.iso     one ISO per boot variant the system tests need
#
# The kernel is linked twice: the second link adds the symbol table made from
# the first link's `nm` (tools/gen-ksyms.py); the build checks that no code
# moved between the two.

KBUILD   := $(BUILD)/kernel
NEWLIB   := $(BUILD)/newlib
NEWLIB_STAMP := $(NEWLIB)/stamp
NEWLIB_INC := $(NEWLIB)/install/x86_64-elf/include
NEWLIB_LIB := $(NEWLIB)/install/x86_64-elf/lib
KCC      := gcc
QEMU     := qemu-system-x86_64
OVMF_CODE := /usr/share/OVMF/OVMF_CODE.fd

KERNEL_TARGET_FLAGS := -O2 -g -ffreestanding -fno-pie -fno-stack-protector \
	-mno-red-zone -mcmodel=kernel -fno-omit-frame-pointer \
	-fno-asynchronous-unwind-tables
# -fno-optimize-sibling-calls: every caller keeps a frame, so backtraces are whole
KCFLAGS := -std=gnu11 $(KERNEL_TARGET_FLAGS) -fno-optimize-sibling-calls -Wall -Wextra -Werror \
	-nostdinc -isystem $(NEWLIB_INC) -isystem $(shell $(KCC) -print-file-name=include) \
	-I. -MMD -MP $(if $(KDEBUG),-DKDEBUG)
KASFLAGS := $(KERNEL_TARGET_FLAGS) -I. -MMD -MP
KLDFLAGS := -n -nostdlib --no-warn-rwx-segments -static -z max-page-size=0x1000 -z noexecstack -T linker.ld

ARCH_SRCS := arch/x86/boot.S arch/x86/isr.S arch/x86/switch.S \
	arch/x86/cpu.c arch/x86/gdt.c arch/x86/trap.c arch/x86/irq.c \
	arch/x86/serial.c arch/x86/vmm.c arch/x86/apic.c arch/x86/pit.c \
	arch/x86/hpet.c arch/x86/power.c arch/x86/ps2kbd.c arch/x86/rtc.c arch/x86/pci.c
KERNEL_SRCS := kernel/main.c kernel/klog.c kernel/ksyms.c kernel/panic.c \
	kernel/spinlock.c kernel/sched.c kernel/kthread.c kernel/sync.c \
	kernel/heap.c kernel/console.c kernel/fbcon.c kernel/font.c \
	kernel/mb2.c kernel/pmm.c kernel/cmdline.c kernel/acpi.c kernel/time.c \
	kernel/selftest.c kernel/pmem.c kernel/vm_platform.c kernel/vmthread.c \
	kernel/syscalls.c kernel/repl.c

# The VM (vm/build.mk's VM_SRCS) is compiled with the kernel's flags into
# build/kernel/vm/; like the hosted build, unused parameters are allowed there.
KVM_SRCS := $(VM_SRCS)
# block devices (issue 5): PCI, virtio-blk, AHCI, the block layer; the
# snapshot store's sources (SNAP_SRCS, snapshot/build.mk) build into the kernel
KERNEL_SRCS += kernel/blk.c kernel/blk_test.c kernel/virtio_pci.c \
	kernel/virtio_blk.c kernel/ahci.c kernel/snapd.c $(SNAP_SRCS)

KOBJS := $(patsubst %,$(KBUILD)/%.o,$(basename $(ARCH_SRCS) $(KERNEL_SRCS) $(KVM_SRCS)))
KLIBS := --start-group $(NEWLIB_LIB)/libc.a $(NEWLIB_LIB)/libm.a --end-group

ALL_TARGETS += $(BUILD)/amber.elf $(BUILD)/amber.iso

# ---- newlib ---------------------------------------------------------------

$(NEWLIB_STAMP): tools/build-newlib.sh
	@tools/build-newlib.sh $(NEWLIB) $(KERNEL_TARGET_FLAGS)

# ---- kernel objects ---------------------------------------------------------

$(KBUILD)/%.o: %.c | $(NEWLIB_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(KCC) $(KCFLAGS) -c -o $@ $<

$(KBUILD)/vm/%.o: vm/%.c | $(NEWLIB_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(KCC) $(KCFLAGS) -Wno-unused-parameter -c -o $@ $<

$(KBUILD)/%.o: %.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(KCC) $(KASFLAGS) -c -o $@ $<

# ---- two-pass link with the symbol table ------------------------------------

$(KBUILD)/ksyms0.S: tools/gen-ksyms.py
	@mkdir -p $(dir $@)
	@: > $(KBUILD)/empty.nm
	@$(PYTHON) tools/gen-ksyms.py $(KBUILD)/empty.nm $@

$(KBUILD)/%.o: $(KBUILD)/%.S
	@$(KCC) $(KASFLAGS) -c -o $@ $<

$(KBUILD)/amber.1.elf: $(KOBJS) $(KBUILD)/ksyms0.o linker.ld $(NEWLIB_STAMP)
	@echo "  LD      $@"
	@ld $(KLDFLAGS) -o $@ $(KOBJS) $(KBUILD)/ksyms0.o $(KLIBS)

$(KBUILD)/ksyms.S: $(KBUILD)/amber.1.elf tools/gen-ksyms.py
	@nm -n $< > $(KBUILD)/amber.1.nm
	@$(PYTHON) tools/gen-ksyms.py $(KBUILD)/amber.1.nm $@

$(BUILD)/amber.elf: $(KOBJS) $(KBUILD)/ksyms.o linker.ld
	@echo "  LD      $@"
	@ld $(KLDFLAGS) -o $@ $(KOBJS) $(KBUILD)/ksyms.o $(KLIBS)
	@nm -n $@ | grep ' [tTwW] ' > $(KBUILD)/amber.2.text.nm
	@grep ' [tTwW] ' $(KBUILD)/amber.1.nm | cmp -s - $(KBUILD)/amber.2.text.nm || \
		{ echo "kernel: code moved between the two links (ksyms would lie)"; rm -f $@; exit 1; }

# ---- ISOs -------------------------------------------------------------------

$(BUILD)/amber.iso: $(BUILD)/amber.elf arch/x86/grub.cfg tools/mkiso.sh
	@echo "  ISO     $@"
	@tools/mkiso.sh $(BUILD)/amber.elf arch/x86/grub.cfg $@

# Boot variants for tests/system: build/test-iso/<name>.iso boots straight
# into the command line TEST_ISO_<name> (the second word sets the GRUB
# graphics payload: "gfx" asks for a framebuffer, "text" for text mode).
TEST_ISO_normal    := gfx
TEST_ISO_test      := gfx test
TEST_ISO_pagefault := gfx test=pagefault
TEST_ISO_panic     := gfx test=panic
TEST_ISO_fallback  := gfx test noacpi nofb
TEST_ISO_input     := gfx test=input
TEST_ISO_blk       := text test=blk
TEST_ISOS := $(patsubst %,$(BUILD)/test-iso/%.iso,normal test pagefault panic fallback input blk)

$(BUILD)/test-iso/%.iso: $(BUILD)/amber.elf tools/mkiso.sh
	@mkdir -p $(dir $@)
	@echo "  ISO     $@"
	@tools/mkiso.sh --cmdline "$(wordlist 2,99,$(TEST_ISO_$*))" --payload $(firstword $(TEST_ISO_$*)) \
		$(BUILD)/amber.elf - $@

.PHONY: kernel-test-isos
kernel-test-isos: $(TEST_ISOS)

# ---- run and debug ----------------------------------------------------------

QEMU_DISPLAY := $(if $(DISPLAY),,-display none)
QEMU_ACCEL := $(if $(AMBER_KVM),-enable-kvm -cpu host,-accel tcg)
QEMU_RUN := $(QEMU) $(QEMU_ACCEL) -M q35 -m 256M -serial mon:stdio $(QEMU_DISPLAY) \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 -no-reboot \
	-cdrom $(BUILD)/amber.iso $(if $(AMBER_UEFI),-bios $(OVMF_CODE))

# make run: the persistence demo (tools/demo/counter.lua) through
# tools/amber-run on a persistent disk image, build/demo-<program>.img (made
# fresh when missing; `make run-fresh` deletes it first): quit QEMU, run
# again, and the system goes on from its last snapshot.
# `make run PROGRAMS="a.lua b.lua"` runs others (tools/demo/demo.lua:
# threads, sleep, a channel), `make run PROGRAMS=` boots to the Lua REPL.
# `make run-iso` boots the plain ISO with its GRUB menu.
PROGRAMS ?= tools/demo/counter.lua
DEMO_DISK = $(BUILD)/demo-$(or $(basename $(notdir $(firstword $(PROGRAMS)))),repl).img

run: deps
	@$(MAKE) --no-print-directory $(BUILD)/amber.elf $(HOST)/amber-fsck
	tools/amber-run $(if $(AMBER_UEFI),--uefi) --disk $(DEMO_DISK) \
		$(if $(wildcard $(DEMO_DISK)),,--fresh) $(PROGRAMS)

.PHONY: run-fresh
run-fresh:
	rm -f $(DEMO_DISK)
	@$(MAKE) --no-print-directory run

.PHONY: run-iso
run-iso: deps
	@$(MAKE) --no-print-directory $(BUILD)/amber.iso
	@echo "Booting Amber (quit: Ctrl-A X)"
	$(QEMU_RUN); s=$$?; [ $$s -eq 0 ] || [ $$s -eq 33 ] || echo "QEMU exited with status $$s"

debug: deps
	@$(MAKE) --no-print-directory $(BUILD)/amber.iso
	$(QEMU_RUN) -s -S & \
	gdb -q -ex 'target remote :1234' -ex 'break kmain' -ex 'continue' $(BUILD)/amber.elf; \
	kill %1 2>/dev/null || true
