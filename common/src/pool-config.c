/* SPDX-License-Identifier: MIT */
/* Settings of a connection pool, built before the pool and copied into it. */
#include "conn-private.h"

/**
 * mdb_pool_config_new:
 * @conninfo: a libpq conninfo string or URL
 *
 * Creates a pool configuration with the defaults documented in mdb-pool.h.
 *
 * Returns: (transfer full): a configuration for mdb_pool_config_free()
 * Since: 0.1
 */
MdbPoolConfig *
mdb_pool_config_new (const char *conninfo)
{
  MdbPoolConfig *config;

  g_return_val_if_fail (conninfo != NULL, NULL);

  config = g_new0 (MdbPoolConfig, 1);
  config->conninfo = g_strdup (conninfo);
  config->max_size = 10;
  config->acquire_timeout_usec = 30 * G_USEC_PER_SEC;
  config->idle_timeout_usec = 10 * 60 * G_USEC_PER_SEC;
  config->max_lifetime_usec = 30 * 60 * G_USEC_PER_SEC;
  config->lifetime_jitter = 0.1;
  config->health_check_after_usec = G_USEC_PER_SEC;
  config->backoff_initial_usec = 10 * 1000;
  config->backoff_max_usec = G_USEC_PER_SEC;
  config->application_name = g_strdup ("macrodb");
  config->statement_cache_capacity = 100;
  config->slow_statement_usec = 0;
  return config;
}

/**
 * mdb_pool_config_free:
 * @config: (nullable): a configuration
 *
 * Since: 0.1
 */
void
mdb_pool_config_free (MdbPoolConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->conninfo);
  g_free (config->after_connect_sql);
  g_free (config->application_name);
  g_clear_pointer (&config->replicas, g_ptr_array_unref);
  g_free (config);
}

static gpointer
copy_string (gconstpointer src, gpointer unused)
{
  return g_strdup (src);
}

MdbPoolConfig *
mdb__pool_config_copy (const MdbPoolConfig *config)
{
  MdbPoolConfig *copy = g_memdup2 (config, sizeof *config);

  copy->conninfo = g_strdup (config->conninfo);
  copy->after_connect_sql = g_strdup (config->after_connect_sql);
  copy->application_name = g_strdup (config->application_name);
  if (config->replicas != NULL)
    copy->replicas = g_ptr_array_copy (config->replicas, copy_string, NULL);
  return copy;
}

/**
 * mdb_pool_config_set_max_size:
 * @config: a configuration
 * @max_size: the most connections open at once (at least 1; default 10)
 *
 * Since: 0.1
 */
void
mdb_pool_config_set_max_size (MdbPoolConfig *config, guint max_size)
{
  g_return_if_fail (config != NULL && max_size > 0);
  config->max_size = max_size;
}

/**
 * mdb_pool_config_set_min_size:
 * @config: a configuration
 * @min_size: connections opened by mdb_pool_new() and kept through idle
 *   eviction (default 0)
 *
 * Since: 0.1
 */
void
mdb_pool_config_set_min_size (MdbPoolConfig *config, guint min_size)
{
  g_return_if_fail (config != NULL);
  config->min_size = min_size;
}

/**
 * mdb_pool_config_set_acquire_timeout:
 * @config: a configuration
 * @usec: how long mdb_pool_acquire() waits (default 30 s; 0 = forever)
 *
 * Since: 0.1
 */
void
mdb_pool_config_set_acquire_timeout (MdbPoolConfig *config, gint64 usec)
{
  g_return_if_fail (config != NULL && usec >= 0);
  config->acquire_timeout_usec = usec;
}

/**
 * mdb_pool_config_set_idle_timeout:
 * @config: a configuration
 * @usec: close connections idle longer than this (default 10 min; 0 = never)
 *
 * Since: 0.1
 */
void
mdb_pool_config_set_idle_timeout (MdbPoolConfig *config, gint64 usec)
{
  g_return_if_fail (config != NULL && usec >= 0);
  config->idle_timeout_usec = usec;
}

/**
 * mdb_pool_config_set_max_lifetime:
 * @config: a configuration
 * @usec: close connections older than this (default 30 min; 0 = never)
 * @jitter: fraction (0…1) by which each connection's lifetime is randomly
 *   shortened, so connections opened together do not all close together
 *   (default 0.1)
 *
 * Since: 0.1
 */
void
mdb_pool_config_set_max_lifetime (MdbPoolConfig *config, gint64 usec, double jitter)
{
  g_return_if_fail (config != NULL && usec >= 0);
  g_return_if_fail (jitter >= 0.0 && jitter <= 1.0);
  config->max_lifetime_usec = usec;
  config->lifetime_jitter = jitter;
}

