/* SPDX-License-Identifier: MIT */
/* The pool through a real PgBouncer in transaction pooling mode. */
#include "conn-test.h"
#include <glib/gstdio.h>
#include "mdb_qtest-queries.h"

/* Made in main (the parent), used by the forked tests, wiped by main. */
static char *base_dir, *server_dir, *bouncer_dir;
static char *bouncer_url;

static MdbPool *
bouncer_pool_new (guint max_size, gboolean pgbouncer_mode)
{
  g_autoptr (MdbPoolConfig) config = mdb_pool_config_new (bouncer_url);
  GError *error = NULL;
  MdbPool *pool;

  mdb_pool_config_set_max_size (config, max_size);
  mdb_pool_config_set_pgbouncer_mode (config, pgbouncer_mode);
  /* Ping on every checkout: the health check must work through it too. */
  mdb_pool_config_set_health_check_after (config, 0);
  pool = mdb_pool_new (config, &error);
  ASSERT_OK (error);
  return pool;
}

static gint64
exec_int (MdbExecutor *executor, const char *sql, gint32 arg)
{
  g_autoptr (MdbParams) params = mdb_params_new ();
  g_autoptr (MdbResult) result = NULL;
  g_autofree char *text = NULL;
  GError *error = NULL;

  mdb_params_add_int4 (params, arg);
  result = mdb_exec (executor, sql, params, &error);
  ASSERT_OK (error);
  text = mdb_result_dup_string (result, 0, 0, &error);
  ASSERT_OK (error);
  return g_ascii_strtoll (text, NULL, 10);
}

static gpointer
exec_many (gpointer data)
{
  MdbPool *pool = data;
  gint32 i;

  for (i = 0; i < 100; i++)
    if (exec_int (MDB_EXECUTOR (pool), "SELECT ($1::int4 + 1)::text", i) != i + 1)
      return GINT_TO_POINTER (1);
  return NULL;
}

START_TEST (test_pgbouncer_mode_runs_statements_from_many_threads)
{
  g_autoptr (MdbPool) pool = bouncer_pool_new (4, TRUE);
  GThread *threads[4];
  guint i, failed = 0;

  for (i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("exec", exec_many, pool);
  for (i = 0; i < G_N_ELEMENTS (threads); i++)
    failed += GPOINTER_TO_UINT (g_thread_join (threads[i]));
  ck_assert_uint_eq (failed, 0);
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_ACQUIRES), 400);
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_IN_USE), 0);
}
END_TEST

START_TEST (test_pgbouncer_mode_runs_a_pipeline)
{
  g_autoptr (MdbPool) pool = bouncer_pool_new (2, TRUE);
  g_autoptr (MdbParams) p1 = mdb_params_new ();
  g_autoptr (MdbParams) p2 = mdb_params_new ();
  const char *sqls[] = { "SELECT ($1::int4 * 2)::text", "SELECT ($1::int4 * 3)::text", "SELECT 'x'" };
  MdbParams *params[] = { p1, p2, NULL };
  g_autoptr (GPtrArray) results = NULL;
  g_autofree char *a = NULL, *b = NULL, *c = NULL;
  GError *error = NULL;
  int round;

  mdb_params_add_int4 (p1, 21);
  mdb_params_add_int4 (p2, 5);
  for (round = 0; round < 20; round++)
    {
      g_clear_pointer (&results, g_ptr_array_unref);
      results = mdb_exec_pipeline (MDB_EXECUTOR (pool), 3, sqls, params, &error);
      ASSERT_OK (error);
      ck_assert_uint_eq (results->len, 3);
    }
  a = mdb_result_dup_string (results->pdata[0], 0, 0, &error);
  b = mdb_result_dup_string (results->pdata[1], 0, 0, &error);
  c = mdb_result_dup_string (results->pdata[2], 0, 0, &error);
  ASSERT_OK (error);
  ck_assert_str_eq (a, "42");
  ck_assert_str_eq (b, "15");
  ck_assert_str_eq (c, "x");
}
END_TEST

START_TEST (test_pgbouncer_mode_keeps_a_transaction_with_savepoint)
{
  g_autoptr (MdbPool) pool = bouncer_pool_new (3, TRUE);
  GError *error = NULL;
  MdbConn *conn = mdb_pool_acquire (pool, &error);

  ASSERT_OK (error);
  conn_test_script (conn, "CREATE TABLE IF NOT EXISTS bounced (n int)");
  ck_assert (mdb_conn_begin (conn, MDB_ISOLATION_DEFAULT, &error));
  conn_test_script (conn, "INSERT INTO bounced VALUES (1)");
  ck_assert (mdb_conn_savepoint (conn, "sp", &error));
  conn_test_script (conn, "INSERT INTO bounced VALUES (2)");
  ck_assert (mdb_conn_rollback_to_savepoint (conn, "sp", &error));
  /* Other clients keep working while this transaction pins a server. */
  ck_assert_int_eq (exec_int (MDB_EXECUTOR (pool), "SELECT count(*)::text FROM bounced WHERE n > $1", 0), 0);
  ck_assert (mdb_conn_commit (conn, &error));
  ASSERT_OK (error);
  mdb_pool_release (pool, conn);
  ck_assert_int_eq (exec_int (MDB_EXECUTOR (pool), "SELECT sum(n)::text FROM bounced WHERE n > $1", 0), 1);

  /* Released inside a transaction: rolled back through the bouncer. */
  conn = mdb_pool_acquire (pool, &error);
  ASSERT_OK (error);
  ck_assert (mdb_conn_begin (conn, MDB_ISOLATION_DEFAULT, &error));
  conn_test_script (conn, "INSERT INTO bounced VALUES (100)");
  mdb_pool_release (pool, conn);
  ck_assert_int_eq (exec_int (MDB_EXECUTOR (pool), "SELECT sum(n)::text FROM bounced WHERE n > $1", 0), 1);
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_CLOSED), 0);
  conn = mdb_pool_acquire (pool, &error);
  ASSERT_OK (error);
  conn_test_script (conn, "DROP TABLE bounced");
  mdb_pool_release (pool, conn);
}
END_TEST

