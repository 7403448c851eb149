/* SPDX-License-Identifier: MIT */
/* Tests of the throwaway-database harness itself (mdb-testing). */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "mdb-test-support.h"

static MdbTestDb *
new_db (const char *migrations)
{
  g_autoptr (GError) error = NULL;
  MdbTestDb *db = mdb_test_db_new (migrations, &error);

  ck_assert_msg (db != NULL, "mdb_test_db_new: %s", mdb_ts_one_line (error));
  return db;
}

static char *
template_name (const char *migrations)
{
  g_autoptr (MdbMigrator) m = mdb_migrator_new (migrations, NULL);
  g_autofree char *fp = mdb_migrator_dup_fingerprint (m);

  return g_strdup_printf ("mdb_tmpl_%.16s", fp);
}

/* Templates of temp folders are unique to the test: remove them. */
static void
drop_template (const char *name)
{
  PGconn *pg = mdb_ts_connect (mdb_test_admin_url ());
  g_autofree char *a = g_strdup_printf ("ALTER DATABASE \"%s\" IS_TEMPLATE false", name);
  g_autofree char *d = g_strdup_printf ("DROP DATABASE \"%s\"", name);

  g_free (mdb_ts_query (pg, a));
  g_free (mdb_ts_query (pg, d));
  PQfinish (pg);
}

static char *
template_oid (const char *name)
{
  PGconn *pg = mdb_ts_connect (mdb_test_admin_url ());
  g_autofree char *sql = g_strdup_printf (
      "SELECT oid::text FROM pg_database WHERE datname = '%s' AND datistemplate", name);
  char *oid = mdb_ts_query (pg, sql);

  PQfinish (pg);
  return oid;
}

START_TEST (test_harness_databases_are_independent)
{
  g_autoptr (MdbTestDb) a = new_db (NULL);
  g_autoptr (MdbTestDb) b = new_db (NULL);
  PGconn *pa = mdb_ts_connect (mdb_test_db_get_url (a));
  PGconn *pb = mdb_ts_connect (mdb_test_db_get_url (b));
  g_autofree char *in_b = NULL;

  ck_assert_str_ne (mdb_test_db_get_name (a), mdb_test_db_get_name (b));
  g_free (mdb_ts_query (pa, "CREATE TABLE note (body text); INSERT INTO note VALUES ('only in a')"));
  in_b = mdb_ts_query (pb, "SELECT to_regclass('note')::text");
  ck_assert_ptr_null (in_b);
  PQfinish (pa);
  PQfinish (pb);
}
END_TEST

START_TEST (test_harness_free_drops_the_database)
{
  MdbTestDb *db = new_db (NULL);
  g_autofree char *name = g_strdup (mdb_test_db_get_name (db));
  g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM pg_database WHERE datname = '%s'", name);
  PGconn *pg = mdb_ts_connect (mdb_test_admin_url ());
  g_autofree char *before = mdb_ts_query (pg, sql);
  g_autofree char *after = NULL;

  ck_assert_ptr_nonnull (before);
  mdb_test_db_free (db);
  after = mdb_ts_query (pg, sql);
  ck_assert_ptr_null (after);
  PQfinish (pg);
}
END_TEST

