/* SPDX-License-Identifier: MIT */
/* test-kinds-db.c: the kinds test library (tests/queries/kindlib) against a real server:
 * nullability rules and their counter-examples. */
#include <string.h>
#include <check.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <mdb-testing/mdb-testing.h>
#include "mdb-test-support.h"
#include "mdb_qkind-queries.h"

typedef struct {
  MdbTestDb *db;
  MdbConn   *conn;
} Fixture;

static Fixture fx;

#define EXEC MDB_EXECUTOR (fx.conn)
#define OK_OR(cond, what) ck_assert_msg ((cond), "%s: %s", (what), error ? error->message : "")

static char *
kindlib_path (const char *part)
{
  return g_build_filename (mdb_test_source_root (), "tests", "queries", "kindlib", part, NULL);
}

static void
setup (void)
{
  g_autofree char *migrations = kindlib_path ("migrations");

  fx.conn = mdb_ts_open_db (migrations, NULL, &fx.db);
}

static void
teardown (void)
{
  g_clear_pointer (&fx.conn, mdb_conn_free);
  g_clear_pointer (&fx.db, mdb_test_db_free);
}

/* The committed cache entry of query @name (the parser owns it). */
static JsonObject *
cache_entry (const char *name, JsonParser **parser_out)
{
  g_autofree char *dir_path = kindlib_path (".mdb-cache");
  JsonObject *entry = mdb_ts_cache_entry (dir_path, name, parser_out);

  ck_assert_msg (entry != NULL, "no cache entry for %s", name);
  return entry;
}

/* Every column of @query: nullable as @nullable, decided by @source. */
static void
assert_columns (const char *query, gboolean nullable, const char *source, guint n_expected)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonArray *columns = json_object_get_array_member (cache_entry (query, &parser), "columns");

  ck_assert_uint_eq (json_array_get_length (columns), n_expected);
  for (guint k = 0; k < json_array_get_length (columns); k++)
    {
      JsonObject *c = json_array_get_object_element (columns, k);
      const char *name = json_object_get_string_member (c, "name");

      ck_assert_msg (json_object_get_boolean_member (c, "nullable") == nullable, "%s.%s: nullable", query, name);
      ck_assert_msg (g_str_equal (json_object_get_string_member (c, "nullable_source"), source),
                     "%s.%s: source %s", query, name, json_object_get_string_member (c, "nullable_source"));
      ck_assert_msg (json_object_has_member (c, "nullable_reason"), "%s.%s: no reason", query, name);
    }
}

/* Column @name of @query: nullable as @nullable, decided by @source. */
static void
assert_column (const char *query, const char *name, gboolean nullable, const char *source)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonArray *columns = json_object_get_array_member (cache_entry (query, &parser), "columns");

  for (guint k = 0; k < json_array_get_length (columns); k++)
    {
      JsonObject *c = json_array_get_object_element (columns, k);

      if (!g_str_equal (json_object_get_string_member (c, "name"), name))
        continue;
      ck_assert_msg (json_object_get_boolean_member (c, "nullable") == nullable, "%s.%s: nullable", query, name);
      ck_assert_str_eq (json_object_get_string_member (c, "nullable_source"), source);
      return;
    }
  ck_abort_msg ("%s has no column %s", query, name);
}

static gint64
person_add (const char *name, const char *nick, gint32 score, const char *meta)
{
  g_autoptr(GError) error = NULL;
  gint64 id = -1;

  OK_OR (qkind_person_insert (EXEC, name, nick, score, meta, &id, &error), "person");
  return id;
}

START_TEST (test_proven_columns_are_non_null_in_the_cache_and_at_run_time)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(QkindNullProvenRow) row = NULL;
  gint64 ann;

  assert_columns ("null_proven", FALSE, "inferred", 17);
  ann = person_add ("Ann", NULL, 5, NULL);
  OK_OR (qkind_pet_insert (EXEC, ann, "Rex", 4, FALSE, &error), "pet");
  row = qkind_null_proven (EXEC, "t", ann, &error);
  OK_OR (row != NULL, "null_proven");
  ck_assert_str_eq (row->coalesce_any, "Ann");
  ck_assert_int_eq (row->literal, 42);
  ck_assert_str_eq (row->param, "t");
  ck_assert (row->has_pets && row->nick_missing);
  ck_assert_str_eq (row->case_all, "low");
  ck_assert_str_eq (row->concat_op, "Ann!");
  ck_assert_int_eq (row->plus_op, 6);
  ck_assert_str_eq (row->lower_fn, "ann");
  ck_assert (row->now_fn > 0 && row->current_ts == row->now_fn);
  ck_assert_int_eq (row->rn, 1);
  ck_assert_int_eq (row->rk, 1);
  ck_assert_uint_eq (g_strv_length ((char **) row->pet_names), 1);
  ck_assert_str_eq (row->pet_names[0], "Rex");
  ck_assert_int_eq (row->greatest_any, 5);
  ck_assert_int_eq (row->n_pets, 1);
}
END_TEST

