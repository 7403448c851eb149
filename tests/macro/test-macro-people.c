/* SPDX-License-Identifier: MIT */
/* test-macro-people.c: macro_db_client's users, teams, history and pins
 * (issue 16) against a fresh MacroDB per test. */
#include <string.h>
#include "part2-support.h"
#include <macro-db/macro-db.h>

#define ANN "macro|ann@example.com"
#define BOB "macro|bob@example.com"

static void
setup (void)
{
  mt_setup ("history.sql");
}


static void
assert_sql_list (const char *sql, const char *want)
{
  g_autofree char *got = mt_sql_list (sql);

  mt_assert_str (got, want, sql);
}

static char *
roles_joined (const MacroDbUser *user)
{
  return g_strjoinv (",", (char **) user->roles);
}

/* ------------------------------------------------------------------ users */

/* The real system's create_user test: macro_user, "User" (id macro|<email>)
 * and one RolesOnUsers row per role. */
START_TEST (test_create_user_writes_account_profile_verification_and_roles)
{
  static const char *const roles[] = { "self_serve", "professional_subscriber", "self_serve", NULL };
  MacroDbNewUser nu = { "Cid@Example.com", "cid", "cus_cid", TRUE, 0, roles };
  g_autoptr(GError) error = NULL;
  g_autoptr(MacroDbUser) user = macro_db_user_create (EXEC, &nu, &error);
  g_autofree char *joined = NULL;

  ck_assert_msg (user != NULL, "create: %s", error ? error->message : "");
  mt_assert_str (user->id, "macro|Cid@Example.com", "id");
  mt_assert_str (user->email, "Cid@Example.com", "email");
  ck_assert (!user->macro_user_id_is_null);
  ck_assert (user->organization_id_is_null);
  joined = roles_joined (user);
  mt_assert_str (joined, "professional_subscriber,self_serve", "returned roles");
  assert_sql_list ("SELECT username || ' ' || email || ' ' || stripe_customer_id FROM macro_user WHERE username = 'cid'",
                   "cid Cid@Example.com cus_cid");
  assert_sql_list ("SELECT u.id FROM \"User\" u JOIN macro_user m ON m.id = u.macro_user_id WHERE m.username = 'cid'",
                   "macro|Cid@Example.com");
  assert_sql_list ("SELECT \"roleId\" FROM \"RolesOnUsers\" WHERE \"userId\" = 'macro|Cid@Example.com' ORDER BY 1",
                   "professional_subscriber,self_serve");
  assert_sql_list ("SELECT v.email || ' ' || v.is_verified FROM macro_user_email_verification v"
                   " JOIN macro_user m ON m.id = v.macro_user_id WHERE m.username = 'cid'",
                   "Cid@Example.com true");
}
END_TEST

