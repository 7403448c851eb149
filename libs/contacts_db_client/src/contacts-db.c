/* SPDX-License-Identifier: MIT */
/* contacts-db.c: checked, convenient wrappers over the generated connection queries. */
#include <string.h>
#include <contacts-db/contacts-db.h>
/* The generated functions the library keeps to itself (not exported). */
#include "contacts_db_client-queries-private.h"

/* Ids are compared byte-wise (COLLATE "C") everywhere, so any valid UTF-8
 * string is an id; only NULL and "" are refused, as in the real system's
 * callers that never meant them (mdb_check_text(): also no invalid UTF-8). */
static gboolean
check_id (const char *id, const char *name, GError **error)
{
  return mdb_check_text (id, -1, name, MDB_TEXT_REQUIRED, error);
}

static gboolean
check_pair (const ContactsDbPair *pair, gsize index, GError **error)
{
  if (!check_id (pair->user_a, "user_a", error) || !check_id (pair->user_b, "user_b", error))
    {
      g_prefix_error (error, "pair %" G_GSIZE_FORMAT ": ", index);
      return FALSE;
    }
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
  gint64 created;

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
  if (!contacts_db_connections_upsert (executor, users_a, users_b, &created, error))
    return -1;
  return created;
}

/* Cursors are bound to the list and to its filter, so a token of another
 * user's list (or another list) is refused instead of silently paging
 * somewhere else. */
static char *
contacts_kind (const char *user_id)
{
  return g_strconcat ("contacts_db.contacts_list:", user_id, NULL);
}

static void
contact_key (gconstpointer row, MdbCursor *cursor)
{
  mdb_cursor_add_text (cursor, row);
}

/**
 * contacts_db_contacts_list:
 * @executor: a pool or a connection
 * @user_id: the user whose contacts to list
 * @cursor: (nullable): the `next_cursor` of the previous page, or %NULL for the first page
 * @limit: the most ids to return, 1 to %CONTACTS_DB_MAX_PAGE
 * @error: return location for a #GError
 *
 * Lists one page of the ids connected to @user_id, in either direction,
 * in binary (`COLLATE "C"`) order, keyset-paginated: pass the page's
 * `next_cursor` to get the next one; it is %NULL on the last page.  An
 * unknown user has no contacts (an empty page).  One round trip.
 *
 * Errors: MDB_ERROR_INVALID_INPUT when @user_id is %NULL, empty or not
 * UTF-8, when @limit is out of range, or when @cursor was not made by this
 * function for this @user_id, or was changed ("invalid cursor: …"); the
 * executor's errors.
 *
 * Returns: (transfer full): the page (mdb_page_free()); its items are the
 *   ids (`const char *`), pointing into the query's result, which the page
 *   holds: valid until mdb_page_free() (g_strdup() one to keep it longer),
 *   or %NULL on error
 *
 * Since: 0.1
 */
