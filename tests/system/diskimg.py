"""Disk images for the block-device system tests (tests/system/run-suite).

make_amber_disk(path, mib)  a sparse raw image with a protective MBR and a
    GPT (primary and backup) holding one partition of Amber's type
    (d4234883-6d8f-4db1-9ade-b5165f748618, snapshot/gpt.c) from sector 2048
    to a 4 KiB boundary near the end; returns (first_lba, nsectors).
make_blank_disk(path, mib)  an all-zero sparse image (a disk Amber must
    never write).
check_blk_pattern(path, first_lba)  what kernel/blk_test.c wrote into the
    partition: the pattern region and the throughput region; returns None
    or what is wrong.
"""
import os
import struct
import uuid
import zlib

SECTOR = 512
AMBER_TYPE = uuid.UUID("d4234883-6d8f-4db1-9ade-b5165f748618")
PAT_BYTES = 8 << 20          # kernel/blk_test.c
TP_BYTES = 32 << 20
TP_REQ = 256 * 1024
SEED = 0x416d626572
M64 = (1 << 64) - 1


def _header(my, alt, first_usable, last_usable, disk_guid, entries_lba, entries_crc):
    h = struct.pack("<8sIIIIQQQQ16sQIII", b"EFI PART", 0x00010000, 92, 0, 0,
                    my, alt, first_usable, last_usable, disk_guid.bytes_le,
                    entries_lba, 128, 128, entries_crc)
    crc = zlib.crc32(h)
    h = h[:16] + struct.pack("<I", crc) + h[20:]
    return h.ljust(SECTOR, b"\0")


def make_amber_disk(path, mib):
    n = mib * 2048
    first = 2048
    last = ((n - 34) // 8) * 8 - 1          # partition ends on a 4 KiB boundary
    entry = struct.pack("<16s16sQQQ72s", AMBER_TYPE.bytes_le, uuid.uuid4().bytes_le,
                        first, last, 0, "Amber store".encode("utf-16-le"))
    entries = entry.ljust(128 * 128, b"\0")
    ecrc = zlib.crc32(entries)
    disk = uuid.uuid4()
    mbr = bytearray(SECTOR)
    mbr[446:462] = struct.pack("<B3sB3sII", 0, b"\x00\x02\x00", 0xEE, b"\xff\xff\xff",
                               1, min(n - 1, 0xFFFFFFFF))
    mbr[510:512] = b"\x55\xaa"
    with open(path, "wb") as f:
        f.truncate(n * SECTOR)
        f.write(mbr)
        f.write(_header(1, n - 1, 34, n - 34, disk, 2, ecrc))
        f.write(entries)
        f.seek((n - 33) * SECTOR)
        f.write(entries)
        f.write(_header(n - 1, 1, 34, n - 34, disk, n - 33, ecrc))
    return first, last - first + 1


def make_blank_disk(path, mib):
    with open(path, "wb") as f:
        f.truncate(mib << 20)


def _pattern_unit(u):
    base = ((u + 1) * 0x9e3779b97f4a7c15) & M64
    return struct.pack("<64Q", *[base ^ ((j * 0xd1b54a32d192ed03) & M64) ^ SEED
                                 for j in range(64)])


def check_blk_pattern(path, first_lba):
    with open(path, "rb") as f:
        f.seek(first_lba * SECTOR)
        data = f.read(PAT_BYTES + TP_BYTES)
    if len(data) < PAT_BYTES + TP_BYTES:
        return "image shorter than the test regions"
    for u in range(PAT_BYTES // SECTOR):
        if data[u * SECTOR:(u + 1) * SECTOR] != _pattern_unit(u):
            return f"pattern wrong in 512-byte unit {u} of the partition"
    block = bytes(((k * 7 + 3) & 0xff) for k in range(TP_REQ))
    for i in range(TP_BYTES // TP_REQ):
        off = PAT_BYTES + i * TP_REQ
        if data[off:off + TP_REQ] != block:
            return f"throughput region wrong in request {i}"
    return None


def check_untouched(path, first_lba=None):
    """Sector 0 still a protective MBR (Amber disk) or the whole image zero."""
    with open(path, "rb") as f:
        if first_lba is not None:
            mbr = f.read(SECTOR)
            return None if mbr[510:512] == b"\x55\xaa" and mbr[450] == 0xEE \
                else "sector 0 (protective MBR) was changed"
        while True:
            chunk = f.read(1 << 20)
            if not chunk:
                return None
            if chunk.count(0) != len(chunk):
                return "a disk without an Amber partition was written"
