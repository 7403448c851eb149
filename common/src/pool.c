/* SPDX-License-Identifier: MIT */
/* Bounded, thread-safe pool of connections with FIFO-fair waiters. */
#include <poll.h>
#include "conn-private.h"

/* A thread blocked in acquire; lives on that thread's stack. */
typedef struct {
  GCond    cond;
  GList    link;       /* in MdbPool.waiters */
  MdbConn *conn;       /* handed over by a release */
  gboolean slot;       /* a slot was freed for us: open a connection */
} MdbPoolWaiter;

/* ---- connections -------------------------------------------------------- */

static void
conn_destroy (MdbConn *conn)
{
  conn->pool = NULL;
  mdb_conn_free (conn);
}

static MdbConn *
conn_open (MdbPool *pool, GError **error)
{
  const MdbPoolConfig *config = pool->config;
  PGconn *pg;
  MdbConn *conn;

  pg = PQconnectdbParams (pool->keywords, pool->values, 1);
  if (pg == NULL || PQstatus (pg) != CONNECTION_OK)
    {
      mdb__conninfo_set_connect_error (pool->conninfo, pg, error);
      PQfinish (pg);
      return NULL;
    }
  conn = mdb__conn_new_from_pg (pg);
  conn->pool = pool;
  conn->idle_link.data = conn;
  conn->capacity = config->pgbouncer_mode ? 0 : config->statement_cache_capacity;
  if (config->observer != NULL || config->slow_statement_usec > 0)
    conn->observe = config;
  if (config->after_connect_sql != NULL
      && !mdb_conn_exec_script (conn, config->after_connect_sql, error))
    {
      g_prefix_error (error, "after-connect SQL failed: ");
      conn_destroy (conn);
      return NULL;
    }
  conn->created_usec = g_get_monotonic_time ();
  if (config->max_lifetime_usec > 0)
    conn->expires_usec = conn->created_usec + config->max_lifetime_usec
      - (gint64) (config->max_lifetime_usec * config->lifetime_jitter * g_random_double ());
  return conn;
}

static gboolean
conn_expired (const MdbPool *pool, const MdbConn *conn, gint64 now)
{
  gint64 idle_timeout = pool->config->idle_timeout_usec;

  if (conn->expires_usec != 0 && now >= conn->expires_usec)
    return TRUE;
  return idle_timeout > 0 && now - conn->idle_since_usec >= idle_timeout;
}

/* An empty query is the cheapest round trip the server answers. */
static gboolean
conn_ping (MdbConn *conn)
{
  PGresult *res = PQexec (conn->pg, "");
  gboolean ok = PQresultStatus (res) == PGRES_EMPTY_QUERY;

  mdb__conn_count (conn, 1, 0);

  PQclear (res);
  return ok && PQstatus (conn->pg) == CONNECTION_OK;
}

/* TRUE when the server sent something to an idle connection.  An idle
 * connection gets nothing unasked except a notification or, far more often,
 * the FATAL message and EOF of a terminated backend (pg_terminate_backend, a
 * restart, a failover, a pooler restart).  A zero-timeout poll is one system
 * call and no round trip, so every checkout can afford it. */
static gboolean
conn_has_input (const MdbConn *conn)
{
  struct pollfd pfd = { PQsocket (conn->pg), POLLIN, 0 };

  return pfd.fd < 0 || poll (&pfd, 1, 0) != 0;
}

/* After conn_has_input(): reads what arrived without blocking (libpq's
 * sockets are non-blocking).  FALSE when that shows the connection lost:
 * EOF, a broken socket, or a FATAL that already closed it. */
static gboolean
conn_input_leaves_alive (MdbConn *conn)
{
  return PQconsumeInput (conn->pg) == 1 && PQstatus (conn->pg) == CONNECTION_OK;
}

/* Makes a returned connection clean again; FALSE when it must be closed. */
static gboolean
conn_reset (MdbConn *conn)
{
  PGresult *res;
  gboolean ok;

  if (PQstatus (conn->pg) != CONNECTION_OK || PQpipelineStatus (conn->pg) != PQ_PIPELINE_OFF)
    return FALSE;
  switch (PQtransactionStatus (conn->pg))
    {
    case PQTRANS_IDLE:
      return TRUE;
    case PQTRANS_INTRANS:
    case PQTRANS_INERROR:
      res = PQexec (conn->pg, "ROLLBACK");
      mdb__conn_count (conn, 1, 1);
      ok = PQresultStatus (res) == PGRES_COMMAND_OK
        && PQtransactionStatus (conn->pg) == PQTRANS_IDLE;
      PQclear (res);
      return ok;
    default:  /* a command still running or results pending: cannot trust it */
      return FALSE;
    }
}

