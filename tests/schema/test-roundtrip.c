/* SPDX-License-Identifier: MIT */
/* Db tests: migrations and schema agree, up/down/up is lossless, migrate check detects drift. */
#include <check.h>
#include <string.h>
#include <glib/gstdio.h>
#include <mdb-testing/mdb-testing.h>
#include "schema-model.h"
#include "mdb-schema-cmd.h"

static const char *const databases[] = { "macrodb", "contactsdb" };

static char *
root_path (const char *a, const char *b)
{
  return g_build_filename (mdb_test_source_root (), a, b, NULL);
}

static MdbSchema *
introspect_url (const char *url)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MdbConn) conn = mdb_conn_new (url, &error);
  MdbSchema *schema;

  ck_assert_msg (conn != NULL, "connect: %s", error != NULL ? error->message : "");
  schema = mdb__schema_introspect (conn, &error);
  ck_assert_msg (schema != NULL, "introspect: %s", error != NULL ? error->message : "");
  return schema;
}

static void
assert_no_steps (const MdbSchema *from, const MdbSchema *to, const char *what)
{
  g_autoptr (GPtrArray) steps = mdb__schema_diff (from, to);

  ck_assert_msg (steps->len == 0, "%s: %u differences, first: %s", what, steps->len,
                 steps->len > 0 ? ((MdbSchemaStep *) g_ptr_array_index (steps, 0))->summary : "");
}

START_TEST (test_migrations_match_schema)
{
  const char *name = databases[_i];
  g_autofree char *dir = root_path ("migrations", name);
  g_autofree char *file = g_strdup_printf ("%s.prisma", name);
  g_autofree char *schema_path = root_path ("schema", file);
  g_autoptr (GError) error = NULL;
  g_autoptr (MdbTestDb) db = mdb_test_db_new (dir, &error);
  g_autoptr (MdbSchema) live = NULL;
  g_autoptr (MdbSchema) wanted = mdb__prisma_parse_file (schema_path, &error);

  ck_assert_msg (db != NULL, "test db: %s", error != NULL ? error->message : "");
  ck_assert_msg (wanted != NULL, "parse: %s", error != NULL ? error->message : "");
  live = introspect_url (mdb_test_db_get_url (db));
  assert_no_steps (live, wanted, name);
  assert_no_steps (wanted, live, name);
}
END_TEST

/* Reverts every migration of @dir on @db: the database must be empty then. */
static void
revert_all_leaves_nothing (MdbTestDb *db, MdbMigrator *migrator, MdbConn *conn, const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MdbSchema) empty = NULL;

  ck_assert_msg (mdb_migrator_revert (migrator, conn, 0, 10 * G_USEC_PER_SEC, NULL, &error),
                 "%s: revert: %s", name, error != NULL ? error->message : "");
  empty = introspect_url (mdb_test_db_get_url (db));
  ck_assert_msg (empty->tables->len == 0 && empty->enums->len == 0, "%s: down left %u tables, %u enums",
                 name, empty->tables->len, empty->enums->len);
}

START_TEST (test_up_down_up_leaves_same_catalog)
{
  const char *name = databases[_i];
  g_autofree char *dir = root_path ("migrations", name);
  g_autoptr (GError) error = NULL;
  g_autoptr (MdbTestDb) db = mdb_test_db_new (dir, &error);
  g_autoptr (MdbMigrator) migrator = NULL;
  g_autoptr (MdbConn) conn = NULL;
  g_autoptr (MdbSchema) first = NULL;
  g_autoptr (MdbSchema) again = NULL;

  ck_assert_msg (db != NULL, "test db: %s", error != NULL ? error->message : "");
  first = introspect_url (mdb_test_db_get_url (db));
  migrator = mdb_migrator_new (dir, &error);
  ck_assert_msg (migrator != NULL, "%s", error != NULL ? error->message : "");
  conn = mdb_conn_new (mdb_test_db_get_url (db), &error);
  ck_assert_msg (conn != NULL, "%s", error != NULL ? error->message : "");
  revert_all_leaves_nothing (db, migrator, conn, name);
  ck_assert_msg (mdb_migrator_run (migrator, conn, -1, 10 * G_USEC_PER_SEC, NULL, &error),
                 "run: %s", error != NULL ? error->message : "");
  again = introspect_url (mdb_test_db_get_url (db));
  assert_no_steps (first, again, name);
}
END_TEST

/* Each tests/schema/data/<case>: its up.sql (the generator's snapshot)
 * applies on a fresh database, which then matches schema.prisma both ways;
 * down.sql leaves the database empty again. */
static const char *const snapshot_cases[] = { "real-world", "many-to-many", "relation-mode", "extensions" };

