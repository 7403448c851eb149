/* SPDX-License-Identifier: MIT */
/* test-comms-messages.c: messages, threads, context, reactions, attachments, mentions, activity. */
#include <string.h>
#include "comms-test.h"

#define N_(...) ((const char *const[]) { __VA_ARGS__, NULL })

static char *
team_channel (void)
{
  return channel_ok ("ann", PRIVATE, "team", 0, N_("bob", "cat"));
}

START_TEST (test_post_stores_message_attachments_mentions_in_one_round_trip)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ch = team_channel ();
  g_autoptr(CommsDbMessage) warm = NULL;
  g_autoptr(CommsDbMessage) m = NULL;
  const CommsDbEntity att[] = { { "document", "doc-1" }, { "project", "p-9" } };
  const CommsDbEntity men[] = { { "user", "cat" }, { "document", "doc-1" }, { "channel", "x" } };
  g_autofree char *sql = NULL;
  char id[MDB_UUID_STRING_SIZE];
  MdbConn *conn = mdb_pool_acquire (cfx.pool, &error);

  warm = comms_db_message_post (MDB_EXECUTOR (conn), ch, "bob", NULL, "warm", att, 2, men, 3, &error);
  ck_assert_msg (warm != NULL, "%s", error ? error->message : "");
  mdb_test_assert_round_trips (MDB_EXECUTOR (conn), 1,
                               m = comms_db_message_post (MDB_EXECUTOR (conn), ch, "bob", NULL, "see doc-1",
                                                          att, 2, men, 3, &error));
  mdb_pool_release (cfx.pool, conn);
  ck_assert_msg (m != NULL, "%s", error ? error->message : "");
  ck_assert_str_eq (m->content, "see doc-1");
  ck_assert_str_eq (m->sender_id, "bob");
  ck_assert (m->thread_id_is_null && m->edited_at_is_null && m->deleted_at_is_null);
  ck_assert_str_eq (uuid_str (&m->channel_id, id), ch);
  sql = g_strdup_printf ("SELECT string_agg (entity_type || ':' || entity_id, ',' ORDER BY entity_type)"
                         " FROM comms_attachments WHERE message_id = '%s' AND channel_id = '%s'",
                         uuid_str (&m->id, id), ch);
  assert_sql_text (sql, "document:doc-1,project:p-9");
  g_free (sql);
  sql = g_strdup_printf ("SELECT string_agg (entity_type || ':' || entity_id || ':' || user_id, ',' ORDER BY entity_type)"
                         " FROM comms_entity_mentions WHERE source_entity_type = 'message' AND source_entity_id = '%s'",
                         uuid_str (&m->id, id));
  assert_sql_text (sql, "channel:x:bob,document:doc-1:bob,user:cat:bob");
  /* The sender's own post counts as viewed: nothing unread for bob. */
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM comms_activity WHERE user_id = 'bob' AND viewed_at IS NOT NULL"), 1);
}
END_TEST

START_TEST (test_a_non_participant_cannot_post_and_nothing_is_stored)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ch = team_channel ();
  g_autofree char *other = channel_ok ("zed", PUBLIC, "elsewhere", 0, NULL);
  g_autofree char *top = post_ok (other, "zed", NULL, "top");
  const CommsDbEntity att[] = { { "document", "doc-1" } };
  const CommsDbEntity bad[] = { { "document", "doc-1" }, { "document", "" } };

  ck_assert_ptr_null (comms_db_message_post (EXEC, ch, "stranger", NULL, "hi", att, 1, att, 1, &error));
  assert_error (error, MDB_ERROR_NOT_FOUND, "user stranger is not an active participant of channel");
  g_clear_error (&error);
  ck_assert (comms_db_participant_leave (EXEC, ch, "cat", &error));
  ck_assert_ptr_null (comms_db_message_post (EXEC, ch, "cat", NULL, "bye", NULL, 0, NULL, 0, &error));
  assert_error (error, MDB_ERROR_NOT_FOUND, "not an active participant");
  g_clear_error (&error);
  /* A thread of another channel is no thread here. */
  ck_assert_ptr_null (comms_db_message_post (EXEC, ch, "bob", top, "reply", NULL, 0, NULL, 0, &error));
  assert_error (error, MDB_ERROR_NOT_FOUND, "is not a top-level message of channel");
  g_clear_error (&error);
  ck_assert_ptr_null (comms_db_message_post (EXEC, ch, "bob", NULL, "x", bad, 2, NULL, 0, &error));
  assert_error (error, MDB_ERROR_INVALID_INPUT, "attachments[1]: entity_id is empty");
  g_clear_error (&error);
  ck_assert_ptr_null (comms_db_message_post (EXEC, ch, "bob", "nope", "x", NULL, 0, NULL, 0, &error));
  assert_error (error, MDB_ERROR_INVALID_INPUT, "thread_id");
  ck_assert_int_eq (sql_int ("SELECT (SELECT count(*) FROM comms_messages) + (SELECT count(*) FROM comms_attachments)"
                             " + (SELECT count(*) FROM comms_entity_mentions)"), 1);
}
END_TEST