START_TEST (test_recursive_cte_columns_are_proven_by_induction)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(QkindNullRecursiveRowList) rows = NULL;
  gint64 ann;

  assert_column ("null_recursive", "id", FALSE, "inferred");
  assert_column ("null_recursive", "depth", FALSE, "inferred");
  assert_column ("null_recursive", "nick", TRUE, "expression");
  ann = person_add ("Ann", NULL, 5, NULL);
  rows = qkind_null_recursive (EXEC, ann, &error);
  OK_OR (rows != NULL, "null_recursive");
  ck_assert_uint_eq (rows->n_rows, 3);
  ck_assert_int_eq (rows->rows[2].id, ann + 2);
  ck_assert_int_eq (rows->rows[2].depth, 3);
  ck_assert_ptr_null (rows->rows[2].nick);
}
END_TEST

/* A NOT NULL table column read through a LEFT JOIN inside a materialized
 * CTE or a subquery the planner keeps apart: the catalog says NOT NULL and
 * the top-level plan shows no outer join, yet the value is NULL for a person
 * without pets.  The cache must say nullable, and the row must decode. */
START_TEST (test_outer_join_inside_a_cte_or_subquery_keeps_the_column_nullable)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(QkindNullOuterJoinNestedRow) row = NULL;
  gint64 x;

  assert_column ("null_outer_join_nested", "id", FALSE, "catalog");
  assert_column ("null_outer_join_nested", "cte_pet_name", TRUE, "outer_join");
  assert_column ("null_outer_join_nested", "subquery_pet_name", TRUE, "outer_join");
  x = person_add ("petless", NULL, 1, "{}");
  row = qkind_null_outer_join_nested (EXEC, x, &error);
  OK_OR (row != NULL, "null_outer_join_nested");
  ck_assert_int_eq (row->id, x);
  ck_assert_ptr_null (row->cte_pet_name);
  ck_assert_ptr_null (row->subquery_pet_name);
}
END_TEST

/* Each counter-example is really NULL for this row: the cache must not
 * have promised otherwise (the getter would fail with "unexpected NULL"). */
START_TEST (test_counter_examples_stay_nullable_and_are_null)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(QkindNullUnprovenRow) row = NULL;
  g_autoptr(QkindNullCountedRow) none = NULL;
  gint64 x;

  assert_columns ("null_unproven", TRUE, "expression", 15);
  x = person_add ("x", NULL, 20, "{}");
  row = qkind_null_unproven (EXEC, NULL, x, &error);
  OK_OR (row != NULL, "null_unproven");
  ck_assert_ptr_null (row->cast_of_nullable);
  ck_assert_ptr_null (row->coalesce_none);
  ck_assert_ptr_null (row->null_literal);
  ck_assert_ptr_null (row->nullable_param);
  ck_assert_ptr_null (row->scalar_subquery);
  ck_assert_ptr_null (row->case_no_else);
  ck_assert_ptr_null (row->case_nullable_branch);
  ck_assert_ptr_null (row->concat_nullable);
  ck_assert_ptr_null (row->json_field);
  ck_assert_ptr_null (row->lower_nullable);
  ck_assert_ptr_null (row->regex_match);
  ck_assert_ptr_null (row->nullif_col);
  ck_assert (row->lag_fn_is_null);
  ck_assert (row->strict_user_function_is_null);
  ck_assert_ptr_null (row->lower_outer_joined);

  none = qkind_null_counted (EXEC, 1000, &error);
  OK_OR (none != NULL, "null_counted");
  ck_assert_int_eq (none->n, 0);
  ck_assert_int_eq (none->n_nicks, 0);
  ck_assert_ptr_null (none->max_name);
  ck_assert (none->total_is_null);
}
END_TEST


