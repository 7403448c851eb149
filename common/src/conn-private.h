/* SPDX-License-Identifier: MIT */
/* conn-private.h: the insides of connections, the statement cache and the pool. */
#pragma once
#include <string.h>
#include "mdb-private.h"

G_BEGIN_DECLS

#define MDB__STMT_POINTER_SLOTS 16

/* One prepared statement of a connection's cache. */
typedef struct {
  char    *sql;          /* the key; owned */
  guint32 *types;        /* param type OIDs it was prepared with */
  int      n_params;
  GList    lru_link;     /* in MdbConn.lru, data = this; no allocation on a hit */
  MdbResultShape shape;  /* its results' column types, after the first */
  char     name[24];     /* "mdb_s_<n>" */
} MdbStmt;

struct _MdbConn {
  MdbExecutor parent;    /* kind = MDB__EXECUTOR_CONN */
  PGconn     *pg;

  /* statement cache (stmt-cache.c) */
  GHashTable *stmts;     /* sql -> MdbStmt (owned) */
  GQueue      lru;       /* head = most recently used */
  guint       capacity;
  guint64     next_stmt_id;
  /* Generated code passes the same static SQL pointer every call: a hit
   * here skips hashing the text (still compared, the pointer may be reused). */
  struct {
    const char *sql;
    MdbStmt    *stmt;
  } by_pointer[MDB__STMT_POINTER_SLOTS];
  guint64     hits;
  guint64     misses;

  /* traffic (observe.c): what this connection sent, for round-trip
   * assertions; pool.c adds what is new to the pool's totals at release */
  guint64     round_trips;      /* each wait for an answer of the server */
  guint64     statements;       /* statements run; prepares and pings are not */
  guint64     pooled_round_trips, pooled_statements;
  /* the pool's settings when it observes statements (observer or slow
   * log), else NULL: one test on the hot path */
  const MdbPoolConfig *observe;

  /* pool bookkeeping (pool.c); untouched for a standalone connection */
  MdbPool    *pool;
  GList       idle_link;        /* in MdbPool.idle, data = this */
  gint64      created_usec;
  gint64      expires_usec;     /* 0 = never */
  gint64      idle_since_usec;
  gboolean    borrowed;
};

/* conn.c */
MdbConn  *mdb__conn_new_from_pg  (PGconn *pg);
/* Turns a failed PGresult (or a lost connection) into @error. */
void      mdb__conn_set_error    (MdbConn *conn, const PGresult *res, const char *context, GError **error);

/* observe.c */
/* Sends the server's notices on @conn to GLib's log instead of stderr. */
void      mdb__conn_route_notices (MdbConn *conn);
/* Counts traffic on @conn (see MdbConn.round_trips). */
static inline void
mdb__conn_count (MdbConn *conn, guint round_trips, guint statements)
{
  conn->round_trips += round_trips;
  conn->statements += statements;
}
/* The clock for timing statements on @conn (which has conn->observe), in
 * microseconds. */
gint64    mdb__observe_clock     (const MdbConn *conn);
/* Tells @conn->observe's observer and slow log about one statement;
 * @result or @error says how it ended. */
void      mdb__observe_statement (MdbConn *conn, const char *sql, gint64 duration_usec,
                                  const PGresult *result, const GError *error);

/* stmt-cache.c */
void      mdb__stmt_cache_init   (MdbConn *conn, guint capacity);
void      mdb__stmt_cache_clear  (MdbConn *conn);
/* The cached statement for @sql prepared with @types, or NULL. */
/* mdb_conn_exec(); @sql_static as mdb_exec_static() promises. */
MdbResult *mdb__conn_exec (MdbConn *conn, const char *sql, gboolean sql_static,
                           const MdbParams *params, GError **error);

/* @sql_static: @sql is static storage whose text never changes (see
 * mdb_exec_static()), so a pointer seen before needs no comparison. */
MdbStmt  *mdb__stmt_cache_lookup (MdbConn *conn, const char *sql, gboolean sql_static,
                                  int n_params, const guint32 *types);
/* Prepares @sql on the server and caches it, evicting the least recently
 * used statement when full. */
MdbStmt  *mdb__stmt_cache_prepare (MdbConn *conn, const char *sql, int n_params,
                                   const guint32 *types, GError **error);
