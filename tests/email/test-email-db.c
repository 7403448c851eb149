/* SPDX-License-Identifier: MIT */
/* test-email-db.c: email_db_client against a fresh MacroDB per test. */
#include <string.h>
#include <check.h>
#include <mdb-testing/mdb-testing.h>
#include <mdb-test-support.h>
#include <email-db/email-db.h>

#define USER  "macro|me@me.com"
#define OTHER "macro|other@else.com"
#define DAY   G_GINT64_CONSTANT (1735689600000000)   /* 2025-01-01 00:00 UTC */
#define HOUR  G_GINT64_CONSTANT (3600000000)

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
  fx.pool = mdb_pool_new_simple (mdb_test_db_get_url (fx.db), 6, &error);
  ck_assert_msg (fx.pool != NULL, "pool: %s", error ? error->message : "");
}

static void
teardown (void)
{
  g_clear_pointer (&fx.pool, mdb_pool_free);
  g_clear_pointer (&fx.db, mdb_test_db_free);
}

#define EXEC MDB_EXECUTOR (fx.pool)

/* The one value of a one-column query, as text (g_free), or NULL. */
static char *
sql_text (const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *as_text = g_strdup_printf ("SELECT v::text FROM (%s) AS s (v)", sql);
  g_autoptr(MdbResult) res = mdb_exec (EXEC, as_text, NULL, &error);

  ck_assert_msg (res != NULL, "%s: %s", sql, error ? error->message : "");
  if (mdb_result_get_n_rows (res) == 0)
    return NULL;
  return mdb_result_dup_string (res, 0, 0, NULL);
}

static gint64
sql_int (const char *sql)
{
  g_autofree char *text = sql_text (sql);

  ck_assert_msg (text != NULL, "%s: no value", sql);
  return g_ascii_strtoll (text, NULL, 10);
}

static void
sql_run (const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdbResult) res = mdb_exec (EXEC, sql, NULL, &error);

  ck_assert_msg (res != NULL, "%s: %s", sql, error ? error->message : "");
}

static void
assert_code (const GError *error, int code, const char *fragment)
{
  ck_assert_msg (error != NULL && error->domain == MDB_ERROR && error->code == code,
                 "want code %d, got %s", code, error ? error->message : "no error");
  ck_assert_msg (strstr (error->message, fragment) != NULL, "message [%s] lacks [%s]", error->message, fragment);
}

static char *
uuid_text (const MdbUuid *id)
{
  char buf[MDB_UUID_STRING_SIZE];

  return g_strdup (mdb_uuid_format (id, buf));
}

static char *
connect_link (const char *user, const char *fa_user, const char *address)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EmailDbLink) link = email_db_link_connect (EXEC, user, fa_user, address,
                                                       EMAIL_DB_EMAIL_USER_PROVIDER_ENUM_GMAIL, &error);

  ck_assert_msg (link != NULL, "connect: %s", error ? error->message : "");
  return uuid_text (&link->id);
}

/* ---- a small mailbox ---------------------------------------------------- */

static const EmailDbLabelInput box_labels[] = {
  { "INBOX", "INBOX", EMAIL_DB_EMAIL_LABEL_TYPE_ENUM_SYSTEM },
  { "SENT", "SENT", EMAIL_DB_EMAIL_LABEL_TYPE_ENUM_SYSTEM },
  { "STARRED", "STARRED", EMAIL_DB_EMAIL_LABEL_TYPE_ENUM_SYSTEM },
  { "UNREAD", "UNREAD", EMAIL_DB_EMAIL_LABEL_TYPE_ENUM_SYSTEM },
  { "Label_1", "Projects", EMAIL_DB_EMAIL_LABEL_TYPE_ENUM_USER },
};
/* Initializers, not objects, where a struct is copied into a static
 * initializer: a const object is not a constant expression (clang). */
#define ME { "Me@Me.com", "Me" }
#define ALICE { "alice@x.com", "Alice" }
#define BOB { "bob@x.com", "Bob" }
#define CAROL { "carol@y.com", NULL }
static const EmailDbAddress me = ME;
static const EmailDbAddress alice = ALICE;
static const EmailDbAddress bob = BOB;
static const EmailDbAddress carol = CAROL;
static const char *const l_inbox_unread[] = { "INBOX", "UNREAD", NULL };
static const char *const l_sent[] = { "SENT", NULL };
static const char *const l_starred_user[] = { "INBOX", "STARRED", "Label_1", NULL };
static const char *const l_important[] = { "IMPORTANT", NULL };
static const EmailDbAttachmentInput att_report[] = { { "att-1", "report.pdf", "application/pdf", 1234, NULL } };
static const EmailDbAttachmentInput att_two[] = {
  { "att-2", "a.png", "image/png", -1, "cid-a" }, { "att-3", NULL, NULL, 10, NULL },
};

static const EmailDbMessageInput t1_messages[] = {
  { .provider_id = "m1-1", .global_id = "<m11@x.com>", .internal_date = DAY + 1 * HOUR, .subject = "Report",
    .snippet = "see attached", .body_text = "see attached", .size_estimate = 2000, .from = ALICE,
    .to = &me, .n_to = 1, .cc = &bob, .n_cc = 1, .label_ids = l_inbox_unread,
    .attachments = att_report, .n_attachments = 1 },
  { .provider_id = "m1-2", .internal_date = DAY + 2 * HOUR, .subject = "Re: Report", .snippet = "thanks",
    .size_estimate = -1, .from = ME, .to = &alice, .n_to = 1, .bcc = &carol, .n_bcc = 1, .label_ids = l_sent },
};
static const EmailDbMessageInput t2_messages[] = {
  { .provider_id = "m2-1", .internal_date = DAY + 3 * HOUR, .subject = "Plans", .snippet = "next week",
    .size_estimate = -1, .from = BOB, .to = &me, .n_to = 1, .label_ids = l_starred_user,
    .attachments = att_two, .n_attachments = 2 },
};
static const EmailDbMessageInput t3_messages[] = {
  { .provider_id = "m3-1", .internal_date = DAY + 4 * HOUR, .subject = "Hello", .snippet = "hi",
    .size_estimate = -1, .from = CAROL, .to = &me, .n_to = 1, .label_ids = l_important },
};
static const EmailDbThreadInput box_threads[] = {
  { "thr-1", t1_messages, G_N_ELEMENTS (t1_messages) },
  { "thr-2", t2_messages, G_N_ELEMENTS (t2_messages) },
  { "thr-3", t3_messages, G_N_ELEMENTS (t3_messages) },
};

static void
ingest_ok (const char *link, const EmailDbLabelInput *labels, gsize n_labels,
           const EmailDbThreadInput *threads, gsize n_threads)
{
  g_autoptr(GError) error = NULL;

  ck_assert_msg (email_db_ingest (EXEC, link, labels, n_labels, threads, n_threads, &error),
                 "ingest: %s", error ? error->message : "");
}

static void
ingest_box (const char *link)
{
  ingest_ok (link, box_labels, G_N_ELEMENTS (box_labels), box_threads, G_N_ELEMENTS (box_threads));
}

static char *
thread_id_of (const char *provider_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM email_threads WHERE provider_id = '%s'", provider_id);
  char *id = sql_text (sql);

  ck_assert_msg (id != NULL, "no thread %s", provider_id);
  return id;
}

static char *
message_id_of (const char *provider_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM email_messages WHERE provider_id = '%s'", provider_id);
  char *id = sql_text (sql);

  ck_assert_msg (id != NULL, "no message %s", provider_id);
  return id;
}

/* Every row of the email tables (and updated_at with them), as one digest. */
static char *
email_rows_digest (void)
{
  return sql_text ("SELECT md5 (string_agg (r, '|' ORDER BY r)) FROM ("
                   " SELECT 'l' || row_to_json (x)::text AS r FROM email_links x"
                   " UNION ALL SELECT 't' || row_to_json (x)::text FROM email_threads x"
                   " UNION ALL SELECT 'm' || row_to_json (x)::text FROM email_messages x"
                   " UNION ALL SELECT 'c' || row_to_json (x)::text FROM email_contacts x"
                   " UNION ALL SELECT 'r' || row_to_json (x)::text FROM email_message_recipients x"
                   " UNION ALL SELECT 'b' || row_to_json (x)::text FROM email_labels x"
                   " UNION ALL SELECT 'a' || row_to_json (x)::text FROM email_message_labels x"
                   " UNION ALL SELECT 'f' || row_to_json (x)::text FROM email_attachments x) AS s");
}

/* "a,b,c" of the inbox page's provider thread ids. */
static char *
inbox_ids (const MdbPage *page)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < page->items->len; i++)
    {
      const EmailDbInboxThread *t = page->items->pdata[i];
      g_string_append_printf (out, "%s%s", i ? "," : "", t->provider_id);
    }
  return g_string_free (out, FALSE);
}

static void
assert_view (const char *link, const char *view, const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdbPage) page = email_db_inbox_list (EXEC, USER, link, view, NULL, 50, &error);
  g_autofree char *got = NULL;

  ck_assert_msg (page != NULL, "inbox %s: %s", view ? view : "(all)", error ? error->message : "");
  got = inbox_ids (page);
  ck_assert_msg (strcmp (got, expected) == 0, "view %s: got [%s], want [%s]", view ? view : "(all)", got, expected);
  ck_assert_ptr_null (page->next_cursor);
}

