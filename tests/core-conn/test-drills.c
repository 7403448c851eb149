/* SPDX-License-Identifier: MIT */
/* Fault drills an operator would run against a pool, kept as tests: every
 * backend killed while idle, exhaustion, dirty releases, statement timeout,
 * closing with borrowed connections.  (A server restart under load is in
 * test-restart.c: it needs a server of its own.) */
#include "conn-test.h"

static MdbPool *
drill_pool (const char *url, guint max_size)
{
  g_autoptr (MdbPoolConfig) config = mdb_pool_config_new (url);
  GError *error = NULL;
  MdbPool *pool;

  mdb_pool_config_set_max_size (config, max_size);
  mdb_pool_config_set_acquire_timeout (config, 30 * G_USEC_PER_SEC);
  pool = mdb_pool_new (config, &error);
  ASSERT_OK (error);
  return pool;
}

/* Opens @n connections at once and gives them all back: @n idle ones. */
static void
fill_idle (MdbPool *pool, guint n)
{
  MdbConn *conns[16];
  GError *error = NULL;
  guint i;

  g_assert (n <= G_N_ELEMENTS (conns));
  for (i = 0; i < n; i++)
    {
      conns[i] = mdb_pool_acquire (pool, &error);
      ASSERT_OK (error);
    }
  for (i = 0; i < n; i++)
    mdb_pool_release (pool, conns[i]);
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_IDLE), n);
}

/* Terminates every backend connected to @db's database but the admin's
 * own, and waits until each has exited (its FATAL and EOF are then on the
 * client sockets).  Returns how many there were. */
static int
kill_all_backends (MdbTestDb *db)
{
  g_autoptr (MdbConn) admin = NULL;
  g_autofree char *sql = NULL, *killed = NULL;
  GError *error = NULL;

  admin = mdb_conn_new (mdb_test_admin_url (), &error);
  ASSERT_OK (error);
  sql = g_strdup_printf ("SELECT count(*) FILTER (WHERE pg_terminate_backend (pid, 10000)) "
                         "FROM pg_stat_activity WHERE datname = '%s' AND pid <> pg_backend_pid ()",
                         mdb_test_db_get_name (db));
  killed = conn_test_scalar (admin, sql);
  ck_assert_ptr_nonnull (killed);
  return atoi (killed);
}

/* A failover, a PgBouncer restart or pg_terminate_backend right after the
 * connections went idle: no call may fail for it. */
START_TEST (test_drill_kill_all_backends_then_ten_calls)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbPool) pool = drill_pool (mdb_test_db_get_url (db), 4);
  int i;

  fill_idle (pool, 4);
  g_usleep (5000);
  ck_assert_int_eq (kill_all_backends (db), 4);
  for (i = 0; i < 10; i++)
    {
      g_autoptr (MdbParams) params = mdb_params_new ();
      g_autoptr (MdbResult) result = NULL;
      GError *error = NULL;
      gint32 value = 0;

      mdb_params_add_int4 (params, i);
      result = mdb_exec (MDB_EXECUTOR (pool), "SELECT $1::int4 + 1", params, &error);
      ck_assert_msg (error == NULL, "call %d failed: %s", i + 1, conn_test_msg (error));
      ck_assert (mdb_result_get_int32 (result, 0, 0, &value, NULL));
      ck_assert_int_eq (value, i + 1);
    }
  /* The first dead connection found led to the other three: all four were
   * closed at the first call, and one new connection served all ten. */
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_CLOSED), 4);
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_OPENED), 5);
}
END_TEST

/* Input on an idle connection is not always death: a notification for a
 * LISTEN is read and the connection kept. */
START_TEST (test_drill_notification_on_idle_connection_keeps_it)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbPool) pool = drill_pool (mdb_test_db_get_url (db), 1);
  g_autoptr (MdbConn) admin = NULL;
  GError *error = NULL;
  MdbConn *conn;
  int pid;

  conn = mdb_pool_acquire (pool, &error);
  ASSERT_OK (error);
  pid = mdb_conn_get_backend_pid (conn);
  conn_test_script (conn, "LISTEN mdb_drill");
  mdb_pool_release (pool, conn);
  admin = mdb_conn_new (mdb_test_db_get_url (db), &error);
  ASSERT_OK (error);
  conn_test_script (admin, "NOTIFY mdb_drill, 'hello'");
  g_usleep (50 * 1000);

  conn = mdb_pool_acquire (pool, &error);
  ASSERT_OK (error);
  ck_assert_int_eq (mdb_conn_get_backend_pid (conn), pid);
  ck_assert_int_eq (conn_test_int (conn, "SELECT 3"), 3);
  mdb_pool_release (pool, conn);
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_CLOSED), 0);
}
END_TEST

/* A statement that may have run before its connection was lost is never
 * run again behind the caller's back. */
START_TEST (test_drill_statement_lost_after_sending_is_not_retried)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbPool) pool = drill_pool (mdb_test_db_get_url (db), 2);
  g_autoptr (MdbResult) result = NULL;
  GError *error = NULL;

  result = mdb_exec (MDB_EXECUTOR (pool), "SELECT pg_terminate_backend (pg_backend_pid ())", NULL, &error);
  ck_assert_ptr_null (result);
  ASSERT_ERROR (error, MDB_ERROR_CONNECT);
  g_clear_error (&error);
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_OPENED), 1);
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_CLOSED), 1);
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("core-drills");
  TCase *tc = tcase_create ("drills");

  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_drill_kill_all_backends_then_ten_calls);
  tcase_add_test (tc, test_drill_notification_on_idle_connection_keeps_it);
  tcase_add_test (tc, test_drill_statement_lost_after_sending_is_not_retried);
  suite_add_tcase (s, tc);
  return mdb_test_run (srunner_create (s), TRUE);
}
