/* SPDX-License-Identifier: MIT */
/* The migrator against a real server: run, revert, info, failures, history rows. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "mdb-test-support.h"

#define LOCK_WAIT (30 * G_USEC_PER_SEC)

static char *dir;
static MdbTestDb *db;
static MdbConn *conn;
static PGconn *pg;

static void
setup (void)
{
  g_autoptr (GError) error = NULL;

  dir = mdb_ts_make_dir ();
  db = mdb_test_db_new (NULL, &error);
  ck_assert_msg (db != NULL, "%s", mdb_ts_one_line (error));
  conn = mdb_conn_new (mdb_test_db_get_url (db), &error);
  ck_assert_msg (conn != NULL, "%s", mdb_ts_one_line (error));
  pg = mdb_ts_connect (mdb_test_db_get_url (db));
}

static void
teardown (void)
{
  PQfinish (pg);
  mdb_conn_free (conn);
  mdb_test_db_free (db);
  mdb_ts_rm_rf (dir);
  g_free (dir);
}

static MdbMigrator *
load (void)
{
  g_autoptr (GError) error = NULL;
  MdbMigrator *m = mdb_migrator_new (dir, &error);

  ck_assert_msg (m != NULL, "%s", mdb_ts_one_line (error));
  return m;
}

static void
write_basic (void)
{
  mdb_ts_write_file (dir, "1_create_a.up.sql", "CREATE TABLE a (x int);\n");
  mdb_ts_write_file (dir, "1_create_a.down.sql", "DROP TABLE a;\n");
  mdb_ts_write_file (dir, "2_create_b.up.sql", "CREATE TABLE b (y int);\n");
  mdb_ts_write_file (dir, "2_create_b.down.sql", "DROP TABLE b;\n");
  mdb_ts_write_file (dir, "3_create_c.up.sql", "CREATE TABLE c (z int);\n");
  mdb_ts_write_file (dir, "3_create_c.down.sql", "DROP TABLE c;\n");
}

static char *
q (const char *sql)
{
  return mdb_ts_query (pg, sql);
}

static gboolean
table_exists (const char *name)
{
  g_autofree char *sql = g_strdup_printf ("SELECT to_regclass('%s')::text", name);
  g_autofree char *v = q (sql);
  return v != NULL;
}

static char *
history (void)
{
  return q ("SELECT coalesce(string_agg(version::text, ',' ORDER BY version), '') FROM _sqlx_migrations");
}

static void
run_ok (MdbMigrator *m, gint64 target, guint expected)
{
  g_autoptr (GError) error = NULL;
  guint n = 99;

  ck_assert_msg (mdb_migrator_run (m, conn, target, LOCK_WAIT, &n, &error), "run: %s", mdb_ts_one_line (error));
  ck_assert_uint_eq (n, expected);
}

START_TEST (test_migrate_run_applies_all_then_nothing)
{
  g_autoptr (MdbMigrator) m = NULL;
  g_autofree char *h = NULL;

  write_basic ();
  m = load ();
  run_ok (m, -1, 3);
  run_ok (m, -1, 0);
  ck_assert (table_exists ("a") && table_exists ("b") && table_exists ("c"));
  h = history ();
  ck_assert_str_eq (h, "1,2,3");
  ck_assert (!mdb_conn_in_transaction (conn));
}
END_TEST

START_TEST (test_migrate_run_stops_at_target_version)
{
  g_autoptr (MdbMigrator) m = NULL;
  g_autofree char *h = NULL;

  write_basic ();
  m = load ();
  run_ok (m, 2, 2);
  ck_assert (!table_exists ("c"));
  h = history ();
  ck_assert_str_eq (h, "1,2");
}
END_TEST

/* A target version that names no migration is refused before anything
 * runs: run used to apply nothing and succeed, revert to revert all. */
START_TEST (test_migrate_unknown_target_version_refused)
{
  g_autoptr (MdbMigrator) m = NULL;
  g_autoptr (GError) e1 = NULL, e2 = NULL, e3 = NULL, e4 = NULL;
  g_autofree char *h = NULL;
  guint n = 7;

  write_basic ();
  m = load ();
  run_ok (m, 2, 2);
  ck_assert (!mdb_migrator_run (m, conn, 12345, LOCK_WAIT, &n, &e1));
  ck_assert (g_error_matches (e1, MDB_ERROR, MDB_ERROR_INVALID_INPUT) && strstr (e1->message, "version 12345"));
  ck_assert_uint_eq (n, 0);
  ck_assert (!mdb_migrator_run (m, conn, -5, LOCK_WAIT, &n, &e2));
  ck_assert (g_error_matches (e2, MDB_ERROR, MDB_ERROR_INVALID_INPUT));
  ck_assert (!mdb_migrator_revert (m, conn, 99, LOCK_WAIT, &n, &e3));
  ck_assert (g_error_matches (e3, MDB_ERROR, MDB_ERROR_INVALID_INPUT) && strstr (e3->message, "version 99"));
  ck_assert (!mdb_migrator_revert (m, conn, 3, LOCK_WAIT, &n, &e4));   /* on disk, not applied */
  ck_assert_uint_eq (n, 0);
  h = history ();
  ck_assert_str_eq (h, "1,2");
  ck_assert (table_exists ("a") && table_exists ("b"));
}
END_TEST

