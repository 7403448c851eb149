/* SPDX-License-Identifier: MIT */
/* unsubscribes.c: address and item unsubscribes, mutes, unsubscribe codes. */
#include "notification-db-private.h"

G_STATIC_ASSERT (sizeof (NotificationDbEmailsUnsubscribedCheckRow) == sizeof (gboolean));

/**
 * notification_db_unsubscribe_email:
 * @executor: a pool or a connection
 * @email: the address (compared exactly as given)
 * @error: return location for a #GError
 *
 * Unsubscribes @email from notification emails.  One round trip.
 *
 * Errors: MDB_ERROR_INVALID_INPUT when @email is %NULL, empty or not
 * UTF-8; the executor's errors.
 *
 * Returns: %TRUE when it was not unsubscribed before; %FALSE with @error
 *   unset when it already was
 *
 * Since: 0.1
 */
gboolean
notification_db_unsubscribe_email (MdbExecutor *executor,
                                   const char  *email,
                                   GError     **error)
{
  g_return_val_if_fail (executor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!nd_check_id (email, "email", error))
    return FALSE;
  return notification_db_email_unsubscribe_add (executor, email, error) > 0;
}

/**
 * notification_db_resubscribe_email:
 * @executor: a pool or a connection
 * @email: the address
 * @error: return location for a #GError
 *
 * Undoes notification_db_unsubscribe_email().  One round trip.
 *
 * Errors: as notification_db_unsubscribe_email().
 *
 * Returns: %TRUE when it was unsubscribed; %FALSE with @error unset when not
 *
 * Since: 0.1
 */
gboolean
notification_db_resubscribe_email (MdbExecutor *executor,
                                   const char  *email,
                                   GError     **error)
{
  g_return_val_if_fail (executor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!nd_check_id (email, "email", error))
    return FALSE;
  return notification_db_email_unsubscribe_remove (executor, email, error) > 0;
}

/**
 * notification_db_unsubscribed_emails:
 * @executor: a pool or a connection
 * @emails: (array length=n_emails) (nullable): the addresses
 * @n_emails: how many, 0 to %NOTIFICATION_DB_MAX_BATCH
 * @error: return location for a #GError
 *
 * Tells, for each address, whether it is unsubscribed.  One query, one
 * round trip (none for 0 addresses), through the primary key.
 *
 * Errors: MDB_ERROR_INVALID_INPUT naming a bad address and its index; the
 * executor's errors.
 *
 * Returns: (transfer full) (element-type gboolean): one answer per
 *   address, in input order (g_array_unref()), or %NULL on error
 *
 * Since: 0.1
 */
GArray *
notification_db_unsubscribed_emails (MdbExecutor       *executor,
                                     const char *const *emails,
                                     gsize              n_emails,
                                     GError           **error)
{
  g_autofree const char **list = NULL;
  g_autoptr (NotificationDbEmailsUnsubscribedCheckRowList) rows = NULL;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  list = nd_check_ids (emails, n_emails, NOTIFICATION_DB_MAX_BATCH, "emails", FALSE, error);
  if (list == NULL)
    return NULL;
  if (n_emails == 0)
    return g_array_new (FALSE, FALSE, sizeof (gboolean));
  rows = notification_db_emails_unsubscribed_check (executor, list, error);
  if (rows == NULL)
    return NULL;
  return nd_bools (rows->rows, rows->n_rows, sizeof rows->rows[0], n_emails, "unsubscribed_emails", error);
}

/**
 * notification_db_unsubscribe_item:
 * @executor: a pool or a connection
 * @user_id: the acting user
 * @item_id: the item they no longer want notifications about
 * @item_type: its type
 * @error: return location for a #GError
 *
 * Unsubscribes @user_id from notifications about @item_id: later
 * notification_db_notify() calls skip them, and
 * notification_db_should_email() says %FALSE.  One round trip.
 *
 * Errors: MDB_ERROR_INVALID_INPUT naming a bad argument; the executor's errors.
 *
 * Returns: %TRUE when they were not unsubscribed before; %FALSE with
 *   @error unset when they already were
 *
 * Since: 0.1
 */
