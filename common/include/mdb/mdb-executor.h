/* SPDX-License-Identifier: MIT */
/* mdb-executor.h: run a statement on a pool or on a held connection alike. */
#pragma once
#if !defined(MDB_INSIDE) && !defined(MDB_COMPILATION)
# error "Include <mdb/mdb.h>, not this file."
#endif
#include <glib.h>
#include <mdb/mdb-version.h>
#include <mdb/mdb-error.h>
#include <mdb/mdb-params.h>
#include <mdb/mdb-result.h>
#include <mdb/mdb-conn.h>
#include <mdb/mdb-pool.h>

G_BEGIN_DECLS

/* An executor is an MdbPool or an MdbConn (usually one held in a
 * transaction), like SQLx's Executor: every query function takes one, so the
 * same function serves both.  MDB_EXECUTOR() converts either; the handle
 * remembers which it is.  Thread-safety is that of the object behind it. */
typedef struct _MdbExecutor MdbExecutor;

#define MDB_EXECUTOR(obj) ((MdbExecutor *) (obj))

/* Runs one statement.  On a pool it borrows a connection for the call. */
MDB_AVAILABLE_IN_0_1
MdbResult *mdb_exec (MdbExecutor *executor, const char *sql, const MdbParams *params, GError **error);
/* mdb_conn_exec_pipeline() on the executor's connection. */
MDB_AVAILABLE_IN_0_1
GPtrArray *mdb_exec_pipeline (MdbExecutor *executor, guint n, const char *const *sqls,
                              MdbParams *const *params, GError **error);

/* Borrow the connection behind an executor: for a connection, itself; for a
 * pool, an acquired one.  Always pair with mdb_executor_put_conn(). */
MDB_AVAILABLE_IN_0_1
MdbConn   *mdb_executor_get_conn (MdbExecutor *executor, GError **error);
MDB_AVAILABLE_IN_0_1
void       mdb_executor_put_conn (MdbExecutor *executor, MdbConn *conn);

/* An executor (owned by @pool) that runs statements on a read replica,
 * round-robin, or on the primary when none is up.  For reads only. */
MDB_AVAILABLE_IN_0_1
MdbExecutor *mdb_pool_get_reader (MdbPool *pool);

G_END_DECLS