START_TEST (test_harness_fixture_applies_in_one_transaction)
{
  g_autofree char *dir = mdb_ts_make_dir ();
  g_autofree char *good = g_build_filename (dir, "good.sql", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.sql", NULL);
  g_autoptr (MdbTestDb) db = new_db (NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *count = NULL;
  PGconn *pg;

  mdb_ts_write_file (dir, "good.sql", "CREATE TABLE t (x int);\nINSERT INTO t VALUES (1), (2);\n");
  mdb_ts_write_file (dir, "bad.sql", "INSERT INTO t VALUES (3);\nINSERT INTO nope VALUES (4);\n");
  ck_assert_msg (mdb_test_db_apply_fixture (db, good, &error), "%s", mdb_ts_one_line (error));
  ck_assert (!mdb_test_db_apply_fixture (db, bad, &error));
  ck_assert_msg (strstr (error->message, "bad.sql") && strstr (error->message, "nope"),
                 "%s", mdb_ts_one_line (error));
  pg = mdb_ts_connect (mdb_test_db_get_url (db));
  count = mdb_ts_query (pg, "SELECT count(*)::text FROM t");
  ck_assert_str_eq (count, "2");
  PQfinish (pg);
  mdb_ts_rm_rf (dir);
}
END_TEST

START_TEST (test_harness_template_reused_until_migrations_change)
{
  g_autofree char *dir = mdb_ts_make_dir ();
  g_autofree char *uniq = g_strdup_printf ("CREATE TABLE first_%08x (x int);", g_random_int ());
  g_autofree char *t1 = NULL, *t2 = NULL, *oid1 = NULL, *oid1b = NULL;
  g_autofree char *has_second = NULL;
  MdbTestDb *db;
  PGconn *pg;

  mdb_ts_write_file (dir, "1_first.sql", uniq);
  t1 = template_name (dir);
  mdb_test_db_free (new_db (dir));
  oid1 = template_oid (t1);
  ck_assert_msg (oid1 != NULL, "template %s was not built", t1);
  mdb_test_db_free (new_db (dir));
  oid1b = template_oid (t1);
  ck_assert_msg (oid1b && strcmp (oid1, oid1b) == 0, "template was rebuilt although unchanged");

  mdb_ts_write_file (dir, "2_second.sql", "CREATE TABLE second (y int);");
  t2 = template_name (dir);
  ck_assert_str_ne (t1, t2);
  db = new_db (dir);
  pg = mdb_ts_connect (mdb_test_db_get_url (db));
  has_second = mdb_ts_query (pg, "SELECT to_regclass('second')::text");
  ck_assert_ptr_nonnull (has_second);
  PQfinish (pg);
  mdb_test_db_free (db);
  drop_template (t1);
  drop_template (t2);
  mdb_ts_rm_rf (dir);
}
END_TEST

START_TEST (test_harness_concurrent_processes_build_one_template)
{
  g_autofree char *dir = mdb_ts_make_dir ();
  g_autofree char *uniq = g_strdup_printf ("CREATE TABLE race_%08x (x int); SELECT pg_sleep(0.3);", g_random_int ());
  g_autofree char *t = NULL;
  pid_t pids[4];

  mdb_ts_write_file (dir, "1_race.sql", uniq);
  t = template_name (dir);
  for (int i = 0; i < 4; i++)
    if ((pids[i] = fork ()) == 0)
      {
        MdbTestDb *db = mdb_test_db_new (dir, NULL);
        int rc = db != NULL ? 0 : 1;

        /* _exit skips the g_autofree cleanups; valgrind runs see the child. */
        mdb_test_db_free (db);
        g_free (uniq), g_free (t), g_free (dir);
        _exit (rc);
      }
  for (int i = 0; i < 4; i++)
    {
      int status = 0;
      waitpid (pids[i], &status, 0);
      ck_assert_msg (WIFEXITED (status) && WEXITSTATUS (status) == 0, "child %d failed", i);
    }
  drop_template (t);
  mdb_ts_rm_rf (dir);
}
END_TEST

START_TEST (test_harness_bad_migration_fails_db_new_and_leaves_no_template)
{
  g_autofree char *dir = mdb_ts_make_dir ();
  g_autoptr (GError) error = NULL;
  g_autofree char *t = NULL, *oid = NULL;

  mdb_ts_write_file (dir, "1_broken.sql", "CREATE TABLE ok (x int);\nCREATE TABLEX broken;\n");
  t = template_name (dir);
  ck_assert_ptr_null (mdb_test_db_new (dir, &error));
  ck_assert_msg (strstr (error->message, "1_broken.sql:2") != NULL, "%s", mdb_ts_one_line (error));
  oid = template_oid (t);
  ck_assert_ptr_null (oid);
  mdb_ts_rm_rf (dir);
}
END_TEST

static Suite *
harness_suite (void)
{
  Suite *s = suite_create ("migrate");
  TCase *tc = tcase_create ("harness");

  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_harness_databases_are_independent);
  tcase_add_test (tc, test_harness_free_drops_the_database);
  tcase_add_test (tc, test_harness_fixture_applies_in_one_transaction);
  tcase_add_test (tc, test_harness_template_reused_until_migrations_change);
  tcase_add_test (tc, test_harness_concurrent_processes_build_one_template);
  tcase_add_test (tc, test_harness_bad_migration_fails_db_new_and_leaves_no_template);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return mdb_test_run (srunner_create (harness_suite ()), TRUE);
}
