/* SPDX-License-Identifier: MIT */
/* The `mdb database` and `mdb migrate` commands, run as separate processes. */
#include <check.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "mdb-test-support.h"

static char *project;
static MdbTestDb *db;

static void
setup (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *mig = NULL;

  ck_assert_msg (g_getenv ("MDB_TOOL") != NULL, "MDB_TOOL is not set (run through meson test)");
  project = mdb_ts_make_dir ();
  mig = g_build_filename (project, "migrations", NULL);
  g_mkdir (mig, 0755);
  mdb_ts_write_file (project, "mdb.conf", "[database app]\nmigrations=migrations\nurl_env=MDB_TEST_APP_URL\n");
  db = mdb_test_db_new (NULL, &error);
  ck_assert_msg (db != NULL, "%s", mdb_ts_one_line (error));
}

static void
teardown (void)
{
  mdb_test_db_free (db);
  mdb_ts_rm_rf (project);
  g_free (project);
}

static void
write_migration (const char *name, const char *sql)
{
  g_autofree char *mig = g_build_filename (project, "migrations", NULL);
  mdb_ts_write_file (mig, name, sql);
}

static char **
tool_env (void)
{
  char **env = g_get_environ ();

  env = g_environ_setenv (env, "MDB_PROJECT_ROOT", project, TRUE);
  env = g_environ_setenv (env, "MDB_TEST_APP_URL", mdb_test_db_get_url (db), TRUE);
  return g_environ_unsetenv (env, "DATABASE_URL");
}

/* Runs `sh -c "printf INPUT | $MDB_TOOL ARGS"` in @env (NULL: tool_env());
 * returns the exit code. */
