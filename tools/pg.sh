#!/bin/sh
# SPDX-License-Identifier: MIT
# pg.sh: a PostgreSQL server owned by the project (never the system cluster).
#
#   tools/pg.sh start DIR   initdb DIR/data if needed, start it (or reuse the
#                           running one) and print an admin URL on stdout
#   tools/pg.sh url DIR     print the URL of the running server
#   tools/pg.sh stop DIR    stop the server (files stay; `wipe` removes them)
#   tools/pg.sh wipe DIR    stop and delete DIR
#   tools/pg.sh replica PRIMARY_DIR DIR
#                           make DIR a streaming replica of the server in
#                           PRIMARY_DIR (pg_basebackup), start it and print its
#                           admin URL; start/url/stop/wipe work on DIR as usual
#   tools/pg.sh pgbouncer SERVER_DIR DIR
#                           start PgBouncer (transaction pooling) in DIR in
#                           front of the server in SERVER_DIR; print its URL
#   tools/pg.sh pgbouncer-stop DIR
#                           stop that PgBouncer (`wipe DIR` stops it too)
#
# MDB_PG_SHARED_BUFFERS: shared_buffers for `start` (e.g. 2GB), for a server
#   that must hold a large data set in memory (tools/bench.sh); PostgreSQL's
#   default (128MB) otherwise.  Applied when the server starts, never stored.
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

