/* SPDX-License-Identifier: MIT */
/* Unit tests of parameter encoding and result decoding, round-tripped without a server. */
#include <math.h>
#include <string.h>
#include "values-test.h"

#define USEC_PER_DAY (G_GINT64_CONSTANT (86400) * MDB_USEC_PER_SEC)

static MdbResult *
round_trip (MdbParams *params)
{
  g_autoptr (GError) error = NULL;

  ck_assert_msg (mdb_params_check (params, &error), "check: %s", error ? error->message : "");
  return values_result_from_params (params, MDB_OID_TEXT);
}

static const gint64 timestamps[] = {
  0, 1, -1, 946684800000000, 946684799999999, -62135596800000000 /* 0001-01-01 */,
  1700000000123456, -86400000000, 253402300799999999 /* 9999-12-31 23:59:59.999999 */,
  G_MAXINT64, G_MININT64,
};

START_TEST (test_timestamp_round_trips)
{
  g_autoptr (MdbParams) params = mdb_params_new ();
  g_autoptr (MdbResult) result = NULL;
  gint64 ts = timestamps[_i], got = 0, got2 = 0;

  mdb_params_add_timestamptz (params, ts);
  mdb_params_add_timestamp (params, ts);
  result = round_trip (params);
  ck_assert (mdb_result_get_timestamp (result, 0, 0, &got, NULL));
  ck_assert (mdb_result_get_timestamp (result, 0, 1, &got2, NULL));
  ck_assert_msg (got == ts && got2 == ts, "%" G_GINT64_FORMAT " came back as %" G_GINT64_FORMAT, ts, got);
}
END_TEST

static const struct { gint64 usec; gint64 day; } dates[] = {
  { 0, 0 },
  { 1, 0 },
  { USEC_PER_DAY - 1, 0 },
  { -1, -USEC_PER_DAY },                        /* 1969-12-31 23:59:59.999999 */
  { -USEC_PER_DAY, -USEC_PER_DAY },
  { 946684800000000, 946684800000000 },         /* 2000-01-01 */
  { 946684800000000 - 1, 946684800000000 - USEC_PER_DAY },
  { -62135596800000000 + 5, -62135596800000000 },
  { G_MAXINT64, G_MAXINT64 },
  { G_MININT64, G_MININT64 },
};

START_TEST (test_date_round_trips_to_utc_midnight)
{
  g_autoptr (MdbParams) params = mdb_params_new ();
  g_autoptr (MdbResult) result = NULL;
  gint64 got = 0;

  mdb_params_add_date (params, dates[_i].usec);
  result = round_trip (params);
  ck_assert (mdb_result_get_timestamp (result, 0, 0, &got, NULL));
  ck_assert_msg (got == dates[_i].day, "%" G_GINT64_FORMAT " -> %" G_GINT64_FORMAT, dates[_i].usec, got);
}
END_TEST

START_TEST (test_integers_round_trip_and_widen)
{
  g_autoptr (MdbParams) params = mdb_params_new ();
  g_autoptr (MdbResult) result = NULL;
  gint32 i32 = 0;
  gint64 i64 = 0;

  mdb_params_add_int2 (params, G_MININT16);
  mdb_params_add_int2 (params, G_MAXINT16);
  mdb_params_add_int4 (params, G_MININT32);
  mdb_params_add_int4 (params, G_MAXINT32);
  mdb_params_add_int8 (params, G_MININT64);
  mdb_params_add_int8 (params, G_MAXINT64);
  mdb_params_add_int4 (params, -1);
  result = round_trip (params);
  ck_assert (mdb_result_get_int32 (result, 0, 0, &i32, NULL) && i32 == G_MININT16);
  ck_assert (mdb_result_get_int32 (result, 0, 1, &i32, NULL) && i32 == G_MAXINT16);
  ck_assert (mdb_result_get_int32 (result, 0, 2, &i32, NULL) && i32 == G_MININT32);
  ck_assert (mdb_result_get_int32 (result, 0, 3, &i32, NULL) && i32 == G_MAXINT32);
  ck_assert (mdb_result_get_int64 (result, 0, 4, &i64, NULL) && i64 == G_MININT64);
  ck_assert (mdb_result_get_int64 (result, 0, 5, &i64, NULL) && i64 == G_MAXINT64);
  ck_assert (mdb_result_get_int64 (result, 0, 0, &i64, NULL) && i64 == G_MININT16);
  ck_assert (mdb_result_get_int64 (result, 0, 6, &i64, NULL) && i64 == -1);
}
END_TEST

