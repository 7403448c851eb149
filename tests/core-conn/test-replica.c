/* SPDX-License-Identifier: MIT */
/* Reads through a pool's reader go to a real streaming replica, with fallback. */
#include "conn-test.h"
#include <glib/gstdio.h>

/* Made in main (the parent), used by the forked tests, wiped by main. */
static char *base_dir, *primary_dir, *replica_dir;

static char *
url_of (const char *dir)
{
  return g_strdup_printf ("postgresql://postgres@/postgres?host=%s&port=5432", dir);
}

/* A pool on our primary with our replica, and quick connect retries. */
static MdbPool *
replica_pool_new (void)
{
  g_autofree char *primary = url_of (primary_dir);
  g_autofree char *replica = url_of (replica_dir);
  g_autoptr (MdbPoolConfig) config = mdb_pool_config_new (primary);
  GError *error = NULL;
  MdbPool *pool;

  mdb_pool_config_set_max_size (config, 3);
  mdb_pool_config_set_connect_backoff (config, 20 * 1000, 200 * 1000);
  mdb_pool_config_add_replica (config, replica);
  pool = mdb_pool_new (config, &error);
  ASSERT_OK (error);
  return pool;
}

/* The first value of @sql's first row as text, or NULL with @error set. */
static char *
query_text (MdbExecutor *executor, const char *sql, GError **error)
{
  g_autoptr (MdbResult) result = mdb_exec (executor, sql, NULL, error);

  if (result == NULL)
    return NULL;
  ck_assert_int_ge (mdb_result_get_n_rows (result), 1);
  return mdb_result_dup_string (result, 0, 0, error);
}

/* "true" when @executor's statement ran on a server in recovery. */
static char *
where_read (MdbExecutor *executor)
{
  GError *error = NULL;
  char *text = query_text (executor, "SELECT pg_is_in_recovery()::text", &error);

  ASSERT_OK (error);
  return text;
}

/* Polls @executor until pg_is_in_recovery() gives @want (deadline 60 s). */
static void
wait_for_recovery_state (MdbExecutor *executor, const char *want)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *text = query_text (executor, "SELECT pg_is_in_recovery()::text", &error);

      if (g_strcmp0 (text, want) == 0)
        return;
      ck_assert_msg (g_get_monotonic_time () < deadline, "reads never went to %s (last: %s)",
                     want, text ? text : conn_test_msg (error));
      g_usleep (100 * 1000);
    }
}

START_TEST (test_reader_runs_on_replica_and_rejects_writes)
{
  g_autoptr (MdbPool) pool = replica_pool_new ();
  MdbExecutor *reader = mdb_pool_get_reader (pool);
  g_autofree char *on_reader = where_read (reader);
  g_autofree char *on_pool = where_read (MDB_EXECUTOR (pool));
  g_autofree char *sqlstate = NULL;
  g_autoptr (MdbResult) result = NULL;
  GError *error = NULL;

  ck_assert_str_eq (on_reader, "true");
  ck_assert_str_eq (on_pool, "false");
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_REPLICA_ACQUIRES), 1);
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_PRIMARY_FALLBACKS), 0);

  result = mdb_exec (reader, "CREATE TABLE reader_write (a int)", NULL, &error);
  ck_assert_ptr_null (result);
  ASSERT_ERROR (error, MDB_ERROR_SERVER);
  sqlstate = g_strdup (mdb_error_get_sqlstate (error));
  ck_assert_str_eq (sqlstate, "25006");
  g_clear_error (&error);
  /* Only the primary's own acquire counted in its stats: the replica
   * connections went back to the replica's pool. */
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_ACQUIRES), 1);
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_IN_USE), 0);
}
END_TEST

