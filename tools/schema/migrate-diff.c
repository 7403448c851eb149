/* SPDX-License-Identifier: MIT */
/* `mdb migrate diff`: the steps from what the migrations build (or what a
 * live database has) to what the schema says, as a summary or as SQL
 * (`--script`, as `prisma migrate diff --script`). */
#include "schema-model.h"
#include "mdb-schema-cmd.h"

/**
 * mdb__schema_steps_to_schema:
 * @db: the database (schema file, migrations folder, server URL)
 * @from_database: start from the database @db's URL names (introspected)
 *   instead of the migrations replayed into a shadow database
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type MdbSchemaStep) (nullable): the
 *   steps, maybe none
 */
GPtrArray *
mdb__schema_steps_to_schema (MdbToolDatabase *db, gboolean from_database, GError **error)
{
  g_autoptr (MdbSchema) wanted = NULL;
  g_autoptr (MdbSchema) current = NULL;
  g_autoptr (MdbConn) conn = NULL;

  if ((wanted = mdb__prisma_parse_file (db->schema_path, error)) == NULL)
    return NULL;
  if (db->url == NULL)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                   "database %s: no server URL (pass -D/--database-url, or set the url_env variable "
                   "mdb.conf gives it, or DATABASE_URL): %s", db->name,
                   from_database ? "--from-database reads that database" : "the shadow database needs a server");
      return NULL;
    }
  if (from_database)
    current = (conn = mdb_tool_connect (db->url, error)) ? mdb__schema_introspect (conn, error) : NULL;
  else
    current = mdb__schema_from_migrations (db->url, db->migrations_dir, error);
  return current != NULL ? mdb__schema_diff (current, wanted) : NULL;
}

/**
 * mdb_schema_migrate_diff:
 * @db: the database
 * @from_database: diff the live database instead of the migrations
 * @script: print the SQL instead of one line per step
 *
 * Returns: %MDB_EXIT_OK when there is no difference, %MDB_EXIT_DRIFT when
 *   there is (printed), %MDB_EXIT_ERROR
 */
int
mdb_schema_migrate_diff (MdbToolDatabase *db, gboolean from_database, gboolean script)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) steps = NULL;
  g_autofree char *from = NULL;

  if (!mdb_tool_database_need_schema (db, "migrate diff", NULL, &error)
      || (steps = mdb__schema_steps_to_schema (db, from_database, &error)) == NULL)
    return (mdb_tool_print_error (error), MDB_EXIT_ERROR);
  from = from_database ? mdb_tool_target_describe (db) : g_strdup_printf ("the migrations of %s", db->name);
  if (script)
    {
      g_autofree char *up = mdb__schema_render_up (steps);

      g_print ("-- From %s to %s: %u step%s\n%s", from, db->schema_path, steps->len,
               steps->len == 1 ? "" : "s", up);
    }
  else
    {
      for (guint i = 0; i < steps->len; i++)
        {
          MdbSchemaStep *step = g_ptr_array_index (steps, i);
          g_print ("%s%s\n", step->summary, step->destructive ? "  (destructive)" : "");
        }
      g_print ("%s: %u step%s from %s to the schema%s\n", db->name, steps->len, steps->len == 1 ? "" : "s",
               from, steps->len > 0 ? " (--script prints the SQL)" : "");
    }
  return steps->len > 0 ? MDB_EXIT_DRIFT : MDB_EXIT_OK;
}
