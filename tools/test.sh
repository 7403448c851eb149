#!/bin/sh
# SPDX-License-Identifier: MIT
# test.sh: install what is missing, build, start a throwaway PostgreSQL, run
# every test suite and the project's checks, stop the server.  Exit 0 = green.
#
# Besides the normal build it runs the unit suite under valgrind, the db
# suite once more built with AddressSanitizer + UndefinedBehaviorSanitizer
# (build dir $BUILD-asan), and each libFuzzer target for a few seconds on
# its corpus (clang, build dir $BUILD-fuzz).  MDB_TEST_QUICK=1 skips those
# two extra builds (for a quick local run; CI never sets it).
set -eu
cd "$(dirname "$0")/.."
ROOT=$(pwd)

tools/install-deps.sh

BUILD=${MDB_TEST_BUILD_DIR:-build-test}

# setup DIR [meson options]: configure DIR, or reconfigure it when it exists.
setup() {
  dir=$1; shift
  if [ -d "$dir" ]; then meson setup --reconfigure "$dir" "$@" >/dev/null; else meson setup "$dir" "$@" >/dev/null; fi
}

setup "$BUILD"
meson compile -C "$BUILD"

PGDIR=$(mktemp -d /tmp/mdb-test-pg.XXXXXX)
FUZZTMP=
trap 'tools/pg.sh wipe "$PGDIR"; [ -z "$FUZZTMP" ] || rm -rf "$FUZZTMP"' EXIT INT TERM
URL=$(tools/pg.sh start "$PGDIR")
export MDB_TEST_DATABASE_URL="$URL"

meson test -C "$BUILD" --print-errorlogs --num-processes 2
meson test -C "$BUILD" --print-errorlogs --num-processes 2 --setup valgrind --suite unit

if [ "${MDB_TEST_QUICK:-0}" != 1 ]; then
  # The db suite under ASan + UBSan: a memory error, a leak or undefined
  # behaviour fails the test that hit it.  The Python FFI test is left out:
  # an interpreter without the ASan runtime cannot load sanitized libraries.
  setup "$BUILD-asan" -Db_sanitize=address,undefined -Db_lundef=false
  meson compile -C "$BUILD-asan"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    meson test -C "$BUILD-asan" --print-errorlogs --num-processes 2 --suite db --no-suite ffi

  # Each fuzz target a few seconds on its seeds (new inputs go to a scratch
  # folder, never into tests/fuzz/corpus): a parser regression shows up here.
  (export CC=clang; setup "$BUILD-fuzz" -Dfuzz=true)
  # Only the fuzz targets: the rest of that build would repeat the first one.
  # shellcheck disable=SC2046
  meson compile -C "$BUILD-fuzz" $(meson introspect "$BUILD-fuzz" --targets | python3 -c \
    'import json, sys; print(" ".join(t["name"] for t in json.load(sys.stdin) if t["name"].startswith("fuzz-")))')
  FUZZTMP=$(mktemp -d /tmp/mdb-fuzz.XXXXXX)
  case $BUILD in /*) FUZZBIN=$BUILD-fuzz/tests/fuzz ;; *) FUZZBIN=$ROOT/$BUILD-fuzz/tests/fuzz ;; esac
  for target in "$FUZZBIN"/fuzz-*; do
    if [ ! -f "$target" ] || [ ! -x "$target" ]; then continue; fi
    name=${target##*/fuzz-}
    mkdir -p "$FUZZTMP/$name"
    echo "fuzz-$name: ${MDB_FUZZ_SECONDS:-5} s on tests/fuzz/corpus/$name"
    (cd "$FUZZTMP" && "$target" -max_total_time="${MDB_FUZZ_SECONDS:-5}" -timeout=5 \
       -rss_limit_mb=2048 "$FUZZTMP/$name" "$ROOT/tests/fuzz/corpus/$name" \
       >"$FUZZTMP/$name.log" 2>&1) \
      || { tail -n 40 "$FUZZTMP/$name.log"; echo "test.sh: fuzz-$name failed (its crash input is in $FUZZTMP)"; FUZZTMP=; exit 1; }
  done
fi

if [ -x tools/checks.sh ]; then tools/checks.sh "$BUILD" "$URL"; fi
echo "test.sh: all green"
