/* SPDX-License-Identifier: MIT */
/* test-notification-db.c: notification_db_client against a fresh MacroDB per test. */
#include <string.h>
#include <check.h>
#include <mdb-testing/mdb-testing.h>
#include <notification-db/notification-db.h>

typedef struct {
  MdbTestDb *db;
  MdbPool   *pool;
} Fixture;

static Fixture fx;

static void
setup (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *migrations = g_build_filename (mdb_test_source_root (), "migrations", "macrodb", NULL);

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

static void
apply_fixture (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (mdb_test_source_root (), "tests", "notification", "fixtures", name, NULL);

  ck_assert_msg (mdb_test_db_apply_fixture (fx.db, path, &error), "fixture %s: %s", name,
                 error ? error->message : "");
}

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

static void
sql_run (const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdbResult) res = mdb_exec (EXEC, sql, NULL, &error);

  ck_assert_msg (res != NULL, "%s: %s", sql, error ? error->message : "");
}

static void
assert_code (GError *error, MdbError code, const char *fragment)
{
  ck_assert_msg (g_error_matches (error, MDB_ERROR, code), "want code %d, got %s", code,
                 error ? error->message : "no error");
  ck_assert_msg (strstr (error->message, fragment) != NULL, "message [%s] lacks [%s]", error->message, fragment);
}

#define assert_invalid(error, fragment) assert_code ((error), MDB_ERROR_INVALID_INPUT, (fragment))

static NotificationDbEvent
event_of (const char *type, const char *item)
{
  NotificationDbEvent e = { NULL, type, item, "document", "document_service", NULL, NULL, FALSE };
  return e;
}

static NotificationDbFanOut *
notify_ok (const char *type, const char *item, const char *const *users, gsize n)
{
  g_autoptr(GError) error = NULL;
  NotificationDbEvent e = event_of (type, item);
  NotificationDbFanOut *out = notification_db_notify (EXEC, &e, users, n, &error);

  ck_assert_msg (out != NULL, "notify: %s", error ? error->message : "");
  return out;
}

static char *
joined_strv (const char *const *v)
{
  g_autofree char *s = g_strjoinv (",", (char **) v);
  return g_steal_pointer (&s);
}

static char *
joined_bools (GArray *a)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < a->len; i++)
    g_string_append (s, g_array_index (a, gboolean, i) ? "T" : "F");
  return g_string_free (s, FALSE);
}

/* The items of a user's whole list (all pages of @limit) as "type/item,…". */
static char *
list_all (const char *user, const NotificationDbFilter *filter, guint limit, guint *n_pages)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  GString *out = g_string_new (NULL);

  *n_pages = 0;
  for (;;)
    {
      g_autoptr(MdbPage) page = notification_db_list (EXEC, user, filter, cursor, limit, &error);

      ck_assert_msg (page != NULL, "list: %s", error ? error->message : "");
      (*n_pages)++;
      for (guint i = 0; i < page->items->len; i++)
        {
          const NotificationDbUserNotification *n = page->items->pdata[i];
          g_string_append_printf (out, "%s%s/%s", out->len ? "," : "", n->event_type, n->item_id);
        }
      if (page->next_cursor == NULL)
        break;
      g_free (cursor);
      cursor = g_steal_pointer (&page->next_cursor);
    }
  return g_string_free (out, FALSE);
}

/* ---------------------------------------------------------------- fan-out */

START_TEST (test_notify_fans_out_in_input_order_once_each)
{
  static const char *const users[] = { "u-c", "u-a", "u-b", "u-a", "u-c" };
  g_autoptr(NotificationDbFanOut) out = notify_ok ("document_mention", "doc-1", users, 5);
  g_autofree char *got = joined_strv (out->notified);
  char id[MDB_UUID_STRING_SIZE];
  g_autofree char *sql = NULL;

  ck_assert_str_eq (got, "u-c,u-a,u-b");
  ck_assert_int_eq (out->n_stored, 3);
  mdb_uuid_format (&out->id, id);
  /* A generated id is a UUIDv7. */
  ck_assert_int_eq (id[14], '7');
  sql = g_strdup_printf ("SELECT count(*) FROM user_notification un JOIN notification n ON n.id = un.notification_id"
                         " WHERE n.id = '%s' AND un.created_at = n.created_at AND n.event_item_id = 'doc-1'"
                         " AND NOT un.sent AND un.seen_at IS NULL", id);
  ck_assert_int_eq (sql_int (sql), 3);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM notification"), 1);
}
END_TEST

/* Issue 19: a muted user and an item-unsubscribed user are not fanned out to. */
/* The rows are stored in user_id order whatever the input order, so that
 * consecutive inserts hit the same leaf pages of the three user_id indexes
 * (docs/performance.md): the heap order (ctid) of a fresh table is the
 * insertion order.  Seven calls on one connection: the first five run a
 * custom plan (hash aggregate), the later ones the generic plan. */
START_TEST (test_notify_stores_rows_in_user_id_order)
{
  g_autoptr(GError) error = NULL;
  MdbConn *conn = mdb_pool_acquire (fx.pool, &error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *users[500];

  ck_assert_msg (conn != NULL, "%s", error ? error->message : "");
  /* 17 is coprime with 500: a permutation far from sorted order; from about
   * 300 recipients on, the custom plan aggregates by hashing. */
  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      g_ptr_array_add (names, g_strdup_printf ("u-%03u", (i * 17) % 500));
      users[i] = names->pdata[i];
    }
  for (guint call = 0; call < 7; call++)
    {
      g_autofree char *item = g_strdup_printf ("doc-%u", call);
      NotificationDbEvent e = event_of ("document_mention", item);
      g_autoptr(NotificationDbFanOut) out = notification_db_notify (MDB_EXECUTOR (conn), &e, users, G_N_ELEMENTS (users),
                                                                      &error);
      char id[MDB_UUID_STRING_SIZE];
      g_autofree char *sql = NULL;

      ck_assert_msg (out != NULL, "notify %u: %s", call, error ? error->message : "");
      ck_assert_str_eq (out->notified[0], "u-000");
      ck_assert_str_eq (out->notified[1], "u-017");
      sql = g_strdup_printf ("SELECT (array_agg (user_id ORDER BY ctid) = array_agg (user_id ORDER BY user_id)"
                             " AND count(*) = 500)::int FROM user_notification WHERE notification_id = '%s'",
                             mdb_uuid_format (&out->id, id));
      ck_assert_msg (sql_int (sql) == 1, "call %u: rows not stored in user_id order", call);
    }
  mdb_pool_release (fx.pool, conn);
}
END_TEST

START_TEST (test_muted_and_item_unsubscribed_users_are_skipped)
{
  static const char *const users[] = { "u-muted", "u-a", "u-unsub", "u-b" };
  g_autoptr(GError) error = NULL;
  g_autoptr(NotificationDbFanOut) out = NULL;
  g_autoptr(NotificationDbFanOut) other = NULL;
  g_autofree char *got = NULL;
  g_autofree char *got_other = NULL;

  ck_assert (notification_db_mute (EXEC, "u-muted", &error));
  ck_assert (notification_db_unsubscribe_item (EXEC, "u-unsub", "doc-1", "document", &error));
  out = notify_ok ("document_mention", "doc-1", users, 4);
  got = joined_strv (out->notified);
  ck_assert_str_eq (got, "u-a,u-b");
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM user_notification WHERE user_id IN ('u-muted', 'u-unsub')"), 0);
  /* The unsubscribe is per item: another item still reaches u-unsub. */
  other = notify_ok ("document_mention", "doc-2", users, 4);
  got_other = joined_strv (other->notified);
  ck_assert_str_eq (got_other, "u-a,u-unsub,u-b");
  /* Unmuted, the user is notified again. */
  ck_assert (notification_db_unmute (EXEC, "u-muted", &error));
  ck_assert (!notification_db_is_muted (EXEC, "u-muted", &error));
  ck_assert_ptr_null (error);
  g_clear_pointer (&out, notification_db_fan_out_free);
  out = notify_ok ("document_mention", "doc-1", users, 4);
  g_free (got);
  got = joined_strv (out->notified);
  ck_assert_str_eq (got, "u-muted,u-a,u-b");
}
END_TEST