/* ---- bookkeeping, all with the lock held -------------------------------- */

/* Wakes the oldest waiter with @conn, or with a free slot when @conn is NULL. */
static gboolean
hand_to_waiter_locked (MdbPool *pool, MdbConn *conn)
{
  GList *link;
  MdbPoolWaiter *waiter;

  /* The usual case, on every release: read the field, skip the call. */
  if (pool->waiters.head == NULL)
    return FALSE;
  link = g_queue_pop_head_link (&pool->waiters);
  waiter = link->data;
  waiter->conn = conn;
  waiter->slot = conn == NULL;
  g_cond_signal (&waiter->cond);
  return TRUE;
}

/* Adds @conn's traffic since the last time to the pool's totals. */
static void
count_traffic_locked (MdbPool *pool, MdbConn *conn)
{
  pool->round_trips += conn->round_trips - conn->pooled_round_trips;
  pool->statements += conn->statements - conn->pooled_statements;
  conn->pooled_round_trips = conn->round_trips;
  conn->pooled_statements = conn->statements;
}

/* Forgets a connection the caller closes after unlocking. */
static void
discard_locked (MdbPool *pool)
{
  pool->closed++;
  /* The freed slot goes to the oldest waiter, who opens a new connection. */
  if (pool->closing || !hand_to_waiter_locked (pool, NULL))
    pool->size--;
  g_cond_broadcast (&pool->size_changed);
}

/* The oldest idle connection when it has outlived the idle timeout: a cheap
 * reap on release, so no background thread is needed. */
static MdbConn *
reap_one_locked (MdbPool *pool, gint64 now)
{
  MdbConn *oldest = pool->idle.tail != NULL ? pool->idle.tail->data : NULL;

  if (oldest == NULL || pool->size <= pool->config->min_size
      || !conn_expired (pool, oldest, now))
    return NULL;
  g_queue_unlink (&pool->idle, &oldest->idle_link);
  discard_locked (pool);
  return oldest;
}

static void
remember_connect_error_locked (MdbPool *pool, const GError *error)
{
  g_free (pool->last_connect_error);
  /* Scrubbed again: this text outlives the error and goes into others. */
  pool->last_connect_error = error ? mdb__conninfo_scrub_parsed (pool->conninfo, error->message) : NULL;
}

static void
set_timeout_error_locked (MdbPool *pool, gint64 timeout_usec, GError **error)
{
  pool->timeouts++;
  if (pool->last_connect_error != NULL)
    g_set_error (error, MDB_ERROR, MDB_ERROR_POOL_TIMEOUT,
                 "timed out after %.1f s waiting for a connection (last connect error: %s)",
                 timeout_usec / (double) G_USEC_PER_SEC, pool->last_connect_error);
  else
    g_set_error (error, MDB_ERROR, MDB_ERROR_POOL_TIMEOUT,
                 "timed out after %.1f s waiting for a connection (%u of %u in use)",
                 timeout_usec / (double) G_USEC_PER_SEC, pool->size, pool->config->max_size);
}

/* Queues the caller and waits until it is handed a connection or a slot, the
 * pool closes, or @until passes (0 = no limit).  Lock held throughout. */
static void
wait_turn_locked (MdbPool *pool, MdbPoolWaiter *waiter, gint64 until)
{
  g_cond_init (&waiter->cond);
  waiter->conn = NULL;
  waiter->slot = FALSE;
  waiter->link = (GList) { waiter, NULL, NULL };
  g_queue_push_tail_link (&pool->waiters, &waiter->link);
  while (waiter->conn == NULL && !waiter->slot && !pool->closing)
    {
      if (until == 0)
        g_cond_wait (&waiter->cond, &pool->lock);
      else if (!g_cond_wait_until (&waiter->cond, &pool->lock, until))
        break;
    }
  if (waiter->conn == NULL && !waiter->slot)
    g_queue_unlink (&pool->waiters, &waiter->link);
  g_cond_clear (&waiter->cond);
}

/* ---- acquire ------------------------------------------------------------ */

/* One caller's progress through mdb_pool_acquire_timeout(). */
typedef struct {
  gint64 timeout;
  gint64 start;      /* 0 until the caller first has to wait */
  gint64 deadline;   /* 0 = no limit */
  gint64 retry_at;   /* after a failed connect, not before this */
  gint64 backoff;
} MdbAcquire;

static MdbConn *
finish_locked (MdbPool *pool, MdbConn *conn, const MdbAcquire *at)
{
  conn->borrowed = TRUE;
  pool->acquires++;
  count_traffic_locked (pool, conn);   /* a ping at checkout, after-connect SQL */
  if (at->start != 0)
    pool->wait_usec += g_get_monotonic_time () - at->start;
  g_mutex_unlock (&pool->lock);
  return conn;
}

