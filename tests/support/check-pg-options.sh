#!/bin/sh
# SPDX-License-Identifier: MIT
# tools/pg.sh refuses a malformed MDB_PG_SHARED_BUFFERS by name, before it
# creates anything (no server, no data folder).
set -u
PG=$1
DIR=$(mktemp -d /tmp/mdb-pg-options.XXXXXX)
trap 'rm -rf "$DIR"' EXIT
for bad in '1GB; DROP' '-c fsync=on' 'GB' '2 GB'; do
  if err=$(MDB_PG_SHARED_BUFFERS=$bad "$PG" start "$DIR/s" 2>&1); then
    echo "FAIL: MDB_PG_SHARED_BUFFERS='$bad' was accepted" >&2; exit 1
  fi
  case $err in
    *"MDB_PG_SHARED_BUFFERS must be a size such as 2GB: '$bad'"*) ;;
    *) echo "FAIL: for '$bad' the error was: $err" >&2; exit 1 ;;
  esac
  [ ! -e "$DIR/s" ] || { echo "FAIL: '$bad' left $DIR/s behind" >&2; exit 1; }
done
echo "pg.sh: malformed shared_buffers refused before anything is made"
