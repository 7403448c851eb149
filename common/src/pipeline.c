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

/* A statement this batch prepares: recorded in the cache only when its
 * Parse succeeded, since the server keeps those even if the batch aborts. */
typedef struct {
  char           name[24];
  const char    *sql;
  int            n_params;
  const guint32 *types;
  guint          owner;  /* the first statement that uses it */
  gboolean       ok;
} Pending;

/* One run of a batch.  Each slot is one result stream in send order:
 * statement i is slot value i, the Parse of pending k is -(k + 1). */
typedef struct {
  guint               n;
  const char *const  *sqls;
  MdbParams *const   *params;
  Pending            *pending;
  guint               n_pending;
  int                *slots;
  guint               n_slots;
  MdbStmt           **hit;   /* per statement: the cached statement it ran, or NULL */
  PGresult          **results;
} Batch;

static void
batch_init (Batch *b, guint n, const char *const *sqls, MdbParams *const *params)
{
  b->n = n;
  b->sqls = sqls;
  b->params = params;
  b->pending = g_new0 (Pending, n);
  b->n_pending = 0;
  b->slots = g_new (int, 2 * n);
  b->n_slots = 0;
  b->hit = g_new0 (MdbStmt *, n);
  b->results = g_new0 (PGresult *, n);
}

static void
batch_clear (Batch *b)
{
  guint i;

  for (i = 0; i < b->n; i++)
    PQclear (b->results[i]);
  g_free (b->pending);
  g_free (b->slots);
  g_free (b->hit);
  g_free (b->results);
}

static gboolean
same_types (int n1, const guint32 *t1, int n2, const guint32 *t2)
{
  return n1 == n2 && (n1 == 0 || memcmp (t1, t2, n1 * sizeof (guint32)) == 0);
}

/* The prepared statement statement @i runs: cached, prepared earlier in this
 * batch, or prepared now (its Parse queued ahead of it). */
static const char *
statement_name (MdbConn *conn, Batch *b, guint i, int np, const guint32 *types)
{
  Pending *p;
  guint k;

  if ((b->hit[i] = mdb__stmt_cache_lookup (conn, b->sqls[i], FALSE, np, types)) != NULL)
    return b->hit[i]->name;
  for (k = 0; k < b->n_pending; k++)
    if (strcmp (b->pending[k].sql, b->sqls[i]) == 0
        && same_types (b->pending[k].n_params, b->pending[k].types, np, types))
      return b->pending[k].name;

  p = &b->pending[b->n_pending];
  conn->misses++;
  mdb__stmt_cache_new_name (conn, p->name);
  p->sql = b->sqls[i];
  p->n_params = np;
  p->types = types;
  p->owner = i;
  if (!PQsendPrepare (conn->pg, p->name, p->sql, np, types))
    return NULL;
  b->slots[b->n_slots++] = -(int) ++b->n_pending;
  return p->name;
}

/* With the cache off (PgBouncer) every statement goes unnamed. */
static gboolean
send_all (MdbConn *conn, Batch *b)
{
  guint i;

  for (i = 0; i < b->n; i++)
    {
      const MdbParams *p = b->params ? b->params[i] : NULL;
      MdbParamArrays a;
      const char *name = NULL;
      int sent;

      mdb__params_arrays (p, &a);
      if (conn->capacity > 0
          && (name = statement_name (conn, b, i, a.n, a.types)) == NULL)
        return FALSE;
      if (name != NULL)
        sent = PQsendQueryPrepared (conn->pg, name, a.n, a.values, a.lengths, a.formats, 1);
      else
        sent = PQsendQueryParams (conn->pg, b->sqls[i], a.n, a.types, a.values,
                                  a.lengths, a.formats, 1);
      if (!sent)
        return FALSE;
      b->slots[b->n_slots++] = (int) i;
    }
  return PQpipelineSync (conn->pg) == 1;
}

static gboolean
status_ok (const PGresult *res)
{
  ExecStatusType status = PQresultStatus (res);

  return status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK
    || status == PGRES_EMPTY_QUERY;
}

static guint
slot_statement (const Batch *b, guint s)
{
  if (s >= b->n_slots)
    return b->n - 1;
  return b->slots[s] >= 0 ? (guint) b->slots[s] : b->pending[-b->slots[s] - 1].owner;
}

/* A failed Parse stands for its statement: its error is the one to report. */
static void
take_result (Batch *b, guint s, PGresult *res, guint *failed)
{
  guint i = slot_statement (b, s);
  gboolean ok = status_ok (res);

  if (b->slots[s] < 0)
    b->pending[-b->slots[s] - 1].ok = PQresultStatus (res) == PGRES_COMMAND_OK;
  if (*failed == b->n && !ok)
    *failed = i;
  if (b->results[i] == NULL && (b->slots[s] >= 0 || !ok))
    b->results[i] = res;
  else
    PQclear (res);
}

/* Reads every result up to the sync; *failed is the index of the first
 * failed statement (or n). */
