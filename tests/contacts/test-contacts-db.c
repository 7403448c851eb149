/* SPDX-License-Identifier: MIT */
/* test-contacts-db.c: contacts_db_client against a fresh ContactsDB per test. */
#include <string.h>
#include <check.h>
#include <mdb-testing/mdb-testing.h>
#include <contacts-db/contacts-db.h>

/* Ids whose binary (UTF-8 byte) order differs from any human order. */
#define ZOE_UPPER "Zo\xc3\xab"                    /* "Zoë": 5A ... */
#define ZOE_LOWER "zoe"                           /* 7A ... */
#define ANGSTROM  "\xc3\x85ngstr\xc3\xb6m"        /* "Ångström": C3 85 ... */

typedef struct {
  MdbTestDb *db;
  MdbPool   *pool;
} Fixture;

static Fixture fx;

static void
setup (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *migrations = g_build_filename (mdb_test_source_root (), "migrations", "contactsdb", NULL);

  fx.db = mdb_test_db_new (migrations, &error);
  ck_assert_msg (fx.db != NULL, "test db: %s", error ? error->message : "");
  fx.pool = mdb_pool_new_simple (mdb_test_db_get_url (fx.db), 4, &error);
  ck_assert_msg (fx.pool != NULL, "pool: %s", error ? error->message : "");
}

static void
teardown (void)
{
  g_clear_pointer (&fx.pool, mdb_pool_free);
  g_clear_pointer (&fx.db, mdb_test_db_free);
}

#define EXEC MDB_EXECUTOR (fx.pool)

static gint64
sql_int (const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdbResult) res = mdb_exec (EXEC, sql, NULL, &error);
  gint64 v = -1;

  ck_assert_msg (res != NULL, "%s: %s", sql, error ? error->message : "");
  ck_assert_msg (mdb_result_get_int64 (res, 0, 0, &v, &error), "%s", error ? error->message : "");
  return v;
}

static gint64
create_ok (const ContactsDbPair *pairs, gsize n)
{
  g_autoptr(GError) error = NULL;
  gint64 created = contacts_db_connections_create (EXEC, pairs, n, &error);

  ck_assert_msg (created >= 0, "create: %s", error ? error->message : "");
  return created;
}

static MdbPage *
list_ok (const char *user, const char *cursor, guint limit)
{
  g_autoptr(GError) error = NULL;
  MdbPage *page = contacts_db_contacts_list (EXEC, user, cursor, limit, &error);

  ck_assert_msg (page != NULL, "list: %s", error ? error->message : "");
  return page;
}

/* "a,b,c" for compact single-line comparisons. */
static char *
joined (const MdbPage *page)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < page->items->len; i++)
    g_string_append_printf (out, "%s%s", i ? "," : "", (const char *) page->items->pdata[i]);
  return g_string_free (out, FALSE);
}

static void
assert_contacts (const char *user, const char *expected)
{
  g_autoptr(MdbPage) page = list_ok (user, NULL, CONTACTS_DB_MAX_PAGE);
  g_autofree char *got = joined (page);

  ck_assert_msg (strcmp (got, expected) == 0, "contacts of %s: got [%s], want [%s]", user, got, expected);
}

static void
assert_invalid (GError *error, const char *fragment)
{
  ck_assert_msg (g_error_matches (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT), "want INVALID_INPUT, got %s",
                 error ? error->message : "no error");
  ck_assert_msg (strstr (error->message, fragment) != NULL, "message [%s] lacks [%s]", error->message, fragment);
}

static void
assert_list_refused (const char *user, const char *cursor, guint limit, const char *fragment)
{
  g_autoptr(GError) error = NULL;

  ck_assert_ptr_null (contacts_db_contacts_list (EXEC, user, cursor, limit, &error));
  assert_invalid (error, fragment);
}

/* The real system's test_create_connections: 8 pairs in mixed order. */
static const ContactsDbPair eight_pairs[] = {
  { "AE2C", "B100" }, { "C200", "AE2C" }, { "AE2C", "D300" }, { "E400", "AE2C" },
  { "AE2C", "F500" }, { "A000", "AE2C" }, { "AE2C", "G600" }, { "B100", "C200" },
};