START_TEST (test_snapshot_migrations_apply)
{
  const char *name = snapshot_cases[_i];
  g_autofree char *data = root_path ("tests/schema/data", name);
  g_autofree char *schema_path = g_build_filename (data, "schema.prisma", NULL);
  g_autofree char *up_path = g_build_filename (data, "up.sql", NULL);
  g_autofree char *down_path = g_build_filename (data, "down.sql", NULL);
  g_autofree char *tmpdir = g_dir_make_tmp ("mdb-snapshot-XXXXXX", NULL);
  g_autofree char *up_copy = g_build_filename (tmpdir, "20000101000000_init.up.sql", NULL);
  g_autofree char *down_copy = g_build_filename (tmpdir, "20000101000000_init.down.sql", NULL);
  g_autofree char *up = NULL, *down = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (MdbSchema) wanted = mdb__prisma_parse_file (schema_path, &error);
  g_autoptr (MdbTestDb) db = NULL;
  g_autoptr (MdbSchema) live = NULL;
  g_autoptr (MdbMigrator) migrator = NULL;
  g_autoptr (MdbConn) conn = NULL;

  ck_assert_msg (wanted != NULL, "parse: %s", error != NULL ? error->message : "");
  ck_assert (g_file_get_contents (up_path, &up, NULL, NULL) && g_file_set_contents (up_copy, up, -1, NULL));
  ck_assert (g_file_get_contents (down_path, &down, NULL, NULL) && g_file_set_contents (down_copy, down, -1, NULL));
  db = mdb_test_db_new (tmpdir, &error);
  ck_assert_msg (db != NULL, "%s: up.sql: %s", name, error != NULL ? error->message : "");
  live = introspect_url (mdb_test_db_get_url (db));
  assert_no_steps (live, wanted, name);
  assert_no_steps (wanted, live, name);
  migrator = mdb_migrator_new (tmpdir, &error);
  conn = mdb_conn_new (mdb_test_db_get_url (db), &error);
  ck_assert_msg (conn != NULL && migrator != NULL, "%s", error != NULL ? error->message : "");
  revert_all_leaves_nothing (db, migrator, conn, name);
  g_unlink (up_copy);
  g_unlink (down_copy);
  g_rmdir (tmpdir);
}
END_TEST

static MdbToolDatabase *
tool_database (const char *name, const char *schema_path)
{
  MdbToolDatabase *db = g_new0 (MdbToolDatabase, 1);
  g_autofree char *file = g_strdup_printf ("%s.prisma", name);

  db->name = g_strdup (name);
  db->schema_path = schema_path != NULL ? g_strdup (schema_path) : root_path ("schema", file);
  db->migrations_dir = root_path ("migrations", name);
  db->url = g_strdup (mdb_test_admin_url ());
  return db;
}

START_TEST (test_migrate_check_passes_on_real_tree)
{
  g_autoptr (MdbToolDatabase) db = tool_database (databases[_i], NULL);

  ck_assert_int_eq (mdb_schema_migrate_check (db), MDB_EXIT_OK);
}
END_TEST

START_TEST (test_migrate_check_reports_drift_after_schema_edit)
{
  g_autofree char *src = root_path ("schema", "contactsdb.prisma");
  g_autofree char *text = NULL;
  g_autofree char *tmpdir = g_dir_make_tmp ("mdb-schema-XXXXXX", NULL);
  g_autofree char *copy = g_build_filename (tmpdir, "contactsdb.prisma", NULL);
  g_autoptr (GString) edited = NULL;
  g_autoptr (MdbToolDatabase) db = NULL;

  ck_assert (g_file_get_contents (src, &text, NULL, NULL));
  edited = g_string_new (text);
  g_string_replace (edited, "  user2      String\n", "  user2      String\n  note       String?\n", 1);
  ck_assert (strstr (edited->str, "note") != NULL);
  ck_assert (g_file_set_contents (copy, edited->str, -1, NULL));
  db = tool_database ("contactsdb", copy);
  ck_assert_int_eq (mdb_schema_migrate_check (db), MDB_EXIT_DRIFT);
  g_unlink (copy);
  g_rmdir (tmpdir);
}
END_TEST

START_TEST (test_migrate_add_writes_nothing_without_changes)
{
  g_autoptr (MdbToolDatabase) db = tool_database ("contactsdb", NULL);
  g_autoptr (MdbMigrator) before = mdb_migrator_new (db->migrations_dir, NULL);
  g_autoptr (MdbMigrator) after = NULL;

  ck_assert_int_eq (mdb_schema_migrate_add (db, "nothing", FALSE), MDB_EXIT_OK);
  after = mdb_migrator_new (db->migrations_dir, NULL);
  ck_assert_uint_eq (mdb_migrator_get_migrations (before)->len, mdb_migrator_get_migrations (after)->len);
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("schema-roundtrip");
  TCase *tc = tcase_create ("roundtrip");

  tcase_add_loop_test (tc, test_migrations_match_schema, 0, G_N_ELEMENTS (databases));
  tcase_add_loop_test (tc, test_up_down_up_leaves_same_catalog, 0, G_N_ELEMENTS (databases));
  tcase_add_loop_test (tc, test_migrate_check_passes_on_real_tree, 0, G_N_ELEMENTS (databases));
  tcase_add_loop_test (tc, test_snapshot_migrations_apply, 0, G_N_ELEMENTS (snapshot_cases));
  tcase_add_test (tc, test_migrate_check_reports_drift_after_schema_edit);
  tcase_add_test (tc, test_migrate_add_writes_nothing_without_changes);
  tcase_set_timeout (tc, 240);
  suite_add_tcase (s, tc);
  return mdb_test_run (srunner_create (s), TRUE);
}
