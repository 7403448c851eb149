/* SPDX-License-Identifier: MIT */
/* `mdb migrate add` and `mdb migrate check`: migrations replayed into a shadow database, diffed against the schema. */
#include "schema-model.h"
#include "mdb-schema-cmd.h"

#include <libpq-fe.h>
#include <errno.h>
#include <string.h>

#define LOCK_TIMEOUT_USEC (30 * G_USEC_PER_SEC)

/* Connects to the server of @url: its own database, else the maintenance one. */
static MdbConn *
connect_admin (const char *url, GError **error)
{
  g_autofree char *fallback = NULL;
  MdbConn *conn = mdb_tool_connect (url, NULL);

  if (conn != NULL)
    return conn;
  fallback = mdb_conninfo_with_dbname (url, "postgres", error);
  return fallback != NULL ? mdb_tool_connect (fallback, error) : NULL;
}

static char *
shadow_name (void)
{
  return g_strdup_printf ("mdb_shadow_%08x%08x", g_random_int (), g_random_int ());
}

static MdbSchema *
replay_and_introspect (const char *shadow_url, const char *migrations_dir, GError **error)
{
  g_autoptr (MdbMigrator) migrator = mdb_migrator_new (migrations_dir, error);
  g_autoptr (MdbConn) conn = NULL;

  if (migrator == NULL)
    return NULL;
  conn = mdb_tool_connect (shadow_url, error);
  if (conn == NULL || !mdb_migrator_run (migrator, conn, -1, LOCK_TIMEOUT_USEC, NULL, error))
    return NULL;
  return mdb__schema_introspect (conn, error);
}

/**
 * mdb__schema_from_migrations:
 * @url: a URL of the server (any database on it)
 * @migrations_dir: the migrations folder to replay
 * @error: return location for a #GError
 *
 * Creates a shadow database on the server of @url, applies every
 * migration of @migrations_dir, introspects the result and drops the
 * shadow database again (WITH (FORCE)) on every path.
 * Sets %MDB_ERROR_CONNECT, %MDB_ERROR_SERVER or %MDB_ERROR_INVALID_INPUT.
 *
 * Returns: (transfer full): the model the migrations produce, or %NULL
 * Since: 0.1
 */
MdbSchema *
mdb__schema_from_migrations (const char *url, const char *migrations_dir, GError **error)
{
  g_autoptr (MdbConn) admin = connect_admin (url, error);
  g_autofree char *name = shadow_name ();
  g_autofree char *quoted = mdb__sql_quote_ident (name);
  g_autofree char *create = g_strdup_printf ("CREATE DATABASE %s", quoted);
  g_autofree char *drop = g_strdup_printf ("DROP DATABASE IF EXISTS %s WITH (FORCE)", quoted);
  g_autofree char *shadow_url = NULL;
  g_autoptr (GError) drop_error = NULL;
  MdbSchema *schema = NULL;

  if (admin == NULL || !mdb_conn_exec_script (admin, create, error))
    return NULL;
  shadow_url = mdb_conninfo_with_dbname (url, name, error);
  if (shadow_url != NULL)
    schema = replay_and_introspect (shadow_url, migrations_dir, error);
  if (!mdb_conn_exec_script (admin, drop, &drop_error))
    {
      g_prefix_error (&drop_error, "warning: could not drop shadow database %s: ", name);
      mdb_tool_print_error (drop_error);
    }
  return schema;
}

static gboolean
check_name (const char *name, GError **error)
{
  if (name == NULL || name[0] == '\0')
    goto bad;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      goto bad;
  return TRUE;
bad:
  g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
               "bad migration name \"%s\": use letters, digits and '_'", name != NULL ? name : "");
  return FALSE;
}

/* UTC now, or one past the newest existing version (two adds in a second). */
static gint64
next_version (const char *migrations_dir, GError **error)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d%H%M%S");
  gint64 version = g_ascii_strtoll (stamp, NULL, 10);
  g_autoptr (MdbMigrator) migrator = mdb_migrator_new (migrations_dir, error);
  const GPtrArray *list;

  if (migrator == NULL)
    return -1;
  list = mdb_migrator_get_migrations (migrator);
  if (list->len > 0)
    version = MAX (version, mdb_migration_get_version (g_ptr_array_index (list, list->len - 1)) + 1);
  return version;
}

static gboolean
write_pair (const char *dir, gint64 version, const char *name, const char *up, const char *down,
            GError **error)
{
  g_autofree char *base = g_strdup_printf ("%" G_GINT64_FORMAT "_%s", version, name);
  g_autofree char *up_path = g_strdup_printf ("%s/%s.up.sql", dir, base);
  g_autofree char *down_path = g_strdup_printf ("%s/%s.down.sql", dir, base);
  GError *local = NULL;

  if (g_mkdir_with_parents (dir, 0755) != 0
      || !g_file_set_contents (up_path, up, -1, &local)
      || !g_file_set_contents (down_path, down, -1, &local))
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_FAILED, "cannot write %s: %s", up_path,
                   local != NULL ? local->message : g_strerror (errno));
      g_clear_error (&local);
      return FALSE;
    }
  g_print ("Wrote %s and %s\n", up_path, down_path);
  return TRUE;
}

static void
warn_destructive (GPtrArray *steps)
{
  for (guint i = 0; i < steps->len; i++)
    {
      MdbSchemaStep *step = g_ptr_array_index (steps, i);
      if (step->destructive)
        g_printerr ("mdb: warning: destructive step: %s\n", step->summary);
    }
}

