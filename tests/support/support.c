/* SPDX-License-Identifier: MIT */
/* Helpers shared by the Check suites: temp folders and raw libpq checks. */
#include <check.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>
#include "mdb-test-support.h"

char *
mdb_ts_make_dir (void)
{
  GError *error = NULL;
  char *dir = g_dir_make_tmp ("mdb-test-XXXXXX", &error);

  ck_assert_msg (dir != NULL, "g_dir_make_tmp: %s", error ? error->message : "?");
  return dir;
}

void
mdb_ts_write_file (const char *dir, const char *name, const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  GError *error = NULL;

  ck_assert_msg (g_file_set_contents (path, contents, -1, &error),
                 "writing %s: %s", path, error ? error->message : "?");
}

void
mdb_ts_rm_rf (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        mdb_ts_rm_rf (path);
      else
        g_unlink (path);
    }
  g_dir_close (d);
  g_rmdir (dir);
}

PGconn *
mdb_ts_connect (const char *conninfo)
{
  PGconn *pg = PQconnectdb (conninfo);

  if (PQstatus (pg) != CONNECTION_OK)
    {
      g_autofree char *msg = g_strdelimit (g_strdup (PQerrorMessage (pg)), "\n", ' ');
      PQfinish (pg);
      ck_abort_msg ("connect: %s", msg);
    }
  return pg;
}

char *
mdb_ts_query (PGconn *pg, const char *sql)
{
  PGresult *res = PQexec (pg, sql);
  ExecStatusType st = PQresultStatus (res);
  char *value = NULL;

  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
    {
      g_autofree char *msg = g_strdelimit (g_strdup (PQresultErrorMessage (res)), "\n", ' ');
      PQclear (res);
      ck_abort_msg ("%s: %s", sql, msg);
    }
  if (st == PGRES_TUPLES_OK && PQntuples (res) > 0 && !PQgetisnull (res, 0, 0))
    value = g_strdup (PQgetvalue (res, 0, 0));
  PQclear (res);
  return value;
}

const char *
mdb_ts_one_line (const GError *error)
{
  static char buf[1024];

  if (error == NULL)
    return "(no error)";
  g_strlcpy (buf, error->message, sizeof buf);
  return g_strdelimit (buf, "\n", ' ');
}

static char *
spawn_pg_sh (const char *command, const char *a, const char *b, char **err)
{
  g_autofree char *script = g_build_filename (mdb_test_source_root (), "tools", "pg.sh", NULL);
  const char *argv[] = { "/bin/sh", script, command, a, b, NULL };
  char *out = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, err, &status, NULL)
      || !g_spawn_check_wait_status (status, NULL))
    {
      g_free (out);
      return NULL;
    }
  return g_strstrip (out);
}

char *
mdb_ts_try_pg_sh (const char *command, const char *a, const char *b)
{
  g_autofree char *err = NULL;

  return spawn_pg_sh (command, a, b, &err);
}

char *
mdb_ts_pg_sh (const char *command, const char *a, const char *b)
{
  g_autofree char *err = NULL;
  char *out = spawn_pg_sh (command, a, b, &err);

  ck_assert_msg (out != NULL, "tools/pg.sh %s %s failed: %s", command, a,
                 err != NULL ? g_strdelimit (err, "\n", ' ') : "(could not run it)");
  return out;
}

int
mdb_ts_run_mdb (const char *const *args, char **err_out)
{
  g_autofree char *out = NULL;

  return mdb_ts_run_mdb_out (args, &out, err_out);
}

int
mdb_ts_run_mdb_out (const char *const *args, char **out, char **err_out)
{
  const char *tool = g_getenv ("MDB_TOOL");
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  int status = 0;

  ck_assert_msg (tool != NULL, "MDB_TOOL is not set (run through meson test)");
  g_ptr_array_add (argv, (gpointer) tool);
  for (const char *const *a = args; *a != NULL; a++)
    g_ptr_array_add (argv, (gpointer) *a);
  g_ptr_array_add (argv, NULL);
  ck_assert_msg (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err_out, &status, NULL), "could not run %s", tool);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

