/* SPDX-License-Identifier: MIT */
/* notifications.c: fan-out, a user's list and unseen count, state changes
 * and retention. */
#include <string.h>
#include "notification-db-private.h"

/* notification.notification_event_type is varchar(255). */
#define EVENT_TYPE_MAX_CHARS 255

/* The server's SQLSTATE for text that is not valid JSON (22P02). */
#define SQLSTATE_INVALID_TEXT "22P02"

static gboolean
check_event (const NotificationDbEvent *event, GError **error)
{
  if (event == NULL)
    {
      g_set_error_literal (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "event is NULL");
      return FALSE;
    }
  if ((event->id != NULL && !nd_check_uuid (event->id, "event.id", error))
      || !nd_check_id (event->event_type, "event.event_type", error)
      || !nd_check_id (event->item_id, "event.item_id", error)
      || !nd_check_id (event->item_type, "event.item_type", error)
      || !nd_check_id (event->service_sender, "event.service_sender", error)
      || !mdb_check_text (event->metadata, -1, "event.metadata", MDB_TEXT_NULLABLE, error)
      || !mdb_check_text (event->sender_id, -1, "event.sender_id", MDB_TEXT_NULLABLE, error))
    return FALSE;
  if (g_utf8_strlen (event->event_type, -1) > EVENT_TYPE_MAX_CHARS)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                   "event.event_type is longer than %d characters", EVENT_TYPE_MAX_CHARS);
      return FALSE;
    }
  return TRUE;
}

/**
 * notification_db_notify:
 * @executor: a pool or a connection (in a transaction or not)
 * @event: the event: type, item, sender service, optional id, metadata and sender
 * @user_ids: (array length=n_users) (nullable): the recipients
 * @n_users: number of recipients, 0 to %NOTIFICATION_DB_MAX_RECIPIENTS
 * @error: return location for a #GError
 *
 * Creates the notification and fans it out: one `user_notification` row
 * for each recipient, skipping muted users (notification_db_mute()) and
 * users unsubscribed from @event's item (notification_db_unsubscribe_item()).
 * Repeated ids count once.  One statement, so one round trip and one
 * transaction (all rows or none); on a connection already in a transaction
 * it is part of that transaction.  Every row gets the notification's
 * `created_at`.  Without @event->id a UUIDv7 is generated.
 *
 * Errors: MDB_ERROR_INVALID_INPUT naming the argument ("user_ids[3] is
 * empty", "event.id is not a uuid", "event.metadata is not valid JSON: …")
 * for a %NULL, empty or non-UTF-8 id, an event type over 255 characters or
 * more than %NOTIFICATION_DB_MAX_RECIPIENTS recipients;
 * MDB_ERROR_UNIQUE_VIOLATION (`notification_pkey`) when @event->id exists;
 * the executor's errors.
 *
 * Returns: (transfer full): the notification's id and `created_at` and the
 *   users notified, in input order (`notified`, NULL-terminated, held by
 *   the row), with `n_stored` their count; free with
 *   notification_db_fan_out_free(); %NULL on error (nothing stored)
 *
 * Since: 0.1
 */
NotificationDbFanOut *
notification_db_notify (MdbExecutor               *executor,
                        const NotificationDbEvent *event,
                        const char *const         *user_ids,
                        gsize                      n_users,
                        GError                   **error)
{
  g_autofree const char **users = NULL;
  char generated[MDB_UUID_STRING_SIZE];
  GError *local = NULL;
  NotificationDbFanOut *row;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_event (event, error))
    return NULL;
  users = nd_check_ids (user_ids, n_users, NOTIFICATION_DB_MAX_RECIPIENTS, "user_ids", FALSE, error);
  if (users == NULL)
    return NULL;
  if (event->id == NULL)
    nd_uuid_v7 (generated);
  row = notification_db_notification_fan_out (executor, event->id != NULL ? event->id : generated,
                                              event->event_type, event->item_id, event->item_type,
                                              event->service_sender, event->metadata, event->sender_id,
                                              users, event->important, &local);
  /* Malformed metadata is the caller's input, not a server fault. */
  if (row == NULL && g_strcmp0 (mdb_error_get_sqlstate (local), SQLSTATE_INVALID_TEXT) == 0)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "event.metadata is not valid JSON: %s",
                   local->message);
      g_error_free (local);
      return NULL;
    }
  if (row == NULL)
    g_propagate_error (error, local);
  return row;
}