START_TEST (test_edit_and_soft_delete)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ch = team_channel ();
  g_autofree char *m1 = post_ok (ch, "bob", NULL, "tpyo");
  g_autofree char *m2 = post_ok (ch, "cat", NULL, "oops");
  g_autoptr(CommsDbMessage) edited = NULL;
  g_autofree char *sql = NULL;

  edited = comms_db_message_edit (EXEC, m1, "bob", "typo", &error);
  ck_assert_msg (edited != NULL, "%s", error ? error->message : "");
  ck_assert_str_eq (edited->content, "typo");
  ck_assert (!edited->edited_at_is_null);
  ck_assert_ptr_null (comms_db_message_edit (EXEC, m1, "cat", "mine now", &error));
  assert_error (error, MDB_ERROR_NOT_FOUND, "not sent by user cat");
  g_clear_error (&error);
  ck_assert (!comms_db_message_delete (EXEC, m1, "cat", &error));       /* a member, not the sender */
  assert_error (error, MDB_ERROR_NOT_FOUND, "may not delete it");
  g_clear_error (&error);
  ck_assert (comms_db_message_delete (EXEC, m1, "bob", &error));
  ck_assert (comms_db_message_delete (EXEC, m2, "ann", &error));        /* the owner may */
  sql = g_strdup_printf ("SELECT count(*) FROM comms_messages WHERE content = '' AND deleted_at IS NOT NULL"
                         " AND id IN ('%s', '%s')", m1, m2);
  ck_assert_int_eq (sql_int (sql), 2);
  ck_assert (!comms_db_message_delete (EXEC, m1, "bob", &error));
  assert_error (error, MDB_ERROR_NOT_FOUND, "already deleted");
  g_clear_error (&error);
  ck_assert_ptr_null (comms_db_message_edit (EXEC, m1, "bob", "back", &error));
  assert_error (error, MDB_ERROR_NOT_FOUND, "deleted");
}
END_TEST

/* 25 top-level messages whose times are set: m[i] at minute i / 2, so
 * pairs share a timestamp and the id breaks the tie; plus replies. */
static GPtrArray *
seed_messages (const char *ch, guint n)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = g_strdup_printf ("m%02u", i);
      g_ptr_array_add (ids, post_ok (ch, i % 2 ? "bob" : "ann", NULL, text));
    }
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *sql = g_strdup_printf ("UPDATE comms_messages SET created_at = '2025-03-01'::timestamptz"
                                              " + interval '1 minute' * %u WHERE id = '%s'", i / 2,
                                              (char *) ids->pdata[i]);
      sql_run (sql);
    }
  return ids;
}

/* The contents of a whole traversal, "m00,m01,…". */
static char *
traverse (const char *ch, const char *reader, CommsDbDirection dir, guint limit, const char *start, guint *pages)
{
  g_autoptr(GError) error = NULL;
  GString *out = g_string_new (NULL);
  g_autofree char *cursor = g_strdup (start);

  *pages = 0;
  for (;;)
    {
      g_autoptr(MdbPage) page = comms_db_messages_list (EXEC, ch, reader, 0, dir, cursor, limit, &error);

      ck_assert_msg (page != NULL, "%s", error ? error->message : "");
      for (guint i = 0; i < page->items->len; i++)
        g_string_append_printf (out, "%s%s", out->len ? "," : "", ((CommsDbMessage *) page->items->pdata[i])->content);
      (*pages)++;
      if (page->next_cursor == NULL)
        break;
      g_free (cursor);
      cursor = g_steal_pointer (&page->next_cursor);
    }
  return g_string_free (out, FALSE);
}