MdbPage *
contacts_db_contacts_list (MdbExecutor *executor,
                           const char  *user_id,
                           const char  *cursor,
                           guint        limit,
                           GError     **error)
{
  g_autoptr (ContactsDbContactsPageRowList) rows = NULL;
  g_autoptr (MdbCursor) after = NULL;
  g_autofree char *kind = NULL;
  GPtrArray *ids;
  MdbPage *page;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_id (user_id, "user_id", error)
      || !mdb_check_limit (limit, CONTACTS_DB_MAX_PAGE, "limit", error))
    return NULL;
  kind = contacts_kind (user_id);
  if (cursor != NULL && (after = mdb_cursor_decode (cursor, kind, "t", error)) == NULL)
    return NULL;
  rows = contacts_db_contacts_page (executor, user_id,
                                    after != NULL ? mdb_cursor_get_text (after, 0) : NULL,
                                    (gint64) limit + 1, error);
  if (rows == NULL)
    return NULL;
  /* The items borrow the ids from the result; the page holds the rows. */
  ids = g_ptr_array_sized_new (rows->n_rows);
  for (guint i = 0; i < rows->n_rows; i++)
    g_ptr_array_add (ids, (gpointer) rows->rows[i].contact);
  page = mdb_page_new_from_rows (ids, limit, kind, contact_key);
  mdb_page_hold (page, g_steal_pointer (&rows), (GDestroyNotify) contacts_db_contacts_page_row_list_free);
  return page;
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
  gint64 n;

  g_return_val_if_fail (executor != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (!check_id (user_id, "user_id", error))
    return -1;
  if (!contacts_db_contacts_total (executor, user_id, &n, error))
    return -1;
  return n;
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
  gboolean connected = FALSE;

  g_return_val_if_fail (executor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_id (user_a, "user_a", error) || !check_id (user_b, "user_b", error))
    return FALSE;
  return contacts_db_connection_lookup (executor, user_a, user_b, &connected, error) && connected;
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

static void
connection_key (gconstpointer row, MdbCursor *cursor)
{
  const ContactsDbConnection *c = row;

  mdb_cursor_add_int64 (cursor, c->created_at);
  mdb_cursor_add_int64 (cursor, c->id);
}

/**
 * contacts_db_connections_created_since:
 * @executor: a pool or a connection
 * @since_usec: the earliest `created_at` wanted (µs since the Unix epoch, UTC)
 * @cursor: (nullable): the `next_cursor` of the previous page, or %NULL for the first page
 * @limit: the most rows to return, 1 to %CONTACTS_DB_MAX_PAGE
 * @error: return location for a #GError
 *
 * Lists one page of the connections created at or after @since_usec, by
 * (`created_at`, `id`): keyset pagination for sync jobs, so rows created
 * while a job pages through are not skipped nor repeated.  Pass the page's
 * `next_cursor` (with the same @since_usec) to get the next; it is %NULL on
 * the last page.  One round trip.
 *
 * Errors: MDB_ERROR_INVALID_INPUT when @limit is out of range or @cursor
 * was not made by this function for this @since_usec; the executor's errors.
 *
 * Returns: (transfer full): the page (mdb_page_free()); its items are
 *   #ContactsDbConnection rows in one block with the result their strings
 *   point into, which the page holds: valid until mdb_page_free()
 *   (contacts_db_connection_dup() keeps one longer), or %NULL on error
 *
 * Since: 0.1
 */
MdbPage *
contacts_db_connections_created_since (MdbExecutor *executor,
                                       gint64       since_usec,
                                       const char  *cursor,
                                       guint        limit,
                                       GError     **error)
{
  g_autoptr (MdbCursor) after = NULL;
  g_autoptr (ContactsDbConnectionList) rows = NULL;
  g_autofree char *kind = NULL;
  gint64 after_created_at = since_usec, after_id = 0;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!mdb_check_limit (limit, CONTACTS_DB_MAX_PAGE, "limit", error))
    return NULL;
  kind = g_strdup_printf ("contacts_db.connections_created_since:%" G_GINT64_FORMAT, since_usec);
  if (cursor != NULL)
    {
      if ((after = mdb_cursor_decode (cursor, kind, "ii", error)) == NULL)
        return NULL;
      after_created_at = mdb_cursor_get_int64 (after, 0);
      after_id = mdb_cursor_get_int64 (after, 1);
    }
  /* Ids start at 1, so (since, 0) precedes every row created at `since`. */
  rows = contacts_db_connections_created_after (executor, after_created_at, after_id,
                                                (gint64) limit + 1, error);
  if (rows == NULL)
    return NULL;
  return mdb_page_new_from_row_list (g_steal_pointer (&rows), sizeof rows->rows[0], limit, kind, connection_key);
}

/* The two statements of a merge, run by mdb_run_in_transaction(). */
typedef struct {
  const char *from_user;
  const char *into_user;
  gint64      created;
} MergeUser;

static gboolean
merge_user_body (MdbConn *conn, gpointer data, GError **error)
{
  MergeUser *m = data;

  if (!contacts_db_connections_copy_user (MDB_EXECUTOR (conn), m->from_user, m->into_user, &m->created, error))
    return FALSE;
  return contacts_db_user_connections_delete (MDB_EXECUTOR (conn), m->from_user, error) >= 0;
}

/**
 * contacts_db_connections_merge_user:
 * @executor: a pool, or a connection (in a transaction or not)
 * @from_user: the user whose connections move (it has none afterwards)
 * @into_user: the user who gets them
 * @error: return location for a #GError
 *
 * Account merge: gives @into_user a connection to every contact of
 * @from_user (a connection between the two themselves is dropped, not
 * turned into a self-pair), then deletes every connection of @from_user.
 * Both statements run in one transaction: on a pool or an idle connection
 * it is begun, committed, and retried on a serialization failure or a
 * deadlock; on a connection already in a transaction it joins it with a
 * savepoint and the caller commits (mdb_run_in_transaction()).  Four round
 * trips on its own (BEGIN, two statements, COMMIT).
 *
 * Errors: MDB_ERROR_INVALID_INPUT when an id is %NULL, empty or not UTF-8,
 * or both are the same user; the executor's errors.
 *
 * Returns: the number of connections @into_user did not have before, or -1
 *   on error (then nothing changed)
 *
 * Since: 0.1
 */
gint64
contacts_db_connections_merge_user (MdbExecutor *executor,
                                    const char  *from_user,
                                    const char  *into_user,
                                    GError     **error)
{
  MergeUser m = { from_user, into_user, 0 };

  g_return_val_if_fail (executor != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (!check_id (from_user, "from_user", error) || !check_id (into_user, "into_user", error))
    return -1;
  if (strcmp (from_user, into_user) == 0)
    {
      g_set_error_literal (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                           "from_user and into_user are the same user");
      return -1;
    }
  if (!mdb_run_in_transaction (executor, MDB_ISOLATION_DEFAULT, 0, merge_user_body, &m, error))
    return -1;
  return m.created;
}
