/* SPDX-License-Identifier: MIT */
/* Tests of the pool: reuse, limits, FIFO waiters, eviction, recovery, settings. */
#include "conn-test.h"

static MdbPool *
pool_with (const MdbPoolConfig *config)
{
  GError *error = NULL;
  MdbPool *pool = mdb_pool_new (config, &error);

  ASSERT_OK (error);
  return pool;
}

static MdbConn *
acquire_ok (MdbPool *pool)
{
  GError *error = NULL;
  MdbConn *conn = mdb_pool_acquire_timeout (pool, 30 * G_USEC_PER_SEC, &error);

  ASSERT_OK (error);
  return conn;
}

START_TEST (test_pool_acquire_release_reuses_connection)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbPool) pool = NULL;
  GError *error = NULL;
  MdbConn *conn;
  int pid;

  pool = mdb_pool_new_simple (mdb_test_db_get_url (db), 2, &error);
  ASSERT_OK (error);
  conn = acquire_ok (pool);
  pid = mdb_conn_get_backend_pid (conn);
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_IN_USE), 1);
  mdb_pool_release (pool, conn);
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_IDLE), 1);
  conn = acquire_ok (pool);
  ck_assert_int_eq (mdb_conn_get_backend_pid (conn), pid);
  mdb_pool_release (pool, conn);
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_ACQUIRES), 2);
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_OPENED), 1);
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_SIZE), 1);
}
END_TEST

START_TEST (test_pool_acquire_times_out_when_exhausted)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbPool) pool = NULL;
  GError *error = NULL;
  MdbConn *held;
  gint64 start, elapsed;

  pool = mdb_pool_new_simple (mdb_test_db_get_url (db), 1, &error);
  ASSERT_OK (error);
  held = acquire_ok (pool);
  start = g_get_monotonic_time ();
  ck_assert_ptr_null (mdb_pool_acquire_timeout (pool, 500 * 1000, &error));
  elapsed = g_get_monotonic_time () - start;
  ASSERT_ERROR (error, MDB_ERROR_POOL_TIMEOUT);
  g_clear_error (&error);
  ck_assert_int_ge (elapsed, 500 * 1000);
  ck_assert_int_lt (elapsed, 5500 * 1000);
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_TIMEOUTS), 1);
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_WAITING), 0);
  mdb_pool_release (pool, held);
}
END_TEST

typedef struct {
  MdbPool *pool;
  GMutex   lock;
  int      order[4];
  int      n;
} FifoState;

typedef struct {
  FifoState *state;
  int        index;
} FifoWaiter;

static gpointer
fifo_waiter (gpointer data)
{
  FifoWaiter *w = data;
  MdbConn *conn = mdb_pool_acquire_timeout (w->state->pool, 60 * G_USEC_PER_SEC, NULL);

  if (conn == NULL)
    return NULL;
  g_mutex_lock (&w->state->lock);
  w->state->order[w->state->n++] = w->index;
  g_mutex_unlock (&w->state->lock);
  mdb_pool_release (w->state->pool, conn);
  return NULL;
}

static void
wait_for_waiting (MdbPool *pool, guint n)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (mdb_pool_get_stat (pool, MDB_POOL_STAT_WAITING) < n)
    {
      ck_assert_msg (g_get_monotonic_time () < deadline, "waiter %u never queued", n);
      g_usleep (1000);
    }
}

START_TEST (test_pool_waiters_acquire_in_fifo_order)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  FifoState state = { 0 };
  FifoWaiter waiters[4];
  GThread *threads[4];
  GError *error = NULL;
  MdbConn *held;
  int i;

  state.pool = mdb_pool_new_simple (mdb_test_db_get_url (db), 1, &error);
  ASSERT_OK (error);
  g_mutex_init (&state.lock);
  held = acquire_ok (state.pool);
  for (i = 0; i < 4; i++)
    {
      waiters[i].state = &state;
      waiters[i].index = i;
      threads[i] = g_thread_new ("waiter", fifo_waiter, &waiters[i]);
      wait_for_waiting (state.pool, i + 1);
    }
  mdb_pool_release (state.pool, held);
  for (i = 0; i < 4; i++)
    g_thread_join (threads[i]);
  ck_assert_int_eq (state.n, 4);
  for (i = 0; i < 4; i++)
    ck_assert_int_eq (state.order[i], i);
  mdb_pool_free (state.pool);
  g_mutex_clear (&state.lock);
}
END_TEST

