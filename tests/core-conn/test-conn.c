/* SPDX-License-Identifier: MIT */
/* Tests of one connection: exec, statement cache, pipeline, connect errors. */
#include "conn-test.h"

static MdbConn *
open_conn (MdbTestDb *db)
{
  GError *error = NULL;
  MdbConn *conn = mdb_conn_new (mdb_test_db_get_url (db), &error);

  ASSERT_OK (error);
  return conn;
}

static gint32
cell_int4 (MdbResult *result, int row)
{
  PGresult *res = mdb_result_get_pg_result (result);
  guint32 be;

  ck_assert_int_eq (PQgetlength (res, row, 0), 4);
  memcpy (&be, PQgetvalue (res, row, 0), 4);
  return (gint32) GUINT32_FROM_BE (be);
}

START_TEST (test_conn_exec_returns_binary_rows)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbConn) conn = open_conn (db);
  g_autoptr (MdbParams) params = mdb_params_new ();
  g_autoptr (MdbResult) result = NULL;
  GError *error = NULL;

  mdb_params_add_int4 (params, 41);
  result = mdb_conn_exec (conn, "SELECT $1::int4 + 1", params, &error);
  ASSERT_OK (error);
  ck_assert_int_eq (mdb_result_get_n_rows (result), 1);
  ck_assert_int_eq (cell_int4 (result, 0), 42);
  ck_assert (!mdb_conn_in_transaction (conn));
  ck_assert (!mdb_conn_is_broken (conn));
  ck_assert_int_gt (mdb_conn_get_backend_pid (conn), 0);
}
END_TEST

START_TEST (test_conn_cache_hit_does_not_prepare_again)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbConn) conn = open_conn (db);
  GError *error = NULL;
  int i;

  for (i = 0; i < 3; i++)
    {
      g_autoptr (MdbResult) result = mdb_conn_exec (conn, "SELECT 1", NULL, &error);
      ASSERT_OK (error);
    }
  ck_assert_uint_eq (mdb_conn_get_statement_cache_misses (conn), 1);
  ck_assert_uint_eq (mdb_conn_get_statement_cache_hits (conn), 2);
  ck_assert_int_eq (conn_test_int (conn, "SELECT count(*) FROM pg_prepared_statements"), 1);
}
END_TEST

static void
exec_ok (MdbConn *conn, const char *sql)
{
  GError *error = NULL;
  MdbResult *result = mdb_conn_exec (conn, sql, NULL, &error);

  ASSERT_OK (error);
  mdb_result_free (result);
}

START_TEST (test_conn_cache_evicts_least_recently_used)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbConn) conn = open_conn (db);

  mdb_conn_set_statement_cache_capacity (conn, 2);
  exec_ok (conn, "SELECT 'a'");
  exec_ok (conn, "SELECT 'b'");
  exec_ok (conn, "SELECT 'a'");      /* a is now the most recent */
  exec_ok (conn, "SELECT 'c'");      /* evicts b */
  ck_assert_int_eq (conn_test_int (conn, "SELECT count(*) FROM pg_prepared_statements"), 2);
  ck_assert_int_eq (conn_test_int (conn, "SELECT count(*) FROM pg_prepared_statements"
                                         " WHERE statement = 'SELECT ''b'''"), 0);
  ck_assert_uint_eq (mdb_conn_get_statement_cache_hits (conn), 1);
  exec_ok (conn, "SELECT 'a'");
  ck_assert_uint_eq (mdb_conn_get_statement_cache_hits (conn), 2);
  exec_ok (conn, "SELECT 'b'");
  ck_assert_uint_eq (mdb_conn_get_statement_cache_misses (conn), 4);
}
END_TEST

START_TEST (test_conn_cache_off_prepares_nothing)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbConn) conn = open_conn (db);

  mdb_conn_set_statement_cache_capacity (conn, 0);
  exec_ok (conn, "SELECT 1");
  exec_ok (conn, "SELECT 1");
  ck_assert_int_eq (conn_test_int (conn, "SELECT count(*) FROM pg_prepared_statements"), 0);
}
END_TEST

