#!/bin/sh
# SPDX-License-Identifier: MIT
# bench.sh: run mdb-bench (typed API against raw libpq) on a throwaway server.
#
#   tools/bench.sh [mdb-bench options]       the table (docs/performance.md)
#   tools/bench.sh --callgrind               client instructions per op, W1/W2: b (raw binary in place,
#                                            the baseline), e (raw binary copying), c (mdb typed) and d
#                                            (c on a held connection); exits 1 when c/b of W1 or W2
#                                            exceeds MDB_BENCH_TARGET [1.15]
#   tools/bench.sh --contacts                contacts_db_client (bench/contacts-bench): create
#                                            100 000 connections, read contacts of 1 000 users,
#                                            on a freshly set-up contactsdb
#   tools/bench.sh --notification            notification_db_client (bench/notification-bench):
#                                            seeds 5 000 000 user rows server-side (reuses a database
#                                            seeded already), then fan-out to 10 000 users, list
#                                            page, unseen count, should_email; exits 1 when a p50
#                                            misses the issue's target
#   tools/bench.sh --macro                   macro_db_client (bench/macro-bench): seeds issue 15's
#                                            data set server-side (bench/macro-seed.sql: 10 000
#                                            users, 200 000 documents, projects 8 deep, 1 000 000
#                                            access rows), then access levels, accessible items,
#                                            document get and create; exits 2 when a target is missed
#   tools/bench.sh --email                   email_db_client (bench/email-bench): inbox page, thread
#                                            page, mark read, ingest on 20 links / 200 000 threads /
#                                            1 000 000 messages seeded server-side in a set-up macrodb;
#                                            exits 1 when a target of issue 18 is missed
#   tools/bench.sh --comms                   comms_db_client (bench/comms-bench): seeds 2 000
#                                            channels, 10 000 users, 2 000 000 messages server-side,
#                                            times list page, message page, context, post, unread
#   tools/bench.sh --macro-history           macro_db_client part 2 (bench/macro-history-bench):
#                                            history pages, pins, comment threads over 1 000 000
#                                            history rows seeded server-side, on a fresh macrodb
#
# MDB_BENCH_DATABASE_URL: use that database instead (its "Document" and
#   "DocumentCopy" tables are emptied and reloaded; with --contacts it must be
#   a migrated, empty contactsdb; with --notification a migrated macrodb, seeded
#   by the benchmark unless seeded already; with --macro a migrated macrodb, seeded by the benchmark unless it holds
#   more than 10 000 users already; with --comms a migrated macrodb, seeded
#   unless it has channels).
#   tools/bench.sh --properties              properties_db_client (bench/properties-bench):
#                                            values of 1 000 entities, set value, create with
#                                            20 options, find, on 100 000 entities x 10
#                                            properties seeded server-side in a fresh macrodb
#                                            (a database seeded before is reused: see below)
#
# MDB_BENCH_DATABASE_URL: use that database instead (its "Document" and
#   "DocumentCopy" tables are emptied and reloaded; with --contacts it must be
#   a migrated, empty contactsdb; with --notification a migrated macrodb, seeded
#   unless seeded already; with --properties a migrated macrodb, seeded by the
#   benchmark unless the bench user's 10 definitions are there already: then the
#   data is reused as it is, and the definitions the run creates are deleted
#   again, so a copy of a seeded database, e.g. CREATE DATABASE x TEMPLATE
#   mdb_bench_properties, can be benched again and again).
# MDB_BENCH_BUILD: the build directory [build].
# MDB_PG_SHARED_BUFFERS: shared_buffers of the throwaway server [2GB]: the
#   library benches' data sets (up to 1.1 GB with indexes) must fit in it, as
#   on a server sized for its data; PostgreSQL's default 128MB made every
#   write to a large table read and evict index pages (tools/pg.sh).
# MDB_BENCH_TARGET: the largest c/b allowed by --callgrind [1.15].
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${MDB_BENCH_BUILD:-$ROOT/build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
BENCH=$BUILD/bench/mdb-bench
TARGET=${MDB_BENCH_TARGET:-1.15}
[ -x "$BENCH" ] || { echo "bench.sh: $BENCH not built (meson compile -C $BUILD)" >&2; exit 1; }

PGDIR=
cleanup() { [ -z "$PGDIR" ] || "$ROOT/tools/pg.sh" wipe "$PGDIR" >/dev/null 2>&1 || true; }
trap cleanup EXIT INT TERM

if [ -n "${MDB_BENCH_DATABASE_URL:-}" ]; then
  URL=$MDB_BENCH_DATABASE_URL
else
  PGDIR=$(mktemp -d /tmp/mdb-bench.XXXXXX)
  ADMIN=$(MDB_PG_SHARED_BUFFERS=${MDB_PG_SHARED_BUFFERS:-2GB} "$ROOT/tools/pg.sh" start "$PGDIR")
  /usr/lib/postgresql/15/bin/psql -q "$ADMIN" -c 'CREATE DATABASE mdb_bench' >/dev/null
  URL=$(printf '%s' "$ADMIN" | sed 's|@/postgres?|@/mdb_bench?|')
fi

callgrind() {
  out=$(mktemp -d /tmp/mdb-bench-cg.XXXXXX)
  valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$out/cg.out" \
    "$BENCH" --callgrind "$URL" >/dev/null 2>"$out/valgrind.log" \
    || { cat "$out/valgrind.log" >&2; rm -rf "$out"; exit 1; }
  echo "client instructions per op (callgrind, only the measured loops; target c/b <= $TARGET):"
  # Each dump names its loop ("W1 b n=2000") and its total instruction count.
  for f in "$out"/cg.out.*; do
    awk '/^desc: Trigger: Client Request:/ { sub(/.*Request: /, ""); label = $0 }
         /^(summary|totals):/ { total = $2 }
         END { split(label, p, " "); n = substr(p[3], 3);
               printf "%s %s %.0f\n", p[1], p[2], total / n }' "$f"
  done | sort | awk -v target="$TARGET" '{ v[$1 " " $2] = $3; w[$1] = 1 }
    END { bad = 0
          n = split ("W1 W2", ks, " ")
          for (i = 1; i <= n; i++) {
            k = ks[i]
            if (!(k in w) || v[k " b"] == 0) { print "  " k ": no measurement"; bad = 1; continue }
            cb = v[k " c"] / v[k " b"]
            printf "  %s  b raw binary in place %9d   c mdb typed %9d   c/b %.3f%s\n", k, v[k " b"], v[k " c"], cb,
                   (cb > target ? "  OVER TARGET" : "")
            printf "      e raw binary copying %9d   c/e %.3f   d held conn %9d   d/b %.3f   pool c-d %d\n",
                   v[k " e"], v[k " c"] / v[k " e"], v[k " d"], v[k " d"] / v[k " b"], v[k " c"] - v[k " d"]
            if (cb > target) bad = 1
          }
          exit bad }' > "$out/table" || status=$?
  cat "$out/table"
  rm -rf "$out"
  if [ "${status:-0}" -ne 0 ]; then
    echo "bench.sh: W1 or W2 client instructions exceed $TARGET x raw libpq (binary, in place)" >&2
    exit 1
  fi
}

# contacts_db_client's central reads and writes (LIBRARIES.md "bench").
contacts() {
  if [ -z "${MDB_BENCH_DATABASE_URL:-}" ]; then
    URL="$ADMIN&dbname=mdb_bench_contacts"   # pg.sh URLs have a query string; dbname there wins
    (cd "$ROOT" && "$BUILD/tools/mdb/mdb" database setup --database contactsdb --database-url "$URL" >/dev/null)
  fi
  MDB_BENCH_DATABASE_URL=$URL "$BUILD/bench/contacts-bench"
}

# notification_db_client's central reads and writes on 5 000 000 user rows.
notification() {
  if [ -z "${MDB_BENCH_DATABASE_URL:-}" ]; then
    URL="$ADMIN&dbname=mdb_bench_notification"
    (cd "$ROOT" && "$BUILD/tools/mdb/mdb" database setup --database macrodb --database-url "$URL" >/dev/null)
  fi
  MDB_BENCH_DATABASE_URL=$URL "$BUILD/bench/notification-bench"
}

# macro_db_client's central reads and writes (LIBRARIES.md "bench").
macro() {
  if [ -z "${MDB_BENCH_DATABASE_URL:-}" ]; then
    URL="$ADMIN&dbname=mdb_bench_macro"   # pg.sh URLs have a query string; dbname there wins
    (cd "$ROOT" && "$BUILD/tools/mdb/mdb" database setup --database macrodb --database-url "$URL" >/dev/null)
  fi
  MDB_BENCH_DATABASE_URL=$URL "$BUILD/bench/macro-bench"
}

# email_db_client's central reads and writes (LIBRARIES.md "bench").
email() {
  if [ -z "${MDB_BENCH_DATABASE_URL:-}" ]; then
    URL="$ADMIN&dbname=mdb_bench_email"
    (cd "$ROOT" && "$BUILD/tools/mdb/mdb" database setup --database macrodb --database-url "$URL" >/dev/null)
  fi
  MDB_BENCH_DATABASE_URL=$URL "$BUILD/bench/email-bench"
}

# comms_db_client's central reads and writes on issue 17's data set.
comms() {
  if [ -z "${MDB_BENCH_DATABASE_URL:-}" ]; then
    URL="$ADMIN&dbname=mdb_bench_comms"
    (cd "$ROOT" && "$BUILD/tools/mdb/mdb" database setup --database macrodb --database-url "$URL" >/dev/null)
  fi
  MDB_BENCH_DATABASE_URL=$URL "$BUILD/bench/comms-bench"
}

# macro_db_client part 2's central reads and writes (LIBRARIES.md "bench").
macro_history() {
  if [ -z "${MDB_BENCH_DATABASE_URL:-}" ]; then
    URL="$ADMIN&dbname=mdb_bench_macro_history"   # pg.sh URLs have a query string; dbname there wins
    (cd "$ROOT" && "$BUILD/tools/mdb/mdb" database setup --database macrodb --database-url "$URL" >/dev/null)
  fi
  MDB_BENCH_DATABASE_URL=$URL "$BUILD/bench/macro-history-bench"
}

# properties_db_client's central reads and writes (LIBRARIES.md "bench").
properties() {
  if [ -z "${MDB_BENCH_DATABASE_URL:-}" ]; then
    URL="$ADMIN&dbname=mdb_bench_properties"   # pg.sh URLs have a query string; dbname there wins
    (cd "$ROOT" && "$BUILD/tools/mdb/mdb" database setup --database macrodb --database-url "$URL" >/dev/null)
  fi
  MDB_BENCH_DATABASE_URL=$URL "$BUILD/bench/properties-bench"
}

if [ "${1:-}" = "--callgrind" ]; then
  callgrind
elif [ "${1:-}" = "--contacts" ]; then
  contacts
elif [ "${1:-}" = "--notification" ]; then
  notification
elif [ "${1:-}" = "--macro" ]; then
  macro
elif [ "${1:-}" = "--email" ]; then
  email
elif [ "${1:-}" = "--comms" ]; then
  comms
elif [ "${1:-}" = "--macro-history" ]; then
  macro_history
elif [ "${1:-}" = "--properties" ]; then
  properties
else
  "$BENCH" "$@" "$URL"
  echo
  echo "pool micro-benchmark (bench/pool-bench):"
  "$BUILD/bench/pool-bench" "$URL"
fi
