#!/usr/bin/python3
"""Generate the kernel symbol table (.ksyms section) from `nm -n` output.

Usage: gen-ksyms.py NM_OUTPUT OUT.S
Keeps text symbols (t/T/w/W in the kernel's higher half), sorted by address,
and writes an assembly file with the layout described in kernel/ksyms.h.
An empty NM_OUTPUT gives an empty (but valid) table, used by the first link.
"""
import sys

MAGIC = 0x3142415453594D4B


def main():
    src, out = sys.argv[1], sys.argv[2]
    syms = {}
    with open(src) as f:
        for line in f:
            parts = line.split()
            if len(parts) != 3 or parts[1] not in "tTwW":
                continue
            addr = int(parts[0], 16)
            if addr < 0xFFFF800000000000:
                continue
            name = parts[2]
            # several names at one address: prefer one without a leading _
            if addr not in syms or (syms[addr].startswith("_") and not name.startswith("_")):
                syms[addr] = name
    entries = sorted(syms.items())
    lines = ['\t.section .ksyms, "a"', "\t.balign 16",
             f"\t.quad {MAGIC:#x}, {len(entries)}"]
    off = 0
    for addr, name in entries:
        lines.append(f"\t.quad {addr:#x}, {off}")
        off += len(name.encode()) + 1
    for _, name in entries:
        lines.append(f'\t.asciz "{name}"')
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
