/* SPDX-License-Identifier: MIT */
/* mdb-schema-cmd.h: the commands tools/schema gives the `mdb` tool. */
#pragma once
#include "mdb-tool.h"

G_BEGIN_DECLS

/* `mdb schema lint`; argv[0] = "schema".  Returns an exit code. */
int mdb_cmd_schema (int argc, char **argv);
/* `mdb schema format`; argv[0] = "format". */
int mdb_cmd_schema_format (int argc, char **argv);

/* `mdb migrate add` and `mdb migrate check` for one database. */
int mdb_schema_migrate_add   (MdbToolDatabase *db, const char *name, gboolean empty);
int mdb_schema_migrate_check (MdbToolDatabase *db);
/* `mdb migrate diff` (migrate-diff.c): steps from the migrations, or with
 * @from_database the live database, to the schema; exit 2 when any. */
int mdb_schema_migrate_diff  (MdbToolDatabase *db, gboolean from_database, gboolean script);

/* `mdb schema pull` (pull.c): the database's schema as Prisma, to @output
 * (NULL: stdout). */
int mdb_schema_pull (MdbToolDatabase *db, const char *output);

/* The steps `migrate diff` and `migrate add` work from (MdbSchemaStep *). */
GPtrArray *mdb__schema_steps_to_schema (MdbToolDatabase *db, gboolean from_database, GError **error);

G_END_DECLS