START_TEST (test_message_pages_go_both_ways_without_gaps_or_repeats)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ch = team_channel ();
  g_autoptr(GPtrArray) ids = seed_messages (ch, 25);
  g_autofree char *reply = post_ok (ch, "cat", ids->pdata[3], "a reply");
  g_autoptr(GString) want_old = g_string_new (NULL), want_new = g_string_new (NULL);
  g_autofree char *newer = NULL, *older = NULL;
  g_autoptr(MdbPage) empty = NULL;
  guint pages;

  /* Ties (same minute) go by id, so the expected order comes from SQL. */
  {
    g_autofree char *sql = g_strdup_printf ("SELECT string_agg (content, ',' ORDER BY created_at, id) FROM comms_messages"
                                            " WHERE channel_id = '%s' AND thread_id IS NULL", ch);
    g_autofree char *sql2 = g_strdup_printf ("SELECT string_agg (content, ',' ORDER BY created_at DESC, id DESC)"
                                             " FROM comms_messages WHERE channel_id = '%s' AND thread_id IS NULL", ch);
    g_autofree char *a = sql_text (sql), *b = sql_text (sql2);
    g_string_append (want_new, a);
    g_string_append (want_old, b);
  }
  newer = traverse (ch, "cat", COMMS_DB_NEWER, 7, NULL, &pages);
  ck_assert_str_eq (newer, want_new->str);
  ck_assert_uint_eq (pages, 4);
  older = traverse (ch, "cat", COMMS_DB_OLDER, 5, NULL, &pages);
  ck_assert_str_eq (older, want_old->str);
  ck_assert_uint_eq (pages, 5);
  ck_assert_ptr_null (strstr (newer, "a reply"));       /* replies live in their thread */
  /* A stranger reads nothing of a private channel. */
  empty = comms_db_messages_list (EXEC, ch, "stranger", 0, COMMS_DB_OLDER, NULL, 10, &error);
  ck_assert_uint_eq (empty->items->len, 0);
  ck_assert_ptr_null (comms_db_messages_list (EXEC, ch, "cat", 0, (CommsDbDirection) 5, NULL, 10, &error));
  assert_error (error, MDB_ERROR_INVALID_INPUT, "direction is 5");
}
END_TEST

START_TEST (test_context_is_one_round_trip_and_pages_on_from_it)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ch = team_channel ();
  g_autoptr(GPtrArray) ids = seed_messages (ch, 25);
  g_autoptr(CommsDbMessageList) ctx = NULL;
  g_autoptr(CommsDbMessageList) edge = NULL;
  g_autoptr(GString) got = g_string_new (NULL);
  g_autoptr(MdbPage) before = NULL;
  g_autofree char *order = NULL, *cursor = NULL, *sql = NULL;
  char **want;
  guint target = 0;
  MdbConn *conn;

  sql = g_strdup_printf ("SELECT string_agg (content, ',' ORDER BY created_at, id) FROM comms_messages"
                         " WHERE channel_id = '%s' AND thread_id IS NULL", ch);
  order = sql_text (sql);
  want = g_strsplit (order, ",", -1);
  for (guint i = 0; want[i] != NULL; i++)
    if (strcmp (want[i], "m12") == 0)
      target = i;

  conn = mdb_pool_acquire (cfx.pool, &error);
  ctx = comms_db_message_with_context (MDB_EXECUTOR (conn), ids->pdata[12], "bob", 0, 3, 3, &error);
  comms_db_message_list_free (g_steal_pointer (&ctx));
  mdb_test_assert_round_trips (MDB_EXECUTOR (conn), 1,
                               ctx = comms_db_message_with_context (MDB_EXECUTOR (conn), ids->pdata[12], "bob", 0,
                                                                    3, 3, &error));
  mdb_pool_release (cfx.pool, conn);
  ck_assert_msg (ctx != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (ctx->n_rows, 7);
  for (guint i = 0; i < ctx->n_rows; i++)
    ck_assert_str_eq (ctx->rows[i].content, want[target - 3 + i]);

  /* Near the start there are fewer before. */
  edge = comms_db_message_with_context (EXEC, ids->pdata[0], "bob", 0, 5, 2, &error);
  ck_assert_uint_le (edge->n_rows, 8);
  ck_assert_str_eq (edge->rows[0].content, want[0]);

  /* From the context's first message, page on backwards. */
  cursor = comms_db_messages_cursor_at (&ctx->rows[0]);
  before = comms_db_messages_list (EXEC, ch, "bob", 0, COMMS_DB_OLDER, cursor, 100, &error);
  ck_assert_uint_eq (before->items->len, target - 3);
  for (guint i = 0; i < before->items->len; i++)
    g_string_append_printf (got, "%s;", ((CommsDbMessage *) before->items->pdata[i])->content);
  ck_assert_str_eq (((CommsDbMessage *) before->items->pdata[0])->content, want[target - 4]);

  ck_assert_ptr_null (comms_db_message_with_context (EXEC, ids->pdata[12], "stranger", 0, 3, 3, &error));
  assert_error (error, MDB_ERROR_NOT_FOUND, "may not read its channel");
  g_clear_error (&error);
  ck_assert_ptr_null (comms_db_message_with_context (EXEC, ids->pdata[12], "bob", 0, 101, 3, &error));
  assert_error (error, MDB_ERROR_INVALID_INPUT, "n_before is 101");
  g_strfreev (want);
}
END_TEST

