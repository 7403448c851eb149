/* SPDX-License-Identifier: MIT */
/* devices.c: push-device registrations. */
#include "notification-db-private.h"

/**
 * notification_db_device_register:
 * @executor: a pool or a connection
 * @user_id: the user the device belongs to
 * @device_token: the push token (unique: one row per token)
 * @device_endpoint: the push endpoint (e.g. an SNS endpoint ARN; unique)
 * @device_type: iOS or Android
 * @error: return location for a #GError
 *
 * Registers a device, upserting by token: a new token gets a row; a known
 * token (the app re-registering, or the device changing hands) moves to
 * @user_id, @device_endpoint and @device_type and gets `updated_at` = now.
 * Either way `last_used_at` becomes now.  One statement, one round trip.
 *
 * Errors: MDB_ERROR_INVALID_INPUT naming a %NULL, empty or non-UTF-8
 * argument or an out-of-range @device_type; MDB_ERROR_UNIQUE_VIOLATION
 * (`user_device_registration_device_endpoint_key`) when another token has
 * @device_endpoint; the executor's errors.
 *
 * Returns: (transfer full): the stored row (notification_db_device_free()),
 *   or %NULL on error
 *
 * Since: 0.1
 */
NotificationDbDevice *
notification_db_device_register (MdbExecutor                   *executor,
                                 const char                    *user_id,
                                 const char                    *device_token,
                                 const char                    *device_endpoint,
                                 NotificationDbDeviceTypeOption device_type,
                                 GError                       **error)
{
  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!nd_check_id (user_id, "user_id", error) || !nd_check_id (device_token, "device_token", error)
      || !nd_check_id (device_endpoint, "device_endpoint", error))
    return NULL;
  if (notification_db_device_type_option_to_string (device_type) == NULL)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                   "device_type %d is not a NotificationDbDeviceTypeOption", (int) device_type);
      return NULL;
    }
  return notification_db_device_upsert (executor, user_id, device_token, device_endpoint, device_type, error);
}

/**
 * notification_db_device_touch:
 * @executor: a pool or a connection
 * @device_token: the push token just used
 * @error: return location for a #GError
 *
 * Sets the device's `last_used_at` to now (a push went out to it).  One
 * round trip, through the token's unique index.
 *
 * Errors: MDB_ERROR_INVALID_INPUT when @device_token is %NULL, empty or
 * not UTF-8; the executor's errors.
 *
 * Returns: %TRUE when the token is registered; %FALSE with @error unset when not
 *
 * Since: 0.1
 */
gboolean
notification_db_device_touch (MdbExecutor *executor,
                              const char  *device_token,
                              GError     **error)
{
  g_return_val_if_fail (executor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!nd_check_id (device_token, "device_token", error))
    return FALSE;
  return notification_db_device_touch_token (executor, device_token, error) > 0;
}

static void
device_key (gconstpointer row, MdbCursor *cursor)
{
  const NotificationDbDevice *d = row;
  char id[MDB_UUID_STRING_SIZE];

  mdb_cursor_add_int64 (cursor, d->created_at);
  mdb_cursor_add_text (cursor, mdb_uuid_format (&d->id, id));
}

/**
 * notification_db_devices_list:
 * @executor: a pool or a connection
 * @user_id: the acting user: only their devices are listed
 * @cursor: (nullable): the `next_cursor` of the previous page, or %NULL for the first page
 * @limit: the most rows to return, 1 to %NOTIFICATION_DB_MAX_PAGE
 * @error: return location for a #GError
 *
 * Lists one page of @user_id's devices, oldest registration first, by
 * (`created_at`, id), through `user_device_registration_user_id_idx`.
 * Pass the page's `next_cursor` for the next page; it is %NULL on the
 * last.  One round trip.  An unknown user has no devices.
 *
 * Errors: MDB_ERROR_INVALID_INPUT when @user_id is bad, @limit is out of
 * range or @cursor was not made by this function for this user; the
 * executor's errors.
 *
 * Returns: (transfer full): the page (mdb_page_free()); its items are
 *   #NotificationDbDevice rows the page holds, valid until mdb_page_free()
 *   (notification_db_device_dup() keeps one longer); %NULL on error
 *
 * Since: 0.1
 */
