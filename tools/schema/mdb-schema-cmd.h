/* SPDX-License-Identifier: MIT */
/* mdb-schema-cmd.h: the commands tools/schema gives the `mdb` tool. */
#pragma once
#include "mdb-tool.h"

G_BEGIN_DECLS

/* `mdb schema lint`; argv[0] = "schema".  Returns an exit code. */
int mdb_cmd_schema (int argc, char **argv);

/* `mdb migrate add` and `mdb migrate check` for one database. */
int mdb_schema_migrate_add   (MdbToolDatabase *db, const char *name, gboolean empty);
int mdb_schema_migrate_check (MdbToolDatabase *db);

G_END_DECLS
