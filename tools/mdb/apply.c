/* SPDX-License-Identifier: MIT */
/* `migrate run` and `migrate revert` once the target is chosen: work out
 * the plan, show it (--dry-run), ask before losing data, then apply it one
 * migration at a time so each is named with its time. */
#include "mdb-tool-private.h"

#define WARN_LINES_PER_FILE 5

static char *
step_sql (const MdbToolPlan *plan, const MdbMigration *m, char **path, GError **error)
{
  char *sql = NULL;

  *path = mdb__tool_step_path (plan, m);
  if (*path == NULL)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                   "migration %" G_GINT64_FORMAT " (%s) has no down file: it cannot be reverted",
                   mdb_migration_get_version (m), mdb_migration_get_path (m));
      return NULL;
    }
  return g_file_get_contents (*path, &sql, NULL, error) ? sql : NULL;
}

/* See mdb-tool-private.h. */
guint
mdb__tool_plan_warn (const MdbToolPlan *plan, GError **error)
{
  guint n = 0;

  for (guint i = 0; i < plan->steps->len; i++)
    {
      g_autofree char *path = NULL;
      g_autofree char *sql = step_sql (plan, g_ptr_array_index (plan->steps, i), &path, error);
      g_autoptr (GPtrArray) lines = NULL;

      if (sql == NULL)
        return G_MAXUINT;
      lines = mdb__tool_destructive_lines (sql);
      /* The first few say what kind of loss it is; a revert of an initial
       * migration would otherwise list every table. */
      for (guint j = 0; j < lines->len && j < WARN_LINES_PER_FILE; j++)
        g_print ("  destructive: %s: %s\n", path, (char *) g_ptr_array_index (lines, j));
      if (lines->len > WARN_LINES_PER_FILE)
        g_print ("  destructive: %s: and %u more\n", path, lines->len - WARN_LINES_PER_FILE);
      n += lines->len;
    }
  return n;
}

/* See mdb-tool-private.h. */
gboolean
mdb__tool_plan_print_sql (const MdbToolPlan *plan, GError **error)
{
  for (guint i = 0; i < plan->steps->len; i++)
    {
      const MdbMigration *m = g_ptr_array_index (plan->steps, i);
      g_autofree char *path = NULL;
      g_autofree char *sql = step_sql (plan, m, &path, error);

      if (sql == NULL)
        return FALSE;
      g_print ("-- %s %" G_GINT64_FORMAT " %s (%s)\n%s%s", plan->down ? "revert" : "apply",
               mdb_migration_get_version (m), mdb_migration_get_description (m), path, sql,
               g_str_has_suffix (sql, "\n") || *sql == '\0' ? "" : "\n");
    }
  return TRUE;
}

static void
print_steps (const MdbToolPlan *plan)
{
  for (guint i = 0; i < plan->steps->len; i++)
    {
      const MdbMigration *m = g_ptr_array_index (plan->steps, i);
      g_print ("  %" G_GINT64_FORMAT " %s\n", mdb_migration_get_version (m), mdb_migration_get_description (m));
    }
}

/* See mdb-tool-private.h. */
gboolean
mdb__tool_open_both (MdbToolDatabase *db, MdbMigrator **migrator, MdbConn **conn, GError **error)
{
  *migrator = mdb_migrator_new (db->migrations_dir, error);
  if (*migrator == NULL)
    return FALSE;
  *conn = mdb_tool_connect (db->url, error);
  return *conn != NULL;
}

/* Asks before destructive steps unless -y or the database was just created. */
static gboolean
confirm_destructive (MdbToolDatabase *db, const MdbToolPlan *plan, const MdbToolRunOptions *o,
                     GError **error)
{
  g_autofree char *question = NULL;
  guint n;

  if (o->fresh)
    return TRUE;
  if ((n = mdb__tool_plan_warn (plan, error)) == G_MAXUINT)
    return FALSE;
  if (n == 0)
    return TRUE;
  question = g_strdup_printf ("%s: the migrations to apply have %u destructive step%s (above). Apply them?",
                              db->name, n, n == 1 ? "" : "s");
  return mdb_tool_confirm (question, o->yes, "applied nothing", error);
}

static int
fail (GError *error)
{
  mdb_tool_print_error (error);
  return MDB_EXIT_ERROR;
}

