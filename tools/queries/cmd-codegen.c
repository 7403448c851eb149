/* SPDX-License-Identifier: MIT */
/* cmd-codegen.c: `mdb codegen`, run by meson: query files + offline cache -> typed C. */
#include <string.h>
#include "mdb-queries-cmd.h"
#include "query-file.h"
#include "query-cache.h"
#include "codegen.h"

/* Writes only when the text changed, so ninja does not rebuild for nothing. */
static gboolean
write_if_changed (const char *path, const char *text, GError **error)
{
  g_autofree char *old = NULL;

  if (g_file_get_contents (path, &old, NULL, NULL) && g_str_equal (old, text))
    return TRUE;
  return g_file_set_contents (path, text, -1, error);
}

static void
append_dep (GString *out, const char *path)
{
  g_string_append_c (out, ' ');
  for (; *path; path++)
    {
      if (*path == ' ' || *path == '#' || *path == '\\')
        g_string_append_c (out, '\\');
      if (*path == '$')
        g_string_append_c (out, '$');
      g_string_append_c (out, *path);
    }
}

/* A make-style depfile: the header depends on every query file, the cache
 * folder (files added or removed) and every cache file. */
static gboolean
write_depfile (const char *depfile, const char *header, GPtrArray *queries, const char *queries_dir,
               const char *cache_dir, GError **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GDir) d = g_dir_open (cache_dir, 0, NULL);
  const char *name;

  append_dep (out, header);
  g_string_erase (out, 0, 1);
  g_string_append_c (out, ':');
  append_dep (out, queries_dir);
  for (guint k = 0; k < queries->len; k++)
    if (k == 0 || !g_str_equal (((MdbQuery *) queries->pdata[k])->path, ((MdbQuery *) queries->pdata[k - 1])->path))
      append_dep (out, ((MdbQuery *) queries->pdata[k])->path);
  if (d != NULL)
    append_dep (out, cache_dir);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (cache_dir, name, NULL);

      append_dep (out, path);
    }
  g_string_append_c (out, '\n');
  return g_file_set_contents (depfile, out->str, -1, error);
}

static gboolean
run_codegen (const MdbCodegenOptions *opt, const char *queries_dir, const char *cache_dir,
             const char *header_path, const char *private_path, const char *source_path,
             const char *depfile, GError **error)
{
  g_autoptr(GPtrArray) queries = mdb__query_dir_load (queries_dir, error);
  g_autoptr(GHashTable) cache = NULL;
  g_autofree char *header = NULL;
  g_autofree char *private_header = NULL;
  g_autofree char *source = NULL;

  if (queries == NULL)
    return FALSE;
  cache = mdb__cache_load_dir (cache_dir, error);
  if (cache == NULL)
    return FALSE;
  if (!mdb__codegen_run_split (opt, queries, cache, &header, &private_header, &source, error))
    return FALSE;
  if (depfile != NULL && !write_depfile (depfile, header_path, queries, queries_dir, cache_dir, error))
    return FALSE;
  if (private_path != NULL && !write_if_changed (private_path, private_header, error))
    return FALSE;
  return write_if_changed (header_path, header, error) && write_if_changed (source_path, source, error);
}

/* The library folder as a user types it from the project root (the
 * folder holding mdb.conf): "libs/contacts_db_client", for the
 * "run: mdb prepare …" hints and the generated files' first line.  Outside
 * a project, the folder as given. */
static char *
project_relative_dir (const char *queries_dir)
{
  g_autofree char *lib = g_path_get_dirname (queries_dir);
  g_autofree char *abs = g_canonicalize_filename (lib, NULL);
  g_autofree char *root = g_strdup (abs);

  for (;;)
    {
      g_autofree char *conf = g_build_filename (root, "mdb.conf", NULL);
      char *parent;

      if (g_file_test (conf, G_FILE_TEST_IS_REGULAR))
        break;
      parent = g_path_get_dirname (root);
      if (g_str_equal (parent, root))
        {
          g_free (parent);
          return g_steal_pointer (&lib);
        }
      g_free (root);
      root = parent;
    }
  if (g_str_equal (abs, root))
    return g_strdup (".");
  return g_strdup (abs + strlen (root) + (g_str_has_suffix (root, "/") ? 0 : 1));
}

