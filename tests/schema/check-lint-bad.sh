#!/bin/sh
# SPDX-License-Identifier: MIT
# check-lint-bad.sh MDB DIR: `mdb schema lint --all` on DIR (a project whose
# schema breaks each index rule once) must exit 1 and print exactly the
# findings in DIR/expected.txt: a lint that found nothing, or crashed, or
# found something else, fails this test.
set -u
mdb=$1; dir=$2
out=$(MDB_PROJECT_ROOT=$dir "$mdb" schema lint --all 2>&1); rc=$?
fail=0
[ $rc -eq 1 ] || { echo "mdb schema lint exited $rc, want 1"; fail=1; }
if [ "$out" != "$(cat "$dir/expected.txt")" ]; then
  echo "findings differ from $dir/expected.txt; got:"; echo "$out"; fail=1
fi
[ $fail -eq 0 ] && echo "schema lint reports the $(wc -l < "$dir/expected.txt") expected findings"
exit $fail
