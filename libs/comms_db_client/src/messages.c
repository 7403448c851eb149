/* SPDX-License-Identifier: MIT */
/* messages.c: post, edit, delete and read messages and threads. */
#include <string.h>
#include "comms-private.h"

/* The first page of each direction starts beyond every real key: the
 * core binds G_MAXINT64 / G_MININT64 as 'infinity' / '-infinity'. */
#define UUID_MAX "ffffffff-ffff-ffff-ffff-ffffffffffff"
#define UUID_MIN "00000000-0000-0000-0000-000000000000"

/* Why a post was refused, told with one more query (only on that path). */
static void
explain_refused_post (MdbExecutor *executor, const char *channel_id, const char *sender_id,
                      const char *thread_id, GError **error)
{
  gboolean active = FALSE;

  if (!comms_db_message_sender_active (executor, channel_id, sender_id, &active, error))
    return;
  if (!active)
    comms_refuse (error, "user %s is not an active participant of channel %s: nothing was posted",
                  sender_id, channel_id);
  else
    comms_refuse (error, "thread %s is not a top-level message of channel %s: nothing was posted",
                  thread_id, channel_id);
}

/**
 * comms_db_message_post:
 * @executor: a pool or a connection
 * @channel_id: the channel
 * @sender_id: the sender: an active participant of the channel
 * @thread_id: (nullable): the top-level message this one replies to (in the
 *   same channel), or %NULL for a top-level message
 * @content: the text ("" allowed, e.g. for a message of attachments only)
 * @attachments: (array length=n_attachments) (nullable): entities attached
 * @n_attachments: how many, at most %COMMS_DB_MAX_ENTITIES
 * @mentions: (array length=n_mentions) (nullable): entities mentioned
 * @n_mentions: how many, at most %COMMS_DB_MAX_ENTITIES
 * @error: return location for a #GError
 *
 * Posts a message with its attachments and mentions and marks the channel
 * viewed and interacted by the sender, all in **one statement, one round
 * trip**.  The participation check is part of it: a sender who is not an
 * active participant stores nothing.
 *
 * Errors: MDB_ERROR_NOT_FOUND when @sender_id is not an active participant
 * of the channel (or the channel does not exist), or @thread_id is not a
 * top-level message of the channel, saying which (a second query, on that
 * path only); MDB_ERROR_INVALID_INPUT for bad ids, an entity with an empty
 * field or a type over 32 characters (`attachments[1]: entity_id is empty`),
 * too many entities; the executor's errors.
 *
 * Returns: (transfer full): the message (comms_db_message_free()), or %NULL
 *
 * Since: 0.1
 */
CommsDbMessage *
comms_db_message_post (MdbExecutor         *executor,
                       const char          *channel_id,
                       const char          *sender_id,
                       const char          *thread_id,
                       const char          *content,
                       const CommsDbEntity *attachments,
                       gsize                n_attachments,
                       const CommsDbEntity *mentions,
                       gsize                n_mentions,
                       GError             **error)
{
  g_autofree const char **attachment_types = NULL, **attachment_ids = NULL;
  g_autofree const char **mention_types = NULL, **mention_ids = NULL;
  g_autoptr (GError) local = NULL;
  CommsDbMessage *message;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!comms_check_uuid (channel_id, "channel_id", error) || !comms_check_id (sender_id, "sender_id", error)
      || (thread_id != NULL && !comms_check_uuid (thread_id, "thread_id", error))
      || !mdb_check_text (content, -1, "content", MDB_TEXT_ALLOW_EMPTY, error)
      || !comms_check_entities (attachments, n_attachments, "attachments", error)
      || !comms_check_entities (mentions, n_mentions, "mentions", error))
    return NULL;
  comms_entities_split (attachments, n_attachments, &attachment_types, &attachment_ids);
  comms_entities_split (mentions, n_mentions, &mention_types, &mention_ids);
  message = comms_db_message_insert (executor, channel_id, sender_id, thread_id, content, attachment_types,
                                     attachment_ids, mention_types, mention_ids, &local);
  if (message == NULL && local == NULL)
    explain_refused_post (executor, channel_id, sender_id, thread_id, error);
  else if (local != NULL)
    g_propagate_error (error, g_steal_pointer (&local));
  return message;
}

