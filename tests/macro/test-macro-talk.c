/* SPDX-License-Identifier: MIT */
/* test-macro-talk.c: macro_db_client's AI chats, document comments and
 * recents (issue 16), whose permissions come from part 1's one access
 * definition, against a fresh MacroDB per test. */
#include <string.h>
#include "part2-support.h"
#include <macro-db/macro-db.h>

static void
setup (void)
{
  mt_setup ("talk.sql");
}


/* ------------------------------------------------------------------ chats */

static MacroDbChatMessage *
add_ok (const char *user, const char *chat, const char *role, const char *json,
        const MacroDbChatAttachment *att, gsize n_att)
{
  MacroDbNewChatMessage m = { role, json, NULL, att, n_att };
  g_autoptr(GError) error = NULL;
  MacroDbChatMessage *msg = macro_db_chat_add_message (EXEC, user, chat, &m, &error);

  ck_assert_msg (msg != NULL, "add: %s", error ? error->message : "");
  return msg;
}

START_TEST (test_chat_create_in_project_and_messages_with_attachments)
{
  static const MacroDbChatAttachment att[] = { { "document", "d-1" }, { "image", "img-9" } };
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) e_project = NULL;
  g_autoptr(MacroDbChat) chat = macro_db_chat_create (EXEC, "ann", "Plan", NULL, "p-1", &error);
  g_autoptr(MacroDbChatMessage) first = NULL;
  g_autoptr(MacroDbChatMessage) second = NULL;
  g_autoptr(MdbPage) page = NULL;
  g_autofree char *sql = NULL;
  const MacroDbChatMessage *m;

  ck_assert_msg (chat != NULL, "create: %s", error ? error->message : "");
  mt_assert_str (chat->model, "gpt-4o", "default model");
  mt_assert_str (chat->project_id, "p-1", "project");
  sql = g_strdup_printf ("SELECT count(*) FROM \"UserHistory\" WHERE \"userId\" = 'ann' AND \"itemId\" = '%s'", chat->id);
  ck_assert_int_eq (mt_sql_int (sql), 1);
  /* Bob may view p-1's content? No: he has no grant on p-1. */
  ck_assert_ptr_null (macro_db_chat_create (EXEC, "bob", "Mine", NULL, "p-1", &e_project));
  mt_assert_error (e_project, MDB_ERROR_NOT_FOUND, "no project p-1 that user bob may edit");

  first = add_ok ("ann", chat->id, "user", "{\"text\": \"hello\"}", att, 2);
  second = add_ok ("ann", chat->id, "assistant", "{\"text\": \"hi\"}", NULL, 0);
  ck_assert_ptr_nonnull (first->attachment_types[1]);
  mt_assert_str (first->attachment_ids[1], "img-9", "returned attachment");
  ck_assert_int_eq (mt_sql_int ("SELECT count(*) FROM \"ChatAttachment\""), 2);
  page = macro_db_chat_messages_list (EXEC, "ann", chat->id, NULL, 10, &error);
  ck_assert_msg (page != NULL, "list: %s", error ? error->message : "");
  ck_assert_uint_eq (page->items->len, 2);
  m = page->items->pdata[0];
  mt_assert_str (m->role, "user", "first role");
  mt_assert_str (m->content, "{\"text\": \"hello\"}", "content as jsonb text");
  mt_assert_str (m->attachment_types[0], "document", "attachment type");
  mt_assert_str (m->attachment_ids[0], "d-1", "attachment id");
  ck_assert_ptr_null (m->attachment_ids[2]);
  m = page->items->pdata[1];
  mt_assert_str (m->role, "assistant", "second role");
  ck_assert_ptr_null (m->attachment_ids[0]);
}
END_TEST