START_TEST (test_prepare_check_explains_the_columns_left_nullable)
{
  g_autofree char *lib = kindlib_path (NULL);
  const char *args[] = { "prepare", "--check", "--explain-nulls", lib, "--database-url",
                         mdb_test_db_get_url (fx.db), NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *flat = NULL;

  ck_assert_msg (mdb_ts_run_mdb_out (args, &out, &err) == 0, "check failed on the committed cache: %s",
                 g_strdelimit (err, "\n", ' '));
  flat = g_strdelimit (g_strdup (out), "\n", ' ');   /* Check wants one-line messages */
  ck_assert_msg (strstr (out, "query \"null_unproven\": column \"json_field\" stays nullable: operator ->> may "
                              "return NULL for non-NULL operands") != NULL, "%s", flat);
  ck_assert_msg (strstr (out, "query \"null_unproven\": column \"case_no_else\" stays nullable: CASE without ELSE")
                 != NULL, "%s", flat);
  ck_assert_msg (strstr (out, "query \"null_counted\": column \"total\" stays nullable: aggregate sum") != NULL,
                 "%s", flat);
  ck_assert_msg (strstr (out, "column \"lower_fn\"") == NULL, "%s", flat);
  ck_assert_msg (strstr (out, "query \"persons_with_pets\": child-row field pets.toys.price stays nullable: "
                              "column t.price may be NULL") != NULL, "%s", flat);
  ck_assert_msg (strstr (out, "query \"persons_with_pets\": child-row field pets.toys.label") == NULL, "%s", flat);
  /* Through a CASE or COALESCE whose other branch is '{}': proven where built. */
  ck_assert_msg (strstr (out, "query \"persons_with_pets_gated\": child-row field pets.name") == NULL, "%s", flat);
  ck_assert_msg (strstr (out, "query \"persons_with_pets_gated\": child-row field toys.label") == NULL, "%s", flat);
  ck_assert_msg (strstr (out, "query \"persons_with_pets_gated\": child-row field toys.price stays nullable: "
                              "column t.price may be NULL") != NULL, "%s", flat);
  ck_assert_msg (strstr (out, "27 proven non-null by inference") != NULL, "%s", flat);
  ck_assert_msg (strstr (err, "parse tree") == NULL, "the parse tree leaked to stderr: %s", err);
}
END_TEST

/* ---- array parameters ------------------------------------------------ */

#define T0 G_GINT64_CONSTANT (1700000000123456)   /* 2023-11-14 22:13:20.123456 */
#define DAY G_GINT64_CONSTANT (86400000000)

static GArray *
array_of (gsize elem, const void *data, guint n)
{
  GArray *a = g_array_sized_new (FALSE, FALSE, (guint) elem, n);

  g_array_append_vals (a, data, n);
  return a;
}

static GArray *
moods_of (const QkindKindMood *moods, guint n)
{
  return array_of (sizeof (QkindKindMood), moods, n);
}

/* One UNNEST insert of timestamp[], date[], int2[], float4[] and enum[]
 * arrays, read back through an enum-array ANY filter. */
START_TEST (test_unnest_bulk_write_binds_every_array_type)
{
  g_autoptr(GError) error = NULL;
  const gint64 ats[] = { T0, T0 + 1, -DAY * 365 * 40 + 7 };
  const gint64 days[] = { T0, T0 + DAY, -DAY };   /* days 2023-11-14, 2023-11-15, 1969-12-31 */
  const gint32 smalls[] = { -32768, 0, 32767 };
  const gdouble ratios[] = { 0.5, -1.25, 1e30 };
  const QkindKindMood moods[] = { QKIND_KIND_MOOD_CALM, QKIND_KIND_MOOD_AWAY, QKIND_KIND_MOOD_BUSY };
  const QkindKindMood wanted[] = { QKIND_KIND_MOOD_AWAY, QKIND_KIND_MOOD_CALM };
  g_autoptr(GArray) a = array_of (sizeof (gint64), ats, 3);
  g_autoptr(GArray) d = array_of (sizeof (gint64), days, 3);
  g_autoptr(GArray) s = array_of (sizeof (gint32), smalls, 3);
  g_autoptr(GArray) r = array_of (sizeof (gdouble), ratios, 3);
  g_autoptr(GArray) m = moods_of (moods, 3);
  g_autoptr(GArray) w = moods_of (wanted, 2);
  g_autoptr(QkindReadingsByMoodRowList) rows = NULL;
  QkindReadingsByMoodRow *r0, *r1;

  ck_assert_int_eq (qkind_readings_add (EXEC, a, d, s, r, m, &error), 3);
  ck_assert_int_eq (qkind_reading_set_moods (EXEC, w, 2, &error), 1);
  rows = qkind_readings_by_mood (EXEC, w, &error);
  OK_OR (rows != NULL, "readings_by_mood");
  ck_assert_uint_eq (rows->n_rows, 2);
  r0 = &rows->rows[0];
  r1 = &rows->rows[1];
  ck_assert_int_eq (r0->at, T0);
  ck_assert_int_eq (r0->day, T0 - T0 % DAY);
  ck_assert_int_eq (r0->small, -32768);
  ck_assert (r0->ratio == 0.5);
  ck_assert_int_eq (r0->mood, QKIND_KIND_MOOD_CALM);
  ck_assert_ptr_null (r0->moods);
  ck_assert_int_eq (r1->at, T0 + 1);
  ck_assert_int_eq (r1->day, T0 - T0 % DAY + DAY);
  ck_assert_int_eq (r1->small, 0);
  ck_assert (r1->ratio == -1.25);
  ck_assert_int_eq (r1->mood, QKIND_KIND_MOOD_AWAY);
  ck_assert_uint_eq (g_strv_length ((char **) r1->moods), 2);
  ck_assert_str_eq (r1->moods[0], "away");
  ck_assert_str_eq (r1->moods[1], "calm");
  /* A nullable enum array binds NULL; an empty one matches nothing. */
  ck_assert_int_eq (qkind_reading_set_moods (EXEC, NULL, 2, &error), 1);
  g_clear_pointer (&rows, qkind_readings_by_mood_row_list_free);
  g_array_set_size (w, 0);
  rows = qkind_readings_by_mood (EXEC, w, &error);
  OK_OR (rows != NULL, "readings_by_mood (empty)");
  ck_assert_uint_eq (rows->n_rows, 0);
}
END_TEST

START_TEST (test_json_and_numeric_arrays_come_back_as_strings)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(QkindTextLikeArraysRow) row = qkind_text_like_arrays (EXEC, &error);

  OK_OR (row != NULL, "text_like_arrays");
  ck_assert_uint_eq (g_strv_length ((char **) row->docs), 2);
  ck_assert_str_eq (row->docs[0], "{\"a\": 1}");
  ck_assert_str_eq (row->docs[1], "[]");
  ck_assert_str_eq (row->raw[0], "{}");
  ck_assert_str_eq (row->amounts[0], "1.50");
  ck_assert_str_eq (row->amounts[1], "2");
}
END_TEST