static int
tool_in (char **env, const char *input, const char *args, char **out, char **err)
{
  g_auto (GStrv) own = env ? NULL : tool_env ();
  g_autofree char *cmd = g_strdup_printf ("printf '%s' | \"$MDB_TOOL\" %s", input ? input : "", args);
  const char *argv[] = { "/bin/sh", "-c", cmd, NULL };
  g_autoptr (GError) error = NULL;
  int status = -1;

  ck_assert_msg (g_spawn_sync (NULL, (char **) argv, env ? env : own, G_SPAWN_DEFAULT, NULL, NULL, out, err,
                               &status, &error),
                 "spawn: %s", mdb_ts_one_line (error));
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static int
tool (const char *input, const char *args, char **out, char **err)
{
  return tool_in (NULL, input, args, out, err);
}

static char *
q (const char *sql)
{
  PGconn *pg = mdb_ts_connect (mdb_test_db_get_url (db));
  char *v = mdb_ts_query (pg, sql);

  PQfinish (pg);
  return v;
}

static gboolean
db_exists (void)
{
  PGconn *pg = mdb_ts_connect (mdb_test_admin_url ());
  g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM pg_database WHERE datname = '%s'", mdb_test_db_get_name (db));
  g_autofree char *v = mdb_ts_query (pg, sql);

  PQfinish (pg);
  return v != NULL;
}

START_TEST (test_tool_eight_runners_apply_each_migration_once)
{
  GPid pids[8];
  g_auto (GStrv) env = tool_env ();
  g_autofree char *count = NULL, *rows = NULL;

  write_migration ("1_log.sql", "CREATE TABLE log (version int PRIMARY KEY);\nINSERT INTO log VALUES (1);\n");
  for (int v = 2; v <= 10; v++)
    {
      g_autofree char *name = g_strdup_printf ("%d_step.sql", v);
      g_autofree char *sql = g_strdup_printf ("SELECT pg_sleep(0.05);\nINSERT INTO log VALUES (%d);\n", v);
      write_migration (name, sql);
    }
  for (int i = 0; i < 8; i++)
    {
      const char *argv[] = { g_getenv ("MDB_TOOL"), "migrate", "run", NULL };
      g_autoptr (GError) error = NULL;
      ck_assert_msg (g_spawn_async (NULL, (char **) argv, env,
                                    G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                                    NULL, NULL, &pids[i], &error), "%s", mdb_ts_one_line (error));
    }
  for (int i = 0; i < 8; i++)
    {
      int status = -1;
      waitpid (pids[i], &status, 0);
      ck_assert_msg (WIFEXITED (status) && WEXITSTATUS (status) == 0, "runner %d: status %d", i, status);
    }
  count = q ("SELECT count(*)::text FROM _sqlx_migrations");
  ck_assert_str_eq (count, "10");
  rows = q ("SELECT count(*)::text FROM log");
  ck_assert_str_eq (rows, "10");
}
END_TEST

START_TEST (test_tool_info_exits_2_while_pending)
{
  g_autofree char *out = NULL, *out2 = NULL;

  write_migration ("1_a.sql", "CREATE TABLE a (x int);\n");
  ck_assert_int_eq (tool (NULL, "migrate info", &out, NULL), 2);
  ck_assert_msg (strstr (out, "pending") != NULL, "%s", out);
  ck_assert_int_eq (tool (NULL, "migrate run", NULL, NULL), 0);
  ck_assert_int_eq (tool (NULL, "migrate info", &out2, NULL), 0);
  ck_assert_msg (strstr (out2, "applied") != NULL, "%s", out2);
}
END_TEST

START_TEST (test_tool_failing_migration_names_file_and_line)
{
  g_autofree char *err = NULL;

  write_migration ("1_bad.sql", "CREATE TABLE a (x int);\nCREATE TABLE a (x int);\n");
  ck_assert_int_eq (tool (NULL, "migrate run", NULL, &err), 1);
  ck_assert_msg (strstr (err, "1_bad.sql:2") && strstr (err, "already exists"), "%s", err);
}
END_TEST

START_TEST (test_tool_revert_runs_down_file)
{
  g_autofree char *t = NULL;

  write_migration ("1_a.up.sql", "CREATE TABLE a (x int);\n");
  write_migration ("1_a.down.sql", "DROP TABLE a;\n");
  ck_assert_int_eq (tool (NULL, "migrate run --database app", NULL, NULL), 0);
  ck_assert_int_eq (tool (NULL, "migrate revert -y", NULL, NULL), 0);
  t = q ("SELECT to_regclass('a')::text");
  ck_assert_ptr_null (t);
}
END_TEST

START_TEST (test_tool_database_reset_with_open_connections)
{
  PGconn *open_conn = mdb_ts_connect (mdb_test_db_get_url (db));
  g_autofree char *err = NULL, *count = NULL;

  write_migration ("1_a.sql", "CREATE TABLE a (x int);\n");
  ck_assert_int_eq (tool (NULL, "database reset -y", NULL, &err), 0);
  count = q ("SELECT count(*)::text FROM _sqlx_migrations");
  ck_assert_str_eq (count, "1");
  PQfinish (open_conn);
}
END_TEST

START_TEST (test_tool_database_drop_answer_n_keeps_it)
{
  g_autofree char *out = NULL;

  ck_assert_int_eq (tool ("n\\n", "database drop", &out, NULL), 1);
  ck_assert_msg (strstr (out, "Drop database ") != NULL, "%s", out);
  ck_assert (db_exists ());
  ck_assert_int_eq (tool ("y\\n", "database drop", NULL, NULL), 0);
  ck_assert (!db_exists ());
}
END_TEST

START_TEST (test_tool_database_setup_creates_and_migrates)
{
  write_migration ("1_a.sql", "CREATE TABLE a (x int);\n");
  ck_assert_int_eq (tool (NULL, "database drop -y", NULL, NULL), 0);
  ck_assert (!db_exists ());
  ck_assert_int_eq (tool (NULL, "database setup", NULL, NULL), 0);
  ck_assert (db_exists ());
  g_free (q ("SELECT * FROM a"));
  ck_assert_int_eq (tool (NULL, "database setup", NULL, NULL), 0);
}
END_TEST

START_TEST (test_tool_help_and_errors)
{
  g_autofree char *out = NULL, *err = NULL, *err2 = NULL;

  ck_assert_int_eq (tool (NULL, "--help", &out, NULL), 0);
  ck_assert_msg (strstr (out, "migrate") != NULL, "%s", out);
  ck_assert_int_eq (tool (NULL, "migrate run --help", NULL, NULL), 0);
  ck_assert_int_eq (tool (NULL, "database create --help", NULL, NULL), 0);
  ck_assert_int_eq (tool (NULL, "frobnicate", NULL, &err), 2);
  ck_assert_int_eq (tool (NULL, "migrate run --database nope", NULL, &err2), 1);
  ck_assert_msg (strstr (err2, "no database \"nope\"") != NULL, "%s", err2);
}
END_TEST

/* A project that keeps only SQL migrations (no schema= line): the schema
 * commands say so and exit 1; they used to crash after a GLib critical. */
START_TEST (test_tool_schema_commands_without_schema_say_so)
{
  static const char *const commands[] = { "migrate check", "migrate add x", "schema lint --database app" };
  g_autofree char *out = NULL, *err = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *e = NULL;
      int rc = tool (NULL, commands[i], NULL, &e);

      ck_assert_msg (rc == 1, "%s: exit %d: %s", commands[i], rc, e);
      ck_assert_msg (strstr (e, "needs a Prisma schema, and database app has none: add schema=") != NULL
                     && strstr (e, "CRITICAL") == NULL, "%s: %s", commands[i], e);
    }
  ck_assert_int_eq (tool (NULL, "schema lint", &out, NULL), 0);
  ck_assert_msg (strstr (out, "app: no schema in mdb.conf, nothing to lint") != NULL, "%s", out);
  g_clear_pointer (&out, g_free);
  ck_assert_int_eq (tool (NULL, "migrate add hand_written --empty", &out, &err), 0);
  ck_assert_msg (strstr (out, "_hand_written.up.sql") != NULL, "%s%s", out, err);
}
END_TEST