START_TEST (test_chat_permissions_follow_the_access_definition)
{
  MacroDbNewChatMessage msg = { "user", "{}", NULL, NULL, 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) e_view = NULL;
  g_autoptr(GError) e_none = NULL;
  g_autoptr(GError) e_json = NULL;
  g_autoptr(MacroDbChatMessage) by_dan = NULL;
  g_autoptr(MacroDbChat) renamed = NULL;
  g_autoptr(MdbPage) bobs_view = NULL;
  g_autoptr(MdbPage) eves_view = NULL;

  /* Dan (edit) may write, Bob (view) may read only, Eve nothing. */
  by_dan = macro_db_chat_add_message (EXEC, "dan", "ch-1", &msg, &error);
  ck_assert_msg (by_dan != NULL, "dan: %s", error ? error->message : "");
  ck_assert_ptr_null (macro_db_chat_add_message (EXEC, "bob", "ch-1", &msg, &e_view));
  mt_assert_error (e_view, MDB_ERROR_NOT_FOUND, "no live chat ch-1 that the user may edit");
  ck_assert_ptr_null (macro_db_chat_rename (EXEC, "eve", "ch-1", "Mine", &e_none));
  mt_assert_error (e_none, MDB_ERROR_NOT_FOUND, "no live chat ch-1");
  bobs_view = macro_db_chat_messages_list (EXEC, "bob", "ch-1", NULL, 10, &error);
  ck_assert_uint_eq (bobs_view->items->len, 1);
  eves_view = macro_db_chat_messages_list (EXEC, "eve", "ch-1", NULL, 10, &error);
  ck_assert_uint_eq (eves_view->items->len, 0);
  renamed = macro_db_chat_rename (EXEC, "dan", "ch-1", "Asked", &error);
  ck_assert_msg (renamed != NULL, "rename: %s", error ? error->message : "");
  mt_assert_str (renamed->name, "Asked", "renamed");
  /* Only the owner trashes; Dan's edit access is not enough. */
  ck_assert (!macro_db_chat_soft_delete (EXEC, "dan", "ch-1", &error));
  ck_assert_ptr_null (error);
  {
    MacroDbNewChatMessage bad = { "user", "{not json", NULL, NULL, 0 };
    ck_assert_ptr_null (macro_db_chat_add_message (EXEC, "ann", "ch-1", &bad, &e_json));
    ck_assert (g_error_matches (e_json, MDB_ERROR, MDB_ERROR_SERVER));
    mt_assert_str (mdb_error_get_sqlstate (e_json), "22P02", "invalid json");
  }
}
END_TEST

START_TEST (test_chat_trash_and_restore)
{
  MacroDbNewChatMessage msg = { "user", "{}", NULL, NULL, 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) e_trashed = NULL;
  g_autoptr(MdbPage) after_trash = NULL;

  ck_assert_int_eq (mt_sql_int ("SELECT count(*) FROM \"Pin\" WHERE \"pinnedItemId\" = 'ch-2'"), 1);
  ck_assert (macro_db_chat_soft_delete (EXEC, "ann", "ch-2", &error));
  ck_assert (!macro_db_chat_soft_delete (EXEC, "ann", "ch-2", &error));   /* already trashed */
  ck_assert_ptr_null (error);
  ck_assert_int_eq (mt_sql_int ("SELECT count(*) FROM \"Pin\" WHERE \"pinnedItemId\" = 'ch-2'"), 0);
  ck_assert_ptr_null (macro_db_chat_add_message (EXEC, "ann", "ch-2", &msg, &e_trashed));
  mt_assert_error (e_trashed, MDB_ERROR_NOT_FOUND, "ch-2");
  after_trash = macro_db_user_chats_list (EXEC, "ann", NULL, 10, &error);
  ck_assert_uint_eq (after_trash->items->len, 1);
  ck_assert (macro_db_chat_restore (EXEC, "ann", "ch-2", &error));
  ck_assert (!macro_db_chat_restore (EXEC, "ann", "ch-2", &error));
  ck_assert_ptr_null (error);
  ck_assert_int_eq (mt_sql_int ("SELECT count(*) FROM \"Chat\" WHERE \"deletedAt\" IS NULL"), 3);
}
END_TEST

