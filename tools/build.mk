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
