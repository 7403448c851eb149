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

/* status.c */
int   mdb__tool_migrate_status  (MdbToolDatabase *db);
/* What is wrong with applied migration @version (@state: changed, missing
 * or failed) and the commands out of it; g_free() it. */
char *mdb__tool_problem_message (const MdbToolDatabase *db, MdbMigrator *migrator, gint64 version,
                                 MdbMigrationState state);
/* resolve.c: exactly one of the versions is non-zero. */
int   mdb__tool_migrate_resolve (MdbToolDatabase *db, gint64 applied_version, gint64 rolled_back_version);

/* plan.c: what run or revert will do, worked out first. */
typedef struct {
  GPtrArray *steps;       /* const MdbMigration *, owned by the migrator, in order */
  gboolean down;          /* a revert */
  gint64 floor;           /* revert: the version the last step goes down to (0: none) */
} MdbToolPlan;

/* Both fail first, with mdb__tool_problem_message(), when an applied
 * migration changed, is missing or failed. */
MdbToolPlan *mdb__tool_plan_run    (const MdbToolDatabase *db, MdbMigrator *migrator, MdbConn *conn,
                                    gint64 target, GError **error);
MdbToolPlan *mdb__tool_plan_revert (const MdbToolDatabase *db, MdbMigrator *migrator, MdbConn *conn,
                                    gint64 target, GError **error);
void         mdb__tool_plan_free   (MdbToolPlan *plan);
/* The migration file of @version, or NULL. */
const MdbMigration *mdb__tool_find_migration (MdbMigrator *migrator, gint64 version);
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

/* A subcommand (`migrate run`, `database setup`): its name, what follows
 * it in the usage line, a summary for --help, and its options. */
typedef struct {
  const char *name;
  const char *params;
  const char *summary;
  const GOptionEntry *entries;
} MdbToolSub;

/* The entry of @subs (ending in a NULL name) called @name; otherwise prints
 * "unknown command `GROUP NAME`", the nearest one and where the list is,
 * and returns NULL (exit MDB_EXIT_USAGE). */
const MdbToolSub *mdb__tool_find_sub (const MdbToolSub *subs, const char *group, const char *name);
/* Parses @argc/@argv (argv[0] = the subcommand) with @sub's options;
 * --help prints the help and exits 0; a bad option prints the error and
 * the usage line and returns FALSE (exit MDB_EXIT_USAGE). */
gboolean mdb__tool_parse_sub (const char *group, const MdbToolSub *sub, int *argc, char ***argv);
/* Prints "mdb CMD: @message" and "Usage: mdb CMD @params [OPTION…]" on
 * stderr; returns MDB_EXIT_USAGE. */
int mdb__tool_usage_error (const char *cmd, const char *params, const char *message);

G_END_DECLS
