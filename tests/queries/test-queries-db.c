/* SPDX-License-Identifier: MIT */
/* test-queries-db.c: the generated test library (tests/queries/testlib) against a real server. */
#include <string.h>
#include <check.h>
#include <mdb-testing/mdb-testing.h>
#include "mdb-test-support.h"
#include "mdb_qtest-queries.h"

typedef struct {
  MdbTestDb *db;
  MdbConn   *conn;
} Fixture;

static Fixture fx;

static char *
testlib_path (const char *part)
{
  return g_build_filename (mdb_test_source_root (), "tests", "queries", "testlib", part, NULL);
}

static void
setup (void)
{
  g_autofree char *migrations = testlib_path ("migrations");

  fx.conn = mdb_ts_open_db (migrations, NULL, &fx.db);
}

static void
teardown (void)
{
  g_clear_pointer (&fx.conn, mdb_conn_free);
  g_clear_pointer (&fx.db, mdb_test_db_free);
}

#define EXEC MDB_EXECUTOR (fx.conn)
#define OWNER "0b9c5e1a-7a43-4f43-9d0c-2f3b8a7e4c11"
#define T0 G_GINT64_CONSTANT (1700000000123456)   /* 2023-11-14 22:13:20.123456 UTC */
#define D0 G_GINT64_CONSTANT (1699920000000000)   /* 2023-11-14 00:00 UTC */

static void
owner_add (const char *id, const char *name)
{
  g_autoptr(GError) error = NULL;

  ck_assert_msg (qtest_owner_insert (EXEC, id, name, &error), "owner: %s", error ? error->message : "");
}

static GArray *
int_array (gsize elem, const void *data, guint n)
{
  GArray *a = g_array_sized_new (FALSE, FALSE, (guint) elem, n);

  g_array_append_vals (a, data, n);
  return a;
}

/* An item with every column set. */
static gint64
insert_full (const char *title)
{
  static const gint32 nums[] = { 1, -2, 3 };
  static const gint64 bigs[] = { G_GINT64_CONSTANT (9000000000) };
  static const gdouble scores[] = { 0.5, 1.25 };
  static const gboolean flags[] = { TRUE, FALSE };
  const char *tags[] = { "a", "b c", NULL };
  const char *ids[] = { OWNER, NULL };
  const char *statuses[] = { "published", "draft", NULL };
  g_autoptr(GArray) an = int_array (sizeof (gint32), nums, 3);
  g_autoptr(GArray) ab = int_array (sizeof (gint64), bigs, 1);
  g_autoptr(GArray) as = int_array (sizeof (gdouble), scores, 2);
  g_autoptr(GArray) af = int_array (sizeof (gboolean), flags, 2);
  g_autoptr(GBytes) blob = g_bytes_new ("\0\1\2", 3);
  g_autoptr(GError) error = NULL;
  gint64 id = -1;

  ck_assert_msg (qtest_item_insert (EXEC, OWNER, title, "a note", TRUE, 7, FALSE, 42, G_GINT64_CONSTANT (1) << 40,
                                    FALSE, 1.5, FALSE, 2.25, FALSE, "12.50", T0, FALSE, D0, FALSE, "{\"k\": 1}",
                                    "[1, 2]", blob, QTEST_ITEM_STATUS_PUBLISHED, tags, an, ab, as, af, ids,
                                    statuses, &id, &error),
                 "insert: %s", error ? error->message : "");
  return id;
}

static gint64
insert_minimal (const char *title, QtestItemStatus status, gint32 count)
{
  g_autoptr(GError) error = NULL;
  gint64 id = -1;

  ck_assert_msg (qtest_item_insert (EXEC, NULL, title, NULL, FALSE, 0, TRUE, count, 0, TRUE, 0, TRUE, 0, TRUE, NULL,
                                    0, TRUE, 0, TRUE, NULL, NULL, NULL, status, NULL, NULL, NULL, NULL, NULL, NULL,
                                    NULL, &id, &error),
                 "insert: %s", error ? error->message : "");
  return id;
}

