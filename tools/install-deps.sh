#!/bin/sh
# Install the Debian packages Amber's build and tests need, and only those
# that are missing. Called by `make run`, `make test` and .ci/run; safe to run
# again (it does nothing when everything is present).
set -e
PKGS="qemu-system-x86 grub-pc-bin grub-efi-amd64-bin grub-common xorriso mtools
ovmf newlib-source lua5.4 libcmocka-dev python3-pytest clang libclang-rt-14-dev
xxhash"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
		|| missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "install-deps: installing:$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