START_TEST (test_migrate_revert_latest_then_to_target)
{
  g_autoptr (MdbMigrator) m = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *h1 = NULL, *h2 = NULL;
  guint n = 0;

  write_basic ();
  m = load ();
  run_ok (m, -1, 3);
  ck_assert_msg (mdb_migrator_revert (m, conn, -1, LOCK_WAIT, &n, &error), "%s", mdb_ts_one_line (error));
  ck_assert_uint_eq (n, 1);
  ck_assert (!table_exists ("c") && table_exists ("b"));
  h1 = history ();
  ck_assert_str_eq (h1, "1,2");
  ck_assert_msg (mdb_migrator_revert (m, conn, 0, LOCK_WAIT, &n, &error), "%s", mdb_ts_one_line (error));
  ck_assert_uint_eq (n, 2);
  ck_assert (!table_exists ("a"));
  h2 = history ();
  ck_assert_str_eq (h2, "");
}
END_TEST

START_TEST (test_migrate_revert_without_down_file_fails)
{
  g_autoptr (MdbMigrator) m = NULL;
  g_autoptr (GError) error = NULL;

  mdb_ts_write_file (dir, "1_simple.sql", "CREATE TABLE s (x int);");
  m = load ();
  run_ok (m, -1, 1);
  ck_assert (!mdb_migrator_revert (m, conn, -1, LOCK_WAIT, NULL, &error));
  ck_assert_msg (strstr (error->message, "1_simple.sql") && strstr (error->message, "no down file"),
                 "%s", mdb_ts_one_line (error));
  ck_assert (table_exists ("s"));
}
END_TEST

typedef struct { GString *out; } InfoCollect;

static void
collect (gint64 version, const char *description, MdbMigrationState state, gpointer user_data)
{
  static const char *names[] = { "pending", "applied", "mismatch", "missing", "failed" };
  g_string_append_printf (user_data, "%" G_GINT64_FORMAT " %s %s;", version, description, names[state]);
}

static char *
info_of (MdbMigrator *m)
{
  g_autoptr (GError) error = NULL;
  GString *out = g_string_new (NULL);

  ck_assert_msg (mdb_migrator_info (m, conn, collect, out, &error), "%s", mdb_ts_one_line (error));
  return g_string_free (out, FALSE);
}

START_TEST (test_migrate_info_reports_each_state)
{
  g_autoptr (MdbMigrator) m = NULL, m2 = NULL;
  g_autofree char *fresh = NULL, *after = NULL;
  g_autofree char *p2 = g_build_filename (dir, "2_create_b.up.sql", NULL);
  g_autofree char *p2d = g_build_filename (dir, "2_create_b.down.sql", NULL);

  write_basic ();
  m = load ();
  fresh = info_of (m);
  ck_assert_str_eq (fresh, "1 create a pending;2 create b pending;3 create c pending;");
  run_ok (m, 2, 2);
  mdb_ts_write_file (dir, "1_create_a.up.sql", "CREATE TABLE a (x bigint);\n");
  remove (p2);
  remove (p2d);
  m2 = load ();
  after = info_of (m2);
  ck_assert_str_eq (after, "1 create a mismatch;2 create b missing;3 create c pending;");
}
END_TEST

/* After a failed run: 1_ok.sql applied, nothing of the failed file ("half"). */
static void
assert_only_first_applied (void)
{
  g_autofree char *h = history ();

  ck_assert (table_exists ("ok") && !table_exists ("half"));
  ck_assert_str_eq (h, "1");
  ck_assert (!mdb_conn_in_transaction (conn));
}

