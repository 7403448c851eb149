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

static const char *
state_name (MdbMigrationState state)
{
  switch (state)
    {
    case MDB_MIGRATION_PENDING: return "pending";
    case MDB_MIGRATION_APPLIED: return "applied";
    case MDB_MIGRATION_CHECKSUM_MISMATCH: return "changed (checksum mismatch)";
    case MDB_MIGRATION_MISSING: return "applied, file missing";
    case MDB_MIGRATION_FAILED: return "failed (success = false)";
    default: return "?";
    }
}

typedef struct {
  guint pending, bad;
} InfoTally;

static void
info_row (gint64 version, const char *description, MdbMigrationState state, gpointer user_data)
{
  InfoTally *t = user_data;

  g_print ("%-16" G_GINT64_FORMAT "  %-40s  %s\n", version, description, state_name (state));
  t->pending += state == MDB_MIGRATION_PENDING;
  t->bad += state != MDB_MIGRATION_PENDING && state != MDB_MIGRATION_APPLIED;
}

static gboolean
tally (MdbToolDatabase *db, InfoTally *t, GError **error)
{
  g_autoptr (MdbMigrator) migrator = NULL;
  g_autoptr (MdbConn) conn = NULL;

  return mdb__tool_open_both (db, &migrator, &conn, error)
         && mdb_migrator_info (migrator, conn, info_row, t, error);
}

static int
cmd_info (MdbToolDatabase *db)
{
  g_autoptr (GError) error = NULL;
  InfoTally t = { 0, 0 };

  g_print ("%-16s  %-40s  %s\n", "VERSION", "DESCRIPTION", "STATE");
  if (!tally (db, &t, &error))
    return (mdb_tool_print_error (error), MDB_EXIT_ERROR);
  if (t.bad > 0)
    g_printerr ("mdb: %u applied migration(s) of %s no longer match their files\n", t.bad, db->name);
  return t.pending > 0 || t.bad > 0 ? MDB_EXIT_DRIFT : MDB_EXIT_OK;
}

static int
dispatch (const char *sub, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  gboolean need_url = strcmp (sub, "add") != 0 && strcmp (sub, "check") != 0;
  g_autoptr (MdbToolDatabase) db = database_for (need_url, &error);

  if (db == NULL)
    return (mdb_tool_print_error (error), MDB_EXIT_ERROR);
  if (strcmp (sub, "run") == 0 || strcmp (sub, "revert") == 0)
    return cmd_run_or_revert (db, strcmp (sub, "revert") == 0);
  if (strcmp (sub, "info") == 0)
    return cmd_info (db);
  if (strcmp (sub, "check") == 0)
    return mdb_schema_migrate_check (db);
  if (argc != 2)
    {
      g_printerr ("mdb: usage: mdb migrate add NAME [--empty] [--database NAME]\n");
      return MDB_EXIT_ERROR;
    }
  return mdb_schema_migrate_add (db, argv[1], opt_empty);
}

static const char *
usage_of (const char *sub, const char **summary, const GOptionEntry **entries)
{
  *entries = target_entries;
  if (strcmp (sub, "run") == 0)
    return (*summary = "Applies pending migrations, each in one transaction with its history row; "
            "asks before destructive steps.", "");
  if (strcmp (sub, "revert") == 0)
    return (*summary = "Reverts the newest migration (or all above --target-version) with its down file; "
            "asks before reverting several or losing data.", "");
  *entries = db_entries;
  if (strcmp (sub, "info") == 0)
    return (*summary = "Lists migrations and their state; exit 2 when some are pending or changed.", "");
  if (strcmp (sub, "check") == 0)
    return (*summary = "Exit 2 when the schema and the migrations disagree, or an applied file changed.", "");
  *entries = add_entries;
  if (strcmp (sub, "add") == 0)
    return (*summary = "Writes the next migration from the schema diff (up and down files).", "NAME");
  return NULL;
}

static void
print_help (void)
{
  g_print ("Usage: mdb migrate COMMAND [OPTIONS]\n\n"
           "Commands:\n"
           "  run      apply pending migrations [--target-version V] [-y] [--dry-run]\n"
           "  revert   revert the newest migration [--target-version V] [-y] [--dry-run]\n"
           "  info     list migrations and their state (exit 2: pending or changed)\n"
           "  add      write a migration from the schema diff: add NAME [--empty]\n"
           "  check    exit 2 on drift between schema, migrations and database\n\n"
           "Run `mdb migrate COMMAND --help` for its options.\n");
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
  g_autoptr (GError) error = NULL;
  const GOptionEntry *entries;
  const char *summary, *params, *sub = argc > 1 ? argv[1] : NULL;
  g_autofree char *usage = NULL;

  if (sub == NULL || strcmp (sub, "--help") == 0 || strcmp (sub, "-h") == 0)
    return (print_help (), sub == NULL ? MDB_EXIT_ERROR : MDB_EXIT_OK);
  params = usage_of (sub, &summary, &entries);
  if (params == NULL)
    {
      g_printerr ("mdb: unknown command `migrate %s` (see mdb migrate --help)\n", sub);
      return MDB_EXIT_ERROR;
    }
  usage = g_strdup_printf ("%s %s", sub, params);
  argc--, argv++;
  if (!mdb__tool_parse (usage, summary, entries, &argc, &argv, &error))
    return error ? (mdb_tool_print_error (error), MDB_EXIT_ERROR) : MDB_EXIT_OK;
  return dispatch (sub, argc, argv);
}
