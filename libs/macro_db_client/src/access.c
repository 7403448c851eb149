/* SPDX-License-Identifier: MIT */
/* access.c: effective access, grants and share permissions, checked
 * wrappers over queries/access.sql (every level comes from
 * macro_access_levels(), the one access definition). */
#include <string.h>
#include "macro-private.h"

/**
 * macro_db_access_level:
 * @executor: a pool or a connection
 * @user_id: the user
 * @item_id: the item
 * @item_type: its type (not %MACRO_DB_ITEM_ANY)
 * @out_level: (out) (optional): the level, when there is one
 * @error: return location for a #GError
 *
 * The effective level of @user_id on an item: the highest of owning it,
 * the user's grants on it or on any project above it, and the public level
 * of the share permissions of those (when public).  One query, one round
 * trip (macro_access_levels()).  Deleted items keep their levels.
 *
 * Errors: MDB_ERROR_INVALID_INPUT for a %NULL, empty or non-UTF-8 id or an
 * @item_type out of range; the executor's errors.
 *
 * Returns: %TRUE with the level in @out_level; %FALSE with @error unset when
 *   the user has no access at all (also for unknown items)
 *
 * Since: 0.1
 */
gboolean
macro_db_access_level (MdbExecutor        *executor,
                       const char         *user_id,
                       const char         *item_id,
                       MacroDbItemType     item_type,
                       MacroDbAccessLevel *out_level,
                       GError            **error)
{
  g_return_val_if_fail (executor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!macro_check_id (user_id, "user_id", error) || !macro_check_id (item_id, "item_id", error)
      || !macro_check_item_type (item_type, FALSE, "item_type", error))
    return FALSE;
  return macro_db_access_level_get (executor, user_id, item_id, macro_db_item_type_to_string (item_type),
                                    out_level, error);
}

/* "id\x1ftype": the key of one (id, type) pair. */
static char *
pair_key (const char *item_id, const char *item_type)
{
  return g_strconcat (item_id, "\x1f", item_type, NULL);
}

/**
 * macro_db_access_levels:
 * @executor: a pool or a connection
 * @user_id: the user
 * @items: (array length=n_items) (nullable): the items
 * @n_items: how many, 0 to %MACRO_DB_MAX_ITEMS (0: nothing is sent)
 * @error: return location for a #GError
 *
 * macro_db_access_level() for many items in **one query** (one round
 * trip, whatever @n_items).  Items may repeat.
 *
 * Errors: MDB_ERROR_INVALID_INPUT naming the first bad item ("items[3]:
 * item_id is empty"), or too many items; the executor's errors.
 *
 * Returns: (transfer full) (element-type gint): one #gint per item, in
 *   @items' order: its #MacroDbAccessLevel, or %MACRO_DB_NO_ACCESS;
 *   g_array_unref() it; %NULL on error
 *
 * Since: 0.1
 */
