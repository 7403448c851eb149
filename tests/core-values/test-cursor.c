/* SPDX-License-Identifier: MIT */
/* Keyset cursors, pages and the input checks: no server needed. */
#include <string.h>
#include "values-test.h"

static void
assert_invalid (GError *error, const char *fragment)
{
  ck_assert_msg (g_error_matches (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT), "want INVALID_INPUT, got %s",
                 error ? error->message : "no error");
  ck_assert_msg (strstr (error->message, fragment) != NULL, "message [%s] lacks [%s]", error->message, fragment);
}

static char *
sample_token (const char *kind)
{
  g_autoptr (MdbCursor) c = mdb_cursor_new (kind);

  mdb_cursor_add_text (c, "Zo\xc3\xab");
  mdb_cursor_add_int64 (c, G_MININT64);
  mdb_cursor_add_bool (c, TRUE);
  mdb_cursor_add_int64 (c, 42);
  return mdb_cursor_encode (c);
}

START_TEST (test_cursor_round_trips_typed_values_in_a_url_safe_token)
{
  g_autofree char *token = sample_token ("docs");
  g_autoptr (GError) error = NULL;
  g_autoptr (MdbCursor) back = mdb_cursor_decode (token, "docs", "tibi", &error);

  ck_assert_msg (back != NULL, "%s", error ? error->message : "");
  for (const char *p = token; *p; p++)
    ck_assert_msg (g_ascii_isalnum (*p) || *p == '-' || *p == '_', "character %c in %s", *p, token);
  ck_assert_uint_eq (mdb_cursor_get_length (back), 4);
  ck_assert_str_eq (mdb_cursor_get_text (back, 0), "Zo\xc3\xab");
  ck_assert (mdb_cursor_get_int64 (back, 1) == G_MININT64);
  ck_assert (mdb_cursor_get_bool (back, 2));
  ck_assert_int_eq (mdb_cursor_get_int64 (back, 3), 42);
}
END_TEST

/* Every single-character change and every truncation is refused. */
START_TEST (test_cursor_refuses_every_change_and_cut)
{
  g_autofree char *token = sample_token ("docs");
  gsize len = strlen (token);
  static const char alphabet[] = "AZaz09-_";

  for (gsize i = 0; i < len; i++)
    for (const char *a = alphabet; *a; a++)
      {
        g_autofree char *changed = g_strdup (token);
        g_autoptr (GError) error = NULL;
        g_autoptr (MdbCursor) c = NULL;

        if (changed[i] == *a)
          continue;
        changed[i] = *a;
        c = mdb_cursor_decode (changed, "docs", "tibi", &error);
        /* The last character holds only 2 or 4 bits of data in base64: a
         * change of its unused low bits decodes to the same bytes. */
        if (c != NULL && i == len - 1)
          continue;
        ck_assert_msg (c == NULL, "changed at %" G_GSIZE_FORMAT " to %c: accepted", i, *a);
        assert_invalid (error, "invalid cursor");
      }
  for (gsize cut = 0; cut < len; cut++)
    {
      g_autofree char *shorter = g_strndup (token, cut);
      g_autoptr (GError) error = NULL;

      ck_assert_ptr_null (mdb_cursor_decode (shorter, "docs", "tibi", &error));
      assert_invalid (error, "invalid cursor");
    }
}
END_TEST

START_TEST (test_cursor_refuses_foreign_malformed_and_mistyped_tokens)
{
  g_autofree char *token = sample_token ("docs");
  g_autofree char *appended = g_strconcat (token, "AAAA", NULL);
  g_autofree char *too_long = g_strnfill (MDB_CURSOR_MAX_TOKEN + 1, 'A');
  g_autoptr (GError) e1 = NULL, e2 = NULL, e3 = NULL, e4 = NULL, e5 = NULL, e6 = NULL, e7 = NULL;

  ck_assert_ptr_null (mdb_cursor_decode (token, "docs:other-user", "tibi", &e1));
  assert_invalid (e1, "not made for this list");
  ck_assert_ptr_null (mdb_cursor_decode (token, "docs", "titi", &e2));
  assert_invalid (e2, "wrong value type");
  ck_assert_ptr_null (mdb_cursor_decode (token, "docs", "tib", &e3));
  assert_invalid (e3, "wrong number of values");
  ck_assert_ptr_null (mdb_cursor_decode ("caf\xc3\xa9\xff", "docs", "t", &e4));
  assert_invalid (e4, "not base64url");
  ck_assert_ptr_null (mdb_cursor_decode (appended, "docs", "tibi", &e5));
  assert_invalid (e5, "invalid cursor");
  ck_assert_ptr_null (mdb_cursor_decode (too_long, "docs", "t", &e6));
  assert_invalid (e6, "too long");
  ck_assert_ptr_null (mdb_cursor_decode ("a+b/c=", "docs", "t", &e7));
  assert_invalid (e7, "not base64url");
}
END_TEST

