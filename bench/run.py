#!/usr/bin/python3
"""Interpreter benchmarks: Amber's hosted VM against Debian's lua5.4.

    bench/run.py [--runs N] [--write docs/PERFORMANCE.md] [--lua-only] [NAME ...]

Every bench/*.lua (or only those whose name contains one of the NAMEs) runs
under lua5.4 and under build/host/amber (AMBER=path overrides it), interleaved,
N times each (default 3); the best wall-clock time of each is kept.  Both must
print the same stdout (a checksum line) and exit 0, otherwise the benchmark is
reported as wrong and left out of the geometric mean.  Prints a table of
name, lua5.4 seconds, amber seconds and the ratio amber/lua, then the
geometric mean of the ratios.  --write FILE replaces the section between
`<!-- bench:vm begin -->` and `<!-- bench:vm end -->` in FILE (created with a
short introduction if absent) with the table, the date, the machine and the
command.  --lua-only times lua5.4 alone (to tune sizes).  A benchmark takes
its size as its first argument; the defaults are tuned so that lua5.4 needs
roughly 0.3-1.0 s each.  Exits 1 if anything failed or differed.
"""
import argparse
import datetime
import math
import os
import re
import shlex
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BEGIN = "<!-- bench:vm begin -->"
END = "<!-- bench:vm end -->"
TIMEOUT = 300

INTRO = """# Performance

Measurements of Amber's components. Sections between `bench:` markers are
generated; edit the text around them only.

## VM: interpreter benchmarks against lua5.4

`make bench` (or `bench/run.py --write docs/PERFORMANCE.md`) runs every program
in `bench/` under Debian's `lua5.4` and under Amber's hosted VM
(`build/host/amber`), interleaved, and keeps the best wall-clock time of
several runs of each. A ratio below 1.0 means Amber is faster. Goal: geometric
mean at most 1.0; next, 0.75.

"""


def run_once(cmd):
    """Runs cmd in bench/; returns (seconds, stdout, problem or None)."""
    start = time.perf_counter()
    try:
        p = subprocess.run(cmd, cwd=HERE, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, b"", f"timeout after {TIMEOUT} s"
    except OSError as e:
        return None, b"", f"cannot run: {e}"
    elapsed = time.perf_counter() - start
    if p.returncode != 0:
        err = p.stderr.decode("utf-8", "replace").strip().splitlines()
        return elapsed, p.stdout, (f"exit status {p.returncode}"
                                   + (f": {err[0][:100]}" if err else ""))
    return elapsed, p.stdout, None


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"nproc {nproc()}, {cpu}"


def nproc():
    try:
        return subprocess.run(["nproc"], stdout=subprocess.PIPE,
                              text=True).stdout.strip()
    except OSError:
        return str(os.cpu_count())


def write_section(path, text):
    if not os.path.isabs(path):
        path = os.path.join(ROOT, path)
    section = f"{BEGIN}\n{text.rstrip()}\n{END}\n"
    if os.path.exists(path):
        with open(path) as f:
            doc = f.read()
    else:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        doc = INTRO
    pat = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END) + r"\n?", re.S)
    if pat.search(doc):
        doc = pat.sub(lambda m: section, doc, count=1)
    else:
        doc = doc.rstrip("\n") + "\n\n" + section
    with open(path, "w") as f:
        f.write(doc)
    print(f"wrote {os.path.relpath(path, ROOT)}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--write", metavar="FILE")
    ap.add_argument("--lua-only", action="store_true")
    ap.add_argument("names", nargs="*")
    opts = ap.parse_args()

    lua = os.environ.get("LUA", "lua5.4")
    amber = os.environ.get("AMBER", "build/host/amber")
    if os.sep not in amber and shutil.which(amber):
        amber = shutil.which(amber)
    elif not os.path.isabs(amber):
        amber = os.path.join(ROOT, amber)
    if not opts.lua_only and not os.path.exists(amber):
        print(f"bench: {os.path.relpath(amber, ROOT)} missing "
              "(build it first, or use --lua-only)", file=sys.stderr)
        return 1

    progs = sorted(f[:-4] for f in os.listdir(HERE) if f.endswith(".lua"))
    if opts.names:
        progs = [p for p in progs if any(n in p for n in opts.names)]

    rows, ratios, failed = [], [], False
    header = f"| {'benchmark':<14} | {'lua5.4 s':>9} | {'amber s':>9} | {'amber/lua':>9} |"
    print(header.replace("|", " ").rstrip(), flush=True)
    for name in progs:
        prog = name + ".lua"
        best_lua = best_amber = None
        out_lua = out_amber = None
        problem = None
        for _ in range(opts.runs):
            t, out, err = run_once([lua, prog])
            if err:
                problem = f"lua5.4: {err}"
                break
            if out_lua is not None and out != out_lua:
                problem = "lua5.4 output varies between runs"
                break
            out_lua = out
            best_lua = t if best_lua is None else min(best_lua, t)
            if opts.lua_only:
                continue
            t, out, err = run_once([amber, prog])
            if err:
                problem = f"amber: {err}"
                break
            if out != out_lua:
                got = out.decode("utf-8", "replace").strip()[:60]
                want = out_lua.decode("utf-8", "replace").strip()[:60]
                problem = f"amber output differs: got {got!r}, expected {want!r}"
                break
            best_amber = t if best_amber is None else min(best_amber, t)
        if problem:
            failed = True
            rows.append((name, best_lua, None, problem))
            print(f"  {name:<14}   {fmt(best_lua):>9}   {'-':>9}   FAIL: {problem}",
                  flush=True)
            continue
        ratio = None
        if best_amber is not None:
            ratio = best_amber / best_lua
            ratios.append(ratio)
        rows.append((name, best_lua, best_amber, ratio))
        print(f"  {name:<14}   {fmt(best_lua):>9}   {fmt(best_amber):>9}   "
              f"{fmt(ratio, 2):>9}", flush=True)

    gmean = math.exp(sum(math.log(r) for r in ratios) / len(ratios)) if ratios else None
    print(f"geometric mean amber/lua: {fmt(gmean, 3)} over {len(ratios)} benchmarks"
          + ("" if not failed else " (some FAILED)"))

    if opts.write:
        cmd = "bench/run.py " + " ".join(shlex.quote(a) for a in sys.argv[1:])
        lines = [header, "|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|"]
        for name, tl, ta, r in rows:
            rs = r if isinstance(r, str) else fmt(r, 2)
            if isinstance(r, str):
                rs = "FAIL"
            lines.append(f"| {name:<14} | {fmt(tl):>9} | {fmt(ta):>9} | {rs:>9} |")
        lines.append("")
        lines.append(f"Geometric mean of amber/lua: **{fmt(gmean, 3)}** "
                     f"over {len(ratios)} benchmarks"
                     + (" (some benchmarks FAILED, see above)." if failed else "."))
        lines.append("")
        lines.append(f"- Date: {datetime.datetime.now().strftime('%Y-%m-%d %H:%M')}")
        lines.append(f"- Machine: {machine()}")
        lines.append(f"- lua5.4: {lua_version(lua)}")
        lines.append(f"- Best of {opts.runs} wall-clock runs each, interleaved.")
        lines.append(f"- Command: `{cmd}`")
        write_section(opts.write, "\n".join(lines) + "\n")
    return 1 if failed else 0


def lua_version(lua):
    try:
        p = subprocess.run([lua, "-v"], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
        return p.stdout.strip().split("  ")[0]
    except OSError:
        return "?"


def fmt(v, digits=3):
    if v is None:
        return "-"
    return f"{v:.{digits}f}"


if __name__ == "__main__":
    sys.exit(main())