/* ---- links -------------------------------------------------------------- */

START_TEST (test_link_connect_is_idempotent_and_reactivates)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = connect_link (USER, "fa-1", "me@me.com");
  g_autofree char *again = connect_link (USER, "fa-1", "me@me.com");
  g_autoptr(EmailDbLink) off = NULL;
  g_autoptr(EmailDbLink) on = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  ck_assert_str_eq (id, again);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_links"), 1);
  before = sql_text ("SELECT updated_at FROM email_links");
  g_free (connect_link (USER, "fa-1", "me@me.com"));
  after = sql_text ("SELECT updated_at FROM email_links");
  ck_assert_str_eq (before, after);   /* an unchanged reconnect writes nothing */

  off = email_db_link_set_sync (EXEC, id, FALSE, "h-100", "tok-1", &error);
  ck_assert_msg (off != NULL, "%s", error ? error->message : "");
  ck_assert (!off->is_sync_active);
  ck_assert_str_eq (off->history_id, "h-100");
  ck_assert (!off->synced_at_is_null);
  on = email_db_link_connect (EXEC, USER, "fa-1", "me@me.com", EMAIL_DB_EMAIL_USER_PROVIDER_ENUM_GMAIL, &error);
  ck_assert (on != NULL && on->is_sync_active);
  ck_assert_str_eq (on->history_id, "h-100");
  ck_assert_str_eq (on->sync_token, "tok-1");
}
END_TEST

START_TEST (test_link_set_sync_keeps_position_when_null_and_unknown_link_is_not_found)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = connect_link (USER, "fa-1", "me@me.com");
  g_autoptr(EmailDbLink) a = email_db_link_set_sync (EXEC, id, TRUE, "h-1", "tok-1", &error);
  g_autoptr(EmailDbLink) b = email_db_link_set_sync (EXEC, id, TRUE, NULL, "tok-2", &error);
  g_autoptr(EmailDbLink) c = NULL;

  ck_assert (a != NULL && b != NULL);
  ck_assert_str_eq (b->history_id, "h-1");
  ck_assert_str_eq (b->sync_token, "tok-2");
  c = email_db_link_set_sync (EXEC, "00000000-0000-0000-0000-000000000009", TRUE, NULL, NULL, &error);
  ck_assert_ptr_null (c);
  assert_code (error, MDB_ERROR_NOT_FOUND, "no link");
}
END_TEST

START_TEST (test_link_get_only_for_its_owner)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autofree char *id = connect_link (USER, "fa-1", "me@me.com");
  g_autoptr(EmailDbLink) mine = email_db_link_get (EXEC, USER, id, &error);
  g_autoptr(EmailDbLink) theirs = NULL;

  ck_assert_msg (mine != NULL, "%s", error ? error->message : "");
  ck_assert_str_eq (mine->email_address, "me@me.com");
  ck_assert_str_eq (mine->fusionauth_user_id, "fa-1");
  theirs = email_db_link_get (EXEC, OTHER, id, &error);
  ck_assert_ptr_null (theirs);
  assert_code (error, MDB_ERROR_NOT_FOUND, "no link");
  ck_assert_ptr_null (email_db_link_get (EXEC, USER, "not-a-uuid", &e2));
  assert_code (e2, MDB_ERROR_INVALID_INPUT, "link_id is not a uuid");
}
END_TEST

START_TEST (test_links_list_pages_by_address_and_find_by_address_ignores_case)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdbPage) p1 = NULL;
  g_autoptr(MdbPage) p2 = NULL;
  g_autoptr(EmailDbLinkList) found = NULL;

  g_free (connect_link (USER, "fa-1", "b@me.com"));
  g_free (connect_link (USER, "fa-1", "a@me.com"));
  g_free (connect_link (USER, "fa-1", "c@me.com"));
  g_free (connect_link (OTHER, "fa-2", "A@me.com"));
  p1 = email_db_links_list (EXEC, USER, NULL, 2, &error);
  ck_assert (p1 != NULL && p1->items->len == 2 && p1->next_cursor != NULL);
  ck_assert_str_eq (((EmailDbLink *) p1->items->pdata[0])->email_address, "a@me.com");
  ck_assert_str_eq (((EmailDbLink *) p1->items->pdata[1])->email_address, "b@me.com");
  p2 = email_db_links_list (EXEC, USER, p1->next_cursor, 2, &error);
  ck_assert (p2 != NULL && p2->items->len == 1 && p2->next_cursor == NULL);
  ck_assert_str_eq (((EmailDbLink *) p2->items->pdata[0])->email_address, "c@me.com");
  found = email_db_links_find_by_address (EXEC, "a@ME.com", EMAIL_DB_EMAIL_USER_PROVIDER_ENUM_GMAIL, &error);
  ck_assert (found != NULL);
  ck_assert_uint_eq (found->n_rows, 2);
}
END_TEST

START_TEST (test_link_delete_cascades_and_only_for_its_owner)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *mine = connect_link (USER, "fa-1", "me@me.com");
  g_autofree char *kept = connect_link (USER, "fa-1", "second@me.com");

  ingest_box (mine);
  ingest_box (kept);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_messages"), 8);
  ck_assert (!email_db_link_delete (EXEC, OTHER, mine, &error));
  ck_assert_ptr_null (error);
  ck_assert (email_db_link_delete (EXEC, USER, mine, &error));
  ck_assert (!email_db_link_delete (EXEC, USER, mine, &error));
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_links"), 1);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_messages"), 4);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_threads"), 3);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_contacts"), 4);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_labels"), 6);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_attachments"), 3);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_message_recipients"), 6);
}
END_TEST

START_TEST (test_link_inputs_are_checked_before_sending)
{
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autoptr(GError) e3 = NULL;
  g_autoptr(GError) e4 = NULL;
  guint64 acquires = mdb_pool_get_stat (fx.pool, MDB_POOL_STAT_ACQUIRES);

  ck_assert_ptr_null (email_db_link_connect (EXEC, "", "fa", "a@b.c", EMAIL_DB_EMAIL_USER_PROVIDER_ENUM_GMAIL, &e1));
  assert_code (e1, MDB_ERROR_INVALID_INPUT, "macro_id");
  ck_assert_ptr_null (email_db_link_connect (EXEC, USER, "fa", "a@b.c", (EmailDbEmailUserProviderEnum) 7, &e2));
  assert_code (e2, MDB_ERROR_INVALID_INPUT, "provider 7");
  ck_assert_ptr_null (email_db_links_list (EXEC, USER, NULL, 0, &e3));
  assert_code (e3, MDB_ERROR_INVALID_INPUT, "limit");
  ck_assert_ptr_null (email_db_links_list (EXEC, USER, "garbage", 10, &e4));
  assert_code (e4, MDB_ERROR_INVALID_INPUT, "cursor");
  ck_assert_uint_eq (mdb_pool_get_stat (fx.pool, MDB_POOL_STAT_ACQUIRES), acquires);
}
END_TEST

/* ---- ingest ------------------------------------------------------------- */

START_TEST (test_ingest_stores_the_batch_and_derives_thread_fields)
{
  g_autofree char *link = connect_link (USER, "fa-1", "me@me.com");

  ingest_box (link);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_threads"), 3);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_messages"), 4);
  /* me (lower-cased), alice, bob, carol */
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_contacts"), 4);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_contacts WHERE email_address = 'me@me.com' AND name = 'Me'"), 1);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_contacts WHERE email_address = 'carol@y.com' AND name IS NULL"), 1);
  /* 5 defined + IMPORTANT, used only by a message */
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_labels"), 6);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_labels WHERE provider_label_id = 'IMPORTANT' AND type = 'System'"), 1);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_labels WHERE provider_label_id = 'Label_1' AND name = 'Projects' AND type = 'User'"), 1);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_message_labels"), 7);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_message_recipients"), 6);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_attachments"), 3);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_attachments WHERE provider_attachment_id = 'att-3'"
                             " AND filename IS NULL AND size_bytes = 10"), 1);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_attachments WHERE size_bytes IS NULL"), 1);
  /* flags from labels */
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_messages WHERE NOT is_read"), 1);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_messages WHERE is_sent AND sent_at IS NOT NULL"), 1);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_messages WHERE is_starred"), 1);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_messages WHERE has_attachments"), 2);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_messages m JOIN email_contacts c ON c.id = m.from_contact_id"
                             " WHERE m.provider_id = 'm1-1' AND c.email_address = 'alice@x.com'"), 1);
  /* derived thread fields */
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_threads WHERE provider_id = 'thr-1' AND inbox_visible"
                             " AND NOT is_read"
                             " AND latest_inbound_message_ts = '2025-01-01 01:00:00+00'"
                             " AND latest_outbound_message_ts = '2025-01-01 02:00:00+00'"
                             " AND latest_non_spam_message_ts = '2025-01-01 02:00:00+00'"), 1);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_threads WHERE provider_id = 'thr-3' AND NOT inbox_visible"
                             " AND is_read AND latest_outbound_message_ts IS NULL"), 1);
}
END_TEST

