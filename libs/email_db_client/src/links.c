/* SPDX-License-Identifier: MIT */
/* links.c: a user's linked mailboxes (email_links). */
#include "email-db-private.h"

/**
 * email_db_link_connect:
 * @executor: a pool or a connection (in a transaction or not)
 * @macro_id: the Macro user the link belongs to
 * @fusionauth_user_id: the identity-provider user that authorised it
 * @email_address: the mailbox address
 * @provider: the mail provider
 * @error: return location for a #GError
 *
 * Creates the link of (@fusionauth_user_id, @email_address, @provider), or
 * turns an existing one back on (sync active) and gives it to @macro_id.
 * An existing, active link of the same user is returned without being
 * written, so reconnecting never waits behind a concurrent cascading
 * delete of that link.  One round trip.
 *
 * Errors: MDB_ERROR_INVALID_INPUT naming an argument that is %NULL, empty
 * or not UTF-8, or a @provider out of range; the executor's errors.
 *
 * Returns: (transfer full): the link (email_db_link_free()), or %NULL on error
 *
 * Since: 0.1
 */
EmailDbLink *
email_db_link_connect (MdbExecutor                 *executor,
                       const char                  *macro_id,
                       const char                  *fusionauth_user_id,
                       const char                  *email_address,
                       EmailDbEmailUserProviderEnum provider,
                       GError                     **error)
{
  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!email_db__check_text (macro_id, "macro_id", error)
      || !email_db__check_text (fusionauth_user_id, "fusionauth_user_id", error)
      || !email_db__check_text (email_address, "email_address", error))
    return NULL;
  if (email_db_email_user_provider_enum_to_string (provider) == NULL)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "provider %d is not a provider", (int) provider);
      return NULL;
    }
  return email_db_link_upsert (executor, macro_id, fusionauth_user_id, email_address, provider, error);
}

/**
 * email_db_link_get:
 * @executor: a pool or a connection
 * @macro_id: the acting user
 * @link_id: the link's id
 * @error: return location for a #GError
 *
 * Reads one link of the acting user.  A link of another user reads as
 * missing.  One round trip.
 *
 * Errors: MDB_ERROR_NOT_FOUND when @macro_id has no link @link_id;
 * MDB_ERROR_INVALID_INPUT when @macro_id is %NULL, empty or not UTF-8 or
 * @link_id is not a uuid; the executor's errors.
 *
 * Returns: (transfer full): the link (email_db_link_free()), or %NULL on error
 *
 * Since: 0.1
 */
EmailDbLink *
email_db_link_get (MdbExecutor *executor,
                   const char  *macro_id,
                   const char  *link_id,
                   GError     **error)
{
  g_autoptr (GError) local = NULL;
  EmailDbLink *link;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!email_db__check_text (macro_id, "macro_id", error)
      || !email_db__check_uuid (link_id, "link_id", error))
    return NULL;
  link = email_db_link_get_owned (executor, link_id, macro_id, &local);
  if (link == NULL && local == NULL)
    g_set_error (&local, MDB_ERROR, MDB_ERROR_NOT_FOUND, "no link %s of this user", link_id);
  if (link == NULL)
    g_propagate_error (error, g_steal_pointer (&local));
  return link;
}

static void
link_key (gconstpointer row, MdbCursor *cursor)
{
  const EmailDbLink *link = row;
  char id[MDB_UUID_STRING_SIZE];

  mdb_cursor_add_text (cursor, link->email_address);
  mdb_cursor_add_text (cursor, email_db__uuid_text (&link->id, id));
}

/**
 * email_db_links_list:
 * @executor: a pool or a connection
 * @macro_id: the acting user
 * @cursor: (nullable): the `next_cursor` of the previous page, or %NULL for the first page
 * @limit: the most links to return, 1 to %EMAIL_DB_MAX_PAGE
 * @error: return location for a #GError
 *
 * Lists one page of the acting user's links by (address, id).  An unknown
 * user has none (an empty page).  One round trip.
 *
 * Errors: MDB_ERROR_INVALID_INPUT when @macro_id is %NULL, empty or not
 * UTF-8, @limit is out of range, or @cursor was not made by this function
 * for this user; the executor's errors.
 *
 * Returns: (transfer full): the page (mdb_page_free()); its items are
 *   #EmailDbLink rows borrowed from the page (email_db_link_dup() keeps
 *   one longer), or %NULL on error
 *
 * Since: 0.1
 */
MdbPage *
email_db_links_list (MdbExecutor *executor,
                     const char  *macro_id,
                     const char  *cursor,
                     guint        limit,
                     GError     **error)
{
  g_autoptr (MdbCursor) after = NULL;
  g_autofree char *kind = NULL;
  EmailDbLinkList *rows;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!email_db__check_text (macro_id, "macro_id", error)
      || !mdb_check_limit (limit, EMAIL_DB_MAX_PAGE, "limit", error))
    return NULL;
  kind = g_strconcat ("email_db.links_list:", macro_id, NULL);
  if (cursor != NULL && (after = mdb_cursor_decode (cursor, kind, "tt", error)) == NULL)
    return NULL;
  rows = email_db_links_of_user (executor, macro_id,
                                 after != NULL ? mdb_cursor_get_text (after, 0) : NULL,
                                 after != NULL ? mdb_cursor_get_text (after, 1) : NULL,
                                 (gint64) limit + 1, error);
  if (rows == NULL)
    return NULL;
  return mdb_page_new_from_row_list (rows, sizeof (EmailDbLink), limit, kind, link_key);
}