/* Every column of the item insert_full() wrote. */
static void
assert_full_item (const QtestItem *item, gint64 id, const char *title)
{
  char owner[MDB_UUID_STRING_SIZE];

  ck_assert_int_eq (item->id, id);
  ck_assert (!item->owner_id_is_null);
  ck_assert_str_eq (mdb_uuid_format (&item->owner_id, owner), OWNER);
  ck_assert_str_eq (item->title, title);
  ck_assert_str_eq (item->note, "a note");
  ck_assert (item->flag);
  ck_assert_int_eq (item->small, 7);
  ck_assert_int_eq (item->count, 42);
  ck_assert_int_eq (item->big, G_GINT64_CONSTANT (1) << 40);
  ck_assert_double_eq (item->ratio, 1.5);
  ck_assert_double_eq (item->score, 2.25);
  ck_assert_str_eq (item->price, "12.50");
  ck_assert_int_eq (item->local_at, T0);
  ck_assert_int_eq (item->day, D0);
  ck_assert_str_eq (item->meta, "{\"k\": 1}");
  ck_assert_str_eq (item->raw, "[1, 2]");
  ck_assert_uint_eq (item->blob.len, 3);
  ck_assert_int_eq (memcmp (item->blob.data, "\0\1\2", 3), 0);
  ck_assert_int_eq (item->status, QTEST_ITEM_STATUS_PUBLISHED);
  ck_assert_uint_eq (g_strv_length ((char **) item->tags), 2);
  ck_assert_str_eq (item->tags[1], "b c");
  ck_assert_uint_eq (item->nums->len, 3);
  ck_assert_int_eq (g_array_index (item->nums, gint32, 1), -2);
  ck_assert_int_eq (g_array_index (item->bigs, gint64, 0), G_GINT64_CONSTANT (9000000000));
  ck_assert_double_eq (g_array_index (item->scores, gdouble, 1), 1.25);
  ck_assert (g_array_index (item->flags, gboolean, 0) && !g_array_index (item->flags, gboolean, 1));
  ck_assert_str_eq (item->ids[0], OWNER);
  ck_assert_str_eq (item->statuses[0], "published");
  ck_assert_int_gt (item->created_at, T0);
}

START_TEST (test_one_round_trips_every_type)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(QtestItem) item = NULL;
  gint64 id;

  owner_add (OWNER, "Ann");
  id = insert_full ("full");
  item = qtest_item_get (EXEC, id, &error);
  ck_assert_msg (item != NULL, "get: %s", error ? error->message : "");
  assert_full_item (item, id, "full");
}
END_TEST

/* The ownership rule: a row in a list is the list's; _dup() makes a row
 * that outlives it (valgrind: no read of freed memory, no leak). */
START_TEST (test_dup_keeps_a_row_after_its_list_is_freed)
{
  g_autoptr(GError) error = NULL;
  QtestItemList *list;
  g_autoptr(QtestItem) kept = NULL;
  g_autoptr(QtestItem) copy_of_copy = NULL;
  g_autoptr(QtestItem) single = NULL;
  g_autoptr(QtestItem) from_single = NULL;
  gint64 a, b;

  owner_add (OWNER, "Ann");
  a = insert_full ("first");
  b = insert_full ("second");
  list = qtest_items_by_status (EXEC, QTEST_ITEM_STATUS_PUBLISHED, &error);
  ck_assert_msg (list != NULL, "list: %s", error ? error->message : "");
  ck_assert_uint_eq (list->n_rows, 2);
  kept = qtest_item_dup (&list->rows[1]);
  assert_full_item (&list->rows[0], a, "first");
  qtest_item_list_free (list);   /* the result and every borrowed value go */
  assert_full_item (kept, b, "second");
  copy_of_copy = qtest_item_dup (kept);
  g_clear_pointer (&kept, qtest_item_free);
  assert_full_item (copy_of_copy, b, "second");

  /* A :one row owns its result; its copy outlives it too. */
  single = qtest_item_get (EXEC, a, &error);
  ck_assert_msg (single != NULL, "get: %s", error ? error->message : "");
  from_single = qtest_item_dup (single);
  g_clear_pointer (&single, qtest_item_free);
  assert_full_item (from_single, a, "first");
}
END_TEST

