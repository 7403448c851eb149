/* SPDX-License-Identifier: MIT */
/* Tests of transactions: savepoints, rollback on failure, retry of conflicts. */
#include "conn-test.h"

static MdbPool *
pool_for (MdbTestDb *db, guint size)
{
  GError *error = NULL;
  MdbPool *pool = mdb_pool_new_simple (mdb_test_db_get_url (db), size, &error);

  ASSERT_OK (error);
  return pool;
}

START_TEST (test_tx_rollback_to_savepoint_keeps_earlier_work)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbConn) conn = mdb_conn_new (mdb_test_db_get_url (db), NULL);
  GError *error = NULL;

  conn_test_script (conn, "CREATE TABLE t (i int)");
  ck_assert (mdb_conn_begin (conn, MDB_ISOLATION_DEFAULT, &error));
  conn_test_script (conn, "INSERT INTO t VALUES (1)");
  ck_assert (mdb_conn_savepoint (conn, "sp_1", &error));
  mdb_conn_exec_script (conn, "INSERT INTO t VALUES (2); SELECT 1 / 0", NULL);
  ck_assert (mdb_conn_rollback_to_savepoint (conn, "sp_1", &error));
  ck_assert (mdb_conn_release_savepoint (conn, "sp_1", &error));
  ck_assert (mdb_conn_commit (conn, &error));
  ASSERT_OK (error);
  ck_assert_int_eq (conn_test_int (conn, "SELECT count(*) FROM t"), 1);
  ck_assert_int_eq (conn_test_int (conn, "SELECT max(i) FROM t"), 1);
}
END_TEST

START_TEST (test_tx_savepoint_rejects_bad_name)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbConn) conn = mdb_conn_new (mdb_test_db_get_url (db), NULL);
  GError *error = NULL;

  ck_assert (mdb_conn_begin (conn, MDB_ISOLATION_SERIALIZABLE, &error));
  ck_assert (!mdb_conn_savepoint (conn, "x; DROP TABLE t", &error));
  ASSERT_ERROR (error, MDB_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  ck_assert (!mdb_conn_savepoint (conn, "", &error));
  ASSERT_ERROR (error, MDB_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  {
    g_autofree char *level = conn_test_scalar (conn, "SHOW transaction_isolation");
    ck_assert_str_eq (level, "serializable");
  }
  ck_assert (mdb_conn_rollback (conn, &error));
  ck_assert (!mdb_conn_in_transaction (conn));
}
END_TEST

START_TEST (test_tx_commit_of_failed_transaction_is_an_error)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbConn) conn = mdb_conn_new (mdb_test_db_get_url (db), NULL);
  GError *error = NULL;

  ck_assert (mdb_conn_begin (conn, MDB_ISOLATION_DEFAULT, &error));
  mdb_conn_exec_script (conn, "SELECT 1 / 0", NULL);
  ck_assert (!mdb_conn_commit (conn, &error));
  ck_assert_ptr_nonnull (error);
  g_clear_error (&error);
  ck_assert (!mdb_conn_in_transaction (conn));
}
END_TEST

/* Two SERIALIZABLE transactions each read what the other writes: the one
 * committing second fails with 40001 on its first attempt. */
typedef struct {
  char *url;
  int   attempts;
} ConflictState;

static gboolean
conflict_body (MdbConn *conn, gpointer data, GError **error)
{
  ConflictState *state = data;

  state->attempts++;
  if (!mdb_conn_exec_script (conn, "SELECT sum(v) FROM acc WHERE id = 1", error))
    return FALSE;
  if (state->attempts == 1)
    {
      /* A concurrent transaction reads row 2 and writes row 1, and commits. */
      g_autoptr (MdbConn) other = mdb_conn_new (state->url, error);

      if (other == NULL
          || !mdb_conn_exec_script (other, "BEGIN ISOLATION LEVEL SERIALIZABLE;"
                                    " SELECT sum(v) FROM acc WHERE id = 2;"
                                    " UPDATE acc SET v = v + 1 WHERE id = 1; COMMIT", error))
        return FALSE;
    }
  return mdb_conn_exec_script (conn, "UPDATE acc SET v = v + 10 WHERE id = 2", error);
}

