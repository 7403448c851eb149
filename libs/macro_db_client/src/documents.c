/* SPDX-License-Identifier: MIT */
/* documents.c: documents and their versions, checked wrappers over
 * queries/documents.sql. */
#include "macro-private.h"

/* Checks a version's content: a sha, or (sha NULL) a BOM of parts. */
static gboolean
check_content (const MacroDbVersionContent *content, GError **error)
{
  if (content->sha != NULL)
    {
      if (!macro_check_id (content->sha, "sha", error))
        return FALSE;
      if (content->n_parts > 0)
        {
          g_set_error_literal (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                               "a version is a sha or BOM parts, not both");
          return FALSE;
        }
      return TRUE;
    }
  return macro_check_ids (content->part_paths, content->n_parts, "part_paths", error)
         && macro_check_ids (content->part_shas, content->n_parts, "part_shas", error);
}

/**
 * macro_db_document_create:
 * @executor: a pool or a connection (in a transaction or not)
 * @document: the document to create, with its first version and share permission
 * @error: return location for a #GError
 *
 * Creates a document, its first version (an instance of @document->content.sha,
 * or a BOM of its parts when sha is %NULL), its share permission, the
 * owner's `owner` grant and history row in **one statement** (so all or
 * nothing, also on a pool), then reads it back as its owner: 2 round trips.
 *
 * Errors: MDB_ERROR_INVALID_INPUT naming the argument (NULL/empty owner or
 * name, malformed ids, a sha and parts both given, a bad level);
 * MDB_ERROR_UNIQUE_VIOLATION (`Document_pkey`) when @document->id exists;
 * MDB_ERROR_FOREIGN_KEY_VIOLATION (`Document_owner_fkey`,
 * `Document_projectId_fkey`) for an unknown owner or project; the
 * executor's errors.
 *
 * Returns: (transfer full): the new document with its version, as
 *   macro_db_document_get() gives it (macro_db_document_free()), or %NULL
 *
 * Since: 0.1
 */
MacroDbDocument *
macro_db_document_create (MdbExecutor              *executor,
                          const MacroDbDocumentNew *document,
                          GError                  **error)
{
  g_autoptr (MacroDbDocumentInsertRow) row = NULL;
  g_autofree const char **paths = NULL;
  g_autofree const char **shas = NULL;
  gboolean level_null;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (document != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!macro_check_nullable_id (document->id, "id", error)
      || !macro_check_id (document->owner, "owner", error)
      || !macro_check_id (document->name, "name", error)
      || !macro_check_nullable_id (document->file_type, "file_type", error)
      || !macro_check_nullable_id (document->project_id, "project_id", error)
      || !check_content (&document->content, error)
      || !macro_check_level (document->public_level, TRUE, "public_level", error))
    return NULL;
  level_null = document->public_level == MACRO_DB_NO_ACCESS;
  paths = macro_strv_borrow (document->content.part_paths, document->content.n_parts);
  shas = macro_strv_borrow (document->content.part_shas, document->content.n_parts);
  row = macro_db_document_insert (executor, document->id, document->name, document->owner,
                                  document->file_type, document->project_id,
                                  document->content.sha, shas, paths, document->is_public,
                                  level_null ? 0 : (MacroDbAccessLevel) document->public_level,
                                  level_null, error);
  if (row == NULL)
    return NULL;
  return macro_db_document_get_visible (executor, document->owner, row->id, error);
}

/**
 * macro_db_document_get:
 * @executor: a pool or a connection
 * @user_id: the acting user
 * @document_id: the document
 * @error: return location for a #GError
 *
 * Reads a live (not soft-deleted) document with its latest version (the
 * newest instance or BOM by `createdAt`, with the BOM's parts in path
 * order) and @user_id's effective level on it, in one query and one round
 * trip, **only when @user_id may see it** (macro_access_levels(): owner,
 * grants and public shares on it or any project above it).
 *
 * Errors: MDB_ERROR_NOT_FOUND when the document does not exist, is deleted
 * or @user_id may not see it (one answer, so the existence of a hidden
 * document does not leak); MDB_ERROR_INVALID_INPUT for a %NULL, empty or
 * non-UTF-8 id; the executor's errors.
 *
 * Returns: (transfer full): the document (macro_db_document_free()); its
 *   strings and parts point into a result it owns; or %NULL
 *
 * Since: 0.1
 */
MacroDbDocument *
macro_db_document_get (MdbExecutor *executor,
                       const char  *user_id,
                       const char  *document_id,
                       GError     **error)
{
  MacroDbDocument *doc;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!macro_check_id (user_id, "user_id", error) || !macro_check_id (document_id, "document_id", error))
    return NULL;
  doc = macro_db_document_get_visible (executor, user_id, document_id, error);
  if (doc == NULL && (error == NULL || *error == NULL))
    g_set_error (error, MDB_ERROR, MDB_ERROR_NOT_FOUND,
                 "document %s not found, or user %s may not see it", document_id, user_id);
  return doc;
}

