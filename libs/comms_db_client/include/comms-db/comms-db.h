/* SPDX-License-Identifier: MIT */
/* comms-db.h: comms_db_client, Macro's chat (comms_* tables) on MacroDB. */
#pragma once

#include <glib.h>
#include <mdb/mdb.h>
/* What the query files export: the row types the functions below return
 * (`export-row`) and the enums of the schema; the generated functions
 * themselves stay internal. */
#include "comms_db_client-queries.h"

G_BEGIN_DECLS

/* The largest page a list function returns (its @limit). */
#define COMMS_DB_MAX_PAGE 200
/* The most ids a batch read takes, and the most users a call adds. */
#define COMMS_DB_MAX_BATCH 1000
/* The most attachments or mentions one call stores. */
#define COMMS_DB_MAX_ENTITIES 100
/* The most messages of context on either side of a message. */
#define COMMS_DB_MAX_CONTEXT 100
/* Unread counts stop here: COMMS_DB_UNREAD_CAP means "that many or more"
 * (a badge shows 99+), so a channel never viewed costs no more than one
 * read recently. */
#define COMMS_DB_UNREAD_CAP 100
/* @org_id of a user who belongs to no organization (organization ids start at 1). */
#define COMMS_DB_NO_ORG 0

/* An entity attached to or mentioned in a message ("document", "doc-1");
 * the strings are borrowed. */
typedef struct {
  const char *entity_type;
  const char *entity_id;
} CommsDbEntity;

/* Which way a message page goes from its cursor. */
typedef enum {
  COMMS_DB_OLDER,   /* older messages, newest first (first page: the latest) */
  COMMS_DB_NEWER,   /* newer messages, oldest first (first page: the oldest) */
} CommsDbDirection;

/* What comms_db_activity_record() records (flags). */
typedef enum {
  COMMS_DB_VIEWED     = 1 << 0,
  COMMS_DB_INTERACTED = 1 << 1,
} CommsDbActivityKind;

/* channels.c */
char     *comms_db_channel_create       (MdbExecutor              *executor,
                                         const char               *owner_id,
                                         CommsDbCommsChannelType   channel_type,
                                         const char               *name,
                                         gint64                    org_id,
                                         const char *const        *participants,
                                         gsize                     n_participants,
                                         GError                  **error);
char     *comms_db_dm_get_or_create     (MdbExecutor              *executor,
                                         const char               *user_a,
                                         const char               *user_b,
                                         GError                  **error);
char     *comms_db_private_channel_find (MdbExecutor              *executor,
                                         const char *const        *user_ids,
                                         gsize                     n_users,
                                         GError                  **error);
CommsDbChannel *comms_db_channel_get    (MdbExecutor              *executor,
                                         const char               *channel_id,
                                         const char               *user_id,
                                         gint64                    org_id,
                                         GError                  **error);
gboolean  comms_db_channel_rename       (MdbExecutor              *executor,
                                         const char               *channel_id,
                                         const char               *user_id,
                                         const char               *name,
                                         GError                  **error);
gboolean  comms_db_channel_set_type     (MdbExecutor              *executor,
                                         const char               *channel_id,
                                         const char               *user_id,
                                         CommsDbCommsChannelType   channel_type,
                                         gint64                    org_id,
                                         GError                  **error);
gboolean  comms_db_channel_delete       (MdbExecutor              *executor,
                                         const char               *channel_id,
                                         const char               *user_id,
                                         GError                  **error);
MdbPage  *comms_db_channels_list        (MdbExecutor              *executor,
                                         const char               *user_id,
                                         gint64                    org_id,
                                         const char               *cursor,
                                         guint                     limit,
                                         GError                  **error);
CommsDbChannelPreviewList *comms_db_channel_previews (MdbExecutor       *executor,
                                                      const char        *user_id,
                                                      gint64             org_id,
                                                      const char *const *channel_ids,
                                                      gsize              n_channels,
                                                      GError           **error);

/* participants.c */
gint64    comms_db_participants_add     (MdbExecutor              *executor,
                                         const char               *channel_id,
                                         const char               *actor_id,
                                         const char *const        *user_ids,
                                         gsize                     n_users,
                                         GError                  **error);
gboolean  comms_db_participant_leave    (MdbExecutor              *executor,
                                         const char               *channel_id,
                                         const char               *user_id,
                                         GError                  **error);
