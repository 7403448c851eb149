/* SPDX-License-Identifier: MIT */
/* `mdb schema lint`: the index strategy as rules over the Prisma schemas. */
#include "schema-model.h"
#include "mdb-schema-cmd.h"

#include <string.h>

/* The schema path as the user knows it: relative to the project root. */
static char *
display_path (const char *path)
{
  g_autofree char *root = mdb_tool_project_root (NULL);

  if (root != NULL && g_str_has_prefix (path, root) && path[strlen (root)] == '/')
    return g_strdup (path + strlen (root) + 1);
  return g_strdup (path);
}

static int
lint_one (const MdbToolDatabase *db)
{
  g_autofree char *shown = NULL;
  g_autofree char *text = NULL;
  gsize len = 0;
  GError *error = NULL;
  g_autoptr (MdbSchema) schema = NULL;
  g_autoptr (GPtrArray) findings = NULL;

  if (!mdb_tool_database_need_schema (db, "schema lint", NULL, &error))
    {
      mdb_tool_print_error (error);
      g_error_free (error);
      return MDB_EXIT_ERROR;
    }
  shown = display_path (db->schema_path);
  if (g_file_get_contents (db->schema_path, &text, &len, &error))
    schema = mdb__prisma_parse (text, len, shown, &error);
  if (schema == NULL)
    {
      mdb_tool_print_error (error);
      g_error_free (error);
      return MDB_EXIT_ERROR;
    }
  findings = mdb__schema_lint (schema);
  for (guint i = 0; i < findings->len; i++)
    g_print ("%s\n", (char *) g_ptr_array_index (findings, i));
  if (findings->len == 0)
    g_print ("%s: ok (%u models)\n", shown, schema->tables->len);
  return findings->len > 0 ? MDB_EXIT_ERROR : MDB_EXIT_OK;
}

static int
cmd_lint (const char *database, gboolean all)
{
  GError *error = NULL;
  g_autoptr (GPtrArray) dbs = NULL;
  int rc = MDB_EXIT_OK;

  if (database != NULL && !all)
    {
      g_autoptr (MdbToolDatabase) db = mdb_tool_database_lookup (database, NULL, &error);
      if (db == NULL)
        {
          mdb_tool_print_error (error);
          g_error_free (error);
          return MDB_EXIT_ERROR;
        }
      return lint_one (db);
    }
  dbs = mdb_tool_database_list (NULL, &error);
  if (dbs == NULL)
    {
      mdb_tool_print_error (error);
      g_error_free (error);
      return MDB_EXIT_ERROR;
    }
  for (guint i = 0; i < dbs->len; i++)
    {
      const MdbToolDatabase *db = g_ptr_array_index (dbs, i);
      int one;

      /* --all lints what has a schema; SQL-only databases are not errors. */
      if (db->schema_path == NULL)
        {
          g_print ("%s: no schema in mdb.conf, nothing to lint\n", db->name);
          continue;
        }
      one = lint_one (db);   /* not inside MAX(): it evaluates twice */
      rc = MAX (rc, one);
    }
  return rc;
}

#define SCHEMA_USAGE "Usage: mdb schema lint [-d NAME | --all] | pull [-d NAME] [-D URL] [-o FILE] | format [--check] [FILE...]  (mdb help schema)\n"

/**
 * mdb_cmd_schema:
 * @argc: argument count (argv[0] = "schema")
 * @argv: arguments
 *
 * `mdb schema lint [--database NAME | --all]`: prints one line per finding
 * (`mdb schema format …` goes to mdb_cmd_schema_format())
 * ("schema/macrodb.prisma:LINE: model X: …").
 *
 * Returns: %MDB_EXIT_OK when clean, %MDB_EXIT_ERROR on findings or errors
 * Since: 0.1
 */
int
mdb_cmd_schema (int argc, char **argv)
{
  g_autofree char *database = NULL, *url = NULL, *output = NULL;
  gboolean all = FALSE;
  GOptionEntry entries[] = {
    { "database", 'd', 0, G_OPTION_ARG_STRING, &database, "Lint (pull) only this database of mdb.conf", "NAME" },
    { "all", 'a', 0, G_OPTION_ARG_NONE, &all, "Lint every database of mdb.conf (the default)", NULL },
    { "database-url", 'D', 0, G_OPTION_ARG_STRING, &url, "pull: database URL (default: url_env, then DATABASE_URL)", "URL" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "pull: write to FILE instead of stdout", "FILE" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("lint|pull - check the schemas' index strategy, "
                                                             "or write a schema from a database");
  GError *error = NULL;

  if (argc >= 2 && strcmp (argv[1], "format") == 0)
    return mdb_cmd_schema_format (argc - 1, argv + 1);
  g_option_context_set_summary (context,
    "Rules: every foreign key has an index leading with its columns; no index\n"
    "duplicates or is a prefix of another index or of the primary key; every\n"
    "timestamp used in an index is timestamptz.  Exit 1 on findings.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      {
        g_autofree char *safe = mdb_tool_scrub (error->message);   /* a misspelled option may hold a URL */
        g_printerr ("mdb schema: %s\n" SCHEMA_USAGE, safe);
      }
      g_error_free (error);
      return MDB_EXIT_USAGE;
    }
  if (argc == 2 && strcmp (argv[1], "pull") == 0)
    {
      g_autoptr (MdbToolDatabase) db = mdb_tool_database_lookup (database, url, &error);

      if (db == NULL)
        {
          mdb_tool_print_error (error);
          g_error_free (error);
          return MDB_EXIT_ERROR;
        }
      return mdb_schema_pull (db, output);
    }
  if (argc != 2 || strcmp (argv[1], "lint") != 0)
    {
      g_printerr ("mdb schema: expected lint, pull or format\n" SCHEMA_USAGE);
      return MDB_EXIT_USAGE;
    }
  return cmd_lint (database, all);
}