START_TEST (test_pgbouncer_mode_copies_rows)
{
  g_autoptr (MdbPool) pool = bouncer_pool_new (2, TRUE);
  const char *columns[] = { "n", "label" };
  g_autoptr (MdbResult) made = NULL;
  GError *error = NULL;
  MdbCopy *copy;
  gint32 i;

  made = mdb_exec (MDB_EXECUTOR (pool), "CREATE TABLE IF NOT EXISTS copied (n int4, label text)", NULL, &error);
  ASSERT_OK (error);
  copy = mdb_copy_begin (MDB_EXECUTOR (pool), "copied", columns, 2, &error);
  ASSERT_OK (error);
  for (i = 0; i < 1000; i++)
    {
      g_autoptr (MdbParams) row = mdb_params_new ();

      mdb_params_add_int4 (row, i);
      mdb_params_add_text (row, "row");
      ck_assert_msg (mdb_copy_add_row (copy, row, &error), "%s", conn_test_msg (error));
    }
  ck_assert_int_eq (mdb_copy_end (copy, &error), 1000);
  ASSERT_OK (error);
  ck_assert_int_eq (exec_int (MDB_EXECUTOR (pool), "SELECT count(*)::text FROM copied WHERE n >= $1", 0), 1000);
}
END_TEST

START_TEST (test_pgbouncer_mode_runs_generated_functions)
{
  g_autoptr (MdbPool) pool = bouncer_pool_new (3, TRUE);
  g_autofree char *name = NULL;
  g_autofree char *id = g_uuid_string_random ();
  GError *error = NULL;
  int i;

  ck_assert_msg (qtest_owner_insert (MDB_EXECUTOR (pool), id, "Bounced Owner", &error),
                 "%s", conn_test_msg (error));
  for (i = 0; i < 20; i++)
    {
      g_clear_pointer (&name, g_free);
      ck_assert (qtest_owner_name (MDB_EXECUTOR (pool), id, &name, &error));
      ASSERT_OK (error);
    }
  ck_assert_str_eq (name, "Bounced Owner");
}
END_TEST

START_TEST (test_pgbouncer_mode_refuses_a_statement_timeout)
{
  g_autoptr (MdbPoolConfig) config = mdb_pool_config_new (bouncer_url);
  g_autoptr (MdbPool) pool = NULL;
  GError *error = NULL;

  mdb_pool_config_set_pgbouncer_mode (config, TRUE);
  mdb_pool_config_set_statement_timeout (config, 5000);
  pool = mdb_pool_new (config, &error);
  ck_assert_ptr_null (pool);
  ASSERT_ERROR (error, MDB_ERROR_INVALID_INPUT);
  ck_assert_msg (strstr (error->message, "statement_timeout") != NULL, "%s", conn_test_msg (error));
  g_clear_error (&error);
}
END_TEST

START_TEST (test_pgbouncer_passes_application_name)
{
  g_autoptr (MdbPoolConfig) config = mdb_pool_config_new (bouncer_url);
  g_autoptr (MdbPool) pool = NULL;
  g_autoptr (MdbResult) result = NULL;
  g_autofree char *name = NULL;
  GError *error = NULL;

  mdb_pool_config_set_pgbouncer_mode (config, TRUE);
  mdb_pool_config_set_application_name (config, "bounced-app");
  pool = mdb_pool_new (config, &error);
  ASSERT_OK (error);
  result = mdb_exec (MDB_EXECUTOR (pool), "SELECT current_setting('application_name')", NULL, &error);
  ASSERT_OK (error);
  name = mdb_result_dup_string (result, 0, 0, &error);
  ck_assert_str_eq (name, "bounced-app");
}
END_TEST

/* Two clients run different statements one after the other, as a pool's
 * connections do; returns how many calls failed with a prepared-statement
 * clash (42P05 already exists, 26000 does not exist). */
