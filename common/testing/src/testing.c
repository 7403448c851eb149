/* SPDX-License-Identifier: MIT */
/* Throwaway test databases cloned from a migrated template, and the Check runner around them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <check.h>
#include <libpq-fe.h>
#include "mdb-testing/mdb-testing.h"

/* First key of the two-int advisory lock that serialises template builds;
 * the second is a hash of the template name.  ('mdbt') */
#define TEMPLATE_LOCK_CLASS 0x6d646274
#define EMPTY_TEMPLATE "mdb_tmpl_empty"

struct _MdbTestDb {
  char *name;
  char *url;
};

/* Set in the runner before Check forks, so every test of one executable
 * names its databases with the same prefix and the runner finds leftovers. */
static char db_prefix[32];
static guint db_counter;

static const char *
prefix_get (void)
{
  if (db_prefix[0] == '\0')
    g_snprintf (db_prefix, sizeof db_prefix, "mdbt_%d_", (int) getpid ());
  return db_prefix;
}

/**
 * mdb_test_admin_url:
 *
 * The admin URL of the test server, from `MDB_TEST_DATABASE_URL`.
 *
 * Returns: (transfer none) (nullable): the URL, or %NULL when unset or empty
 */
const char *
mdb_test_admin_url (void)
{
  const char *url = g_getenv ("MDB_TEST_DATABASE_URL");
  return url != NULL && *url != '\0' ? url : NULL;
}

/**
 * mdb_test_source_root:
 *
 * The source tree root, from `MDB_SOURCE_ROOT` (set by tests/meson.build),
 * or "." when unset.
 *
 * Returns: (transfer none): a path
 */
const char *
mdb_test_source_root (void)
{
  const char *root = g_getenv ("MDB_SOURCE_ROOT");
  return root != NULL && *root != '\0' ? root : ".";
}

static void
ignore_notice (void *arg, const char *message)
{
}

static PGconn *
connect_to (const char *conninfo, GError **error)
{
  PGconn *pg = PQconnectdb (conninfo);

  PQsetNoticeProcessor (pg, ignore_notice, NULL);
  if (PQstatus (pg) != CONNECTION_OK)
    {
      g_autofree char *msg = g_strstrip (g_strdup (PQerrorMessage (pg)));
      g_autofree char *safe = mdb_conninfo_scrub (conninfo, msg);
      g_set_error (error, MDB_ERROR, MDB_ERROR_CONNECT, "test server: %s", safe);
      PQfinish (pg);
      return NULL;
    }
  return pg;
}

static PGconn *
admin_connect (GError **error)
{
  const char *url = mdb_test_admin_url ();

  if (url == NULL)
    {
      g_set_error_literal (error, MDB_ERROR, MDB_ERROR_CONNECT, "MDB_TEST_DATABASE_URL is not set");
      return NULL;
    }
  return connect_to (url, error);
}

/* Runs @sql (no parameters, or @n_params text parameters); on failure sets
 * @error with the server's message, single-line. */
static PGresult *
run (PGconn *pg, const char *sql, int n_params, const char *const *params, GError **error)
{
  PGresult *res = PQexecParams (pg, sql, n_params, NULL, params, NULL, NULL, 0);
  ExecStatusType st = PQresultStatus (res);

  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
    return res;
  {
    g_autofree char *msg = g_strdelimit (g_strstrip (g_strdup (PQresultErrorMessage (res))), "\n", ' ');
    g_set_error (error, MDB_ERROR, MDB_ERROR_SERVER, "%s: %s", sql, msg);
  }
  PQclear (res);
  return NULL;
}

static gboolean
run_ok (PGconn *pg, const char *sql, GError **error)
{
  PGresult *res = run (pg, sql, 0, NULL, error);
  PQclear (res);
  return res != NULL;
}

