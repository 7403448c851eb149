/* SPDX-License-Identifier: MIT */
/* A service's own test, built outside the macrodb tree: against an installed
 * prefix (pkg-config) or with macrodb as a meson subproject.  It gets a
 * throwaway ContactsDB from mdb-testing and writes through
 * contacts_db_client, as a service repository's tests would. */
#include <check.h>
#include <mdb-testing/mdb-testing.h>
#include <contacts-db/contacts-db.h>

START_TEST (test_service_uses_throwaway_contactsdb)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MdbTestDb) db = mdb_test_db_new (MIGRATIONS_DIR "/contactsdb", &error);
  g_autoptr (MdbConn) conn = NULL;
  ContactsDbPair pair = { "00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002" };
  gint64 n;

  ck_assert_msg (db != NULL, "mdb_test_db_new: %s", error ? error->message : "?");
  conn = mdb_conn_new (mdb_test_db_get_url (db), &error);
  ck_assert_msg (conn != NULL, "connect: %s", error ? error->message : "?");
  n = contacts_db_connections_create (MDB_EXECUTOR (conn), &pair, 1, &error);
  ck_assert_msg (n == 1, "create: %s", error ? error->message : "?");
  ck_assert (contacts_db_connection_exists (MDB_EXECUTOR (conn), pair.user_b, pair.user_a, &error));
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("service");
  TCase *tc = tcase_create ("db");

  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_service_uses_throwaway_contactsdb);
  suite_add_tcase (s, tc);
  return mdb_test_run (srunner_create (s), TRUE);
}