START_TEST (test_conn_stale_cached_plan_is_prepared_again)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbConn) conn = open_conn (db);
  g_autoptr (MdbResult) result = NULL;
  GError *error = NULL;

  conn_test_script (conn, "CREATE TABLE t (a int)");
  exec_ok (conn, "SELECT * FROM t");
  conn_test_script (conn, "ALTER TABLE t ADD COLUMN b int");
  result = mdb_conn_exec (conn, "SELECT * FROM t", NULL, &error);
  ASSERT_OK (error);
  ck_assert_int_eq (mdb_result_get_n_columns (result), 2);
}
END_TEST

/* The column types remembered from a statement's first result are not
 * reused once the server made the statement prepare again. */
START_TEST (test_conn_changed_column_type_is_read_afresh)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbConn) conn = open_conn (db);
  g_autoptr (MdbResult) result = NULL;
  GError *error = NULL;

  conn_test_script (conn, "CREATE TABLE t (a int4); INSERT INTO t VALUES (7)");
  exec_ok (conn, "SELECT a FROM t");
  exec_ok (conn, "SELECT a FROM t");
  conn_test_script (conn, "ALTER TABLE t ALTER COLUMN a TYPE int8");
  result = mdb_conn_exec (conn, "SELECT a FROM t", NULL, &error);
  ASSERT_OK (error);
  ck_assert_uint_eq (mdb_result_get_column_type (result, 0), 20);
  g_clear_pointer (&result, mdb_result_free);
  result = mdb_conn_exec (conn, "SELECT a FROM t", NULL, &error);
  ASSERT_OK (error);
  ck_assert_uint_eq (mdb_result_get_column_type (result, 0), 20);
}
END_TEST

START_TEST (test_conn_exec_server_error_keeps_connection_usable)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbConn) conn = open_conn (db);
  GError *error = NULL;
  MdbResult *result;

  result = mdb_conn_exec (conn, "SELEC 1", NULL, &error);
  ck_assert_ptr_null (result);
  ASSERT_ERROR (error, MDB_ERROR_SERVER);
  ck_assert_str_eq (mdb_error_get_sqlstate (error), "42601");
  g_clear_error (&error);
  mdb_conn_exec_script (conn, "SELECT 1; SELECT nope", &error);
  ASSERT_ERROR (error, MDB_ERROR_SERVER);
  g_clear_error (&error);
  exec_ok (conn, "SELECT 1");
}
END_TEST

START_TEST (test_conn_exec_invalid_param_sends_nothing)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbConn) conn = open_conn (db);
  g_autoptr (MdbParams) params = mdb_params_new ();
  GError *error = NULL;

  mdb_params_add_uuid (params, "not-a-uuid");
  ck_assert_ptr_null (mdb_conn_exec (conn, "SELECT $1::uuid", params, &error));
  ASSERT_ERROR (error, MDB_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  ck_assert_uint_eq (mdb_conn_get_statement_cache_misses (conn), 0);
}
END_TEST

START_TEST (test_conn_pipeline_returns_results_in_order)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbConn) conn = open_conn (db);
  const char *sqls[100];
  MdbParams *params[100];
  g_autoptr (GPtrArray) results = NULL;
  GError *error = NULL;
  guint i;

  conn_test_script (conn, "CREATE TABLE t (i int4 PRIMARY KEY)");
  for (i = 0; i < 100; i++)
    {
      sqls[i] = "INSERT INTO t VALUES ($1) RETURNING i * 2";
      params[i] = mdb_params_new ();
      mdb_params_add_int4 (params[i], (gint32) i);
    }
  results = mdb_conn_exec_pipeline (conn, 100, sqls, params, &error);
  ASSERT_OK (error);
  ck_assert_uint_eq (results->len, 100);
  for (i = 0; i < 100; i++)
    {
      ck_assert_int_eq (cell_int4 (g_ptr_array_index (results, i), 0), (gint32) i * 2);
      mdb_params_free (params[i]);
    }
  ck_assert_int_eq (conn_test_int (conn, "SELECT count(*) FROM t"), 100);
  ck_assert (!mdb_conn_in_transaction (conn));
}
END_TEST