/* Fills @name with a statement name never used before on @conn. */
void      mdb__stmt_cache_new_name (MdbConn *conn, char name[24]);
/* Records @name, already prepared on the server, evicting as needed. */
MdbStmt  *mdb__stmt_cache_add    (MdbConn *conn, const char *name, const char *sql,
                                  int n_params, const guint32 *types);
/* TRUE when the server rejected a cached statement as stale; *deallocate
 * says whether the name still exists there. */
gboolean  mdb__result_is_stale_statement (const PGresult *res, gboolean *deallocate);
/* Forgets @stmt; @deallocate also drops it on the server. */
void      mdb__stmt_cache_drop   (MdbConn *conn, MdbStmt *stmt, gboolean deallocate);

G_END_DECLS

G_BEGIN_DECLS

struct _MdbPoolConfig {
  char    *conninfo;
  guint    max_size;
  guint    min_size;
  gint64   acquire_timeout_usec;
  gint64   idle_timeout_usec;
  gint64   max_lifetime_usec;
  double   lifetime_jitter;
  gint64   health_check_after_usec;
  gint64   backoff_initial_usec;
  gint64   backoff_max_usec;
  char    *after_connect_sql;
  guint    statement_timeout_msec;
  char    *application_name;
  gboolean application_name_set;   /* set explicitly: overrides the conninfo's */
  guint    statement_cache_capacity;
  gboolean pgbouncer_mode;
  GPtrArray *replicas;              /* conninfo strings (owned); NULL = none */
  MdbStatementObserver observer;    /* NULL = none */
  gpointer observer_data;
  gint64   slow_statement_usec;     /* 0 = no slow-statement log */
};

/* The handle mdb_pool_get_reader() returns; embedded in its pool. */
typedef struct {
  MdbExecutor parent;           /* kind = MDB__EXECUTOR_READER */
  MdbPool    *primary;
} MdbPoolReader;

/* One replica of a pool. */
typedef struct {
  MdbPool *pool;                /* owned; its conns point to it, so release finds it */
  MdbPool *primary;
  gint64   down_until;          /* skipped until then after a failure; 0 = up */
} MdbReplica;

struct _MdbPool {
  MdbExecutor    parent;        /* kind = MDB__EXECUTOR_POOL */
  MdbPoolConfig *config;        /* own copy */
  /* PQconnectdbParams arguments, built once; the user's conninfo is expanded
   * as dbname so it stays intact. */
  const char    *keywords[6];
  const char    *values[6];
  char          *options;
  MdbConninfo   *conninfo;      /* config->conninfo parsed: scrubs connect errors */

  GMutex         lock;          /* guards everything below */
  GQueue         idle;          /* MdbConn via idle_link; head = last released */
  GQueue         waiters;       /* MdbPoolWaiter; head = oldest */
  guint          size;          /* open connections plus ones being opened */
  guint          opening;
  gboolean       closing;
  GCond          size_changed;  /* mdb_pool_close() waits on it */
  char          *last_connect_error;
  guint64        acquires, timeouts, wait_usec, opened, closed;
  guint64        round_trips, statements;   /* of released connections */

  /* read replicas (none for a replica's own pool) */
  MdbPoolReader  reader;
  GPtrArray     *replicas;      /* MdbReplica (owned) */
  guint          next_replica;  /* round-robin cursor; under lock */
  guint64        replica_acquires, primary_fallbacks;
  MdbReplica    *as_replica;    /* set in a replica's pool: its entry */
};

/* pool-config.c */
MdbPoolConfig *mdb__pool_config_copy (const MdbPoolConfig *config);

/* pool.c: the reader executor (mdb_pool_get_reader()). */
/* Borrows a replica connection, or a primary one when no replica is up. */
/* mdb_pool_acquire() and mdb_pool_release() without the argument checks,
 * for the executor's per-statement borrow. */
MdbConn  *mdb__pool_acquire (MdbPool *pool, GError **error);
void      mdb__pool_release (MdbPool *pool, MdbConn *conn);
MdbConn  *mdb__pool_acquire_reader (MdbPool *pool, GError **error);
/* TRUE when @conn belongs to a replica pool. */
gboolean  mdb__pool_conn_is_replica (const MdbConn *conn);
/* After @conn lost its server: skips its replica for a while. */
void      mdb__pool_replica_failed  (MdbConn *conn);

G_END_DECLS
