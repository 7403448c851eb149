#!/bin/sh
# SPDX-License-Identifier: MIT
# check-subproject.sh SOURCE_ROOT: a service project with macrodb as a meson
# subproject (subprojects/macrodb = this tree, as a wrap or a git submodule
# would put it) finds dependency('mdb-testing-0') and
# dependency('contacts_db_client') without anything installed, builds only
# its own test and what it needs, and runs it.  Exit 77 without a server.
set -eu
src=$1
here=$(cd "$(dirname "$0")" && pwd)
[ -n "${MDB_TEST_DATABASE_URL:-}" ] || { echo "no MDB_TEST_DATABASE_URL: skipped"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/service/subprojects"
cp "$here/service/meson.build" "$here/service/service-test.c" "$tmp/service/"
ln -s "$src" "$tmp/service/subprojects/macrodb"
cd "$tmp/service"
meson setup _b >"$tmp/setup.log" 2>&1 || { tail -20 "$tmp/setup.log"; echo "meson setup of the service failed"; exit 1; }
meson compile -C _b service-test >"$tmp/compile.log" 2>&1 \
  || { tail -20 "$tmp/compile.log"; echo "building the service's test failed"; exit 1; }
meson test -C _b --print-errorlogs >"$tmp/test.log" 2>&1 || { cat "$tmp/test.log"; exit 1; }
echo "a service using macrodb as a subproject ran its test"