START_TEST (test_user_chats_and_messages_page_by_keyset)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) e_cursor = NULL;
  g_autoptr(GString) seen = g_string_new (NULL);
  g_autofree char *cursor = NULL;
  guint pages = 0;

  /* 25 messages in ch-1 with equal timestamps in pairs: (createdAt, id) decides. */
  mt_sql_run ("INSERT INTO \"ChatMessage\" (id, content, role, \"chatId\", \"createdAt\")"
           " SELECT 'm' || lpad(i::text, 2, '0'), '{}', 'user', 'ch-1',"
           " timestamptz '2025-05-01 00:00:00+00' + (i / 2) * interval '1 second'"
           " FROM generate_series (1, 25) i");
  do
    {
      g_autoptr(MdbPage) page = macro_db_chat_messages_list (EXEC, "bob", "ch-1", cursor, 10, &error);
      ck_assert_msg (page != NULL, "page: %s", error ? error->message : "");
      for (guint i = 0; i < page->items->len; i++)
        g_string_append_printf (seen, "%s ", ((MacroDbChatMessage *) page->items->pdata[i])->id);
      g_free (cursor);
      cursor = g_strdup (page->next_cursor);
      pages++;
    }
  while (cursor != NULL);
  ck_assert_uint_eq (pages, 3);
  mt_assert_str (seen->str, "m01 m02 m03 m04 m05 m06 m07 m08 m09 m10 m11 m12 m13 m14 m15 m16 m17 m18 m19 m20"
              " m21 m22 m23 m24 m25 ", "messages");
  {
    g_autoptr(MdbPage) first = macro_db_user_chats_list (EXEC, "ann", NULL, 1, &error);
    g_autoptr(MdbPage) second = NULL;
    ck_assert_uint_eq (first->items->len, 1);
    mt_assert_str (((MacroDbChat *) first->items->pdata[0])->id, "ch-2", "newest chat first");
    second = macro_db_user_chats_list (EXEC, "ann", first->next_cursor, 1, &error);
    mt_assert_str (((MacroDbChat *) second->items->pdata[0])->id, "ch-1", "then the older");
    ck_assert_ptr_null (second->next_cursor);
    ck_assert_ptr_null (macro_db_user_chats_list (EXEC, "bob", first->next_cursor, 1, &e_cursor));
    mt_assert_error (e_cursor, MDB_ERROR_INVALID_INPUT, "cursor");
  }
}
END_TEST

/* Two writers adding 40 messages each to one chat at once: every message
 * is stored once with its attachment, and the pages list all 80. */
static gpointer
add_messages_thread (gpointer data)
{
  static const MacroDbChatAttachment att[] = { { "document", "d-1" } };
  MacroDbNewChatMessage msg = { data, "{}", NULL, att, 1 };
  gsize failures = 0;

  for (guint i = 0; i < 40; i++)
    {
      MacroDbChatMessage *m = macro_db_chat_add_message (EXEC, "dan", "ch-1", &msg, NULL);
      failures += m == NULL;
      g_clear_pointer (&m, macro_db_chat_message_free);
    }
  return GSIZE_TO_POINTER (failures);
}

START_TEST (test_concurrent_messages_are_all_stored)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  GThread *t1 = g_thread_new ("add-1", add_messages_thread, (gpointer) "user");
  GThread *t2 = g_thread_new ("add-2", add_messages_thread, (gpointer) "assistant");
  guint seen = 0;

  ck_assert_uint_eq (GPOINTER_TO_SIZE (g_thread_join (t1)) + GPOINTER_TO_SIZE (g_thread_join (t2)), 0);
  ck_assert_int_eq (mt_sql_int ("SELECT count(*) FROM \"ChatAttachment\""), 80);
  do
    {
      g_autoptr(MdbPage) page = macro_db_chat_messages_list (EXEC, "bob", "ch-1", cursor, 7, &error);
      ck_assert_msg (page != NULL, "page: %s", error ? error->message : "");
      seen += page->items->len;
      g_free (cursor);
      cursor = g_strdup (page->next_cursor);
    }
  while (cursor != NULL);
  ck_assert_uint_eq (seen, 80);
}
END_TEST

/* --------------------------------------------------------------- comments */

