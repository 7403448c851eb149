/* SPDX-License-Identifier: MIT */
/* activity.c: when a user last viewed / interacted with a channel; unread counts. */
#include "comms-private.h"

/**
 * comms_db_activity_record:
 * @executor: a pool or a connection
 * @user_id: the user
 * @channel_id: the channel
 * @kinds: %COMMS_DB_VIEWED, %COMMS_DB_INTERACTED, or both
 * @error: return location for a #GError
 *
 * Records that @user_id viewed and/or interacted with a channel now: one
 * upsert on the (user_id, channel_id) key, one round trip.  Viewing is what
 * resets the channel's unread count.
 *
 * Errors: MDB_ERROR_FOREIGN_KEY_VIOLATION (`comms_activity_channel_id_fkey`)
 * for an unknown channel; MDB_ERROR_INVALID_INPUT for bad ids or @kinds
 * without a known flag; the executor's errors.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
comms_db_activity_record (MdbExecutor        *executor,
                          const char         *user_id,
                          const char         *channel_id,
                          CommsDbActivityKind kinds,
                          GError            **error)
{
  g_return_val_if_fail (executor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!comms_check_id (user_id, "user_id", error) || !comms_check_uuid (channel_id, "channel_id", error))
    return FALSE;
  if (kinds == 0 || (kinds & ~(COMMS_DB_VIEWED | COMMS_DB_INTERACTED)) != 0)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                   "kinds is %d (want COMMS_DB_VIEWED, COMMS_DB_INTERACTED or both)", (int) kinds);
      return FALSE;
    }
  return comms_db_activity_upsert (executor, user_id, channel_id, (kinds & COMMS_DB_VIEWED) != 0,
                                   (kinds & COMMS_DB_INTERACTED) != 0, error);
}

/**
 * comms_db_activity_get:
 * @executor: a pool or a connection
 * @user_id: the user
 * @channel_id: the channel
 * @error: return location for a #GError
 *
 * Reads when @user_id last viewed and interacted with a channel.  One
 * round trip.
 *
 * Errors: MDB_ERROR_NOT_FOUND when nothing was ever recorded;
 * MDB_ERROR_INVALID_INPUT for bad ids; the executor's errors.
 *
 * Returns: (transfer full): the activity (comms_db_activity_free()), or %NULL
 *
 * Since: 0.1
 */
CommsDbActivity *
comms_db_activity_get (MdbExecutor *executor,
                       const char  *user_id,
                       const char  *channel_id,
                       GError     **error)
{
  g_autoptr (GError) local = NULL;
  CommsDbActivity *activity;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!comms_check_id (user_id, "user_id", error) || !comms_check_uuid (channel_id, "channel_id", error))
    return NULL;
  activity = comms_db_activity_row (executor, user_id, channel_id, &local);
  return comms_found (activity, g_steal_pointer (&local), error, "no activity of user %s on channel %s",
                      user_id, channel_id);
}

/**
 * comms_db_unread_counts:
 * @executor: a pool or a connection
 * @user_id: the user
 * @org_id: the user's organization (its organization channels count), or %COMMS_DB_NO_ORG
 * @error: return location for a #GError
 *
 * The unread count of every channel of @user_id (active participation and
 * the organization channels of @org_id), in one query: live messages of
 * others newer than the user's last view (all of them when never viewed),
 * at most %COMMS_DB_UNREAD_CAP (which then means "that many or more"), by
 * channel id.
 *
 * Errors: MDB_ERROR_INVALID_INPUT for a bad @user_id or @org_id; the
 * executor's errors.
 *
 * Returns: (transfer full): the counts (comms_db_unread_count_list_free()), or %NULL
 *
 * Since: 0.1
 */
CommsDbUnreadCountList *
comms_db_unread_counts (MdbExecutor *executor,
                        const char  *user_id,
                        gint64       org_id,
                        GError     **error)
{
  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!comms_check_id (user_id, "user_id", error) || !comms_check_org (org_id, error))
    return NULL;
  return comms_db_unread_counts_get (executor, user_id, org_id, COMMS_DB_UNREAD_CAP, error);
}