START_TEST (test_notify_keeps_event_fields_and_an_explicit_id)
{
  static const char *const users[] = { "u-a" };
  NotificationDbEvent e = { "0190a000-0000-7000-8000-0000000000AA", "channel_message", "chan-1", "channel",
                            "comms_service", "{\"preview\": \"hi\"}", "u-sender", TRUE };
  g_autoptr(GError) error = NULL;
  g_autoptr(NotificationDbFanOut) out = notification_db_notify (EXEC, &e, users, 1, &error);
  g_autoptr(MdbPage) page = NULL;
  const NotificationDbUserNotification *n;
  char id[MDB_UUID_STRING_SIZE];

  ck_assert_msg (out != NULL, "notify: %s", error ? error->message : "");
  ck_assert_str_eq (mdb_uuid_format (&out->id, id), "0190a000-0000-7000-8000-0000000000aa");
  page = notification_db_list (EXEC, "u-a", NULL, NULL, 10, &error);
  ck_assert_uint_eq (page->items->len, 1);
  n = page->items->pdata[0];
  ck_assert_str_eq (n->event_type, "channel_message");
  ck_assert_str_eq (n->item_id, "chan-1");
  ck_assert_str_eq (n->item_type, "channel");
  ck_assert_str_eq (n->service_sender, "comms_service");
  ck_assert_str_eq (n->sender_id, "u-sender");
  ck_assert_str_eq (n->metadata, "{\"preview\": \"hi\"}");
  ck_assert (n->important);
  ck_assert (!n->done && !n->sent && n->seen_at_is_null);
  ck_assert_int_eq (n->created_at, out->created_at);
}
END_TEST

START_TEST (test_notify_refuses_bad_input_before_sending)
{
  static const char *const bad_users[] = { "u-a", "", "u-b" };
  static const char *const users[] = { "u-a" };
  g_autofree char *long_type = g_strnfill (256, 'x');
  g_autofree const char **many = g_new0 (const char *, NOTIFICATION_DB_MAX_RECIPIENTS + 2);
  NotificationDbEvent e = event_of ("document_mention", "doc-1");
  guint64 acquires = mdb_pool_get_stat (fx.pool, MDB_POOL_STAT_ACQUIRES);
  GError *error = NULL;

  ck_assert_ptr_null (notification_db_notify (EXEC, &e, bad_users, 3, &error));
  assert_invalid (error, "user_ids[1] is empty");
  g_clear_error (&error);
  ck_assert_ptr_null (notification_db_notify (EXEC, NULL, users, 1, &error));
  assert_invalid (error, "event is NULL");
  g_clear_error (&error);
  e.id = "not-a-uuid";
  ck_assert_ptr_null (notification_db_notify (EXEC, &e, users, 1, &error));
  assert_invalid (error, "event.id is not a uuid");
  g_clear_error (&error);
  e = event_of (long_type, "doc-1");
  ck_assert_ptr_null (notification_db_notify (EXEC, &e, users, 1, &error));
  assert_invalid (error, "event.event_type is longer than 255");
  g_clear_error (&error);
  e = event_of ("document_mention", "");
  ck_assert_ptr_null (notification_db_notify (EXEC, &e, users, 1, &error));
  assert_invalid (error, "event.item_id");
  g_clear_error (&error);
  e = event_of ("document_mention", "doc-1");
  for (guint i = 0; i <= NOTIFICATION_DB_MAX_RECIPIENTS; i++)
    many[i] = "u";
  ck_assert_ptr_null (notification_db_notify (EXEC, &e, many, NOTIFICATION_DB_MAX_RECIPIENTS + 1, &error));
  assert_invalid (error, "user_ids has 10001 items");
  g_clear_error (&error);
  ck_assert_uint_eq (mdb_pool_get_stat (fx.pool, MDB_POOL_STAT_ACQUIRES), acquires);
  /* Malformed metadata is only known to the server: still INVALID_INPUT, nothing stored. */
  e.metadata = "{not json";
  ck_assert_ptr_null (notification_db_notify (EXEC, &e, users, 1, &error));
  assert_invalid (error, "event.metadata is not valid JSON");
  g_clear_error (&error);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM notification"), 0);
}
END_TEST

START_TEST (test_notify_with_an_existing_id_is_a_unique_violation_and_stores_nothing)
{
  static const char *const users[] = { "u-a" };
  static const char *const users2[] = { "u-b" };
  NotificationDbEvent e = event_of ("document_mention", "doc-1");
  g_autoptr(GError) error = NULL;
  g_autoptr(NotificationDbFanOut) first = NULL;

  e.id = "0190a000-0000-7000-8000-000000000001";
  first = notification_db_notify (EXEC, &e, users, 1, &error);
  ck_assert_ptr_nonnull (first);
  ck_assert_ptr_null (notification_db_notify (EXEC, &e, users2, 1, &error));
  assert_code (error, MDB_ERROR_UNIQUE_VIOLATION, "");
  ck_assert_str_eq (mdb_error_get_constraint (error), "notification_pkey");
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM user_notification WHERE user_id = 'u-b'"), 0);
}
END_TEST

START_TEST (test_notify_without_recipients_creates_the_notification_only)
{
  g_autoptr(NotificationDbFanOut) out = notify_ok ("document_mention", "doc-1", NULL, 0);

  ck_assert_ptr_nonnull (out->notified);
  ck_assert_ptr_null (out->notified[0]);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM notification"), 1);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM user_notification"), 0);
}
END_TEST

/* A notification in the caller's transaction goes away with its rollback. */
START_TEST (test_notify_joins_the_callers_transaction)
{
  static const char *const users[] = { "u-a", "u-b" };
  NotificationDbEvent e = event_of ("document_mention", "doc-1");
  g_autoptr(GError) error = NULL;
  MdbConn *conn = mdb_pool_acquire (fx.pool, &error);
  NotificationDbFanOut *out;

  ck_assert (mdb_conn_begin (conn, MDB_ISOLATION_DEFAULT, &error));
  out = notification_db_notify (MDB_EXECUTOR (conn), &e, users, 2, &error);
  ck_assert_msg (out != NULL, "notify: %s", error ? error->message : "");
  notification_db_fan_out_free (out);
  ck_assert_int_eq (notification_db_unseen_count (MDB_EXECUTOR (conn), "u-a", &error), 1);
  ck_assert (mdb_conn_rollback (conn, &error));
  mdb_pool_release (fx.pool, conn);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM notification"), 0);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM user_notification"), 0);
}
END_TEST

/* ---------------------------------------------------------------- read */

START_TEST (test_list_is_newest_first_and_pages_cover_everything_once)
{
  static const char *const ab[] = { "u-a", "u-b" };
  g_autofree char *all = NULL;
  guint pages = 0;

  for (int i = 0; i < 7; i++)
    {
      g_autofree char *item = g_strdup_printf ("doc-%d", i);
      NotificationDbFanOut *out = notify_ok ("document_mention", item, ab, i % 2 == 0 ? 2 : 1);
      notification_db_fan_out_free (out);
    }
  /* doc-4..doc-6 share one instant: ties are broken by id, descending. */
  sql_run ("UPDATE notification SET created_at = CASE WHEN event_item_id IN ('doc-4', 'doc-5', 'doc-6')"
           " THEN timestamptz '2025-06-01 00:00+00'"
           " ELSE timestamptz '2025-01-01 00:00+00' + (substr (event_item_id, 5)::int * interval '1 hour') END");
  sql_run ("UPDATE notification SET id = ('0190a000-0000-7000-8000-0000000000' || CASE event_item_id"
           " WHEN 'doc-4' THEN '05' WHEN 'doc-5' THEN '09' WHEN 'doc-6' THEN '01'"
           " ELSE 'a' || substr (event_item_id, 5) END)::uuid");
  sql_run ("UPDATE user_notification un SET created_at = n.created_at FROM notification n WHERE n.id = un.notification_id");
  all = list_all ("u-a", NULL, 2, &pages);
  ck_assert_str_eq (all, "document_mention/doc-5,document_mention/doc-4,document_mention/doc-6,"
                    "document_mention/doc-3,document_mention/doc-2,document_mention/doc-1,document_mention/doc-0");
  ck_assert_uint_eq (pages, 4);
  g_free (all);
  /* u-b got only the even ones; nobody sees another user's rows. */
  all = list_all ("u-b", NULL, 3, &pages);
  ck_assert_str_eq (all, "document_mention/doc-4,document_mention/doc-6,document_mention/doc-2,document_mention/doc-0");
  g_free (all);
  all = list_all ("u-nobody", NULL, 3, &pages);
  ck_assert_str_eq (all, "");
  ck_assert_uint_eq (pages, 1);
}
END_TEST

