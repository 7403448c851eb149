/* SPDX-License-Identifier: MIT */
/* history.c: a user's history (what it opened), last access and pins. */
#include "macro-private.h"

/* History and pins hold documents, chats and projects (an email thread's
 * history is the email domain's). */
static gboolean
check_item (const MacroDbItemRef *item, GError **error)
{
  if (!macro_check_id (item->item_id, "item_id", error))
    return FALSE;
  if (item->item_type != MACRO_DB_ITEM_DOCUMENT && item->item_type != MACRO_DB_ITEM_CHAT
      && item->item_type != MACRO_DB_ITEM_PROJECT)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                   "item_type %d is not a document, chat or project", (int) item->item_type);
      return FALSE;
    }
  return TRUE;
}

/* Checks a batch (at least one item, each named by index on error) and
 * splits it into the NULL-terminated arrays the generated functions take. */
static gboolean
split_items (const MacroDbItemRef *items, gsize n_items,
             const char ***ids, const char ***types, GError **error)
{
  if (n_items == 0 || items == NULL)
    {
      g_set_error_literal (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "no items (n_items is 0 or items is NULL)");
      return FALSE;
    }
  for (gsize i = 0; i < n_items; i++)
    if (!check_item (&items[i], error))
      {
        g_prefix_error (error, "item %" G_GSIZE_FORMAT ": ", i);
        return FALSE;
      }
  *ids = g_new0 (const char *, n_items + 1);
  *types = g_new0 (const char *, n_items + 1);
  for (gsize i = 0; i < n_items; i++)
    {
      (*ids)[i] = items[i].item_id;
      (*types)[i] = macro_db_item_type_to_string (items[i].item_type);
    }
  return TRUE;
}

/**
 * macro_db_history_touch:
 * @executor: a pool or a connection (in a transaction or not)
 * @user_id: the user who opened the items
 * @items: (array length=n_items): the items opened
 * @n_items: how many (at least 1); an item listed twice counts once
 * @error: return location for a #GError
 *
 * Records that @user_id opened @items now, in one statement: upserts the
 * user's `"UserHistory"` row of each (`updatedAt` = now) and each item's
 * `"ItemLastAccessed"`.  Rows are written in key order, so concurrent
 * batches do not deadlock on each other.
 *
 * Errors: MDB_ERROR_INVALID_INPUT naming the first bad item ("item 1:
 * item_type \"folder\" is not document, chat or project");
 * MDB_ERROR_FOREIGN_KEY_VIOLATION (`UserHistory_userId_fkey`) for an
 * unknown user.
 *
 * Returns: how many distinct items were recorded, or -1 on error
 *
 * Since: 0.1
 */
