/* SPDX-License-Identifier: MIT */
/* test-rows.c: typed rows decoded in place from hand-built binary results (mdb-rows.h), and their ownership. */
#include <string.h>
#include "values-test.h"

/* The row struct these tests decode into. */
typedef struct {
  MdbUuid     id;
  const char *name;
  const char *meta;      /* jsonb */
  gint64      at;
  gboolean    at_is_null;
  gint32      n;
  gboolean    flag;
  gdouble     ratio;
  MdbBytes    blob;
  gint32      mood;      /* an enum */
  const char *price;     /* numeric, converted */
  const char *const *tags;
} Row;

static const char *const moods[] = { "sad", "ok", "happy", NULL };

static const MdbField row_fields[] = {
  { "id", "uuid", MDB_OID_UUID, MDB_FIELD_UUID, FALSE, G_STRUCT_OFFSET (Row, id), -1, NULL, NULL, -1 },
  { "name", "text", MDB_OID_TEXT, MDB_FIELD_STRING, FALSE, G_STRUCT_OFFSET (Row, name), -1, NULL, NULL, -1 },
  { "meta", "jsonb", MDB_OID_JSONB, MDB_FIELD_STRING, TRUE, G_STRUCT_OFFSET (Row, meta), -1, NULL, NULL, -1 },
  { "at", "timestamptz", MDB_OID_TIMESTAMPTZ, MDB_FIELD_TIMESTAMP, TRUE, G_STRUCT_OFFSET (Row, at),
    G_STRUCT_OFFSET (Row, at_is_null), NULL, NULL, -1 },
  { "n", "int4", MDB_OID_INT4, MDB_FIELD_INT32, FALSE, G_STRUCT_OFFSET (Row, n), -1, NULL, NULL, -1 },
  { "flag", "bool", MDB_OID_BOOL, MDB_FIELD_BOOL, FALSE, G_STRUCT_OFFSET (Row, flag), -1, NULL, NULL, -1 },
  { "ratio", "float8", MDB_OID_FLOAT8, MDB_FIELD_DOUBLE, FALSE, G_STRUCT_OFFSET (Row, ratio), -1, NULL, NULL, -1 },
  { "blob", "bytea", MDB_OID_BYTEA, MDB_FIELD_BYTES, TRUE, G_STRUCT_OFFSET (Row, blob), -1, NULL, NULL, -1 },
  { "mood", "mood", 0, MDB_FIELD_ENUM, FALSE, G_STRUCT_OFFSET (Row, mood), -1, moods, NULL, -1 },
  { "price", "numeric", MDB_OID_NUMERIC, MDB_FIELD_TEXT_COPY, TRUE, G_STRUCT_OFFSET (Row, price), -1, NULL, NULL, -1 },
  { "tags", "_text", MDB_OID_TEXT_ARRAY, MDB_FIELD_STRV, TRUE, G_STRUCT_OFFSET (Row, tags), -1, NULL, NULL, -1 },
};

static const MdbRowType row_type = {
  "rows_test", "mdb prepare libs/test", sizeof (Row), G_N_ELEMENTS (row_fields), row_fields, NULL,
};

#define UUID_A "0b9c5e1a-7a43-4f43-9d0c-2f3b8a7e4c11"

static void
put_be (guint8 *out, guint64 v, int width)
{
  for (int i = width - 1; i >= 0; i--, v >>= 8)
    out[i] = (guint8) v;
}

/* Binary numeric 12.5: 2 digits (base 10000) 12 and 5000, weight 0, scale 1. */
static const guint8 numeric_12_5[] = { 0, 2, 0, 0, 0, 0, 0, 1, 0, 12, 0x13, 0x88 };

/* text[] {"a","bc"}: 1 dimension, no NULLs, element type text. */
static const guint8 tags_a_bc[] = {
  0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 25, 0, 0, 0, 2, 0, 0, 0, 1,
  0, 0, 0, 1, 'a', 0, 0, 0, 2, 'b', 'c',
};

