/* SPDX-License-Identifier: MIT */
/* attachments.c: attach and mention entities; where an entity is referenced. */
#include "comms-private.h"

/* Attach and mention share their shape: a sender's live message and a
 * set of entities, stored by one UNNEST statement returning (allowed, stored). */
typedef CommsDbEntitiesStored *(*StoreFunc) (MdbExecutor *executor, const char *message_id, const char *user_id,
                                             const char *const *types, const char *const *ids, GError **error);

static gint64
store_entities (MdbExecutor *executor, const char *message_id, const char *user_id,
                const CommsDbEntity *entities, gsize n, const char *what, StoreFunc store, GError **error)
{
  g_autofree const char **types = NULL, **ids = NULL;
  g_autoptr (CommsDbEntitiesStored) row = NULL;

  if (!comms_check_uuid (message_id, "message_id", error) || !comms_check_id (user_id, "user_id", error)
      || !comms_check_entities (entities, n, "entities", error))
    return -1;
  if (n == 0)
    return 0;
  comms_entities_split (entities, n, &types, &ids);
  if ((row = store (executor, message_id, user_id, types, ids, error)) == NULL)
    return -1;
  if (!row->allowed)
    {
      comms_refuse (error, "message %s not found, deleted, or not sent by user %s: no %s stored",
                    message_id, user_id, what);
      return -1;
    }
  return row->stored;
}

/**
 * comms_db_attachments_add:
 * @executor: a pool or a connection
 * @message_id: a live message
 * @user_id: its sender
 * @entities: (array length=n_entities) (nullable): the entities to attach
 * @n_entities: how many, at most %COMMS_DB_MAX_ENTITIES (0: nothing is sent)
 * @error: return location for a #GError
 *
 * Attaches entities to a message in one statement (UNNEST), one round trip
 * (the real system inserted one row per attachment).
 *
 * Errors: MDB_ERROR_NOT_FOUND when the message does not exist, is deleted,
 * or was not sent by @user_id; MDB_ERROR_INVALID_INPUT naming the first bad
 * entity (`entities[1]: entity_type is empty`); the executor's errors.
 *
 * Returns: how many attachments were stored, or -1 on error
 *
 * Since: 0.1
 */
gint64
comms_db_attachments_add (MdbExecutor         *executor,
                          const char          *message_id,
                          const char          *user_id,
                          const CommsDbEntity *entities,
                          gsize                n_entities,
                          GError             **error)
{
  g_return_val_if_fail (executor != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  return store_entities (executor, message_id, user_id, entities, n_entities, "attachment",
                         comms_db_attachments_insert, error);
}

/**
 * comms_db_mentions_add:
 * @executor: a pool or a connection
 * @message_id: a live message
 * @user_id: its sender
 * @entities: (array length=n_entities) (nullable): the entities it mentions
 * @n_entities: how many, at most %COMMS_DB_MAX_ENTITIES (0: nothing is sent)
 * @error: return location for a #GError
 *
 * Records the entities a message mentions (source `message`, the message
 * id), in one statement (UNNEST), one round trip.
 *
 * Errors: as comms_db_attachments_add().
 *
 * Returns: how many mentions were stored, or -1 on error
 *
 * Since: 0.1
 */
gint64
comms_db_mentions_add (MdbExecutor         *executor,
                       const char          *message_id,
                       const char          *user_id,
                       const CommsDbEntity *entities,
                       gsize                n_entities,
                       GError             **error)
{
  g_return_val_if_fail (executor != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  return store_entities (executor, message_id, user_id, entities, n_entities, "mention",
                         comms_db_mentions_insert, error);
}

static void
reference_key (gconstpointer row, MdbCursor *cursor)
{
  const CommsDbEntityReference *r = row;

  comms_key_time_id (cursor, r->created_at, &r->reference_id);
}

/**
 * comms_db_entity_references_list:
 * @executor: a pool or a connection
 * @user_id: who looks: only channels this user actively participates in count
 * @entity_type: the entity's type ("document")
 * @entity_id: the entity's id
 * @cursor: (nullable): the `next_cursor` of the previous page, or %NULL
 * @limit: the most references, 1 to %COMMS_DB_MAX_PAGE
 * @error: return location for a #GError
 *
 * "Where is this entity referenced": one page of the attachments of and
 * mentions of the entity in live messages of channels @user_id actively
 * participates in, newest first by (`created_at`, `reference_id`), each
 * with its message, thread, channel (id, name, type) and sender.
 * References from deleted messages are left out.  One query, one round
 * trip (the real system ran three).
 *
 * Errors: MDB_ERROR_INVALID_INPUT for a %NULL, empty or non-UTF-8 argument,
 * a @limit out of range or a @cursor of another list; the executor's errors.
 *
 * Returns: (transfer full): the page (mdb_page_free()) of
 *   #CommsDbEntityReference rows it holds, or %NULL on error
 *
 * Since: 0.1
 */
MdbPage *
comms_db_entity_references_list (MdbExecutor *executor,
                                 const char  *user_id,
                                 const char  *entity_type,
                                 const char  *entity_id,
                                 const char  *cursor,
                                 guint        limit,
                                 GError     **error)
{
  g_autofree char *kind = NULL;
  char before_id[MDB_UUID_STRING_SIZE] = "ffffffff-ffff-ffff-ffff-ffffffffffff";
  gint64 before_at = G_MAXINT64;
  CommsDbEntityReferenceList *rows;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!comms_check_id (user_id, "user_id", error) || !comms_check_id (entity_type, "entity_type", error)
      || !comms_check_id (entity_id, "entity_id", error)
      || !mdb_check_limit (limit, COMMS_DB_MAX_PAGE, "limit", error))
    return NULL;
  kind = g_strdup_printf ("comms_db.entity_references:%s\x1f%s\x1f%s", user_id, entity_type, entity_id);
  if (cursor != NULL && !comms_cursor_time_id (cursor, kind, &before_at, before_id, error))
    return NULL;
  rows = comms_db_entity_references (executor, user_id, entity_type, entity_id, before_at, before_id,
                                     (gint64) limit + 1, error);
  if (rows == NULL)
    return NULL;
  return mdb_page_new_from_row_list (rows, sizeof rows->rows[0], limit, kind, reference_key);
}