START_TEST (test_tx_run_retries_serialization_failure)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbPool) pool = pool_for (db, 2);
  ConflictState state = { (char *) mdb_test_db_get_url (db), 0 };
  MdbConn *conn;
  GError *error = NULL;

  conn = mdb_pool_acquire (pool, &error);
  ASSERT_OK (error);
  conn_test_script (conn, "CREATE TABLE acc (id int PRIMARY KEY, v int); INSERT INTO acc VALUES (1, 0), (2, 0)");
  mdb_pool_release (pool, conn);

  ck_assert (mdb_pool_run_in_transaction (pool, MDB_ISOLATION_SERIALIZABLE, 3,
                                          conflict_body, &state, &error));
  ASSERT_OK (error);
  ck_assert_int_eq (state.attempts, 2);
  conn = mdb_pool_acquire (pool, &error);
  ck_assert_int_eq (conn_test_int (conn, "SELECT v FROM acc WHERE id = 2"), 10);
  ck_assert_int_eq (conn_test_int (conn, "SELECT v FROM acc WHERE id = 1"), 1);
  mdb_pool_release (pool, conn);
}
END_TEST

static gboolean
failing_body (MdbConn *conn, gpointer data, GError **error)
{
  int *calls = data;

  (*calls)++;
  if (!mdb_conn_exec_script (conn, "INSERT INTO t VALUES (1)", error))
    return FALSE;
  return mdb_conn_exec_script (conn, "INSERT INTO t VALUES (1)", error);  /* duplicate */
}

START_TEST (test_tx_run_rolls_back_non_retryable_error)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbPool) pool = pool_for (db, 1);
  GError *error = NULL;
  MdbConn *conn;
  int calls = 0;

  conn = mdb_pool_acquire (pool, &error);
  conn_test_script (conn, "CREATE TABLE t (i int PRIMARY KEY)");
  mdb_pool_release (pool, conn);

  ck_assert (!mdb_pool_run_in_transaction (pool, MDB_ISOLATION_DEFAULT, 5,
                                           failing_body, &calls, &error));
  ASSERT_ERROR (error, MDB_ERROR_UNIQUE_VIOLATION);
  g_clear_error (&error);
  ck_assert_int_eq (calls, 1);
  conn = mdb_pool_acquire (pool, &error);
  ck_assert (!mdb_conn_in_transaction (conn));
  ck_assert_int_eq (conn_test_int (conn, "SELECT count(*) FROM t"), 0);
  mdb_pool_release (pool, conn);
}
END_TEST

/* mdb_run_in_transaction() joins a caller's transaction with a savepoint:
 * the body's work stays in the caller's transaction (the caller's rollback
 * undoes it), and a failing body is undone alone, leaving the caller's
 * transaction usable. */
static gboolean
insert_two (MdbConn *conn, gpointer data, GError **error)
{
  int *calls = data;

  (*calls)++;
  return mdb_conn_exec_script (conn, "INSERT INTO t VALUES (2)", error)
    && mdb_conn_exec_script (conn, "INSERT INTO t VALUES (3)", error);
}

START_TEST (test_tx_join_uses_a_savepoint_and_leaves_the_commit_to_the_caller)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbConn) conn = mdb_conn_new (mdb_test_db_get_url (db), NULL);
  GError *error = NULL;
  int calls = 0;

  conn_test_script (conn, "CREATE TABLE t (i int PRIMARY KEY)");
  ck_assert (mdb_conn_begin (conn, MDB_ISOLATION_DEFAULT, &error));
  conn_test_script (conn, "INSERT INTO t VALUES (1)");
  ck_assert (mdb_run_in_transaction (MDB_EXECUTOR (conn), MDB_ISOLATION_SERIALIZABLE, 3,
                                     insert_two, &calls, &error));
  ASSERT_OK (error);
  ck_assert (mdb_conn_in_transaction (conn));      /* not committed by the helper */
  ck_assert_int_eq (conn_test_int (conn, "SELECT count(*) FROM t"), 3);
  ck_assert (mdb_conn_rollback (conn, &error));
  ck_assert_int_eq (conn_test_int (conn, "SELECT count(*) FROM t"), 0);

  /* A failing body inside the caller's transaction: only its work is undone. */
  ck_assert (mdb_conn_begin (conn, MDB_ISOLATION_DEFAULT, &error));
  conn_test_script (conn, "INSERT INTO t VALUES (3)");
  ck_assert (!mdb_run_in_transaction (MDB_EXECUTOR (conn), MDB_ISOLATION_DEFAULT, 3,
                                      insert_two, &calls, &error));
  ASSERT_ERROR (error, MDB_ERROR_UNIQUE_VIOLATION);
  g_clear_error (&error);
  ck_assert_int_eq (calls, 2);                     /* never retried inside a caller's transaction */
  ck_assert (mdb_conn_in_transaction (conn));
  ck_assert_int_eq (conn_test_int (conn, "SELECT count(*) FROM t"), 1);
  ck_assert (mdb_conn_commit (conn, &error));
  ASSERT_OK (error);
  ck_assert_int_eq (conn_test_int (conn, "SELECT max(i) FROM t"), 3);
}
END_TEST

