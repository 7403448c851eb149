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

/* Typed conversions: only a pool, a connection or an executor converts, so
 * MDB_EXECUTOR (some_other_pointer) is a compile error (tests/abi). */
static inline MdbExecutor *mdb_executor_from_pool (MdbPool *pool) { return (MdbExecutor *) (void *) pool; }
static inline MdbExecutor *mdb_executor_from_conn (MdbConn *conn) { return (MdbExecutor *) (void *) conn; }
static inline MdbExecutor *mdb_executor_identity  (MdbExecutor *executor) { return executor; }

#define MDB_EXECUTOR(obj) \
  _Generic ((obj), MdbPool *: mdb_executor_from_pool, \
                   MdbConn *: mdb_executor_from_conn, \
                   MdbExecutor *: mdb_executor_identity) (obj)

/* Runs one statement.  On a pool it borrows a connection for the call. */
MDB_AVAILABLE_IN_0_1
MdbResult *mdb_exec (MdbExecutor *executor, const char *sql, const MdbParams *params, GError **error);
MDB_AVAILABLE_IN_0_1
MdbResult *mdb_exec_static (MdbExecutor *executor, const char *sql, const MdbParams *params, GError **error);
/* mdb_conn_exec_pipeline() on the executor's connection. */
MDB_AVAILABLE_IN_0_1
GPtrArray *mdb_exec_pipeline (MdbExecutor *executor, guint n, const char *const *sqls,
                              MdbParams *const *params, GError **error);

/* Acquire the connection behind an executor: for a connection, itself; for a
 * pool, one acquired from it.  Always give it back with
 * mdb_executor_release_conn(). */
MDB_AVAILABLE_IN_0_1
MdbConn   *mdb_executor_acquire_conn (MdbExecutor *executor, GError **error);
MDB_AVAILABLE_IN_0_1
void       mdb_executor_release_conn (MdbExecutor *executor, MdbConn *conn);

/* An executor (owned by @pool) that runs statements on a read replica,
 * round-robin, or on the primary when none is up.  For reads only. */
MDB_AVAILABLE_IN_0_1
MdbExecutor *mdb_pool_get_reader (MdbPool *pool);

G_END_DECLS
