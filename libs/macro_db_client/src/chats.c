/* SPDX-License-Identifier: MIT */
/* chats.c: AI chats, their messages with attachments, and the trash. */
#include "macro-private.h"

/* The first page's "after" (createdAt, id) of an oldest-first list:
 * PostgreSQL's '-infinity' is G_MININT64 µs, below every row. */
#define AFTER_OLDEST G_MININT64
/* The first page's "after" of a newest-first list: 'infinity'. */
#define AFTER_NEWEST G_MAXINT64

static void
set_no_chat (const char *chat_id, const char *what, GError **error)
{
  g_set_error (error, MDB_ERROR, MDB_ERROR_NOT_FOUND, "no live chat %s that the user may %s", chat_id, what);
}

/**
 * macro_db_chat_create:
 * @executor: a pool or a connection (in a transaction or not)
 * @user_id: the owner of the new chat
 * @name: its name
 * @model: (nullable): the model, %NULL for the default "gpt-4o"
 * @project_id: (nullable): the project to file it in: @user_id needs edit access to it
 * @error: return location for a #GError
 *
 * Creates a chat and records it in @user_id's history, in one statement
 * (one round trip).  Its owner has owner access through the access
 * definition (`"Chat"."userId"`); it is shared like any item.
 *
 * Errors: MDB_ERROR_INVALID_INPUT for a bad argument; MDB_ERROR_NOT_FOUND
 * when @project_id is given but @user_id may not edit it (or it does not
 * exist); MDB_ERROR_FOREIGN_KEY_VIOLATION (`Chat_userId_fkey`) for an
 * unknown user.
 *
 * Returns: (transfer full): the chat (macro_db_chat_free()), or %NULL on error
 *
 * Since: 0.1
 */
MacroDbChat *
macro_db_chat_create (MdbExecutor *executor,
                      const char  *user_id,
                      const char  *name,
                      const char  *model,
                      const char  *project_id,
                      GError     **error)
{
  GError *local = NULL;
  MacroDbChat *chat;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!macro_check_id (user_id, "user_id", error) || !macro_check_id (name, "name", error)
      || !macro_check_nullable_id (model, "model", error)
      || !mdb_check_text (project_id, -1, "project_id", MDB_TEXT_NULLABLE, error))
    return NULL;
  chat = macro_db_chat_insert (executor, project_id, user_id, name, model, &local);
  if (chat == NULL && local == NULL)
    local = g_error_new (MDB_ERROR, MDB_ERROR_NOT_FOUND, "no project %s that user %s may edit",
                         project_id, user_id);
  if (local != NULL)
    g_propagate_error (error, local);
  return chat;
}

/* Checks a message and splits its attachments into the NULL-terminated
 * arrays the generated function takes. */
static gboolean
split_message (const MacroDbNewChatMessage *message, const char ***types, const char ***ids, GError **error)
{
  if (!macro_check_id (message->role, "role", error) || !macro_check_id (message->content_json, "content_json", error)
      || !mdb_check_text (message->model, -1, "model", MDB_TEXT_NULLABLE, error))
    return FALSE;
  if (message->n_attachments > MACRO_DB_MAX_ATTACHMENTS || (message->n_attachments > 0 && message->attachments == NULL))
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                   "n_attachments is %" G_GSIZE_FORMAT " (0 to %d, with attachments set)",
                   message->n_attachments, MACRO_DB_MAX_ATTACHMENTS);
      return FALSE;
    }
  for (gsize i = 0; i < message->n_attachments; i++)
    if (!macro_check_id (message->attachments[i].attachment_type, "attachment_type", error)
        || !macro_check_id (message->attachments[i].attachment_id, "attachment_id", error))
      {
        g_prefix_error (error, "attachment %" G_GSIZE_FORMAT ": ", i);
        return FALSE;
      }
  *types = g_new0 (const char *, message->n_attachments + 1);
  *ids = g_new0 (const char *, message->n_attachments + 1);
  for (gsize i = 0; i < message->n_attachments; i++)
    {
      (*types)[i] = message->attachments[i].attachment_type;
      (*ids)[i] = message->attachments[i].attachment_id;
    }
  return TRUE;
}

/**
 * macro_db_chat_add_message:
 * @executor: a pool or a connection (in a transaction or not)
 * @user_id: the acting user: needs edit access to the chat
 * @chat_id: a live (not trashed) chat
 * @message: the message and its attachments
 * @error: return location for a #GError
 *
 * Adds a message (content stored as jsonb) with its attachments and sets
 * the chat's `updatedAt`, in **one statement** (one round trip): the
 * access check, the message, the attachment rows (`UNNEST`) and the chat.
 *
 * Errors: MDB_ERROR_INVALID_INPUT for a bad argument or attachment ("attachment
 * 2: attachment_id is empty"), or more than %MACRO_DB_MAX_ATTACHMENTS;
 * MDB_ERROR_NOT_FOUND when the chat does not exist, is trashed, or
 * @user_id may not edit it; MDB_ERROR_SERVER with SQLSTATE 22P02 when
 * @content_json is not JSON.
 *
 * Returns: (transfer full): the stored message with its attachments
 *   (macro_db_chat_message_free()), or %NULL on error
 *
 * Since: 0.1
 */