START_TEST (test_create_user_without_roles_and_with_organization)
{
  MacroDbNewUser nu = { "dee@example.com", "dee", "cus_dee", FALSE, 7, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(MacroDbUser) user = NULL;

  mt_sql_run ("INSERT INTO \"Organization\" (id, name) VALUES (7, 'Seven')");
  user = macro_db_user_create (EXEC, &nu, &error);
  ck_assert_msg (user != NULL, "create: %s", error ? error->message : "");
  ck_assert (!user->organization_id_is_null);
  ck_assert_int_eq (user->organization_id, 7);
  ck_assert_ptr_null (user->roles[0]);
}
END_TEST

START_TEST (test_create_user_failures_write_nothing)
{
  static const char *const bad_role[] = { "self_serve", "no_such_role", NULL };
  static const char *const empty_role[] = { "self_serve", "", NULL };
  MacroDbNewUser unknown_role = { "eve@example.com", "eve", "cus_eve", TRUE, 0, bad_role };
  MacroDbNewUser same_email = { "ANN@example.com", "ann2", "cus_ann2", TRUE, 0, NULL };
  MacroDbNewUser no_at = { "eve.example.com", "eve", "cus_eve", TRUE, 0, NULL };
  MacroDbNewUser role_empty = { "eve@example.com", "eve", "cus_eve", TRUE, 0, empty_role };
  MacroDbNewUser no_username = { "eve@example.com", NULL, "cus_eve", TRUE, 0, NULL };
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autoptr(GError) e3 = NULL;
  g_autoptr(GError) e4 = NULL;
  g_autoptr(GError) e5 = NULL;

  ck_assert_ptr_null (macro_db_user_create (EXEC, &unknown_role, &e1));
  ck_assert (g_error_matches (e1, MDB_ERROR, MDB_ERROR_FOREIGN_KEY_VIOLATION));
  mt_assert_str (mdb_error_get_constraint (e1), "RolesOnUsers_roleId_fkey", "constraint");
  ck_assert_ptr_null (macro_db_user_create (EXEC, &same_email, &e2));
  ck_assert (g_error_matches (e2, MDB_ERROR, MDB_ERROR_UNIQUE_VIOLATION));
  mt_assert_str (mdb_error_get_constraint (e2), "User_lower_email_key", "constraint");
  ck_assert_ptr_null (macro_db_user_create (EXEC, &no_at, &e3));
  mt_assert_error (e3, MDB_ERROR_INVALID_INPUT, "email has no '@'");
  ck_assert_ptr_null (macro_db_user_create (EXEC, &role_empty, &e4));
  mt_assert_error (e4, MDB_ERROR_INVALID_INPUT, "roles[1]: role");
  ck_assert_ptr_null (macro_db_user_create (EXEC, &no_username, &e5));
  mt_assert_error (e5, MDB_ERROR_INVALID_INPUT, "username");
  ck_assert_int_eq (mt_sql_int ("SELECT count(*) FROM macro_user"), 2);
  ck_assert_int_eq (mt_sql_int ("SELECT count(*) FROM \"User\""), 2);
  ck_assert_int_eq (mt_sql_int ("SELECT count(*) FROM macro_user_email_verification"), 0);
  ck_assert_int_eq (mt_sql_int ("SELECT count(*) FROM \"RolesOnUsers\""), 0);
}
END_TEST

START_TEST (test_get_user_by_id_and_by_email_in_any_case)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) missing = NULL;
  g_autoptr(GError) missing_email = NULL;
  g_autoptr(MacroDbUser) by_id = macro_db_user_get (EXEC, ANN, &error);
  g_autoptr(MacroDbUser) by_email = NULL;

  ck_assert_msg (by_id != NULL, "get: %s", error ? error->message : "");
  mt_assert_str (by_id->name, "Ann", "name");
  by_email = macro_db_user_get_by_email (EXEC, "ANN@Example.COM", &error);
  ck_assert_msg (by_email != NULL, "by email: %s", error ? error->message : "");
  mt_assert_str (by_email->id, ANN, "id by email");
  ck_assert_ptr_null (macro_db_user_get (EXEC, "macro|nobody@example.com", &missing));
  mt_assert_error (missing, MDB_ERROR_NOT_FOUND, "no user macro|nobody@example.com");
  ck_assert_ptr_null (macro_db_user_get_by_email (EXEC, "nobody@example.com", &missing_email));
  mt_assert_error (missing_email, MDB_ERROR_NOT_FOUND, "nobody@example.com");
}
END_TEST

START_TEST (test_update_profile_sets_keeps_and_clears_fields)
{
  MacroDbProfile set = { .first_name = "Ann", .last_name = "Lee", .title = "CTO", .industry = "Law" };
  MacroDbProfile clear = { .name = "", .title = "" };
  MacroDbProfile too_long = { .title = "a title that is far too long" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) e_long = NULL;
  g_autoptr(GError) e_missing = NULL;
  g_autoptr(MacroDbUser) after_set = macro_db_user_update_profile (EXEC, ANN, &set, &error);
  g_autoptr(MacroDbUser) after_clear = NULL;

  ck_assert_msg (after_set != NULL, "update: %s", error ? error->message : "");
  mt_assert_str (after_set->name, "Ann", "name kept");
  mt_assert_str (after_set->last_name, "Lee", "last name");
  mt_assert_str (after_set->title, "CTO", "title");
  after_clear = macro_db_user_update_profile (EXEC, ANN, &clear, &error);
  ck_assert_msg (after_clear != NULL, "clear: %s", error ? error->message : "");
  ck_assert_ptr_null (after_clear->name);
  ck_assert_ptr_null (after_clear->title);
  mt_assert_str (after_clear->industry, "Law", "industry kept");
  ck_assert_ptr_null (macro_db_user_update_profile (EXEC, ANN, &too_long, &e_long));
  mt_assert_error (e_long, MDB_ERROR_INVALID_INPUT, "title is longer than 20 characters");
  ck_assert_ptr_null (macro_db_user_update_profile (EXEC, "macro|x@example.com", &set, &e_missing));
  mt_assert_error (e_missing, MDB_ERROR_NOT_FOUND, "no user");
}
END_TEST

