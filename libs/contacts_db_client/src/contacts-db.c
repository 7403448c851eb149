/* SPDX-License-Identifier: MIT */
/* contacts-db.c: checked, convenient wrappers over the generated connection queries. */
#include <string.h>
#include <contacts-db/contacts-db.h>

/* Ids are compared byte-wise (COLLATE "C") everywhere, so any valid UTF-8
 * string is an id; only NULL and "" are refused, as in the real system's
 * callers that never meant them. */
static gboolean
check_id (const char *id, const char *what, GError **error)
{
  if (id == NULL || *id == '\0')
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "%s is %s", what,
                   id == NULL ? "NULL" : "empty");
      return FALSE;
    }
  if (!g_utf8_validate (id, -1, NULL))
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "%s is not valid UTF-8", what);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_pair (const ContactsDbPair *pair, gsize index, GError **error)
{
  g_autofree char *what_a = g_strdup_printf ("pair %" G_GSIZE_FORMAT ": user_a", index);
  g_autofree char *what_b = g_strdup_printf ("pair %" G_GSIZE_FORMAT ": user_b", index);

  if (!check_id (pair->user_a, what_a, error) || !check_id (pair->user_b, what_b, error))
    return FALSE;
  if (strcmp (pair->user_a, pair->user_b) == 0)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                   "pair %" G_GSIZE_FORMAT ": a user cannot be connected to itself", index);
      return FALSE;
    }
  return TRUE;
}

/**
 * contacts_db_connections_create:
 * @executor: a pool or a connection (in a transaction or not)
 * @pairs: (array length=n_pairs) (nullable): the pairs to connect, each in either order
 * @n_pairs: number of pairs (0: nothing is sent)
 * @error: return location for a #GError
 *
 * Connects every pair in one statement and one round trip.  Pairs may come
 * in either order, repeat, or exist already: each ends up stored once, the
 * smaller id (binary order) as `user1`.  An existing pair gets its
 * `updated_at` set to now() (it records the latest interaction).
 *
 * Every pair is checked before anything is sent, so a bad pair means
 * nothing of the batch is written.
 *
 * Errors: MDB_ERROR_INVALID_INPUT naming the first bad pair ("pair 3:
 * user_b is empty") for a %NULL, empty or non-UTF-8 id or a user paired
 * with itself; the executor's errors (MDB_ERROR_CONNECT,
 * MDB_ERROR_POOL_TIMEOUT, MDB_ERROR_SERVER…).
 *
 * Returns: the number of connections that did not exist before, or -1 on error
 *
 * Since: 0.1
 */