usage="usage: $0 start|url|stop|wipe|pgbouncer-stop DIR, $0 replica|pgbouncer SERVER_DIR DIR"
[ $# -ge 1 ] || die "$usage"
case $1 in
  replica|pgbouncer) [ $# -eq 3 ] || die "$usage" ;;
  *) [ $# -eq 2 ] || die "$usage" ;;
esac

# Prints the absolute, checked form of directory argument $1.
abs_dir() {
  case $1 in /*) d=$1 ;; *) d=$(pwd)/$1 ;; esac
  d=${d%/}
  case $d in ''|*[!A-Za-z0-9._/-]*) die "DIR must be a plain path: '$d'";; esac
  # The socket path (DIR/.s.PGSQL.5432) must fit in 107 bytes.
  [ ${#d} -le 90 ] || die "DIR is too long for a Unix socket path (${#d} > 90): $d"
  echo "$d"
}

if [ $# -eq 3 ]; then
  SERVER_DIR=$(abs_dir "$2")
  DIR=$(abs_dir "$3")
else
  DIR=$(abs_dir "$2")
fi

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
  opts=$(server_options)   # a bad setting is refused before anything is made
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
  # $opts is split on purpose: "-o" and its one-word argument.
  as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/postgres.log" -w -t 60 $opts start >/dev/null \
    || { tail -n 20 "$DIR/postgres.log" >&2; die "server did not start"; }
  echo "$URL"
}

# pg_ctl's -o for the settings chosen through the environment (none: nothing).
server_options() {
  [ -n "${MDB_PG_SHARED_BUFFERS:-}" ] || return 0
  case $MDB_PG_SHARED_BUFFERS in
    *[!0-9kMGTB]*|[!0-9]*) die "MDB_PG_SHARED_BUFFERS must be a size such as 2GB: '$MDB_PG_SHARED_BUFFERS'" ;;
  esac
  echo "-o -cshared_buffers=$MDB_PG_SHARED_BUFFERS"
}

stop() {
  cd /
  running || return 0
  as_owner "$BIN/pg_ctl" -D "$DIR/data" -m fast -w -t 60 stop >/dev/null
}

# A streaming replica: a base backup of the primary (its pg_hba trusts local
# replication), with the copied port/socket settings overridden.
cmd_replica() {
  cd /
  [ -f "$SERVER_DIR/data/PG_VERSION" ] || die "no server in $SERVER_DIR"
  if [ ! -f "$DIR/data/PG_VERSION" ]; then
    mkdir -p "$DIR"
    rm -rf "$DIR/data"
    chown "$OWNER" "$DIR"
    chmod 755 "$DIR"
    as_owner "$BIN/pg_basebackup" -D "$DIR/data" -R -X stream -c fast \
      -d "host=$SERVER_DIR port=5432 user=postgres" >"$DIR/basebackup.log" 2>&1 \
      || { cat "$DIR/basebackup.log" >&2; rm -rf "$DIR/data"; die "pg_basebackup failed"; }
    cat >>"$DIR/data/postgresql.conf" <<EOF
# added by tools/pg.sh replica: this copy's own socket (later lines win)
listen_addresses = ''
port = 5432
unix_socket_directories = '$DIR'
EOF
  fi
  start
}

PGB_URL="postgresql://postgres@/postgres?host=$DIR&port=6432"

pgb_running() {
  [ -f "$DIR/pgbouncer.pid" ] || return 1
  pid=$(head -n 1 "$DIR/pgbouncer.pid")
  [ -n "$pid" ] && [ -d "/proc/$pid" ] || return 1
  ! grep -q '^State:.*Z' "/proc/$pid/status" 2>/dev/null
}

# PgBouncer in transaction mode on a socket in DIR only.  Every database name
# is forwarded to the server; the server's socket trusts us, and so does the
# bouncer (trust still needs the user listed in auth_file).
cmd_pgbouncer() {
  cd /
  PGB=$(command -v pgbouncer || echo /usr/sbin/pgbouncer)
  [ -x "$PGB" ] || die "pgbouncer not found (run tools/install-deps.sh)"
  mkdir -p "$DIR"
  if pgb_running; then echo "$PGB_URL"; return 0; fi
  chown "$OWNER" "$DIR"
  chmod 755 "$DIR"
  rm -f "$DIR/pgbouncer.pid" "$DIR/.s.PGSQL.6432" "$DIR/.s.PGSQL.6432.lock"
  echo '"postgres" ""' >"$DIR/userlist.txt"
  cat >"$DIR/pgbouncer.ini" <<EOF
; written by tools/pg.sh pgbouncer
[databases]
* = host=$SERVER_DIR port=5432
[pgbouncer]
listen_addr =
listen_port = 6432
unix_socket_dir = $DIR
auth_type = trust
auth_file = $DIR/userlist.txt
admin_users = postgres
pool_mode = transaction
max_client_conn = 200
default_pool_size = 20
ignore_startup_parameters = extra_float_digits
pidfile = $DIR/pgbouncer.pid
logfile = $DIR/pgbouncer.log
EOF
  chown "$OWNER" "$DIR/pgbouncer.ini" "$DIR/userlist.txt"
  as_owner "$PGB" -q -d "$DIR/pgbouncer.ini" || die "pgbouncer did not start"
  # -d returns before the daemon listens (and exits 0 even if it dies).
  i=0
  while [ ! -S "$DIR/.s.PGSQL.6432" ] || ! pgb_running; do
    i=$((i + 1))
    [ $i -le 100 ] || { tail -n 20 "$DIR/pgbouncer.log" >&2; die "pgbouncer did not start"; }
    sleep 0.1
  done
  echo "$PGB_URL"
}

cmd_pgbouncer_stop() {
  pgb_running || return 0
  kill -INT "$pid"
  i=0
  while pgb_running; do
    i=$((i + 1))
    [ $i -le 100 ] || die "pgbouncer did not stop"
    sleep 0.1
  done
}

case $1 in
  start) start ;;
  url) running || die "no server running in $DIR"; echo "$URL" ;;
  stop) stop ;;
  wipe) cmd_pgbouncer_stop; stop; rm -rf "$DIR" ;;
  replica) cmd_replica ;;
  pgbouncer) cmd_pgbouncer ;;
  pgbouncer-stop) cmd_pgbouncer_stop ;;
  *) die "unknown command '$1' (start|url|stop|wipe|replica|pgbouncer|pgbouncer-stop)" ;;
esac