/* What the files just written do, one line per step. */
static void
print_summary (GPtrArray *steps)
{
  g_print ("%u step%s:\n", steps->len, steps->len == 1 ? "" : "s");
  for (guint i = 0; i < steps->len; i++)
    {
      MdbSchemaStep *step = g_ptr_array_index (steps, i);
      g_print ("  %s%s\n", step->summary, step->destructive ? "  (destructive)" : "");
    }
}

static int
fail (GError *error)
{
  mdb_tool_print_error (error);
  g_error_free (error);
  return MDB_EXIT_ERROR;
}

/**
 * mdb_schema_migrate_add:
 * @db: the database (schema file, migrations folder, server URL)
 * @name: the migration's name (letters, digits, '_')
 * @empty: write blank files for hand-written SQL instead of a diff
 *
 * Replays the migrations into a shadow database, diffs the result against
 * the schema and writes <UTC yyyymmddHHMMSS>_<name>.up.sql and .down.sql.
 * Prints "No schema changes: nothing written." when there is nothing to do.
 *
 * Returns: an exit code (%MDB_EXIT_OK or %MDB_EXIT_ERROR)
 * Since: 0.1
 */
int
mdb_schema_migrate_add (MdbToolDatabase *db, const char *name, gboolean empty)
{
  GError *error = NULL;
  g_autoptr (GPtrArray) steps = NULL;
  g_autofree char *up = NULL;
  g_autofree char *down = NULL;
  gint64 version;

  g_return_val_if_fail (db != NULL, MDB_EXIT_ERROR);
  if (!check_name (name, &error))
    return fail (error);
  if (!empty)
    {
      if (!mdb_tool_database_need_schema (db, "migrate add", "or write the SQL yourself: "
                                          "`mdb migrate add NAME --empty` writes blank files", &error))
        return fail (error);
      steps = mdb__schema_steps_to_schema (db, FALSE, &error);
      if (steps == NULL)
        return fail (error);
      if (steps->len == 0)
        {
          g_print ("No schema changes: nothing written.\n");
          return MDB_EXIT_OK;
        }
      warn_destructive (steps);
      up = mdb__schema_render_up (steps);
      down = mdb__schema_render_down (steps);
    }
  version = next_version (db->migrations_dir, &error);
  if (version < 0 || !write_pair (db->migrations_dir, version, name, up != NULL ? up : "",
                                  down != NULL ? down : "", &error))
    return fail (error);
  if (steps != NULL)
    print_summary (steps);
  return MDB_EXIT_OK;
}

typedef struct {
  int n_bad;
} InfoState;

static void
on_info (gint64 version, const char *description, MdbMigrationState state, gpointer user_data)
{
  InfoState *st = user_data;
  const char *problem = state == MDB_MIGRATION_CHECKSUM_MISMATCH ? "was changed after it was applied"
                      : state == MDB_MIGRATION_MISSING ? "is applied but its file is missing"
                      : state == MDB_MIGRATION_FAILED ? "failed when it was applied" : NULL;

  if (problem == NULL)
    return;
  g_print ("drift: migration %" G_GINT64_FORMAT " (%s) %s (`mdb migrate status` says the way out)\n",
           version, description, problem);
  st->n_bad++;
}

/* Applied migrations of the target database, when it exists and has history. */
static gboolean
check_applied (MdbToolDatabase *db, int *n_bad, GError **error)
{
  g_autoptr (MdbConn) conn = mdb_tool_connect (db->url, NULL);
  g_autoptr (MdbMigrator) migrator = NULL;
  g_autoptr (MdbResult) res = NULL;
  InfoState st = { 0 };

  if (conn == NULL)
    return TRUE;
  res = mdb_conn_exec (conn, "SELECT 1 FROM pg_class WHERE relname = '_sqlx_migrations'"
                             " AND relnamespace = 'public'::regnamespace", NULL, error);
  if (res == NULL)
    return FALSE;
  if (mdb_result_get_n_rows (res) == 0)
    return TRUE;
  migrator = mdb_migrator_new (db->migrations_dir, error);
  if (migrator == NULL || !mdb_migrator_info (migrator, conn, on_info, &st, error))
    return FALSE;
  *n_bad = st.n_bad;
  return TRUE;
}

/**
 * mdb_schema_migrate_check:
 * @db: the database (schema file, migrations folder, server URL)
 *
 * Reports drift: differences between the schema and what the migrations
 * produce, and applied migrations (in @db's database, when it exists)
 * whose files changed or are missing.
 *
 * Returns: %MDB_EXIT_OK, %MDB_EXIT_DRIFT or %MDB_EXIT_ERROR
 * Since: 0.1
 */
int
mdb_schema_migrate_check (MdbToolDatabase *db)
{
  GError *error = NULL;
  g_autoptr (GPtrArray) steps = NULL;
  int n_bad = 0;

  g_return_val_if_fail (db != NULL, MDB_EXIT_ERROR);
  if (!mdb_tool_database_need_schema (db, "migrate check", "`mdb migrate status` reports applied "
                                      "migrations whose files changed", &error))
    return fail (error);
  steps = mdb__schema_steps_to_schema (db, FALSE, &error);
  if (steps == NULL || !check_applied (db, &n_bad, &error))
    return fail (error);
  if (steps->len > 0)
    {
      g_autofree char *args = mdb_tool_hint_args (db);
      g_print ("drift: %s and %s differ (run `mdb migrate add NAME %s`):\n",
               db->schema_path, db->migrations_dir, args);
    }
  for (guint i = 0; i < steps->len; i++)
    g_print ("  %s\n", ((MdbSchemaStep *) g_ptr_array_index (steps, i))->summary);
  if (steps->len > 0 || n_bad > 0)
    return MDB_EXIT_DRIFT;
  g_print ("%s: schema and migrations agree.\n", db->name);
  return MDB_EXIT_OK;
}
