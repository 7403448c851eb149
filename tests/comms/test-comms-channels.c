/* SPDX-License-Identifier: MIT */
/* test-comms-channels.c: channels, participants, the channel list and previews. */
#include <string.h>
#include "comms-test.h"

#define N_(...) ((const char *const[]) { __VA_ARGS__, NULL })

START_TEST (test_create_stores_owner_members_and_activity_in_one_statement)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *sql = NULL;
  MdbConn *conn = mdb_pool_acquire (cfx.pool, &error);
  MdbExecutor *ex = MDB_EXECUTOR (conn);
  const char *const members[] = { "bob", "carol", "bob", "alice" };

  ck_assert_msg (conn != NULL, "acquire: %s", error ? error->message : "");
  /* Warm (prepare), then one round trip. */
  g_free (comms_db_channel_create (ex, "alice", PUBLIC, "warm", 0, members, 4, &error));
  mdb_test_assert_round_trips (ex, 1, id = comms_db_channel_create (ex, "alice", PUBLIC, "general", 0,
                                                                    members, 4, &error));
  mdb_pool_release (cfx.pool, conn);
  ck_assert_msg (id != NULL, "create: %s", error ? error->message : "");
  sql = g_strdup_printf ("SELECT string_agg (user_id || ':' || role, ',' ORDER BY user_id)"
                         " FROM comms_channel_participants WHERE channel_id = '%s' AND left_at IS NULL", id);
  assert_sql_text (sql, "alice:owner,bob:member,carol:member");
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM comms_activity WHERE channel_id = '%s' AND user_id = 'alice'"
                         " AND viewed_at IS NOT NULL", id);
  ck_assert_int_eq (sql_int (sql), 1);
  g_free (sql);
  sql = g_strdup_printf ("SELECT name || '/' || channel_type || '/' || owner_id FROM comms_channels WHERE id = '%s'", id);
  assert_sql_text (sql, "general/public/alice");
}
END_TEST

static void
assert_create_refused (const char *owner, CommsDbCommsChannelType type, const char *name, gint64 org,
                       const char *const *members, gsize n, const char *fragment)
{
  g_autoptr(GError) error = NULL;

  ck_assert_ptr_null (comms_db_channel_create (EXEC, owner, type, name, org, members, n, &error));
  assert_error (error, MDB_ERROR_INVALID_INPUT, fragment);
}

START_TEST (test_create_checks_the_channel_rules_before_sending)
{
  const char *const one[] = { "bob" };
  const char *const two[] = { "bob", "carol" };
  const char *const bad[] = { "bob", "" };
  const char *const null_member[] = { "bob", NULL };
  guint64 before = acquires ();

  assert_create_refused ("alice", DM, "dm", 0, one, 1, "a direct message has no name");
  assert_create_refused ("alice", DM, NULL, 0, two, 2, "a direct message has exactly two participants (got 3)");
  assert_create_refused ("alice", DM, NULL, 0, NULL, 0, "exactly two participants (got 1)");
  assert_create_refused ("alice", PUBLIC, NULL, 0, one, 1, "a public channel needs a name");
  assert_create_refused ("alice", ORG, "org", 0, one, 1, "an organization channel needs an org_id");
  assert_create_refused ("alice", PRIVATE, "p", 7, one, 1, "a private channel has no org_id");
  assert_create_refused ("alice", PRIVATE, "p", -1, one, 1, "org_id is -1");
  assert_create_refused ("alice", (CommsDbCommsChannelType) 9, "p", 0, one, 1, "channel_type is 9");
  assert_create_refused ("alice", PUBLIC, "x", 0, bad, 2, "participants[1] is empty");
  assert_create_refused ("alice", PUBLIC, "x", 0, null_member, 2, "participants[1] is NULL");
  assert_create_refused ("", PUBLIC, "x", 0, one, 1, "owner_id is empty");
  assert_create_refused ("alice", PUBLIC, "", 0, one, 1, "name is empty");
  ck_assert_uint_eq (acquires (), before);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM comms_channels"), 0);
}
END_TEST

/* The table's own CHECKs (the library checks first): violations map to
 * CHECK_VIOLATION naming the constraint. */