/* Pops the most recently released connection; *@fresh tells whether it may
 * be handed out with no check at all (the fast path). */
static MdbConn *
take_idle_locked (MdbPool *pool, gboolean *fresh)
{
  GList *link = g_queue_pop_head_link (&pool->idle);
  MdbConn *conn;
  gint64 now;

  if (link == NULL)
    return NULL;
  conn = link->data;
  now = g_get_monotonic_time ();
  *fresh = !conn_expired (pool, conn, now)
    && now - conn->idle_since_usec < pool->config->health_check_after_usec
    && !conn_has_input (conn);
  return conn;
}

/* After one idle connection turned out dead, the others most likely lost
 * their server too (a restart, a failover, a kill of every backend): closes
 * those with input waiting, with no round trip, so that no later call is
 * handed one.  The input is not read here (that would log under the lock):
 * after a dead neighbour it is a FATAL and EOF, and a rare notification
 * costs only a reconnect.  Returns the closed ones for the caller to destroy
 * after unlocking.  Lock held. */
static GQueue
sweep_dead_idle_locked (MdbPool *pool)
{
  GQueue dead = G_QUEUE_INIT;
  GList *l, *next;

  for (l = pool->idle.head; l != NULL; l = next)
    {
      MdbConn *conn = l->data;

      next = l->next;
      if (!conn_has_input (conn))
        continue;
      g_queue_unlink (&pool->idle, l);
      g_queue_push_tail_link (&dead, l);
      discard_locked (pool);
    }
  return dead;
}

/* Outside the lock: the connection, or NULL after closing it (and the
 * other idle connections found dead with it).  A connection with unasked
 * input is read first: EOF settles it with no round trip; anything else
 * (a notification, a FATAL whose EOF is still on the way) gets a ping. */
static MdbConn *
checkout_slow (MdbPool *pool, MdbConn *conn)
{
  GQueue dead = G_QUEUE_INIT;
  gboolean lost = conn_has_input (conn) && !conn_input_leaves_alive (conn);
  GList *l;

  if (!lost && !conn_expired (pool, conn, g_get_monotonic_time ()) && conn_ping (conn))
    return conn;
  lost = lost || mdb_conn_is_broken (conn);
  g_mutex_lock (&pool->lock);
  count_traffic_locked (pool, conn);
  discard_locked (pool);
  if (lost)
    dead = sweep_dead_idle_locked (pool);
  g_mutex_unlock (&pool->lock);
  conn_destroy (conn);
  while ((l = g_queue_pop_head_link (&dead)) != NULL)
    conn_destroy (l->data);
  return NULL;
}

/* Opens a connection in a slot already counted in pool->size.  Called
 * unlocked, returns locked.  On failure schedules the next attempt; with no
 * deadline to retry within, the failure is final and goes to @error. */
static MdbConn *
open_in_slot_unlocked (MdbPool *pool, MdbAcquire *at, GError **error)
{
  g_autoptr (GError) local = NULL;
  MdbConn *conn = conn_open (pool, &local);

  g_mutex_lock (&pool->lock);
  pool->opening--;
  remember_connect_error_locked (pool, local);
  if (conn != NULL)
    {
      pool->opened++;
      return conn;
    }
  if (!hand_to_waiter_locked (pool, NULL))
    pool->size--;
  g_cond_broadcast (&pool->size_changed);
  at->retry_at = g_get_monotonic_time () + at->backoff / 2
    + g_random_int_range (0, (gint32) MIN (at->backoff / 2 + 1, G_MAXINT32));
  at->backoff = MIN (at->backoff * 2, pool->config->backoff_max_usec);
  /* A replica's pool reports a failed connect at once: the reader would
   * rather use another replica or the primary than retry this one. */
  if (at->timeout == 0 || pool->as_replica != NULL)
    g_propagate_error (error, g_steal_pointer (&local));
  return NULL;
}

/* Waits for a turn; returns a connection, or NULL to loop again, or NULL
 * with @error set.  Lock held on entry and return. */
