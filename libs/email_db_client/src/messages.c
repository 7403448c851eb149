/* SPDX-License-Identifier: MIT */
/* messages.c: read, starred and label state of many messages or threads at
 * once, each one statement that also keeps the threads' derived fields. */
#include "email-db-private.h"

/* The empty array the generated uuid[] parameters take for "none". */
static const char *const none[] = { NULL };

static gboolean
check_targets (const char *macro_id, const char *const *message_ids, const char *const *thread_ids,
               GError **error)
{
  return email_db__check_text (macro_id, "macro_id", error)
         && email_db__check_uuids (message_ids, "message_ids", error)
         && email_db__check_uuids (thread_ids, "thread_ids", error);
}

/* messages_set_read and messages_set_starred take the same parameters. */
typedef gboolean (*FlagQuery) (MdbExecutor *executor, gboolean value, const char *macro_id,
                               const char *const *message_ids, const char *const *thread_ids,
                               gint64 *out_changed, GError **error);

static gint64
set_flag (FlagQuery query, MdbExecutor *executor, const char *macro_id, const char *const *message_ids,
          const char *const *thread_ids, gboolean value, GError **error)
{
  gint64 changed = 0;

  if (!check_targets (macro_id, message_ids, thread_ids, error))
    return -1;
  if (!query (executor, value, macro_id, message_ids ? message_ids : none, thread_ids ? thread_ids : none,
              &changed, error))
    return -1;
  return changed;
}

/**
 * email_db_messages_mark_read:
 * @executor: a pool or a connection
 * @macro_id: the acting user
 * @message_ids: (nullable) (array zero-terminated=1): messages to mark
 * @thread_ids: (nullable) (array zero-terminated=1): threads whose every message to mark
 * @is_read: %TRUE to mark read, %FALSE unread
 * @error: return location for a #GError
 *
 * Marks messages read or unread, only within links @macro_id owns (the
 * ownership check is in the statement: another user's messages are left
 * alone and not counted), and updates their threads' read state in the
 * same statement.  One round trip whatever the number of ids.
 *
 * Errors: MDB_ERROR_INVALID_INPUT when @macro_id is %NULL, empty or not
 * UTF-8 or an id is not a uuid (naming it: "message_ids[3]: …"); the
 * executor's errors.
 *
 * Returns: the number of messages whose state changed, or -1 on error
 *
 * Since: 0.1
 */
gint64
email_db_messages_mark_read (MdbExecutor       *executor,
                             const char        *macro_id,
                             const char *const *message_ids,
                             const char *const *thread_ids,
                             gboolean           is_read,
                             GError           **error)
{
  g_return_val_if_fail (executor != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  return set_flag (email_db_messages_set_read, executor, macro_id, message_ids, thread_ids, is_read, error);
}

/**
 * email_db_messages_star:
 * @executor: a pool or a connection
 * @macro_id: the acting user
 * @message_ids: (nullable) (array zero-terminated=1): messages to star or unstar
 * @thread_ids: (nullable) (array zero-terminated=1): threads whose every message to star or unstar
 * @starred: %TRUE to star, %FALSE to unstar
 * @error: return location for a #GError
 *
 * Stars or unstars messages within links @macro_id owns, and adds or
 * removes their STARRED label when the link has one (as the provider
 * would).  One round trip.
 *
 * Errors: as email_db_messages_mark_read().
 *
 * Returns: the number of messages whose state changed, or -1 on error
 *
 * Since: 0.1
 */
gint64
email_db_messages_star (MdbExecutor       *executor,
                        const char        *macro_id,
                        const char *const *message_ids,
                        const char *const *thread_ids,
                        gboolean           starred,
                        GError           **error)
{
  g_return_val_if_fail (executor != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  return set_flag (email_db_messages_set_starred, executor, macro_id, message_ids, thread_ids, starred, error);
}

/**
 * email_db_messages_label:
 * @executor: a pool or a connection
 * @macro_id: the acting user
 * @message_ids: (nullable) (array zero-terminated=1): messages to change
 * @thread_ids: (nullable) (array zero-terminated=1): threads whose every message to change
 * @provider_label_id: the label, by provider label id, of the messages' link
 * @add: %TRUE to add the label, %FALSE to remove it
 * @error: return location for a #GError
 *
 * Adds or removes a label on messages within links @macro_id owns.
 * Removing `INBOX` archives: the threads' inbox visibility is recomputed
 * in the same statement.  A link without that label changes nothing.  One
 * round trip.
 *
 * Errors: as email_db_messages_mark_read(), and INVALID_INPUT when
 * @provider_label_id is %NULL, empty or not UTF-8.
 *
 * Returns: the number of label assignments added or removed, or -1 on error
 *
 * Since: 0.1
 */
gint64
email_db_messages_label (MdbExecutor       *executor,
                         const char        *macro_id,
                         const char *const *message_ids,
                         const char *const *thread_ids,
                         const char        *provider_label_id,
                         gboolean           add,
                         GError           **error)
{
  gint64 changed = 0;

  g_return_val_if_fail (executor != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (!check_targets (macro_id, message_ids, thread_ids, error)
      || !email_db__check_text (provider_label_id, "provider_label_id", error))
    return -1;
  if (!email_db_messages_change_label (executor, macro_id, provider_label_id, message_ids ? message_ids : none,
                                       thread_ids ? thread_ids : none, add, &changed, error))
    return -1;
  return changed;
}

/**
 * email_db_messages_archive:
 * @executor: a pool or a connection
 * @macro_id: the acting user
 * @message_ids: (nullable) (array zero-terminated=1): messages to archive
 * @thread_ids: (nullable) (array zero-terminated=1): threads to archive
 * @error: return location for a #GError
 *
 * Archives: removes the INBOX label (email_db_messages_label()).
 *
 * Errors: as email_db_messages_mark_read().
 *
 * Returns: the number of messages taken out of the inbox, or -1 on error
 *
 * Since: 0.1
 */
gint64
email_db_messages_archive (MdbExecutor       *executor,
                           const char        *macro_id,
                           const char *const *message_ids,
                           const char *const *thread_ids,
                           GError           **error)
{
  return email_db_messages_label (executor, macro_id, message_ids, thread_ids, "INBOX", FALSE, error);
}
