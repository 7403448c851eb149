/* SPDX-License-Identifier: MIT */
/* channels.c: create, find, read, change, delete and list channels. */
#include <string.h>
#include "comms-private.h"

static gboolean
check_type (CommsDbCommsChannelType channel_type, GError **error)
{
  if (comms_db_comms_channel_type_to_string (channel_type) != NULL)
    return TRUE;
  g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
               "channel_type is %d, not a CommsDbCommsChannelType", (int) channel_type);
  return FALSE;
}

/* name is varchar(255); "" is no name, so it is refused like NULL where a
 * name is required. */
static gboolean
check_name (const char *name, GError **error)
{
  if (!mdb_check_text (name, -1, "name", MDB_TEXT_NULLABLE, error))
    return FALSE;
  if (name != NULL && g_utf8_strlen (name, -1) > 255)
    {
      g_set_error_literal (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "name is longer than 255 characters");
      return FALSE;
    }
  return TRUE;
}

/* The rules of the valid_channel_name and valid_org_channel CHECKs, told
 * before sending: a DM has no name, public and organization channels have
 * one; an organization channel, and only it, has an org_id. */
static gboolean
check_shape (CommsDbCommsChannelType channel_type, const char *name, gint64 org_id, GError **error)
{
  const char *type = comms_db_comms_channel_type_to_string (channel_type);
  gboolean org = channel_type == COMMS_DB_COMMS_CHANNEL_TYPE_ORGANIZATION;

  if (!check_type (channel_type, error) || !check_name (name, error) || !comms_check_org (org_id, error))
    return FALSE;
  if (channel_type == COMMS_DB_COMMS_CHANNEL_TYPE_DIRECT_MESSAGE && name != NULL)
    {
      g_set_error_literal (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "a direct message has no name");
      return FALSE;
    }
  if ((org || channel_type == COMMS_DB_COMMS_CHANNEL_TYPE_PUBLIC) && name == NULL)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "a %s channel needs a name", type);
      return FALSE;
    }
  if (org != (org_id != COMMS_DB_NO_ORG))
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                   org ? "an organization channel needs an org_id" : "a %s channel has no org_id", type);
      return FALSE;
    }
  return TRUE;
}

static guint
count_distinct (const char *owner_id, const char *const *users, gsize n)
{
  g_autoptr (GHashTable) set = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_add (set, (gpointer) owner_id);
  for (gsize i = 0; i < n; i++)
    g_hash_table_add (set, (gpointer) users[i]);
  return g_hash_table_size (set);
}

/**
 * comms_db_channel_create:
 * @executor: a pool or a connection (in a transaction or not)
 * @owner_id: the user who creates and owns the channel
 * @channel_type: public, organization, private or direct message
 * @name: (nullable): the name: required for public and organization
 *   channels, %NULL for a direct message, optional for a private one
 * @org_id: the organization of an organization channel, else %COMMS_DB_NO_ORG
 * @participants: (array length=n_participants) (nullable): the other members
 *   (the owner may be among them; repeats are folded)
 * @n_participants: how many, at most %COMMS_DB_MAX_BATCH
 * @error: return location for a #GError
 *
 * Creates a channel with @owner_id as its owner (role owner), every other
 * participant as a member, and the owner's activity (viewed and interacted
 * now), in one statement: one round trip, all or nothing.  A direct
 * message must have exactly two distinct participants; to open the direct
 * message between two users without ever making a second one, use
 * comms_db_dm_get_or_create().
 *
 * Errors: MDB_ERROR_INVALID_INPUT for a %NULL, empty or non-UTF-8 id
 * (`participants[2] is empty`), an unknown type, a name or org_id the type
 * does not allow, a name over 255 characters, a direct message without
 * exactly two participants, too many participants; the executor's errors.
 *
 * Returns: (transfer full): the new channel's id (g_free()), or %NULL on error
 *
 * Since: 0.1
 */
