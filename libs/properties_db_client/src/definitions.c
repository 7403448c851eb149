/* SPDX-License-Identifier: MIT */
/* definitions.c: property definitions with their options. */
#include <string.h>
#include "checks.h"
/* The generated functions the library keeps to itself (not exported). */
#include "properties_db_client-queries-private.h"

static gboolean
is_select (PropertiesDbPropertyDataType type)
{
  return type == PROPERTIES_DB_PROPERTY_DATA_TYPE_SELECT_NUMBER
         || type == PROPERTIES_DB_PROPERTY_DATA_TYPE_SELECT_STRING;
}

/* Kinds whose value is a list (docs/libs/properties.md "Values"). */
static gboolean
is_list (PropertiesDbPropertyDataType type)
{
  return is_select (type) || type == PROPERTIES_DB_PROPERTY_DATA_TYPE_ENTITY
         || type == PROPERTIES_DB_PROPERTY_DATA_TYPE_LINK;
}

static gboolean
check_spec (const PropertiesDbDefinitionSpec *spec, GError **error)
{
  const char *type;

  if (spec == NULL)
    return g_set_error_literal (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "spec is NULL"), FALSE;
  if (!mdb_check_text (spec->display_name, -1, "display_name", MDB_TEXT_REQUIRED, error))
    return FALSE;
  type = properties_db_property_data_type_to_string (spec->data_type);
  if (type == NULL)
    return g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "data_type is not a property data type (%d)",
                        (int) spec->data_type), FALSE;
  if (spec->is_multi_select && !is_list (spec->data_type))
    return g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                        "is_multi_select: a %s property holds one value", type), FALSE;
  if (spec->has_specific_entity_type
      && (!props_check_entity_type (spec->specific_entity_type, "specific_entity_type", error)))
    return FALSE;
  if (spec->has_specific_entity_type && spec->data_type != PROPERTIES_DB_PROPERTY_DATA_TYPE_ENTITY)
    return g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                        "specific_entity_type: only ENTITY properties take one, not %s", type), FALSE;
  if (spec->organization_id < 0)
    return g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                        "organization_id must be 0 (owned by the user) or an organisation id, not %d",
                        spec->organization_id), FALSE;
  return TRUE;
}

/* Options go with select definitions only, numbers with SELECT_NUMBER,
 * strings with SELECT_STRING. */
static gboolean
check_options (const PropertiesDbDefinitionSpec *spec, const PropertiesDbOptionSpec *options, gsize n,
               GError **error)
{
  if (n > PROPERTIES_DB_MAX_OPTIONS)
    return g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "n_options is %" G_GSIZE_FORMAT
                        ", the most is %d", n, PROPERTIES_DB_MAX_OPTIONS), FALSE;
  if (n > 0 && !is_select (spec->data_type))
    return g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "options: a %s property has none",
                        properties_db_property_data_type_to_string (spec->data_type)), FALSE;
  for (gsize i = 0; i < n; i++)
    {
      gboolean want_number = spec->data_type == PROPERTIES_DB_PROPERTY_DATA_TYPE_SELECT_NUMBER;

      if (!props_check_option (&options[i], error))
        return g_prefix_error (error, "option %" G_GSIZE_FORMAT ": ", i), FALSE;
      if (options[i].is_number != want_number)
        return g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                            "option %" G_GSIZE_FORMAT ": a %s property's options are %s", i,
                            properties_db_property_data_type_to_string (spec->data_type),
                            want_number ? "numbers" : "strings"), FALSE;
    }
  return TRUE;
}

/**
 * properties_db_definition_create:
 * @executor: a pool or a connection (in a transaction or not)
 * @acting_user_id: the user creating it (the owner, or a member of the owning organisation)
 * @spec: the definition (owner, name, data type, multi-select, entity type)
 * @options: (array length=n_options) (nullable): its options, select definitions only
 * @n_options: number of options, 0 to %PROPERTIES_DB_MAX_OPTIONS
 * @error: return location for a #GError
 *
 * Creates a definition and all its options in one statement (so in one
 * transaction, all or nothing; options inserted set-based through
 * `UNNEST`), then reads it back: two round trips whatever @n_options.
 * It is owned by exactly one of @acting_user_id and the organisation
 * @spec->organization_id (which must be the acting user's).
 *
 * Errors: MDB_ERROR_INVALID_INPUT before anything is sent, naming the bad
 * argument or option ("option 3: string_value is empty") for a %NULL or
 * empty id or name, an out-of-range enum, multi-select on a single-value
 * type, a specific entity type on a non-ENTITY type, options on a
 * non-select type or of the other kind, too many options;
 * MDB_ERROR_NOT_FOUND when the acting user is unknown or not a member of
 * @spec->organization_id; MDB_ERROR_UNIQUE_VIOLATION (constraint
 * `property_definitions_user_id_display_name_key`,
 * `property_definitions_organization_id_display_name_key` or an option
 * key) when the owner already has a definition of that name or two
 * options repeat a value; the executor's errors.
 *
 * Returns: (transfer full): the new definition with its options
 *   (properties_db_definition_free()), or %NULL on error (nothing stored)
 *
 * Since: 0.1
 */
