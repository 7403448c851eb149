/* SPDX-License-Identifier: MIT */
/* history.h: macro_db_client's history, pins and recents; include <macro-db/macro-db.h>. */
#pragma once

#include <glib.h>
#include <mdb/mdb.h>
#include <macro-db/items.h>

G_BEGIN_DECLS

/* The most pins a user may have (macro_db_pin_upsert's @pin_index is below it). */
#define MACRO_DB_MAX_PINS 1000

gint64          macro_db_history_touch (MdbExecutor          *executor,
                                        const char           *user_id,
                                        const MacroDbItemRef *items,
                                        gsize                 n_items,
                                        GError              **error);

MdbPage        *macro_db_history_list  (MdbExecutor          *executor,
                                        const char           *user_id,
                                        const char           *cursor,
                                        guint                 limit,
                                        GError              **error);

MdbPage        *macro_db_recents_list  (MdbExecutor          *executor,
                                        const char           *user_id,
                                        const char           *cursor,
                                        guint                 limit,
                                        GError              **error);

gboolean        macro_db_pin_upsert    (MdbExecutor          *executor,
                                        const char           *user_id,
                                        const MacroDbItemRef *item,
                                        gint32                pin_index,
                                        GError              **error);

MacroDbPinList *macro_db_pins_list     (MdbExecutor          *executor,
                                        const char           *user_id,
                                        GError              **error);

gint64          macro_db_pins_reorder  (MdbExecutor          *executor,
                                        const char           *user_id,
                                        const MacroDbItemRef *items,
                                        gsize                 n_items,
                                        GError              **error);

gboolean        macro_db_pin_remove    (MdbExecutor          *executor,
                                        const char           *user_id,
                                        const MacroDbItemRef *item,
                                        GError              **error);

G_END_DECLS
