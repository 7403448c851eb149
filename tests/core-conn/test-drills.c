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

/* Exhaustion: callers beyond max_size wait their acquire timeout, fail with
 * POOL_TIMEOUT, leave no waiter behind, and the pool serves at once when a
 * connection comes back. */
typedef struct {
  MdbPool *pool;
  GError  *error;
  gint64   elapsed;
} Starved;

static gpointer
starved_acquire (gpointer data)
{
  Starved *s = data;
  gint64 start = g_get_monotonic_time ();
  MdbConn *conn = mdb_pool_acquire_timeout (s->pool, 300 * 1000, &s->error);

  s->elapsed = g_get_monotonic_time () - start;
  if (conn != NULL)
    mdb_pool_release (s->pool, conn);
  return NULL;
}

START_TEST (test_drill_exhaustion_times_out_every_waiter)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbPool) pool = drill_pool (mdb_test_db_get_url (db), 2);
  Starved starved[4] = { { 0 } };
  GThread *threads[4];
  MdbConn *held[2];
  GError *error = NULL;
  guint i;

  for (i = 0; i < 2; i++)
    {
      held[i] = mdb_pool_acquire (pool, &error);
      ASSERT_OK (error);
    }
  for (i = 0; i < 4; i++)
    {
      starved[i].pool = pool;
      threads[i] = g_thread_new ("starved", starved_acquire, &starved[i]);
    }
  for (i = 0; i < 4; i++)
    {
      g_thread_join (threads[i]);
      ASSERT_ERROR (starved[i].error, MDB_ERROR_POOL_TIMEOUT);
      ck_assert_msg (strstr (starved[i].error->message, "2 of 2 in use") != NULL, "%s",
                     conn_test_msg (starved[i].error));
      g_clear_error (&starved[i].error);
      ck_assert_int_ge (starved[i].elapsed, 300 * 1000);
      ck_assert_int_lt (starved[i].elapsed, 10 * G_USEC_PER_SEC);
    }
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_TIMEOUTS), 4);
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_WAITING), 0);
  mdb_pool_release (pool, held[0]);
  held[0] = mdb_pool_acquire_timeout (pool, 1, &error);
  ASSERT_OK (error);
  for (i = 0; i < 2; i++)
    mdb_pool_release (pool, held[i]);
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_OPENED), 2);
}
END_TEST

/* Dirty releases: whatever the borrower left behind, the next borrower gets
 * a clean, idle connection and none of the borrower's writes. */
typedef void (*DirtyFn) (MdbConn *conn);

static void
dirty_open_transaction (MdbConn *conn)
{
  conn_test_script (conn, "BEGIN; INSERT INTO t VALUES (1)");
}

static void
dirty_failed_transaction (MdbConn *conn)
{
  mdb_conn_exec_script (conn, "BEGIN; INSERT INTO t VALUES (1); SELECT 1 / 0", NULL);
}

static void
dirty_pending_results (MdbConn *conn)
{
  ck_assert (PQsendQuery (mdb_conn_get_pg_conn (conn), "INSERT INTO t VALUES (1); SELECT pg_sleep (0.05)"));
}

static void
dirty_open_copy (MdbConn *conn)
{
  PGconn *pg = mdb_conn_get_pg_conn (conn);
  PGresult *res = PQexec (pg, "COPY t FROM STDIN");

  ck_assert_int_eq (PQresultStatus (res), PGRES_COPY_IN);
  PQclear (res);
  ck_assert_int_eq (PQputCopyData (pg, "1\n", 2), 1);
}

static void
assert_release_cleans (DirtyFn dirty, guint closed)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbPool) pool = drill_pool (mdb_test_db_get_url (db), 1);
  GError *error = NULL;
  MdbConn *conn;

  conn = mdb_pool_acquire (pool, &error);
  ASSERT_OK (error);
  conn_test_script (conn, "CREATE TABLE t (i int)");
  dirty (conn);
  mdb_pool_release (pool, conn);
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_CLOSED), closed);

  conn = mdb_pool_acquire (pool, &error);
  ASSERT_OK (error);
  ck_assert (!mdb_conn_in_transaction (conn));
  ck_assert_int_eq (PQtransactionStatus (mdb_conn_get_pg_conn (conn)), PQTRANS_IDLE);
  ck_assert_int_eq (conn_test_int (conn, "SELECT count(*) FROM t"), 0);
  mdb_pool_release (pool, conn);
}

START_TEST (test_drill_dirty_release_open_transaction)
{
  assert_release_cleans (dirty_open_transaction, 0);   /* rolled back, kept */
}
END_TEST

START_TEST (test_drill_dirty_release_failed_transaction)
{
  assert_release_cleans (dirty_failed_transaction, 0);
}
END_TEST

