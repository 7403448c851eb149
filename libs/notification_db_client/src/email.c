/* SPDX-License-Identifier: MIT */
/* email.c: whether to email, who was ever emailed, per-channel "already
 * emailed" marks, and the digest claim. */
#include <stddef.h>
#include "notification-db-private.h"

/* nd_bools() reads each row as one gboolean at offset 0. */
G_STATIC_ASSERT (sizeof (NotificationDbShouldEmailUsersRow) == sizeof (gboolean));
G_STATIC_ASSERT (sizeof (NotificationDbEmailSentCheckRow) == sizeof (gboolean));
G_STATIC_ASSERT (sizeof (NotificationDbChannelEmailSentCheckRow) == sizeof (gboolean));

/**
 * notification_db_should_email:
 * @executor: a pool or a connection
 * @event_type: the event's type
 * @item_id: the item the event is about
 * @item_type: its type
 * @recipients: (array length=n_recipients) (nullable): the users (and their addresses)
 * @n_recipients: how many, 0 to %NOTIFICATION_DB_MAX_BATCH
 * @error: return location for a #GError
 *
 * Decides, for every recipient at once, whether to email them about an
 * event, with the real system's rule: a user is emailed about an (event
 * type, item) only while they have at most one notification of that event
 * type and item (the one just created; repeats are not emailed), and never
 * when muted, unsubscribed from the item, or when their address is
 * unsubscribed.  Users the database does not know get %TRUE.  One query,
 * one round trip (none for 0 recipients); each lookup goes through a
 * primary key or `notification_event_item_id_event_item_type_idx`.
 *
 * Errors: MDB_ERROR_INVALID_INPUT naming a bad argument or recipient
 * ("recipients[1].user_id is empty"; an address may be %NULL, not empty);
 * the executor's errors.
 *
 * Returns: (transfer full) (element-type gboolean): one answer per
 *   recipient, in input order (g_array_unref()), or %NULL on error
 *
 * Since: 0.1
 */
GArray *
notification_db_should_email (MdbExecutor                   *executor,
                              const char                    *event_type,
                              const char                    *item_id,
                              const char                    *item_type,
                              const NotificationDbRecipient *recipients,
                              gsize                          n_recipients,
                              GError                       **error)
{
  g_autofree const char **users = NULL;
  g_autofree const char **emails = NULL;
  g_autoptr (NotificationDbShouldEmailUsersRowList) rows = NULL;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!nd_check_id (event_type, "event_type", error) || !nd_check_id (item_id, "item_id", error)
      || !nd_check_id (item_type, "item_type", error))
    return NULL;
  if (n_recipients > NOTIFICATION_DB_MAX_BATCH || (n_recipients > 0 && recipients == NULL))
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                   "recipients: %" G_GSIZE_FORMAT " items (want 0 to %d, non-NULL)", n_recipients,
                   NOTIFICATION_DB_MAX_BATCH);
      return NULL;
    }
  users = g_new0 (const char *, n_recipients + 1);
  emails = g_new0 (const char *, n_recipients + 1);
  for (gsize i = 0; i < n_recipients; i++)
    {
      if (!nd_check_id (recipients[i].user_id, "user_id", error)
          || !mdb_check_text (recipients[i].email, -1, "email", MDB_TEXT_NULLABLE, error))
        {
          g_prefix_error (error, "recipients[%" G_GSIZE_FORMAT "].", i);
          return NULL;
        }
      users[i] = recipients[i].user_id;
      /* A text[] parameter cannot hold NULL: "" stands for "no address". */
      emails[i] = recipients[i].email != NULL ? recipients[i].email : "";
    }
  if (n_recipients == 0)
    return g_array_new (FALSE, FALSE, sizeof (gboolean));
  rows = notification_db_should_email_users (executor, item_id, item_type, event_type, users, emails, error);
  if (rows == NULL)
    return NULL;
  return nd_bools (rows->rows, rows->n_rows, sizeof rows->rows[0], n_recipients, "should_email", error);
}

