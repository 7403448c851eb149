/* SPDX-License-Identifier: MIT */
/* checks.c: the input checks every operation runs before sending anything. */
#include <string.h>
#include "notification-db-private.h"

gboolean
nd_check_id (const char *value, const char *name, GError **error)
{
  return mdb_check_text (value, -1, name, MDB_TEXT_REQUIRED, error);
}

gboolean
nd_check_uuid (const char *value, const char *name, GError **error)
{
  MdbUuid parsed;

  if (!nd_check_id (value, name, error))
    return FALSE;
  if (!mdb_uuid_parse (value, &parsed, NULL))
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "%s is not a uuid", name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_one (const char *value, const char *name, gboolean uuid, GError **error)
{
  return uuid ? nd_check_uuid (value, name, error) : nd_check_id (value, name, error);
}

const char **
nd_check_ids (const char *const *ids, gsize n, gsize max, const char *name,
              gboolean uuids, GError **error)
{
  g_autofree const char **copy = NULL;

  if (n > max)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                   "%s has %" G_GSIZE_FORMAT " items (want at most %" G_GSIZE_FORMAT ")", name, n, max);
      return NULL;
    }
  if (n > 0 && ids == NULL)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "%s is NULL", name);
      return NULL;
    }
  /* The generated array parameters take NULL-terminated arrays. */
  copy = g_new0 (const char *, n + 1);
  for (gsize i = 0; i < n; i++)
    {
      /* The name ("user_ids[3]") is formatted only for the error: formatting
       * it for each of a fan-out's 10 000 ids was half the client's work. */
      if (!check_one (ids[i], name, uuids, NULL))
        {
          g_autofree char *item = g_strdup_printf ("%s[%" G_GSIZE_FORMAT "]", name, i);

          check_one (ids[i], item, uuids, error);
          return NULL;
        }
      copy[i] = ids[i];
    }
  return g_steal_pointer (&copy);
}

GArray *
nd_bools (gconstpointer rows, guint n_rows, gsize row_size, gsize want, const char *what, GError **error)
{
  GArray *out;

  /* One answer per input, in input order: anything else would shift every
   * later answer to the wrong user, so it is an error, not a short array. */
  if (n_rows != want)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_DECODE,
                   "%s: %u answers for %" G_GSIZE_FORMAT " inputs", what, n_rows, want);
      return NULL;
    }
  out = g_array_sized_new (FALSE, FALSE, sizeof (gboolean), n_rows);
  for (guint i = 0; i < n_rows; i++)
    {
      gboolean flag;

      /* Every such row is one gboolean at offset 0 (checked by the callers'
       * G_STATIC_ASSERTs). */
      memcpy (&flag, (const guint8 *) rows + (gsize) i * row_size, sizeof flag);
      g_array_append_val (out, flag);
    }
  return out;
}

void
nd_uuid_v7 (char out[MDB_UUID_STRING_SIZE])
{
  MdbUuid uuid;
  guint64 ms = (guint64) (g_get_real_time () / 1000);

  /* Time-ordered ids keep the notification primary key's inserts at the
   * right edge of the index, as the real system's macro_uuid v7 does. */
  for (int i = 0; i < 6; i++)
    uuid.bytes[i] = (guint8) (ms >> (8 * (5 - i)));
  for (int i = 6; i < 16; i += 4)
    {
      guint32 r = g_random_int ();
      for (int j = 0; j < 4 && i + j < 16; j++)
        uuid.bytes[i + j] = (guint8) (r >> (8 * j));
    }
  uuid.bytes[6] = (guint8) (0x70 | (uuid.bytes[6] & 0x0f));
  uuid.bytes[8] = (guint8) (0x80 | (uuid.bytes[8] & 0x3f));
  mdb_uuid_format (&uuid, out);
}