/* The cursor kind names the user and every filter, so a token of another
 * user's list or of another filter is refused instead of paging elsewhere. */
static char *
list_kind (const char *user_id, const NotificationDbFilter *f)
{
  return g_strdup_printf ("notification_db.list:%s\x1f%d%d\x1f%s\x1f%s", user_id,
                          f->unseen_only ? 1 : 0, f->not_done_only ? 1 : 0,
                          f->event_type != NULL ? f->event_type : "\x1e",
                          f->item_id != NULL ? f->item_id : "\x1e");
}

static void
user_notification_key (gconstpointer row, MdbCursor *cursor)
{
  const NotificationDbUserNotification *n = row;
  char id[MDB_UUID_STRING_SIZE];

  mdb_cursor_add_int64 (cursor, n->created_at);
  mdb_cursor_add_text (cursor, mdb_uuid_format (&n->id, id));
}

/**
 * notification_db_list:
 * @executor: a pool or a connection
 * @user_id: the acting user: only their notifications are listed
 * @filter: (nullable): filters (unseen only, not done only, an event type,
 *   an item), or %NULL for every live notification
 * @cursor: (nullable): the `next_cursor` of the previous page, or %NULL for the first page
 * @limit: the most rows to return, 1 to %NOTIFICATION_DB_MAX_PAGE
 * @error: return location for a #GError
 *
 * Lists one page of @user_id's notifications that are not deleted, newest
 * first by (`created_at`, notification id), both descending: the id breaks
 * ties between notifications of the same instant.  Keyset-paginated: pass
 * the page's `next_cursor`, with the same @filter, for the next page; it is
 * %NULL on the last one.  One query, one round trip, on
 * `user_notification_user_id_created_at_notification_id_idx`.  An unknown
 * user has an empty list.
 *
 * Errors: MDB_ERROR_INVALID_INPUT when @user_id or a filter string is
 * empty or not UTF-8, @limit is out of range, or @cursor was not made by
 * this function for this user and filter; the executor's errors.
 *
 * Returns: (transfer full): the page (mdb_page_free()); its items are
 *   #NotificationDbUserNotification rows the page holds, valid until
 *   mdb_page_free() (notification_db_user_notification_dup() keeps one
 *   longer); %NULL on error
 *
 * Since: 0.1
 */
MdbPage *
notification_db_list (MdbExecutor                *executor,
                      const char                 *user_id,
                      const NotificationDbFilter *filter,
                      const char                 *cursor,
                      guint                       limit,
                      GError                    **error)
{
  static const NotificationDbFilter no_filter = { FALSE, FALSE, NULL, NULL };
  g_autoptr (MdbCursor) after = NULL;
  g_autoptr (NotificationDbUserNotificationList) rows = NULL;
  g_autofree char *kind = NULL;
  const NotificationDbFilter *f = filter != NULL ? filter : &no_filter;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!nd_check_id (user_id, "user_id", error)
      || (f->event_type != NULL && !nd_check_id (f->event_type, "filter.event_type", error))
      || (f->item_id != NULL && !nd_check_id (f->item_id, "filter.item_id", error))
      || !mdb_check_limit (limit, NOTIFICATION_DB_MAX_PAGE, "limit", error))
    return NULL;
  kind = list_kind (user_id, f);
  if (cursor != NULL && (after = mdb_cursor_decode (cursor, kind, "it", error)) == NULL)
    return NULL;
  /* The first page starts after (infinity, the largest uuid): before everything. */
  rows = notification_db_user_notifications_page (executor, user_id,
                                                  after != NULL ? mdb_cursor_get_int64 (after, 0) : G_MAXINT64,
                                                  after != NULL ? mdb_cursor_get_text (after, 1)
                                                                : "ffffffff-ffff-ffff-ffff-ffffffffffff",
                                                  f->unseen_only, f->not_done_only, f->event_type,
                                                  f->item_id, (gint64) limit + 1, error);
  if (rows == NULL)
    return NULL;
  return mdb_page_new_from_row_list (g_steal_pointer (&rows), sizeof rows->rows[0], limit, kind,
                                     user_notification_key);
}

