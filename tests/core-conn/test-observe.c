/* SPDX-License-Identifier: MIT */
/* What the core tells the application: round trips, the statement
 * observer, the slow-statement log and server notices. */
#include "conn-test.h"

/* Records of domain "mdb" logged by the test so far (set up in main, so a
 * forked test inherits it). */
typedef struct {
  GLogLevelFlags level;
  char          *message;
  GHashTable    *fields;   /* key -> value, both owned */
} LogRecord;

static GPtrArray *records;

static void
log_record_free (LogRecord *record)
{
  g_free (record->message);
  g_hash_table_unref (record->fields);
  g_free (record);
}

static GLogWriterOutput
capture_writer (GLogLevelFlags level, const GLogField *fields, gsize n, gpointer data)
{
  LogRecord *record = g_new0 (LogRecord, 1);
  gsize i;

  (void) data;
  record->level = level;
  record->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (i = 0; i < n; i++)
    g_hash_table_insert (record->fields, g_strdup (fields[i].key),
                         fields[i].length < 0 ? g_strdup (fields[i].value)
                                              : g_strndup (fields[i].value, fields[i].length));
  record->message = g_strdup (g_hash_table_lookup (record->fields, "MESSAGE"));
  if (g_strcmp0 (g_hash_table_lookup (record->fields, "GLIB_DOMAIN"), "mdb") == 0)
    g_ptr_array_add (records, record);
  else
    log_record_free (record);
  return G_LOG_WRITER_HANDLED;
}

/* The first record whose @field is @value, or NULL. */
static LogRecord *
find_record (const char *field, const char *value)
{
  guint i;

  for (i = 0; i < records->len; i++)
    {
      LogRecord *record = g_ptr_array_index (records, i);

      if (g_strcmp0 (g_hash_table_lookup (record->fields, field), value) == 0)
        return record;
    }
  return NULL;
}

START_TEST (test_server_notice_goes_to_glib_log)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbConn) conn = NULL;
  GError *error = NULL;
  LogRecord *notice, *warning;

  conn = mdb_conn_new (mdb_test_db_get_url (db), &error);
  ASSERT_OK (error);
  conn_test_script (conn, "DO $$ BEGIN RAISE NOTICE 'mdb notice %', 1; RAISE WARNING 'mdb warning'; END $$");
  notice = find_record ("MESSAGE", "mdb notice 1");
  warning = find_record ("MESSAGE", "mdb warning");
  ck_assert_msg (notice != NULL, "no log record for the notice (%u records)", records->len);
  ck_assert_msg (warning != NULL, "no log record for the warning");
  ck_assert_int_eq (notice->level, G_LOG_LEVEL_INFO);
  ck_assert_str_eq (g_hash_table_lookup (notice->fields, "MDB_SEVERITY"), "NOTICE");
  ck_assert_int_eq (warning->level, G_LOG_LEVEL_MESSAGE);
  ck_assert_str_eq (g_hash_table_lookup (warning->fields, "MDB_SQLSTATE"), "01000");
}
END_TEST

static MdbPool *
observed_pool (MdbTestDb *db, MdbStatementObserver observer, gpointer data, gint64 slow_usec)
{
  g_autoptr (MdbPoolConfig) config = mdb_pool_config_new (mdb_test_db_get_url (db));
  GError *error = NULL;
  MdbPool *pool;

  mdb_pool_config_set_max_size (config, 2);
  mdb_pool_config_set_statement_observer (config, observer, data);
  mdb_pool_config_set_slow_statement_threshold (config, slow_usec);
  pool = mdb_pool_new (config, &error);
  ASSERT_OK (error);
  return pool;
}

static void
exec_ok (MdbExecutor *executor, const char *sql, MdbParams *params)
{
  g_autoptr (MdbResult) result = NULL;
  GError *error = NULL;

  result = mdb_exec (executor, sql, params, &error);
  ASSERT_OK (error);
}