START_TEST (test_list_filters_and_unseen_count)
{
  static const char *const a[] = { "u-a" };
  static const char *const ab[] = { "u-a", "u-b" };
  NotificationDbFilter unseen = { TRUE, FALSE, NULL, NULL };
  NotificationDbFilter not_done = { FALSE, TRUE, NULL, NULL };
  NotificationDbFilter by_type = { FALSE, FALSE, "document_share", NULL };
  NotificationDbFilter by_item = { FALSE, FALSE, NULL, "doc-2" };
  NotificationDbFilter both = { TRUE, TRUE, "document_mention", "doc-1" };
  g_autoptr(GError) error = NULL;
  g_autoptr(NotificationDbFanOut) n1 = notify_ok ("document_mention", "doc-1", ab, 2);
  g_autoptr(NotificationDbFanOut) n2 = notify_ok ("document_share", "doc-2", a, 1);
  g_autoptr(NotificationDbFanOut) n3 = notify_ok ("document_mention", "doc-2", a, 1);
  g_autoptr(NotificationDbFanOut) n4 = notify_ok ("document_mention", "doc-1", a, 1);
  char id1[MDB_UUID_STRING_SIZE], id2[MDB_UUID_STRING_SIZE], id3[MDB_UUID_STRING_SIZE];
  const char *ids[3];
  guint pages;
  char *got;

  ids[0] = mdb_uuid_format (&n1->id, id1);
  ids[1] = mdb_uuid_format (&n2->id, id2);
  ids[2] = mdb_uuid_format (&n3->id, id3);
  ck_assert_int_eq (notification_db_unseen_count (EXEC, "u-a", &error), 4);
  ck_assert_int_eq (notification_db_mark (EXEC, "u-a", ids, 1, NOTIFICATION_DB_MARK_SEEN, &error), 1);
  ck_assert_int_eq (notification_db_mark (EXEC, "u-a", ids + 1, 1, NOTIFICATION_DB_MARK_DONE, &error), 1);
  ck_assert_int_eq (notification_db_mark (EXEC, "u-a", ids + 2, 1, NOTIFICATION_DB_MARK_DELETED, &error), 1);
  /* n2 is done, n1 seen, n3 deleted: only n4 is unseen, not done and live. */
  ck_assert_int_eq (notification_db_unseen_count (EXEC, "u-a", &error), 1);
  ck_assert_int_eq (notification_db_unseen_count (EXEC, "u-b", &error), 1);
  ck_assert_int_eq (notification_db_unseen_count (EXEC, "u-nobody", &error), 0);

  got = list_all ("u-a", NULL, 10, &pages);
  ck_assert_str_eq (got, "document_mention/doc-1,document_share/doc-2,document_mention/doc-1");
  g_free (got);
  got = list_all ("u-a", &unseen, 10, &pages);
  ck_assert_str_eq (got, "document_mention/doc-1,document_share/doc-2");
  g_free (got);
  got = list_all ("u-a", &not_done, 10, &pages);
  ck_assert_str_eq (got, "document_mention/doc-1,document_mention/doc-1");
  g_free (got);
  got = list_all ("u-a", &by_type, 10, &pages);
  ck_assert_str_eq (got, "document_share/doc-2");
  g_free (got);
  got = list_all ("u-a", &by_item, 10, &pages);
  ck_assert_str_eq (got, "document_share/doc-2");
  g_free (got);
  got = list_all ("u-a", &both, 10, &pages);
  ck_assert_str_eq (got, "document_mention/doc-1");
  g_free (got);
}
END_TEST

START_TEST (test_list_refuses_bad_cursors_limits_and_filters)
{
  static const char *const users[] = { "u-a", "u-b" };
  NotificationDbFilter unseen = { TRUE, FALSE, NULL, NULL };
  NotificationDbFilter empty_type = { FALSE, FALSE, "", NULL };
  g_autoptr(MdbPage) page = NULL;
  GError *error = NULL;
  guint64 acquires;

  for (int i = 0; i < 3; i++)
    notification_db_fan_out_free (notify_ok ("document_mention", "doc-1", users, 2));
  page = notification_db_list (EXEC, "u-a", NULL, NULL, 1, &error);
  ck_assert_ptr_nonnull (page->next_cursor);
  acquires = mdb_pool_get_stat (fx.pool, MDB_POOL_STAT_ACQUIRES);
  ck_assert_ptr_null (notification_db_list (EXEC, "u-b", NULL, page->next_cursor, 1, &error));
  assert_invalid (error, "invalid cursor: not made for this list");
  g_clear_error (&error);
  ck_assert_ptr_null (notification_db_list (EXEC, "u-a", &unseen, page->next_cursor, 1, &error));
  assert_invalid (error, "invalid cursor: not made for this list");
  g_clear_error (&error);
  ck_assert_ptr_null (notification_db_list (EXEC, "u-a", NULL, "garbage!", 1, &error));
  assert_invalid (error, "invalid cursor");
  g_clear_error (&error);
  ck_assert_ptr_null (notification_db_list (EXEC, "u-a", NULL, NULL, 0, &error));
  assert_invalid (error, "limit is 0");
  g_clear_error (&error);
  ck_assert_ptr_null (notification_db_list (EXEC, "u-a", NULL, NULL, NOTIFICATION_DB_MAX_PAGE + 1, &error));
  assert_invalid (error, "limit is 1001");
  g_clear_error (&error);
  ck_assert_ptr_null (notification_db_list (EXEC, "u-a", &empty_type, NULL, 1, &error));
  assert_invalid (error, "filter.event_type is empty");
  g_clear_error (&error);
  ck_assert_ptr_null (notification_db_list (EXEC, NULL, NULL, NULL, 1, &error));
  assert_invalid (error, "user_id");
  g_clear_error (&error);
  ck_assert_int_eq (notification_db_unseen_count (EXEC, "", &error), -1);
  assert_invalid (error, "user_id is empty");
  g_clear_error (&error);
  ck_assert_uint_eq (mdb_pool_get_stat (fx.pool, MDB_POOL_STAT_ACQUIRES), acquires);
}
END_TEST

/* ---------------------------------------------------------------- state */

START_TEST (test_marks_change_only_the_acting_users_rows)
{
  static const char *const ab[] = { "u-a", "u-b" };
  g_autoptr(NotificationDbFanOut) n1 = notify_ok ("document_mention", "doc-1", ab, 2);
  g_autoptr(NotificationDbFanOut) n2 = notify_ok ("document_share", "doc-1", ab, 2);
  g_autoptr(NotificationDbFanOut) n3 = notify_ok ("document_mention", "doc-2", ab, 2);
  char id1[MDB_UUID_STRING_SIZE], id2[MDB_UUID_STRING_SIZE];
  const char *ids[3];
  GError *error = NULL;

  ids[0] = mdb_uuid_format (&n1->id, id1);
  ids[1] = mdb_uuid_format (&n2->id, id2);
  ids[2] = "0190a000-0000-7000-8000-00000000ffff";   /* unknown: ignored */
  /* Many ids, two marks at once; a second run changes nothing. */
  ck_assert_int_eq (notification_db_mark (EXEC, "u-a", ids, 3, NOTIFICATION_DB_MARK_SEEN | NOTIFICATION_DB_MARK_DONE,
                                          &error), 2);
  ck_assert_int_eq (notification_db_mark (EXEC, "u-a", ids, 3, NOTIFICATION_DB_MARK_SEEN | NOTIFICATION_DB_MARK_DONE,
                                          &error), 0);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM user_notification WHERE seen_at IS NOT NULL AND done"), 2);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM user_notification WHERE user_id = 'u-b' AND (seen_at IS NOT NULL OR done)"), 0);
  /* By item: both doc-1 notifications of u-b only. */
  ck_assert_int_eq (notification_db_mark_item (EXEC, "u-b", "doc-1", "document", NOTIFICATION_DB_MARK_SEEN, &error), 2);
  ck_assert_int_eq (notification_db_mark_item (EXEC, "u-b", "doc-1", "channel", NOTIFICATION_DB_MARK_SEEN, &error), 0);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM user_notification WHERE user_id = 'u-b' AND seen_at IS NOT NULL"), 2);
  /* Before a time: everything of u-b up to now is deleted, u-a untouched. */
  ck_assert_int_eq (notification_db_mark_before (EXEC, "u-b", g_get_real_time () + G_USEC_PER_SEC,
                                                 NOTIFICATION_DB_MARK_DELETED, &error), 3);
  ck_assert_int_eq (notification_db_mark_before (EXEC, "u-b", 0, NOTIFICATION_DB_MARK_DELETED, &error), 0);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM user_notification WHERE deleted_at IS NOT NULL"), 3);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM user_notification WHERE user_id = 'u-a' AND deleted_at IS NOT NULL"), 0);
  /* Seen stays at its first time. */
  ck_assert_int_eq (sql_int ("WITH s AS (SELECT seen_at FROM user_notification WHERE user_id = 'u-a' AND seen_at IS NOT NULL)"
                             " SELECT count(*) FROM s"), 2);
  ck_assert_ptr_null (error);
  ck_assert_int_eq (notification_db_mark (EXEC, "u-a", ids, 0, NOTIFICATION_DB_MARK_SEEN, &error), 0);
  (void) n3;
}
END_TEST