/**
 * notification_db_unseen_count:
 * @executor: a pool or a connection
 * @user_id: the acting user
 * @error: return location for a #GError
 *
 * Counts @user_id's notifications that are neither seen, done nor deleted
 * (the badge).  One round trip, an index-only scan of
 * `user_notification_unseen_idx`.  0 for an unknown user.
 *
 * Errors: MDB_ERROR_INVALID_INPUT when @user_id is %NULL, empty or not
 * UTF-8; the executor's errors.
 *
 * Returns: the count, or -1 on error
 *
 * Since: 0.1
 */
gint64
notification_db_unseen_count (MdbExecutor *executor,
                              const char  *user_id,
                              GError     **error)
{
  gint64 n;

  g_return_val_if_fail (executor != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (!nd_check_id (user_id, "user_id", error))
    return -1;
  if (!notification_db_user_notifications_unseen_count (executor, user_id, &n, error))
    return -1;
  return n;
}

static gboolean
check_marks (NotificationDbMark marks, GError **error)
{
  const guint all = NOTIFICATION_DB_MARK_SEEN | NOTIFICATION_DB_MARK_DONE | NOTIFICATION_DB_MARK_DELETED;

  if (marks == 0 || ((guint) marks & ~all) != 0)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                   "marks is %u (want a non-empty combination of NOTIFICATION_DB_MARK_SEEN, _DONE, _DELETED)",
                   (guint) marks);
      return FALSE;
    }
  return TRUE;
}

#define MARK_ARGS(m) \
  ((m) & NOTIFICATION_DB_MARK_SEEN) != 0, ((m) & NOTIFICATION_DB_MARK_DONE) != 0, \
  ((m) & NOTIFICATION_DB_MARK_DELETED) != 0

/**
 * notification_db_mark:
 * @executor: a pool or a connection
 * @user_id: the acting user: only their rows change
 * @notification_ids: (array length=n_ids) (nullable): the notifications (uuids)
 * @n_ids: how many, 0 to %NOTIFICATION_DB_MAX_BATCH (one id: one notification)
 * @marks: what to set: seen (`seen_at` = now, kept when set), done, deleted
 *   (`deleted_at` = now, kept when set), or several
 * @error: return location for a #GError
 *
 * Marks @user_id's rows of the given notifications, in one statement (one
 * round trip; 0 when @n_ids is 0).  Other users' rows are never touched,
 * even for the same notification ids; unknown ids are ignored.
 *
 * Errors: MDB_ERROR_INVALID_INPUT naming the argument (and the index of a
 * bad id: "notification_ids[2] is not a uuid") or a bad @marks; the
 * executor's errors.
 *
 * Returns: how many rows changed (rows already in every requested state
 *   do not count), or -1 on error
 *
 * Since: 0.1
 */