START_TEST (test_table_checks_map_to_check_violation)
{
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autoptr(MdbResult) r1 = mdb_exec (EXEC, "INSERT INTO comms_channels (id, name, channel_type, owner_id)"
                                      " VALUES (gen_random_uuid (), 'x', 'direct_message', 'a')", NULL, &e1);
  g_autoptr(MdbResult) r2 = mdb_exec (EXEC, "INSERT INTO comms_channels (id, name, channel_type, owner_id)"
                                      " VALUES (gen_random_uuid (), 'x', 'organization', 'a')", NULL, &e2);

  ck_assert_ptr_null (r1);
  assert_error (e1, MDB_ERROR_CHECK_VIOLATION, "");
  ck_assert_str_eq (mdb_error_get_constraint (e1), "valid_channel_name");
  ck_assert_ptr_null (r2);
  assert_error (e2, MDB_ERROR_CHECK_VIOLATION, "");
  ck_assert_str_eq (mdb_error_get_constraint (e2), "valid_org_channel");
}
END_TEST

START_TEST (test_dm_get_or_create_gives_one_channel_per_pair)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = comms_db_dm_get_or_create (EXEC, "alice", "bob", &error);
  g_autofree char *again = NULL;
  g_autofree char *other = NULL;
  g_autofree char *sql = NULL;
  MdbConn *conn;

  ck_assert_msg (first != NULL, "dm: %s", error ? error->message : "");
  conn = mdb_pool_acquire (cfx.pool, &error);
  g_free (comms_db_dm_get_or_create (MDB_EXECUTOR (conn), "bob", "alice", &error));
  /* Existing: one round trip, either order. */
  mdb_test_assert_round_trips (MDB_EXECUTOR (conn), 1,
                               again = comms_db_dm_get_or_create (MDB_EXECUTOR (conn), "bob", "alice", &error));
  mdb_pool_release (cfx.pool, conn);
  ck_assert_str_eq (again, first);
  other = comms_db_dm_get_or_create (EXEC, "alice", "carol", &error);
  ck_assert_str_ne (other, first);
  sql = g_strdup_printf ("SELECT string_agg (user_id || ':' || role, ',' ORDER BY user_id)"
                         " FROM comms_channel_participants WHERE channel_id = '%s'", first);
  assert_sql_text (sql, "alice:owner,bob:member");
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM comms_channels WHERE channel_type = 'direct_message'"), 2);
  ck_assert_ptr_null (comms_db_dm_get_or_create (EXEC, "alice", "alice", &error));
  assert_error (error, MDB_ERROR_INVALID_INPUT, "two different users");
}
END_TEST

/* Two threads asking for the same direct message at once get one channel. */
typedef struct {
  const char *a, *b;
  gint       *start;
  char       *id;
  GError     *error;
} DmRace;

static gpointer
dm_race_thread (gpointer data)
{
  DmRace *r = data;

  while (!g_atomic_int_get (r->start))
    g_thread_yield ();
  r->id = comms_db_dm_get_or_create (EXEC, r->a, r->b, &r->error);
  return NULL;
}

START_TEST (test_dm_get_or_create_from_two_threads_yields_one_channel)
{
  enum { ROUNDS = 20 };

  for (guint i = 0; i < ROUNDS; i++)
    {
      g_autofree char *a = g_strdup_printf ("racer-a-%u", i);
      g_autofree char *b = g_strdup_printf ("racer-b-%u", i);
      g_autofree char *sql = NULL;
      gint start = 0;
      DmRace one = { a, b, &start, NULL, NULL }, two = { b, a, &start, NULL, NULL };
      GThread *t1 = g_thread_new ("dm-1", dm_race_thread, &one);
      GThread *t2 = g_thread_new ("dm-2", dm_race_thread, &two);

      g_atomic_int_set (&start, 1);
      g_thread_join (t1);
      g_thread_join (t2);
      ck_assert_msg (one.id != NULL && two.id != NULL, "round %u: %s", i,
                     one.error ? one.error->message : two.error ? two.error->message : "");
      ck_assert_str_eq (one.id, two.id);
      sql = g_strdup_printf ("SELECT count(DISTINCT a.channel_id) FROM comms_channel_participants a"
                             " JOIN comms_channel_participants b USING (channel_id)"
                             " WHERE a.user_id = '%s' AND b.user_id = '%s'", a, b);
      ck_assert_int_eq (sql_int (sql), 1);
      g_free (one.id);
      g_free (two.id);
    }
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM comms_channels"), ROUNDS);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM comms_channel_participants"), 2 * ROUNDS);
}
END_TEST

/* In the caller's transaction the creation joins it (savepoint): the
 * caller's rollback undoes it, its commit keeps it. */
