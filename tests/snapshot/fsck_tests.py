#!/usr/bin/python3
"""fsck_tests.py: amber-fsck on image files (run by tests/snapshot/run-suite).

Makes images with `amber-fsck --format` and fills them with snapshots using
build/host/tests/snapshot/snapfill, then flips bytes in each kind of block
(both superblocks, the newest tree's root and leaf nodes, a data page only the
newest snapshot has, one both share, the GPT's MBR, headers and entries) and
checks the exit status (0 clean, 1 damaged with a usable snapshot, 2 none)
and that the message names the damaged block. Also malformed images: blank,
another system's GPT, truncated, too small, a bare partition.

Prints PASS/FAIL snapshot/fsck/<name> lines.
"""
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FSCK = os.path.join(ROOT, "build/host/amber-fsck")
FILL = os.path.join(ROOT, "build/host/tests/snapshot/snapfill")
BS = 4096


def fsck(*args):
    p = subprocess.run([FSCK, *args], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, timeout=60)
    return p.returncode, p.stdout


def fill(img, n, pages, seed, bare=False):
    args = [FILL] + (["--partition"] if bare else []) + [img, str(n), str(pages), str(seed)]
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, timeout=60)


class Image:
    """Byte-level view of a GPT disk holding an Amber store."""

    def __init__(self, path):
        self.path = path
        with open(path, "rb") as f:
            self.data = bytearray(f.read())
        self.part = struct.unpack_from("<Q", self.data, 1024 + 32)[0] * 512

    def block(self, b):
        return self.data[self.part + b * BS:self.part + (b + 1) * BS]

    def sb(self, slot):
        d = self.block(slot)
        seq, = struct.unpack_from("<Q", d, 48)
        root, = struct.unpack_from("<Q", d, 72)
        height, = struct.unpack_from("<I", d, 84)
        return seq, root, height

    def newest_slot(self):
        return 0 if self.sb(0)[0] > self.sb(1)[0] else 1

    def entries(self, b):
        d = self.block(b)
        for i in range(256):
            blk, crc, birth = struct.unpack_from("<QII", d, 16 * i)
            if blk:
                yield blk, birth

    def leaves(self, slot):
        seq, root, height = self.sb(slot)
        level = [root]
        for _ in range(height - 1):
            level = [c for n in level for c, _ in self.entries(n)]
        return level

    def data_pages(self, slot):
        return [(b, birth) for leaf in self.leaves(slot) for b, birth in self.entries(leaf)]

    def flip(self, offset, out):
        d = bytearray(self.data)
        d[offset] ^= 0x5A
        with open(out, "wb") as f:
            f.write(d)

    def flip_block(self, b, out, at=100):
        self.flip(self.part + b * BS + at, out)


results = []


def check(name, ok, why=""):
    if ok:
        print(f"PASS snapshot/fsck/{name}", flush=True)
    else:
        print(f"FAIL snapshot/fsck/{name}: {why}", flush=True)
    results.append(ok)


def expect(name, args, status, *words):
    rc, out = fsck(*args)
    missing = [w for w in words if w not in out]
    check(name, rc == status and not missing,
          f"exit {rc} (want {status}), missing {missing}: {out.strip()[-400:]}")


def main():
    if not (os.path.exists(FSCK) and os.path.exists(FILL)):
        print("SKIP snapshot/fsck: amber-fsck or snapfill not built (make test-build)")
        return 0
    tmp = tempfile.mkdtemp(prefix="amber-fsck-")
    try:
        run(tmp)
    finally:
        shutil.rmtree(tmp)
    return 0 if all(results) else 1


