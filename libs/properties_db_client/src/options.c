/* SPDX-License-Identifier: MIT */
/* options.c: the options of select definitions. */
#include <string.h>
#include "checks.h"
/* The generated functions the library keeps to itself (not exported). */
#include "properties_db_client-queries-private.h"

/* The kind of an option (number or string) is checked by the database
 * against its definition (trigger property_options_match_definition), which
 * names the definition; here only the option's own shape. */
static gboolean
check_option_args (const char *user_id, const char *id, const char *id_name, char **id_out,
                   const PropertiesDbOptionSpec *option, GError **error)
{
  if (!props_check_id (user_id, "user_id", error)
      || (*id_out = props_check_uuid (id, id_name, error)) == NULL)
    return FALSE;
  return option == NULL || props_check_option (option, error);
}

/* option_insert_visible and option_update_visible take the same arguments:
 * the option, the id it is reached by, the acting user. */
typedef PropertiesDbOption *(*OptionWrite) (MdbExecutor *executor, gint32 display_order, gdouble number_value,
                                            gboolean number_value_is_null, const char *string_value,
                                            const char *id, const char *user_id, GError **error);

static PropertiesDbOption *
write_option (MdbExecutor *executor, OptionWrite write, const char *user_id, const char *id, const char *id_name,
              const char *what, const PropertiesDbOptionSpec *option, GError **error)
{
  g_autofree char *canonical = NULL;
  g_autoptr(GError) local = NULL;
  PropertiesDbOption *row;

  if (!check_option_args (user_id, id, id_name, &canonical, option, error))
    return NULL;
  row = write (executor, option->display_order, option->number_value, !option->is_number,
               option->is_number ? NULL : option->string_value, canonical, user_id, &local);
  if (local != NULL)
    g_propagate_error (error, g_steal_pointer (&local));
  else if (row == NULL)
    props_not_found (what, canonical, error);
  return row;
}

/**
 * properties_db_option_add:
 * @executor: a pool or a connection
 * @user_id: the acting user
 * @definition_id: the uuid of a select definition @user_id may see
 * @option: the option (a number for SELECT_NUMBER, a string for SELECT_STRING)
 * @error: return location for a #GError
 *
 * Adds one option to a definition, in one statement and one round trip.
 * Ties of @option->display_order with other options are allowed; lists
 * break them by value, then id.
 *
 * Errors: MDB_ERROR_INVALID_INPUT for a %NULL or empty @user_id, a
 * @definition_id that is not a uuid, a non-finite number or an empty
 * string; MDB_ERROR_NOT_FOUND when no such definition is visible to
 * @user_id; MDB_ERROR_CHECK_VIOLATION (constraint
 * `property_options_match_definition`, naming the definition) when the
 * definition is not a select type or the option is of the other kind;
 * MDB_ERROR_UNIQUE_VIOLATION when the definition has an option of that
 * value; the executor's errors.
 *
 * Returns: (transfer full): the new option (properties_db_option_free()),
 *   or %NULL on error
 *
 * Since: 0.1
 */