static MdbConn *
wait_locked (MdbPool *pool, MdbAcquire *at, GError **error)
{
  MdbPoolWaiter waiter;
  gint64 until;

  if (at->start == 0)
    {
      at->start = g_get_monotonic_time ();
      at->deadline = at->timeout > 0 ? at->start + at->timeout : 0;
    }
  /* A retry already due was just tried (there was no slot): from now on a
   * freed slot is handed over.  Waiting "until" a past time would not even
   * unlock the mutex (g_cond_wait_until returns at once), and the loop
   * would spin holding the pool's lock, freezing every other thread until
   * the deadline: a restart under load did that. */
  if (at->retry_at != 0 && g_get_monotonic_time () >= at->retry_at)
    at->retry_at = 0;
  until = at->deadline;
  if (at->retry_at != 0 && (until == 0 || at->retry_at < until))
    until = at->retry_at;
  wait_turn_locked (pool, &waiter, until);
  if (waiter.conn != NULL)
    return waiter.conn;
  if (waiter.slot)
    {
      pool->opening++;
      g_mutex_unlock (&pool->lock);
      return open_in_slot_unlocked (pool, at, error);
    }
  if (!pool->closing && at->deadline != 0 && g_get_monotonic_time () >= at->deadline)
    set_timeout_error_locked (pool, at->timeout, error);
  return NULL;
}

/* Tries the idle list, then a new connection; NULL when neither is possible
 * now, or NULL with @error set.  Lock held on entry and return. */
static MdbConn *
try_take_locked (MdbPool *pool, MdbAcquire *at, GError **error)
{
  MdbConn *conn;
  gboolean fresh;

  while ((conn = take_idle_locked (pool, &fresh)) != NULL)
    {
      if (fresh)
        return conn;
      g_mutex_unlock (&pool->lock);
      conn = checkout_slow (pool, conn);
      g_mutex_lock (&pool->lock);
      if (conn != NULL)
        return conn;
    }
  if (pool->size >= pool->config->max_size
      || (at->retry_at != 0 && g_get_monotonic_time () < at->retry_at))
    return NULL;
  pool->size++;
  pool->opening++;
  g_mutex_unlock (&pool->lock);
  return open_in_slot_unlocked (pool, at, error);
}

/* The wait for a connection, arguments checked. */
static MdbConn *
acquire (MdbPool *pool, gint64 timeout_usec, GError **error)
{
  MdbAcquire at = { timeout_usec, 0, 0, 0, 0 };
  GError *local = NULL;
  gboolean retry_due;
  MdbConn *conn;

  at.backoff = pool->config->backoff_initial_usec;
  g_mutex_lock (&pool->lock);
  for (;;)
    {
      if (pool->closing)
        g_set_error_literal (&local, MDB_ERROR, MDB_ERROR_CANCELLED, "the pool is closing");
      /* Newcomers queue behind waiters: strict FIFO.  A caller whose connect
       * retry is due tries at once: the others wait for their own retry
       * time or a handover, so none of them would give it a turn. */
      retry_due = at.retry_at != 0 && g_get_monotonic_time () >= at.retry_at;
      conn = local == NULL && (pool->waiters.length == 0 || retry_due)
        ? try_take_locked (pool, &at, &local) : NULL;
      if (conn == NULL && local == NULL)
        conn = wait_locked (pool, &at, &local);
      if (conn != NULL)
        return finish_locked (pool, conn, &at);
      if (local != NULL)
        {
          g_mutex_unlock (&pool->lock);
          g_propagate_error (error, local);
          return NULL;
        }
    }
}

/**
 * mdb_pool_acquire_timeout:
 * @pool: a pool
 * @timeout_usec: how long to wait at most; 0 waits without limit
 * @error: return location for a #GError
 *
 * Borrows a connection: an idle one (pinged first when it sat idle longer
 * than the health-check threshold), or a new one while the pool is under its
 * maximum.  Otherwise waits in FIFO order.  Failed connects are retried with
 * backoff within the timeout; with no timeout the first failure is returned.
 *
 * Sets %MDB_ERROR_POOL_TIMEOUT when the time runs out (the message names the
 * last connect failure, if any), %MDB_ERROR_CONNECT when a connect fails and
 * there is no timeout, and %MDB_ERROR_CANCELLED when the pool is closing.
 *
 * Returns: (transfer full) (nullable): a connection for mdb_pool_release()
 * Since: 0.1
 */