START_TEST (test_migrate_failing_migration_leaves_no_trace)
{
  g_autoptr (MdbMigrator) m = NULL;
  g_autoptr (GError) error = NULL;
  guint n = 99;

  mdb_ts_write_file (dir, "1_ok.sql", "CREATE TABLE ok (x int);\n");
  mdb_ts_write_file (dir, "2_bad.sql",
                     "CREATE TABLE half (x int);\n"
                     "INSERT INTO half VALUES (1);\n"
                     "\n"
                     "SELECT no_such_column FROM half;\n");
  mdb_ts_write_file (dir, "3_later.sql", "CREATE TABLE later (x int);\n");
  m = load ();
  ck_assert (!mdb_migrator_run (m, conn, -1, LOCK_WAIT, &n, &error));
  ck_assert_uint_eq (n, 1);
  ck_assert_msg (strstr (error->message, "2_bad.sql:4") != NULL
                 && strstr (error->message, "no_such_column") != NULL, "%s", mdb_ts_one_line (error));
  ck_assert_str_eq (mdb_error_get_sqlstate (error), "42703");
  ck_assert (!table_exists ("later"));
  assert_only_first_applied ();
}
END_TEST

START_TEST (test_migrate_runtime_error_line_is_located)
{
  g_autoptr (MdbMigrator) m = NULL;
  g_autoptr (GError) error = NULL;

  mdb_ts_write_file (dir, "1_runtime.sql",
                     "CREATE TABLE t (x text);\n"
                     "INSERT INTO t VALUES ('semi;colon'), (E'it\\'s;'); -- comment; with semicolon\n"
                     "DO $body$ BEGIN PERFORM 1; END $body$;\n"
                     "/* block ; /* nested; */ comment */\n"
                     "SELECT 1 / 0;\n");
  m = load ();
  ck_assert (!mdb_migrator_run (m, conn, -1, LOCK_WAIT, NULL, &error));
  ck_assert_msg (strstr (error->message, "1_runtime.sql:5: division by zero") != NULL,
                 "%s", mdb_ts_one_line (error));
  ck_assert (!table_exists ("t"));
}
END_TEST

START_TEST (test_migrate_changed_applied_file_blocks_everything)
{
  g_autoptr (MdbMigrator) m = NULL, m2 = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *h = NULL;

  mdb_ts_write_file (dir, "1_a.sql", "CREATE TABLE a (x int);\n");
  m = load ();
  run_ok (m, -1, 1);
  mdb_ts_write_file (dir, "1_a.sql", "CREATE TABLE a (x int, y int);\n");
  mdb_ts_write_file (dir, "2_b.sql", "CREATE TABLE b (x int);\n");
  m2 = load ();
  ck_assert (!mdb_migrator_run (m2, conn, -1, LOCK_WAIT, NULL, &error));
  ck_assert_msg (g_error_matches (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT)
                 && strstr (error->message, "1_a.sql") && strstr (error->message, "checksum mismatch"),
                 "%s", mdb_ts_one_line (error));
  ck_assert (!table_exists ("b"));
  h = history ();
  ck_assert_str_eq (h, "1");
}
END_TEST

START_TEST (test_migrate_missing_applied_file_is_reported)
{
  g_autoptr (MdbMigrator) m = NULL, m2 = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *p = g_build_filename (dir, "1_a.sql", NULL);

  mdb_ts_write_file (dir, "1_a.sql", "CREATE TABLE a (x int);\n");
  m = load ();
  run_ok (m, -1, 1);
  remove (p);
  mdb_ts_write_file (dir, "2_b.sql", "CREATE TABLE b (x int);\n");
  m2 = load ();
  ck_assert (!mdb_migrator_run (m2, conn, -1, LOCK_WAIT, NULL, &error));
  ck_assert_msg (strstr (error->message, "migration 1 was applied but its file is missing"),
                 "%s", mdb_ts_one_line (error));
  ck_assert (!table_exists ("b"));
}
END_TEST

START_TEST (test_migrate_no_transaction_runs_create_index_concurrently)
{
  g_autoptr (MdbMigrator) m = NULL;
  g_autofree char *valid = NULL, *h = NULL;

  mdb_ts_write_file (dir, "1_t.sql", "CREATE TABLE t (x int);\n");
  mdb_ts_write_file (dir, "2_idx.sql", "-- no-transaction\nCREATE INDEX CONCURRENTLY t_x_idx ON t (x);\n");
  m = load ();
  run_ok (m, -1, 2);
  valid = q ("SELECT indisvalid::text FROM pg_index WHERE indexrelid = 't_x_idx'::regclass");
  ck_assert_str_eq (valid, "true");
  h = history ();
  ck_assert_str_eq (h, "1,2");
}
END_TEST

/* Each way a file can end mdb's transaction; before the check, the first
 * COMMIT committed "half" and later statements ran outside any transaction. */
