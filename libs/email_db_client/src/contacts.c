/* SPDX-License-Identifier: MIT */
/* contacts.c: a link's contacts, upserted set-based and searched by prefix. */
#include "email-db-private.h"

/**
 * email_db_contacts_store:
 * @executor: a pool or a connection
 * @macro_id: the acting user
 * @link_id: one of the acting user's links
 * @contacts: (array length=n_contacts) (nullable): the contacts
 * @n_contacts: number of contacts (0: nothing is sent)
 * @error: return location for a #GError
 *
 * Stores contacts of a link by lower-case address in one statement: new
 * addresses are inserted (without locking existing rows), a given name
 * replaces a different stored one (`updated_at` then moves), a missing or
 * empty name keeps the stored one; repeats in the batch count once.  A link
 * that is not the user's stores nothing.  One round trip.
 *
 * Errors: MDB_ERROR_INVALID_INPUT naming the first bad contact
 * ("contacts[2]: address is empty") or a bad @macro_id / @link_id; the
 * executor's errors.
 *
 * Returns: the number of contacts that were new, or -1 on error
 *
 * Since: 0.1
 */
gint64
email_db_contacts_store (MdbExecutor          *executor,
                         const char           *macro_id,
                         const char           *link_id,
                         const EmailDbAddress *contacts,
                         gsize                 n_contacts,
                         GError              **error)
{
  g_autofree const char **addresses = NULL;
  g_autofree const char **names = NULL;
  gint64 created = 0;

  g_return_val_if_fail (executor != NULL, -1);
  g_return_val_if_fail (contacts != NULL || n_contacts == 0, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (!email_db__check_text (macro_id, "macro_id", error)
      || !email_db__check_uuid (link_id, "link_id", error))
    return -1;
  for (gsize i = 0; i < n_contacts; i++)
    if (!email_db__check_text (contacts[i].address, "address", error)
        || !email_db__check_optional (contacts[i].name, "name", error))
      {
        g_prefix_error (error, "contacts[%" G_GSIZE_FORMAT "]: ", i);
        return -1;
      }
  if (n_contacts == 0)
    return 0;
  addresses = g_new0 (const char *, n_contacts + 1);
  names = g_new0 (const char *, n_contacts + 1);
  for (gsize i = 0; i < n_contacts; i++)
    {
      addresses[i] = contacts[i].address;
      names[i] = contacts[i].name != NULL ? contacts[i].name : "";
    }
  if (!email_db_contacts_upsert_owned (executor, addresses, names, link_id, macro_id, &created, error))
    return -1;
  return created;
}

static void
contact_key (gconstpointer row, MdbCursor *cursor)
{
  const EmailDbContact *c = row;
  char id[MDB_UUID_STRING_SIZE];

  mdb_cursor_add_int64 (cursor, c->updated_at);
  mdb_cursor_add_text (cursor, email_db__uuid_text (&c->id, id));
}

/**
 * email_db_contacts_search:
 * @executor: a pool or a connection
 * @macro_id: the acting user
 * @link_id: one of the acting user's links
 * @prefix: what the address or the name starts with (any case; may be "" for all)
 * @cursor: (nullable): the `next_cursor` of the previous page, or %NULL for the first page
 * @limit: the most contacts to return, 1 to %EMAIL_DB_MAX_PAGE
 * @error: return location for a #GError
 *
 * Searches a link's contacts whose address or name starts with @prefix,
 * case-insensitively, most recently updated first (ties by id), keyset
 * paginated.  One query, through email_contacts_address_prefix_idx and
 * email_contacts_name_prefix_idx.  Another user's link gives an empty page.
 *
 * Errors: MDB_ERROR_INVALID_INPUT when @macro_id is %NULL, empty or not
 * UTF-8, @link_id is not a uuid, @prefix is %NULL or not UTF-8, @limit is
 * out of range or @cursor was not made for this link and prefix; the
 * executor's errors.
 *
 * Returns: (transfer full): the page (mdb_page_free()); its items are
 *   #EmailDbContact rows borrowed from the page, or %NULL on error
 *
 * Since: 0.1
 */
MdbPage *
email_db_contacts_search (MdbExecutor *executor,
                          const char  *macro_id,
                          const char  *link_id,
                          const char  *prefix,
                          const char  *cursor,
                          guint        limit,
                          GError     **error)
{
  g_autoptr (MdbCursor) after = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *lower = NULL;
  EmailDbContactList *rows;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!email_db__check_text (macro_id, "macro_id", error)
      || !email_db__check_uuid (link_id, "link_id", error)
      || !mdb_check_text (prefix, -1, "prefix", MDB_TEXT_ALLOW_EMPTY, error)
      || !mdb_check_limit (limit, EMAIL_DB_MAX_PAGE, "limit", error))
    return NULL;
  lower = g_utf8_strdown (prefix, -1);
  kind = g_strconcat ("email_db.contacts_search:", link_id, ":", lower, NULL);
  if (cursor != NULL && (after = mdb_cursor_decode (cursor, kind, "it", error)) == NULL)
    return NULL;
  rows = email_db_contacts_search_owned (executor, link_id, macro_id, lower,
                                         after != NULL ? mdb_cursor_get_int64 (after, 0) : EMAIL_DB_TS_MAX,
                                         after != NULL ? mdb_cursor_get_text (after, 1) : EMAIL_DB_UUID_MAX,
                                         (gint64) limit + 1, error);
  if (rows == NULL)
    return NULL;
  return mdb_page_new_from_row_list (rows, sizeof (EmailDbContact), limit, kind, contact_key);
}
