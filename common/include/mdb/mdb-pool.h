/* SPDX-License-Identifier: MIT */
/* mdb-pool.h: a bounded, thread-safe pool of connections. */
#pragma once
#if !defined(MDB_INSIDE) && !defined(MDB_COMPILATION)
# error "Include <mdb/mdb.h>, not this file."
#endif
#include <glib.h>
#include <mdb/mdb-version.h>
#include <mdb/mdb-error.h>
#include <mdb/mdb-conn.h>

G_BEGIN_DECLS

/* Opaque; built by one thread, then handed to mdb_pool_new() which copies it. */
typedef struct _MdbPoolConfig MdbPoolConfig;
/* Opaque; every function is thread-safe. */
typedef struct _MdbPool MdbPool;

MDB_AVAILABLE_IN_0_1
MdbPoolConfig *mdb_pool_config_new  (const char *conninfo);
MDB_AVAILABLE_IN_0_1
void           mdb_pool_config_free (MdbPoolConfig *config);
/* Defaults in brackets.  Times are microseconds; 0 turns a limit off. */
MDB_AVAILABLE_IN_0_1 void mdb_pool_config_set_max_size (MdbPoolConfig *config, guint max_size);            /* [10] */
MDB_AVAILABLE_IN_0_1 void mdb_pool_config_set_min_size (MdbPoolConfig *config, guint min_size);            /* [0] kept open */
MDB_AVAILABLE_IN_0_1 void mdb_pool_config_set_acquire_timeout (MdbPoolConfig *config, gint64 usec);        /* [30 s] */
MDB_AVAILABLE_IN_0_1 void mdb_pool_config_set_idle_timeout (MdbPoolConfig *config, gint64 usec);           /* [10 min] */
MDB_AVAILABLE_IN_0_1 void mdb_pool_config_set_max_lifetime (MdbPoolConfig *config, gint64 usec, double jitter); /* [30 min, 0.1] */
/* Ping a connection on checkout only when it sat idle longer than this. [1 s] */
MDB_AVAILABLE_IN_0_1 void mdb_pool_config_set_health_check_after (MdbPoolConfig *config, gint64 usec);
/* Failed connects are retried with exponential backoff from @initial_usec up
 * to @max_usec, within the acquire timeout. [10 ms, 1 s] */
MDB_AVAILABLE_IN_0_1 void mdb_pool_config_set_connect_backoff (MdbPoolConfig *config, gint64 initial_usec, gint64 max_usec);
/* SQL run on every new connection (e.g. SET search_path). [none] */
MDB_AVAILABLE_IN_0_1 void mdb_pool_config_set_after_connect_sql (MdbPoolConfig *config, const char *sql);
MDB_AVAILABLE_IN_0_1 void mdb_pool_config_set_statement_timeout (MdbPoolConfig *config, guint msec);     /* [0 = server default] */
MDB_AVAILABLE_IN_0_1 void mdb_pool_config_set_application_name (MdbPoolConfig *config, const char *name); /* ["macrodb"] */
MDB_AVAILABLE_IN_0_1 void mdb_pool_config_set_statement_cache_capacity (MdbPoolConfig *config, guint capacity); /* [100] */
/* PgBouncer transaction pooling: no named prepared statements. [FALSE] */
MDB_AVAILABLE_IN_0_1 void mdb_pool_config_set_pgbouncer_mode (MdbPoolConfig *config, gboolean enabled);

/* A streaming replica for reads through mdb_pool_get_reader(); may be
 * called several times.  Each replica gets a pool with the same settings. */
MDB_AVAILABLE_IN_0_1 void mdb_pool_config_add_replica (MdbPoolConfig *config, const char *conninfo);

/* Creates the pool and opens min_size connections (MDB_ERROR_CONNECT when
 * it cannot).  The config is copied. */
MDB_AVAILABLE_IN_0_1
MdbPool  *mdb_pool_new     (const MdbPoolConfig *config, GError **error);
/* Convenience: defaults plus @max_size. */
MDB_AVAILABLE_IN_0_1
MdbPool  *mdb_pool_new_simple (const char *conninfo, guint max_size, GError **error);

/* Borrows a connection, waiting in FIFO order up to the acquire timeout
 * (MDB_ERROR_POOL_TIMEOUT, naming the last connect failure if any), or
 * MDB_ERROR_CONNECT / MDB_ERROR_CANCELLED (pool closing).  Give it back with
 * mdb_pool_release(). */
MDB_AVAILABLE_IN_0_1
MdbConn  *mdb_pool_acquire         (MdbPool *pool, GError **error);
MDB_AVAILABLE_IN_0_1
MdbConn  *mdb_pool_acquire_timeout (MdbPool *pool, gint64 timeout_usec, GError **error);
/* Returns a borrowed connection.  One still in a transaction or with results
 * pending is rolled back, or closed when that fails: never handed out dirty. */
MDB_AVAILABLE_IN_0_1
void      mdb_pool_release (MdbPool *pool, MdbConn *conn);

/* Stops handing out connections, waits up to @timeout_usec for borrowed ones
 * to come back and closes all.  FALSE + MDB_ERROR_POOL_TIMEOUT if some were
 * still borrowed (they are closed when released). */
MDB_AVAILABLE_IN_0_1
gboolean  mdb_pool_close   (MdbPool *pool, gint64 timeout_usec, GError **error);
/* Closes (with no wait) and frees.  No connection may still be borrowed. */
MDB_AVAILABLE_IN_0_1
void      mdb_pool_free    (MdbPool *pool);

/* Append only. */
typedef enum {
  MDB_POOL_STAT_SIZE,           /* open connections */
  MDB_POOL_STAT_IDLE,
  MDB_POOL_STAT_IN_USE,
  MDB_POOL_STAT_WAITING,        /* threads waiting in acquire now */
  MDB_POOL_STAT_ACQUIRES,       /* successful acquires, total */
  MDB_POOL_STAT_TIMEOUTS,       /* acquires that timed out, total */
  MDB_POOL_STAT_WAIT_USEC,      /* total time spent waiting in acquire */
  MDB_POOL_STAT_OPENED,         /* connections opened, total */
  MDB_POOL_STAT_CLOSED,         /* connections closed, total */
  MDB_POOL_STAT_REPLICA_ACQUIRES,  /* reader acquires served by a replica, total */
  MDB_POOL_STAT_PRIMARY_FALLBACKS, /* reader acquires sent to the primary because no replica was up */
  MDB_POOL_STAT_ROUND_TRIPS,    /* round trips of released connections, replicas' pools included, total */
  MDB_POOL_STAT_STATEMENTS,     /* statements of released connections, replicas' pools included, total */
} MdbPoolStat;

MDB_AVAILABLE_IN_0_1
guint64   mdb_pool_get_stat (MdbPool *pool, MdbPoolStat stat);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdbPoolConfig, mdb_pool_config_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdbPool, mdb_pool_free)

G_END_DECLS
