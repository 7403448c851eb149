/* SPDX-License-Identifier: MIT */
/* `mdb migrate run|revert|info|add|check`: sqlx-cli's migrate commands on mdb.conf databases. */
#include <stdio.h>
#include <string.h>
#include "mdb-tool-private.h"

static char *opt_database;
static char *opt_url;
static gint64 opt_target = -1;
static int opt_lock_timeout = MDB_TOOL_LOCK_TIMEOUT_SEC;
static gboolean opt_empty;
static gboolean opt_yes;
static gboolean opt_dry_run;
static gboolean opt_allow_maintenance;
static gint64 opt_resolve_applied;
static gint64 opt_resolve_rolled_back;
static gboolean opt_from_database;
static gboolean opt_script;

#define DATABASE_ENTRY \
  { "database", 'd', 0, G_OPTION_ARG_STRING, &opt_database, "Database of mdb.conf (macrodb, contactsdb)", "NAME" }
#define URL_ENTRY(what) \
  { "database-url", 'D', 0, G_OPTION_ARG_STRING, &opt_url, what " (default: url_env of mdb.conf, then DATABASE_URL)", "URL" }

static const GOptionEntry db_entries[] = {
  DATABASE_ENTRY,
  URL_ENTRY ("Database URL"),
  { NULL }
};

static const GOptionEntry target_entries[] = {
  DATABASE_ENTRY,
  URL_ENTRY ("Database URL"),
  { "target-version", 0, 0, G_OPTION_ARG_INT64, &opt_target,
    "run: stop at this version; revert: down to this applied version (0: all)", "V" },
  { "lock-timeout", 0, 0, G_OPTION_ARG_INT, &opt_lock_timeout, "Seconds to wait for another runner's lock (default 60)", "S" },
  { "yes", 'y', 0, G_OPTION_ARG_NONE, &opt_yes, "Do not ask before destructive steps or reverting several", NULL },
  { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &opt_dry_run, "Print the SQL it would run; change nothing", NULL },
  { "allow-maintenance-db", 0, 0, G_OPTION_ARG_NONE, &opt_allow_maintenance,
    "Allow postgres, template0 or template1 as the target", NULL },
  { NULL }
};

static const GOptionEntry add_entries[] = {
  DATABASE_ENTRY,
  URL_ENTRY ("Server for the shadow database"),
  { "empty", 0, 0, G_OPTION_ARG_NONE, &opt_empty, "Write empty files for hand-written SQL", NULL },
  { NULL }
};

static const GOptionEntry resolve_entries[] = {
  DATABASE_ENTRY,
  URL_ENTRY ("Database URL"),
  { "applied", 0, 0, G_OPTION_ARG_INT64, &opt_resolve_applied,
    "Record V as applied with its file's current checksum (the database already matches it)", "V" },
  { "rolled-back", 0, 0, G_OPTION_ARG_INT64, &opt_resolve_rolled_back,
    "Forget V's history row (a failed migration, or one whose file is gone)", "V" },
  { "allow-maintenance-db", 0, 0, G_OPTION_ARG_NONE, &opt_allow_maintenance,
    "Allow postgres, template0 or template1 as the target", NULL },
  { NULL }
};

static const GOptionEntry diff_entries[] = {
  DATABASE_ENTRY,
  URL_ENTRY ("Server for the shadow database, and the database for --from-database"),
  { "from-database", 0, 0, G_OPTION_ARG_NONE, &opt_from_database,
    "Start from the database the URL names instead of the migrations", NULL },
  { "script", 0, 0, G_OPTION_ARG_NONE, &opt_script, "Print the SQL (as prisma migrate diff --script)", NULL },
  { NULL }
};

/* Looks up the database and makes sure it has a URL when @need_url. */
static MdbToolDatabase *
database_for (gboolean need_url, GError **error)
{
  MdbToolDatabase *db = mdb_tool_database_lookup (opt_database, opt_url, error);

  if (db != NULL && need_url && db->url == NULL)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                   "no URL for database %s: pass -D/--database-url, or set the url_env variable "
                   "mdb.conf gives it, or DATABASE_URL", db->name);
      g_clear_pointer (&db, mdb_tool_database_free);
    }
  return db;
}

/* run and revert: refuse a maintenance database, name the target, then go. */
static int
cmd_run_or_revert (MdbToolDatabase *db, gboolean revert)
{
  g_autoptr (GError) error = NULL;
  MdbToolRunOptions o = { opt_target, opt_lock_timeout, opt_yes, opt_dry_run, FALSE };

  if (opt_dry_run)
    g_print ("-- ");
  if (!mdb_tool_target_announce (db, opt_dry_run ? "dry run, nothing changes, on"
                                                 : revert ? "reverting in" : "migrating",
                                 opt_allow_maintenance, &error))
    return (mdb_tool_print_error (error), MDB_EXIT_ERROR);
  return revert ? mdb__tool_migrate_revert (db, &o) : mdb__tool_migrate_run (db, &o);
}

