/* SPDX-License-Identifier: MIT */
/* Transactions, savepoints and a transaction helper that retries conflicts. */
#include "conn-private.h"

/* Runs a transaction-control command; FALSE with @error when it failed. */
static gboolean
run_command (MdbConn *conn, const char *sql, GError **error)
{
  PGresult *res = PQexec (conn->pg, sql);
  gboolean ok = PQresultStatus (res) == PGRES_COMMAND_OK;

  mdb__conn_count (conn, 1, 1);
  if (!ok)
    mdb__conn_set_error (conn, res, sql, error);
  PQclear (res);
  return ok;
}

static const char *
begin_sql (MdbIsolation isolation)
{
  switch (isolation)
    {
    case MDB_ISOLATION_READ_COMMITTED:  return "BEGIN ISOLATION LEVEL READ COMMITTED";
    case MDB_ISOLATION_REPEATABLE_READ: return "BEGIN ISOLATION LEVEL REPEATABLE READ";
    case MDB_ISOLATION_SERIALIZABLE:    return "BEGIN ISOLATION LEVEL SERIALIZABLE";
    case MDB_ISOLATION_DEFAULT:
    default:                            return "BEGIN";
    }
}

/**
 * mdb_conn_begin:
 * @conn: a connection outside a transaction
 * @isolation: the isolation level, or %MDB_ISOLATION_DEFAULT for the server's
 * @error: return location for a #GError
 *
 * Starts a transaction block.
 *
 * Sets %MDB_ERROR_CONNECT or %MDB_ERROR_SERVER.
 *
 * Returns: %TRUE on success
 * Since: 0.1
 */
gboolean
mdb_conn_begin (MdbConn *conn, MdbIsolation isolation, GError **error)
{
  g_return_val_if_fail (conn != NULL && conn->parent.kind == MDB__EXECUTOR_CONN, FALSE);
  g_return_val_if_fail (isolation >= MDB_ISOLATION_DEFAULT && isolation <= MDB_ISOLATION_SERIALIZABLE, FALSE);
  return run_command (conn, begin_sql (isolation), error);
}

/**
 * mdb_conn_commit:
 * @conn: a connection in a transaction
 * @error: return location for a #GError
 *
 * Commits.  Committing a failed transaction rolls it back and is an error.
 *
 * Sets %MDB_ERROR_SERVER (a serialization failure at commit carries SQLSTATE
 * 40001), %MDB_ERROR_CONNECT, or %MDB_ERROR_FAILED for a failed transaction.
 *
 * Returns: %TRUE when the transaction was committed
 * Since: 0.1
 */
gboolean
mdb_conn_commit (MdbConn *conn, GError **error)
{
  PGresult *res;
  gboolean ok;

  g_return_val_if_fail (conn != NULL && conn->parent.kind == MDB__EXECUTOR_CONN, FALSE);

  res = PQexec (conn->pg, "COMMIT");
  mdb__conn_count (conn, 1, 1);
  ok = PQresultStatus (res) == PGRES_COMMAND_OK;
  if (!ok)
    mdb__conn_set_error (conn, res, "COMMIT", error);
  else if (strcmp (PQcmdStatus (res), "ROLLBACK") == 0)
    {
      /* The server answers COMMIT of a failed transaction with ROLLBACK. */
      g_set_error_literal (error, MDB_ERROR, MDB_ERROR_FAILED,
                           "COMMIT: the transaction had failed and was rolled back");
      ok = FALSE;
    }
  PQclear (res);
  return ok;
}

/**
 * mdb_conn_rollback:
 * @conn: a connection
 * @error: return location for a #GError
 *
 * Rolls the current transaction back (a no-op outside one).
 *
 * Sets %MDB_ERROR_CONNECT when the connection is lost.
 *
 * Returns: %TRUE on success
 * Since: 0.1
 */
gboolean
mdb_conn_rollback (MdbConn *conn, GError **error)
{
  g_return_val_if_fail (conn != NULL && conn->parent.kind == MDB__EXECUTOR_CONN, FALSE);

  if (PQtransactionStatus (conn->pg) == PQTRANS_IDLE)
    return TRUE;
  return run_command (conn, "ROLLBACK", error);
}

static gboolean
check_savepoint_name (const char *name, GError **error)
{
  const char *p;

  for (p = name; *p != '\0'; p++)
    if (!(*p == '_' || g_ascii_islower (*p) || (p > name && g_ascii_isdigit (*p))))
      break;
  if (p != name && *p == '\0' && p - name < 64)
    return TRUE;
  g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
               "invalid savepoint name (want [a-z_][a-z0-9_]*, at most 63 characters)");
  return FALSE;
}