static void
open_ok (const char *user, const char *doc, const char *text, gint64 *thread, gint64 *comment)
{
  MacroDbNewComment c = { text, NULL, NULL };
  g_autoptr(GError) error = NULL;

  ck_assert_msg (macro_db_thread_open (EXEC, user, doc, NULL, &c, thread, comment, &error),
                 "open: %s", error ? error->message : "");
}

/* Issue 16: a user with view access cannot comment; comment access can. */
START_TEST (test_view_access_cannot_comment)
{
  MacroDbNewComment c = { "I only view", NULL, NULL };
  g_autoptr(GError) e_view = NULL;
  g_autoptr(GError) e_reply = NULL;
  g_autoptr(GError) e_none = NULL;
  g_autoptr(GError) error = NULL;
  gint64 thread = 0, comment = 0;

  ck_assert (!macro_db_thread_open (EXEC, "bob", "d-1", NULL, &c, &thread, &comment, &e_view));
  mt_assert_error (e_view, MDB_ERROR_NOT_FOUND, "no live document d-1 that user bob may comment on");
  ck_assert (!macro_db_thread_open (EXEC, "eve", "d-1", NULL, &c, NULL, NULL, &e_none));
  ck_assert (g_error_matches (e_none, MDB_ERROR, MDB_ERROR_NOT_FOUND));
  ck_assert_int_eq (mt_sql_int ("SELECT count(*) FROM \"Thread\""), 0);
  open_ok ("cid", "d-1", "Cid comments", &thread, &comment);
  ck_assert_int_gt (thread, 0);
  ck_assert_int_gt (comment, 0);
  ck_assert_int_eq (macro_db_comment_reply (EXEC, "bob", thread, &c, &e_reply), -1);
  mt_assert_error (e_reply, MDB_ERROR_NOT_FOUND, "may comment on");
  ck_assert_int_gt (macro_db_comment_reply (EXEC, "dan", thread, &c, &error), 0);
  ck_assert (!macro_db_thread_resolve (EXEC, "bob", thread, TRUE, &error));
  ck_assert_ptr_null (error);
  ck_assert (macro_db_thread_resolve (EXEC, "cid", thread, TRUE, &error));
  ck_assert_int_eq (mt_sql_int ("SELECT count(*) FROM \"Comment\""), 2);
  ck_assert_int_eq (mt_sql_int ("SELECT count(*) FROM \"Thread\" WHERE resolved"), 1);
}
END_TEST

static char *
threads_joined (const char *user, const char *doc)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MacroDbDocumentThreadList) threads = macro_db_document_threads (EXEC, user, doc, &error);
  GString *out = g_string_new (NULL);

  ck_assert_msg (threads != NULL, "threads: %s", error ? error->message : "");
  for (guint i = 0; i < threads->n_rows; i++)
    {
      const MacroDbDocumentThread *t = &threads->rows[i];
      g_string_append_printf (out, "%s[%s%s:", i ? " " : "", t->owner, t->resolved ? " resolved" : "");
      for (guint j = 0; j < t->n_comments; j++)
        g_string_append_printf (out, "%s%s/%s", j ? "," : "", t->comments[j].owner, t->comments[j].text);
      g_string_append (out, "]");
    }
  return g_string_free (out, FALSE);
}

