/* SPDX-License-Identifier: MIT */
/* Pipelined batches: many statements, one round trip, one implicit transaction. */
#include "conn-private.h"

static gboolean
check_params (guint n, MdbParams *const *params, GError **error)
{
  guint i;

  for (i = 0; params != NULL && i < n; i++)
    if (params[i] != NULL && !mdb_params_check (params[i], error))
      {
        g_prefix_error (error, "pipeline statement %u: ", i);
        return FALSE;
      }
  return TRUE;
}

/* Unnamed statements: a cached name could be half-created when the batch
 * aborts, and Parse costs no extra round trip here. */
static gboolean
send_all (MdbConn *conn, guint n, const char *const *sqls, MdbParams *const *params)
{
  guint i;

  for (i = 0; i < n; i++)
    {
      const MdbParams *p = params ? params[i] : NULL;
      int np = p ? (int) mdb_params_get_length (p) : 0;

      if (!PQsendQueryParams (conn->pg, sqls[i], np,
                              np ? mdb_params_get_types (p) : NULL,
                              np ? mdb_params_get_values (p) : NULL,
                              np ? mdb_params_get_lengths (p) : NULL,
                              np ? mdb_params_get_formats (p) : NULL, 1))
        return FALSE;
    }
  return PQpipelineSync (conn->pg) == 1;
}

/* Reads every result up to the sync.  results[i] gets statement i's first
 * result; *failed is the index of the first failed statement (or n). */
static void
collect (MdbConn *conn, guint n, PGresult **results, guint *failed)
{
  guint i = 0;
  gboolean have = FALSE;
  PGresult *res;

  *failed = n;
  for (;;)
    {
      res = PQgetResult (conn->pg);
      if (res == NULL)
        {
          /* A lost connection sends nothing more, not even the sync. */
          if (PQstatus (conn->pg) == CONNECTION_BAD)
            {
              *failed = MIN (*failed, MIN (i, n - 1));
              return;
            }
          i++;
          have = FALSE;
          continue;
        }
      if (PQresultStatus (res) == PGRES_PIPELINE_SYNC)
        {
          PQclear (res);
          return;
        }
      if (i < n && !have)
        {
          results[i] = res;
          have = TRUE;
          if (*failed == n && PQresultStatus (res) != PGRES_TUPLES_OK
              && PQresultStatus (res) != PGRES_COMMAND_OK
              && PQresultStatus (res) != PGRES_EMPTY_QUERY)
            *failed = i;
        }
      else
        PQclear (res);
    }
}

static GPtrArray *
wrap_results (guint n, PGresult **results)
{
  GPtrArray *array = g_ptr_array_new_full (n, (GDestroyNotify) mdb_result_free);
  guint i;

  for (i = 0; i < n; i++)
    g_ptr_array_add (array, mdb__result_new (results[i]));
  return array;
}

static void
set_pipeline_error (MdbConn *conn, guint n, PGresult **results, guint failed, GError **error)
{
  g_autofree char *context = g_strdup_printf ("pipeline statement %u of %u", failed, n);
  const PGresult *res = failed < n ? results[failed] : NULL;

  /* A statement skipped because an earlier one failed is not the culprit. */
  if (res != NULL && PQresultStatus (res) == PGRES_PIPELINE_ABORTED)
    res = NULL;
  mdb__conn_set_error (conn, res, context, error);
}

/**
 * mdb_conn_exec_pipeline:
 * @conn: a connection, not in a failed transaction
 * @n: number of statements
 * @sqls: (array length=n): the statements, one each
 * @params: (nullable) (array length=n): their parameters (entries may be %NULL)
 * @error: return location for a #GError
 *
 * Sends @n statements in pipeline mode with one sync at the end: one round
 * trip and, outside a transaction block, one implicit transaction, so either
 * every statement takes effect or none does.  The connection is usable
 * afterwards either way.
 *
 * Sets %MDB_ERROR_INVALID_INPUT for a bad parameter (nothing is sent), the
 * failing statement's server code with "pipeline statement I of N" in the
 * message, or %MDB_ERROR_CONNECT.
 *
 * Returns: (transfer full) (nullable) (element-type MdbResult): @n results, in order
 * Since: 0.1
 */
GPtrArray *
mdb_conn_exec_pipeline (MdbConn *conn, guint n, const char *const *sqls,
                        MdbParams *const *params, GError **error)
{
  g_autofree PGresult **results = NULL;
  GError *local = NULL;
  guint failed, i;

  g_return_val_if_fail (conn != NULL && conn->parent.kind == MDB__EXECUTOR_CONN, NULL);
  g_return_val_if_fail (n == 0 || sqls != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_params (n, params, error))
    return NULL;
  if (n == 0)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) mdb_result_free);
  if (!PQenterPipelineMode (conn->pg))
    {
      mdb__set_error_from_conn (error, conn->pg, MDB_ERROR_CONNECT, "pipeline");
      return NULL;
    }
  results = g_new0 (PGresult *, n);
  if (!send_all (conn, n, sqls, params))
    mdb__set_error_from_conn (&local, conn->pg, MDB_ERROR_CONNECT, "pipeline");
  else
    {
      collect (conn, n, results, &failed);
      if (failed < n)
        set_pipeline_error (conn, n, results, failed, &local);
    }
  PQexitPipelineMode (conn->pg);
  if (local != NULL)
    {
      for (i = 0; i < n; i++)
        PQclear (results[i]);
      g_propagate_error (error, local);
      return NULL;
    }
  return wrap_results (n, results);
}
