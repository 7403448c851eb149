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

/* How `migrate run` (and `database setup`) apply migrations. */
typedef struct {
  gint64 target;          /* -1: all */
  int lock_timeout_sec;
  gboolean yes;           /* -y: no question before destructive steps */
  gboolean dry_run;       /* print the SQL, change nothing */
  gboolean fresh;         /* the database was just created: nothing to lose */
} MdbToolRunOptions;

/* Applies the pending migrations of @db (db->url must be set, the target
 * already checked and announced), naming each with its time; asks first
 * when one has destructive steps.  Returns an exit code. */
int mdb__tool_migrate_run (MdbToolDatabase *db, const MdbToolRunOptions *options);
/* Reverts (options->target: -1 the newest, 0 all, else down to that applied
 * version), naming each; asks first for more than one or a destructive one. */
int mdb__tool_migrate_revert (MdbToolDatabase *db, const MdbToolRunOptions *options);

/* plan.c: what run or revert will do, worked out first. */
typedef struct {
  GPtrArray *steps;       /* const MdbMigration *, owned by the migrator, in order */
  gboolean down;          /* a revert */
  gint64 floor;           /* revert: the version the last step goes down to (0: none) */
} MdbToolPlan;

MdbToolPlan *mdb__tool_plan_run    (MdbMigrator *migrator, MdbConn *conn, gint64 target, GError **error);
MdbToolPlan *mdb__tool_plan_revert (MdbMigrator *migrator, MdbConn *conn, gint64 target, GError **error);
void         mdb__tool_plan_free   (MdbToolPlan *plan);
char        *mdb__tool_step_path   (const MdbToolPlan *plan, const MdbMigration *m);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdbToolPlan, mdb__tool_plan_free)

/* destructive.c: "line N: what" for each line of @sql that loses data. */
GPtrArray *mdb__tool_destructive_lines (const char *sql);

/* apply.c: opens @db's migrations folder and a connection to its URL. */
gboolean mdb__tool_open_both (MdbToolDatabase *db, MdbMigrator **migrator, MdbConn **conn, GError **error);
/* apply.c: shows, asks about and carries out a plan. */
/* Prints each destructive line of the plan's files ("  file: line N: …");
 * returns how many there are. */
guint    mdb__tool_plan_warn     (const MdbToolPlan *plan, GError **error);
/* Prints the SQL each step would run (--dry-run). */
gboolean mdb__tool_plan_print_sql (const MdbToolPlan *plan, GError **error);

/* Parses @argc/@argv with @entries; prints the error or help and returns
 * FALSE when the command must stop. */
gboolean mdb__tool_parse (const char *usage, const char *summary, const GOptionEntry *entries,
                          int *argc, char ***argv, GError **error);

G_END_DECLS