static void
collect (MdbConn *conn, Batch *b, guint *failed)
{
  guint s = 0;
  gboolean have = FALSE;
  PGresult *res;

  *failed = b->n;
  for (;;)
    {
      res = PQgetResult (conn->pg);
      if (res == NULL)
        {
          /* A lost connection sends nothing more, not even the sync. */
          if (PQstatus (conn->pg) == CONNECTION_BAD)
            {
              *failed = MIN (*failed, slot_statement (b, s));
              return;
            }
          s++;
          have = FALSE;
          continue;
        }
      if (PQresultStatus (res) == PGRES_PIPELINE_SYNC)
        {
          PQclear (res);
          return;
        }
      if (s < b->n_slots && !have)
        {
          have = TRUE;
          take_result (b, s, res, failed);
        }
      else
        PQclear (res);
    }
}

/* Runs after pipeline mode ends: evictions may DEALLOCATE. */
static void
record_prepared (MdbConn *conn, const Batch *b)
{
  guint k;

  if (PQstatus (conn->pg) == CONNECTION_BAD)
    return;
  for (k = 0; k < b->n_pending; k++)
    if (b->pending[k].ok)
      mdb__stmt_cache_add (conn, b->pending[k].name, b->pending[k].sql,
                           b->pending[k].n_params, b->pending[k].types);
}

/* A cached statement the server no longer knows failed the whole batch,
 * which therefore changed nothing: forget it so a rerun prepares it again. */
static gboolean
drop_stale_hit (MdbConn *conn, const Batch *b, guint failed)
{
  gboolean deallocate;

  if (failed >= b->n || b->hit[failed] == NULL || b->results[failed] == NULL
      || !mdb__result_is_stale_statement (b->results[failed], &deallocate)
      || PQtransactionStatus (conn->pg) != PQTRANS_IDLE)
    return FALSE;
  mdb__stmt_cache_drop (conn, b->hit[failed], deallocate);
  return TRUE;
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

/* One round of the batch; FALSE (with @error) when it could not be sent. */
static gboolean
run_batch (MdbConn *conn, Batch *b, guint *failed, GError **error)
{
  gboolean sent;

  if (!PQenterPipelineMode (conn->pg))
    {
      mdb__set_error_from_conn (error, conn->pg, MDB_ERROR_CONNECT, "pipeline");
      return FALSE;
    }
  sent = send_all (conn, b);
  mdb__conn_count (conn, 1, b->n);
  if (!sent)
    mdb__set_error_from_conn (error, conn->pg, MDB_ERROR_CONNECT, "pipeline");
  else
    collect (conn, b, failed);
  PQexitPipelineMode (conn->pg);
  return sent;
}

/* The batch, run again after a stale cached statement failed it. */
static GPtrArray *
run_pipeline (MdbConn *conn, guint n, const char *const *sqls,
              MdbParams *const *params, GError **error)
{
  GPtrArray *array;
  Batch b;
  guint failed;
  gboolean retry;

  do
    {
      batch_init (&b, n, sqls, params);
      if (!run_batch (conn, &b, &failed, error))
        {
          batch_clear (&b);
          return NULL;
        }
      /* Before recording, whose evictions may free the statements in b.hit. */
      retry = failed < n && drop_stale_hit (conn, &b, failed);
      record_prepared (conn, &b);
      if (failed < n && !retry)
        set_pipeline_error (conn, n, b.results, failed, error);
      if (failed < n)
        batch_clear (&b);
    }
  while (retry);
  if (failed < n)
    return NULL;
  array = wrap_results (n, b.results);
  memset (b.results, 0, n * sizeof (PGresult *));
  batch_clear (&b);
  return array;
}

/* run_pipeline() timed, for the pool's observer and slow-statement log.
 * The statements share the pipeline's time; when it failed, none took
 * effect, so each is reported with the error. */
static GPtrArray *
run_observed (MdbConn *conn, guint n, const char *const *sqls,
              MdbParams *const *params, GError **error)
{
  GError *local = NULL;
  gint64 start = mdb__observe_clock (conn);
  GPtrArray *array = run_pipeline (conn, n, sqls, params, &local);
  gint64 duration = mdb__observe_clock (conn) - start;
  guint i;

  for (i = 0; i < n; i++)
    mdb__observe_statement (conn, sqls[i], duration,
                            array ? mdb_result_get_pg_result (g_ptr_array_index (array, i)) : NULL, local);
  if (local != NULL)
    g_propagate_error (error, local);
  return array;
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
 * afterwards either way.  Statements use the connection's statement cache
 * as mdb_conn_exec() does: each distinct uncached text is prepared once in
 * the same round trip (unnamed when the cache is off); a stale cached
 * statement is forgotten and the batch run again.
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
  g_return_val_if_fail (conn != NULL && conn->parent.kind == MDB__EXECUTOR_CONN, NULL);
  g_return_val_if_fail (n == 0 || sqls != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_params (n, params, error))
    return NULL;
  if (n == 0)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) mdb_result_free);
  if (G_LIKELY (conn->observe == NULL))
    return run_pipeline (conn, n, sqls, params, error);
  return run_observed (conn, n, sqls, params, error);
}
