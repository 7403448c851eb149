#!/bin/sh
# SPDX-License-Identifier: MIT
# install-deps.sh: install what building and testing need, on Debian 12.
# Installs only packages that are missing; uses sudo when not root.
set -eu

PKGS="meson ninja-build pkg-config gcc libc6-dev libglib2.0-dev libpq-dev check \
libjson-glib-dev postgresql-15 postgresql-client-15 valgrind python3 util-linux \
pgbouncer clang libclang-rt-14-dev nodejs"

missing=
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' \
    || missing="$missing $p"
done
# npm comes with some nodejs builds (NodeSource's); Debian packages it apart.
command -v npm >/dev/null 2>&1 || missing="$missing npm"

# Prisma's own schema validator for tools/prisma/prisma.sh check (npm registry).
prisma_wasm() { "$(dirname "$0")/prisma/prisma.sh" install; }
[ -z "$missing" ] && { prisma_wasm; exit 0; }

echo "install-deps: installing$missing" >&2
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get -o DPkg::Lock::Timeout=300 update -q >&2
# policy-rc.d on CI images keeps the packaged cluster from starting; we never use it.
# shellcheck disable=SC2086
$SUDO apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends $missing >&2
prisma_wasm
