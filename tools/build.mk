# tools/: host programs, each built from tools/<name>.c against the hosted VM
# library: build/host/<name> (and an ASan/UBSan twin in build/host-asan/).

HOST_TOOLS := amberc amber

ALL_TARGETS += $(addprefix $(HOST)/,$(HOST_TOOLS))

$(addprefix $(HOST)/,$(HOST_TOOLS)): $(HOST)/%: $(HOST)/tools/%.o $(HOST)/libamber-vm.a
	$(HOSTCC) $(HOSTCFLAGS) -o $@ $^ -lm

$(addprefix $(HOSTASAN)/,$(HOST_TOOLS)): $(HOSTASAN)/%: $(HOSTASAN)/tools/%.o $(HOSTASAN)/libamber-vm.a
	$(HOSTCC) $(HOSTCFLAGS) $(ASANFLAGS) -o $@ $^ -lm

# amber-fsck: the snapshot-store checker links the hosted snapshot library
# (snapshot/build.mk), not the VM.
ALL_TARGETS += $(HOST)/amber-fsck

$(HOST)/amber-fsck: $(HOST)/tools/amber-fsck.o $(HOST)/libamber-snap.a
	$(HOSTCC) $(HOSTCFLAGS) -o $@ $^

$(HOSTASAN)/amber-fsck: $(HOSTASAN)/tools/amber-fsck.o $(HOSTASAN)/libamber-snap.a
	$(HOSTCC) $(HOSTCFLAGS) $(ASANFLAGS) -o $@ $^

# amber-snaptest: the instruction-boundary snapshot test (issue 5). It links
# vm/interp.c compiled with -DVM_STEP (every instruction is a budget check
# point) ahead of the VM library, whose own interp.o is then never pulled,
# and the hosted snapshot library (snapshot/omem_host.c pages it).
ALL_TARGETS += $(HOST)/amber-snaptest

$(HOST)/vm/interp_step.o: vm/interp.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOSTCFLAGS) -DVM_STEP -c $< -o $@

$(HOST)/amber-snaptest: $(HOST)/tools/amber-snaptest.o $(HOST)/vm/interp_step.o \
		$(HOST)/libamber-snap.a $(HOST)/libamber-vm.a
	$(HOSTCC) $(HOSTCFLAGS) -o $@ $^ -lm

# Its ASan/UBSan twin runs a few programs of tests/snapshot/instr_tests.py.
test-build: $(HOSTASAN)/amber-snaptest

$(HOSTASAN)/vm/interp_step.o: vm/interp.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOSTCFLAGS) $(ASANFLAGS) -DVM_STEP -c $< -o $@

$(HOSTASAN)/amber-snaptest: $(HOSTASAN)/tools/amber-snaptest.o $(HOSTASAN)/vm/interp_step.o \
		$(HOSTASAN)/libamber-snap.a $(HOSTASAN)/libamber-vm.a
	$(HOSTCC) $(HOSTCFLAGS) $(ASANFLAGS) -o $@ $^ -lm