START_TEST (test_ingest_twice_gives_identical_rows)
{
  g_autofree char *link = connect_link (USER, "fa-1", "me@me.com");
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  ingest_box (link);
  first = email_rows_digest ();
  ingest_box (link);
  second = email_rows_digest ();
  ck_assert_str_eq (first, second);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_messages"), 4);
}
END_TEST

START_TEST (test_reingest_replaces_labels_and_recipients_and_updates_changed_fields)
{
  static const char *const l_read[] = { "INBOX", NULL };
  EmailDbMessageInput changed[2];
  EmailDbThreadInput thread = { "thr-1", changed, 2 };
  g_autofree char *link = connect_link (USER, "fa-1", "me@me.com");

  ingest_box (link);
  memcpy (changed, t1_messages, sizeof changed);
  changed[0].label_ids = l_read;           /* read now */
  changed[0].n_cc = 0;                     /* bob no longer in cc */
  changed[0].subject = "Report v2";
  ingest_ok (link, NULL, 0, &thread, 1);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_messages WHERE provider_id = 'm1-1' AND is_read"
                             " AND subject = 'Report v2'"), 1);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_message_labels ml JOIN email_messages m ON m.id = ml.message_id"
                             " WHERE m.provider_id = 'm1-1'"), 1);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_message_recipients r JOIN email_messages m ON m.id = r.message_id"
                             " WHERE m.provider_id = 'm1-1'"), 1);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_threads WHERE provider_id = 'thr-1' AND is_read"), 1);
}
END_TEST

/* The recipients and labels of a message stored before and of a new one, in
 * one batch: the stored one's sets are replaced, the new one's inserted
 * (ingest takes the two paths separately). */
static char *
sets_of (const char *provider_id)
{
  g_autofree char *sql = g_strdup_printf (
    "SELECT concat_ws (' | ',"
    " (SELECT string_agg (r.recipient_type || ':' || c.email_address, ',' ORDER BY r.recipient_type || ':' || c.email_address)"
    "  FROM email_message_recipients r JOIN email_contacts c ON c.id = r.contact_id WHERE r.message_id = m.id),"
    " (SELECT string_agg (l.provider_label_id, ',' ORDER BY l.provider_label_id)"
    "  FROM email_message_labels ml JOIN email_labels l ON l.id = ml.label_id WHERE ml.message_id = m.id))"
    " FROM email_messages m WHERE m.provider_id = '%s'", provider_id);
  g_autoptr(GError) error = NULL;
  g_autoptr(MdbResult) res = mdb_exec (EXEC, sql, NULL, &error);

  ck_assert_msg (res != NULL, "%s", error ? error->message : "");
  return mdb_result_dup_string (res, 0, 0, &error);
}

START_TEST (test_batch_of_stored_and_new_messages_gets_exact_recipients_and_labels)
{
  static const char *const l_inbox_starred[] = { "INBOX", "STARRED", NULL };
  static const EmailDbAddress to_two[] = { { "alice@x.com", "Alice" }, { "Dan@Z.com", "Dan" } };
  EmailDbMessageInput messages[3];
  EmailDbThreadInput thread = { "thr-1", messages, 3 };
  g_autofree char *link = connect_link (USER, "fa-1", "me@me.com");
  g_autofree char *stored = NULL, *fresh = NULL, *kept = NULL;

  ingest_box (link);
  memcpy (messages, t1_messages, 2 * sizeof messages[0]);
  messages[0].label_ids = l_inbox_starred;  /* UNREAD gone, STARRED new */
  messages[0].to = to_two;                  /* me gone, alice and dan new */
  messages[0].n_to = 2;
  messages[2] = t1_messages[0];
  messages[2].provider_id = "m1-3";         /* new, same recipients as m1-1 had */
  messages[2].attachments = NULL;
  messages[2].n_attachments = 0;
  ingest_ok (link, NULL, 0, &thread, 1);
  stored = sets_of ("m1-1");
  fresh = sets_of ("m1-3");
  kept = sets_of ("m1-2");
  ck_assert_str_eq (stored, "CC:bob@x.com,TO:alice@x.com,TO:dan@z.com | INBOX,STARRED");
  ck_assert_str_eq (fresh, "CC:bob@x.com,TO:me@me.com | INBOX,UNREAD");
  ck_assert_str_eq (kept, "BCC:carol@y.com,TO:alice@x.com | SENT");
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_messages WHERE provider_id IN ('m1-1', 'm1-2', 'm1-3')"), 3);
}
END_TEST

START_TEST (test_message_ingested_before_older_ones_still_gives_right_thread_timestamps)
{
  static const char *const inbox[] = { "INBOX", NULL };
  static const EmailDbMessageInput newest[] = {
    { .provider_id = "n-3", .internal_date = DAY + 30 * HOUR, .size_estimate = -1, .from = { "x@x.com", NULL },
      .label_ids = inbox },
  };
  static const EmailDbMessageInput older[] = {
    { .provider_id = "n-1", .internal_date = DAY + 10 * HOUR, .size_estimate = -1, .from = { "x@x.com", NULL },
      .label_ids = inbox },
    { .provider_id = "n-2", .internal_date = DAY + 20 * HOUR, .size_estimate = -1, .from = { "me@me.com", NULL },
      .label_ids = l_sent },
  };
  const EmailDbThreadInput first = { "thr-n", newest, 1 };
  const EmailDbThreadInput second = { "thr-n", older, 2 };
  g_autofree char *link = connect_link (USER, "fa-1", "me@me.com");

  ingest_ok (link, NULL, 0, &first, 1);
  ingest_ok (link, NULL, 0, &second, 1);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_threads WHERE provider_id = 'thr-n'"
                             " AND latest_inbound_message_ts = '2025-01-02 06:00:00+00'"
                             " AND latest_outbound_message_ts = '2025-01-01 20:00:00+00'"
                             " AND latest_non_spam_message_ts = '2025-01-02 06:00:00+00'"
                             " AND inbox_visible AND is_read"), 1);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_messages WHERE provider_id LIKE 'n-%'"), 3);
}
END_TEST

START_TEST (test_ingest_rejects_bad_input_naming_the_item_and_sends_nothing)
{
  static const EmailDbAddress empty_to = { "", NULL };
  EmailDbMessageInput bad = t1_messages[0];
  EmailDbThreadInput threads[2] = { box_threads[0], { "thr-bad", &bad, 1 } };
  EmailDbMessageInput twice[2] = { t1_messages[0], t1_messages[0] };
  EmailDbThreadInput dup = { "thr-dup", twice, 2 };
  g_autofree char *link = connect_link (USER, "fa-1", "me@me.com");
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autoptr(GError) e3 = NULL;
  g_autoptr(GError) e4 = NULL;
  guint64 acquires = mdb_pool_get_stat (fx.pool, MDB_POOL_STAT_ACQUIRES);

  bad.provider_id = "m-bad";
  bad.to = &empty_to;
  ck_assert (!email_db_ingest (EXEC, link, NULL, 0, threads, 2, &e1));
  assert_code (e1, MDB_ERROR_INVALID_INPUT, "threads[1].messages[0].to[0]: address");
  ck_assert (!email_db_ingest (EXEC, link, NULL, 0, &dup, 1, &e2));
  assert_code (e2, MDB_ERROR_INVALID_INPUT, "m1-1 appears twice");
  ck_assert (!email_db_ingest (EXEC, "nope", NULL, 0, box_threads, 1, &e3));
  assert_code (e3, MDB_ERROR_INVALID_INPUT, "link_id is not a uuid");
  ck_assert_uint_eq (mdb_pool_get_stat (fx.pool, MDB_POOL_STAT_ACQUIRES), acquires);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_messages"), 0);
  /* An unknown link: the foreign key, and nothing of the batch stays. */
  ck_assert (!email_db_ingest (EXEC, "00000000-0000-0000-0000-000000000009", box_labels, 1, box_threads, 1, &e4));
  assert_code (e4, MDB_ERROR_FOREIGN_KEY_VIOLATION, "email_");
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_labels"), 0);
}
END_TEST

START_TEST (test_ingest_joins_the_callers_transaction)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *link = connect_link (USER, "fa-1", "me@me.com");
  MdbConn *conn = mdb_pool_acquire (fx.pool, &error);
  guint64 trips;

  ck_assert (conn != NULL);
  ck_assert (mdb_conn_begin (conn, MDB_ISOLATION_DEFAULT, &error));
  ck_assert_msg (email_db_ingest (MDB_EXECUTOR (conn), link, box_labels, G_N_ELEMENTS (box_labels), box_threads, 3,
                                  &error), "%s", error ? error->message : "");
  /* SAVEPOINT, the eight statements, RELEASE: the commit is the caller's. */
  trips = mdb_conn_get_statements (conn);
  ck_assert (email_db_ingest (MDB_EXECUTOR (conn), link, box_labels, G_N_ELEMENTS (box_labels), box_threads, 3,
                              &error));
  ck_assert_uint_eq (mdb_conn_get_statements (conn) - trips, EMAIL_DB_INGEST_STATEMENTS + 2);
  ck_assert (mdb_conn_rollback (conn, &error));
  mdb_pool_release (fx.pool, conn);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_messages"), 0);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_labels"), 0);
}
END_TEST