START_TEST (test_conn_pipeline_failure_names_index_and_applies_nothing)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbConn) conn = open_conn (db);
  const char *sqls[10];
  GError *error = NULL;
  guint i;

  conn_test_script (conn, "CREATE TABLE t (i int4)");
  for (i = 0; i < 10; i++)
    sqls[i] = i == 5 ? "INSERT INTO t VALUES (1 / 0)" : "INSERT INTO t VALUES (1)";
  ck_assert_ptr_null (mdb_conn_exec_pipeline (conn, 10, sqls, NULL, &error));
  ASSERT_ERROR (error, MDB_ERROR_SERVER);
  ck_assert_msg (strstr (error->message, "statement 5 ") != NULL, "%s", conn_test_msg (error));
  ck_assert_str_eq (mdb_error_get_sqlstate (error), "22012");
  g_clear_error (&error);
  ck_assert (!mdb_conn_in_transaction (conn));
  ck_assert_int_eq (conn_test_int (conn, "SELECT count(*) FROM t"), 0);
  exec_ok (conn, "SELECT 1");
}
END_TEST

static void
run_pipeline_ok (MdbConn *conn, guint n, const char *const *sqls)
{
  g_autoptr (GPtrArray) results = NULL;
  GError *error = NULL;

  results = mdb_conn_exec_pipeline (conn, n, sqls, NULL, &error);
  ASSERT_OK (error);
  ck_assert_uint_eq (results->len, n);
}

START_TEST (test_conn_pipeline_prepares_each_text_once_and_reuses_it)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbConn) conn = open_conn (db);
  const char *sqls[] = { "SELECT 1", "SELECT 2", "SELECT 1", "SELECT 1" };

  run_pipeline_ok (conn, 4, sqls);
  ck_assert_uint_eq (mdb_conn_get_statement_cache_misses (conn), 2);
  ck_assert_uint_eq (mdb_conn_get_statement_cache_hits (conn), 0);
  run_pipeline_ok (conn, 4, sqls);
  ck_assert_uint_eq (mdb_conn_get_statement_cache_misses (conn), 2);
  ck_assert_uint_eq (mdb_conn_get_statement_cache_hits (conn), 4);
  ck_assert_int_eq (conn_test_int (conn, "SELECT count(*) FROM pg_prepared_statements"), 2);
}
END_TEST

START_TEST (test_conn_pipeline_cache_off_prepares_nothing)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbConn) conn = open_conn (db);
  const char *sqls[] = { "SELECT 1", "SELECT 1" };

  mdb_conn_set_statement_cache_capacity (conn, 0);
  run_pipeline_ok (conn, 2, sqls);
  run_pipeline_ok (conn, 2, sqls);
  ck_assert_uint_eq (mdb_conn_get_statement_cache_misses (conn), 0);
  ck_assert_uint_eq (mdb_conn_get_statement_cache_hits (conn), 0);
  ck_assert_int_eq (conn_test_int (conn, "SELECT count(*) FROM pg_prepared_statements"), 0);
}
END_TEST

