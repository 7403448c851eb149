/* SPDX-License-Identifier: MIT */
/* test-comms-plans.c: every comms query reaches the large tables through an
 * index on a seeded data set, and the central operations take the round
 * trips docs/libs/comms.md promises. */
#include <string.h>
#include <mdb-test-support.h>
#include "comms-test.h"

/* Ids of the seed (fixtures/seed.sql). */
#define CH      "'00000000-0000-0000-0001-000000000002'"   /* private, 10 participants */
#define CH2     "'00000000-0000-0000-0001-000000000003'"
#define MSG     "'00000000-0000-0000-0002-000000000101'"   /* a top-level message */
#define THREAD  "'00000000-0000-0000-0002-000000003e81'"   /* in CH, with replies */
#define USER    "'u14'"                                    /* owner of CH */

/* Each query of the library with arguments for EXPLAIN EXECUTE. */
static const struct { const char *name; const char *args; } queries[] = {
  { "channels_page", USER ", 3, 100, NULL, NULL, 31" },
  { "channels_page", USER ", 3, 100, '2025-03-01', '00000000-0000-0000-0001-000000000100', 31" },
  { "unread_counts_get", USER ", 3, 100" },
  { "channel_previews_get", "ARRAY[" CH ", " CH2 "]::uuid[], 3, " USER },
  { "channel_visible", CH ", 3, " USER },
  { "dm_find", "'u1', 'u2'" },
  { "dm_find_or_insert", "'u1', 'u2'" },
  { "private_find", "ARRAY['u14', 'u115'], 'u14'" },
  { "channel_rename_by", "'x', " CH ", " USER },
  { "channel_set_type_by", "'private', NULL, " CH ", " USER },
  { "channel_delete_by", CH ", " USER },
  { "participants_insert", USER ", " CH ", ARRAY['a', 'b']" },
  { "participant_mark_left", CH ", " USER },
  { "participant_delete_by", CH ", 'u115', " USER },
  { "participant_role_set_by", "'admin', " CH ", 'u115', " USER },
  { "participants_page", CH ", '', 3, " USER ", 51" },
  { "message_insert", CH ", " USER ", NULL, 'hi', ARRAY['document'], ARRAY['d'], ARRAY['user'], ARRAY['u1']" },
  { "message_insert", CH ", " USER ", " THREAD ", 'hi', ARRAY[]::text[], ARRAY[]::text[], ARRAY[]::text[], ARRAY[]::text[]" },
  { "message_sender_active", CH ", " USER },
  { "message_update", "'x', " MSG ", " USER },
  { "message_soft_delete", MSG ", " USER },
  { "messages_older", CH ", 'infinity', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 3, " USER ", 51" },
  { "messages_older", CH ", '2025-01-03', '00000000-0000-0000-0002-000000000101', 3, " USER ", 51" },
  { "messages_newer", CH ", '-infinity', '00000000-0000-0000-0000-000000000000', 3, " USER ", 51" },
  { "message_context", MSG ", 3, " USER ", 10, 10" },
  { "thread_replies_page", THREAD ", '-infinity', '00000000-0000-0000-0000-000000000000', 3, " USER ", 51" },
  { "latest_messages_get", "ARRAY[" CH ", " CH2 "]::uuid[], 3, " USER },
  { "reaction_flip", USER ", " MSG ", '👍'" },
  { "reactions_grouped", "ARRAY[" MSG "]::uuid[], 3, " USER },
  { "attachments_insert", MSG ", " USER ", ARRAY['document'], ARRAY['d']" },
  { "mentions_insert", MSG ", " USER ", ARRAY['document'], ARRAY['d']" },
  { "entity_references", USER ", 'document', 'doc-7', 'infinity', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 51" },
  { "activity_upsert", USER ", " CH ", true, false" },
  { "activity_row", USER ", " CH },
};