/* A batch of @n threads of two messages each, named by @tag. */
typedef struct {
  GPtrArray *strings;
  GArray    *messages;
  GArray    *threads;
} BigBatch;

static void
big_batch_init (BigBatch *b, const char *tag, guint n, guint first)
{
  static const char *const labels[] = { "INBOX", "UNREAD", NULL };
  static const EmailDbAddress to = { "me@me.com", "Me" };

  b->strings = g_ptr_array_new_with_free_func (g_free);
  b->messages = g_array_sized_new (FALSE, TRUE, sizeof (EmailDbMessageInput), 2 * n);
  b->threads = g_array_sized_new (FALSE, TRUE, sizeof (EmailDbThreadInput), n);
  for (guint i = 0; i < n; i++)
    for (guint k = 0; k < 2; k++)
      {
        EmailDbMessageInput m = { 0 };
        char *id = g_strdup_printf ("%s-m-%u-%u", tag, first + i, k);
        char *from = g_strdup_printf ("sender%u@x.com", (first + i) % 37);
        g_ptr_array_add (b->strings, id);
        g_ptr_array_add (b->strings, from);
        m.provider_id = id;
        m.internal_date = DAY + (gint64) (first + i) * HOUR + k;
        m.subject = "bulk";
        m.size_estimate = -1;
        m.from.address = from;
        m.to = &to;
        m.n_to = 1;
        m.label_ids = labels;
        g_array_append_val (b->messages, m);
      }
  for (guint i = 0; i < n; i++)
    {
      EmailDbThreadInput t = { 0 };
      char *id = g_strdup_printf ("%s-t-%u", tag, first + i);
      g_ptr_array_add (b->strings, id);
      t.provider_id = id;
      t.messages = &g_array_index (b->messages, EmailDbMessageInput, 2 * i);
      t.n_messages = 2;
      g_array_append_val (b->threads, t);
    }
}

static void
big_batch_clear (BigBatch *b)
{
  g_ptr_array_unref (b->strings);
  g_array_unref (b->messages);
  g_array_unref (b->threads);
}

START_TEST (test_ingest_statement_count_does_not_grow_with_the_batch)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *link = connect_link (USER, "fa-1", "me@me.com");
  BigBatch one, hundred;
  MdbConn *conn = mdb_pool_acquire (fx.pool, &error);
  guint64 before, small, big;

  ck_assert (conn != NULL);
  big_batch_init (&one, "s", 1, 0);
  big_batch_init (&hundred, "b", 100, 0);
  before = mdb_conn_get_statements (conn);
  ck_assert_msg (email_db_ingest (MDB_EXECUTOR (conn), link, NULL, 0,
                                  (EmailDbThreadInput *) one.threads->data, one.threads->len, &error),
                 "%s", error ? error->message : "");
  small = mdb_conn_get_statements (conn) - before;
  before = mdb_conn_get_statements (conn);
  ck_assert_msg (email_db_ingest (MDB_EXECUTOR (conn), link, NULL, 0,
                                  (EmailDbThreadInput *) hundred.threads->data, hundred.threads->len, &error),
                 "%s", error ? error->message : "");
  big = mdb_conn_get_statements (conn) - before;
  mdb_pool_release (fx.pool, conn);
  /* BEGIN, the eight statements, COMMIT */
  ck_assert_uint_eq (small, EMAIL_DB_INGEST_STATEMENTS + 2);
  ck_assert_uint_eq (big, EMAIL_DB_INGEST_STATEMENTS + 2);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_messages"), 202);
  big_batch_clear (&one);
  big_batch_clear (&hundred);
}
END_TEST

/* Four ingesters on overlapping threads, contacts and labels. */
typedef struct {
  guint   worker;
  GError *error;
} Ingester;

static gpointer
ingester_run (gpointer data)
{
  Ingester *in = data;
  g_autofree char *link = sql_text ("SELECT id FROM email_links");

  for (guint round = 0; round < 5 && in->error == NULL; round++)
    {
      BigBatch shared, own;
      g_autofree char *tag = g_strdup_printf ("w%u", in->worker);
      /* Every worker ingests the same 20 shared threads (and their
       * messages), starting at a different place, plus 10 threads of its own. */
      big_batch_init (&shared, "shared", 20, 0);
      big_batch_init (&own, tag, 10, round * 10);
      if (in->worker % 2 == 1)
        {
          /* reversed order: the library must sort, not the caller */
          for (guint i = 0; i < shared.threads->len / 2; i++)
            {
              EmailDbThreadInput t = g_array_index (shared.threads, EmailDbThreadInput, i);
              g_array_index (shared.threads, EmailDbThreadInput, i) =
                g_array_index (shared.threads, EmailDbThreadInput, shared.threads->len - 1 - i);
              g_array_index (shared.threads, EmailDbThreadInput, shared.threads->len - 1 - i) = t;
            }
        }
      email_db_ingest (EXEC, link, box_labels, G_N_ELEMENTS (box_labels),
                       (EmailDbThreadInput *) shared.threads->data, shared.threads->len, &in->error);
      if (in->error == NULL)
        email_db_ingest (EXEC, link, box_labels, G_N_ELEMENTS (box_labels),
                         (EmailDbThreadInput *) own.threads->data, own.threads->len, &in->error);
      big_batch_clear (&shared);
      big_batch_clear (&own);
    }
  return NULL;
}

START_TEST (test_four_concurrent_ingesters_lose_and_double_nothing)
{
  g_autofree char *link = connect_link (USER, "fa-1", "me@me.com");
  Ingester in[4] = { { 0, NULL }, { 1, NULL }, { 2, NULL }, { 3, NULL } };
  GThread *threads[4];

  for (guint i = 0; i < 4; i++)
    threads[i] = g_thread_new ("ingester", ingester_run, &in[i]);
  for (guint i = 0; i < 4; i++)
    g_thread_join (threads[i]);
  for (guint i = 0; i < 4; i++)
    ck_assert_msg (in[i].error == NULL, "ingester %u: %s", i, in[i].error ? in[i].error->message : "");
  /* 20 shared threads + 4 workers x 5 rounds x 10 own threads, 2 messages each */
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_threads"), 20 + 4 * 50);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_messages"), 2 * (20 + 4 * 50));
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_labels"), G_N_ELEMENTS (box_labels));
  /* me + sender0..36 */
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_contacts"), 1 + 37);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_message_labels"), 2 * 2 * (20 + 4 * 50));
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_message_recipients"), 2 * (20 + 4 * 50));
  /* every thread's derived fields match its messages */
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_threads t WHERE NOT t.inbox_visible OR t.is_read"
                             " OR t.latest_inbound_message_ts IS DISTINCT FROM"
                             "   (SELECT max (internal_date_ts) FROM email_messages m WHERE m.thread_id = t.id)"), 0);
  for (guint i = 0; i < 4; i++)
    g_clear_error (&in[i].error);
}
END_TEST

/* ---- inbox views and the thread page ------------------------------------ */

START_TEST (test_inbox_views_list_the_right_threads_newest_first)
{
  g_autofree char *link = connect_link (USER, "fa-1", "me@me.com");

  ingest_box (link);
  assert_view (link, NULL, "thr-3,thr-2,thr-1");
  assert_view (link, "INBOX", "thr-2,thr-1");
  assert_view (link, "SENT", "thr-1");
  assert_view (link, "STARRED", "thr-2");
  assert_view (link, "Label_1", "thr-2");
  assert_view (link, "IMPORTANT", "thr-3");
  assert_view (link, "NO_SUCH_LABEL", "");
}
END_TEST

START_TEST (test_inbox_row_carries_the_latest_preview_labels_and_flags)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *link = connect_link (USER, "fa-1", "me@me.com");
  g_autoptr(MdbPage) page = NULL;
  const EmailDbInboxThread *t1, *t2;

  ingest_box (link);
  page = email_db_inbox_list (EXEC, USER, link, "INBOX", NULL, 10, &error);
  ck_assert (page != NULL && page->items->len == 2);
  t2 = page->items->pdata[0];
  t1 = page->items->pdata[1];
  ck_assert_str_eq (t1->subject, "Re: Report");
  ck_assert_str_eq (t1->snippet, "thanks");
  ck_assert_str_eq (t1->sender_address, "me@me.com");
  ck_assert_str_eq (t1->sender_name, "Me");
  ck_assert_int_eq (t1->latest_ts, DAY + 2 * HOUR);
  ck_assert (!t1->is_read);
  ck_assert (t1->has_attachments);
  ck_assert (g_strv_length ((char **) t1->label_ids) == 3);
  ck_assert_str_eq (t1->label_ids[0], "INBOX");
  ck_assert_str_eq (t1->label_ids[1], "SENT");
  ck_assert_str_eq (t1->label_ids[2], "UNREAD");
  ck_assert_str_eq (t2->sender_name, "Bob");
  ck_assert (t2->is_read);
  ck_assert (t2->has_attachments);
}
END_TEST

