/* SPDX-License-Identifier: MIT */
/* notification-db.h: notification_db_client, notifications, per-user state,
 * fan-out, email decisions, unsubscribes, mutes and push devices on MacroDB
 * (docs/libs/notification.md). */
#pragma once

#include <glib.h>
#include <mdb/mdb.h>
/* What the query files export: the row types NotificationDbFanOut,
 * NotificationDbUserNotification, NotificationDbDigestItem,
 * NotificationDbItemUnsubscribe, NotificationDbDevice (`export-row`) and the
 * enum NotificationDbDeviceTypeOption; the generated functions stay internal. */
#include "notification_db_client-queries.h"

G_BEGIN_DECLS

/* The most recipients of one notification (notification_db_notify()). */
#define NOTIFICATION_DB_MAX_RECIPIENTS 10000
/* The most ids, users or addresses of one set-based call. */
#define NOTIFICATION_DB_MAX_BATCH 10000
/* The largest page a list function returns (its @limit). */
#define NOTIFICATION_DB_MAX_PAGE 1000
/* The most rows one digest claim or retention batch takes. */
#define NOTIFICATION_DB_MAX_CLAIM 10000

/* ---------------------------------------------------------------- notifications */

/* An event to notify about; the strings are borrowed. */
typedef struct {
  const char *id;              /* nullable: NULL = a new UUIDv7 */
  const char *event_type;      /* e.g. "channel_mention", at most 255 characters */
  const char *item_id;         /* the item the event is about */
  const char *item_type;       /* e.g. "document", "channel" */
  const char *service_sender;  /* the service that raised it */
  const char *metadata;        /* nullable: a JSON document */
  const char *sender_id;       /* nullable: the user who caused it */
  gboolean    important;       /* is_important_v0 of every recipient's row */
} NotificationDbEvent;

NotificationDbFanOut *notification_db_notify      (MdbExecutor               *executor,
                                                   const NotificationDbEvent *event,
                                                   const char *const         *user_ids,
                                                   gsize                      n_users,
                                                   GError                   **error);

/* Optional filters of notification_db_list(); the strings are borrowed. */
typedef struct {
  gboolean    unseen_only;     /* only rows not seen yet */
  gboolean    not_done_only;   /* only rows not done */
  const char *event_type;      /* nullable: only this event type */
  const char *item_id;         /* nullable: only events about this item */
} NotificationDbFilter;

MdbPage *notification_db_list                    (MdbExecutor                *executor,
                                                   const char                 *user_id,
                                                   const NotificationDbFilter *filter,
                                                   const char                 *cursor,
                                                   guint                       limit,
                                                   GError                    **error);

gint64   notification_db_unseen_count             (MdbExecutor *executor,
                                                   const char  *user_id,
                                                   GError     **error);

/* What notification_db_mark*() sets; combine with |. */
typedef enum {
  NOTIFICATION_DB_MARK_SEEN    = 1 << 0,
  NOTIFICATION_DB_MARK_DONE    = 1 << 1,
  NOTIFICATION_DB_MARK_DELETED = 1 << 2,
} NotificationDbMark;

gint64   notification_db_mark                     (MdbExecutor       *executor,
                                                   const char        *user_id,
                                                   const char *const *notification_ids,
                                                   gsize              n_ids,
                                                   NotificationDbMark marks,
                                                   GError           **error);

gint64   notification_db_mark_item                (MdbExecutor       *executor,
                                                   const char        *user_id,
                                                   const char        *item_id,
                                                   const char        *item_type,
                                                   NotificationDbMark marks,
                                                   GError           **error);

gint64   notification_db_mark_before              (MdbExecutor       *executor,
                                                   const char        *user_id,
                                                   gint64             before_usec,
                                                   NotificationDbMark marks,
                                                   GError           **error);

gint64   notification_db_purge_before             (MdbExecutor *executor,
                                                   gint64       before_usec,
                                                   guint        batch_size,
                                                   GError     **error);

/* ---------------------------------------------------------------- email decisions */

/* A user and their address; the strings are borrowed. */
typedef struct {
  const char *user_id;
  const char *email;           /* nullable: no address known */
} NotificationDbRecipient;