static gboolean
create_eight (MdbConn *conn, gpointer user_data, GError **error)
{
  return contacts_db_connections_create (MDB_EXECUTOR (conn), eight_pairs, G_N_ELEMENTS (eight_pairs), error) == 8;
}

START_TEST (test_eight_mixed_pairs_in_one_transaction_store_eight_rows)
{
  g_autoptr(GError) error = NULL;

  ck_assert_msg (mdb_pool_run_in_transaction (fx.pool, MDB_ISOLATION_DEFAULT, 1, create_eight, NULL, &error),
                 "tx: %s", error ? error->message : "");
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM connections"), 8);
  assert_contacts ("AE2C", "A000,B100,C200,D300,E400,F500,G600");
  assert_contacts ("B100", "AE2C,C200");
  ck_assert_int_eq (contacts_db_contacts_count (EXEC, "AE2C", &error), 7);
}
END_TEST

START_TEST (test_rolled_back_transaction_leaves_nothing)
{
  g_autoptr(GError) error = NULL;
  MdbConn *conn = mdb_pool_acquire (fx.pool, &error);

  ck_assert_msg (conn != NULL, "acquire: %s", error ? error->message : "");
  ck_assert (mdb_conn_begin (conn, MDB_ISOLATION_DEFAULT, &error));
  ck_assert_int_eq (contacts_db_connections_create (MDB_EXECUTOR (conn), eight_pairs, 8, &error), 8);
  ck_assert (contacts_db_connection_exists (MDB_EXECUTOR (conn), "B100", "AE2C", &error));
  ck_assert (mdb_conn_rollback (conn, &error));
  mdb_pool_release (fx.pool, conn);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM connections"), 0);
}
END_TEST

START_TEST (test_reversed_pair_is_stored_smaller_id_first)
{
  static const ContactsDbPair pairs[] = { { "B", "A" }, { ZOE_LOWER, ZOE_UPPER }, { ANGSTROM, "a" } };

  ck_assert_int_eq (create_ok (pairs, 3), 3);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM connections WHERE user1 = 'A' AND user2 = 'B'"), 1);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM connections WHERE user1 = 'Zo\xc3\xab' AND user2 = 'zoe'"), 1);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM connections WHERE user1 = 'a' AND user2 = '"
                             ANGSTROM "'"), 1);
}
END_TEST

START_TEST (test_repeats_and_existing_pairs_are_stored_once)
{
  static const ContactsDbPair first[] = { { "a", "b" }, { "b", "a" }, { "a", "b" } };
  static const ContactsDbPair second[] = { { "b", "a" }, { "c", "a" }, { "a", "c" } };

  ck_assert_int_eq (create_ok (first, 3), 1);
  ck_assert_int_eq (create_ok (second, 3), 1);
  ck_assert_int_eq (create_ok (second, 3), 0);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM connections"), 2);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM connections WHERE updated_at < created_at"), 0);
  assert_contacts ("a", "b,c");
}
END_TEST

START_TEST (test_self_pair_is_rejected_and_nothing_of_the_batch_written)
{
  static const ContactsDbPair alone[] = { { "x", "x" } };
  static const ContactsDbPair mixed[] = { { "a", "b" }, { "c", "d" }, { "e", "e" }, { "f", "g" } };
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  guint64 acquires = mdb_pool_get_stat (fx.pool, MDB_POOL_STAT_ACQUIRES);

  ck_assert_int_eq (contacts_db_connections_create (EXEC, alone, 1, &error), -1);
  assert_invalid (error, "pair 0: a user cannot be connected to itself");
  ck_assert_int_eq (contacts_db_connections_create (EXEC, mixed, 4, &error2), -1);
  assert_invalid (error2, "pair 2:");
  /* Rejected before anything was sent: no connection was even borrowed. */
  ck_assert_uint_eq (mdb_pool_get_stat (fx.pool, MDB_POOL_STAT_ACQUIRES), acquires);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM connections"), 0);
}
END_TEST

