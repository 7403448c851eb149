/* SPDX-License-Identifier: MIT */
/* Every `mdb` command that connects, given a connection string whose
 * password breaks it (each special character, each position, URL and
 * key=value, by --database-url and by DATABASE_URL): no piece of the
 * password on stdout or stderr.  Nothing listens where the strings point.
 * Suite db: no server is needed, but 1 300 runs of the tool are too many
 * for the valgrind run of the unit suite. */
#include <check.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>
#include "mdb-test-support.h"

static char *project;

/* argv after `mdb`; the URL goes after --database-url or into DATABASE_URL. */
static const char *const commands[][5] = {
  { "database", "create", NULL }, { "database", "drop", "-y", NULL },
  { "database", "reset", "-y", NULL }, { "database", "setup", NULL },
  { "migrate", "run", NULL }, { "migrate", "revert", NULL }, { "migrate", "info", NULL },
  { "migrate", "check", NULL }, { "migrate", "add", "leak_check", NULL },
  { "prepare", "lib", NULL }, { "migrate", "status", NULL }, { "migrate", "resolve", "--applied", "1", NULL },
  { "migrate", "diff", "--from-database", NULL },
};

static void
setup (void)
{
  g_autofree char *lib = NULL, *mig = NULL;

  project = mdb_ts_make_dir ();
  mig = g_build_filename (project, "migrations", NULL);
  g_mkdir (mig, 0755);
  mdb_ts_write_file (project, "mdb.conf",
                     "[database app]\nschema=app.prisma\nmigrations=migrations\n");
  mdb_ts_write_file (project, "app.prisma", "model A {\n  id Int @id\n}\n");
  mdb_ts_write_file (mig, "1_a.up.sql", "CREATE TABLE a (id int PRIMARY KEY);\n");
  mdb_ts_write_file (mig, "1_a.down.sql", "DROP TABLE a;\n");
  lib = g_build_filename (project, "lib", "queries", NULL);
  g_mkdir_with_parents (lib, 0755);
  mdb_ts_write_file (lib, "q.sql", "-- name: one :one\nSELECT 1 AS one;\n");
}

static void
teardown (void)
{
  mdb_ts_rm_rf (project);
  g_free (project);
}

/* Runs one command with @url; returns its exit code, fills @out and @err. */
static int
run (guint command, const char *url, gboolean by_env, char **out, char **err)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_auto (GStrv) env = g_get_environ ();
  int status = -1;

  g_ptr_array_add (argv, (gpointer) g_getenv ("MDB_TOOL"));
  for (const char *const *a = commands[command]; *a != NULL; a++)
    g_ptr_array_add (argv, (gpointer) *a);
  if (!by_env)
    {
      g_ptr_array_add (argv, (gpointer) "--database-url");
      g_ptr_array_add (argv, (gpointer) url);
    }
  g_ptr_array_add (argv, NULL);
  env = g_environ_setenv (env, "MDB_PROJECT_ROOT", project, TRUE);
  env = g_environ_setenv (env, "RES_OPTIONS", "timeout:1 attempts:1", TRUE);
  env = by_env ? g_environ_setenv (env, "DATABASE_URL", url, TRUE) : g_environ_unsetenv (env, "DATABASE_URL");
  ck_assert_msg (g_spawn_sync (project, (char **) argv->pdata, env, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, &status, NULL), "could not run mdb");
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

START_TEST (test_tool_password_never_printed)
{
  g_autofree char *password = mdb_ts_password (_i);
  g_auto (GStrv) urls = mdb_ts_conninfos_with_password (password);

  ck_assert_msg (g_getenv ("MDB_TOOL") != NULL, "MDB_TOOL is not set (run through meson test)");
  /* The two raw forms (0, 1) break; the encoded ones are covered by the
   * library's test, which is cheaper than a process per run. */
  for (guint c = 0; c < G_N_ELEMENTS (commands); c++)
    for (guint u = 0; u < 2; u++)
      {
        g_autofree char *out = NULL, *err = NULL;
        g_autofree char *where = g_strdup_printf ("mdb %s %s (url form %u)", commands[c][0], commands[c][1], u);
        /* Half the runs by the option, half by the environment. */
        int rc = run (c, urls[u], (c + u + _i) % 2 == 0, &out, &err);

        ck_assert_msg (rc == 1, "%s: exit %d, stderr: %s", where, rc, err);
        mdb_ts_assert_no_password (password, out, where);
        mdb_ts_assert_no_password (password, err, where);
      }
}
END_TEST

static Suite *
leaks_suite (void)
{
  Suite *s = suite_create ("tool-leaks");
  TCase *tc = tcase_create ("leaks");

  tcase_set_timeout (tc, 120);
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_loop_test (tc, test_tool_password_never_printed, 0, (int) mdb_ts_n_passwords ());
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return mdb_test_run (srunner_create (leaks_suite ()), FALSE);
}