/* Values the wire cannot carry are refused before anything is sent. */
START_TEST (test_array_parameters_refuse_bad_elements_before_sending)
{
  g_autoptr(GError) error = NULL;
  const gint64 ats[] = { T0 };
  const gint32 too_big[] = { 70000 };
  const gdouble ratios[] = { 1.0 };
  const QkindKindMood bad[] = { (QkindKindMood) 9 };
  const QkindKindMood calm[] = { QKIND_KIND_MOOD_CALM };
  g_autoptr(GArray) a = array_of (sizeof (gint64), ats, 1);
  g_autoptr(GArray) s = array_of (sizeof (gint32), too_big, 1);
  g_autoptr(GArray) r = array_of (sizeof (gdouble), ratios, 1);
  g_autoptr(GArray) m = moods_of (bad, 1);
  g_autoptr(GArray) ok = moods_of (calm, 1);
  g_autoptr(QkindReadingsByMoodRowList) rows = NULL;

  ck_assert_int_eq (qkind_readings_add (EXEC, a, a, s, r, ok, &error), -1);
  ck_assert (g_error_matches (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT));
  ck_assert_str_eq (error->message, "query readings_add: parameter smalls: element 0 (70000) is out of range for int2");
  g_clear_error (&error);
  g_array_index (s, gint32, 0) = 1;
  ck_assert_int_eq (qkind_readings_add (EXEC, a, a, s, r, m, &error), -1);
  ck_assert (g_error_matches (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT));
  ck_assert_str_eq (error->message, "query readings_add: parameter moods is not a value of its enum");
  g_clear_error (&error);
  ck_assert_int_eq (qkind_readings_add (EXEC, a, NULL, s, r, ok, &error), -1);
  ck_assert (g_error_matches (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT));
  g_clear_error (&error);
  rows = qkind_readings_by_mood (EXEC, ok, &error);
  OK_OR (rows != NULL, "readings_by_mood");
  ck_assert_uint_eq (rows->n_rows, 0);
}
END_TEST