START_TEST (test_null_or_empty_id_is_rejected_naming_the_pair)
{
  const ContactsDbPair null_a[] = { { "a", "b" }, { NULL, "b" } };
  const ContactsDbPair empty_b[] = { { "a", "b" }, { "c", "d" }, { "e", "" } };
  const ContactsDbPair bad_utf8[] = { { "a", "\xff" } };
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autoptr(GError) e3 = NULL;
  g_autoptr(GError) e4 = NULL;
  g_autoptr(GError) e5 = NULL;
  g_autoptr(GError) e6 = NULL;

  ck_assert_int_eq (contacts_db_connections_create (EXEC, null_a, 2, &e1), -1);
  assert_invalid (e1, "pair 1: user_a is NULL");
  ck_assert_int_eq (contacts_db_connections_create (EXEC, empty_b, 3, &e2), -1);
  assert_invalid (e2, "pair 2: user_b is empty");
  ck_assert_int_eq (contacts_db_connections_create (EXEC, bad_utf8, 1, &e3), -1);
  assert_invalid (e3, "pair 0: user_b is not valid UTF-8");
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM connections"), 0);

  ck_assert_ptr_null (contacts_db_contacts_list (EXEC, "", NULL, 10, &e4));
  assert_invalid (e4, "user_id is empty");
  assert_list_refused ("a\xc3", NULL, 10, "user_id is not valid UTF-8 (at byte 1)");
  ck_assert (!contacts_db_connection_exists (EXEC, "a", NULL, &e5));
  assert_invalid (e5, "user_b is NULL");
  ck_assert_int_eq (contacts_db_connections_delete_user (EXEC, "", &e6), -1);
  assert_invalid (e6, "user_id is empty");
}
END_TEST

/* The table refuses a self-pair on its own (the library checks first):
 * the violation maps to CHECK_VIOLATION naming the constraint. */
START_TEST (test_table_refuses_a_self_pair_with_the_check)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdbResult) res = mdb_exec (EXEC, "INSERT INTO connections (user1, user2) VALUES ('x', 'x')",
                                       NULL, &error);

  ck_assert_ptr_null (res);
  ck_assert_msg (g_error_matches (error, MDB_ERROR, MDB_ERROR_CHECK_VIOLATION), "got %s",
                 error ? error->message : "no error");
  ck_assert_str_eq (mdb_error_get_constraint (error), "connections_check");
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM connections"), 0);
}
END_TEST

START_TEST (test_empty_input_succeeds_and_sends_nothing)
{
  g_autoptr(GError) error = NULL;
  guint64 acquires = mdb_pool_get_stat (fx.pool, MDB_POOL_STAT_ACQUIRES);

  ck_assert_int_eq (contacts_db_connections_create (EXEC, NULL, 0, &error), 0);
  ck_assert_ptr_null (error);
  ck_assert_uint_eq (mdb_pool_get_stat (fx.pool, MDB_POOL_STAT_ACQUIRES), acquires);
}
END_TEST

START_TEST (test_ten_thousand_pairs_in_one_call)
{
  enum { N = 10000 };
  ContactsDbPair *pairs = g_new (ContactsDbPair, N);
  char **ids = g_new0 (char *, N + 1);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < N; i++)
    {
      ids[i] = g_strdup_printf ("user-%05u", i);
      /* Half of them reversed, so both directions are exercised. */
      pairs[i].user_a = i % 2 ? "hub" : ids[i];
      pairs[i].user_b = i % 2 ? ids[i] : "hub";
    }
  ck_assert_int_eq (create_ok (pairs, N), N);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM connections"), N);
  ck_assert_int_eq (contacts_db_contacts_count (EXEC, "hub", &error), N);
  ck_assert_int_eq (create_ok (pairs, N), 0);
  g_free (pairs);
  g_strfreev (ids);
}
END_TEST

/* g_ptr_array_sort passes pointers to the elements. */
static gint
compare_ids (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

START_TEST (test_pagination_returns_every_contact_exactly_once)
{
  enum { N = 250, PAGE = 7 };
  ContactsDbPair pairs[N];
  g_autoptr(GPtrArray) want = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) got = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *cursor = NULL;
  guint pages = 0;

  for (guint i = 0; i < N; i++)
    {
      /* "m" sits in the middle of the ids, so it is user1 of some pairs and user2 of others. */
      g_ptr_array_add (want, g_strdup_printf ("%c%03u", "az"[i % 2], i));
      pairs[i].user_a = "m";
      pairs[i].user_b = want->pdata[i];
    }
  ck_assert_int_eq (create_ok (pairs, N), N);
  g_ptr_array_sort (want, compare_ids);
  for (;;)
    {
      g_autoptr(MdbPage) page = list_ok ("m", cursor, PAGE);

      for (guint i = 0; i < page->items->len; i++)
        g_ptr_array_add (got, g_strdup (page->items->pdata[i]));
      pages++;
      if (page->next_cursor == NULL)
        break;
      ck_assert_uint_eq (page->items->len, PAGE);
      g_free (cursor);
      cursor = g_steal_pointer (&page->next_cursor);
    }
  ck_assert_uint_eq (got->len, N);
  ck_assert_uint_eq (pages, (N + PAGE - 1) / PAGE);
  for (guint i = 0; i < N; i++)
    ck_assert_msg (strcmp (got->pdata[i], want->pdata[i]) == 0, "contact %u: got %s, want %s", i,
                   (char *) got->pdata[i], (char *) want->pdata[i]);
}
END_TEST