/* NULLs survive a copy as NULLs (no string, no array to copy). */
START_TEST (test_dup_of_a_row_of_nulls)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(QtestItem) item = NULL;
  g_autoptr(QtestItem) copy = NULL;

  insert_minimal ("bare", QTEST_ITEM_STATUS_DRAFT, 0);
  item = qtest_item_find (EXEC, "bare", &error);
  ck_assert_msg (item != NULL, "find: %s", error ? error->message : "");
  copy = qtest_item_dup (item);
  g_clear_pointer (&item, qtest_item_free);
  ck_assert_str_eq (copy->title, "bare");
  ck_assert (copy->owner_id_is_null && copy->small_is_null);
  ck_assert_ptr_null (copy->note);
  ck_assert_ptr_null (copy->blob.data);
  ck_assert_ptr_null (copy->tags);
  ck_assert_ptr_null (copy->nums);
}
END_TEST

START_TEST (test_nulls_come_back_as_null_pointers_and_is_null_flags)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(QtestItem) item = NULL;
  gint64 id = insert_minimal ("bare", QTEST_ITEM_STATUS_DRAFT, 0);

  item = qtest_item_find (EXEC, "bare", &error);
  ck_assert_msg (item != NULL, "find: %s", error ? error->message : "");
  ck_assert_int_eq (item->id, id);
  ck_assert (item->owner_id_is_null);
  ck_assert_ptr_null (item->note);
  ck_assert (item->small_is_null && item->big_is_null && item->ratio_is_null && item->score_is_null);
  ck_assert (item->local_at_is_null && item->day_is_null);
  ck_assert_ptr_null (item->price);
  ck_assert_ptr_null (item->blob.data);
  ck_assert_ptr_null (item->tags);
  ck_assert_ptr_null (item->nums);
  ck_assert_ptr_null (item->statuses);
  ck_assert_int_eq (item->status, QTEST_ITEM_STATUS_DRAFT);
}
END_TEST

START_TEST (test_one_misses_with_not_found_and_opt_with_null)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(QtestItem) a = qtest_item_get (EXEC, 999, &error);
  g_autoptr(QtestItem) b = NULL;

  ck_assert_ptr_null (a);
  ck_assert (g_error_matches (error, MDB_ERROR, MDB_ERROR_NOT_FOUND));
  g_clear_error (&error);
  b = qtest_item_find (EXEC, "nope", &error);
  ck_assert_ptr_null (b);
  ck_assert_ptr_null (error);
}
END_TEST

START_TEST (test_null_for_a_non_null_parameter_is_rejected_before_sending)
{
  g_autoptr(GError) error = NULL;
  gint64 id = -1;
  gboolean ok = qtest_item_insert (EXEC, NULL, NULL, NULL, FALSE, 0, TRUE, 1, 0, TRUE, 0, TRUE, 0, TRUE, NULL, 0,
                                   TRUE, 0, TRUE, NULL, NULL, NULL, QTEST_ITEM_STATUS_DRAFT, NULL, NULL, NULL,
                                   NULL, NULL, NULL, NULL, &id, &error);
  g_autoptr(QtestItemList) all = NULL;

  ck_assert (!ok);
  ck_assert_int_eq (id, -1);
  ck_assert (g_error_matches (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT));
  ck_assert_msg (strstr (error->message, "item_insert: parameter title must not be NULL") != NULL,
                 "%s", error->message);
  g_clear_error (&error);
  ck_assert (!qtest_item_insert (EXEC, NULL, "x", NULL, FALSE, 0, TRUE, 1, 0, TRUE, 0, TRUE, 0, TRUE,
                                 NULL, 0, TRUE, 0, TRUE, NULL, NULL, NULL, (QtestItemStatus) 17,
                                 NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, &error));
  ck_assert (g_error_matches (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT));
  g_clear_error (&error);
  all = qtest_items_by_status (EXEC, QTEST_ITEM_STATUS_DRAFT, &error);
  ck_assert_uint_eq (all->n_rows, 0);
}
END_TEST