START_TEST (test_inbox_pages_cover_every_thread_once_and_other_users_see_nothing)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *link = connect_link (USER, "fa-1", "me@me.com");
  g_autofree char *cursor = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(MdbPage) theirs = NULL;
  BigBatch b;
  gint64 last_ts = G_MAXINT64;
  guint pages = 0;

  big_batch_init (&b, "p", 45, 0);
  ingest_ok (link, NULL, 0, (EmailDbThreadInput *) b.threads->data, b.threads->len);
  do
    {
      g_autoptr(MdbPage) page = email_db_inbox_list (EXEC, USER, link, "INBOX", cursor, 10, &error);
      ck_assert_msg (page != NULL, "%s", error ? error->message : "");
      for (guint i = 0; i < page->items->len; i++)
        {
          const EmailDbInboxThread *t = page->items->pdata[i];
          ck_assert (t->latest_ts <= last_ts);
          last_ts = t->latest_ts;
          ck_assert (g_hash_table_add (seen, g_strdup (t->provider_id)));
        }
      g_free (cursor);
      cursor = g_strdup (page->next_cursor);
      pages++;
    }
  while (cursor != NULL);
  ck_assert_uint_eq (g_hash_table_size (seen), 45);
  ck_assert_uint_eq (pages, 5);
  theirs = email_db_inbox_list (EXEC, OTHER, link, "INBOX", NULL, 10, &error);
  ck_assert (theirs != NULL && theirs->items->len == 0);
  big_batch_clear (&b);
}
END_TEST

START_TEST (test_thread_page_has_messages_with_recipients_labels_and_attachments)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *link = connect_link (USER, "fa-1", "me@me.com");
  g_autofree char *t1 = NULL;
  g_autoptr(EmailDbThread) thread = NULL;
  g_autoptr(MdbPage) messages = NULL;
  const EmailDbMessage *m1, *m2;

  ingest_box (link);
  t1 = thread_id_of ("thr-1");
  thread = email_db_thread_read (EXEC, USER, t1, NULL, 50, &messages, &error);
  ck_assert_msg (thread != NULL, "%s", error ? error->message : "");
  ck_assert_str_eq (thread->provider_id, "thr-1");
  ck_assert (thread->inbox_visible && !thread->is_read);
  ck_assert_uint_eq (messages->items->len, 2);
  m1 = messages->items->pdata[0];
  m2 = messages->items->pdata[1];
  ck_assert_str_eq (m1->provider_id, "m1-1");
  ck_assert_str_eq (m1->global_id, "<m11@x.com>");
  ck_assert_str_eq (m1->from_address, "alice@x.com");
  ck_assert_str_eq (m1->from_name, "Alice");
  ck_assert_uint_eq (m1->n_recipients, 2);
  ck_assert_int_eq (m1->recipients[0].recipient_type, EMAIL_DB_EMAIL_RECIPIENT_TYPE_TO);
  ck_assert_str_eq (m1->recipients[0].email_address, "me@me.com");
  ck_assert_str_eq (m1->recipients[0].name, "Me");
  ck_assert_int_eq (m1->recipients[1].recipient_type, EMAIL_DB_EMAIL_RECIPIENT_TYPE_CC);
  ck_assert_str_eq (m1->recipients[1].email_address, "bob@x.com");
  ck_assert_uint_eq (m1->n_attachments, 1);
  ck_assert_str_eq (m1->attachments[0].filename, "report.pdf");
  ck_assert_int_eq (m1->attachments[0].size_bytes, 1234);
  ck_assert_str_eq (m1->label_ids[0], "INBOX");
  ck_assert_str_eq (m1->label_ids[1], "UNREAD");
  ck_assert (!m1->is_read);
  ck_assert_str_eq (m2->provider_id, "m1-2");
  ck_assert (m2->is_sent);
  ck_assert_uint_eq (m2->n_recipients, 2);
  ck_assert_int_eq (m2->recipients[1].recipient_type, EMAIL_DB_EMAIL_RECIPIENT_TYPE_BCC);
  ck_assert_ptr_null (m2->recipients[1].name);
  ck_assert_uint_eq (m2->n_attachments, 0);
  ck_assert_ptr_null (m2->body_text);
}
END_TEST

START_TEST (test_thread_page_of_another_user_is_not_found)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *link = connect_link (USER, "fa-1", "me@me.com");
  g_autofree char *t1 = NULL;
  MdbPage *messages = (MdbPage *) 0x1;

  ingest_box (link);
  t1 = thread_id_of ("thr-1");
  ck_assert_ptr_null (email_db_thread_read (EXEC, OTHER, t1, NULL, 50, &messages, &error));
  ck_assert_ptr_null (messages);
  assert_code (error, MDB_ERROR_NOT_FOUND, "no thread");
}
END_TEST

START_TEST (test_thread_messages_page_through_a_long_thread)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *link = connect_link (USER, "fa-1", "me@me.com");
  g_autofree char *tid = NULL;
  g_autofree char *cursor = NULL;
  EmailDbMessageInput msgs[7];
  char ids[7][8];
  EmailDbThreadInput thread = { "long", msgs, 7 };
  guint total = 0;

  for (guint i = 0; i < 7; i++)
    {
      g_snprintf (ids[i], sizeof ids[i], "l-%u", i);
      msgs[i] = (EmailDbMessageInput) { .provider_id = ids[i], .internal_date = DAY + (6 - i) * HOUR,
                                        .size_estimate = -1, .from = alice };
    }
  ingest_ok (link, NULL, 0, &thread, 1);
  tid = thread_id_of ("long");
  do
    {
      g_autoptr(MdbPage) page = NULL;
      g_autoptr(EmailDbThread) t = email_db_thread_read (EXEC, USER, tid, cursor, 3, &page, &error);
      ck_assert_msg (t != NULL, "%s", error ? error->message : "");
      for (guint i = 0; i < page->items->len; i++, total++)
        {
          const EmailDbMessage *m = page->items->pdata[i];
          char want[8];
          g_snprintf (want, sizeof want, "l-%u", 6 - total);   /* oldest first */
          ck_assert_str_eq (m->provider_id, want);
        }
      g_free (cursor);
      cursor = g_strdup (page->next_cursor);
    }
  while (cursor != NULL);
  ck_assert_uint_eq (total, 7);
}
END_TEST

/* ---- message state ------------------------------------------------------ */

START_TEST (test_mark_read_updates_messages_and_their_thread)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *link = connect_link (USER, "fa-1", "me@me.com");
  g_autofree char *m11 = NULL;
  g_autofree char *t1 = NULL;

  ingest_box (link);
  m11 = message_id_of ("m1-1");
  {
    const char *ids[] = { m11, NULL };
    ck_assert_int_eq (email_db_messages_mark_read (EXEC, USER, ids, NULL, TRUE, &error), 1);
    ck_assert_int_eq (email_db_messages_mark_read (EXEC, USER, ids, NULL, TRUE, &error), 0);
  }
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_threads WHERE provider_id = 'thr-1' AND is_read"), 1);
  t1 = thread_id_of ("thr-1");
  {
    const char *threads[] = { t1, NULL };
    ck_assert_int_eq (email_db_messages_mark_read (EXEC, USER, NULL, threads, FALSE, &error), 2);
  }
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_threads WHERE provider_id = 'thr-1' AND NOT is_read"), 1);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_messages WHERE NOT is_read"), 2);
}
END_TEST

START_TEST (test_a_user_cannot_change_messages_of_another_users_link)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *link = connect_link (USER, "fa-1", "me@me.com");
  g_autofree char *m11 = NULL;
  g_autofree char *t1 = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  ingest_box (link);
  m11 = message_id_of ("m1-1");
  t1 = thread_id_of ("thr-1");
  before = email_rows_digest ();
  {
    const char *ids[] = { m11, NULL };
    const char *threads[] = { t1, NULL };
    ck_assert_int_eq (email_db_messages_mark_read (EXEC, OTHER, ids, threads, TRUE, &error), 0);
    ck_assert_int_eq (email_db_messages_star (EXEC, OTHER, ids, threads, TRUE, &error), 0);
    ck_assert_int_eq (email_db_messages_archive (EXEC, OTHER, ids, threads, &error), 0);
    ck_assert_int_eq (email_db_messages_label (EXEC, OTHER, ids, threads, "Label_1", TRUE, &error), 0);
  }
  ck_assert_ptr_null (error);
  after = email_rows_digest ();
  ck_assert_str_eq (before, after);
}
END_TEST

START_TEST (test_star_archive_and_labels_move_threads_between_views)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *link = connect_link (USER, "fa-1", "me@me.com");
  g_autofree char *m31 = NULL;
  g_autofree char *t1 = NULL;
  g_autofree char *t2 = NULL;

  ingest_box (link);
  m31 = message_id_of ("m3-1");
  t1 = thread_id_of ("thr-1");
  t2 = thread_id_of ("thr-2");
  {
    const char *ids[] = { m31, NULL };
    const char *threads[] = { t1, t2, NULL };
    ck_assert_int_eq (email_db_messages_star (EXEC, USER, ids, NULL, TRUE, &error), 1);
    assert_view (link, "STARRED", "thr-3,thr-2");
    ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_message_labels ml JOIN email_labels l ON l.id = ml.label_id"
                               " WHERE l.provider_label_id = 'STARRED'"), 2);
    ck_assert_int_eq (email_db_messages_archive (EXEC, USER, NULL, threads, &error), 2);
    assert_view (link, "INBOX", "");
    ck_assert_int_eq (email_db_messages_label (EXEC, USER, ids, NULL, "INBOX", TRUE, &error), 1);
    assert_view (link, "INBOX", "thr-3");
    ck_assert_int_eq (email_db_messages_label (EXEC, USER, ids, NULL, "Label_1", TRUE, &error), 1);
    assert_view (link, "Label_1", "thr-3,thr-2");
    ck_assert_int_eq (email_db_messages_star (EXEC, USER, NULL, threads, FALSE, &error), 1);
    assert_view (link, "STARRED", "thr-3");
  }
  ck_assert_ptr_null (error);
}
END_TEST

