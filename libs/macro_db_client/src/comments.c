/* SPDX-License-Identifier: MIT */
/* comments.c: a document's comment threads; writes need comment access (checked in SQL). */
#include "macro-private.h"

static gboolean
check_serial (gint64 id, const char *name, GError **error)
{
  if (id > 0)
    return TRUE;
  g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "%s %" G_GINT64_FORMAT " is not a valid id", name, id);
  return FALSE;
}

static gboolean
check_comment (const MacroDbNewComment *comment, GError **error)
{
  return macro_check_id (comment->text, "text", error)
         && mdb_check_text (comment->sender, -1, "sender", MDB_TEXT_NULLABLE, error)
         && mdb_check_text (comment->metadata_json, -1, "metadata_json", MDB_TEXT_NULLABLE, error);
}

static void
set_refused (const char *what, gint64 id, GError **error)
{
  g_set_error (error, MDB_ERROR, MDB_ERROR_NOT_FOUND,
               "no live %s %" G_GINT64_FORMAT " on a live document the user may comment on", what, id);
}

/**
 * macro_db_document_threads:
 * @executor: a pool or a connection
 * @user_id: the acting user: needs view access to the document
 * @document_id: the document
 * @error: return location for a #GError
 *
 * Reads every live thread of a live document, oldest first (`createdAt`,
 * id), each with its live comments oldest first, in **one query** (the
 * comments are child rows: `thread->comments`, `thread->n_comments`).
 * Not paginated: a document's discussion is read whole.  A user without
 * view access, a trashed or an unknown document gets an empty list.
 *
 * Errors: MDB_ERROR_INVALID_INPUT for a bad argument.
 *
 * Returns: (transfer full): the threads (macro_db_document_thread_list_free()),
 *   or %NULL on error
 *
 * Since: 0.1
 */
MacroDbDocumentThreadList *
macro_db_document_threads (MdbExecutor *executor,
                           const char  *user_id,
                           const char  *document_id,
                           GError     **error)
{
  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!macro_check_id (user_id, "user_id", error) || !macro_check_id (document_id, "document_id", error))
    return NULL;
  return macro_db_document_threads_all (executor, document_id, user_id, error);
}

/**
 * macro_db_thread_open:
 * @executor: a pool or a connection (in a transaction or not)
 * @user_id: the acting user: needs comment access to the document
 * @document_id: a live document
 * @thread_metadata_json: (nullable): the thread's metadata (JSON, e.g. an anchor)
 * @first: the thread's first comment
 * @out_thread_id: (out) (optional): the new thread's id
 * @out_comment_id: (out) (optional): the first comment's id
 * @error: return location for a #GError
 *
 * Opens a thread with its first comment in **one statement** (one round
 * trip, atomic): the access check, the thread and the comment.
 *
 * Errors: MDB_ERROR_INVALID_INPUT for a bad argument; MDB_ERROR_NOT_FOUND
 * when the document does not exist, is trashed, or @user_id may not
 * comment on it (view access is not enough); MDB_ERROR_SERVER with
 * SQLSTATE 22P02 when a metadata is not JSON.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
macro_db_thread_open (MdbExecutor             *executor,
                      const char              *user_id,
                      const char              *document_id,
                      const char              *thread_metadata_json,
                      const MacroDbNewComment *first,
                      gint64                  *out_thread_id,
                      gint64                  *out_comment_id,
                      GError                 **error)
{
  g_autoptr (MacroDbThreadInsertRow) row = NULL;
  GError *local = NULL;

  g_return_val_if_fail (executor != NULL, FALSE);
  g_return_val_if_fail (first != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!macro_check_id (user_id, "user_id", error) || !macro_check_id (document_id, "document_id", error)
      || !mdb_check_text (thread_metadata_json, -1, "thread_metadata_json", MDB_TEXT_NULLABLE, error)
      || !check_comment (first, error))
    return FALSE;
  row = macro_db_thread_insert (executor, document_id, user_id, thread_metadata_json, first->sender,
                                first->text, first->metadata_json, &local);
  if (row == NULL)
    {
      if (local == NULL)
        local = g_error_new (MDB_ERROR, MDB_ERROR_NOT_FOUND,
                             "no live document %s that user %s may comment on", document_id, user_id);
      g_propagate_error (error, local);
      return FALSE;
    }
  if (out_thread_id != NULL)
    *out_thread_id = row->thread_id;
  if (out_comment_id != NULL)
    *out_comment_id = row->comment_id;
  return TRUE;
}

/**
 * macro_db_comment_reply:
 * @executor: a pool or a connection
 * @user_id: the acting user: needs comment access to the thread's document
 * @thread_id: a live thread on a live document
 * @comment: the reply
 * @error: return location for a #GError
 *
 * Adds a comment to a thread and sets the thread's `updatedAt`, in one
 * statement (one round trip).
 *
 * Errors: MDB_ERROR_INVALID_INPUT for a bad argument; MDB_ERROR_NOT_FOUND
 * when the thread or its document is gone or trashed, or @user_id may not
 * comment.
 *
 * Returns: the new comment's id, or -1 on error
 *
 * Since: 0.1
 */
