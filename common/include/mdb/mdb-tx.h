/* SPDX-License-Identifier: MIT */
/* mdb-tx.h: transactions, savepoints and a retrying transaction helper. */
#pragma once
#if !defined(MDB_INSIDE) && !defined(MDB_COMPILATION)
# error "Include <mdb/mdb.h>, not this file."
#endif
#include <glib.h>
#include <mdb/mdb-version.h>
#include <mdb/mdb-conn.h>
#include <mdb/mdb-pool.h>
#include <mdb/mdb-executor.h>

G_BEGIN_DECLS

typedef enum {
  MDB_ISOLATION_DEFAULT,
  MDB_ISOLATION_READ_COMMITTED,
  MDB_ISOLATION_REPEATABLE_READ,
  MDB_ISOLATION_SERIALIZABLE,
} MdbIsolation;

MDB_AVAILABLE_IN_0_1
gboolean mdb_conn_begin    (MdbConn *conn, MdbIsolation isolation, GError **error);
MDB_AVAILABLE_IN_0_1
gboolean mdb_conn_commit   (MdbConn *conn, GError **error);
MDB_AVAILABLE_IN_0_1
gboolean mdb_conn_rollback (MdbConn *conn, GError **error);
/* Savepoint names must be SQL identifiers ([a-z_][a-z0-9_]*), else
 * MDB_ERROR_INVALID_INPUT. */
MDB_AVAILABLE_IN_0_1
gboolean mdb_conn_savepoint             (MdbConn *conn, const char *name, GError **error);
MDB_AVAILABLE_IN_0_1
gboolean mdb_conn_rollback_to_savepoint (MdbConn *conn, const char *name, GError **error);
MDB_AVAILABLE_IN_0_1
gboolean mdb_conn_release_savepoint     (MdbConn *conn, const char *name, GError **error);

/* Body of a transaction: return FALSE with @error set to roll back. */
typedef gboolean (*MdbTxFunc) (MdbConn *conn, gpointer user_data, GError **error);

/* Borrows a connection, runs @func inside BEGIN … COMMIT and gives it back.
 * A serialization failure (40001) or deadlock (40P01), from @func or from
 * COMMIT, rolls back and runs @func again, up to @max_attempts times in all
 * (0 = 3), with a short randomized backoff.  Any other error rolls back and
 * is returned. */
MDB_AVAILABLE_IN_0_1
gboolean mdb_pool_run_in_transaction (MdbPool *pool, MdbIsolation isolation, guint max_attempts,
                                      MdbTxFunc func, gpointer user_data, GError **error);

/* Runs @func atomically on any executor, joining the caller's transaction:
 * a pool or an idle connection begins, commits and retries as above; a
 * connection already in a transaction runs @func in a SAVEPOINT and leaves
 * the commit (and any retry) to the caller.  Multi-statement operations of
 * the client libraries go through this. */
MDB_AVAILABLE_IN_0_1
gboolean mdb_run_in_transaction (MdbExecutor *executor, MdbIsolation isolation, guint max_attempts,
                                 MdbTxFunc func, gpointer user_data, GError **error);

G_END_DECLS