START_TEST (test_reader_serves_get_conn_pipeline_and_refuses_copy)
{
  g_autoptr (MdbPool) pool = replica_pool_new ();
  MdbExecutor *reader = mdb_pool_get_reader (pool);
  const char *sqls[] = { "SELECT pg_is_in_recovery()::text", "SELECT 'second'" };
  const char *columns[] = { "a" };
  g_autoptr (GPtrArray) results = NULL;
  g_autofree char *first = NULL;
  MdbCopy *copy;
  GError *error = NULL;
  MdbConn *conn;

  conn = mdb_executor_acquire_conn (reader, &error);
  ASSERT_OK (error);
  ck_assert_int_eq (conn_test_int (conn, "SELECT pg_is_in_recovery()::int"), 1);
  mdb_executor_release_conn (reader, conn);

  results = mdb_exec_pipeline (reader, 2, sqls, NULL, &error);
  ASSERT_OK (error);
  ck_assert_uint_eq (results->len, 2);
  first = mdb_result_dup_string (results->pdata[0], 0, 0, &error);
  ASSERT_OK (error);
  ck_assert_str_eq (first, "true");

  /* COPY is a write: on a replica it fails like any other. */
  copy = mdb_copy_begin (reader, "reader_copy", columns, 1, &error);
  ck_assert_ptr_null (copy);
  ck_assert_msg (error != NULL && g_strcmp0 (mdb_error_get_sqlstate (error), "25006") == 0,
                 "want a read-only error, got: %s", conn_test_msg (error));
  g_clear_error (&error);
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_REPLICA_ACQUIRES), 3);
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_ACQUIRES), 0);
}
END_TEST

START_TEST (test_reader_sees_rows_written_on_primary)
{
  g_autoptr (MdbPool) pool = replica_pool_new ();
  MdbExecutor *reader = mdb_pool_get_reader (pool);
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  g_autoptr (MdbResult) done = NULL;
  GError *error = NULL;

  done = mdb_exec (MDB_EXECUTOR (pool), "CREATE TABLE IF NOT EXISTS replicated (note text)", NULL, &error);
  ASSERT_OK (error);
  g_clear_pointer (&done, mdb_result_free);
  done = mdb_exec (MDB_EXECUTOR (pool), "INSERT INTO replicated VALUES ('from the primary')", NULL, &error);
  ASSERT_OK (error);
  for (;;)
    {
      g_autoptr (GError) poll_error = NULL;
      g_autofree char *note = query_text (reader, "SELECT max(note) FROM replicated", &poll_error);

      if (g_strcmp0 (note, "from the primary") == 0)
        break;
      ck_assert_msg (g_get_monotonic_time () < deadline, "the row never reached the replica: %s",
                     note ? note : conn_test_msg (poll_error));
      g_usleep (50 * 1000);
    }
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_PRIMARY_FALLBACKS), 0);
}
END_TEST

START_TEST (test_reader_falls_back_while_replica_is_down)
{
  g_autoptr (MdbPool) pool = replica_pool_new ();
  MdbExecutor *reader = mdb_pool_get_reader (pool);
  g_autofree char *before = where_read (reader);
  g_autofree char *during = NULL;
  guint64 replica_reads;

  ck_assert_str_eq (before, "true");
  /* The reader's idle replica connection dies with the server: the next
   * read must still succeed, on the primary. */
  g_free (mdb_ts_pg_sh ("stop", replica_dir, NULL));
  during = where_read (reader);
  ck_assert_str_eq (during, "false");
  ck_assert_uint_ge (mdb_pool_get_stat (pool, MDB_POOL_STAT_PRIMARY_FALLBACKS), 1);
  replica_reads = mdb_pool_get_stat (pool, MDB_POOL_STAT_REPLICA_ACQUIRES);

  g_free (mdb_ts_pg_sh ("start", replica_dir, NULL));
  wait_for_recovery_state (reader, "true");
  ck_assert_uint_gt (mdb_pool_get_stat (pool, MDB_POOL_STAT_REPLICA_ACQUIRES), replica_reads);
}
END_TEST

START_TEST (test_reader_with_unreachable_replica_uses_primary)
{
  g_autofree char *primary = url_of (primary_dir);
  g_autofree char *nowhere_dir = g_build_filename (base_dir, "nowhere", NULL);
  g_autofree char *nowhere = url_of (nowhere_dir);
  g_autoptr (MdbPoolConfig) config = mdb_pool_config_new (primary);
  g_autoptr (MdbPool) pool = NULL;
  g_autofree char *first = NULL, *second = NULL;
  GError *error = NULL;

  mdb_pool_config_add_replica (config, nowhere);
  pool = mdb_pool_new (config, &error);
  ASSERT_OK (error);   /* a replica that is down does not fail the pool */
  first = where_read (mdb_pool_get_reader (pool));
  second = where_read (mdb_pool_get_reader (pool));
  ck_assert_str_eq (first, "false");
  ck_assert_str_eq (second, "false");
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_PRIMARY_FALLBACKS), 2);
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_REPLICA_ACQUIRES), 0);
}
END_TEST