START_TEST (test_delete_user_cascades_and_refuses_owner_of_a_team_with_members)
{
  static const char *const bob[] = { BOB };
  static const MacroDbTeamRole member[] = { MACRO_DB_TEAM_ROLE_MEMBER };
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) refused = NULL;
  g_autoptr(MacroDbTeam) team = macro_db_team_create (EXEC, ANN, "Ann's team", &error);
  char tid[MDB_UUID_STRING_SIZE];

  ck_assert_msg (team != NULL, "team: %s", error ? error->message : "");
  mdb_uuid_format (&team->id, tid);
  ck_assert_int_eq (macro_db_team_add_members (EXEC, ANN, tid, bob, member, 1, &error), 1);
  ck_assert (!macro_db_user_delete (EXEC, ANN, &refused));
  mt_assert_error (refused, MDB_ERROR_CHECK_VIOLATION, "owns team");
  ck_assert_int_eq (mt_sql_int ("SELECT count(*) FROM \"User\" WHERE id = 'macro|ann@example.com'"), 1);
  /* Bob owns no team with other members: he goes, with his history,
   * pins, documents and account. */
  ck_assert_msg (macro_db_user_delete (EXEC, BOB, &error), "delete: %s", error ? error->message : "");
  ck_assert_int_eq (mt_sql_int ("SELECT count(*) FROM macro_user WHERE username = 'bob'"), 0);
  ck_assert_int_eq (mt_sql_int ("SELECT count(*) FROM \"UserHistory\" WHERE \"userId\" = 'macro|bob@example.com'"), 0);
  ck_assert_int_eq (mt_sql_int ("SELECT count(*) FROM \"Pin\" WHERE \"userId\" = 'macro|bob@example.com'"), 0);
  ck_assert_int_eq (mt_sql_int ("SELECT count(*) FROM \"Document\" WHERE id = 'd-bob'"), 0);
  ck_assert_int_eq (mt_sql_int ("SELECT count(*) FROM team_user"), 1);
  /* Now Ann's team has no other member: she can go, and her team with her. */
  ck_assert_msg (macro_db_user_delete (EXEC, ANN, &error), "delete: %s", error ? error->message : "");
  ck_assert_int_eq (mt_sql_int ("SELECT count(*) FROM team"), 0);
  ck_assert (!macro_db_user_delete (EXEC, ANN, &error));
  ck_assert_ptr_null (error);
}
END_TEST

/* ------------------------------------------------------------------ teams */

static const char *const more_users_sql =
  "INSERT INTO \"User\" (id, email) SELECT 'u' || lpad(i::text, 2, '0'), 'u' || i || '@example.com'"
  " FROM generate_series (1, 12) i";

START_TEST (test_team_membership_is_set_based_and_keeps_the_owner)
{
  static const char *const ids[] = { BOB, "u01", "u02" };
  static const MacroDbTeamRole roles[] = { MACRO_DB_TEAM_ROLE_ADMIN, MACRO_DB_TEAM_ROLE_MEMBER,
                                           MACRO_DB_TEAM_ROLE_MEMBER };
  static const char *const with_owner[] = { "u01", ANN };
  static const char *const two[] = { "u01", "u02" };
  static const MacroDbTeamRole promote[] = { MACRO_DB_TEAM_ROLE_ADMIN };
  static const MacroDbTeamRole owner_role[] = { MACRO_DB_TEAM_ROLE_OWNER };
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) e_owner = NULL;
  g_autoptr(GError) e_role = NULL;
  g_autoptr(GError) e_actor = NULL;
  g_autoptr(GError) e_fk = NULL;
  g_autoptr(MacroDbTeam) team = NULL;
  g_autoptr(MacroDbTeam) renamed = NULL;
  g_autoptr(MacroDbUserTeamList) bobs = NULL;
  char tid[MDB_UUID_STRING_SIZE];

  mt_sql_run (more_users_sql);
  team = macro_db_team_create (EXEC, ANN, "Core", &error);
  ck_assert_msg (team != NULL, "team: %s", error ? error->message : "");
  mdb_uuid_format (&team->id, tid);
  mt_assert_str (team->owner_id, ANN, "owner");
  ck_assert_int_eq (macro_db_team_add_members (EXEC, ANN, tid, ids, roles, 3, &error), 3);
  ck_assert_int_eq (mt_sql_int ("SELECT count(*) FROM team_user"), 4);
  /* Re-adding with the same role changes nothing; a new role is one change;
   * the owner's own role never changes. */
  ck_assert_int_eq (macro_db_team_add_members (EXEC, BOB, tid, ids, roles, 3, &error), 0);
  ck_assert_int_eq (macro_db_team_add_members (EXEC, BOB, tid, ids + 1, promote, 1, &error), 1);
  ck_assert_int_eq (macro_db_team_add_members (EXEC, BOB, tid, with_owner + 1, promote, 1, &error), 0);
  assert_sql_list ("SELECT user_id || ':' || team_role FROM team_user ORDER BY user_id",
                   "macro|ann@example.com:owner,macro|bob@example.com:admin,u01:admin,u02:member");
  ck_assert_int_eq (macro_db_team_add_members (EXEC, ANN, tid, ids, owner_role, 1, &e_role), -1);
  mt_assert_error (e_role, MDB_ERROR_INVALID_INPUT, "member 0: role must be member or admin");
  ck_assert_int_eq (macro_db_team_add_members (EXEC, "u02", tid, ids, roles, 1, &e_actor), -1);
  mt_assert_error (e_actor, MDB_ERROR_NOT_FOUND, "that user u02 administers");
  {
    static const char *const ghost[] = { "ghost" };
    ck_assert_int_eq (macro_db_team_add_members (EXEC, ANN, tid, ghost, roles, 1, &e_fk), -1);
    ck_assert (g_error_matches (e_fk, MDB_ERROR, MDB_ERROR_FOREIGN_KEY_VIOLATION));
  }
  /* The owner cannot be removed, and a batch naming it removes nobody. */
  ck_assert_int_eq (macro_db_team_remove_members (EXEC, BOB, tid, with_owner, 2, &e_owner), -1);
  mt_assert_error (e_owner, MDB_ERROR_CHECK_VIOLATION, "cannot be removed");
  ck_assert_int_eq (mt_sql_int ("SELECT count(*) FROM team_user"), 4);
  ck_assert_int_eq (macro_db_team_remove_members (EXEC, BOB, tid, two, 2, &error), 2);
  ck_assert_int_eq (mt_sql_int ("SELECT count(*) FROM team_user"), 2);
  renamed = macro_db_team_rename (EXEC, BOB, tid, "Core team", &error);
  ck_assert_msg (renamed != NULL, "rename: %s", error ? error->message : "");
  mt_assert_str (renamed->name, "Core team", "renamed");
  bobs = macro_db_user_teams (EXEC, BOB, &error);
  ck_assert_uint_eq (bobs->n_rows, 1);
  mt_assert_str (bobs->rows[0].name, "Core team", "bob's team");
  ck_assert_int_eq (bobs->rows[0].team_role, MACRO_DB_TEAM_ROLE_ADMIN);
}
END_TEST

