/* SPDX-License-Identifier: MIT */
/* part2-support.c: the shared setup, probes and checks of the part 2 suites. */
#include <string.h>
#include "part2-support.h"

MtFixture mt_fx;

void
mt_setup (const char *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *migrations = g_build_filename (mdb_test_source_root (), "migrations", "macrodb", NULL);
  g_autofree char *path = g_build_filename (mdb_test_source_root (), "tests", "macro", "fixtures", fixture, NULL);

  mt_fx.db = mdb_test_db_new (migrations, &error);
  ck_assert_msg (mt_fx.db != NULL, "test db: %s", error ? error->message : "");
  ck_assert_msg (mdb_test_db_apply_fixture (mt_fx.db, path, &error), "fixture: %s", error ? error->message : "");
  mt_fx.pool = mdb_pool_new_simple (mdb_test_db_get_url (mt_fx.db), 4, &error);
  ck_assert_msg (mt_fx.pool != NULL, "pool: %s", error ? error->message : "");
}

void
mt_teardown (void)
{
  g_clear_pointer (&mt_fx.pool, mdb_pool_free);
  g_clear_pointer (&mt_fx.db, mdb_test_db_free);
}

gint64
mt_sql_int (const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdbResult) res = mdb_exec (EXEC, sql, NULL, &error);
  gint64 v = -1;

  ck_assert_msg (res != NULL, "%s: %s", sql, error ? error->message : "");
  ck_assert_msg (mdb_result_get_int64 (res, 0, 0, &v, &error), "%s", error ? error->message : "");
  return v;
}

void
mt_sql_run (const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdbResult) res = mdb_exec (EXEC, sql, NULL, &error);

  ck_assert_msg (res != NULL, "%s: %s", sql, error ? error->message : "");
}

char *
mt_sql_list (const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdbResult) res = mdb_exec (EXEC, sql, NULL, &error);
  GString *out = g_string_new (NULL);

  ck_assert_msg (res != NULL, "%s: %s", sql, error ? error->message : "");
  for (int i = 0; i < mdb_result_get_n_rows (res); i++)
    {
      g_autofree char *v = mdb_result_dup_string (res, i, 0, NULL);
      g_string_append_printf (out, "%s%s", i ? "," : "", v ? v : "NULL");
    }
  return g_string_free (out, FALSE);
}

void
mt_assert_str (const char *got, const char *want, const char *what)
{
  ck_assert_msg (g_strcmp0 (got, want) == 0, "%s: got [%s], want [%s]", what, got ? got : "NULL",
                 want ? want : "NULL");
}

void
mt_assert_error (const GError *error, gint code, const char *fragment)
{
  ck_assert_msg (g_error_matches (error, MDB_ERROR, code), "want code %d, got %s", code,
                 error ? error->message : "no error");
  ck_assert_msg (strstr (error->message, fragment) != NULL, "message [%s] lacks [%s]", error->message, fragment);
}

static char *
plan_of (MdbConn *conn, const char *name, const char *args)
{
  g_autofree char *cache = g_build_filename (mdb_test_source_root (), "libs", "macro_db_client", ".mdb-cache", NULL);
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *entry = mdb_ts_cache_entry (cache, name, &parser);
  g_autoptr(GError) error = NULL;
  g_autoptr(MdbResult) res = NULL;
  g_autofree char *prepare = NULL;
  g_autofree char *explain = NULL;
  GString *plan = g_string_new (NULL);

  ck_assert_msg (entry != NULL, "no cache entry for %s", name);
  prepare = g_strdup_printf ("DEALLOCATE ALL; PREPARE q AS %s", json_object_get_string_member (entry, "query"));
  ck_assert_msg (mdb_conn_exec_script (conn, prepare, &error), "%s: %s", name, error ? error->message : "");
  explain = g_strdup_printf ("EXPLAIN EXECUTE q (%s)", args);
  res = mdb_conn_exec (conn, explain, NULL, &error);
  ck_assert_msg (res != NULL, "%s: %s", explain, error ? error->message : "");
  for (int i = 0; i < mdb_result_get_n_rows (res); i++)
    {
      g_autofree char *line = mdb_result_dup_string (res, i, 0, NULL);
      g_string_append_printf (plan, "%s | ", line);
    }
  return g_string_free (plan, FALSE);
}

void
mt_assert_plan (MdbConn *conn, const char *name, const char *args, const char *index,
                const char *const *tables)
{
  g_autofree char *plan = plan_of (conn, name, args);

  for (guint i = 0; tables != NULL && tables[i] != NULL; i++)
    {
      g_autofree char *scan = g_strconcat ("Seq Scan on ", tables[i], " ", NULL);
      if (strstr (plan, scan) != NULL)
        {
          /* The plan goes to the log: a Check message is limited in length. */
          g_printerr ("%s: %s\n", name, plan);
          ck_abort_msg ("%s: sequential scan of %s (plan in the log)", name, tables[i]);
        }
    }
  if (strstr (plan, index) == NULL)
    g_printerr ("%s: %s\n", name, plan);
  ck_assert_msg (strstr (plan, index) != NULL, "%s: does not use %s (plan in the log)", name, index);
}
