/* SPDX-License-Identifier: MIT */
/* `mdb schema pull`: a Prisma schema written from a live database (Prisma's
 * `db pull`), from the same introspection the diff uses. */
#include "schema-model.h"
#include "mdb-schema-cmd.h"

/**
 * mdb_schema_pull:
 * @db: the database whose URL is read
 * @output: (nullable): the file to write, or %NULL for stdout
 *
 * Returns: %MDB_EXIT_OK, or %MDB_EXIT_ERROR (also when some column or
 *   table has no Prisma spelling: the file is written, the lines to edit
 *   are listed)
 */
int
mdb_schema_pull (MdbToolDatabase *db, const char *output)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MdbConn) conn = NULL;
  g_autoptr (MdbSchema) schema = NULL;
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *where = NULL, *header = NULL, *text = NULL;

  if (db->url == NULL)
    {
      g_set_error (&error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "no URL for database %s: pass -D/--database-url, "
                   "or set the url_env variable mdb.conf gives it, or DATABASE_URL", db->name);
      return (mdb_tool_print_error (error), MDB_EXIT_ERROR);
    }
  if ((conn = mdb_tool_connect (db->url, &error)) == NULL
      || (schema = mdb__schema_introspect (conn, &error)) == NULL)
    return (mdb_tool_print_error (error), MDB_EXIT_ERROR);
  where = mdb_tool_target_describe (db);
  header = g_strdup_printf ("Written by `mdb schema pull` from %s.", where);
  text = mdb__prisma_print (schema, header, problems);
  if (output == NULL)
    g_print ("%s", text);
  else if (!g_file_set_contents (output, text, -1, &error))
    return (mdb_tool_print_error (error), MDB_EXIT_ERROR);
  else
    g_print ("%s: wrote %s from %s: %u models, %u enums\n", db->name, output, where,
             schema->tables->len, schema->enums->len);
  for (guint i = 0; i < problems->len; i++)
    g_printerr ("mdb: schema pull: %s\n", (char *) g_ptr_array_index (problems, i));
  return problems->len == 0 ? MDB_EXIT_OK : MDB_EXIT_ERROR;
}
