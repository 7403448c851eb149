/* SPDX-License-Identifier: MIT */
/* values.c: values of properties on entities, read singly, for many
 * entities at once, and found by value. */
#include <string.h>
#include "checks.h"
/* The generated functions the library keeps to itself (not exported). */
#include "properties_db_client-queries-private.h"

/* Malformed JSON is found by the server's jsonb parser (22P02) before the
 * row exists; it is the caller's input, so it is reported as such. */
static void
propagate_value_error (GError *local, const char *arg, const char *definition_id, GError **error)
{
  if (g_strcmp0 (mdb_error_get_sqlstate (local), "22P02") == 0)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                   "%s for property definition %s is not valid JSON: %s", arg, definition_id, local->message);
      g_error_free (local);
      return;
    }
  g_propagate_error (error, local);
}

static gboolean
upsert (MdbExecutor *executor, const char *user_id, const PropertiesDbEntity *entity,
        const char *definition_id, const char *value_json, GError **error)
{
  g_autofree char *id = NULL;
  GError *local = NULL;
  gint64 n;

  if (!props_check_id (user_id, "user_id", error) || !props_check_entity (entity, "entity", error)
      || (id = props_check_uuid (definition_id, "definition_id", error)) == NULL
      || !mdb_check_text (value_json, -1, "value_json", MDB_TEXT_NULLABLE, error))
    return FALSE;
  n = properties_db_value_upsert_visible (executor, entity->entity_id, entity->entity_type, value_json, id,
                                          user_id, &local);
  if (n < 0)
    {
      propagate_value_error (local, "value_json", id, error);
      return FALSE;
    }
  return n > 0 || props_not_found ("property definition", id, error);
}

/**
 * properties_db_value_set:
 * @executor: a pool or a connection
 * @user_id: the acting user
 * @entity: the entity (type and id; no foreign key: it may live in any domain)
 * @definition_id: the uuid of a definition @user_id may see
 * @value_json: (nullable): the value, the tagged union of docs/libs/properties.md
 *   (`{"type":"Number","value":4}`, `{"type":"SelectOption","value":["<option id>"]}`, …);
 *   %NULL clears it as properties_db_value_clear()
 * @error: return location for a #GError
 *
 * Sets the value of a property on an entity (insert or replace), in one
 * statement and one round trip.  The database checks the value against
 * the definition (trigger `entity_properties_match_definition`): the JSON
 * shape matches the data type, select values name options of this
 * definition, several elements only when multi-select, entity links name a
 * valid entity type (the definition's specific one when it has one).  A
 * value that does not fit stores nothing.
 *
 * Errors: MDB_ERROR_INVALID_INPUT for a %NULL or empty id, an out-of-range
 * entity type, a @definition_id that is not a uuid, or (after the round
 * trip) @value_json that is not JSON; MDB_ERROR_NOT_FOUND when no such
 * definition is visible to @user_id; MDB_ERROR_CHECK_VIOLATION, constraint
 * `entity_properties_match_definition`, when the value does not fit, the
 * message naming the definition and why ("property \"Priority\" (…):
 * \"…\" is not an option of this property"); the executor's errors.
 *
 * Returns: %TRUE when stored
 *
 * Since: 0.1
 */