START_TEST (test_marks_refuse_bad_input)
{
  static const char *const bad[] = { "0190a000-0000-7000-8000-000000000001", "nope" };
  GError *error = NULL;

  ck_assert_int_eq (notification_db_mark (EXEC, "u-a", bad, 2, NOTIFICATION_DB_MARK_SEEN, &error), -1);
  assert_invalid (error, "notification_ids[1] is not a uuid");
  g_clear_error (&error);
  ck_assert_int_eq (notification_db_mark (EXEC, "u-a", bad, 1, 0, &error), -1);
  assert_invalid (error, "marks is 0");
  g_clear_error (&error);
  ck_assert_int_eq (notification_db_mark (EXEC, "u-a", bad, 1, 8, &error), -1);
  assert_invalid (error, "marks is 8");
  g_clear_error (&error);
  ck_assert_int_eq (notification_db_mark_item (EXEC, "u-a", "", "document", NOTIFICATION_DB_MARK_SEEN, &error), -1);
  assert_invalid (error, "item_id is empty");
  g_clear_error (&error);
  ck_assert_int_eq (notification_db_mark_before (EXEC, NULL, 0, NOTIFICATION_DB_MARK_SEEN, &error), -1);
  assert_invalid (error, "user_id");
  g_clear_error (&error);
}
END_TEST

/* ---------------------------------------------------------------- email decisions */

static GArray *
should_email_ok (const char *type, const char *item, const NotificationDbRecipient *r, gsize n)
{
  g_autoptr(GError) error = NULL;
  GArray *a = notification_db_should_email (EXEC, type, item, "document", r, n, &error);

  ck_assert_msg (a != NULL, "should_email: %s", error ? error->message : "");
  return a;
}

/* Real test (reference §5): three users without an earlier notification of
 * that event type and item are all emailed, in input order. */
START_TEST (test_should_email_three_new_users_all_true_in_input_order)
{
  static const NotificationDbRecipient r[] = {
    { "macro|user3@user.com", NULL }, { "macro|user1@user.com", NULL }, { "macro|user2@user.com", NULL },
  };
  g_autoptr(GArray) a = NULL;
  g_autofree char *got = NULL;

  apply_fixture ("should_email.sql");
  a = should_email_ok ("document_mention", "doc-1", r, 3);
  got = joined_bools (a);
  ck_assert_str_eq (got, "TTT");
}
END_TEST

/* Real test: a user notified twice before about the same event type and
 * item is not emailed again; once (the notification just made) still is. */
START_TEST (test_should_email_repeat_is_false)
{
  static const NotificationDbRecipient r[] = {
    { "user-once", NULL }, { "user-repeat", NULL }, { "user-other-type", NULL },
    { "user-other-item", NULL }, { "user-unknown", NULL },
  };
  g_autoptr(GArray) a = NULL;
  g_autofree char *got = NULL;

  apply_fixture ("should_email.sql");
  a = should_email_ok ("document_mention", "doc-1", r, 5);
  got = joined_bools (a);
  ck_assert_str_eq (got, "TFTTT");
}
END_TEST

START_TEST (test_should_email_is_false_when_muted_unsubscribed_or_address_unsubscribed)
{
  static const NotificationDbRecipient r[] = {
    { "u-muted", "muted@x.com" }, { "u-item", "item@x.com" }, { "u-address", "gone@x.com" },
    { "u-fine", "fine@x.com" }, { "u-noaddr", NULL },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) a = NULL;
  g_autofree char *got = NULL;

  ck_assert (notification_db_mute (EXEC, "u-muted", &error));
  ck_assert (notification_db_unsubscribe_item (EXEC, "u-item", "doc-1", "document", &error));
  ck_assert (notification_db_unsubscribe_email (EXEC, "gone@x.com", &error));
  a = should_email_ok ("document_mention", "doc-1", r, 5);
  got = joined_bools (a);
  ck_assert_str_eq (got, "FFFTT");
}
END_TEST

START_TEST (test_should_email_refuses_bad_input_and_answers_empty_for_none)
{
  static const NotificationDbRecipient r[] = { { "u-a", NULL }, { "u-b", "" } };
  GError *error = NULL;
  g_autoptr(GArray) none = NULL;

  ck_assert_ptr_null (notification_db_should_email (EXEC, "document_mention", "doc-1", "document", r, 2, &error));
  assert_invalid (error, "recipients[1].email is empty");
  g_clear_error (&error);
  ck_assert_ptr_null (notification_db_should_email (EXEC, "", "doc-1", "document", r, 1, &error));
  assert_invalid (error, "event_type is empty");
  g_clear_error (&error);
  none = notification_db_should_email (EXEC, "document_mention", "doc-1", "document", NULL, 0, &error);
  ck_assert_ptr_nonnull (none);
  ck_assert_uint_eq (none->len, 0);
}
END_TEST

START_TEST (test_email_sent_record_and_lookup)
{
  static const char *const users[] = { "u-b", "u-a", "u-b" };
  static const char *const ask[] = { "u-c", "u-a", "u-b" };
  GError *error = NULL;
  g_autoptr(GArray) before = NULL;
  g_autoptr(GArray) after = NULL;
  g_autofree char *got_before = NULL;
  g_autofree char *got_after = NULL;

  before = notification_db_email_sent_lookup (EXEC, ask, 3, &error);
  got_before = joined_bools (before);
  ck_assert_str_eq (got_before, "FFF");
  ck_assert_int_eq (notification_db_email_sent_record (EXEC, users, 3, &error), 2);
  sql_run ("UPDATE notification_email_sent SET sent_at = '2020-01-01'");
  /* Recording again moves sent_at to now. */
  ck_assert_int_eq (notification_db_email_sent_record (EXEC, users, 1, &error), 1);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM notification_email_sent WHERE sent_at > '2021-01-01'"), 1);
  after = notification_db_email_sent_lookup (EXEC, ask, 3, &error);
  got_after = joined_bools (after);
  ck_assert_str_eq (got_after, "FTT");
  ck_assert_int_eq (notification_db_email_sent_record (EXEC, ask, 0, &error), 0);
  ck_assert_ptr_null (error);
  ck_assert_ptr_null (notification_db_email_sent_lookup (EXEC, users, NOTIFICATION_DB_MAX_BATCH + 1, &error));
  assert_invalid (error, "user_ids has 10001 items");
  g_clear_error (&error);
}
END_TEST

START_TEST (test_channel_emailed_set_clear_and_lookup)
{
  static const char *const chan = "0190a000-0000-7000-8000-00000000c001";
  static const char *const other = "0190a000-0000-7000-8000-00000000c002";
  static const char *const users[] = { "u-a", "u-b", "u-a" };
  static const char *const ask[] = { "u-b", "u-c", "u-a" };
  static const char *const clear[] = { "u-a" };
  GError *error = NULL;
  GArray *a;
  char *got;

  ck_assert_int_eq (notification_db_channel_emailed_set (EXEC, chan, users, 3, &error), 2);
  ck_assert_int_eq (notification_db_channel_emailed_set (EXEC, chan, users, 3, &error), 0);
  a = notification_db_channel_emailed_lookup (EXEC, chan, ask, 3, &error);
  got = joined_bools (a);
  ck_assert_str_eq (got, "TFT");
  g_free (got);
  g_array_unref (a);
  a = notification_db_channel_emailed_lookup (EXEC, other, ask, 3, &error);
  got = joined_bools (a);
  ck_assert_str_eq (got, "FFF");
  g_free (got);
  g_array_unref (a);
  ck_assert_int_eq (notification_db_channel_emailed_clear (EXEC, chan, clear, 1, &error), 1);
  ck_assert_int_eq (notification_db_channel_emailed_clear (EXEC, other, clear, 1, &error), 0);
  a = notification_db_channel_emailed_lookup (EXEC, chan, ask, 3, &error);
  got = joined_bools (a);
  ck_assert_str_eq (got, "TFF");
  g_free (got);
  g_array_unref (a);
  ck_assert_ptr_null (error);
  ck_assert_int_eq (notification_db_channel_emailed_set (EXEC, "chan-1", users, 1, &error), -1);
  assert_invalid (error, "channel_id is not a uuid");
  g_clear_error (&error);
}
END_TEST

/* ---------------------------------------------------------------- digest */