START_TEST (test_tool_migration_with_commit_is_refused_without_trace)
{
  g_autofree char *err = NULL, *t = NULL, *h = NULL;

  write_migration ("1_tx.sql", "CREATE TABLE half (x int);\nCOMMIT;\n");
  ck_assert_int_eq (tool (NULL, "migrate run", NULL, &err), 1);
  ck_assert_msg (strstr (err, "1_tx.sql:2: COMMIT:") != NULL && strstr (err, "-- no-transaction") != NULL,
                 "%s", err);
  t = q ("SELECT to_regclass('half')::text");
  ck_assert_ptr_null (t);
  h = q ("SELECT count(*)::text FROM _sqlx_migrations");
  ck_assert_str_eq (h, "0");
}
END_TEST


/* The server's maintenance database, `postgres`. */
static char *
maintenance_url (void)
{
  g_autoptr (GError) error = NULL;
  char *url = mdb_conninfo_with_dbname (mdb_test_admin_url (), "postgres", &error);

  ck_assert_msg (url != NULL, "%s", mdb_ts_one_line (error));
  return url;
}

static char *
q_maintenance (const char *sql)
{
  g_autofree char *url = maintenance_url ();
  PGconn *pg = mdb_ts_connect (url);
  char *v = mdb_ts_query (pg, sql);

  PQfinish (pg);
  return v;
}

/* DATABASE_URL naming the server's `postgres` database and no url_env
 * variable set: `database setup -d app` used to create app's tables in
 * `postgres` and print "applied".  Every writing command refuses it now,
 * saying where the URL came from, and writes nothing there. */
START_TEST (test_tool_refuses_maintenance_database)
{
  static const char *const commands[] = {
    "database setup -d app", "database create", "database drop -y", "database reset -y",
    "migrate run -d app", "migrate revert -y",
  };
  g_autofree char *url = maintenance_url ();
  g_auto (GStrv) env = tool_env ();
  g_autofree char *table = g_strdup_printf ("mdb_tool_guard_%d", (int) getpid ());
  g_autofree char *sql = g_strdup_printf ("CREATE TABLE %s (x int);\n", table);
  g_autofree char *probe = g_strdup_printf ("SELECT to_regclass('%s')::text", table);

  env = g_environ_unsetenv (env, "MDB_TEST_APP_URL");
  env = g_environ_setenv (env, "DATABASE_URL", url, TRUE);
  write_migration ("1_guard.sql", sql);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *out = NULL, *err = NULL, *t = NULL;
      int rc = tool_in (env, NULL, commands[i], &out, &err);

      ck_assert_msg (rc == 1, "%s: exit %d: %s%s", commands[i], rc, out, err);
      ck_assert_msg (strstr (err, "refusing to write app into \"postgres\", a maintenance database")
                     && strstr (err, "from DATABASE_URL") && strstr (err, "--allow-maintenance-db"),
                     "%s: %s", commands[i], err);
      t = q_maintenance (probe);
      ck_assert_msg (t == NULL, "%s created %s in postgres", commands[i], table);
    }
}
END_TEST

/* A URL that names only the server (no database) targets the entry's own
 * database, not libpq's default (the role's name); the writing command
 * names that database before it writes. */
START_TEST (test_tool_url_without_database_targets_entry)
{
  g_autoptr (MdbConninfo) info = mdb_conninfo_parse (mdb_test_db_get_url (db), NULL);
  g_autofree char *conf = NULL, *server = NULL, *args = NULL, *out = NULL, *t = NULL, *expected = NULL;
  g_auto (GStrv) env = tool_env ();
  const char *name = mdb_test_db_get_name (db);

  ck_assert_ptr_nonnull (info);
  server = g_strdup_printf ("host=%s port=%s user=%s", mdb_conninfo_get (info, "host"),
                            mdb_conninfo_get (info, "port") ? mdb_conninfo_get (info, "port") : "5432",
                            mdb_conninfo_get (info, "user"));
  conf = g_strdup_printf ("[database %s]\nmigrations=migrations\n", name);
  mdb_ts_write_file (project, "mdb.conf", conf);
  env = g_environ_setenv (env, "DATABASE_URL", server, TRUE);
  write_migration ("1_a.sql", "CREATE TABLE a (x int);\n");
  args = g_strdup_printf ("migrate run -d %s", name);
  ck_assert_int_eq (tool_in (env, NULL, args, &out, NULL), 0);
  expected = g_strdup_printf ("%s: migrating database \"%s\" on ", name, name);
  ck_assert_msg (strstr (out, expected) && strstr (out, "(URL from DATABASE_URL)")
                 && strstr (out, ": applied 1 a ("), "%s", out);
  t = q ("SELECT to_regclass('a')::text");
  ck_assert_str_eq (t, "a");
}
END_TEST