/* ---- child rows ---------------------------------------------------- */

/* Two levels in one query: persons, their pets, each pet's toys. */
START_TEST (test_child_rows_of_two_levels_decode_into_struct_arrays)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(QkindPersonsWithPetsRowList) rows = NULL;
  g_autoptr(QkindPersonPetNamesRow) none = NULL;
  g_autoptr(QkindPersonPetNamesRow) two = NULL;
  gint64 ann = person_add ("Ann", NULL, 5, NULL);
  gint64 bob = person_add ("Bob", NULL, 5, NULL);
  const QkindPersonsWithPetsRow *a, *b;
  const QkindPersonsWithPetsPetsItem *rex, *tom;
  g_autoptr(QkindPersonsWithPetsRow) kept = NULL;
  gint64 rex_id;

  person_add ("Cid", NULL, 0, NULL);
  OK_OR (qkind_pet_insert (EXEC, ann, "Rex", 4, FALSE, &error), "pet");
  OK_OR (qkind_pet_insert (EXEC, ann, "Tom", 0, TRUE, &error), "pet");
  rows = qkind_persons_with_pets (EXEC, 1, &error);
  OK_OR (rows != NULL, "persons_with_pets");
  rex_id = rows->rows[0].pets[0].id;
  g_clear_pointer (&rows, qkind_persons_with_pets_row_list_free);
  OK_OR (qkind_toy_insert (EXEC, rex_id, "ball", "1.50", &error), "toy");
  OK_OR (qkind_toy_insert (EXEC, rex_id, "bone", NULL, &error), "toy");
  rows = qkind_persons_with_pets (EXEC, 1, &error);
  OK_OR (rows != NULL, "persons_with_pets");
  ck_assert_uint_eq (rows->n_rows, 2);
  a = &rows->rows[0];
  b = &rows->rows[1];
  ck_assert_str_eq (a->name, "Ann");
  ck_assert_uint_eq (a->n_pets, 2);
  rex = &a->pets[0];
  tom = &a->pets[1];
  ck_assert_str_eq (rex->name, "Rex");
  ck_assert (!rex->legs_is_null && rex->legs == 4);
  ck_assert_uint_eq (rex->n_toys, 2);
  ck_assert_str_eq (rex->toys[0].label, "ball");
  ck_assert_str_eq (rex->toys[0].price, "1.50");
  ck_assert_int_eq (rex->toys[0].mood, QKIND_KIND_MOOD_BUSY);
  ck_assert_str_eq (rex->toys[1].label, "bone");
  ck_assert_ptr_null (rex->toys[1].price);
  ck_assert_str_eq (tom->name, "Tom");
  ck_assert (tom->legs_is_null);
  ck_assert_uint_eq (tom->n_toys, 0);
  ck_assert_ptr_nonnull (tom->toys);   /* an empty array, not NULL */
  ck_assert_int_eq (b->id, bob);
  ck_assert_uint_eq (b->n_pets, 0);
  /* Child rows borrow from the list like every value; _dup copies them too. */
  kept = qkind_persons_with_pets_row_dup (a);
  g_clear_pointer (&rows, qkind_persons_with_pets_row_list_free);
  ck_assert_str_eq (kept->name, "Ann");
  ck_assert_uint_eq (kept->n_pets, 2);
  ck_assert_str_eq (kept->pets[0].name, "Rex");
  ck_assert_uint_eq (kept->pets[0].n_toys, 2);
  ck_assert_str_eq (kept->pets[0].toys[1].label, "bone");
  ck_assert_str_eq (kept->pets[0].toys[0].price, "1.50");
  ck_assert (kept->pets[1].legs_is_null);
  ck_assert_ptr_nonnull (kept->pets[1].toys);
  ck_assert_uint_eq (kept->pets[1].n_toys, 0);
  /* array_agg over no row is NULL: the nullable column comes back NULL. */
  none = qkind_person_pet_names (EXEC, bob, &error);
  OK_OR (none != NULL, "person_pet_names");
  ck_assert_ptr_null (none->pets);
  ck_assert_uint_eq (none->n_pets, 0);
  two = qkind_person_pet_names (EXEC, ann, &error);
  OK_OR (two != NULL, "person_pet_names");
  ck_assert_uint_eq (two->n_pets, 2);
  ck_assert_str_eq (two->pets[1].name, "Tom");
  ck_assert_ptr_null (two->pets[1].toys);
}
END_TEST

