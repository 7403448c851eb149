/* SPDX-License-Identifier: MIT */
/* One PostgreSQL connection: connect, run statements through the cache, report state. */
#include "conn-private.h"

#define MDB_CONN_DEFAULT_CACHE 100

MdbConn *
mdb__conn_new_from_pg (PGconn *pg)
{
  MdbConn *conn = g_new0 (MdbConn, 1);

  conn->parent.kind = MDB__EXECUTOR_CONN;
  conn->pg = pg;
  mdb__stmt_cache_init (conn, MDB_CONN_DEFAULT_CACHE);
  mdb__conn_route_notices (conn);
  return conn;
}

/**
 * mdb_conn_new:
 * @conninfo: a libpq conninfo string or URL
 * @error: return location for a #GError
 *
 * Opens a connection outside any pool.
 *
 * Sets %MDB_ERROR_INVALID_INPUT when @conninfo does not parse (see
 * mdb_conninfo_parse()), and %MDB_ERROR_CONNECT, with the server's reason
 * and never a piece of the password, when the connection cannot be made.
 *
 * Returns: (transfer full) (nullable): a connection for mdb_conn_free()
 * Since: 0.1
 */
MdbConn *
mdb_conn_new (const char *conninfo, GError **error)
{
  g_autoptr (MdbConninfo) info = NULL;
  PGconn *pg;

  g_return_val_if_fail (conninfo != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Parsed first, so a malformed string gets our safe message rather
   * than libpq's, which may quote pieces of the password. */
  if ((info = mdb_conninfo_parse (conninfo, error)) == NULL)
    return NULL;
  pg = PQconnectdb (conninfo);
  if (pg == NULL || PQstatus (pg) != CONNECTION_OK)
    {
      mdb__conninfo_set_connect_error (info, pg, error);
      /* libpq's rule: a failed connect still owns memory and a socket. */
      PQfinish (pg);
      return NULL;
    }
  return mdb__conn_new_from_pg (pg);
}

/**
 * mdb_conn_free:
 * @conn: (nullable): a connection from mdb_conn_new()
 *
 * Closes the connection and frees it.  A connection borrowed from a pool goes
 * back with mdb_pool_release() instead.
 *
 * Since: 0.1
 */
void
mdb_conn_free (MdbConn *conn)
{
  if (conn == NULL)
    return;
  g_return_if_fail (conn->parent.kind == MDB__EXECUTOR_CONN);
  g_return_if_fail (conn->pool == NULL);  /* pool connections go back with mdb_pool_release() */

  mdb__stmt_cache_clear (conn);
  g_hash_table_unref (conn->stmts);
  PQfinish (conn->pg);
  conn->parent.kind = 0;
  g_free (conn);
}

void
mdb__conn_set_error (MdbConn *conn, const PGresult *res, const char *context, GError **error)
{
  if (res == NULL)
    {
      mdb__set_error_from_conn (error, conn->pg, MDB_ERROR_CONNECT, context);
      return;
    }
  mdb__set_error_from_result (error, res, context);
  /* A lost backend reports itself in many ways (57P01, no SQLSTATE); to the
   * caller they all mean the same: the connection is gone. */
  if (error != NULL && *error != NULL && PQstatus (conn->pg) == CONNECTION_BAD)
    (*error)->code = MDB_ERROR_CONNECT;
}

static gboolean
result_ok (const PGresult *res)
{
  switch (PQresultStatus (res))
    {
    case PGRES_TUPLES_OK:
    case PGRES_COMMAND_OK:
    case PGRES_EMPTY_QUERY:
      return TRUE;
    default:
      return FALSE;
    }
}

/* A cached plan the server no longer accepts: the table changed under a
 * cached SELECT *, or the statement vanished (DISCARD ALL, a pooler). */
gboolean
mdb__result_is_stale_statement (const PGresult *res, gboolean *deallocate)
{
  const char *state = PQresultErrorField (res, PG_DIAG_SQLSTATE);

  if (state == NULL)
    return FALSE;
  *deallocate = strcmp (state, "0A000") == 0;
  return *deallocate || strcmp (state, "26000") == 0;
}

/* @res of @stmt (NULL: an unprepared statement) wrapped, the column types
 * from @stmt's earlier results (MdbResultShape). */
static MdbResult *
wrap_result (PGresult *res, MdbStmt *stmt)
{
  MdbResult *result;

  if (stmt == NULL)
    return mdb__result_new (res);
  if (stmt->shape.known)
    return mdb__result_new_shaped (res, &stmt->shape);
  result = mdb__result_new (res);
  mdb__result_shape_remember (&stmt->shape, result);
  return result;
}

/* Runs @sql once; *@used is the cached statement it reused (NULL when it
 * was prepared now or not at all), *@ran the statement it ran. */
static PGresult *
exec_once (MdbConn *conn, const char *sql, gboolean sql_static, const MdbParams *params,
           MdbStmt **used, MdbStmt **ran, GError **error)
{
  MdbParamArrays p;
  MdbStmt *stmt;

  mdb__params_arrays (params, &p);
  *used = NULL;
  *ran = NULL;
  if (conn->capacity == 0)
    {
      mdb__conn_count (conn, 1, 1);
      return PQexecParams (conn->pg, sql, p.n, p.types, p.values, p.lengths, p.formats, 1);
    }
  stmt = mdb__stmt_cache_lookup (conn, sql, sql_static, p.n, p.types);
  if (stmt != NULL)
    *used = stmt;
  else if ((stmt = mdb__stmt_cache_prepare (conn, sql, p.n, p.types, error)) == NULL)
    return NULL;
  *ran = stmt;
  mdb__conn_count (conn, 1, 1);
  return PQexecPrepared (conn->pg, stmt->name, p.n, p.values, p.lengths, p.formats, 1);
}

/* Runs the statement, once more after a stale cached plan; the successful
 * result, or NULL with @error set.  Inlined: it is every call's hot path. */
G_ALWAYS_INLINE static inline PGresult *
exec_statement (MdbConn *conn, const char *sql, gboolean sql_static, const MdbParams *params,
                MdbStmt **ran, GError **error)
{
  PGresult *res;
  MdbStmt *stmt;
  gboolean deallocate;

  res = exec_once (conn, sql, sql_static, params, &stmt, ran, error);
  if (res != NULL && !result_ok (res) && stmt != NULL
      && mdb__result_is_stale_statement (res, &deallocate)
      && PQtransactionStatus (conn->pg) == PQTRANS_IDLE)
    {
      PQclear (res);
      mdb__stmt_cache_drop (conn, stmt, deallocate);
      res = exec_once (conn, sql, sql_static, params, &stmt, ran, error);
    }
  if (res == NULL && error != NULL && *error != NULL)
    return NULL;
  if (res == NULL || !result_ok (res))
    {
      mdb__conn_set_error (conn, res, NULL, error);
      PQclear (res);
      return NULL;
    }
  return res;
}

/* exec_statement() timed, for the pool's observer and slow-statement log. */
static PGresult *
exec_observed (MdbConn *conn, const char *sql, gboolean sql_static, const MdbParams *params,
               MdbStmt **ran, GError **error)
{
  GError *local = NULL;
  gint64 start = mdb__observe_clock (conn);
  PGresult *res = exec_statement (conn, sql, sql_static, params, ran, &local);

  mdb__observe_statement (conn, sql, mdb__observe_clock (conn) - start, res, local);
  if (local != NULL)
    g_propagate_error (error, local);
  return res;
}

/**
 * mdb_conn_exec:
 * @conn: a connection
 * @sql: one SQL statement with `$1`… placeholders
 * @params: (nullable): its parameters
 * @error: return location for a #GError
 *
 * Runs one statement, preparing it once per connection and reusing the
 * prepared statement on later calls (an LRU cache, see
 * mdb_conn_set_statement_cache_capacity()).  Results are in binary format.
 * A cached statement the server rejects as stale is prepared again once,
 * outside a transaction.
 *
 * Sets %MDB_ERROR_INVALID_INPUT for a bad parameter (nothing is sent),
 * %MDB_ERROR_CONNECT when the connection is lost, and a server code
 * (%MDB_ERROR_SERVER, %MDB_ERROR_UNIQUE_VIOLATION, …) when the server
 * rejects the statement.
 *
 * Returns: (transfer full) (nullable): the result
 * Since: 0.1
 */
MdbResult *
mdb_conn_exec (MdbConn *conn, const char *sql, const MdbParams *params, GError **error)
{
  return mdb__conn_exec (conn, sql, FALSE, params, error);
}

MdbResult *
mdb__conn_exec (MdbConn *conn, const char *sql, gboolean sql_static, const MdbParams *params,
                GError **error)
{
  PGresult *res;
  MdbStmt *ran = NULL;

  g_return_val_if_fail (conn != NULL && conn->parent.kind == MDB__EXECUTOR_CONN, NULL);
  g_return_val_if_fail (sql != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (params != NULL && !mdb_params_check (params, error))
    return NULL;
  if (G_LIKELY (conn->observe == NULL))
    res = exec_statement (conn, sql, sql_static, params, &ran, error);
  else
    res = exec_observed (conn, sql, sql_static, params, &ran, error);
  return res != NULL ? wrap_result (res, ran) : NULL;
}

/**
 * mdb_conn_exec_script:
 * @conn: a connection
 * @sql: one or more SQL statements separated by `;`, without parameters
 * @error: return location for a #GError
 *
 * Sends @sql as a simple query and waits for every result.  Meant for DDL,
 * migrations and SET; nothing is cached.
 *
 * Sets %MDB_ERROR_CONNECT or a server code as mdb_conn_exec() does.
 *
 * Returns: %TRUE when every statement succeeded
 * Since: 0.1
 */
gboolean
mdb_conn_exec_script (MdbConn *conn, const char *sql, GError **error)
{
  PGresult *res;
  gboolean ok = TRUE;

  g_return_val_if_fail (conn != NULL && conn->parent.kind == MDB__EXECUTOR_CONN, FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!PQsendQuery (conn->pg, sql))
    {
      mdb__set_error_from_conn (error, conn->pg, MDB_ERROR_CONNECT, NULL);
      return FALSE;
    }
  mdb__conn_count (conn, 1, 0);
  /* Read to the end even after a failure so the connection stays usable. */
  while ((res = PQgetResult (conn->pg)) != NULL)
    {
      conn->statements++;
      if (ok && !result_ok (res))
        {
          mdb__conn_set_error (conn, res, NULL, error);
          ok = FALSE;
        }
      PQclear (res);
    }
  return ok;
}

/**
 * mdb_conn_set_statement_cache_capacity:
 * @conn: a connection
 * @capacity: how many prepared statements to keep; 0 turns the cache off
 *
 * Sets the statement cache size (default 100).  With 0 every statement is
 * sent unnamed, as PgBouncer's transaction mode needs.  Statements over the
 * new capacity are deallocated.
 *
 * Since: 0.1
 */
void
mdb_conn_set_statement_cache_capacity (MdbConn *conn, guint capacity)
{
  g_return_if_fail (conn != NULL && conn->parent.kind == MDB__EXECUTOR_CONN);

  conn->capacity = capacity;
  while (conn->lru.length > capacity)
    mdb__stmt_cache_drop (conn, g_queue_peek_tail (&conn->lru), TRUE);
}

/**
 * mdb_conn_get_statement_cache_hits:
 * @conn: a connection
 *
 * Returns: how many statements ran from the cache since the connection opened
 * Since: 0.1
 */
guint64
mdb_conn_get_statement_cache_hits (const MdbConn *conn)
{
  g_return_val_if_fail (conn != NULL, 0);
  return conn->hits;
}

/**
 * mdb_conn_get_statement_cache_misses:
 * @conn: a connection
 *
 * Returns: how many statements had to be prepared since the connection opened
 * Since: 0.1
 */
guint64
mdb_conn_get_statement_cache_misses (const MdbConn *conn)
{
  g_return_val_if_fail (conn != NULL, 0);
  return conn->misses;
}

/**
 * mdb_conn_in_transaction:
 * @conn: a connection
 *
 * Returns: %TRUE inside a transaction block, also a failed one
 * Since: 0.1
 */
gboolean
mdb_conn_in_transaction (const MdbConn *conn)
{
  PGTransactionStatusType status;

  g_return_val_if_fail (conn != NULL, FALSE);
  status = PQtransactionStatus (conn->pg);
  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR;
}

/**
 * mdb_conn_is_broken:
 * @conn: a connection
 *
 * Returns: %TRUE when libpq knows the connection is lost
 * Since: 0.1
 */
gboolean
mdb_conn_is_broken (const MdbConn *conn)
{
  g_return_val_if_fail (conn != NULL, TRUE);
  return PQstatus (conn->pg) != CONNECTION_OK;
}

/**
 * mdb_conn_get_backend_pid:
 * @conn: a connection
 *
 * Returns: the process id of the server backend, 0 when not connected
 * Since: 0.1
 */
int
mdb_conn_get_backend_pid (const MdbConn *conn)
{
  g_return_val_if_fail (conn != NULL, 0);
  return PQbackendPID (conn->pg);
}

/**
 * mdb_conn_get_pg_conn:
 * @conn: a connection
 *
 * Gives raw libpq access.  Leave the connection as you found it: idle, not
 * in pipeline mode, no results pending.
 *
 * Returns: (transfer none): the underlying `PGconn *`
 * Since: 0.1
 */
gpointer
mdb_conn_get_pg_conn (MdbConn *conn)
{
  g_return_val_if_fail (conn != NULL, NULL);
  return conn->pg;
}
