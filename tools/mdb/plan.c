/* SPDX-License-Identifier: MIT */
/* What `migrate run` and `migrate revert` are about to do, worked out before
 * they do it: the migrations, in order, and the destructive steps among
 * them, so the tool can name the target, ask, or print a dry run. */
#include <string.h>
#include "mdb-tool-private.h"

typedef struct {
  GArray *applied;   /* gint64 versions in the history, ascending */
  gint64 bad_version;
  MdbMigrationState bad_state;
} History;

static void
collect_applied (gint64 version, const char *description, MdbMigrationState state, gpointer user_data)
{
  History *h = user_data;

  (void) description;
  if (state != MDB_MIGRATION_PENDING)
    g_array_append_val (h->applied, version);
  if (state != MDB_MIGRATION_PENDING && state != MDB_MIGRATION_APPLIED && h->bad_version == 0)
    h->bad_version = version, h->bad_state = state;
}

static gboolean
version_in (GArray *versions, gint64 v)
{
  for (guint i = 0; i < versions->len; i++)
    if (g_array_index (versions, gint64, i) == v)
      return TRUE;
  return FALSE;
}

/* See mdb-tool-private.h. */
const MdbMigration *
mdb__tool_find_migration (MdbMigrator *migrator, gint64 version)
{
  const GPtrArray *all = mdb_migrator_get_migrations (migrator);

  for (guint i = 0; i < all->len; i++)
    if (mdb_migration_get_version (g_ptr_array_index (all, i)) == version)
      return g_ptr_array_index (all, i);
  return NULL;
}

/**
 * mdb__tool_plan_free:
 * @plan: (nullable): a plan
 */
void
mdb__tool_plan_free (MdbToolPlan *plan)
{
  if (plan == NULL)
    return;
  g_ptr_array_unref (plan->steps);
  g_free (plan);
}

static MdbToolPlan *
plan_new (gboolean down)
{
  MdbToolPlan *plan = g_new0 (MdbToolPlan, 1);

  plan->down = down;
  plan->steps = g_ptr_array_new ();
  return plan;
}

/* The applied versions; an error saying how to get out when the history
 * and the files disagree (the migrator would refuse to go on). */
static GArray *
applied_versions (const MdbToolDatabase *db, MdbMigrator *migrator, MdbConn *conn, GError **error)
{
  History h = { g_array_new (FALSE, FALSE, sizeof (gint64)), 0, MDB_MIGRATION_APPLIED };

  if (!mdb_migrator_info (migrator, conn, collect_applied, &h, error))
    return (g_array_unref (h.applied), NULL);
  if (h.bad_version != 0)
    {
      g_autofree char *msg = mdb__tool_problem_message (db, migrator, h.bad_version, h.bad_state);

      g_set_error_literal (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, msg);
      return (g_array_unref (h.applied), NULL);
    }
  return h.applied;
}

/**
 * mdb__tool_plan_run:
 * @db: the database (for hints)
 * @migrator: the migrations
 * @conn: the target database
 * @target: -1 for all, else the version to stop at (one of the folder's)
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the pending migrations up to @target
 */
MdbToolPlan *
mdb__tool_plan_run (const MdbToolDatabase *db, MdbMigrator *migrator, MdbConn *conn, gint64 target,
                    GError **error)
{
  const GPtrArray *all = mdb_migrator_get_migrations (migrator);
  g_autoptr (GArray) applied = NULL;
  MdbToolPlan *plan;

  if (target != -1 && (target <= 0 || mdb__tool_find_migration (migrator, target) == NULL))
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                   "--target-version %" G_GINT64_FORMAT ": no migration has this version; "
                   "`mdb migrate status` lists them", target);
      return NULL;
    }
  if ((applied = applied_versions (db, migrator, conn, error)) == NULL)
    return NULL;
  plan = plan_new (FALSE);
  for (guint i = 0; i < all->len; i++)
    {
      const MdbMigration *m = g_ptr_array_index (all, i);
      gint64 v = mdb_migration_get_version (m);

      if (target != -1 && v > target)
        break;
      if (!version_in (applied, v))
        g_ptr_array_add (plan->steps, (gpointer) m);
    }
  return plan;
}

/* The applied versions newer than @target (0: all, -1: the newest only),
 * newest first; *floor gets the version each revert goes down to last. */
static GArray *
revert_versions (GArray *applied, gint64 target, gint64 *floor)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = applied->len; i-- > 0;)
    {
      gint64 v = g_array_index (applied, gint64, i);

      if ((target >= 0 && v <= target) || (target == -1 && out->len == 1))
        {
          *floor = v;
          return out;
        }
      g_array_append_val (out, v);
    }
  *floor = 0;
  return out;
}

/**
 * mdb__tool_plan_revert:
 * @db: the database (for hints)
 * @migrator: the migrations
 * @conn: the target database
 * @target: -1 for the newest, 0 for all, else an applied version to go
 *   down to
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the migrations to revert, newest
 *   first
 */
MdbToolPlan *
mdb__tool_plan_revert (const MdbToolDatabase *db, MdbMigrator *migrator, MdbConn *conn, gint64 target,
                       GError **error)
{
  g_autoptr (GArray) applied = applied_versions (db, migrator, conn, error);
  g_autoptr (GArray) versions = NULL;
  MdbToolPlan *plan;

  if (applied == NULL)
    return NULL;
  if (target < -1 || (target > 0 && !version_in (applied, target)))
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                   "--target-version %" G_GINT64_FORMAT ": no applied migration has this version "
                   "(0 reverts all; `mdb migrate status` lists them); reverted nothing", target);
      return NULL;
    }
  versions = revert_versions (applied, target, &target);
  plan = plan_new (TRUE);
  plan->floor = target;
  for (guint i = 0; i < versions->len; i++)
    {
      const MdbMigration *m = mdb__tool_find_migration (migrator, g_array_index (versions, gint64, i));

      if (m == NULL)
        {
          g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                       "migration %" G_GINT64_FORMAT " was applied but its file is missing: it cannot be "
                       "reverted", g_array_index (versions, gint64, i));
          return (mdb__tool_plan_free (plan), NULL);
        }
      g_ptr_array_add (plan->steps, (gpointer) m);
    }
  return plan;
}

/**
 * mdb__tool_step_path:
 * @plan: a plan
 * @m: one of its steps
 *
 * Returns: (transfer full) (nullable): the file the step runs: the up (or
 *   simple) file, or for a revert the down file (%NULL when there is none)
 */
char *
mdb__tool_step_path (const MdbToolPlan *plan, const MdbMigration *m)
{
  const char *path = mdb_migration_get_path (m);
  g_autofree char *base = NULL;
  char *down;

  if (!plan->down)
    return g_strdup (path);
  if (!g_str_has_suffix (path, ".up.sql"))
    return NULL;
  base = g_strndup (path, strlen (path) - strlen (".up.sql"));
  down = g_strconcat (base, ".down.sql", NULL);
  if (!g_file_test (down, G_FILE_TEST_IS_REGULAR))
    g_clear_pointer (&down, g_free);
  return down;
}