gboolean  comms_db_participant_remove   (MdbExecutor              *executor,
                                         const char               *channel_id,
                                         const char               *actor_id,
                                         const char               *user_id,
                                         GError                  **error);
gboolean  comms_db_participant_set_role (MdbExecutor              *executor,
                                         const char               *channel_id,
                                         const char               *actor_id,
                                         const char               *user_id,
                                         CommsDbCommsParticipantRole role,
                                         GError                  **error);
MdbPage  *comms_db_participants_list    (MdbExecutor              *executor,
                                         const char               *channel_id,
                                         const char               *reader_id,
                                         gint64                    org_id,
                                         const char               *cursor,
                                         guint                     limit,
                                         GError                  **error);

/* messages.c */
CommsDbMessage *comms_db_message_post   (MdbExecutor              *executor,
                                         const char               *channel_id,
                                         const char               *sender_id,
                                         const char               *thread_id,
                                         const char               *content,
                                         const CommsDbEntity      *attachments,
                                         gsize                     n_attachments,
                                         const CommsDbEntity      *mentions,
                                         gsize                     n_mentions,
                                         GError                  **error);
CommsDbMessage *comms_db_message_edit   (MdbExecutor              *executor,
                                         const char               *message_id,
                                         const char               *user_id,
                                         const char               *content,
                                         GError                  **error);
gboolean  comms_db_message_delete       (MdbExecutor              *executor,
                                         const char               *message_id,
                                         const char               *user_id,
                                         GError                  **error);
MdbPage  *comms_db_messages_list        (MdbExecutor              *executor,
                                         const char               *channel_id,
                                         const char               *reader_id,
                                         gint64                    org_id,
                                         CommsDbDirection          direction,
                                         const char               *cursor,
                                         guint                     limit,
                                         GError                  **error);
char     *comms_db_messages_cursor_at   (const CommsDbMessage     *message);
CommsDbMessageList *comms_db_message_with_context (MdbExecutor   *executor,
                                                   const char    *message_id,
                                                   const char    *reader_id,
                                                   gint64         org_id,
                                                   guint          n_before,
                                                   guint          n_after,
                                                   GError       **error);
MdbPage  *comms_db_thread_replies       (MdbExecutor              *executor,
                                         const char               *thread_id,
                                         const char               *reader_id,
                                         gint64                    org_id,
                                         const char               *cursor,
                                         guint                     limit,
                                         GError                  **error);
CommsDbMessageList *comms_db_latest_messages (MdbExecutor        *executor,
                                              const char         *reader_id,
                                              gint64              org_id,
                                              const char *const  *channel_ids,
                                              gsize               n_channels,
                                              GError            **error);

/* reactions.c */
gboolean  comms_db_reaction_toggle      (MdbExecutor              *executor,
                                         const char               *message_id,
                                         const char               *user_id,
                                         const char               *emoji,
                                         gboolean                 *out_added,
                                         GError                  **error);
CommsDbReactionCountList *comms_db_reactions_summary (MdbExecutor       *executor,
                                                      const char        *reader_id,
                                                      gint64             org_id,
                                                      const char *const *message_ids,
                                                      gsize              n_messages,
                                                      GError           **error);

/* attachments.c */
gint64    comms_db_attachments_add      (MdbExecutor              *executor,
                                         const char               *message_id,
                                         const char               *user_id,
                                         const CommsDbEntity      *entities,
                                         gsize                     n_entities,
                                         GError                  **error);
gint64    comms_db_mentions_add         (MdbExecutor              *executor,
                                         const char               *message_id,
                                         const char               *user_id,
                                         const CommsDbEntity      *entities,
                                         gsize                     n_entities,
                                         GError                  **error);
MdbPage  *comms_db_entity_references_list (MdbExecutor            *executor,
                                           const char             *user_id,
                                           const char             *entity_type,
                                           const char             *entity_id,
                                           const char             *cursor,
                                           guint                   limit,
                                           GError                **error);

/* activity.c */
gboolean  comms_db_activity_record      (MdbExecutor              *executor,
                                         const char               *user_id,
                                         const char               *channel_id,
                                         CommsDbActivityKind       kinds,
                                         GError                  **error);
CommsDbActivity *comms_db_activity_get  (MdbExecutor              *executor,
                                         const char               *user_id,
                                         const char               *channel_id,
                                         GError                  **error);
CommsDbUnreadCountList *comms_db_unread_counts (MdbExecutor       *executor,
                                                const char        *user_id,
                                                gint64             org_id,
                                                GError           **error);

G_END_DECLS