MdbConn *
mdb_pool_acquire_timeout (MdbPool *pool, gint64 timeout_usec, GError **error)
{
  g_return_val_if_fail (pool != NULL && pool->parent.kind == MDB__EXECUTOR_POOL, NULL);
  g_return_val_if_fail (timeout_usec >= 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  return acquire (pool, timeout_usec, error);
}

/* mdb_pool_acquire() for the executor, whose caller's arguments were
 * checked already: every statement on a pool passes here. */
MdbConn *
mdb__pool_acquire (MdbPool *pool, GError **error)
{
  return acquire (pool, pool->config->acquire_timeout_usec, error);
}

/**
 * mdb_pool_acquire:
 * @pool: a pool
 * @error: return location for a #GError
 *
 * mdb_pool_acquire_timeout() with the configured acquire timeout.
 *
 * Returns: (transfer full) (nullable): a connection for mdb_pool_release()
 * Since: 0.1
 */
MdbConn *
mdb_pool_acquire (MdbPool *pool, GError **error)
{
  g_return_val_if_fail (pool != NULL && pool->parent.kind == MDB__EXECUTOR_POOL, NULL);
  return mdb_pool_acquire_timeout (pool, pool->config->acquire_timeout_usec, error);
}

/* ---- release, create, close --------------------------------------------- */

/**
 * mdb_pool_release:
 * @pool: the pool @conn came from
 * @conn: (transfer full): a connection from mdb_pool_acquire()
 *
 * Gives a borrowed connection back.  One left in a transaction (also a failed
 * one) is rolled back first; one that is broken, still busy, in pipeline mode
 * or whose rollback fails is closed instead, so the next borrower always gets
 * a clean, idle connection.  Session settings (SET) are not reset.
 *
 * Since: 0.1
 */
void
mdb_pool_release (MdbPool *pool, MdbConn *conn)
{
  g_return_if_fail (pool != NULL && pool->parent.kind == MDB__EXECUTOR_POOL);
  g_return_if_fail (conn != NULL && conn->pool == pool && conn->borrowed);
  mdb__pool_release (pool, conn);
}

/* mdb_pool_release() for the executor, which lent @conn itself. */
void
mdb__pool_release (MdbPool *pool, MdbConn *conn)
{
  MdbConn *reaped = NULL;
  gboolean clean;
  gint64 now;

  clean = conn_reset (conn);
  now = g_get_monotonic_time ();
  g_mutex_lock (&pool->lock);
  conn->borrowed = FALSE;
  count_traffic_locked (pool, conn);
  if (!clean || pool->closing || (conn->expires_usec != 0 && now >= conn->expires_usec))
    {
      discard_locked (pool);
      g_mutex_unlock (&pool->lock);
      conn_destroy (conn);
      return;
    }
  conn->idle_since_usec = now;
  if (!hand_to_waiter_locked (pool, conn))
    {
      g_queue_push_head_link (&pool->idle, &conn->idle_link);
      reaped = reap_one_locked (pool, now);
    }
  g_mutex_unlock (&pool->lock);
  if (reaped != NULL)
    conn_destroy (reaped);
}

/* Keeps the user's conninfo intact (expanded as dbname) and adds our
 * settings as connection options, so they cost no round trip. */
static gboolean
build_connect_params (MdbPool *pool, GError **error)
{
  const MdbPoolConfig *config = pool->config;
  const char *user_options;
  GError *local = NULL;
  int i = 0;

  if ((pool->conninfo = mdb_conninfo_parse (config->conninfo, &local)) == NULL)
    {
      g_set_error_literal (error, MDB_ERROR, MDB_ERROR_CONNECT, local->message);
      g_error_free (local);
      return FALSE;
    }
  user_options = mdb_conninfo_get (pool->conninfo, "options");
  if (user_options != NULL && *user_options == '\0')
    user_options = NULL;
  /* PgBouncer refuses the options startup parameter, and a SET would only
   * reach whichever server connection ran it. */
  if (config->pgbouncer_mode && config->statement_timeout_msec > 0)
    {
      g_set_error_literal (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                           "a statement timeout cannot be sent through PgBouncer (pgbouncer mode); "
                           "set it on the server: ALTER ROLE or ALTER DATABASE … SET statement_timeout");
      return FALSE;
    }
  if (config->statement_timeout_msec > 0)
    pool->options = g_strdup_printf ("%s%s-c statement_timeout=%u", user_options ? user_options : "",
                                     user_options ? " " : "", config->statement_timeout_msec);

  if (!config->application_name_set)
    {
      pool->keywords[i] = "fallback_application_name";
      pool->values[i++] = config->application_name;
    }
  pool->keywords[i] = "dbname";
  pool->values[i++] = config->conninfo;
  if (config->application_name_set)
    {
      pool->keywords[i] = "application_name";
      pool->values[i++] = config->application_name;
    }
  if (pool->options != NULL)
    {
      pool->keywords[i] = "options";
      pool->values[i++] = pool->options;
    }
  pool->keywords[i] = NULL;
  pool->values[i] = NULL;
  return TRUE;
}

/* A pool with no connection open yet, or NULL when the conninfo is bad. */
static MdbPool *
pool_create (const MdbPoolConfig *config, GError **error)
{
  MdbPool *pool = g_new0 (MdbPool, 1);

  pool->parent.kind = MDB__EXECUTOR_POOL;
  pool->config = mdb__pool_config_copy (config);
  pool->reader.parent.kind = MDB__EXECUTOR_READER;
  pool->reader.primary = pool;
  g_mutex_init (&pool->lock);
  g_cond_init (&pool->size_changed);
  g_queue_init (&pool->idle);
  g_queue_init (&pool->waiters);
  if (!build_connect_params (pool, error))
    {
      mdb_pool_free (pool);
      return NULL;
    }
  return pool;
}

static void
replica_free (MdbReplica *replica)
{
  mdb_pool_free (replica->pool);
  g_free (replica);
}

/* One pool per configured replica, all empty: a replica that is down must
 * not keep the primary's pool from starting. */
static gboolean
add_replicas (MdbPool *pool, GError **error)
{
  GPtrArray *conninfos = pool->config->replicas;
  g_autoptr (MdbPoolConfig) config = NULL;
  guint i;

  if (conninfos == NULL)
    return TRUE;
  pool->replicas = g_ptr_array_new_with_free_func ((GDestroyNotify) replica_free);
  config = mdb__pool_config_copy (pool->config);
  g_clear_pointer (&config->replicas, g_ptr_array_unref);
  for (i = 0; i < conninfos->len; i++)
    {
      MdbReplica *replica = g_new0 (MdbReplica, 1);

      g_free (config->conninfo);
      config->conninfo = g_strdup (g_ptr_array_index (conninfos, i));
      if ((replica->pool = pool_create (config, error)) == NULL)
        {
          g_prefix_error (error, "replica %u: ", i + 1);
          g_free (replica);
          return FALSE;
        }
      replica->pool->as_replica = replica;
      replica->primary = pool;
      g_ptr_array_add (pool->replicas, replica);
    }
  return TRUE;
}

static gboolean
open_min_size (MdbPool *pool, GError **error)
{
  while (pool->size < pool->config->min_size)
    {
      MdbConn *conn = conn_open (pool, error);

      if (conn == NULL)
        return FALSE;
      conn->idle_since_usec = g_get_monotonic_time ();
      g_queue_push_head_link (&pool->idle, &conn->idle_link);
      pool->size++;
      pool->opened++;
    }
  return TRUE;
}

/**
 * mdb_pool_new:
 * @config: the settings; copied
 * @error: return location for a #GError
 *
 * Creates a pool and opens its min_size connections.
 *
 * Sets %MDB_ERROR_CONNECT when the conninfo is invalid or a minimum
 * connection cannot be opened.
 *
 * Returns: (transfer full) (nullable): a pool for mdb_pool_free()
 * Since: 0.1
 */
MdbPool *
mdb_pool_new (const MdbPoolConfig *config, GError **error)
{
  MdbPool *pool;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (config->min_size <= config->max_size, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  pool = pool_create (config, error);
  if (pool == NULL || !add_replicas (pool, error) || !open_min_size (pool, error))
    {
      mdb_pool_free (pool);
      return NULL;
    }
  return pool;
}

/**
 * mdb_pool_new_simple:
 * @conninfo: a libpq conninfo string or URL
 * @max_size: the most connections open at once
 * @error: return location for a #GError
 *
 * A pool with the default settings and @max_size connections.
 *
 * Returns: (transfer full) (nullable): a pool for mdb_pool_free()
 * Since: 0.1
 */
MdbPool *
mdb_pool_new_simple (const char *conninfo, guint max_size, GError **error)
{
  g_autoptr (MdbPoolConfig) config = NULL;

  g_return_val_if_fail (conninfo != NULL && max_size > 0, NULL);
  config = mdb_pool_config_new (conninfo);
  mdb_pool_config_set_max_size (config, max_size);
  return mdb_pool_new (config, error);
}

/* Closes the replicas' pools by @deadline; returns how many of their
 * connections were still borrowed. */
static guint
close_replicas (MdbPool *pool, gint64 deadline)
{
  guint i, left = 0;

  for (i = 0; pool->replicas != NULL && i < pool->replicas->len; i++)
    {
      MdbPool *replica = ((MdbReplica *) g_ptr_array_index (pool->replicas, i))->pool;

      if (!mdb_pool_close (replica, MAX (0, deadline - g_get_monotonic_time ()), NULL))
        {
          g_mutex_lock (&replica->lock);
          left += replica->size;
          g_mutex_unlock (&replica->lock);
        }
    }
  return left;
}

/**
 * mdb_pool_close:
 * @pool: a pool
 * @timeout_usec: how long to wait for borrowed connections to come back
 * @error: return location for a #GError
 *
 * Stops handing out connections (waiters get %MDB_ERROR_CANCELLED), closes
 * the idle ones and waits for the borrowed ones, closing each as it comes
 * back.  The replicas' pools are closed too.
 *
 * Sets %MDB_ERROR_POOL_TIMEOUT when some were still borrowed at the end;
 * they are closed when released.
 *
 * Returns: %TRUE when every connection is closed
 * Since: 0.1
 */
gboolean
mdb_pool_close (MdbPool *pool, gint64 timeout_usec, GError **error)
{
  gint64 deadline = g_get_monotonic_time () + timeout_usec;
  GQueue idle;
  guint left;
  GList *l;

  g_return_val_if_fail (pool != NULL && pool->parent.kind == MDB__EXECUTOR_POOL, FALSE);

  g_mutex_lock (&pool->lock);
  pool->closing = TRUE;
  for (l = pool->waiters.head; l != NULL; l = l->next)
    g_cond_signal (&((MdbPoolWaiter *) l->data)->cond);
  idle = pool->idle;
  g_queue_init (&pool->idle);
  pool->size -= idle.length;
  pool->closed += idle.length;
  while (pool->size > 0 && g_get_monotonic_time () < deadline)
    g_cond_wait_until (&pool->size_changed, &pool->lock, deadline);
  left = pool->size;
  g_mutex_unlock (&pool->lock);

  while ((l = g_queue_pop_head_link (&idle)) != NULL)
    conn_destroy (l->data);
  left += close_replicas (pool, deadline);
  if (left > 0)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_POOL_TIMEOUT,
                   "%u connection(s) still borrowed when the pool closed", left);
      return FALSE;
    }
  return TRUE;
}