START_TEST (test_team_members_page_by_user_id_for_members_only)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) e_uuid = NULL;
  g_autoptr(GError) e_cursor = NULL;
  g_autoptr(MacroDbTeam) team = NULL;
  g_autoptr(MdbPage) outsider = NULL;
  g_autoptr(GString) seen = g_string_new (NULL);
  g_autofree char *cursor = NULL;
  char tid[MDB_UUID_STRING_SIZE];
  guint pages = 0;

  mt_sql_run (more_users_sql);
  team = macro_db_team_create (EXEC, "u05", "Twelve", &error);
  mdb_uuid_format (&team->id, tid);
  {
    const char *ids[11];
    MacroDbTeamRole roles[11];
    for (int i = 0; i < 11; i++)
      {
        char id[8];
        g_snprintf (id, sizeof id, "u%02d", i < 4 ? i + 1 : i + 2);
        ids[i] = g_intern_string (id);
        roles[i] = MACRO_DB_TEAM_ROLE_MEMBER;
      }
    ck_assert_int_eq (macro_db_team_add_members (EXEC, "u05", tid, ids, roles, 11, &error), 11);
  }
  do
    {
      g_autoptr(MdbPage) page = macro_db_team_members_list (EXEC, "u01", tid, cursor, 5, &error);
      ck_assert_msg (page != NULL, "page: %s", error ? error->message : "");
      for (guint i = 0; i < page->items->len; i++)
        g_string_append_printf (seen, "%s ", ((MacroDbTeamMember *) page->items->pdata[i])->user_id);
      g_free (cursor);
      cursor = g_strdup (page->next_cursor);
      pages++;
    }
  while (cursor != NULL);
  ck_assert_uint_eq (pages, 3);
  mt_assert_str (seen->str, "u01 u02 u03 u04 u05 u06 u07 u08 u09 u10 u11 u12 ", "members in id order");
  outsider = macro_db_team_members_list (EXEC, ANN, tid, NULL, 5, &error);
  ck_assert_uint_eq (outsider->items->len, 0);
  ck_assert_ptr_null (macro_db_team_members_list (EXEC, "u01", "not-a-uuid", NULL, 5, &e_uuid));
  mt_assert_error (e_uuid, MDB_ERROR_INVALID_INPUT, "team_id is not a uuid");
  ck_assert_ptr_null (macro_db_team_members_list (EXEC, "u01", tid, "bogus", 5, &e_cursor));
  mt_assert_error (e_cursor, MDB_ERROR_INVALID_INPUT, "cursor");
}
END_TEST

/* ---------------------------------------------------------------- history */

static char *
history_joined (MdbPage *page)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < page->items->len; i++)
    {
      const MacroDbHistoryItem *h = page->items->pdata[i];
      g_string_append_printf (out, "%s%s:%s", i ? " " : "", h->item_type, h->id);
      if (!h->document_version_id_is_null)
        g_string_append_printf (out, "@%" G_GINT64_FORMAT, h->document_version_id);
    }
  return g_string_free (out, FALSE);
}

/* The real system's user-history test: documents (latest version), chats
 * and projects in one list, newest first by the item's own updatedAt;
 * trashed items are left out. */