/* Runs @head + quoted identifier @name + @tail. */
static gboolean
run_with_ident (PGconn *pg, const char *head, const char *name, const char *tail, GError **error)
{
  char *ident = PQescapeIdentifier (pg, name, strlen (name));
  g_autofree char *sql = NULL;

  if (ident == NULL)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "cannot quote %s", name);
      return FALSE;
    }
  sql = g_strconcat (head, ident, tail, NULL);
  PQfreemem (ident);
  return run_ok (pg, sql, error);
}

/* Sends @sql as one simple query (several statements allowed). */
static gboolean
run_script (PGconn *pg, const char *sql, const char *path, GError **error)
{
  PGresult *res = PQexec (pg, sql);
  ExecStatusType st = PQresultStatus (res);
  gboolean ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY;

  if (!ok)
    {
      g_autofree char *msg = g_strdelimit (g_strstrip (g_strdup (PQresultErrorMessage (res))), "\n", ' ');
      g_set_error (error, MDB_ERROR, MDB_ERROR_SERVER, "fixture %s: %s", path, msg);
    }
  PQclear (res);
  return ok;
}

/* TRUE when @name exists and is marked as a template (= fully built). */
static gboolean
template_ready (PGconn *pg, const char *name, gboolean *ready, GError **error)
{
  const char *params[] = { name };
  PGresult *res = run (pg, "SELECT 1 FROM pg_database WHERE datname = $1 AND datistemplate",
                       1, params, error);

  if (res == NULL)
    return FALSE;
  *ready = PQntuples (res) == 1;
  PQclear (res);
  return TRUE;
}

static gboolean
apply_migrations (const char *dbname, MdbMigrator *migrator, GError **error)
{
  g_autofree char *conninfo = mdb_conninfo_with_dbname (mdb_test_admin_url (), dbname, error);
  g_autoptr (MdbConn) conn = NULL;

  if (conninfo == NULL)
    return FALSE;
  conn = mdb_conn_new (conninfo, error);
  if (conn == NULL)
    return FALSE;
  return mdb_migrator_run (migrator, conn, -1, 60 * G_USEC_PER_SEC, NULL, error);
}

/* Builds into "<name>_build" and renames only when complete, so a crash
 * mid-build never leaves a half-made template under the real name. */
static gboolean
template_build (PGconn *pg, const char *name, MdbMigrator *migrator, GError **error)
{
  g_autofree char *build = g_strconcat (name, "_build", NULL);
  g_autofree char *rename = NULL;
  char *ident;

  if (!run_with_ident (pg, "DROP DATABASE IF EXISTS ", build, " WITH (FORCE)", error)
      || !run_with_ident (pg, "CREATE DATABASE ", build, " TEMPLATE template0", error))
    return FALSE;
  if (migrator != NULL && !apply_migrations (build, migrator, error))
    {
      run_with_ident (pg, "DROP DATABASE IF EXISTS ", build, " WITH (FORCE)", NULL);
      return FALSE;
    }
  ident = PQescapeIdentifier (pg, name, strlen (name));
  rename = g_strconcat (" RENAME TO ", ident, NULL);
  PQfreemem (ident);
  return run_with_ident (pg, "ALTER DATABASE ", build, " IS_TEMPLATE true", error)
         && run_with_ident (pg, "ALTER DATABASE ", build, rename, error);
}

static gboolean
template_ensure_locked (PGconn *pg, const char *name, MdbMigrator *migrator, GError **error)
{
  g_autofree char *key = g_strdup_printf ("%d", (int) (g_str_hash (name) & 0x7fffffff));
  g_autofree char *lock_sql = g_strdup_printf ("SELECT pg_advisory_lock(%d, %s)", TEMPLATE_LOCK_CLASS, key);
  g_autofree char *unlock_sql = g_strdup_printf ("SELECT pg_advisory_unlock(%d, %s)", TEMPLATE_LOCK_CLASS, key);
  gboolean ready = FALSE, ok;

  if (!run_ok (pg, lock_sql, error))
    return FALSE;
  /* Another process may have built it while we waited for the lock. */
  ok = template_ready (pg, name, &ready, error);
  if (ok && !ready)
    ok = template_build (pg, name, migrator, error);
  run_ok (pg, unlock_sql, NULL);
  return ok;
}