START_TEST (test_message_ids_are_checked_naming_the_index)
{
  g_autoptr(GError) error = NULL;
  const char *ids[] = { "00000000-0000-0000-0000-000000000001", "bad", NULL };

  ck_assert_int_eq (email_db_messages_mark_read (EXEC, USER, ids, NULL, TRUE, &error), -1);
  assert_code (error, MDB_ERROR_INVALID_INPUT, "message_ids[1]");
}
END_TEST

/* ---- labels ------------------------------------------------------------- */

START_TEST (test_labels_list_unread_counts_and_user_labels_lifecycle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) e_sys = NULL;
  g_autoptr(GError) e_other = NULL;
  g_autoptr(GError) e_dup = NULL;
  g_autoptr(GError) e_link = NULL;
  g_autofree char *link = connect_link (USER, "fa-1", "me@me.com");
  g_autoptr(EmailDbLabelList) labels = NULL;
  g_autofree char *inbox_id = NULL;
  g_autofree char *new_id = NULL;
  MdbUuid id;

  ingest_box (link);
  labels = email_db_labels_list (EXEC, USER, link, &error);
  ck_assert (labels != NULL && labels->n_rows == 6);
  for (guint i = 0; i < labels->n_rows; i++)
    {
      const EmailDbLabel *l = &labels->rows[i];
      gint64 want = strcmp (l->provider_label_id, "INBOX") == 0 || strcmp (l->provider_label_id, "UNREAD") == 0;
      ck_assert_msg (l->unread == want, "%s: %" G_GINT64_FORMAT " unread", l->provider_label_id, l->unread);
    }
  ck_assert_str_eq (labels->rows[0].name, "IMPORTANT");   /* by name */
  ck_assert_str_eq (labels->rows[2].name, "Projects");

  ck_assert (email_db_label_create (EXEC, USER, link, "Label_2", "Travel", &id, &error));
  new_id = uuid_text (&id);
  ck_assert (email_db_label_rename (EXEC, USER, new_id, "Trips", &error));
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_labels WHERE name = 'Trips' AND type = 'User'"), 1);
  ck_assert (!email_db_label_create (EXEC, USER, link, "Label_2", "Again", NULL, &e_dup));
  assert_code (e_dup, MDB_ERROR_UNIQUE_VIOLATION, "email_labels_link_id_provider_label_id_key");
  ck_assert (!email_db_label_create (EXEC, OTHER, link, "Label_3", "Theirs", NULL, &e_link));
  assert_code (e_link, MDB_ERROR_NOT_FOUND, "no link");
  ck_assert (!email_db_label_rename (EXEC, OTHER, new_id, "Mine now", &e_other));
  assert_code (e_other, MDB_ERROR_NOT_FOUND, "no label");

  inbox_id = sql_text ("SELECT id FROM email_labels WHERE provider_label_id = 'INBOX'");
  ck_assert (!email_db_label_rename (EXEC, USER, inbox_id, "Box", &e_sys));
  assert_code (e_sys, MDB_ERROR_INVALID_INPUT, "system label");
  ck_assert (!email_db_label_delete (EXEC, USER, inbox_id, &error));
  g_clear_error (&error);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_labels WHERE provider_label_id = 'INBOX' AND name = 'INBOX'"), 1);

  ck_assert (email_db_label_delete (EXEC, USER, new_id, &error));
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_labels WHERE provider_label_id = 'Label_2'"), 0);
}
END_TEST

/* ---- contacts ----------------------------------------------------------- */

static char *
contact_addresses (const MdbPage *page)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < page->items->len; i++)
    g_string_append_printf (out, "%s%s", i ? "," : "", ((EmailDbContact *) page->items->pdata[i])->email_address);
  return g_string_free (out, FALSE);
}

static void
assert_search (const char *link, const char *prefix, const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdbPage) page = email_db_contacts_search (EXEC, USER, link, prefix, NULL, 50, &error);
  g_autofree char *got = NULL;

  ck_assert_msg (page != NULL, "search: %s", error ? error->message : "");
  got = contact_addresses (page);
  ck_assert_msg (strcmp (got, expected) == 0, "search %s: got [%s], want [%s]", prefix, got, expected);
}

START_TEST (test_contacts_store_and_search_by_prefix_most_recent_first)
{
  static const EmailDbAddress batch[] = {
    { "Anna@Example.com", "Anna Berg" }, { "ben@example.com", NULL }, { "zed@other.org", "Annie Zed" },
    { "anna@example.com", NULL },
  };
  static const EmailDbAddress rename[] = { { "ben@example.com", "Benjamin" } };
  g_autoptr(GError) error = NULL;
  g_autofree char *link = connect_link (USER, "fa-1", "me@me.com");

  ck_assert_int_eq (email_db_contacts_store (EXEC, USER, link, batch, G_N_ELEMENTS (batch), &error), 3);
  ck_assert_int_eq (email_db_contacts_store (EXEC, USER, link, batch, G_N_ELEMENTS (batch), &error), 0);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_contacts WHERE email_address = 'anna@example.com'"
                             " AND name = 'Anna Berg'"), 1);
  sql_run ("UPDATE email_contacts SET updated_at = '2025-01-01' WHERE email_address = 'anna@example.com'");
  sql_run ("UPDATE email_contacts SET updated_at = '2025-01-02' WHERE email_address = 'zed@other.org'");
  sql_run ("UPDATE email_contacts SET updated_at = '2025-01-03' WHERE email_address = 'ben@example.com'");
  assert_search (link, "ANN", "zed@other.org,anna@example.com");   /* name or address, any case */
  assert_search (link, "b", "ben@example.com");
  ck_assert_int_eq (email_db_contacts_store (EXEC, USER, link, rename, 1, &error), 0);
  assert_search (link, "benj", "ben@example.com");
  assert_search (link, "", "ben@example.com,zed@other.org,anna@example.com");
  assert_search (link, "q", "");
  ck_assert_int_eq (email_db_contacts_store (EXEC, OTHER, link, rename, 1, &error), 0);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM email_contacts"), 3);
}
END_TEST

START_TEST (test_contact_search_pages_and_checks_input)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autofree char *link = connect_link (USER, "fa-1", "me@me.com");
  g_autoptr(MdbPage) p1 = NULL;
  g_autoptr(MdbPage) p2 = NULL;
  EmailDbAddress batch[5];
  char names[5][16];

  for (guint i = 0; i < 5; i++)
    {
      g_snprintf (names[i], sizeof names[i], "p%u@x.com", i);
      batch[i] = (EmailDbAddress) { names[i], NULL };
    }
  ck_assert_int_eq (email_db_contacts_store (EXEC, USER, link, batch, 5, &error), 5);
  p1 = email_db_contacts_search (EXEC, USER, link, "p", NULL, 3, &error);
  ck_assert (p1 != NULL && p1->items->len == 3 && p1->next_cursor != NULL);
  p2 = email_db_contacts_search (EXEC, USER, link, "p", p1->next_cursor, 3, &error);
  ck_assert (p2 != NULL && p2->items->len == 2 && p2->next_cursor == NULL);
  ck_assert_ptr_null (email_db_contacts_search (EXEC, USER, link, "x", p1->next_cursor, 3, &e1));
  assert_code (e1, MDB_ERROR_INVALID_INPUT, "cursor");
  batch[2].address = "";
  ck_assert_int_eq (email_db_contacts_store (EXEC, USER, link, batch, 5, &e2), -1);
  assert_code (e2, MDB_ERROR_INVALID_INPUT, "contacts[2]");
}
END_TEST

/* ---- attachments (the real system's upload test, ported) ---------------- */

static void
load_upload_fixture (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (mdb_test_source_root (), "tests", "email", "fixtures", "upload.sql", NULL);

  ck_assert_msg (mdb_test_db_apply_fixture (fx.db, path, &error), "fixture: %s", error ? error->message : "");
}

static char *
filenames (const EmailDbAttachmentList *list)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < list->n_rows; i++)
    g_string_append_printf (out, "%s%s", i ? "," : "", list->rows[i].filename);
  return g_string_free (out, FALSE);
}

#define FX_USER "macro|user@macro.com"
#define FX_LINK "00000000-0000-0000-0000-0000000000a1"
#define FX_T101 "00000000-0000-0000-0000-000000000101"
#define FX_T102 "00000000-0000-0000-0000-000000000102"

static void
assert_upload (const char *thread, const char *const *domains, const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EmailDbAttachmentList) list = email_db_attachments_for_upload (EXEC, FX_USER, thread, domains, &error);
  g_autofree char *got = NULL;

  ck_assert_msg (list != NULL, "%s", error ? error->message : "");
  got = filenames (list);
  ck_assert_msg (strcmp (got, expected) == 0, "upload %s: got [%s], want [%s]", thread, got, expected);
}