START_TEST (test_floats_keep_nan_and_infinities)
{
  g_autoptr (MdbParams) params = mdb_params_new ();
  g_autoptr (MdbResult) result = NULL;
  gdouble d = 0;

  mdb_params_add_float8 (params, NAN);
  mdb_params_add_float8 (params, INFINITY);
  mdb_params_add_float8 (params, -INFINITY);
  mdb_params_add_float8 (params, -0.1);
  mdb_params_add_float4 (params, 1.5f);
  mdb_params_add_float4 (params, NAN);
  mdb_params_add_int4 (params, 7);
  result = round_trip (params);
  ck_assert (mdb_result_get_double (result, 0, 0, &d, NULL) && isnan (d));
  ck_assert (mdb_result_get_double (result, 0, 1, &d, NULL) && isinf (d) && d > 0);
  ck_assert (mdb_result_get_double (result, 0, 2, &d, NULL) && isinf (d) && d < 0);
  ck_assert (mdb_result_get_double (result, 0, 3, &d, NULL) && d == -0.1);
  ck_assert (mdb_result_get_double (result, 0, 4, &d, NULL) && d == 1.5);
  ck_assert (mdb_result_get_double (result, 0, 5, &d, NULL) && isnan (d));
  ck_assert (mdb_result_get_double (result, 0, 6, &d, NULL) && d == 7.0);
}
END_TEST

/* numeric text in, canonical text (the server's numeric_out form) out. */
static const struct { const char *in; const char *out; } numerics[] = {
  { "0", "0" }, { "-0", "0" }, { "0.00", "0.00" }, { "-0.001", "-0.001" },
  { "12345678901234567890.123", "12345678901234567890.123" },
  { "NaN", "NaN" }, { "nan", "NaN" }, { "Infinity", "Infinity" }, { "-Infinity", "-Infinity" },
  { "inf", "Infinity" }, { "1", "1" }, { "-12.50", "-12.50" }, { "10000", "10000" },
  { "9999", "9999" }, { "100000000", "100000000" }, { "0.0001", "0.0001" },
  { "0.00001", "0.00001" }, { "1e5", "100000" }, { "1.5e-3", "0.0015" }, { "+7", "7" },
  { " 42 ", "42" }, { ".5", "0.5" }, { "5.", "5" }, { "123456789.000000001", "123456789.000000001" },
  { "1E+2", "100" }, { "0.000000000000000000001", "0.000000000000000000001" },
};

START_TEST (test_numeric_round_trips_as_text)
{
  g_autoptr (MdbParams) params = mdb_params_new ();
  g_autoptr (MdbResult) result = NULL;
  g_autofree char *got = NULL;

  mdb_params_add_numeric (params, numerics[_i].in);
  result = round_trip (params);
  got = mdb_result_dup_string (result, 0, 0, NULL);
  ck_assert_msg (got && strcmp (got, numerics[_i].out) == 0, "numeric %s came back as %s",
                 numerics[_i].in, got ? got : "(null)");
}
END_TEST

/* Found by fuzz-numeric: a decoded value longer than 100000 digits (the
 * encoder's old limit) could not be sent back.  The widest value the server
 * has, 131072 digits before the point and 16383 after, must round trip. */
