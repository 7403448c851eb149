/* SPDX-License-Identifier: MIT */
/* `mdb database create|drop|reset|setup`: a database's life cycle on its server. */
#include <string.h>
#include <libpq-fe.h>
#include "mdb-tool-private.h"

static char *opt_database;
static char *opt_url;
static gboolean opt_all;
static gboolean opt_yes;
static gboolean opt_force;
static gboolean opt_allow_maintenance;

static const GOptionEntry entries[] = {
  { "database", 'd', 0, G_OPTION_ARG_STRING, &opt_database, "Database of mdb.conf (macrodb, contactsdb)", "NAME" },
  { "all", 'a', 0, G_OPTION_ARG_NONE, &opt_all, "Every database of mdb.conf", NULL },
  { "database-url", 'D', 0, G_OPTION_ARG_STRING, &opt_url, "Database URL (default: url_env of mdb.conf, then DATABASE_URL)", "URL" },
  { "yes", 'y', 0, G_OPTION_ARG_NONE, &opt_yes, "Do not ask before dropping or before destructive migration steps", NULL },
  { "force", 'f', 0, G_OPTION_ARG_NONE, &opt_force, "drop: end open connections first (reset always does)", NULL },
  { "allow-maintenance-db", 0, 0, G_OPTION_ARG_NONE, &opt_allow_maintenance,
    "Allow postgres, template0 or template1 as the target", NULL },
  { NULL }
};

/* A connection to the maintenance database of @db's server: `postgres`,
 * or `template1` when the target itself is `postgres` (as createdb does). */
static MdbConn *
maintenance_connect (const MdbToolDatabase *db, char **target, GError **error)
{
  g_autofree char *maint_url = NULL;

  *target = mdb_tool_url_get_dbname (db->url, error);
  if (*target == NULL)
    return NULL;
  maint_url = mdb_conninfo_with_dbname (db->url, strcmp (*target, "postgres") == 0 ? "template1" : "postgres", error);
  return maint_url ? mdb_tool_connect (maint_url, error) : NULL;
}

/* "NAME: what \"target\"" on stdout.  The target comes from the URL, and a
 * URL libpq misread can carry pieces of the password in its database name. */
static void
print_target (const MdbToolDatabase *db, const char *before, const char *target, const char *after)
{
  g_autofree char *shown = mdb_tool_scrub (target);

  g_print ("%s: %s \"%s\"%s\n", db->name, before, shown, after);
}

static gboolean
exec_with_ident (MdbConn *conn, const char *head, const char *name, const char *tail, GError **error)
{
  PGconn *pg = mdb_conn_get_pg_conn (conn);
  char *ident = PQescapeIdentifier (pg, name, strlen (name));
  g_autofree char *sql = g_strconcat (head, ident, tail, NULL);

  PQfreemem (ident);
  return mdb_conn_exec_script (conn, sql, error);
}

static gboolean
database_exists (MdbConn *conn, const char *name, gboolean *exists, GError **error)
{
  PGconn *pg = mdb_conn_get_pg_conn (conn);
  const char *values[] = { name };
  PGresult *res = PQexecParams (pg, "SELECT 1 FROM pg_database WHERE datname = $1", 1, NULL, values, NULL, NULL, 0);
  gboolean ok = PQresultStatus (res) == PGRES_TUPLES_OK;

  if (ok)
    *exists = PQntuples (res) > 0;
  else
    g_set_error (error, MDB_ERROR, MDB_ERROR_SERVER, "%s", g_strstrip (PQresultErrorMessage (res)));
  PQclear (res);
  return ok;
}

static int
do_create (const MdbToolDatabase *db, gboolean quiet_if_exists, gboolean *created)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *target = NULL;
  g_autoptr (MdbConn) conn = maintenance_connect (db, &target, &error);
  gboolean exists = FALSE;

  if (conn == NULL || !database_exists (conn, target, &exists, &error))
    return (mdb_tool_print_error (error), MDB_EXIT_ERROR);
  if (exists)
    {
      if (!quiet_if_exists)
        print_target (db, "database", target, " already exists");
      return MDB_EXIT_OK;
    }
  if (!exec_with_ident (conn, "CREATE DATABASE ", target, "", &error))
    return (mdb_tool_print_error (error), MDB_EXIT_ERROR);
  *created = TRUE;
  print_target (db, "created database", target, "");
  return MDB_EXIT_OK;
}

