/* SPDX-License-Identifier: MIT */
/* participants.c: add, leave, remove, change the role of and list a channel's participants. */
#include <string.h>
#include "comms-private.h"

/**
 * comms_db_participants_add:
 * @executor: a pool or a connection
 * @channel_id: the channel (not a direct message)
 * @actor_id: who adds them: an active participant of the channel
 * @user_ids: (array length=n_users): the users to add (repeats are folded)
 * @n_users: how many, at most %COMMS_DB_MAX_BATCH (0: nothing is sent)
 * @error: return location for a #GError
 *
 * Adds users to a channel as members, in one statement (UNNEST): users
 * who are already active are left as they are (idempotent), users who had
 * left join again (left_at cleared, joined_at now).  The actor check is
 * part of the statement.  One round trip.
 *
 * Errors: MDB_ERROR_NOT_FOUND when the channel does not exist, is a direct
 * message, or @actor_id is not an active participant of it;
 * MDB_ERROR_INVALID_INPUT naming the first bad id; the executor's errors.
 *
 * Returns: how many users were added or joined again, or -1 on error
 *
 * Since: 0.1
 */
gint64
comms_db_participants_add (MdbExecutor       *executor,
                           const char        *channel_id,
                           const char        *actor_id,
                           const char *const *user_ids,
                           gsize              n_users,
                           GError           **error)
{
  g_autoptr (CommsDbParticipantsInsertRow) row = NULL;
  g_autofree const char **users = NULL;

  g_return_val_if_fail (executor != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (!comms_check_uuid (channel_id, "channel_id", error) || !comms_check_id (actor_id, "actor_id", error)
      || !comms_check_ids (user_ids, n_users, COMMS_DB_MAX_BATCH, FALSE, "user_ids", error))
    return -1;
  if (n_users == 0)
    return 0;
  users = comms_strv_new (user_ids, n_users);
  if ((row = comms_db_participants_insert (executor, actor_id, channel_id, users, error)) == NULL)
    return -1;
  if (!row->allowed)
    {
      comms_refuse (error, "channel %s not found, a direct message, or user %s is not an active participant of it",
                    channel_id, actor_id);
      return -1;
    }
  return row->added;
}

/**
 * comms_db_participant_leave:
 * @executor: a pool or a connection
 * @channel_id: the channel
 * @user_id: the participant who leaves
 * @error: return location for a #GError
 *
 * Leaves a channel: the participant's `left_at` is set and the row stays
 * (history kept; comms_db_participants_add() brings the user back).  One
 * round trip.
 *
 * Errors: MDB_ERROR_INVALID_INPUT for bad ids; the executor's errors.
 *
 * Returns: %TRUE when the user left; %FALSE with @error unset when the
 *   user was not an active participant
 *
 * Since: 0.1
 */
gboolean
comms_db_participant_leave (MdbExecutor *executor,
                            const char  *channel_id,
                            const char  *user_id,
                            GError     **error)
{
  g_return_val_if_fail (executor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!comms_check_uuid (channel_id, "channel_id", error) || !comms_check_id (user_id, "user_id", error))
    return FALSE;
  return comms_db_participant_mark_left (executor, channel_id, user_id, error) > 0;
}

/**
 * comms_db_participant_remove:
 * @executor: a pool or a connection
 * @channel_id: the channel
 * @actor_id: who removes: an active owner or admin of the channel
 * @user_id: the participant to remove (not an owner)
 * @error: return location for a #GError
 *
 * Removes a participant from a channel (the row is deleted, unlike
 * comms_db_participant_leave()).  The actor check is part of the DELETE.
 * One round trip.
 *
 * Errors: MDB_ERROR_NOT_FOUND when @user_id is not a participant, is an
 * owner, or @actor_id is not an active owner or admin of the channel;
 * MDB_ERROR_INVALID_INPUT for bad ids; the executor's errors.
 *
 * Returns: %TRUE when removed
 *
 * Since: 0.1
 */
gboolean
comms_db_participant_remove (MdbExecutor *executor,
                             const char  *channel_id,
                             const char  *actor_id,
                             const char  *user_id,
                             GError     **error)
{
  gint64 n;

  g_return_val_if_fail (executor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!comms_check_uuid (channel_id, "channel_id", error) || !comms_check_id (actor_id, "actor_id", error)
      || !comms_check_id (user_id, "user_id", error))
    return FALSE;
  if ((n = comms_db_participant_delete_by (executor, channel_id, user_id, actor_id, error)) < 0)
    return FALSE;
  if (n == 0)
    comms_refuse (error, "user %s is not a removable participant of channel %s, or user %s is not an active "
                  "owner or admin of it", user_id, channel_id, actor_id);
  return n > 0;
}

/**
 * comms_db_participant_set_role:
 * @executor: a pool or a connection
 * @channel_id: the channel
 * @actor_id: who changes it: an active owner of the channel
 * @user_id: the active participant whose role changes (not @actor_id)
 * @role: the new role
 * @error: return location for a #GError
 *
 * Changes a participant's role; the owner check is part of the UPDATE.
 * Making someone owner does not demote the actor (a channel may have
 * several owners).  One round trip.
 *
 * Errors: MDB_ERROR_NOT_FOUND when @user_id is not an active participant,
 * is the actor, or @actor_id is not an active owner; MDB_ERROR_INVALID_INPUT
 * for bad ids or an unknown role; the executor's errors.
 *
 * Returns: %TRUE when changed
 *
 * Since: 0.1
 */
gboolean
comms_db_participant_set_role (MdbExecutor                *executor,
                               const char                 *channel_id,
                               const char                 *actor_id,
                               const char                 *user_id,
                               CommsDbCommsParticipantRole role,
                               GError                    **error)
{
  gint64 n;

  g_return_val_if_fail (executor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!comms_check_uuid (channel_id, "channel_id", error) || !comms_check_id (actor_id, "actor_id", error)
      || !comms_check_id (user_id, "user_id", error))
    return FALSE;
  if (comms_db_comms_participant_role_to_string (role) == NULL)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                   "role is %d, not a CommsDbCommsParticipantRole", (int) role);
      return FALSE;
    }
  if ((n = comms_db_participant_role_set_by (executor, role, channel_id, user_id, actor_id, error)) < 0)
    return FALSE;
  if (n == 0)
    comms_refuse (error, "user %s is not another active participant of channel %s, or user %s is not an "
                  "active owner of it", user_id, channel_id, actor_id);
  return n > 0;
}