START_TEST (test_numeric_widest_value_round_trips)
{
  static const char crash[] = { 0x00, 0x00, 0x6b, 0x00, 0x00, 0x00, 0x00, 0x65 };
  g_autoptr (GByteArray) bin = g_byte_array_new ();
  g_autoptr (GString) widest = g_string_new ("9");
  g_autofree char *text = mdb_ts_numeric_from_binary (crash, sizeof crash, NULL);
  g_autofree char *back = NULL;

  ck_assert_ptr_nonnull (text);
  ck_assert (mdb_ts_numeric_to_binary (text, bin, NULL));
  g_byte_array_set_size (bin, 0);
  for (int i = 1; i < 131072; i++)
    g_string_append_c (widest, '0');
  g_string_append_c (widest, '.');
  for (int i = 0; i < 16383; i++)
    g_string_append_c (widest, '5');
  ck_assert (mdb_ts_numeric_to_binary (widest->str, bin, NULL));
  back = mdb_ts_numeric_from_binary ((const char *) bin->data, (int) bin->len, NULL);
  ck_assert_msg (back && strcmp (back, widest->str) == 0, "widest numeric did not round trip");
}
END_TEST

static const char *const bad_numerics[] = {
  "", "abc", "1.2.3", "--1", "1e", "1e+", "12a", "-NaN", "1 2", "0x10", "e5", ".", "-",
};

START_TEST (test_numeric_rejects_non_numbers_naming_parameter)
{
  g_autoptr (MdbParams) params = mdb_params_new ();
  g_autoptr (GError) error = NULL;

  mdb_params_add_int4 (params, 1);
  mdb_params_add_numeric (params, bad_numerics[_i]);
  mdb_params_add_numeric (params, "1");
  ck_assert_uint_eq (mdb_params_get_length (params), 3);
  ck_assert (!mdb_params_check (params, &error));
  ck_assert (g_error_matches (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT));
  ck_assert_msg (g_str_has_prefix (error->message, "parameter $2: "), "%s", error->message);
  ck_assert_msg (strstr (error->message, "is not a numeric") != NULL, "%s", error->message);
}
END_TEST

static const char *const uuid_forms[] = {
  "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11",
  "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}", "a0eebc999c0b4ef8bb6d6bb9bd380a11",
  "a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11", "{a0eebc999c0b4ef8bb6d6bb9bd380a11}",
};

