/* SPDX-License-Identifier: MIT */
/* macro-private.h: helpers the source files of macro_db_client share
 * (hidden in the .so: G_GNUC_INTERNAL). */
#pragma once

#include <macro-db/macro-db.h>
/* The generated functions the library keeps to itself (not exported). */
#include "macro_db_client-queries-private.h"

/* The first page's keyset "after" values for newest-first lists: the
 * timestamp G_MAXINT64 is PostgreSQL's 'infinity', above every row. */
#define MACRO_AFTER_NEWEST G_MAXINT64

G_GNUC_INTERNAL gboolean macro_check_id         (const char *id, const char *name, GError **error);
G_GNUC_INTERNAL gboolean macro_check_nullable_id (const char *id, const char *name, GError **error);
G_GNUC_INTERNAL gboolean macro_check_item_type  (MacroDbItemType type, gboolean allow_any,
                                                 const char *name, GError **error);
G_GNUC_INTERNAL gboolean macro_check_level      (gint level, gboolean allow_none,
                                                 const char *name, GError **error);
G_GNUC_INTERNAL gboolean macro_check_ids        (const char *const *ids, gsize n, const char *name,
                                                 GError **error);
G_GNUC_INTERNAL const char **macro_strv_borrow  (const char *const *ids, gsize n);

/* Keyset (updated_at DESC, item_type DESC, item_id DESC) over MacroDbItem rows. */
typedef struct {
  gint64      updated_at;
  const char *item_type;
  const char *item_id;
  MdbCursor  *cursor;     /* owns the strings above when decoded */
} MacroItemAfter;

G_GNUC_INTERNAL gboolean macro_item_after_init  (MacroItemAfter *after, const char *token,
                                                 const char *kind, GError **error);
G_GNUC_INTERNAL void     macro_item_after_clear (MacroItemAfter *after);
G_GNUC_INTERNAL MdbPage *macro_item_page        (MacroDbItemList *rows, guint limit, const char *kind);
