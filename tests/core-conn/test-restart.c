/* SPDX-License-Identifier: MIT */
/* The pool survives its server stopping and starting again. */
#include "conn-test.h"

/* Created in main (the parent), used by the forked test, wiped by main. */
static char *server_dir;

static void
assert_select_one (MdbPool *pool, gint64 timeout_usec)
{
  GError *error = NULL;
  MdbConn *conn = mdb_pool_acquire_timeout (pool, timeout_usec, &error);

  ASSERT_OK (error);
  ck_assert_int_eq (conn_test_int (conn, "SELECT 1"), 1);
  mdb_pool_release (pool, conn);
}

START_TEST (test_pool_recovers_after_server_restart)
{
  g_autofree char *url = mdb_ts_pg_sh ("start", server_dir, NULL);
  g_autoptr (MdbPoolConfig) config = mdb_pool_config_new (url);
  g_autoptr (MdbPool) pool = NULL;
  g_autoptr (MdbResult) result = NULL;
  g_autofree char *ignored = NULL;
  GError *error = NULL;

  mdb_pool_config_set_max_size (config, 2);
  mdb_pool_config_set_connect_backoff (config, 20 * 1000, 200 * 1000);
  pool = mdb_pool_new (config, &error);
  ASSERT_OK (error);
  assert_select_one (pool, 30 * G_USEC_PER_SEC);

  ignored = mdb_ts_pg_sh ("stop", server_dir, NULL);
  result = mdb_exec (MDB_EXECUTOR (pool), "SELECT 1", NULL, &error);
  ck_assert_ptr_null (result);
  ck_assert_msg (error != NULL && (error->code == MDB_ERROR_CONNECT || error->code == MDB_ERROR_POOL_TIMEOUT),
                 "want a connect error, got: %s", conn_test_msg (error));
  g_clear_error (&error);
  ck_assert_ptr_null (mdb_pool_acquire_timeout (pool, 500 * 1000, &error));
  ASSERT_ERROR (error, MDB_ERROR_POOL_TIMEOUT);
  ck_assert_msg (strstr (error->message, "last connect error") != NULL, "%s", conn_test_msg (error));
  g_clear_error (&error);

  g_free (mdb_ts_pg_sh ("start", server_dir, NULL));
  assert_select_one (pool, 30 * G_USEC_PER_SEC);
  assert_select_one (pool, 30 * G_USEC_PER_SEC);
}
END_TEST

/* Restart under load: writers keep inserting through the pool while the
 * server stops (fast shutdown) and starts again.  Every write the pool
 * acknowledged must be in the table afterwards; a failed one may or may not
 * be (it may have committed before its connection went); every writer must
 * succeed again after the restart. */
#define WRITERS 4

typedef struct {
  MdbPool   *pool;
  int        id;
  GArray    *acked;       /* gint32 sequence numbers the pool confirmed */
  volatile gint *stop;
  volatile gint *restarted;
  guint      after_restart;
  guint      failed;
  char      *last_error;  /* of the last failed write, for the failure message */
} Writer;

static gpointer
writer_run (gpointer data)
{
  Writer *w = data;
  gint32 seq;

  for (seq = 1; !g_atomic_int_get (w->stop); seq++)
    {
      g_autoptr (MdbParams) params = mdb_params_new ();
      g_autoptr (MdbResult) result = NULL;
      gboolean restarted = g_atomic_int_get (w->restarted);
      GError *error = NULL;

      mdb_params_add_int4 (params, w->id);
      mdb_params_add_int4 (params, seq);
      result = mdb_exec (MDB_EXECUTOR (w->pool), "INSERT INTO acked (writer, seq) VALUES ($1, $2)",
                         params, &error);
      if (result == NULL)
        {
          w->failed++;
          g_free (w->last_error);
          w->last_error = g_strdup (mdb_ts_one_line (error));
          g_clear_error (&error);
          g_usleep (2000);
          continue;
        }
      g_array_append_val (w->acked, seq);
      if (restarted)
        w->after_restart++;
    }
  return NULL;
}

