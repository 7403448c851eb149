/* SPDX-License-Identifier: MIT */
/* cmd-prepare.c: `mdb prepare <lib dir>`, which writes or checks the offline query cache. */
#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>
#include "mdb-queries-cmd.h"
#include "query-file.h"
#include "query-cache.h"
#include "prepare.h"
#include "codegen.h"
#include "lib-conf.h"

/* Per result column: decided from the catalog or the plan (base-table and
 * outer-join columns), proven non-null by the expression rules, overridden
 * in the alias, or left nullable because nothing proved it non-null. */
typedef struct {
  guint queries, columns, overridden;
  guint catalog_nonnull, catalog_nullable, inferred_nonnull, unknown;
  gboolean explain_nulls;
} PrepareStats;

/* Child-row fields left nullable, for --explain-nulls (not counted: the
 * summary counts result columns). */
static void
explain_fields (const MdbQuery *q, const char *path, GPtrArray *fields)
{
  for (guint k = 0; fields != NULL && k < fields->len; k++)
    {
      const MdbCacheValue *f = g_ptr_array_index (fields, k);
      g_autofree char *here = g_strdup_printf ("%s.%s", path, f->name);

      if (f->nullable)
        g_print ("%s:%u: query \"%s\": child-row field %s stays nullable: %s\n", q->path, q->line, q->name,
                 here, f->nullable_reason != NULL ? f->nullable_reason : "not proven");
      explain_fields (q, here, f->fields);
    }
}

static void
count_column (PrepareStats *stats, const MdbQuery *q, const MdbCacheValue *v)
{
  stats->columns++;
  if (g_str_equal (v->nullable_source, "override"))
    stats->overridden++;
  else if (g_str_equal (v->nullable_source, "inferred"))
    stats->inferred_nonnull++;
  else if (g_str_equal (v->nullable_source, "expression"))
    {
      stats->unknown++;
      if (stats->explain_nulls)
        g_print ("%s:%u: query \"%s\": column \"%s\" stays nullable: %s (alias it \"%s!\" if it "
                 "cannot be NULL)\n", q->path, q->line, q->name, v->name,
                 v->nullable_reason != NULL ? v->nullable_reason : "not proven", v->name);
    }
  else if (v->nullable)
    stats->catalog_nullable++;
  else
    stats->catalog_nonnull++;
  if (stats->explain_nulls)
    explain_fields (q, v->name, v->fields);
}

/* file name -> JSON text, for every query of the library that prepares.
 * A query the server rejects is reported on stderr and counted in
 * *n_failed, and the others go on, so one run shows every problem. */
static GHashTable *
describe_all (const char *url, GPtrArray *queries, PrepareStats *stats, guint *n_failed, GError **error)
{
  g_autoptr(GHashTable) files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) mdb__cache_entry_free);
  g_autoptr(MdbPreparer) p = mdb__preparer_new (url, error);

  if (p == NULL)
    return NULL;
  for (guint k = 0; k < queries->len; k++)
    {
      const MdbQuery *q = g_ptr_array_index (queries, k);
      g_autoptr(GError) one = NULL;
      MdbCacheEntry *e = mdb__preparer_describe (p, q, &one);

      if (e == NULL)
        {
          mdb_tool_print_error (one);
          (*n_failed)++;
          continue;
        }
      g_ptr_array_add (entries, e);
      stats->queries++;
      for (guint c = 0; c < e->columns->len; c++)
        count_column (stats, q, g_ptr_array_index (e->columns, c));
      g_hash_table_replace (files, mdb__cache_file_name (e->hash), mdb__cache_entry_to_json (e));
    }
  /* The cross-query checks need every query described. */
  if (*n_failed == 0
      && (!mdb__codegen_check_row_types (queries, entries, error)
          || !mdb__codegen_check_columns (queries, entries, error)))
    return NULL;
  return g_steal_pointer (&files);
}

static GPtrArray *
list_cache_files (const char *cache_dir)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) d = g_dir_open (cache_dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, "query-") && g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_strdup (name));
  return names;
}