START_TEST (test_threads_keep_their_replies_and_context)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ch = team_channel ();
  g_autofree char *top = post_ok (ch, "ann", NULL, "question");
  g_autofree char *cursor = NULL;
  g_autoptr(GPtrArray) replies = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) got = g_string_new (NULL);
  g_autoptr(CommsDbMessageList) ctx = NULL;
  g_autoptr(MdbPage) none = NULL;

  for (guint i = 0; i < 9; i++)
    {
      g_autofree char *text = g_strdup_printf ("r%u", i);
      g_ptr_array_add (replies, post_ok (ch, "bob", top, text));
    }
  sql_run ("UPDATE comms_messages SET created_at = created_at + (substr (content, 2)::int * interval '1 second')"
           " WHERE thread_id IS NOT NULL");
  /* A reply cannot open a thread of its own. */
  ck_assert_ptr_null (comms_db_message_post (EXEC, ch, "cat", replies->pdata[0], "nested", NULL, 0, NULL, 0, &error));
  assert_error (error, MDB_ERROR_NOT_FOUND, "not a top-level message");
  g_clear_error (&error);
  for (;;)
    {
      g_autoptr(MdbPage) page = comms_db_thread_replies (EXEC, top, "cat", 0, cursor, 4, &error);

      ck_assert_msg (page != NULL, "%s", error ? error->message : "");
      for (guint i = 0; i < page->items->len; i++)
        g_string_append_printf (got, "%s,", ((CommsDbMessage *) page->items->pdata[i])->content);
      if (page->next_cursor == NULL)
        break;
      g_free (cursor);
      cursor = g_steal_pointer (&page->next_cursor);
    }
  ck_assert_str_eq (got->str, "r0,r1,r2,r3,r4,r5,r6,r7,r8,");
  ctx = comms_db_message_with_context (EXEC, replies->pdata[4], "cat", 0, 2, 1, &error);
  ck_assert_uint_eq (ctx->n_rows, 4);
  ck_assert_str_eq (ctx->rows[0].content, "r2");
  ck_assert_str_eq (ctx->rows[3].content, "r5");
  none = comms_db_thread_replies (EXEC, top, "stranger", 0, NULL, 4, &error);
  ck_assert_uint_eq (none->items->len, 0);
}
END_TEST

START_TEST (test_latest_messages_for_many_channels_in_one_query)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = team_channel ();
  g_autofree char *b = channel_ok ("bob", PUBLIC, "b", 0, NULL);
  g_autofree char *c = channel_ok ("zed", PRIVATE, "c", 0, NULL);
  g_autofree char *d = channel_ok ("bob", PUBLIC, "d", 0, NULL);
  g_autofree char *a1 = post_ok (a, "ann", NULL, "a1");
  g_autofree char *a2 = post_ok (a, "bob", NULL, "a2");
  g_autofree char *b1 = post_ok (b, "bob", NULL, "b1");
  g_autofree char *b2 = post_ok (b, "bob", NULL, "b2");
  g_autofree char *c1 = post_ok (c, "zed", NULL, "c1");
  const char *ids[] = { d, b, c, a };
  g_autoptr(CommsDbMessageList) list = NULL;

  sql_run ("UPDATE comms_messages SET created_at = created_at + (substr (content, 2)::int * interval '1 second')");
  ck_assert (comms_db_message_delete (EXEC, b2, "bob", &error));
  list = comms_db_latest_messages (EXEC, "cat", 0, ids, 4, &error);
  ck_assert_msg (list != NULL, "%s", error ? error->message : "");
  /* d has none, c is not cat's to read, b's latest is deleted. */
  ck_assert_uint_eq (list->n_rows, 2);
  ck_assert_str_eq (list->rows[0].content, "b1");
  ck_assert_str_eq (list->rows[1].content, "a2");
}
END_TEST

