/* SPDX-License-Identifier: MIT */
/* mdb-observe.h: round trips, a statement observer and a slow-statement log. */
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

/* Traffic counters, since the connection opened.  A round trip is each wait
 * for the server's answer (a statement, a prepare, a pipeline, a COPY start
 * or end, a ping, a rollback at release); statements count what ran. */
MDB_AVAILABLE_IN_0_1
guint64 mdb_conn_get_round_trips (const MdbConn *conn);
MDB_AVAILABLE_IN_0_1
guint64 mdb_conn_get_statements  (const MdbConn *conn);
/* The same for any executor: a connection's own counters, or a pool's
 * totals (MDB_POOL_STAT_ROUND_TRIPS / _STATEMENTS, which count a borrowed
 * connection's traffic when it is released), or for a reader its pool's. */
MDB_AVAILABLE_IN_0_1
guint64 mdb_executor_get_round_trips (MdbExecutor *executor);
MDB_AVAILABLE_IN_0_1
guint64 mdb_executor_get_statements  (MdbExecutor *executor);

/* Opaque; valid only during the observer call. */
typedef struct _MdbStatementEvent MdbStatementEvent;

/* Called after each statement a pool's connection ran with mdb_exec() or
 * mdb_conn_exec() (every generated query) and after each statement of a
 * pipeline, on the thread that ran it: it must be thread-safe and quick. */
typedef void (*MdbStatementObserver) (const MdbStatementEvent *event, gpointer user_data);

/* The statement text with $N placeholders; parameter values never appear. */
MDB_AVAILABLE_IN_0_1
const char   *mdb_statement_event_get_sql           (const MdbStatementEvent *event);
/* Wall time from sending to the last result (a pipeline's statements share
 * the pipeline's time). */
MDB_AVAILABLE_IN_0_1
gint64        mdb_statement_event_get_duration_usec (const MdbStatementEvent *event);
/* Rows returned, or affected by INSERT/UPDATE/DELETE; -1 when it failed. */
MDB_AVAILABLE_IN_0_1
gint64        mdb_statement_event_get_rows          (const MdbStatementEvent *event);
/* NULL when it succeeded; borrowed. */
MDB_AVAILABLE_IN_0_1
const GError *mdb_statement_event_get_error         (const MdbStatementEvent *event);

/* Observer for every connection of the pool (and its replicas' pools).
 * @user_data must outlive the pool. [none] */
MDB_AVAILABLE_IN_0_1
void mdb_pool_config_set_statement_observer (MdbPoolConfig *config, MdbStatementObserver observer,
                                             gpointer user_data);
/* Statements slower than this are logged through GLib's structured log
 * (domain "mdb", level MESSAGE) with their SQL, never parameter values;
 * 0 turns the log off. [0: off] */
MDB_AVAILABLE_IN_0_1
void mdb_pool_config_set_slow_statement_threshold (MdbPoolConfig *config, gint64 usec);

G_END_DECLS