/* Unknown target versions used to apply 0 (exit 0) or revert everything. */
START_TEST (test_tool_unknown_target_version_is_an_error)
{
  static const char *const commands[] = {
    "migrate revert --target-version 99 -y", "migrate run --target-version 12345",
    "migrate run --target-version -5", "migrate revert --target-version -5 -y",
  };
  g_autofree char *h = NULL;

  write_migration ("1_a.up.sql", "CREATE TABLE a (x int);\n");
  write_migration ("1_a.down.sql", "DROP TABLE a;\n");
  write_migration ("2_b.up.sql", "CREATE TABLE b (x int);\n");
  write_migration ("2_b.down.sql", "DROP TABLE b;\n");
  ck_assert_int_eq (tool (NULL, "migrate run --target-version 1", NULL, NULL), 0);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *err = NULL, *hist = NULL;
      int rc = tool (NULL, commands[i], NULL, &err);

      ck_assert_msg (rc == 1 && strstr (err, "no ") && strstr (err, "migration has this version"),
                     "%s: exit %d: %s", commands[i], rc, err);
      hist = q ("SELECT string_agg(version::text, ',' ORDER BY version) FROM _sqlx_migrations");
      ck_assert_msg (g_strcmp0 (hist, "1") == 0, "%s: history %s", commands[i], hist);
    }
  ck_assert_int_eq (tool (NULL, "migrate run --target-version 2", NULL, NULL), 0);
  h = q ("SELECT string_agg(version::text, ',' ORDER BY version) FROM _sqlx_migrations");
  ck_assert_str_eq (h, "1,2");
}
END_TEST

static char *
history_of_app (void)
{
  return q ("SELECT coalesce(string_agg(version::text, ',' ORDER BY version), '') FROM _sqlx_migrations");
}

/* Reverting several migrations asks first: no standard input or "n" keep
 * them all; -y reverts them, naming each. */
START_TEST (test_tool_revert_several_asks_first)
{
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL, *out3 = NULL;
  g_autofree char *h1 = NULL, *h2 = NULL, *h3 = NULL;

  write_migration ("1_a.up.sql", "CREATE TABLE a (x int);\n");
  write_migration ("1_a.down.sql", "SELECT 1;\n");
  write_migration ("2_b.up.sql", "CREATE INDEX ON a (x);\n");
  write_migration ("2_b.down.sql", "SELECT 2;\n");
  ck_assert_int_eq (tool (NULL, "migrate run", NULL, NULL), 0);
  ck_assert_int_eq (tool (NULL, "migrate revert --target-version 0", &out, &err), 1);
  ck_assert_msg (strstr (out, "about to revert") && strstr (out, "2 b") && strstr (out, "revert 2 migrations?")
                 && strstr (err, "no answer on standard input, so reverted nothing: pass -y"), "%s%s", out, err);
  h1 = history_of_app ();
  ck_assert_str_eq (h1, "1,2");
  ck_assert_int_eq (tool ("n\\n", "migrate revert --target-version 0", &out2, &err2), 1);
  ck_assert_msg (strstr (err2, "not confirmed, so reverted nothing"), "%s", err2);
  h2 = history_of_app ();
  ck_assert_str_eq (h2, "1,2");
  ck_assert_int_eq (tool (NULL, "migrate revert --target-version 0 -y", &out3, NULL), 0);
  ck_assert_msg (strstr (out3, "reverted 2 b (") && strstr (out3, "reverted 1 a (")
                 && strstr (out3, "reverted 2 migrations"), "%s", out3);
  h3 = history_of_app ();
  ck_assert_str_eq (h3, "");
}
END_TEST

/* Reverting one migration whose down file drops a table asks too. */
START_TEST (test_tool_revert_destructive_asks_first)
{
  g_autofree char *out = NULL, *err = NULL, *t = NULL, *t2 = NULL;

  write_migration ("1_a.up.sql", "CREATE TABLE a (x int);\nINSERT INTO a VALUES (1);\n");
  write_migration ("1_a.down.sql", "DROP TABLE a;\n");
  ck_assert_int_eq (tool (NULL, "migrate run", NULL, NULL), 0);
  ck_assert_int_eq (tool (NULL, "migrate revert", &out, &err), 1);
  ck_assert_msg (strstr (out, "destructive: ") && strstr (out, "1_a.down.sql: line 1: DROP TABLE a;")
                 && strstr (out, "losing the data above?"), "%s", out);
  t = q ("SELECT count(*)::text FROM a");
  ck_assert_str_eq (t, "1");
  ck_assert_int_eq (tool ("y\\n", "migrate revert", NULL, NULL), 0);
  t2 = q ("SELECT to_regclass('a')::text");
  ck_assert_ptr_null (t2);
}
END_TEST

/* `run` used to apply steps marked destructive without a word: it lists
 * them and asks; without an answer it applies nothing, -y applies.  A
 * database `setup` has just created has nothing to lose: no question. */
START_TEST (test_tool_run_destructive_asks_first)
{
  g_autofree char *out = NULL, *err = NULL, *h = NULL, *out2 = NULL, *c = NULL, *h2 = NULL;

  write_migration ("1_a.sql", "CREATE TABLE a (x int, y int);\nINSERT INTO a VALUES (1, 2);\n");
  write_migration ("2_drop_y.sql", "-- WARNING: destructive: drop column y of a\nALTER TABLE a DROP COLUMN y;\n");
  ck_assert_int_eq (tool (NULL, "migrate run --target-version 1", NULL, NULL), 0);
  ck_assert_int_eq (tool (NULL, "migrate run", &out, &err), 1);
  ck_assert_msg (strstr (out, "2_drop_y.sql: line 1: drop column y of a")
                 && strstr (out, "1 destructive step (above). Apply them?")
                 && strstr (err, "no answer on standard input, so applied nothing: pass -y"), "%s%s", out, err);
  h = history_of_app ();
  ck_assert_str_eq (h, "1");
  c = q ("SELECT y::text FROM a");
  ck_assert_str_eq (c, "2");
  ck_assert_int_eq (tool (NULL, "migrate run -y", &out2, NULL), 0);
  ck_assert_msg (strstr (out2, "applied 2 drop y ("), "%s", out2);
  ck_assert_int_eq (tool (NULL, "database drop -y", NULL, NULL), 0);
  ck_assert_int_eq (tool (NULL, "database setup", NULL, NULL), 0);
  h2 = history_of_app ();
  ck_assert_str_eq (h2, "1,2");
}
END_TEST

