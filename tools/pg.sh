#!/bin/sh
# SPDX-License-Identifier: MIT
# pg.sh: a PostgreSQL server owned by the project (never the system cluster).
#
#   tools/pg.sh start DIR   initdb DIR/data if needed, start it (or reuse the
#                           running one) and print an admin URL on stdout
#   tools/pg.sh url DIR     print the URL of the running server
#   tools/pg.sh stop DIR    stop the server (files stay; `wipe` removes them)
#   tools/pg.sh wipe DIR    stop and delete DIR
#
# The server listens on a Unix socket in DIR only (no TCP port to collide
# with), trusts local connections and runs with fsync off: it is for
# development and tests, never for data you want to keep.  As root the server
# runs as the `postgres` user, because initdb and postgres refuse root.
set -eu

die() { echo "pg.sh: $*" >&2; exit 1; }

unset PGHOST PGHOSTADDR PGPORT PGUSER PGDATABASE PGPASSWORD PGSERVICE \
      PGOPTIONS PGDATA 2>/dev/null || true
umask 022

[ $# -eq 2 ] || die "usage: $0 start|url|stop|wipe DIR"
case $2 in /*) DIR=$2 ;; *) DIR=$(pwd)/$2 ;; esac
DIR=${DIR%/}
case $DIR in ''|*[!A-Za-z0-9._/-]*) die "DIR must be a plain path: '$DIR'";; esac
# The socket path (DIR/.s.PGSQL.5432) must fit in 107 bytes.
[ ${#DIR} -le 90 ] || die "DIR is too long for a Unix socket path (${#DIR} > 90): $DIR"

BIN=${MDB_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
[ -x "$BIN/initdb" ] || die "PostgreSQL server binaries not found (install postgresql or set MDB_PG_BIN)"

OWNER=$(id -un)
as_owner() { "$@"; }
if [ "$(id -u)" -eq 0 ]; then
  OWNER=postgres
  id postgres >/dev/null 2>&1 || die "user postgres does not exist (install postgresql)"
  as_owner() { runuser -u postgres -- "$@"; }
fi

URL="postgresql://postgres@/postgres?host=$DIR&port=5432"

running() {
  [ -f "$DIR/data/postmaster.pid" ] || return 1
  pid=$(head -n 1 "$DIR/data/postmaster.pid")
  [ -n "$pid" ] && [ -d "/proc/$pid" ] || return 1
  # PID 1 here reaps lazily: a stopped postmaster can linger as a zombie.
  ! grep -q '^State:.*Z' "/proc/$pid/status" 2>/dev/null
}

start() {
  cd /   # postgres cannot enter /root; keep it from warning about our cwd
  mkdir -p "$DIR"
  if running; then echo "$URL"; return 0; fi
  rm -f "$DIR/data/postmaster.pid"
  chown "$OWNER" "$DIR"
  chmod 755 "$DIR"
  if [ ! -f "$DIR/data/PG_VERSION" ]; then
    rm -rf "$DIR/data"
    as_owner "$BIN/initdb" -D "$DIR/data" -U postgres -E UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=reject --no-sync --no-instructions \
      >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; die "initdb failed"; }
    cat >>"$DIR/data/postgresql.conf" <<EOF
# added by tools/pg.sh: throwaway server, speed over durability
listen_addresses = ''
port = 5432
unix_socket_directories = '$DIR'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
jit = off
EOF
  fi
  as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/postgres.log" -w -t 60 start >/dev/null \
    || { tail -n 20 "$DIR/postgres.log" >&2; die "server did not start"; }
  echo "$URL"
}

stop() {
  cd /
  running || return 0
  as_owner "$BIN/pg_ctl" -D "$DIR/data" -m fast -w -t 60 stop >/dev/null
}

case $1 in
  start) start ;;
  url) running || die "no server running in $DIR"; echo "$URL" ;;
  stop) stop ;;
  wipe) stop; rm -rf "$DIR" ;;
  *) die "unknown command '$1' (start|url|stop|wipe)" ;;
esac