gboolean
notification_db_unsubscribe_item (MdbExecutor *executor,
                                  const char  *user_id,
                                  const char  *item_id,
                                  const char  *item_type,
                                  GError     **error)
{
  g_return_val_if_fail (executor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!nd_check_id (user_id, "user_id", error) || !nd_check_id (item_id, "item_id", error)
      || !nd_check_id (item_type, "item_type", error))
    return FALSE;
  return notification_db_item_unsubscribe_add (executor, user_id, item_id, item_type, error) > 0;
}

/**
 * notification_db_resubscribe_item:
 * @executor: a pool or a connection
 * @user_id: the acting user
 * @item_id: the item
 * @error: return location for a #GError
 *
 * Undoes notification_db_unsubscribe_item().  One round trip.
 *
 * Errors: MDB_ERROR_INVALID_INPUT naming a bad argument; the executor's errors.
 *
 * Returns: %TRUE when they were unsubscribed; %FALSE with @error unset when not
 *
 * Since: 0.1
 */
gboolean
notification_db_resubscribe_item (MdbExecutor *executor,
                                  const char  *user_id,
                                  const char  *item_id,
                                  GError     **error)
{
  g_return_val_if_fail (executor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!nd_check_id (user_id, "user_id", error) || !nd_check_id (item_id, "item_id", error))
    return FALSE;
  return notification_db_item_unsubscribe_remove (executor, user_id, item_id, error) > 0;
}

static char *
item_unsubscribes_kind (const char *user_id)
{
  return g_strconcat ("notification_db.item_unsubscribes_list:", user_id, NULL);
}

static void
item_unsubscribe_key (gconstpointer row, MdbCursor *cursor)
{
  mdb_cursor_add_text (cursor, ((const NotificationDbItemUnsubscribe *) row)->item_id);
}

/**
 * notification_db_item_unsubscribes_list:
 * @executor: a pool or a connection
 * @user_id: the acting user: only their unsubscribes are listed
 * @cursor: (nullable): the `next_cursor` of the previous page, or %NULL for the first page
 * @limit: the most rows to return, 1 to %NOTIFICATION_DB_MAX_PAGE
 * @error: return location for a #GError
 *
 * Lists one page of the items @user_id unsubscribed from, by item id in
 * binary (`COLLATE "C"`) order (the item id is unique per user), through
 * the primary key.  Pass the page's `next_cursor` for the next page; it is
 * %NULL on the last.  One round trip.  An unknown user has an empty list.
 *
 * Errors: MDB_ERROR_INVALID_INPUT when @user_id is bad, @limit is out of
 * range or @cursor was not made by this function for this user; the
 * executor's errors.
 *
 * Returns: (transfer full): the page (mdb_page_free()); its items are
 *   #NotificationDbItemUnsubscribe rows the page holds, valid until
 *   mdb_page_free(); %NULL on error
 *
 * Since: 0.1
 */
MdbPage *
notification_db_item_unsubscribes_list (MdbExecutor *executor,
                                        const char  *user_id,
                                        const char  *cursor,
                                        guint        limit,
                                        GError     **error)
{
  g_autoptr (MdbCursor) after = NULL;
  g_autoptr (NotificationDbItemUnsubscribeList) rows = NULL;
  g_autofree char *kind = NULL;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!nd_check_id (user_id, "user_id", error)
      || !mdb_check_limit (limit, NOTIFICATION_DB_MAX_PAGE, "limit", error))
    return NULL;
  kind = item_unsubscribes_kind (user_id);
  if (cursor != NULL && (after = mdb_cursor_decode (cursor, kind, "t", error)) == NULL)
    return NULL;
  /* Item ids are never empty, so "" sorts before every one of them. */
  rows = notification_db_item_unsubscribes_page (executor, user_id,
                                                 after != NULL ? mdb_cursor_get_text (after, 0) : "",
                                                 (gint64) limit + 1, error);
  if (rows == NULL)
    return NULL;
  return mdb_page_new_from_row_list (g_steal_pointer (&rows), sizeof rows->rows[0], limit, kind, item_unsubscribe_key);
}

/**
 * notification_db_mute:
 * @executor: a pool or a connection
 * @user_id: the user to mute
 * @error: return location for a #GError
 *
 * Mutes @user_id: notification_db_notify() skips them and
 * notification_db_should_email() says %FALSE until
 * notification_db_unmute().  One round trip.
 *
 * Errors: MDB_ERROR_INVALID_INPUT when @user_id is %NULL, empty or not
 * UTF-8; the executor's errors.
 *
 * Returns: %TRUE when they were not muted before; %FALSE with @error unset
 *   when they already were
 *
 * Since: 0.1
 */