/* A connection released, then left alone @sleep_ms, is closed and replaced
 * by a new backend at the next acquire. */
static void
assert_replaced_after (const MdbPoolConfig *config, guint sleep_ms)
{
  g_autoptr (MdbPool) pool = NULL;
  MdbConn *conn;
  int pid;

  pool = pool_with (config);
  conn = acquire_ok (pool);
  pid = mdb_conn_get_backend_pid (conn);
  mdb_pool_release (pool, conn);
  g_usleep (sleep_ms * 1000);
  conn = acquire_ok (pool);
  ck_assert_int_ne (mdb_conn_get_backend_pid (conn), pid);
  mdb_pool_release (pool, conn);
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_OPENED), 2);
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_CLOSED), 1);
}

START_TEST (test_pool_idle_timeout_closes_connection)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbPoolConfig) config = mdb_pool_config_new (mdb_test_db_get_url (db));

  mdb_pool_config_set_idle_timeout (config, 200 * 1000);
  assert_replaced_after (config, 400);
}
END_TEST

START_TEST (test_pool_max_lifetime_replaces_connection)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbPoolConfig) config = mdb_pool_config_new (mdb_test_db_get_url (db));

  mdb_pool_config_set_max_lifetime (config, 300 * 1000, 0.0);
  assert_replaced_after (config, 500);
}
END_TEST

START_TEST (test_pool_replaces_terminated_backend)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbPoolConfig) config = mdb_pool_config_new (mdb_test_db_get_url (db));
  g_autoptr (MdbPool) pool = NULL;
  g_autoptr (MdbConn) admin = NULL;
  g_autofree char *sql = NULL;
  GError *error = NULL;
  MdbConn *conn;
  int pid;

  mdb_pool_config_set_health_check_after (config, 0);
  pool = pool_with (config);
  conn = acquire_ok (pool);
  pid = mdb_conn_get_backend_pid (conn);
  mdb_pool_release (pool, conn);

  admin = mdb_conn_new (mdb_test_admin_url (), &error);
  ASSERT_OK (error);
  sql = g_strdup_printf ("SELECT pg_terminate_backend(%d, 10000)", pid);
  /* The 10 s timeout makes pg_terminate_backend wait until the backend is gone. */
  {
    g_autofree char *done = conn_test_scalar (admin, sql);
    ck_assert_str_eq (done, "t");
  }

  conn = acquire_ok (pool);
  ck_assert_int_ne (mdb_conn_get_backend_pid (conn), pid);
  ck_assert_int_eq (conn_test_int (conn, "SELECT 7"), 7);
  mdb_pool_release (pool, conn);
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_CLOSED), 1);
}
END_TEST

START_TEST (test_pool_applies_connection_settings)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbPoolConfig) config = mdb_pool_config_new (mdb_test_db_get_url (db));
  g_autoptr (MdbPool) pool = NULL;
  g_autofree char *timeout = NULL, *app = NULL, *path = NULL;
  MdbConn *conn;

  mdb_pool_config_set_application_name (config, "mdb-conn-test");
  mdb_pool_config_set_statement_timeout (config, 1234);
  mdb_pool_config_set_after_connect_sql (config, "SET search_path TO mdb_x, public");
  pool = pool_with (config);
  conn = acquire_ok (pool);
  timeout = conn_test_scalar (conn, "SHOW statement_timeout");
  app = conn_test_scalar (conn, "SHOW application_name");
  path = conn_test_scalar (conn, "SHOW search_path");
  mdb_pool_release (pool, conn);
  ck_assert_str_eq (timeout, "1234ms");
  ck_assert_str_eq (app, "mdb-conn-test");
  ck_assert_str_eq (path, "mdb_x, public");
}
END_TEST