GArray *
macro_db_access_levels (MdbExecutor          *executor,
                        const char           *user_id,
                        const MacroDbItemRef *items,
                        gsize                 n_items,
                        GError              **error)
{
  g_autoptr (MacroDbAccessLevelsGetRowList) rows = NULL;
  g_autoptr (GHashTable) found = NULL;
  g_autofree const char **ids = NULL;
  g_autofree const char **types = NULL;
  GArray *levels;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!macro_check_id (user_id, "user_id", error))
    return NULL;
  if (n_items > MACRO_DB_MAX_ITEMS || (items == NULL && n_items > 0))
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "items: %s",
                   items == NULL ? "NULL" : "more than MACRO_DB_MAX_ITEMS");
      return NULL;
    }
  ids = g_new0 (const char *, n_items + 1);
  types = g_new0 (const char *, n_items + 1);
  for (gsize i = 0; i < n_items; i++)
    {
      if (!macro_check_id (items[i].item_id, "item_id", error)
          || !macro_check_item_type (items[i].item_type, FALSE, "item_type", error))
        {
          g_prefix_error (error, "items[%" G_GSIZE_FORMAT "]: ", i);
          return NULL;
        }
      ids[i] = items[i].item_id;
      types[i] = macro_db_item_type_to_string (items[i].item_type);
    }
  levels = g_array_sized_new (FALSE, FALSE, sizeof (gint), n_items);
  if (n_items == 0)
    return levels;
  rows = macro_db_access_levels_get (executor, user_id, ids, types, error);
  if (rows == NULL)
    {
      g_array_unref (levels);
      return NULL;
    }
  found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < rows->n_rows; i++)
    g_hash_table_insert (found, pair_key (rows->rows[i].item_id, rows->rows[i].item_type),
                         GINT_TO_POINTER (rows->rows[i].level + 1));
  for (gsize i = 0; i < n_items; i++)
    {
      g_autofree char *key = pair_key (ids[i], types[i]);
      gint level = GPOINTER_TO_INT (g_hash_table_lookup (found, key)) - 1;  /* absent: -1 */

      g_array_append_val (levels, level);
    }
  return levels;
}

static void
type_id_key (gconstpointer row, MdbCursor *cursor)
{
  const MacroDbItem *item = row;

  mdb_cursor_add_text (cursor, item->item_type);
  mdb_cursor_add_text (cursor, item->item_id);
}

/**
 * macro_db_accessible_items:
 * @executor: a pool or a connection
 * @user_id: the user
 * @min_level: the lowest level wanted (%MACRO_DB_ACCESS_LEVEL_VIEW: all)
 * @item_type: only items of this type, or %MACRO_DB_ITEM_ANY
 * @exclude_owned: leave out the items @user_id owns
 * @cursor: (nullable): the `next_cursor` of the previous page, or %NULL for the first page
 * @limit: the most items to return, 1 to %MACRO_DB_MAX_PAGE
 * @error: return location for a #GError
 *
 * Lists one page of the live documents, chats, projects and email threads
 * @user_id reaches without public shares (owns, holds a grant on, or finds
 * inside a project it owns or holds a grant on, at any depth) whose
 * effective level is at least @min_level, by (type, id) in binary order
 * ("chat" < "document" < "project" < "thread"), keyset-paginated.  The
 * candidates come from an index in that order, a page's worth at a time,
 * so a page reads the rows and levels of about its own items only, however
 * many the user has (more when @min_level or @exclude_owned skip many).
 * One query, one round trip.
 *
 * Errors: MDB_ERROR_INVALID_INPUT for a bad id, level, type or limit, or a
 * @cursor made for another user or filter; the executor's errors.
 *
 * Returns: (transfer full): the page (mdb_page_free()); its items are
 *   #MacroDbItem rows the page holds, or %NULL on error
 *
 * Since: 0.1
 */
MdbPage *
macro_db_accessible_items (MdbExecutor        *executor,
                           const char         *user_id,
                           MacroDbAccessLevel  min_level,
                           MacroDbItemType     item_type,
                           gboolean            exclude_owned,
                           const char         *cursor,
                           guint               limit,
                           GError            **error)
{
  g_autoptr (MdbCursor) after = NULL;
  g_autofree char *kind = NULL;
  MacroDbItemList *rows;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!macro_check_id (user_id, "user_id", error)
      || !macro_check_level (min_level, FALSE, "min_level", error)
      || !macro_check_item_type (item_type, TRUE, "item_type", error)
      || !mdb_check_limit (limit, MACRO_DB_MAX_PAGE, "limit", error))
    return NULL;
  kind = g_strdup_printf ("macro_db.accessible_items:%d:%d:%d:%s", (int) min_level, (int) item_type,
                          exclude_owned ? 1 : 0, user_id);
  if (cursor != NULL && (after = mdb_cursor_decode (cursor, kind, "tt", error)) == NULL)
    return NULL;
  /* ("", ""): before every (type, id). */
  rows = macro_db_accessible_items_page (executor, user_id, macro_db_item_type_to_string (item_type),
                                         after != NULL ? mdb_cursor_get_text (after, 0) : "",
                                         after != NULL ? mdb_cursor_get_text (after, 1) : "",
                                         min_level, exclude_owned != FALSE, (gint64) limit + 1, error);
  if (rows == NULL)
    return NULL;
  return mdb_page_new_from_row_list (rows, sizeof rows->rows[0], limit, kind, type_id_key);
}

