/* SPDX-License-Identifier: MIT */
/* projects.c: projects (folders) and their subtrees, checked wrappers over
 * queries/projects.sql. */
#include "macro-private.h"

/**
 * macro_db_project_create:
 * @executor: a pool or a connection (in a transaction or not)
 * @user_id: the owner
 * @name: the project's name (not empty)
 * @parent_id: (nullable): the parent project, %NULL for the top level
 * @is_public: whether anyone may open it at @public_level
 * @public_level: a #MacroDbAccessLevel, or %MACRO_DB_NO_ACCESS (stored as NULL)
 * @error: return location for a #GError
 *
 * Creates a project, its share permission, the owner's `owner` grant and
 * history row in one statement (all or nothing, one round trip).
 *
 * Errors: MDB_ERROR_FOREIGN_KEY_VIOLATION (`Project_userId_fkey`,
 * `Project_parentId_fkey`) for an unknown user or parent;
 * MDB_ERROR_INVALID_INPUT for bad arguments; the executor's errors.
 *
 * Returns: (transfer full): the new project (macro_db_project_free()), or %NULL
 *
 * Since: 0.1
 */
MacroDbProject *
macro_db_project_create (MdbExecutor *executor,
                         const char  *user_id,
                         const char  *name,
                         const char  *parent_id,
                         gboolean     is_public,
                         gint         public_level,
                         GError     **error)
{
  gboolean level_null = public_level == MACRO_DB_NO_ACCESS;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!macro_check_id (user_id, "user_id", error) || !macro_check_id (name, "name", error)
      || !macro_check_nullable_id (parent_id, "parent_id", error)
      || !macro_check_level (public_level, TRUE, "public_level", error))
    return NULL;
  return macro_db_project_insert (executor, NULL, name, user_id, parent_id, is_public,
                                  level_null ? 0 : (MacroDbAccessLevel) public_level, level_null, error);
}

/**
 * macro_db_project_rename:
 * @executor: a pool or a connection
 * @project_id: a live project
 * @name: its new name (not empty)
 * @error: return location for a #GError
 *
 * Renames a project and touches its `updatedAt`.  One round trip.
 *
 * Errors: MDB_ERROR_INVALID_INPUT for bad arguments; the executor's errors.
 *
 * Returns: %TRUE when renamed; %FALSE with @error unset when there is no
 *   such live project
 *
 * Since: 0.1
 */
gboolean
macro_db_project_rename (MdbExecutor *executor,
                         const char  *project_id,
                         const char  *name,
                         GError     **error)
{
  g_return_val_if_fail (executor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!macro_check_id (project_id, "project_id", error) || !macro_check_id (name, "name", error))
    return FALSE;
  return macro_db_project_set_name (executor, name, project_id, error) > 0;
}

typedef struct {
  const char *project_id;
  const char *parent_id;
  gboolean    found;
} ProjectMove;

/* The lock makes concurrent moves take turns; the reparent statement,
 * started after the lock is held, sees every move committed before
 * (READ COMMITTED takes a snapshot per statement), so two moves that would
 * together make a cycle cannot both pass the check. */
static gboolean
project_move_body (MdbConn *conn, gpointer data, GError **error)
{
  ProjectMove *m = data;
  g_autoptr (MacroDbProjectReparentRow) row = NULL;

  if (!macro_db_project_move_lock (MDB_EXECUTOR (conn), error))
    return FALSE;
  row = macro_db_project_reparent (MDB_EXECUTOR (conn), m->parent_id, m->project_id, error);
  if (row == NULL)
    return FALSE;
  if (row->cycle)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_CHECK_VIOLATION,
                   "project %s cannot move under %s: that is the project itself or one of its descendants",
                   m->project_id, m->parent_id);
      return FALSE;
    }
  m->found = row->moved;
  return TRUE;
}