static int
check_cache (const char *lib_dir, const char *cache_dir, GPtrArray *queries, GHashTable *files, guint problems,
             const char *hint_url)
{
  g_autoptr(GPtrArray) on_disk = list_cache_files (cache_dir);
  /* A query that failed to prepare has no file to compare: its cache file
   * would look extra. */
  gboolean all_described = problems == 0;

  for (guint k = 0; k < queries->len; k++)
    {
      const MdbQuery *q = g_ptr_array_index (queries, k);
      g_autofree char *file = mdb__cache_file_name (q->hash);
      g_autofree char *path = g_build_filename (cache_dir, file, NULL);
      g_autofree char *text = NULL;
      const char *want = g_hash_table_lookup (files, file);

      if (want == NULL)
        continue;   /* it failed to prepare: reported already */
      if (!g_file_get_contents (path, &text, NULL, NULL))
        {
          g_printerr ("%s:%u: query \"%s\": missing cache file %s\n", q->path, q->line, q->name, file);
          problems++;
        }
      else if (!g_str_equal (text, want))
        {
          g_autofree char *what = mdb__cache_describe_change (text, want);

          g_printerr ("%s:%u: query \"%s\": stale cache file %s: %s\n", q->path, q->line, q->name,
                      file, what);
          problems++;
        }
    }
  for (guint k = 0; all_described && k < on_disk->len; k++)
    if (!g_hash_table_contains (files, on_disk->pdata[k]))
      {
        g_printerr ("%s/%s: extra cache file: no query has this text\n", cache_dir,
                    (const char *) on_disk->pdata[k]);
        problems++;
      }
  if (problems > 0)
    {
      g_printerr ("mdb prepare --check: %u problem(s) in %s; run: mdb prepare %s%s\n", problems,
                  cache_dir, lib_dir, hint_url);
      return MDB_EXIT_ERROR;
    }
  g_print ("mdb prepare --check: %u queries, cache is up to date\n", queries->len);
  return MDB_EXIT_OK;
}

static gboolean
write_cache (const char *cache_dir, GHashTable *files, guint *written, guint *removed, GError **error)
{
  g_autoptr(GPtrArray) on_disk = list_cache_files (cache_dir);
  GHashTableIter iter;
  gpointer file, text;

  if (g_mkdir_with_parents (cache_dir, 0755) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "cannot create %s: %s",
                   cache_dir, g_strerror (errno));
      return FALSE;
    }
  g_hash_table_iter_init (&iter, files);
  while (g_hash_table_iter_next (&iter, &file, &text))
    {
      g_autofree char *path = g_build_filename (cache_dir, file, NULL);
      g_autofree char *old = NULL;

      if (g_file_get_contents (path, &old, NULL, NULL) && g_str_equal (old, text))
        continue;
      if (!g_file_set_contents (path, text, -1, error))
        return FALSE;
      (*written)++;
    }
  for (guint k = 0; k < on_disk->len; k++)
    if (!g_hash_table_contains (files, on_disk->pdata[k]))
      {
        g_autofree char *path = g_build_filename (cache_dir, on_disk->pdata[k], NULL);

        if (g_unlink (path) == 0)
          (*removed)++;
      }
  return TRUE;
}

static void
print_summary (const PrepareStats *s)
{
  g_print ("mdb prepare: %u queries, %u columns: %u by catalog/plan (%u non-null, %u nullable), "
           "%u proven non-null by inference, %u by override, %u left nullable (unknown)%s\n",
           s->queries, s->columns, s->catalog_nonnull + s->catalog_nullable, s->catalog_nonnull,
           s->catalog_nullable, s->inferred_nonnull, s->overridden, s->unknown,
           s->unknown > 0 && !s->explain_nulls ? "; --explain-nulls lists them" : "");
}

/* The server to prepare on: the one rule of docs/workflow.md ("Which
 * database a command uses").  The entry is the one the library's
 * mdb-lib.conf names (-d must agree with it), else -d; its URL comes from
 * -D, else its url_env variable, else DATABASE_URL.  A folder with neither
 * (the tests' query libraries) uses -D or DATABASE_URL as given. */