/* "SELECT 1" is parsed before the syntax error, "SELECT 3" after it. */
START_TEST (test_conn_pipeline_failed_parse_keeps_cache_equal_to_server)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbConn) conn = open_conn (db);
  const char *bad[] = { "SELECT 1", "SELEC 2", "SELECT 3" };
  const char *one[] = { "SELECT 1" };
  const char *three[] = { "SELECT 3" };
  GError *error = NULL;

  ck_assert_ptr_null (mdb_conn_exec_pipeline (conn, 3, bad, NULL, &error));
  ASSERT_ERROR (error, MDB_ERROR_SERVER);
  ck_assert_msg (strstr (error->message, "statement 1 ") != NULL, "%s", conn_test_msg (error));
  ck_assert_str_eq (mdb_error_get_sqlstate (error), "42601");
  g_clear_error (&error);
  ck_assert_int_eq (conn_test_int (conn, "SELECT count(*) FROM pg_prepared_statements"), 1);

  run_pipeline_ok (conn, 1, one);
  ck_assert_uint_eq (mdb_conn_get_statement_cache_hits (conn), 1);
  run_pipeline_ok (conn, 1, three);
  ck_assert_uint_eq (mdb_conn_get_statement_cache_hits (conn), 1);
  ck_assert_int_eq (conn_test_int (conn, "SELECT count(*) FROM pg_prepared_statements"), 2);
}
END_TEST

START_TEST (test_conn_pipeline_failed_execute_keeps_parsed_statements)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbConn) conn = open_conn (db);
  const char *sqls[] = { "SELECT 1", "SELECT 1 / 0", "SELECT 2" };
  GError *error = NULL;

  ck_assert_ptr_null (mdb_conn_exec_pipeline (conn, 3, sqls, NULL, &error));
  ck_assert_str_eq (mdb_error_get_sqlstate (error), "22012");
  g_clear_error (&error);
  /* "SELECT 2" was parsed after the failure: only two statements exist. */
  ck_assert_int_eq (conn_test_int (conn, "SELECT count(*) FROM pg_prepared_statements"), 2);
  run_pipeline_ok (conn, 1, sqls);
  ck_assert_uint_eq (mdb_conn_get_statement_cache_hits (conn), 1);
}
END_TEST

START_TEST (test_conn_pipeline_reprepares_statement_the_server_forgot)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbConn) conn = open_conn (db);
  const char *sqls[] = { "SELECT 1", "SELECT 2" };

  run_pipeline_ok (conn, 2, sqls);
  conn_test_script (conn, "DEALLOCATE ALL");
  run_pipeline_ok (conn, 2, sqls);
  ck_assert_int_eq (conn_test_int (conn, "SELECT count(*) FROM pg_prepared_statements"), 2);
}
END_TEST

START_TEST (test_conn_pipeline_does_not_evict_its_own_statements)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbConn) conn = open_conn (db);
  const char *sqls[] = { "SELECT 1", "SELECT 2", "SELECT 3", "SELECT 1" };

  mdb_conn_set_statement_cache_capacity (conn, 2);
  run_pipeline_ok (conn, 4, sqls);
  ck_assert_int_eq (conn_test_int (conn, "SELECT count(*) FROM pg_prepared_statements"), 2);
  run_pipeline_ok (conn, 4, sqls);
  ck_assert_int_eq (conn_test_int (conn, "SELECT count(*) FROM pg_prepared_statements"), 2);
}
END_TEST

/* More parameters and bytes than a list holds inline: 40 int4 and a long
 * text, built twice to also cover reuse after mdb_params_clear(). */
START_TEST (test_conn_exec_many_params_round_trip)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbConn) conn = open_conn (db);
  g_autoptr (MdbParams) params = mdb_params_new ();
  g_autoptr (GString) sql = g_string_new ("SELECT (0");
  g_autofree char *text = g_strnfill (3000, 'x');
  GError *error = NULL;
  guint i, round;

  for (i = 1; i <= 40; i++)
    g_string_append_printf (sql, " + $%u::int4", i);
  g_string_append (sql, " + length ($41::text))::int4");
  for (round = 0; round < 2; round++)
    {
      g_autoptr (MdbResult) result = NULL;

      mdb_params_clear (params);
      for (i = 1; i <= 40; i++)
        mdb_params_add_int4 (params, (gint32) i);
      mdb_params_add_text (params, text);
      ck_assert_uint_eq (mdb_params_get_length (params), 41);
      result = mdb_conn_exec (conn, sql->str, params, &error);
      ASSERT_OK (error);
      ck_assert_int_eq (cell_int4 (result, 0), 820 + 3000);
    }
}
END_TEST