PropertiesDbDefinition *
properties_db_definition_create (MdbExecutor                      *executor,
                                 const char                       *acting_user_id,
                                 const PropertiesDbDefinitionSpec *spec,
                                 const PropertiesDbOptionSpec     *options,
                                 gsize                             n_options,
                                 GError                          **error)
{
  g_autoptr(GArray) orders = NULL;
  g_autoptr(GArray) is_numbers = NULL;
  g_autoptr(GArray) numbers = NULL;
  g_autofree const char **strings = NULL;
  MdbUuid id;
  char id_text[MDB_UUID_STRING_SIZE];
  gboolean found;
  g_autoptr(GError) local = NULL;
  PropertiesDbDefinition *def;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (options != NULL || n_options == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!props_check_id (acting_user_id, "acting_user_id", error) || !check_spec (spec, error)
      || !check_options (spec, options, n_options, error))
    return NULL;

  /* Parallel arrays for UNNEST; a text[] cannot hold NULL, so each option
   * says which of its two columns counts (the query nulls the other). */
  orders = g_array_sized_new (FALSE, FALSE, sizeof (gint32), n_options);
  is_numbers = g_array_sized_new (FALSE, FALSE, sizeof (gboolean), n_options);
  numbers = g_array_sized_new (FALSE, FALSE, sizeof (gdouble), n_options);
  strings = g_new0 (const char *, n_options + 1);
  for (gsize i = 0; i < n_options; i++)
    {
      gdouble number = options[i].is_number ? options[i].number_value : 0;

      g_array_append_val (orders, options[i].display_order);
      g_array_append_val (is_numbers, options[i].is_number);
      g_array_append_val (numbers, number);
      strings[i] = options[i].is_number ? "" : options[i].string_value;
    }
  found = properties_db_definition_insert (executor, acting_user_id, spec->organization_id,
                                           spec->organization_id == 0, spec->display_name, spec->data_type,
                                           spec->is_multi_select, spec->specific_entity_type,
                                           !spec->has_specific_entity_type, orders, is_numbers, numbers,
                                           strings, &id, &local);
  if (local != NULL)
    return g_propagate_error (error, g_steal_pointer (&local)), NULL;
  if (!found)
    {
      if (spec->organization_id != 0)
        g_set_error (error, MDB_ERROR, MDB_ERROR_NOT_FOUND, "user %s is unknown or not in organisation %d",
                     acting_user_id, spec->organization_id);
      else
        g_set_error (error, MDB_ERROR, MDB_ERROR_NOT_FOUND, "no user %s", acting_user_id);
      return NULL;
    }
  mdb_uuid_format (&id, id_text);
  def = properties_db_definition_visible (executor, id_text, acting_user_id, error);
  return def;
}

/**
 * properties_db_definition_get:
 * @executor: a pool or a connection
 * @user_id: the acting user
 * @definition_id: the definition's uuid
 * @error: return location for a #GError
 *
 * Reads one definition with its options (by display order, then value,
 * then id), when @user_id may see it: it is theirs or their
 * organisation's.  One round trip.
 *
 * Errors: MDB_ERROR_INVALID_INPUT for a %NULL or empty @user_id or a
 * @definition_id that is not a uuid; MDB_ERROR_NOT_FOUND when no such
 * definition is visible to @user_id (unknown and not visible are the same
 * answer); the executor's errors.
 *
 * Returns: (transfer full): the definition (properties_db_definition_free()),
 *   or %NULL on error
 *
 * Since: 0.1
 */
PropertiesDbDefinition *
properties_db_definition_get (MdbExecutor *executor,
                              const char  *user_id,
                              const char  *definition_id,
                              GError     **error)
{
  g_autofree char *id = NULL;
  g_autoptr(GError) local = NULL;
  PropertiesDbDefinition *def;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!props_check_id (user_id, "user_id", error)
      || (id = props_check_uuid (definition_id, "definition_id", error)) == NULL)
    return NULL;
  def = properties_db_definition_visible (executor, id, user_id, &local);
  if (def == NULL && local == NULL)
    props_not_found ("property definition", id, error);
  else if (local != NULL)
    g_propagate_error (error, g_steal_pointer (&local));
  return def;
}

/* Cursors are bound to the list and its user: another user's token is
 * refused instead of paging somewhere else. */
static char *
definitions_kind (const char *user_id)
{
  return g_strconcat ("properties_db.definitions_list:", user_id, NULL);
}