START_TEST (test_reactions_toggle_and_group_by_emoji)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ch = team_channel ();
  g_autofree char *m1 = post_ok (ch, "ann", NULL, "one");
  g_autofree char *m2 = post_ok (ch, "bob", NULL, "two");
  g_autofree char *m3 = post_ok (ch, "bob", NULL, "three");
  const char *ids[] = { m2, m1, m3 };
  g_autoptr(CommsDbReactionCountList) list = NULL;
  gboolean added = FALSE;
  char id[MDB_UUID_STRING_SIZE];
  MdbConn *conn;

  ck_assert (comms_db_reaction_toggle (EXEC, m1, "ann", "👍", &added, &error) && added);
  ck_assert (comms_db_reaction_toggle (EXEC, m1, "bob", "👍", &added, &error) && added);
  ck_assert (comms_db_reaction_toggle (EXEC, m1, "bob", "🎉", &added, &error) && added);
  ck_assert (comms_db_reaction_toggle (EXEC, m2, "cat", "👀", &added, &error) && added);
  ck_assert (comms_db_reaction_toggle (EXEC, m2, "ann", "x", &added, &error) && added);
  ck_assert (comms_db_reaction_toggle (EXEC, m2, "ann", "x", &added, &error) && !added);   /* toggled off */
  ck_assert_ptr_null (error);
  ck_assert (!comms_db_reaction_toggle (EXEC, m1, "stranger", "👍", &added, &error));
  assert_error (error, MDB_ERROR_NOT_FOUND, "not an active participant");
  g_clear_error (&error);
  ck_assert (comms_db_message_delete (EXEC, m3, "bob", &error));
  ck_assert (!comms_db_reaction_toggle (EXEC, m3, "bob", "👍", &added, &error));
  assert_error (error, MDB_ERROR_NOT_FOUND, "deleted");
  g_clear_error (&error);
  ck_assert (!comms_db_reaction_toggle (EXEC, m1, "bob", "", &added, &error));
  assert_error (error, MDB_ERROR_INVALID_INPUT, "emoji is empty");
  g_clear_error (&error);
  sql_run ("UPDATE comms_reactions SET created_at = CASE emoji WHEN '👍' THEN '2025-01-01'::timestamptz ELSE '2025-01-02'::timestamptz END");

  conn = mdb_pool_acquire (cfx.pool, &error);
  list = comms_db_reactions_summary (MDB_EXECUTOR (conn), "bob", 0, ids, 3, &error);
  comms_db_reaction_count_list_free (g_steal_pointer (&list));
  mdb_test_assert_round_trips (MDB_EXECUTOR (conn), 1,
                               list = comms_db_reactions_summary (MDB_EXECUTOR (conn), "bob", 0, ids, 3, &error));
  mdb_pool_release (cfx.pool, conn);
  ck_assert_msg (list != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (list->n_rows, 3);
  ck_assert_str_eq (uuid_str (&list->rows[0].message_id, id), m2);       /* input order */
  ck_assert_str_eq (list->rows[0].emoji, "👀");
  ck_assert_int_eq (list->rows[0].count, 1);
  ck_assert (!list->rows[0].reacted);
  ck_assert_str_eq (list->rows[1].emoji, "👍");                           /* first used first */
  ck_assert_int_eq (list->rows[1].count, 2);
  ck_assert (list->rows[1].reacted);
  ck_assert_str_eq (list->rows[2].emoji, "🎉");
  ck_assert_int_eq (list->rows[2].count, 1);
  comms_db_reaction_count_list_free (g_steal_pointer (&list));
  list = comms_db_reactions_summary (EXEC, "stranger", 0, ids, 3, &error);
  ck_assert_uint_eq (list->n_rows, 0);
}
END_TEST

/* The real system's get_attachment_references test, with its answers. */
START_TEST (test_attachment_references_of_the_real_fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdbPage) user1 = NULL;
  g_autoptr(MdbPage) user4 = NULL;
  g_autoptr(MdbPage) user2 = NULL;
  CommsDbEntityReference *ref;
  char id[MDB_UUID_STRING_SIZE];

  comms_fixture ("attachments");
  user1 = comms_db_entity_references_list (EXEC, "user1", "document", "doc1", NULL, 50, &error);
  ck_assert_msg (user1 != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (user1->items->len, 1);
  ref = user1->items->pdata[0];
  ck_assert_str_eq (ref->channel_name, "private 1");
  ck_assert_str_eq (ref->kind, "attachment");
  ck_assert_str_eq (uuid_str (&ref->message_id, id), "22222222-0000-0000-0000-000000000001");
  ck_assert_str_eq (ref->sender_id, "user1");

  user4 = comms_db_entity_references_list (EXEC, "user4", "document", "doc1", NULL, 50, &error);
  ck_assert_uint_eq (user4->items->len, 0);

  /* user2 sees private 1 and 2 and public 1, never the deleted message. */
  user2 = comms_db_entity_references_list (EXEC, "user2", "document", "doc1", NULL, 50, &error);
  ck_assert_uint_eq (user2->items->len, 4);
  for (guint i = 0; i < user2->items->len; i++)
    {
      ref = user2->items->pdata[i];
      ck_assert_str_ne (uuid_str (&ref->message_id, id), "22222222-0000-0000-0000-000000000002");
    }
  ck_assert_str_eq (((CommsDbEntityReference *) user2->items->pdata[0])->channel_name, "public 1");
}
END_TEST