/* Returns the name of a ready template for @migrations_dir, building it if needed. */
static char *
template_ensure (PGconn *pg, const char *migrations_dir, GError **error)
{
  g_autoptr (MdbMigrator) migrator = NULL;
  g_autofree char *name = NULL;
  gboolean ready = FALSE;

  if (migrations_dir != NULL)
    {
      g_autofree char *fingerprint = NULL;
      migrator = mdb_migrator_new (migrations_dir, error);
      if (migrator == NULL)
        return NULL;
      fingerprint = mdb_migrator_dup_fingerprint (migrator);
      name = g_strdup_printf ("mdb_tmpl_%.16s", fingerprint);
    }
  else
    name = g_strdup (EMPTY_TEMPLATE);

  if (!template_ready (pg, name, &ready, error))
    return NULL;
  if (!ready && !template_ensure_locked (pg, name, migrator, error))
    return NULL;
  return g_steal_pointer (&name);
}

/**
 * mdb_test_db_new:
 * @migrations_dir: (nullable): a migrations folder, or %NULL for an empty database
 * @error: return location for a #GError
 *
 * Creates a fresh database for one test, cloned with `STRATEGY file_copy`
 * from a template that has @migrations_dir applied.  The template is named
 * after the migrations' fingerprint, built once under an advisory lock and
 * reused until the migrations change.  Sets %MDB_ERROR_CONNECT,
 * %MDB_ERROR_SERVER or %MDB_ERROR_INVALID_INPUT.
 *
 * Returns: (transfer full) (nullable): the database, for mdb_test_db_free()
 */
MdbTestDb *
mdb_test_db_new (const char *migrations_dir, GError **error)
{
  PGconn *pg = admin_connect (error);
  g_autofree char *tmpl = NULL;
  g_autofree char *name = NULL;
  g_autofree char *sql = NULL;
  char *ident;
  MdbTestDb *db;

  if (pg == NULL)
    return NULL;
  tmpl = template_ensure (pg, migrations_dir, error);
  if (tmpl == NULL)
    {
      PQfinish (pg);
      return NULL;
    }
  /* getpid (): forked children share the counter and the random state. */
  name = g_strdup_printf ("%s%d_%u_%08x", prefix_get (), (int) getpid (), ++db_counter, g_random_int ());
  ident = PQescapeIdentifier (pg, tmpl, strlen (tmpl));
  sql = g_strconcat (" TEMPLATE ", ident, " STRATEGY file_copy", NULL);
  PQfreemem (ident);
  if (!run_with_ident (pg, "CREATE DATABASE ", name, sql, error))
    {
      PQfinish (pg);
      return NULL;
    }
  PQfinish (pg);
  db = g_new0 (MdbTestDb, 1);
  db->name = g_steal_pointer (&name);
  db->url = mdb_conninfo_with_dbname (mdb_test_admin_url (), db->name, NULL);
  return db;
}

/**
 * mdb_test_db_get_url:
 * @db: a test database
 *
 * Returns: (transfer none): a conninfo string for the test database
 */
const char *
mdb_test_db_get_url (const MdbTestDb *db)
{
  g_return_val_if_fail (db != NULL, NULL);
  return db->url;
}

/**
 * mdb_test_db_get_name:
 * @db: a test database
 *
 * Returns: (transfer none): the database's name
 */
const char *
mdb_test_db_get_name (const MdbTestDb *db)
{
  g_return_val_if_fail (db != NULL, NULL);
  return db->name;
}

/**
 * mdb_test_db_apply_fixture:
 * @db: a test database
 * @path: an SQL file
 * @error: return location for a #GError
 *
 * Runs the file's statements in one transaction.  Sets %MDB_ERROR_FAILED
 * when the file cannot be read, %MDB_ERROR_SERVER (naming @path) when a
 * statement fails: then nothing of the file stays.
 *
 * Returns: %TRUE on success
 */
