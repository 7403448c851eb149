#!/bin/sh
# SPDX-License-Identifier: MIT
# check-installed.sh BUILD_ROOT PREFIX LIBDIR: `meson install` of the build
# into a staging folder (--destdir), then a service's test program built
# outside the tree with nothing but pkg-config (mdb-testing-0,
# contacts_db_client) against that prefix and run with LD_LIBRARY_PATH;
# its throwaway database comes from the installed migrations
# (pkg-config --variable=migrationsdir).  Exit 77 without a test server.
set -eu
build=$1; prefix=$2; libdir=$3
here=$(cd "$(dirname "$0")" && pwd)
[ -n "${MDB_TEST_DATABASE_URL:-}" ] || { echo "no MDB_TEST_DATABASE_URL: skipped"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
stage=$tmp/stage
meson install -C "$build" --no-rebuild --destdir "$stage" --quiet >"$tmp/install.log" 2>&1 \
  || { cat "$tmp/install.log"; echo "meson install failed"; exit 1; }
case $libdir in /*) ;; *) libdir=$prefix/$libdir ;; esac
# A staged prefix is not where the .pc files say it is: relocate copies of
# them (prefix= only; every other path is relative to it), as a packager's
# sysroot would.
mkdir "$tmp/pc"
for pc in "$stage$libdir"/pkgconfig/*.pc; do
  sed "s|^prefix=.*|prefix=$stage$prefix|" "$pc" >"$tmp/pc/${pc##*/}"
done
export PKG_CONFIG_PATH="$tmp/pc"
migrations=$(pkg-config --variable=migrationsdir mdb-testing-0)
for f in "$migrations"/contactsdb "$stage$prefix"/share/macrodb/schema/macrodb.prisma \
         "$stage$prefix"/include/mdb-testing-0/mdb-testing/mdb-testing.h "$stage$prefix"/bin/mdb; do
  [ -e "$f" ] || { echo "not installed: $f"; exit 1; }
done
# shellcheck disable=SC2046
${CC:-cc} -std=gnu11 -o "$tmp/service-test" "$here/service/service-test.c" \
  -DMIGRATIONS_DIR="\"$migrations\"" \
  $(pkg-config --cflags --libs mdb-testing-0 contacts_db_client)
LD_LIBRARY_PATH="$stage$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$tmp/service-test"
echo "an out-of-tree program built against the installed prefix ran its test"