/**
 * comms_db_message_edit:
 * @executor: a pool or a connection
 * @message_id: the message
 * @user_id: its sender
 * @content: the new text
 * @error: return location for a #GError
 *
 * Changes a live message's content and sets `edited_at`.  Only the sender
 * may; the check is part of the UPDATE.  One round trip.
 *
 * Errors: MDB_ERROR_NOT_FOUND when the message does not exist, is deleted,
 * or was not sent by @user_id; MDB_ERROR_INVALID_INPUT for bad arguments;
 * the executor's errors.
 *
 * Returns: (transfer full): the edited message (comms_db_message_free()), or %NULL
 *
 * Since: 0.1
 */
CommsDbMessage *
comms_db_message_edit (MdbExecutor *executor,
                       const char  *message_id,
                       const char  *user_id,
                       const char  *content,
                       GError     **error)
{
  g_autoptr (GError) local = NULL;
  CommsDbMessage *message;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!comms_check_uuid (message_id, "message_id", error) || !comms_check_id (user_id, "user_id", error)
      || !mdb_check_text (content, -1, "content", MDB_TEXT_ALLOW_EMPTY, error))
    return NULL;
  message = comms_db_message_update (executor, content, message_id, user_id, &local);
  return comms_found (message, g_steal_pointer (&local), error,
                      "message %s not found, deleted, or not sent by user %s", message_id, user_id);
}

/**
 * comms_db_message_delete:
 * @executor: a pool or a connection
 * @message_id: the message
 * @user_id: its sender, or an active owner or admin of its channel
 * @error: return location for a #GError
 *
 * Soft-deletes a message: its content is blanked and `deleted_at` set; the
 * row stays as a tombstone (pages keep their places), and previews, unread
 * counts and entity references skip it.  One round trip.
 *
 * Errors: MDB_ERROR_NOT_FOUND when the message does not exist, is already
 * deleted, or @user_id may not delete it; MDB_ERROR_INVALID_INPUT for bad
 * ids; the executor's errors.
 *
 * Returns: %TRUE when deleted
 *
 * Since: 0.1
 */
gboolean
comms_db_message_delete (MdbExecutor *executor,
                         const char  *message_id,
                         const char  *user_id,
                         GError     **error)
{
  gint64 n;

  g_return_val_if_fail (executor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!comms_check_uuid (message_id, "message_id", error) || !comms_check_id (user_id, "user_id", error))
    return FALSE;
  if ((n = comms_db_message_soft_delete (executor, message_id, user_id, error)) < 0)
    return FALSE;
  if (n == 0)
    comms_refuse (error, "message %s not found, already deleted, or user %s may not delete it",
                  message_id, user_id);
  return n > 0;
}

static void
message_key (gconstpointer row, MdbCursor *cursor)
{
  const CommsDbMessage *m = row;

  comms_key_time_id (cursor, m->created_at, &m->id);
}

/* Bound to the channel, in its canonical form: a cursor made from a row
 * (comms_db_messages_cursor_at()) matches whatever form the caller wrote. */
static char *
messages_kind (const char *channel_id)
{
  char canonical[MDB_UUID_STRING_SIZE];
  MdbUuid id = { { 0 } };

  mdb_uuid_parse (channel_id, &id, NULL);
  return g_strconcat ("comms_db.messages:", mdb_uuid_format (&id, canonical), NULL);
}

/**
 * comms_db_messages_cursor_at:
 * @message: a top-level message (of a page, a context, a post)
 *
 * Makes a cursor at @message for comms_db_messages_list() on its channel:
 * with %COMMS_DB_OLDER the page starts just before it, with
 * %COMMS_DB_NEWER just after it.  So a context
 * (comms_db_message_with_context()) can be paged further both ways.
 *
 * Returns: (transfer full): the cursor (g_free())
 *
 * Since: 0.1
 */
char *
comms_db_messages_cursor_at (const CommsDbMessage *message)
{
  char channel[MDB_UUID_STRING_SIZE];
  g_autofree char *kind = NULL;
  g_autoptr (MdbCursor) cursor = NULL;

  g_return_val_if_fail (message != NULL, NULL);

  kind = messages_kind (mdb_uuid_format (&message->channel_id, channel));
  cursor = mdb_cursor_new (kind);
  message_key (message, cursor);
  return mdb_cursor_encode (cursor);
}