/* --dry-run prints the SQL it would run and changes nothing. */
START_TEST (test_tool_dry_run_changes_nothing)
{
  g_autofree char *out = NULL, *out2 = NULL, *h = NULL, *h2 = NULL;

  write_migration ("1_a.up.sql", "CREATE TABLE a (x int);\n");
  write_migration ("1_a.down.sql", "DROP TABLE a;\n");
  ck_assert_int_eq (tool (NULL, "migrate run --dry-run", &out, NULL), 0);
  ck_assert_msg (strstr (out, "-- apply 1 a (") && strstr (out, "CREATE TABLE a (x int);"), "%s", out);
  h = q ("SELECT coalesce(to_regclass('a')::text, '') || coalesce(to_regclass('_sqlx_migrations')::text, '')");
  ck_assert_str_eq (h, "");
  ck_assert_int_eq (tool (NULL, "migrate run", NULL, NULL), 0);
  ck_assert_int_eq (tool (NULL, "migrate revert --dry-run", &out2, NULL), 0);
  ck_assert_msg (strstr (out2, "-- revert 1 a (") && strstr (out2, "DROP TABLE a;"), "%s", out2);
  h2 = history_of_app ();
  ck_assert_str_eq (h2, "1");
}
END_TEST

/* status: exit 2 while pending or changed, with the command out of it. */
START_TEST (test_tool_status_and_resolve_changed_file)
{
  g_autofree char *out = NULL, *out2 = NULL, *err3 = NULL, *err4 = NULL, *out5 = NULL, *out6 = NULL;

  write_migration ("1_a.sql", "CREATE TABLE a (x int);\n");
  ck_assert_int_eq (tool (NULL, "migrate status", &out, NULL), 2);
  ck_assert_msg (strstr (out, "pending") && strstr (out, "app: 0 applied, 1 pending in database")
                 && strstr (out, ": mdb migrate run -d app"), "%s", out);
  ck_assert_int_eq (tool (NULL, "migrate run", NULL, NULL), 0);
  ck_assert_int_eq (tool (NULL, "migrate status", &out2, NULL), 0);
  ck_assert_msg (strstr (out2, "app: up to date, 1 applied"), "%s", out2);
  /* Someone edits the applied file (a comment: the database still matches). */
  write_migration ("1_a.sql", "-- creates a\nCREATE TABLE a (x int);\n");
  ck_assert_int_eq (tool (NULL, "migrate status", NULL, &err3), 2);
  ck_assert_msg (strstr (err3, "migration 1 (") && strstr (err3, "was changed after it was applied")
                 && strstr (err3, "mdb migrate resolve --applied 1 -d app"), "%s", err3);
  ck_assert_int_eq (tool (NULL, "migrate run", NULL, &err4), 1);
  ck_assert_msg (strstr (err4, "mdb migrate resolve --applied 1 -d app"), "%s", err4);
  ck_assert_int_eq (tool (NULL, "migrate resolve --applied 1 -d app", &out5, NULL), 0);
  ck_assert_msg (strstr (out5, "recorded migration 1 as applied"), "%s", out5);
  ck_assert_int_eq (tool (NULL, "migrate status", &out6, NULL), 0);
}
END_TEST

/* resolve --rolled-back forgets an applied migration whose file is gone;
 * it refuses one that is applied and present (that is what revert is for). */
START_TEST (test_tool_resolve_missing_file_and_refusals)
{
  g_autofree char *err = NULL, *err2 = NULL, *err3 = NULL, *h = NULL, *p = NULL;

  write_migration ("1_a.sql", "CREATE TABLE a (x int);\n");
  write_migration ("2_b.sql", "CREATE TABLE b (x int);\n");
  ck_assert_int_eq (tool (NULL, "migrate run", NULL, NULL), 0);
  ck_assert_int_eq (tool (NULL, "migrate resolve --rolled-back 1", NULL, &err), 1);
  ck_assert_msg (strstr (err, "only a failed migration, or one whose file is gone") && strstr (err, "mdb migrate revert"),
                 "%s", err);
  ck_assert_int_eq (tool (NULL, "migrate resolve --applied 1 --rolled-back 2", NULL, &err3), 2);
  p = g_build_filename (project, "migrations", "2_b.sql", NULL);
  g_unlink (p);
  ck_assert_int_eq (tool (NULL, "migrate status", NULL, &err2), 2);
  ck_assert_msg (strstr (err2, "mdb migrate resolve --rolled-back 2 -d app"), "%s", err2);
  ck_assert_int_eq (tool (NULL, "migrate resolve --rolled-back 2", NULL, NULL), 0);
  h = history_of_app ();
  ck_assert_str_eq (h, "1");
  ck_assert_int_eq (tool (NULL, "migrate status", NULL, NULL), 0);
}
END_TEST