static const char *const tx_control_files[] = {
  "CREATE TABLE half (x int);\nCOMMIT;\nSELECT no_such_column FROM half;\n",
  "BEGIN;\nCREATE TABLE half (x int);\nCOMMIT;\n",
  "create table half (x int);\n/* done */ end;\n",
  "CREATE TABLE half (x int);\nstart transaction isolation level serializable;\n",
  "CREATE TABLE half (x int);\n-- undo\nROLLBACK;\n",
  "CREATE TABLE half (x int);\nABORT;\n",
  "CREATE TABLE half (x int);\nPREPARE TRANSACTION 'x';\n",
  "CREATE TABLE half (x int);\nCREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC END;\nCOMMIT;\n",
};

START_TEST (test_migrate_transaction_control_is_refused_without_trace)
{
  g_autoptr (MdbMigrator) m = NULL;
  g_autoptr (GError) error = NULL;

  mdb_ts_write_file (dir, "1_ok.sql", "CREATE TABLE ok (x int);\n");
  mdb_ts_write_file (dir, "2_tx.sql", tx_control_files[_i]);
  m = load ();
  ck_assert (!mdb_migrator_run (m, conn, -1, LOCK_WAIT, NULL, &error));
  ck_assert_msg (g_error_matches (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT)
                 && strstr (error->message, "2_tx.sql:") != NULL
                 && strstr (error->message, "-- no-transaction") != NULL, "%s", mdb_ts_one_line (error));
  assert_only_first_applied ();
}
END_TEST

START_TEST (test_migrate_transaction_control_names_the_line)
{
  g_autoptr (MdbMigrator) m = NULL;
  g_autoptr (GError) error = NULL;

  mdb_ts_write_file (dir, "1_tx.sql", "-- a comment; BEGIN;\nCREATE TABLE t (x text DEFAULT 'COMMIT;');\n"
                                      "DO $$ BEGIN PERFORM 1; END $$;\n\n  COMMIT ;\n");
  m = load ();
  ck_assert (!mdb_migrator_run (m, conn, -1, LOCK_WAIT, NULL, &error));
  ck_assert_msg (strstr (error->message, "1_tx.sql:5: COMMIT:") != NULL, "%s", mdb_ts_one_line (error));
}
END_TEST

/* Function bodies, savepoints and the opt-out are not transaction control. */
START_TEST (test_migrate_bodies_savepoints_and_opt_out_run)
{
  g_autoptr (MdbMigrator) m = NULL;
  g_autofree char *h = NULL, *v = NULL;

  mdb_ts_write_file (dir, "1_bodies.sql",
                     "CREATE TABLE t (x int);\n"
                     "DO $$ BEGIN INSERT INTO t VALUES (1); END $$;\n"
                     "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END;\n"
                     "CREATE FUNCTION g(b bool) RETURNS int LANGUAGE sql\n"
                     "  BEGIN ATOMIC SELECT CASE WHEN b THEN 1 ELSE 0 END; END;\n"
                     "SAVEPOINT s;\nINSERT INTO t VALUES (2);\nROLLBACK TO SAVEPOINT s;\nRELEASE s;\n");
  mdb_ts_write_file (dir, "2_own.sql", "-- no-transaction\nBEGIN;\nINSERT INTO t VALUES (3);\nCOMMIT;\n");
  m = load ();
  run_ok (m, -1, 2);
  v = q ("SELECT string_agg(x::text, ',' ORDER BY x) || ':' || f() FROM t");
  ck_assert_str_eq (v, "1,3:2");
  h = history ();
  ck_assert_str_eq (h, "1,2");
}
END_TEST

START_TEST (test_migrate_history_rows_match_sqlx)
{
  const char *up = "CREATE TABLE users (id bigint PRIMARY KEY);\n";
  g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA384, up, -1);
  g_autoptr (MdbMigrator) m = NULL;
  g_autofree char *row = NULL, *expected = NULL, *cols = NULL;

  mdb_ts_write_file (dir, "20240101120000_create_users_table.up.sql", up);
  mdb_ts_write_file (dir, "20240101120000_create_users_table.down.sql", "DROP TABLE users;\n");
  m = load ();
  run_ok (m, -1, 1);
  row = q ("SELECT version || '|' || description || '|' || success || '|' || encode(checksum, 'hex')"
           " || '|' || (execution_time > 0) || '|' || (installed_on <= now()) FROM _sqlx_migrations");
  expected = g_strdup_printf ("20240101120000|create users table|true|%s|true|true", sum);
  ck_assert_str_eq (row, expected);
  cols = q ("SELECT string_agg(column_name || ' ' || data_type || ' ' || is_nullable, ', ' ORDER BY ordinal_position)"
            " FROM information_schema.columns WHERE table_name = '_sqlx_migrations'");
  ck_assert_str_eq (cols, "version bigint NO, description text NO, installed_on timestamp with time zone NO, "
                          "success boolean NO, checksum bytea NO, execution_time bigint NO");
}
END_TEST