START_TEST (test_round_trips_counted_per_connection)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbConn) conn = NULL;
  const char *sqls[] = { "SELECT 1", "SELECT 2", "SELECT 3" };
  g_autoptr (GPtrArray) results = NULL;
  GError *error = NULL;
  guint64 trips, statements;

  conn = mdb_conn_new (mdb_test_db_get_url (db), &error);
  ASSERT_OK (error);
  trips = mdb_conn_get_round_trips (conn);
  statements = mdb_conn_get_statements (conn);
  /* First run: prepare + execute; then execute only. */
  exec_ok (MDB_EXECUTOR (conn), "SELECT 42", NULL);
  ck_assert_uint_eq (mdb_conn_get_round_trips (conn) - trips, 2);
  exec_ok (MDB_EXECUTOR (conn), "SELECT 42", NULL);
  ck_assert_uint_eq (mdb_conn_get_round_trips (conn) - trips, 3);
  ck_assert_uint_eq (mdb_conn_get_statements (conn) - statements, 2);
  /* A pipeline is one round trip for all its statements. */
  mdb_test_assert_round_trips (MDB_EXECUTOR (conn), 1,
                               results = mdb_conn_exec_pipeline (conn, 3, sqls, NULL, &error));
  ASSERT_OK (error);
  ck_assert_uint_eq (mdb_conn_get_statements (conn) - statements, 5);
  /* A transaction: BEGIN, the statement, COMMIT. */
  mdb_test_assert_round_trips (MDB_EXECUTOR (conn), 3, {
    ck_assert (mdb_conn_begin (conn, MDB_ISOLATION_DEFAULT, NULL));
    exec_ok (MDB_EXECUTOR (conn), "SELECT 42", NULL);
    ck_assert (mdb_conn_commit (conn, NULL));
  });
  ck_assert_uint_eq (mdb_executor_get_round_trips (MDB_EXECUTOR (conn)), mdb_conn_get_round_trips (conn));
  ck_assert_uint_eq (mdb_conn_get_round_trips (conn) - trips, 7);
}
END_TEST

START_TEST (test_round_trips_counted_by_pool)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbPool) pool = observed_pool (db, NULL, NULL, 0);
  GError *error = NULL;
  MdbConn *conn;

  exec_ok (MDB_EXECUTOR (pool), "SELECT 1", NULL);
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_ROUND_TRIPS), 2);
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_STATEMENTS), 1);
  mdb_test_assert_round_trips (MDB_EXECUTOR (pool), 1, exec_ok (MDB_EXECUTOR (pool), "SELECT 1", NULL));
  mdb_test_assert_round_trips (mdb_pool_get_reader (pool), 1,
                               exec_ok (mdb_pool_get_reader (pool), "SELECT 1", NULL));
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_STATEMENTS), 3);

  /* A borrowed connection's traffic reaches the pool when it comes back,
   * with the ROLLBACK the release needed. */
  conn = mdb_pool_acquire (pool, &error);
  ASSERT_OK (error);
  conn_test_script (conn, "BEGIN");
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_ROUND_TRIPS), 4);
  mdb_pool_release (pool, conn);
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_ROUND_TRIPS), 6);
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_STATEMENTS), 5);
}
END_TEST

typedef struct {
  GMutex     lock;
  GPtrArray *sqls;     /* char * */
  GArray    *rows;     /* gint64 */
  GArray    *codes;    /* int: error code, or -1 */
  gint64     min_duration;
} Observed;

static void
observe (const MdbStatementEvent *event, gpointer data)
{
  Observed *o = data;
  const GError *error = mdb_statement_event_get_error (event);
  gint64 rows = mdb_statement_event_get_rows (event);
  int code = error ? error->code : -1;

  g_mutex_lock (&o->lock);
  g_ptr_array_add (o->sqls, g_strdup (mdb_statement_event_get_sql (event)));
  g_array_append_val (o->rows, rows);
  g_array_append_val (o->codes, code);
  o->min_duration = MIN (o->min_duration, mdb_statement_event_get_duration_usec (event));
  g_mutex_unlock (&o->lock);
}

START_TEST (test_statement_observer_sees_sql_rows_and_errors)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  Observed o = { .sqls = g_ptr_array_new_with_free_func (g_free),
                 .rows = g_array_new (FALSE, FALSE, sizeof (gint64)),
                 .codes = g_array_new (FALSE, FALSE, sizeof (int)),
                 .min_duration = G_MAXINT64 };
  g_autoptr (MdbPool) pool = observed_pool (db, observe, &o, 0);
  const char *pipe[] = { "SELECT 1", "INSERT INTO t VALUES (3)" };
  g_autoptr (MdbResult) failed = NULL;
  g_autoptr (GPtrArray) results = NULL;
  GError *error = NULL;

  g_mutex_init (&o.lock);
  exec_ok (MDB_EXECUTOR (pool), "CREATE TABLE t (i int PRIMARY KEY)", NULL);
  exec_ok (MDB_EXECUTOR (pool), "INSERT INTO t SELECT generate_series (1, 2)", NULL);
  exec_ok (MDB_EXECUTOR (pool), "SELECT i FROM t ORDER BY i", NULL);
  failed = mdb_exec (MDB_EXECUTOR (pool), "INSERT INTO t VALUES (1)", NULL, &error);
  ASSERT_ERROR (error, MDB_ERROR_UNIQUE_VIOLATION);
  g_clear_error (&error);
  results = mdb_exec_pipeline (MDB_EXECUTOR (pool), 2, pipe, NULL, &error);
  ASSERT_OK (error);

  ck_assert_uint_eq (o.sqls->len, 6);
  ck_assert_str_eq (g_ptr_array_index (o.sqls, 1), "INSERT INTO t SELECT generate_series (1, 2)");
  ck_assert_int_eq (g_array_index (o.rows, gint64, 1), 2);
  ck_assert_int_eq (g_array_index (o.codes, int, 1), -1);
  ck_assert_int_eq (g_array_index (o.rows, gint64, 2), 2);
  ck_assert_str_eq (g_ptr_array_index (o.sqls, 3), "INSERT INTO t VALUES (1)");
  ck_assert_int_eq (g_array_index (o.rows, gint64, 3), -1);
  ck_assert_int_eq (g_array_index (o.codes, int, 3), MDB_ERROR_UNIQUE_VIOLATION);
  ck_assert_str_eq (g_ptr_array_index (o.sqls, 5), "INSERT INTO t VALUES (3)");
  ck_assert_int_eq (g_array_index (o.rows, gint64, 5), 1);
  ck_assert_int_ge (o.min_duration, 1);
  g_ptr_array_unref (o.sqls);
  g_array_unref (o.rows);
  g_array_unref (o.codes);
  g_mutex_clear (&o.lock);
}
END_TEST