/* The seed's comms_channels (2 000 rows, 17 pages) is small enough that a
 * hash join over all of it is the planner's honest choice; the others hold
 * 20 000 to 30 000 rows.  So comms_channels (index 0) is checked with
 * sequential scans disabled (an index path must exist: the plan then uses
 * one wherever there is one), the rest also with the planner's own choice. */
static const char *const large_tables[] = {
  "comms_channels", "comms_channel_participants", "comms_messages", "comms_reactions",
  "comms_attachments", "comms_entity_mentions", "comms_activity",
};

static char *
explain (MdbConn *conn, const char *mode, gboolean seqscan, const char *name, const char *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *cache = g_build_filename (mdb_test_source_root (), "libs", "comms_db_client", ".mdb-cache", NULL);
  JsonObject *entry = mdb_ts_cache_entry (cache, name, &parser);
  g_autofree char *prepare = NULL, *run = NULL;
  g_autoptr(MdbResult) res = NULL;
  GString *plan = g_string_new (NULL);

  ck_assert_msg (entry != NULL, "no cache entry for %s", name);
  prepare = g_strdup_printf ("SET plan_cache_mode = %s; SET enable_seqscan = %s; DEALLOCATE ALL; PREPARE q AS %s",
                             mode, seqscan ? "on" : "off", json_object_get_string_member (entry, "query"));
  ck_assert_msg (mdb_conn_exec_script (conn, prepare, &error), "%s: %s", name, mdb_ts_one_line (error));
  run = g_strdup_printf ("EXPLAIN EXECUTE q (%s)", args);
  res = mdb_conn_exec (conn, run, NULL, &error);
  ck_assert_msg (res != NULL, "%s: %s", name, mdb_ts_one_line (error));
  for (int i = 0; i < mdb_result_get_n_rows (res); i++)
    {
      g_autofree char *line = mdb_result_dup_string (res, i, 0, NULL);
      g_string_append_printf (plan, "%s | ", line);
    }
  return g_string_free (plan, FALSE);
}

START_TEST (test_every_query_uses_an_index_on_a_seeded_data_set)
{
  g_autoptr(GError) error = NULL;
  MdbConn *conn;

  comms_fixture ("seed");
  sql_run ("ANALYZE");
  conn = mdb_pool_acquire (cfx.pool, &error);
  ck_assert_msg (conn != NULL, "acquire: %s", error ? error->message : "");
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    for (guint mode = 0; mode < 4; mode++)
      {
        gboolean generic = mode & 1, seqscan = mode & 2;
        g_autofree char *plan = explain (conn, generic ? "force_generic_plan" : "force_custom_plan", seqscan,
                                         queries[q].name, queries[q].args);

        for (guint t = seqscan ? 1 : 0; t < G_N_ELEMENTS (large_tables); t++)
          {
            g_autofree char *seq = g_strdup_printf ("Seq Scan on %s ", large_tables[t]);
            ck_assert_msg (strstr (plan, seq) == NULL, "%s (%s plan, seqscan %s) scans %s: %s", queries[q].name,
                           generic ? "generic" : "custom", seqscan ? "on" : "off", large_tables[t], plan);
          }
      }
  ck_assert (mdb_conn_exec_script (conn, "DEALLOCATE ALL; RESET plan_cache_mode; RESET enable_seqscan", &error));
  mdb_pool_release (cfx.pool, conn);
}
END_TEST

/* LIBRARIES.md: the round trips of docs/libs/comms.md's table, on a warm
 * connection (each call runs once first: a statement's first run also
 * prepares it). */