PropertiesDbOption *
properties_db_option_add (MdbExecutor                  *executor,
                          const char                   *user_id,
                          const char                   *definition_id,
                          const PropertiesDbOptionSpec *option,
                          GError                      **error)
{
  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (option != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return write_option (executor, properties_db_option_insert_visible, user_id, definition_id, "definition_id", "property definition", option, error);
}

/**
 * properties_db_option_edit:
 * @executor: a pool or a connection
 * @user_id: the acting user
 * @option_id: the option's uuid
 * @option: its new display order and value (of the same kind)
 * @error: return location for a #GError
 *
 * Changes an option's display order and value, when its definition is
 * visible to @user_id; the option stays with its definition (it can never
 * move to another one).  Values that selected it keep selecting it (they
 * hold its id).  One round trip.
 *
 * Errors: as properties_db_option_add(), MDB_ERROR_NOT_FOUND naming the
 * option.
 *
 * Returns: (transfer full): the option as stored (properties_db_option_free()),
 *   or %NULL on error
 *
 * Since: 0.1
 */
PropertiesDbOption *
properties_db_option_edit (MdbExecutor                  *executor,
                           const char                   *user_id,
                           const char                   *option_id,
                           const PropertiesDbOptionSpec *option,
                           GError                      **error)
{
  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (option != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return write_option (executor, properties_db_option_update_visible, user_id, option_id, "option_id", "property option", option, error);
}

/**
 * properties_db_option_delete:
 * @executor: a pool or a connection
 * @user_id: the acting user
 * @option_id: the option's uuid
 * @error: return location for a #GError
 *
 * Deletes an option whose definition @user_id may see.  Values that
 * selected it lose it in the same statement (trigger
 * `property_options_unselect`), so no value names a missing option.
 * %FALSE with @error unset means there was none visible to @user_id.
 *
 * Errors: MDB_ERROR_INVALID_INPUT for a %NULL or empty @user_id or an
 * @option_id that is not a uuid; the executor's errors.
 *
 * Returns: %TRUE when deleted
 *
 * Since: 0.1
 */
gboolean
properties_db_option_delete (MdbExecutor *executor,
                             const char  *user_id,
                             const char  *option_id,
                             GError     **error)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (executor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_option_args (user_id, option_id, "option_id", &id, NULL, error))
    return FALSE;
  return properties_db_option_delete_visible (executor, id, user_id, error) > 0;
}

/**
 * properties_db_options_reorder:
 * @executor: a pool or a connection
 * @user_id: the acting user
 * @definition_id: the uuid of a definition @user_id may see
 * @option_ids: (array length=n_option_ids): options of that definition, in their new order
 * @n_option_ids: how many, 1 to %PROPERTIES_DB_MAX_OPTIONS
 * @error: return location for a #GError
 *
 * Gives each listed option the display order of its position (0, 1, …)
 * in one statement and one round trip (`UNNEST … WITH ORDINALITY`).  All
 * or nothing: when an id is not an option of that definition (or the
 * definition is not visible), nothing changes.  Options not listed keep
 * their order.
 *
 * Errors: MDB_ERROR_INVALID_INPUT naming the index for an id that is not a
 * uuid or repeats, for @n_option_ids out of range, and (after the round
 * trip, nothing changed) when some id is not an option of @definition_id
 * or the definition is not visible to @user_id; the executor's errors.
 *
 * Returns: %TRUE when every listed option was reordered
 *
 * Since: 0.1
 */
gboolean
properties_db_options_reorder (MdbExecutor       *executor,
                               const char        *user_id,
                               const char        *definition_id,
                               const char *const *option_ids,
                               gsize              n_option_ids,
                               GError           **error)
{
  g_autofree char *id = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GHashTable) seen = NULL;
  gint64 n;

  g_return_val_if_fail (executor != NULL, FALSE);
  g_return_val_if_fail (option_ids != NULL || n_option_ids == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_option_args (user_id, definition_id, "definition_id", &id, NULL, error))
    return FALSE;
  if (n_option_ids == 0 || n_option_ids > PROPERTIES_DB_MAX_OPTIONS)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "n_option_ids is %" G_GSIZE_FORMAT
                   ", it must be 1 to %d", n_option_ids, PROPERTIES_DB_MAX_OPTIONS);
      return FALSE;
    }
  ids = g_ptr_array_new_full (n_option_ids + 1, g_free);
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (gsize i = 0; i < n_option_ids; i++)
    {
      char *one = props_check_uuid (option_ids[i], "option id", error);

      if (one == NULL)
        {
          g_prefix_error (error, "option_ids[%" G_GSIZE_FORMAT "]: ", i);
          return FALSE;
        }
      g_ptr_array_add (ids, one);
      if (!g_hash_table_add (seen, one))
        {
          g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                       "option_ids[%" G_GSIZE_FORMAT "]: %s is listed twice", i, one);
          return FALSE;
        }
    }
  g_ptr_array_add (ids, NULL);
  n = properties_db_options_reorder_visible (executor, (const char *const *) ids->pdata, id, user_id, error);
  if (n < 0)
    return FALSE;
  if ((gsize) n != n_option_ids)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                   "option_ids: not all are options of property definition %s visible to this user; "
                   "nothing was reordered", id);
      return FALSE;
    }
  return TRUE;
}