/* A token of a newer version, correctly signed, is refused by version. */
START_TEST (test_cursor_checks_the_version_after_the_signature)
{
  g_autofree char *token = sample_token ("docs");
  g_autofree char *padded = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GHmac) hmac = NULL;
  guchar *raw;
  gsize raw_len, n = 32, tlen = strlen (token);
  guint8 digest[32];
  static const char key[] = "macrodb keyset cursor, no secret set";
  char *forged;

  /* Decode the token, set version 2 and sign it again with the built-in key. */
  padded = g_strnfill (tlen + (4 - tlen % 4) % 4, '=');
  memcpy (padded, token, tlen);
  g_strdelimit (padded, "-", '+');
  g_strdelimit (padded, "_", '/');
  raw = g_base64_decode (padded, &raw_len);
  raw[0] = 2;
  hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) key, sizeof key - 1);
  g_hmac_update (hmac, (const guchar *) "docs", 5);
  g_hmac_update (hmac, raw, (gssize) raw_len - 16);
  g_hmac_get_digest (hmac, digest, &n);
  memcpy (raw + raw_len - 16, digest, 16);
  forged = g_base64_encode (raw, raw_len);
  g_strdelimit (forged, "+", '-');
  g_strdelimit (forged, "/", '_');
  g_strdelimit (forged, "=", '\0');
  ck_assert_ptr_null (mdb_cursor_decode (forged, "docs", "tibi", &error));
  assert_invalid (error, "unsupported version");
  g_free (forged);
  g_free (raw);
}
END_TEST

/* A secret makes tokens of the built-in key (and of other secrets) invalid. */
START_TEST (test_cursor_secret_changes_what_verifies)
{
  static const guint8 secret[] = "0123456789abcdef-service-secret";
  g_autofree char *before = sample_token ("docs");
  g_autofree char *after = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (MdbCursor) ok = NULL;

  mdb_cursor_set_secret (secret, sizeof secret - 1);
  ck_assert_ptr_null (mdb_cursor_decode (before, "docs", "tibi", &error));
  assert_invalid (error, "not made for this list, or changed");
  after = sample_token ("docs");
  ck_assert_str_ne (before, after);
  ok = mdb_cursor_decode (after, "docs", "tibi", NULL);
  ck_assert_ptr_nonnull (ok);
}
END_TEST

static void
key_of_string (gconstpointer row, MdbCursor *cursor)
{
  mdb_cursor_add_text (cursor, row);
}

static GPtrArray *
strings (guint n)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (rows, g_strdup_printf ("row%u", i));
  return rows;
}

START_TEST (test_page_drops_the_extra_row_and_signs_the_last_kept)
{
  g_autoptr (MdbPage) full = mdb_page_new_from_rows (strings (4), 3, "k", key_of_string);
  g_autoptr (MdbPage) last = mdb_page_new_from_rows (strings (3), 3, "k", key_of_string);
  g_autoptr (MdbPage) empty = mdb_page_new_from_rows (strings (0), 3, "k", key_of_string);
  g_autoptr (MdbCursor) c = NULL;

  ck_assert_uint_eq (full->items->len, 3);
  ck_assert_ptr_nonnull (full->next_cursor);
  c = mdb_cursor_decode (full->next_cursor, "k", "t", NULL);
  ck_assert_str_eq (mdb_cursor_get_text (c, 0), "row2");
  ck_assert_uint_eq (last->items->len, 3);
  ck_assert_ptr_null (last->next_cursor);
  ck_assert_uint_eq (empty->items->len, 0);
  ck_assert_ptr_null (empty->next_cursor);
}
END_TEST

typedef struct {
  gint64      n;
  const char *label;
} KeyRow;

static void
key_of_row (gconstpointer row, MdbCursor *cursor)
{
  mdb_cursor_add_int64 (cursor, ((const KeyRow *) row)->n);
}

/* A row list as mdb_row_list_take() lays it out: the header, then the
 * rows in the same block (no result: nothing points into one here). */