START_TEST (test_history_lists_documents_chats_projects_by_item_updated_at)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdbPage) all = macro_db_history_list (EXEC, ANN, NULL, 50, &error);
  g_autofree char *got = NULL;
  const MacroDbHistoryItem *first;

  ck_assert_msg (all != NULL, "history: %s", error ? error->message : "");
  got = history_joined (all);
  mt_assert_str (got, "chat:c-ask document:d-plan@12 document:d-spec@22 document:d-note@13 chat:c-tie project:p-work",
              "history");
  ck_assert_ptr_null (all->next_cursor);
  first = all->items->pdata[0];
  mt_assert_str (first->name, "Ask", "name");
  mt_assert_str (first->project_id, "p-work", "chat project");
  ck_assert_int_eq (first->updated_at, 1741262400LL * 1000000);   /* 2025-03-06 12:00 UTC */
  ck_assert_int_eq (first->viewed_at, 1743638400LL * 1000000);    /* 2025-04-03 00:00 UTC */
}
END_TEST

START_TEST (test_history_pages_join_up_and_touch_records_many_items)
{
  static const MacroDbItemRef opened[] = {
    { "d-bob", MACRO_DB_ITEM_DOCUMENT }, { "c-tie", MACRO_DB_ITEM_CHAT }, { "d-bob", MACRO_DB_ITEM_DOCUMENT },
  };
  static const MacroDbItemRef bad[] = { { "d-bob", MACRO_DB_ITEM_DOCUMENT }, { "x", MACRO_DB_ITEM_THREAD } };
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) e_bad = NULL;
  g_autoptr(GString) seen = g_string_new (NULL);
  g_autofree char *cursor = NULL;
  guint pages = 0;

  do
    {
      g_autoptr(MdbPage) page = macro_db_history_list (EXEC, ANN, cursor, 4, &error);
      g_autofree char *got = NULL;
      ck_assert_msg (page != NULL, "page: %s", error ? error->message : "");
      got = history_joined (page);
      g_string_append_printf (seen, "%s|", got);
      g_free (cursor);
      cursor = g_strdup (page->next_cursor);
      pages++;
    }
  while (cursor != NULL);
  ck_assert_uint_eq (pages, 2);
  mt_assert_str (seen->str, "chat:c-ask document:d-plan@12 document:d-spec@22 document:d-note@13|"
              "chat:c-tie project:p-work|", "pages");
  ck_assert_int_eq (macro_db_history_touch (EXEC, ANN, opened, 3, &error), 2);
  ck_assert_int_eq (mt_sql_int ("SELECT count(*) FROM \"UserHistory\" WHERE \"userId\" = 'macro|ann@example.com'"), 9);
  ck_assert_int_eq (mt_sql_int ("SELECT count(*) FROM \"UserHistory\" WHERE \"itemId\" = 'c-tie'"
                             " AND \"updatedAt\" > now() - interval '1 minute'"), 1);
  ck_assert_int_eq (mt_sql_int ("SELECT count(*) FROM \"ItemLastAccessed\""), 2);
  ck_assert_int_eq (macro_db_history_touch (EXEC, ANN, bad, 2, &e_bad), -1);
  mt_assert_error (e_bad, MDB_ERROR_INVALID_INPUT, "item 1: item_type 3 is not a document, chat or project");
}
END_TEST

/* ------------------------------------------------------------------- pins */

static char *
pins_joined (const char *user)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MacroDbPinList) pins = macro_db_pins_list (EXEC, user, &error);
  GString *out = g_string_new (NULL);

  ck_assert_msg (pins != NULL, "pins: %s", error ? error->message : "");
  for (guint i = 0; i < pins->n_rows; i++)
    g_string_append_printf (out, "%s%d:%s", i ? " " : "", pins->rows[i].pin_index, pins->rows[i].item_id);
  return g_string_free (out, FALSE);
}

