/* SPDX-License-Identifier: MIT */
/* Unit tests of the migrations folder parser (no server). */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "mdb-test-support.h"

static char *dir;

static void
setup (void)
{
  dir = mdb_ts_make_dir ();
}

static void
teardown (void)
{
  mdb_ts_rm_rf (dir);
  g_clear_pointer (&dir, g_free);
}

static void
assert_rejected (const char *needle)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MdbMigrator) m = mdb_migrator_new (dir, &error);

  ck_assert_ptr_null (m);
  ck_assert_msg (g_error_matches (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT),
                 "wrong error: %s", mdb_ts_one_line (error));
  ck_assert_msg (strstr (error->message, needle) != NULL,
                 "'%s' not in: %s", needle, mdb_ts_one_line (error));
}

START_TEST (test_parser_reads_pairs_in_version_order)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MdbMigrator) m = NULL;
  const GPtrArray *list;

  mdb_ts_write_file (dir, "20240102000000_add_users_table.up.sql", "CREATE TABLE u (id int);\n");
  mdb_ts_write_file (dir, "20240102000000_add_users_table.down.sql", "DROP TABLE u;\n");
  mdb_ts_write_file (dir, "3_first.sql", "SELECT 1;\n");
  mdb_ts_write_file (dir, "README.md", "not a migration");
  m = mdb_migrator_new (dir, &error);
  ck_assert_msg (m != NULL, "%s", mdb_ts_one_line (error));
  list = mdb_migrator_get_migrations (m);
  ck_assert_uint_eq (list->len, 2);
  ck_assert_int_eq (mdb_migration_get_version (g_ptr_array_index (list, 0)), 3);
  ck_assert_str_eq (mdb_migration_get_description (g_ptr_array_index (list, 0)), "first");
  ck_assert_int_eq (mdb_migration_get_version (g_ptr_array_index (list, 1)), 20240102000000);
  ck_assert_str_eq (mdb_migration_get_description (g_ptr_array_index (list, 1)), "add users table");
  ck_assert_msg (g_str_has_suffix (mdb_migration_get_path (g_ptr_array_index (list, 1)), ".up.sql"),
                 "path of the up file");
}
END_TEST

START_TEST (test_parser_checksum_is_sha384_of_the_up_file)
{
  const char *sql = "CREATE TABLE t (x int);\r\n-- trailing comment";
  g_autofree char *expected = g_compute_checksum_for_string (G_CHECKSUM_SHA384, sql, -1);
  g_autoptr (MdbMigrator) m = NULL;

  mdb_ts_write_file (dir, "1_t.up.sql", sql);
  mdb_ts_write_file (dir, "1_t.down.sql", "DROP TABLE t;");
  m = mdb_migrator_new (dir, NULL);
  ck_assert_ptr_nonnull (m);
  ck_assert_str_eq (mdb_migration_get_checksum_hex (g_ptr_array_index (mdb_migrator_get_migrations (m), 0)),
                    expected);
}
END_TEST

START_TEST (test_parser_fingerprint_changes_with_any_file)
{
  g_autoptr (MdbMigrator) a = NULL, b = NULL, c = NULL;
  g_autofree char *fa = NULL, *fb = NULL, *fc = NULL;

  mdb_ts_write_file (dir, "1_a.sql", "SELECT 1;");
  a = mdb_migrator_new (dir, NULL);
  b = mdb_migrator_new (dir, NULL);
  mdb_ts_write_file (dir, "1_a.sql", "SELECT 2;");
  c = mdb_migrator_new (dir, NULL);
  fa = mdb_migrator_dup_fingerprint (a);
  fb = mdb_migrator_dup_fingerprint (b);
  fc = mdb_migrator_dup_fingerprint (c);
  ck_assert_uint_eq (strlen (fa), 64);
  ck_assert_str_eq (fa, fb);
  ck_assert_str_ne (fa, fc);
}
END_TEST

