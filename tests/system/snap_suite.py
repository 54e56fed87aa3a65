#!/usr/bin/python3
"""System tests of snapshots and restore (issue 5), driven by tools/amber-run
with a disk image (--disk, --fresh). Every QEMU runs under a hard timeout.

- powercut-kill: tests/system/snap/powercut.lua (a workload that checks
  itself after a restore and prints "synced N" after each system:sync()) is
  SIGKILLed at random moments (snapshots every 200 ms, so many kills land in
  the middle of one), AMBER_POWERCUTS times in a row (default 12) on one
  disk; each reboot must print "restored n=X ok" with X >= the last N
  acknowledged, and amber-fsck must find the image clean.
- powercut-inject: the same with the kernel's power-cut injection
  (snapfault=SEED: unflushed writes lost or torn at a random store request,
  kernel/snapd.c), AMBER_POWERCUTS_INJECT times (default 8).
- corruption: a byte flipped in the newest snapshot's superblock, root tree
  node, or a data page it wrote: amber-fsck fails, the boot falls back to
  the previous snapshot with a message and the workload checks out.
- corrupt-old: a byte flipped in a page older than both live snapshots
  (tests/system/snap/oldpage.lua): the boot restores the newest snapshot,
  the first touch of the page reports it, and no snapshot or successful
  sync follows, so amber-fsck still finds the damage.
- restart: threads blocked in console read, in sleep and in join (restart
  list) when the machine dies all resume (tests/system/snap/restart.lua).
- ioread-wait: while a thread waits in io.read for a line sent only later,
  another thread keeps printing and system:sync() in a third completes (a
  snapshot commits): io.read waits without the persistent-memory lock.
- ioread-formats: io.read with "l", "n", "L", counts, "a", io.lines and
  io.stdin:lines, each waiting for input sent in pieces (some ending in the
  middle of a line) after the program asks for it; the output must be
  lua5.4's with the same input.
- ioread-restart: a thread waiting in io.read (one line of its two already
  read) when the machine dies reads again after the restore: the line it
  had is kept, the next comes after the restore.

Run alone: tests/system/snap_suite.py [FILTER]. Prints PASS/FAIL lines.
"""
import os
import queue
import random
import re
import signal
import struct
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RUN = os.path.join(ROOT, "tools", "amber-run")
FSCK = os.path.join(ROOT, "build", "host", "amber-fsck")
SNAP = os.path.join(ROOT, "tests", "system", "snap")
OUT = os.path.join(ROOT, "build", "systest", "snap")
BOOT_TIMEOUT = 60