/* A binary-format result of @n_rows rows; row i has name "row-i", at NULL
 * for odd rows, every other column set.  @shape_oid replaces column n's
 * type when not 0. */
static MdbResult *
make_result (int n_rows, guint32 shape_oid)
{
  PGresult *res = PQmakeEmptyPGresult (NULL, PGRES_TUPLES_OK);
  PGresAttDesc attrs[G_N_ELEMENTS (row_fields)];

  for (guint k = 0; k < G_N_ELEMENTS (row_fields); k++)
    attrs[k] = (PGresAttDesc) { (char *) row_fields[k].name, 0, 0, 1,
                                row_fields[k].type_oid != 0 ? row_fields[k].type_oid : 16500, -1, -1 };
  if (shape_oid != 0)
    attrs[4].typid = shape_oid;
  ck_assert (PQsetResultAttrs (res, G_N_ELEMENTS (attrs), attrs));
  for (int r = 0; r < n_rows; r++)
    {
      guint8 uuid[16], at[8], n[4], ratio[8], flag = r % 2 == 0;
      g_autofree char *name = g_strdup_printf ("row-%d", r);
      const char *meta = "\001{\"k\": 1}";
      gdouble d = 0.5 * r;
      guint64 bits;

      ck_assert (mdb_uuid_parse (UUID_A, (MdbUuid *) uuid, NULL));
      uuid[15] = (guint8) r;
      put_be (at, (guint64) (G_GINT64_CONSTANT (86400000000) * r), 8);   /* r days after 2000-01-01 */
      put_be (n, (guint64) (guint32) (-r), 4);
      memcpy (&bits, &d, 8);
      put_be (ratio, bits, 8);
      PQsetvalue (res, r, 0, (char *) uuid, 16);
      PQsetvalue (res, r, 1, name, (int) strlen (name));
      PQsetvalue (res, r, 2, (char *) meta, (int) strlen (meta));
      PQsetvalue (res, r, 3, r % 2 ? NULL : (char *) at, r % 2 ? -1 : 8);
      PQsetvalue (res, r, 4, (char *) n, 4);
      PQsetvalue (res, r, 5, (char *) &flag, 1);
      PQsetvalue (res, r, 6, (char *) ratio, 8);
      PQsetvalue (res, r, 7, r % 2 ? NULL : (char *) "\0\1", r % 2 ? -1 : 2);
      PQsetvalue (res, r, 8, (char *) moods[r % 3], (int) strlen (moods[r % 3]));
      PQsetvalue (res, r, 9, (char *) numeric_12_5, sizeof numeric_12_5);
      PQsetvalue (res, r, 10, (char *) tags_a_bc, sizeof tags_a_bc);
    }
  return mdb_ts_result_new (res);
}

static void
assert_row (const Row *row, int r)
{
  g_autofree char *name = g_strdup_printf ("row-%d", r);
  char id[MDB_UUID_STRING_SIZE];

  mdb_uuid_format (&row->id, id);
  ck_assert_int_eq (row->id.bytes[15], r);
  ck_assert (g_str_has_prefix (id, "0b9c5e1a-7a43-4f43-9d0c-2f3b8a7e4c"));
  ck_assert_str_eq (row->name, name);
  ck_assert_str_eq (row->meta, "{\"k\": 1}");
  ck_assert (row->at_is_null == (r % 2 == 1));
  if (r % 2 == 0)
    ck_assert_int_eq (row->at, G_GINT64_CONSTANT (946684800000000) + G_GINT64_CONSTANT (86400000000) * r);
  ck_assert_int_eq (row->n, -r);
  ck_assert (row->flag == (r % 2 == 0));
  ck_assert_double_eq (row->ratio, 0.5 * r);
  if (r % 2 == 0)
    ck_assert (row->blob.len == 2 && row->blob.data[0] == 0 && row->blob.data[1] == 1);
  else
    ck_assert_ptr_null (row->blob.data);
  ck_assert_int_eq (row->mood, r % 3);
  ck_assert_str_eq (row->price, "12.5");
  ck_assert (row->tags != NULL && g_strv_length ((char **) row->tags) == 2);
  ck_assert_str_eq (row->tags[1], "bc");
}