/**
 * macro_db_project_move:
 * @executor: a pool, or a connection (in a transaction or not)
 * @project_id: a live project
 * @parent_id: (nullable): its new parent, %NULL for the top level
 * @error: return location for a #GError
 *
 * Moves a project (with everything in it) under another project.  Moving
 * it under itself or under one of its descendants is refused, by a check
 * done in SQL after taking a transaction-scoped advisory lock that every
 * move takes, so that two moves racing (A under B, B under A) cannot make a
 * cycle together: the second sees the first and is refused.  Runs in a
 * transaction (mdb_run_in_transaction(): its own, retried on serialization
 * failures and deadlocks, or a savepoint of the caller's): BEGIN, lock,
 * move, COMMIT, 4 round trips.  Call it at READ COMMITTED (the default).
 *
 * Errors: MDB_ERROR_CHECK_VIOLATION naming both projects when the move
 * would make a cycle (nothing changed); MDB_ERROR_FOREIGN_KEY_VIOLATION
 * (`Project_parentId_fkey`) for an unknown parent; MDB_ERROR_INVALID_INPUT
 * for bad ids; the executor's errors.
 *
 * Returns: %TRUE when moved; %FALSE with @error unset when there is no such
 *   live project
 *
 * Since: 0.1
 */
gboolean
macro_db_project_move (MdbExecutor *executor,
                       const char  *project_id,
                       const char  *parent_id,
                       GError     **error)
{
  ProjectMove m = { project_id, parent_id, FALSE };

  g_return_val_if_fail (executor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!macro_check_id (project_id, "project_id", error)
      || !macro_check_nullable_id (parent_id, "parent_id", error))
    return FALSE;
  if (!mdb_run_in_transaction (executor, MDB_ISOLATION_DEFAULT, 0, project_move_body, &m, error))
    return FALSE;
  return m.found;
}

static void
id_key (gconstpointer row, MdbCursor *cursor)
{
  mdb_cursor_add_text (cursor, row);
}

/**
 * macro_db_project_subtree_ids:
 * @executor: a pool or a connection
 * @user_id: the acting user
 * @project_id: the project at the top of the subtree
 * @cursor: (nullable): the `next_cursor` of the previous page, or %NULL for the first page
 * @limit: the most ids to return, 1 to %MACRO_DB_MAX_PAGE
 * @error: return location for a #GError
 *
 * Lists one page of the ids of @project_id and of every project below it
 * (live or not), in binary order, keyset-paginated, when @user_id may see
 * @project_id; an empty page otherwise.  One round trip.
 *
 * Errors: MDB_ERROR_INVALID_INPUT for bad ids, limit or cursor; the
 * executor's errors.
 *
 * Returns: (transfer full): the page (mdb_page_free()); its items are the
 *   ids (`const char *`) the page holds, or %NULL on error
 *
 * Since: 0.1
 */
MdbPage *
macro_db_project_subtree_ids (MdbExecutor *executor,
                              const char  *user_id,
                              const char  *project_id,
                              const char  *cursor,
                              guint        limit,
                              GError     **error)
{
  g_autoptr (MacroDbProjectSubtreePageRowList) rows = NULL;
  g_autoptr (MdbCursor) after = NULL;
  g_autofree char *kind = NULL;
  GPtrArray *ids;
  MdbPage *page;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!macro_check_id (user_id, "user_id", error) || !macro_check_id (project_id, "project_id", error)
      || !mdb_check_limit (limit, MACRO_DB_MAX_PAGE, "limit", error))
    return NULL;
  kind = g_strconcat ("macro_db.project_subtree_ids:", project_id, NULL);
  if (cursor != NULL && (after = mdb_cursor_decode (cursor, kind, "t", error)) == NULL)
    return NULL;
  rows = macro_db_project_subtree_page (executor, project_id, user_id,
                                        after != NULL ? mdb_cursor_get_text (after, 0) : "",
                                        (gint64) limit + 1, error);
  if (rows == NULL)
    return NULL;
  ids = g_ptr_array_sized_new (rows->n_rows);
  for (guint i = 0; i < rows->n_rows; i++)
    g_ptr_array_add (ids, (gpointer) rows->rows[i].id);
  page = mdb_page_new_from_rows (ids, limit, kind, id_key);
  mdb_page_hold (page, g_steal_pointer (&rows), (GDestroyNotify) macro_db_project_subtree_page_row_list_free);
  return page;
}