/**
 * email_db_links_find_by_address:
 * @executor: a pool or a connection
 * @email_address: the mailbox address (any case)
 * @provider: the mail provider
 * @error: return location for a #GError
 *
 * Lists every link of @email_address (case-insensitive) with @provider,
 * whoever owns it, by id: the sync service's lookup when the provider
 * notifies a change of a mailbox.  At most %EMAIL_DB_MAX_PAGE links (an
 * address is linked by a handful of users).  One round trip, through the
 * index email_links_address_idx.
 *
 * Errors: MDB_ERROR_INVALID_INPUT when @email_address is %NULL, empty or
 * not UTF-8 or @provider is out of range; the executor's errors.
 *
 * Returns: (transfer full): the links (email_db_link_list_free(); possibly
 *   none), or %NULL on error
 *
 * Since: 0.1
 */
EmailDbLinkList *
email_db_links_find_by_address (MdbExecutor                 *executor,
                                const char                  *email_address,
                                EmailDbEmailUserProviderEnum provider,
                                GError                     **error)
{
  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!email_db__check_text (email_address, "email_address", error))
    return NULL;
  if (email_db_email_user_provider_enum_to_string (provider) == NULL)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "provider %d is not a provider", (int) provider);
      return NULL;
    }
  return email_db_links_by_address (executor, email_address, provider, EMAIL_DB_MAX_PAGE, error);
}

/**
 * email_db_link_set_sync:
 * @executor: a pool or a connection
 * @link_id: the link
 * @is_sync_active: whether the link keeps syncing
 * @history_id: (nullable): the provider's history id reached, or %NULL to keep the stored one
 * @sync_token: (nullable): the provider's sync token, or %NULL to keep the stored one
 * @error: return location for a #GError
 *
 * Stores a link's sync state and position and stamps `synced_at` (the
 * sync service's call: it takes the link id alone).  One round trip.
 *
 * Errors: MDB_ERROR_NOT_FOUND when there is no link @link_id;
 * MDB_ERROR_INVALID_INPUT when @link_id is not a uuid or @history_id /
 * @sync_token are empty or not UTF-8; the executor's errors.
 *
 * Returns: (transfer full): the link as stored (email_db_link_free()), or %NULL on error
 *
 * Since: 0.1
 */
EmailDbLink *
email_db_link_set_sync (MdbExecutor *executor,
                        const char  *link_id,
                        gboolean     is_sync_active,
                        const char  *history_id,
                        const char  *sync_token,
                        GError     **error)
{
  g_autoptr (GError) local = NULL;
  EmailDbLink *link;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!email_db__check_uuid (link_id, "link_id", error)
      || !mdb_check_text (history_id, -1, "history_id", MDB_TEXT_NULLABLE, error)
      || !mdb_check_text (sync_token, -1, "sync_token", MDB_TEXT_NULLABLE, error))
    return NULL;
  link = email_db_link_sync_set (executor, is_sync_active, history_id, sync_token, link_id, &local);
  if (link == NULL && local == NULL)
    g_set_error (&local, MDB_ERROR, MDB_ERROR_NOT_FOUND, "no link %s", link_id);
  if (link == NULL)
    g_propagate_error (error, g_steal_pointer (&local));
  return link;
}

/**
 * email_db_link_delete:
 * @executor: a pool or a connection (in a transaction or not)
 * @macro_id: the acting user
 * @link_id: the link to delete
 * @error: return location for a #GError
 *
 * Deletes a link of the acting user with everything synced from it
 * (threads, messages, recipients, contacts, labels, attachments and their
 * document_email rows) by the foreign keys' cascades: one statement, one
 * round trip.  It locks only rows of this link, so ingests of other links
 * go on meanwhile.  %FALSE with @error unset: the user has no such link.
 *
 * Errors: MDB_ERROR_INVALID_INPUT when @macro_id is %NULL, empty or not
 * UTF-8 or @link_id is not a uuid; the executor's errors.
 *
 * Returns: %TRUE when the link was deleted
 *
 * Since: 0.1
 */
gboolean
email_db_link_delete (MdbExecutor *executor,
                      const char  *macro_id,
                      const char  *link_id,
                      GError     **error)
{
  g_return_val_if_fail (executor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!email_db__check_text (macro_id, "macro_id", error)
      || !email_db__check_uuid (link_id, "link_id", error))
    return FALSE;
  return email_db_link_delete_owned (executor, link_id, macro_id, error) > 0;
}