START_TEST (test_threads_with_comments_in_one_query_in_order)
{
  MacroDbNewComment reply = { "Agreed", "Assistant", "{\"quote\": \"x\"}" };
  MacroDbNewComment late = { "Late", NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *got = NULL;
  g_autofree char *after = NULL;
  g_autofree char *for_eve = NULL;
  gint64 t1, t2, c1, c2, r1, r2;

  open_ok ("cid", "d-1", "First", &t1, &c1);
  open_ok ("ann", "d-1", "Second", &t2, &c2);
  r1 = macro_db_comment_reply (EXEC, "ann", t1, &reply, &error);
  r2 = macro_db_comment_reply (EXEC, "dan", t1, &late, &error);
  ck_assert_int_gt (r2, r1);
  ck_assert (macro_db_comment_edit (EXEC, "ann", r1, "Agreed!", &error));
  ck_assert (!macro_db_comment_edit (EXEC, "dan", r1, "Not mine", &error));   /* not the author */
  ck_assert_ptr_null (error);
  ck_assert (macro_db_thread_resolve (EXEC, "ann", t2, TRUE, &error));
  got = threads_joined ("bob", "d-1");
  mt_assert_str (got, "[cid:cid/First,ann/Agreed!,dan/Late] [ann resolved:ann/Second]", "threads");
  /* The author deletes its own comment; Cid (comment) cannot delete Dan's,
   * Ann (owner) can. */
  ck_assert (!macro_db_comment_delete (EXEC, "cid", r2, &error));
  ck_assert (macro_db_comment_delete (EXEC, "ann", r2, &error));
  ck_assert (macro_db_comment_delete (EXEC, "cid", c1, &error));
  ck_assert (macro_db_thread_resolve (EXEC, "ann", t2, FALSE, &error));
  after = threads_joined ("bob", "d-1");
  mt_assert_str (after, "[cid:ann/Agreed!] [ann:ann/Second]", "after deletes");
  for_eve = threads_joined ("eve", "d-1");
  mt_assert_str (for_eve, "", "no view access: nothing");
  {
    g_autoptr(MacroDbDocumentThreadList) threads = macro_db_document_threads (EXEC, "ann", "d-1", &error);
    const MacroDbDocumentThreadCommentsItem *c = &threads->rows[0].comments[0];
    mt_assert_str (c->sender, "Assistant", "sender");
    mt_assert_str (c->metadata, "{\"quote\": \"x\"}", "metadata");
  }
}
END_TEST

START_TEST (test_comments_refuse_bad_input_and_trashed_documents)
{
  MacroDbNewComment empty = { "", NULL, NULL };
  MacroDbNewComment ok = { "Hi", NULL, NULL };
  g_autoptr(GError) e_text = NULL;
  g_autoptr(GError) e_id = NULL;
  g_autoptr(GError) e_trash = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *trashed = NULL;

  ck_assert (!macro_db_thread_open (EXEC, "ann", "d-1", NULL, &empty, NULL, NULL, &e_text));
  mt_assert_error (e_text, MDB_ERROR_INVALID_INPUT, "text");
  ck_assert_int_eq (macro_db_comment_reply (EXEC, "ann", 0, &ok, &e_id), -1);
  mt_assert_error (e_id, MDB_ERROR_INVALID_INPUT, "thread_id 0 is not a valid id");
  ck_assert (!macro_db_thread_open (EXEC, "ann", "d-trash", NULL, &ok, NULL, NULL, &e_trash));
  mt_assert_error (e_trash, MDB_ERROR_NOT_FOUND, "d-trash");
  mt_sql_run ("INSERT INTO \"Thread\" (id, owner, \"documentId\") VALUES (900, 'ann', 'd-trash')");
  mt_sql_run ("INSERT INTO \"Comment\" (\"threadId\", owner, text) VALUES (900, 'ann', 'kept')");
  trashed = threads_joined ("ann", "d-trash");
  mt_assert_str (trashed, "", "a trashed document shows no threads");
  ck_assert (!macro_db_thread_resolve (EXEC, "ann", 900, TRUE, &error));
  ck_assert_ptr_null (error);
}
END_TEST

/* Issue 16: deleting a document (part 1's soft delete) removes its pins
 * and history rows but keeps its comments until the hard delete. */
START_TEST (test_document_delete_drops_pins_and_history_keeps_comments_until_hard_delete)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;
  gint64 thread, comment;

  open_ok ("cid", "d-1", "Before the trash", &thread, &comment);
  ck_assert_int_eq (mt_sql_int ("SELECT count(*) FROM \"Pin\" WHERE \"pinnedItemId\" = 'd-1'"), 2);
  ck_assert_int_eq (mt_sql_int ("SELECT count(*) FROM \"UserHistory\" WHERE \"itemId\" = 'd-1'"), 2);
  ck_assert_msg (macro_db_document_soft_delete (EXEC, "d-1", &error), "soft delete: %s",
                 error ? error->message : "");
  ck_assert_int_eq (mt_sql_int ("SELECT count(*) FROM \"Pin\" WHERE \"pinnedItemId\" = 'd-1'"), 0);
  ck_assert_int_eq (mt_sql_int ("SELECT count(*) FROM \"UserHistory\" WHERE \"itemId\" = 'd-1'"), 0);
  ck_assert_int_eq (mt_sql_int ("SELECT count(*) FROM \"Pin\""), 1);          /* ch-2's stays */
  ck_assert_int_eq (mt_sql_int ("SELECT count(*) FROM \"Comment\""), 1);
  ck_assert_int_eq (mt_sql_int ("SELECT count(*) FROM \"Thread\""), 1);
  shown = threads_joined ("ann", "d-1");
  mt_assert_str (shown, "", "a trashed document shows no threads");
  ck_assert_msg (macro_db_document_restore (EXEC, "d-1", &error), "restore: %s", error ? error->message : "");
  g_free (shown);
  shown = threads_joined ("ann", "d-1");
  mt_assert_str (shown, "[cid:cid/Before the trash]", "restored with its comments");
  ck_assert_msg (macro_db_document_delete (EXEC, "d-1", &error), "delete: %s", error ? error->message : "");
  ck_assert_int_eq (mt_sql_int ("SELECT count(*) FROM \"Comment\""), 0);
  ck_assert_int_eq (mt_sql_int ("SELECT count(*) FROM \"Thread\""), 0);
}
END_TEST