START_TEST (test_references_page_and_follow_new_attachments_and_mentions)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ch = team_channel ();
  g_autofree char *m = post_ok (ch, "bob", NULL, "refs");
  g_autofree char *cursor = NULL;
  CommsDbEntity many[30];
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint pages = 0;

  for (guint i = 0; i < 30; i++)
    many[i] = (CommsDbEntity) { "document", "big" };
  ck_assert_int_eq (comms_db_attachments_add (EXEC, m, "bob", many, 20, &error), 20);
  ck_assert_int_eq (comms_db_mentions_add (EXEC, m, "bob", many, 10, &error), 10);
  ck_assert_int_eq (comms_db_attachments_add (EXEC, m, "ann", many, 1, &error), -1);      /* not hers */
  assert_error (error, MDB_ERROR_NOT_FOUND, "not sent by user ann");
  g_clear_error (&error);
  ck_assert_int_eq (comms_db_mentions_add (EXEC, m, "bob", many, COMMS_DB_MAX_ENTITIES + 1, &error), -1);
  assert_error (error, MDB_ERROR_INVALID_INPUT, "entities has 101 items");
  g_clear_error (&error);
  ck_assert_int_eq (comms_db_attachments_add (EXEC, m, "bob", NULL, 0, &error), 0);
  for (;;)
    {
      g_autoptr(MdbPage) page = comms_db_entity_references_list (EXEC, "cat", "document", "big", cursor, 7, &error);

      ck_assert_msg (page != NULL, "%s", error ? error->message : "");
      for (guint i = 0; i < page->items->len; i++)
        {
          char id[MDB_UUID_STRING_SIZE];
          ck_assert (g_hash_table_add (seen, g_strdup (uuid_str (&((CommsDbEntityReference *) page->items->pdata[i])->reference_id, id))));
        }
      pages++;
      if (page->next_cursor == NULL)
        break;
      g_free (cursor);
      cursor = g_steal_pointer (&page->next_cursor);
    }
  ck_assert_uint_eq (g_hash_table_size (seen), 30);
  ck_assert_uint_eq (pages, 5);
  ck_assert (comms_db_message_delete (EXEC, m, "bob", &error));
  {
    g_autoptr(MdbPage) gone = comms_db_entity_references_list (EXEC, "cat", "document", "big", NULL, 7, &error);
    ck_assert_uint_eq (gone->items->len, 0);
  }
}
END_TEST

START_TEST (test_activity_and_unread_counts)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = team_channel ();
  g_autofree char *b = channel_ok ("bob", PRIVATE, "b", 0, N_("cat"));
  g_autofree char *org = channel_ok ("boss", ORG, "o", 3, NULL);
  g_autoptr(CommsDbUnreadCountList) counts = NULL;
  g_autoptr(CommsDbActivity) act = NULL;
  g_autoptr(GString) got = g_string_new (NULL);
  char id[MDB_UUID_STRING_SIZE];

  g_free (post_ok (a, "ann", NULL, "1"));
  g_free (post_ok (a, "bob", NULL, "2"));
  g_free (post_ok (a, "cat", NULL, "mine"));
  g_free (post_ok (b, "bob", NULL, "3"));
  g_free (post_ok (org, "boss", NULL, "4"));
  /* cat's own post marked a viewed, so only what came after counts. */
  sql_run ("UPDATE comms_activity SET viewed_at = NULL WHERE user_id = 'cat'");
  counts = comms_db_unread_counts (EXEC, "cat", 3, &error);
  ck_assert_msg (counts != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (counts->n_rows, 3);
  for (guint i = 0; i < counts->n_rows; i++)
    {
      const char *which = strcmp (uuid_str (&counts->rows[i].channel_id, id), a) == 0 ? "a"
                          : strcmp (id, b) == 0 ? "b" : "org";
      g_string_append_printf (got, "%s=%" G_GINT64_FORMAT ";", which, counts->rows[i].unread);
    }
  ck_assert_msg (strstr (got->str, "a=2;") && strstr (got->str, "b=1;") && strstr (got->str, "org=1;"), "%s", got->str);

  ck_assert (comms_db_activity_record (EXEC, "cat", a, COMMS_DB_VIEWED, &error));
  act = comms_db_activity_get (EXEC, "cat", a, &error);
  ck_assert_msg (act != NULL, "%s", error ? error->message : "");
  ck_assert (!act->viewed_at_is_null);
  ck_assert (!act->interacted_at_is_null);      /* kept from the post */
  comms_db_unread_count_list_free (g_steal_pointer (&counts));
  counts = comms_db_unread_counts (EXEC, "cat", COMMS_DB_NO_ORG, &error);
  ck_assert_uint_eq (counts->n_rows, 2);
  for (guint i = 0; i < counts->n_rows; i++)
    if (strcmp (uuid_str (&counts->rows[i].channel_id, id), a) == 0)
      ck_assert_int_eq (counts->rows[i].unread, 0);

  /* A channel never viewed with more than the cap: the count stops there. */
  sql_run ("INSERT INTO comms_messages (id, channel_id, sender_id, content)"
           " SELECT gen_random_uuid (), c.id, 'boss', 'flood' FROM comms_channels c"
           " CROSS JOIN generate_series (1, 150) WHERE c.name = 'o'");
  comms_db_unread_count_list_free (g_steal_pointer (&counts));
  counts = comms_db_unread_counts (EXEC, "cat", 3, &error);
  for (guint i = 0; i < counts->n_rows; i++)
    if (strcmp (uuid_str (&counts->rows[i].channel_id, id), org) == 0)
      ck_assert_int_eq (counts->rows[i].unread, COMMS_DB_UNREAD_CAP);
  {
    g_autoptr(MdbPage) page = comms_db_channels_list (EXEC, "cat", 3, NULL, 10, &error);
    CommsDbChannelListItem *first = page->items->pdata[0];

    ck_assert_str_eq (uuid_str (&first->id, id), org);
    ck_assert_int_eq (first->unread, COMMS_DB_UNREAD_CAP);
  }

  ck_assert_ptr_null (comms_db_activity_get (EXEC, "nobody", a, &error));
  assert_error (error, MDB_ERROR_NOT_FOUND, "no activity");
  g_clear_error (&error);
  ck_assert (!comms_db_activity_record (EXEC, "cat", "00000000-0000-0000-0000-00000000abcd", COMMS_DB_INTERACTED, &error));
  assert_error (error, MDB_ERROR_FOREIGN_KEY_VIOLATION, "");
  ck_assert_str_eq (mdb_error_get_constraint (error), "comms_activity_channel_id_fkey");
  g_clear_error (&error);
  ck_assert (!comms_db_activity_record (EXEC, "cat", a, 0, &error));
  assert_error (error, MDB_ERROR_INVALID_INPUT, "kinds is 0");
}
END_TEST