char *
comms_db_channel_create (MdbExecutor            *executor,
                         const char             *owner_id,
                         CommsDbCommsChannelType channel_type,
                         const char             *name,
                         gint64                  org_id,
                         const char *const      *participants,
                         gsize                   n_participants,
                         GError                **error)
{
  g_autofree const char **users = NULL;
  MdbUuid id;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!comms_check_id (owner_id, "owner_id", error)
      || !check_shape (channel_type, name, org_id, error)
      || !comms_check_ids (participants, n_participants, COMMS_DB_MAX_BATCH, FALSE, "participants", error))
    return NULL;
  if (channel_type == COMMS_DB_COMMS_CHANNEL_TYPE_DIRECT_MESSAGE
      && count_distinct (owner_id, participants, n_participants) != 2)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                   "a direct message has exactly two participants (got %u)",
                   count_distinct (owner_id, participants, n_participants));
      return NULL;
    }
  users = comms_strv_new (participants, n_participants);
  if (!comms_db_channel_insert (executor, name, channel_type, org_id, org_id == COMMS_DB_NO_ORG,
                                owner_id, users, &id, error))
    return NULL;
  return comms_uuid_dup (&id);
}

/* The two statements of a DM creation, run by mdb_run_in_transaction(). */
typedef struct {
  const char *user_a;
  const char *user_b;
  MdbUuid     id;
} DmCreate;

static gboolean
dm_create_body (MdbConn *conn, gpointer data, GError **error)
{
  DmCreate *dm = data;
  const char *low = strcmp (dm->user_a, dm->user_b) < 0 ? dm->user_a : dm->user_b;
  const char *high = low == dm->user_a ? dm->user_b : dm->user_a;
  /* The key names the pair whatever order it is given in; \x1f cannot
   * occur inside the ids' separator position ambiguously (a, bc vs ab, c). */
  g_autofree char *key = g_strdup_printf ("comms_dm:%" G_GSIZE_FORMAT ":%s\x1f%s", strlen (low), low, high);

  return comms_db_dm_lock (MDB_EXECUTOR (conn), key, error)
         && comms_db_dm_find_or_insert (MDB_EXECUTOR (conn), dm->user_b, dm->user_a, &dm->id, error);
}

/**
 * comms_db_dm_get_or_create:
 * @executor: a pool or a connection (in a transaction or not)
 * @user_a: one user (the owner when the channel is created)
 * @user_b: the other user
 * @error: return location for a #GError
 *
 * Returns the direct message between @user_a and @user_b (in either
 * order), creating it when there is none.  Race-safe: two calls at once
 * for the same pair (from two threads or two services) yield one channel,
 * because creation takes a transaction-scoped advisory lock on the pair and
 * looks again under it.  One round trip when the channel exists; otherwise
 * four more (BEGIN, lock, find-or-insert, COMMIT; or SAVEPOINT … RELEASE in
 * the caller's transaction).  A participant who left still finds the same
 * direct message.
 *
 * Errors: MDB_ERROR_INVALID_INPUT for a %NULL, empty or non-UTF-8 id, or
 * the same user twice; the executor's errors.
 *
 * Returns: (transfer full): the channel id (g_free()), or %NULL on error
 *
 * Since: 0.1
 */
char *
comms_db_dm_get_or_create (MdbExecutor *executor,
                           const char  *user_a,
                           const char  *user_b,
                           GError     **error)
{
  DmCreate dm = { user_a, user_b, { { 0 } } };
  g_autoptr (GError) local = NULL;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!comms_check_id (user_a, "user_a", error) || !comms_check_id (user_b, "user_b", error))
    return NULL;
  if (strcmp (user_a, user_b) == 0)
    {
      g_set_error_literal (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                           "a direct message needs two different users");
      return NULL;
    }
  if (comms_db_dm_find (executor, user_b, user_a, &dm.id, &local))
    return comms_uuid_dup (&dm.id);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (!mdb_run_in_transaction (executor, MDB_ISOLATION_DEFAULT, 0, dm_create_body, &dm, error))
    return NULL;
  return comms_uuid_dup (&dm.id);
}

/**
 * comms_db_private_channel_find:
 * @executor: a pool or a connection
 * @user_ids: (array length=n_users): the participants (repeats are folded)
 * @n_users: how many, 1 to %COMMS_DB_MAX_BATCH
 * @error: return location for a #GError
 *
 * Finds the private channel whose active participants are exactly
 * @user_ids (the oldest, when several are).  One round trip; it starts
 * from the first user's active channels (the index on participants'
 * user_id) and counts each candidate's participants by its primary key.
 *
 * Errors: MDB_ERROR_INVALID_INPUT for an empty set or a %NULL, empty or
 * non-UTF-8 id; the executor's errors.
 *
 * Returns: (transfer full) (nullable): the channel id (g_free()), or %NULL
 *   with @error unset when there is no such channel, or %NULL on error
 *
 * Since: 0.1
 */