GArray  *notification_db_should_email             (MdbExecutor                   *executor,
                                                   const char                    *event_type,
                                                   const char                    *item_id,
                                                   const char                    *item_type,
                                                   const NotificationDbRecipient *recipients,
                                                   gsize                          n_recipients,
                                                   GError                       **error);

gint64   notification_db_email_sent_record        (MdbExecutor       *executor,
                                                   const char *const *user_ids,
                                                   gsize              n_users,
                                                   GError           **error);

GArray  *notification_db_email_sent_lookup        (MdbExecutor       *executor,
                                                   const char *const *user_ids,
                                                   gsize              n_users,
                                                   GError           **error);

gint64   notification_db_channel_emailed_set      (MdbExecutor       *executor,
                                                   const char        *channel_id,
                                                   const char *const *user_ids,
                                                   gsize              n_users,
                                                   GError           **error);

gint64   notification_db_channel_emailed_clear    (MdbExecutor       *executor,
                                                   const char        *channel_id,
                                                   const char *const *user_ids,
                                                   gsize              n_users,
                                                   GError           **error);

GArray  *notification_db_channel_emailed_lookup   (MdbExecutor       *executor,
                                                   const char        *channel_id,
                                                   const char *const *user_ids,
                                                   gsize              n_users,
                                                   GError           **error);

NotificationDbDigestItemList *notification_db_digest_claim (MdbExecutor *executor,
                                                            gint64       older_than_usec,
                                                            guint        limit,
                                                            GError     **error);

/* ---------------------------------------------------------------- unsubscribes and mutes */

gboolean notification_db_unsubscribe_email        (MdbExecutor *executor,
                                                   const char  *email,
                                                   GError     **error);

gboolean notification_db_resubscribe_email        (MdbExecutor *executor,
                                                   const char  *email,
                                                   GError     **error);

GArray  *notification_db_unsubscribed_emails      (MdbExecutor       *executor,
                                                   const char *const *emails,
                                                   gsize              n_emails,
                                                   GError           **error);

gboolean notification_db_unsubscribe_item         (MdbExecutor *executor,
                                                   const char  *user_id,
                                                   const char  *item_id,
                                                   const char  *item_type,
                                                   GError     **error);

gboolean notification_db_resubscribe_item         (MdbExecutor *executor,
                                                   const char  *user_id,
                                                   const char  *item_id,
                                                   GError     **error);

MdbPage *notification_db_item_unsubscribes_list   (MdbExecutor *executor,
                                                   const char  *user_id,
                                                   const char  *cursor,
                                                   guint        limit,
                                                   GError     **error);

gboolean notification_db_mute                     (MdbExecutor *executor,
                                                   const char  *user_id,
                                                   GError     **error);

gboolean notification_db_unmute                   (MdbExecutor *executor,
                                                   const char  *user_id,
                                                   GError     **error);

gboolean notification_db_is_muted                 (MdbExecutor *executor,
                                                   const char  *user_id,
                                                   GError     **error);

char    *notification_db_unsubscribe_code         (MdbExecutor *executor,
                                                   const char  *email,
                                                   GError     **error);

char    *notification_db_unsubscribe_code_email   (MdbExecutor *executor,
                                                   const char  *code,
                                                   GError     **error);

/* ---------------------------------------------------------------- devices */

NotificationDbDevice *notification_db_device_register (MdbExecutor                   *executor,
                                                       const char                    *user_id,
                                                       const char                    *device_token,
                                                       const char                    *device_endpoint,
                                                       NotificationDbDeviceTypeOption device_type,
                                                       GError                       **error);

gboolean notification_db_device_touch             (MdbExecutor *executor,
                                                   const char  *device_token,
                                                   GError     **error);

MdbPage *notification_db_devices_list             (MdbExecutor *executor,
                                                   const char  *user_id,
                                                   const char  *cursor,
                                                   guint        limit,
                                                   GError     **error);

gboolean notification_db_device_remove            (MdbExecutor *executor,
                                                   const char  *user_id,
                                                   const char  *device_token,
                                                   GError     **error);

gint64   notification_db_devices_remove_user      (MdbExecutor *executor,
                                                   const char  *user_id,
                                                   GError     **error);

gint64   notification_db_devices_remove_unused    (MdbExecutor *executor,
                                                   gint64       before_usec,
                                                   GError     **error);

G_END_DECLS