START_TEST (test_upload_selection_of_a_thread_with_a_sent_message_is_only_sent_doc)
{
  load_upload_fixture ();
  assert_upload (FX_T101, NULL, "sent_doc.pdf");
}
END_TEST

START_TEST (test_upload_selection_takes_important_own_domain_and_whitelisted_senders)
{
  static const char *const whitelist[] = { "partner.com", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(EmailDbAttachmentList) theirs = NULL;

  load_upload_fixture ();
  /* plain.pdf (stranger), draft.pdf (draft) and already.pdf (a document) never */
  assert_upload (FX_T102, NULL, "important.pdf,colleague.pdf");
  assert_upload (FX_T102, whitelist, "important.pdf,colleague.pdf,partner.pdf");
  theirs = email_db_attachments_for_upload (EXEC, "macro|other@else.com", FX_T102, whitelist, &error);
  ck_assert (theirs != NULL && theirs->n_rows == 0);
}
END_TEST

START_TEST (test_backfill_lists_a_links_attachments_newest_first_without_documents)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdbPage) p1 = NULL;
  g_autoptr(MdbPage) p2 = NULL;
  GString *got = g_string_new (NULL);
  g_autofree char *all = NULL;

  load_upload_fixture ();
  p1 = email_db_attachments_backfill (EXEC, FX_USER, FX_LINK, NULL, 4, &error);
  ck_assert_msg (p1 != NULL, "%s", error ? error->message : "");
  ck_assert (p1->next_cursor != NULL);
  p2 = email_db_attachments_backfill (EXEC, FX_USER, FX_LINK, p1->next_cursor, 4, &error);
  ck_assert (p2 != NULL && p2->next_cursor == NULL);
  for (guint i = 0; i < p1->items->len; i++)
    g_string_append_printf (got, "%s,", ((EmailDbAttachment *) p1->items->pdata[i])->filename);
  for (guint i = 0; i < p2->items->len; i++)
    g_string_append_printf (got, "%s,", ((EmailDbAttachment *) p2->items->pdata[i])->filename);
  all = g_string_free (got, FALSE);
  ck_assert_str_eq (all, "draft.pdf,plain.pdf,partner.pdf,colleague.pdf,important.pdf,sent_doc.pdf,received_doc.pdf,");
}
END_TEST

START_TEST (test_attachments_of_thread_message_and_by_provider_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EmailDbAttachmentList) of_thread = NULL;
  g_autoptr(EmailDbAttachmentList) of_message = NULL;
  g_autoptr(EmailDbAttachmentList) found = NULL;
  g_autoptr(EmailDbAttachmentList) none = NULL;
  g_autofree char *names = NULL;

  load_upload_fixture ();
  of_thread = email_db_attachments_of_thread (EXEC, FX_USER, FX_T101, &error);
  ck_assert (of_thread != NULL);
  names = filenames (of_thread);
  ck_assert_str_eq (names, "received_doc.pdf,sent_doc.pdf");
  of_message = email_db_attachments_of_message (EXEC, FX_USER, "00000000-0000-0000-0000-000000001022", &error);
  ck_assert (of_message != NULL && of_message->n_rows == 2);
  ck_assert_str_eq (of_message->rows[0].provider_attachment_id, "att-already");
  found = email_db_attachments_find (EXEC, FX_USER, FX_LINK, "att-partner", &error);
  ck_assert (found != NULL && found->n_rows == 1);
  ck_assert_str_eq (found->rows[0].filename, "partner.pdf");
  ck_assert_int_eq (found->rows[0].size_bytes, 5000);
  none = email_db_attachments_find (EXEC, "macro|other@else.com", FX_LINK, "att-partner", &error);
  ck_assert (none != NULL && none->n_rows == 0);
}
END_TEST

/* ---- round trips -------------------------------------------------------- */

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
  GError *error = NULL;
  g_autofree char *link = connect_link (USER, "fa-1", "me@me.com");
  g_autofree char *t1 = NULL;
  g_autofree char *m11 = NULL;
  g_autoptr(MdbPage) page = NULL;
  g_autoptr(EmailDbThread) thread = NULL;
  g_autoptr(EmailDbLabelList) labels = NULL;
  MdbConn *conn;
  MdbExecutor *ex;
  gint64 n;

  ingest_box (link);
  t1 = thread_id_of ("thr-1");
  m11 = message_id_of ("m1-1");
  conn = mdb_pool_acquire (fx.pool, &error);
  ck_assert (conn != NULL);
  ex = MDB_EXECUTOR (conn);
  ASSERT_TRIPS (ex, 1, { g_clear_pointer (&page, mdb_page_free);
                         page = email_db_inbox_list (ex, USER, link, "INBOX", NULL, 50, &error); });
  ASSERT_TRIPS (ex, 1, { g_clear_pointer (&page, mdb_page_free);
                         page = email_db_inbox_list (ex, USER, link, NULL, NULL, 50, &error); });
  ASSERT_TRIPS (ex, 2, { g_clear_pointer (&page, mdb_page_free); g_clear_pointer (&thread, email_db_thread_free);
                         thread = email_db_thread_read (ex, USER, t1, NULL, 50, &page, &error); });
  {
    const char *ids[] = { m11, NULL };
    ASSERT_TRIPS (ex, 1, n = email_db_messages_mark_read (ex, USER, ids, NULL, TRUE, &error));
    ASSERT_TRIPS (ex, 1, n = email_db_messages_star (ex, USER, ids, NULL, TRUE, &error));
    ASSERT_TRIPS (ex, 1, n = email_db_messages_archive (ex, USER, ids, NULL, &error));
  }
  ASSERT_TRIPS (ex, 1, { g_clear_pointer (&labels, email_db_label_list_free);
                         labels = email_db_labels_list (ex, USER, link, &error); });
  ASSERT_TRIPS (ex, 1, { g_clear_pointer (&page, mdb_page_free);
                         page = email_db_contacts_search (ex, USER, link, "a", NULL, 10, &error); });
  /* Ingest on its own: BEGIN, eight statements, COMMIT. */
  ASSERT_TRIPS (ex, EMAIL_DB_INGEST_STATEMENTS + 2,
                email_db_ingest (ex, link, box_labels, G_N_ELEMENTS (box_labels), box_threads, 3, &error));
  (void) n;
  mdb_pool_release (fx.pool, conn);
}
END_TEST

/* ---- access paths ------------------------------------------------------- */

/* The plan of the cached statement @name with @args, generic (as after a
 * few runs), on a seeded database; fails on a sequential scan. */
static void
assert_no_seq_scan (MdbConn *conn, const char *sql, const char *args, const char *want_index)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdbResult) res = NULL;
  g_autoptr(GString) plan = g_string_new (NULL);
  g_autofree char *prepare = g_strdup_printf ("PREPARE q AS %s", sql);
  g_autofree char *explain = g_strdup_printf ("EXPLAIN EXECUTE q (%s)", args);

  ck_assert_msg (mdb_conn_exec_script (conn, prepare, &error), "%s: %s", sql, error ? error->message : "");
  res = mdb_conn_exec (conn, explain, NULL, &error);
  ck_assert_msg (res != NULL, "explain: %s", error ? error->message : "");
  for (int i = 0; i < mdb_result_get_n_rows (res); i++)
    {
      g_autofree char *line = mdb_result_dup_string (res, i, 0, NULL);
      g_string_append_printf (plan, "%s\n", line);
    }
  ck_assert (mdb_conn_exec_script (conn, "DEALLOCATE q", &error));
  /* The large tables (document_email stays small: one row per uploaded
   * attachment, and an anti-join probe on it is all the queries do). */
  static const char *const large[] = {
    "Seq Scan on email_links ", "Seq Scan on email_threads ", "Seq Scan on email_messages ",
    "Seq Scan on email_contacts ", "Seq Scan on email_labels ", "Seq Scan on email_message_labels ",
    "Seq Scan on email_message_recipients ", "Seq Scan on email_attachments ",
  };
  gboolean seq = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (large); i++)
    seq |= strstr (plan->str, large[i]) != NULL;
  if (seq || (want_index != NULL && strstr (plan->str, want_index) == NULL))
    g_printerr ("plan of %.60s…:\n%s\n", sql, plan->str);   /* Check cuts long messages */
  ck_assert_msg (!seq, "sequential scan of a large table (plan on stderr)");
  ck_assert_msg (want_index == NULL || strstr (plan->str, want_index) != NULL, "%s not used (plan on stderr)",
                 want_index);
}

/* The text of a query as the library prepares it ($N parameters), from the
 * committed cache; kept until the process ends. */
static const char *
email_db_test_query_sql (const char *name)
{
  static GPtrArray *parsers;
  g_autofree char *cache = g_build_filename (mdb_test_source_root (), "libs", "email_db_client", ".mdb-cache", NULL);
  JsonParser *parser = NULL;
  JsonObject *entry = mdb_ts_cache_entry (cache, name, &parser);

  ck_assert_msg (entry != NULL, "no cache entry for %s", name);
  if (parsers == NULL)
    parsers = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (parsers, parser);
  return json_object_get_string_member (entry, "query");
}