gboolean
properties_db_value_set (MdbExecutor              *executor,
                         const char               *user_id,
                         const PropertiesDbEntity *entity,
                         const char               *definition_id,
                         const char               *value_json,
                         GError                  **error)
{
  g_return_val_if_fail (executor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return upsert (executor, user_id, entity, definition_id, value_json, error);
}

/**
 * properties_db_value_clear:
 * @executor: a pool or a connection
 * @user_id: the acting user
 * @entity: the entity
 * @definition_id: the uuid of a definition @user_id may see
 * @error: return location for a #GError
 *
 * Clears the value of a property on an entity: the property stays
 * attached (it is still listed for the entity, with `values == NULL`) and
 * the column holds SQL NULL, never JSON `null`.  Why: SQL NULL is what
 * `check_values_structure` and the GIN index treat as "no value" (no
 * containment query matches it), while JSON `null` would be a value of no
 * type that slips through the real system's CHECK; the database refuses
 * JSON `null`.  To detach the property, delete the definition's value
 * rows with properties_db_values_delete_entity().  One round trip.
 *
 * Errors: as properties_db_value_set().
 *
 * Returns: %TRUE when cleared
 *
 * Since: 0.1
 */
gboolean
properties_db_value_clear (MdbExecutor              *executor,
                           const char               *user_id,
                           const PropertiesDbEntity *entity,
                           const char               *definition_id,
                           GError                  **error)
{
  g_return_val_if_fail (executor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return upsert (executor, user_id, entity, definition_id, NULL, error);
}

/**
 * properties_db_values_get_many:
 * @executor: a pool or a connection
 * @user_id: the acting user
 * @entities: (array length=n_entities): the entities
 * @n_entities: how many, 1 to %PROPERTIES_DB_MAX_ENTITIES
 * @error: return location for a #GError
 *
 * Reads the values of every property @user_id may see on each entity, with
 * its definition and the options it selects, in one query and one round
 * trip whatever @n_entities (`UNNEST … WITH ORDINALITY` joined to the
 * unique index on (entity_id, entity_type, property_definition_id)).
 * Rows come in the order of @entities, each entity's by display name
 * case-insensitively then definition id; an entity with no value has no
 * row; an entity listed twice comes twice.  Selected options are in
 * display order.
 *
 * Errors: MDB_ERROR_INVALID_INPUT naming the index for a bad entity, or
 * for @n_entities out of range; the executor's errors.
 *
 * Returns: (transfer full): the rows (properties_db_entity_value_list_free()),
 *   or %NULL on error
 *
 * Since: 0.1
 */
PropertiesDbEntityValueList *
properties_db_values_get_many (MdbExecutor              *executor,
                               const char               *user_id,
                               const PropertiesDbEntity *entities,
                               gsize                     n_entities,
                               GError                  **error)
{
  g_autofree const char **ids = NULL;
  g_autoptr(GArray) types = NULL;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (entities != NULL || n_entities == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!props_check_id (user_id, "user_id", error))
    return NULL;
  if (n_entities == 0 || n_entities > PROPERTIES_DB_MAX_ENTITIES)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "n_entities is %" G_GSIZE_FORMAT
                   ", it must be 1 to %d", n_entities, PROPERTIES_DB_MAX_ENTITIES);
      return NULL;
    }
  ids = g_new0 (const char *, n_entities + 1);
  types = g_array_sized_new (FALSE, FALSE, sizeof (PropertiesDbPropertyEntityType), n_entities);
  for (gsize i = 0; i < n_entities; i++)
    {
      char name[32];

      g_snprintf (name, sizeof name, "entities[%" G_GSIZE_FORMAT "]", i);
      if (!props_check_entity (&entities[i], name, error))
        return NULL;
      ids[i] = entities[i].entity_id;
      g_array_append_val (types, entities[i].entity_type);
    }
  return properties_db_entity_values_many (executor, ids, types, user_id, error);
}

/**
 * properties_db_values_get:
 * @executor: a pool or a connection
 * @user_id: the acting user
 * @entity: the entity
 * @error: return location for a #GError
 *
 * Reads the values of every property @user_id may see on one entity, with
 * definitions and selected options, in one query: the one-entity case of
 * properties_db_values_get_many() (same order, same rows).  An entity
 * without values gives an empty list.
 *
 * Errors: MDB_ERROR_INVALID_INPUT for a bad @user_id or @entity; the
 * executor's errors.
 *
 * Returns: (transfer full): the rows (properties_db_entity_value_list_free()),
 *   or %NULL on error
 *
 * Since: 0.1
 */
PropertiesDbEntityValueList *
properties_db_values_get (MdbExecutor              *executor,
                          const char               *user_id,
                          const PropertiesDbEntity *entity,
                          GError                  **error)
{
  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!props_check_entity (entity, "entity", error))
    return NULL;
  return properties_db_values_get_many (executor, user_id, entity, 1, error);
}

/**
 * properties_db_values_delete_entity:
 * @executor: a pool or a connection
 * @entity: the entity (being deleted by its own domain)
 * @error: return location for a #GError
 *
 * Deletes every property value of an entity, whoever defined the
 * properties, in one statement: the clean-up of an entity's deletion, so
 * it takes no acting user.
 *
 * Errors: MDB_ERROR_INVALID_INPUT for a bad @entity; the executor's errors.
 *
 * Returns: the number of values deleted (0 for an entity without values),
 *   or -1 on error
 *
 * Since: 0.1
 */