static MdbRowList *
row_list (guint n)
{
  gsize header = (sizeof (MdbRowList) + 15) & ~(gsize) 15;
  MdbRowList *list = g_malloc0 (header + n * sizeof (KeyRow));
  KeyRow *rows = (KeyRow *) ((guint8 *) list + header);

  list->n_rows = n;
  list->rows = rows;
  for (guint i = 0; i < n; i++)
    rows[i] = (KeyRow) { 10 * (gint64) i, "r" };
  return list;
}

/* The items are the list's own rows, in place; the page frees the list. */
START_TEST (test_page_from_a_row_list_points_into_it_and_holds_it)
{
  MdbRowList *list4 = row_list (4);
  g_autoptr (MdbPage) full = mdb_page_new_from_row_list (list4, sizeof (KeyRow), 3, "k", key_of_row);
  g_autoptr (MdbPage) last = mdb_page_new_from_row_list (row_list (2), sizeof (KeyRow), 3, "k", key_of_row);
  g_autoptr (MdbCursor) c = NULL;

  ck_assert_uint_eq (full->items->len, 3);
  for (guint i = 0; i < 3; i++)
    ck_assert_ptr_eq (full->items->pdata[i], (KeyRow *) list4->rows + i);
  c = mdb_cursor_decode (full->next_cursor, "k", "i", NULL);
  ck_assert_ptr_nonnull (c);
  ck_assert_int_eq (mdb_cursor_get_int64 (c, 0), 20);
  ck_assert_uint_eq (last->items->len, 2);
  ck_assert_int_eq (((const KeyRow *) last->items->pdata[1])->n, 10);
  ck_assert_ptr_null (last->next_cursor);
}
END_TEST

START_TEST (test_check_text_names_the_argument)
{
  g_autoptr (GError) e1 = NULL, e2 = NULL, e3 = NULL, e4 = NULL, e5 = NULL;

  ck_assert (mdb_check_text ("caf\xc3\xa9", -1, "title", MDB_TEXT_REQUIRED, NULL));
  ck_assert (mdb_check_text (NULL, -1, "note", MDB_TEXT_NULLABLE, NULL));
  ck_assert (mdb_check_text ("", -1, "note", MDB_TEXT_ALLOW_EMPTY, NULL));
  ck_assert (!mdb_check_text (NULL, -1, "user_id", MDB_TEXT_REQUIRED, &e1));
  assert_invalid (e1, "user_id is NULL");
  ck_assert (!mdb_check_text ("", -1, "user_id", MDB_TEXT_NULLABLE, &e2));
  assert_invalid (e2, "user_id is empty");
  ck_assert (!mdb_check_text ("ab\xc3(", -1, "name", MDB_TEXT_REQUIRED, &e3));
  assert_invalid (e3, "name is not valid UTF-8 (at byte 2)");
  ck_assert (!mdb_check_text ("ab\0cd", 5, "body", MDB_TEXT_REQUIRED, &e4));
  assert_invalid (e4, "body contains a NUL byte (at byte 2)");
  ck_assert (!mdb_check_text ("\xed\xa0\x80", -1, "surrogate", MDB_TEXT_REQUIRED, &e5));
  assert_invalid (e5, "surrogate is not valid UTF-8 (at byte 0)");
}
END_TEST

START_TEST (test_check_limit_bounds)
{
  g_autoptr (GError) e1 = NULL, e2 = NULL;

  ck_assert (mdb_check_limit (1, 100, "limit", NULL));
  ck_assert (mdb_check_limit (100, 100, "limit", NULL));
  ck_assert (!mdb_check_limit (0, 100, "limit", &e1));
  assert_invalid (e1, "limit is 0 (want 1 to 100)");
  ck_assert (!mdb_check_limit (101, 100, "page_size", &e2));
  assert_invalid (e2, "page_size is 101 (want 1 to 100)");
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("cursor");
  TCase *tc = tcase_create ("cursor");

  tcase_add_test (tc, test_cursor_round_trips_typed_values_in_a_url_safe_token);
  tcase_add_test (tc, test_cursor_refuses_every_change_and_cut);
  tcase_add_test (tc, test_cursor_refuses_foreign_malformed_and_mistyped_tokens);
  tcase_add_test (tc, test_cursor_checks_the_version_after_the_signature);
  tcase_add_test (tc, test_cursor_secret_changes_what_verifies);
  tcase_add_test (tc, test_page_drops_the_extra_row_and_signs_the_last_kept);
  tcase_add_test (tc, test_page_from_a_row_list_points_into_it_and_holds_it);
  tcase_add_test (tc, test_check_text_names_the_argument);
  tcase_add_test (tc, test_check_limit_bounds);
  suite_add_tcase (s, tc);
  return mdb_test_run (srunner_create (s), FALSE);
}