static MdbToolDatabase *
resolve_target (const char *lib_dir, const char *database_opt, const char *url_opt, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *database = mdb__lib_conf_database (lib_dir, &local);
  MdbToolDatabase *db;

  if (local != NULL)
    return g_propagate_error (error, g_steal_pointer (&local)), NULL;
  if (database != NULL && database_opt != NULL && strcmp (database, database_opt) != 0)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "%s/mdb-lib.conf names database %s, "
                   "not %s: leave out -d, or fix mdb-lib.conf", lib_dir, database, database_opt);
      return NULL;
    }
  if (database == NULL && database_opt == NULL)
    {
      const char *url = url_opt != NULL ? url_opt : g_getenv ("DATABASE_URL");

      if (url == NULL)
        {
          g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "no database: %s has no mdb-lib.conf; "
                       "pass -d NAME (an entry of mdb.conf) or -D URL, or set DATABASE_URL", lib_dir);
          return NULL;
        }
      db = g_new0 (MdbToolDatabase, 1);
      db->name = g_path_get_basename (lib_dir);
      db->url = g_strdup (url);
      db->url_source = g_strdup (url_opt != NULL ? "--database-url" : "DATABASE_URL");
      return db;
    }
  db = mdb_tool_database_lookup (database != NULL ? database : database_opt, url_opt, error);
  if (db == NULL && database != NULL)
    return (g_prefix_error (error, "%s/mdb-lib.conf: ", lib_dir)), NULL;
  if (db != NULL && db->url == NULL)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "no URL for database %s (of %s): pass "
                   "-D/--database-url, or set the url_env variable mdb.conf gives it, or DATABASE_URL",
                   db->name, lib_dir);
      g_clear_pointer (&db, mdb_tool_database_free);
    }
  return db;
}

typedef struct {
  const char *database;
  const char *url;
  gboolean check;
  gboolean explain_nulls;
} PrepareOptions;

/* Prepares (or checks) one library folder; returns an exit code. */
static int
prepare_one (const char *lib_dir, const PrepareOptions *o)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) queries = NULL;
  g_autoptr(GHashTable) files = NULL;
  g_autoptr(MdbToolDatabase) db = resolve_target (lib_dir, o->database, o->url, &error);
  g_autofree char *queries_dir = g_build_filename (lib_dir, "queries", NULL);
  g_autofree char *cache_dir = g_build_filename (lib_dir, ".mdb-cache", NULL);
  g_autofree char *where = NULL;
  PrepareStats stats = { 0 };
  guint written = 0, removed = 0, failed = 0;

  if (db == NULL)
    return mdb_tool_print_error (error), MDB_EXIT_ERROR;
  where = mdb_tool_target_describe (db);
  g_print ("mdb prepare: %s on %s (URL from %s)\n", lib_dir, where, db->url_source);
  stats.explain_nulls = o->explain_nulls;
  queries = mdb__query_dir_load (queries_dir, &error);
  if (queries != NULL)
    files = describe_all (db->url, queries, &stats, &failed, &error);
  if (files == NULL)
    return mdb_tool_print_error (error), MDB_EXIT_ERROR;
  print_summary (&stats);
  if (o->check)
    {
      g_autofree char *hint_url = mdb_tool_hint_url (db);
      return check_cache (lib_dir, cache_dir, queries, files, failed, hint_url);
    }
  if (failed > 0)
    {
      g_printerr ("mdb prepare: %u quer%s of %s failed to prepare (above): cache left as it was\n",
                  failed, failed == 1 ? "y" : "ies", lib_dir);
      return MDB_EXIT_ERROR;
    }
  if (!write_cache (cache_dir, files, &written, &removed, &error))
    return mdb_tool_print_error (error), MDB_EXIT_ERROR;
  g_print ("mdb prepare: %u cache file(s) written, %u removed (%s)\n", written, removed, cache_dir);
  return MDB_EXIT_OK;
}

