#!/usr/bin/python3
"""System tests of the VM in the kernel, driven by tools/amber-run.

- corpus: tests/lua programs that need no stdin, arguments, files or
  os.exit, and whose output under the hosted amber equals lua5.4's, run in
  the kernel several per boot (kernel word `sequential`: one after another,
  each with its own globals); each one's serial output must equal lua5.4's.
- tests/system/vm/*.lua: blocking calls (sleep, console read from scripted
  serial input), 120 sleeping threads, the collector stopping the world while
  threads run and block, a faulting guest, sys calls with wrong arguments, a
  guest that never yields, os.exit status, invalid modules; the REPL over
  serial.

Run alone: tests/system/vm_suite.py [FILTER]. Prints PASS/FAIL lines.
"""
import concurrent.futures
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LUA_DIR = os.path.join(ROOT, "tests", "lua")
VM_DIR = os.path.join(ROOT, "tests", "system", "vm")
RUN = os.path.join(ROOT, "tools", "amber-run")
AMBER = os.path.join(ROOT, "build", "host", "amber")
BATCH = 30
LOGLINE = re.compile(r"\[[ \d]{5,}\.\d{6}\] [^\n]*\n?")
EXCLUDE = re.compile(r"io\.(open|lines|read|input|output|stdin|popen|tmpfile)|os\.(exit|getenv|"
                     r"remove|rename|tmpname|clock|time|date|execute)|require|loadfile|dofile|"
                     r"collectgarbage\(\s*[\"']count|string\.dump|\barg\b")


def amber_run(progs, stdin=b"", timeout=240, words="", quiet=False):
    cmd = [RUN, "--timeout", str(timeout)]
    if quiet:
        cmd.append("--quiet")
    if words:
        cmd += ["--kernel-args", words]
    p = subprocess.run(cmd + progs, input=stdin, capture_output=True, timeout=timeout + 60)
    return p.returncode, p.stdout.decode(errors="replace")


def run_ref(argv, path):
    try:
        p = subprocess.run(argv + [os.path.basename(path)], cwd=LUA_DIR, capture_output=True,
                           stdin=subprocess.DEVNULL, timeout=20)
        return p.returncode, p.stdout
    except subprocess.TimeoutExpired:
        return None, b""


def select_corpus():
    skip = set()
    with open(os.path.join(LUA_DIR, "SKIP")) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                skip.add(line.split(":", 1)[0].strip().removesuffix(".lua"))
    chosen = []
    for name in sorted(os.listdir(LUA_DIR)):
        if not name.endswith(".lua"):
            continue
        base = name[:-4]
        path = os.path.join(LUA_DIR, name)
        if base in skip or os.path.exists(path[:-4] + ".stdin") or \
                os.path.exists(path[:-4] + ".args"):
            continue
        with open(path, errors="replace") as f:
            if EXCLUDE.search(f.read()):
                continue
        chosen.append(path)

    def ref(path):
        st, out = run_ref(["lua5.4"], path)
        if st != 0:
            return None
        st2, out2 = run_ref([AMBER], path)
        return (path, out.decode(errors="replace")) if st2 == 0 and out2 == out else None

    with concurrent.futures.ThreadPoolExecutor(4) as ex:
        return [r for r in ex.map(ref, chosen) if r is not None]


def split_outputs(log):
    """Serial log of a sequential boot -> {module name: its output}."""
    outs = {}
    starts = list(re.finditer(r"\[\s*\d+\.\d{6}\] vm: module '([^']+)' started as thread \d+\n", log))
    for m in starts:
        name = m.group(1)
        end = re.compile(r"\[\s*\d+\.\d{6}\] vm: module '" + re.escape(name) + r"' ended\n")
        e = end.search(log, m.end())
        if e is None:
            outs[name] = None
            continue
        outs[name] = LOGLINE.sub("", log[m.end():e.start()])
    return outs