/* Children behind CASE … ELSE '{}' and COALESCE (…, '{}'): the fields proven
 * in the branch that builds them (no _is_null for name or label), an empty
 * array (not NULL) where the literal is taken. */
START_TEST (test_child_rows_behind_case_and_coalesce_keep_their_proven_fields)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(QkindPersonsWithPetsGatedRowList) rows = NULL;
  g_autoptr(QkindPersonsWithPetsRowList) pets = NULL;
  gint64 ann = person_add ("Ann", NULL, 5, NULL);

  person_add ("Cid", NULL, 0, NULL);
  OK_OR (qkind_pet_insert (EXEC, ann, "Rex", 4, FALSE, &error), "pet");
  pets = qkind_persons_with_pets (EXEC, 1, &error);
  OK_OR (pets != NULL, "persons_with_pets");
  OK_OR (qkind_toy_insert (EXEC, pets->rows[0].pets[0].id, "ball", NULL, &error), "toy");
  rows = qkind_persons_with_pets_gated (EXEC, 1, &error);
  OK_OR (rows != NULL, "persons_with_pets_gated");
  ck_assert_uint_eq (rows->n_rows, 2);
  ck_assert_uint_eq (rows->rows[0].n_pets, 1);
  ck_assert_str_eq (rows->rows[0].pets[0].name, "Rex");
  ck_assert_uint_eq (rows->rows[0].n_toys, 1);
  ck_assert_str_eq (rows->rows[0].toys[0].label, "ball");
  ck_assert_ptr_null (rows->rows[0].toys[0].price);
  ck_assert_uint_eq (rows->rows[1].n_pets, 0);     /* below min_score: the ELSE '{}' */
  ck_assert_ptr_nonnull (rows->rows[1].pets);
  ck_assert_uint_eq (rows->rows[1].n_toys, 0);     /* no toy: COALESCE's '{}' */
  ck_assert_ptr_nonnull (rows->rows[1].toys);
}
END_TEST

/* The cache says which fields are non-null, per level. */
static const char *const child_queries[] = { "persons_with_pets", "person_pets_lateral" };

START_TEST (test_child_row_fields_carry_types_and_nullability_in_the_cache)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonArray *columns = json_object_get_array_member (cache_entry (child_queries[_i], &parser), "columns");
  JsonObject *pets = json_array_get_object_element (columns, json_array_get_length (columns) - 1);
  JsonArray *pet_fields = json_object_get_array_member (pets, "fields");
  JsonArray *toy_fields = json_object_get_array_member (json_array_get_object_element (pet_fields, 3), "fields");
  const char *const pet_names[] = { "id", "name", "legs", "toys" };
  const gboolean pet_nullable[] = { FALSE, FALSE, TRUE, FALSE };
  const gboolean toy_nullable[] = { FALSE, FALSE, TRUE, FALSE };

  ck_assert_str_eq (json_object_get_string_member (pets, "type"), "_kind_pet_row");
  ck_assert (json_object_get_boolean_member (pets, "nullable") == (_i == 1));   /* array_agg may be NULL */
  ck_assert_uint_eq (json_array_get_length (pet_fields), 4);
  ck_assert_uint_eq (json_array_get_length (toy_fields), 4);
  for (guint k = 0; k < 4; k++)
    {
      JsonObject *pf = json_array_get_object_element (pet_fields, k);
      JsonObject *tf = json_array_get_object_element (toy_fields, k);

      ck_assert_str_eq (json_object_get_string_member (pf, "name"), pet_names[k]);
      ck_assert_msg (json_object_get_boolean_member (pf, "nullable") == pet_nullable[k], "pet field %u", k);
      ck_assert_msg (json_object_get_boolean_member (tf, "nullable") == toy_nullable[k], "toy field %u", k);
    }
  ck_assert_str_eq (json_object_get_string_member (json_array_get_object_element (toy_fields, 3), "type"),
                    "kind_mood");
}
END_TEST

