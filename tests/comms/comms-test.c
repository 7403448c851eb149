/* SPDX-License-Identifier: MIT */
/* comms-test.c: the fixture and helpers the comms_db_client suites share. */
#include <string.h>
#include "comms-test.h"

CommsFixture cfx;

void
comms_setup (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *migrations = g_build_filename (mdb_test_source_root (), "migrations", "macrodb", NULL);

  cfx.db = mdb_test_db_new (migrations, &error);
  ck_assert_msg (cfx.db != NULL, "test db: %s", error ? error->message : "");
  cfx.pool = mdb_pool_new_simple (mdb_test_db_get_url (cfx.db), 4, &error);
  ck_assert_msg (cfx.pool != NULL, "pool: %s", error ? error->message : "");
}

void
comms_teardown (void)
{
  g_clear_pointer (&cfx.pool, mdb_pool_free);
  g_clear_pointer (&cfx.db, mdb_test_db_free);
}

void
comms_fixture (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_strconcat (name, ".sql", NULL);
  g_autofree char *path = g_build_filename (mdb_test_source_root (), "tests", "comms", "fixtures", file, NULL);

  ck_assert_msg (mdb_test_db_apply_fixture (cfx.db, path, &error), "fixture %s: %s", name,
                 error ? error->message : "");
}

gint64
sql_int (const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdbResult) res = mdb_exec (EXEC, sql, NULL, &error);
  gint64 v = -1;

  ck_assert_msg (res != NULL, "%s: %s", sql, error ? error->message : "");
  ck_assert_msg (mdb_result_get_int64 (res, 0, 0, &v, &error), "%s", error ? error->message : "");
  return v;
}

char *
sql_text (const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdbResult) res = mdb_exec (EXEC, sql, NULL, &error);

  ck_assert_msg (res != NULL, "%s: %s", sql, error ? error->message : "");
  if (mdb_result_get_n_rows (res) == 0)
    return NULL;
  return mdb_result_dup_string (res, 0, 0, NULL);
}

void
assert_sql_text (const char *sql, const char *expected)
{
  g_autofree char *got = sql_text (sql);

  ck_assert_msg (g_strcmp0 (got, expected) == 0, "%s: got [%s], want [%s]", sql, got ? got : "(null)", expected);
}

void
sql_run (const char *sql)
{
  g_autoptr(GError) error = NULL;
  MdbConn *conn = mdb_pool_acquire (cfx.pool, &error);

  ck_assert_msg (conn != NULL, "acquire: %s", error ? error->message : "");
  ck_assert_msg (mdb_conn_exec_script (conn, sql, &error), "%s: %s", sql, error ? error->message : "");
  mdb_pool_release (cfx.pool, conn);
}

void
assert_error (const GError *error, int code, const char *fragment)
{
  ck_assert_msg (error != NULL, "want error %d [%s], got success", code, fragment);
  ck_assert_msg (g_error_matches (error, MDB_ERROR, code), "want code %d, got %d: %s", code, error->code,
                 error->message);
  ck_assert_msg (strstr (error->message, fragment) != NULL, "message [%s] lacks [%s]", error->message, fragment);
}

char *
channel_ok (const char *owner, CommsDbCommsChannelType type, const char *name, gint64 org_id,
            const char *const *participants)
{
  g_autoptr(GError) error = NULL;
  char *id = comms_db_channel_create (EXEC, owner, type, name, org_id, participants,
                                      participants ? g_strv_length ((char **) participants) : 0, &error);

  ck_assert_msg (id != NULL, "create: %s", error ? error->message : "");
  return id;
}

char *
post_ok (const char *channel, const char *sender, const char *thread, const char *content)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CommsDbMessage) m = comms_db_message_post (EXEC, channel, sender, thread, content, NULL, 0, NULL, 0,
                                                       &error);
  char id[MDB_UUID_STRING_SIZE];

  ck_assert_msg (m != NULL, "post: %s", error ? error->message : "");
  return g_strdup (mdb_uuid_format (&m->id, id));
}

const char *
uuid_str (const MdbUuid *uuid, char out[MDB_UUID_STRING_SIZE])
{
  return mdb_uuid_format (uuid, out);
}

guint64
acquires (void)
{
  return mdb_pool_get_stat (cfx.pool, MDB_POOL_STAT_ACQUIRES);
}
