/* SPDX-License-Identifier: MIT */
/* test-email-example.c: runs docs/libs/email-example.c on a fresh MacroDB and checks its output. */
#include <string.h>
#include <check.h>
#include <mdb-testing/mdb-testing.h>

static const char *expected_head =
  "inbox: Ann Shop | Hello | Lunch?\n"
  "inbox: Me | Re: Your invoice | Thanks! | unread | attachment\n"
  "message: ann@shop.com -> me@example.com: Your invoice (1 attachment)\n"
  "message: me@example.com -> ann@shop.com: Re: Your invoice (0 attachments)\n"
  "marked read: 1\n"
  "contact: Ann Shop <ann@shop.com>\n"
  "other user: no link ";

START_TEST (test_example_program_prints_the_documented_output)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *migrations = g_build_filename (mdb_test_source_root (), "migrations", "macrodb", NULL);
  g_autoptr(MdbTestDb) db = mdb_test_db_new (migrations, &error);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *flat = NULL;
  const char *argv[] = { g_getenv ("EMAIL_EXAMPLE"), NULL, NULL };
  int status = -1;

  ck_assert_msg (db != NULL, "test db: %s", error ? error->message : "");
  ck_assert_msg (argv[0] != NULL, "EMAIL_EXAMPLE is not set");
  argv[1] = mdb_test_db_get_url (db);
  ck_assert_msg (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error),
                 "spawn: %s", error ? error->message : "");
  flat = g_strdelimit (g_strdup (err), "\n", ' ');
  ck_assert_msg (g_spawn_check_wait_status (status, NULL), "example failed: %s", flat);
  g_free (flat);
  flat = g_strdelimit (g_strdup (out), "\n", '|');
  ck_assert_msg (g_str_has_prefix (out, expected_head), "unexpected output: %s", flat);
}
END_TEST

static Suite *
email_example_suite (void)
{
  Suite *s = suite_create ("email-example");
  TCase *tc = tcase_create ("example");

  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_example_program_prints_the_documented_output);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return mdb_test_run (srunner_create (email_example_suite ()), TRUE);
}
