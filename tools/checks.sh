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

# Query caches: prepare --check against freshly migrated databases.
for lib in libs/*/; do
  [ -d "$lib/queries" ] || continue
  db=$(sed -n 's/^database *= *//p' "$lib/mdb-lib.conf" 2>/dev/null || true)
  [ -n "$db" ] || { echo "checks.sh: $lib has no mdb-lib.conf naming its database" >&2; exit 1; }
  ci_db="mdb_ci_$db"
  ci_url="$URL&dbname=$ci_db"   # tools/pg.sh URLs have a query string; dbname there wins
  "$MDB" database setup --database "$db" --database-url "$ci_url" >/dev/null
  "$MDB" prepare --check "$lib" --database-url "$ci_url"
done
echo "checks.sh: migrations match the schemas, lint clean, query caches fresh"
