/* SPDX-License-Identifier: MIT */
/* Executors: one entry point for statements on a pool or on a held connection. */
#include "conn-private.h"

#define IS_EXECUTOR(e) ((e) != NULL && ((e)->kind == MDB__EXECUTOR_CONN || (e)->kind == MDB__EXECUTOR_POOL))

/**
 * mdb_executor_get_conn:
 * @executor: an #MdbPool or #MdbConn, converted with MDB_EXECUTOR()
 * @error: return location for a #GError
 *
 * Borrows the connection behind @executor: the connection itself, or one
 * acquired from the pool.  Pair every call with mdb_executor_put_conn().
 *
 * Sets the errors of mdb_pool_acquire() for a pool.
 *
 * Returns: (transfer none) (nullable): a connection
 * Since: 0.1
 */
MdbConn *
mdb_executor_get_conn (MdbExecutor *executor, GError **error)
{
  g_return_val_if_fail (IS_EXECUTOR (executor), NULL);

  if (executor->kind == MDB__EXECUTOR_CONN)
    return (MdbConn *) executor;
  return mdb_pool_acquire ((MdbPool *) executor, error);
}

/**
 * mdb_executor_put_conn:
 * @executor: the executor @conn came from
 * @conn: (nullable): the connection from mdb_executor_get_conn()
 *
 * Gives the connection back: released to the pool, or nothing for a
 * connection executor.
 *
 * Since: 0.1
 */
void
mdb_executor_put_conn (MdbExecutor *executor, MdbConn *conn)
{
  g_return_if_fail (IS_EXECUTOR (executor));

  if (conn != NULL && executor->kind == MDB__EXECUTOR_POOL)
    mdb_pool_release ((MdbPool *) executor, conn);
}

/**
 * mdb_exec:
 * @executor: an #MdbPool or #MdbConn, converted with MDB_EXECUTOR()
 * @sql: one SQL statement with `$1`… placeholders
 * @params: (nullable): its parameters
 * @error: return location for a #GError
 *
 * mdb_conn_exec() on the executor's connection; a pool lends one for the
 * call.
 *
 * Sets the errors of mdb_conn_exec() and, for a pool, mdb_pool_acquire().
 *
 * Returns: (transfer full) (nullable): the result
 * Since: 0.1
 */
MdbResult *
mdb_exec (MdbExecutor *executor, const char *sql, const MdbParams *params, GError **error)
{
  MdbConn *conn;
  MdbResult *result;

  g_return_val_if_fail (IS_EXECUTOR (executor), NULL);

  if (executor->kind == MDB__EXECUTOR_CONN)
    return mdb_conn_exec ((MdbConn *) executor, sql, params, error);
  if ((conn = mdb_pool_acquire ((MdbPool *) executor, error)) == NULL)
    return NULL;
  result = mdb_conn_exec (conn, sql, params, error);
  mdb_pool_release ((MdbPool *) executor, conn);
  return result;
}

/**
 * mdb_exec_pipeline:
 * @executor: an #MdbPool or #MdbConn, converted with MDB_EXECUTOR()
 * @n: number of statements
 * @sqls: (array length=n): the statements
 * @params: (nullable) (array length=n): their parameters (entries may be %NULL)
 * @error: return location for a #GError
 *
 * mdb_conn_exec_pipeline() on the executor's connection.
 *
 * Returns: (transfer full) (nullable) (element-type MdbResult): @n results
 * Since: 0.1
 */
GPtrArray *
mdb_exec_pipeline (MdbExecutor *executor, guint n, const char *const *sqls,
                   MdbParams *const *params, GError **error)
{
  MdbConn *conn;
  GPtrArray *results;

  g_return_val_if_fail (IS_EXECUTOR (executor), NULL);

  if ((conn = mdb_executor_get_conn (executor, error)) == NULL)
    return NULL;
  results = mdb_conn_exec_pipeline (conn, n, sqls, params, error);
  mdb_executor_put_conn (executor, conn);
  return results;
}
