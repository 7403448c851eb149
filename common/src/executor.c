/* SPDX-License-Identifier: MIT */
/* Executors: one entry point for statements on a pool or on a held connection. */
#include "conn-private.h"

#define IS_EXECUTOR(e) ((e) != NULL && ((e)->kind == MDB__EXECUTOR_CONN || (e)->kind == MDB__EXECUTOR_POOL \
                                          || (e)->kind == MDB__EXECUTOR_READER))
#define READER_POOL(e) (((MdbPoolReader *) (e))->primary)

/* One statement or pipeline, run by reader_run(). */
typedef struct {
  const char        *sql;
  gboolean           sql_static;
  const MdbParams   *params;
  guint              n;
  const char *const *sqls;
  MdbParams *const  *pparams;
} MdbCall;

static gpointer
call_exec (MdbConn *conn, const MdbCall *call, GError **error)
{
  return mdb__conn_exec (conn, call->sql, call->sql_static, call->params, error);
}

static gpointer
call_pipeline (MdbConn *conn, const MdbCall *call, GError **error)
{
  return mdb_conn_exec_pipeline (conn, call->n, call->sqls, call->pparams, error);
}

/* Runs @call on a reader's connection.  When a replica's connection is lost
 * on the way, the call runs once more on the next choice: a replica writes
 * nothing, so nothing can have happened twice. */
static gpointer
reader_run (MdbPool *pool, gpointer (*run) (MdbConn *, const MdbCall *, GError **),
            const MdbCall *call, GError **error)
{
  guint attempt;

  for (attempt = 0;; attempt++)
    {
      GError *local = NULL;
      MdbConn *conn = mdb__pool_acquire_reader (pool, error);
      gpointer out;
      gboolean lost;

      if (conn == NULL)
        return NULL;
      out = run (conn, call, &local);
      lost = out == NULL && attempt == 0 && mdb__pool_conn_is_replica (conn)
        && g_error_matches (local, MDB_ERROR, MDB_ERROR_CONNECT);
      if (lost)
        mdb__pool_replica_failed (conn);
      mdb_pool_release (conn->pool, conn);
      if (!lost)
        {
          if (local != NULL)
            g_propagate_error (error, local);
          return out;
        }
      g_error_free (local);
    }
}

/**
 * mdb_executor_acquire_conn:
 * @executor: an #MdbPool or #MdbConn, converted with MDB_EXECUTOR(), or a
 *   reader from mdb_pool_get_reader()
 * @error: return location for a #GError
 *
 * Acquires the connection behind @executor: the connection itself, one
 * acquired from the pool, or for a reader one from a replica (or the
 * primary, see mdb_pool_get_reader()).  The caller holds it until it gives
 * it back with mdb_executor_release_conn(), exactly once, and must not
 * free it: a pool's connection goes back to its pool there (this is the
 * pool's acquire/release pair, also for a connection executor, where both
 * do nothing).
 *
 * Sets the errors of mdb_pool_acquire() for a pool.
 *
 * Returns: (transfer none) (nullable): a connection to give back with
 *   mdb_executor_release_conn(), or %NULL on error
 * Since: 0.1
 */
MdbConn *
mdb_executor_acquire_conn (MdbExecutor *executor, GError **error)
{
  g_return_val_if_fail (IS_EXECUTOR (executor), NULL);

  if (executor->kind == MDB__EXECUTOR_CONN)
    return (MdbConn *) executor;
  if (executor->kind == MDB__EXECUTOR_READER)
    return mdb__pool_acquire_reader (READER_POOL (executor), error);
  return mdb_pool_acquire ((MdbPool *) executor, error);
}

/**
 * mdb_executor_release_conn:
 * @executor: the executor @conn came from
 * @conn: (nullable): the connection from mdb_executor_acquire_conn()
 *
 * Gives the connection back: released to the pool, or nothing for a
 * connection executor.
 *
 * Since: 0.1
 */
void
mdb_executor_release_conn (MdbExecutor *executor, MdbConn *conn)
{
  g_return_if_fail (IS_EXECUTOR (executor));

  if (conn != NULL && executor->kind == MDB__EXECUTOR_POOL)
    mdb_pool_release ((MdbPool *) executor, conn);
  else if (conn != NULL && executor->kind == MDB__EXECUTOR_READER)
    mdb_pool_release (conn->pool, conn);  /* the replica's pool or the primary */
}

/* mdb_exec() and mdb_exec_static(): the call on the executor's connection. */
static MdbResult *
exec_on (MdbExecutor *executor, const char *sql, gboolean sql_static, const MdbParams *params,
         GError **error)
{
  MdbConn *conn;
  MdbResult *result;

  g_return_val_if_fail (IS_EXECUTOR (executor), NULL);

  if (executor->kind == MDB__EXECUTOR_CONN)
    return mdb__conn_exec ((MdbConn *) executor, sql, sql_static, params, error);
  if (executor->kind == MDB__EXECUTOR_READER)
    {
      MdbCall call = { .sql = sql, .sql_static = sql_static, .params = params };

      return reader_run (READER_POOL (executor), call_exec, &call, error);
    }
  if ((conn = mdb__pool_acquire ((MdbPool *) executor, error)) == NULL)
    return NULL;
  result = mdb__conn_exec (conn, sql, sql_static, params, error);
  mdb__pool_release ((MdbPool *) executor, conn);
  return result;
}

/**
 * mdb_exec:
 * @executor: an #MdbPool or #MdbConn, converted with MDB_EXECUTOR()
 * @sql: one SQL statement with `$1`… placeholders
 * @params: (nullable): its parameters
 * @error: return location for a #GError
 *
 * mdb_conn_exec() on the executor's connection; a pool lends one for the
 * call, a reader one of a replica (see mdb_pool_get_reader()).
 *
 * Sets the errors of mdb_conn_exec() and, for a pool, mdb_pool_acquire().
 *
 * Returns: (transfer full) (nullable): the result
 * Since: 0.1
 */
MdbResult *
mdb_exec (MdbExecutor *executor, const char *sql, const MdbParams *params, GError **error)
{
  return exec_on (executor, sql, FALSE, params, error);
}

/**
 * mdb_exec_static:
 * @executor: an #MdbPool or #MdbConn, converted with MDB_EXECUTOR()
 * @sql: one SQL statement with `$1`… placeholders, in static storage: a
 *   string literal or a `static const char[]` whose text never changes
 *   while the process runs
 * @params: (nullable): its parameters
 * @error: return location for a #GError
 *
 * mdb_exec() for SQL that lives as long as the program, as generated query
 * functions pass it: a connection that has seen the same @sql pointer
 * before finds its prepared statement without comparing the text again.
 * Passing a buffer that is later freed or changed may run the statement
 * the buffer held before: use mdb_exec() for SQL built at run time.
 *
 * Returns: (transfer full) (nullable): the result
 * Since: 0.1
 */
MdbResult *
mdb_exec_static (MdbExecutor *executor, const char *sql, const MdbParams *params, GError **error)
{
  return exec_on (executor, sql, TRUE, params, error);
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

  if (executor->kind == MDB__EXECUTOR_READER)
    {
      MdbCall call = { .n = n, .sqls = sqls, .pparams = params };

      return reader_run (READER_POOL (executor), call_pipeline, &call, error);
    }
  if ((conn = mdb_executor_acquire_conn (executor, error)) == NULL)
    return NULL;
  results = mdb_conn_exec_pipeline (conn, n, sqls, params, error);
  mdb_executor_release_conn (executor, conn);
  return results;
}
