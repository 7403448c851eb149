/* SPDX-License-Identifier: MIT */
/* Which lines of a migration file lose data.  `mdb migrate add` marks its
 * destructive steps with a "-- WARNING: destructive: …" comment; those
 * markers are what a generated file is judged by.  A file without markers
 * (hand-written, or a down file) is judged by its statements: a line that
 * drops a table, a column or a schema, or truncates.  A word inside a
 * string or a function body counts too: asking once too often is the safe
 * side. */
#include <string.h>
#include "mdb-tool-private.h"

#define MARKER "-- WARNING: destructive:"

static gboolean
drops_data (const char *line)
{
  static const char *const words[] = { "drop table", "drop column", "drop schema", "truncate", NULL };
  g_autofree char *lower = g_ascii_strdown (line, -1);

  if (g_str_has_prefix (lower, "--"))
    return FALSE;
  for (const char *const *w = words; *w != NULL; w++)
    if (strstr (lower, *w) != NULL)
      return TRUE;
  return FALSE;
}

/**
 * mdb__tool_destructive_lines:
 * @sql: a migration file's text
 *
 * Returns: (transfer full) (element-type utf8): "line N: what" for each
 *   destructive line (markers when the file has any), maybe empty
 */
GPtrArray *
mdb__tool_destructive_lines (const char *sql)
{
  g_auto (GStrv) lines = g_strsplit (sql, "\n", -1);
  GPtrArray *markers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) drops = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = g_strstrip (lines[i]);

      if (g_str_has_prefix (line, MARKER))
        g_ptr_array_add (markers, g_strdup_printf ("line %u: %s", i + 1, g_strstrip (lines[i] + strlen (MARKER))));
      else if (drops_data (line))
        g_ptr_array_add (drops, g_strdup_printf ("line %u: %s", i + 1, line));
    }
  if (markers->len > 0)
    return markers;
  g_ptr_array_unref (markers);
  return g_steal_pointer (&drops);
}