START_TEST (test_non_ascii_ids_are_ordered_by_bytes)
{
  static const ContactsDbPair pairs[] = {
    { "hub", ZOE_LOWER }, { ANGSTROM, "hub" }, { "hub", ZOE_UPPER }, { "a", "hub" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(MdbPage) first = NULL;
  g_autoptr(MdbPage) rest = NULL;

  ck_assert_int_eq (create_ok (pairs, 4), 4);
  /* Binary order: 'Z' (5A) < 'a' (61) < 'h' < 'z' (7A) < 'Å' (C3 85). */
  assert_contacts ("hub", ZOE_UPPER ",a," ZOE_LOWER "," ANGSTROM);
  first = list_ok ("hub", NULL, 2);
  ck_assert_ptr_nonnull (first->next_cursor);
  rest = list_ok ("hub", first->next_cursor, 10);
  ck_assert_uint_eq (rest->items->len, 2);
  ck_assert_str_eq (rest->items->pdata[0], ZOE_LOWER);
  ck_assert_str_eq (rest->items->pdata[1], ANGSTROM);
  ck_assert_ptr_null (rest->next_cursor);
  assert_contacts (ANGSTROM, "hub");
  ck_assert (contacts_db_connection_exists (EXEC, ZOE_UPPER, "hub", &error));
  ck_assert (!contacts_db_connection_exists (EXEC, "zo\xc3\xab", "hub", &error));
  ck_assert_ptr_null (error);
}
END_TEST

START_TEST (test_deletes_work_in_either_order)
{
  static const ContactsDbPair pairs[] = { { "a", "b" }, { "c", "a" }, { "a", "d" }, { "c", "d" } };
  g_autoptr(GError) error = NULL;

  ck_assert_int_eq (create_ok (pairs, 4), 4);
  ck_assert (contacts_db_connection_delete (EXEC, "b", "a", &error));
  ck_assert (!contacts_db_connection_delete (EXEC, "a", "b", &error));
  ck_assert_ptr_null (error);
  ck_assert (!contacts_db_connection_exists (EXEC, "a", "b", &error));
  ck_assert_int_eq (contacts_db_connections_delete_user (EXEC, "a", &error), 2);
  ck_assert_int_eq (contacts_db_connections_delete_user (EXEC, "a", &error), 0);
  assert_contacts ("a", "");
  assert_contacts ("c", "d");
  ck_assert_int_eq (contacts_db_connections_delete_user (EXEC, "d", &error), 1);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM connections"), 0);
}
END_TEST

START_TEST (test_unknown_users_get_empty_results)
{
  static const ContactsDbPair pairs[] = { { "a", "b" } };
  g_autoptr(GError) error = NULL;

  create_ok (pairs, 1);
  assert_contacts ("nobody", "");
  ck_assert_int_eq (contacts_db_contacts_count (EXEC, "nobody", &error), 0);
  ck_assert (!contacts_db_connection_exists (EXEC, "nobody", "a", &error));
  ck_assert (!contacts_db_connection_exists (EXEC, "a", "a", &error));
  ck_assert (!contacts_db_connection_delete (EXEC, "nobody", "a", &error));
  ck_assert_int_eq (contacts_db_connections_delete_user (EXEC, "nobody", &error), 0);
  ck_assert_ptr_null (error);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM connections"), 1);
}
END_TEST

START_TEST (test_created_since_pages_by_time_then_id)
{
  static const ContactsDbPair pairs[] = {
    { "a", "b" }, { "a", "c" }, { "a", "d" }, { "a", "e" }, { "a", "f" }, { "a", "g" }, { "a", "h" },
  };
  const gint64 t0 = G_GINT64_CONSTANT (1700000000000000);
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  g_autoptr(GString) order = g_string_new (NULL);
  g_autoptr(ContactsDbConnection) kept = NULL;

  create_ok (pairs, 7);
  /* b is before t0; c..h are at t0 (ties broken by id) and t0 + 1 s. */
  ck_assert_int_eq (sql_int ("WITH u AS (UPDATE connections SET created_at = CASE"
                             " WHEN user2 = 'b' THEN to_timestamp (1699999999)"
                             " WHEN user2 IN ('c', 'e', 'g') THEN to_timestamp (1700000001)"
                             " ELSE to_timestamp (1700000000) END RETURNING 1) SELECT count(*) FROM u"), 7);
  for (;;)
    {
      g_autoptr(MdbPage) page = contacts_db_connections_created_since (EXEC, t0, cursor, 2, &error);

      ck_assert_msg (page != NULL, "page: %s", error ? error->message : "");
      for (guint i = 0; i < page->items->len; i++)
        g_string_append (order, ((ContactsDbConnection *) page->items->pdata[i])->user2);
      /* The rows borrow from the page: a row kept past it is a copy. */
      if (kept == NULL && page->items->len > 0)
        kept = contacts_db_connection_dup (page->items->pdata[0]);
      if (page->next_cursor == NULL)
        break;
      g_free (cursor);
      cursor = g_steal_pointer (&page->next_cursor);
    }
  /* Rows at t0 by id (d, f, h), then at t0 + 1 s by id (c, e, g). */
  ck_assert_str_eq (order->str, "dfhceg");
  ck_assert_str_eq (kept->user1, "a");      /* every page is freed by now */
  ck_assert_str_eq (kept->user2, "d");
  ck_assert_int_eq (kept->created_at, t0);
}
END_TEST

/* A page of exactly `limit` rows is the last when nothing follows: no
 * cursor that would lead to an empty page. */
START_TEST (test_full_last_page_has_no_next_cursor)
{
  static const ContactsDbPair pairs[] = { { "m", "a" }, { "m", "b" }, { "m", "c" }, { "m", "d" } };
  g_autoptr(MdbPage) first = NULL;
  g_autoptr(MdbPage) second = NULL;

  create_ok (pairs, 4);
  first = list_ok ("m", NULL, 2);
  ck_assert_ptr_nonnull (first->next_cursor);
  second = list_ok ("m", first->next_cursor, 2);
  ck_assert_uint_eq (second->items->len, 2);
  ck_assert_ptr_null (second->next_cursor);
}
END_TEST

/* Changed, cut, foreign and malformed cursors are INVALID_INPUT before
 * anything is sent (issue 12: an invalid-UTF-8 cursor reached the server). */
START_TEST (test_bad_cursors_are_refused_before_sending)
{
  static const ContactsDbPair pairs[] = { { "m", "a" }, { "m", "b" }, { "m", "c" }, { "n", "a" } };
  g_autoptr(MdbPage) page = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *cut = NULL;
  guint64 acquires;
  gsize len;

  create_ok (pairs, 4);
  page = list_ok ("m", NULL, 1);
  ck_assert_ptr_nonnull (page->next_cursor);
  len = strlen (page->next_cursor);
  changed = g_strdup (page->next_cursor);
  changed[len / 2] = changed[len / 2] == 'A' ? 'B' : 'A';
  cut = g_strndup (page->next_cursor, len - 3);
  acquires = mdb_pool_get_stat (fx.pool, MDB_POOL_STAT_ACQUIRES);

  assert_list_refused ("m", changed, 1, "invalid cursor");
  assert_list_refused ("m", cut, 1, "invalid cursor");
  assert_list_refused ("n", page->next_cursor, 1, "invalid cursor: not made for this list");
  assert_list_refused ("m", "caf\xc3\xa9\xff", 1, "invalid cursor: unexpected character");
  assert_list_refused ("m", "", 1, "invalid cursor: empty");
  ck_assert_ptr_null (contacts_db_connections_created_since (EXEC, 0, page->next_cursor, 1, &error));
  assert_invalid (error, "invalid cursor: not made for this list");
  ck_assert_uint_eq (mdb_pool_get_stat (fx.pool, MDB_POOL_STAT_ACQUIRES), acquires);
}
END_TEST

START_TEST (test_limits_out_of_range_are_refused)
{
  g_autoptr(GError) error = NULL;

  assert_list_refused ("m", NULL, 0, "limit is 0 (want 1 to 1000)");
  assert_list_refused ("m", NULL, CONTACTS_DB_MAX_PAGE + 1, "limit is 1001");
  ck_assert_ptr_null (contacts_db_connections_created_since (EXEC, 0, NULL, 0, &error));
  assert_invalid (error, "limit is 0");
}
END_TEST

static void
assert_merge (MdbExecutor *executor, const char *from, const char *into, gint64 want)
{
  g_autoptr(GError) error = NULL;
  gint64 got = contacts_db_connections_merge_user (executor, from, into, &error);

  ck_assert_msg (got == want, "merge %s into %s: got %" G_GINT64_FORMAT " (%s), want %" G_GINT64_FORMAT,
                 from, into, got, error ? error->message : "no error", want);
}

START_TEST (test_merge_user_moves_connections_in_one_transaction)
{
  static const ContactsDbPair pairs[] = {
    { "old", "a" }, { "b", "old" }, { "old", "new" }, { "new", "a" }, { "new", "z" },
  };
  g_autoptr(GError) error = NULL;

  create_ok (pairs, 5);
  /* a is shared, b is new, the old-new pair is dropped (no self-pair). */
  assert_merge (EXEC, "old", "new", 1);
  assert_contacts ("old", "");
  assert_contacts ("new", "a,b,z");
  assert_contacts ("b", "new");
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM connections"), 3);
  assert_merge (EXEC, "nobody", "new", 0);
  ck_assert_int_eq (contacts_db_connections_merge_user (EXEC, "x", "x", &error), -1);
  assert_invalid (error, "same user");
}
END_TEST

/* On a connection in the caller's transaction the merge joins it: the
 * caller's rollback undoes it, and a failure inside it leaves the caller's
 * transaction usable (savepoint). */
START_TEST (test_merge_user_joins_the_callers_transaction)
{
  static const ContactsDbPair pairs[] = { { "old", "a" }, { "old", "b" } };
  g_autoptr(GError) error = NULL;
  MdbConn *conn;

  create_ok (pairs, 2);
  conn = mdb_pool_acquire (fx.pool, &error);
  ck_assert_msg (conn != NULL, "acquire: %s", error ? error->message : "");
  ck_assert (mdb_conn_begin (conn, MDB_ISOLATION_DEFAULT, &error));
  assert_merge (MDB_EXECUTOR (conn), "old", "new", 2);
  ck_assert (mdb_conn_in_transaction (conn));
  ck_assert (contacts_db_connection_exists (MDB_EXECUTOR (conn), "new", "b", &error));
  ck_assert (mdb_conn_rollback (conn, &error));
  ck_assert (!contacts_db_connection_exists (MDB_EXECUTOR (conn), "new", "b", &error));
  assert_contacts ("old", "a,b");

  ck_assert (mdb_conn_begin (conn, MDB_ISOLATION_DEFAULT, &error));
  assert_merge (MDB_EXECUTOR (conn), "old", "new", 2);
  ck_assert (mdb_conn_commit (conn, &error));
  mdb_pool_release (fx.pool, conn);
  assert_contacts ("new", "a,b");
  assert_contacts ("old", "");
}
END_TEST

/* Two merges into the same user racing on the pool both complete: the
 * second waits for the first's row locks, nothing is lost or doubled. */
typedef struct {
  const char *from;
  gint64 created;
} RaceArg;

static gpointer
merge_thread (gpointer data)
{
  RaceArg *arg = data;

  arg->created = contacts_db_connections_merge_user (EXEC, arg->from, "hub", NULL);
  return NULL;
}

START_TEST (test_concurrent_merges_into_one_user)
{
  enum { N = 200 };
  ContactsDbPair pairs[2 * N];
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  RaceArg one = { "p", -1 }, two = { "q", -1 };
  GThread *t1, *t2;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < N; i++)
    {
      g_ptr_array_add (ids, g_strdup_printf ("u%03u", i));
      pairs[2 * i] = (ContactsDbPair) { "p", ids->pdata[i] };
      pairs[2 * i + 1] = (ContactsDbPair) { ids->pdata[i], "q" };
    }
  create_ok (pairs, 2 * N);
  t1 = g_thread_new ("merge-p", merge_thread, &one);
  t2 = g_thread_new ("merge-q", merge_thread, &two);
  g_thread_join (t1);
  g_thread_join (t2);
  ck_assert_int_ge (one.created, 0);
  ck_assert_int_ge (two.created, 0);
  ck_assert_int_eq (one.created + two.created, N);
  ck_assert_int_eq (contacts_db_contacts_count (EXEC, "hub", &error), N);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM connections"), N);
}
END_TEST

/* Both directions of "contacts of X" must use an index, whatever the
 * planner would pick for a tiny table. */
START_TEST (test_both_directions_of_contacts_use_an_index)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdbResult) res = NULL;
  g_autoptr(GString) plan = g_string_new (NULL);
  MdbConn *conn = mdb_pool_acquire (fx.pool, &error);

  ck_assert_msg (conn != NULL, "acquire: %s", error ? error->message : "");
  ck_assert (mdb_conn_exec_script (conn, "SET enable_seqscan = off", &error));
  res = mdb_conn_exec (conn,
                       "EXPLAIN SELECT contact FROM ("
                       " SELECT user2 AS contact FROM connections WHERE user1 = 'x' AND user2 > 'a' COLLATE \"C\""
                       " UNION ALL"
                       " SELECT user1 FROM connections WHERE user2 = 'x' AND user1 > 'a' COLLATE \"C\") AS c"
                       " ORDER BY contact COLLATE \"C\" LIMIT 10", NULL, &error);
  ck_assert_msg (res != NULL, "explain: %s", error ? error->message : "");
  for (int i = 0; i < mdb_result_get_n_rows (res); i++)
    {
      g_autofree char *line = mdb_result_dup_string (res, i, 0, NULL);
      g_string_append_printf (plan, "%s | ", line);
    }
  mdb_pool_release (fx.pool, conn);
  ck_assert_msg (strstr (plan->str, "connections_user1_user2_key") != NULL, "no user1 index: %s", plan->str);
  ck_assert_msg (strstr (plan->str, "connections_user2_idx") != NULL, "no user2 index: %s", plan->str);
  ck_assert_msg (strstr (plan->str, "Seq Scan") == NULL, "sequential scan: %s", plan->str);
}
END_TEST