static int
cmd_resolve (MdbToolDatabase *db)
{
  g_autoptr (GError) error = NULL;

  if (!mdb_tool_target_announce (db, "resolving history in", opt_allow_maintenance, &error))
    return (mdb_tool_print_error (error), MDB_EXIT_ERROR);
  return mdb__tool_migrate_resolve (db, opt_resolve_applied, opt_resolve_rolled_back);
}

static int
dispatch (const char *sub, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  gboolean need_url = strcmp (sub, "add") != 0 && strcmp (sub, "check") != 0 && strcmp (sub, "diff") != 0;
  g_autoptr (MdbToolDatabase) db = NULL;

  if (strcmp (sub, "add") == 0 && argc != 2)
    return mdb__tool_usage_error ("migrate add", "NAME", "expected one migration NAME");
  if (strcmp (sub, "add") != 0 && argc != 1)
    {
      g_autofree char *cmd = g_strconcat ("migrate ", sub, NULL);
      return mdb__tool_usage_error (cmd, "", "unexpected argument");
    }
  if ((db = database_for (need_url, &error)) == NULL)
    return (mdb_tool_print_error (error), MDB_EXIT_ERROR);
  if (strcmp (sub, "run") == 0 || strcmp (sub, "revert") == 0)
    return cmd_run_or_revert (db, strcmp (sub, "revert") == 0);
  if (strcmp (sub, "status") == 0 || strcmp (sub, "info") == 0)
    return mdb__tool_migrate_status (db);
  if (strcmp (sub, "resolve") == 0)
    return cmd_resolve (db);
  if (strcmp (sub, "check") == 0)
    return mdb_schema_migrate_check (db);
  if (strcmp (sub, "diff") == 0)
    return mdb_schema_migrate_diff (db, opt_from_database, opt_script);
  return mdb_schema_migrate_add (db, argv[1], opt_empty);
}

static const MdbToolSub subs[] = {
  { "run", "", "Applies pending migrations, each in one transaction with its history row, naming each; "
    "asks before destructive steps.", target_entries },
  { "revert", "", "Reverts the newest migration (or all above --target-version) with its down file; "
    "asks before reverting several or losing data.", target_entries },
  { "status", "", "Lists migrations and their state; exit 2 when some are pending or an applied one "
    "changed (for deploy scripts). `info` is the same.", db_entries },
  { "info", "", "The same as status (sqlx-cli's name).", db_entries },
  { "resolve", "--applied V | --rolled-back V", "Records in the history that the database already matches "
    "migration V's file (--applied), or that V is undone (--rolled-back); runs nothing.", resolve_entries },
  { "add", "NAME", "Writes the next migration from the schema diff (up and down files).", add_entries },
  { "check", "", "Exit 2 when the schema and the migrations disagree, or an applied file changed.", db_entries },
  { "diff", "", "Prints the steps from the migrations (or a database) to the schema; --script prints "
    "their SQL. Exit 2 when there are some.", diff_entries },
  { NULL }
};

static void
print_help (void)
{
  g_print ("Usage: mdb migrate COMMAND [OPTIONS]\n\n"
           "Commands:\n"
           "  run      apply pending migrations [--target-version V] [-y] [-n|--dry-run]\n"
           "  revert   revert the newest migration [--target-version V] [-y] [-n|--dry-run]\n"
           "  status   list migrations and their state (exit 2: pending or changed); also `info`\n"
           "  resolve  --applied V | --rolled-back V: fix the history when files and database disagree\n"
           "  add      write a migration from the schema diff: add NAME [--empty]\n"
           "  check    exit 2 on drift between schema, migrations and database\n"
           "  diff     the SQL between the migrations (or --from-database) and the schema [--script]\n\n"
           "Every command takes -d NAME (an entry of mdb.conf) and -D URL; see docs/workflow.md,\n"
           "\"Which database a command uses\".  Run `mdb migrate COMMAND --help` for its options.\n");
}

/**
 * mdb_cmd_migrate:
 * @argc: argument count, argv[0] = "migrate"
 * @argv: arguments
 *
 * Returns: the exit code
 */
int
mdb_cmd_migrate (int argc, char **argv)
{
  const char *name = argc > 1 ? argv[1] : NULL;
  const MdbToolSub *sub;

  if (name == NULL || strcmp (name, "--help") == 0 || strcmp (name, "-h") == 0)
    return (print_help (), name == NULL ? MDB_EXIT_USAGE : MDB_EXIT_OK);
  if ((sub = mdb__tool_find_sub (subs, "migrate", name)) == NULL)
    return MDB_EXIT_USAGE;
  argc--, argv++;
  if (!mdb__tool_parse_sub ("migrate", sub, &argc, &argv))
    return MDB_EXIT_USAGE;
  return dispatch (name, argc, argv);
}