START_TEST (test_dm_get_or_create_joins_the_callers_transaction)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL, *kept = NULL, *again = NULL;
  MdbConn *conn = mdb_pool_acquire (cfx.pool, &error);

  ck_assert_msg (conn != NULL, "acquire: %s", error ? error->message : "");
  ck_assert (mdb_conn_begin (conn, MDB_ISOLATION_DEFAULT, &error));
  first = comms_db_dm_get_or_create (MDB_EXECUTOR (conn), "tx-a", "tx-b", &error);
  ck_assert_msg (first != NULL, "%s", error ? error->message : "");
  ck_assert (mdb_conn_in_transaction (conn));
  ck_assert (mdb_conn_rollback (conn, &error));
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM comms_channels"), 0);
  ck_assert (mdb_conn_begin (conn, MDB_ISOLATION_DEFAULT, &error));
  kept = comms_db_dm_get_or_create (MDB_EXECUTOR (conn), "tx-b", "tx-a", &error);
  ck_assert (mdb_conn_commit (conn, &error));
  mdb_pool_release (cfx.pool, conn);
  again = comms_db_dm_get_or_create (EXEC, "tx-a", "tx-b", &error);
  ck_assert_str_eq (again, kept);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM comms_channels"), 1);
}
END_TEST

START_TEST (test_private_channel_is_found_by_its_exact_participant_set)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *abc = channel_ok ("a", PRIVATE, NULL, 0, N_("b", "c"));
  g_autofree char *ab = channel_ok ("a", PRIVATE, "ab", 0, N_("b"));
  g_autofree char *abcd = channel_ok ("a", PRIVATE, NULL, 0, N_("b", "c", "d"));
  g_autofree char *pub = channel_ok ("a", PUBLIC, "pub", 0, N_("b", "c"));
  g_autofree char *found = NULL;
  const char *const set_abc[] = { "c", "a", "b", "a" };
  const char *const set_ab[] = { "b", "a" };
  const char *const set_ac[] = { "a", "c" };

  found = comms_db_private_channel_find (EXEC, set_abc, 4, &error);
  ck_assert_str_eq (found, abc);
  g_free (found);
  found = comms_db_private_channel_find (EXEC, set_ab, 2, &error);
  ck_assert_str_eq (found, ab);
  g_free (found);
  ck_assert_ptr_null (comms_db_private_channel_find (EXEC, set_ac, 2, &error));
  ck_assert_ptr_null (error);
  /* d left abcd: its active set is now {a, b, c}, but abc is older. */
  ck_assert (comms_db_participant_leave (EXEC, abcd, "d", &error));
  found = comms_db_private_channel_find (EXEC, set_abc, 3, &error);
  ck_assert_str_eq (found, abc);
  ck_assert_ptr_null (comms_db_private_channel_find (EXEC, set_abc, 0, &error));
  assert_error (error, MDB_ERROR_INVALID_INPUT, "user_ids is empty");
}
END_TEST

START_TEST (test_a_non_participant_cannot_read_a_private_channel)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *priv = channel_ok ("owner", PRIVATE, "secret", 0, N_("member"));
  g_autofree char *pub = channel_ok ("owner", PUBLIC, "open", 0, NULL);
  g_autofree char *org = channel_ok ("owner", ORG, "acme", 42, NULL);
  g_autoptr(CommsDbChannel) seen = NULL;
  g_autoptr(CommsDbChannel) open = NULL;
  g_autoptr(CommsDbChannel) mine = NULL;

  seen = comms_db_channel_get (EXEC, priv, "member", COMMS_DB_NO_ORG, &error);
  ck_assert_msg (seen != NULL, "%s", error ? error->message : "");
  ck_assert_str_eq (seen->name, "secret");
  ck_assert_int_eq (seen->channel_type, PRIVATE);
  ck_assert (seen->org_id_is_null);
  ck_assert_ptr_null (comms_db_channel_get (EXEC, priv, "stranger", COMMS_DB_NO_ORG, &error));
  assert_error (error, MDB_ERROR_NOT_FOUND, "may not read it");
  g_clear_error (&error);
  open = comms_db_channel_get (EXEC, pub, "stranger", COMMS_DB_NO_ORG, &error);
  ck_assert_ptr_nonnull (open);
  mine = comms_db_channel_get (EXEC, org, "colleague", 42, &error);
  ck_assert_ptr_nonnull (mine);
  ck_assert_int_eq (mine->org_id, 42);
  ck_assert_ptr_null (comms_db_channel_get (EXEC, org, "outsider", 43, &error));
  assert_error (error, MDB_ERROR_NOT_FOUND, "");
  g_clear_error (&error);
  /* A participant who left reads it no more. */
  ck_assert (comms_db_participant_leave (EXEC, priv, "member", &error));
  ck_assert_ptr_null (comms_db_channel_get (EXEC, priv, "member", COMMS_DB_NO_ORG, &error));
  assert_error (error, MDB_ERROR_NOT_FOUND, "");
  g_clear_error (&error);
  ck_assert_ptr_null (comms_db_channel_get (EXEC, "not-a-uuid", "member", 0, &error));
  assert_error (error, MDB_ERROR_INVALID_INPUT, "channel_id: 'not-a-uuid' is not a uuid");
  g_clear_error (&error);
  ck_assert_ptr_null (comms_db_channel_get (EXEC, "00000000-0000-0000-0000-000000000000", "x", 0, &error));
  assert_error (error, MDB_ERROR_NOT_FOUND, "not found");
}
END_TEST