static int
compare_paths (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* --all: every folder under <project root>/libs/ with an mdb-lib.conf (of
 * database @database when given), sorted. */
static GPtrArray *
all_libraries (const char *database, GError **error)
{
  g_autofree char *root = mdb_tool_project_root (error);
  g_autofree char *libs = root ? g_build_filename (root, "libs", NULL) : NULL;
  g_autoptr(GDir) d = libs ? g_dir_open (libs, 0, error) : NULL;
  g_autoptr(GPtrArray) dirs = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (d == NULL)
    return NULL;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *dir = g_build_filename (libs, name, NULL);
      g_autofree char *named = mdb__lib_conf_database (dir, NULL);

      if (named != NULL && (database == NULL || strcmp (named, database) == 0))
        g_ptr_array_add (dirs, g_steal_pointer (&dir));
    }
  g_ptr_array_sort (dirs, compare_paths);
  return g_steal_pointer (&dirs);
}

/**
 * mdb_cmd_prepare:
 * @argc: argument count
 * @argv: `prepare [<lib dir>…] [--all] [-d NAME] [-D URL] [--check] [--explain-nulls]`
 *
 * Prepares every query of each library on a live, migrated database and
 * writes (or with `--check`, compares) `<lib dir>/.mdb-cache/`.  The
 * database is the one the library's mdb-lib.conf names (resolve_target()).
 *
 * Returns: MDB_EXIT_OK, MDB_EXIT_ERROR (stale cache, bad query, no
 *   database), or MDB_EXIT_USAGE
 *
 * Since: 0.1
 */
int
mdb_cmd_prepare (int argc, char **argv)
{
  g_autofree char *url_opt = NULL, *database_opt = NULL;
  gboolean check = FALSE, explain_nulls = FALSE, all = FALSE;
  GOptionEntry entries[] = {
    { "explain-nulls", 0, 0, G_OPTION_ARG_NONE, &explain_nulls,
      "List every result column left nullable because nothing proved it non-null, and why", NULL },
    { "database", 'd', 0, G_OPTION_ARG_STRING, &database_opt,
      "Entry of mdb.conf (default: the one mdb-lib.conf names); with --all, only its libraries", "NAME" },
    { "database-url", 'D', 0, G_OPTION_ARG_STRING, &url_opt,
      "Database URL [the url_env of the mdb-lib.conf database, else DATABASE_URL]", "URL" },
    { "all", 'a', 0, G_OPTION_ARG_NONE, &all, "Every library under libs/ that has an mdb-lib.conf", NULL },
    { "check", 0, 0, G_OPTION_ARG_NONE, &check, "Compare the cache with the server; write nothing", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("[<lib dir>…] - describe queries for the offline cache");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) dirs = NULL;
  PrepareOptions o;
  int rc = MDB_EXIT_OK;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      g_autofree char *safe = mdb_tool_scrub (error->message);
      g_printerr ("mdb prepare: %s\nUsage: mdb prepare <lib dir>… | --all [OPTION…]  (mdb help prepare)\n", safe);
      return MDB_EXIT_USAGE;
    }
  if ((argc < 2) == !all)
    {
      g_printerr ("mdb prepare: expected library folders (e.g. libs/contacts_db_client) or --all\n"
                  "Usage: mdb prepare <lib dir>… | --all [OPTION…]  (mdb help prepare)\n");
      return MDB_EXIT_USAGE;
    }
  if (all && (dirs = all_libraries (database_opt, &error)) == NULL)
    return mdb_tool_print_error (error), MDB_EXIT_ERROR;
  if (all && dirs->len == 0)
    g_print ("mdb prepare: no folder under libs/ has an mdb-lib.conf%s%s\n",
             database_opt ? " naming " : "", database_opt ? database_opt : "");
  o = (PrepareOptions) { database_opt, url_opt, check, explain_nulls };
  for (guint i = 0; i < (all ? dirs->len : (guint) argc - 1); i++)
    {
      /* MAX() evaluates its arguments twice. */
      int one = prepare_one (all ? g_ptr_array_index (dirs, i) : argv[i + 1], &o);
      rc = MAX (rc, one);
    }
  return rc;
}
