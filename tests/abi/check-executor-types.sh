#!/bin/sh
# SPDX-License-Identifier: MIT
# check-executor-types.sh CC INCDIR...: MDB_EXECUTOR() converts a pool, a
# connection or an executor, and anything else is a compile error (it was a
# bare cast once).  A passing control program keeps the test honest: the
# failures must come from the conversion, not from a broken setup.
set -eu
cc=$1; shift
incs=
for d in "$@"; do incs="$incs -I$d"; done

try () {  # try BODY: compiles a function around BODY
  # shellcheck disable=SC2086
  printf '#include <mdb/mdb.h>\nvoid f (MdbPool *pool, MdbConn *conn, MdbExecutor *ex, gpointer any, int *ip, MdbPoolConfig *cfg);\nvoid f (MdbPool *pool, MdbConn *conn, MdbExecutor *ex, gpointer any, int *ip, MdbPoolConfig *cfg)\n{ (void) pool; (void) conn; (void) ex; (void) any; (void) ip; (void) cfg; %s }\n' "$1" \
    | $cc -std=c11 -Wall -Wextra -Werror $(pkg-config --cflags glib-2.0) $incs -x c -fsyntax-only - 2>/dev/null
}

fail=0
try 'MdbExecutor *a = MDB_EXECUTOR (pool), *b = MDB_EXECUTOR (conn), *c = MDB_EXECUTOR (ex); (void) a; (void) b; (void) c;' \
  || { echo "control: MDB_EXECUTOR of a pool, a connection and an executor does not compile"; fail=1; }
for bad in any ip cfg '"text"'; do
  if try "MdbExecutor *e = MDB_EXECUTOR ($bad); (void) e;"; then
    echo "MDB_EXECUTOR ($bad) compiles: it must be a compile error"; fail=1
  fi
done
[ $fail -eq 0 ] && echo "MDB_EXECUTOR accepts only pools, connections and executors"
exit $fail