START_TEST (test_list_decodes_every_kind_in_place)
{
  g_autoptr (GError) error = NULL;
  MdbResult *result = make_result (5, 0);
  const char *name_in_result = PQgetvalue (mdb_result_get_pg_result (result), 3, 1);
  g_autoptr (MdbRowList) list = mdb_row_list_take (result, &row_type, &error);
  const Row *rows;

  ck_assert_msg (list != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (list->n_rows, 5);
  rows = list->rows;
  for (int r = 0; r < 5; r++)
    assert_row (&rows[r], r);
  /* borrowed, not copied: the string is the PGresult's own */
  ck_assert_ptr_eq (rows[3].name, name_in_result);
}
END_TEST

/* The ownership rule: a row in a list is the list's; mdb_row_dup() makes
 * one that outlives it (the unit suite runs under valgrind: a read of
 * freed memory or a leak fails it). */
START_TEST (test_dup_outlives_the_list)
{
  g_autoptr (GError) error = NULL;
  MdbRowList *list = mdb_row_list_take (make_result (3, 0), &row_type, &error);
  Row *even, *odd, *again;

  ck_assert_msg (list != NULL, "%s", error ? error->message : "");
  even = mdb_row_dup (&((Row *) list->rows)[2], &row_type);
  odd = mdb_row_dup (&((Row *) list->rows)[1], &row_type);
  mdb_row_list_free (list);
  assert_row (even, 2);
  assert_row (odd, 1);
  again = mdb_row_dup (even, &row_type);
  mdb_row_free (even);
  assert_row (again, 2);
  mdb_row_free (again);
  mdb_row_free (odd);
}
END_TEST

START_TEST (test_single_row_owns_its_result)
{
  g_autoptr (GError) error = NULL;
  Row *row = mdb_row_take (make_result (3, 0), 2, &row_type, &error);
  Row *copy;

  ck_assert_msg (row != NULL, "%s", error ? error->message : "");
  assert_row (row, 2);
  copy = mdb_row_dup (row, &row_type);
  mdb_row_free (row);
  assert_row (copy, 2);
  mdb_row_free (copy);
  mdb_row_free (NULL);
  ck_assert_ptr_null (mdb_row_take (make_result (1, 0), 1, &row_type, &error));
  ck_assert (g_error_matches (error, MDB_ERROR, MDB_ERROR_DECODE));
}
END_TEST

/* Issue 12: the column, the cached type, the type now and the command. */
START_TEST (test_shape_change_names_column_types_and_command)
{
  g_autoptr (GError) error = NULL;
  MdbResult *result = make_result (1, MDB_OID_INT8);

  ck_assert (!mdb_result_check_row_type (result, &row_type, &error));
  ck_assert (g_error_matches (error, MDB_ERROR, MDB_ERROR_DECODE));
  ck_assert_str_eq (error->message, "query rows_test: column 5 \"n\": int4 in the cache, int8 now; "
                                    "run: mdb prepare libs/test");
  g_clear_error (&error);
  ck_assert_ptr_null (mdb_row_list_take (result, &row_type, &error));   /* frees the result */
  ck_assert (g_error_matches (error, MDB_ERROR, MDB_ERROR_DECODE));
}
END_TEST

START_TEST (test_shape_change_in_the_number_of_columns)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MdbResult) result = make_result (1, 0);
  MdbRowType fewer = row_type;

  fewer.n_fields = 3;
  ck_assert (!mdb_result_check_row_type (result, &fewer, &error));
  ck_assert_str_eq (error->message, "query rows_test: the result has 11 columns, the cache 3; "
                                    "run: mdb prepare libs/test");
}
END_TEST