START_TEST (test_rename_and_type_change_need_an_owner_or_admin)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ch = channel_ok ("owner", PRIVATE, NULL, 0, N_("admin", "member"));
  g_autofree char *dm = channel_ok ("x", DM, NULL, 0, N_("y"));
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce (name, '-') || '/' || channel_type || '/'"
                                          " || coalesce (org_id::text, '-') FROM comms_channels WHERE id = '%s'", ch);

  ck_assert (comms_db_participant_set_role (EXEC, ch, "owner", "admin", COMMS_DB_COMMS_PARTICIPANT_ROLE_ADMIN, &error));
  ck_assert (!comms_db_channel_rename (EXEC, ch, "member", "nope", &error));
  assert_error (error, MDB_ERROR_NOT_FOUND, "not an active owner or admin");
  g_clear_error (&error);
  ck_assert (!comms_db_channel_rename (EXEC, ch, "stranger", "nope", &error));
  g_clear_error (&error);
  assert_sql_text (sql, "-/private/-");
  ck_assert (comms_db_channel_rename (EXEC, ch, "admin", "team", &error));
  assert_sql_text (sql, "team/private/-");
  ck_assert (comms_db_channel_set_type (EXEC, ch, "owner", ORG, 5, &error));
  assert_sql_text (sql, "team/organization/5");
  ck_assert (comms_db_channel_set_type (EXEC, ch, "admin", PUBLIC, 0, &error));
  assert_sql_text (sql, "team/public/-");
  /* A public channel needs its name: the table's CHECK says so. */
  ck_assert (!comms_db_channel_rename (EXEC, ch, "owner", NULL, &error));
  assert_error (error, MDB_ERROR_CHECK_VIOLATION, "");
  ck_assert_str_eq (mdb_error_get_constraint (error), "valid_channel_name");
  g_clear_error (&error);
  ck_assert (!comms_db_channel_set_type (EXEC, ch, "member", PRIVATE, 0, &error));
  assert_error (error, MDB_ERROR_NOT_FOUND, "");
  g_clear_error (&error);
  ck_assert (!comms_db_channel_set_type (EXEC, ch, "owner", DM, 0, &error));
  assert_error (error, MDB_ERROR_INVALID_INPUT, "cannot become a direct message");
  g_clear_error (&error);
  ck_assert (!comms_db_channel_set_type (EXEC, ch, "owner", ORG, 0, &error));
  assert_error (error, MDB_ERROR_INVALID_INPUT, "needs an org_id");
  g_clear_error (&error);
  /* A direct message keeps its type, and has no name. */
  ck_assert (!comms_db_channel_set_type (EXEC, dm, "x", PRIVATE, 0, &error));
  assert_error (error, MDB_ERROR_NOT_FOUND, "a direct message");
  g_clear_error (&error);
  ck_assert (!comms_db_channel_rename (EXEC, dm, "x", "named", &error));
  assert_error (error, MDB_ERROR_CHECK_VIOLATION, "");
}
END_TEST

