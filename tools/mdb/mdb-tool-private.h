/* SPDX-License-Identifier: MIT */
/* mdb-tool-private.h: what main.c, cmd-database.c and cmd-migrate.c share. */
#pragma once
#include "mdb-tool.h"
#include "mdb-schema-cmd.h"
#include "mdb-queries-cmd.h"

G_BEGIN_DECLS

/* Subcommands: each parses its own options (GOptionContext, --help) from
 * argv[0] = its own name and returns an exit code. */
int mdb_cmd_database (int argc, char **argv);  /* cmd-database.c */
int mdb_cmd_migrate  (int argc, char **argv);  /* cmd-migrate.c: run revert info; add/check go to tools/schema */

/* Default wait for another runner's migration lock. */
#define MDB_TOOL_LOCK_TIMEOUT_SEC 60

/* Applies the pending migrations of @db (db->url must be set); prints
 * "Applied N migration(s)" on stdout.  Returns an exit code. */
int mdb__tool_migrate_run (MdbToolDatabase *db, gint64 target_version, int lock_timeout_sec);

/* Parses @argc/@argv with @entries; prints the error or help and returns
 * FALSE when the command must stop. */
gboolean mdb__tool_parse (const char *usage, const char *summary, const GOptionEntry *entries,
                          int *argc, char ***argv, GError **error);

G_END_DECLS