/* Usage errors exit 2 with the usage line; typos get the nearest command;
 * `mdb help COMMAND` is that command's help. */
START_TEST (test_tool_usage_errors_exit_2)
{
  g_autofree char *e1 = NULL, *e2 = NULL, *e3 = NULL, *e4 = NULL, *o5 = NULL, *o6 = NULL;

  ck_assert_int_eq (tool (NULL, "migrate run --bogus", NULL, &e1), 2);
  ck_assert_msg (strstr (e1, "Unknown option --bogus") && strstr (e1, "Usage: mdb migrate run"), "%s", e1);
  ck_assert_int_eq (tool (NULL, "migrat run", NULL, &e2), 2);
  ck_assert_msg (strstr (e2, "did you mean `mdb migrate`?"), "%s", e2);
  ck_assert_int_eq (tool (NULL, "migrate stauts", NULL, &e3), 2);
  ck_assert_msg (strstr (e3, "did you mean `mdb migrate status`?"), "%s", e3);
  ck_assert_int_eq (tool (NULL, "migrate add", NULL, &e4), 2);
  ck_assert_msg (strstr (e4, "Usage: mdb migrate add NAME"), "%s", e4);
  ck_assert_int_eq (tool (NULL, "help migrate run", &o5, NULL), 0);
  ck_assert_msg (strstr (o5, "--target-version") && strstr (o5, "--dry-run"), "%s", o5);
  ck_assert_int_eq (tool (NULL, "help database", &o6, NULL), 0);
  ck_assert_msg (strstr (o6, "setup"), "%s", o6);
  for (guint i = 0; i < 5; i++)
    {
      static const char *const more[] = { "codegen --bogus", "schema lint --bogus", "schema frob", "prepare --bogus",
                                          "database setup extra" };
      g_autofree char *e = NULL;

      ck_assert_int_eq (tool (NULL, more[i], NULL, &e), 2);
      ck_assert_msg (strstr (e, "Usage: mdb "), "%s: %s", more[i], e);
    }
}
END_TEST

/* migrate diff: the steps (or SQL) from the migrations or the database to
 * the schema; exit 2 while there are some. */
START_TEST (test_tool_migrate_diff_and_add_summary)
{
  g_autofree char *conf = NULL, *o1 = NULL, *o2 = NULL, *o3 = NULL, *o4 = NULL, *o5 = NULL;

  conf = g_strdup_printf ("[database app]\nschema=app.prisma\nmigrations=migrations\nurl_env=MDB_TEST_APP_URL\n");
  mdb_ts_write_file (project, "mdb.conf", conf);
  mdb_ts_write_file (project, "app.prisma", "model Note {\n  id Int @id\n  body String\n}\n");
  ck_assert_int_eq (tool (NULL, "migrate diff", &o1, NULL), 2);
  ck_assert_msg (strstr (o1, "app: 1 step from the migrations of app to the schema"), "%s", o1);
  ck_assert_int_eq (tool (NULL, "migrate diff --script", &o2, NULL), 2);
  ck_assert_msg (strstr (o2, "CREATE TABLE \"Note\""), "%s", o2);
  ck_assert_int_eq (tool (NULL, "migrate add create_note", &o3, NULL), 0);
  ck_assert_msg (strstr (o3, "_create_note.up.sql and ") && strstr (o3, "1 step:\n  "), "%s", o3);
  ck_assert_int_eq (tool (NULL, "migrate diff", NULL, NULL), 0);
  ck_assert_int_eq (tool (NULL, "migrate diff --from-database", &o4, NULL), 2);
  ck_assert_int_eq (tool (NULL, "migrate run", NULL, NULL), 0);
  ck_assert_int_eq (tool (NULL, "migrate diff --from-database --script", &o5, NULL), 0);
  ck_assert_msg (strstr (o5, "0 steps"), "%s", o5);
}
END_TEST

/* prepare --all prepares every library under libs/ whose mdb-lib.conf names
 * a database, on that entry's URL (url_env), and says where; -d must agree
 * with mdb-lib.conf; no folder and no --all is a usage error. */
