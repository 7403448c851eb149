/* SPDX-License-Identifier: MIT */
/* What the core reports to the application: traffic counters, the
 * statement observer, the slow-statement log and server notices, the last
 * two through GLib's structured log (domain "mdb"). */
#include <time.h>
#include "conn-private.h"

/* libpq's default prints notices on stderr; a library does not print.  A
 * notice arrives with a statement (RAISE NOTICE, a warning) or unasked on
 * an idle connection, where it is the FATAL of a terminated backend that
 * the pool's checkout has just read. */
static void
log_notice (void *data, const PGresult *res)
{
  const char *severity = PQresultErrorField (res, PG_DIAG_SEVERITY_NONLOCALIZED);
  const char *sqlstate = PQresultErrorField (res, PG_DIAG_SQLSTATE);
  const char *text = PQresultErrorField (res, PG_DIAG_MESSAGE_PRIMARY);
  gboolean warning = severity != NULL && strcmp (severity, "WARNING") == 0;
  GLogField fields[] = {
    { "GLIB_DOMAIN", G_LOG_DOMAIN, -1 },
    { "MESSAGE", text ? text : "(empty notice)", -1 },
    { "MDB_SEVERITY", severity ? severity : "NOTICE", -1 },
    { "MDB_SQLSTATE", sqlstate ? sqlstate : "", -1 },
  };

  (void) data;
  g_log_structured_array (warning ? G_LOG_LEVEL_MESSAGE : G_LOG_LEVEL_INFO, fields, G_N_ELEMENTS (fields));
}

void
mdb__conn_route_notices (MdbConn *conn)
{
  PQsetNoticeReceiver (conn->pg, log_notice, NULL);
}

/* ---- traffic counters --------------------------------------------------- */

/**
 * mdb_conn_get_round_trips:
 * @conn: a connection
 *
 * Returns: how many times @conn waited for the server's answer since it
 *   opened (statements, prepares, pipelines, COPY, pings, rollbacks)
 * Since: 0.1
 */
guint64
mdb_conn_get_round_trips (const MdbConn *conn)
{
  g_return_val_if_fail (conn != NULL, 0);
  return conn->round_trips;
}

/**
 * mdb_conn_get_statements:
 * @conn: a connection
 *
 * Returns: how many statements @conn ran since it opened (each statement of
 *   a pipeline or a script counts; prepares and pings do not)
 * Since: 0.1
 */
guint64
mdb_conn_get_statements (const MdbConn *conn)
{
  g_return_val_if_fail (conn != NULL, 0);
  return conn->statements;
}

static guint64
executor_count (MdbExecutor *executor, gboolean round_trips)
{
  MdbPool *pool;

  g_return_val_if_fail (executor != NULL, 0);
  if (executor->kind == MDB__EXECUTOR_CONN)
    return round_trips ? ((MdbConn *) executor)->round_trips : ((MdbConn *) executor)->statements;
  if (executor->kind == MDB__EXECUTOR_READER)
    pool = ((MdbPoolReader *) executor)->primary;
  else
    {
      g_return_val_if_fail (executor->kind == MDB__EXECUTOR_POOL, 0);
      pool = (MdbPool *) executor;
    }
  return mdb_pool_get_stat (pool, round_trips ? MDB_POOL_STAT_ROUND_TRIPS : MDB_POOL_STAT_STATEMENTS);
}

/**
 * mdb_executor_get_round_trips:
 * @executor: a pool, a connection or a reader
 *
 * A connection's mdb_conn_get_round_trips(), or a pool's
 * %MDB_POOL_STAT_ROUND_TRIPS (a reader: its pool's), which counts a
 * connection's round trips when it goes back to the pool.  Tests compare
 * it before and after a call: mdb_test_assert_round_trips().
 *
 * Returns: the round trips so far
 * Since: 0.1
 */
guint64
mdb_executor_get_round_trips (MdbExecutor *executor)
{
  return executor_count (executor, TRUE);
}

/**
 * mdb_executor_get_statements:
 * @executor: a pool, a connection or a reader
 *
 * The statements so far, counted as mdb_executor_get_round_trips() counts
 * round trips.
 *
 * Returns: the statements so far
 * Since: 0.1
 */
guint64
mdb_executor_get_statements (MdbExecutor *executor)
{
  return executor_count (executor, FALSE);
}

/* ---- the statement observer and the slow-statement log ------------------ */

struct _MdbStatementEvent {
  const char   *sql;
  gint64        duration_usec;
  gint64        rows;
  const GError *error;
};

/**
 * mdb_pool_config_set_statement_observer:
 * @config: a configuration
 * @observer: (nullable): called after each statement, or %NULL for none
 * @user_data: passed to @observer; must outlive the pool
 *
 * Watches every statement the pool's connections run with mdb_exec(),
 * mdb_conn_exec() or a pipeline, for service logs and metrics.  The
 * observer runs on the thread that ran the statement, after it ended and
 * before the call returns: keep it thread-safe and quick.
 *
 * Since: 0.1
 */
void
mdb_pool_config_set_statement_observer (MdbPoolConfig *config, MdbStatementObserver observer,
                                        gpointer user_data)
{
  g_return_if_fail (config != NULL);
  config->observer = observer;
  config->observer_data = user_data;
}