/**
 * comms_db_messages_list:
 * @executor: a pool or a connection
 * @channel_id: the channel
 * @reader_id: who reads: the channel must be readable by this user
 * @org_id: the reader's organization, or %COMMS_DB_NO_ORG
 * @direction: %COMMS_DB_OLDER (newest first) or %COMMS_DB_NEWER (oldest first)
 * @cursor: (nullable): a `next_cursor` of this channel's pages (either
 *   direction) or comms_db_messages_cursor_at(), or %NULL: from the latest
 *   (older) or the first (newer) message
 * @limit: the most messages, 1 to %COMMS_DB_MAX_PAGE
 * @error: return location for a #GError
 *
 * Lists one page of a channel's top-level messages (thread replies are
 * read with comms_db_thread_replies()), keyset by (`created_at`, `id`) in
 * either direction from the cursor.  Deleted messages are included as
 * tombstones (`deleted_at` set, content "").  A channel that does not exist
 * or that the reader may not read gives an empty page.  One round trip, on
 * the index `comms_messages_channel_toplevel_cursor_idx`.
 *
 * Errors: MDB_ERROR_INVALID_INPUT for bad ids, an unknown @direction, a
 * @limit out of range or a @cursor of another channel; the executor's errors.
 *
 * Returns: (transfer full): the page (mdb_page_free()) of #CommsDbMessage
 *   rows it holds, or %NULL on error
 *
 * Since: 0.1
 */
MdbPage *
comms_db_messages_list (MdbExecutor     *executor,
                        const char      *channel_id,
                        const char      *reader_id,
                        gint64           org_id,
                        CommsDbDirection direction,
                        const char      *cursor,
                        guint            limit,
                        GError         **error)
{
  g_autofree char *kind = NULL;
  gboolean older = direction == COMMS_DB_OLDER;
  char at_id[MDB_UUID_STRING_SIZE];
  gint64 at = older ? G_MAXINT64 : G_MININT64;
  CommsDbMessageList *rows;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!comms_check_uuid (channel_id, "channel_id", error) || !comms_check_id (reader_id, "reader_id", error)
      || !comms_check_org (org_id, error) || !mdb_check_limit (limit, COMMS_DB_MAX_PAGE, "limit", error))
    return NULL;
  if (direction != COMMS_DB_OLDER && direction != COMMS_DB_NEWER)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "direction is %d, not a CommsDbDirection",
                   (int) direction);
      return NULL;
    }
  kind = messages_kind (channel_id);
  g_strlcpy (at_id, older ? UUID_MAX : UUID_MIN, sizeof at_id);
  if (cursor != NULL && !comms_cursor_time_id (cursor, kind, &at, at_id, error))
    return NULL;
  if (older)
    rows = comms_db_messages_older (executor, channel_id, at, at_id, org_id, reader_id, (gint64) limit + 1, error);
  else
    rows = comms_db_messages_newer (executor, channel_id, at, at_id, org_id, reader_id, (gint64) limit + 1, error);
  if (rows == NULL)
    return NULL;
  return mdb_page_new_from_row_list (rows, sizeof rows->rows[0], limit, kind, message_key);
}

/**
 * comms_db_message_with_context:
 * @executor: a pool or a connection
 * @message_id: the message to show
 * @reader_id: who reads: its channel must be readable by this user
 * @org_id: the reader's organization, or %COMMS_DB_NO_ORG
 * @n_before: how many messages before it, 0 to %COMMS_DB_MAX_CONTEXT
 * @n_after: how many messages after it, 0 to %COMMS_DB_MAX_CONTEXT
 * @error: return location for a #GError
 *
 * Reads a message with up to @n_before messages before it and @n_after
 * after it at its own level (the channel's top-level messages, or the
 * replies of its thread), oldest first, in **one query and one round
 * trip** (the real system used three).  Tombstones count as messages.
 *
 * Errors: MDB_ERROR_NOT_FOUND when the message does not exist or the reader
 * may not read its channel; MDB_ERROR_INVALID_INPUT for bad ids or counts
 * out of range; the executor's errors.
 *
 * Returns: (transfer full): the messages (comms_db_message_list_free()), the
 *   asked one among them, or %NULL
 *
 * Since: 0.1
 */