START_TEST (test_tool_prepare_all_reads_lib_conf)
{
  g_autofree char *libs = g_build_filename (project, "libs", NULL);
  g_autofree char *one = g_build_filename (libs, "one", NULL);
  g_autofree char *queries = g_build_filename (one, "queries", NULL);
  g_autofree char *cache = g_build_filename (one, ".mdb-cache", NULL);
  g_autofree char *out = NULL, *err = NULL, *err2 = NULL, *err3 = NULL, *expected = NULL, *args = NULL;

  write_migration ("1_note.sql", "CREATE TABLE note (id int PRIMARY KEY, body text NOT NULL);\n");
  ck_assert_int_eq (tool (NULL, "migrate run", NULL, NULL), 0);
  g_mkdir_with_parents (queries, 0755);
  mdb_ts_write_file (one, "mdb-lib.conf", "database=app\n");
  mdb_ts_write_file (queries, "notes.sql", "-- name: note_get :one\nSELECT id, body FROM note WHERE id = :id;\n");
  ck_assert_int_eq (tool (NULL, "prepare --all", &out, &err), 0);
  expected = g_strdup_printf ("libs/one on database \"%s\" on ", mdb_test_db_get_name (db));
  ck_assert_msg (strstr (out, expected) && strstr (out, "(URL from MDB_TEST_APP_URL)")
                 && strstr (out, "1 cache file(s) written"), "%s%s", out, err);
  ck_assert (g_file_test (cache, G_FILE_TEST_IS_DIR));
  ck_assert_int_eq (tool (NULL, "prepare --all --check -d app", NULL, NULL), 0);
  args = g_strdup_printf ("prepare '%s' -d other", one);
  ck_assert_int_eq (tool (NULL, args, NULL, &err2), 1);
  ck_assert_msg (strstr (err2, "mdb-lib.conf names database app, not other"), "%s", err2);
  ck_assert_int_eq (tool (NULL, "prepare", NULL, &err3), 2);
  ck_assert_msg (strstr (err3, "Usage: mdb prepare"), "%s", err3);
}
END_TEST

/* A server error in prepare points at the file's line and column where the
 * server's position falls, under psql's LINE/caret layout with the file's
 * text, names :params instead of $N, and --check reports every query. */
START_TEST (test_tool_prepare_errors_point_into_the_file)
{
  g_autofree char *lib = g_build_filename (project, "lib", NULL);
  g_autofree char *queries = g_build_filename (lib, "queries", NULL);
  g_autofree char *args = NULL, *err = NULL, *err2 = NULL;

  write_migration ("1_item.sql", "CREATE TABLE item (id int PRIMARY KEY, name text);\n");
  ck_assert_int_eq (tool (NULL, "migrate run", NULL, NULL), 0);
  g_mkdir_with_parents (queries, 0755);
  mdb_ts_write_file (lib, "mdb-lib.conf", "database=app\n");
  mdb_ts_write_file (queries, "q.sql",
                     "-- name: a :one\n"
                     "SELECT id,\n"
                     "       nme FROM item WHERE id = :item_id;\n"
                     "\n"
                     "-- name: b :one\n"
                     "SELECT 1 AS y WHERE :flag IS NULL;\n"
                     "\n"
                     "-- name: c :one\n"
                     "  SELECT name, idd FROM item WHERE id = :id;\n");
  args = g_strdup_printf ("prepare --check '%s'", lib);
  ck_assert_int_eq (tool (NULL, args, NULL, &err), 1);
  ck_assert_msg (strstr (err, "q.sql:3:8: query \"a\": column \"nme\" does not exist\n"
                              "LINE 3:        nme FROM item WHERE id = :item_id;\n"
                              "               ^\n"
                              "HINT: Perhaps you meant to reference the column \"item.name\".") != NULL, "%s", err);
  ck_assert_msg (strstr (err, "query \"b\": could not determine data type of parameter :flag") != NULL, "%s", err);
  ck_assert_msg (strstr (err, "q.sql:9:16: query \"c\": column \"idd\" does not exist\n"
                              "LINE 9:   SELECT name, idd FROM item WHERE id = :id;\n"
                              "                       ^") != NULL, "%s", err);
  g_free (args);
  args = g_strdup_printf ("prepare '%s'", lib);
  ck_assert_int_eq (tool (NULL, args, NULL, &err2), 1);
  ck_assert_msg (strstr (err2, "3 queries of") && strstr (err2, "failed to prepare (above): cache left as it was"),
                 "%s", err2);
}
END_TEST

/* Every command words a connection failure the same way: one line naming
 * the database, server and role, libpq's reason, no password. */
START_TEST (test_tool_connection_failures_read_the_same)
{
  static const char *const commands[] = {
    "migrate run", "migrate revert", "migrate status", "migrate resolve --applied 1", "database setup",
    "database create",
  };
  g_auto (GStrv) env = tool_env ();

  env = g_environ_setenv (env, "MDB_TEST_APP_URL", "postgresql://u:Sekr3tPw@127.0.0.1:1/nodb", TRUE);
  write_migration ("1_a.sql", "CREATE TABLE a (x int);\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *err = NULL;
      int rc = tool_in (env, NULL, commands[i], NULL, &err);
      const char *want = g_str_has_prefix (commands[i], "database")
                         ? "mdb: cannot connect to database \"postgres\" on 127.0.0.1:1 as u: "
                         : "mdb: cannot connect to database \"nodb\" on 127.0.0.1:1 as u: ";

      ck_assert_msg (rc == 1 && g_str_has_prefix (err, want) && strchr (err, '\n') == err + strlen (err) - 1
                     && strstr (err, "Sekr3t") == NULL, "%s: exit %d: %s", commands[i], rc, err);
    }
}
END_TEST

