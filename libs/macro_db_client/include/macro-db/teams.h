/* SPDX-License-Identifier: MIT */
/* teams.h: macro_db_client's teams and their members; include <macro-db/macro-db.h>. */
#pragma once

#include <glib.h>
#include <mdb/mdb.h>
#include <macro-db/items.h>

G_BEGIN_DECLS

MacroDbTeam  *macro_db_team_create         (MdbExecutor           *executor,
                                            const char            *owner_id,
                                            const char            *name,
                                            GError               **error);

MacroDbTeam  *macro_db_team_rename         (MdbExecutor           *executor,
                                            const char            *actor_id,
                                            const char            *team_id,
                                            const char            *name,
                                            GError               **error);

gint64        macro_db_team_add_members    (MdbExecutor           *executor,
                                            const char            *actor_id,
                                            const char            *team_id,
                                            const char *const     *user_ids,
                                            const MacroDbTeamRole *roles,
                                            gsize                  n_members,
                                            GError               **error);

gint64        macro_db_team_remove_members (MdbExecutor           *executor,
                                            const char            *actor_id,
                                            const char            *team_id,
                                            const char *const     *user_ids,
                                            gsize                  n_members,
                                            GError               **error);

MacroDbUserTeamList *macro_db_user_teams   (MdbExecutor           *executor,
                                            const char            *user_id,
                                            GError               **error);

MdbPage      *macro_db_team_members_list   (MdbExecutor           *executor,
                                            const char            *actor_id,
                                            const char            *team_id,
                                            const char            *cursor,
                                            guint                  limit,
                                            GError               **error);

G_END_DECLS