/* The real system's reorder-pins test: the new positions follow the order given. */
START_TEST (test_reorder_pins_keeps_the_given_order)
{
  static const MacroDbItemRef order[] = {
    { "d-note", MACRO_DB_ITEM_DOCUMENT }, { "p-work", MACRO_DB_ITEM_PROJECT }, { "d-plan", MACRO_DB_ITEM_DOCUMENT }, { "c-ask", MACRO_DB_ITEM_CHAT },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *before = pins_joined (ANN);
  g_autofree char *after = NULL;
  g_autofree char *bobs = NULL;

  mt_assert_str (before, "0:d-plan 1:c-ask 2:p-work 3:d-note", "before");
  ck_assert_int_eq (macro_db_pins_reorder (EXEC, ANN, order, 4, &error), 4);
  after = pins_joined (ANN);
  mt_assert_str (after, "0:d-note 1:p-work 2:d-plan 3:c-ask", "after");
  bobs = pins_joined (BOB);
  mt_assert_str (bobs, "0:d-bob", "bob untouched");
}
END_TEST

START_TEST (test_pin_upsert_moves_and_remove_unpins)
{
  static const MacroDbItemRef spec = { "d-spec", MACRO_DB_ITEM_DOCUMENT };
  static const MacroDbItemRef plan = { "d-plan", MACRO_DB_ITEM_DOCUMENT };
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) e_index = NULL;
  g_autoptr(GError) e_user = NULL;
  g_autofree char *got = NULL;

  ck_assert (macro_db_pin_upsert (EXEC, ANN, &spec, 4, &error));
  ck_assert (macro_db_pin_upsert (EXEC, ANN, &plan, 5, &error));
  ck_assert (macro_db_pin_remove (EXEC, ANN, &spec, &error));
  ck_assert (!macro_db_pin_remove (EXEC, ANN, &spec, &error));
  ck_assert_ptr_null (error);
  got = pins_joined (ANN);
  mt_assert_str (got, "1:c-ask 2:p-work 3:d-note 5:d-plan", "pins");
  ck_assert (!macro_db_pin_upsert (EXEC, ANN, &spec, -1, &e_index));
  mt_assert_error (e_index, MDB_ERROR_INVALID_INPUT, "pin_index -1 is out of range");
  ck_assert (!macro_db_pin_upsert (EXEC, "ghost", &spec, 0, &e_user));
  ck_assert (g_error_matches (e_user, MDB_ERROR, MDB_ERROR_FOREIGN_KEY_VIOLATION));
}
END_TEST

/* Two writers touching the same 300 items of one user in opposite orders,
 * 10 times each: the statement upserts in key order, so neither deadlocks
 * nor fails, and each item ends up with one history row. */
typedef struct {
  const MacroDbItemRef *items;
  gsize                 n;
  gint64                failures;
} TouchArg;

static gpointer
touch_thread (gpointer data)
{
  TouchArg *arg = data;

  for (guint round = 0; round < 10; round++)
    if (macro_db_history_touch (EXEC, ANN, arg->items, arg->n, NULL) != (gint64) arg->n)
      arg->failures++;
  return NULL;
}

START_TEST (test_concurrent_history_touches_do_not_deadlock)
{
  enum { N = 300 };
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  MacroDbItemRef forward[N], backward[N];
  TouchArg one = { forward, N, 0 }, two = { backward, N, 0 };
  GThread *t1, *t2;

  for (guint i = 0; i < N; i++)
    g_ptr_array_add (ids, g_strdup_printf ("race-%03u", i));
  for (guint i = 0; i < N; i++)
    {
      forward[i] = (MacroDbItemRef) { ids->pdata[i], MACRO_DB_ITEM_DOCUMENT };
      backward[N - 1 - i] = forward[i];
    }
  t1 = g_thread_new ("touch-1", touch_thread, &one);
  t2 = g_thread_new ("touch-2", touch_thread, &two);
  g_thread_join (t1);
  g_thread_join (t2);
  ck_assert_int_eq (one.failures + two.failures, 0);
  ck_assert_int_eq (mt_sql_int ("SELECT count(*) FROM \"UserHistory\" WHERE \"itemId\" LIKE 'race-%'"), N);
  ck_assert_int_eq (mt_sql_int ("SELECT count(*) FROM \"ItemLastAccessed\" WHERE item_id LIKE 'race-%'"), N);
}
END_TEST

/* ---------------------------------------------------------- plans, trips */

/* Realistic sizes for the planner: 2 000 users with a role, 20 history rows, 3
 * pins and one team membership each, 20 000 documents, 4 000 chats and projects. */
