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
