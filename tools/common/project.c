/* SPDX-License-Identifier: MIT */
/* The project file mdb.conf: which databases exist, where their schema and migrations live, and their URLs. */
#include <string.h>
#include "mdb-tool.h"

#define CONF_NAME "mdb.conf"
#define GROUP_PREFIX "database "

/**
 * mdb_tool_database_free:
 * @db: (nullable): a database entry
 *
 * Frees @db.
 */
void
mdb_tool_database_free (MdbToolDatabase *db)
{
  if (db == NULL)
    return;
  g_free (db->name);
  g_free (db->schema_path);
  g_free (db->migrations_dir);
  g_free (db->url);
  g_free (db->url_source);
  g_free (db);
}

/**
 * mdb_tool_project_root:
 * @error: return location for a #GError
 *
 * The folder holding mdb.conf: $MDB_PROJECT_ROOT, else the current
 * directory or the nearest parent that has one.
 *
 * Returns: (transfer full) (nullable): an absolute path
 */
char *
mdb_tool_project_root (GError **error)
{
  const char *env = g_getenv ("MDB_PROJECT_ROOT");
  g_autofree char *dir = NULL;

  if (env != NULL && *env != '\0')
    return g_canonicalize_filename (env, NULL);
  dir = g_get_current_dir ();
  for (;;)
    {
      g_autofree char *conf = g_build_filename (dir, CONF_NAME, NULL);
      g_autofree char *parent = NULL;

      if (g_file_test (conf, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&dir);
      parent = g_path_get_dirname (dir);
      if (strcmp (parent, dir) == 0)
        break;
      g_free (dir);
      dir = g_steal_pointer (&parent);
    }
  g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
               "no %s in the current directory or above (or set MDB_PROJECT_ROOT)", CONF_NAME);
  return NULL;
}

static GKeyFile *
load_conf (char **root, GError **error)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autofree char *path = NULL;

  *root = mdb_tool_project_root (error);
  if (*root == NULL)
    return NULL;
  path = g_build_filename (*root, CONF_NAME, NULL);
  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, error))
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }
  return g_steal_pointer (&kf);
}

/* The URL of database @group and where it came from: --database-url, else
 * the entry's url_env variable, else DATABASE_URL (docs/workflow.md,
 * "Which database a command uses"). */
static char *
resolve_url (GKeyFile *kf, const char *group, const char *url_override, char **source)
{
  g_autofree char *env_name = g_key_file_get_string (kf, group, "url_env", NULL);
  const char *value;

  mdb_tool_note_url (url_override);
  if (url_override != NULL && *url_override != '\0')
    return (*source = g_strdup ("--database-url"), g_strdup (url_override));
  if (env_name != NULL && (value = g_getenv (env_name)) != NULL && *value != '\0')
    return (mdb_tool_note_url (value), *source = g_strdup (env_name), g_strdup (value));
  value = g_getenv ("DATABASE_URL");
  mdb_tool_note_url (value);
  if (value == NULL || *value == '\0')
    return NULL;
  *source = g_strdup ("DATABASE_URL");
  return g_strdup (value);
}

/* @url, naming database @name when it names none: a URL that only says
 * which server means the entry's own database there, never libpq's
 * default (the role's name).  An unparsable URL is kept as given, for the
 * connection's own error to report. */
static char *
with_default_dbname (char *url, const char *name)
{
  g_autoptr (MdbConninfo) info = url ? mdb_conninfo_parse (url, NULL) : NULL;
  char *named;

  if (info == NULL || mdb_conninfo_get (info, "dbname") != NULL)
    return url;
  named = mdb_conninfo_with_dbname (url, name, NULL);
  if (named == NULL)
    return url;
  g_free (url);
  return named;
}

static MdbToolDatabase *
database_from_group (GKeyFile *kf, const char *root, const char *group,
                     const char *url_override, GError **error)
{
  g_autofree char *schema = g_key_file_get_string (kf, group, "schema", NULL);
  g_autofree char *migrations = g_key_file_get_string (kf, group, "migrations", error);
  MdbToolDatabase *db;

  if (migrations == NULL)
    {
      g_prefix_error (error, "%s [%s]: ", CONF_NAME, group);
      return NULL;
    }
  db = g_new0 (MdbToolDatabase, 1);
  db->name = g_strdup (group + strlen (GROUP_PREFIX));
  db->schema_path = schema ? g_canonicalize_filename (schema, root) : NULL;
  db->migrations_dir = g_canonicalize_filename (migrations, root);
  db->url = with_default_dbname (resolve_url (kf, group, url_override, &db->url_source), db->name);
  return db;
}

