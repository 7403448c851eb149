/* SPDX-License-Identifier: MIT */
/* items.c: item types, input checks and the item pages every aggregate of
 * macro_db_client shares. */
#include <string.h>
#include "macro-private.h"

static const char *const item_type_names[] = { "document", "chat", "project", "thread" };

/**
 * macro_db_item_type_to_string:
 * @type: an item type
 *
 * Returns: (transfer none): the type as "UserItemAccess".item_type spells it
 *   ("document", "chat", "project", "thread"), a static string; %NULL for
 *   %MACRO_DB_ITEM_ANY or a value out of range
 *
 * Since: 0.1
 */
const char *
macro_db_item_type_to_string (MacroDbItemType type)
{
  if ((gint) type < 0 || (gsize) type >= G_N_ELEMENTS (item_type_names))
    return NULL;
  return item_type_names[type];
}

/**
 * macro_db_item_type_from_string:
 * @name: an item type's name, as macro_db_item_type_to_string() gives it
 * @out_type: (out): where the type goes
 * @error: return location for a #GError
 *
 * Errors: MDB_ERROR_INVALID_INPUT naming @name when it is no item type.
 *
 * Returns: %TRUE when @name is an item type
 *
 * Since: 0.1
 */
gboolean
macro_db_item_type_from_string (const char      *name,
                                MacroDbItemType *out_type,
                                GError         **error)
{
  g_return_val_if_fail (out_type != NULL, FALSE);

  for (gsize i = 0; name != NULL && i < G_N_ELEMENTS (item_type_names); i++)
    if (strcmp (name, item_type_names[i]) == 0)
      {
        *out_type = (MacroDbItemType) i;
        return TRUE;
      }
  g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "\"%s\" is not an item type",
               name != NULL ? name : "(null)");
  return FALSE;
}

/* Ids are opaque text compared byte-wise: only NULL, "" and invalid UTF-8
 * are refused (mdb_check_text()). */
gboolean
macro_check_id (const char *id, const char *name, GError **error)
{
  return mdb_check_text (id, -1, name, MDB_TEXT_REQUIRED, error);
}

gboolean
macro_check_nullable_id (const char *id, const char *name, GError **error)
{
  return mdb_check_text (id, -1, name, MDB_TEXT_NULLABLE, error);
}

gboolean
macro_check_item_type (MacroDbItemType type, gboolean allow_any, const char *name, GError **error)
{
  if ((allow_any && type == MACRO_DB_ITEM_ANY) || macro_db_item_type_to_string (type) != NULL)
    return TRUE;
  g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "%s is not an item type (%d)", name, (int) type);
  return FALSE;
}

gboolean
macro_check_level (gint level, gboolean allow_none, const char *name, GError **error)
{
  if ((allow_none && level == MACRO_DB_NO_ACCESS) || macro_db_access_level_to_string (level) != NULL)
    return TRUE;
  g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "%s is not an access level (%d)", name, level);
  return FALSE;
}

/* Checks an id array (at most MACRO_DB_MAX_ITEMS), naming the bad index. */
gboolean
macro_check_ids (const char *const *ids, gsize n, const char *name, GError **error)
{
  if (n > MACRO_DB_MAX_ITEMS)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "%s: %" G_GSIZE_FORMAT " ids, at most %d",
                   name, n, MACRO_DB_MAX_ITEMS);
      return FALSE;
    }
  if (ids == NULL && n > 0)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "%s is NULL", name);
      return FALSE;
    }
  for (gsize i = 0; i < n; i++)
    if (!macro_check_id (ids[i], name, error))
      {
        g_prefix_error (error, "%s[%" G_GSIZE_FORMAT "]: ", name, i);
        return FALSE;
      }
  return TRUE;
}

/* A NULL-terminated copy of the pointers (not the strings), as the
 * generated text[] parameters expect; g_free() it. */
const char **
macro_strv_borrow (const char *const *ids, gsize n)
{
  const char **v = g_new0 (const char *, n + 1);

  if (n > 0)
    memcpy (v, ids, n * sizeof *v);
  return v;
}

gboolean
macro_item_after_init (MacroItemAfter *after, const char *token, const char *kind, GError **error)
{
  *after = (MacroItemAfter) { MACRO_AFTER_NEWEST, "", "", NULL };
  if (token == NULL)
    return TRUE;
  if ((after->cursor = mdb_cursor_decode (token, kind, "itt", error)) == NULL)
    return FALSE;
  after->updated_at = mdb_cursor_get_int64 (after->cursor, 0);
  after->item_type = mdb_cursor_get_text (after->cursor, 1);
  after->item_id = mdb_cursor_get_text (after->cursor, 2);
  return TRUE;
}

void
macro_item_after_clear (MacroItemAfter *after)
{
  g_clear_pointer (&after->cursor, mdb_cursor_free);
}

static void
item_key (gconstpointer row, MdbCursor *cursor)
{
  const MacroDbItem *item = row;

  mdb_cursor_add_int64 (cursor, item->updated_at);
  mdb_cursor_add_text (cursor, item->item_type);
  mdb_cursor_add_text (cursor, item->item_id);
}

/* A page of MacroDbItem rows (@rows holds limit + 1 at most); takes @rows. */
MdbPage *
macro_item_page (MacroDbItemList *rows, guint limit, const char *kind)
{
  return mdb_page_new_from_row_list (rows, sizeof rows->rows[0], limit, kind, item_key);
}