/* Writers racing on one channel: posts from two threads all land, adds of
 * overlapping user sets never collide, and a reader paging meanwhile sees
 * whole messages only. */
typedef struct {
  const char *channel;
  const char *sender;
  gint        done;    /* atomic: the reader polls it */
  GError     *error;
} Writer;

static gpointer
writer_thread (gpointer data)
{
  Writer *w = data;
  const CommsDbEntity att[] = { { "document", "shared" } };

  for (guint i = 0; i < 40 && w->error == NULL; i++)
    {
      g_autofree char *text = g_strdup_printf ("%s-%u", w->sender, i);
      g_autofree char *user = g_strdup_printf ("joiner-%u", i % 7);
      const char *const users[] = { user, "joiner-common" };
      CommsDbMessage *m = comms_db_message_post (EXEC, w->channel, w->sender, NULL, text, att, 1, NULL, 0, &w->error);

      if (m == NULL)
        break;
      comms_db_message_free (m);
      if (comms_db_participants_add (EXEC, w->channel, w->sender, users, 2, &w->error) < 0)
        break;
      g_atomic_int_inc (&w->done);
    }
  return NULL;
}

START_TEST (test_concurrent_writers_and_a_reader_on_one_channel)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ch = team_channel ();
  Writer a = { ch, "ann", 0, NULL }, b = { ch, "bob", 0, NULL };
  GThread *ta = g_thread_new ("w-ann", writer_thread, &a);
  GThread *tb = g_thread_new ("w-bob", writer_thread, &b);
  guint reads = 0;

  while (g_atomic_int_get (&a.done) + g_atomic_int_get (&b.done) < 80 && reads < 10000)
    {
      g_autoptr(MdbPage) page = comms_db_messages_list (EXEC, ch, "cat", 0, COMMS_DB_OLDER, NULL, 20, &error);

      ck_assert_msg (page != NULL, "%s", error ? error->message : "");
      for (guint i = 0; i < page->items->len; i++)
        ck_assert (g_str_has_prefix (((CommsDbMessage *) page->items->pdata[i])->content, "ann-")
                   || g_str_has_prefix (((CommsDbMessage *) page->items->pdata[i])->content, "bob-"));
      reads++;
      if (a.error != NULL || b.error != NULL)
        break;
    }
  g_thread_join (ta);
  g_thread_join (tb);
  ck_assert_msg (a.error == NULL && b.error == NULL, "%s", a.error ? a.error->message : b.error->message);
  ck_assert_int_eq (a.done + b.done, 80);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM comms_messages"), 80);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM comms_attachments"), 80);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM comms_channel_participants WHERE user_id LIKE 'joiner-%'"), 8);
}
END_TEST

/* Every function refuses bad input before anything is sent, naming the
 * argument: the error path of each one that the other tests leave out. */
#define REFUSED(call, fragment) \
  G_STMT_START { \
    g_autoptr(GError) error = NULL; \
    (void) (call); \
    assert_error (error, MDB_ERROR_INVALID_INPUT, fragment); \
  } G_STMT_END