static gboolean
savepoint_command (MdbConn *conn, const char *verb, const char *name, GError **error)
{
  g_autofree char *sql = NULL;

  if (!check_savepoint_name (name, error))
    return FALSE;
  sql = g_strconcat (verb, name, NULL);
  return run_command (conn, sql, error);
}

/**
 * mdb_conn_savepoint:
 * @conn: a connection in a transaction
 * @name: a savepoint name, `[a-z_][a-z0-9_]*`
 * @error: return location for a #GError
 *
 * Sets %MDB_ERROR_INVALID_INPUT for a bad name, else server errors.
 *
 * Returns: %TRUE on success
 * Since: 0.1
 */
gboolean
mdb_conn_savepoint (MdbConn *conn, const char *name, GError **error)
{
  g_return_val_if_fail (conn != NULL && conn->parent.kind == MDB__EXECUTOR_CONN, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  return savepoint_command (conn, "SAVEPOINT ", name, error);
}

/**
 * mdb_conn_rollback_to_savepoint:
 * @conn: a connection in a transaction
 * @name: a savepoint set earlier
 * @error: return location for a #GError
 *
 * Undoes the work after the savepoint, also after an error in a failed
 * transaction, which then continues.
 *
 * Sets %MDB_ERROR_INVALID_INPUT for a bad name, else server errors.
 *
 * Returns: %TRUE on success
 * Since: 0.1
 */
gboolean
mdb_conn_rollback_to_savepoint (MdbConn *conn, const char *name, GError **error)
{
  g_return_val_if_fail (conn != NULL && conn->parent.kind == MDB__EXECUTOR_CONN, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  return savepoint_command (conn, "ROLLBACK TO SAVEPOINT ", name, error);
}

/**
 * mdb_conn_release_savepoint:
 * @conn: a connection in a transaction
 * @name: a savepoint set earlier
 * @error: return location for a #GError
 *
 * Sets %MDB_ERROR_INVALID_INPUT for a bad name, else server errors.
 *
 * Returns: %TRUE on success
 * Since: 0.1
 */
gboolean
mdb_conn_release_savepoint (MdbConn *conn, const char *name, GError **error)
{
  g_return_val_if_fail (conn != NULL && conn->parent.kind == MDB__EXECUTOR_CONN, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  return savepoint_command (conn, "RELEASE SAVEPOINT ", name, error);
}

/* One attempt on a borrowed connection; always leaves it outside a transaction. */
static gboolean
attempt_once (MdbConn *conn, MdbIsolation isolation, MdbTxFunc func,
              gpointer user_data, GError **error)
{
  gboolean ok = mdb_conn_begin (conn, isolation, error);

  if (ok && !func (conn, user_data, error))
    {
      ok = FALSE;
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, MDB_ERROR, MDB_ERROR_FAILED,
                             "the transaction function failed without setting an error");
    }
  if (ok)
    ok = mdb_conn_commit (conn, error);
  if (!ok)
    mdb_conn_rollback (conn, NULL);
  return ok;
}

/* Runs attempts until one commits, a non-retryable error comes, or
 * @max_attempts are spent.  With @pool each attempt borrows a connection;
 * without, every attempt runs on @conn. */
static gboolean
run_with_retries (MdbPool *pool, MdbConn *conn, MdbIsolation isolation, guint max_attempts,
                  MdbTxFunc func, gpointer user_data, GError **error)
{
  if (max_attempts == 0)
    max_attempts = 3;
  for (guint attempt = 1;; attempt++)
    {
      g_autoptr (GError) local = NULL;
      MdbConn *c = pool != NULL ? mdb_pool_acquire (pool, error) : conn;
      gboolean ok;

      if (c == NULL)
        return FALSE;
      ok = attempt_once (c, isolation, func, user_data, &local);
      if (pool != NULL)
        mdb_pool_release (pool, c);
      if (ok)
        return TRUE;
      if (attempt >= max_attempts || !mdb_error_is_retryable (local))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      /* Spread the retries of conflicting transactions apart. */
      g_usleep (g_random_int_range (1000, 1000 + 10000 * (gint32) attempt));
    }
}

/**
 * mdb_pool_run_in_transaction:
 * @pool: a pool
 * @isolation: the isolation level
 * @max_attempts: attempts in all (0 = 3)
 * @func: (scope call): the transaction's body
 * @user_data: passed to @func
 * @error: return location for a #GError
 *
 * Borrows a connection and runs @func between BEGIN and COMMIT.  A
 * serialization failure or deadlock (mdb_error_is_retryable()), from @func
 * or from COMMIT, rolls back and runs @func again after a short randomized
 * pause, up to @max_attempts times.  Any other failure rolls back and is
 * returned.  The connection never goes back in a transaction.
 *
 * Sets the error of the last attempt, or the errors of mdb_pool_acquire().
 *
 * Returns: %TRUE when an attempt committed
 * Since: 0.1
 */
gboolean
mdb_pool_run_in_transaction (MdbPool *pool, MdbIsolation isolation, guint max_attempts,
                             MdbTxFunc func, gpointer user_data, GError **error)
{
  g_return_val_if_fail (pool != NULL && pool->parent.kind == MDB__EXECUTOR_POOL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return run_with_retries (pool, NULL, isolation, max_attempts, func, user_data, error);
}

/* Runs @func inside a savepoint of the caller's transaction.  The savepoint
 * is released on success and rolled back to on failure, so a failed body
 * leaves the caller's transaction usable and the caller decides. */
static gboolean
run_in_savepoint (MdbConn *conn, MdbTxFunc func, gpointer user_data, GError **error)
{
  static gint counter;
  char name[32];
  gboolean ok;

  g_snprintf (name, sizeof name, "mdb_tx_%u", (guint) g_atomic_int_add (&counter, 1));
  if (!mdb_conn_savepoint (conn, name, error))
    return FALSE;
  ok = func (conn, user_data, error);
  if (!ok && error != NULL && *error == NULL)
    g_set_error_literal (error, MDB_ERROR, MDB_ERROR_FAILED,
                         "the transaction function failed without setting an error");
  if (!ok)
    {
      if (mdb_conn_rollback_to_savepoint (conn, name, NULL))
        mdb_conn_release_savepoint (conn, name, NULL);
      return FALSE;
    }
  return mdb_conn_release_savepoint (conn, name, error);
}

/**
 * mdb_run_in_transaction:
 * @executor: a pool, or a connection inside or outside a transaction
 * @isolation: the isolation level of a transaction begun here
 * @max_attempts: attempts in all when the transaction is begun here (0 = 3)
 * @func: (scope call): the body
 * @user_data: passed to @func
 * @error: return location for a #GError
 *
 * Runs @func atomically, joining the caller's transaction when there is one:
 *
 * - a pool: as mdb_pool_run_in_transaction() (borrow, BEGIN, COMMIT, retry
 *   serialization failures and deadlocks);
 * - a connection outside a transaction: the same on that connection;
 * - a connection inside a transaction: @func runs inside a SAVEPOINT, which
 *   is released on success and rolled back to on failure; nothing is
 *   committed, rolled back as a whole, or retried here, since the caller owns
 *   the transaction (a serialization failure reaches the caller, whose own
 *   retry loop runs the whole transaction again).  @isolation and
 *   @max_attempts are ignored.
 *
 * A reader (mdb_pool_get_reader()) cannot run transactions, nor can a
 * connection whose transaction has already failed.
 *
 * Sets %MDB_ERROR_INVALID_INPUT for a reader or a failed transaction, else
 * the error of @func or of the transaction commands.
 *
 * Returns: %TRUE when @func succeeded and its work is committed, or kept in
 *   the caller's transaction
 * Since: 0.1
 */
gboolean
mdb_run_in_transaction (MdbExecutor *executor, MdbIsolation isolation, guint max_attempts,
                        MdbTxFunc func, gpointer user_data, GError **error)
{
  MdbConn *conn = (MdbConn *) executor;

  g_return_val_if_fail (executor != NULL && func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (executor->kind == MDB__EXECUTOR_POOL)
    return run_with_retries ((MdbPool *) executor, NULL, isolation, max_attempts, func, user_data, error);
  if (executor->kind != MDB__EXECUTOR_CONN)
    {
      g_set_error_literal (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                           "a transaction cannot run on a read-replica reader; use the pool");
      return FALSE;
    }
  switch (PQtransactionStatus (conn->pg))
    {
    case PQTRANS_IDLE:
      return run_with_retries (NULL, conn, isolation, max_attempts, func, user_data, error);
    case PQTRANS_INTRANS:
      return run_in_savepoint (conn, func, user_data, error);
    case PQTRANS_INERROR:
      g_set_error_literal (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                           "the connection's transaction has already failed; roll it back first");
      return FALSE;
    case PQTRANS_UNKNOWN:
      g_set_error_literal (error, MDB_ERROR, MDB_ERROR_CONNECT,
                           "the connection is lost; cannot start a transaction on it");
      return FALSE;
    default:
      g_set_error_literal (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                           "the connection is busy with another statement");
      return FALSE;
    }
}