/* schema pull writes a Prisma schema from the live database that lints
 * clean and that migrate diff --from-database finds nothing missing from:
 * enums, composite keys, foreign keys both ways, defaults, native types,
 * descending and GIN indexes, names that need @map. */
START_TEST (test_tool_schema_pull_round_trips)
{
  g_autofree char *out = NULL, *err = NULL, *o2 = NULL, *o3 = NULL, *text = NULL, *pulled = NULL;
  g_autofree char *conf = NULL, *args = NULL;

  write_migration ("1_all.sql",
                   "CREATE TYPE mood AS ENUM ('happy', 'in-between');\n"
                   "CREATE TABLE \"Owner\" (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),\n"
                   "  \"displayName\" varchar(20) NOT NULL, mood mood NOT NULL DEFAULT 'happy',\n"
                   "  tags text[], born timestamptz(3) DEFAULT CURRENT_TIMESTAMP, \"odd name\" int DEFAULT 7);\n"
                   "CREATE TABLE pet (owner_id uuid NOT NULL REFERENCES \"Owner\" (id) ON DELETE CASCADE,\n"
                   "  n int NOT NULL, data jsonb NOT NULL DEFAULT '{}', price numeric(10,2),\n"
                   "  PRIMARY KEY (owner_id, n));\n"
                   "CREATE INDEX pet_price_idx ON pet (price DESC);\n"
                   "CREATE INDEX pet_data_gin ON pet USING gin (data jsonb_path_ops);\n");
  ck_assert_int_eq (tool (NULL, "migrate run", NULL, NULL), 0);
  pulled = g_build_filename (project, "pulled.prisma", NULL);
  args = g_strdup_printf ("schema pull -o '%s'", pulled);
  ck_assert_int_eq (tool (NULL, args, &out, &err), 0);
  ck_assert_msg (strstr (out, "pulled.prisma from database \"") && strstr (out, "2 models, 1 enums"),
                 "%s%s", out, err);
  ck_assert (g_file_get_contents (pulled, &text, NULL, NULL));
  ck_assert_msg (strstr (text, "in_between @map(\"in-between\")") && strstr (text, "@db.VarChar(20)")
                 && strstr (text, "@relation(\"pet_owner_id_fkey\"") && strstr (text, "back_pet_owner_id_fkey pet[]")
                 && strstr (text, "@@id([owner_id, n])") && strstr (text, "type: Gin"), "%s", text);
  conf = g_strdup_printf ("[database app]\nschema=pulled.prisma\nmigrations=migrations\nurl_env=MDB_TEST_APP_URL\n");
  mdb_ts_write_file (project, "mdb.conf", conf);
  ck_assert_int_eq (tool (NULL, "schema lint -d app", &o2, NULL), 0);
  ck_assert_int_eq (tool (NULL, "migrate diff --from-database", &o3, NULL), 0);
  ck_assert_msg (strstr (o3, "app: 0 steps from database"), "%s\n%s", o3, text);
}
END_TEST

static Suite *
tool_suite (void)
{
  Suite *s = suite_create ("migrate");
  TCase *tc = tcase_create ("tool");

  tcase_set_timeout (tc, 120);
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_tool_eight_runners_apply_each_migration_once);
  tcase_add_test (tc, test_tool_info_exits_2_while_pending);
  tcase_add_test (tc, test_tool_failing_migration_names_file_and_line);
  tcase_add_test (tc, test_tool_revert_runs_down_file);
  tcase_add_test (tc, test_tool_database_reset_with_open_connections);
  tcase_add_test (tc, test_tool_database_drop_answer_n_keeps_it);
  tcase_add_test (tc, test_tool_database_setup_creates_and_migrates);
  tcase_add_test (tc, test_tool_help_and_errors);
  tcase_add_test (tc, test_tool_schema_commands_without_schema_say_so);
  tcase_add_test (tc, test_tool_migration_with_commit_is_refused_without_trace);
  tcase_add_test (tc, test_tool_refuses_maintenance_database);
  tcase_add_test (tc, test_tool_url_without_database_targets_entry);
  tcase_add_test (tc, test_tool_unknown_target_version_is_an_error);
  tcase_add_test (tc, test_tool_revert_several_asks_first);
  tcase_add_test (tc, test_tool_revert_destructive_asks_first);
  tcase_add_test (tc, test_tool_run_destructive_asks_first);
  tcase_add_test (tc, test_tool_dry_run_changes_nothing);
  tcase_add_test (tc, test_tool_status_and_resolve_changed_file);
  tcase_add_test (tc, test_tool_resolve_missing_file_and_refusals);
  tcase_add_test (tc, test_tool_usage_errors_exit_2);
  tcase_add_test (tc, test_tool_migrate_diff_and_add_summary);
  tcase_add_test (tc, test_tool_prepare_all_reads_lib_conf);
  tcase_add_test (tc, test_tool_prepare_errors_point_into_the_file);
  tcase_add_test (tc, test_tool_connection_failures_read_the_same);
  tcase_add_test (tc, test_tool_schema_pull_round_trips);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return mdb_test_run (srunner_create (tool_suite ()), TRUE);
}
