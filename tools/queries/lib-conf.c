/* SPDX-License-Identifier: MIT */
/* mdb-lib.conf: which database of mdb.conf a library's queries run on, so
 * `mdb prepare libs/x` (and --check) find it without being told. */
#include <string.h>
#include <mdb/mdb.h>
#include "lib-conf.h"

static char *
conf_fail (GError **error, const char *path, guint line, const char *what)
{
  g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "%s:%u: %s", path, line, what);
  return NULL;
}

/* Reads one `key = value` line into @database; FALSE with @error. */
static gboolean
read_line (const char *path, guint n, char *line, char **database, GError **error)
{
  char *eq = strchr (line, '=');
  char *key, *value;

  if (eq == NULL)
    return conf_fail (error, path, n, "expected key=value (database=<name in mdb.conf>)"), FALSE;
  *eq = '\0';
  key = g_strstrip (line);
  value = g_strstrip (eq + 1);
  if (strcmp (key, "database") != 0)
    {
      g_autofree char *what = g_strdup_printf ("unknown key \"%s\" (the only key is database)", key);
      return conf_fail (error, path, n, what), FALSE;
    }
  if (*value == '\0' || *database != NULL)
    return conf_fail (error, path, n, *value == '\0' ? "database= needs a name"
                                                     : "database is given twice"), FALSE;
  *database = g_strdup (value);
  return TRUE;
}

char *
mdb__lib_conf_database (const char *lib_dir, GError **error)
{
  g_autofree char *path = g_build_filename (lib_dir, "mdb-lib.conf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *database = NULL;
  g_auto (GStrv) lines = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;
  if (!g_file_get_contents (path, &text, NULL, error))
    return NULL;
  lines = g_strsplit (text, "\n", -1);
  for (guint k = 0; lines[k] != NULL; k++)
    {
      char *line = g_strstrip (lines[k]);

      if (*line == '\0' || *line == '#')
        continue;
      if (!read_line (path, k + 1, line, &database, error))
        return NULL;
    }
  if (database == NULL)
    return conf_fail (error, path, 1, "no database= line");
  return g_steal_pointer (&database);
}