static const char *const seed_sql =
  "INSERT INTO \"User\" (id, email) SELECT 'seed-' || i, 'seed-' || i || '@example.com'"
  "  FROM generate_series (1, 2000) i;"
  "INSERT INTO \"RolesOnUsers\" (\"userId\", \"roleId\") SELECT 'seed-' || i, 'self_serve'"
  "  FROM generate_series (1, 2000) i;"
  "INSERT INTO \"Document\" (id, name, owner, \"updatedAt\") SELECT 'sd-' || i, 'doc ' || i,"
  "  'seed-' || (i % 2000 + 1), now() - i * interval '1 minute' FROM generate_series (1, 20000) i;"
  "INSERT INTO \"DocumentInstance\" (\"documentId\", sha) SELECT 'sd-' || i, 'sha' FROM generate_series (1, 20000) i;"
  "INSERT INTO \"DocumentBom\" (\"documentId\") SELECT 'sd-' || i FROM generate_series (1, 20000, 4) i;"
  "INSERT INTO \"Project\" (id, name, \"userId\") SELECT 'sp-' || i, 'project ' || i, 'seed-' || (i % 2000 + 1)"
  "  FROM generate_series (1, 4000) i;"
  "INSERT INTO \"UserHistory\" (\"userId\", \"itemId\", \"itemType\")"
  "  SELECT 'seed-' || u, 'sp-' || u, 'project' FROM generate_series (1, 2000) u;"
  "INSERT INTO \"Chat\" (id, name, \"userId\") SELECT 'sc-' || i, 'chat ' || i, 'seed-' || (i % 2000 + 1)"
  "  FROM generate_series (1, 4000) i;"
  "INSERT INTO \"UserHistory\" (\"userId\", \"itemId\", \"itemType\")"
  "  SELECT 'seed-' || u, 'sd-' || ((u * 7 + k * 13) % 20000 + 1), 'document'"
  "  FROM generate_series (1, 2000) u, generate_series (1, 18) k ON CONFLICT DO NOTHING;"
  "INSERT INTO \"UserHistory\" (\"userId\", \"itemId\", \"itemType\")"
  "  SELECT 'seed-' || u, 'sc-' || (u + k * 2000), 'chat' FROM generate_series (1, 2000) u, generate_series (0, 1) k;"
  "INSERT INTO \"Pin\" (\"userId\", \"pinnedItemId\", \"pinnedItemType\", \"pinIndex\")"
  "  SELECT 'seed-' || u, 'sd-' || (u * 3 + k), 'document', k FROM generate_series (1, 2000) u, generate_series (0, 2) k;"
  "INSERT INTO team (id, name, owner_id) SELECT ('00000000-0000-0000-0000-' || lpad(t::text, 12, '0'))::uuid,"
  "  'team ' || t, 'seed-' || t FROM generate_series (1, 1000) t;"
  "INSERT INTO team_user (user_id, team_id, team_role) SELECT 'seed-' || u,"
  "  ('00000000-0000-0000-0000-' || lpad((u % 1000 + 1)::text, 12, '0'))::uuid, 'member' FROM generate_series (1, 2000) u;"
  "ANALYZE";

/* The tables the seed fills: none may be read whole. */
static const char *const seeded[] = {
  "\"User\"", "\"RolesOnUsers\"", "\"Document\"", "\"DocumentInstance\"", "\"DocumentBom\"",
  "\"Project\"", "\"Chat\"", "\"UserHistory\"", "\"Pin\"", "team", "team_user", NULL,
};

/* Every list and lookup query uses an index on seeded tables, with the
 * generic plan a prepared statement gets (whatever the values). */
START_TEST (test_lookups_and_lists_use_indexes)
{
  g_autoptr(GError) error = NULL;
  MdbConn *conn = mdb_pool_acquire (mt_fx.pool, &error);

  ck_assert_msg (conn != NULL, "acquire: %s", error ? error->message : "");
  ck_assert_msg (mdb_conn_exec_script (conn, seed_sql, &error), "seed: %s", error ? error->message : "");
  /* As autovacuum keeps a live database: the visibility map set, so
   * index-only scans are what the planner picks there too. */
  ck_assert_msg (mdb_conn_exec_script (conn, "VACUUM ANALYZE", &error), "vacuum: %s", error ? error->message : "");
  ck_assert (mdb_conn_exec_script (conn, "SET plan_cache_mode = force_generic_plan", &error));
  mt_assert_plan (conn, "user_by_id", "'seed-5'", "User_pkey", seeded);
  mt_assert_plan (conn, "user_by_email", "'SEED-5@example.com'", "User_lower_email_key", seeded);
  mt_assert_plan (conn, "history_page", "'seed-5', 'infinity', '', '', 51",
                  "UserHistory_userId_updatedAt_itemType_itemId_idx", seeded);
  mt_assert_plan (conn, "pins_all", "'seed-5'", "Pin_pkey", seeded);
  mt_assert_plan (conn, "user_teams_all", "'seed-5'", "team_user_pkey", seeded);
  mt_assert_plan (conn, "team_members_page",
               "'00000000-0000-0000-0000-000000000005', '', 'seed-5', 51", "team_user_team_id_user_id_idx", seeded);
  mdb_pool_release (mt_fx.pool, conn);
}
END_TEST

