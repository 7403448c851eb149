/* SPDX-License-Identifier: MIT */
/* attachments.c: attachment metadata of threads, messages and links, and
 * the selections of attachments to turn into documents. */
#include "email-db-private.h"

/* Attachments of one thread or message: bounded by what one thread holds. */
#define EMAIL_DB_MAX_ATTACHMENTS 10000

/**
 * email_db_attachments_of_thread:
 * @executor: a pool or a connection
 * @macro_id: the acting user
 * @thread_id: a thread of one of the acting user's links
 * @error: return location for a #GError
 *
 * Lists the attachments of every message of a thread, by message date,
 * then provider attachment id (at most 10 000: what one thread holds).
 * Another user's or an unknown thread has none.  One query.
 *
 * Errors: MDB_ERROR_INVALID_INPUT when @macro_id is %NULL, empty or not
 * UTF-8 or @thread_id is not a uuid; the executor's errors.
 *
 * Returns: (transfer full): the attachments (email_db_attachment_list_free()),
 *   or %NULL on error
 *
 * Since: 0.1
 */
EmailDbAttachmentList *
email_db_attachments_of_thread (MdbExecutor *executor,
                                const char  *macro_id,
                                const char  *thread_id,
                                GError     **error)
{
  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!email_db__check_text (macro_id, "macro_id", error)
      || !email_db__check_uuid (thread_id, "thread_id", error))
    return NULL;
  return email_db_attachments_of_owned (executor, macro_id, thread_id, NULL, EMAIL_DB_MAX_ATTACHMENTS, error);
}

/**
 * email_db_attachments_of_message:
 * @executor: a pool or a connection
 * @macro_id: the acting user
 * @message_id: a message of one of the acting user's links
 * @error: return location for a #GError
 *
 * Lists the attachments of one message by provider attachment id.  Another
 * user's or an unknown message has none.  One query.
 *
 * Errors: as email_db_attachments_of_thread() for @message_id.
 *
 * Returns: (transfer full): the attachments (email_db_attachment_list_free()),
 *   or %NULL on error
 *
 * Since: 0.1
 */
EmailDbAttachmentList *
email_db_attachments_of_message (MdbExecutor *executor,
                                 const char  *macro_id,
                                 const char  *message_id,
                                 GError     **error)
{
  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!email_db__check_text (macro_id, "macro_id", error)
      || !email_db__check_uuid (message_id, "message_id", error))
    return NULL;
  return email_db_attachments_of_owned (executor, macro_id, NULL, message_id, EMAIL_DB_MAX_ATTACHMENTS, error);
}

/**
 * email_db_attachments_find:
 * @executor: a pool or a connection
 * @macro_id: the acting user
 * @link_id: one of the acting user's links
 * @provider_attachment_id: the provider's attachment id
 * @error: return location for a #GError
 *
 * Finds the attachments of a link with a provider attachment id (the
 * provider may reuse one across messages: each is returned), by message
 * date.  One query, through email_attachments_provider_attachment_id_idx.
 *
 * Errors: MDB_ERROR_INVALID_INPUT when an argument is %NULL, empty, not
 * UTF-8 or not a uuid; the executor's errors.
 *
 * Returns: (transfer full): the attachments (email_db_attachment_list_free();
 *   none when unknown), or %NULL on error
 *
 * Since: 0.1
 */
EmailDbAttachmentList *
email_db_attachments_find (MdbExecutor *executor,
                           const char  *macro_id,
                           const char  *link_id,
                           const char  *provider_attachment_id,
                           GError     **error)
{
  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!email_db__check_text (macro_id, "macro_id", error)
      || !email_db__check_uuid (link_id, "link_id", error)
      || !email_db__check_text (provider_attachment_id, "provider_attachment_id", error))
    return NULL;
  return email_db_attachments_by_provider_id (executor, provider_attachment_id, link_id, macro_id,
                                              EMAIL_DB_MAX_PAGE, error);
}

