/* SPDX-License-Identifier: MIT */
/* projects.h: projects (folders) and their subtrees (macro_db_client).
 * Include <macro-db/macro-db.h>. */
#pragma once

#include <macro-db/items.h>

G_BEGIN_DECLS

MacroDbProject     *macro_db_project_create      (MdbExecutor *executor,
                                                  const char  *user_id,
                                                  const char  *name,
                                                  const char  *parent_id,
                                                  gboolean     is_public,
                                                  gint         public_level,
                                                  GError     **error);

gboolean            macro_db_project_rename      (MdbExecutor *executor,
                                                  const char  *project_id,
                                                  const char  *name,
                                                  GError     **error);

gboolean            macro_db_project_move        (MdbExecutor *executor,
                                                  const char  *project_id,
                                                  const char  *parent_id,
                                                  GError     **error);

MdbPage            *macro_db_project_subtree_ids (MdbExecutor *executor,
                                                  const char  *user_id,
                                                  const char  *project_id,
                                                  const char  *cursor,
                                                  guint        limit,
                                                  GError     **error);

MdbPage            *macro_db_project_content     (MdbExecutor *executor,
                                                  const char  *user_id,
                                                  const char  *project_id,
                                                  const char  *cursor,
                                                  guint        limit,
                                                  GError     **error);

MacroDbDeletedTree *macro_db_project_soft_delete (MdbExecutor *executor,
                                                  const char  *project_id,
                                                  GError     **error);

gint64              macro_db_project_restore     (MdbExecutor *executor,
                                                  const char  *project_id,
                                                  GError     **error);

G_END_DECLS