START_TEST (test_many_exec_and_execrows)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(QtestItemList) drafts = NULL;
  g_autoptr(QtestItem) item = NULL;
  gint64 a = insert_minimal ("a", QTEST_ITEM_STATUS_DRAFT, 1);
  gint64 changed;

  insert_minimal ("b", QTEST_ITEM_STATUS_DRAFT, 5);
  insert_minimal ("c", QTEST_ITEM_STATUS_PUBLISHED, 1);
  drafts = qtest_items_by_status (EXEC, QTEST_ITEM_STATUS_DRAFT, &error);
  ck_assert_msg (drafts != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (drafts->n_rows, 2);
  ck_assert_str_eq (drafts->rows[1].title, "b");
  ck_assert (qtest_item_set_note (EXEC, "noted", a, &error));
  item = qtest_item_get (EXEC, a, &error);
  ck_assert_str_eq (item->note, "noted");
  g_clear_pointer (&item, qtest_item_free);
  ck_assert (qtest_item_set_note (EXEC, NULL, a, &error));
  item = qtest_item_get (EXEC, a, &error);
  ck_assert_ptr_null (item->note);
  changed = qtest_items_archive (EXEC, 3, &error);
  ck_assert_int_eq (changed, 2);
  ck_assert_int_eq (qtest_items_archive (EXEC, 3, &error), 0);
}
END_TEST

static gint64
log_count (gint64 item_id)
{
  g_autoptr(GError) error = NULL;
  gint64 n = -1;

  ck_assert_msg (qtest_item_log_count (EXEC, item_id, &n, &error), "%s", error ? error->message : "");
  return n;
}

START_TEST (test_batch_runs_all_items_or_none)
{
  g_autoptr(GError) error = NULL;
  gint64 id = insert_minimal ("logged", QTEST_ITEM_STATUS_DRAFT, 0);
  gint64 ids[3] = { id, id, id };
  const char *messages[3] = { "one", "two", "three" };

  ck_assert_msg (qtest_item_log_add (EXEC, ids, messages, 3, &error), "%s", error ? error->message : "");
  ck_assert_int_eq (log_count (id), 3);
  ids[2] = 424242;   /* foreign key violation in the last item */
  ck_assert (!qtest_item_log_add (EXEC, ids, messages, 3, &error));
  ck_assert (g_error_matches (error, MDB_ERROR, MDB_ERROR_FOREIGN_KEY_VIOLATION));
  ck_assert_int_eq (log_count (id), 3);
  g_clear_error (&error);
  messages[1] = NULL;
  ids[2] = id;
  ck_assert (!qtest_item_log_add (EXEC, ids, messages, 3, &error));
  ck_assert_msg (g_error_matches (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT) && strstr (error->message, "item 1:"),
                 "%s", error->message);
  ck_assert_int_eq (log_count (id), 3);
}
END_TEST

START_TEST (test_copy_streams_rows)
{
  g_autoptr(GError) error = NULL;
  gint64 id = insert_minimal ("copied", QTEST_ITEM_STATUS_DRAFT, 0);
  gint64 ids[3] = { id, id, id };
  const char *messages[3] = { "x", "y", "z" };
  gint64 ats[3] = { T0, T0 + 1, T0 + 2 };
  gint64 n = qtest_item_log_copy (EXEC, ids, messages, ats, 3, &error);

  ck_assert_msg (n == 3, "copy: %s", error ? error->message : "");
  ck_assert_int_eq (log_count (id), 3);
}
END_TEST

