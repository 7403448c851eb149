/* SPDX-License-Identifier: MIT */
/* mdb-conn.h: one PostgreSQL connection with a prepared-statement cache. */
#pragma once
#if !defined(MDB_INSIDE) && !defined(MDB_COMPILATION)
# error "Include <mdb/mdb.h>, not this file."
#endif
#include <glib.h>
#include <mdb/mdb-version.h>
#include <mdb/mdb-error.h>
#include <mdb/mdb-params.h>
#include <mdb/mdb-result.h>
#include <mdb/mdb-conninfo.h>

G_BEGIN_DECLS

/* Opaque.  Not thread-safe: one thread uses a connection at a time (the
 * libpq rule for PGconn).  A connection from a pool goes back with
 * mdb_pool_release(); one from mdb_conn_new() is freed with mdb_conn_free(). */
typedef struct _MdbConn MdbConn;

/* Opens a connection outside any pool.  MDB_ERROR_CONNECT carries the
 * server's reason; the message never contains a password. */
MDB_AVAILABLE_IN_0_1
MdbConn    *mdb_conn_new  (const char *conninfo, GError **error);
MDB_AVAILABLE_IN_0_1
void        mdb_conn_free (MdbConn *conn);

/* Runs one statement with parameters (NULL = none), preparing it once per
 * connection and reusing the prepared statement afterwards (LRU cache).
 * Results come back in binary format.  Returns (transfer full) a result for
 * any statement that succeeded, NULL and an error otherwise. */
MDB_AVAILABLE_IN_0_1
MdbResult  *mdb_conn_exec        (MdbConn *conn, const char *sql, const MdbParams *params, GError **error);
/* Sends SQL text as a simple query: several statements, no parameters, no
 * cache.  For DDL, migrations and SET. */
MDB_AVAILABLE_IN_0_1
gboolean    mdb_conn_exec_script (MdbConn *conn, const char *sql, GError **error);

/* Runs @n statements in one pipeline (one round trip) and one implicit
 * transaction: if one fails, none takes effect and the error names its
 * index.  @params may be NULL, or hold @n entries (each may be NULL).
 * Returns (transfer full) an array of @n MdbResult. */
MDB_AVAILABLE_IN_0_1
GPtrArray  *mdb_conn_exec_pipeline (MdbConn *conn, guint n, const char *const *sqls,
                                    MdbParams *const *params, GError **error);

/* Statement cache size (default 100, 0 turns caching off: statements are
 * then prepared unnamed, as PgBouncer transaction mode needs). */
MDB_AVAILABLE_IN_0_1
void        mdb_conn_set_statement_cache_capacity (MdbConn *conn, guint capacity);
/* Statistics of the statement cache since the connection opened. */
MDB_AVAILABLE_IN_0_1
guint64     mdb_conn_get_statement_cache_hits   (const MdbConn *conn);
MDB_AVAILABLE_IN_0_1
guint64     mdb_conn_get_statement_cache_misses (const MdbConn *conn);

/* TRUE while the connection is inside a transaction block (also a failed one). */
MDB_AVAILABLE_IN_0_1
gboolean    mdb_conn_in_transaction (const MdbConn *conn);
/* TRUE when the socket is known to be broken. */
MDB_AVAILABLE_IN_0_1
gboolean    mdb_conn_is_broken      (const MdbConn *conn);
/* Server process id of the connection's backend. */
MDB_AVAILABLE_IN_0_1
int         mdb_conn_get_backend_pid (const MdbConn *conn);
/* The underlying PGconn (borrowed), for code that wants raw libpq. */
MDB_AVAILABLE_IN_0_1
gpointer    mdb_conn_get_pg_conn    (MdbConn *conn);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdbConn, mdb_conn_free)

G_END_DECLS
