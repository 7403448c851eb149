#!/bin/sh
# SPDX-License-Identifier: MIT
# checks.sh BUILD_DIR ADMIN_URL: the project's consistency checks, run by
# tools/test.sh after the test suites:
#  - each database's migrations rebuild exactly what its Prisma schema says;
#  - the schemas follow the index strategy (mdb schema lint);
#  - each client library's offline query cache matches a freshly migrated
#    database (mdb prepare --check).
set -eu
BUILD=$1; URL=$2
MDB=$BUILD/tools/mdb/mdb

for db in macrodb contactsdb; do
  "$MDB" migrate check --database "$db" --database-url "$URL"
done
"$MDB" schema lint --all

# Query caches: prepare --check against freshly migrated databases.  Each
# library's mdb-lib.conf names its database; `mdb prepare` resolves that
# database's URL from the url_env variable mdb.conf gives it, set here to
# the fresh copy.  A domain library without mdb-lib.conf is an error.
for db in macrodb contactsdb; do
  "$MDB" database setup --database "$db" --database-url "$URL&dbname=mdb_ci_$db" >/dev/null
done
# tools/pg.sh URLs have a query string; the dbname there wins.
export MACRODB_DATABASE_URL="$URL&dbname=mdb_ci_macrodb"
export CONTACTSDB_DATABASE_URL="$URL&dbname=mdb_ci_contactsdb"
unset DATABASE_URL
for lib in libs/*/; do
  [ -f "$lib/mdb-lib.conf" ] || { echo "checks.sh: $lib has no mdb-lib.conf naming its database" >&2; exit 1; }
  "$MDB" prepare --check "$lib"
done
echo "checks.sh: migrations match the schemas, lint clean, query caches fresh"
