# Amber: top-level Makefile.
#
#   make          build the kernel (build/amber.elf), the ISO (build/amber.iso)
#                 and the host tools (build/host/)
#   make run      build, then boot Amber in QEMU with the serial console here
#   make test     build, then run every test; ends with "N passed, M failed"
#   make debug    boot under QEMU's gdbstub and attach gdb with symbols
#   make bench    interpreter benchmarks against lua5.4 (docs/PERFORMANCE.md)
#   make clean    remove build/
#
# `run`, `test`, `debug` and `bench` first install any missing Debian
# packages (tools/install-deps.sh). Each subsystem describes its own objects
# in a build.mk beside its sources; this file only ties them together.

.DEFAULT_GOAL := all
.SUFFIXES:
.DELETE_ON_ERROR:

BUILD   := build
HOST    := $(BUILD)/host
HOSTCC  ?= gcc
HOSTCFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter \
	-I. -MMD -MP
PYTHON  := /usr/bin/python3

ALL_TARGETS :=

include vm/build.mk
include snapshot/build.mk
include kernel/build.mk
include tools/build.mk
include tests/build.mk
include bench/build.mk

.PHONY: all deps test run debug bench clean

all: $(ALL_TARGETS)

deps:
	@tools/install-deps.sh

test: deps
	@$(MAKE) --no-print-directory all test-build
	@$(PYTHON) tests/run.py

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' -type f 2>/dev/null)
