# tests/: what `make test` builds before tests/run.py runs the suites.
#
# Host unit tests: every tests/vm/test_*.c is one cmocka program linked
# against the hosted VM library: build/host/tests/vm/test_<name>.
# Other areas add their own prerequisites to test-build.

.PHONY: test-build

TEST_VM_PROGS := $(patsubst %.c,$(HOST)/%,$(sort $(wildcard tests/vm/test_*.c)))

test-build: $(TEST_VM_PROGS) $(HOSTASAN)/amber

$(HOST)/tests/vm/%: $(HOST)/tests/vm/%.o $(HOST)/libamber-vm.a
	$(HOSTCC) $(HOSTCFLAGS) -o $@ $^ -lcmocka -lm

# Kernel host unit tests: every tests/kernel/test_*.c is one cmocka program
# linked with the hosted-buildable kernel pieces below (compiled with
# -DHOSTED and tests/kernel/stubs/ first on the include path, which replaces
# kernel/spinlock.h), via an archive so each program pulls only what it
# uses: build/host/tests/kernel/test_<name>. The system tests
# need the boot-variant ISOs (kernel/build.mk).
KTEST_SRCS := kernel/pmm.c kernel/mb2.c kernel/klog.c kernel/cmdline.c \
	kernel/ksyms.c kernel/acpi.c kernel/font.c arch/x86/ps2kbd.c
KTEST_OBJS := $(patsubst %.c,$(HOST)/tests/kernel/obj/%.o,$(KTEST_SRCS))
KTEST_CFLAGS := -Itests/kernel/stubs $(HOSTCFLAGS) -DHOSTED
TEST_KERNEL_PROGS := $(patsubst %.c,$(HOST)/%,$(sort $(wildcard tests/kernel/test_*.c)))

test-build: $(TEST_KERNEL_PROGS) kernel-test-isos

$(HOST)/tests/kernel/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(KTEST_CFLAGS) -c -o $@ $<

$(HOST)/tests/kernel/libkernel-host.a: $(KTEST_OBJS)
	rm -f $@ && ar rcs $@ $^

$(HOST)/tests/kernel/test_%: tests/kernel/test_%.c tests/kernel/helpers.h $(HOST)/tests/kernel/libkernel-host.a
	@mkdir -p $(dir $@)
	$(HOSTCC) $(KTEST_CFLAGS) -o $@ $< $(HOST)/tests/kernel/libkernel-host.a -lcmocka

# Snapshot-store unit tests: every tests/snapshot/test_*.c is one cmocka
# program linked against the hosted snapshot library, plain and ASan:
# build/host/tests/snapshot/test_<name>, build/host-asan/tests/snapshot/...
# tests/snapshot/snapfill.c is a helper fsck_tests.py drives.
TEST_SNAP_SRCS := $(sort $(wildcard tests/snapshot/test_*.c))
TEST_SNAP_PROGS := $(patsubst %.c,$(HOST)/%,$(TEST_SNAP_SRCS)) \
	$(patsubst %.c,$(HOSTASAN)/%,$(TEST_SNAP_SRCS)) \
	$(HOST)/tests/snapshot/snapfill $(HOST)/amber-fsck

test-build: $(TEST_SNAP_PROGS)

$(HOST)/tests/snapshot/%: $(HOST)/tests/snapshot/%.o $(HOST)/libamber-snap.a
	$(HOSTCC) $(HOSTCFLAGS) -o $@ $^ -lcmocka

$(HOSTASAN)/tests/snapshot/%: $(HOSTASAN)/tests/snapshot/%.o $(HOSTASAN)/libamber-snap.a
	$(HOSTCC) $(HOSTCFLAGS) $(ASANFLAGS) -o $@ $^ -lcmocka
