#!/usr/bin/python3
"""tests/snapshot/instr_tests.py: instruction boundaries (issue 5).

Every program below runs under build/host/amber-snaptest, which snapshots
object memory into a store on an image file after every N instructions,
throws the VM context away, unmaps object memory, reopens the store and
restores object memory lazily from it, attaches a fresh context and goes
on (tools/amber-snaptest.c). Its stdout and exit status must equal
lua5.4's. N=1 (every instruction boundary) for the small programs, a
prime N for the larger ones so the boundaries fall everywhere.

    instr/<name>@<N>        one process, a restore after every slice
    instr/asan/<name>@<N>   the same under the ASan/UBSan driver
    instr/gcstress/<name>@<N>  the same with AMBER_GCSTRESS=2
    instr/split/<name>@<K>  a process runs K slices, snapshots and exits
                            (status 3); a second process restores from the
                            image and finishes: nothing in process memory
                            survives. K is a third and two thirds of the
                            program's slices.

Programs come from tests/snapshot/lua/ (small, one mechanism each) and the
Lua corpus tests/lua/ (run there, with NAME.stdin/NAME.args as the corpus
suite does). Prints PASS/FAIL lines; exit status 0 unless the driver fails.

    tests/snapshot/instr_tests.py [FILTER ...]

AMBER_SNAPTEST=path overrides the driver (e.g. a sanitizer build).
"""
import concurrent.futures
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SNAPTEST = os.path.join(ROOT, os.environ.get("AMBER_SNAPTEST",
                                            "build/host/amber-snaptest"))
LUA = os.environ.get("LUA", "lua5.4")
TIMEOUT = 120
JOBS = 2

# (directory, program, N): closures/upvalues, coroutines, pcall/error
# unwinding, metamethods, builtins calling Lua (gsub, sort: continuations
# across BI_CALL), generic for, varargs, goto, uncaught errors, io.read
# (its input buffering lives in object memory).
PROGRAMS = [
    ("tests/snapshot/lua", "closures", 1),
    ("tests/snapshot/lua", "control", 1),
    ("tests/snapshot/lua", "coroutines", 1),
    ("tests/snapshot/lua", "metamethods", 1),
    ("tests/snapshot/lua", "pcall_unwind", 1),
    ("tests/snapshot/lua", "strlib_callbacks", 1),
    ("tests/lua", "closure_iterators", 1),
    ("tests/lua", "upval_shared", 1),
    ("tests/lua", "upval_coroutines", 1),
    ("tests/lua", "coro_scheduler", 1),
    ("tests/lua", "coro_pcall", 1),
    ("tests/lua", "coro_wrap_errors", 1),
    ("tests/lua", "coro_cboundary", 1),
    ("tests/lua", "pcall_xpcall", 1),
    ("tests/lua", "err_metamethods", 1),
    ("tests/lua", "meta_index", 1),
    ("tests/lua", "meta_len_concat", 1),
    ("tests/lua", "meta_compare", 1),
    ("tests/lua", "pattern_gsub", 1),
    ("tests/lua", "loop_generic_custom", 1),
    ("tests/lua", "vararg_select", 1),
    ("tests/lua", "goto_continue", 1),
    ("tests/lua", "runtime_err_uncaught", 1),
    ("tests/lua", "io_read_mixed", 1),
    ("tests/lua", "io_read_numbers", 1),
    ("tests/lua", "weak_kv", 1),
    ("tests/lua", "vararg_forward", 7),
    ("tests/lua", "coro_generators", 97),
    ("tests/lua", "tablelib_sort", 397),
    ("tests/lua", "stdlib_sort_gsub_table", 397),
    ("tests/lua", "prog_json", 997),
    ("tests/lua", "prog_bst", 997),
    ("tests/lua", "weak_ephemeron", 7),
]

# (directory, program, N) run in two processes.
SPLIT = [
    ("tests/snapshot/lua", "coroutines", 1),
    ("tests/snapshot/lua", "strlib_callbacks", 1),
    ("tests/lua", "coro_scheduler", 1),
]

# (directory, program, N) also run under the ASan/UBSan build of the
# driver (build/host-asan/amber-snaptest), if it was built: the old VM
# context is poisoned and freed at every restore, so a use of it shows.
ASAN = [
    ("tests/snapshot/lua", "strlib_callbacks", 1),
    ("tests/snapshot/lua", "coroutines", 1),
    ("tests/lua", "coro_pcall", 1),
]
ASAN_SNAPTEST = os.path.join(ROOT, "build/host-asan/amber-snaptest")

# (directory, program, N) also run with AMBER_GCSTRESS=2 (a collector step
# and a heap check at every safe point): snapshots land mid-cycle.
GCSTRESS = [
    ("tests/snapshot/lua", "strlib_callbacks", 1),
    ("tests/snapshot/lua", "metamethods", 1),
    ("tests/lua", "weak_kv", 1),
    ("tests/lua", "weak_ephemeron", 7),
]

