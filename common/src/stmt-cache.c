/* SPDX-License-Identifier: MIT */
/* Per-connection LRU cache of server-side prepared statements. */
#include "conn-private.h"

static void
stmt_free (MdbStmt *stmt)
{
  g_free (stmt->sql);
  g_free (stmt->types);
  g_free (stmt->shape.types);
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
  memset (conn->by_pointer, 0, sizeof conn->by_pointer);
  g_queue_init (&conn->lru);
  g_hash_table_remove_all (conn->stmts);
}

static gboolean
types_equal (const MdbStmt *stmt, int n_params, const guint32 *types)
{
  if (stmt->n_params != n_params)
    return FALSE;
  /* A loop, not memcmp(): a statement has a few parameters, and this runs
   * on every call. */
  for (int i = 0; i < n_params; i++)
    if (stmt->types[i] != types[i])
      return FALSE;
  return TRUE;
}

static guint
pointer_slot (const char *sql)
{
  return (guint) (((guintptr) sql >> 3) % MDB__STMT_POINTER_SLOTS);
}

/* A pointer seen before names the same text only if the text cannot have
 * changed since: a static string (@sql_static), else compared again, since
 * a freed buffer's address comes back with other text in it. */
static MdbStmt *
find (MdbConn *conn, const char *sql, gboolean sql_static)
{
  guint slot = pointer_slot (sql);
  MdbStmt *stmt = conn->by_pointer[slot].stmt;

  if (conn->by_pointer[slot].sql == sql && stmt != NULL && (sql_static || strcmp (stmt->sql, sql) == 0))
    return stmt;
  stmt = g_hash_table_lookup (conn->stmts, sql);
  if (stmt != NULL)
    {
      conn->by_pointer[slot].sql = sql;
      conn->by_pointer[slot].stmt = stmt;
    }
  return stmt;
}

MdbStmt *
mdb__stmt_cache_lookup (MdbConn *conn, const char *sql, gboolean sql_static,
                        int n_params, const guint32 *types)
{
  MdbStmt *stmt = find (conn, sql, sql_static);

  /* Same text bound with other types (a NULL of unknown type, say) must not
   * reuse a plan that would read the binary values as the old types. */
  if (stmt == NULL || !types_equal (stmt, n_params, types))
    return NULL;
  /* A statement run over and over is already the most recent one. */
  if (conn->lru.head != &stmt->lru_link)
    {
      g_queue_unlink (&conn->lru, &stmt->lru_link);
      g_queue_push_head_link (&conn->lru, &stmt->lru_link);
    }
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
  mdb__conn_count (conn, 1, 0);
  ok = PQresultStatus (res) == PGRES_COMMAND_OK;
  PQclear (res);
  return ok;
}

void
mdb__stmt_cache_drop (MdbConn *conn, MdbStmt *stmt, gboolean dealloc)
{
  guint i;

  /* A failed DEALLOCATE (aborted transaction, lost connection) only leaks a
   * name the server frees when the connection closes; names are never reused. */
  if (dealloc)
    deallocate (conn, stmt->name);
  for (i = 0; i < MDB__STMT_POINTER_SLOTS; i++)
    if (conn->by_pointer[i].stmt == stmt)
      conn->by_pointer[i].stmt = NULL;
  g_queue_unlink (&conn->lru, &stmt->lru_link);
  g_hash_table_remove (conn->stmts, stmt->sql);
}

void
mdb__stmt_cache_new_name (MdbConn *conn, char name[24])
{
  g_snprintf (name, 24, "mdb_s_%" G_GUINT64_FORMAT, conn->next_stmt_id++);
}

MdbStmt *
mdb__stmt_cache_add (MdbConn *conn, const char *name, const char *sql,
                     int n_params, const guint32 *types)
{
  MdbStmt *stmt, *old;

  if ((old = g_hash_table_lookup (conn->stmts, sql)) != NULL)
    mdb__stmt_cache_drop (conn, old, TRUE);
  while (conn->lru.length >= conn->capacity && conn->lru.length > 0)
    mdb__stmt_cache_drop (conn, g_queue_peek_tail (&conn->lru), TRUE);

  stmt = g_new0 (MdbStmt, 1);
  g_strlcpy (stmt->name, name, sizeof stmt->name);
  stmt->sql = g_strdup (sql);
  stmt->types = g_memdup2 (types, n_params * sizeof (guint32));
  stmt->n_params = n_params;
  stmt->lru_link.data = stmt;
  g_queue_push_head_link (&conn->lru, &stmt->lru_link);
  g_hash_table_insert (conn->stmts, stmt->sql, stmt);
  return stmt;
}

MdbStmt *
mdb__stmt_cache_prepare (MdbConn *conn, const char *sql, int n_params,
                         const guint32 *types, GError **error)
{
  char name[24];
  PGresult *res;

  conn->misses++;
  mdb__stmt_cache_new_name (conn, name);
  res = PQprepare (conn->pg, name, sql, n_params, types);
  mdb__conn_count (conn, 1, 0);
  if (PQresultStatus (res) != PGRES_COMMAND_OK)
    {
      mdb__conn_set_error (conn, res, NULL, error);
      PQclear (res);
      return NULL;
    }
  PQclear (res);
  return mdb__stmt_cache_add (conn, name, sql, n_params, types);
}
