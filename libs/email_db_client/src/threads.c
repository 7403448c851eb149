/* SPDX-License-Identifier: MIT */
/* threads.c: inbox views (one query per page) and the thread page (two). */
#include "email-db-private.h"

static void
inbox_key (gconstpointer row, MdbCursor *cursor)
{
  const EmailDbInboxThread *t = row;
  char id[MDB_UUID_STRING_SIZE];

  mdb_cursor_add_int64 (cursor, t->latest_ts);
  mdb_cursor_add_text (cursor, email_db__uuid_text (&t->id, id));
}

/**
 * email_db_inbox_list:
 * @executor: a pool or a connection
 * @macro_id: the acting user
 * @link_id: one of the acting user's links
 * @view: (nullable): %NULL for all mail, `"INBOX"` (threads with a message
 *   in the inbox), `"SENT"` (threads with a sent message), `"STARRED"`
 *   (threads with a starred message), or any other provider label id
 *   (threads with a message carrying that label, e.g. a user label)
 * @cursor: (nullable): the `next_cursor` of the previous page, or %NULL for the first page
 * @limit: the most threads to return, 1 to %EMAIL_DB_MAX_PAGE
 * @error: return location for a #GError
 *
 * Lists one page of a link's threads in a view, newest first by the date
 * of their latest non-draft, non-spam message, ties by thread id (keyset:
 * threads arriving meanwhile neither repeat nor shift the next page).
 * Each row carries its latest message's preview (subject, snippet, sender
 * address and name, message id), the thread's read state, the provider ids
 * of every label its messages carry and whether any message has
 * attachments.  One query per page, through the index of the view
 * (email_threads_link_{latest,inbox,sent}_idx).  Another user's link, or
 * an unknown one, gives an empty page.
 *
 * Errors: MDB_ERROR_INVALID_INPUT when @macro_id is %NULL, empty or not
 * UTF-8, @link_id is not a uuid, @view is empty or not UTF-8, @limit is
 * out of range, or @cursor was not made by this function for this link and
 * view; the executor's errors.
 *
 * Returns: (transfer full): the page (mdb_page_free()); its items are
 *   #EmailDbInboxThread rows borrowed from the page
 *   (email_db_inbox_thread_dup() keeps one longer), or %NULL on error
 *
 * Since: 0.1
 */
MdbPage *
email_db_inbox_list (MdbExecutor *executor,
                     const char  *macro_id,
                     const char  *link_id,
                     const char  *view,
                     const char  *cursor,
                     guint        limit,
                     GError     **error)
{
  g_autoptr (MdbCursor) after = NULL;
  g_autofree char *kind = NULL;
  EmailDbInboxThreadList *rows;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!email_db__check_text (macro_id, "macro_id", error)
      || !email_db__check_uuid (link_id, "link_id", error)
      || !mdb_check_text (view, -1, "view", MDB_TEXT_NULLABLE, error)
      || !mdb_check_limit (limit, EMAIL_DB_MAX_PAGE, "limit", error))
    return NULL;
  kind = g_strconcat ("email_db.inbox_list:", link_id, ":", view != NULL ? view : "", view != NULL ? "" : "*", NULL);
  if (cursor != NULL && (after = mdb_cursor_decode (cursor, kind, "it", error)) == NULL)
    return NULL;
  rows = email_db_inbox_page (executor, link_id, view,
                              after != NULL ? mdb_cursor_get_int64 (after, 0) : EMAIL_DB_TS_MAX,
                              after != NULL ? mdb_cursor_get_text (after, 1) : EMAIL_DB_UUID_MAX,
                              (gint64) limit + 1, macro_id, error);
  if (rows == NULL)
    return NULL;
  return mdb_page_new_from_row_list (rows, sizeof (EmailDbInboxThread), limit, kind, inbox_key);
}

static void
message_key (gconstpointer row, MdbCursor *cursor)
{
  const EmailDbMessage *m = row;
  char id[MDB_UUID_STRING_SIZE];

  mdb_cursor_add_int64 (cursor, m->internal_date_ts);
  mdb_cursor_add_text (cursor, email_db__uuid_text (&m->id, id));
}

/**
 * email_db_thread_read:
 * @executor: a pool or a connection
 * @macro_id: the acting user
 * @thread_id: a thread of one of the acting user's links
 * @cursor: (nullable): the `next_cursor` of the previous page of messages, or %NULL for the first
 * @limit: the most messages to return, 1 to %EMAIL_DB_MAX_PAGE
 * @out_messages: (out) (transfer full): one page of the thread's messages
 * @error: return location for a #GError
 *
 * The thread page: the thread and one page of its messages, oldest first
 * by (date, id), each with its sender, its recipients (to, cc, bcc with the
 * contacts' names), the provider ids of its labels and its attachments.
 * Two queries whatever the number of messages (the real system ran six per
 * message).  Messages without a date are not listed.
 *
 * Errors: MDB_ERROR_NOT_FOUND when the thread does not exist or belongs to
 * another user's link; MDB_ERROR_INVALID_INPUT when @macro_id is %NULL,
 * empty or not UTF-8, @thread_id is not a uuid, @limit is out of range or
 * @cursor was not made by this function for this thread; the executor's
 * errors.
 *
 * Returns: (transfer full): the thread (email_db_thread_free()), and in
 *   @out_messages a page (mdb_page_free()) whose items are #EmailDbMessage
 *   rows borrowed from the page, with their child rows; or %NULL on error
 *   (then *@out_messages is %NULL)
 *
 * Since: 0.1
 */
EmailDbThread *
email_db_thread_read (MdbExecutor *executor,
                      const char  *macro_id,
                      const char  *thread_id,
                      const char  *cursor,
                      guint        limit,
                      MdbPage    **out_messages,
                      GError     **error)
{
  g_autoptr (MdbCursor) after = NULL;
  g_autoptr (EmailDbThread) thread = NULL;
  g_autoptr (GError) local = NULL;
  g_autofree char *kind = NULL;
  EmailDbMessageList *rows;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (out_messages != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  *out_messages = NULL;
  if (!email_db__check_text (macro_id, "macro_id", error)
      || !email_db__check_uuid (thread_id, "thread_id", error)
      || !mdb_check_limit (limit, EMAIL_DB_MAX_PAGE, "limit", error))
    return NULL;
  kind = g_strconcat ("email_db.thread_read:", thread_id, NULL);
  if (cursor != NULL && (after = mdb_cursor_decode (cursor, kind, "it", error)) == NULL)
    return NULL;
  thread = email_db_thread_get_owned (executor, thread_id, macro_id, &local);
  if (thread == NULL)
    {
      if (local == NULL)
        g_set_error (&local, MDB_ERROR, MDB_ERROR_NOT_FOUND, "no thread %s of this user", thread_id);
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  rows = email_db_thread_messages (executor, thread_id, macro_id,
                                   after != NULL ? mdb_cursor_get_int64 (after, 0) : EMAIL_DB_TS_MIN,
                                   after != NULL ? mdb_cursor_get_text (after, 1) : EMAIL_DB_UUID_MIN,
                                   (gint64) limit + 1, error);
  if (rows == NULL)
    return NULL;
  *out_messages = mdb_page_new_from_row_list (rows, sizeof (EmailDbMessage), limit, kind, message_key);
  return g_steal_pointer (&thread);
}
