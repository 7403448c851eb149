/* SPDX-License-Identifier: MIT */
/* test-comms-example.c: runs docs/libs/comms-example.c on a fresh MacroDB and checks its output. */
#include <string.h>
#include <check.h>
#include <mdb-testing/mdb-testing.h>

static const char expected[] =
  "direct message found again: yes\n"
  "refused: mallory is not an active participant\n"
  "channel general (private, 3 people): thanks!, 2 unread\n"
  "channel (direct message) (direct_message, 2 people): (no message yet), 0 unread\n"
  "context of the post: 1 message(s)\n"
  "reaction 👍 x1 (including alice)\n"
  "roadmap: mention in general by carol\n"
  "roadmap: attachment in general by bob\n";

START_TEST (test_example_program_prints_the_documented_output)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *migrations = g_build_filename (mdb_test_source_root (), "migrations", "macrodb", NULL);
  g_autoptr(MdbTestDb) db = mdb_test_db_new (migrations, &error);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *flat = NULL;
  const char *argv[] = { g_getenv ("COMMS_EXAMPLE"), NULL, NULL };
  int status = -1;

  ck_assert_msg (db != NULL, "test db: %s", error ? error->message : "");
  ck_assert_msg (argv[0] != NULL, "COMMS_EXAMPLE is not set");
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
comms_example_suite (void)
{
  Suite *s = suite_create ("comms-example");
  TCase *tc = tcase_create ("example");

  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_example_program_prints_the_documented_output);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return mdb_test_run (srunner_create (comms_example_suite ()), TRUE);
}