static guint
count_statement_clashes (gboolean pgbouncer_mode)
{
  g_autoptr (MdbPool) pool = bouncer_pool_new (2, pgbouncer_mode);
  const char *sqls[2][2] = { { "SELECT 'a1'", "SELECT 'a2'" }, { "SELECT 'b1'", "SELECT 'b2'" } };
  const char *want[2][2] = { { "a1", "a2" }, { "b1", "b2" } };
  GError *error = NULL;
  MdbConn *conns[2];
  guint clashes = 0, round, c;

  for (c = 0; c < 2; c++)
    {
      conns[c] = mdb_pool_acquire (pool, &error);
      ASSERT_OK (error);
    }
  for (round = 0; round < 4; round++)
    for (c = 0; c < 2; c++)
      {
        g_autoptr (MdbResult) result = mdb_exec (MDB_EXECUTOR (conns[c]), sqls[c][round % 2], NULL, &error);
        g_autofree char *text = result ? mdb_result_dup_string (result, 0, 0, NULL) : NULL;

        if (result != NULL)
          ck_assert_str_eq (text, want[c][round % 2]);
        else if (g_strcmp0 (mdb_error_get_sqlstate (error), "42P05") == 0
                 || g_strcmp0 (mdb_error_get_sqlstate (error), "26000") == 0)
          clashes++;
        else
          ck_abort_msg ("unexpected error: %s", conn_test_msg (error));
        g_clear_error (&error);
      }
  for (c = 0; c < 2; c++)
    mdb_pool_release (pool, conns[c]);
  return clashes;
}

START_TEST (test_without_pgbouncer_mode_named_statements_clash)
{
  /* Behind a transaction-mode PgBouncer 1.18 each statement may run on any
   * server connection, where another client's "mdb_s_0" already exists. */
  ck_assert_uint_gt (count_statement_clashes (FALSE), 0);
  ck_assert_uint_eq (count_statement_clashes (TRUE), 0);
}
END_TEST

/* The database the testlib migrations go into: the server's postgres db. */
static gboolean
migrate_server (const char *url)
{
  g_autofree char *dir = g_build_filename (mdb_test_source_root (), "tests", "queries", "testlib",
                                           "migrations", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (MdbMigrator) migrator = mdb_migrator_new (dir, &error);
  g_autoptr (MdbConn) conn = NULL;

  if (migrator != NULL)
    conn = mdb_conn_new (url, &error);
  if (conn == NULL || !mdb_migrator_run (migrator, conn, -1, 10 * G_USEC_PER_SEC, NULL, &error))
    {
      g_printerr ("test-pgbouncer: migrations: %s\n", conn_test_msg (error));
      return FALSE;
    }
  return TRUE;
}

static void
wipe_all (void)
{
  if (bouncer_dir != NULL)
    g_free (mdb_ts_try_pg_sh ("wipe", bouncer_dir, NULL));
  if (server_dir != NULL)
    g_free (mdb_ts_try_pg_sh ("wipe", server_dir, NULL));
  if (base_dir != NULL)
    g_rmdir (base_dir);
}

static Suite *
pgbouncer_suite (void)
{
  Suite *s = suite_create ("core-pgbouncer");
  TCase *tc = tcase_create ("pgbouncer");

  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_pgbouncer_mode_runs_statements_from_many_threads);
  tcase_add_test (tc, test_pgbouncer_mode_runs_a_pipeline);
  tcase_add_test (tc, test_pgbouncer_mode_keeps_a_transaction_with_savepoint);
  tcase_add_test (tc, test_pgbouncer_mode_copies_rows);
  tcase_add_test (tc, test_pgbouncer_mode_runs_generated_functions);
  tcase_add_test (tc, test_pgbouncer_mode_refuses_a_statement_timeout);
  tcase_add_test (tc, test_pgbouncer_passes_application_name);
  tcase_add_test (tc, test_without_pgbouncer_mode_named_statements_clash);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  g_autofree char *server_url = NULL;
  int status;

  if (mdb_test_admin_url () == NULL)
    return 77;
  if (!g_file_test ("/usr/sbin/pgbouncer", G_FILE_TEST_IS_EXECUTABLE)
      && g_find_program_in_path ("pgbouncer") == NULL)
    {
      g_print ("SKIP: pgbouncer is not installed (tools/install-deps.sh installs it)\n");
      return 77;
    }
  /* The servers run as postgres: they must reach their dirs under ours. */
  if ((base_dir = g_dir_make_tmp ("mdb-pgb-XXXXXX", NULL)) == NULL || g_chmod (base_dir, 0755) != 0)
    return 1;
  server_dir = g_build_filename (base_dir, "p", NULL);
  bouncer_dir = g_build_filename (base_dir, "b", NULL);
  server_url = mdb_ts_try_pg_sh ("start", server_dir, NULL);
  if (server_url == NULL || !migrate_server (server_url)
      || (bouncer_url = mdb_ts_try_pg_sh ("pgbouncer", server_dir, bouncer_dir)) == NULL)
    {
      g_printerr ("test-pgbouncer: could not start a server and PgBouncer\n");
      wipe_all ();
      return 1;
    }
  status = mdb_test_run (srunner_create (pgbouncer_suite ()), TRUE);
  wipe_all ();
  g_free (bouncer_url);
  g_free (server_dir);
  g_free (bouncer_dir);
  g_free (base_dir);
  return status;
}