/**
 * macro_db_document_save_version:
 * @executor: a pool or a connection
 * @document_id: a live document
 * @content: the new version: a sha, or BOM parts
 * @error: return location for a #GError
 *
 * Adds a version to a document and touches its `updatedAt`, in one
 * statement and one round trip.  The caller has checked that its user may
 * edit the document (macro_db_access_level()).
 *
 * Errors: MDB_ERROR_NOT_FOUND when there is no such live document;
 * MDB_ERROR_INVALID_INPUT for bad ids or content; the executor's errors.
 *
 * Returns: the new version's id (a "DocumentInstance" or "DocumentBom"
 *   id), or -1 on error
 *
 * Since: 0.1
 */
gint64
macro_db_document_save_version (MdbExecutor                 *executor,
                                const char                  *document_id,
                                const MacroDbVersionContent *content,
                                GError                     **error)
{
  g_autofree const char **paths = NULL;
  g_autofree const char **shas = NULL;
  gint64 version_id = -1;

  g_return_val_if_fail (executor != NULL, -1);
  g_return_val_if_fail (content != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (!macro_check_id (document_id, "document_id", error) || !check_content (content, error))
    return -1;
  paths = macro_strv_borrow (content->part_paths, content->n_parts);
  shas = macro_strv_borrow (content->part_shas, content->n_parts);
  if (!macro_db_document_version_insert (executor, document_id, content->sha, shas, paths,
                                         &version_id, error))
    {
      if (error != NULL && g_error_matches (*error, MDB_ERROR, MDB_ERROR_NOT_FOUND))
        g_prefix_error (error, "document %s is not a live document: ", document_id);
      return -1;
    }
  return version_id;
}

/* The single-document writes: check the id, run, TRUE when a row changed. */
typedef gint64 (*DocumentWrite) (MdbExecutor *executor, const char *document_id, GError **error);

static gboolean
document_write (MdbExecutor *executor, const char *document_id, DocumentWrite write, GError **error)
{
  if (!macro_check_id (document_id, "document_id", error))
    return FALSE;
  return write (executor, document_id, error) > 0;
}

/**
 * macro_db_document_rename:
 * @executor: a pool or a connection
 * @document_id: a live document
 * @name: its new name (not empty)
 * @error: return location for a #GError
 *
 * Renames a document and touches its `updatedAt`.  One round trip.
 *
 * Errors: MDB_ERROR_INVALID_INPUT for a %NULL, empty or non-UTF-8 argument;
 * the executor's errors.
 *
 * Returns: %TRUE when renamed; %FALSE with @error unset when there is no
 *   such live document
 *
 * Since: 0.1
 */
gboolean
macro_db_document_rename (MdbExecutor *executor,
                          const char  *document_id,
                          const char  *name,
                          GError     **error)
{
  g_return_val_if_fail (executor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!macro_check_id (document_id, "document_id", error) || !macro_check_id (name, "name", error))
    return FALSE;
  return macro_db_document_set_name (executor, name, document_id, error) > 0;
}

/**
 * macro_db_document_move:
 * @executor: a pool or a connection
 * @document_id: a live document
 * @project_id: (nullable): the project to file it in, %NULL for the top level
 * @error: return location for a #GError
 *
 * Files a document in a project (its access then also comes from that
 * project and the projects above it).  One round trip.
 *
 * Errors: MDB_ERROR_FOREIGN_KEY_VIOLATION (`Document_projectId_fkey`) for
 * an unknown project; MDB_ERROR_INVALID_INPUT for bad ids; the executor's
 * errors.
 *
 * Returns: %TRUE when moved; %FALSE with @error unset when there is no such
 *   live document
 *
 * Since: 0.1
 */
gboolean
macro_db_document_move (MdbExecutor *executor,
                        const char  *document_id,
                        const char  *project_id,
                        GError     **error)
{
  g_return_val_if_fail (executor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!macro_check_id (document_id, "document_id", error)
      || !macro_check_nullable_id (project_id, "project_id", error))
    return FALSE;
  return macro_db_document_set_project (executor, project_id, document_id, error) > 0;
}

/**
 * macro_db_document_soft_delete:
 * @executor: a pool or a connection
 * @document_id: a live document
 * @error: return location for a #GError
 *
 * Sets the document's `deletedAt` and deletes its pins and history rows,
 * in one statement (one round trip).  It then shows only in
 * macro_db_recently_deleted() until restored or deleted for good.
 *
 * Errors: MDB_ERROR_INVALID_INPUT for a bad id; the executor's errors.
 *
 * Returns: %TRUE when deleted; %FALSE with @error unset when there is no
 *   such live document
 *
 * Since: 0.1
 */
gboolean
macro_db_document_soft_delete (MdbExecutor *executor,
                               const char  *document_id,
                               GError     **error)
{
  g_return_val_if_fail (executor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return document_write (executor, document_id, macro_db_document_soft_delete_one, error);
}

/**
 * macro_db_document_restore:
 * @executor: a pool or a connection
 * @document_id: a soft-deleted document
 * @error: return location for a #GError
 *
 * Clears the document's `deletedAt` (its pins and history rows do not come
 * back).  One round trip.
 *
 * Errors: MDB_ERROR_INVALID_INPUT for a bad id; the executor's errors.
 *
 * Returns: %TRUE when restored; %FALSE with @error unset when there is no
 *   such soft-deleted document
 *
 * Since: 0.1
 */
gboolean
macro_db_document_restore (MdbExecutor *executor,
                           const char  *document_id,
                           GError     **error)
{
  g_return_val_if_fail (executor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return document_write (executor, document_id, macro_db_document_restore_one, error);
}

/**
 * macro_db_document_delete:
 * @executor: a pool or a connection
 * @document_id: a document, live or soft-deleted
 * @error: return location for a #GError
 *
 * Deletes a document for good: its versions and their parts (cascade), its
 * share permission, every grant on it, its pins and history rows, in one
 * statement (one round trip).
 *
 * Errors: MDB_ERROR_INVALID_INPUT for a bad id; the executor's errors.
 *
 * Returns: %TRUE when deleted; %FALSE with @error unset when there is no
 *   such document
 *
 * Since: 0.1
 */
gboolean
macro_db_document_delete (MdbExecutor *executor,
                          const char  *document_id,
                          GError     **error)
{
  g_return_val_if_fail (executor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return document_write (executor, document_id, macro_db_document_delete_one, error);
}

static void
version_key (gconstpointer row, MdbCursor *cursor)
{
  const MacroDbDocumentVersion *v = row;

  mdb_cursor_add_int64 (cursor, v->created_at);
  mdb_cursor_add_bool (cursor, v->is_bom);
  mdb_cursor_add_int64 (cursor, v->id);
}

/**
 * macro_db_document_versions:
 * @executor: a pool or a connection
 * @user_id: the acting user
 * @document_id: the document
 * @cursor: (nullable): the `next_cursor` of the previous page, or %NULL for the first page
 * @limit: the most versions to return, 1 to %MACRO_DB_MAX_PAGE
 * @error: return location for a #GError
 *
 * Lists one page of a live document's versions (instances and BOMs),
 * newest first by (`createdAt`, BOM before instance, id), keyset-paginated,
 * when @user_id may see the document; an empty page otherwise (and for an
 * unknown document).  One round trip.
 *
 * Errors: MDB_ERROR_INVALID_INPUT for bad ids, a @limit out of range or a
 * @cursor not made by this function for this document; the executor's errors.
 *
 * Returns: (transfer full): the page (mdb_page_free()); its items are
 *   #MacroDbDocumentVersion rows the page holds, or %NULL on error
 *
 * Since: 0.1
 */
MdbPage *
macro_db_document_versions (MdbExecutor *executor,
                            const char  *user_id,
                            const char  *document_id,
                            const char  *cursor,
                            guint        limit,
                            GError     **error)
{
  g_autoptr (MdbCursor) after = NULL;
  g_autoptr (MacroDbDocumentVersionList) rows = NULL;
  g_autofree char *kind = NULL;
  gint64 after_created_at = MACRO_AFTER_NEWEST, after_id = G_MAXINT64;
  gboolean after_is_bom = TRUE;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!macro_check_id (user_id, "user_id", error) || !macro_check_id (document_id, "document_id", error)
      || !mdb_check_limit (limit, MACRO_DB_MAX_PAGE, "limit", error))
    return NULL;
  kind = g_strconcat ("macro_db.document_versions:", document_id, NULL);
  if (cursor != NULL)
    {
      if ((after = mdb_cursor_decode (cursor, kind, "ibi", error)) == NULL)
        return NULL;
      after_created_at = mdb_cursor_get_int64 (after, 0);
      after_is_bom = mdb_cursor_get_bool (after, 1);
      after_id = mdb_cursor_get_int64 (after, 2);
    }
  rows = macro_db_document_versions_page (executor, document_id, user_id, after_created_at,
                                          after_is_bom, after_id, (gint64) limit + 1, error);
  if (rows == NULL)
    return NULL;
  return mdb_page_new_from_row_list (g_steal_pointer (&rows), sizeof rows->rows[0], limit, kind, version_key);
}