/* A field whose type changed since mdb prepare: DECODE naming the field. */
START_TEST (test_child_row_field_of_another_type_is_a_decode_error_naming_it)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(QkindPersonsWithPetsRowList) rows = NULL;
  gint64 ann = person_add ("Ann", NULL, 5, NULL);

  OK_OR (qkind_pet_insert (EXEC, ann, "Rex", 4, FALSE, &error), "pet");
  ck_assert (mdb_conn_exec_script (fx.conn, "ALTER TYPE kind_pet_row ALTER ATTRIBUTE name TYPE varchar", &error));
  rows = qkind_persons_with_pets (EXEC, 1, &error);
  ck_assert_ptr_null (rows);
  ck_assert (g_error_matches (error, MDB_ERROR, MDB_ERROR_DECODE));
  ck_assert_str_eq (error->message, "query persons_with_pets, column pets: field 2 \"name\" has type oid 1043, "
                                    "the cache says 25 (text); run mdb prepare");
  {
    g_autofree char *lib = kindlib_path (NULL);
    const char *args[] = { "prepare", "--check", lib, "--database-url", mdb_test_db_get_url (fx.db), NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    ck_assert_int_eq (mdb_ts_run_mdb_out (args, &out, &err), 1);
    ck_assert_msg (strstr (err, "query \"persons_with_pets\": stale cache file") != NULL, "%s", err);
    ck_assert_msg (strstr (err, "field 2 \"name\": type text -> varchar") != NULL, "%s", err);
  }
}
END_TEST

/* `SELECT 1` names its column "?column?": mdb prepare refuses it, naming
 * file:line, instead of writing a cache that generates uncompilable C. */
START_TEST (test_prepare_refuses_a_column_that_is_not_a_c_identifier)
{
  g_autofree char *lib = mdb_ts_make_dir ();
  g_autofree char *queries = g_build_filename (lib, "queries", NULL);
  g_autofree char *cache = g_build_filename (lib, ".mdb-cache", NULL);
  const char *args[] = { "prepare", lib, "--database-url", mdb_test_db_get_url (fx.db), NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_mkdir_with_parents (queries, 0755);
  mdb_ts_write_file (queries, "q.sql", "-- name: ok :one\nSELECT 1 AS one\n\n-- name: bad :many\nSELECT 1 FROM person\n");
  ck_assert_int_eq (mdb_ts_run_mdb_out (args, &out, &err), 1);
  ck_assert_msg (strstr (err, "q.sql:4: query \"bad\": column 1 \"?column?\" gives the C field name \"?column?\", "
                              "which is not a C identifier; alias this column") != NULL, "%s", err);
  ck_assert (!g_file_test (cache, G_FILE_TEST_EXISTS));
  mdb_ts_rm_rf (lib);
}
END_TEST

static Suite *
kinds_db_suite (void)
{
  Suite *s = suite_create ("queries-kinds-db");
  TCase *tc = tcase_create ("kinds");

  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_proven_columns_are_non_null_in_the_cache_and_at_run_time);
  tcase_add_test (tc, test_recursive_cte_columns_are_proven_by_induction);
  tcase_add_test (tc, test_counter_examples_stay_nullable_and_are_null);
  tcase_add_test (tc, test_outer_join_inside_a_cte_or_subquery_keeps_the_column_nullable);
  tcase_add_test (tc, test_prepare_check_explains_the_columns_left_nullable);
  tcase_add_test (tc, test_prepare_refuses_a_column_that_is_not_a_c_identifier);
  tcase_add_test (tc, test_unnest_bulk_write_binds_every_array_type);
  tcase_add_test (tc, test_array_parameters_refuse_bad_elements_before_sending);
  tcase_add_test (tc, test_json_and_numeric_arrays_come_back_as_strings);
  tcase_add_test (tc, test_child_rows_of_two_levels_decode_into_struct_arrays);
  tcase_add_test (tc, test_child_rows_behind_case_and_coalesce_keep_their_proven_fields);
  tcase_add_loop_test (tc, test_child_row_fields_carry_types_and_nullability_in_the_cache, 0,
                       G_N_ELEMENTS (child_queries));
  tcase_add_test (tc, test_child_row_field_of_another_type_is_a_decode_error_naming_it);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return mdb_test_run (srunner_create (kinds_db_suite ()), TRUE);
}
