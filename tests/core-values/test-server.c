/* SPDX-License-Identifier: MIT */
/* db tests: every type through a real server with raw libpq, and SQLSTATE mapping. */
#include <math.h>
#include <string.h>
#include "values-test.h"

static PGconn *
connect_or_fail (void)
{
  PGconn *conn = PQconnectdb (mdb_test_admin_url ());

  ck_assert_msg (PQstatus (conn) == CONNECTION_OK, "cannot connect to the test server");
  return conn;
}

static void
exec_ok (PGconn *conn, const char *sql)
{
  PGresult *res = PQexec (conn, sql);

  ck_assert_msg (PQresultStatus (res) == PGRES_COMMAND_OK || PQresultStatus (res) == PGRES_TUPLES_OK,
                 "%s failed", sql);
  PQclear (res);
}

/* PQexecParams with the list's arrays and binary results, as executors do. */
static MdbResult *
exec_params (PGconn *conn, const char *sql, const MdbParams *params)
{
  PGresult *res = PQexecParams (conn, sql, (int) mdb_params_get_length (params),
                                mdb_params_get_types (params), mdb_params_get_values (params),
                                mdb_params_get_lengths (params), mdb_params_get_formats (params), 1);

  if (PQresultStatus (res) != PGRES_TUPLES_OK)
    {
      g_autoptr (GError) error = NULL;
      mdb_ts_set_error_from_result (&error, res, sql);
      g_strdelimit (error->message, "\n", ' ');
      PQclear (res);
      ck_abort_msg ("%s", error->message);
    }
  return mdb_ts_result_new (res);
}

static GError *
exec_error (PGconn *conn, const char *sql)
{
  PGresult *res = PQexecParams (conn, sql, 0, NULL, NULL, NULL, NULL, 1);
  GError *error = NULL;

  ck_assert_msg (PQresultStatus (res) == PGRES_FATAL_ERROR, "%s did not fail", sql);
  mdb_ts_set_error_from_result (&error, res, "stmt");
  PQclear (res);
  return error;
}