gboolean
notification_db_mute (MdbExecutor *executor,
                      const char  *user_id,
                      GError     **error)
{
  g_return_val_if_fail (executor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!nd_check_id (user_id, "user_id", error))
    return FALSE;
  return notification_db_user_mute_add (executor, user_id, error) > 0;
}

/**
 * notification_db_unmute:
 * @executor: a pool or a connection
 * @user_id: the user to unmute
 * @error: return location for a #GError
 *
 * Undoes notification_db_mute().  One round trip.
 *
 * Errors: as notification_db_mute().
 *
 * Returns: %TRUE when they were muted; %FALSE with @error unset when not
 *
 * Since: 0.1
 */
gboolean
notification_db_unmute (MdbExecutor *executor,
                        const char  *user_id,
                        GError     **error)
{
  g_return_val_if_fail (executor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!nd_check_id (user_id, "user_id", error))
    return FALSE;
  return notification_db_user_mute_remove (executor, user_id, error) > 0;
}

/**
 * notification_db_is_muted:
 * @executor: a pool or a connection
 * @user_id: the user
 * @error: return location for a #GError
 *
 * Tells whether @user_id is muted (%FALSE for an unknown user).  One round trip.
 *
 * Errors: as notification_db_mute().
 *
 * Returns: %TRUE when muted; %FALSE when not or on error
 *
 * Since: 0.1
 */
gboolean
notification_db_is_muted (MdbExecutor *executor,
                          const char  *user_id,
                          GError     **error)
{
  gboolean muted = FALSE;

  g_return_val_if_fail (executor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!nd_check_id (user_id, "user_id", error))
    return FALSE;
  return notification_db_user_mute_get (executor, user_id, &muted, error) && muted;
}

/**
 * notification_db_unsubscribe_code:
 * @executor: a pool or a connection
 * @email: the address
 * @error: return location for a #GError
 *
 * The code of @email's one-click unsubscribe link: created the first time
 * it is asked for, the same ever after (also when two callers ask at
 * once: one statement, `INSERT … ON CONFLICT (email) DO UPDATE … RETURNING`).
 * One round trip.
 *
 * Errors: MDB_ERROR_INVALID_INPUT when @email is %NULL, empty or not
 * UTF-8; the executor's errors.
 *
 * Returns: (transfer full): the code, a uuid in canonical text form
 *   (g_free()), or %NULL on error
 *
 * Since: 0.1
 */
char *
notification_db_unsubscribe_code (MdbExecutor *executor,
                                  const char  *email,
                                  GError     **error)
{
  MdbUuid code;
  char text[MDB_UUID_STRING_SIZE];

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!nd_check_id (email, "email", error))
    return NULL;
  if (!notification_db_unsubscribe_code_ensure (executor, email, &code, error))
    return NULL;
  return g_strdup (mdb_uuid_format (&code, text));
}

/**
 * notification_db_unsubscribe_code_email:
 * @executor: a pool or a connection
 * @code: a code from notification_db_unsubscribe_code() (a uuid, any case)
 * @error: return location for a #GError
 *
 * The address an unsubscribe code belongs to (the one-click link's
 * lookup), through `email_unsubscribe_code_code_key`.  One round trip.
 *
 * Errors: MDB_ERROR_INVALID_INPUT when @code is not a uuid;
 * MDB_ERROR_NOT_FOUND when no address has this code; the executor's errors.
 *
 * Returns: (transfer full): the address (g_free()), or %NULL on error
 *
 * Since: 0.1
 */
char *
notification_db_unsubscribe_code_email (MdbExecutor *executor,
                                        const char  *code,
                                        GError     **error)
{
  char *email = NULL;
  GError *local = NULL;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!nd_check_uuid (code, "code", error))
    return NULL;
  if (!notification_db_unsubscribe_code_lookup (executor, code, &email, &local))
    {
      /* :opt: FALSE without an error is "no row". */
      if (local != NULL)
        g_propagate_error (error, local);
      else
        g_set_error_literal (error, MDB_ERROR, MDB_ERROR_NOT_FOUND, "no address has this unsubscribe code");
      return NULL;
    }
  return email;
}
