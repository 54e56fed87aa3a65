# bench/: interpreter benchmarks (make bench). bench/run.py runs every
# bench/*.lua under lua5.4 and the hosted VM and records the ratios in
# docs/PERFORMANCE.md. Depends on the hosted runner when tools/ provides a
# rule for it (it is in ALL_TARGETS), otherwise on everything.

BENCH_AMBER := $(if $(filter $(HOST)/amber,$(ALL_TARGETS)),$(HOST)/amber,all)

bench: deps $(BENCH_AMBER)
	$(PYTHON) bench/run.py --write docs/PERFORMANCE.md
