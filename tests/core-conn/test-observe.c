/* SPDX-License-Identifier: MIT */
/* What the core tells the application: server notices in GLib's log. */
#include "conn-test.h"

/* Records of domain "mdb" logged by the test so far (set up in main, so a
 * forked test inherits it). */
typedef struct {
  GLogLevelFlags level;
  char          *message;
  GHashTable    *fields;   /* key -> value, both owned */
} LogRecord;

static GPtrArray *records;

static void
log_record_free (LogRecord *record)
{
  g_free (record->message);
  g_hash_table_unref (record->fields);
  g_free (record);
}

static GLogWriterOutput
capture_writer (GLogLevelFlags level, const GLogField *fields, gsize n, gpointer data)
{
  LogRecord *record = g_new0 (LogRecord, 1);
  gsize i;

  (void) data;
  record->level = level;
  record->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (i = 0; i < n; i++)
    g_hash_table_insert (record->fields, g_strdup (fields[i].key),
                         fields[i].length < 0 ? g_strdup (fields[i].value)
                                              : g_strndup (fields[i].value, fields[i].length));
  record->message = g_strdup (g_hash_table_lookup (record->fields, "MESSAGE"));
  if (g_strcmp0 (g_hash_table_lookup (record->fields, "GLIB_DOMAIN"), "mdb") == 0)
    g_ptr_array_add (records, record);
  else
    log_record_free (record);
  return G_LOG_WRITER_HANDLED;
}

/* The first record whose @field is @value, or NULL. */
static LogRecord *
find_record (const char *field, const char *value)
{
  guint i;

  for (i = 0; i < records->len; i++)
    {
      LogRecord *record = g_ptr_array_index (records, i);

      if (g_strcmp0 (g_hash_table_lookup (record->fields, field), value) == 0)
        return record;
    }
  return NULL;
}

START_TEST (test_server_notice_goes_to_glib_log)
{
  g_autoptr (MdbTestDb) db = conn_test_db ();
  g_autoptr (MdbConn) conn = NULL;
  GError *error = NULL;
  LogRecord *notice, *warning;

  conn = mdb_conn_new (mdb_test_db_get_url (db), &error);
  ASSERT_OK (error);
  conn_test_script (conn, "DO $$ BEGIN RAISE NOTICE 'mdb notice %', 1; RAISE WARNING 'mdb warning'; END $$");
  notice = find_record ("MESSAGE", "mdb notice 1");
  warning = find_record ("MESSAGE", "mdb warning");
  ck_assert_msg (notice != NULL, "no log record for the notice (%u records)", records->len);
  ck_assert_msg (warning != NULL, "no log record for the warning");
  ck_assert_int_eq (notice->level, G_LOG_LEVEL_INFO);
  ck_assert_str_eq (g_hash_table_lookup (notice->fields, "MDB_SEVERITY"), "NOTICE");
  ck_assert_int_eq (warning->level, G_LOG_LEVEL_MESSAGE);
  ck_assert_str_eq (g_hash_table_lookup (warning->fields, "MDB_SQLSTATE"), "01000");
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("core-observe");
  TCase *tc = tcase_create ("observe");
  int status;

  records = g_ptr_array_new_with_free_func ((GDestroyNotify) log_record_free);
  g_log_set_writer_func (capture_writer, NULL, NULL);
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_server_notice_goes_to_glib_log);
  suite_add_tcase (s, tc);
  status = mdb_test_run (srunner_create (s), TRUE);
  g_ptr_array_unref (records);
  return status;
}
