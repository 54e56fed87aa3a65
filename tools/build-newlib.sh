#!/bin/sh
# Build newlib 3.3.0 (Debian's newlib-source) for the Amber kernel, once.
#
#   tools/build-newlib.sh OUTDIR CFLAGS...
#
# Unpacks /usr/src/newlib/newlib-3.3.0.tar.xz into OUTDIR/src, configures it
# for x86_64-elf with the host gcc/binutils, builds libc.a and libm.a and
# installs them under OUTDIR/install. Everything it prints goes to
# OUTDIR/build.log; on failure the tail of that log is shown. OUTDIR/stamp is
# written last, so an interrupted build starts again from scratch.
set -e
out=$1; shift
cflags="$*"
tarball=/usr/src/newlib/newlib-3.3.0.tar.xz
[ -f "$tarball" ] || { echo "build-newlib: $tarball missing (install newlib-source)" >&2; exit 1; }
rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)
log=$out/build.log
echo "  NEWLIB  $out (log: $log)"
fail() { echo "build-newlib: $1 failed; last lines of $log:" >&2; tail -n 30 "$log" >&2; exit 1; }
mkdir -p "$out/src" "$out/obj"
tar -xJf "$tarball" -C "$out/src" >>"$log" 2>&1 || fail "unpack"
src=$(ls -d "$out"/src/*/ | head -n 1)
cd "$out/obj"
"$src/configure" --target=x86_64-elf --prefix="$out/install" \
	--disable-newlib-supplied-syscalls --enable-newlib-nano-malloc \
	--disable-multilib --disable-nls \
	CC_FOR_TARGET=gcc AR_FOR_TARGET=ar AS_FOR_TARGET=as LD_FOR_TARGET=ld \
	RANLIB_FOR_TARGET=ranlib NM_FOR_TARGET=nm OBJDUMP_FOR_TARGET=objdump \
	CFLAGS_FOR_TARGET="$cflags" >>"$log" 2>&1 || fail "configure"
jobs=$(nproc 2>/dev/null || echo 2)
make -j"$jobs" all-target-newlib >>"$log" 2>&1 || fail "make"
make install-target-newlib >>"$log" 2>&1 || fail "install"
[ -f "$out/install/x86_64-elf/lib/libc.a" ] || fail "locating libc.a"
touch "$out/stamp"