START_TEST (test_digest_claims_old_unseen_unsent_rows_grouped_per_user)
{
  static const char *const abc[] = { "u-c", "u-a", "u-b" };
  g_autoptr(GError) error = NULL;
  g_autoptr(NotificationDbDigestItemList) first = NULL;
  g_autoptr(NotificationDbDigestItemList) again = NULL;
  g_autoptr(GString) order = g_string_new (NULL);

  notification_db_fan_out_free (notify_ok ("document_mention", "doc-1", abc, 3));
  notification_db_fan_out_free (notify_ok ("document_share", "doc-2", abc, 3));
  notification_db_fan_out_free (notify_ok ("document_mention", "doc-3", abc, 3));
  sql_run ("UPDATE user_notification un SET created_at = timestamptz '2025-01-01 00:00+00'"
           " + (substr (n.event_item_id, 5)::int * interval '1 hour')"
           " FROM notification n WHERE n.id = un.notification_id");
  /* Seen, done, deleted or too recent rows are not taken. */
  sql_run ("UPDATE user_notification un SET seen_at = now () FROM notification n"
           " WHERE n.id = un.notification_id AND un.user_id = 'u-a' AND n.event_item_id = 'doc-1'");
  sql_run ("UPDATE user_notification un SET done = true FROM notification n"
           " WHERE n.id = un.notification_id AND un.user_id = 'u-b' AND n.event_item_id = 'doc-2'");
  sql_run ("UPDATE user_notification un SET deleted_at = now () FROM notification n"
           " WHERE n.id = un.notification_id AND un.user_id = 'u-c' AND n.event_item_id = 'doc-3'");
  /* Older than 02:30 leaves doc-3 (03:00) out. */
  first = notification_db_digest_claim (EXEC, G_GINT64_CONSTANT (1735698600) * G_USEC_PER_SEC, 100, &error);
  ck_assert_msg (first != NULL, "claim: %s", error ? error->message : "");
  for (guint i = 0; i < first->n_rows; i++)
    g_string_append_printf (order, "%s%s:%s", i ? "," : "", first->rows[i].user_id, first->rows[i].item_id);
  ck_assert_str_eq (order->str, "u-a:doc-2,u-b:doc-1,u-c:doc-1,u-c:doc-2");
  ck_assert_str_eq (first->rows[0].event_type, "document_share");
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM user_notification WHERE sent"), 4);
  again = notification_db_digest_claim (EXEC, G_GINT64_CONSTANT (1735698600) * G_USEC_PER_SEC, 100, &error);
  ck_assert_uint_eq (again->n_rows, 0);
  ck_assert_ptr_null (notification_db_digest_claim (EXEC, 0, 0, &error));
  assert_invalid (error, "limit is 0");
}
END_TEST

typedef struct {
  GPtrArray *claimed;   /* "user/notification" strings */
  guint      batches;
  char      *error;
} Worker;

static gpointer
digest_worker (gpointer data)
{
  Worker *w = data;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(NotificationDbDigestItemList) rows =
        notification_db_digest_claim (MDB_EXECUTOR (fx.pool), G_MAXINT64 - 1, 7, &error);

      if (rows == NULL)
        {
          w->error = g_strdup (error->message);
          return NULL;
        }
      if (rows->n_rows == 0)
        return NULL;
      w->batches++;
      for (guint i = 0; i < rows->n_rows; i++)
        {
          char id[MDB_UUID_STRING_SIZE];
          g_ptr_array_add (w->claimed, g_strdup_printf ("%s/%s", rows->rows[i].user_id,
                                                        mdb_uuid_format (&rows->rows[i].id, id)));
        }
    }
}

/* Issue 19: two digest workers at once never take the same row. */
START_TEST (test_two_digest_workers_never_take_the_same_row)
{
  Worker w[2] = { { g_ptr_array_new_with_free_func (g_free), 0, NULL },
                  { g_ptr_array_new_with_free_func (g_free), 0, NULL } };
  GThread *t[2];
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  /* 40 notifications to 25 users each: 1 000 rows. */
  sql_run ("INSERT INTO notification (id, notification_event_type, event_item_id, event_item_type, service_sender,"
           " created_at) SELECT gen_random_uuid (), 'document_mention', 'doc-' || i, 'document', 's',"
           " now () - interval '1 day' FROM generate_series (1, 40) AS i");
  sql_run ("INSERT INTO user_notification (user_id, notification_id, created_at)"
           " SELECT 'u-' || u, n.id, n.created_at FROM notification n, generate_series (1, 25) AS u");
  for (int i = 0; i < 2; i++)
    t[i] = g_thread_new ("digest", digest_worker, &w[i]);
  for (int i = 0; i < 2; i++)
    g_thread_join (t[i]);
  for (int i = 0; i < 2; i++)
    {
      ck_assert_msg (w[i].error == NULL, "worker %d: %s", i, w[i].error);
      for (guint j = 0; j < w[i].claimed->len; j++)
        ck_assert_msg (g_hash_table_add (seen, w[i].claimed->pdata[j]), "%s taken twice",
                       (char *) w[i].claimed->pdata[j]);
    }
  ck_assert_uint_eq (g_hash_table_size (seen), 1000);
  ck_assert_uint_eq (w[0].claimed->len + w[1].claimed->len, 1000);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM user_notification WHERE NOT sent"), 0);
  g_hash_table_remove_all (seen);
  for (int i = 0; i < 2; i++)
    g_ptr_array_unref (w[i].claimed);
}
END_TEST

/* A claim inside the caller's transaction is undone by its rollback (a
 * failed send), and a concurrent worker skips those locked rows meanwhile. */
START_TEST (test_digest_claim_in_a_rolled_back_transaction_is_undone)
{
  static const char *const users[] = { "u-a", "u-b" };
  g_autoptr(GError) error = NULL;
  g_autoptr(NotificationDbDigestItemList) held = NULL;
  g_autoptr(NotificationDbDigestItemList) other = NULL;
  g_autoptr(NotificationDbDigestItemList) after = NULL;
  MdbConn *conn;

  notification_db_fan_out_free (notify_ok ("document_mention", "doc-1", users, 2));
  conn = mdb_pool_acquire (fx.pool, &error);
  ck_assert (mdb_conn_begin (conn, MDB_ISOLATION_DEFAULT, &error));
  held = notification_db_digest_claim (MDB_EXECUTOR (conn), G_MAXINT64 - 1, 1, &error);
  ck_assert_uint_eq (held->n_rows, 1);
  other = notification_db_digest_claim (EXEC, G_MAXINT64 - 1, 10, &error);
  ck_assert_uint_eq (other->n_rows, 1);
  ck_assert_str_ne (other->rows[0].user_id, held->rows[0].user_id);
  ck_assert (mdb_conn_rollback (conn, &error));
  mdb_pool_release (fx.pool, conn);
  after = notification_db_digest_claim (EXEC, G_MAXINT64 - 1, 10, &error);
  ck_assert_uint_eq (after->n_rows, 1);
  ck_assert_str_eq (after->rows[0].user_id, held->rows[0].user_id);
}
END_TEST

/* ---------------------------------------------------------------- unsubscribes, mutes, codes */

START_TEST (test_email_unsubscribes_in_input_order)
{
  static const char *const ask[] = { "c@x.com", "a@x.com", "b@x.com", "a@x.com" };
  GError *error = NULL;
  GArray *a;
  char *got;

  ck_assert (notification_db_unsubscribe_email (EXEC, "a@x.com", &error));
  ck_assert (!notification_db_unsubscribe_email (EXEC, "a@x.com", &error));
  ck_assert (notification_db_unsubscribe_email (EXEC, "c@x.com", &error));
  ck_assert_ptr_null (error);
  a = notification_db_unsubscribed_emails (EXEC, ask, 4, &error);
  got = joined_bools (a);
  ck_assert_str_eq (got, "TTFT");
  g_free (got);
  g_array_unref (a);
  ck_assert (notification_db_resubscribe_email (EXEC, "a@x.com", &error));
  ck_assert (!notification_db_resubscribe_email (EXEC, "a@x.com", &error));
  ck_assert_ptr_null (error);
  a = notification_db_unsubscribed_emails (EXEC, ask, 4, &error);
  got = joined_bools (a);
  ck_assert_str_eq (got, "TFFF");
  g_free (got);
  g_array_unref (a);
  ck_assert (!notification_db_unsubscribe_email (EXEC, "", &error));
  assert_invalid (error, "email is empty");
  g_clear_error (&error);
  ck_assert_ptr_null (notification_db_unsubscribed_emails (EXEC, (const char *const[]) { "a@x.com", "" }, 2, &error));
  assert_invalid (error, "emails[1] is empty");
  g_clear_error (&error);
}
END_TEST

START_TEST (test_item_unsubscribes_list_pages_by_item)
{
  GError *error = NULL;
  g_autofree char *cursor = NULL;
  g_autoptr(GString) got = g_string_new (NULL);
  const char *items[] = { "doc-b", "doc-a", "chan-z", "doc-c", "Doc-Upper" };
  guint pages = 0;

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    ck_assert (notification_db_unsubscribe_item (EXEC, "u-a", items[i], "document", &error));
  ck_assert (!notification_db_unsubscribe_item (EXEC, "u-a", "doc-a", "document", &error));
  ck_assert (notification_db_unsubscribe_item (EXEC, "u-b", "doc-x", "document", &error));
  ck_assert (notification_db_resubscribe_item (EXEC, "u-a", "doc-c", &error));
  ck_assert (!notification_db_resubscribe_item (EXEC, "u-a", "doc-c", &error));
  for (;;)
    {
      g_autoptr(MdbPage) page = notification_db_item_unsubscribes_list (EXEC, "u-a", cursor, 2, &error);

      ck_assert_msg (page != NULL, "list: %s", error ? error->message : "");
      pages++;
      for (guint i = 0; i < page->items->len; i++)
        g_string_append_printf (got, "%s%s", got->len ? "," : "",
                                ((NotificationDbItemUnsubscribe *) page->items->pdata[i])->item_id);
      if (page->next_cursor == NULL)
        break;
      g_free (cursor);
      cursor = g_steal_pointer (&page->next_cursor);
    }
  /* Binary order: upper case first. */
  ck_assert_str_eq (got->str, "Doc-Upper,chan-z,doc-a,doc-b");
  ck_assert_uint_eq (pages, 2);
  ck_assert_ptr_null (notification_db_item_unsubscribes_list (EXEC, "u-a", NULL, 0, &error));
  assert_invalid (error, "limit is 0");
  g_clear_error (&error);
  ck_assert (!notification_db_unsubscribe_item (EXEC, "u-a", "doc-a", NULL, &error));
  assert_invalid (error, "item_type");
  g_clear_error (&error);
}
END_TEST