def corpus_batch(batch):
    st, log = amber_run([p for p, _ in batch], words="sequential", timeout=400)
    outs = split_outputs(log)
    results = []
    for path, want in batch:
        name = os.path.basename(path)
        got = outs.get(name)
        if got is None:
            why = f"did not finish (amber-run status {st}); log tail: " + \
                " | ".join(log.strip().splitlines()[-4:])
        elif got != want:
            i = next((k for k in range(min(len(got), len(want))) if got[k] != want[k]),
                     min(len(got), len(want)))
            why = f"output differs from lua5.4 at byte {i}: got {got[max(0, i - 40):i + 80]!r}, " \
                f"want {want[max(0, i - 40):i + 80]!r}"
        else:
            why = None
        results.append(("vm/corpus/" + name[:-4], why))
    return results


def expect(name, progs, checks, stdin=b"", status=0, words=""):
    def run():
        st, out = amber_run([os.path.join(VM_DIR, p) for p in progs], stdin=stdin,
                            timeout=120, words=words, quiet=True)
        why = None
        if st != status:
            why = f"status {st}, want {status}"
        else:
            for c in checks:
                if not re.search(c, out, re.M):
                    why = f"no match for {c!r}"
                    break
        if why:
            why += "; output: " + " | ".join(out.strip().splitlines()[-8:])
        return [("vm/" + name, why)]
    return run


SPECIAL = [
    expect("sleep-120-threads", ["sleep_many.lua"],
           [r"^threads\t120\twoke\t120$", r"^threads alive after join\t1$"]),
    expect("console-read", ["console_read.lua"],
           [r"^1\tHELLO$", r"^2\tSECOND LINE$", r"^lines\t2$"],
           stdin=b"hello\nsecond line\nend\n"),
    expect("gc-stop-the-world", ["gc_world.lua"],
           [r"^sums\t6\t3460\t3460$", r"^collected, in use > 0:\ttrue$"]),
    expect("gc-periodic-collector", ["gc_world.lua", "sleep_many.lua"],
           [r"^sums\t6\t3460\t3460$", r"^threads\t120\twoke\t120$"], words="gcperiod=5"),
    expect("guest-fault", ["fault.lua"],
           [r"^thread 2 \(spawned\): fault\.lua:2: attempt to index a nil value",
            r"^joined faulting thread:\tfalse\tfailed$", r"^other thread runs$",
            r"^main goes on$"]),
    expect("sys-bad-arguments", ["badsys.lua"],
           [r"^false\tbad call to 'time:sleep' \(argument #1: number expected, got string\)$",
            r"^false\tbad call to 'time:sleep' \(self is not a time object",
            r"^false\tbad call to 'thread:spawn' \(argument #1: function expected",
            r"^threads alive:\t1$", r"^true\tfalse$",
            r"a thread cannot join itself"]),
    expect("preemption", ["preempt.lua"], [r"^tick\t3$", r"^ticks done while a thread spins$"]),
    expect("os-exit-status", ["exit.lua"], [r"^exiting with 7$"], status=7),
    expect("invalid-modules", ["broken.lua", "broken.luac", "after_broken.lua"],
           [r"^the valid module still runs$"]),
    expect("repl", [],
           [r"^> > 42$", r"43\ts$", r"stdin:1: boom", r"^> 1,4,9$"],
           stdin=b"x = 6*7\nx\nfunction f(a)\n return a+1\nend\nf(x), \"s\"\nerror(\"boom\")\n"
                 b"local t = {} for i=1,3 do t[i]=i*i end return table.concat(t, \",\")\n"),
]


def main():
    filt = sys.argv[1:]
    jobs = []
    if not filt or any("corpus" in f for f in filt):
        corpus = select_corpus()
        print(f"vm corpus: {len(corpus)} programs in batches of {BATCH}", flush=True)
        for i in range(0, len(corpus), BATCH):
            jobs.append(lambda b=corpus[i:i + BATCH]: corpus_batch(b))
    for s in SPECIAL:
        jobs.append(s)
    failed = 0
    with concurrent.futures.ThreadPoolExecutor(2) as ex:
        for results in ex.map(lambda j: j(), jobs):
            for name, why in results:
                if filt and not any(f in name for f in filt):
                    continue
                if why:
                    failed += 1
                    print(f"FAIL {name}: {why}", flush=True)
                else:
                    print(f"PASS {name}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