START_TEST (test_only_the_owner_deletes_a_channel_and_everything_goes)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ch = channel_ok ("owner", PUBLIC, "doomed", 0, N_("admin"));
  g_autofree char *msg = NULL;

  ck_assert (comms_db_participant_set_role (EXEC, ch, "owner", "admin", COMMS_DB_COMMS_PARTICIPANT_ROLE_ADMIN, &error));
  msg = post_ok (ch, "admin", NULL, "bye");
  ck_assert (!comms_db_channel_delete (EXEC, ch, "admin", &error));
  assert_error (error, MDB_ERROR_NOT_FOUND, "not its active owner");
  g_clear_error (&error);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM comms_channels"), 1);
  ck_assert (comms_db_channel_delete (EXEC, ch, "owner", &error));
  ck_assert_int_eq (sql_int ("SELECT (SELECT count(*) FROM comms_channels) + (SELECT count(*) FROM comms_messages)"
                             " + (SELECT count(*) FROM comms_channel_participants)"
                             " + (SELECT count(*) FROM comms_activity)"), 0);
  ck_assert (!comms_db_channel_delete (EXEC, ch, "owner", &error));
  assert_error (error, MDB_ERROR_NOT_FOUND, "not found");
}
END_TEST

START_TEST (test_participants_add_leave_remove_and_roles)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ch = channel_ok ("owner", PRIVATE, "p", 0, N_("m1"));
  g_autofree char *dm = channel_ok ("x", DM, NULL, 0, N_("y"));
  const char *const users[] = { "u1", "u2", "u1", "m1" };
  const char *const back[] = { "u2" };

  ck_assert_int_eq (comms_db_participants_add (EXEC, ch, "m1", users, 4, &error), 2);
  ck_assert_int_eq (comms_db_participants_add (EXEC, ch, "m1", users, 4, &error), 0);   /* idempotent */
  ck_assert_int_eq (comms_db_participants_add (EXEC, ch, "stranger", back, 1, &error), -1);
  assert_error (error, MDB_ERROR_NOT_FOUND, "not an active participant");
  g_clear_error (&error);
  ck_assert_int_eq (comms_db_participants_add (EXEC, dm, "x", back, 1, &error), -1);
  assert_error (error, MDB_ERROR_NOT_FOUND, "a direct message");
  g_clear_error (&error);

  ck_assert (comms_db_participant_leave (EXEC, ch, "u2", &error));
  ck_assert (!comms_db_participant_leave (EXEC, ch, "u2", &error));
  ck_assert_ptr_null (error);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM comms_channel_participants WHERE user_id = 'u2'"
                             " AND left_at IS NOT NULL"), 1);                        /* history kept */
  ck_assert_int_eq (comms_db_participants_add (EXEC, ch, "owner", back, 1, &error), 1); /* joins again */
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM comms_channel_participants WHERE user_id = 'u2'"
                             " AND left_at IS NULL"), 1);

  ck_assert (!comms_db_participant_remove (EXEC, ch, "m1", "u1", &error));       /* a member may not */
  assert_error (error, MDB_ERROR_NOT_FOUND, "not an active owner or admin");
  g_clear_error (&error);
  ck_assert (comms_db_participant_set_role (EXEC, ch, "owner", "m1", COMMS_DB_COMMS_PARTICIPANT_ROLE_ADMIN, &error));
  ck_assert (!comms_db_participant_set_role (EXEC, ch, "m1", "u1", COMMS_DB_COMMS_PARTICIPANT_ROLE_ADMIN, &error));
  assert_error (error, MDB_ERROR_NOT_FOUND, "not an active owner");                  /* admins don't */
  g_clear_error (&error);
  ck_assert (!comms_db_participant_set_role (EXEC, ch, "owner", "owner", COMMS_DB_COMMS_PARTICIPANT_ROLE_MEMBER, &error));
  g_clear_error (&error);
  ck_assert (comms_db_participant_remove (EXEC, ch, "m1", "u1", &error));
  ck_assert (!comms_db_participant_remove (EXEC, ch, "m1", "owner", &error));    /* never the owner */
  g_clear_error (&error);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM comms_channel_participants WHERE user_id = 'u1'"), 0);
  ck_assert (!comms_db_participant_set_role (EXEC, ch, "owner", "m1", (CommsDbCommsParticipantRole) 7, &error));
  assert_error (error, MDB_ERROR_INVALID_INPUT, "role is 7");
}
END_TEST

