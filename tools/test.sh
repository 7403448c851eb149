#!/bin/sh
# SPDX-License-Identifier: MIT
# test.sh: install what is missing, build, start a throwaway PostgreSQL, run
# every test suite and the project's checks, stop the server.  Exit 0 = green.
set -eu
cd "$(dirname "$0")/.."

tools/install-deps.sh

BUILD=${MDB_TEST_BUILD_DIR:-build-test}
if [ -d "$BUILD" ]; then meson setup --reconfigure "$BUILD" >/dev/null; else meson setup "$BUILD" >/dev/null; fi
meson compile -C "$BUILD"

PGDIR=$(mktemp -d /tmp/mdb-test-pg.XXXXXX)
trap 'tools/pg.sh wipe "$PGDIR"' EXIT INT TERM
URL=$(tools/pg.sh start "$PGDIR")
export MDB_TEST_DATABASE_URL="$URL"

meson test -C "$BUILD" --print-errorlogs --num-processes 2
meson test -C "$BUILD" --print-errorlogs --num-processes 2 --setup valgrind --suite unit

if [ -x tools/checks.sh ]; then tools/checks.sh "$BUILD" "$URL"; fi
echo "test.sh: all green"
