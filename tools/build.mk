# tools/: host programs, each built from tools/<name>.c against the hosted VM
# library: build/host/<name> (and an ASan/UBSan twin in build/host-asan/).

HOST_TOOLS := amberc amber

ALL_TARGETS += $(addprefix $(HOST)/,$(HOST_TOOLS))

$(addprefix $(HOST)/,$(HOST_TOOLS)): $(HOST)/%: $(HOST)/tools/%.o $(HOST)/libamber-vm.a
	$(HOSTCC) $(HOSTCFLAGS) -o $@ $^ -lm

$(addprefix $(HOSTASAN)/,$(HOST_TOOLS)): $(HOSTASAN)/%: $(HOSTASAN)/tools/%.o $(HOSTASAN)/libamber-vm.a
	$(HOSTCC) $(HOSTCFLAGS) $(ASANFLAGS) -o $@ $^ -lm