START_TEST (test_overrides_and_enum_array_parameters)
{
  g_autoptr(GError) error = NULL;
  const char *statuses[] = { "published", NULL };
  g_autoptr(QtestItemStatsRow) stats = NULL;
  g_autoptr(QtestItemTrickyRow) tricky = NULL;

  insert_minimal ("p1", QTEST_ITEM_STATUS_PUBLISHED, 2);
  insert_minimal ("p2", QTEST_ITEM_STATUS_PUBLISHED, 3);
  insert_minimal ("d1", QTEST_ITEM_STATUS_DRAFT, 4);
  stats = qtest_item_stats (EXEC, statuses, FALSE, &error);
  ck_assert_msg (stats != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (stats->total, 2);
  ck_assert_str_eq (stats->top_title, "p2");
  ck_assert (!stats->sum_count_is_null);
  ck_assert_int_eq (stats->sum_count, 5);
  ck_assert_str_eq (stats->literal, "x::y");
  tricky = qtest_item_tricky (EXEC, 2, &error);
  ck_assert_msg (tricky != NULL, "%s", error ? error->message : "");
  ck_assert_str_eq (tricky->s, ":nor_this");
  ck_assert_str_eq (tricky->e, "':x");
  ck_assert_str_eq (tricky->d, " :nope ");
  ck_assert_str_eq (tricky->t, " @nope ");
  ck_assert_int_eq (tricky->sum, 4);
}
END_TEST

START_TEST (test_outer_join_sides_come_back_nullable)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(QtestOwnerItemsRowList) rows = NULL;
  g_autoptr(QtestItemOwnerRightRowList) right = NULL;
  g_autoptr(QtestItemOwnerFullRowList) full = NULL;
  QtestOwnerItemsRow *r;

  owner_add (OWNER, "Ann");
  owner_add ("1b9c5e1a-7a43-4f43-9d0c-2f3b8a7e4c11", "Bob");
  insert_full ("annes");
  insert_minimal ("orphan", QTEST_ITEM_STATUS_DRAFT, 0);
  rows = qtest_owner_items (EXEC, &error);
  ck_assert_msg (rows != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (rows->n_rows, 2);
  r = &rows->rows[1];
  ck_assert_str_eq (r->display_name, "Bob");
  ck_assert_ptr_null (r->title);
  ck_assert (r->item_id_is_null);
  right = qtest_item_owner_right (EXEC, &error);
  ck_assert_uint_eq (right->n_rows, 2);
  ck_assert_ptr_null (right->rows[1].title);
  full = qtest_item_owner_full (EXEC, &error);
  ck_assert_uint_eq (full->n_rows, 3);
  ck_assert_ptr_null (full->rows[2].owner_name);
}
END_TEST

static int
run_prepare_check (char **err_out)
{
  g_autofree char *lib = testlib_path (NULL);
  const char *args[] = { "prepare", "--check", lib, "--database-url", mdb_test_db_get_url (fx.db), NULL };

  return mdb_ts_run_mdb (args, err_out);
}

START_TEST (test_prepare_check_passes_then_fails_after_a_schema_change)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  g_autofree char *err2 = NULL;

  ck_assert_msg (run_prepare_check (&err) == 0, "check failed on the committed cache: %s", err);
  ck_assert (mdb_conn_exec_script (fx.conn, "ALTER TABLE item ALTER COLUMN title DROP NOT NULL", &error));
  ck_assert_int_eq (run_prepare_check (&err2), 1);
  ck_assert_msg (strstr (err2, "query \"item_get\": stale cache file query-") != NULL, "%s", err2);
  ck_assert_msg (strstr (err2, "column 3 \"title\": nullable false -> true") != NULL, "%s", err2);
}
END_TEST

/* `mdb prepare <lib>` finds the database by itself: mdb-lib.conf names it,
 * mdb.conf gives its url_env variable.  Bad mdb-lib.conf files are refused
 * with file and line. */
static int
prepare_in (const char *lib, char **err_out)
{
  const char *args[] = { "prepare", lib, NULL };

  return mdb_ts_run_mdb (args, err_out);
}