START_TEST (test_pool_connect_error_names_reason_without_password)
{
  g_autoptr (GString) conninfo = g_string_new (NULL);
  PQconninfoOption *opts = PQconninfoParse (mdb_test_admin_url (), NULL), *o;
  g_autoptr (MdbPoolConfig) config = NULL;
  g_autoptr (MdbPool) pool = NULL;
  GError *error = NULL;

  for (o = opts; o->keyword; o++)
    if (o->val && (!strcmp (o->keyword, "host") || !strcmp (o->keyword, "port")))
      g_string_append_printf (conninfo, "%s='%s' ", o->keyword, o->val);
  PQconninfoFree (opts);
  g_string_append (conninfo, "user=postgres dbname=mdb_no_such_db password=secret");
  config = mdb_pool_config_new (conninfo->str);
  mdb_pool_config_set_connect_backoff (config, 20 * 1000, 100 * 1000);
  pool = pool_with (config);

  ck_assert_ptr_null (mdb_pool_acquire_timeout (pool, 300 * 1000, &error));
  ASSERT_ERROR (error, MDB_ERROR_POOL_TIMEOUT);
  ck_assert_msg (strstr (error->message, "last connect error") != NULL, "%s", conn_test_msg (error));
  ck_assert_msg (strstr (error->message, "does not exist") != NULL, "%s", conn_test_msg (error));
  ck_assert_msg (strstr (error->message, "secret") == NULL, "password leaked");
  g_clear_error (&error);

  ck_assert_ptr_null (mdb_pool_acquire_timeout (pool, 0, &error));
  ASSERT_ERROR (error, MDB_ERROR_CONNECT);
  ck_assert_msg (strstr (error->message, "secret") == NULL, "password leaked");
  g_clear_error (&error);
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_SIZE), 0);
}
END_TEST

START_TEST (test_exec_runs_on_pool_and_conn_executors)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbPool) pool = NULL;
  g_autoptr (MdbResult) r1 = NULL, r2 = NULL;
  GError *error = NULL;
  MdbConn *conn;

  pool = mdb_pool_new_simple (mdb_test_db_get_url (db), 1, &error);
  ASSERT_OK (error);
  r1 = mdb_exec (MDB_EXECUTOR (pool), "SELECT 1", NULL, &error);
  ASSERT_OK (error);
  ck_assert_int_eq (mdb_result_get_n_rows (r1), 1);
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_IN_USE), 0);

  conn = mdb_executor_acquire_conn (MDB_EXECUTOR (pool), &error);
  ASSERT_OK (error);
  r2 = mdb_exec (MDB_EXECUTOR (conn), "SELECT 1, 2", NULL, &error);
  ASSERT_OK (error);
  ck_assert_int_eq (mdb_result_get_n_columns (r2), 2);
  mdb_executor_release_conn (MDB_EXECUTOR (pool), conn);
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_IDLE), 1);
}
END_TEST

START_TEST (test_pool_close_cancels_acquire)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbPool) pool = NULL;
  GError *error = NULL;
  MdbConn *conn;

  pool = mdb_pool_new_simple (mdb_test_db_get_url (db), 2, &error);
  ASSERT_OK (error);
  conn = acquire_ok (pool);
  ck_assert (!mdb_pool_close (pool, 1000, &error));
  ASSERT_ERROR (error, MDB_ERROR_POOL_TIMEOUT);
  g_clear_error (&error);
  ck_assert_ptr_null (mdb_pool_acquire (pool, &error));
  ASSERT_ERROR (error, MDB_ERROR_CANCELLED);
  g_clear_error (&error);
  mdb_pool_release (pool, conn);
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_SIZE), 0);
  ck_assert (mdb_pool_close (pool, 0, &error));
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("core-pool");
  TCase *tc = tcase_create ("pool");

  tcase_set_timeout (tc, 90);
  tcase_add_test (tc, test_pool_acquire_release_reuses_connection);
  tcase_add_test (tc, test_pool_acquire_times_out_when_exhausted);
  tcase_add_test (tc, test_pool_waiters_acquire_in_fifo_order);
  tcase_add_test (tc, test_pool_idle_timeout_closes_connection);
  tcase_add_test (tc, test_pool_max_lifetime_replaces_connection);
  tcase_add_test (tc, test_pool_replaces_terminated_backend);
  tcase_add_test (tc, test_pool_applies_connection_settings);
  tcase_add_test (tc, test_pool_connect_error_names_reason_without_password);
  tcase_add_test (tc, test_exec_runs_on_pool_and_conn_executors);
  tcase_add_test (tc, test_pool_close_cancels_acquire);
  suite_add_tcase (s, tc);
  return mdb_test_run (srunner_create (s), TRUE);
}
