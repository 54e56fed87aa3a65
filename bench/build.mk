# bench/: interpreter benchmarks (make bench). bench/run.py runs every
# bench/*.lua under lua5.4 and the hosted VM and records the ratios in
# docs/PERFORMANCE.md. Depends on the hosted runner when tools/ provides a
# rule for it (it is in ALL_TARGETS), otherwise on everything.

BENCH_AMBER := $(if $(filter $(HOST)/amber,$(ALL_TARGETS)),$(HOST)/amber,all)

bench: deps $(BENCH_AMBER)
	$(PYTHON) bench/run.py --write docs/PERFORMANCE.md
	@$(MAKE) --no-print-directory bench-snapshot

# Snapshot benchmarks in QEMU (issue 5): pause, write throughput, restore
# time, guest slowdown; results between markers in docs/PERFORMANCE.md.
.PHONY: bench-snapshot
bench-snapshot: deps
	@$(MAKE) --no-print-directory $(BUILD)/amber.elf $(HOST)/amber-fsck
	$(PYTHON) bench/snapshot.py --write docs/PERFORMANCE.md