START_TEST (test_tx_join_on_idle_connection_and_pool_commits)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbPool) pool = pool_for (db, 1);
  g_autoptr (MdbConn) conn = mdb_conn_new (mdb_test_db_get_url (db), NULL);
  GError *error = NULL;
  int calls = 0;

  conn_test_script (conn, "CREATE TABLE t (i int PRIMARY KEY)");
  ck_assert (mdb_run_in_transaction (MDB_EXECUTOR (conn), MDB_ISOLATION_DEFAULT, 0,
                                     insert_two, &calls, &error));
  ASSERT_OK (error);
  ck_assert (!mdb_conn_in_transaction (conn));
  conn_test_script (conn, "DELETE FROM t");
  ck_assert (mdb_run_in_transaction (MDB_EXECUTOR (pool), MDB_ISOLATION_DEFAULT, 0,
                                     insert_two, &calls, &error));
  ASSERT_OK (error);
  ck_assert_int_eq (conn_test_int (conn, "SELECT count(*) FROM t"), 2);
  /* The idle-connection path rolls back a failed body and returns its error. */
  ck_assert (!mdb_run_in_transaction (MDB_EXECUTOR (conn), MDB_ISOLATION_DEFAULT, 0,
                                      insert_two, &calls, &error));
  ASSERT_ERROR (error, MDB_ERROR_UNIQUE_VIOLATION);
  g_clear_error (&error);
  ck_assert (!mdb_conn_in_transaction (conn));
  ck_assert_int_eq (calls, 3);
}
END_TEST

START_TEST (test_tx_join_refuses_failed_transaction_and_reader)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbPool) pool = pool_for (db, 1);
  g_autoptr (MdbConn) conn = mdb_conn_new (mdb_test_db_get_url (db), NULL);
  GError *error = NULL;
  int calls = 0;

  ck_assert (mdb_conn_begin (conn, MDB_ISOLATION_DEFAULT, &error));
  mdb_conn_exec_script (conn, "SELECT 1 / 0", NULL);
  ck_assert (!mdb_run_in_transaction (MDB_EXECUTOR (conn), MDB_ISOLATION_DEFAULT, 0,
                                      insert_two, &calls, &error));
  ASSERT_ERROR (error, MDB_ERROR_INVALID_INPUT);
  ck_assert_msg (strstr (error->message, "already failed") != NULL, "%s", error->message);
  g_clear_error (&error);
  ck_assert (!mdb_run_in_transaction (mdb_pool_get_reader (pool), MDB_ISOLATION_DEFAULT, 0,
                                      insert_two, &calls, &error));
  ASSERT_ERROR (error, MDB_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  ck_assert_int_eq (calls, 0);
}
END_TEST

/* The retry of a serialization failure also works on an idle connection. */
START_TEST (test_tx_join_idle_connection_retries_serialization_failure)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbConn) conn = mdb_conn_new (mdb_test_db_get_url (db), NULL);
  ConflictState state = { (char *) mdb_test_db_get_url (db), 0 };
  GError *error = NULL;

  conn_test_script (conn, "CREATE TABLE acc (id int PRIMARY KEY, v int); INSERT INTO acc VALUES (1, 0), (2, 0)");
  ck_assert (mdb_run_in_transaction (MDB_EXECUTOR (conn), MDB_ISOLATION_SERIALIZABLE, 3,
                                     conflict_body, &state, &error));
  ASSERT_OK (error);
  ck_assert_int_eq (state.attempts, 2);
  ck_assert_int_eq (conn_test_int (conn, "SELECT v FROM acc WHERE id = 2"), 10);
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("core-tx");
  TCase *tc = tcase_create ("tx");

  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_tx_rollback_to_savepoint_keeps_earlier_work);
  tcase_add_test (tc, test_tx_savepoint_rejects_bad_name);
  tcase_add_test (tc, test_tx_commit_of_failed_transaction_is_an_error);
  tcase_add_test (tc, test_tx_run_retries_serialization_failure);
  tcase_add_test (tc, test_tx_run_rolls_back_non_retryable_error);
  tcase_add_test (tc, test_tx_join_uses_a_savepoint_and_leaves_the_commit_to_the_caller);
  tcase_add_test (tc, test_tx_join_on_idle_connection_and_pool_commits);
  tcase_add_test (tc, test_tx_join_refuses_failed_transaction_and_reader);
  tcase_add_test (tc, test_tx_join_idle_connection_retries_serialization_failure);
  suite_add_tcase (s, tc);
  return mdb_test_run (srunner_create (s), TRUE);
}
