/* SPDX-License-Identifier: MIT */
/* reactions.c: toggle a reaction; reactions of many messages grouped by emoji. */
#include "comms-private.h"

/**
 * comms_db_reaction_toggle:
 * @executor: a pool or a connection
 * @message_id: a live message
 * @user_id: who reacts: an active participant of the message's channel
 * @emoji: the reaction (1 to 32 characters)
 * @out_added: (out) (optional): %TRUE when the reaction was added, %FALSE
 *   when it was removed
 * @error: return location for a #GError
 *
 * Adds @user_id's @emoji reaction to a message, or removes it when it is
 * there, in one statement (one round trip); the participation check is
 * part of it.
 *
 * Errors: MDB_ERROR_NOT_FOUND when the message does not exist, is deleted,
 * or @user_id is not an active participant of its channel;
 * MDB_ERROR_INVALID_INPUT for bad ids or emoji; the executor's errors.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
comms_db_reaction_toggle (MdbExecutor *executor,
                          const char  *message_id,
                          const char  *user_id,
                          const char  *emoji,
                          gboolean    *out_added,
                          GError     **error)
{
  g_autoptr (CommsDbReactionFlipRow) row = NULL;

  g_return_val_if_fail (executor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!comms_check_uuid (message_id, "message_id", error) || !comms_check_id (user_id, "user_id", error)
      || !comms_check_id (emoji, "emoji", error))
    return FALSE;
  if (g_utf8_strlen (emoji, -1) > 32)
    {
      g_set_error_literal (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "emoji is longer than 32 characters");
      return FALSE;
    }
  if ((row = comms_db_reaction_flip (executor, user_id, message_id, emoji, error)) == NULL)
    return FALSE;
  if (!row->added && !row->removed)
    {
      comms_refuse (error, "message %s not found, deleted, or user %s is not an active participant of its channel",
                    message_id, user_id);
      return FALSE;
    }
  if (out_added != NULL)
    *out_added = row->added;
  return TRUE;
}

/**
 * comms_db_reactions_summary:
 * @executor: a pool or a connection
 * @reader_id: who reads (and whose own reactions are flagged)
 * @org_id: the reader's organization, or %COMMS_DB_NO_ORG
 * @message_ids: (array length=n_messages): the messages
 * @n_messages: how many, at most %COMMS_DB_MAX_BATCH (0: an empty list, nothing sent)
 * @error: return location for a #GError
 *
 * The reactions of many messages in one query: one row per (message,
 * emoji) with how many users reacted and whether @reader_id is one of
 * them; by message in input order, then by the emoji's first use.
 * Messages the reader may not read (and unknown ones) have no rows.
 *
 * Errors: MDB_ERROR_INVALID_INPUT naming the first malformed id; the
 * executor's errors.
 *
 * Returns: (transfer full): the rows (comms_db_reaction_count_list_free()), or %NULL
 *
 * Since: 0.1
 */
CommsDbReactionCountList *
comms_db_reactions_summary (MdbExecutor       *executor,
                            const char        *reader_id,
                            gint64             org_id,
                            const char *const *message_ids,
                            gsize              n_messages,
                            GError           **error)
{
  g_autofree const char **ids = NULL;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!comms_check_batch_read (reader_id, "reader_id", org_id, message_ids, n_messages, "message_ids", error))
    return NULL;
  if (n_messages == 0)
    return g_new0 (CommsDbReactionCountList, 1);
  ids = comms_strv_new (message_ids, n_messages);
  return comms_db_reactions_grouped (executor, ids, org_id, reader_id, error);
}
