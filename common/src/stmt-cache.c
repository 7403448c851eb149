/* SPDX-License-Identifier: MIT */
/* Per-connection LRU cache of server-side prepared statements. */
#include "conn-private.h"

static void
stmt_free (MdbStmt *stmt)
{
  g_free (stmt->sql);
  g_free (stmt->types);
  g_free (stmt);
}

void
mdb__stmt_cache_init (MdbConn *conn, guint capacity)
{
  /* The key is the statement's own sql field: freed with the value. */
  conn->stmts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                       (GDestroyNotify) stmt_free);
  g_queue_init (&conn->lru);
  conn->capacity = capacity;
}

/* Forgets every statement; the server forgets them when the connection closes. */
void
mdb__stmt_cache_clear (MdbConn *conn)
{
  g_queue_init (&conn->lru);
  g_hash_table_remove_all (conn->stmts);
}

static gboolean
types_equal (const MdbStmt *stmt, int n_params, const guint32 *types)
{
  if (stmt->n_params != n_params)
    return FALSE;
  return n_params == 0 || memcmp (stmt->types, types, n_params * sizeof (guint32)) == 0;
}

MdbStmt *
mdb__stmt_cache_lookup (MdbConn *conn, const char *sql, int n_params, const guint32 *types)
{
  MdbStmt *stmt = g_hash_table_lookup (conn->stmts, sql);

  /* Same text bound with other types (a NULL of unknown type, say) must not
   * reuse a plan that would read the binary values as the old types. */
  if (stmt == NULL || !types_equal (stmt, n_params, types))
    return NULL;
  g_queue_unlink (&conn->lru, &stmt->lru_link);
  g_queue_push_head_link (&conn->lru, &stmt->lru_link);
  conn->hits++;
  return stmt;
}

static gboolean
deallocate (MdbConn *conn, const char *name)
{
  char sql[48];
  PGresult *res;
  gboolean ok;

  g_snprintf (sql, sizeof sql, "DEALLOCATE %s", name);
  res = PQexec (conn->pg, sql);
  ok = PQresultStatus (res) == PGRES_COMMAND_OK;
  PQclear (res);
  return ok;
}

void
mdb__stmt_cache_drop (MdbConn *conn, MdbStmt *stmt, gboolean dealloc)
{
  /* A failed DEALLOCATE (aborted transaction, lost connection) only leaks a
   * name the server frees when the connection closes; names are never reused. */
  if (dealloc)
    deallocate (conn, stmt->name);
  g_queue_unlink (&conn->lru, &stmt->lru_link);
  g_hash_table_remove (conn->stmts, stmt->sql);
}

MdbStmt *
mdb__stmt_cache_prepare (MdbConn *conn, const char *sql, int n_params,
                         const guint32 *types, GError **error)
{
  MdbStmt *stmt, *old;
  PGresult *res;

  conn->misses++;
  stmt = g_new0 (MdbStmt, 1);
  g_snprintf (stmt->name, sizeof stmt->name, "mdb_s_%" G_GUINT64_FORMAT, conn->next_stmt_id++);
  res = PQprepare (conn->pg, stmt->name, sql, n_params, types);
  if (PQresultStatus (res) != PGRES_COMMAND_OK)
    {
      mdb__conn_set_error (conn, res, NULL, error);
      PQclear (res);
      g_free (stmt);
      return NULL;
    }
  PQclear (res);

  if ((old = g_hash_table_lookup (conn->stmts, sql)) != NULL)
    mdb__stmt_cache_drop (conn, old, TRUE);
  while (conn->lru.length >= conn->capacity && conn->lru.length > 0)
    mdb__stmt_cache_drop (conn, g_queue_peek_tail (&conn->lru), TRUE);

  stmt->sql = g_strdup (sql);
  stmt->types = g_memdup2 (types, n_params * sizeof (guint32));
  stmt->n_params = n_params;
  stmt->lru_link.data = stmt;
  g_queue_push_head_link (&conn->lru, &stmt->lru_link);
  g_hash_table_insert (conn->stmts, stmt->sql, stmt);
  return stmt;
}