static int
do_drop (const MdbToolDatabase *db, gboolean force)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *target = NULL;
  g_autoptr (MdbConn) conn = maintenance_connect (db, &target, &error);

  g_autofree char *shown = NULL;
  g_autofree char *question = NULL;

  if (conn == NULL)
    return (mdb_tool_print_error (error), MDB_EXIT_ERROR);
  shown = mdb_tool_scrub (target);
  question = g_strdup_printf ("Drop database %s?", shown);
  if (!mdb_tool_confirm (question, opt_yes, "the database is kept", &error))
    {
      print_target (db, "kept database", target, "");
      return (mdb_tool_print_error (error), MDB_EXIT_ERROR);
    }
  if (!exec_with_ident (conn, "DROP DATABASE IF EXISTS ", target, force ? " WITH (FORCE)" : "", &error))
    return (mdb_tool_print_error (error), MDB_EXIT_ERROR);
  print_target (db, "dropped database", target, "");
  return MDB_EXIT_OK;
}

/* Creates @db when missing, then applies its migrations; a database it
 * just created (or @fresh: reset) has no data a destructive step could lose. */
static int
do_setup (MdbToolDatabase *db, gboolean fresh)
{
  MdbToolRunOptions o = { -1, MDB_TOOL_LOCK_TIMEOUT_SEC, opt_yes, FALSE, fresh };
  int rc = do_create (db, TRUE, &o.fresh);

  return rc != MDB_EXIT_OK ? rc : mdb__tool_migrate_run (db, &o);
}

static int
run_one (const char *sub, MdbToolDatabase *db)
{
  g_autoptr (GError) error = NULL;
  gboolean created = FALSE;

  if (!mdb_tool_target_announce (db, "using", opt_allow_maintenance, &error))
    return (mdb_tool_print_error (error), MDB_EXIT_ERROR);
  if (strcmp (sub, "create") == 0)
    return do_create (db, FALSE, &created);
  if (strcmp (sub, "drop") == 0)
    return do_drop (db, opt_force);
  if (strcmp (sub, "setup") == 0)
    return do_setup (db, FALSE);
  {
    int rc = do_drop (db, TRUE);
    return rc != MDB_EXIT_OK ? rc : do_setup (db, TRUE);
  }
}

static GPtrArray *
selected (GError **error)
{
  GPtrArray *list;
  MdbToolDatabase *db;

  if (opt_all)
    return mdb_tool_database_list (opt_url, error);
  db = mdb_tool_database_lookup (opt_database, opt_url, error);
  if (db == NULL)
    return NULL;
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) mdb_tool_database_free);
  g_ptr_array_add (list, db);
  return list;
}

static void
print_help (void)
{
  g_print ("Usage: mdb database COMMAND [OPTIONS]\n\n"
           "Commands:\n"
           "  create   create the database if it does not exist\n"
           "  drop     drop it (asks first unless -y; --force ends open connections)\n"
           "  reset    drop (ending open connections) and set up again\n"
           "  setup    create if missing, then apply pending migrations\n\n"
           "Every command takes -d NAME (an entry of mdb.conf) or --all, and -D URL; see\n"
           "docs/workflow.md, \"Which database a command uses\".  Run `mdb help database COMMAND`\n"
           "for its options.\n");
}

/**
 * mdb_cmd_database:
 * @argc: argument count, argv[0] = "database"
 * @argv: arguments
 *
 * Returns: the exit code
 */
int
mdb_cmd_database (int argc, char **argv)
{
  static const MdbToolSub subs[] = {
    { "create", "", "Creates the database when it does not exist.", entries },
    { "drop", "", "Drops the database (asks first unless -y; --force ends open connections).", entries },
    { "reset", "", "Drops the database (ending open connections), then sets it up again.", entries },
    { "setup", "", "Creates the database when missing, then applies pending migrations.", entries },
    { NULL }
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) list = NULL;
  const char *name = argc > 1 ? argv[1] : NULL;
  const MdbToolSub *sub;
  int rc = MDB_EXIT_OK;

  if (name == NULL || strcmp (name, "--help") == 0 || strcmp (name, "-h") == 0)
    return (print_help (), name == NULL ? MDB_EXIT_USAGE : MDB_EXIT_OK);
  if ((sub = mdb__tool_find_sub (subs, "database", name)) == NULL)
    return MDB_EXIT_USAGE;
  argc--, argv++;
  if (!mdb__tool_parse_sub ("database", sub, &argc, &argv))
    return MDB_EXIT_USAGE;
  if (argc != 1)
    {
      g_autofree char *cmd = g_strconcat ("database ", name, NULL);
      return mdb__tool_usage_error (cmd, "", "unexpected argument (the entry goes after -d)");
    }
  if ((list = selected (&error)) == NULL)
    return (mdb_tool_print_error (error), MDB_EXIT_ERROR);
  for (guint i = 0; i < list->len; i++)
    {
      int one = run_one (name, g_ptr_array_index (list, i));
      rc = MAX (rc, one);
    }
  return rc;
}