/* ---------------------------------------------------------------- recents */

static char *
recents_joined (const char *user, guint limit)
{
  g_autoptr(GError) error = NULL;
  GString *out = g_string_new (NULL);
  g_autofree char *cursor = NULL;

  do
    {
      g_autoptr(MdbPage) page = macro_db_recents_list (EXEC, user, cursor, limit, &error);
      ck_assert_msg (page != NULL, "recents: %s", error ? error->message : "");
      for (guint i = 0; i < page->items->len; i++)
        {
          const MacroDbRecentItem *r = page->items->pdata[i];
          g_string_append_printf (out, "%s%s:%s", out->len ? " " : "", r->item_id,
                                  macro_db_access_level_to_string (r->access_level));
        }
      g_free (cursor);
      cursor = g_strdup (page->next_cursor);
    }
  while (cursor != NULL);
  return g_string_free (out, FALSE);
}

/* Recents are limited to live items the user can still access. */
START_TEST (test_recents_only_show_items_still_accessible)
{
  g_autofree char *before = recents_joined ("bob", 2);
  g_autofree char *after_revoke = NULL;
  g_autofree char *after_trash = NULL;

  /* p-1 was opened last but Bob has no access to it. */
  mt_assert_str (before, "d-2:view ch-1:view d-1:view", "recents");
  mt_sql_run ("DELETE FROM \"UserItemAccess\" WHERE user_id = 'bob' AND item_id = 'ch-1'");
  after_revoke = recents_joined ("bob", 2);
  mt_assert_str (after_revoke, "d-2:view d-1:view", "after revoking ch-1");
  mt_sql_run ("UPDATE \"Document\" SET \"deletedAt\" = now() WHERE id = 'd-2'");
  after_trash = recents_joined ("bob", 10);
  mt_assert_str (after_trash, "d-1:view", "after trashing d-2");
}
END_TEST

/* ---------------------------------------------------------- plans, trips */

/* 2 000 users, 20 000 documents with 2 threads of 5 comments each on
 * 2 000 of them, 4 000 chats with 10 messages each, 20 history rows and a
 * grant per user. */
