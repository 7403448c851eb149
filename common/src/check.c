/* SPDX-License-Identifier: MIT */
/* Argument checks shared by every client library, so that bad input is
 * refused with MDB_ERROR_INVALID_INPUT naming the argument, before a
 * statement is sent, instead of surfacing as a server error (22021 for
 * invalid UTF-8) or, worse, as a silently different query. */
#include <string.h>
#include "mdb-private.h"

/**
 * mdb_check_text:
 * @value: (nullable): the argument
 * @length: its length in bytes, or -1 when it is NUL-terminated
 * @name: the argument's name for the message ("user_id")
 * @flags: whether %NULL or "" are allowed
 * @error: return location for a #GError
 *
 * Checks a text argument the way PostgreSQL will: valid UTF-8 with no NUL
 * byte (a text value cannot hold one; with @length given, an embedded NUL
 * is refused rather than silently cutting the value), and unless @flags
 * allow them, not %NULL and not empty.  Callers checking array items
 * prefix the message with the index (g_prefix_error()).
 *
 * Sets %MDB_ERROR_INVALID_INPUT: "user_id is NULL", "user_id is empty",
 * "user_id is not valid UTF-8 (at byte 3)", "user_id contains a NUL byte
 * (at byte 3)".
 *
 * Returns: %TRUE when @value may be sent
 * Since: 0.1
 */
gboolean
mdb_check_text (const char *value, gssize length, const char *name, MdbTextFlags flags,
                GError **error)
{
  const char *end = NULL;
  gsize len;

  g_return_val_if_fail (name != NULL, FALSE);

  if (value == NULL)
    {
      if (flags & MDB_TEXT_NULLABLE)
        return TRUE;
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "%s is NULL", name);
      return FALSE;
    }
  len = length < 0 ? strlen (value) : (gsize) length;
  if (len == 0 && !(flags & MDB_TEXT_ALLOW_EMPTY))
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "%s is empty", name);
      return FALSE;
    }
  if (length >= 0 && (end = memchr (value, '\0', len)) != NULL)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                   "%s contains a NUL byte (at byte %" G_GSIZE_FORMAT ")", name,
                   (gsize) (end - value));
      return FALSE;
    }
  if (!g_utf8_validate_len (value, len, &end))
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                   "%s is not valid UTF-8 (at byte %" G_GSIZE_FORMAT ")", name,
                   (gsize) (end - value));
      return FALSE;
    }
  return TRUE;
}

/**
 * mdb_check_limit:
 * @limit: a page size or other count the caller asked for
 * @max: the largest the function documents
 * @name: the argument's name for the message ("limit")
 * @error: return location for a #GError
 *
 * Sets %MDB_ERROR_INVALID_INPUT when @limit is 0 or above @max:
 * "limit is 0 (want 1 to 1000)".
 *
 * Returns: %TRUE when 1 <= @limit <= @max
 * Since: 0.1
 */
gboolean
mdb_check_limit (guint limit, guint max, const char *name, GError **error)
{
  g_return_val_if_fail (name != NULL && max > 0, FALSE);

  if (limit >= 1 && limit <= max)
    return TRUE;
  g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "%s is %u (want 1 to %u)", name, limit, max);
  return FALSE;
}