MdbPage *
notification_db_devices_list (MdbExecutor *executor,
                              const char  *user_id,
                              const char  *cursor,
                              guint        limit,
                              GError     **error)
{
  g_autoptr (MdbCursor) after = NULL;
  g_autoptr (NotificationDbDeviceList) rows = NULL;
  g_autofree char *kind = NULL;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!nd_check_id (user_id, "user_id", error)
      || !mdb_check_limit (limit, NOTIFICATION_DB_MAX_PAGE, "limit", error))
    return NULL;
  kind = g_strconcat ("notification_db.devices_list:", user_id, NULL);
  if (cursor != NULL && (after = mdb_cursor_decode (cursor, kind, "it", error)) == NULL)
    return NULL;
  /* The first page starts after (-infinity, the smallest uuid). */
  rows = notification_db_devices_page (executor, user_id,
                                       after != NULL ? mdb_cursor_get_int64 (after, 0) : G_MININT64,
                                       after != NULL ? mdb_cursor_get_text (after, 1)
                                                     : "00000000-0000-0000-0000-000000000000",
                                       (gint64) limit + 1, error);
  if (rows == NULL)
    return NULL;
  return mdb_page_new_from_row_list (g_steal_pointer (&rows), sizeof rows->rows[0], limit, kind, device_key);
}

/**
 * notification_db_device_remove:
 * @executor: a pool or a connection
 * @user_id: the acting user: only their device is removed
 * @device_token: the device's push token
 * @error: return location for a #GError
 *
 * Removes one of @user_id's devices (sign-out on that device).  A token
 * registered to another user is left alone.  One round trip.
 *
 * Errors: MDB_ERROR_INVALID_INPUT naming a bad argument; the executor's errors.
 *
 * Returns: %TRUE when the device was removed; %FALSE with @error unset
 *   when @user_id has no device with this token
 *
 * Since: 0.1
 */
gboolean
notification_db_device_remove (MdbExecutor *executor,
                               const char  *user_id,
                               const char  *device_token,
                               GError     **error)
{
  g_return_val_if_fail (executor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!nd_check_id (user_id, "user_id", error) || !nd_check_id (device_token, "device_token", error))
    return FALSE;
  return notification_db_device_delete_token (executor, user_id, device_token, error) > 0;
}

/**
 * notification_db_devices_remove_user:
 * @executor: a pool or a connection
 * @user_id: the user whose devices go (sign-out everywhere, account deletion)
 * @error: return location for a #GError
 *
 * Removes every device of @user_id in one statement and one round trip.
 *
 * Errors: MDB_ERROR_INVALID_INPUT when @user_id is %NULL, empty or not
 * UTF-8; the executor's errors.
 *
 * Returns: how many devices were removed (0 for an unknown user), or -1 on error
 *
 * Since: 0.1
 */
gint64
notification_db_devices_remove_user (MdbExecutor *executor,
                                     const char  *user_id,
                                     GError     **error)
{
  g_return_val_if_fail (executor != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (!nd_check_id (user_id, "user_id", error))
    return -1;
  return notification_db_devices_delete_user (executor, user_id, error);
}

/**
 * notification_db_devices_remove_unused:
 * @executor: a pool or a connection
 * @before_usec: devices not used since this time go (µs since the Unix epoch, UTC)
 * @error: return location for a #GError
 *
 * Removes every device whose `last_used_at` is before @before_usec (a
 * device never used counts from its `updated_at`), in one statement and
 * one round trip, through `user_device_registration_last_used_at_idx`.
 *
 * Errors: the executor's errors.
 *
 * Returns: how many devices were removed, or -1 on error
 *
 * Since: 0.1
 */
gint64
notification_db_devices_remove_unused (MdbExecutor *executor,
                                       gint64       before_usec,
                                       GError     **error)
{
  g_return_val_if_fail (executor != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  return notification_db_devices_delete_unused (executor, before_usec, error);
}