def run(tmp):
    img = os.path.join(tmp, "disk.img")
    bad = os.path.join(tmp, "bad.img")
    rc, out = fsck("--format", "8M", img)
    check("format", rc == 0, out)
    expect("fresh_clean", [img], 0, "snapshot 0", "clean")
    fill(img, 30, 3000, 5)
    expect("filled_clean", [img], 0, "snapshot 30", "snapshot 29", "clean")

    im = Image(img)
    n = im.newest_slot()
    seq, root, height = im.sb(n)
    check("tree_shape", height == 2 and root >= 2, f"height {height}, root {root}")

    im.flip_block(n, bad, at=50)
    expect("newest_superblock", [bad], 1, f"slot {n}", "checksum mismatch",
           f"restore snapshot {seq - 1}")
    im.flip_block(1 - n, bad, at=3000)
    expect("previous_superblock", [bad], 1, f"slot {1 - n}", f"restore snapshot {seq}")
    im.flip_block(root, bad)
    expect("newest_root_node", [bad], 1, f"block {root}", f"restore snapshot {seq - 1}")
    leaf = im.leaves(n)[0]
    im.flip_block(leaf, bad, at=7)
    expect("newest_leaf_node", [bad], 1, f"block {leaf}", f"restore snapshot {seq - 1}")
    own = [b for b, birth in im.data_pages(n) if birth == seq]
    shared = set(b for b, _ in im.data_pages(n)) & set(b for b, _ in im.data_pages(1 - n))
    check("found_pages", own and shared, "no own/shared data page")
    im.flip_block(own[0], bad, at=4095)
    expect("newest_data_page", [bad], 1, f"block {own[0]}", "data page",
           f"restore snapshot {seq - 1}")
    b = sorted(shared)[0]
    im.flip_block(b, bad)
    expect("shared_data_page", [bad], 2, f"block {b}", "no usable snapshot")

    # GPT: MBR signature, primary header and entries, backup header.
    nsec = len(im.data) // 512
    im.flip(510, bad)
    expect("mbr_signature", [bad], 2, "no MBR signature")
    im.flip(512 + 40, bad)
    expect("gpt_primary_header", [bad], 1, "primary GPT damaged", "using the backup",
           f"restore snapshot {seq}")
    im.flip(1024 + 40, bad)
    expect("gpt_primary_entries", [bad], 1, "primary GPT damaged", "checksum mismatch")
    im.flip((nsec - 1) * 512 + 60, bad)
    expect("gpt_backup_header", [bad], 1, "backup GPT damaged")

    # Malformed images.
    with open(bad, "wb") as f:
        f.truncate(8 << 20)
    expect("blank_disk", [bad], 2, "no partition table")
    d = bytearray(im.data)
    linux = bytes.fromhex("af3dc60f838472478e793d69d8477de4")  # Linux data, GPT order
    for hdr, ent in ((512, 1024), ((nsec - 1) * 512, (nsec - 33) * 512)):
        d[ent:ent + 16] = linux
        ecrc = zlib.crc32(bytes(d[ent:ent + 128 * 128]))
        struct.pack_into("<I", d, hdr + 88, ecrc)
        struct.pack_into("<I", d, hdr + 16, 0)
        struct.pack_into("<I", d, hdr + 16, zlib.crc32(bytes(d[hdr:hdr + 92])))
    with open(bad, "wb") as f:
        f.write(d)
    expect("other_system_gpt", [bad], 2, "no Amber partition", "0fc63daf-8483-4772")
    with open(bad, "wb") as f:
        f.write(im.data[:len(im.data) // 2])
    expect("truncated_disk", [bad], 2, "past the end of the disk")
    with open(bad, "wb") as f:
        f.write(im.data[:3000])
    expect("tiny_file", [bad], 2)
    rc, out = fsck("--format", "1M", bad)
    check("format_too_small", rc == 2 and "too small" in out, out)
    expect("missing_file", [os.path.join(tmp, "nonexistent.img")], 2)

    # A bare partition, and one cut short.
    part = os.path.join(tmp, "part.img")
    rc, out = fsck("--format", "2M", "--partition", part)
    check("format_partition", rc == 0, out)
    fill(part, 10, 500, 9, bare=True)
    expect("partition_clean", ["--partition", part], 0, "snapshot 10", "clean")
    with open(part, "rb") as f:
        p = f.read()
    with open(bad, "wb") as f:
        f.write(p[:len(p) // 2])
    expect("partition_truncated", ["--partition", bad], 2, "truncated image")

    # 4 KiB sectors.
    rc, out = fsck("--format", "8M", "--sector-size", "4096", img)
    check("format_4k_sectors", rc == 0, out)
    expect("clean_4k_sectors", ["--sector-size", "4096", img], 0, "clean")


if __name__ == "__main__":
    sys.exit(main())