/**
 * mdb_pool_free:
 * @pool: (nullable): a pool
 *
 * Closes every connection without waiting and frees the pool.  No
 * connection may still be borrowed and no thread may still use the pool.
 *
 * Since: 0.1
 */
void
mdb_pool_free (MdbPool *pool)
{
  if (pool == NULL)
    return;
  g_return_if_fail (pool->parent.kind == MDB__EXECUTOR_POOL);

  if (!mdb_pool_close (pool, 0, NULL))
    {
      g_critical ("mdb_pool_free: connections are still borrowed; the pool is leaked");
      return;
    }
  g_clear_pointer (&pool->replicas, g_ptr_array_unref);
  g_mutex_clear (&pool->lock);
  g_cond_clear (&pool->size_changed);
  mdb_pool_config_free (pool->config);
  g_free (pool->options);
  mdb_conninfo_free (pool->conninfo);
  g_free (pool->last_connect_error);
  pool->parent.kind = 0;
  pool->reader.parent.kind = 0;
  g_free (pool);
}

static guint64
replicas_stat (MdbPool *pool, MdbPoolStat stat)
{
  guint64 sum = 0;
  guint i;

  for (i = 0; i < pool->replicas->len; i++)
    sum += mdb_pool_get_stat (((MdbReplica *) g_ptr_array_index (pool->replicas, i))->pool, stat);
  return sum;
}