START_TEST (test_list_and_lookup_queries_use_indexes_on_a_seeded_mailbox)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *link = connect_link (USER, "fa-1", "me@me.com");
  g_autofree char *args = NULL;
  g_autofree char *some_thread = NULL;
  MdbConn *conn;

  /* 20 links x 1000 threads x 3 messages, server-side, among 5000 links. */
  sql_run ("INSERT INTO email_links (macro_id, fusionauth_user_id, email_address, provider)"
           " SELECT 'macro|u' || i, 'fa' || i, 'u' || i || '@x.com', 'GMAIL' FROM generate_series (1, 19) i");
  sql_run ("INSERT INTO email_threads (link_id, provider_id, inbox_visible, latest_non_spam_message_ts,"
           " latest_inbound_message_ts, latest_outbound_message_ts)"
           " SELECT l.id, 't' || i, i % 3 = 0, now () - i * interval '1 minute', now () - i * interval '1 minute',"
           "   CASE WHEN i % 5 = 0 THEN now () END"
           " FROM email_links l, generate_series (1, 1000) i");
  sql_run ("INSERT INTO email_contacts (link_id, email_address, name)"
           " SELECT l.id, 'c' || i || '@x.com', 'Name ' || i FROM email_links l, generate_series (1, 300) i");
  sql_run ("INSERT INTO email_messages (link_id, thread_id, provider_id, internal_date_ts, is_starred, has_attachments,"
           " is_read, from_contact_id)"
           " SELECT t.link_id, t.id, t.provider_id || '-' || k, t.latest_non_spam_message_ts - k * interval '1 second',"
           "   k = 1 AND t.provider_id LIKE '%7', k = 2, k > 0 OR t.provider_id LIKE '%3',"
           "   (SELECT c.id FROM email_contacts c WHERE c.link_id = t.link_id AND c.email_address = 'c1@x.com')"
           " FROM email_threads t, generate_series (0, 2) k");
  sql_run ("INSERT INTO email_labels (link_id, provider_label_id, name, type)"
           " SELECT l.id, p, p, 'System' FROM email_links l, unnest (ARRAY['INBOX', 'SENT', 'Label_1']) p");
  sql_run ("INSERT INTO email_message_labels (message_id, label_id)"
           " SELECT m.id, lb.id FROM email_messages m JOIN email_labels lb ON lb.link_id = m.link_id"
           " AND lb.provider_label_id = 'INBOX'");
  sql_run ("INSERT INTO email_links (macro_id, fusionauth_user_id, email_address, provider)"
           " SELECT 'macro|idle' || i, 'fa-idle' || i, 'idle' || i || '@x.com', 'GMAIL' FROM generate_series (1, 5000) i");
  sql_run ("INSERT INTO email_labels (link_id, provider_label_id, name, type)"
           " SELECT l.id, p, p, 'System' FROM email_links l, unnest (ARRAY['INBOX', 'SENT', 'STARRED', 'SPAM', 'TRASH']) p"
           " WHERE l.macro_id LIKE 'macro|idle%'");
  sql_run ("INSERT INTO email_message_recipients (message_id, contact_id, recipient_type)"
           " SELECT m.id, c.id, 'TO' FROM email_messages m"
           " JOIN email_contacts c ON c.link_id = m.link_id AND c.email_address = 'c2@x.com'");
  sql_run ("INSERT INTO email_attachments (message_id, provider_attachment_id, filename)"
           " SELECT m.id, 'a-' || m.provider_id, 'f.pdf' FROM email_messages m WHERE m.has_attachments");
  sql_run ("ANALYZE");
  conn = mdb_pool_acquire (fx.pool, &error);
  ck_assert (conn != NULL);
  ck_assert (mdb_conn_exec_script (conn, "SET plan_cache_mode = force_generic_plan", &error));
  args = g_strdup_printf ("'%s', 'INBOX', '9999-01-01', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 51, '%s'", link, USER);
  /* The statements as the library sends them, from its query cache. */
#define Q(name) email_db_test_query_sql (name)
  assert_no_seq_scan (conn, Q ("inbox_page"), args, "email_threads_link_inbox_idx");
  g_free (args);
  args = g_strdup_printf ("'%s', NULL, '9999-01-01', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 51, '%s'", link, USER);
  assert_no_seq_scan (conn, Q ("inbox_page"), args, "email_threads_link_latest_idx");
  g_free (args);
  some_thread = sql_text ("SELECT id FROM email_threads WHERE provider_id = 't500' LIMIT 1");
  args = g_strdup_printf ("'%s', '%s', '0001-01-01', '00000000-0000-0000-0000-000000000000', 51", some_thread, USER);
  assert_no_seq_scan (conn, Q ("thread_messages"), args, "email_messages_thread_id_internal_date_ts_idx");
  g_free (args);
  args = g_strdup_printf ("'%s', '%s', 'c1', '9999-01-01', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 51", link, USER);
  assert_no_seq_scan (conn, Q ("contacts_search_owned"), args, "email_contacts_address_prefix_idx");
  g_free (args);
  args = g_strdup_printf ("'%s', '%s', '9999-01-01', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 51", link, USER);
  assert_no_seq_scan (conn, Q ("attachments_backfill_page"), args, "email_messages_link_attachments_idx");
  g_free (args);
  /* Unread counts read every unread message of the link with its labels:
   * on this small seed a hash join over all label assignments costs the
   * same as the probes, so only ask that an indexed plan exists (as
   * tests/contacts does); at scale the planner picks it by itself. */
  ck_assert (mdb_conn_exec_script (conn, "SET enable_seqscan = off", &error));
  args = g_strdup_printf ("'%s', '%s'", link, USER);
  assert_no_seq_scan (conn, Q ("labels_with_unread"), args, "email_messages_link_unread_idx");
  mdb_pool_release (fx.pool, conn);
#undef Q
}
END_TEST

static Suite *
email_db_suite (void)
{
  Suite *s = suite_create ("email-db");
  TCase *tc = tcase_create ("email");

  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_set_timeout (tc, 240);
  tcase_add_test (tc, test_link_connect_is_idempotent_and_reactivates);
  tcase_add_test (tc, test_link_set_sync_keeps_position_when_null_and_unknown_link_is_not_found);
  tcase_add_test (tc, test_link_get_only_for_its_owner);
  tcase_add_test (tc, test_links_list_pages_by_address_and_find_by_address_ignores_case);
  tcase_add_test (tc, test_link_delete_cascades_and_only_for_its_owner);
  tcase_add_test (tc, test_link_inputs_are_checked_before_sending);
  tcase_add_test (tc, test_ingest_stores_the_batch_and_derives_thread_fields);
  tcase_add_test (tc, test_ingest_twice_gives_identical_rows);
  tcase_add_test (tc, test_reingest_replaces_labels_and_recipients_and_updates_changed_fields);
  tcase_add_test (tc, test_batch_of_stored_and_new_messages_gets_exact_recipients_and_labels);
  tcase_add_test (tc, test_message_ingested_before_older_ones_still_gives_right_thread_timestamps);
  tcase_add_test (tc, test_ingest_rejects_bad_input_naming_the_item_and_sends_nothing);
  tcase_add_test (tc, test_ingest_statement_count_does_not_grow_with_the_batch);
  tcase_add_test (tc, test_ingest_joins_the_callers_transaction);
  tcase_add_test (tc, test_four_concurrent_ingesters_lose_and_double_nothing);
  tcase_add_test (tc, test_inbox_views_list_the_right_threads_newest_first);
  tcase_add_test (tc, test_inbox_row_carries_the_latest_preview_labels_and_flags);
  tcase_add_test (tc, test_inbox_pages_cover_every_thread_once_and_other_users_see_nothing);
  tcase_add_test (tc, test_thread_page_has_messages_with_recipients_labels_and_attachments);
  tcase_add_test (tc, test_thread_page_of_another_user_is_not_found);
  tcase_add_test (tc, test_thread_messages_page_through_a_long_thread);
  tcase_add_test (tc, test_mark_read_updates_messages_and_their_thread);
  tcase_add_test (tc, test_a_user_cannot_change_messages_of_another_users_link);
  tcase_add_test (tc, test_star_archive_and_labels_move_threads_between_views);
  tcase_add_test (tc, test_message_ids_are_checked_naming_the_index);
  tcase_add_test (tc, test_labels_list_unread_counts_and_user_labels_lifecycle);
  tcase_add_test (tc, test_contacts_store_and_search_by_prefix_most_recent_first);
  tcase_add_test (tc, test_contact_search_pages_and_checks_input);
  tcase_add_test (tc, test_upload_selection_of_a_thread_with_a_sent_message_is_only_sent_doc);
  tcase_add_test (tc, test_upload_selection_takes_important_own_domain_and_whitelisted_senders);
  tcase_add_test (tc, test_backfill_lists_a_links_attachments_newest_first_without_documents);
  tcase_add_test (tc, test_attachments_of_thread_message_and_by_provider_id);
  tcase_add_test (tc, test_each_operation_takes_its_documented_round_trips);
  tcase_add_test (tc, test_list_and_lookup_queries_use_indexes_on_a_seeded_mailbox);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return mdb_test_run (srunner_create (email_db_suite ()), TRUE);
}