START_TEST (test_mutes)
{
  GError *error = NULL;

  ck_assert (!notification_db_is_muted (EXEC, "u-a", &error));
  ck_assert (notification_db_mute (EXEC, "u-a", &error));
  ck_assert (!notification_db_mute (EXEC, "u-a", &error));
  ck_assert (notification_db_is_muted (EXEC, "u-a", &error));
  ck_assert (!notification_db_is_muted (EXEC, "u-b", &error));
  ck_assert (notification_db_unmute (EXEC, "u-a", &error));
  ck_assert (!notification_db_unmute (EXEC, "u-a", &error));
  ck_assert_ptr_null (error);
  ck_assert (!notification_db_mute (EXEC, "", &error));
  assert_invalid (error, "user_id is empty");
  g_clear_error (&error);
}
END_TEST

START_TEST (test_unsubscribe_code_is_created_once_and_looked_up)
{
  GError *error = NULL;
  g_autofree char *code = notification_db_unsubscribe_code (EXEC, "a@x.com", &error);
  g_autofree char *again = notification_db_unsubscribe_code (EXEC, "a@x.com", &error);
  g_autofree char *other = notification_db_unsubscribe_code (EXEC, "b@x.com", &error);
  g_autofree char *upper = NULL;
  g_autofree char *email = NULL;

  ck_assert_msg (code != NULL, "code: %s", error ? error->message : "");
  ck_assert_str_eq (code, again);
  ck_assert_str_ne (code, other);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_unsubscribe_code"), 2);
  upper = g_ascii_strup (code, -1);
  email = notification_db_unsubscribe_code_email (EXEC, upper, &error);
  ck_assert_str_eq (email, "a@x.com");
  ck_assert_ptr_null (notification_db_unsubscribe_code_email (EXEC, "0190a000-0000-7000-8000-000000000000", &error));
  assert_code (error, MDB_ERROR_NOT_FOUND, "no address has this unsubscribe code");
  g_clear_error (&error);
  ck_assert_ptr_null (notification_db_unsubscribe_code_email (EXEC, "abc", &error));
  assert_invalid (error, "code is not a uuid");
  g_clear_error (&error);
}
END_TEST

/* ---------------------------------------------------------------- devices */

START_TEST (test_devices_register_touch_list_and_remove)
{
  GError *error = NULL;
  g_autoptr(NotificationDbDevice) d1 = NULL;
  g_autoptr(NotificationDbDevice) moved = NULL;
  g_autoptr(MdbPage) page = NULL;
  g_autoptr(MdbPage) next = NULL;
  char id1[MDB_UUID_STRING_SIZE], id2[MDB_UUID_STRING_SIZE];

  d1 = notification_db_device_register (EXEC, "u-a", "tok-1", "arn:1", NOTIFICATION_DB_DEVICE_TYPE_OPTION_IOS, &error);
  ck_assert_msg (d1 != NULL, "register: %s", error ? error->message : "");
  ck_assert_str_eq (d1->device_token, "tok-1");
  ck_assert_int_eq (d1->device_type, NOTIFICATION_DB_DEVICE_TYPE_OPTION_IOS);
  ck_assert (!d1->last_used_at_is_null);
  notification_db_device_free (notification_db_device_register (EXEC, "u-a", "tok-2", "arn:2",
                                                                NOTIFICATION_DB_DEVICE_TYPE_OPTION_ANDROID, &error));
  notification_db_device_free (notification_db_device_register (EXEC, "u-b", "tok-3", "arn:3",
                                                                NOTIFICATION_DB_DEVICE_TYPE_OPTION_ANDROID, &error));
  /* Same token again: the row moves to u-b with the new endpoint, same id. */
  moved = notification_db_device_register (EXEC, "u-b", "tok-1", "arn:1b", NOTIFICATION_DB_DEVICE_TYPE_OPTION_ANDROID,
                                           &error);
  ck_assert_str_eq (mdb_uuid_format (&moved->id, id2), mdb_uuid_format (&d1->id, id1));
  ck_assert_str_eq (moved->user_id, "u-b");
  ck_assert_str_eq (moved->device_endpoint, "arn:1b");
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM user_device_registration"), 3);
  /* Another token on an existing endpoint is a unique violation. */
  ck_assert_ptr_null (notification_db_device_register (EXEC, "u-c", "tok-9", "arn:2",
                                                       NOTIFICATION_DB_DEVICE_TYPE_OPTION_IOS, &error));
  assert_code (error, MDB_ERROR_UNIQUE_VIOLATION, "");
  ck_assert_str_eq (mdb_error_get_constraint (error), "user_device_registration_device_endpoint_key");
  g_clear_error (&error);
  ck_assert_ptr_null (notification_db_device_register (EXEC, "u-c", "tok-9", "arn:9",
                                                       (NotificationDbDeviceTypeOption) 7, &error));
  assert_invalid (error, "device_type 7");
  g_clear_error (&error);

  page = notification_db_devices_list (EXEC, "u-b", NULL, 1, &error);
  ck_assert_uint_eq (page->items->len, 1);
  ck_assert_str_eq (((NotificationDbDevice *) page->items->pdata[0])->device_token, "tok-1");
  next = notification_db_devices_list (EXEC, "u-b", page->next_cursor, 1, &error);
  ck_assert_uint_eq (next->items->len, 1);
  ck_assert_str_eq (((NotificationDbDevice *) next->items->pdata[0])->device_token, "tok-3");
  ck_assert_ptr_null (next->next_cursor);

  sql_run ("UPDATE user_device_registration SET last_used_at = '2020-01-01'");
  ck_assert (notification_db_device_touch (EXEC, "tok-2", &error));
  ck_assert (!notification_db_device_touch (EXEC, "tok-unknown", &error));
  ck_assert_int_eq (notification_db_devices_remove_unused (EXEC, G_GINT64_CONSTANT (1600000000) * G_USEC_PER_SEC, &error), 2);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM user_device_registration WHERE device_token = 'tok-2'"), 1);
  ck_assert (!notification_db_device_remove (EXEC, "u-b", "tok-2", &error));   /* u-a's device */
  ck_assert (notification_db_device_remove (EXEC, "u-a", "tok-2", &error));
  notification_db_device_free (notification_db_device_register (EXEC, "u-a", "tok-4", "arn:4",
                                                                NOTIFICATION_DB_DEVICE_TYPE_OPTION_IOS, &error));
  notification_db_device_free (notification_db_device_register (EXEC, "u-a", "tok-5", "arn:5",
                                                                NOTIFICATION_DB_DEVICE_TYPE_OPTION_IOS, &error));
  ck_assert_int_eq (notification_db_devices_remove_user (EXEC, "u-a", &error), 2);
  ck_assert_int_eq (notification_db_devices_remove_user (EXEC, "u-a", &error), 0);
  ck_assert_ptr_null (error);
  ck_assert_int_eq (notification_db_devices_remove_user (EXEC, "", &error), -1);
  assert_invalid (error, "user_id is empty");
  g_clear_error (&error);
}
END_TEST

/* ---------------------------------------------------------------- retention */

START_TEST (test_purge_deletes_old_notifications_in_bounded_batches)
{
  g_autoptr(GError) error = NULL;
  gint64 n;

  sql_run ("INSERT INTO notification (id, notification_event_type, event_item_id, event_item_type, service_sender,"
           " created_at) SELECT gen_random_uuid (), 'document_mention', 'doc-' || i, 'document', 's',"
           " CASE WHEN i <= 250 THEN timestamptz '2024-01-01' ELSE now () END FROM generate_series (1, 300) AS i");
  sql_run ("INSERT INTO user_notification (user_id, notification_id, created_at)"
           " SELECT 'u-' || u, n.id, n.created_at FROM notification n, generate_series (1, 3) AS u");
  /* 250 old ones in batches of 100: 100, 100, 50, so three statements. */
  mdb_test_assert_round_trips (EXEC, 3 * 2, n = notification_db_purge_before (EXEC, G_GINT64_CONSTANT (1704153600) * G_USEC_PER_SEC, 100, &error));
  ck_assert_int_eq (n, 250);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM notification"), 50);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM user_notification"), 150);
  ck_assert_int_eq (notification_db_purge_before (EXEC, G_GINT64_CONSTANT (1704153600) * G_USEC_PER_SEC, 100, &error), 0);
  ck_assert_int_eq (notification_db_purge_before (EXEC, 0, NOTIFICATION_DB_MAX_CLAIM + 1, &error), -1);
  assert_invalid (error, "batch_size is 10001");
}
END_TEST