START_TEST (test_every_function_refuses_bad_input_before_sending)
{
  const char *ok = "00000000-0000-0000-0000-000000000001";
  const char *const bad_ids[] = { ok, "x" };
  const char *const bad_users[] = { "a", "", NULL };
  const CommsDbEntity long_type[] = { { "0123456789012345678901234567890123", "id" } };
  guint64 before = acquires ();

  REFUSED (comms_db_latest_messages (EXEC, "r", 0, bad_ids, 2, &error), "channel_ids[1]: 'x' is not a uuid");
  REFUSED (comms_db_latest_messages (EXEC, "r", 0, NULL, COMMS_DB_MAX_BATCH + 1, &error), "channel_ids is NULL");
  REFUSED (comms_db_reactions_summary (EXEC, "", 0, bad_ids, 1, &error), "reader_id is empty");
  REFUSED (comms_db_thread_replies (EXEC, "nope", "r", 0, NULL, 5, &error), "thread_id: 'nope' is not a uuid");
  REFUSED (comms_db_thread_replies (EXEC, ok, "r", 0, "garbage", 5, &error), "invalid cursor");
  REFUSED (comms_db_messages_list (EXEC, ok, "r", -2, COMMS_DB_OLDER, NULL, 5, &error), "org_id is -2");
  REFUSED (comms_db_entity_references_list (EXEC, "u", NULL, "d", NULL, 5, &error), "entity_type is NULL");
  REFUSED (comms_db_entity_references_list (EXEC, "u", "document", "d", NULL, 0, &error), "limit is 0");
  REFUSED (comms_db_attachments_add (EXEC, ok, "u", long_type, 1, &error), "entities[0]: entity_type is longer than 32");
  REFUSED (comms_db_mentions_add (EXEC, "bad", "u", long_type, 1, &error), "message_id: 'bad' is not a uuid");
  REFUSED (comms_db_message_edit (EXEC, ok, "u", NULL, &error), "content is NULL");
  REFUSED (comms_db_message_delete (EXEC, ok, "", &error), "user_id is empty");
  REFUSED (comms_db_reaction_toggle (EXEC, ok, "u", "0123456789012345678901234567890123", NULL, &error),
           "emoji is longer than 32 characters");
  REFUSED (comms_db_activity_get (EXEC, "u", "x", &error), "channel_id: 'x' is not a uuid");
  REFUSED (comms_db_unread_counts (EXEC, "a\xff", 0, &error), "user_id is not valid UTF-8");
  REFUSED (comms_db_participant_leave (EXEC, ok, NULL, &error), "user_id is NULL");
  REFUSED (comms_db_participant_remove (EXEC, ok, "", "u", &error), "actor_id is empty");
  REFUSED (comms_db_participants_add (EXEC, ok, "a", bad_users, 2, &error), "user_ids[1] is empty");
  REFUSED (comms_db_channel_delete (EXEC, ok, NULL, &error), "user_id is NULL");
  REFUSED (comms_db_channel_rename (EXEC, ok, "u", "", &error), "name is empty");
  REFUSED (comms_db_private_channel_find (EXEC, bad_users, 3, &error), "user_ids[1] is empty");
  REFUSED (comms_db_message_with_context (EXEC, ok, "r", 0, 0, 101, &error), "n_after is 101");
  ck_assert_uint_eq (acquires (), before);
}
END_TEST

static Suite *
comms_messages_suite (void)
{
  Suite *s = suite_create ("comms-messages");
  TCase *tc = tcase_create ("messages");

  tcase_add_checked_fixture (tc, comms_setup, comms_teardown);
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_post_stores_message_attachments_mentions_in_one_round_trip);
  tcase_add_test (tc, test_a_non_participant_cannot_post_and_nothing_is_stored);
  tcase_add_test (tc, test_edit_and_soft_delete);
  tcase_add_test (tc, test_message_pages_go_both_ways_without_gaps_or_repeats);
  tcase_add_test (tc, test_context_is_one_round_trip_and_pages_on_from_it);
  tcase_add_test (tc, test_threads_keep_their_replies_and_context);
  tcase_add_test (tc, test_latest_messages_for_many_channels_in_one_query);
  tcase_add_test (tc, test_reactions_toggle_and_group_by_emoji);
  tcase_add_test (tc, test_attachment_references_of_the_real_fixture);
  tcase_add_test (tc, test_references_page_and_follow_new_attachments_and_mentions);
  tcase_add_test (tc, test_activity_and_unread_counts);
  tcase_add_test (tc, test_concurrent_writers_and_a_reader_on_one_channel);
  tcase_add_test (tc, test_every_function_refuses_bad_input_before_sending);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return mdb_test_run (srunner_create (comms_messages_suite ()), TRUE);
}