gint64
contacts_db_connections_create (MdbExecutor          *executor,
                                const ContactsDbPair *pairs,
                                gsize                 n_pairs,
                                GError              **error)
{
  g_autofree const char **users_a = NULL;
  g_autofree const char **users_b = NULL;
  g_autoptr(ContactsDbConnectionsUpsertRow) row = NULL;

  g_return_val_if_fail (executor != NULL, -1);
  g_return_val_if_fail (pairs != NULL || n_pairs == 0, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  for (gsize i = 0; i < n_pairs; i++)
    if (!check_pair (&pairs[i], i, error))
      return -1;
  if (n_pairs == 0)
    return 0;

  /* NULL-terminated, as the generated text[] parameters expect. */
  users_a = g_new0 (const char *, n_pairs + 1);
  users_b = g_new0 (const char *, n_pairs + 1);
  for (gsize i = 0; i < n_pairs; i++)
    {
      users_a[i] = pairs[i].user_a;
      users_b[i] = pairs[i].user_b;
    }
  row = contacts_db_connections_upsert (executor, users_a, users_b, error);
  return row != NULL ? row->created : -1;
}

/**
 * contacts_db_contacts_list:
 * @executor: a pool or a connection
 * @user_id: the user whose contacts to list
 * @after: (nullable): the last id of the previous page, or %NULL for the first page
 * @limit: the most ids to return (> 0)
 * @error: return location for a #GError
 *
 * Lists one page of the ids connected to @user_id, in either direction,
 * in binary (`COLLATE "C"`) order: keyset pagination, so pass the last id
 * of a page as @after to get the next one; a page shorter than @limit is
 * the last.  An unknown user has no contacts (an empty vector).
 *
 * Errors: MDB_ERROR_INVALID_INPUT when @user_id is %NULL, empty or not
 * UTF-8; the executor's errors.
 *
 * Returns: (transfer full) (array zero-terminated=1): the ids (g_strfreev),
 *   or %NULL on error
 *
 * Since: 0.1
 */
char **
contacts_db_contacts_list (MdbExecutor *executor,
                           const char  *user_id,
                           const char  *after,
                           guint        limit,
                           GError     **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  char **ids;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (limit > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_id (user_id, "user_id", error))
    return NULL;
  rows = contacts_db_contacts_page (executor, user_id, after, limit, error);
  if (rows == NULL)
    return NULL;
  ids = g_new0 (char *, rows->len + 1);
  for (guint i = 0; i < rows->len; i++)
    ids[i] = g_steal_pointer (&((ContactsDbContactsPageRow *) rows->pdata[i])->contact);
  return ids;
}

/**
 * contacts_db_contacts_count:
 * @executor: a pool or a connection
 * @user_id: the user whose contacts to count
 * @error: return location for a #GError
 *
 * Counts the ids connected to @user_id in either direction (0 for an
 * unknown user).
 *
 * Errors: MDB_ERROR_INVALID_INPUT when @user_id is %NULL, empty or not
 * UTF-8; the executor's errors.
 *
 * Returns: the number of contacts, or -1 on error
 *
 * Since: 0.1
 */
gint64
contacts_db_contacts_count (MdbExecutor *executor,
                            const char  *user_id,
                            GError     **error)
{
  g_autoptr(ContactsDbContactsTotalRow) row = NULL;

  g_return_val_if_fail (executor != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (!check_id (user_id, "user_id", error))
    return -1;
  row = contacts_db_contacts_total (executor, user_id, error);
  return row != NULL ? row->n : -1;
}

/**
 * contacts_db_connection_exists:
 * @executor: a pool or a connection
 * @user_a: one user
 * @user_b: the other user (the order does not matter)
 * @error: return location for a #GError
 *
 * Tells whether @user_a and @user_b are connected.  %FALSE with @error
 * unset means "not connected" (also for unknown users and for a user
 * with itself).
 *
 * Errors: MDB_ERROR_INVALID_INPUT when an id is %NULL, empty or not
 * UTF-8; the executor's errors.
 *
 * Returns: %TRUE when connected
 *
 * Since: 0.1
 */
gboolean
contacts_db_connection_exists (MdbExecutor *executor,
                               const char  *user_a,
                               const char  *user_b,
                               GError     **error)
{
  g_autoptr(ContactsDbConnectionLookupRow) row = NULL;

  g_return_val_if_fail (executor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_id (user_a, "user_a", error) || !check_id (user_b, "user_b", error))
    return FALSE;
  row = contacts_db_connection_lookup (executor, user_a, user_b, error);
  return row != NULL && row->connected;
}

/**
 * contacts_db_connection_delete:
 * @executor: a pool or a connection
 * @user_a: one user
 * @user_b: the other user (the order does not matter)
 * @error: return location for a #GError
 *
 * Deletes the connection between @user_a and @user_b.  %FALSE with @error
 * unset means there was none.
 *
 * Errors: MDB_ERROR_INVALID_INPUT when an id is %NULL, empty or not
 * UTF-8; the executor's errors.
 *
 * Returns: %TRUE when a connection was deleted
 *
 * Since: 0.1
 */
gboolean
contacts_db_connection_delete (MdbExecutor *executor,
                               const char  *user_a,
                               const char  *user_b,
                               GError     **error)
{
  g_return_val_if_fail (executor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_id (user_a, "user_a", error) || !check_id (user_b, "user_b", error))
    return FALSE;
  return contacts_db_connection_delete_pair (executor, user_a, user_b, error) > 0;
}

/**
 * contacts_db_connections_delete_user:
 * @executor: a pool or a connection
 * @user_id: the user whose connections go (account deletion)
 * @error: return location for a #GError
 *
 * Deletes every connection of @user_id, in either direction, in one
 * statement.
 *
 * Errors: MDB_ERROR_INVALID_INPUT when @user_id is %NULL, empty or not
 * UTF-8; the executor's errors.
 *
 * Returns: the number of connections deleted (0 for an unknown user), or -1 on error
 *
 * Since: 0.1
 */
gint64
contacts_db_connections_delete_user (MdbExecutor *executor,
                                     const char  *user_id,
                                     GError     **error)
{
  g_return_val_if_fail (executor != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (!check_id (user_id, "user_id", error))
    return -1;
  return contacts_db_user_connections_delete (executor, user_id, error);
}

/**
 * contacts_db_connections_created_since:
 * @executor: a pool or a connection
 * @since_usec: the earliest `created_at` wanted (µs since the Unix epoch, UTC)
 * @after: (nullable): the last row of the previous page, or %NULL for the first page
 * @limit: the most rows to return (> 0)
 * @error: return location for a #GError
 *
 * Lists one page of the connections created at or after @since_usec, by
 * (`created_at`, `id`): keyset pagination for sync jobs, so rows created
 * while a job pages through are not skipped nor repeated.  Pass the last
 * row of a page as @after to get the next; a page shorter than @limit is
 * the last.
 *
 * Errors: the executor's errors.
 *
 * Returns: (transfer full) (element-type ContactsDbConnection): the rows
 *   (the array frees them), or %NULL on error
 *
 * Since: 0.1
 */
GPtrArray *
contacts_db_connections_created_since (MdbExecutor                *executor,
                                       gint64                      since_usec,
                                       const ContactsDbConnection *after,
                                       guint                       limit,
                                       GError                    **error)
{
  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (limit > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Ids start at 1, so (since, 0) precedes every row created at `since`. */
  if (after == NULL)
    return contacts_db_connections_created_after (executor, since_usec, 0, limit, error);
  return contacts_db_connections_created_after (executor, after->created_at, after->id, limit, error);
}