START_TEST (test_parser_rejects_a_name_without_version)
{
  mdb_ts_write_file (dir, "init.sql", "SELECT 1;");
  assert_rejected ("init.sql");
}
END_TEST

START_TEST (test_parser_rejects_a_non_numeric_version)
{
  mdb_ts_write_file (dir, "v1_init.sql", "SELECT 1;");
  assert_rejected ("v1_init.sql");
}
END_TEST

START_TEST (test_parser_rejects_version_zero)
{
  mdb_ts_write_file (dir, "0_init.sql", "SELECT 1;");
  assert_rejected ("0_init.sql");
}
END_TEST

START_TEST (test_parser_rejects_an_overflowing_version)
{
  mdb_ts_write_file (dir, "99999999999999999999_init.sql", "SELECT 1;");
  assert_rejected ("99999999999999999999_init.sql");
}
END_TEST

START_TEST (test_parser_rejects_duplicate_versions)
{
  mdb_ts_write_file (dir, "5_one.sql", "SELECT 1;");
  mdb_ts_write_file (dir, "5_two.up.sql", "SELECT 2;");
  assert_rejected ("version 5 is already used");
}
END_TEST

START_TEST (test_parser_rejects_down_without_up)
{
  mdb_ts_write_file (dir, "7_lonely.down.sql", "SELECT 1;");
  assert_rejected ("7_lonely.down.sql: down migration without");
}
END_TEST

START_TEST (test_parser_rejects_down_beside_a_simple_file)
{
  mdb_ts_write_file (dir, "8_x.sql", "SELECT 1;");
  mdb_ts_write_file (dir, "8_x.down.sql", "SELECT 1;");
  assert_rejected ("down migration without");
}
END_TEST

START_TEST (test_parser_rejects_non_utf8)
{
  mdb_ts_write_file (dir, "9_bin.sql", "SELECT '\xff';");
  assert_rejected ("not UTF-8");
}
END_TEST

START_TEST (test_parser_rejects_a_missing_folder)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *missing = g_build_filename (dir, "nope", NULL);

  ck_assert_ptr_null (mdb_migrator_new (missing, &error));
  ck_assert_msg (strstr (error->message, "nope") != NULL, "%s", mdb_ts_one_line (error));
}
END_TEST

START_TEST (test_parser_marks_no_transaction)
{
  g_autoptr (MdbMigrator) m = NULL;

  /* Only observable through run; here it just must parse. */
  mdb_ts_write_file (dir, "1_idx.sql", "-- no-transaction\nCREATE INDEX CONCURRENTLY i ON t (x);\n");
  m = mdb_migrator_new (dir, NULL);
  ck_assert_ptr_nonnull (m);
}
END_TEST

static Suite *
parser_suite (void)
{
  Suite *s = suite_create ("migrate");
  TCase *tc = tcase_create ("parser");

  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_parser_reads_pairs_in_version_order);
  tcase_add_test (tc, test_parser_checksum_is_sha384_of_the_up_file);
  tcase_add_test (tc, test_parser_fingerprint_changes_with_any_file);
  tcase_add_test (tc, test_parser_rejects_a_name_without_version);
  tcase_add_test (tc, test_parser_rejects_a_non_numeric_version);
  tcase_add_test (tc, test_parser_rejects_version_zero);
  tcase_add_test (tc, test_parser_rejects_an_overflowing_version);
  tcase_add_test (tc, test_parser_rejects_duplicate_versions);
  tcase_add_test (tc, test_parser_rejects_down_without_up);
  tcase_add_test (tc, test_parser_rejects_down_beside_a_simple_file);
  tcase_add_test (tc, test_parser_rejects_non_utf8);
  tcase_add_test (tc, test_parser_rejects_a_missing_folder);
  tcase_add_test (tc, test_parser_marks_no_transaction);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return mdb_test_run (srunner_create (parser_suite ()), FALSE);
}
