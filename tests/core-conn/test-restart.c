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
  suite_add_tcase (s, tc);
  status = mdb_test_run (srunner_create (s), TRUE);
  g_free (mdb_ts_try_pg_sh ("wipe", server_dir, NULL));
  g_free (server_dir);
  return status;
}