static const char *const seed_sql =
  "INSERT INTO \"User\" (id, email) SELECT 'seed-' || i, 'seed-' || i || '@example.com'"
  "  FROM generate_series (1, 2000) i;"
  "INSERT INTO \"Document\" (id, name, owner) SELECT 'sd-' || i, 'doc ' || i, 'seed-' || (i % 2000 + 1)"
  "  FROM generate_series (1, 20000) i;"
  "INSERT INTO \"Project\" (id, name, \"userId\") SELECT 'sp-' || i, 'p ' || i, 'seed-' || (i % 2000 + 1)"
  "  FROM generate_series (1, 4000) i;"
  "INSERT INTO \"Thread\" (owner, \"documentId\") SELECT 'seed-' || (i % 2000 + 1), 'sd-' || (i % 2000 + 1)"
  "  FROM generate_series (1, 4000) i;"
  "INSERT INTO \"Comment\" (\"threadId\", owner, text) SELECT t.id, t.owner, 'c' || k"
  "  FROM \"Thread\" t, generate_series (1, 5) k;"
  "INSERT INTO \"Chat\" (id, name, \"userId\") SELECT 'sc-' || i, 'chat ' || i, 'seed-' || (i % 2000 + 1)"
  "  FROM generate_series (1, 4000) i;"
  "INSERT INTO \"ChatMessage\" (content, role, \"chatId\") SELECT '{}', 'user', 'sc-' || i"
  "  FROM generate_series (1, 4000) i, generate_series (1, 10) k;"
  "INSERT INTO \"ChatAttachment\" (\"attachmentType\", \"attachmentId\", \"chatId\", \"messageId\")"
  "  SELECT 'document', 'sd-1', m.\"chatId\", m.id FROM \"ChatMessage\" m;"
  "INSERT INTO \"UserItemAccess\" (user_id, item_id, item_type, access_level)"
  "  SELECT 'seed-' || u, 'sd-' || (u + 7), 'document', 'comment' FROM generate_series (1, 2000) u;"
  "INSERT INTO \"UserHistory\" (\"userId\", \"itemId\", \"itemType\", \"updatedAt\")"
  "  SELECT 'seed-' || u, 'sd-' || ((u * 7 + k * 13) % 20000 + 1), 'document', now() - k * interval '1 hour'"
  "  FROM generate_series (1, 2000) u, generate_series (1, 20) k ON CONFLICT DO NOTHING;"
  "ANALYZE";

/* The tables the seed makes large: none may be read whole.  (The access
 * definition also looks at share-permission tables the seed leaves empty,
 * which the planner rightly scans.) */
static const char *const large_tables[] = {
  "\"User\"", "\"Document\"", "\"Project\"", "\"Thread\"", "\"Comment\"", "\"Chat\"",
  "\"ChatMessage\"", "\"ChatAttachment\"", "\"UserItemAccess\"", "\"UserHistory\"", NULL,
};

START_TEST (test_lists_use_indexes)
{
  g_autoptr(GError) error = NULL;
  MdbConn *conn = mdb_pool_acquire (mt_fx.pool, &error);

  ck_assert_msg (conn != NULL, "acquire: %s", error ? error->message : "");
  ck_assert_msg (mdb_conn_exec_script (conn, seed_sql, &error), "seed: %s", error ? error->message : "");
  /* As autovacuum keeps a live database: the visibility map set, so
   * index-only scans are what the planner picks there too. */
  ck_assert_msg (mdb_conn_exec_script (conn, "VACUUM ANALYZE", &error), "vacuum: %s", error ? error->message : "");
  ck_assert (mdb_conn_exec_script (conn, "SET plan_cache_mode = force_generic_plan", &error));
  mt_assert_plan (conn, "chat_messages_page", "'sc-5', '-infinity', '', 'seed-6', 51", "ChatMessage_chatId_createdAt_idx", large_tables);
  mt_assert_plan (conn, "user_chats_page", "'seed-5', 'infinity', '', 51", "Chat_userId_updatedAt_idx", large_tables);
  mt_assert_plan (conn, "document_threads_all", "'sd-5', 'seed-5'", "Thread_documentId_idx", large_tables);
  mt_assert_plan (conn, "recents_page", "'seed-5', 'infinity', '', '', 51", "UserHistory_userId_updatedAt_itemType_itemId_idx", large_tables);
  mdb_pool_release (mt_fx.pool, conn);
}
END_TEST

