/* SPDX-License-Identifier: MIT */
/* test-properties-example.c: runs docs/libs/properties-example.c on a fresh MacroDB and checks its output. */
#include <string.h>
#include <check.h>
#include <mdb-testing/mdb-testing.h>

/* The option ids in the output are random: the lines are compared with
 * them masked as <uuid>. */
static const char expected[] =
  "Priority: Low Medium High\n"
  "refused (entity_properties_match_definition): property \"due\" (<uuid>): a DATE value has \"type\": \"Date\", not \"Number\"\n"
  "doc-1 due = {\"type\": \"Date\", \"value\": \"2026-03-01\"}\n"
  "doc-1 Priority = {\"type\": \"SelectOption\", \"value\": [\"<uuid>\"]} (High)\n"
  "doc-2 Priority = {\"type\": \"SelectOption\", \"value\": [\"<uuid>\"]} (High)\n"
  "High: DOCUMENT doc-1\n"
  "High: DOCUMENT doc-2\n";

static char *
mask_uuids (const char *text)
{
  g_autoptr(GRegex) re = g_regex_new ("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", 0, 0, NULL);

  return g_regex_replace_literal (re, text, -1, 0, "<uuid>", 0, NULL);
}

START_TEST (test_example_program_prints_the_documented_output)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *migrations = g_build_filename (mdb_test_source_root (), "migrations", "macrodb", NULL);
  g_autoptr(MdbTestDb) db = mdb_test_db_new (migrations, &error);
  g_autoptr(MdbConn) conn = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *masked = NULL;
  const char *argv[] = { g_getenv ("PROPERTIES_EXAMPLE"), NULL, NULL };
  int status = -1;

  ck_assert_msg (db != NULL, "test db: %s", error ? error->message : "");
  ck_assert_msg (argv[0] != NULL, "PROPERTIES_EXAMPLE is not set");
  conn = mdb_conn_new (mdb_test_db_get_url (db), &error);
  ck_assert_msg (conn != NULL && mdb_conn_exec_script (conn, "INSERT INTO \"User\" (id, email)"
                                                       " VALUES ('macro|ada@example.com', 'ada@example.com')", &error),
                 "user: %s", error ? error->message : "");
  argv[1] = mdb_test_db_get_url (db);
  ck_assert_msg (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error),
                 "spawn: %s", error ? error->message : "");
  ck_assert_msg (g_spawn_check_wait_status (status, NULL), "example failed: %s", err);
  masked = mask_uuids (out);
  ck_assert_msg (strcmp (masked, expected) == 0, "unexpected output:\n%s", masked);
}
END_TEST

static Suite *
properties_example_suite (void)
{
  Suite *s = suite_create ("properties-example");
  TCase *tc = tcase_create ("example");

  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_example_program_prints_the_documented_output);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return mdb_test_run (srunner_create (properties_example_suite ()), TRUE);
}