START_TEST (test_each_operation_takes_its_documented_round_trips)
{
  static const MacroDbItemRef items[] = { { "d-plan", MACRO_DB_ITEM_DOCUMENT }, { "c-ask", MACRO_DB_ITEM_CHAT } };
  static const char *const bob[] = { BOB };
  static const MacroDbTeamRole member[] = { MACRO_DB_TEAM_ROLE_MEMBER };
  MacroDbProfile profile = { .title = "CEO" };
  GError *error = NULL;
  MdbConn *conn = mdb_pool_acquire (mt_fx.pool, &error);
  MdbExecutor *ex = MDB_EXECUTOR (conn);
  g_autoptr(MacroDbTeam) team = NULL;
  char tid[MDB_UUID_STRING_SIZE];
  guint n = 0;

  ck_assert_msg (conn != NULL, "acquire: %s", error ? error->message : "");
  /* create user: one statement (the issue allows 2). */
  {
    MacroDbNewUser a = { "rt1@example.com", "rt1", "cus_rt1", TRUE, 0, NULL };
    MacroDbNewUser b = { "rt2@example.com", "rt2", "cus_rt2", TRUE, 0, NULL };
    MacroDbUser *u = NULL;
    mdb_test_assert_round_trips (ex, 2, u = macro_db_user_create (ex, &a, &error));
    ck_assert_msg (u != NULL, "%s", error ? error->message : "");
    macro_db_user_free (u);
    mdb_test_assert_round_trips (ex, 1, u = macro_db_user_create (ex, &b, &error));
    ck_assert_msg (u != NULL, "%s", error ? error->message : "");
    macro_db_user_free (u);
  }
  MT_ASSERT_TRIPS (ex, 1, macro_db_user_free (macro_db_user_get (ex, ANN, &error)));
  MT_ASSERT_TRIPS (ex, 1, macro_db_user_free (macro_db_user_get_by_email (ex, "ANN@example.com", &error)));
  MT_ASSERT_TRIPS (ex, 1, macro_db_user_free (macro_db_user_update_profile (ex, ANN, &profile, &error)));
  MT_ASSERT_TRIPS (ex, 1, macro_db_user_delete (ex, "macro|rt1@example.com", &error));
  team = macro_db_team_create (ex, ANN, "rt", &error);
  mdb_uuid_format (&team->id, tid);
  MT_ASSERT_TRIPS (ex, 1, macro_db_team_free (macro_db_team_create (ex, BOB, "rt2", &error)));
  MT_ASSERT_TRIPS (ex, 1, macro_db_team_free (macro_db_team_rename (ex, ANN, tid, "rt!", &error)));
  MT_ASSERT_TRIPS (ex, 1, macro_db_team_add_members (ex, ANN, tid, bob, member, 1, &error));
  MT_ASSERT_TRIPS (ex, 1, macro_db_user_team_list_free (macro_db_user_teams (ex, BOB, &error)));
  MT_ASSERT_TRIPS (ex, 1, mdb_page_free (macro_db_team_members_list (ex, ANN, tid, NULL, 10, &error)));
  MT_ASSERT_TRIPS (ex, 1, macro_db_team_remove_members (ex, ANN, tid, bob, 1, &error));
  MT_ASSERT_TRIPS (ex, 1, macro_db_history_touch (ex, ANN, items, 2, &error));
  MT_ASSERT_TRIPS (ex, 1, mdb_page_free (macro_db_history_list (ex, ANN, NULL, 50, &error)));
  MT_ASSERT_TRIPS (ex, 1, macro_db_pin_upsert (ex, ANN, &items[0], 0, &error));
  MT_ASSERT_TRIPS (ex, 1, macro_db_pin_list_free (macro_db_pins_list (ex, ANN, &error)));
  MT_ASSERT_TRIPS (ex, 1, n += macro_db_pins_reorder (ex, ANN, items, 2, &error));
  MT_ASSERT_TRIPS (ex, 1, macro_db_pin_remove (ex, ANN, &items[1], &error));
  /* Refused input sends nothing. */
  mdb_test_assert_round_trips (ex, 0, macro_db_pins_list (ex, "", &error));
  ck_assert (g_error_matches (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT));
  g_clear_error (&error);
  mdb_pool_release (mt_fx.pool, conn);
}
END_TEST

static Suite *
macro_people_suite (void)
{
  Suite *s = suite_create ("macro-people");
  TCase *tc = tcase_create ("people");

  tcase_add_checked_fixture (tc, setup, mt_teardown);
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_create_user_writes_account_profile_verification_and_roles);
  tcase_add_test (tc, test_create_user_without_roles_and_with_organization);
  tcase_add_test (tc, test_create_user_failures_write_nothing);
  tcase_add_test (tc, test_get_user_by_id_and_by_email_in_any_case);
  tcase_add_test (tc, test_update_profile_sets_keeps_and_clears_fields);
  tcase_add_test (tc, test_delete_user_cascades_and_refuses_owner_of_a_team_with_members);
  tcase_add_test (tc, test_team_membership_is_set_based_and_keeps_the_owner);
  tcase_add_test (tc, test_team_members_page_by_user_id_for_members_only);
  tcase_add_test (tc, test_history_lists_documents_chats_projects_by_item_updated_at);
  tcase_add_test (tc, test_history_pages_join_up_and_touch_records_many_items);
  tcase_add_test (tc, test_reorder_pins_keeps_the_given_order);
  tcase_add_test (tc, test_pin_upsert_moves_and_remove_unpins);
  tcase_add_test (tc, test_concurrent_history_touches_do_not_deadlock);
  tcase_add_test (tc, test_lookups_and_lists_use_indexes);
  tcase_add_test (tc, test_each_operation_takes_its_documented_round_trips);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return mdb_test_run (srunner_create (macro_people_suite ()), TRUE);
}
