/* SPDX-License-Identifier: MIT */
/* checks.c: input checks shared by the operations, so that every refusal
 * happens before anything is sent and names the argument. */
#include <math.h>
#include "checks.h"

/* User and entity ids are any non-empty UTF-8 text (User.id is
 * "macro|<email>", entity ids are uuids or integers as text). */
gboolean
props_check_id (const char *id, const char *name, GError **error)
{
  return mdb_check_text (id, -1, name, MDB_TEXT_REQUIRED, error);
}

/* The canonical form of a uuid argument (g_free), or NULL naming it. */
char *
props_check_uuid (const char *text, const char *name, GError **error)
{
  g_autoptr(GError) local = NULL;
  char *uuid;

  if (!mdb_check_text (text, -1, name, MDB_TEXT_REQUIRED, error))
    return NULL;
  uuid = mdb_uuid_normalize (text, &local);
  if (uuid == NULL)
    g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "%s is not a uuid: %s", name, local->message);
  return uuid;
}

gboolean
props_check_entity_type (PropertiesDbPropertyEntityType type, const char *name, GError **error)
{
  if (properties_db_property_entity_type_to_string (type) != NULL)
    return TRUE;
  g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "%s is not a property entity type (%d)", name, (int) type);
  return FALSE;
}

gboolean
props_check_entity (const PropertiesDbEntity *entity, const char *name, GError **error)
{
  if (entity == NULL)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "%s is NULL", name);
      return FALSE;
    }
  if (!props_check_entity_type (entity->entity_type, "entity_type", error)
      || !props_check_id (entity->entity_id, "entity_id", error))
    {
      g_prefix_error (error, "%s: ", name);
      return FALSE;
    }
  return TRUE;
}

/* A number must be finite (NaN would sort and compare unlike any value the
 * caller meant), a string non-empty. */
gboolean
props_check_option (const PropertiesDbOptionSpec *option, GError **error)
{
  if (option == NULL)
    {
      g_set_error_literal (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "option is NULL");
      return FALSE;
    }
  if (option->is_number)
    {
      if (!isfinite (option->number_value))
        {
          g_set_error_literal (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "number_value is not a finite number");
          return FALSE;
        }
      return TRUE;
    }
  return mdb_check_text (option->string_value, -1, "string_value", MDB_TEXT_REQUIRED, error);
}

/* The documented answer for an id that does not exist or that the user
 * may not see: the two are not told apart, so ids cannot be probed. */
gboolean
props_not_found (const char *what, const char *id, GError **error)
{
  g_set_error (error, MDB_ERROR, MDB_ERROR_NOT_FOUND, "no %s %s visible to this user", what, id);
  return FALSE;
}