gboolean
mdb_test_db_apply_fixture (MdbTestDb *db, const char *path, GError **error)
{
  g_autofree char *sql = NULL;
  GError *local = NULL;
  PGconn *pg;
  gboolean ok;

  g_return_val_if_fail (db != NULL && path != NULL, FALSE);
  if (!g_file_get_contents (path, &sql, NULL, &local))
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_FAILED, "%s", local->message);
      g_error_free (local);
      return FALSE;
    }
  pg = connect_to (db->url, error);
  if (pg == NULL)
    return FALSE;
  ok = run_ok (pg, "BEGIN", error) && run_script (pg, sql, path, error) && run_ok (pg, "COMMIT", error);
  PQfinish (pg);
  return ok;
}

static gboolean
drop_database (PGconn *pg, const char *name, GError **error)
{
  return run_with_ident (pg, "DROP DATABASE IF EXISTS ", name, " WITH (FORCE)", error);
}

/**
 * mdb_test_db_free:
 * @db: (nullable): a test database
 *
 * Drops the database (forcing out open connections) and frees @db.  A drop
 * failure is only warned about: the runner cleans up leftovers.
 */
void
mdb_test_db_free (MdbTestDb *db)
{
  GError *error = NULL;
  PGconn *pg;

  if (db == NULL)
    return;
  pg = admin_connect (&error);
  if (pg == NULL || !drop_database (pg, db->name, &error))
    {
      g_printerr ("mdb-testing: could not drop %s: %s\n", db->name, error->message);
      g_error_free (error);
    }
  PQfinish (pg);
  g_free (db->name);
  g_free (db->url);
  g_free (db);
}

/* Drops (or, with MDB_TEST_KEEP=1, lists) the databases this runner's tests left. */
static void
cleanup_leftovers (void)
{
  g_autofree char *pattern = g_strconcat (prefix_get (), "%", NULL);
  const char *params[] = { pattern };
  gboolean keep = g_strcmp0 (g_getenv ("MDB_TEST_KEEP"), "1") == 0;
  GError *error = NULL;
  PGconn *pg = admin_connect (&error);
  PGresult *res = NULL;

  if (pg != NULL)
    res = run (pg, "SELECT datname FROM pg_database WHERE datname LIKE $1 ORDER BY 1",
               1, params, &error);
  for (int i = 0; res != NULL && i < PQntuples (res); i++)
    {
      const char *name = PQgetvalue (res, i, 0);
      if (keep)
        g_printerr ("mdb-testing: kept database %s\n", name);
      else
        drop_database (pg, name, NULL);
    }
  if (error != NULL)
    {
      g_printerr ("mdb-testing: cleanup: %s\n", error->message);
      g_error_free (error);
    }
  PQclear (res);
  PQfinish (pg);
}

/**
 * mdb_test_run:
 * @srunner: (transfer full): a Check `SRunner *`
 * @needs_db: whether the suite needs a server
 *
 * Runs every test (CK_ENV verbosity), then drops the databases failed tests
 * left behind, or keeps them and prints their names with MDB_TEST_KEEP=1.
 *
 * Returns: the exit status for main(): 77 (skip) when @needs_db and no
 *   server is configured, else EXIT_SUCCESS or EXIT_FAILURE
 */
int
mdb_test_run (gpointer srunner, gboolean needs_db)
{
  SRunner *sr = srunner;
  int failed;

  if (needs_db && mdb_test_admin_url () == NULL)
    {
      g_printerr ("MDB_TEST_DATABASE_URL is not set: skipping db tests\n");
      srunner_free (sr);
      return 77;
    }
  db_prefix[0] = '\0';
  prefix_get ();
  srunner_run_all (sr, CK_ENV);
  failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  if (needs_db)
    cleanup_leftovers ();
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