START_TEST (test_drill_dirty_release_pending_results)
{
  assert_release_cleans (dirty_pending_results, 1);    /* cannot be trusted: closed */
}
END_TEST

START_TEST (test_drill_dirty_release_open_copy)
{
  assert_release_cleans (dirty_open_copy, 1);
}
END_TEST

/* The pool's statement timeout cancels a runaway statement on the server;
 * the connection stays in use. */
START_TEST (test_drill_statement_timeout_cancels_and_keeps_connection)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbPoolConfig) config = mdb_pool_config_new (mdb_test_db_get_url (db));
  g_autoptr (MdbPool) pool = NULL;
  g_autoptr (MdbResult) result = NULL, after = NULL;
  GError *error = NULL;
  gint64 start, elapsed;

  mdb_pool_config_set_max_size (config, 1);
  mdb_pool_config_set_statement_timeout (config, 200);
  pool = mdb_pool_new (config, &error);
  ASSERT_OK (error);
  start = g_get_monotonic_time ();
  result = mdb_exec (MDB_EXECUTOR (pool), "SELECT pg_sleep (20)", NULL, &error);
  elapsed = g_get_monotonic_time () - start;
  ck_assert_ptr_null (result);
  ASSERT_ERROR (error, MDB_ERROR_CANCELLED);
  ck_assert_str_eq (mdb_error_get_sqlstate (error), "57014");
  g_clear_error (&error);
  ck_assert_int_lt (elapsed, 15 * G_USEC_PER_SEC);
  after = mdb_exec (MDB_EXECUTOR (pool), "SELECT 1", NULL, &error);
  ASSERT_OK (error);
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_OPENED), 1);
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_CLOSED), 0);
}
END_TEST

/* Closing with connections borrowed: waiters are cancelled, close waits for
 * the borrowed ones and closes each as it comes back. */
typedef struct {
  MdbPool *pool;
  GError  *error;
  gboolean closed;
} Closer;

static gpointer
close_pool (gpointer data)
{
  Closer *c = data;

  c->closed = mdb_pool_close (c->pool, 20 * G_USEC_PER_SEC, &c->error);
  return NULL;
}

static gpointer
wait_for_conn (gpointer data)
{
  Closer *c = data;
  MdbConn *conn = mdb_pool_acquire_timeout (c->pool, 20 * G_USEC_PER_SEC, &c->error);

  if (conn != NULL)
    mdb_pool_release (c->pool, conn);
  return NULL;
}

START_TEST (test_drill_close_with_borrowed_connections)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  MdbPool *pool = drill_pool (mdb_test_db_get_url (db), 2);
  Closer closer = { pool, NULL, FALSE }, waiter = { pool, NULL, FALSE };
  GThread *close_thread, *wait_thread;
  MdbConn *held[2];
  GError *error = NULL;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  guint i;

  for (i = 0; i < 2; i++)
    {
      held[i] = mdb_pool_acquire (pool, &error);
      ASSERT_OK (error);
    }
  wait_thread = g_thread_new ("waiter", wait_for_conn, &waiter);
  while (mdb_pool_get_stat (pool, MDB_POOL_STAT_WAITING) < 1)
    {
      ck_assert (g_get_monotonic_time () < deadline);
      g_usleep (1000);
    }
  close_thread = g_thread_new ("closer", close_pool, &closer);
  g_thread_join (wait_thread);
  ASSERT_ERROR (waiter.error, MDB_ERROR_CANCELLED);
  g_clear_error (&waiter.error);
  /* Still borrowed: the statement in hand finishes, then goes back. */
  ck_assert_int_eq (conn_test_int (held[0], "SELECT 5"), 5);
  for (i = 0; i < 2; i++)
    mdb_pool_release (pool, held[i]);
  g_thread_join (close_thread);
  ASSERT_OK (closer.error);
  ck_assert (closer.closed);
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_SIZE), 0);
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_CLOSED), 2);
  mdb_pool_free (pool);
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
  tcase_add_test (tc, test_drill_exhaustion_times_out_every_waiter);
  tcase_add_test (tc, test_drill_dirty_release_open_transaction);
  tcase_add_test (tc, test_drill_dirty_release_failed_transaction);
  tcase_add_test (tc, test_drill_dirty_release_pending_results);
  tcase_add_test (tc, test_drill_dirty_release_open_copy);
  tcase_add_test (tc, test_drill_statement_timeout_cancels_and_keeps_connection);
  tcase_add_test (tc, test_drill_close_with_borrowed_connections);
  suite_add_tcase (s, tc);
  return mdb_test_run (srunner_create (s), TRUE);
}