FIGURES = re.compile(r"amber-snaptest: (\d+) slices of \d+, (\d+) snapshots, "
                     r"\d+ pages written, (\d+) restores")


def inputs(d, prog):
    base = os.path.join(ROOT, d, prog)
    stdin = base + ".stdin" if os.path.exists(base + ".stdin") else os.devnull
    args = []
    if os.path.exists(base + ".args"):
        with open(base + ".args") as f:
            args = [l.rstrip("\n") for l in f if l.strip()]
    return stdin, args


def run(cmd, cwd, stdin, env=None):
    with open(stdin, "rb") as f:
        return subprocess.run(cmd, cwd=cwd, stdin=f, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=TIMEOUT, env=env)


def figures(p):
    m = FIGURES.search(p.stderr.decode(errors="replace"))
    return tuple(int(x) for x in m.groups()) if m else None


def lastline(p):
    lines = p.stderr.decode(errors="replace").strip().splitlines()
    return lines[-1] if lines else ""


def compare(name, want, got_out, got_rc):
    if got_out != want.stdout:
        return f"FAIL {name}: stdout differs from lua5.4 ({len(got_out)} bytes, " \
               f"expected {len(want.stdout)})"
    if got_rc != want.returncode:
        return f"FAIL {name}: exit status {got_rc}, lua5.4 {want.returncode}"
    return None


def one(d, prog, n, driver=SNAPTEST, kind="", env=None):
    name = f"instr/{kind}{prog}@{n}"
    cwd = os.path.join(ROOT, d)
    stdin, args = inputs(d, prog)
    try:
        want = run([LUA, prog + ".lua"] + args, cwd, stdin)
        got = run([driver, f"--every={n}", prog + ".lua"] + args, cwd, stdin,
                  env)
    except subprocess.TimeoutExpired:
        return f"FAIL {name}: timed out after {TIMEOUT} s"
    bad = compare(name, want, got.stdout, got.returncode)
    if bad:
        return f"{bad}; {lastline(got)}"
    f = figures(got)
    if f is None or f[0] == 0 or f[1] != f[0] or f[2] != f[0]:
        return f"FAIL {name}: no slice restored ({lastline(got)})"
    return f"PASS {name} ({f[0]} restores)"


def split(d, prog, n):
    cwd = os.path.join(ROOT, d)
    stdin, args = inputs(d, prog)
    out = []
    try:
        want = run([LUA, prog + ".lua"] + args, cwd, stdin)
        full = run([SNAPTEST, f"--every={n}", prog + ".lua"] + args, cwd, stdin)
        total = (figures(full) or (0,))[0]
        if total < 3:
            return [f"FAIL instr/split/{prog}: only {total} slices ({lastline(full)})"]
        for k in (total // 3, 2 * total // 3):
            name = f"instr/split/{prog}@{k}"
            with tempfile.TemporaryDirectory() as tmp:
                img = os.path.join(tmp, "store.img")
                first = run([SNAPTEST, f"--every={n}", f"--image={img}",
                             f"--stop-after={k}", prog + ".lua"] + args, cwd, stdin)
                if first.returncode != 3:
                    out.append(f"FAIL {name}: first process exited "
                               f"{first.returncode}, not 3 ({lastline(first)})")
                    continue
                second = run([SNAPTEST, f"--every={n}", f"--image={img}",
                              "--resume"], cwd, stdin)
            bad = compare(name, want, first.stdout + second.stdout,
                          second.returncode)
            out.append(f"{bad}; {lastline(second)}" if bad else f"PASS {name}")
    except subprocess.TimeoutExpired:
        out.append(f"FAIL instr/split/{prog}: timed out after {TIMEOUT} s")
    return out


def main():
    filters = sys.argv[1:]
    keep = lambda prog: not filters or any(f in prog for f in filters)
    if not os.access(SNAPTEST, os.X_OK):
        print("SKIP instr: no build/host/amber-snaptest (run `make all`)")
        return 0
    with concurrent.futures.ThreadPoolExecutor(JOBS) as ex:
        jobs = [ex.submit(lambda a: [one(*a)], p) for p in PROGRAMS if keep(p[1])]
        jobs += [ex.submit(split, *p) for p in SPLIT if keep(p[1])]
        if os.access(ASAN_SNAPTEST, os.X_OK):
            jobs += [ex.submit(lambda a: [one(*a, ASAN_SNAPTEST, "asan/")], p)
                     for p in ASAN if keep(p[1])]
        stress = dict(os.environ, AMBER_GCSTRESS="2")
        jobs += [ex.submit(lambda a: [one(*a, SNAPTEST, "gcstress/", stress)], p)
                 for p in GCSTRESS if keep(p[1])]
        for j in jobs:
            for line in j.result():
                print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