START_TEST (test_participants_list_pages_by_user_id_for_readers_only)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) got = g_string_new (NULL);
  g_autofree char *ch = NULL;
  g_autofree char *cursor = NULL;
  g_autoptr(MdbPage) none = NULL;
  guint pages = 0;

  for (guint i = 0; i < 11; i++)
    g_ptr_array_add (users, g_strdup_printf ("p%02u", i));
  g_ptr_array_add (users, NULL);
  ch = channel_ok ("p05", PRIVATE, NULL, 0, (const char *const *) users->pdata);
  for (;;)
    {
      g_autoptr(MdbPage) page = comms_db_participants_list (EXEC, ch, "p03", 0, cursor, 4, &error);

      ck_assert_msg (page != NULL, "%s", error ? error->message : "");
      for (guint i = 0; i < page->items->len; i++)
        g_string_append_printf (got, "%s,", ((CommsDbParticipant *) page->items->pdata[i])->user_id);
      pages++;
      if (page->next_cursor == NULL)
        break;
      g_free (cursor);
      cursor = g_steal_pointer (&page->next_cursor);
    }
  ck_assert_str_eq (got->str, "p00,p01,p02,p03,p04,p05,p06,p07,p08,p09,p10,");
  ck_assert_uint_eq (pages, 3);
  none = comms_db_participants_list (EXEC, ch, "stranger", 0, NULL, 4, &error);
  ck_assert_uint_eq (none->items->len, 0);
  ck_assert_ptr_null (comms_db_participants_list (EXEC, ch, "p03", 0, NULL, 0, &error));
  assert_error (error, MDB_ERROR_INVALID_INPUT, "limit is 0");
}
END_TEST

/* A channel list fixture: times are set so the order is known. */
static void
set_message_time (const char *message, const char *when)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE comms_messages SET created_at = '%s' WHERE id = '%s'", when, message);
  sql_run (sql);
}

static void
set_channel_time (const char *channel, const char *when)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE comms_channels SET created_at = '%s' WHERE id = '%s'", when, channel);
  sql_run (sql);
}

START_TEST (test_channel_list_page_has_participants_preview_and_unread_in_one_round_trip)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *quiet = channel_ok ("me", PRIVATE, "quiet", 0, N_("ann"));
  g_autofree char *busy = channel_ok ("ann", PUBLIC, "busy", 0, N_("me", "bob"));
  g_autofree char *org = channel_ok ("boss", ORG, "all hands", 9, NULL);
  g_autofree char *left = channel_ok ("ann", PRIVATE, "left", 0, N_("me"));
  g_autofree char *other = channel_ok ("ann", PRIVATE, "other", 0, N_("bob"));
  g_autofree char *m1 = NULL, *m2 = NULL, *m3 = NULL, *m4 = NULL, *m5 = NULL;
  g_autoptr(MdbPage) page = NULL;
  CommsDbChannelListItem *item;
  MdbConn *conn;
  char id[MDB_UUID_STRING_SIZE];

  set_channel_time (quiet, "2025-01-01 00:00+00");
  set_channel_time (busy, "2025-01-01 00:00+00");
  set_channel_time (org, "2025-01-02 00:00+00");
  m1 = post_ok (busy, "ann", NULL, "one");
  m2 = post_ok (busy, "bob", NULL, "two");
  m3 = post_ok (busy, "me", NULL, "mine");
  m4 = post_ok (busy, "bob", NULL, "latest");
  m5 = post_ok (left, "ann", NULL, "gone");
  set_message_time (m1, "2025-01-03 00:00+00");
  set_message_time (m2, "2025-01-03 01:00+00");
  set_message_time (m3, "2025-01-03 02:00+00");
  set_message_time (m4, "2025-01-03 03:00+00");
  /* me viewed busy at 01:30: m4 of bob is unread, m3 is mine, m1/m2 older. */
  sql_run ("UPDATE comms_activity SET viewed_at = '2025-01-03 01:30+00' WHERE user_id = 'me'");
  ck_assert (comms_db_participant_leave (EXEC, left, "me", &error));

  conn = mdb_pool_acquire (cfx.pool, &error);
  g_clear_pointer (&page, mdb_page_free);
  page = comms_db_channels_list (MDB_EXECUTOR (conn), "me", 9, NULL, 10, &error);   /* warm */
  g_clear_pointer (&page, mdb_page_free);
  mdb_test_assert_round_trips (MDB_EXECUTOR (conn), 1,
                               page = comms_db_channels_list (MDB_EXECUTOR (conn), "me", 9, NULL, 10, &error));
  mdb_pool_release (cfx.pool, conn);
  ck_assert_msg (page != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (page->items->len, 3);
  ck_assert_ptr_null (page->next_cursor);

  item = page->items->pdata[0];
  ck_assert_str_eq (uuid_str (&item->id, id), busy);
  ck_assert_str_eq (item->name, "busy");
  ck_assert (!item->latest_message_id_is_null);
  ck_assert_str_eq (uuid_str (&item->latest_message_id, id), m4);
  ck_assert_str_eq (item->latest_content, "latest");
  ck_assert_str_eq (item->latest_sender_id, "bob");
  ck_assert_int_eq (item->unread, 1);
  ck_assert_uint_eq (item->n_participants, 3);
  ck_assert_str_eq (item->participants[0].user_id, "ann");   /* by join time, then id */
  ck_assert_int_eq (item->participants[0].role, COMMS_DB_COMMS_PARTICIPANT_ROLE_OWNER);
  ck_assert_str_eq (item->participants[1].user_id, "bob");
  ck_assert_str_eq (item->participants[2].user_id, "me");

  item = page->items->pdata[1];
  ck_assert_str_eq (uuid_str (&item->id, id), org);         /* created 01-02, no message */
  ck_assert (item->latest_message_id_is_null);
  ck_assert_ptr_null (item->latest_content);
  ck_assert_uint_eq (item->n_participants, 1);
  ck_assert_int_eq (item->unread, 0);

  item = page->items->pdata[2];
  ck_assert_str_eq (uuid_str (&item->id, id), quiet);
  ck_assert_int_eq (item->activity_at, item->created_at);

  /* Without the organization, its channel is not listed. */
  g_clear_pointer (&page, mdb_page_free);
  page = comms_db_channels_list (EXEC, "me", COMMS_DB_NO_ORG, NULL, 10, &error);
  ck_assert_uint_eq (page->items->len, 2);
  (void) other;
}
END_TEST