static void
deleted_key (gconstpointer row, MdbCursor *cursor)
{
  const MacroDbDeletedItem *item = row;

  mdb_cursor_add_int64 (cursor, item->deleted_at);
  mdb_cursor_add_text (cursor, item->item_type);
  mdb_cursor_add_text (cursor, item->item_id);
}

/**
 * macro_db_recently_deleted:
 * @executor: a pool or a connection
 * @user_id: the owner
 * @cursor: (nullable): the `next_cursor` of the previous page, or %NULL for the first page
 * @limit: the most items to return, 1 to %MACRO_DB_MAX_PAGE
 * @error: return location for a #GError
 *
 * Lists one page of the soft-deleted documents, chats and projects
 * @user_id owns, most recently deleted first (ties by type, id
 * descending), keyset-paginated.  One round trip.
 *
 * Errors: MDB_ERROR_INVALID_INPUT for a bad id or limit or a foreign
 * @cursor; the executor's errors.
 *
 * Returns: (transfer full): the page (mdb_page_free()); its items are
 *   #MacroDbDeletedItem rows the page holds, or %NULL on error
 *
 * Since: 0.1
 */
MdbPage *
macro_db_recently_deleted (MdbExecutor *executor,
                           const char  *user_id,
                           const char  *cursor,
                           guint        limit,
                           GError     **error)
{
  MacroItemAfter after;
  g_autofree char *kind = NULL;
  MacroDbDeletedItemList *rows;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!macro_check_id (user_id, "user_id", error) || !mdb_check_limit (limit, MACRO_DB_MAX_PAGE, "limit", error))
    return NULL;
  kind = g_strconcat ("macro_db.recently_deleted:", user_id, NULL);
  if (!macro_item_after_init (&after, cursor, kind, error))
    return NULL;
  rows = macro_db_recently_deleted_page (executor, user_id, after.updated_at, after.item_type,
                                         after.item_id, (gint64) limit + 1, error);
  macro_item_after_clear (&after);
  if (rows == NULL)
    return NULL;
  return mdb_page_new_from_row_list (rows, sizeof rows->rows[0], limit, kind, deleted_key);
}

/* Checks the item and user list every grant write takes. */
static gboolean
check_grant_args (const char *item_id, MacroDbItemType item_type, const char *const *user_ids,
                  gsize n_users, GError **error)
{
  return macro_check_id (item_id, "item_id", error)
         && macro_check_item_type (item_type, FALSE, "item_type", error)
         && macro_check_ids (user_ids, n_users, "user_ids", error);
}

/**
 * macro_db_access_grant:
 * @executor: a pool or a connection
 * @item_id: the item
 * @item_type: its type (not %MACRO_DB_ITEM_ANY)
 * @user_ids: (array length=n_users) (nullable): the users
 * @n_users: how many, 0 to %MACRO_DB_MAX_ITEMS (0: nothing is sent)
 * @level: the level they get
 * @error: return location for a #GError
 *
 * Gives every user a direct grant of @level on the item, in **one
 * statement** (one round trip): a user who already has a direct grant gets
 * its level changed (the `NULLS NOT DISTINCT` key of "UserItemAccess"
 * makes it an upsert); grants from channels stay as they are.  Users may
 * repeat.
 *
 * Errors: MDB_ERROR_INVALID_INPUT naming the first bad user
 * ("user_ids[2]: user_ids is empty"); MDB_ERROR_FOREIGN_KEY_VIOLATION
 * (`UserItemAccess_user_id_fkey`) when a user does not exist (nothing is
 * written); the executor's errors.
 *
 * Returns: the number of grants written (new or changed), or -1 on error
 *
 * Since: 0.1
 */