MacroDbChatMessage *
macro_db_chat_add_message (MdbExecutor                 *executor,
                           const char                  *user_id,
                           const char                  *chat_id,
                           const MacroDbNewChatMessage *message,
                           GError                     **error)
{
  g_autofree const char **types = NULL;
  g_autofree const char **ids = NULL;
  GError *local = NULL;
  MacroDbChatMessage *stored;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (message != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!macro_check_id (user_id, "user_id", error) || !macro_check_id (chat_id, "chat_id", error)
      || !split_message (message, &types, &ids, error))
    return NULL;
  stored = macro_db_chat_message_insert (executor, chat_id, user_id, message->content_json, message->role,
                                         message->model, types, ids, &local);
  if (stored == NULL && local == NULL)
    set_no_chat (chat_id, "edit", &local);
  if (local != NULL)
    g_propagate_error (error, local);
  return stored;
}

static void
message_key (gconstpointer row, MdbCursor *cursor)
{
  const MacroDbChatMessage *m = row;

  mdb_cursor_add_int64 (cursor, m->created_at);
  mdb_cursor_add_text (cursor, m->id);
}

/**
 * macro_db_chat_messages_list:
 * @executor: a pool or a connection
 * @user_id: the acting user: needs view access to the chat
 * @chat_id: the chat
 * @cursor: (nullable): the `next_cursor` of the previous page, or %NULL for the first page
 * @limit: the most messages to return, 1 to %MACRO_DB_MAX_PAGE
 * @error: return location for a #GError
 *
 * Lists one page of a live chat's messages, oldest first by (`createdAt`,
 * id), each with its attachments, keyset-paginated (index
 * `ChatMessage_chatId_createdAt_idx`).  A user without view access, a
 * trashed or an unknown chat gets an empty page.  One round trip.
 *
 * Errors: MDB_ERROR_INVALID_INPUT for a bad argument, a @limit out of
 * range or a @cursor not made by this function for this chat.
 *
 * Returns: (transfer full): the page (mdb_page_free()); its items are
 *   #MacroDbChatMessage rows the page holds, or %NULL on error
 *
 * Since: 0.1
 */
MdbPage *
macro_db_chat_messages_list (MdbExecutor *executor,
                             const char  *user_id,
                             const char  *chat_id,
                             const char  *cursor,
                             guint        limit,
                             GError     **error)
{
  g_autoptr (MacroDbChatMessageList) rows = NULL;
  g_autoptr (MdbCursor) after = NULL;
  g_autofree char *kind = NULL;
  MacroDbChatMessageList *list;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!macro_check_id (user_id, "user_id", error) || !macro_check_id (chat_id, "chat_id", error)
      || !mdb_check_limit (limit, MACRO_DB_MAX_PAGE, "limit", error))
    return NULL;
  kind = g_strconcat ("macro_db.chat_messages:", chat_id, NULL);
  if (cursor != NULL && (after = mdb_cursor_decode (cursor, kind, "it", error)) == NULL)
    return NULL;
  rows = macro_db_chat_messages_page (executor, chat_id,
                                      after != NULL ? mdb_cursor_get_int64 (after, 0) : AFTER_OLDEST,
                                      after != NULL ? mdb_cursor_get_text (after, 1) : "",
                                      user_id, (gint64) limit + 1, error);
  if (rows == NULL)
    return NULL;
  list = g_steal_pointer (&rows);
  return mdb_page_new_from_row_list (list, sizeof list->rows[0], limit, kind, message_key);
}

static void
chat_key (gconstpointer row, MdbCursor *cursor)
{
  const MacroDbChat *c = row;

  mdb_cursor_add_int64 (cursor, c->updated_at);
  mdb_cursor_add_text (cursor, c->id);
}

/**
 * macro_db_user_chats_list:
 * @executor: a pool or a connection
 * @user_id: the user whose own chats to list
 * @cursor: (nullable): the `next_cursor` of the previous page, or %NULL for the first page
 * @limit: the most chats to return, 1 to %MACRO_DB_MAX_PAGE
 * @error: return location for a #GError
 *
 * Lists one page of the live chats @user_id owns, newest first by
 * (`updatedAt`, id), keyset-paginated (index `Chat_userId_updatedAt_idx`).
 * Chats shared with the user are in macro_db_accessible_items() (part 1).
 * One round trip.
 *
 * Errors: MDB_ERROR_INVALID_INPUT for a bad argument, a @limit out of
 * range or a @cursor not made by this function for this user.
 *
 * Returns: (transfer full): the page (mdb_page_free()); its items are
 *   #MacroDbChat rows the page holds, or %NULL on error
 *
 * Since: 0.1
 */