START_TEST (test_channel_list_pages_through_every_channel_once)
{
  enum { N = 23, PAGE = 4 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *cursor = NULL;
  gint64 last = G_MAXINT64;
  guint pages = 0;

  for (guint i = 0; i < N; i++)
    {
      g_autofree char *name = g_strdup_printf ("c%02u", i);
      g_autofree char *ch = channel_ok ("me", PUBLIC, name, 0, NULL);

      /* Groups of three share their activity time: the id breaks the tie. */
      if (i % 2 == 0)
        {
          g_autofree char *sql = g_strdup_printf ("UPDATE comms_channels SET created_at = '2025-01-01'::timestamptz"
                                                  " + interval '1 hour' * %u WHERE id = '%s'", i / 3, ch);
          sql_run (sql);
        }
      else
        {
          g_autofree char *m = post_ok (ch, "me", NULL, "x");
          g_autofree char *when = g_strdup_printf ("2025-02-01 %02u:00+00", i / 3);
          set_message_time (m, when);
        }
    }
  for (;;)
    {
      g_autoptr(MdbPage) page = comms_db_channels_list (EXEC, "me", 0, cursor, PAGE, &error);

      ck_assert_msg (page != NULL, "%s", error ? error->message : "");
      for (guint i = 0; i < page->items->len; i++)
        {
          CommsDbChannelListItem *item = page->items->pdata[i];
          char id[MDB_UUID_STRING_SIZE];

          ck_assert_int_le (item->activity_at, last);
          last = item->activity_at;
          ck_assert_msg (g_hash_table_add (seen, g_strdup (uuid_str (&item->id, id))), "channel twice");
        }
      pages++;
      if (page->next_cursor == NULL)
        break;
      g_free (cursor);
      cursor = g_steal_pointer (&page->next_cursor);
    }
  ck_assert_uint_eq (g_hash_table_size (seen), N);
  ck_assert_uint_eq (pages, (N + PAGE - 1) / PAGE);
  /* A cursor of another user's list is refused before sending. */
  {
    g_autoptr(MdbPage) first = comms_db_channels_list (EXEC, "me", 0, NULL, PAGE, &error);
    guint64 before = acquires ();

    ck_assert_ptr_null (comms_db_channels_list (EXEC, "you", 0, first->next_cursor, PAGE, &error));
    assert_error (error, MDB_ERROR_INVALID_INPUT, "invalid cursor");
    g_clear_error (&error);
    ck_assert_ptr_null (comms_db_channels_list (EXEC, "me", 3, first->next_cursor, PAGE, &error));
    assert_error (error, MDB_ERROR_INVALID_INPUT, "invalid cursor");
    g_clear_error (&error);
    ck_assert_ptr_null (comms_db_channels_list (EXEC, "me", 0, NULL, COMMS_DB_MAX_PAGE + 1, &error));
    assert_error (error, MDB_ERROR_INVALID_INPUT, "limit is 201");
    ck_assert_uint_eq (acquires (), before);
  }
}
END_TEST

START_TEST (test_previews_compute_access_per_channel_in_input_order)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pub = channel_ok ("ann", PUBLIC, "pub", 0, N_("bob"));
  g_autofree char *priv = channel_ok ("ann", PRIVATE, "priv", 0, NULL);
  g_autofree char *mine = channel_ok ("ann", PRIVATE, "mine", 0, N_("me"));
  g_autofree char *org = channel_ok ("ann", ORG, "org", 4, NULL);
  const char *unknown = "00000000-0000-0000-0000-0000000000aa";
  const char *ids[] = { priv, unknown, pub, org, mine, pub };
  const char *bad[] = { pub, "nope" };
  g_autoptr(CommsDbChannelPreviewList) list = NULL;
  g_autoptr(CommsDbChannelPreviewList) empty = NULL;
  MdbConn *conn = mdb_pool_acquire (cfx.pool, &error);

  list = comms_db_channel_previews (MDB_EXECUTOR (conn), "me", 4, ids, 6, &error);
  comms_db_channel_preview_list_free (g_steal_pointer (&list));
  mdb_test_assert_round_trips (MDB_EXECUTOR (conn), 1,
                               list = comms_db_channel_previews (MDB_EXECUTOR (conn), "me", 4, ids, 6, &error));
  mdb_pool_release (cfx.pool, conn);
  ck_assert_msg (list != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (list->n_rows, 6);
  for (guint i = 0; i < 6; i++)
    ck_assert_int_eq (list->rows[i].position, i + 1);
  ck_assert (list->rows[0].found && !list->rows[0].has_access);
  ck_assert_ptr_null (list->rows[0].name);
  ck_assert (list->rows[0].channel_type_is_null);
  ck_assert_uint_eq (list->rows[0].n_participants, 0);
  ck_assert (!list->rows[1].found && !list->rows[1].has_access);
  ck_assert (list->rows[2].found && list->rows[2].has_access);
  ck_assert_str_eq (list->rows[2].name, "pub");
  ck_assert_uint_eq (list->rows[2].n_participants, 2);
  ck_assert (list->rows[3].has_access);               /* organization 4 */
  ck_assert_int_eq (list->rows[3].channel_type, ORG);
  ck_assert (list->rows[4].has_access);               /* participant */
  ck_assert_str_eq (list->rows[4].participants[1].user_id, "me");
  ck_assert_str_eq (list->rows[5].name, "pub");       /* repeats are answered again */

  empty = comms_db_channel_previews (EXEC, "me", 0, NULL, 0, &error);
  ck_assert_uint_eq (empty->n_rows, 0);
  ck_assert_ptr_null (comms_db_channel_previews (EXEC, "me", 0, bad, 2, &error));
  assert_error (error, MDB_ERROR_INVALID_INPUT, "channel_ids[1]: 'nope' is not a uuid");
}
END_TEST

static Suite *
comms_channels_suite (void)
{
  Suite *s = suite_create ("comms-channels");
  TCase *tc = tcase_create ("channels");

  tcase_add_checked_fixture (tc, comms_setup, comms_teardown);
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_create_stores_owner_members_and_activity_in_one_statement);
  tcase_add_test (tc, test_create_checks_the_channel_rules_before_sending);
  tcase_add_test (tc, test_table_checks_map_to_check_violation);
  tcase_add_test (tc, test_dm_get_or_create_gives_one_channel_per_pair);
  tcase_add_test (tc, test_dm_get_or_create_from_two_threads_yields_one_channel);
  tcase_add_test (tc, test_dm_get_or_create_joins_the_callers_transaction);
  tcase_add_test (tc, test_private_channel_is_found_by_its_exact_participant_set);
  tcase_add_test (tc, test_a_non_participant_cannot_read_a_private_channel);
  tcase_add_test (tc, test_rename_and_type_change_need_an_owner_or_admin);
  tcase_add_test (tc, test_only_the_owner_deletes_a_channel_and_everything_goes);
  tcase_add_test (tc, test_participants_add_leave_remove_and_roles);
  tcase_add_test (tc, test_participants_list_pages_by_user_id_for_readers_only);
  tcase_add_test (tc, test_channel_list_page_has_participants_preview_and_unread_in_one_round_trip);
  tcase_add_test (tc, test_channel_list_pages_through_every_channel_once);
  tcase_add_test (tc, test_previews_compute_access_per_channel_in_input_order);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return mdb_test_run (srunner_create (comms_channels_suite ()), TRUE);
}
