/* SPDX-License-Identifier: MIT */
/* access.h: sharing and effective access (macro_db_client).
 * Include <macro-db/macro-db.h>. */
#pragma once

#include <macro-db/items.h>

G_BEGIN_DECLS

/* A channel share: every active participant of the channel gets @level. */
typedef struct {
  const char         *channel_id;   /* a uuid, borrowed */
  MacroDbAccessLevel  level;
} MacroDbChannelShare;

gboolean macro_db_access_level          (MdbExecutor          *executor,
                                         const char           *user_id,
                                         const char           *item_id,
                                         MacroDbItemType       item_type,
                                         MacroDbAccessLevel   *out_level,
                                         GError              **error);

GArray  *macro_db_access_levels         (MdbExecutor          *executor,
                                         const char           *user_id,
                                         const MacroDbItemRef *items,
                                         gsize                 n_items,
                                         GError              **error);

MdbPage *macro_db_accessible_items      (MdbExecutor          *executor,
                                         const char           *user_id,
                                         MacroDbAccessLevel    min_level,
                                         MacroDbItemType       item_type,
                                         gboolean              exclude_owned,
                                         const char           *cursor,
                                         guint                 limit,
                                         GError              **error);

MdbPage *macro_db_recently_deleted      (MdbExecutor          *executor,
                                         const char           *user_id,
                                         const char           *cursor,
                                         guint                 limit,
                                         GError              **error);

gint64   macro_db_access_grant          (MdbExecutor          *executor,
                                         const char           *item_id,
                                         MacroDbItemType       item_type,
                                         const char *const    *user_ids,
                                         gsize                 n_users,
                                         MacroDbAccessLevel    level,
                                         GError              **error);

gint64   macro_db_access_revoke         (MdbExecutor          *executor,
                                         const char           *item_id,
                                         MacroDbItemType       item_type,
                                         const char *const    *user_ids,
                                         gsize                 n_users,
                                         GError              **error);

gint64   macro_db_share_permission_edit (MdbExecutor               *executor,
                                         const char                *item_id,
                                         MacroDbItemType            item_type,
                                         gboolean                   is_public,
                                         gint                       public_level,
                                         const MacroDbChannelShare *channels,
                                         gsize                      n_channels,
                                         GError                   **error);

gboolean macro_db_thread_permission_create (MdbExecutor *executor,
                                            const char  *thread_id,
                                            const char  *user_id,
                                            const char  *project_id,
                                            gboolean     is_public,
                                            gint         public_level,
                                            GError     **error);

G_END_DECLS
