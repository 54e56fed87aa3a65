# snapshot/: the snapshot store (issue 5): block-device interface, GPT,
# on-disk format (docs/SNAPSHOT-FORMAT.md), writer and lazy reader.
#
# Every snapshot/*.c except *_host.c builds unchanged in the kernel (newlib:
# string.h, stdio snprintf, malloc/free); the kernel compiles SNAP_SRCS with
# its own flags. *_host.c files (a file-backed block device) are for hosted
# programs only.
#
# Hosted builds: build/host/libamber-snap.a (optimised) and
# build/host-asan/libamber-snap.a (ASan + UBSan).

SNAP_SRCS := $(filter-out %_host.c,$(sort $(wildcard snapshot/*.c)))
SNAP_HOST_SRCS := $(SNAP_SRCS) $(sort $(wildcard snapshot/*_host.c))

ALL_TARGETS += $(HOST)/libamber-snap.a

$(HOST)/libamber-snap.a: $(patsubst %.c,$(HOST)/%.o,$(SNAP_HOST_SRCS))
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(HOSTASAN)/libamber-snap.a: $(patsubst %.c,$(HOSTASAN)/%.o,$(SNAP_HOST_SRCS))
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^