static gint32
exec_int4 (MdbConn *conn, const char *sql)
{
  g_autoptr (MdbResult) result = NULL;
  GError *error = NULL;

  result = mdb_conn_exec (conn, sql, NULL, &error);
  ASSERT_OK (error);
  return cell_int4 (result, 0);
}

/* The cache remembers SQL pointers: equal text at another address must
 * hit, other text at a remembered address must not. */
START_TEST (test_conn_cache_matches_text_not_pointer)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbConn) conn = open_conn (db);
  g_autofree char *copy = g_strdup ("SELECT 1");
  char buf[16];

  g_strlcpy (buf, "SELECT 1", sizeof buf);
  ck_assert_int_eq (exec_int4 (conn, buf), 1);
  ck_assert_int_eq (exec_int4 (conn, buf), 1);
  ck_assert_int_eq (exec_int4 (conn, copy), 1);
  ck_assert_uint_eq (mdb_conn_get_statement_cache_hits (conn), 2);
  g_strlcpy (buf, "SELECT 2", sizeof buf);
  ck_assert_int_eq (exec_int4 (conn, buf), 2);
  ck_assert_uint_eq (mdb_conn_get_statement_cache_misses (conn), 2);
  ck_assert_int_eq (exec_int4 (conn, copy), 1);
  ck_assert_uint_eq (mdb_conn_get_statement_cache_hits (conn), 3);
}
END_TEST

static const char static_select_3[] = "SELECT 3";

static int
exec_static_int4 (MdbConn *conn, const char *sql)
{
  GError *error = NULL;
  g_autoptr (MdbResult) result = mdb_exec_static (MDB_EXECUTOR (conn), sql, NULL, &error);

  ASSERT_OK (error);
  return cell_int4 (result, 0);
}

/* mdb_exec_static() shares the cache with mdb_exec(): a static text finds
 * the statement another call prepared from equal text, and a dynamic
 * buffer at another address still finds the static one's statement. */
START_TEST (test_conn_exec_static_shares_statements_with_exec)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbConn) conn = open_conn (db);
  g_autofree char *copy = g_strdup ("SELECT 3");

  ck_assert_int_eq (exec_int4 (conn, copy), 3);
  ck_assert_int_eq (exec_static_int4 (conn, static_select_3), 3);
  ck_assert_int_eq (exec_static_int4 (conn, static_select_3), 3);
  ck_assert_int_eq (exec_int4 (conn, static_select_3), 3);
  ck_assert_uint_eq (mdb_conn_get_statement_cache_misses (conn), 1);
  ck_assert_uint_eq (mdb_conn_get_statement_cache_hits (conn), 3);
  ck_assert_int_eq (exec_static_int4 (conn, "SELECT 4"), 4);
  ck_assert_uint_eq (mdb_conn_get_statement_cache_misses (conn), 2);
  ck_assert_int_eq (conn_test_int (conn, "SELECT count(*) FROM pg_prepared_statements"), 2);
}
END_TEST

/* More columns than a result describes inline; the last one is text, read
 * as an int32 to also reach the wrong-type error that names its type. */