/**
 * macro_db_project_content:
 * @executor: a pool or a connection
 * @user_id: the acting user
 * @project_id: the project
 * @cursor: (nullable): the `next_cursor` of the previous page, or %NULL for the first page
 * @limit: the most items to return, 1 to %MACRO_DB_MAX_PAGE
 * @error: return location for a #GError
 *
 * Lists one page of what a project directly holds, live documents, chats
 * and sub-projects, that @user_id may see (each with the user's level on
 * it), newest `updatedAt` first, ties by (type, id) descending,
 * keyset-paginated.  One query, one round trip.
 *
 * Errors: MDB_ERROR_INVALID_INPUT for bad ids, limit or cursor; the
 * executor's errors.
 *
 * Returns: (transfer full): the page (mdb_page_free()); its items are
 *   #MacroDbItem rows the page holds, or %NULL on error
 *
 * Since: 0.1
 */
MdbPage *
macro_db_project_content (MdbExecutor *executor,
                          const char  *user_id,
                          const char  *project_id,
                          const char  *cursor,
                          guint        limit,
                          GError     **error)
{
  MacroItemAfter after;
  g_autofree char *kind = NULL;
  MacroDbItemList *rows;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!macro_check_id (user_id, "user_id", error) || !macro_check_id (project_id, "project_id", error)
      || !mdb_check_limit (limit, MACRO_DB_MAX_PAGE, "limit", error))
    return NULL;
  kind = g_strconcat ("macro_db.project_content:", project_id, ":", user_id, NULL);
  if (!macro_item_after_init (&after, cursor, kind, error))
    return NULL;
  rows = macro_db_project_content_page (executor, project_id, user_id, after.updated_at, after.item_type,
                                        after.item_id, (gint64) limit + 1, error);
  macro_item_after_clear (&after);
  return rows != NULL ? macro_item_page (rows, limit, kind) : NULL;
}

/**
 * macro_db_project_soft_delete:
 * @executor: a pool or a connection
 * @project_id: a live project
 * @error: return location for a #GError
 *
 * Soft-deletes a project and everything live below it, at any depth
 * (projects, documents, chats), all with the same `deletedAt`, and deletes
 * their pins and history rows; **one statement**, so one transaction and
 * one round trip.
 *
 * Errors: MDB_ERROR_NOT_FOUND when there is no such live project;
 * MDB_ERROR_INVALID_INPUT for a bad id; the executor's errors.
 *
 * Returns: (transfer full): the ids it deleted, each list in binary order
 *   (`project_ids`, `chat_ids`, `document_ids`, NULL-terminated, held by
 *   the row; macro_db_deleted_tree_free()), or %NULL
 *
 * Since: 0.1
 */
MacroDbDeletedTree *
macro_db_project_soft_delete (MdbExecutor *executor,
                              const char  *project_id,
                              GError     **error)
{
  MacroDbDeletedTree *tree;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!macro_check_id (project_id, "project_id", error))
    return NULL;
  tree = macro_db_project_soft_delete_tree (executor, project_id, error);
  if (tree != NULL && (tree->project_ids == NULL || tree->project_ids[0] == NULL))
    {
      g_clear_pointer (&tree, macro_db_deleted_tree_free);
      g_set_error (error, MDB_ERROR, MDB_ERROR_NOT_FOUND, "project %s is not a live project", project_id);
    }
  return tree;
}

/**
 * macro_db_project_restore:
 * @executor: a pool or a connection
 * @project_id: a soft-deleted project
 * @error: return location for a #GError
 *
 * Restores a soft-deleted project and what was deleted with it (everything
 * below it with the same `deletedAt`; items deleted on their own before
 * stay deleted), in one statement (one round trip).
 *
 * Errors: MDB_ERROR_INVALID_INPUT for a bad id; the executor's errors.
 *
 * Returns: how many projects, documents and chats came back (0: no such
 *   soft-deleted project), or -1 on error
 *
 * Since: 0.1
 */
gint64
macro_db_project_restore (MdbExecutor *executor,
                          const char  *project_id,
                          GError     **error)
{
  gint64 restored = -1;

  g_return_val_if_fail (executor != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (!macro_check_id (project_id, "project_id", error))
    return -1;
  if (!macro_db_project_restore_tree (executor, project_id, &restored, error))
    return -1;
  return restored;
}