MdbPage *
macro_db_user_chats_list (MdbExecutor *executor,
                          const char  *user_id,
                          const char  *cursor,
                          guint        limit,
                          GError     **error)
{
  g_autoptr (MacroDbChatList) rows = NULL;
  g_autoptr (MdbCursor) after = NULL;
  g_autofree char *kind = NULL;
  MacroDbChatList *list;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!macro_check_id (user_id, "user_id", error) || !mdb_check_limit (limit, MACRO_DB_MAX_PAGE, "limit", error))
    return NULL;
  kind = g_strconcat ("macro_db.user_chats:", user_id, NULL);
  if (cursor != NULL && (after = mdb_cursor_decode (cursor, kind, "it", error)) == NULL)
    return NULL;
  rows = macro_db_user_chats_page (executor, user_id,
                                   after != NULL ? mdb_cursor_get_int64 (after, 0) : AFTER_NEWEST,
                                   after != NULL ? mdb_cursor_get_text (after, 1) : "",
                                   (gint64) limit + 1, error);
  if (rows == NULL)
    return NULL;
  list = g_steal_pointer (&rows);
  return mdb_page_new_from_row_list (list, sizeof list->rows[0], limit, kind, chat_key);
}

/**
 * macro_db_chat_rename:
 * @executor: a pool or a connection
 * @user_id: the acting user: needs edit access to the chat
 * @chat_id: a live chat
 * @name: the new name
 * @error: return location for a #GError
 *
 * Renames a chat (and sets its `updatedAt`).  One round trip.
 *
 * Errors: MDB_ERROR_INVALID_INPUT for a bad argument; MDB_ERROR_NOT_FOUND
 * when the chat does not exist, is trashed, or @user_id may not edit it.
 *
 * Returns: (transfer full): the renamed chat (macro_db_chat_free()), or %NULL on error
 *
 * Since: 0.1
 */
MacroDbChat *
macro_db_chat_rename (MdbExecutor *executor,
                      const char  *user_id,
                      const char  *chat_id,
                      const char  *name,
                      GError     **error)
{
  GError *local = NULL;
  MacroDbChat *chat;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!macro_check_id (user_id, "user_id", error) || !macro_check_id (chat_id, "chat_id", error)
      || !macro_check_id (name, "name", error))
    return NULL;
  chat = macro_db_chat_rename_if_editor (executor, name, chat_id, user_id, &local);
  if (chat == NULL && local == NULL)
    set_no_chat (chat_id, "edit", &local);
  if (local != NULL)
    g_propagate_error (error, local);
  return chat;
}

static gboolean
set_trashed (MdbExecutor *executor, const char *user_id, const char *chat_id, gboolean trash, GError **error)
{
  g_return_val_if_fail (executor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!macro_check_id (user_id, "user_id", error) || !macro_check_id (chat_id, "chat_id", error))
    return FALSE;
  return macro_db_chat_set_deleted (executor, trash, chat_id, user_id, error) > 0;
}

/**
 * macro_db_chat_soft_delete:
 * @executor: a pool or a connection
 * @user_id: the acting user: needs owner access to the chat
 * @chat_id: a live chat
 * @error: return location for a #GError
 *
 * Moves a chat to the trash (`deletedAt` = now) and removes its pins and
 * history rows (of every user), in one statement (one round trip).  Its
 * messages stay until the chat is deleted for good.
 *
 * Errors: MDB_ERROR_INVALID_INPUT for a bad argument.
 *
 * Returns: %TRUE when the chat went to the trash; %FALSE with @error unset
 *   when there is no such live chat that @user_id owns
 *
 * Since: 0.1
 */
gboolean
macro_db_chat_soft_delete (MdbExecutor *executor,
                           const char  *user_id,
                           const char  *chat_id,
                           GError     **error)
{
  return set_trashed (executor, user_id, chat_id, TRUE, error);
}

/**
 * macro_db_chat_restore:
 * @executor: a pool or a connection
 * @user_id: the acting user: needs owner access to the chat
 * @chat_id: a trashed chat
 * @error: return location for a #GError
 *
 * Takes a chat out of the trash.  Its pins and history rows do not come
 * back.  One round trip.
 *
 * Errors: MDB_ERROR_INVALID_INPUT for a bad argument.
 *
 * Returns: %TRUE when the chat was restored; %FALSE with @error unset when
 *   there is no such trashed chat that @user_id owns
 *
 * Since: 0.1
 */
gboolean
macro_db_chat_restore (MdbExecutor *executor,
                       const char  *user_id,
                       const char  *chat_id,
                       GError     **error)
{
  return set_trashed (executor, user_id, chat_id, FALSE, error);
}