char *
comms_db_private_channel_find (MdbExecutor       *executor,
                               const char *const *user_ids,
                               gsize              n_users,
                               GError           **error)
{
  g_autofree const char **users = NULL;
  MdbUuid id;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (n_users == 0)
    {
      g_set_error_literal (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "user_ids is empty");
      return NULL;
    }
  if (!comms_check_ids (user_ids, n_users, COMMS_DB_MAX_BATCH, FALSE, "user_ids", error))
    return NULL;
  users = comms_strv_new (user_ids, n_users);
  if (!comms_db_private_find (executor, users, user_ids[0], &id, error))
    return NULL;
  return comms_uuid_dup (&id);
}

/**
 * comms_db_channel_get:
 * @executor: a pool or a connection
 * @channel_id: the channel (a uuid)
 * @user_id: the reader
 * @org_id: the reader's organization, or %COMMS_DB_NO_ORG
 * @error: return location for a #GError
 *
 * Reads a channel the user may read: a public channel, an organization
 * channel of @org_id, or one the user actively participates in.  One round
 * trip.
 *
 * Errors: MDB_ERROR_NOT_FOUND when the channel does not exist or the user
 * may not read it (the same answer, so a private channel's existence is not
 * told); MDB_ERROR_INVALID_INPUT for a bad id or a negative @org_id; the
 * executor's errors.
 *
 * Returns: (transfer full): the channel (comms_db_channel_free()), or %NULL
 *
 * Since: 0.1
 */
CommsDbChannel *
comms_db_channel_get (MdbExecutor *executor,
                      const char  *channel_id,
                      const char  *user_id,
                      gint64       org_id,
                      GError     **error)
{
  g_autoptr (GError) local = NULL;
  CommsDbChannel *channel;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!comms_check_uuid (channel_id, "channel_id", error) || !comms_check_id (user_id, "user_id", error)
      || !comms_check_org (org_id, error))
    return NULL;
  channel = comms_db_channel_visible (executor, channel_id, org_id, user_id, &local);
  return comms_found (channel, g_steal_pointer (&local), error,
                      "channel %s not found, or user %s may not read it", channel_id, user_id);
}

/**
 * comms_db_channel_rename:
 * @executor: a pool or a connection
 * @channel_id: the channel
 * @user_id: who renames it: an active owner or admin of the channel
 * @name: (nullable): the new name (%NULL: none, for a private channel only)
 * @error: return location for a #GError
 *
 * Renames a channel.  The owner/admin check is part of the UPDATE (no read
 * before the write).  One round trip.
 *
 * Errors: MDB_ERROR_NOT_FOUND when the channel does not exist or @user_id is
 * not an active owner or admin of it; MDB_ERROR_CHECK_VIOLATION
 * (`valid_channel_name`) when the name does not suit the channel's type (a
 * direct message has none, public and organization channels need one);
 * MDB_ERROR_INVALID_INPUT for bad ids or a name over 255 characters; the
 * executor's errors.
 *
 * Returns: %TRUE when renamed
 *
 * Since: 0.1
 */
gboolean
comms_db_channel_rename (MdbExecutor *executor,
                         const char  *channel_id,
                         const char  *user_id,
                         const char  *name,
                         GError     **error)
{
  gint64 n;

  g_return_val_if_fail (executor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!comms_check_uuid (channel_id, "channel_id", error) || !comms_check_id (user_id, "user_id", error)
      || !check_name (name, error))
    return FALSE;
  if ((n = comms_db_channel_rename_by (executor, name, channel_id, user_id, error)) < 0)
    return FALSE;
  if (n == 0)
    comms_refuse (error, "channel %s not found, or user %s is not an active owner or admin of it",
                  channel_id, user_id);
  return n > 0;
}