/**
 * mdb_tool_database_list:
 * @url_override: (nullable): the --database-url option
 * @error: return location for a #GError
 *
 * Every database of mdb.conf, in file order.
 *
 * Returns: (transfer full) (element-type MdbToolDatabase) (nullable): the list
 */
GPtrArray *
mdb_tool_database_list (const char *url_override, GError **error)
{
  g_autofree char *root = NULL;
  g_autoptr (GKeyFile) kf = load_conf (&root, error);
  g_autoptr (GPtrArray) list = NULL;
  g_auto (GStrv) groups = NULL;

  if (kf == NULL)
    return NULL;
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) mdb_tool_database_free);
  groups = g_key_file_get_groups (kf, NULL);
  for (char **g = groups; *g != NULL; g++)
    {
      MdbToolDatabase *db;
      if (!g_str_has_prefix (*g, GROUP_PREFIX))
        continue;
      db = database_from_group (kf, root, *g, url_override, error);
      if (db == NULL)
        return NULL;
      g_ptr_array_add (list, db);
    }
  return g_steal_pointer (&list);
}

static GString *
names_of (GPtrArray *list)
{
  GString *names = g_string_new (NULL);

  for (guint i = 0; i < list->len; i++)
    g_string_append_printf (names, "%s%s", i ? ", " : "",
                            ((MdbToolDatabase *) g_ptr_array_index (list, i))->name);
  return names;
}

/**
 * mdb_tool_database_lookup:
 * @name: (nullable): a database of mdb.conf, or %NULL when it has only one
 * @url_override: (nullable): the --database-url option
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the database entry
 */
MdbToolDatabase *
mdb_tool_database_lookup (const char *name, const char *url_override, GError **error)
{
  g_autoptr (GPtrArray) list = mdb_tool_database_list (url_override, error);
  g_autoptr (GString) names = NULL;

  if (list == NULL)
    return NULL;
  for (guint i = 0; i < list->len; i++)
    {
      MdbToolDatabase *db = g_ptr_array_index (list, i);
      if ((name == NULL && list->len == 1) || g_strcmp0 (db->name, name) == 0)
        return g_ptr_array_steal_index (list, i);
    }
  names = names_of (list);
  if (name == NULL)
    g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                 "say which database with --database (one of: %s)", names->str);
  else
    g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                 "no database \"%s\" in %s (known: %s)", name, CONF_NAME, names->str);
  return NULL;
}

/**
 * mdb_tool_database_need_schema:
 * @db: a database entry
 * @command: the command that needs it, as typed ("migrate add")
 * @hint: (nullable): what else the user could do, appended to the message
 * @error: return location for a #GError
 *
 * Sets %MDB_ERROR_INVALID_INPUT naming @db and @command when @db has no
 * `schema=` in mdb.conf (a project that keeps only SQL migrations).
 *
 * Returns: %TRUE when @db has a schema
 */
gboolean
mdb_tool_database_need_schema (const MdbToolDatabase *db, const char *command, const char *hint,
                               GError **error)
{
  if (db->schema_path != NULL)
    return TRUE;
  g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
               "`mdb %s` needs a Prisma schema, and database %s has none: add "
               "schema=<file.prisma> to [%s%s] in %s%s%s",
               command, db->name, GROUP_PREFIX, db->name, CONF_NAME, hint ? "; " : "", hint ? hint : "");
  return FALSE;
}

/**
 * mdb_tool_url_get_dbname:
 * @url: a URL or key=value conninfo
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the database it names (libpq's
 *   default, the role name, when it names none)
 */
char *
mdb_tool_url_get_dbname (const char *url, GError **error)
{
  g_autoptr (MdbConninfo) info = mdb_conninfo_parse (url, error);
  const char *dbname, *user;

  if (info == NULL)
    return NULL;
  dbname = mdb_conninfo_get (info, "dbname");
  user = mdb_conninfo_get (info, "user");
  if (dbname == NULL)
    dbname = user ? user : g_getenv ("PGDATABASE") ? g_getenv ("PGDATABASE") : g_get_user_name ();
  return g_strdup (dbname);
}