gint64
macro_db_history_touch (MdbExecutor          *executor,
                        const char           *user_id,
                        const MacroDbItemRef *items,
                        gsize                 n_items,
                        GError              **error)
{
  g_autofree const char **ids = NULL;
  g_autofree const char **types = NULL;
  gint64 touched;

  g_return_val_if_fail (executor != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (!macro_check_id (user_id, "user_id", error) || !split_items (items, n_items, &ids, &types, error))
    return -1;
  if (!macro_db_history_touch_items (executor, ids, types, user_id, &touched, error))
    return -1;
  return touched;
}

/* The rows of one page of a user's history (@recents FALSE) or recents
 * (TRUE), both newest first by (time, item_type, item_id) after @cursor
 * (MacroItemAfter); @kind_out gets the cursor kind (yours, g_free).
 * Returns the generated row list, or NULL on error. */
static gpointer
newest_first_rows (MdbExecutor *executor, const char *user_id, const char *cursor, guint limit,
                   gboolean recents, char **kind_out, GError **error)
{
  MacroItemAfter after;
  gpointer rows;

  if (!macro_check_id (user_id, "user_id", error) || !mdb_check_limit (limit, MACRO_DB_MAX_PAGE, "limit", error))
    return NULL;
  *kind_out = g_strconcat (recents ? "macro_db.recents:" : "macro_db.history:", user_id, NULL);
  if (!macro_item_after_init (&after, cursor, *kind_out, error))
    return NULL;
  if (recents)
    rows = macro_db_recents_page (executor, user_id, after.updated_at, after.item_type, after.item_id,
                                  (gint64) limit + 1, error);
  else
    rows = macro_db_history_page (executor, user_id, after.updated_at, after.item_type, after.item_id,
                                  (gint64) limit + 1, error);
  macro_item_after_clear (&after);
  return rows;
}

/* The sort keys (updated_at, item_type, id) newest first, as every item
 * list of the library (MacroItemAfter). */
static void
history_key (gconstpointer row, MdbCursor *cursor)
{
  const MacroDbHistoryItem *item = row;

  mdb_cursor_add_int64 (cursor, item->updated_at);
  mdb_cursor_add_text (cursor, item->item_type);
  mdb_cursor_add_text (cursor, item->id);
}

/**
 * macro_db_history_list:
 * @executor: a pool or a connection
 * @user_id: the user whose history to list
 * @cursor: (nullable): the `next_cursor` of the previous page, or %NULL for the first page
 * @limit: the most items to return, 1 to %MACRO_DB_MAX_PAGE
 * @error: return location for a #GError
 *
 * Lists one page of the items @user_id opened (its `"UserHistory"`):
 * documents (with their latest version: the newest `"DocumentBom"` of a
 * docx, else the newest `"DocumentInstance"`), chats and projects, in
 * **one query**, newest first by the **item's own** `updatedAt`, as the
 * real system orders it, then by type and id (unique), as every item list
 * of the library.  Items in the
 * trash (`deletedAt` set) are left out.  Each row also says when the user
 * last opened the item (`viewed_at`).  Keyset-paginated on (updatedAt, type,
 * id): items changed while paging may move, none is repeated within a
 * listing of unchanged items.  An unknown user has an empty history.
 *
 * Errors: MDB_ERROR_INVALID_INPUT for a bad @user_id, a @limit out of
 * range or a @cursor not made by this function for this user.
 *
 * Returns: (transfer full): the page (mdb_page_free()); its items are
 *   #MacroDbHistoryItem rows the page holds, or %NULL on error
 *
 * Since: 0.1
 */
MdbPage *
macro_db_history_list (MdbExecutor *executor,
                       const char  *user_id,
                       const char  *cursor,
                       guint        limit,
                       GError     **error)
{
  g_autofree char *kind = NULL;
  MacroDbHistoryItemList *list;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  list = newest_first_rows (executor, user_id, cursor, limit, FALSE, &kind, error);
  if (list == NULL)
    return NULL;
  return mdb_page_new_from_row_list (list, sizeof list->rows[0], limit, kind, history_key);
}

/* The sort keys of a recents row: (viewed_at, item_type, item_id), newest first. */
static void
recent_key (gconstpointer row, MdbCursor *cursor)
{
  const MacroDbRecentItem *item = row;

  mdb_cursor_add_int64 (cursor, item->viewed_at);
  mdb_cursor_add_text (cursor, item->item_type);
  mdb_cursor_add_text (cursor, item->item_id);
}

/**
 * macro_db_recents_list:
 * @executor: a pool or a connection
 * @user_id: the user
 * @cursor: (nullable): the `next_cursor` of the previous page, or %NULL for the first page
 * @limit: the most items to return, 1 to %MACRO_DB_MAX_PAGE
 * @error: return location for a #GError
 *
 * Lists one page of what @user_id opened most recently (its history),
 * newest first by when it opened each item (`"UserHistory"."updatedAt"`,
 * then type and id), **limited to live items it can still access** by the
 * one access definition (`macro_access_levels()`, part 1): an item whose
 * grant was revoked, whose share stopped being public or that went to the
 * trash no longer shows.  Each row has the item's name and the user's
 * access level.  Keyset-paginated (index `UserHistory_userId_updatedAt_itemType_itemId_idx`).
 * One round trip.
 *
 * Errors: MDB_ERROR_INVALID_INPUT for a bad @user_id, a @limit out of
 * range or a @cursor not made by this function for this user.
 *
 * Returns: (transfer full): the page (mdb_page_free()); its items are
 *   #MacroDbRecentItem rows the page holds, or %NULL on error
 *
 * Since: 0.1
 */
MdbPage *
macro_db_recents_list (MdbExecutor *executor,
                       const char  *user_id,
                       const char  *cursor,
                       guint        limit,
                       GError     **error)
{
  g_autofree char *kind = NULL;
  MacroDbRecentItemList *list;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  list = newest_first_rows (executor, user_id, cursor, limit, TRUE, &kind, error);
  if (list == NULL)
    return NULL;
  return mdb_page_new_from_row_list (list, sizeof list->rows[0], limit, kind, recent_key);
}

/**
 * macro_db_pin_upsert:
 * @executor: a pool or a connection
 * @user_id: the user
 * @item: the item to pin
 * @pin_index: its position, 0 to %MACRO_DB_MAX_PINS - 1
 * @error: return location for a #GError
 *
 * Pins @item for @user_id at @pin_index, or moves an existing pin there
 * (other pins keep their positions: use macro_db_pins_reorder() to
 * renumber).  One round trip.
 *
 * Errors: MDB_ERROR_INVALID_INPUT for a bad argument;
 * MDB_ERROR_FOREIGN_KEY_VIOLATION (`Pin_userId_fkey`) for an unknown user.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
macro_db_pin_upsert (MdbExecutor          *executor,
                     const char           *user_id,
                     const MacroDbItemRef *item,
                     gint32                pin_index,
                     GError              **error)
{
  g_return_val_if_fail (executor != NULL, FALSE);
  g_return_val_if_fail (item != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!macro_check_id (user_id, "user_id", error) || !check_item (item, error))
    return FALSE;
  if (pin_index < 0 || pin_index >= MACRO_DB_MAX_PINS)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                   "pin_index %d is out of range (0 to %d)", pin_index, MACRO_DB_MAX_PINS - 1);
      return FALSE;
    }
  return macro_db_pin_store (executor, user_id, item->item_id, macro_db_item_type_to_string (item->item_type),
                             pin_index, error);
}

/**
 * macro_db_pins_list:
 * @executor: a pool or a connection
 * @user_id: the user
 * @error: return location for a #GError
 *
 * Lists every pin of @user_id by position, then item id and type (not
 * paginated: a user has at most a few dozen pins).  An unknown user has
 * none.  One round trip, through the primary key of `"Pin"`.
 *
 * Errors: MDB_ERROR_INVALID_INPUT for a bad @user_id.
 *
 * Returns: (transfer full): the pins (macro_db_pin_list_free()), or %NULL on error
 *
 * Since: 0.1
 */
MacroDbPinList *
macro_db_pins_list (MdbExecutor *executor,
                    const char  *user_id,
                    GError     **error)
{
  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!macro_check_id (user_id, "user_id", error))
    return NULL;
  return macro_db_pins_all (executor, user_id, error);
}