START_TEST (test_each_operation_takes_its_documented_round_trips)
{
  static const MacroDbChatAttachment att[] = { { "document", "d-1" } };
  MacroDbNewChatMessage msg = { "user", "{}", "gpt", att, 1 };
  MacroDbNewComment c = { "x", NULL, NULL };
  GError *error = NULL;
  MdbConn *conn = mdb_pool_acquire (mt_fx.pool, &error);
  MdbExecutor *ex = MDB_EXECUTOR (conn);
  gint64 thread = 0, comment = 0;

  ck_assert_msg (conn != NULL, "acquire: %s", error ? error->message : "");
  MT_ASSERT_TRIPS (ex, 1, macro_db_chat_free (macro_db_chat_create (ex, "ann", "rt", NULL, "p-1", &error)));
  MT_ASSERT_TRIPS (ex, 1, macro_db_chat_message_free (macro_db_chat_add_message (ex, "ann", "ch-1", &msg, &error)));
  MT_ASSERT_TRIPS (ex, 1, mdb_page_free (macro_db_chat_messages_list (ex, "bob", "ch-1", NULL, 10, &error)));
  MT_ASSERT_TRIPS (ex, 1, mdb_page_free (macro_db_user_chats_list (ex, "ann", NULL, 10, &error)));
  MT_ASSERT_TRIPS (ex, 1, macro_db_chat_free (macro_db_chat_rename (ex, "ann", "ch-1", "rt", &error)));
  MT_ASSERT_TRIPS (ex, 1, macro_db_chat_soft_delete (ex, "ann", "ch-2", &error));
  MT_ASSERT_TRIPS (ex, 1, macro_db_chat_restore (ex, "ann", "ch-2", &error));
  /* open thread: one statement (the issue allows 2). */
  MT_ASSERT_TRIPS (ex, 1, macro_db_thread_open (ex, "cid", "d-1", "{}", &c, &thread, &comment, &error));
  MT_ASSERT_TRIPS (ex, 1, macro_db_comment_reply (ex, "dan", thread, &c, &error));
  MT_ASSERT_TRIPS (ex, 1, macro_db_comment_edit (ex, "cid", comment, "y", &error));
  MT_ASSERT_TRIPS (ex, 1, macro_db_thread_resolve (ex, "cid", thread, TRUE, &error));
  MT_ASSERT_TRIPS (ex, 1, macro_db_document_thread_list_free (macro_db_document_threads (ex, "bob", "d-1", &error)));
  MT_ASSERT_TRIPS (ex, 1, macro_db_comment_delete (ex, "cid", comment, &error));
  MT_ASSERT_TRIPS (ex, 1, mdb_page_free (macro_db_recents_list (ex, "bob", NULL, 10, &error)));
  mdb_test_assert_round_trips (ex, 0, macro_db_comment_reply (ex, "dan", -5, &c, &error));
  ck_assert (g_error_matches (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT));
  g_clear_error (&error);
  mdb_pool_release (mt_fx.pool, conn);
}
END_TEST

static Suite *
macro_talk_suite (void)
{
  Suite *s = suite_create ("macro-talk");
  TCase *tc = tcase_create ("talk");

  tcase_add_checked_fixture (tc, setup, mt_teardown);
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_chat_create_in_project_and_messages_with_attachments);
  tcase_add_test (tc, test_chat_permissions_follow_the_access_definition);
  tcase_add_test (tc, test_chat_trash_and_restore);
  tcase_add_test (tc, test_user_chats_and_messages_page_by_keyset);
  tcase_add_test (tc, test_concurrent_messages_are_all_stored);
  tcase_add_test (tc, test_view_access_cannot_comment);
  tcase_add_test (tc, test_threads_with_comments_in_one_query_in_order);
  tcase_add_test (tc, test_comments_refuse_bad_input_and_trashed_documents);
  tcase_add_test (tc, test_document_delete_drops_pins_and_history_keeps_comments_until_hard_delete);
  tcase_add_test (tc, test_recents_only_show_items_still_accessible);
  tcase_add_test (tc, test_lists_use_indexes);
  tcase_add_test (tc, test_each_operation_takes_its_documented_round_trips);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return mdb_test_run (srunner_create (macro_talk_suite ()), TRUE);
}