/* ---------------------------------------------------------------- plans */

/* The plan of @sql (EXPLAIN, one line per row joined by " | "). */
static char *
plan_of (const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *explain = g_strconcat ("EXPLAIN ", sql, NULL);
  g_autoptr(MdbResult) res = mdb_exec (EXEC, explain, NULL, &error);
  GString *plan = g_string_new (NULL);

  ck_assert_msg (res != NULL, "explain: %s", error ? error->message : "");
  for (int i = 0; i < mdb_result_get_n_rows (res); i++)
    {
      g_autofree char *line = mdb_result_dup_string (res, i, 0, NULL);
      g_string_append_printf (plan, "%s | ", line);
    }
  return g_string_free (plan, FALSE);
}

static void
assert_plan (const char *sql, const char *want, const char *large_table)
{
  g_autofree char *plan = plan_of (sql);
  g_autofree char *seq = g_strconcat ("Seq Scan on ", large_table, " ", NULL);

  ck_assert_msg (strstr (plan, want) != NULL, "no [%s] in: %s", want, plan);
  ck_assert_msg (strstr (plan, seq) == NULL, "sequential scan of %s: %s", large_table, plan);
}

/* On 220 000 user rows of 2 000 users and a heavy one (seeded server-side,
 * vacuumed and analysed) every list or lookup goes through its index, and the unseen
 * count reads the partial index alone. */
START_TEST (test_queries_use_their_indexes_on_a_seeded_database)
{
  sql_run ("INSERT INTO notification (id, notification_event_type, event_item_id, event_item_type, service_sender,"
           " created_at) SELECT gen_random_uuid (), CASE WHEN i % 3 = 0 THEN 'document_share' ELSE 'document_mention' END,"
           " 'doc-' || (i % 5000), 'document', 's', now () - i * interval '1 minute' FROM generate_series (1, 20000) AS i");
  sql_run ("INSERT INTO user_notification (user_id, notification_id, created_at, seen_at, sent)"
           " SELECT 'u-' || ((hashtext (n.id::text || k) & 2047)), n.id, n.created_at,"
           " CASE WHEN k % 2 = 0 THEN now () END, k % 2 = 0"
           " FROM notification n, generate_series (1, 10) AS k ON CONFLICT DO NOTHING");
  /* And one heavy user with a row of every notification. */
  sql_run ("INSERT INTO user_notification (user_id, notification_id, created_at)"
           " SELECT 'u-heavy', n.id, n.created_at FROM notification n");
  sql_run ("INSERT INTO user_device_registration (user_id, device_token, device_endpoint, device_type, last_used_at)"
           " SELECT 'u-' || (i % 2000), 'tok-' || i, 'arn:' || i, 'ios', now () - i * interval '1 hour'"
           " FROM generate_series (1, 20000) AS i");
  sql_run ("INSERT INTO user_notification_item_unsubscribe (user_id, item_id, item_type)"
           " SELECT 'u-' || (i % 2000), 'doc-' || i, 'document' FROM generate_series (1, 20000) AS i");
  {
    g_autoptr(GError) error = NULL;
    MdbConn *conn = mdb_pool_acquire (fx.pool, &error);
    ck_assert (mdb_conn_exec_script (conn, "VACUUM ANALYZE", &error));
    mdb_pool_release (fx.pool, conn);
  }
  assert_plan ("SELECT n.id FROM user_notification un JOIN notification n ON n.id = un.notification_id"
               " WHERE un.user_id = 'u-heavy' AND un.deleted_at IS NULL"
               " AND (un.created_at, un.notification_id) < ('infinity', 'ffffffff-ffff-ffff-ffff-ffffffffffff')"
               " AND (NOT true OR un.seen_at IS NULL) AND (NOT false OR NOT un.done)"
               " ORDER BY un.created_at DESC, un.notification_id DESC LIMIT 51",
               "user_notification_user_id_created_at_notification_id_idx", "user_notification");
  assert_plan ("SELECT count(*) FROM user_notification WHERE user_id = 'u-7' AND seen_at IS NULL"
               " AND deleted_at IS NULL AND NOT done",
               "Index Only Scan using user_notification_unseen_idx", "user_notification");
  assert_plan ("UPDATE user_notification un SET done = true FROM notification n WHERE un.user_id = 'u-7'"
               " AND n.id = un.notification_id AND n.event_item_id = 'doc-3' AND n.event_item_type = 'document'",
               "notification_event_item_id_event_item_type_idx", "user_notification");
  /* By user: the primary key or the (user_id, created_at, id) index, whichever is cheaper. */
  assert_plan ("UPDATE user_notification SET done = true WHERE user_id = 'u-7' AND created_at < now ()",
               "Index", "user_notification");
  assert_plan ("SELECT (SELECT count(*) FROM (SELECT 1 FROM user_notification un JOIN notification n"
               " ON n.id = un.notification_id WHERE un.user_id = r.u AND n.event_item_id = 'doc-3'"
               " AND n.event_item_type = 'document' AND n.notification_event_type = 'document_mention' LIMIT 2) s)"
               " FROM UNNEST (ARRAY['u-1', 'u-2']) AS r (u)",
               "Index", "user_notification");
  assert_plan ("SELECT un.user_id FROM user_notification un WHERE NOT un.sent AND un.seen_at IS NULL"
               " AND un.deleted_at IS NULL AND NOT un.done AND un.created_at < now () - interval '1 day'"
               " ORDER BY un.created_at LIMIT 100 FOR UPDATE SKIP LOCKED",
               "user_notification_unsent_idx", "user_notification");
  assert_plan ("DELETE FROM notification WHERE id = ANY (ARRAY (SELECT id FROM notification"
               " WHERE created_at < now () - interval '10 days' ORDER BY created_at LIMIT 100))",
               "notification_created_at_idx", "notification");
  assert_plan ("SELECT id FROM user_device_registration WHERE user_id = 'u-7' ORDER BY created_at, id LIMIT 11",
               "user_device_registration_user_id_idx", "user_device_registration");
  assert_plan ("DELETE FROM user_device_registration WHERE last_used_at < now () - interval '800 days'"
               " OR (last_used_at IS NULL AND updated_at < now () - interval '800 days')",
               "user_device_registration_last_used_at_idx", "user_device_registration");
  assert_plan ("SELECT item_id FROM user_notification_item_unsubscribe WHERE user_id = 'u-7'"
               " AND item_id > '' COLLATE \"C\" ORDER BY item_id COLLATE \"C\" LIMIT 11",
               "user_notification_item_unsubscribe_pkey", "user_notification_item_unsubscribe");
}
END_TEST

/* ---------------------------------------------------------------- round trips */