START_TEST (test_conn_result_with_many_columns_decodes_each)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbConn) conn = open_conn (db);
  g_autoptr (GString) sql = g_string_new ("SELECT 0");
  g_autoptr (MdbResult) result = NULL;
  GError *error = NULL;
  gint32 value;
  int i;

  for (i = 1; i < 40; i++)
    g_string_append_printf (sql, ", %d", i);
  g_string_append (sql, ", 'x'::text");
  result = mdb_conn_exec (conn, sql->str, NULL, &error);
  ASSERT_OK (error);
  for (i = 0; i < 40; i++)
    {
      ck_assert (mdb_result_get_int32 (result, 0, i, &value, &error));
      ck_assert_int_eq (value, i);
    }
  ck_assert_uint_eq (mdb_result_get_column_type (result, 40), MDB_OID_TEXT);
  ck_assert (!mdb_result_get_int32 (result, 0, 40, &value, &error));
  ASSERT_ERROR (error, MDB_ERROR_DECODE);
  ck_assert_msg (strstr (error->message, "text") != NULL, "%s", conn_test_msg (error));
  g_clear_error (&error);
}
END_TEST

/* host, port and user of the admin URL, to build a keyword conninfo. */
static char *
conninfo_with (const char *dbname, const char *password)
{
  PQconninfoOption *opts = PQconninfoParse (mdb_test_admin_url (), NULL), *o;
  GString *s = g_string_new (NULL);

  for (o = opts; o->keyword; o++)
    if (o->val && (!strcmp (o->keyword, "host") || !strcmp (o->keyword, "port")
                   || !strcmp (o->keyword, "user")))
      g_string_append_printf (s, "%s='%s' ", o->keyword, o->val);
  PQconninfoFree (opts);
  g_string_append_printf (s, "dbname=%s password=%s", dbname, password);
  return g_string_free (s, FALSE);
}

START_TEST (test_conn_connect_error_names_reason_without_password)
{
  g_autofree char *conninfo = conninfo_with ("mdb_no_such_database", "secret");
  GError *error = NULL;

  ck_assert_ptr_null (mdb_conn_new (conninfo, &error));
  ASSERT_ERROR (error, MDB_ERROR_CONNECT);
  ck_assert_msg (strstr (error->message, "does not exist") != NULL, "%s", conn_test_msg (error));
  ck_assert_msg (strstr (error->message, "secret") == NULL, "password leaked");
  g_clear_error (&error);
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("core-conn");
  TCase *tc = tcase_create ("conn");

  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_conn_exec_returns_binary_rows);
  tcase_add_test (tc, test_conn_cache_hit_does_not_prepare_again);
  tcase_add_test (tc, test_conn_cache_evicts_least_recently_used);
  tcase_add_test (tc, test_conn_cache_off_prepares_nothing);
  tcase_add_test (tc, test_conn_stale_cached_plan_is_prepared_again);
  tcase_add_test (tc, test_conn_changed_column_type_is_read_afresh);
  tcase_add_test (tc, test_conn_exec_server_error_keeps_connection_usable);
  tcase_add_test (tc, test_conn_exec_invalid_param_sends_nothing);
  tcase_add_test (tc, test_conn_pipeline_returns_results_in_order);
  tcase_add_test (tc, test_conn_pipeline_failure_names_index_and_applies_nothing);
  tcase_add_test (tc, test_conn_pipeline_prepares_each_text_once_and_reuses_it);
  tcase_add_test (tc, test_conn_pipeline_cache_off_prepares_nothing);
  tcase_add_test (tc, test_conn_pipeline_failed_parse_keeps_cache_equal_to_server);
  tcase_add_test (tc, test_conn_pipeline_failed_execute_keeps_parsed_statements);
  tcase_add_test (tc, test_conn_pipeline_reprepares_statement_the_server_forgot);
  tcase_add_test (tc, test_conn_pipeline_does_not_evict_its_own_statements);
  tcase_add_test (tc, test_conn_exec_many_params_round_trip);
  tcase_add_test (tc, test_conn_cache_matches_text_not_pointer);
  tcase_add_test (tc, test_conn_exec_static_shares_statements_with_exec);
  tcase_add_test (tc, test_conn_result_with_many_columns_decodes_each);
  tcase_add_test (tc, test_conn_connect_error_names_reason_without_password);
  suite_add_tcase (s, tc);
  return mdb_test_run (srunner_create (s), TRUE);
}
