#!/bin/sh
# SPDX-License-Identifier: MIT
# prisma.sh install | validate FILE... | format FILE | check FILE...
# Prisma's own schema engine, offline: @prisma/prisma-schema-wasm (the
# WebAssembly build of prisma-fmt, no native engines) from the npm
# registry, pinned below, installed once into $MDB_PRISMA_DIR.
#   install:  installs it (tools/install-deps.sh calls this);
#   validate: Prisma's validator (exit 1 on errors, printed as Prisma does);
#   format:   prints FILE in Prisma's canonical layout (`prisma format`);
#   check:    each FILE is valid for Prisma, already in Prisma's layout,
#             and `mdb schema format --check` agrees (MDB names mdb).
set -eu
VERSION=8.1.0-2.59be4fda12412a79eeb9c2ae727b6aa723593323
DIR=${MDB_PRISMA_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/macrodb/prisma-schema-wasm-$VERSION}
HERE=$(cd "$(dirname "$0")" && pwd)

installed() { [ -f "$DIR/node_modules/@prisma/prisma-schema-wasm/package.json" ]; }
run() {
  installed || { echo "prisma.sh: @prisma/prisma-schema-wasm is not installed in $DIR: run tools/install-deps.sh" >&2; exit 1; }
  NODE_PATH=$DIR/node_modules node "$HERE/prisma-wasm.js" "$@"
}

cmd=${1:-}; [ $# -gt 0 ] && shift
case $cmd in
  install)
    installed && exit 0
    mkdir -p "$DIR"
    npm install --prefix "$DIR" --no-audit --no-fund --loglevel=error "@prisma/prisma-schema-wasm@$VERSION" >&2 ;;
  validate|format) run "$cmd" "$@" ;;
  check)
    MDB=${MDB:?prisma.sh check: set MDB to the mdb binary}
    fail=0
    run validate "$@" || fail=1
    for f in "$@"; do
      if ! run format "$f" | cmp -s - "$f"; then
        echo "prisma.sh: $f is not in Prisma's canonical layout; what \`prisma format\` changes:" >&2
        run format "$f" | diff -u "$f" - >&2 || true
        fail=1
      fi
      "$MDB" schema format --check "$f" || fail=1
    done
    exit $fail ;;
  *) echo "usage: prisma.sh install | validate FILE... | format FILE | check FILE..." >&2; exit 2 ;;
esac