/* LIBRARIES.md: every operation takes at most the round trips of
 * docs/libs/notification.md's table.  Each call runs twice on one
 * connection: a warm-up (whose first run of a statement also prepares it:
 * at most twice the trips), then the steady state, within @max. */
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
  static const NotificationDbRecipient rcpt[] = { { "rt-1", "a@x.com" }, { "rt-2", NULL } };
  static const char *const two[] = { "rt-1", "rt-2" };
  static const char *const chan = "0190a000-0000-7000-8000-00000000c001";
  g_autofree const char **many = g_new0 (const char *, NOTIFICATION_DB_MAX_RECIPIENTS + 1);
  g_autofree char *ids_text = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  NotificationDbEvent e = event_of ("document_mention", "doc-rt");
  GError *error = NULL;
  NotificationDbFanOut *out = NULL;
  MdbPage *page = NULL;
  GArray *bools = NULL;
  NotificationDbDigestItemList *digest = NULL;
  NotificationDbDevice *device = NULL;
  char *text = NULL;
  const char *one_id[1];
  char id[MDB_UUID_STRING_SIZE];
  MdbExecutor *ex;
  MdbConn *conn;
  gint64 n = -1;
  gboolean yes = FALSE;

  for (guint i = 0; i < NOTIFICATION_DB_MAX_RECIPIENTS; i++)
    {
      g_ptr_array_add (names, g_strdup_printf ("rt-%u", i));
      many[i] = names->pdata[i];
    }
  conn = mdb_pool_acquire (fx.pool, &error);
  ck_assert_msg (conn != NULL, "acquire: %s", error ? error->message : "");
  ex = MDB_EXECUTOR (conn);

  /* The bar: fan-out to 10 000 users in at most 2 round trips (it takes 1). */
  ASSERT_TRIPS (ex, 1, {
    g_clear_pointer (&out, notification_db_fan_out_free);
    out = notification_db_notify (ex, &e, many, NOTIFICATION_DB_MAX_RECIPIENTS, &error);
  });
  ck_assert_int_eq (out->n_stored, NOTIFICATION_DB_MAX_RECIPIENTS);
  one_id[0] = mdb_uuid_format (&out->id, id);
  ASSERT_TRIPS (ex, 1, {
    g_clear_pointer (&page, mdb_page_free);
    page = notification_db_list (ex, "rt-1", NULL, NULL, 50, &error);
  });
  ck_assert_uint_eq (page->items->len, 2);
  ASSERT_TRIPS (ex, 1, n = notification_db_unseen_count (ex, "rt-1", &error));
  ck_assert_int_eq (n, 2);
  ASSERT_TRIPS (ex, 1, n = notification_db_mark (ex, "rt-1", one_id, 1, NOTIFICATION_DB_MARK_SEEN, &error));
  ASSERT_TRIPS (ex, 1, n = notification_db_mark_item (ex, "rt-2", "doc-rt", "document", NOTIFICATION_DB_MARK_DONE, &error));
  ASSERT_TRIPS (ex, 1, n = notification_db_mark_before (ex, "rt-3", G_MAXINT64, NOTIFICATION_DB_MARK_DELETED, &error));
  ASSERT_TRIPS (ex, 1, {
    if (bools) g_array_unref (bools);
    bools = notification_db_should_email (ex, "document_mention", "doc-rt", "document", rcpt, 2, &error);
  });
  ASSERT_TRIPS (ex, 1, n = notification_db_email_sent_record (ex, two, 2, &error));
  ASSERT_TRIPS (ex, 1, {
    g_array_unref (bools);
    bools = notification_db_email_sent_lookup (ex, two, 2, &error);
  });
  ASSERT_TRIPS (ex, 1, n = notification_db_channel_emailed_set (ex, chan, two, 2, &error));
  ASSERT_TRIPS (ex, 1, {
    g_array_unref (bools);
    bools = notification_db_channel_emailed_lookup (ex, chan, two, 2, &error);
  });
  ASSERT_TRIPS (ex, 1, n = notification_db_channel_emailed_clear (ex, chan, two, 2, &error));
  ASSERT_TRIPS (ex, 1, {
    g_clear_pointer (&digest, notification_db_digest_item_list_free);
    digest = notification_db_digest_claim (ex, G_MAXINT64 - 1, 10, &error);
  });
  ASSERT_TRIPS (ex, 1, yes = notification_db_unsubscribe_email (ex, "a@x.com", &error));
  ASSERT_TRIPS (ex, 1, yes = notification_db_resubscribe_email (ex, "a@x.com", &error));
  ASSERT_TRIPS (ex, 1, {
    g_array_unref (bools);
    bools = notification_db_unsubscribed_emails (ex, two, 2, &error);
  });
  ASSERT_TRIPS (ex, 1, yes = notification_db_unsubscribe_item (ex, "rt-1", "doc-rt", "document", &error));
  ASSERT_TRIPS (ex, 1, yes = notification_db_resubscribe_item (ex, "rt-1", "doc-rt", &error));
  ASSERT_TRIPS (ex, 1, {
    g_clear_pointer (&page, mdb_page_free);
    page = notification_db_item_unsubscribes_list (ex, "rt-1", NULL, 10, &error);
  });
  ASSERT_TRIPS (ex, 1, yes = notification_db_mute (ex, "rt-1", &error));
  ASSERT_TRIPS (ex, 1, yes = notification_db_is_muted (ex, "rt-1", &error));
  ASSERT_TRIPS (ex, 1, yes = notification_db_unmute (ex, "rt-1", &error));
  ASSERT_TRIPS (ex, 1, {
    g_free (text);
    text = notification_db_unsubscribe_code (ex, "a@x.com", &error);
  });
  ASSERT_TRIPS (ex, 1, {
    g_autofree char *email = notification_db_unsubscribe_code_email (ex, text, &error);
    ck_assert_str_eq (email, "a@x.com");
  });
  ASSERT_TRIPS (ex, 1, {
    g_clear_pointer (&device, notification_db_device_free);
    device = notification_db_device_register (ex, "rt-1", "tok-rt", "arn:rt", NOTIFICATION_DB_DEVICE_TYPE_OPTION_IOS, &error);
  });
  ASSERT_TRIPS (ex, 1, yes = notification_db_device_touch (ex, "tok-rt", &error));
  ASSERT_TRIPS (ex, 1, {
    g_clear_pointer (&page, mdb_page_free);
    page = notification_db_devices_list (ex, "rt-1", NULL, 10, &error);
  });
  ASSERT_TRIPS (ex, 1, yes = notification_db_device_remove (ex, "rt-1", "tok-rt", &error));
  ASSERT_TRIPS (ex, 1, n = notification_db_devices_remove_user (ex, "rt-1", &error));
  ASSERT_TRIPS (ex, 1, n = notification_db_devices_remove_unused (ex, 0, &error));
  ASSERT_TRIPS (ex, 1, n = notification_db_purge_before (ex, 0, 100, &error));
  /* Empty input sends nothing; refused input neither. */
  ASSERT_TRIPS (ex, 0, n = notification_db_mark (ex, "rt-1", NULL, 0, NOTIFICATION_DB_MARK_SEEN, &error));
  mdb_test_assert_round_trips (ex, 0, n = notification_db_unseen_count (ex, "", &error));
  ck_assert_int_eq (n, -1);
  assert_invalid (error, "user_id");
  g_clear_error (&error);
  mdb_pool_release (fx.pool, conn);
  g_clear_pointer (&out, notification_db_fan_out_free);
  g_clear_pointer (&page, mdb_page_free);
  g_clear_pointer (&bools, g_array_unref);
  g_clear_pointer (&digest, notification_db_digest_item_list_free);
  g_clear_pointer (&device, notification_db_device_free);
  g_free (text);
  (void) yes;
}
END_TEST

static Suite *
notification_db_suite (void)
{
  Suite *s = suite_create ("notification-db");
  TCase *tc = tcase_create ("notifications");

  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_set_timeout (tc, 300);
  tcase_add_test (tc, test_notify_fans_out_in_input_order_once_each);
  tcase_add_test (tc, test_notify_stores_rows_in_user_id_order);
  tcase_add_test (tc, test_muted_and_item_unsubscribed_users_are_skipped);
  tcase_add_test (tc, test_notify_keeps_event_fields_and_an_explicit_id);
  tcase_add_test (tc, test_notify_refuses_bad_input_before_sending);
  tcase_add_test (tc, test_notify_with_an_existing_id_is_a_unique_violation_and_stores_nothing);
  tcase_add_test (tc, test_notify_without_recipients_creates_the_notification_only);
  tcase_add_test (tc, test_notify_joins_the_callers_transaction);
  tcase_add_test (tc, test_list_is_newest_first_and_pages_cover_everything_once);
  tcase_add_test (tc, test_list_filters_and_unseen_count);
  tcase_add_test (tc, test_list_refuses_bad_cursors_limits_and_filters);
  tcase_add_test (tc, test_marks_change_only_the_acting_users_rows);
  tcase_add_test (tc, test_marks_refuse_bad_input);
  tcase_add_test (tc, test_should_email_three_new_users_all_true_in_input_order);
  tcase_add_test (tc, test_should_email_repeat_is_false);
  tcase_add_test (tc, test_should_email_is_false_when_muted_unsubscribed_or_address_unsubscribed);
  tcase_add_test (tc, test_should_email_refuses_bad_input_and_answers_empty_for_none);
  tcase_add_test (tc, test_email_sent_record_and_lookup);
  tcase_add_test (tc, test_channel_emailed_set_clear_and_lookup);
  tcase_add_test (tc, test_digest_claims_old_unseen_unsent_rows_grouped_per_user);
  tcase_add_test (tc, test_two_digest_workers_never_take_the_same_row);
  tcase_add_test (tc, test_digest_claim_in_a_rolled_back_transaction_is_undone);
  tcase_add_test (tc, test_email_unsubscribes_in_input_order);
  tcase_add_test (tc, test_item_unsubscribes_list_pages_by_item);
  tcase_add_test (tc, test_mutes);
  tcase_add_test (tc, test_unsubscribe_code_is_created_once_and_looked_up);
  tcase_add_test (tc, test_devices_register_touch_list_and_remove);
  tcase_add_test (tc, test_purge_deletes_old_notifications_in_bounded_batches);
  tcase_add_test (tc, test_queries_use_their_indexes_on_a_seeded_database);
  tcase_add_test (tc, test_each_operation_takes_its_documented_round_trips);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return mdb_test_run (srunner_create (notification_db_suite ()), TRUE);
}