/**
 * macro_db_pins_reorder:
 * @executor: a pool or a connection
 * @user_id: the user
 * @items: (array length=n_items): the user's pins in their new order
 * @n_items: how many (at least 1)
 * @error: return location for a #GError
 *
 * Gives the pins in @items the positions 0, 1, 2, … in the order given,
 * in **one statement** (one round trip).  Items that are not pinned are
 * skipped; pins not listed keep their position.
 *
 * Errors: MDB_ERROR_INVALID_INPUT naming the first bad item.
 *
 * Returns: how many pins were renumbered, or -1 on error
 *
 * Since: 0.1
 */
gint64
macro_db_pins_reorder (MdbExecutor          *executor,
                       const char           *user_id,
                       const MacroDbItemRef *items,
                       gsize                 n_items,
                       GError              **error)
{
  g_autofree const char **ids = NULL;
  g_autofree const char **types = NULL;

  g_return_val_if_fail (executor != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (!macro_check_id (user_id, "user_id", error) || !split_items (items, n_items, &ids, &types, error))
    return -1;
  return macro_db_pins_renumber (executor, ids, types, user_id, error);
}

/**
 * macro_db_pin_remove:
 * @executor: a pool or a connection
 * @user_id: the user
 * @item: the item to unpin
 * @error: return location for a #GError
 *
 * Unpins @item.  One round trip.
 *
 * Errors: MDB_ERROR_INVALID_INPUT for a bad argument.
 *
 * Returns: %TRUE when a pin was removed, %FALSE with @error unset when there was none
 *
 * Since: 0.1
 */
gboolean
macro_db_pin_remove (MdbExecutor          *executor,
                     const char           *user_id,
                     const MacroDbItemRef *item,
                     GError              **error)
{
  g_return_val_if_fail (executor != NULL, FALSE);
  g_return_val_if_fail (item != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!macro_check_id (user_id, "user_id", error) || !check_item (item, error))
    return FALSE;
  return macro_db_pin_delete (executor, user_id, item->item_id, macro_db_item_type_to_string (item->item_type),
                              error) > 0;
}
