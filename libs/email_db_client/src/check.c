/* SPDX-License-Identifier: MIT */
/* check.c: input checks and page building every aggregate of the library uses. */
#include "email-db-private.h"

gboolean
email_db__check_text (const char *value, const char *name, GError **error)
{
  return mdb_check_text (value, -1, name, MDB_TEXT_REQUIRED, error);
}

gboolean
email_db__check_optional (const char *value, const char *name, GError **error)
{
  return mdb_check_text (value, -1, name, MDB_TEXT_NULLABLE | MDB_TEXT_ALLOW_EMPTY, error);
}

gboolean
email_db__check_uuid (const char *value, const char *name, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autofree char *canonical = NULL;

  if (!email_db__check_text (value, name, error))
    return FALSE;
  canonical = mdb_uuid_normalize (value, &local);
  if (canonical == NULL)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "%s is not a uuid", name);
      return FALSE;
    }
  return TRUE;
}

gboolean
email_db__check_uuids (const char *const *values, const char *name, GError **error)
{
  for (gsize i = 0; values != NULL && values[i] != NULL; i++)
    if (!email_db__check_uuid (values[i], name, error))
      {
        g_prefix_error (error, "%s[%" G_GSIZE_FORMAT "]: ", name, i);
        return FALSE;
      }
  return TRUE;
}

const char *
email_db__uuid_text (const MdbUuid *id, char *buf)
{
  return mdb_uuid_format (id, buf);
}

