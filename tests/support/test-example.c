/* SPDX-License-Identifier: MIT */
/* test-example.c: runs a library's documented example program on a fresh
 * database and compares its output with the expected file, so docs/libs/
 * examples cannot rot.  Environment (set by the library's tests/.../meson.build):
 *   EXAMPLE           the built example program
 *   EXAMPLE_DATABASE  the folder under migrations/ (macrodb, contactsdb)
 *   EXAMPLE_EXPECTED  the file holding its exact expected standard output */
#include <string.h>
#include <check.h>
#include <mdb-testing/mdb-testing.h>

START_TEST (test_example_program_prints_the_documented_output)
{
  g_autoptr(GError) error = NULL;
  const char *database = g_getenv ("EXAMPLE_DATABASE");
  const char *expected_path = g_getenv ("EXAMPLE_EXPECTED");
  g_autofree char *migrations = NULL;
  g_autoptr(MdbTestDb) db = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *flat = NULL;
  const char *argv[] = { g_getenv ("EXAMPLE"), NULL, NULL };
  int status = -1;

  ck_assert_msg (argv[0] != NULL && database != NULL && expected_path != NULL,
                 "EXAMPLE, EXAMPLE_DATABASE and EXAMPLE_EXPECTED must be set");
  ck_assert_msg (g_file_get_contents (expected_path, &expected, NULL, &error), "%s", error ? error->message : "");
  migrations = g_build_filename (mdb_test_source_root (), "migrations", database, NULL);
  db = mdb_test_db_new (migrations, &error);
  ck_assert_msg (db != NULL, "test db: %s", error ? error->message : "");
  argv[1] = mdb_test_db_get_url (db);
  ck_assert_msg (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error),
                 "spawn: %s", error ? error->message : "");
  flat = g_strdelimit (g_strdup (err), "\n", ' ');
  ck_assert_msg (g_spawn_check_wait_status (status, NULL), "example failed: %s", flat);
  g_free (flat);
  flat = g_strdelimit (g_strdup (out), "\n", '|');
  ck_assert_msg (strcmp (out, expected) == 0, "unexpected output: %s", flat);
}
END_TEST

static Suite *
example_suite (void)
{
  Suite *s = suite_create ("example");
  TCase *tc = tcase_create ("example");

  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_example_program_prints_the_documented_output);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return mdb_test_run (srunner_create (example_suite ()), TRUE);
}