static void
assert_contains (const char *text, const char *part)
{
  ck_assert_msg (strstr (text, part) != NULL, "\"%s\" not in \"%s\"", part, text);
}

typedef struct {
  gint64   v;
  gboolean v_is_null;
} Value;

static gboolean
decode_value (MdbResult *result, MdbFieldKind kind, gboolean nullable, Value *out, GError **error)
{
  MdbField field = { "v", "int8", 0, kind, nullable, G_STRUCT_OFFSET (Value, v),
                     G_STRUCT_OFFSET (Value, v_is_null), moods, NULL, -1 };
  MdbRowType type = { "q", "mdb prepare libs/test", sizeof (Value), 1, &field, NULL };

  return mdb_result_decode_row (result, 0, &type, out, error);
}

/* NULL where the cache promised NOT NULL, a value of the wrong length or
 * an unknown label: DECODE naming the column, never a misread. */
START_TEST (test_bad_cells_are_decode_errors)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MdbResult) null = values_result_raw ("v", MDB_OID_INT8, 1, NULL, 0);
  g_autoptr (MdbResult) shrt = values_result_raw ("v", MDB_OID_INT8, 1, "\0\0\0\1", 4);
  g_autoptr (MdbResult) label = values_result_raw ("v", 16500, 1, "furious", 7);
  Value out = { 7, FALSE };

  ck_assert (!decode_value (null, MDB_FIELD_INT64, FALSE, &out, &error));
  ck_assert_str_eq (error->message, "query q: row 0, column \"v\" (int8): NULL, but the cache says NOT NULL; "
                                    "run mdb prepare");
  g_clear_error (&error);
  ck_assert (decode_value (null, MDB_FIELD_INT64, TRUE, &out, &error));
  ck_assert (out.v_is_null && out.v == 0);
  ck_assert (!decode_value (shrt, MDB_FIELD_INT64, FALSE, &out, &error));
  ck_assert (g_error_matches (error, MDB_ERROR, MDB_ERROR_DECODE));
  assert_contains (error->message, "column \"v\" (int8): malformed value");
  g_clear_error (&error);
  ck_assert (!decode_value (label, MDB_FIELD_ENUM, FALSE, &out, &error));
  ck_assert (g_error_matches (error, MDB_ERROR, MDB_ERROR_DECODE));
  g_clear_error (&error);
  ck_assert (decode_value (shrt, MDB_FIELD_INT32, FALSE, &out, &error) == FALSE);   /* int8 column, int32 field */
  g_clear_error (&error);
  ck_assert (!decode_value (null, MDB_FIELD_INT64, FALSE, &out, NULL));   /* no error location: no crash */
}
END_TEST

START_TEST (test_text_format_results_are_refused)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MdbResult) result = values_result_raw ("v", MDB_OID_INT8, 0, "42", 2);
  MdbField field = { "v", "int8", MDB_OID_INT8, MDB_FIELD_INT64, FALSE, 0, -1, NULL, NULL, -1 };
  MdbRowType type = { "q", "mdb prepare libs/test", sizeof (gint64), 1, &field, NULL };

  ck_assert (!mdb_result_check_row_type (result, &type, &error));
  assert_contains (error->message, "came in text format");
}
END_TEST

START_TEST (test_uuid_parse_and_format)
{
  g_autoptr (GError) error = NULL;
  MdbUuid u, v;
  char text[MDB_UUID_STRING_SIZE];

  ck_assert (mdb_uuid_parse ("0B9C5E1A-7A43-4F43-9D0C-2F3B8A7E4C11", &u, NULL));
  ck_assert_str_eq (mdb_uuid_format (&u, text), UUID_A);
  ck_assert (mdb_uuid_parse ("{0b9c5e1a7a434f439d0c2f3b8a7e4c11}", &v, NULL));
  ck_assert_int_eq (memcmp (&u, &v, sizeof u), 0);
  /* the canonical fast path still refuses a non-digit anywhere */
  ck_assert (!mdb_uuid_parse ("0b9c5e1a-7a43-4f43-9d0c-2f3b8a7e4c1g", &v, &error));
  ck_assert (g_error_matches (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT));
  g_clear_error (&error);
  ck_assert (!mdb_uuid_parse ("0b9c5e1a-7a43-4f43-9d0c-2f3b8a7e4c", &v, NULL));
  ck_assert (!mdb_uuid_parse ("0b9c5e1a-7a43-4f43-9d0c-2f3b8a7e4c111", &v, NULL));
  ck_assert (!mdb_uuid_parse (NULL, &v, NULL));
}
END_TEST