static void
definition_key (gconstpointer row, MdbCursor *cursor)
{
  const PropertiesDbDefinition *d = row;
  char id[MDB_UUID_STRING_SIZE];

  /* The query orders by lower(display_name) as the server folds it; the
   * cursor carries the name itself and the query folds it again, so the
   * server's and the client's case rules never have to agree. */
  mdb_cursor_add_text (cursor, d->display_name);
  mdb_cursor_add_text (cursor, mdb_uuid_format (&d->id, id));
}

/**
 * properties_db_definitions_list:
 * @executor: a pool or a connection
 * @user_id: the acting user
 * @cursor: (nullable): the `next_cursor` of the previous page, or %NULL for the first page
 * @limit: the most definitions to return, 1 to %PROPERTIES_DB_MAX_PAGE
 * @error: return location for a #GError
 *
 * Lists one page of the definitions @user_id may see (their own and their
 * organisation's), each with its options, ordered by display name
 * case-insensitively (`lower()` on the server) then by id, keyset-paginated:
 * pass the page's `next_cursor` to get the next; it is %NULL on the last
 * page.  One query, one round trip.  An unknown user sees nothing (an
 * empty page).
 *
 * Errors: MDB_ERROR_INVALID_INPUT for a %NULL or empty @user_id, a @limit
 * out of range or a @cursor not made by this function for this user; the
 * executor's errors.
 *
 * Returns: (transfer full): the page (mdb_page_free()); its items are
 *   #PropertiesDbDefinition rows the page holds, valid until
 *   mdb_page_free() (properties_db_definition_dup() keeps one longer), or
 *   %NULL on error
 *
 * Since: 0.1
 */
MdbPage *
properties_db_definitions_list (MdbExecutor *executor,
                                const char  *user_id,
                                const char  *cursor,
                                guint        limit,
                                GError     **error)
{
  PropertiesDbDefinitionList *rows;
  g_autoptr(MdbCursor) after = NULL;
  g_autofree char *kind = NULL;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!props_check_id (user_id, "user_id", error)
      || !mdb_check_limit (limit, PROPERTIES_DB_MAX_PAGE, "limit", error))
    return NULL;
  kind = definitions_kind (user_id);
  if (cursor != NULL && (after = mdb_cursor_decode (cursor, kind, "tt", error)) == NULL)
    return NULL;
  /* Taken by the page below. */
  rows = properties_db_definitions_visible_page (executor, user_id,
                                                 after != NULL ? mdb_cursor_get_text (after, 0) : NULL,
                                                 after != NULL ? mdb_cursor_get_text (after, 1) : NULL,
                                                 (gint64) limit + 1, error);
  if (rows == NULL)
    return NULL;
  return mdb_page_new_from_row_list (rows, sizeof rows->rows[0], limit, kind, definition_key);
}

/**
 * properties_db_definition_rename:
 * @executor: a pool or a connection
 * @user_id: the acting user
 * @definition_id: the definition's uuid
 * @display_name: its new name
 * @error: return location for a #GError
 *
 * Renames a definition @user_id may see.  %FALSE with @error unset means
 * there is no such definition visible to @user_id.  One round trip.
 *
 * Errors: MDB_ERROR_INVALID_INPUT for a %NULL or empty id or name, or a
 * @definition_id that is not a uuid; MDB_ERROR_UNIQUE_VIOLATION when the
 * owner has another definition of that name; the executor's errors.
 *
 * Returns: %TRUE when renamed
 *
 * Since: 0.1
 */
gboolean
properties_db_definition_rename (MdbExecutor *executor,
                                 const char  *user_id,
                                 const char  *definition_id,
                                 const char  *display_name,
                                 GError     **error)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (executor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!props_check_id (user_id, "user_id", error)
      || (id = props_check_uuid (definition_id, "definition_id", error)) == NULL
      || !mdb_check_text (display_name, -1, "display_name", MDB_TEXT_REQUIRED, error))
    return FALSE;
  return properties_db_definition_rename_visible (executor, display_name, id, user_id, error) > 0;
}

/**
 * properties_db_definition_delete:
 * @executor: a pool or a connection
 * @user_id: the acting user
 * @definition_id: the definition's uuid
 * @error: return location for a #GError
 *
 * Deletes a definition @user_id may see, with its options and every value
 * of it on any entity (foreign keys ON DELETE CASCADE), in one statement.
 * %FALSE with @error unset means there was none visible to @user_id.
 *
 * Errors: MDB_ERROR_INVALID_INPUT for a %NULL or empty @user_id or a
 * @definition_id that is not a uuid; the executor's errors.
 *
 * Returns: %TRUE when deleted
 *
 * Since: 0.1
 */
gboolean
properties_db_definition_delete (MdbExecutor *executor,
                                 const char  *user_id,
                                 const char  *definition_id,
                                 GError     **error)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (executor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!props_check_id (user_id, "user_id", error)
      || (id = props_check_uuid (definition_id, "definition_id", error)) == NULL)
    return FALSE;
  return properties_db_definition_delete_visible (executor, id, user_id, error) > 0;
}