/**
 * notification_db_email_sent_record:
 * @executor: a pool or a connection
 * @user_ids: (array length=n_users) (nullable): the users just sent a notification email
 * @n_users: how many, 0 to %NOTIFICATION_DB_MAX_BATCH
 * @error: return location for a #GError
 *
 * Records that each user was sent a notification email now
 * (`notification_email_sent.sent_at`; an existing record moves to now).
 * One statement, one round trip (none for 0 users).
 *
 * Errors: MDB_ERROR_INVALID_INPUT naming a bad id and its index; the
 * executor's errors.
 *
 * Returns: how many users were recorded (repeats once), or -1 on error
 *
 * Since: 0.1
 */
gint64
notification_db_email_sent_record (MdbExecutor       *executor,
                                   const char *const *user_ids,
                                   gsize              n_users,
                                   GError           **error)
{
  g_autofree const char **users = NULL;

  g_return_val_if_fail (executor != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  users = nd_check_ids (user_ids, n_users, NOTIFICATION_DB_MAX_BATCH, "user_ids", FALSE, error);
  if (users == NULL)
    return -1;
  if (n_users == 0)
    return 0;
  return notification_db_email_sent_mark (executor, users, error);
}

/**
 * notification_db_email_sent_lookup:
 * @executor: a pool or a connection
 * @user_ids: (array length=n_users) (nullable): the users
 * @n_users: how many, 0 to %NOTIFICATION_DB_MAX_BATCH
 * @error: return location for a #GError
 *
 * Tells, for each user, whether they were ever sent a notification email
 * (the first email gets a different template).  One query, one round trip
 * (none for 0 users), through the primary key.
 *
 * Errors: MDB_ERROR_INVALID_INPUT naming a bad id and its index; the
 * executor's errors.
 *
 * Returns: (transfer full) (element-type gboolean): one answer per user,
 *   in input order (g_array_unref()), or %NULL on error
 *
 * Since: 0.1
 */
GArray *
notification_db_email_sent_lookup (MdbExecutor       *executor,
                                   const char *const *user_ids,
                                   gsize              n_users,
                                   GError           **error)
{
  g_autofree const char **users = NULL;
  g_autoptr (NotificationDbEmailSentCheckRowList) rows = NULL;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  users = nd_check_ids (user_ids, n_users, NOTIFICATION_DB_MAX_BATCH, "user_ids", FALSE, error);
  if (users == NULL)
    return NULL;
  if (n_users == 0)
    return g_array_new (FALSE, FALSE, sizeof (gboolean));
  rows = notification_db_email_sent_check (executor, users, error);
  if (rows == NULL)
    return NULL;
  return nd_bools (rows->rows, rows->n_rows, sizeof rows->rows[0], n_users, "email_sent_lookup", error);
}

/* Validates a channel and its users; the users' NULL-terminated copy, or NULL. */
static const char **
check_channel_users (const char *channel_id, const char *const *user_ids, gsize n_users, GError **error)
{
  if (!nd_check_uuid (channel_id, "channel_id", error))
    return NULL;
  return nd_check_ids (user_ids, n_users, NOTIFICATION_DB_MAX_BATCH, "user_ids", FALSE, error);
}

/**
 * notification_db_channel_emailed_set:
 * @executor: a pool or a connection
 * @channel_id: the channel (a uuid)
 * @user_ids: (array length=n_users) (nullable): the users just emailed about it
 * @n_users: how many, 0 to %NOTIFICATION_DB_MAX_BATCH
 * @error: return location for a #GError
 *
 * Marks each user as already emailed about @channel_id, so that further
 * messages do not email them again until the mark is cleared
 * (notification_db_channel_emailed_clear(), e.g. when they read the
 * channel).  One statement, one round trip (none for 0 users).
 *
 * Errors: MDB_ERROR_INVALID_INPUT for a malformed @channel_id or a bad id
 * (named with its index); the executor's errors.
 *
 * Returns: how many marks are new (existing ones and repeats do not
 *   count), or -1 on error
 *
 * Since: 0.1
 */
gint64
notification_db_channel_emailed_set (MdbExecutor       *executor,
                                     const char        *channel_id,
                                     const char *const *user_ids,
                                     gsize              n_users,
                                     GError           **error)
{
  g_autofree const char **users = NULL;

  g_return_val_if_fail (executor != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if ((users = check_channel_users (channel_id, user_ids, n_users, error)) == NULL)
    return -1;
  if (n_users == 0)
    return 0;
  return notification_db_channel_email_sent_set (executor, channel_id, users, error);
}

/**
 * notification_db_channel_emailed_clear:
 * @executor: a pool or a connection
 * @channel_id: the channel (a uuid)
 * @user_ids: (array length=n_users) (nullable): the users whose mark goes
 * @n_users: how many, 0 to %NOTIFICATION_DB_MAX_BATCH
 * @error: return location for a #GError
 *
 * Clears the "already emailed about @channel_id" mark of each user.  One
 * statement, one round trip (none for 0 users), on the primary key.
 *
 * Errors: as notification_db_channel_emailed_set().
 *
 * Returns: how many marks were removed, or -1 on error
 *
 * Since: 0.1
 */
gint64
notification_db_channel_emailed_clear (MdbExecutor       *executor,
                                       const char        *channel_id,
                                       const char *const *user_ids,
                                       gsize              n_users,
                                       GError           **error)
{
  g_autofree const char **users = NULL;

  g_return_val_if_fail (executor != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if ((users = check_channel_users (channel_id, user_ids, n_users, error)) == NULL)
    return -1;
  if (n_users == 0)
    return 0;
  return notification_db_channel_email_sent_clear (executor, channel_id, users, error);
}

/**
 * notification_db_channel_emailed_lookup:
 * @executor: a pool or a connection
 * @channel_id: the channel (a uuid)
 * @user_ids: (array length=n_users) (nullable): the users
 * @n_users: how many, 0 to %NOTIFICATION_DB_MAX_BATCH
 * @error: return location for a #GError
 *
 * Tells, for each user, whether they are marked as already emailed about
 * @channel_id.  One query, one round trip (none for 0 users).
 *
 * Errors: as notification_db_channel_emailed_set().
 *
 * Returns: (transfer full) (element-type gboolean): one answer per user,
 *   in input order (g_array_unref()), or %NULL on error
 *
 * Since: 0.1
 */
GArray *
notification_db_channel_emailed_lookup (MdbExecutor       *executor,
                                        const char        *channel_id,
                                        const char *const *user_ids,
                                        gsize              n_users,
                                        GError           **error)
{
  g_autofree const char **users = NULL;
  g_autoptr (NotificationDbChannelEmailSentCheckRowList) rows = NULL;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((users = check_channel_users (channel_id, user_ids, n_users, error)) == NULL)
    return NULL;
  if (n_users == 0)
    return g_array_new (FALSE, FALSE, sizeof (gboolean));
  rows = notification_db_channel_email_sent_check (executor, channel_id, users, error);
  if (rows == NULL)
    return NULL;
  return nd_bools (rows->rows, rows->n_rows, sizeof rows->rows[0], n_users, "channel_emailed_lookup", error);
}

/**
 * notification_db_digest_claim:
 * @executor: a pool or a connection
 * @older_than_usec: only rows created strictly before this time (µs since the Unix epoch, UTC)
 * @limit: the most rows to claim, 1 to %NOTIFICATION_DB_MAX_CLAIM
 * @error: return location for a #GError
 *
 * The email digest: claims up to @limit user notifications that are not
 * seen, done, deleted nor emailed yet and were created before
 * @older_than_usec (oldest first), marks them emailed (`sent`) and returns
 * them grouped per user: ordered by user id, then `created_at`, then
 * notification id, so each user's rows are consecutive.  One statement
 * (one round trip) that locks the rows it takes `FOR UPDATE SKIP LOCKED`:
 * workers running the digest at the same time each get different rows and
 * never the same notification twice.  Call again until it returns an
 * empty list.  On a connection inside a transaction the claim is undone if
 * the caller rolls back (so a failed send can roll back its claim).
 * Walks the partial index `user_notification_unsent_idx`.
 *
 * Errors: MDB_ERROR_INVALID_INPUT when @limit is out of range; the
 * executor's errors.
 *
 * Returns: (transfer full): the claimed rows
 *   (notification_db_digest_item_list_free()), possibly empty; %NULL on error
 *
 * Since: 0.1
 */
NotificationDbDigestItemList *
notification_db_digest_claim (MdbExecutor *executor,
                              gint64       older_than_usec,
                              guint        limit,
                              GError     **error)
{
  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!mdb_check_limit (limit, NOTIFICATION_DB_MAX_CLAIM, "limit", error))
    return NULL;
  return notification_db_digest_take (executor, older_than_usec, limit, error);
}