gint64
properties_db_values_delete_entity (MdbExecutor              *executor,
                                    const PropertiesDbEntity *entity,
                                    GError                  **error)
{
  g_return_val_if_fail (executor != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (!props_check_entity (entity, "entity", error))
    return -1;
  return properties_db_entity_values_delete (executor, entity->entity_id, entity->entity_type, error);
}

static void
entity_key (gconstpointer row, MdbCursor *cursor)
{
  const PropertiesDbEntityRef *e = row;

  mdb_cursor_add_int64 (cursor, e->entity_type);
  mdb_cursor_add_text (cursor, e->entity_id);
}

/**
 * properties_db_entities_find:
 * @executor: a pool or a connection
 * @user_id: the acting user
 * @definition_id: the uuid of a definition @user_id may see
 * @probe_json: the value to look for, in the tagged-union form
 * @match: %PROPERTIES_DB_MATCH_EQUALS (the stored value is exactly
 *   @probe_json) or %PROPERTIES_DB_MATCH_CONTAINS (it contains it, JSON
 *   `@>`: for lists, every element of the probe is selected)
 * @cursor: (nullable): the `next_cursor` of the previous page, or %NULL
 * @limit: the most entities to return, 1 to %PROPERTIES_DB_MAX_PAGE
 * @error: return location for a #GError
 *
 * Lists one page of the entities whose value of the definition matches,
 * by entity type (enum order) then entity id, keyset-paginated.  The
 * search goes through the GIN index `entity_properties_values_idx`
 * (`jsonb_path_ops`).  A definition not visible to @user_id matches
 * nothing (an empty page).  One round trip.
 *
 * Errors: MDB_ERROR_INVALID_INPUT for a bad id, an empty probe, an
 * out-of-range @match or @limit, a @cursor not made by this function for
 * this user, definition, probe and match, or (after the round trip) a
 * probe that is not JSON; the executor's errors.
 *
 * Returns: (transfer full): the page (mdb_page_free()); its items are
 *   #PropertiesDbEntityRef rows the page holds, or %NULL on error
 *
 * Since: 0.1
 */
MdbPage *
properties_db_entities_find (MdbExecutor       *executor,
                             const char        *user_id,
                             const char        *definition_id,
                             const char        *probe_json,
                             PropertiesDbMatch  match,
                             const char        *cursor,
                             guint              limit,
                             GError           **error)
{
  g_autofree char *id = NULL;
  g_autofree char *kind = NULL;
  g_autoptr(MdbCursor) after = NULL;
  PropertiesDbEntityRefList *rows;
  GError *local = NULL;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!props_check_id (user_id, "user_id", error)
      || (id = props_check_uuid (definition_id, "definition_id", error)) == NULL
      || !mdb_check_text (probe_json, -1, "probe_json", MDB_TEXT_REQUIRED, error)
      || !mdb_check_limit (limit, PROPERTIES_DB_MAX_PAGE, "limit", error))
    return NULL;
  if (match != PROPERTIES_DB_MATCH_EQUALS && match != PROPERTIES_DB_MATCH_CONTAINS)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "match is not a PropertiesDbMatch (%d)", (int) match);
      return NULL;
    }
  /* The cursor is bound to everything that decides the result set. */
  kind = g_strdup_printf ("properties_db.entities_find:%s:%s:%d:%s", user_id, id, (int) match, probe_json);
  if (cursor != NULL && (after = mdb_cursor_decode (cursor, kind, "it", error)) == NULL)
    return NULL;
  if (after != NULL
      && !props_check_entity_type ((PropertiesDbPropertyEntityType) mdb_cursor_get_int64 (after, 0), "cursor", error))
    return NULL;
  rows = properties_db_entities_matching_page (executor, id, probe_json, match == PROPERTIES_DB_MATCH_EQUALS,
                                               after != NULL ? mdb_cursor_get_text (after, 1) : NULL,
                                               after != NULL ? (PropertiesDbPropertyEntityType) mdb_cursor_get_int64 (after, 0) : 0,
                                               after == NULL, user_id, (gint64) limit + 1, &local);
  if (rows == NULL)
    {
      propagate_value_error (local, "probe_json", id, error);
      return NULL;
    }
  return mdb_page_new_from_row_list (rows, sizeof rows->rows[0], limit, kind, entity_key);
}
