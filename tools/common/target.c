/* SPDX-License-Identifier: MIT */
/* The database a writing command acts on: refused when it is a maintenance
 * database, and named on stdout before anything is written. */
#include <string.h>
#include "mdb-tool.h"

/* The databases every server has for administration: a migration there
 * mixes an application's tables into them (`DATABASE_URL=…/postgres` used
 * to set up MacroDB's tables in `postgres`). */
static gboolean
is_maintenance (const char *dbname)
{
  static const char *const names[] = { "postgres", "template0", "template1", NULL };
  return g_strv_contains (names, dbname);
}

/**
 * mdb_tool_target_check:
 * @db: a database entry
 * @allow_maintenance: the user passed --allow-maintenance-db
 * @error: return location for a #GError
 *
 * Returns: %TRUE when @db has a URL naming a database a command may write to
 */
gboolean
mdb_tool_target_check (const MdbToolDatabase *db, gboolean allow_maintenance, GError **error)
{
  g_autofree char *target = NULL;
  g_autofree char *shown = NULL;

  if (db->url == NULL)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                   "no URL for database %s: pass -D/--database-url, or set the url_env variable "
                   "mdb.conf gives it, or DATABASE_URL", db->name);
      return FALSE;
    }
  if ((target = mdb_tool_url_get_dbname (db->url, error)) == NULL)
    return FALSE;
  if (allow_maintenance || !is_maintenance (target))
    return TRUE;
  shown = mdb_tool_scrub (target);
  g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
               "refusing to write %s into \"%s\", a maintenance database of the server (the URL from %s "
               "names it): point the URL at %s's own database (e.g. -D 'postgresql://…/%s', or leave "
               "the database out of the URL to use \"%s\"), or pass --allow-maintenance-db if \"%s\" "
               "really is the target",
               db->name, shown, db->url_source, db->name, db->name, db->name, shown);
  return FALSE;
}

/**
 * mdb_tool_target_describe:
 * @db: a database entry with a URL
 *
 * Returns: (transfer full): mdb_tool_url_describe() of its URL
 */
char *
mdb_tool_target_describe (const MdbToolDatabase *db)
{
  return mdb_tool_url_describe (db->url);
}

/**
 * mdb_tool_target_announce:
 * @db: a database entry
 * @doing: what the command does there ("migrating", "setting up")
 * @allow_maintenance: the user passed --allow-maintenance-db
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the command may go on (the line is printed)
 */
gboolean
mdb_tool_target_announce (const MdbToolDatabase *db, const char *doing, gboolean allow_maintenance,
                          GError **error)
{
  g_autofree char *where = NULL;

  if (!mdb_tool_target_check (db, allow_maintenance, error))
    return FALSE;
  where = mdb_tool_target_describe (db);
  g_print ("%s: %s %s (URL from %s)\n", db->name, doing, where, db->url_source);
  return TRUE;
}

/**
 * mdb_tool_hint_url:
 * @db: a database entry
 *
 * Returns: (transfer full): " -D URL" for a hint's command when the URL
 *   came from --database-url (the URL itself when it carries no password;
 *   the word URL otherwise, since hints never show a password), else ""
 */
char *
mdb_tool_hint_url (const MdbToolDatabase *db)
{
  g_autoptr (MdbConninfo) info = NULL;
  g_autofree char *quoted = NULL, *option = NULL;

  if (g_strcmp0 (db->url_source, "--database-url") != 0)
    return g_strdup ("");
  info = mdb_conninfo_parse (db->url, NULL);
  if (info == NULL || mdb_conninfo_get (info, "password") != NULL)
    return g_strdup (" -D URL");
  quoted = g_shell_quote (db->url);
  option = g_strdup_printf (" -D %s", quoted);
  /* A URL libpq misread can hide pieces of a password elsewhere. */
  return mdb_tool_scrub (option);
}

/**
 * mdb_tool_hint_args:
 * @db: a database entry
 *
 * Returns: (transfer full): `-d NAME` plus mdb_tool_hint_url(): the
 *   options a hint's command needs to reach the same database
 */
char *
mdb_tool_hint_args (const MdbToolDatabase *db)
{
  g_autofree char *url = mdb_tool_hint_url (db);
  return g_strdup_printf ("-d %s%s", db->name, url);
}