START_TEST (test_prepare_reads_the_database_from_mdb_lib_conf)
{
  g_autofree char *root = mdb_ts_make_dir ();
  g_autofree char *lib = g_build_filename (root, "libs", "x", NULL);
  g_autofree char *queries = g_build_filename (lib, "queries", NULL);
  g_autofree char *cache = g_build_filename (lib, ".mdb-cache", NULL);
  g_autofree char *err1 = NULL, *err2 = NULL, *err3 = NULL, *err4 = NULL, *err5 = NULL;
  g_autoptr(GDir) dir = NULL;
  guint files = 0;

  g_mkdir_with_parents (queries, 0700);
  mdb_ts_write_file (root, "mdb.conf", "[database items]\nmigrations=m\nurl_env=MDBT_ITEMS_URL\n");
  mdb_ts_write_file (queries, "a.sql", "-- name: item_count :one\nSELECT count(*) AS \"n!\" FROM item\n");
  g_setenv ("MDB_PROJECT_ROOT", root, TRUE);
  g_unsetenv ("DATABASE_URL");
  g_unsetenv ("MDBT_ITEMS_URL");

  mdb_ts_write_file (lib, "mdb-lib.conf", "# the library's database\ndatabase = items\n");
  ck_assert_int_eq (prepare_in (lib, &err1), 1);
  ck_assert_msg (strstr (err1, "no URL for database items") != NULL, "%s", err1);
  g_setenv ("MDBT_ITEMS_URL", mdb_test_db_get_url (fx.db), TRUE);
  ck_assert_msg (prepare_in (lib, &err2) == 0, "prepare: %s", err2);
  dir = g_dir_open (cache, 0, NULL);
  while (dir != NULL && g_dir_read_name (dir) != NULL)
    files++;
  ck_assert_uint_eq (files, 1);

  mdb_ts_write_file (lib, "mdb-lib.conf", "database=nope\n");
  ck_assert_int_eq (prepare_in (lib, &err3), 1);
  ck_assert_msg (strstr (err3, "mdb-lib.conf: no database \"nope\"") != NULL, "%s", err3);
  mdb_ts_write_file (lib, "mdb-lib.conf", "\ndb=items\n");
  ck_assert_int_eq (prepare_in (lib, &err4), 1);
  ck_assert_msg (strstr (err4, "mdb-lib.conf:2: unknown key \"db\"") != NULL, "%s", err4);
  mdb_ts_write_file (lib, "mdb-lib.conf", "database=items\ndatabase=items\n");
  ck_assert_int_eq (prepare_in (lib, &err5), 1);
  ck_assert_msg (strstr (err5, "mdb-lib.conf:2: database is given twice") != NULL, "%s", err5);
  mdb_ts_rm_rf (root);
}
END_TEST

/* tests/queries/testlib/queries/locals.sql: parameters named like the
 * generated code's locals compile (the build proves it) and bind the
 * values given, not a local of the same name. */
START_TEST (test_parameters_named_like_generated_locals)
{
  g_autoptr(GError) error = NULL;
  gint64 id = insert_minimal ("locals", QTEST_ITEM_STATUS_DRAFT, 0);
  gint64 list[2] = { id, id }, at[2] = { T0, T0 + 1 };
  const char *sqls[2] = { "a", "b" }, *results[2] = { "c", "d" }, *item[2] = { "e", "f" };
  g_autoptr(QtestLocalsRowRow) row = NULL;
  g_autoptr(QtestLocalsManyRowList) many = NULL;
  gint64 n = -1;

  ck_assert_msg (qtest_locals_batch (EXEC, list, sqls, results, item, at, 2, &error), "%s",
                 error ? error->message : "");
  ck_assert_int_eq (qtest_locals_copy (EXEC, at, list, item, 2, &error), 2);
  ck_assert_msg (qtest_locals_count (EXEC, id, "nothing", "x", "y", &n, &error), "%s", error ? error->message : "");
  ck_assert_int_eq (n, 4);
  ck_assert_int_eq (log_count (id), 4);
  row = qtest_locals_row (EXEC, id, "other", "r", "rs", "l", "v", &error);
  ck_assert_msg (row != NULL, "%s", error ? error->message : "");
  ck_assert_str_eq (row->title, "locals");
  many = qtest_locals_many (EXEC, id - 1, "other", 0, &error);
  ck_assert_msg (many != NULL && many->n_rows == 1 && many->rows[0].id == id, "%s", error ? error->message : "");
  ck_assert_int_eq (qtest_locals_touch (EXEC, "touched", id, "a", "b", &error), 1);
}
END_TEST

