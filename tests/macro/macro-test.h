/* SPDX-License-Identifier: MIT */
/* macro-test.h: what the tests of macro_db_client share: a fresh MacroDB per
 * test (migrations, then fixtures/users.sql), a pool on it, small helpers.
 * Header-only (static functions): each test file is one executable. */
#pragma once

#include <string.h>
#include <check.h>
#include <mdb-testing/mdb-testing.h>
#include <macro-db/macro-db.h>
#include <json-glib/json-glib.h>
#include "mdb-test-support.h"

typedef struct {
  MdbTestDb *db;
  MdbPool   *pool;
} MacroFixture;

static MacroFixture fx;

#define EXEC MDB_EXECUTOR (fx.pool)
#define OK_OR(x, what) ck_assert_msg ((x), "%s: %s", what, error ? error->message : "no error")

/* Applies tests/macro/fixtures/@name.sql to the test's database. */
static void
macro_fixture (const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *file = g_strconcat (name, ".sql", NULL);
  g_autofree char *path = g_build_filename (mdb_test_source_root (), "tests", "macro", "fixtures", file, NULL);

  ck_assert_msg (mdb_test_db_apply_fixture (fx.db, path, &error), "fixture %s: %s", name,
                 error ? error->message : "");
}

static void
macro_setup (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *migrations = g_build_filename (mdb_test_source_root (), "migrations", "macrodb", NULL);

  fx.db = mdb_test_db_new (migrations, &error);
  ck_assert_msg (fx.db != NULL, "test db: %s", error ? error->message : "");
  fx.pool = mdb_pool_new_simple (mdb_test_db_get_url (fx.db), 4, &error);
  ck_assert_msg (fx.pool != NULL, "pool: %s", error ? error->message : "");
  macro_fixture ("users");
}

static void
macro_teardown (void)
{
  g_clear_pointer (&fx.pool, mdb_pool_free);
  g_clear_pointer (&fx.db, mdb_test_db_free);
}

/* One integer from SQL the test writes itself. */
static G_GNUC_UNUSED gint64
macro_sql_int (const char *sql)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MdbResult) res = mdb_exec (EXEC, sql, NULL, &error);
  gint64 v = -1;

  ck_assert_msg (res != NULL, "%s: %s", sql, error ? error->message : "");
  ck_assert_msg (mdb_result_get_int64 (res, 0, 0, &v, &error), "%s", error ? error->message : "");
  return v;
}

static G_GNUC_UNUSED void
macro_sql (const char *sql)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MdbResult) res = mdb_exec (EXEC, sql, NULL, &error);

  ck_assert_msg (res != NULL, "%s: %s", sql, error ? error->message : "");
}

static G_GNUC_UNUSED void
macro_assert_error (const GError *error, gint code, const char *fragment)
{
  ck_assert_msg (g_error_matches (error, MDB_ERROR, code), "want error %d, got %s", code,
                 error ? error->message : "no error");
  ck_assert_msg (strstr (error->message, fragment) != NULL, "message [%s] lacks [%s]", error->message, fragment);
}

/* "a,b,c": the ids of a page of MacroDbItem rows, for one-line comparisons. */
static G_GNUC_UNUSED char *
macro_item_ids (const MdbPage *page)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < page->items->len; i++)
    g_string_append_printf (out, "%s%s", i ? "," : "", ((const MacroDbItem *) page->items->pdata[i])->item_id);
  return g_string_free (out, FALSE);
}

/* "a,b,c" of a NULL-terminated id array. */
static G_GNUC_UNUSED char *
macro_joined (const char *const *ids)
{
  return ids != NULL ? g_strjoinv (",", (char **) ids) : g_strdup ("");
}

/* The plan of @sql (EXPLAIN) on one line, " | " between plan lines, after
 * ANALYZE and with sequential scans made as expensive as the planner allows
 * (as tests/contacts does): a "Seq Scan" left in it means no index can
 * serve that part of the query, whatever the table size. */