START_TEST (test_reader_without_replicas_reads_primary)
{
  g_autofree char *primary = url_of (primary_dir);
  g_autoptr (MdbPool) pool = mdb_pool_new_simple (primary, 2, NULL);
  g_autofree char *where = NULL;

  ck_assert_ptr_nonnull (pool);
  where = where_read (mdb_pool_get_reader (pool));
  ck_assert_str_eq (where, "false");
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_PRIMARY_FALLBACKS), 0);
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_ACQUIRES), 1);
}
END_TEST

START_TEST (test_pool_new_rejects_invalid_replica_conninfo)
{
  g_autofree char *primary = url_of (primary_dir);
  g_autoptr (MdbPoolConfig) config = mdb_pool_config_new (primary);
  g_autoptr (MdbPool) pool = NULL;
  GError *error = NULL;

  mdb_pool_config_add_replica (config, "host=/tmp bogus_keyword=1");
  pool = mdb_pool_new (config, &error);
  ck_assert_ptr_null (pool);
  ASSERT_ERROR (error, MDB_ERROR_CONNECT);
  ck_assert_msg (g_str_has_prefix (error->message, "replica 1: "), "%s", conn_test_msg (error));
  g_clear_error (&error);
}
END_TEST

START_TEST (test_pool_and_reader_survive_primary_restart)
{
  g_autoptr (MdbPool) pool = replica_pool_new ();
  MdbExecutor *reader = mdb_pool_get_reader (pool);
  g_autofree char *before = where_read (MDB_EXECUTOR (pool));
  g_autofree char *during = NULL;

  ck_assert_str_eq (before, "false");
  g_free (mdb_ts_pg_sh ("stop", primary_dir, NULL));
  /* A hot standby keeps serving reads while its primary is away. */
  during = where_read (reader);
  ck_assert_str_eq (during, "true");
  g_free (mdb_ts_pg_sh ("start", primary_dir, NULL));
  /* The first statement may meet the connection the restart killed. */
  wait_for_recovery_state (MDB_EXECUTOR (pool), "false");
  wait_for_recovery_state (reader, "true");
}
END_TEST

static void
wipe_all (void)
{
  if (replica_dir != NULL)
    g_free (mdb_ts_try_pg_sh ("wipe", replica_dir, NULL));
  if (primary_dir != NULL)
    g_free (mdb_ts_try_pg_sh ("wipe", primary_dir, NULL));
  if (base_dir != NULL)
    g_rmdir (base_dir);
}

int
main (void)
{
  Suite *s = suite_create ("core-replica");
  TCase *tc = tcase_create ("replica");
  g_autofree char *primary = NULL, *replica = NULL;
  int status;

  if (mdb_test_admin_url () == NULL)
    return 77;
  /* The server runs as postgres: it must reach its dirs under ours. */
  if ((base_dir = g_dir_make_tmp ("mdb-replica-XXXXXX", NULL)) == NULL || g_chmod (base_dir, 0755) != 0)
    return 1;
  primary_dir = g_build_filename (base_dir, "p", NULL);
  replica_dir = g_build_filename (base_dir, "r", NULL);
  primary = mdb_ts_try_pg_sh ("start", primary_dir, NULL);
  replica = primary ? mdb_ts_try_pg_sh ("replica", primary_dir, replica_dir) : NULL;
  if (replica == NULL)
    {
      g_printerr ("test-replica: could not start a primary and its replica\n");
      wipe_all ();
      return 1;
    }
  tcase_set_timeout (tc, 180);
  tcase_add_test (tc, test_reader_runs_on_replica_and_rejects_writes);
  tcase_add_test (tc, test_reader_serves_get_conn_pipeline_and_refuses_copy);
  tcase_add_test (tc, test_reader_sees_rows_written_on_primary);
  tcase_add_test (tc, test_reader_falls_back_while_replica_is_down);
  tcase_add_test (tc, test_reader_with_unreachable_replica_uses_primary);
  tcase_add_test (tc, test_reader_without_replicas_reads_primary);
  tcase_add_test (tc, test_pool_new_rejects_invalid_replica_conninfo);
  tcase_add_test (tc, test_pool_and_reader_survive_primary_restart);
  suite_add_tcase (s, tc);
  status = mdb_test_run (srunner_create (s), TRUE);
  wipe_all ();
  g_free (primary_dir);
  g_free (replica_dir);
  g_free (base_dir);
  return status;
}