/**
 * mdb_pool_config_set_slow_statement_threshold:
 * @config: a configuration
 * @usec: log statements that take at least this long; 0 turns the log off
 *
 * Slow statements go to GLib's structured log, domain `mdb`, level
 * %G_LOG_LEVEL_MESSAGE, with the fields `MDB_SQL` (the text with `$N`
 * placeholders, never parameter values, withheld entirely when it mentions
 * a password), `MDB_DURATION_USEC`, `MDB_ROWS` and, for a failed one,
 * `MDB_SQLSTATE`.  Default: 0 (off): timing every statement costs two
 * clock reads, about 90 instructions on a W1 call.
 *
 * Since: 0.1
 */
void
mdb_pool_config_set_slow_statement_threshold (MdbPoolConfig *config, gint64 usec)
{
  g_return_if_fail (config != NULL);
  g_return_if_fail (usec >= 0);
  config->slow_statement_usec = usec;
}

/**
 * mdb_statement_event_get_sql:
 * @event: an event
 *
 * Returns: (transfer none): the statement text with `$N` placeholders
 * Since: 0.1
 */
const char *
mdb_statement_event_get_sql (const MdbStatementEvent *event)
{
  g_return_val_if_fail (event != NULL, NULL);
  return event->sql;
}

/**
 * mdb_statement_event_get_duration_usec:
 * @event: an event
 *
 * Returns: microseconds from sending to the last result
 * Since: 0.1
 */
gint64
mdb_statement_event_get_duration_usec (const MdbStatementEvent *event)
{
  g_return_val_if_fail (event != NULL, 0);
  return event->duration_usec;
}

/**
 * mdb_statement_event_get_rows:
 * @event: an event
 *
 * Returns: rows returned (or affected by INSERT, UPDATE, DELETE); -1 when
 *   the statement failed
 * Since: 0.1
 */
gint64
mdb_statement_event_get_rows (const MdbStatementEvent *event)
{
  g_return_val_if_fail (event != NULL, -1);
  return event->rows;
}

/**
 * mdb_statement_event_get_error:
 * @event: an event
 *
 * Returns: (transfer none) (nullable): the statement's error, %NULL when it
 *   succeeded
 * Since: 0.1
 */
const GError *
mdb_statement_event_get_error (const MdbStatementEvent *event)
{
  g_return_val_if_fail (event != NULL, NULL);
  return event->error;
}

static gint64
result_rows (const PGresult *res)
{
  const char *affected;

  if (res == NULL)
    return -1;
  if (PQresultStatus (res) == PGRES_TUPLES_OK)
    return PQntuples (res);
  affected = PQcmdTuples ((PGresult *) res);
  return *affected != '\0' ? g_ascii_strtoll (affected, NULL, 10) : 0;
}

/* The SQL as the log may show it: a statement that mentions a password
 * (ALTER ROLE … PASSWORD '…') is withheld whole, since its literal could be
 * anywhere in it. */
static const char *
loggable_sql (const char *sql)
{
  g_autofree char *folded = g_ascii_strdown (sql, -1);

  return strstr (folded, "password") == NULL ? sql : "(withheld: the statement mentions a password)";
}

static void
log_slow (const MdbStatementEvent *event)
{
  char duration[24], rows[24];
  const char *sql = loggable_sql (event->sql);
  const char *sqlstate = event->error ? mdb_error_get_sqlstate (event->error) : NULL;
  g_autofree char *message = NULL;
  GLogField fields[] = {
    { "GLIB_DOMAIN", G_LOG_DOMAIN, -1 },
    { "MESSAGE", NULL, -1 },
    { "MDB_SQL", sql, -1 },
    { "MDB_DURATION_USEC", duration, -1 },
    { "MDB_ROWS", rows, -1 },
    { "MDB_SQLSTATE", sqlstate, -1 },
  };

  g_snprintf (duration, sizeof duration, "%" G_GINT64_FORMAT, event->duration_usec);
  g_snprintf (rows, sizeof rows, "%" G_GINT64_FORMAT, event->rows);
  message = g_strdup_printf ("slow statement (%.1f ms, %s): %.500s",
                             event->duration_usec / 1000.0,
                             event->error ? "failed" : "ok", sql);
  fields[1].value = message;
  g_log_structured_array (G_LOG_LEVEL_MESSAGE, fields, G_N_ELEMENTS (fields) - (sqlstate == NULL));
}

/* The monotonic clock for an observer; for the slow-statement log alone
 * the coarse one (a few ms of resolution, plenty for a threshold), which
 * costs a fraction as much on every statement. */
gint64
mdb__observe_clock (const MdbConn *conn)
{
  struct timespec ts;

  if (conn->observe->observer != NULL)
    return g_get_monotonic_time ();
  clock_gettime (CLOCK_MONOTONIC_COARSE, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

void
mdb__observe_statement (MdbConn *conn, const char *sql, gint64 duration_usec,
                        const PGresult *result, const GError *error)
{
  const MdbPoolConfig *config = conn->observe;
  gboolean slow = config->slow_statement_usec > 0 && duration_usec >= config->slow_statement_usec;
  MdbStatementEvent event = { sql, duration_usec, -1, error };

  if (config->observer == NULL && !slow)
    return;   /* the common case: only the slow log, and not slow */
  if (error == NULL)
    event.rows = result_rows (result);
  if (config->observer != NULL)
    config->observer (&event, config->observer_data);
  if (slow)
    log_slow (&event);
}
