/* SPDX-License-Identifier: MIT */
/* `mdb migrate status` (also `info`, sqlx's name): every migration and its
 * state, exit 2 when some are pending or an applied one no longer matches
 * its file, and for each problem the command that gets out of it. */
#include "mdb-tool-private.h"

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

static const char *
path_of (MdbMigrator *migrator, gint64 version)
{
  const MdbMigration *m = mdb__tool_find_migration (migrator, version);
  return m != NULL ? mdb_migration_get_path (m) : "?";
}

/**
 * mdb__tool_problem_message:
 * @db: the database
 * @migrator: its migrations
 * @version: an applied migration's version
 * @state: its state, not pending or applied
 *
 * Returns: (transfer full): what is wrong and the commands out of it
 */
char *
mdb__tool_problem_message (const MdbToolDatabase *db, MdbMigrator *migrator, gint64 version,
                           MdbMigrationState state)
{
  g_autofree char *args = mdb_tool_hint_args (db);

  if (state == MDB_MIGRATION_CHECKSUM_MISMATCH)
    return g_strdup_printf ("migration %" G_GINT64_FORMAT " (%s) was changed after it was applied: restore "
                            "the applied text (git checkout -- FILE), or, if the database already matches "
                            "the changed file, record its new checksum: mdb migrate resolve --applied %"
                            G_GINT64_FORMAT " %s", version, path_of (migrator, version), version, args);
  if (state == MDB_MIGRATION_MISSING)
    return g_strdup_printf ("migration %" G_GINT64_FORMAT " was applied but its file is missing from %s: "
                            "restore the file, or, if its changes were undone by hand, forget it: "
                            "mdb migrate resolve --rolled-back %" G_GINT64_FORMAT " %s",
                            version, db->migrations_dir, version, args);
  return g_strdup_printf ("migration %" G_GINT64_FORMAT " failed when it was applied: repair the database "
                          "by hand, then either mdb migrate resolve --rolled-back %" G_GINT64_FORMAT
                          " %s (to run it again) or mdb migrate resolve --applied %" G_GINT64_FORMAT " %s",
                          version, version, args, version, args);
}

typedef struct {
  guint applied, pending;
  GArray *bad_versions;          /* gint64 */
  GArray *bad_states;            /* MdbMigrationState */
} Tally;

static void
status_row (gint64 version, const char *description, MdbMigrationState state, gpointer user_data)
{
  Tally *t = user_data;

  g_print ("%-16" G_GINT64_FORMAT "  %-40s  %s\n", version, description, state_name (state));
  t->pending += state == MDB_MIGRATION_PENDING;
  t->applied += state == MDB_MIGRATION_APPLIED;
  if (state != MDB_MIGRATION_PENDING && state != MDB_MIGRATION_APPLIED)
    {
      g_array_append_val (t->bad_versions, version);
      g_array_append_val (t->bad_states, state);
    }
}

/**
 * mdb__tool_migrate_status:
 * @db: the database, with a URL
 *
 * Returns: %MDB_EXIT_OK when up to date, %MDB_EXIT_DRIFT when migrations
 *   are pending or applied ones changed, %MDB_EXIT_ERROR
 */
int
mdb__tool_migrate_status (MdbToolDatabase *db)
{
  g_autoptr (MdbMigrator) migrator = NULL;
  g_autoptr (MdbConn) conn = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) versions = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray) states = g_array_new (FALSE, FALSE, sizeof (MdbMigrationState));
  g_autofree char *where = NULL, *args = NULL;
  Tally t = { 0, 0, versions, states };

  if (!mdb__tool_open_both (db, &migrator, &conn, &error))
    return (mdb_tool_print_error (error), MDB_EXIT_ERROR);
  g_print ("%-16s  %-40s  %s\n", "VERSION", "DESCRIPTION", "STATE");
  if (!mdb_migrator_info (migrator, conn, status_row, &t, &error))
    return (mdb_tool_print_error (error), MDB_EXIT_ERROR);
  where = mdb_tool_target_describe (db);
  args = mdb_tool_hint_args (db);
  for (guint i = 0; i < versions->len; i++)
    {
      g_autofree char *msg = mdb__tool_problem_message (db, migrator, g_array_index (versions, gint64, i),
                                                        g_array_index (states, MdbMigrationState, i));
      g_autofree char *safe = mdb_tool_scrub (msg);
      g_printerr ("mdb: %s\n", safe);
    }
  if (t.pending > 0)
    g_print ("%s: %u applied, %u pending in %s: mdb migrate run %s\n", db->name, t.applied, t.pending, where, args);
  else if (versions->len == 0)
    g_print ("%s: up to date, %u applied in %s\n", db->name, t.applied, where);
  return t.pending > 0 || versions->len > 0 ? MDB_EXIT_DRIFT : MDB_EXIT_OK;
}
