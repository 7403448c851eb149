/* SPDX-License-Identifier: MIT */
/* chats.h: macro_db_client's AI chats and their messages; include <macro-db/macro-db.h>. */
#pragma once

#include <glib.h>
#include <mdb/mdb.h>
#include <macro-db/items.h>

G_BEGIN_DECLS

/* The most attachments one message takes. */
#define MACRO_DB_MAX_ATTACHMENTS 100

/* One attachment of a chat message; the strings are borrowed. */
typedef struct {
  const char *attachment_type;   /* e.g. "document", "image" */
  const char *attachment_id;
} MacroDbChatAttachment;

/* A message to add; the strings are borrowed. */
typedef struct {
  const char                  *role;          /* "user", "assistant", "system" */
  const char                  *content_json;  /* any JSON value, stored as jsonb */
  const char                  *model;         /* NULL: none */
  const MacroDbChatAttachment *attachments;
  gsize                        n_attachments;
} MacroDbNewChatMessage;

MacroDbChat        *macro_db_chat_create        (MdbExecutor                 *executor,
                                                 const char                  *user_id,
                                                 const char                  *name,
                                                 const char                  *model,
                                                 const char                  *project_id,
                                                 GError                     **error);

MacroDbChatMessage *macro_db_chat_add_message   (MdbExecutor                 *executor,
                                                 const char                  *user_id,
                                                 const char                  *chat_id,
                                                 const MacroDbNewChatMessage *message,
                                                 GError                     **error);

MdbPage            *macro_db_chat_messages_list (MdbExecutor                 *executor,
                                                 const char                  *user_id,
                                                 const char                  *chat_id,
                                                 const char                  *cursor,
                                                 guint                        limit,
                                                 GError                     **error);

MdbPage            *macro_db_user_chats_list    (MdbExecutor                 *executor,
                                                 const char                  *user_id,
                                                 const char                  *cursor,
                                                 guint                        limit,
                                                 GError                     **error);

MacroDbChat        *macro_db_chat_rename        (MdbExecutor                 *executor,
                                                 const char                  *user_id,
                                                 const char                  *chat_id,
                                                 const char                  *name,
                                                 GError                     **error);

gboolean            macro_db_chat_soft_delete   (MdbExecutor                 *executor,
                                                 const char                  *user_id,
                                                 const char                  *chat_id,
                                                 GError                     **error);

gboolean            macro_db_chat_restore       (MdbExecutor                 *executor,
                                                 const char                  *user_id,
                                                 const char                  *chat_id,
                                                 GError                     **error);

G_END_DECLS