/* Reverting more than one migration, or one that loses data, asks first. */
static gboolean
confirm_revert (MdbToolDatabase *db, const MdbToolPlan *plan, gboolean yes, GError **error)
{
  g_autofree char *question = NULL;
  guint n;

  if ((n = mdb__tool_plan_warn (plan, error)) == G_MAXUINT)
    return FALSE;
  if (plan->steps->len <= 1 && n == 0)
    return TRUE;
  g_print ("%s: about to revert, newest first:\n", db->name);
  print_steps (plan);
  question = g_strdup_printf ("%s: revert %u migration%s%s?", db->name, plan->steps->len,
                              plan->steps->len == 1 ? "" : "s", n > 0 ? ", losing the data above" : "");
  return mdb_tool_confirm (question, yes, "reverted nothing", error);
}

/* The version to hand the library for step @i: a run goes up to the
 * step's version; a revert goes down to the next step's (or the floor), so
 * each call undoes exactly one migration and can be named. */
static gint64
step_target (const MdbToolPlan *plan, guint i)
{
  if (!plan->down)
    return mdb_migration_get_version (g_ptr_array_index (plan->steps, i));
  return i + 1 < plan->steps->len ? mdb_migration_get_version (g_ptr_array_index (plan->steps, i + 1))
                                  : plan->floor;
}

/* Applies or reverts the plan one migration at a time; prints each with
 * its time, then the total.  Returns FALSE at the first failure. */
static gboolean
carry_out (MdbToolDatabase *db, MdbMigrator *migrator, MdbConn *conn, const MdbToolPlan *plan,
           int lock_timeout_sec, GError **error)
{
  const char *verb = plan->down ? "reverted" : "applied";
  gboolean ok = TRUE;
  guint total = 0;

  for (guint i = 0; ok && i < plan->steps->len; i++)
    {
      const MdbMigration *m = g_ptr_array_index (plan->steps, i);
      gint64 start = g_get_monotonic_time (), lock = (gint64) lock_timeout_sec * G_USEC_PER_SEC;
      guint n = 0;

      ok = plan->down ? mdb_migrator_revert (migrator, conn, step_target (plan, i), lock, &n, error)
                      : mdb_migrator_run (migrator, conn, step_target (plan, i), lock, &n, error);
      /* Another runner may have done it meanwhile: n is 0 then. */
      if (n > 0)
        g_print ("%s: %s %" G_GINT64_FORMAT " %s (%.1f ms)\n", db->name, verb, mdb_migration_get_version (m),
                 mdb_migration_get_description (m), (g_get_monotonic_time () - start) / 1000.0);
      total += n;
    }
  g_print ("%s: %s %u migration%s%s\n", db->name, verb, total, total == 1 ? "" : "s",
           plan->steps->len == 0 && !plan->down ? " (up to date)" : "");
  return ok;
}

static int
migrate (MdbToolDatabase *db, const MdbToolRunOptions *o, gboolean revert)
{
  g_autoptr (MdbMigrator) migrator = NULL;
  g_autoptr (MdbConn) conn = NULL;
  g_autoptr (MdbToolPlan) plan = NULL;
  g_autoptr (GError) error = NULL;

  if (!mdb__tool_open_both (db, &migrator, &conn, &error))
    return fail (error);
  plan = revert ? mdb__tool_plan_revert (db, migrator, conn, o->target, &error)
                : mdb__tool_plan_run (db, migrator, conn, o->target, &error);
  if (plan == NULL)
    return fail (error);
  if (o->dry_run)
    return mdb__tool_plan_print_sql (plan, &error) ? MDB_EXIT_OK : fail (error);
  if (!(revert ? confirm_revert (db, plan, o->yes, &error) : confirm_destructive (db, plan, o, &error))
      || !carry_out (db, migrator, conn, plan, o->lock_timeout_sec, &error))
    return fail (error);
  return MDB_EXIT_OK;
}

/* See mdb-tool-private.h. */
int
mdb__tool_migrate_run (MdbToolDatabase *db, const MdbToolRunOptions *o)
{
  return migrate (db, o, FALSE);
}

/* See mdb-tool-private.h. */
int
mdb__tool_migrate_revert (MdbToolDatabase *db, const MdbToolRunOptions *o)
{
  return migrate (db, o, TRUE);
}