/**
 * comms_db_channel_set_type:
 * @executor: a pool or a connection
 * @channel_id: the channel (not a direct message)
 * @user_id: who changes it: an active owner or admin of the channel
 * @channel_type: the new type: public, organization or private
 * @org_id: the organization for an organization channel, else %COMMS_DB_NO_ORG
 * @error: return location for a #GError
 *
 * Changes a channel's type (and with it its organization).  The
 * owner/admin check is part of the UPDATE.  One round trip.
 *
 * Errors: MDB_ERROR_INVALID_INPUT for bad ids, an unknown type, the
 * direct-message type, or an @org_id the type does not allow;
 * MDB_ERROR_NOT_FOUND when the channel does not exist, is a direct message,
 * or @user_id is not an active owner or admin of it;
 * MDB_ERROR_CHECK_VIOLATION (`valid_channel_name`) when a nameless private
 * channel would become public or organization; the executor's errors.
 *
 * Returns: %TRUE when changed
 *
 * Since: 0.1
 */
gboolean
comms_db_channel_set_type (MdbExecutor            *executor,
                           const char             *channel_id,
                           const char             *user_id,
                           CommsDbCommsChannelType channel_type,
                           gint64                  org_id,
                           GError                **error)
{
  gint64 n;

  g_return_val_if_fail (executor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!comms_check_uuid (channel_id, "channel_id", error) || !comms_check_id (user_id, "user_id", error)
      || !check_type (channel_type, error) || !comms_check_org (org_id, error))
    return FALSE;
  if (channel_type == COMMS_DB_COMMS_CHANNEL_TYPE_DIRECT_MESSAGE)
    {
      g_set_error_literal (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                           "a channel cannot become a direct message");
      return FALSE;
    }
  if ((channel_type == COMMS_DB_COMMS_CHANNEL_TYPE_ORGANIZATION) != (org_id != COMMS_DB_NO_ORG))
    {
      g_set_error_literal (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                           channel_type == COMMS_DB_COMMS_CHANNEL_TYPE_ORGANIZATION
                           ? "an organization channel needs an org_id"
                           : "only an organization channel has an org_id");
      return FALSE;
    }
  n = comms_db_channel_set_type_by (executor, channel_type, org_id, org_id == COMMS_DB_NO_ORG,
                                    channel_id, user_id, error);
  if (n < 0)
    return FALSE;
  if (n == 0)
    comms_refuse (error, "channel %s not found, a direct message, or user %s is not an active owner or admin of it",
                  channel_id, user_id);
  return n > 0;
}

/**
 * comms_db_channel_delete:
 * @executor: a pool or a connection
 * @channel_id: the channel
 * @user_id: who deletes it: its active owner
 * @error: return location for a #GError
 *
 * Deletes a channel with everything in it (participants, messages,
 * reactions, attachments, activity: ON DELETE CASCADE).  The owner check
 * is part of the DELETE.  One round trip.
 *
 * Errors: MDB_ERROR_NOT_FOUND when the channel does not exist or @user_id is
 * not its active owner; MDB_ERROR_INVALID_INPUT for bad ids; the executor's
 * errors.
 *
 * Returns: %TRUE when deleted
 *
 * Since: 0.1
 */
gboolean
comms_db_channel_delete (MdbExecutor *executor,
                         const char  *channel_id,
                         const char  *user_id,
                         GError     **error)
{
  gint64 n;

  g_return_val_if_fail (executor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!comms_check_uuid (channel_id, "channel_id", error) || !comms_check_id (user_id, "user_id", error))
    return FALSE;
  if ((n = comms_db_channel_delete_by (executor, channel_id, user_id, error)) < 0)
    return FALSE;
  if (n == 0)
    comms_refuse (error, "channel %s not found, or user %s is not its active owner", channel_id, user_id);
  return n > 0;
}

static void
channel_item_key (gconstpointer row, MdbCursor *cursor)
{
  const CommsDbChannelListItem *item = row;

  comms_key_time_id (cursor, item->activity_at, &item->id);
}