/**
 * mdb_pool_get_stat:
 * @pool: a pool
 * @stat: which figure
 *
 * Returns: the current value of @stat (see #MdbPoolStat)
 * Since: 0.1
 */
guint64
mdb_pool_get_stat (MdbPool *pool, MdbPoolStat stat)
{
  guint64 value = 0;

  g_return_val_if_fail (pool != NULL && pool->parent.kind == MDB__EXECUTOR_POOL, 0);

  g_mutex_lock (&pool->lock);
  switch (stat)
    {
    case MDB_POOL_STAT_SIZE:      value = pool->size - pool->opening; break;
    case MDB_POOL_STAT_IDLE:      value = pool->idle.length; break;
    case MDB_POOL_STAT_IN_USE:    value = pool->size - pool->opening - pool->idle.length; break;
    case MDB_POOL_STAT_WAITING:   value = pool->waiters.length; break;
    case MDB_POOL_STAT_ACQUIRES:  value = pool->acquires; break;
    case MDB_POOL_STAT_TIMEOUTS:  value = pool->timeouts; break;
    case MDB_POOL_STAT_WAIT_USEC: value = pool->wait_usec; break;
    case MDB_POOL_STAT_OPENED:    value = pool->opened; break;
    case MDB_POOL_STAT_CLOSED:    value = pool->closed; break;
    case MDB_POOL_STAT_REPLICA_ACQUIRES:  value = pool->replica_acquires; break;
    case MDB_POOL_STAT_PRIMARY_FALLBACKS: value = pool->primary_fallbacks; break;
    case MDB_POOL_STAT_ROUND_TRIPS: value = pool->round_trips; break;
    case MDB_POOL_STAT_STATEMENTS:  value = pool->statements; break;
    default: break;
    }
  g_mutex_unlock (&pool->lock);
  if ((stat == MDB_POOL_STAT_ROUND_TRIPS || stat == MDB_POOL_STAT_STATEMENTS) && pool->replicas != NULL)
    value += replicas_stat (pool, stat);
  return value;
}