class Guest:
    """One amber-run in its own process group; lines arrive on a queue."""

    def __init__(self, name, disk, fresh=False, words="", snapint="200", stdin=b"",
                 prog="powercut.lua", keep_open=False):
        cmd = [RUN, "--timeout", str(BOOT_TIMEOUT), "--disk", disk, "--disk-size", "64M",
               "--snapint", snapint]
        if fresh:
            cmd.append("--fresh")
        if words:
            cmd += ["--kernel-args", words]
        cmd.append(os.path.join(SNAP, prog))
        self.log = open(os.path.join(OUT, name + ".log"), "ab")
        self.p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  stdin=subprocess.PIPE, start_new_session=True)
        if stdin is not None:		# else stdin stays open: no end of input
            self.p.stdin.write(stdin)
            if keep_open:		# more to come: send(), end_input()
                self.p.stdin.flush()
            else:
                self.p.stdin.close()
        self.q = queue.Queue()
        self.lines = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for raw in self.p.stdout:
            self.log.write(raw)
            self.log.flush()
            line = raw.decode(errors="replace").rstrip("\r\n")
            self.lines.append(line)
            self.q.put(line)
        self.q.put(None)

    def wait_for(self, pattern, timeout):
        """The first line matching pattern (a regex), or None."""
        end = time.monotonic() + timeout
        rx = re.compile(pattern)
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return None
            try:
                line = self.q.get(timeout=left)
            except queue.Empty:
                return None
            if line is None:
                return None
            m = rx.search(line)
            if m:
                return m

    def send(self, data):
        """More input (amber-run passes it on as it comes)."""
        self.p.stdin.write(data)
        self.p.stdin.flush()

    def end_input(self):
        self.p.stdin.close()

    def text(self):
        """What the guest printed so far, kernel log lines left out."""
        return LOGLINE.sub("", "".join(line + "\n" for line in self.lines))

    def drain(self):
        out = []
        while True:
            try:
                line = self.q.get_nowait()
            except queue.Empty:
                return out
            if line is None:
                return out
            out.append(line)

    def kill(self):
        try:
            os.killpg(self.p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.p.wait()
        time.sleep(0.2)
        self.log.close()

    def finish(self, timeout):
        try:
            self.p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return None
        time.sleep(0.2)
        self.log.close()
        return self.p.returncode


SYNCED = re.compile(r"^synced (\d+)$")
LOGLINE = re.compile(r"\[[ \d]{5,}\.\d{6}\] [^\n]*\n?")


def last_synced(lines, prev):
    for line in lines:
        m = SYNCED.match(line)
        if m:
            prev = max(prev, int(m.group(1)))
    return prev


def fsck(disk):
    p = subprocess.run([FSCK, disk], capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


def check_restored(g, acked):
    m = g.wait_for(r"^restored (BAD.*|n=(\d+) ok)$", 40)
    if m is None:
        return "no 'restored' line after the reboot"
    if m.group(1).startswith("BAD"):
        return "restored state inconsistent: " + m.group(0)
    if int(m.group(2)) < acked:
        return f"restored n={m.group(2)} older than the last acknowledged sync {acked}"
    return None


def powercut_kill(rounds, rng):
    disk = os.path.join(OUT, "powercut-kill.img")
    acked, why, midsnap = 0, None, 0
    for r in range(rounds + 1):
        g = Guest("powercut-kill", disk, fresh=(r == 0))
        if r > 0:
            why = check_restored(g, acked)
        if why is None and g.wait_for(r"^synced \d+$", 40) is None:
            why = "no sync acknowledged"
        if why is None:
            time.sleep(rng.uniform(0.0, 2.0))
        acked = last_synced(g.lines, acked)
        g.kill()
        acked = last_synced(g.lines, acked)
        if why is not None:
            return f"round {r}: {why}"
        rc, out = fsck(disk)
        if rc != 0:
            return f"round {r}: amber-fsck: {out.strip()[-300:]}"
    return None


def powercut_inject(rounds, rng):
    disk = os.path.join(OUT, "powercut-inject.img")
    acked, cuts = 0, 0
    for r in range(rounds + 1):
        words = "" if r == rounds else f"snapfault={rng.randrange(1, 1 << 30)}"
        g = Guest("powercut-inject", disk, fresh=(r == 0), words=words)
        why = check_restored(g, acked) if r > 0 else None
        if why is not None and r < rounds and g.finish(5) == 7:
            # the injected cut came before the guest had checked itself
            # (a large state takes a while to fault in): the next round does
            cuts += 1
            acked = last_synced(g.lines, acked)
            continue
        if why is None and r < rounds:
            st = g.finish(BOOT_TIMEOUT + 10)
            if st == 7:
                cuts += 1
            elif st is not None and st != 124:
                why = f"QEMU status {st}"
        else:
            g.kill()
        acked = last_synced(g.lines, acked)
        if why is not None:
            return f"round {r}: {why}", cuts
    return None, cuts


# ---- corruption ------------------------------------------------------------------------

PART = 2048 * 512		# amber-fsck --format puts the partition at 1 MiB
BS = 4096


def read_block(f, b):
    f.seek(PART + b * BS)
    return f.read(BS)


def newest(disk):
    with open(disk, "rb") as f:
        best = None
        for slot in (0, 1):
            sb = read_block(f, slot)
            if sb[:8] != b"AMBRSNAP":
                continue
            seq, = struct.unpack_from("<Q", sb, 48)
            root, = struct.unpack_from("<Q", sb, 72)
            height, = struct.unpack_from("<I", sb, 84)
            if best is None or seq > best[1]:
                best = (slot, seq, root, height)
        slot, seq, root, height = best
        # a data page this snapshot wrote: follow entries born in seq
        b, level = root, height - 1
        while level >= 0:
            node = read_block(f, b)
            nxt = None
            for e in range(256):
                blk, crc, birth = struct.unpack_from("<QII", node, e * 16)
                if blk and birth == (seq & 0xffffffff):
                    nxt = blk
                    break
            if nxt is None:
                return slot, seq, root, None
            b, level = nxt, level - 1
        return slot, seq, root, b


def flip(disk, block, off):
    with open(disk, "r+b") as f:
        f.seek(PART + block * BS + off)
        c = f.read(1)
        f.seek(PART + block * BS + off)
        f.write(bytes([c[0] ^ 0x5a]))


def corruption(kind, rng):
    disk = os.path.join(OUT, f"corrupt-{kind}.img")
    g = Guest(f"corrupt-{kind}", disk, fresh=True)
    ok = g.wait_for(r"^synced 48$", 60)
    g.kill()
    if ok is None:
        return "workload did not reach 'synced 48'"
    slot, seq, root, data = newest(disk)
    if kind == "superblock":
        flip(disk, slot, rng.randrange(0, 128))
    elif kind == "node":
        flip(disk, root, rng.randrange(0, 256 * 16))
    else:
        if data is None:
            return "no data page written by the newest snapshot"
        flip(disk, data, rng.randrange(0, BS))
    rc, out = fsck(disk)
    if rc == 0:
        return f"amber-fsck did not notice the {kind} flip"
    g = Guest(f"corrupt-{kind}", disk)
    why = check_restored(g, 0)
    g.kill()
    if why:
        return why
    text = "\n".join(g.lines)
    m = re.search(r"snap: vblk0: restoring snapshot (\d+)", text)
    if m is None or int(m.group(1)) != seq - 1:
        return f"expected a fallback to snapshot {seq - 1}: " + (m.group(0) if m else "no restore")
    if not re.search(r"snap: vblk0: .*(slot|snapshot %d)" % seq, text):
        return "no message about the damaged newest snapshot"
    return None


def superblocks(f):
    """(slot, seq, root, height) of each valid-looking superblock."""
    out = []
    for slot in (0, 1):
        sb = read_block(f, slot)
        if sb[:8] == b"AMBRSNAP":
            seq, = struct.unpack_from("<Q", sb, 48)
            root, = struct.unpack_from("<Q", sb, 72)
            height, = struct.unpack_from("<I", sb, 84)
            out.append((slot, seq, root, height))
    return sorted(out, key=lambda k: k[1])


def old_marked_page(disk, mark, before):
    """A data block of the newest snapshot born before seq `before` that holds
    the 8-byte value `mark` many times, and the offset of one of them."""
    pat = struct.pack("<Q", mark)
    with open(disk, "rb") as f:
        _, _, root, height = superblocks(f)[-1]

        def walk(b, level):
            node = read_block(f, b)
            for e in range(256):
                blk, _, birth = struct.unpack_from("<QII", node, e * 16)
                if not blk:
                    continue
                if level > 0:
                    r = walk(blk, level - 1)
                    if r:
                        return r
                elif birth < before:
                    data = read_block(f, blk)
                    if data.count(pat) >= 100:
                        return blk, data.index(pat, 2048)
            return None
        return walk(root, height - 1)


def corrupt_old():
    """A page older than both live snapshots (so no fallback can replace it)
    damaged on disk: the boot restores the newest snapshot, the first touch
    of the page reports it, and no snapshot is taken from then on, so the
    store stays as it was for amber-fsck."""
    disk = os.path.join(OUT, "corrupt-old.img")
    g = Guest("corrupt-old", disk, fresh=True, prog="oldpage.lua")
    ok = g.wait_for(r"^synced 200 true$", 90)
    g.kill()
    if ok is None:
        return "workload did not reach 'synced 200 true'"
    with open(disk, "rb") as f:
        sbs = superblocks(f)
    seq = sbs[-1][1]
    found = old_marked_page(disk, 0x5A17C0DE5A17, seq - 1)
    if found is None:
        return f"no page of the array older than snapshot {seq - 1}"
    block, off = found
    flip(disk, block, off + 2)
    rc, out = fsck(disk)
    if rc == 0:
        return "amber-fsck did not notice the flip"
    g = Guest("corrupt-old", disk, prog="oldpage.lua")
    m = g.wait_for(r"^restored bad=(\d+)$", 60)
    if m is None:
        g.kill()
        return "no 'restored' line"
    g.wait_for(r"^synced \d+ false$", 30)	# snapshots refused from now on
    time.sleep(1.0)
    g.kill()
    text = "\n".join(g.lines)
    r = re.search(r"snap: vblk0: restoring snapshot (\d+)", text)
    if r is None or int(r.group(1)) != seq:
        return f"expected snapshot {seq} restored (the damage is not in what it wrote): " + \
            (r.group(0) if r else "no restore")
    if int(m.group(1)) == 0:
        return "the damaged page read back as if whole"
    d = re.search(r"snap: page \d+ cannot be restored: .*checksum mismatch.*snapshots stop", text)
    if d is None:
        return "no message naming the damaged page"
    later = text[d.end():]
    if re.search(r"snap: snapshot \d+:", later):
        return "a snapshot was committed after the damage was found"
    if re.search(r"^synced \d+ true$", later, re.M):
        return "a sync succeeded after the damage was found"
    rc, out = fsck(disk)
    if rc == 0 or str(block) not in out:
        return "amber-fsck no longer reports the damaged block: " + out.strip()[-200:]
    return None


def restart():
    disk = os.path.join(OUT, "restart.img")
    g = Guest("restart", disk, fresh=True, prog="restart.lua", snapint="0", stdin=None)
    ok = g.wait_for(r"^synced$", 60)
    g.kill()
    if ok is None:
        return "no 'synced'"
    t_kill = time.time()
    g = Guest("restart", disk, prog="restart.lua", snapint="0", stdin=b"after restore\n")
    st = g.finish(BOOT_TIMEOUT + 10)
    text = "\n".join(g.lines)
    for rx, what in ((r"^reader got: after restore$", "reader did not read the line"),
                     (r"^sleeper woke after (\d+\.\d) s$", "sleeper did not wake"),
                     (r"^joiner: join returned true$", "joiner did not return"),
                     (r"^all done$", "main did not finish"),
                     (r"restart list: [1-9]\d* object\(s\) released", "restart list empty")):
        if not re.search(rx, text, re.M):
            return what + f" (status {st})"
    woke = float(re.search(r"^sleeper woke after (\d+\.\d) s$", text, re.M).group(1))
    if woke > 4 + (time.time() - t_kill) + 2:
        return f"sleeper slept {woke} s: its deadline did not persist"
    if woke < 3:
        return f"sleeper woke after {woke} s (< 4 s minus the clock's resolution)"
    return None


# ---- io.read waits without the persistent-memory lock ---------------------------------

def ioread_wait():
    disk = os.path.join(OUT, "ioread-wait.img")
    g = Guest("ioread-wait", disk, fresh=True, prog="ioread_wait.lua", snapint="0",
              stdin=None)
    try:
        if g.wait_for(r"^reader: waiting$", 60) is None:
            return "the reader thread never started"
        m = g.wait_for(r"^sync returned (\S+)$", 30)
        if m is None:
            return "system:sync() did not return while a thread waited in io.read"
        if m.group(1) != "true":
            return f"system:sync() returned {m.group(1)}"
        time.sleep(1.5)
        lines = list(g.lines)
        start = lines.index("reader: waiting")
        ticks = [l for l in lines[start:] if re.match(r"^tick \d+$", l)]
        if len(ticks) < 5:
            return f"only {len(ticks)} ticks while the reader waited"
        if not any(re.search(r"snap: snapshot \d+: ", l) for l in lines[start:]):
            return "no snapshot committed while the reader waited"
        if any(l.startswith("reader got") for l in lines):
            return "the reader returned before its line was sent"
        g.send(b"hello, world\n")
        g.end_input()
        st = g.finish(60)
    finally:
        if g.p.poll() is None:
            g.kill()
    text = "\n".join(g.lines)
    for rx, what in ((r"^reader got: hello, world$", "the reader did not get its line"),
                     (r"^all done$", "the program did not finish")):
        if not re.search(rx, text, re.M):
            return what + f" (status {st})"
    return None if st == 0 else f"status {st}"


# Pieces of input sent to tests/system/snap/ioread_formats.lua, each list once
# the program has printed "want K", 0.4 s apart; then the end of input.
IOREAD_PIECES = [
    (1, [b"first line\n"]),
    (2, [b"  4", b"2 and the rest\n"]),
    (3, [b"abc", b"defgh\n"]),
    (4, [b"\n\n  7\n", b" -2.5e1\n"]),
    (5, [b"x y z\n"]),
    (6, [b"a\nb\n", b"stop\n"]),
    (7, [b"1 ab\n2 cd\n", b"3 ef\n"]),
    (8, [b"tail 1\n", b"tail 2"]),
]


def ioread_formats():
    prog = os.path.join(SNAP, "ioread_formats.lua")
    allin = b"".join(b"".join(p) for _, p in IOREAD_PIECES)
    ref = subprocess.run(["lua5.4", prog], input=allin, capture_output=True, timeout=20)
    if ref.returncode != 0:
        return "lua5.4 failed on the program: " + ref.stderr.decode(errors="replace")
    want = ref.stdout.decode()
    disk = os.path.join(OUT, "ioread-formats.img")
    g = Guest("ioread-formats", disk, fresh=True, prog="ioread_formats.lua", stdin=None)
    try:
        for k, pieces in IOREAD_PIECES:
            if g.wait_for(rf"^want {k}$", 60 if k == 1 else 30) is None:
                return f"no 'want {k}'; output so far: " + " | ".join(g.text().splitlines()[-6:])
            for p in pieces:
                time.sleep(0.4)
                g.send(p)
        g.end_input()
        st = g.finish(60)
    finally:
        if g.p.poll() is None:
            g.kill()
    got = g.text()
    if got != want:
        i = next((k for k in range(min(len(got), len(want))) if got[k] != want[k]),
                 min(len(got), len(want)))
        return f"output differs from lua5.4 at byte {i}: got {got[max(0, i - 40):i + 80]!r}, " \
            f"want {want[max(0, i - 40):i + 80]!r}"
    return None if st == 0 else f"status {st}"


def ioread_restart():
    disk = os.path.join(OUT, "ioread-restart.img")
    g = Guest("ioread-restart", disk, fresh=True, prog="ioread_restart.lua", snapint="0",
              stdin=b"A\n", keep_open=True)
    ok = g.wait_for(r"^synced$", 60)
    g.kill()
    if ok is None:
        return "no 'synced' (did system:sync() return while the reader waited?)"
    if any(l.startswith("reader got") for l in g.lines):
        return "the reader returned before the restart"
    if "sync returned true" not in g.lines:
        return "system:sync() did not return true"
    g = Guest("ioread-restart", disk, prog="ioread_restart.lua", snapint="0",
              stdin=b"B\nC\nD\n")
    st = g.finish(BOOT_TIMEOUT + 10)
    if not any(re.search(r"snap: \S+: restoring snapshot \d+", l) for l in g.lines):
        return f"no restore (status {st})"
    if "reader: waiting" in g.lines:
        return "the reader started again instead of going on in its io.read"
    # the reader's lines, in order; the main thread's (its sync runs again
    # after the restore and may return while the reader reads) and kernel
    # log lines may come between them
    guest = [l for l in g.lines if not LOGLINE.match(l)]
    reader = [l for l in guest if l.startswith(("reader", "line "))]
    if reader[:1] != ["reader got: A B"]:
        return ("the reader did not get A (read before the snapshot) and B (sent after "
                f"the restore): {reader[:1]} (status {st})")
    if reader[1:] != ["line 1: C", "line 2: D", "reader: end of input after 2 lines"]:
        return f"io.lines() after the restore: {reader[1:]} (status {st})"
    if "all done" not in guest:
        return f"main did not finish (status {st})"
    return None if st == 0 else f"status {st}"


def main():
    filt = sys.argv[1:]
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        os.remove(os.path.join(OUT, f))
    seed = int(os.environ.get("AMBER_SNAPTEST_SEED", str(int(time.time()))))
    print(f"snap suite: seed {seed} (AMBER_SNAPTEST_SEED)", flush=True)
    rng = random.Random(seed)
    failed = 0

    def report(name, why):
        nonlocal failed
        if why:
            failed += 1
            print(f"FAIL {name}: {why}", flush=True)
        else:
            print(f"PASS {name}", flush=True)

    def want(name):
        return not filt or any(f in name for f in filt)

    n = int(os.environ.get("AMBER_POWERCUTS", "12"))
    if want("powercut-kill"):
        report(f"snap/powercut-kill x{n}", powercut_kill(n, rng))
    if want("powercut-inject"):
        k = int(os.environ.get("AMBER_POWERCUTS_INJECT", "8"))
        why, cuts = powercut_inject(k, rng)
        report(f"snap/powercut-inject x{k} ({cuts} injected cuts)", why)
    for kind in ("superblock", "node", "data"):
        if want("corrupt-" + kind):
            report(f"snap/corrupt-{kind}", corruption(kind, rng))
    if want("corrupt-old"):
        report("snap/corrupt-old", corrupt_old())
    if want("restart"):
        report("snap/restart", restart())
    for name, fn in (("ioread-wait", ioread_wait), ("ioread-formats", ioread_formats),
                     ("ioread-restart", ioread_restart)):
        if want(name):
            report("snap/" + name, fn())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