START_TEST (test_uuid_forms_decode_canonical)
{
  g_autoptr (MdbParams) params = mdb_params_new ();
  g_autoptr (MdbResult) result = NULL;
  g_autofree char *got = NULL, *norm = NULL;

  mdb_params_add_uuid (params, uuid_forms[_i]);
  result = round_trip (params);
  got = mdb_result_dup_string (result, 0, 0, NULL);
  ck_assert_str_eq (got, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
  norm = mdb_uuid_normalize (uuid_forms[_i], NULL);
  ck_assert_str_eq (norm, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
}
END_TEST

static const char *const bad_uuids[] = {
  "", "xyz", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a111",
  "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}",
  "g0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "-a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
  "a0eebc99--9c0b-4ef8-bb6d-6bb9bd380a11", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11 ",
};

START_TEST (test_uuid_rejects_malformed_naming_parameter)
{
  g_autoptr (MdbParams) params = mdb_params_new ();
  g_autoptr (GError) error = NULL, error2 = NULL;

  mdb_params_add_text (params, "x");
  mdb_params_add_bool (params, TRUE);
  mdb_params_add_uuid (params, bad_uuids[_i]);
  ck_assert (!mdb_params_check (params, &error));
  ck_assert (g_error_matches (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT));
  ck_assert_msg (g_str_has_prefix (error->message, "parameter $3: '"), "%s", error->message);
  ck_assert_msg (g_str_has_suffix (error->message, "' is not a uuid"), "%s", error->message);
  ck_assert_ptr_null (mdb_uuid_normalize (bad_uuids[_i], &error2));
  ck_assert (g_error_matches (error2, MDB_ERROR, MDB_ERROR_INVALID_INPUT));
}
END_TEST

START_TEST (test_strings_json_bytea_and_enums_round_trip)
{
  g_autoptr (MdbParams) params = mdb_params_new ();
  g_autoptr (MdbResult) result = NULL;
  g_autoptr (GBytes) in = g_bytes_new ("\0\1\2\377", 4);
  g_autoptr (GBytes) out = NULL;
  g_autofree char *s0 = NULL, *s1 = NULL, *s2 = NULL, *s3 = NULL, *s4 = NULL;
  gboolean b = FALSE;

  mdb_params_add_text (params, "héllo, wörld");
  mdb_params_add_text (params, "");
  mdb_params_add_json (params, "{\"a\": [1, 2]}");
  mdb_params_add_jsonb (params, "{\"b\": null}");
  mdb_params_add_bytea (params, in);
  mdb_params_add_enum (params, "active");
  mdb_params_add_bool (params, TRUE);
  result = values_result_from_params (params, 90000 /* an enum's OID */);
  ck_assert_int_eq (mdb_params_get_formats (params)[5], 0);
  ck_assert_int_eq (mdb_params_get_types (params)[5], 0);
  s0 = mdb_result_dup_string (result, 0, 0, NULL);
  s1 = mdb_result_dup_string (result, 0, 1, NULL);
  s2 = mdb_result_dup_string (result, 0, 2, NULL);
  s3 = mdb_result_dup_string (result, 0, 3, NULL);
  s4 = mdb_result_dup_string (result, 0, 5, NULL);
  ck_assert_str_eq (s0, "héllo, wörld");
  ck_assert_str_eq (s1, "");
  ck_assert_str_eq (s2, "{\"a\": [1, 2]}");
  ck_assert_str_eq (s3, "{\"b\": null}");
  ck_assert_str_eq (s4, "active");
  out = mdb_result_dup_bytes (result, 0, 4, NULL);
  ck_assert (out && g_bytes_equal (in, out));
  ck_assert (mdb_result_get_bool (result, 0, 6, &b, NULL) && b);
}
END_TEST

START_TEST (test_arrays_round_trip_with_nulls_and_empty)
{
  g_autoptr (MdbParams) params = mdb_params_new ();
  g_autoptr (MdbResult) result = NULL;
  const char *texts[] = { "a", "b \"c\"", "", NULL };
  const char *uuids[] = { "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11", NULL };
  const gint32 ints[] = { 1, -2, G_MAXINT32 };
  const gint64 ts[] = { -1, 946684800000000 };
  const gboolean nulls[] = { FALSE, TRUE, FALSE };
  g_auto (GStrv) strv = NULL, ustrv = NULL, empty_strv = NULL;
  g_autoptr (GArray) arr = NULL, tarr = NULL, empty = NULL;
  g_autoptr (GError) error = NULL;

  mdb_params_add_text_array (params, texts, -1);
  mdb_params_add_uuid_array (params, uuids, -1);
  mdb_params_add_int4_array (params, ints, NULL, 3);
  mdb_params_add_int4_array (params, ints, nulls, 3);
  mdb_params_add_timestamptz_array (params, ts, NULL, 2);
  mdb_params_add_text_array (params, texts, 0);
  mdb_params_add_int8_array (params, (const gint64 *) ts, NULL, 0);
  mdb_params_add_text_array (params, NULL, 3);
  result = round_trip (params);
  strv = mdb_result_dup_strv (result, 0, 0, &error);
  ck_assert_msg (strv != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (g_strv_length (strv), 3);
  ck_assert_str_eq (strv[1], "b \"c\"");
  ck_assert_str_eq (strv[2], "");
  ustrv = mdb_result_dup_strv (result, 0, 1, NULL);
  ck_assert_str_eq (ustrv[0], "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
  arr = mdb_result_dup_array (result, 0, 2, NULL);
  ck_assert (arr && arr->len == 3 && g_array_index (arr, gint32, 2) == G_MAXINT32);
  ck_assert_ptr_null (mdb_result_dup_array (result, 0, 3, &error));   /* NULL element */
  ck_assert (g_error_matches (error, MDB_ERROR, MDB_ERROR_DECODE));
  ck_assert_msg (strstr (error->message, "\"col4\"") != NULL, "%s", error->message);
  tarr = mdb_result_dup_array (result, 0, 4, NULL);
  ck_assert (tarr && tarr->len == 2 && g_array_index (tarr, gint64, 0) == -1);
  empty_strv = mdb_result_dup_strv (result, 0, 5, NULL);
  ck_assert (empty_strv && empty_strv[0] == NULL);
  empty = mdb_result_dup_array (result, 0, 6, NULL);
  ck_assert (empty && empty->len == 0);
  ck_assert (mdb_result_is_null (result, 0, 7));
}
END_TEST

START_TEST (test_text_array_with_null_element_is_decode_error)
{
  g_autoptr (MdbParams) params = mdb_params_new ();
  g_autoptr (MdbResult) result = NULL;
  const char *texts[] = { "a", NULL, "c" };
  g_autoptr (GError) error = NULL;

  mdb_params_add_text_array (params, texts, 3);
  result = round_trip (params);
  ck_assert_ptr_null (mdb_result_dup_strv (result, 0, 0, &error));
  ck_assert (g_error_matches (error, MDB_ERROR, MDB_ERROR_DECODE));
}
END_TEST

START_TEST (test_null_and_wrong_type_are_decode_errors_naming_column)
{
  g_autoptr (MdbParams) params = mdb_params_new ();
  g_autoptr (MdbResult) result = NULL;
  g_autoptr (GError) e1 = NULL, e2 = NULL, e3 = NULL, e4 = NULL;
  gint64 ts;
  gint32 i;

  mdb_params_add_null (params, MDB_OID_TIMESTAMPTZ);
  mdb_params_add_text (params, "x");
  mdb_params_add_int8 (params, G_MAXINT64);
  result = round_trip (params);
  ck_assert (!mdb_result_get_timestamp (result, 0, 0, &ts, &e1));
  ck_assert (g_error_matches (e1, MDB_ERROR, MDB_ERROR_DECODE));
  ck_assert_str_eq (e1->message, "column \"col1\" (timestamptz) is NULL");
  ck_assert (!mdb_result_get_int32 (result, 0, 1, &i, &e2));
  ck_assert_str_eq (e2->message, "column \"col2\" (text) cannot be read as int32");
  ck_assert (!mdb_result_get_int32 (result, 0, 2, &i, &e3));
  ck_assert (g_error_matches (e3, MDB_ERROR, MDB_ERROR_DECODE));
  ck_assert_ptr_null (mdb_result_dup_string (result, 0, 9, &e4));
  ck_assert (g_error_matches (e4, MDB_ERROR, MDB_ERROR_DECODE));
}
END_TEST

/* Truncated, oversized and garbage binary values must fail, never crash. */
START_TEST (test_malformed_binary_values_never_crash)
{
  static const struct { guint32 oid; const char *data; int len; } cases[] = {
    { MDB_OID_INT4, "\0\0\1", 3 }, { MDB_OID_INT8, "\0\0\0\0", 4 }, { MDB_OID_BOOL, "", 0 },
    { MDB_OID_FLOAT8, "\0", 1 }, { MDB_OID_UUID, "0123456789", 10 }, { MDB_OID_JSONB, "\2{}", 3 },
    { MDB_OID_JSONB, "", 0 }, { MDB_OID_NUMERIC, "\0\1\0\0\0\0\0\0", 8 },
    { MDB_OID_NUMERIC, "\0\1\0\0\0\0\0\0\x27\x10", 10 }, { MDB_OID_NUMERIC, "\0\0\0\0\x12\x34\0\0", 8 },
    { MDB_OID_NUMERIC, "\xff\xff\0\0\0\0\0\0", 8 }, { MDB_OID_TIMESTAMPTZ, "\0\0", 2 },
    { MDB_OID_DATE, "\0\0\0\0\0", 5 },
    { MDB_OID_INT4_ARRAY, "\0\0\0\1", 4 },
    { MDB_OID_INT4_ARRAY, "\0\0\0\1\0\0\0\0\0\0\0\x17\x7f\xff\xff\xff\0\0\0\1", 20 },
    { MDB_OID_INT4_ARRAY, "\0\0\0\1\0\0\0\0\0\0\0\x17\0\0\0\2\0\0\0\1\0\0\0\4\0\0", 26 },
    { MDB_OID_INT4_ARRAY, "\0\0\0\2\0\0\0\0\0\0\0\x17", 12 },
    { MDB_OID_INT4_ARRAY, "\0\0\0\1\0\0\0\0\0\0\0\x19\0\0\0\1\0\0\0\1\0\0\0\4abcd", 28 },
    { MDB_OID_TEXT_ARRAY, "\0\0\0\1\0\0\0\0\0\0\0\x19\0\0\0\1\0\0\0\1\x7f\0\0\0", 24 },
    { MDB_OID_TEXT_ARRAY, "\0\0\0\1\0\0\0\0\0\0\0\x19\0\0\0\1\0\0\0\1\xff\xff\xff\xfe", 24 },
  };
  gsize k;

  for (k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_autoptr (MdbResult) r = values_result_raw ("v", cases[k].oid, 1, cases[k].data, cases[k].len);
      g_autoptr (GError) e1 = NULL, e2 = NULL, e3 = NULL;
      g_autofree char *s = NULL;
      g_auto (GStrv) v = NULL;
      g_autoptr (GArray) a = NULL;
      gint64 i64;
      gint32 i32;
      gdouble d;
      gboolean b;

      s = mdb_result_dup_string (r, 0, 0, &e1);
      v = mdb_result_dup_strv (r, 0, 0, &e2);
      a = mdb_result_dup_array (r, 0, 0, &e3);
      ck_assert_msg (s == NULL && v == NULL && a == NULL, "case %u decoded", (guint) k);
      ck_assert (!mdb_result_get_int64 (r, 0, 0, &i64, NULL));
      ck_assert (!mdb_result_get_int32 (r, 0, 0, &i32, NULL));
      ck_assert (!mdb_result_get_double (r, 0, 0, &d, NULL));
      ck_assert (!mdb_result_get_bool (r, 0, 0, &b, NULL));
      ck_assert (!mdb_result_get_timestamp (r, 0, 0, &i64, NULL));
      ck_assert (e1 && e1->code == MDB_ERROR_DECODE);
    }
}
END_TEST

/* Simple-query results come as text; the same getters read them. */
START_TEST (test_text_format_values_decode)
{
  static const struct { const char *name; guint32 oid; const char *text; } cols[] = {
    { "b", MDB_OID_BOOL, "t" }, { "i", MDB_OID_INT4, "-42" }, { "l", MDB_OID_INT8, "9223372036854775807" },
    { "f", MDB_OID_FLOAT8, "-Infinity" }, { "ts", MDB_OID_TIMESTAMPTZ, "2000-01-01 00:00:00.5+00" },
    { "tz", MDB_OID_TIMESTAMPTZ, "2000-01-01 05:30:00+05:30" }, { "d", MDB_OID_DATE, "1969-12-31" },
    { "bc", MDB_OID_DATE, "0001-12-31 BC" }, { "arr", MDB_OID_TEXT_ARRAY, "{a,\"b,c\",\"d\\\"e\"}" },
    { "ia", MDB_OID_INT4_ARRAY, "{1,2,3}" }, { "by", MDB_OID_BYTEA, "\\x00ff" },
    { "inf", MDB_OID_TIMESTAMP, "infinity" },
  };
  PGresult *res = PQmakeEmptyPGresult (NULL, PGRES_TUPLES_OK);
  PGresAttDesc attrs[G_N_ELEMENTS (cols)];
  g_autoptr (MdbResult) r = NULL;
  gboolean b;
  gint32 i;
  gint64 l;
  gdouble f;
  g_auto (GStrv) strv = NULL;
  g_autoptr (GArray) ia = NULL;
  g_autoptr (GBytes) by = NULL;
  gsize k;

  for (k = 0; k < G_N_ELEMENTS (cols); k++)
    attrs[k] = (PGresAttDesc) { (char *) cols[k].name, 0, 0, 0, cols[k].oid, -1, -1 };
  PQsetResultAttrs (res, G_N_ELEMENTS (cols), attrs);
  for (k = 0; k < G_N_ELEMENTS (cols); k++)
    PQsetvalue (res, 0, (int) k, (char *) cols[k].text, (int) strlen (cols[k].text));
  r = mdb_ts_result_new (res);
  ck_assert (mdb_result_get_bool (r, 0, 0, &b, NULL) && b);
  ck_assert (mdb_result_get_int32 (r, 0, 1, &i, NULL) && i == -42);
  ck_assert (mdb_result_get_int64 (r, 0, 2, &l, NULL) && l == G_MAXINT64);
  ck_assert (mdb_result_get_double (r, 0, 3, &f, NULL) && isinf (f) && f < 0);
  ck_assert (mdb_result_get_timestamp (r, 0, 4, &l, NULL) && l == 946684800500000);
  ck_assert (mdb_result_get_timestamp (r, 0, 5, &l, NULL) && l == 946684800000000);
  ck_assert (mdb_result_get_timestamp (r, 0, 6, &l, NULL) && l == -USEC_PER_DAY);
  ck_assert (mdb_result_get_timestamp (r, 0, 7, &l, NULL) && l == -62135596800000000 - USEC_PER_DAY);
  strv = mdb_result_dup_strv (r, 0, 8, NULL);
  ck_assert (strv && g_strv_length (strv) == 3);
  ck_assert_str_eq (strv[1], "b,c");
  ck_assert_str_eq (strv[2], "d\"e");
  ia = mdb_result_dup_array (r, 0, 9, NULL);
  ck_assert (ia && ia->len == 3 && g_array_index (ia, gint32, 2) == 3);
  by = mdb_result_dup_bytes (r, 0, 10, NULL);
  ck_assert (by && g_bytes_get_size (by) == 2);
  ck_assert (mdb_result_get_timestamp (r, 0, 11, &l, NULL) && l == G_MAXINT64);
}
END_TEST

START_TEST (test_find_column_by_snake_name)
{
  PGresult *res = PQmakeEmptyPGresult (NULL, PGRES_TUPLES_OK);
  PGresAttDesc attrs[] = {
    { (char *) "createdAt", 0, 0, 1, MDB_OID_INT4, 4, -1 },
    { (char *) "userID", 0, 0, 1, MDB_OID_INT4, 4, -1 },
    { (char *) "created_at", 0, 0, 1, MDB_OID_INT4, 4, -1 },
  };
  g_autoptr (MdbResult) r = NULL;

  PQsetResultAttrs (res, 3, attrs);
  r = mdb_ts_result_new (res);
  ck_assert_int_eq (mdb_result_find_column (r, "created_at"), 0);
  ck_assert_int_eq (mdb_result_find_column (r, "user_id"), 1);
  ck_assert_int_eq (mdb_result_find_column (r, "createdAt"), -1);
  ck_assert_int_eq (mdb_result_find_column (r, "nope"), -1);
  ck_assert_str_eq (mdb_result_get_column_name (r, 1), "userID");
  ck_assert_str_eq (mdb_result_get_column_snake_name (r, 1), "user_id");
  ck_assert_int_eq (mdb_result_get_n_rows (r), 0);
  ck_assert_int_eq (mdb_result_get_n_columns (r), 3);
}
END_TEST

START_TEST (test_params_clear_reuses_buffers)
{
  g_autoptr (MdbParams) params = mdb_params_new ();
  const char *const *values;

  mdb_params_add_uuid (params, "nope");
  mdb_params_add_int4 (params, 5);
  ck_assert (!mdb_params_check (params, NULL));
  mdb_params_clear (params);
  ck_assert_uint_eq (mdb_params_get_length (params), 0);
  ck_assert (mdb_params_check (params, NULL));
  mdb_params_add_int4 (params, 0x01020304);
  mdb_params_add_null (params, MDB_OID_TEXT);
  values = mdb_params_get_values (params);
  ck_assert (memcmp (values[0], "\1\2\3\4", 4) == 0);
  ck_assert_ptr_null (values[1]);
  ck_assert_int_eq (mdb_params_get_lengths (params)[0], 4);
  ck_assert_int_eq (mdb_params_get_formats (params)[0], 1);
  ck_assert_uint_eq (mdb_params_get_types (params)[1], MDB_OID_TEXT);
}
END_TEST

START_TEST (test_oid_tables)
{
  ck_assert_uint_eq (mdb_oid_array_element (MDB_OID_INT4_ARRAY), MDB_OID_INT4);
  ck_assert_uint_eq (mdb_oid_array_of (MDB_OID_UUID), MDB_OID_UUID_ARRAY);
  ck_assert_uint_eq (mdb_oid_array_element (MDB_OID_INT4), 0);
  ck_assert_uint_eq (mdb_oid_array_of (12345), 0);
  ck_assert_str_eq (mdb_oid_name (MDB_OID_TIMESTAMPTZ), "timestamptz");
  ck_assert_str_eq (mdb_oid_name (MDB_OID_JSONB_ARRAY), "jsonb[]");
  ck_assert_ptr_null (mdb_oid_name (99999));
}
END_TEST

static Suite *
codec_suite (void)
{
  Suite *s = suite_create ("codec");
  TCase *tc = tcase_create ("codec");

  tcase_add_loop_test (tc, test_timestamp_round_trips, 0, G_N_ELEMENTS (timestamps));
  tcase_add_loop_test (tc, test_date_round_trips_to_utc_midnight, 0, G_N_ELEMENTS (dates));
  tcase_add_test (tc, test_integers_round_trip_and_widen);
  tcase_add_test (tc, test_floats_keep_nan_and_infinities);
  tcase_add_loop_test (tc, test_numeric_round_trips_as_text, 0, G_N_ELEMENTS (numerics));
  tcase_add_test (tc, test_numeric_widest_value_round_trips);
  tcase_add_loop_test (tc, test_numeric_rejects_non_numbers_naming_parameter, 0, G_N_ELEMENTS (bad_numerics));
  tcase_add_loop_test (tc, test_uuid_forms_decode_canonical, 0, G_N_ELEMENTS (uuid_forms));
  tcase_add_loop_test (tc, test_uuid_rejects_malformed_naming_parameter, 0, G_N_ELEMENTS (bad_uuids));
  tcase_add_test (tc, test_strings_json_bytea_and_enums_round_trip);
  tcase_add_test (tc, test_arrays_round_trip_with_nulls_and_empty);
  tcase_add_test (tc, test_text_array_with_null_element_is_decode_error);
  tcase_add_test (tc, test_null_and_wrong_type_are_decode_errors_naming_column);
  tcase_add_test (tc, test_malformed_binary_values_never_crash);
  tcase_add_test (tc, test_text_format_values_decode);
  tcase_add_test (tc, test_find_column_by_snake_name);
  tcase_add_test (tc, test_params_clear_reuses_buffers);
  tcase_add_test (tc, test_oid_tables);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return mdb_test_run (srunner_create (codec_suite ()), FALSE);
}