/**
 * email_db_attachments_for_upload:
 * @executor: a pool or a connection
 * @macro_id: the acting user
 * @thread_id: a thread of one of the acting user's links
 * @whitelisted_domains: (nullable) (array zero-terminated=1): sender domains
 *   (lower-case) whose attachments are always wanted
 * @error: return location for a #GError
 *
 * The real system's upload selection: the attachments of a thread worth
 * turning into documents, i.e. those of non-draft messages the user sent,
 * labelled IMPORTANT, sent from the link's own domain, or from a
 * whitelisted domain, and not yet a document (no document_email row).  By
 * message date.  One query.
 *
 * Errors: as email_db_attachments_of_thread(), and INVALID_INPUT naming a
 * domain that is empty or not UTF-8.
 *
 * Returns: (transfer full): the attachments (email_db_attachment_list_free()),
 *   or %NULL on error
 *
 * Since: 0.1
 */
EmailDbAttachmentList *
email_db_attachments_for_upload (MdbExecutor       *executor,
                                 const char        *macro_id,
                                 const char        *thread_id,
                                 const char *const *whitelisted_domains,
                                 GError           **error)
{
  static const char *const none[] = { NULL };

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!email_db__check_text (macro_id, "macro_id", error)
      || !email_db__check_uuid (thread_id, "thread_id", error))
    return NULL;
  for (gsize i = 0; whitelisted_domains != NULL && whitelisted_domains[i] != NULL; i++)
    if (!email_db__check_text (whitelisted_domains[i], "domain", error))
      {
        g_prefix_error (error, "whitelisted_domains[%" G_GSIZE_FORMAT "]: ", i);
        return NULL;
      }
  return email_db_attachments_to_upload (executor, thread_id, macro_id,
                                         whitelisted_domains != NULL ? whitelisted_domains : none,
                                         EMAIL_DB_MAX_ATTACHMENTS, error);
}

static void
attachment_key (gconstpointer row, MdbCursor *cursor)
{
  const EmailDbAttachment *a = row;
  char id[MDB_UUID_STRING_SIZE];

  mdb_cursor_add_int64 (cursor, a->internal_date_ts);
  mdb_cursor_add_text (cursor, email_db__uuid_text (&a->id, id));
}

/**
 * email_db_attachments_backfill:
 * @executor: a pool or a connection
 * @macro_id: the acting user
 * @link_id: one of the acting user's links
 * @cursor: (nullable): the `next_cursor` of the previous page, or %NULL for the first page
 * @limit: the most attachments to return, 1 to %EMAIL_DB_MAX_PAGE
 * @error: return location for a #GError
 *
 * One page of a link's attachments not yet turned into documents, newest
 * first by (message date, attachment id): the backfill job's walk.  One
 * query, through email_messages_link_attachments_idx.
 *
 * Errors: MDB_ERROR_INVALID_INPUT when @macro_id is %NULL, empty or not
 * UTF-8, @link_id is not a uuid, @limit is out of range or @cursor was not
 * made for this link; the executor's errors.
 *
 * Returns: (transfer full): the page (mdb_page_free()); its items are
 *   #EmailDbAttachment rows borrowed from the page, or %NULL on error
 *
 * Since: 0.1
 */
MdbPage *
email_db_attachments_backfill (MdbExecutor *executor,
                               const char  *macro_id,
                               const char  *link_id,
                               const char  *cursor,
                               guint        limit,
                               GError     **error)
{
  g_autoptr (MdbCursor) after = NULL;
  g_autofree char *kind = NULL;
  EmailDbAttachmentList *rows;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!email_db__check_text (macro_id, "macro_id", error)
      || !email_db__check_uuid (link_id, "link_id", error)
      || !mdb_check_limit (limit, EMAIL_DB_MAX_PAGE, "limit", error))
    return NULL;
  kind = g_strconcat ("email_db.attachments_backfill:", link_id, NULL);
  if (cursor != NULL && (after = mdb_cursor_decode (cursor, kind, "it", error)) == NULL)
    return NULL;
  rows = email_db_attachments_backfill_page (executor, link_id, macro_id,
                                             after != NULL ? mdb_cursor_get_int64 (after, 0) : EMAIL_DB_TS_MAX,
                                             after != NULL ? mdb_cursor_get_text (after, 1) : EMAIL_DB_UUID_MAX,
                                             (gint64) limit + 1, error);
  if (rows == NULL)
    return NULL;
  return mdb_page_new_from_row_list (rows, sizeof (EmailDbAttachment), limit, kind, attachment_key);
}