START_TEST (test_scalars_round_trip_through_server)
{
  PGconn *conn = connect_or_fail ();
  g_autoptr (MdbParams) params = mdb_params_new ();
  g_autoptr (MdbResult) r = NULL;
  g_autoptr (GBytes) in = g_bytes_new ("\0a\377", 3);
  g_autoptr (GBytes) out = NULL;
  g_autofree char *text = NULL, *uuid = NULL, *json = NULL, *jsonb = NULL, *mood = NULL;
  gboolean b = FALSE;
  gint32 i2 = 0, i4 = 0;
  gint64 i8 = 0, tstz = 0, ts = 0, date = 0;
  gdouble f4 = 0, f8 = 0, nan8 = 0;

  exec_ok (conn, "CREATE TYPE pg_temp.mood AS ENUM ('sad', 'ok', 'happy')");
  mdb_params_add_text (params, "héllo");
  mdb_params_add_uuid (params, "{A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11}");
  mdb_params_add_bool (params, TRUE);
  mdb_params_add_int2 (params, -32768);
  mdb_params_add_int4 (params, G_MAXINT32);
  mdb_params_add_int8 (params, G_MININT64);
  mdb_params_add_float4 (params, -2.5f);
  mdb_params_add_float8 (params, 1e300);
  mdb_params_add_float8 (params, NAN);
  mdb_params_add_timestamptz (params, -1);
  mdb_params_add_timestamp (params, 946684799999999);
  mdb_params_add_date (params, -1);
  mdb_params_add_json (params, "{\"a\":1}");
  mdb_params_add_jsonb (params, "{\"b\": [true]}");
  mdb_params_add_bytea (params, in);
  mdb_params_add_enum (params, "happy");
  r = exec_params (conn, "SELECT $1::text, $2::uuid, $3::bool, $4::int2, $5::int4, $6::int8, $7::float4,"
                   " $8::float8, $9::float8, $10::timestamptz, $11::timestamp, $12::date, $13::json,"
                   " $14::jsonb, $15::bytea, $16::pg_temp.mood", params);
  text = mdb_result_dup_string (r, 0, 0, NULL);
  uuid = mdb_result_dup_string (r, 0, 1, NULL);
  ck_assert_str_eq (text, "héllo");
  ck_assert_str_eq (uuid, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
  ck_assert (mdb_result_get_bool (r, 0, 2, &b, NULL) && b);
  ck_assert (mdb_result_get_int32 (r, 0, 3, &i2, NULL) && i2 == -32768);
  ck_assert (mdb_result_get_int32 (r, 0, 4, &i4, NULL) && i4 == G_MAXINT32);
  ck_assert (mdb_result_get_int64 (r, 0, 5, &i8, NULL) && i8 == G_MININT64);
  ck_assert (mdb_result_get_double (r, 0, 6, &f4, NULL) && f4 == -2.5);
  ck_assert (mdb_result_get_double (r, 0, 7, &f8, NULL) && f8 == 1e300);
  ck_assert (mdb_result_get_double (r, 0, 8, &nan8, NULL) && isnan (nan8));
  ck_assert (mdb_result_get_timestamp (r, 0, 9, &tstz, NULL) && tstz == -1);
  ck_assert (mdb_result_get_timestamp (r, 0, 10, &ts, NULL) && ts == 946684799999999);
  ck_assert (mdb_result_get_timestamp (r, 0, 11, &date, NULL) && date == -G_GINT64_CONSTANT (86400000000));
  json = mdb_result_dup_string (r, 0, 12, NULL);
  jsonb = mdb_result_dup_string (r, 0, 13, NULL);
  ck_assert_str_eq (json, "{\"a\":1}");
  ck_assert_str_eq (jsonb, "{\"b\": [true]}");
  out = mdb_result_dup_bytes (r, 0, 14, NULL);
  ck_assert (out && g_bytes_equal (in, out));
  mood = mdb_result_dup_string (r, 0, 15, NULL);
  ck_assert_str_eq (mood, "happy");
  PQfinish (conn);
}
END_TEST

static const char *const server_numerics[] = {
  "0", "-0.001", "12345678901234567890.123", "NaN", "Infinity", "-Infinity", "1e-20",
  "99999999.99990000", "-1234.5678", "1e30", "0.1", "10000.0001",
};

/* Our encoder and the server's numeric_in/out agree digit for digit. */
START_TEST (test_numeric_matches_server_text)
{
  PGconn *conn = connect_or_fail ();
  g_autoptr (MdbParams) params = mdb_params_new ();
  g_autoptr (MdbResult) r = NULL;
  g_autofree char *ours = NULL, *servers = NULL, *back = NULL;

  mdb_params_add_numeric (params, server_numerics[_i]);
  mdb_params_add_text (params, server_numerics[_i]);
  r = exec_params (conn, "SELECT $1::numeric::text, $2::numeric, $1::numeric", params);
  servers = mdb_result_dup_string (r, 0, 0, NULL);
  ours = mdb_result_dup_string (r, 0, 1, NULL);
  back = mdb_result_dup_string (r, 0, 2, NULL);
  ck_assert_msg (strcmp (servers, ours) == 0, "%s: server %s, decoded %s", server_numerics[_i], servers, ours);
  ck_assert_str_eq (back, servers);
  PQfinish (conn);
}
END_TEST

START_TEST (test_arrays_round_trip_through_server)
{
  PGconn *conn = connect_or_fail ();
  g_autoptr (MdbParams) params = mdb_params_new ();
  g_autoptr (MdbResult) r = NULL;
  const char *texts[] = { "a", "b c", "", "{\"}", NULL };
  const char *uuids[] = { "a0eebc999c0b4ef8bb6d6bb9bd380a11", NULL };
  const char *moods[] = { "sad", "happy", NULL };
  const gint32 ints[] = { 1, 0, -7 };
  const gboolean nulls[] = { FALSE, TRUE, FALSE };
  const gint64 ts[] = { 0, -1, 1700000000000000 };
  const gdouble fl[] = { 0.5, -1e-300 };
  const gboolean bools[] = { TRUE, FALSE };
  const gint16 i2s[] = { -1, 32767 };
  g_auto (GStrv) t = NULL, u = NULL, m = NULL, m2 = NULL;
  g_autoptr (GArray) ia = NULL, ta = NULL, fa = NULL, ba = NULL, sa = NULL, ea = NULL;
  g_autofree char *nulls_text = NULL;
  PGresult *oid_res;
  guint32 mood_array_oid;

  exec_ok (conn, "CREATE TYPE pg_temp.mood AS ENUM ('sad', 'ok', 'happy')");
  oid_res = PQexec (conn, "SELECT 'pg_temp.mood[]'::regtype::oid");
  mood_array_oid = (guint32) g_ascii_strtoull (PQgetvalue (oid_res, 0, 0), NULL, 10);
  PQclear (oid_res);
  mdb_params_add_text_array (params, texts, -1);
  mdb_params_add_uuid_array (params, uuids, -1);
  mdb_params_add_int4_array (params, ints, nulls, 3);
  mdb_params_add_timestamptz_array (params, ts, NULL, 3);
  mdb_params_add_float8_array (params, fl, NULL, 2);
  mdb_params_add_bool_array (params, bools, NULL, 2);
  mdb_params_add_int2_array (params, i2s, NULL, 2);
  mdb_params_add_int8_array (params, ts, NULL, 0);
  mdb_params_add_enum_array (params, mood_array_oid, moods, -1);
  mdb_params_add_enum_array (params, 0, moods, -1);
  r = exec_params (conn, "SELECT $1::text[], $2::uuid[], $3::int4[]::text, $4::timestamptz[], $5::float8[],"
                   " $6::bool[], $7::int2[], $8::int8[], $9, $10::pg_temp.mood[], $3::int4[]", params);
  t = mdb_result_dup_strv (r, 0, 0, NULL);
  ck_assert (t && g_strv_length (t) == 4);
  ck_assert_str_eq (t[3], "{\"}");
  u = mdb_result_dup_strv (r, 0, 1, NULL);
  ck_assert_str_eq (u[0], "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
  nulls_text = mdb_result_dup_string (r, 0, 2, NULL);
  ck_assert_str_eq (nulls_text, "{1,NULL,-7}");
  ta = mdb_result_dup_array (r, 0, 3, NULL);
  ck_assert (ta && ta->len == 3 && g_array_index (ta, gint64, 1) == -1
             && g_array_index (ta, gint64, 2) == 1700000000000000);
  fa = mdb_result_dup_array (r, 0, 4, NULL);
  ck_assert (fa && g_array_index (fa, gdouble, 1) == -1e-300);
  ba = mdb_result_dup_array (r, 0, 5, NULL);
  ck_assert (ba && g_array_index (ba, gboolean, 0) && !g_array_index (ba, gboolean, 1));
  sa = mdb_result_dup_array (r, 0, 6, NULL);
  ck_assert (sa && g_array_index (sa, gint32, 1) == 32767);
  ea = mdb_result_dup_array (r, 0, 7, NULL);
  ck_assert (ea && ea->len == 0);
  m = mdb_result_dup_strv (r, 0, 8, NULL);
  ck_assert (m && g_strv_length (m) == 2);
  ck_assert_str_eq (m[1], "happy");
  m2 = mdb_result_dup_strv (r, 0, 9, NULL);
  ck_assert (m2 && g_strv_length (m2) == 2);
  ck_assert_ptr_null (mdb_result_dup_array (r, 0, 10, NULL));   /* has a NULL */
  PQfinish (conn);
}
END_TEST

/* timestamp[], date[], float4[] and untyped enum labels (typed by the
 * statement, like a single enum label), with NULL elements and out of range. */
START_TEST (test_more_arrays_round_trip_through_server)
{
  PGconn *conn = connect_or_fail ();
  g_autoptr (MdbParams) params = mdb_params_new ();
  g_autoptr (MdbParams) bad = mdb_params_new ();
  g_autoptr (MdbResult) r = NULL;
  g_autoptr (GError) error = NULL;
  const gint64 ts[] = { 0, -1, 1700000000123456 };
  const gint64 days[] = { 1700000000123456, -1, 0 };
  const gboolean nulls[] = { FALSE, TRUE, FALSE };
  const gfloat f4[] = { 0.5f, -2.25f };
  const char *moods[] = { "happy", NULL, "sad", NULL };
  const gint64 far[] = { G_MININT64 + 1 };
  g_autoptr (GArray) ta = NULL, da = NULL, fa = NULL;
  g_autofree char *ts_text = NULL, *days_text = NULL, *moods_text = NULL;

  exec_ok (conn, "CREATE TYPE pg_temp.mood AS ENUM ('sad', 'ok', 'happy')");
  mdb_params_add_timestamp_array (params, ts, NULL, 3);
  mdb_params_add_date_array (params, days, nulls, 3);
  mdb_params_add_float4_array (params, f4, NULL, 2);
  mdb_params_add_enum_labels (params, moods, 3);
  mdb_params_add_enum_labels (params, NULL, 0);
  mdb_params_add_date_array (params, NULL, NULL, 0);
  r = exec_params (conn, "SELECT $1::timestamp[], $2::date[]::text, $3::float4[], $4::pg_temp.mood[]::text,"
                   " $5::pg_temp.mood[] IS NULL, $6::date[] IS NULL, $1::timestamp[]::text", params);
  ta = mdb_result_dup_array (r, 0, 0, NULL);
  ck_assert (ta && ta->len == 3 && g_array_index (ta, gint64, 1) == -1
             && g_array_index (ta, gint64, 2) == 1700000000123456);
  days_text = mdb_result_dup_string (r, 0, 1, NULL);
  ck_assert_str_eq (days_text, "{2023-11-14,NULL,1970-01-01}");
  fa = mdb_result_dup_array (r, 0, 2, NULL);
  ck_assert (fa && fa->len == 2 && g_array_index (fa, gdouble, 1) == -2.25);
  moods_text = mdb_result_dup_string (r, 0, 3, NULL);
  ck_assert_str_eq (moods_text, "{happy,NULL,sad}");
  ts_text = mdb_result_dup_string (r, 0, 6, NULL);
  ck_assert_str_eq (ts_text, "{\"1970-01-01 00:00:00\",\"1969-12-31 23:59:59.999999\",\"2023-11-14 22:13:20.123456\"}");
  {
    gboolean n1 = FALSE, n2 = FALSE;

    ck_assert (mdb_result_get_bool (r, 0, 4, &n1, NULL) && n1);
    ck_assert (mdb_result_get_bool (r, 0, 5, &n2, NULL) && n2);
  }
  mdb_params_add_timestamp_array (bad, far, NULL, 1);
  ck_assert (!mdb_params_check (bad, &error));
  ck_assert (g_error_matches (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT));
  ck_assert_msg (strstr (error->message, "timestamp out of range") != NULL, "%s", error->message);
  PQfinish (conn);
}
END_TEST

static MdbResult *
binary_query (PGconn *conn, const char *sql)
{
  g_autoptr (MdbParams) none = mdb_params_new ();

  return exec_params (conn, sql, none);
}

/* Child rows: an array of records, with a nested array of records in each,
 * read with the ordinary getters; field OIDs are checked. */
START_TEST (test_records_read_as_child_results)
{
  PGconn *conn = connect_or_fail ();
  g_autoptr (MdbResult) r = binary_query (conn,
    "SELECT ARRAY(SELECT ROW(i, 'x' || i, NULL::text, ARRAY(SELECT ROW(j, j % 2 = 0) FROM generate_series(1, i) j))"
    "             FROM generate_series(1, 3) i ORDER BY i),"
    " ROW(7, 'one'), '{}'::record[], NULL::record, ARRAY[NULL::record], ARRAY[ROW(1)], 1");
  const char *names[] = { "id", "label", "note", "children" };
  const guint32 oids[] = { MDB_OID_INT4, MDB_OID_TEXT, MDB_OID_TEXT, 0 };
  const char *child_names[] = { "n", "even" };
  const guint32 child_oids[] = { MDB_OID_INT4, MDB_OID_BOOL };
  const guint32 wrong[] = { MDB_OID_INT8, MDB_OID_TEXT, MDB_OID_TEXT, 0 };
  g_autoptr (MdbResult) kids = NULL, grandkids = NULL, one = NULL, empty = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *label = NULL;
  gint32 id = 0, n = 0;
  gboolean even = FALSE;

  kids = mdb_result_dup_records (r, 0, 0, TRUE, names, oids, 4, "query q: column kids", &error);
  ck_assert_msg (kids != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (mdb_result_get_n_rows (kids), 3);
  ck_assert_int_eq (mdb_result_get_n_columns (kids), 4);
  ck_assert (mdb_result_get_int32 (kids, 2, 0, &id, NULL) && id == 3);
  label = mdb_result_dup_string (kids, 2, 1, NULL);
  ck_assert_str_eq (label, "x3");
  ck_assert (mdb_result_is_null (kids, 2, 2));
  ck_assert_int_eq (mdb_result_find_column (kids, "children"), 3);
  grandkids = mdb_result_dup_records (kids, 2, 3, TRUE, child_names, child_oids, 2, "children", &error);
  ck_assert_msg (grandkids != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (mdb_result_get_n_rows (grandkids), 3);
  ck_assert (mdb_result_get_int32 (grandkids, 1, 0, &n, NULL) && n == 2);
  ck_assert (mdb_result_get_bool (grandkids, 1, 1, &even, NULL) && even);
  /* A single record; an empty array (no rows, the cache's columns). */
  one = mdb_result_dup_records (r, 0, 1, FALSE, child_names, NULL, 2, "one", &error);
  ck_assert_msg (one != NULL && mdb_result_get_n_rows (one) == 1, "%s", error ? error->message : "");
  empty = mdb_result_dup_records (r, 0, 2, TRUE, child_names, child_oids, 2, "empty", &error);
  ck_assert_msg (empty != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (mdb_result_get_n_rows (empty), 0);
  ck_assert_int_eq (mdb_result_get_n_columns (empty), 2);
  ck_assert_uint_eq (mdb_result_get_column_type (empty, 1), MDB_OID_BOOL);
  /* A field whose type is not the cache's names the field. */
  ck_assert_ptr_null (mdb_result_dup_records (r, 0, 0, TRUE, names, wrong, 4, "query q: column kids", &error));
  ck_assert (g_error_matches (error, MDB_ERROR, MDB_ERROR_DECODE));
  ck_assert_str_eq (error->message, "query q: column kids: field 1 \"id\" has type oid 23, the cache says 20 (int8); "
                                    "run mdb prepare");
  g_clear_error (&error);
  ck_assert_ptr_null (mdb_result_dup_records (r, 0, 0, TRUE, names, oids, 3, "q", &error));
  ck_assert_str_eq (error->message, "q: a record of 4 fields, the cache says 3; run mdb prepare");
  g_clear_error (&error);
  ck_assert_ptr_null (mdb_result_dup_records (r, 0, 3, FALSE, names, oids, 4, "q", &error));
  ck_assert_str_eq (error->message, "q: NULL, not a record");
  g_clear_error (&error);
  ck_assert_ptr_null (mdb_result_dup_records (r, 0, 4, TRUE, names, oids, 4, "q", &error));
  ck_assert_str_eq (error->message, "q: element 0 is NULL, not a record");
  g_clear_error (&error);
  ck_assert_ptr_null (mdb_result_dup_records (r, 0, 1, FALSE, NULL, NULL, 0, "q", &error));
  ck_assert_str_eq (error->message, "q: child rows need at least one field");
  g_clear_error (&error);
  /* An int4 cell read as an array of records: garbage is refused, not read past. */
  ck_assert_ptr_null (mdb_result_dup_records (r, 0, 6, TRUE, names, oids, 4, "q", &error));
  ck_assert (g_error_matches (error, MDB_ERROR, MDB_ERROR_DECODE));
  PQfinish (conn);
}
END_TEST

/* Simple-query results are text; the getters read them the same. */
START_TEST (test_text_results_from_simple_query_decode)
{
  PGconn *conn = connect_or_fail ();
  g_autoptr (MdbResult) r = NULL;
  gint64 tstz = 0, date = 0, inf = 0;
  gint32 i = 0;
  g_auto (GStrv) strv = NULL;
  g_autofree char *num = NULL, *uuid = NULL;

  exec_ok (conn, "SET TimeZone = 'Asia/Kolkata'");
  r = mdb_ts_result_new (PQexec (conn, "SELECT '2000-01-01 00:00:00.25+00'::timestamptz AS \"createdAt\","
                                     " '1960-02-29'::date, 42, ARRAY['x', 'y,z'], 'infinity'::timestamptz,"
                                     " 1.50::numeric, 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'::uuid"));
  ck_assert_int_eq (mdb_result_find_column (r, "created_at"), 0);
  ck_assert (mdb_result_get_timestamp (r, 0, 0, &tstz, NULL) && tstz == 946684800250000);
  ck_assert (mdb_result_get_timestamp (r, 0, 1, &date, NULL) && date == -310521600000000);
  ck_assert (mdb_result_get_int32 (r, 0, 2, &i, NULL) && i == 42);
  strv = mdb_result_dup_strv (r, 0, 3, NULL);
  ck_assert (strv && g_strv_length (strv) == 2);
  ck_assert_str_eq (strv[1], "y,z");
  ck_assert (mdb_result_get_timestamp (r, 0, 4, &inf, NULL) && inf == G_MAXINT64);
  num = mdb_result_dup_string (r, 0, 5, NULL);
  ck_assert_str_eq (num, "1.50");
  uuid = mdb_result_dup_string (r, 0, 6, NULL);
  ck_assert_str_eq (uuid, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
  PQfinish (conn);
}
END_TEST

START_TEST (test_constraint_violations_map_to_codes)
{
  PGconn *conn = connect_or_fail ();
  g_autoptr (GError) unique = NULL, fk = NULL, check = NULL, syntax = NULL;

  exec_ok (conn, "CREATE TEMP TABLE parent (id int PRIMARY KEY, n int CONSTRAINT n_positive CHECK (n > 0))");
  exec_ok (conn, "CREATE TEMP TABLE child (pid int CONSTRAINT child_parent_fk REFERENCES parent)");
  exec_ok (conn, "INSERT INTO parent VALUES (1, 1)");
  unique = exec_error (conn, "INSERT INTO parent VALUES (1, 1)");
  ck_assert (g_error_matches (unique, MDB_ERROR, MDB_ERROR_UNIQUE_VIOLATION));
  ck_assert_str_eq (mdb_error_get_sqlstate (unique), "23505");
  ck_assert_str_eq (mdb_error_get_constraint (unique), "parent_pkey");
  ck_assert_str_eq (mdb_error_get_table (unique), "parent");
  ck_assert_str_eq (mdb_error_get_detail (unique), "Key (id)=(1) already exists.");
  ck_assert_str_eq (unique->message, "stmt: duplicate key value violates unique constraint \"parent_pkey\"; "
                    "DETAIL: Key (id)=(1) already exists.");
  fk = exec_error (conn, "INSERT INTO child VALUES (2)");
  ck_assert (g_error_matches (fk, MDB_ERROR, MDB_ERROR_FOREIGN_KEY_VIOLATION));
  ck_assert_str_eq (mdb_error_get_constraint (fk), "child_parent_fk");
  check = exec_error (conn, "INSERT INTO parent VALUES (2, -1)");
  ck_assert (g_error_matches (check, MDB_ERROR, MDB_ERROR_CHECK_VIOLATION));
  ck_assert_str_eq (mdb_error_get_constraint (check), "n_positive");
  syntax = exec_error (conn, "SELEC 1");
  ck_assert (g_error_matches (syntax, MDB_ERROR, MDB_ERROR_SERVER));
  ck_assert_str_eq (mdb_error_get_sqlstate (syntax), "42601");
  ck_assert (!mdb_error_is_retryable (syntax));
  PQfinish (conn);
}
END_TEST

START_TEST (test_other_sqlstates_map_to_codes)
{
  PGconn *conn = connect_or_fail ();
  g_autoptr (GError) cancelled = NULL, serial = NULL, deadlock = NULL, conn_err = NULL, nn = NULL;

  exec_ok (conn, "SET statement_timeout = '10ms'");
  cancelled = exec_error (conn, "SELECT pg_sleep(5)");
  ck_assert (g_error_matches (cancelled, MDB_ERROR, MDB_ERROR_CANCELLED));
  exec_ok (conn, "SET statement_timeout = 0");
  serial = exec_error (conn, "DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = '40001'; END $$");
  ck_assert (mdb_error_is_retryable (serial));
  ck_assert (g_error_matches (serial, MDB_ERROR, MDB_ERROR_SERVER));
  deadlock = exec_error (conn, "DO $$ BEGIN RAISE EXCEPTION 'dl' USING ERRCODE = '40P01'; END $$");
  ck_assert (mdb_error_is_retryable (deadlock));
  conn_err = exec_error (conn, "DO $$ BEGIN RAISE EXCEPTION 'gone' USING ERRCODE = '08006'; END $$");
  ck_assert (g_error_matches (conn_err, MDB_ERROR, MDB_ERROR_CONNECT));
  exec_ok (conn, "CREATE TEMP TABLE t (x int NOT NULL)");
  nn = exec_error (conn, "INSERT INTO t VALUES (NULL)");
  ck_assert_str_eq (mdb_error_get_sqlstate (nn), "23502");
  ck_assert_str_eq (mdb_error_get_column (nn), "x");
  PQfinish (conn);
}
END_TEST

/* A server message quoting a password (here from a failed DO block) is
 * redacted in the GError. */
START_TEST (test_server_error_message_redacts_password)
{
  PGconn *conn = connect_or_fail ();
  g_autoptr (GError) error = NULL;

  error = exec_error (conn, "DO $$ BEGIN RAISE EXCEPTION 'bad conninfo host=x password=hunter2'"
                            " USING DETAIL = 'url postgresql://u:hunter2@h/db'; END $$");
  ck_assert_msg (strstr (error->message, "hunter2") == NULL, "password in message");
  ck_assert_msg (strstr (mdb_error_get_detail (error), "hunter2") == NULL, "password in detail");
  PQfinish (conn);
}
END_TEST

static Suite *
server_suite (void)
{
  Suite *s = suite_create ("values-server");
  TCase *tc = tcase_create ("server");

  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_scalars_round_trip_through_server);
  tcase_add_loop_test (tc, test_numeric_matches_server_text, 0, G_N_ELEMENTS (server_numerics));
  tcase_add_test (tc, test_arrays_round_trip_through_server);
  tcase_add_test (tc, test_more_arrays_round_trip_through_server);
  tcase_add_test (tc, test_records_read_as_child_results);
  tcase_add_test (tc, test_text_results_from_simple_query_decode);
  tcase_add_test (tc, test_constraint_violations_map_to_codes);
  tcase_add_test (tc, test_other_sqlstates_map_to_codes);
  tcase_add_test (tc, test_server_error_message_redacts_password);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return mdb_test_run (srunner_create (server_suite ()), TRUE);
}