/* ---- the reader: reads on replicas -------------------------------------- */

/* How long a replica that failed is left alone before it is tried again. */
#define REPLICA_RETRY_USEC (2 * G_USEC_PER_SEC)

/* Skips @replica for a while and closes its idle connections, which most
 * likely lost their server too. */
static void
replica_mark_down (MdbReplica *replica)
{
  MdbPool *pool = replica->pool;
  GQueue dead = G_QUEUE_INIT;
  GList *l;

  g_mutex_lock (&replica->primary->lock);
  replica->down_until = g_get_monotonic_time () + REPLICA_RETRY_USEC;
  g_mutex_unlock (&replica->primary->lock);

  g_mutex_lock (&pool->lock);
  while ((l = g_queue_pop_head_link (&pool->idle)) != NULL)
    {
      discard_locked (pool);
      g_queue_push_tail_link (&dead, l);
    }
  g_mutex_unlock (&pool->lock);
  while ((l = g_queue_pop_head_link (&dead)) != NULL)
    conn_destroy (l->data);
}

/* A connection of @replica, or NULL when it is down (now or recently). */
static MdbConn *
replica_try_acquire (MdbReplica *replica)
{
  MdbPool *primary = replica->primary;
  g_autoptr (GError) local = NULL;
  gboolean up;
  MdbConn *conn;

  g_mutex_lock (&primary->lock);
  up = replica->down_until == 0 || g_get_monotonic_time () >= replica->down_until;
  g_mutex_unlock (&primary->lock);
  if (!up)
    return NULL;
  if ((conn = mdb_pool_acquire (replica->pool, &local)) == NULL)
    {
      /* A busy replica is not a dead one: only failed connects count. */
      if (g_error_matches (local, MDB_ERROR, MDB_ERROR_CONNECT))
        replica_mark_down (replica);
      return NULL;
    }
  g_mutex_lock (&primary->lock);
  replica->down_until = 0;
  primary->replica_acquires++;
  g_mutex_unlock (&primary->lock);
  return conn;
}

MdbConn *
mdb__pool_acquire_reader (MdbPool *pool, GError **error)
{
  guint n = pool->replicas != NULL ? pool->replicas->len : 0;
  guint start, i;

  if (n == 0)
    return mdb_pool_acquire (pool, error);
  g_mutex_lock (&pool->lock);
  start = pool->next_replica++;
  g_mutex_unlock (&pool->lock);
  for (i = 0; i < n; i++)
    {
      MdbConn *conn = replica_try_acquire (g_ptr_array_index (pool->replicas, (start + i) % n));

      if (conn != NULL)
        return conn;
    }
  g_mutex_lock (&pool->lock);
  pool->primary_fallbacks++;
  g_mutex_unlock (&pool->lock);
  return mdb_pool_acquire (pool, error);
}

gboolean
mdb__pool_conn_is_replica (const MdbConn *conn)
{
  return conn->pool != NULL && conn->pool->as_replica != NULL;
}

void
mdb__pool_replica_failed (MdbConn *conn)
{
  if (mdb__pool_conn_is_replica (conn))
    replica_mark_down (conn->pool->as_replica);
}

/**
 * mdb_pool_get_reader:
 * @pool: a pool
 *
 * An executor for reads: each statement (or mdb_executor_acquire_conn()) goes
 * to the next replica added with mdb_pool_config_add_replica(),
 * round-robin.  A replica whose connect fails, or whose connection is lost
 * during a statement, is skipped for two seconds; mdb_exec() and
 * mdb_exec_pipeline() then run the statement again elsewhere (safe: a
 * replica cannot have written anything).  With no replica configured or
 * none up, the primary serves the read (%MDB_POOL_STAT_PRIMARY_FALLBACKS
 * counts those).
 *
 * Writes through the reader fail with SQLSTATE 25006 on a replica but
 * succeed on the primary after a fallback: write through @pool instead.
 * mdb_copy_begin() on a reader is such a write.
 *
 * Returns: (transfer none): an executor that lives as long as @pool
 * Since: 0.1
 */
MdbExecutor *
mdb_pool_get_reader (MdbPool *pool)
{
  g_return_val_if_fail (pool != NULL && pool->parent.kind == MDB__EXECUTOR_POOL, NULL);
  g_return_val_if_fail (pool->as_replica == NULL, NULL);
  return &pool->reader.parent;
}