JsonObject *
mdb_ts_cache_entry (const char *cache_dir, const char *name, JsonParser **parser_out)
{
  g_autoptr(GDir) dir = g_dir_open (cache_dir, 0, NULL);
  const char *file;

  ck_assert_msg (dir != NULL, "no cache folder %s", cache_dir);
  while ((file = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (cache_dir, file, NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *root;

      ck_assert_msg (json_parser_load_from_file (parser, path, NULL), "bad JSON in %s", file);
      root = json_node_get_object (json_parser_get_root (parser));
      if (g_strcmp0 (json_object_get_string_member (root, "name"), name) != 0)
        continue;
      ck_assert_msg (g_str_has_suffix (file, ".json") && strstr (file, json_object_get_string_member (root, "hash")),
                     "%s is not named by its hash", file);
      *parser_out = g_steal_pointer (&parser);
      return root;
    }
  return NULL;
}

/* ---- password leak corpus ------------------------------------------------ */

static const char *const special[] = {
  "%", "%4", "%zz", "@", "/", ":", "?", "#", "&", "=", " ", "'", "\"", "\\", ",", ";", "+",
  "!", "$", "*", "\t", "é",
};

/* See mdb-test-support.h. */
guint
mdb_ts_n_passwords (void)
{
  return G_N_ELEMENTS (special) * 3;
}

/* See mdb-test-support.h. */
char *
mdb_ts_password (guint i)
{
  const char *c = special[i / 3];

  switch (i % 3)
    {
    case 0: return g_strconcat (c, "Kx9Qw7Vb", NULL);
    case 1: return g_strconcat ("Kx9Q", c, "w7Vb", NULL);
    default: return g_strconcat ("Kx9Qw7Vb", c, NULL);
    }
}

/* libpq key=value quoting of @value. */
static char *
kv_quoted (const char *value)
{
  GString *out = g_string_new ("'");

  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '\'');
  return g_string_free (out, FALSE);
}

/* See mdb-test-support.h. */
char **
mdb_ts_conninfos_with_password (const char *password)
{
  g_autofree char *encoded = g_uri_escape_string (password, NULL, FALSE);
  g_autofree char *quoted = kv_quoted (password);
  char **out = g_new0 (char *, 5);

  out[0] = g_strdup_printf ("postgresql://mdbuser:%s@127.0.0.1:1/mdbdb?connect_timeout=2", password);
  out[1] = g_strdup_printf ("host=127.0.0.1 port=1 user=mdbuser password=%s dbname=mdbdb connect_timeout=2",
                            password);
  out[2] = g_strdup_printf ("postgresql://mdbuser:%s@127.0.0.1:1/mdbdb?connect_timeout=2", encoded);
  out[3] = g_strdup_printf ("host=127.0.0.1 port=1 user=mdbuser password=%s dbname=mdbdb connect_timeout=2",
                            quoted);
  return out;
}

/* See mdb-test-support.h. */
void
mdb_ts_assert_no_password (const char *password, const char *text, const char *where)
{
  gsize len = strlen (password), window = MIN (len, 4);

  if (text == NULL)
    return;
  for (gsize i = 0; i + window <= len; i++)
    {
      g_autofree char *piece = g_strndup (password + i, window);
      g_autofree char *line = g_strdelimit (g_strdup (text), "\n", ' ');

      ck_assert_msg (strstr (text, piece) == NULL, "%s shows \"%s\" of password \"%s\": %s",
                     where, piece, password, line);
    }
}

MdbConn *
mdb_ts_open_db (const char *migrations_dir, const char *fixture, MdbTestDb **db_out)
{
  g_autoptr(GError) error = NULL;
  MdbConn *conn;

  *db_out = mdb_test_db_new (migrations_dir, &error);
  ck_assert_msg (*db_out != NULL, "test db: %s", mdb_ts_one_line (error));
  if (fixture != NULL)
    ck_assert_msg (mdb_test_db_apply_fixture (*db_out, fixture, &error),
                   "fixture %s: %s", fixture, mdb_ts_one_line (error));
  conn = mdb_conn_new (mdb_test_db_get_url (*db_out), &error);
  ck_assert_msg (conn != NULL, "connect: %s", mdb_ts_one_line (error));
  return conn;
}