/* The canonical form is parsed eight digits at a time (types.c): every
 * digit position takes each hex digit in either case, with its value, and
 * refuses the bytes next to the digit and letter ranges, and non-ASCII. */
START_TEST (test_uuid_parse_every_position)
{
  static const char refused[] = { '/', ':', '@', 'G', '`', 'g', ' ', '-', '\x7f', '\x80', '\xb0', '\xe6', '\xff' };
  static const char digits[] = "0123456789abcdefABCDEF";
  MdbUuid u;

  for (int pos = 0; pos < 36; pos++)
    {
      char text[37];

      if (pos == 8 || pos == 13 || pos == 18 || pos == 23)
        continue;
      for (gsize k = 0; k < G_N_ELEMENTS (refused); k++)
        {
          g_strlcpy (text, UUID_A, sizeof text);
          text[pos] = refused[k];
          ck_assert_msg (!mdb_uuid_parse (text, &u, NULL), "position %d, byte 0x%02x", pos, (guint8) refused[k]);
        }
      for (gsize k = 0; k < sizeof digits - 1; k++)
        {
          char back[MDB_UUID_STRING_SIZE];

          g_strlcpy (text, UUID_A, sizeof text);
          text[pos] = digits[k];
          ck_assert_msg (mdb_uuid_parse (text, &u, NULL), "position %d, digit %c", pos, digits[k]);
          mdb_uuid_format (&u, back);
          text[pos] = g_ascii_tolower (digits[k]);
          ck_assert_str_eq (back, text);
        }
    }
}
END_TEST

/* A reused parameter block (the thread's spare) starts empty and clean. */
START_TEST (test_params_reuse_starts_clean)
{
  g_autoptr (GError) error = NULL;
  MdbParams *p = mdb_params_new ();

  mdb_params_add_uuid (p, "not a uuid");
  mdb_params_add_int8 (p, 1);
  ck_assert (!mdb_params_check (p, NULL));
  mdb_params_free (p);
  p = mdb_params_new ();
  ck_assert_uint_eq (mdb_params_get_length (p), 0);
  ck_assert (mdb_params_check (p, &error));
  mdb_params_add_uuid (p, UUID_A);
  ck_assert_uint_eq (mdb_params_get_length (p), 1);
  ck_assert_int_eq (mdb_params_get_lengths (p)[0], 16);
  mdb_params_free (p);
}
END_TEST

static Suite *
rows_suite (void)
{
  Suite *s = suite_create ("rows");
  TCase *tc = tcase_create ("rows");

  tcase_add_test (tc, test_list_decodes_every_kind_in_place);
  tcase_add_test (tc, test_dup_outlives_the_list);
  tcase_add_test (tc, test_single_row_owns_its_result);
  tcase_add_test (tc, test_shape_change_names_column_types_and_command);
  tcase_add_test (tc, test_shape_change_in_the_number_of_columns);
  tcase_add_test (tc, test_bad_cells_are_decode_errors);
  tcase_add_test (tc, test_text_format_results_are_refused);
  tcase_add_test (tc, test_uuid_parse_and_format);
  tcase_add_test (tc, test_uuid_parse_every_position);
  tcase_add_test (tc, test_params_reuse_starts_clean);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return mdb_test_run (srunner_create (rows_suite ()), FALSE);
}