/* LIBRARIES.md: every operation takes at most the round trips of
 * docs/libs/contacts.md's table.  Each call runs twice on one connection:
 * a warm-up, whose first run of a statement also prepares it (at most
 * twice the trips), then the steady state, which must stay within @max.
 * Uses the test's `error`, checked after each run. */
#define ASSERT_TRIPS(executor, max, call) \
  G_STMT_START { \
    for (guint run_ = 0; run_ < 2; run_++) \
      { \
        mdb_test_assert_round_trips ((executor), run_ ? (max) : 2 * (max), call); \
        ck_assert_msg (error == NULL, "%s: %s", #call, error ? error->message : ""); \
      } \
  } G_STMT_END

START_TEST (test_each_operation_takes_its_documented_round_trips)
{
  static const ContactsDbPair pairs[] = {
    { "rt-a", "rt-b" }, { "rt-c", "rt-a" }, { "rt-old", "rt-d" }, { "rt-e", "rt-old" },
  };
  GError *error = NULL;
  g_autoptr(MdbPage) page = NULL;
  MdbExecutor *ex;
  MdbConn *conn;
  gint64 n = -1;
  gboolean yes = FALSE;

  conn = mdb_pool_acquire (fx.pool, &error);
  ck_assert_msg (conn != NULL, "acquire: %s", error ? error->message : "");
  ex = MDB_EXECUTOR (conn);

  ASSERT_TRIPS (ex, 1, n = contacts_db_connections_create (ex, pairs, G_N_ELEMENTS (pairs), &error));
  ck_assert_int_eq (n, 0);  /* the second run refreshes the four pairs */
  ASSERT_TRIPS (ex, 0, n = contacts_db_connections_create (ex, NULL, 0, &error));
  ck_assert_int_eq (n, 0);
  ASSERT_TRIPS (ex, 1, {
    g_clear_pointer (&page, mdb_page_free);
    page = contacts_db_contacts_list (ex, "rt-a", NULL, 10, &error);
  });
  ck_assert_uint_eq (page->items->len, 2);
  ASSERT_TRIPS (ex, 1, n = contacts_db_contacts_count (ex, "rt-a", &error));
  ck_assert_int_eq (n, 2);
  ASSERT_TRIPS (ex, 1, yes = contacts_db_connection_exists (ex, "rt-b", "rt-a", &error));
  ck_assert (yes);
  ASSERT_TRIPS (ex, 1, {
    g_clear_pointer (&page, mdb_page_free);
    page = contacts_db_connections_created_since (ex, 0, NULL, 10, &error);
  });
  ck_assert_uint_eq (page->items->len, 4);
  ASSERT_TRIPS (ex, 1, yes = contacts_db_connection_delete (ex, "rt-a", "rt-b", &error));
  ck_assert (!yes);  /* the warm-up deleted it */
  ASSERT_TRIPS (ex, 1, n = contacts_db_connections_delete_user (ex, "rt-c", &error));
  ck_assert_int_eq (n, 0);
  /* Merge on its own: BEGIN, two statements, COMMIT. */
  ASSERT_TRIPS (ex, 4, n = contacts_db_connections_merge_user (ex, "rt-old", "rt-new", &error));
  ck_assert_int_eq (n, 0);  /* the warm-up moved both */
  ck_assert_int_eq (contacts_db_contacts_count (ex, "rt-new", &error), 2);
  /* In the caller's transaction: SAVEPOINT, two statements, RELEASE. */
  ck_assert (mdb_conn_begin (conn, MDB_ISOLATION_DEFAULT, &error));
  ASSERT_TRIPS (ex, 4, n = contacts_db_connections_merge_user (ex, "rt-new", "rt-old", &error));
  ck_assert (mdb_conn_commit (conn, &error));
  ck_assert_int_eq (contacts_db_contacts_count (ex, "rt-old", &error), 2);
  /* Refused input sends nothing. */
  mdb_test_assert_round_trips (ex, 0, n = contacts_db_contacts_count (ex, "", &error));
  ck_assert_int_eq (n, -1);
  assert_invalid (error, "");
  g_clear_error (&error);
  mdb_pool_release (fx.pool, conn);
}
END_TEST

static Suite *
contacts_db_suite (void)
{
  Suite *s = suite_create ("contacts-db");
  TCase *tc = tcase_create ("connections");

  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_eight_mixed_pairs_in_one_transaction_store_eight_rows);
  tcase_add_test (tc, test_rolled_back_transaction_leaves_nothing);
  tcase_add_test (tc, test_reversed_pair_is_stored_smaller_id_first);
  tcase_add_test (tc, test_repeats_and_existing_pairs_are_stored_once);
  tcase_add_test (tc, test_self_pair_is_rejected_and_nothing_of_the_batch_written);
  tcase_add_test (tc, test_null_or_empty_id_is_rejected_naming_the_pair);
  tcase_add_test (tc, test_table_refuses_a_self_pair_with_the_check);
  tcase_add_test (tc, test_empty_input_succeeds_and_sends_nothing);
  tcase_add_test (tc, test_ten_thousand_pairs_in_one_call);
  tcase_add_test (tc, test_pagination_returns_every_contact_exactly_once);
  tcase_add_test (tc, test_non_ascii_ids_are_ordered_by_bytes);
  tcase_add_test (tc, test_deletes_work_in_either_order);
  tcase_add_test (tc, test_unknown_users_get_empty_results);
  tcase_add_test (tc, test_created_since_pages_by_time_then_id);
  tcase_add_test (tc, test_both_directions_of_contacts_use_an_index);
  tcase_add_test (tc, test_full_last_page_has_no_next_cursor);
  tcase_add_test (tc, test_bad_cursors_are_refused_before_sending);
  tcase_add_test (tc, test_limits_out_of_range_are_refused);
  tcase_add_test (tc, test_merge_user_moves_connections_in_one_transaction);
  tcase_add_test (tc, test_merge_user_joins_the_callers_transaction);
  tcase_add_test (tc, test_concurrent_merges_into_one_user);
  tcase_add_test (tc, test_each_operation_takes_its_documented_round_trips);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return mdb_test_run (srunner_create (contacts_db_suite ()), TRUE);
}