gint64
macro_db_comment_reply (MdbExecutor             *executor,
                        const char              *user_id,
                        gint64                   thread_id,
                        const MacroDbNewComment *comment,
                        GError                 **error)
{
  GError *local = NULL;
  gint64 id = -1;

  g_return_val_if_fail (executor != NULL, -1);
  g_return_val_if_fail (comment != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (!macro_check_id (user_id, "user_id", error) || !check_serial (thread_id, "thread_id", error)
      || !check_comment (comment, error))
    return -1;
  if (!macro_db_comment_insert (executor, thread_id, user_id, comment->sender, comment->text,
                                comment->metadata_json, &id, &local))
    {
      if (local == NULL)
        set_refused ("thread", thread_id, &local);
      g_propagate_error (error, local);
      return -1;
    }
  return id;
}

/**
 * macro_db_comment_edit:
 * @executor: a pool or a connection
 * @user_id: the acting user: the comment's author, still with comment access
 * @comment_id: a live comment
 * @text: the new text
 * @error: return location for a #GError
 *
 * Changes the text of a comment (and its `updatedAt`).  One round trip.
 *
 * Errors: MDB_ERROR_INVALID_INPUT for a bad argument.
 *
 * Returns: %TRUE when the comment changed; %FALSE with @error unset when
 *   there is no such live comment that @user_id wrote and may still edit
 *
 * Since: 0.1
 */
gboolean
macro_db_comment_edit (MdbExecutor *executor,
                       const char  *user_id,
                       gint64       comment_id,
                       const char  *text,
                       GError     **error)
{
  g_return_val_if_fail (executor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!macro_check_id (user_id, "user_id", error) || !check_serial (comment_id, "comment_id", error)
      || !macro_check_id (text, "text", error))
    return FALSE;
  return macro_db_comment_update_text (executor, text, comment_id, user_id, error) > 0;
}

/**
 * macro_db_thread_resolve:
 * @executor: a pool or a connection
 * @user_id: the acting user: needs comment access to the document
 * @thread_id: a live thread
 * @resolved: %TRUE to resolve, %FALSE to reopen
 * @error: return location for a #GError
 *
 * Resolves or reopens a thread.  One round trip.
 *
 * Errors: MDB_ERROR_INVALID_INPUT for a bad argument.
 *
 * Returns: %TRUE when the thread was updated; %FALSE with @error unset when
 *   there is no such live thread that @user_id may comment on
 *
 * Since: 0.1
 */
gboolean
macro_db_thread_resolve (MdbExecutor *executor,
                         const char  *user_id,
                         gint64       thread_id,
                         gboolean     resolved,
                         GError     **error)
{
  g_return_val_if_fail (executor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!macro_check_id (user_id, "user_id", error) || !check_serial (thread_id, "thread_id", error))
    return FALSE;
  return macro_db_thread_update_resolved (executor, resolved, thread_id, user_id, error) > 0;
}

/**
 * macro_db_comment_delete:
 * @executor: a pool or a connection
 * @user_id: the acting user: the author (with comment access) or anyone
 *   with edit access to the document
 * @comment_id: a live comment
 * @error: return location for a #GError
 *
 * Moves a comment to the trash (`deletedAt`): it no longer shows in
 * macro_db_document_threads().  One round trip.
 *
 * Errors: MDB_ERROR_INVALID_INPUT for a bad argument.
 *
 * Returns: %TRUE when the comment was trashed; %FALSE with @error unset
 *   when there is no such live comment that @user_id may delete
 *
 * Since: 0.1
 */
gboolean
macro_db_comment_delete (MdbExecutor *executor,
                         const char  *user_id,
                         gint64       comment_id,
                         GError     **error)
{
  g_return_val_if_fail (executor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!macro_check_id (user_id, "user_id", error) || !check_serial (comment_id, "comment_id", error))
    return FALSE;
  return macro_db_comment_trash (executor, comment_id, user_id, error) > 0;
}