/**
 * mdb_pool_config_set_health_check_after:
 * @config: a configuration
 * @usec: ping a connection on checkout when it sat idle longer than this
 *   (default 1 s; 0 = ping on every checkout)
 *
 * Since: 0.1
 */
void
mdb_pool_config_set_health_check_after (MdbPoolConfig *config, gint64 usec)
{
  g_return_if_fail (config != NULL && usec >= 0);
  config->health_check_after_usec = usec;
}

/**
 * mdb_pool_config_set_connect_backoff:
 * @config: a configuration
 * @initial_usec: wait after the first failed connect (default 10 ms)
 * @max_usec: the longest wait between attempts (default 1 s)
 *
 * Failed connects are retried, doubling the wait, within the acquire timeout.
 *
 * Since: 0.1
 */
void
mdb_pool_config_set_connect_backoff (MdbPoolConfig *config, gint64 initial_usec, gint64 max_usec)
{
  g_return_if_fail (config != NULL && initial_usec > 0 && max_usec >= initial_usec);
  config->backoff_initial_usec = initial_usec;
  config->backoff_max_usec = max_usec;
}

/**
 * mdb_pool_config_set_after_connect_sql:
 * @config: a configuration
 * @sql: (nullable): SQL run once on every new connection, e.g. `SET search_path …`
 *
 * A failure of this SQL fails the connect.
 *
 * Since: 0.1
 */
void
mdb_pool_config_set_after_connect_sql (MdbPoolConfig *config, const char *sql)
{
  g_return_if_fail (config != NULL);
  g_free (config->after_connect_sql);
  config->after_connect_sql = g_strdup (sql);
}

/**
 * mdb_pool_config_set_statement_timeout:
 * @config: a configuration
 * @msec: statement_timeout of every connection (default 0 = server default)
 *
 * Sent as a connection option, so it costs no round trip.
 *
 * Since: 0.1
 */
void
mdb_pool_config_set_statement_timeout (MdbPoolConfig *config, guint msec)
{
  g_return_if_fail (config != NULL);
  config->statement_timeout_msec = msec;
}

/**
 * mdb_pool_config_set_application_name:
 * @config: a configuration
 * @name: application_name of every connection (default "macrodb", which an
 *   application_name in the conninfo overrides; one set here overrides it)
 *
 * Since: 0.1
 */
void
mdb_pool_config_set_application_name (MdbPoolConfig *config, const char *name)
{
  g_return_if_fail (config != NULL && name != NULL);
  g_free (config->application_name);
  config->application_name = g_strdup (name);
  config->application_name_set = TRUE;
}

/**
 * mdb_pool_config_set_statement_cache_capacity:
 * @config: a configuration
 * @capacity: prepared statements cached per connection (default 100)
 *
 * Since: 0.1
 */
void
mdb_pool_config_set_statement_cache_capacity (MdbPoolConfig *config, guint capacity)
{
  g_return_if_fail (config != NULL);
  config->statement_cache_capacity = capacity;
}

/**
 * mdb_pool_config_set_pgbouncer_mode:
 * @config: a configuration
 * @enabled: %TRUE behind PgBouncer in transaction mode
 *
 * Then no named prepared statement is used (the cache is off), since the
 * next transaction may run on another server connection, and no `options`
 * startup parameter is sent (PgBouncer 1.18 rejects it): mdb_pool_new() then
 * refuses a statement timeout, which belongs on the role or database there
 * (`ALTER ROLE … SET statement_timeout`).  application_name passes through.
 *
 * Since: 0.1
 */
void
mdb_pool_config_set_pgbouncer_mode (MdbPoolConfig *config, gboolean enabled)
{
  g_return_if_fail (config != NULL);
  config->pgbouncer_mode = enabled;
}

/**
 * mdb_pool_config_add_replica:
 * @config: a configuration
 * @conninfo: a libpq conninfo string or URL of a streaming replica
 *
 * Adds a read replica.  mdb_pool_new() gives each replica a pool of its own
 * with the same settings (it opens no connection up front, so a replica that
 * is down does not fail the pool), and mdb_pool_get_reader() routes
 * statements to the replicas, round-robin, or to the primary when none is up.
 * May be called several times.
 *
 * Since: 0.1
 */
void
mdb_pool_config_add_replica (MdbPoolConfig *config, const char *conninfo)
{
  g_return_if_fail (config != NULL && conninfo != NULL);
  if (config->replicas == NULL)
    config->replicas = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (config->replicas, g_strdup (conninfo));
}