/**
 * mdb_cmd_codegen:
 * @argc: argument count
 * @argv: `codegen --lib PREFIX --queries-dir DIR --cache-dir DIR --header OUT.h --source OUT.c
 *   [--private-header OUT-private.h] [--header-name NAME]`
 *
 * Generates a library's typed C from its query files and offline cache,
 * with no database.  With --private-header, only queries annotated
 * `export` (and the row types of `export`/`export-row` queries) go in the
 * public header; the others are declared in the private header and hidden
 * from the shared library.  A query missing from the cache fails with its file,
 * line and the `mdb prepare` command to run.
 *
 * Returns: MDB_EXIT_OK or MDB_EXIT_ERROR
 *
 * Since: 0.1
 */
int
mdb_cmd_codegen (int argc, char **argv)
{
  g_autofree char *prefix = NULL, *queries_dir = NULL, *cache_dir = NULL;
  g_autofree char *header = NULL, *source = NULL, *header_name = NULL, *lib_dir = NULL;
  g_autofree char *depfile = NULL, *private_header = NULL, *private_name = NULL;
  GOptionEntry entries[] = {
    { "lib", 0, 0, G_OPTION_ARG_STRING, &prefix, "C prefix of the library (contacts_db)", "PREFIX" },
    { "queries-dir", 0, 0, G_OPTION_ARG_FILENAME, &queries_dir, "Folder of *.sql query files", "DIR" },
    { "cache-dir", 0, 0, G_OPTION_ARG_FILENAME, &cache_dir, "The offline cache (.mdb-cache)", "DIR" },
    { "header", 0, 0, G_OPTION_ARG_FILENAME, &header, "Header to write", "OUT.h" },
    { "source", 0, 0, G_OPTION_ARG_FILENAME, &source, "C file to write", "OUT.c" },
    { "private-header", 0, 0, G_OPTION_ARG_FILENAME, &private_header,
      "Header of the queries the library keeps internal (others: `export`)", "OUT-private.h" },
    { "header-name", 0, 0, G_OPTION_ARG_STRING, &header_name, "How the C file includes the header", "NAME" },
    { "depfile", 0, 0, G_OPTION_ARG_FILENAME, &depfile, "Make-style dependency file to write", "OUT.d" },
    { NULL }
  };
#define CODEGEN_USAGE "Usage: mdb codegen --lib P --queries-dir D --cache-dir D --header H --source C " \
                      "[OPTION…]  (mdb help codegen)\n"
  g_autoptr(GOptionContext) ctx = g_option_context_new ("- generate typed C from query files (offline)");
  g_autoptr(GError) error = NULL;
  MdbCodegenOptions opt = { 0 };

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      {
        g_autofree char *safe = mdb_tool_scrub (error->message);   /* a misspelled option may hold a URL */
        g_printerr ("mdb codegen: %s\n" CODEGEN_USAGE, safe);
      }
      return MDB_EXIT_USAGE;
    }
  if (prefix == NULL || queries_dir == NULL || cache_dir == NULL || header == NULL || source == NULL)
    {
      g_printerr ("mdb codegen: --lib, --queries-dir, --cache-dir, --header and --source are required\n"
                  CODEGEN_USAGE);
      return MDB_EXIT_USAGE;
    }
  lib_dir = project_relative_dir (queries_dir);
  opt.prefix = prefix;
  opt.header_name = header_name != NULL ? header_name : (header_name = g_path_get_basename (header));
  opt.lib_dir = lib_dir;
  if (private_header != NULL)
    opt.private_header_name = private_name = g_path_get_basename (private_header);
  if (!run_codegen (&opt, queries_dir, cache_dir, header, private_header, source, depfile, &error))
    {
      /* "file:line: …" as compilers print it, so editors and meson jump to it. */
      g_autofree char *safe = mdb_tool_scrub (error->message);
      g_printerr ("%s\n", safe);
      return MDB_EXIT_ERROR;
    }
  return MDB_EXIT_OK;
}
