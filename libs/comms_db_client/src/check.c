/* SPDX-License-Identifier: MIT */
/* check.c: input checks, array and page plumbing shared by the comms operations. */
#include <string.h>
#include "comms-private.h"

/* User ids are opaque text (`macro|user@example.com`), compared as-is:
 * only NULL, "" and invalid UTF-8 are refused. */
gboolean
comms_check_id (const char *id, const char *name, GError **error)
{
  return mdb_check_text (id, -1, name, MDB_TEXT_REQUIRED, error);
}

/* Channel and message ids are uuids; a malformed one would otherwise come
 * back as a server error (22P02) instead of naming the argument. */
gboolean
comms_check_uuid (const char *id, const char *name, GError **error)
{
  MdbUuid parsed;

  if (!mdb_check_text (id, -1, name, MDB_TEXT_REQUIRED, error))
    return FALSE;
  if (!mdb_uuid_parse (id, &parsed, error))
    {
      g_prefix_error (error, "%s: ", name);
      return FALSE;
    }
  return TRUE;
}

gboolean
comms_check_org (gint64 org_id, GError **error)
{
  if (org_id >= 0)
    return TRUE;
  g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
               "org_id is %" G_GINT64_FORMAT " (want an organization id, or COMMS_DB_NO_ORG)", org_id);
  return FALSE;
}

/* Checks every item of an id array, naming the first bad one by index
 * ("user_ids[2] is empty"), and the array's size against @max (0: none). */
gboolean
comms_check_ids (const char *const *ids, gsize n, gsize max, gboolean uuids, const char *name, GError **error)
{
  if (n > 0 && ids == NULL)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "%s is NULL", name);
      return FALSE;
    }
  if (max > 0 && n > max)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                   "%s has %" G_GSIZE_FORMAT " items (want at most %" G_GSIZE_FORMAT ")", name, n, max);
      return FALSE;
    }
  for (gsize i = 0; i < n; i++)
    {
      g_autofree char *item = g_strdup_printf ("%s[%" G_GSIZE_FORMAT "]", name, i);

      if (!(uuids ? comms_check_uuid (ids[i], item, error) : comms_check_id (ids[i], item, error)))
        return FALSE;
    }
  return TRUE;
}

/* The arguments of every "X for each of these ids" read: the reader, the
 * reader's organization and up to COMMS_DB_MAX_BATCH uuids. */
gboolean
comms_check_batch_read (const char *reader_id, const char *reader_name, gint64 org_id,
                        const char *const *ids, gsize n, const char *ids_name, GError **error)
{
  return comms_check_id (reader_id, reader_name, error) && comms_check_org (org_id, error)
         && comms_check_ids (ids, n, COMMS_DB_MAX_BATCH, TRUE, ids_name, error);
}

/* entity_type is varchar(32) in the schema: longer types are refused here
 * rather than by the server (22001) after the message was half-written. */
gboolean
comms_check_entities (const CommsDbEntity *entities, gsize n, const char *name, GError **error)
{
  if (n > 0 && entities == NULL)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "%s is NULL", name);
      return FALSE;
    }
  if (n > COMMS_DB_MAX_ENTITIES)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                   "%s has %" G_GSIZE_FORMAT " items (want at most %d)", name, n, COMMS_DB_MAX_ENTITIES);
      return FALSE;
    }
  for (gsize i = 0; i < n; i++)
    {
      if (!comms_check_id (entities[i].entity_type, "entity_type", error)
          || !comms_check_id (entities[i].entity_id, "entity_id", error))
        {
          g_prefix_error (error, "%s[%" G_GSIZE_FORMAT "]: ", name, i);
          return FALSE;
        }
      if (g_utf8_strlen (entities[i].entity_type, -1) > 32)
        {
          g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                       "%s[%" G_GSIZE_FORMAT "]: entity_type is longer than 32 characters", name, i);
          return FALSE;
        }
    }
  return TRUE;
}

/* A NULL-terminated copy of the pointers (not the strings), as the
 * generated text[] and uuid[] parameters take them; free with g_free(). */
const char **
comms_strv_new (const char *const *items, gsize n)
{
  const char **v = g_new0 (const char *, n + 1);

  if (n > 0)
    memcpy (v, items, n * sizeof *v);
  return v;
}

void
comms_entities_split (const CommsDbEntity *entities, gsize n, const char ***out_types, const char ***out_ids)
{
  *out_types = g_new0 (const char *, n + 1);
  *out_ids = g_new0 (const char *, n + 1);
  for (gsize i = 0; i < n; i++)
    {
      (*out_types)[i] = entities[i].entity_type;
      (*out_ids)[i] = entities[i].entity_id;
    }
}

char *
comms_uuid_dup (const MdbUuid *uuid)
{
  char text[MDB_UUID_STRING_SIZE];

  return g_strdup (mdb_uuid_format (uuid, text));
}

static void
refusev (GError **error, const char *format, va_list args)
{
  g_autofree char *message = g_strdup_vprintf (format, args);

  g_set_error_literal (error, MDB_ERROR, MDB_ERROR_NOT_FOUND, message);
}

/* A write the statement's own check refused.  The same answer whether the
 * row does not exist or the user may not touch it, so a refusal does not
 * tell a stranger that a private channel exists. */
void
comms_refuse (GError **error, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  refusev (error, format, args);
  va_end (args);
}

/* The answer of an :opt query whose missing row means "not there, or not
 * yours": @row, or NULL with @local (a server or decode error) passed on,
 * or NULL with MDB_ERROR_NOT_FOUND saying @format. */
gpointer
comms_found (gpointer row, GError *local, GError **error, const char *format, ...)
{
  va_list args;

  if (local != NULL)
    {
      g_propagate_error (error, local);
      return NULL;
    }
  if (row == NULL)
    {
      va_start (args, format);
      refusev (error, format, args);
      va_end (args);
    }
  return row;
}

/* Most comms lists are keyed by (a time, a uuid). */
gboolean
comms_cursor_time_id (const char *cursor, const char *kind, gint64 *at, char id[MDB_UUID_STRING_SIZE],
                      GError **error)
{
  g_autoptr (MdbCursor) c = mdb_cursor_decode (cursor, kind, "it", error);

  if (c == NULL)
    return FALSE;
  *at = mdb_cursor_get_int64 (c, 0);
  g_strlcpy (id, mdb_cursor_get_text (c, 1), MDB_UUID_STRING_SIZE);
  return TRUE;
}

void
comms_key_time_id (MdbCursor *cursor, gint64 at, const MdbUuid *id)
{
  char text[MDB_UUID_STRING_SIZE];

  mdb_cursor_add_int64 (cursor, at);
  mdb_cursor_add_text (cursor, mdb_uuid_format (id, text));
}