/**
 * comms_db_channels_list:
 * @executor: a pool or a connection
 * @user_id: the user whose channels to list
 * @org_id: the user's organization (its organization channels are listed
 *   too), or %COMMS_DB_NO_ORG
 * @cursor: (nullable): the `next_cursor` of the previous page, or %NULL
 * @limit: the most channels to return, 1 to %COMMS_DB_MAX_PAGE
 * @error: return location for a #GError
 *
 * Lists one page of the channels of @user_id: those it actively
 * participates in and the organization channels of @org_id, by latest
 * activity (the newest live message, else the channel's creation), newest
 * first, ties by id.  Each item carries the active participants (child
 * rows, by join time), the latest live message (the `latest_*` fields;
 * `latest_message_id_is_null` when there is none) and the unread count
 * (live messages of others newer than the user's last view, all of them
 * when the user never viewed the channel; at most %COMMS_DB_UNREAD_CAP,
 * which then means "that many or more").  **One query, one round trip**
 * for the whole page.
 *
 * Errors: MDB_ERROR_INVALID_INPUT for a bad @user_id, a negative @org_id, a
 * @limit out of range or a @cursor not made by this function for this user
 * and organization; the executor's errors.
 *
 * Returns: (transfer full): the page (mdb_page_free()); its items are
 *   #CommsDbChannelListItem rows held by the page (valid until
 *   mdb_page_free(); comms_db_channel_list_item_dup() keeps one longer),
 *   or %NULL on error
 *
 * Since: 0.1
 */
MdbPage *
comms_db_channels_list (MdbExecutor *executor,
                        const char  *user_id,
                        gint64       org_id,
                        const char  *cursor,
                        guint        limit,
                        GError     **error)
{
  g_autofree char *kind = NULL;
  char before_id[MDB_UUID_STRING_SIZE] = "";
  gint64 before_at = 0;
  CommsDbChannelListItemList *rows;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!comms_check_id (user_id, "user_id", error) || !comms_check_org (org_id, error)
      || !mdb_check_limit (limit, COMMS_DB_MAX_PAGE, "limit", error))
    return NULL;
  kind = g_strdup_printf ("comms_db.channels_list:%" G_GINT64_FORMAT ":%s", org_id, user_id);
  if (cursor != NULL && !comms_cursor_time_id (cursor, kind, &before_at, before_id, error))
    return NULL;
  rows = comms_db_channels_page (executor, user_id, org_id, COMMS_DB_UNREAD_CAP, before_at, cursor == NULL,
                                 cursor != NULL ? before_id : NULL, (gint64) limit + 1, error);
  if (rows == NULL)
    return NULL;
  return mdb_page_new_from_row_list (rows, sizeof rows->rows[0], limit, kind, channel_item_key);
}

/**
 * comms_db_channel_previews:
 * @executor: a pool or a connection
 * @user_id: the reader
 * @org_id: the reader's organization, or %COMMS_DB_NO_ORG
 * @channel_ids: (array length=n_channels): the channels (uuids)
 * @n_channels: how many, at most %COMMS_DB_MAX_BATCH (0: an empty list, nothing sent)
 * @error: return location for a #GError
 *
 * Previews of channels for links and mentions: one row per given id, in
 * input order (`position` counts from 1), saying whether the channel exists
 * (`found`) and whether the user may read it (`has_access`: public, an
 * organization channel of @org_id, or active participation, computed per
 * channel); `name`, `channel_type` and the active participants (child rows)
 * only when it may.  One query for all of them (the real system queried
 * the participants once per channel).
 *
 * Errors: MDB_ERROR_INVALID_INPUT naming the first malformed id
 * (`channel_ids[1]: …`), a bad @user_id or @org_id, too many ids; the
 * executor's errors.
 *
 * Returns: (transfer full): the previews (comms_db_channel_preview_list_free()),
 *   or %NULL on error
 *
 * Since: 0.1
 */
CommsDbChannelPreviewList *
comms_db_channel_previews (MdbExecutor       *executor,
                           const char        *user_id,
                           gint64             org_id,
                           const char *const *channel_ids,
                           gsize              n_channels,
                           GError           **error)
{
  g_autofree const char **ids = NULL;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!comms_check_batch_read (user_id, "user_id", org_id, channel_ids, n_channels, "channel_ids", error))
    return NULL;
  if (n_channels == 0)
    return g_new0 (CommsDbChannelPreviewList, 1);
  ids = comms_strv_new (channel_ids, n_channels);
  return comms_db_channel_previews_get (executor, ids, org_id, user_id, error);
}
