#!/usr/bin/python3
"""System tests of the VM in the kernel, driven by tools/amber-run.

- corpus: every tests/lua program whose output and status under the hosted
  amber equal lua5.4's (else SKIP, as for tests/lua/SKIP and KERNEL_SKIP
  below) runs in the kernel through tools/amber-run and must print what
  lua5.4 prints and end with its exit status. Most run several per boot
  (kernel word `sequential`: one after another, each with its own globals;
  stdin is empty: end of input at once, as /dev/null); one per boot those
  with NAME.stdin (fed through amber-run's stdin, raw), NAME.args (after
  "--"), modules/ (given with --file: require finds them), os.exit or an
  exit status other than 0 (an uncaught error: the kernel's report must
  carry lua5.4's message).
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
# Corpus programs that cannot run in the kernel, with the reason (reported
# as SKIP lines). Everything else in tests/lua runs there.
KERNEL_SKIP = {
    "stdlib_math_os": "os.getenv(\"HOME\"): the kernel has no environment (its os.getenv "
                      "reads kernel command-line settings), so nil, where lua5.4 has a string",
}


def amber_run(progs, stdin=b"", timeout=240, words="", quiet=False, files=(), args=None):
    cmd = [RUN, "--timeout", str(timeout)]
    if quiet:
        cmd.append("--quiet")
    if words:
        cmd += ["--kernel-args", words]
    for f in files:
        cmd += ["--file", f]
    cmd += progs
    if args is not None:
        cmd += ["--"] + args
    p = subprocess.run(cmd, input=stdin, capture_output=True, timeout=timeout + 60,
                       cwd=LUA_DIR)
    return p.returncode, p.stdout.decode(errors="replace")


def prog_args(path):
    """NAME.args (one argument a line, as tests/lua/run-suite) or None."""
    if not os.path.exists(path[:-4] + ".args"):
        return None
    with open(path[:-4] + ".args") as f:
        return [l.rstrip("\n") for l in f if l.rstrip("\n") != ""]


def prog_stdin(path):
    if not os.path.exists(path[:-4] + ".stdin"):
        return b""
    with open(path[:-4] + ".stdin", "rb") as f:
        return f.read()


def run_ref(argv, path):
    """(status, stdout, stderr) of a host interpreter, as tests/lua/run-suite runs it."""
    stdin = path[:-4] + ".stdin"
    try:
        with open(stdin if os.path.exists(stdin) else os.devnull, "rb") as inp:
            p = subprocess.run(argv + [os.path.basename(path)] + (prog_args(path) or []),
                               cwd=LUA_DIR, capture_output=True, stdin=inp, timeout=20)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        return None, b"", b""


def data_files():
    """tests/lua/modules/**: the files require_ programs load, by their names
    relative to tests/lua (require "modules.x" finds "./modules/x.lua")."""
    out = []
    for d, _, names in os.walk(os.path.join(LUA_DIR, "modules")):
        for n in sorted(names):
            out.append(os.path.relpath(os.path.join(d, n), LUA_DIR))
    return sorted(out)


def own_files(path):
    """tests/lua files a program opens by name (a quoted "NAME.lua" in it):
    given to the kernel as data files, as modules/ are."""
    with open(path, errors="replace") as f:
        src = f.read()
    return [n for n in sorted(os.listdir(LUA_DIR))
            if os.path.isfile(os.path.join(LUA_DIR, n)) and f'"{n}"' in src]


def select_corpus():
    """-> (batch, single, skipped): batch [(path, want)] run many per boot;
    single [(path, want, status, errmsg)] one per boot (stdin, arguments,
    modules, os.exit or an exit status other than 0); skipped [(name, why)]."""
    skip = {}
    with open(os.path.join(LUA_DIR, "SKIP")) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                name, _, why = line.partition(":")
                skip[name.strip().removesuffix(".lua")] = why.strip() or "in tests/lua/SKIP"
    skip.update(KERNEL_SKIP)
    skipped, chosen = [], []
    for name in sorted(os.listdir(LUA_DIR)):
        if not name.endswith(".lua"):
            continue
        base = name[:-4]
        if base in skip:
            skipped.append((base, skip[base]))
        else:
            chosen.append(os.path.join(LUA_DIR, name))

    def ref(path):
        st, out, err = run_ref(["lua5.4"], path)
        st2, out2, _ = run_ref([AMBER], path)
        if st is None or st2 != st or out2 != out:
            return path, None
        with open(path, errors="replace") as f:
            src = f.read()
        first = err.decode(errors="replace").split("\n", 1)[0]
        msg = first[len("lua5.4: "):] if st == 1 and first.startswith("lua5.4: ") else None
        alone = st != 0 or "os.exit" in src or "modules" in src or own_files(path) or \
            os.path.exists(path[:-4] + ".stdin") or os.path.exists(path[:-4] + ".args")
        return path, (out.decode(errors="replace"), st, msg, alone)

    batch, single = [], []
    with concurrent.futures.ThreadPoolExecutor(4) as ex:
        for path, r in ex.map(ref, chosen):
            name = os.path.basename(path)[:-4]
            if r is None:
                skipped.append((name, "the hosted amber differs from lua5.4 (tests/lua/run-suite)"))
            elif r[3]:
                single.append((path, r[0], r[1], r[2]))
            else:
                batch.append((path, r[0]))
    return batch, single, skipped


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


def differ(got, want):
    i = next((k for k in range(min(len(got), len(want))) if got[k] != want[k]),
             min(len(got), len(want)))
    return f"output differs from lua5.4 at byte {i}: got {got[max(0, i - 40):i + 80]!r}, " \
        f"want {want[max(0, i - 40):i + 80]!r}"


def corpus_batch(batch):
    st, log = amber_run([os.path.basename(p) for p, _ in batch], words="sequential",
                        timeout=400)
    outs = split_outputs(log)
    results = []
    for path, want in batch:
        name = os.path.basename(path)
        got = outs.get(name)
        if got is None:
            why = f"did not finish (amber-run status {st}); log tail: " + \
                " | ".join(log.strip().splitlines()[-4:])
        elif got != want:
            why = differ(got, want)
        else:
            why = None
        results.append(("vm/corpus/" + name[:-4], why))
    return results


def corpus_single(path, want, status, msg):
    """One program per boot: its stdin, arguments and modules/ files; stdout
    and the exit status must be lua5.4's. After an uncaught error lua5.4
    prints "lua5.4: MSG" on stderr; the kernel prints "thread N (NAME): MSG"
    and a traceback on the console (a compile error: the log line "vm:
    module 'NAME' not started: MSG"): MSG must be the same."""
    def run():
        name = os.path.basename(path)
        files = (data_files() if name.startswith("require_") else []) + own_files(path)
        st, log = amber_run([name], stdin=prog_stdin(path), timeout=120, files=files,
                            args=prog_args(path))
        got = LOGLINE.sub("", log)
        why = None
        if st != status:
            why = f"status {st}, want {status}; output tail: " + \
                " | ".join(log.strip().splitlines()[-4:])
        elif msg is not None and f"vm: module '{name}' not started: {msg}\n" in log:
            why = None if got == want else differ(got, want)
        elif msg is not None:
            m = re.match(r"thread \d+ \(" + re.escape(name) + r"\): (.*)\n", got[len(want):])
            if not got.startswith(want):
                why = differ(got[:len(want)], want)
            elif not m or m.group(1) != msg:
                why = f"error report {got[len(want):][:160]!r}, want the message {msg!r}"
        elif got != want:
            why = differ(got, want)
        return [("vm/corpus/" + name[:-4], why)]
    return run


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
           [r"^the valid module still runs$"], status=1),
    expect("repl", [],
           [r"^> > 42$", r"43\ts$", r"stdin:1: boom", r"^> 1,4,9$"],
           stdin=b"x = 6*7\nx\nfunction f(a)\n return a+1\nend\nf(x), \"s\"\nerror(\"boom\")\n"
                 b"local t = {} for i=1,3 do t[i]=i*i end return table.concat(t, \",\")\n"),
]


def main():
    filt = sys.argv[1:]
    jobs = []
    if not filt or any("corpus" in f for f in filt):
        batch, single, skipped = select_corpus()
        print(f"vm corpus: {len(batch)} programs in batches of {BATCH}, {len(single)} one "
              f"per boot, {len(skipped)} skipped", flush=True)
        for name, why in skipped:
            print(f"SKIP vm/corpus/{name}: {why}", flush=True)
        for t in single:         # the slow ones first
            jobs.append(corpus_single(*t))
        for i in range(0, len(batch), BATCH):
            jobs.append(lambda b=batch[i:i + BATCH]: corpus_batch(b))
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
