#!/bin/sh
# Make a GRUB hybrid ISO (BIOS and UEFI) around an Amber kernel.
#
#   tools/mkiso.sh [--cmdline "WORDS"] [--payload gfx|text]
#                  [--module FILE [--modstr "WORDS"]]... KERNEL GRUB.CFG OUT.iso
#
# Each --module FILE is copied to /boot/mods/ and, with GRUB.CFG "-", loaded
# as a multiboot2 module whose string is the file's base name (the kernel
# starts each one as a program, tools/amber-run), or WORDS when --modstr
# follows it (the kernel's module string: "NAME ARG..." or ":file NAME",
# kernel/vmthread.h; WORDS must be safe in grub.cfg: tools/amber-run
# percent-encodes them).
# With GRUB.CFG "-", writes a one-entry grub.cfg that boots at once with the
# given kernel command line; --payload text keeps GRUB's text mode (no
# framebuffer for the kernel on BIOS), gfx asks for graphics. grub-mkrescue's
# chatter goes to OUT.iso.log and is shown only on failure.
set -e
cmdline=""
payload=gfx
modules=""
while [ $# -gt 3 ]; do
	case "$1" in
	--cmdline) cmdline=$2; shift 2 ;;
	--payload) payload=$2; shift 2 ;;
	--module) modules="$modules
$2"; shift 2 ;;
	--modstr) modules="$modules	$2"; shift 2 ;;
	*) echo "mkiso: unknown option $1" >&2; exit 2 ;;
	esac
done
kernel=$1 cfg=$2 out=$3
stage=$out.d
rm -rf "$stage"
mkdir -p "$stage/boot/grub" "$stage/boot/mods"
cp "$kernel" "$stage/boot/amber.elf"
modlines=""
n=0
tab=$(printf '\t')
echo "$modules" | while IFS= read -r line; do
	[ -n "$line" ] || continue
	m=${line%%"$tab"*}
	str=$(basename "$m")
	case "$line" in *"$tab"*) str=${line#*"$tab"} ;; esac
	n=$((n + 1))
	base=$(basename "$m")
	cp "$m" "$stage/boot/mods/$n-$base"
	echo "	module2 /boot/mods/$n-$base $str" >> "$stage/modlines"
done
if [ "$cfg" = "-" ]; then
	{
		echo "set timeout=0"
		echo "set default=0"
		if [ "$payload" = text ]; then
			echo "set gfxpayload=text"
		else
			echo "insmod all_video"
			echo "set gfxpayload=keep"
		fi
		echo "menuentry \"Amber $cmdline\" {"
		echo "	multiboot2 /boot/amber.elf $cmdline"
		[ -f "$stage/modlines" ] && cat "$stage/modlines"
		echo "	boot"
		echo "}"
	} > "$stage/boot/grub/grub.cfg"
else
	cp "$cfg" "$stage/boot/grub/grub.cfg"
fi
rm -f "$stage/modlines"

if ! grub-mkrescue -o "$out.tmp" "$stage" > "$out.log" 2>&1; then
	echo "mkiso: grub-mkrescue failed:" >&2
	cat "$out.log" >&2
	exit 1
fi
mv "$out.tmp" "$out"
rm -rf "$stage"