#define TRIPS(max, call) \
  G_STMT_START { \
    call; \
    ck_assert_msg (error == NULL, "%s: %s", #call, error ? error->message : ""); \
    mdb_test_assert_round_trips (ex, (max), call); \
    ck_assert_msg (error == NULL, "%s: %s", #call, error ? error->message : ""); \
  } G_STMT_END

START_TEST (test_central_operations_take_their_documented_round_trips)
{
  GError *error = NULL;
  MdbConn *conn = mdb_pool_acquire (cfx.pool, &error);
  MdbExecutor *ex = MDB_EXECUTOR (conn);
  const char *const users[] = { "bob", "cat" };
  const CommsDbEntity att[] = { { "document", "d1" } };
  g_autofree char *ch = NULL;
  g_autofree char *dm = NULL;
  g_autofree char *found = NULL;
  CommsDbMessage *m = NULL;
  MdbPage *page = NULL;
  CommsDbMessageList *list = NULL;
  gboolean added;
  char id[MDB_UUID_STRING_SIZE];

  ch = comms_db_channel_create (ex, "ann", PRIVATE, "rt", 0, users, 2, &error);
  ck_assert_msg (ch != NULL, "%s", error ? error->message : "");
  TRIPS (1, g_free (comms_db_channel_create (ex, "ann", PUBLIC, "rt2", 0, users, 2, &error)));
  TRIPS (1, { g_clear_pointer (&m, comms_db_message_free);
              m = comms_db_message_post (ex, ch, "bob", NULL, "hi", att, 1, att, 1, &error); });
  TRIPS (1, { g_clear_pointer (&page, mdb_page_free);
              page = comms_db_channels_list (ex, "bob", 0, NULL, 30, &error); });
  TRIPS (1, { g_clear_pointer (&page, mdb_page_free);
              page = comms_db_messages_list (ex, ch, "bob", 0, COMMS_DB_OLDER, NULL, 50, &error); });
  TRIPS (1, { g_clear_pointer (&list, comms_db_message_list_free);
              list = comms_db_message_with_context (ex, uuid_str (&m->id, id), "bob", 0, 5, 5, &error); });
  TRIPS (1, g_free (comms_db_private_channel_find (ex, users, 2, &error)));
  TRIPS (1, comms_db_reaction_toggle (ex, uuid_str (&m->id, id), "cat", "x", &added, &error));
  TRIPS (1, comms_db_unread_count_list_free (comms_db_unread_counts (ex, "bob", 0, &error)));
  TRIPS (1, comms_db_activity_record (ex, "bob", ch, COMMS_DB_VIEWED, &error));
  TRIPS (1, comms_db_participants_add (ex, ch, "ann", users, 2, &error));
  /* The DM: created in its own transaction (lookup, BEGIN, lock,
   * find-or-insert, COMMIT), then found in one. */
  mdb_test_assert_round_trips (ex, 2 * 5, dm = comms_db_dm_get_or_create (ex, "x1", "x2", &error));
  ck_assert_msg (dm != NULL, "%s", error ? error->message : "");
  mdb_test_assert_round_trips (ex, 1, found = comms_db_dm_get_or_create (ex, "x2", "x1", &error));
  ck_assert_str_eq (found, dm);
  /* Refused input sends nothing. */
  g_clear_pointer (&page, mdb_page_free);
  mdb_test_assert_round_trips (ex, 0, page = comms_db_channels_list (ex, "", 0, NULL, 30, &error));
  ck_assert_ptr_null (page);
  g_clear_error (&error);
  g_clear_pointer (&m, comms_db_message_free);
  g_clear_pointer (&list, comms_db_message_list_free);
  mdb_pool_release (cfx.pool, conn);
}
END_TEST

static Suite *
comms_plans_suite (void)
{
  Suite *s = suite_create ("comms-plans");
  TCase *tc = tcase_create ("plans");

  tcase_add_checked_fixture (tc, comms_setup, comms_teardown);
  tcase_set_timeout (tc, 240);
  tcase_add_test (tc, test_every_query_uses_an_index_on_a_seeded_data_set);
  tcase_add_test (tc, test_central_operations_take_their_documented_round_trips);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return mdb_test_run (srunner_create (comms_plans_suite ()), TRUE);
}