static G_GNUC_UNUSED char *
macro_plan (const char *sql)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MdbResult) res = NULL;
  g_autofree char *explain = g_strconcat ("EXPLAIN ", sql, NULL);
  GString *plan = g_string_new (NULL);
  MdbConn *conn = mdb_pool_acquire (fx.pool, &error);

  ck_assert_msg (conn != NULL, "acquire: %s", error ? error->message : "");
  ck_assert (mdb_conn_exec_script (conn, "ANALYZE; SET enable_seqscan = off", &error));
  res = mdb_conn_exec (conn, explain, NULL, &error);
  ck_assert_msg (res != NULL, "explain: %s", error ? error->message : "");
  for (int i = 0; i < mdb_result_get_n_rows (res); i++)
    {
      g_autofree char *line = mdb_result_dup_string (res, i, 0, NULL);
      g_string_append_printf (plan, "%s | ", line);
    }
  ck_assert (mdb_conn_exec_script (conn, "RESET enable_seqscan", &error));
  mdb_pool_release (fx.pool, conn);
  return g_string_free (plan, FALSE);
}

/* The plans (EXPLAIN) of @statement ($1, $2… parameters) run with @args
 * (SQL literals, "'a', 2"): the custom and the generic plan, on one line,
 * after ANALYZE and with sequential scans made as expensive as the planner
 * allows: a "Seq Scan" left in it means no index can serve that part of the
 * statement. */
static G_GNUC_UNUSED char *
macro_statement_plan (const char *statement, const char *args)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *prepare = g_strconcat ("PREPARE macro_plan_q AS ", statement, NULL);
  g_autofree char *explain = g_strdup_printf ("EXPLAIN EXECUTE macro_plan_q (%s)", args);
  static const char *const modes[] = { "force_custom_plan", "force_generic_plan" };
  GString *plan = g_string_new (NULL);
  MdbConn *conn = mdb_pool_acquire (fx.pool, &error);

  ck_assert_msg (conn != NULL, "acquire: %s", error ? error->message : "");
  ck_assert_msg (mdb_conn_exec_script (conn, "ANALYZE; SET enable_seqscan = off", &error), "%s", error ? error->message : "");
  ck_assert_msg (mdb_conn_exec_script (conn, prepare, &error), "%s: %s", statement, error ? error->message : "");
  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      g_autofree char *set = g_strdup_printf ("SET plan_cache_mode = %s", modes[m]);
      g_autoptr (MdbResult) res = NULL;

      ck_assert (mdb_conn_exec_script (conn, set, &error));
      res = mdb_conn_exec (conn, explain, NULL, &error);
      ck_assert_msg (res != NULL, "explain %s: %s", statement, error ? error->message : "");
      for (int i = 0; i < mdb_result_get_n_rows (res); i++)
        {
          g_autofree char *line = mdb_result_dup_string (res, i, 0, NULL);
          g_string_append_printf (plan, "%s | ", line);
        }
    }
  ck_assert (mdb_conn_exec_script (conn, "DEALLOCATE macro_plan_q; RESET plan_cache_mode; RESET enable_seqscan", &error));
  mdb_pool_release (fx.pool, conn);
  return g_string_free (plan, FALSE);
}

/* The plans of the library's own query @name, as its cache file holds it
 * (macro_statement_plan()).  Checks the real statement, so a query that
 * loses its index fails the test. */
static G_GNUC_UNUSED char *
macro_query_plan (const char *name, const char *args)
{
  g_autoptr (JsonParser) parser = NULL;
  g_autofree char *cache = g_build_filename (mdb_test_source_root (), "libs", "macro_db_client", ".mdb-cache", NULL);
  JsonObject *entry = mdb_ts_cache_entry (cache, name, &parser);

  ck_assert_msg (entry != NULL, "no cache file for query %s", name);
  return macro_statement_plan (json_object_get_string_member (entry, "query"), args);
}

/* Each call twice on one connection: a warm-up (a statement's first run
 * also prepares it: at most twice the trips), then the steady state, which
 * must stay within @max.  Uses the test's `error`. */
#define ASSERT_TRIPS(executor, max, call) \
  G_STMT_START { \
    for (guint run_ = 0; run_ < 2; run_++) \
      { \
        mdb_test_assert_round_trips ((executor), run_ ? (max) : 2 * (max), call); \
        ck_assert_msg (error == NULL, "%s: %s", #call, error ? error->message : ""); \
      } \
  } G_STMT_END