gint64
macro_db_access_grant (MdbExecutor        *executor,
                       const char         *item_id,
                       MacroDbItemType     item_type,
                       const char *const  *user_ids,
                       gsize               n_users,
                       MacroDbAccessLevel  level,
                       GError            **error)
{
  g_autofree const char **users = NULL;

  g_return_val_if_fail (executor != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (!check_grant_args (item_id, item_type, user_ids, n_users, error)
      || !macro_check_level (level, FALSE, "level", error))
    return -1;
  if (n_users == 0)
    return 0;
  users = macro_strv_borrow (user_ids, n_users);
  return macro_db_access_grant_users (executor, item_id, macro_db_item_type_to_string (item_type), level,
                                      users, error);
}

/**
 * macro_db_access_revoke:
 * @executor: a pool or a connection
 * @item_id: the item
 * @item_type: its type (not %MACRO_DB_ITEM_ANY)
 * @user_ids: (array length=n_users) (nullable): the users
 * @n_users: how many, 0 to %MACRO_DB_MAX_ITEMS (0: nothing is sent)
 * @error: return location for a #GError
 *
 * Deletes the direct grants of the item to every user, in one statement
 * (one round trip).  Grants from channels stay (they go with the channel
 * share).
 *
 * Errors: MDB_ERROR_INVALID_INPUT naming the first bad user; the
 * executor's errors.
 *
 * Returns: the number of grants deleted, or -1 on error
 *
 * Since: 0.1
 */
gint64
macro_db_access_revoke (MdbExecutor        *executor,
                        const char         *item_id,
                        MacroDbItemType     item_type,
                        const char *const  *user_ids,
                        gsize               n_users,
                        GError            **error)
{
  g_autofree const char **users = NULL;

  g_return_val_if_fail (executor != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (!check_grant_args (item_id, item_type, user_ids, n_users, error))
    return -1;
  if (n_users == 0)
    return 0;
  users = macro_strv_borrow (user_ids, n_users);
  return macro_db_access_revoke_users (executor, item_id, macro_db_item_type_to_string (item_type), users,
                                       error);
}

/**
 * macro_db_share_permission_edit:
 * @executor: a pool or a connection
 * @item_id: the item
 * @item_type: its type (not %MACRO_DB_ITEM_ANY)
 * @is_public: whether anyone may open it at @public_level
 * @public_level: a #MacroDbAccessLevel, or %MACRO_DB_NO_ACCESS (stored as NULL)
 * @channels: (array length=n_channels) (nullable): channel shares to add or change
 * @n_channels: how many, 0 to %MACRO_DB_MAX_ITEMS
 * @error: return location for a #GError
 *
 * Edits the item's share permission and upserts its channel shares, each
 * expanded set-based into a grant (`granted_from_channel_id` = the
 * channel) for every active participant of the channel who is a user; all
 * in **one statement** (one round trip).
 *
 * Errors: MDB_ERROR_NOT_FOUND when the item has no share permission (or
 * does not exist); MDB_ERROR_INVALID_INPUT naming the bad argument
 * ("channels[1]: …"); MDB_ERROR_FOREIGN_KEY_VIOLATION
 * (`ChannelSharePermission_channel_id_fkey`) for an unknown channel; the
 * executor's errors.
 *
 * Returns: the number of grants the channel shares wrote, or -1 on error
 *
 * Since: 0.1
 */
gint64
macro_db_share_permission_edit (MdbExecutor               *executor,
                                const char                *item_id,
                                MacroDbItemType            item_type,
                                gboolean                   is_public,
                                gint                       public_level,
                                const MacroDbChannelShare *channels,
                                gsize                      n_channels,
                                GError                   **error)
{
  g_autoptr (MacroDbSharePermissionUpdateRow) row = NULL;
  g_autofree const char **channel_ids = NULL;
  g_autoptr (GArray) levels = NULL;
  gboolean level_null = public_level == MACRO_DB_NO_ACCESS;

  g_return_val_if_fail (executor != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (!macro_check_id (item_id, "item_id", error)
      || !macro_check_item_type (item_type, FALSE, "item_type", error)
      || !macro_check_level (public_level, TRUE, "public_level", error))
    return -1;
  if (n_channels > MACRO_DB_MAX_ITEMS || (channels == NULL && n_channels > 0))
    {
      g_set_error_literal (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "channels: NULL or too many");
      return -1;
    }
  channel_ids = g_new0 (const char *, n_channels + 1);
  levels = g_array_sized_new (FALSE, FALSE, sizeof (MacroDbAccessLevel), n_channels);
  for (gsize i = 0; i < n_channels; i++)
    {
      g_autofree char *uuid = NULL;

      if ((uuid = mdb_uuid_normalize (channels[i].channel_id != NULL ? channels[i].channel_id : "", NULL)) == NULL
          || !macro_check_level (channels[i].level, FALSE, "level", error))
        {
          if (error == NULL || *error == NULL)
            g_set_error_literal (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "channel_id is not a uuid");
          g_prefix_error (error, "channels[%" G_GSIZE_FORMAT "]: ", i);
          return -1;
        }
      channel_ids[i] = channels[i].channel_id;
      g_array_append_val (levels, channels[i].level);
    }
  row = macro_db_share_permission_update (executor, macro_db_item_type_to_string (item_type), item_id,
                                          is_public, level_null ? 0 : (MacroDbAccessLevel) public_level,
                                          level_null, channel_ids, levels, error);
  if (row == NULL)
    return -1;
  if (row->edited == 0)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_NOT_FOUND, "%s %s has no share permission",
                   macro_db_item_type_to_string (item_type), item_id);
      return -1;
    }
  return row->granted;
}

/**
 * macro_db_thread_permission_create:
 * @executor: a pool or a connection
 * @thread_id: the email thread (`email_threads.id`)
 * @user_id: its owner
 * @project_id: (nullable): the project it is filed in
 * @is_public: whether anyone may open it at @public_level
 * @public_level: a #MacroDbAccessLevel, or %MACRO_DB_NO_ACCESS
 * @error: return location for a #GError
 *
 * Places an email thread in the access rules: its share permission, owner
 * and project, in one statement (one round trip).  From then on
 * macro_db_access_level() and the lists treat it like a document.
 *
 * Errors: MDB_ERROR_UNIQUE_VIOLATION (`EmailThreadPermission_pkey`) when
 * the thread has one already; MDB_ERROR_FOREIGN_KEY_VIOLATION for an
 * unknown project; MDB_ERROR_INVALID_INPUT for bad arguments; the
 * executor's errors.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
macro_db_thread_permission_create (MdbExecutor *executor,
                                   const char  *thread_id,
                                   const char  *user_id,
                                   const char  *project_id,
                                   gboolean     is_public,
                                   gint         public_level,
                                   GError     **error)
{
  gboolean level_null = public_level == MACRO_DB_NO_ACCESS;

  g_return_val_if_fail (executor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!macro_check_id (thread_id, "thread_id", error) || !macro_check_id (user_id, "user_id", error)
      || !macro_check_nullable_id (project_id, "project_id", error)
      || !macro_check_level (public_level, TRUE, "public_level", error))
    return FALSE;
  return macro_db_thread_permission_insert (executor, is_public,
                                            level_null ? 0 : (MacroDbAccessLevel) public_level, level_null,
                                            thread_id, user_id, project_id, error);
}