/* Issue 12: a result whose shape no longer matches the cache names the
 * column, both types and the exact command, library path included. */
START_TEST (test_a_changed_column_type_names_column_types_and_command)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(QtestItem) item = NULL;
  g_autoptr(QtestItemList) list = NULL;
  gint64 id = insert_minimal ("shape", QTEST_ITEM_STATUS_DRAFT, 3);

  ck_assert (mdb_conn_exec_script (fx.conn, "ALTER TABLE item ALTER COLUMN count TYPE int8", &error));
  item = qtest_item_get (EXEC, id, &error);
  ck_assert_ptr_null (item);
  ck_assert (g_error_matches (error, MDB_ERROR, MDB_ERROR_DECODE));
  ck_assert_str_eq (error->message, "query item_get: column 7 \"count\": int4 in the cache, int8 now; "
                                    "run: mdb prepare tests/queries/testlib");
  g_clear_error (&error);
  list = qtest_items_by_status (EXEC, QTEST_ITEM_STATUS_DRAFT, &error);
  ck_assert_ptr_null (list);
  ck_assert_msg (error != NULL && strstr (error->message, "query items_by_status: column 7 \"count\": int4 in the cache, int8 now") != NULL,
                 "%s", error ? error->message : "no error");
}
END_TEST

/* Issue 10: a statement's result types are remembered after its first
 * result (MdbResultShape); a type changed after that first call still ends
 * in the column-naming DECODE error (the server refuses the old plan with
 * 0A000, the statement is prepared again and its new types are read). */
START_TEST (test_a_column_type_changed_after_the_first_call_names_the_column)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(QtestItem) before = NULL;
  g_autoptr(QtestItem) after = NULL;
  gint64 id = insert_minimal ("shape later", QTEST_ITEM_STATUS_DRAFT, 3);

  before = qtest_item_get (EXEC, id, &error);
  ck_assert_msg (before != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (before->count, 3);
  ck_assert (mdb_conn_exec_script (fx.conn, "ALTER TABLE item ALTER COLUMN count TYPE int8", &error));
  after = qtest_item_get (EXEC, id, &error);
  ck_assert_ptr_null (after);
  ck_assert (g_error_matches (error, MDB_ERROR, MDB_ERROR_DECODE));
  ck_assert_str_eq (error->message, "query item_get: column 7 \"count\": int4 in the cache, int8 now; "
                                    "run: mdb prepare tests/queries/testlib");
}
END_TEST

static Suite *
queries_db_suite (void)
{
  Suite *s = suite_create ("queries-db");
  TCase *tc = tcase_create ("generated");

  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_one_round_trips_every_type);
  tcase_add_test (tc, test_dup_keeps_a_row_after_its_list_is_freed);
  tcase_add_test (tc, test_dup_of_a_row_of_nulls);
  tcase_add_test (tc, test_a_changed_column_type_names_column_types_and_command);
  tcase_add_test (tc, test_a_column_type_changed_after_the_first_call_names_the_column);
  tcase_add_test (tc, test_parameters_named_like_generated_locals);
  tcase_add_test (tc, test_nulls_come_back_as_null_pointers_and_is_null_flags);
  tcase_add_test (tc, test_one_misses_with_not_found_and_opt_with_null);
  tcase_add_test (tc, test_null_for_a_non_null_parameter_is_rejected_before_sending);
  tcase_add_test (tc, test_many_exec_and_execrows);
  tcase_add_test (tc, test_batch_runs_all_items_or_none);
  tcase_add_test (tc, test_copy_streams_rows);
  tcase_add_test (tc, test_overrides_and_enum_array_parameters);
  tcase_add_test (tc, test_outer_join_sides_come_back_nullable);
  tcase_add_test (tc, test_prepare_check_passes_then_fails_after_a_schema_change);
  tcase_add_test (tc, test_prepare_reads_the_database_from_mdb_lib_conf);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return mdb_test_run (srunner_create (queries_db_suite ()), TRUE);
}