CommsDbMessageList *
comms_db_message_with_context (MdbExecutor *executor,
                               const char  *message_id,
                               const char  *reader_id,
                               gint64       org_id,
                               guint        n_before,
                               guint        n_after,
                               GError     **error)
{
  CommsDbMessageList *rows;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!comms_check_uuid (message_id, "message_id", error) || !comms_check_id (reader_id, "reader_id", error)
      || !comms_check_org (org_id, error))
    return NULL;
  if (n_before > COMMS_DB_MAX_CONTEXT || n_after > COMMS_DB_MAX_CONTEXT)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "%s is %u (want 0 to %d)",
                   n_before > COMMS_DB_MAX_CONTEXT ? "n_before" : "n_after",
                   n_before > COMMS_DB_MAX_CONTEXT ? n_before : n_after, COMMS_DB_MAX_CONTEXT);
      return NULL;
    }
  rows = comms_db_message_context (executor, message_id, org_id, reader_id, n_before, n_after, error);
  if (rows != NULL && rows->n_rows == 0)
    {
      comms_db_message_list_free (rows);
      comms_refuse (error, "message %s not found, or user %s may not read its channel", message_id, reader_id);
      return NULL;
    }
  return rows;
}

/**
 * comms_db_thread_replies:
 * @executor: a pool or a connection
 * @thread_id: the top-level message that opened the thread
 * @reader_id: who reads: the thread's channel must be readable by this user
 * @org_id: the reader's organization, or %COMMS_DB_NO_ORG
 * @cursor: (nullable): the `next_cursor` of the previous page, or %NULL
 * @limit: the most replies, 1 to %COMMS_DB_MAX_PAGE
 * @error: return location for a #GError
 *
 * Lists one page of a thread's replies, oldest first, keyset by
 * (`created_at`, `id`).  An unknown or unreadable thread gives an empty
 * page.  One round trip, on `comms_messages_thread_cursor_idx`.
 *
 * Errors: MDB_ERROR_INVALID_INPUT for bad ids, a @limit out of range or a
 * @cursor of another thread; the executor's errors.
 *
 * Returns: (transfer full): the page (mdb_page_free()) of #CommsDbMessage
 *   rows it holds, or %NULL on error
 *
 * Since: 0.1
 */
MdbPage *
comms_db_thread_replies (MdbExecutor *executor,
                         const char  *thread_id,
                         const char  *reader_id,
                         gint64       org_id,
                         const char  *cursor,
                         guint        limit,
                         GError     **error)
{
  g_autofree char *kind = NULL;
  char after_id[MDB_UUID_STRING_SIZE] = UUID_MIN;
  gint64 after_at = G_MININT64;
  CommsDbMessageList *rows;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!comms_check_uuid (thread_id, "thread_id", error) || !comms_check_id (reader_id, "reader_id", error)
      || !comms_check_org (org_id, error) || !mdb_check_limit (limit, COMMS_DB_MAX_PAGE, "limit", error))
    return NULL;
  kind = g_strconcat ("comms_db.thread_replies:", thread_id, NULL);
  if (cursor != NULL && !comms_cursor_time_id (cursor, kind, &after_at, after_id, error))
    return NULL;
  rows = comms_db_thread_replies_page (executor, thread_id, after_at, after_id, org_id, reader_id,
                                       (gint64) limit + 1, error);
  if (rows == NULL)
    return NULL;
  return mdb_page_new_from_row_list (rows, sizeof rows->rows[0], limit, kind, message_key);
}

/**
 * comms_db_latest_messages:
 * @executor: a pool or a connection
 * @reader_id: who reads
 * @org_id: the reader's organization, or %COMMS_DB_NO_ORG
 * @channel_ids: (array length=n_channels): the channels
 * @n_channels: how many, at most %COMMS_DB_MAX_BATCH (0: an empty list, nothing sent)
 * @error: return location for a #GError
 *
 * The newest live message (any level) of each given channel, in input
 * order, in one query; channels without one, unknown ones, and those the
 * reader may not read are left out.
 *
 * Errors: MDB_ERROR_INVALID_INPUT naming the first malformed id; the
 * executor's errors.
 *
 * Returns: (transfer full): the messages (comms_db_message_list_free()), or %NULL
 *
 * Since: 0.1
 */
CommsDbMessageList *
comms_db_latest_messages (MdbExecutor       *executor,
                          const char        *reader_id,
                          gint64             org_id,
                          const char *const *channel_ids,
                          gsize              n_channels,
                          GError           **error)
{
  g_autofree const char **ids = NULL;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!comms_check_batch_read (reader_id, "reader_id", org_id, channel_ids, n_channels, "channel_ids", error))
    return NULL;
  if (n_channels == 0)
    return g_new0 (CommsDbMessageList, 1);
  ids = comms_strv_new (channel_ids, n_channels);
  return comms_db_latest_messages_get (executor, ids, org_id, reader_id, error);
}
