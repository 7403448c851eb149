#!/bin/sh
# SPDX-License-Identifier: MIT
# demo.sh: install what is missing, build, start the project's own PostgreSQL
# (kept in .mdb/pg and reused between runs), set up the databases and run the
# demo program.  Stop the server with: tools/pg.sh stop .mdb/pg
set -eu
cd "$(dirname "$0")/.."
ROOT=$(pwd)

tools/install-deps.sh

mkdir -p .mdb
# Build quietly; show the log only when the build fails.
{ if [ -d build ]; then meson setup --reconfigure build; else meson setup build; fi \
    && meson compile -C build; } >.mdb/build.log 2>&1 \
  || { cat .mdb/build.log >&2; echo "demo.sh: build failed (log: .mdb/build.log)" >&2; exit 1; }

# The server runs as `postgres` when we are root; it must be able to reach the
# checkout.  When it cannot (a checkout under /root), use a folder in /tmp.
PGDIR=$ROOT/.mdb/pg
if [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$ROOT" 2>/dev/null; then
  PGDIR=/tmp/mdb-pg-$(printf %s "$ROOT" | cksum | cut -d' ' -f1)
  echo "demo.sh: postgres cannot enter $ROOT; keeping the server in $PGDIR" >&2
elif [ ${#PGDIR} -gt 90 ]; then
  PGDIR=/tmp/mdb-pg-$(printf %s "$ROOT" | cksum | cut -d' ' -f1)
fi
tools/pg.sh start "$PGDIR" >/dev/null
SERVER="host=$PGDIR port=5432 user=postgres"
export MACRODB_DATABASE_URL="$SERVER dbname=macrodb"
export CONTACTSDB_DATABASE_URL="$SERVER dbname=contactsdb"

if [ -s mdb.conf ] && build/tools/mdb/mdb database --help >/dev/null 2>&1; then
  # -y: the demo's own server holds nothing to lose, so a migration with
  # destructive steps needs no question (mdb asks, and refuses without an
  # answer on standard input, otherwise).
  build/tools/mdb/mdb database setup --all -y
fi
exec build/tools/demo/mdb-demo "$@"
