/* SPDX-License-Identifier: MIT */
/* `mdb schema format [--check] [FILE...]`: Prisma's canonical layout. */
#include "schema-model.h"
#include "mdb-schema-cmd.h"

#include <string.h>

/* Formats one file: rewrites it, or with @check only says it differs. */
static int
format_one (const char *path, gboolean check)
{
  g_autofree char *text = NULL;
  g_autofree char *formatted = NULL;
  gsize len = 0;
  GError *error = NULL;

  if (g_file_get_contents (path, &text, &len, &error))
    formatted = mdb__prisma_format (text, len, path, &error);
  if (formatted != NULL && strcmp (formatted, text) != 0 && !check)
    {
      if (g_file_set_contents (path, formatted, -1, &error))
        g_print ("%s: formatted\n", path);
      else
        g_clear_pointer (&formatted, g_free);
    }
  if (formatted == NULL)
    {
      mdb_tool_print_error (error);
      g_error_free (error);
      return MDB_EXIT_ERROR;
    }
  if (check && (len != strlen (formatted) || memcmp (formatted, text, len) != 0))
    {
      g_printerr ("%s: not in Prisma's canonical layout (run: mdb schema format %s)\n", path, path);
      return MDB_EXIT_ERROR;
    }
  return MDB_EXIT_OK;
}

/* Every schema mdb.conf names. */
static GPtrArray *
configured_schemas (GError **error)
{
  g_autoptr (GPtrArray) dbs = mdb_tool_database_list (NULL, error);
  GPtrArray *paths;

  if (dbs == NULL)
    return NULL;
  paths = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < dbs->len; i++)
    {
      const MdbToolDatabase *db = g_ptr_array_index (dbs, i);
      if (db->schema_path != NULL)
        g_ptr_array_add (paths, g_strdup (db->schema_path));
    }
  return paths;
}

/**
 * mdb_cmd_schema_format:
 * @argc: argument count (argv[0] = "format")
 * @argv: arguments
 *
 * `mdb schema format [--check] [FILE...]`: rewrites each file (by default
 * every schema of mdb.conf) in the layout `prisma format` gives it;
 * `--check` changes nothing and exits 1 when a file is not laid out so.
 *
 * Returns: %MDB_EXIT_OK, or %MDB_EXIT_ERROR (a file differs under
 * --check, does not parse, or cannot be written)
 * Since: 0.1
 */
int
mdb_cmd_schema_format (int argc, char **argv)
{
  gboolean check = FALSE;
  GOptionEntry entries[] = {
    { "check", 'c', 0, G_OPTION_ARG_NONE, &check, "Change nothing; exit 1 when a file is not formatted", NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("[FILE...] - lay .prisma files out as `prisma format` does");
  g_autoptr (GPtrArray) paths = NULL;
  GError *error = NULL;
  int rc = MDB_EXIT_OK;

  g_option_context_set_summary (context, "Without FILE: every schema named in mdb.conf.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      mdb_tool_print_error (error);
      g_error_free (error);
      return MDB_EXIT_ERROR;
    }
  if (argc > 1)
    {
      paths = g_ptr_array_new_with_free_func (g_free);
      for (int i = 1; i < argc; i++)
        g_ptr_array_add (paths, g_strdup (argv[i]));
    }
  else if ((paths = configured_schemas (&error)) == NULL)
    {
      mdb_tool_print_error (error);
      g_error_free (error);
      return MDB_EXIT_ERROR;
    }
  for (guint i = 0; i < paths->len; i++)
    {
      int one = format_one (g_ptr_array_index (paths, i), check);
      rc = MAX (rc, one);
    }
  return rc;
}