/* Independent CRC-32 (ISO-HDLC) to compute sqlx's lock key in the test. */
static guint32
crc32_check (const char *data)
{
  guint32 crc = 0xffffffff;

  for (const guchar *p = (const guchar *) data; *p; p++)
    {
      crc ^= *p;
      for (int k = 0; k < 8; k++)
        crc = (crc & 1) ? (crc >> 1) ^ 0xedb88320 : crc >> 1;
    }
  return ~crc;
}

START_TEST (test_migrate_lock_timeout_uses_sqlx_key_and_says_so)
{
  g_autoptr (MdbMigrator) m = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *sql = NULL, *got = NULL;
  gint64 key;

  ck_assert_uint_eq (crc32_check ("123456789"), 0xcbf43926);
  key = (gint64) 0x3d32ad9e * crc32_check (mdb_test_db_get_name (db));
  sql = g_strdup_printf ("SELECT pg_advisory_lock(%" G_GINT64_FORMAT ")::text", key);
  got = q (sql);
  mdb_ts_write_file (dir, "1_a.sql", "CREATE TABLE a (x int);\n");
  m = load ();
  ck_assert (!mdb_migrator_run (m, conn, -1, G_USEC_PER_SEC / 2, NULL, &error));
  ck_assert_msg (strstr (error->message, "another migrator holds the migration lock") != NULL,
                 "%s", mdb_ts_one_line (error));
  ck_assert (!table_exists ("a"));
  g_free (q ("SELECT pg_advisory_unlock_all()"));
  run_ok (m, -1, 1);
  /* Released on the success path too: the other session can take it at once. */
  g_free (got);
  g_free (sql);
  sql = g_strdup_printf ("SELECT pg_try_advisory_lock(%" G_GINT64_FORMAT ")::text", key);
  got = q (sql);
  ck_assert_str_eq (got, "true");
}
END_TEST

START_TEST (test_migrate_lock_released_after_a_failure)
{
  g_autoptr (MdbMigrator) m = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *locks = NULL;

  mdb_ts_write_file (dir, "1_bad.sql", "CREATE TABLEX;\n");
  m = load ();
  ck_assert (!mdb_migrator_run (m, conn, -1, LOCK_WAIT, NULL, &error));
  locks = q ("SELECT count(*)::text FROM pg_locks WHERE locktype = 'advisory'"
           " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
  ck_assert_str_eq (locks, "0");
}
END_TEST

static Suite *
run_suite (void)
{
  Suite *s = suite_create ("migrate");
  TCase *tc = tcase_create ("run");

  tcase_set_timeout (tc, 120);
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_migrate_run_applies_all_then_nothing);
  tcase_add_test (tc, test_migrate_run_stops_at_target_version);
  tcase_add_test (tc, test_migrate_revert_latest_then_to_target);
  tcase_add_test (tc, test_migrate_unknown_target_version_refused);
  tcase_add_test (tc, test_migrate_revert_without_down_file_fails);
  tcase_add_test (tc, test_migrate_info_reports_each_state);
  tcase_add_test (tc, test_migrate_failing_migration_leaves_no_trace);
  tcase_add_test (tc, test_migrate_runtime_error_line_is_located);
  tcase_add_test (tc, test_migrate_changed_applied_file_blocks_everything);
  tcase_add_test (tc, test_migrate_missing_applied_file_is_reported);
  tcase_add_test (tc, test_migrate_no_transaction_runs_create_index_concurrently);
  tcase_add_loop_test (tc, test_migrate_transaction_control_is_refused_without_trace, 0,
                       G_N_ELEMENTS (tx_control_files));
  tcase_add_test (tc, test_migrate_transaction_control_names_the_line);
  tcase_add_test (tc, test_migrate_bodies_savepoints_and_opt_out_run);
  tcase_add_test (tc, test_migrate_history_rows_match_sqlx);
  tcase_add_test (tc, test_migrate_lock_timeout_uses_sqlx_key_and_says_so);
  tcase_add_test (tc, test_migrate_lock_released_after_a_failure);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return mdb_test_run (srunner_create (run_suite ()), TRUE);
}
