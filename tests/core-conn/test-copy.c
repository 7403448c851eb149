/* SPDX-License-Identifier: MIT */
/* Tests of COPY FROM STDIN (binary): many rows and types, bad rows, abort. */
#include "conn-test.h"

static const char *const columns[] = {
  "id", "bigNum", "label", "flag", "ratio", "at", "uid", "doc", "blob", "amount",
};
#define N_COLUMNS G_N_ELEMENTS (columns)

static void
create_table (MdbConn *conn)
{
  conn_test_script (conn, "CREATE TABLE \"CopyTarget\" (id int4 PRIMARY KEY, \"bigNum\" int8,"
                    " label text, flag bool, ratio float8, at timestamptz, uid uuid,"
                    " doc jsonb, blob bytea, amount numeric)");
}

static void
fill_row (MdbParams *row, int i)
{
  g_autoptr (GBytes) blob = g_bytes_new ("\0\1\2", 3);
  gboolean null_row = i % 7 == 0;

  mdb_params_clear (row);
  mdb_params_add_int4 (row, i);
  if (null_row)
    {
      mdb_params_add_null (row, 20);
      mdb_params_add_text (row, NULL);
      mdb_params_add_null (row, 16);
      mdb_params_add_null (row, 701);
      mdb_params_add_null (row, 1184);
      mdb_params_add_uuid (row, NULL);
      mdb_params_add_jsonb (row, NULL);
      mdb_params_add_bytea (row, NULL);
      mdb_params_add_numeric (row, NULL);
      return;
    }
  mdb_params_add_int8 (row, (gint64) i * 1000000000);
  mdb_params_add_text (row, "héllo");
  mdb_params_add_bool (row, i % 2);
  mdb_params_add_float8 (row, i / 4.0);
  mdb_params_add_timestamptz (row, (gint64) i * G_USEC_PER_SEC);
  mdb_params_add_uuid (row, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
  mdb_params_add_jsonb (row, "{\"k\": [1, 2]}");
  mdb_params_add_bytea (row, blob);
  mdb_params_add_numeric (row, "-12.50");
}

START_TEST (test_copy_stores_many_rows_of_many_types)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbConn) conn = mdb_conn_new (mdb_test_db_get_url (db), NULL);
  g_autoptr (MdbParams) row = mdb_params_new ();
  GError *error = NULL;
  MdbCopy *copy;
  int i;

  create_table (conn);
  copy = mdb_copy_begin (MDB_EXECUTOR (conn), "CopyTarget", columns, N_COLUMNS, &error);
  ASSERT_OK (error);
  for (i = 0; i < 10000; i++)
    {
      fill_row (row, i);
      ck_assert (mdb_copy_add_row (copy, row, &error));
    }
  ck_assert_int_eq (mdb_copy_end (copy, &error), 10000);
  ASSERT_OK (error);
  ck_assert_int_eq (conn_test_int (conn, "SELECT count(*) FROM \"CopyTarget\""), 10000);
  ck_assert_int_eq (conn_test_int (conn, "SELECT count(*) FROM \"CopyTarget\" WHERE label IS NULL"), 1429);
  ck_assert_int_eq (conn_test_int (conn, "SELECT count(*) FROM \"CopyTarget\" WHERE id = 3 AND \"bigNum\" = 3000000000"
                                   " AND label = 'héllo' AND flag AND ratio = 0.75 AND at = to_timestamp(3)"
                                   " AND uid = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11' AND doc = '{\"k\":[1,2]}'"
                                   " AND blob = '\\x000102' AND amount = -12.5"), 1);
}
END_TEST

