# vm/: the virtual machine. Every vm/*.c is part of it except the hosted
# platform layer (vm/platform_host.c), which only hosted programs link; the
# kernel compiles VM_SRCS with its own flags and supplies kernel/vm_platform.c.
#
# Hosted builds: build/host/libamber-vm.a (optimised) and
# build/host-asan/libamber-vm.a (ASan + UBSan, for the sanitizer test runs).

HOSTASAN := $(BUILD)/host-asan
ASANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined

VM_SRCS := $(filter-out vm/platform_host.c,$(sort $(wildcard vm/*.c)))
VM_HOST_SRCS := $(VM_SRCS) vm/platform_host.c

$(HOST)/libamber-vm.a: $(patsubst %.c,$(HOST)/%.o,$(VM_HOST_SRCS))
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(HOSTASAN)/libamber-vm.a: $(patsubst %.c,$(HOSTASAN)/%.o,$(VM_HOST_SRCS))
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

# Generic hosted compile rules (vm/, snapshot/, tools/, tests/ alike).
$(HOST)/%.o: %.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOSTCFLAGS) -c $< -o $@

$(HOSTASAN)/%.o: %.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOSTCFLAGS) $(ASANFLAGS) -c $< -o $@