gint64
notification_db_mark (MdbExecutor       *executor,
                      const char        *user_id,
                      const char *const *notification_ids,
                      gsize              n_ids,
                      NotificationDbMark marks,
                      GError           **error)
{
  g_autofree const char **ids = NULL;

  g_return_val_if_fail (executor != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (!nd_check_id (user_id, "user_id", error) || !check_marks (marks, error))
    return -1;
  ids = nd_check_ids (notification_ids, n_ids, NOTIFICATION_DB_MAX_BATCH, "notification_ids", TRUE, error);
  if (ids == NULL)
    return -1;
  if (n_ids == 0)
    return 0;
  return notification_db_user_notifications_mark_ids (executor, MARK_ARGS (marks), user_id, ids, error);
}

/**
 * notification_db_mark_item:
 * @executor: a pool or a connection
 * @user_id: the acting user: only their rows change
 * @item_id: the item the notifications are about
 * @item_type: its type
 * @marks: what to set (see notification_db_mark())
 * @error: return location for a #GError
 *
 * Marks every one of @user_id's notifications about (@item_id, @item_type)
 * ("I read the document"), in one statement and one round trip, through
 * `notification_event_item_id_event_item_type_idx` and the primary key.
 *
 * Errors: MDB_ERROR_INVALID_INPUT naming a bad argument; the executor's errors.
 *
 * Returns: how many rows changed, or -1 on error
 *
 * Since: 0.1
 */
gint64
notification_db_mark_item (MdbExecutor       *executor,
                           const char        *user_id,
                           const char        *item_id,
                           const char        *item_type,
                           NotificationDbMark marks,
                           GError           **error)
{
  g_return_val_if_fail (executor != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (!nd_check_id (user_id, "user_id", error) || !nd_check_id (item_id, "item_id", error)
      || !nd_check_id (item_type, "item_type", error) || !check_marks (marks, error))
    return -1;
  return notification_db_user_notifications_mark_item (executor, MARK_ARGS (marks), user_id, item_id,
                                                       item_type, error);
}

/**
 * notification_db_mark_before:
 * @executor: a pool or a connection
 * @user_id: the acting user: only their rows change
 * @before_usec: rows created strictly before this time change (µs since the Unix epoch, UTC)
 * @marks: what to set (see notification_db_mark())
 * @error: return location for a #GError
 *
 * Marks every one of @user_id's notifications created before @before_usec
 * ("mark all as read"), in one statement and one round trip, through
 * `user_notification_user_id_created_at_notification_id_idx`.
 *
 * Errors: MDB_ERROR_INVALID_INPUT naming a bad argument; the executor's errors.
 *
 * Returns: how many rows changed, or -1 on error
 *
 * Since: 0.1
 */
gint64
notification_db_mark_before (MdbExecutor       *executor,
                             const char        *user_id,
                             gint64             before_usec,
                             NotificationDbMark marks,
                             GError           **error)
{
  g_return_val_if_fail (executor != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (!nd_check_id (user_id, "user_id", error) || !check_marks (marks, error))
    return -1;
  return notification_db_user_notifications_mark_before (executor, MARK_ARGS (marks), user_id,
                                                         before_usec, error);
}

/**
 * notification_db_purge_before:
 * @executor: a pool (each batch then commits on its own), or a connection
 * @before_usec: notifications created strictly before this time go (µs since the Unix epoch, UTC)
 * @batch_size: the most notifications one statement deletes, 1 to %NOTIFICATION_DB_MAX_CLAIM
 * @error: return location for a #GError
 *
 * Retention: deletes the notifications older than @before_usec, with their
 * per-user rows (foreign key cascade), oldest first, in statements of at
 * most @batch_size notifications until none is left: never one giant
 * transaction holding millions of row locks.  On a pool or a connection
 * outside a transaction every batch commits on its own, so an error or a
 * cancel keeps the batches already done; on a connection inside a
 * transaction all batches belong to the caller's transaction.  One round
 * trip per batch (at least one).
 *
 * Errors: MDB_ERROR_INVALID_INPUT when @batch_size is out of range; the
 * executor's errors.
 *
 * Returns: how many notifications were deleted, or -1 on error
 *
 * Since: 0.1
 */
gint64
notification_db_purge_before (MdbExecutor *executor,
                              gint64       before_usec,
                              guint        batch_size,
                              GError     **error)
{
  gint64 total = 0;

  g_return_val_if_fail (executor != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (!mdb_check_limit (batch_size, NOTIFICATION_DB_MAX_CLAIM, "batch_size", error))
    return -1;
  for (;;)
    {
      gint64 n = notification_db_notifications_delete_batch (executor, before_usec, batch_size, error);

      if (n < 0)
        return -1;
      total += n;
      /* A short batch means nothing older is left. */
      if (n < (gint64) batch_size)
        return total;
    }
}