START_TEST (test_copy_rejects_row_with_wrong_field_count)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbConn) conn = mdb_conn_new (mdb_test_db_get_url (db), NULL);
  g_autoptr (MdbParams) row = mdb_params_new ();
  GError *error = NULL;
  MdbCopy *copy;

  create_table (conn);
  copy = mdb_copy_begin (MDB_EXECUTOR (conn), "CopyTarget", columns, N_COLUMNS, &error);
  ASSERT_OK (error);
  mdb_params_add_int4 (row, 1);
  ck_assert (!mdb_copy_add_row (copy, row, &error));
  ASSERT_ERROR (error, MDB_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  fill_row (row, 1);
  ck_assert (mdb_copy_add_row (copy, row, &error));
  ck_assert_int_eq (mdb_copy_end (copy, &error), 1);
  ASSERT_OK (error);
}
END_TEST

START_TEST (test_copy_wrong_type_is_a_server_error)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbConn) conn = mdb_conn_new (mdb_test_db_get_url (db), NULL);
  g_autoptr (MdbParams) row = mdb_params_new ();
  const char *cols[] = { "id", "label" };
  GError *error = NULL;
  MdbCopy *copy;

  create_table (conn);
  copy = mdb_copy_begin (MDB_EXECUTOR (conn), "CopyTarget", cols, 2, &error);
  ASSERT_OK (error);
  mdb_params_add_int8 (row, 1);          /* 8 bytes for an int4 column */
  mdb_params_add_text (row, "x");
  ck_assert (mdb_copy_add_row (copy, row, &error));
  ck_assert_int_eq (mdb_copy_end (copy, &error), -1);
  ASSERT_ERROR (error, MDB_ERROR_SERVER);
  g_clear_error (&error);
  ck_assert (!mdb_conn_in_transaction (conn));
  ck_assert_int_eq (conn_test_int (conn, "SELECT count(*) FROM \"CopyTarget\""), 0);
}
END_TEST

START_TEST (test_copy_abort_stores_nothing_and_releases_pool_conn)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbPool) pool = mdb_pool_new_simple (mdb_test_db_get_url (db), 1, NULL);
  g_autoptr (MdbParams) row = mdb_params_new ();
  GError *error = NULL;
  MdbCopy *copy;
  MdbConn *conn;
  int i;

  conn = mdb_pool_acquire (pool, &error);
  ASSERT_OK (error);
  create_table (conn);
  mdb_pool_release (pool, conn);

  copy = mdb_copy_begin (MDB_EXECUTOR (pool), "CopyTarget", columns, N_COLUMNS, &error);
  ASSERT_OK (error);
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_IN_USE), 1);
  for (i = 0; i < 100; i++)
    {
      fill_row (row, i);
      ck_assert (mdb_copy_add_row (copy, row, &error));
    }
  mdb_copy_abort (copy);
  ck_assert_uint_eq (mdb_pool_get_stat (pool, MDB_POOL_STAT_IN_USE), 0);

  conn = mdb_pool_acquire (pool, &error);
  ck_assert_int_eq (conn_test_int (conn, "SELECT count(*) FROM \"CopyTarget\""), 0);
  mdb_pool_release (pool, conn);
}
END_TEST

START_TEST (test_copy_unknown_table_fails_at_begin)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbConn) conn = mdb_conn_new (mdb_test_db_get_url (db), NULL);
  GError *error = NULL;

  ck_assert_ptr_null (mdb_copy_begin (MDB_EXECUTOR (conn), "Nope\"; DROP", columns, 1, &error));
  ASSERT_ERROR (error, MDB_ERROR_SERVER);
  g_clear_error (&error);
  ck_assert_int_eq (conn_test_int (conn, "SELECT 1"), 1);
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("core-copy");
  TCase *tc = tcase_create ("copy");

  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_copy_stores_many_rows_of_many_types);
  tcase_add_test (tc, test_copy_rejects_row_with_wrong_field_count);
  tcase_add_test (tc, test_copy_wrong_type_is_a_server_error);
  tcase_add_test (tc, test_copy_abort_stores_nothing_and_releases_pool_conn);
  tcase_add_test (tc, test_copy_unknown_table_fails_at_begin);
  suite_add_tcase (s, tc);
  return mdb_test_run (srunner_create (s), TRUE);
}