/* Each record's fields joined, to search for what must not be there. */
static char *
all_log_text (void)
{
  GString *text = g_string_new (NULL);
  guint i;

  for (i = 0; i < records->len; i++)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, ((LogRecord *) g_ptr_array_index (records, i))->fields);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_string_append_printf (text, "%s=%s\n", (char *) key, (char *) value);
    }
  return g_string_free (text, FALSE);
}

START_TEST (test_slow_statement_logged_without_values)
{
  static const char slow_sql[] = "SELECT pg_sleep ($1::float8), $2::text AS label";
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbPool) pool = observed_pool (db, NULL, NULL, 100 * 1000);
  g_autoptr (MdbParams) params = mdb_params_new ();
  g_autofree char *text = NULL;
  LogRecord *record;

  mdb_params_add_float8 (params, 0.15);
  mdb_params_add_text (params, "value-Zq7x");
  exec_ok (MDB_EXECUTOR (pool), "SELECT 1", NULL);
  ck_assert_uint_eq (records->len, 0);
  exec_ok (MDB_EXECUTOR (pool), slow_sql, params);
  exec_ok (MDB_EXECUTOR (pool), "SELECT pg_sleep (0.15), 'hunter2' AS password", NULL);

  record = find_record ("MDB_SQL", slow_sql);
  ck_assert_msg (record != NULL, "no slow-statement record (%u records)", records->len);
  ck_assert_int_eq (record->level, G_LOG_LEVEL_MESSAGE);
  ck_assert_int_ge (g_ascii_strtoll (g_hash_table_lookup (record->fields, "MDB_DURATION_USEC"), NULL, 10), 100 * 1000);
  ck_assert_str_eq (g_hash_table_lookup (record->fields, "MDB_ROWS"), "1");
  ck_assert_msg (strstr (record->message, slow_sql) != NULL, "%s", record->message);
  ck_assert_ptr_nonnull (find_record ("MDB_SQL", "(withheld: the statement mentions a password)"));
  ck_assert_uint_eq (records->len, 2);
  text = all_log_text ();
  ck_assert_msg (strstr (text, "Zq7x") == NULL, "a parameter value was logged: %s", text);
  ck_assert_msg (strstr (text, "hunter2") == NULL, "a password was logged: %s", text);
}
END_TEST

START_TEST (test_slow_statement_log_off_at_zero)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbPool) pool = observed_pool (db, NULL, NULL, 0);

  exec_ok (MDB_EXECUTOR (pool), "SELECT pg_sleep (0.05)", NULL);
  ck_assert_uint_eq (records->len, 0);
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("core-observe");
  TCase *tc = tcase_create ("observe");
  int status;

  records = g_ptr_array_new_with_free_func ((GDestroyNotify) log_record_free);
  g_log_set_writer_func (capture_writer, NULL, NULL);
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_server_notice_goes_to_glib_log);
  tcase_add_test (tc, test_round_trips_counted_per_connection);
  tcase_add_test (tc, test_round_trips_counted_by_pool);
  tcase_add_test (tc, test_statement_observer_sees_sql_rows_and_errors);
  tcase_add_test (tc, test_slow_statement_logged_without_values);
  tcase_add_test (tc, test_slow_statement_log_off_at_zero);
  suite_add_tcase (s, tc);
  status = mdb_test_run (srunner_create (s), TRUE);
  g_ptr_array_unref (records);
  return status;
}