static void
participant_key (gconstpointer row, MdbCursor *cursor)
{
  mdb_cursor_add_text (cursor, ((const CommsDbParticipant *) row)->user_id);
}

/**
 * comms_db_participants_list:
 * @executor: a pool or a connection
 * @channel_id: the channel
 * @reader_id: who reads: the channel must be readable by this user
 * @org_id: the reader's organization, or %COMMS_DB_NO_ORG
 * @cursor: (nullable): the `next_cursor` of the previous page, or %NULL
 * @limit: the most participants to return, 1 to %COMMS_DB_MAX_PAGE
 * @error: return location for a #GError
 *
 * Lists one page of a channel's active participants by user id (the
 * database's collation, the order of the primary key the page walks).  A
 * channel that does not exist or that the reader may not read gives an
 * empty page.  One round trip.
 *
 * Errors: MDB_ERROR_INVALID_INPUT for bad ids, a @limit out of range or a
 * @cursor of another list; the executor's errors.
 *
 * Returns: (transfer full): the page (mdb_page_free()) of #CommsDbParticipant
 *   rows it holds, or %NULL on error
 *
 * Since: 0.1
 */
MdbPage *
comms_db_participants_list (MdbExecutor *executor,
                            const char  *channel_id,
                            const char  *reader_id,
                            gint64       org_id,
                            const char  *cursor,
                            guint        limit,
                            GError     **error)
{
  g_autoptr (MdbCursor) after = NULL;
  g_autofree char *kind = NULL;
  CommsDbParticipantList *rows;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!comms_check_uuid (channel_id, "channel_id", error) || !comms_check_id (reader_id, "reader_id", error)
      || !comms_check_org (org_id, error) || !mdb_check_limit (limit, COMMS_DB_MAX_PAGE, "limit", error))
    return NULL;
  kind = g_strconcat ("comms_db.participants_list:", channel_id, NULL);
  if (cursor != NULL && (after = mdb_cursor_decode (cursor, kind, "t", error)) == NULL)
    return NULL;
  rows = comms_db_participants_page (executor, channel_id, after != NULL ? mdb_cursor_get_text (after, 0) : "",
                                     org_id, reader_id, (gint64) limit + 1, error);
  if (rows == NULL)
    return NULL;
  return mdb_page_new_from_row_list (rows, sizeof rows->rows[0], limit, kind, participant_key);
}