static guint
count_present (PGconn *pg, const Writer *w)
{
  g_autoptr (GString) sql = g_string_new (NULL);
  g_autofree char *n = NULL;
  guint i;

  g_string_printf (sql, "SELECT count(*) FROM acked WHERE writer = %d AND seq = ANY ('{", w->id);
  for (i = 0; i < w->acked->len; i++)
    g_string_append_printf (sql, "%s%d", i ? "," : "", g_array_index (w->acked, gint32, i));
  g_string_append (sql, "}'::int[])");
  n = mdb_ts_query (pg, sql->str);
  return (guint) atoi (n);
}

START_TEST (test_restart_under_load_loses_no_acknowledged_write)
{
  g_autofree char *url = mdb_ts_pg_sh ("start", server_dir, NULL);
  g_autoptr (MdbPoolConfig) config = mdb_pool_config_new (url);
  g_autoptr (MdbPool) pool = NULL;
  Writer writers[WRITERS];
  GThread *threads[WRITERS];
  volatile gint stop = 0, restarted = 0;
  gint64 deadline;
  PGconn *pg;
  GError *error = NULL;
  guint i;

  pg = mdb_ts_connect (url);
  g_free (mdb_ts_query (pg, "CREATE TABLE acked (writer int, seq int, PRIMARY KEY (writer, seq))"));
  PQfinish (pg);
  mdb_pool_config_set_max_size (config, 3);   /* fewer than the writers: they also queue */
  mdb_pool_config_set_connect_backoff (config, 20 * 1000, 200 * 1000);
  pool = mdb_pool_new (config, &error);
  ASSERT_OK (error);
  for (i = 0; i < WRITERS; i++)
    {
      writers[i] = (Writer) { pool, (int) i + 1, g_array_new (FALSE, FALSE, sizeof (gint32)),
                              &stop, &restarted, 0, 0, NULL };
      threads[i] = g_thread_new ("writer", writer_run, &writers[i]);
    }
  g_usleep (300 * 1000);
  g_free (mdb_ts_pg_sh ("stop", server_dir, NULL));
  g_usleep (200 * 1000);
  g_free (mdb_ts_pg_sh ("start", server_dir, NULL));
  g_atomic_int_set (&restarted, 1);
  /* Until every writer has written after the restart (bounded). */
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  for (i = 0; i < WRITERS && g_get_monotonic_time () < deadline;)
    {
      g_usleep (10 * 1000);
      i = 0;
      while (i < WRITERS && writers[i].after_restart >= 20)
        i++;
    }
  g_usleep (200 * 1000);
  g_atomic_int_set (&stop, 1);
  for (i = 0; i < WRITERS; i++)
    g_thread_join (threads[i]);

  pg = mdb_ts_connect (url);
  for (i = 0; i < WRITERS; i++)
    {
      printf ("restart drill: writer %u: %u writes acknowledged (%u after the restart), %u failed\n",
              i + 1, writers[i].acked->len, writers[i].after_restart, writers[i].failed);
      ck_assert_msg (writers[i].after_restart >= 20,
                     "writer %u did not recover: %u writes after the restart, %u failed, the last with: %s",
                     i + 1, writers[i].after_restart, writers[i].failed,
                     writers[i].last_error ? writers[i].last_error : "(none)");
      ck_assert_uint_eq (count_present (pg, &writers[i]), writers[i].acked->len);
      g_array_unref (writers[i].acked);
      g_free (writers[i].last_error);
    }
  PQfinish (pg);
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("core-restart");
  TCase *tc = tcase_create ("restart");
  int status;

  if (mdb_test_admin_url () == NULL)
    return 77;
  server_dir = g_dir_make_tmp ("mdb-restart-XXXXXX", NULL);
  if (server_dir == NULL)
    return 1;
  tcase_set_timeout (tc, 180);
  tcase_add_test (tc, test_pool_recovers_after_server_restart);
  tcase_add_test (tc, test_restart_under_load_loses_no_acknowledged_write);
  suite_add_tcase (s, tc);
  status = mdb_test_run (srunner_create (s), TRUE);
  g_free (mdb_ts_try_pg_sh ("wipe", server_dir, NULL));
  g_free (server_dir);
  return status;
}
