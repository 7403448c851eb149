/* SPDX-License-Identifier: MIT */
/* test-macro-access.c: effective access, accessible items, grants and share
 * permissions of macro_db_client, with the real crate's tests ported
 * (fixtures/ holds their data, written from their description). */
#include "macro-test.h"

static gint
level_of (const char *user, const char *item, MacroDbItemType type)
{
  g_autoptr (GError) error = NULL;
  MacroDbAccessLevel level = 0;

  if (!macro_db_access_level (EXEC, user, item, type, &level, &error))
    {
      ck_assert_msg (error == NULL, "access level: %s", error->message);
      return MACRO_DB_NO_ACCESS;
    }
  return level;
}

/* The real test_highest_level_is_from_explicit_access: owner through the
 * grandparent's grant beats edit (parent) and view (document), and beats
 * the public levels; the non-public owner share of the document is ignored. */
START_TEST (test_highest_level_is_from_explicit_access)
{
  macro_fixture ("highest_access_level_for_document");
  ck_assert_int_eq (level_of ("user-1", "d-child", MACRO_DB_ITEM_DOCUMENT), MACRO_DB_ACCESS_LEVEL_OWNER);
}
END_TEST

/* The public-only case: no grant at all, the grandparent's public edit wins
 * over the parent's public view; the document's own owner share is not public. */
START_TEST (test_highest_level_from_public_shares_only)
{
  macro_fixture ("highest_access_level_for_document");
  ck_assert_int_eq (level_of ("user-3", "d-child", MACRO_DB_ITEM_DOCUMENT), MACRO_DB_ACCESS_LEVEL_EDIT);
  ck_assert_int_eq (level_of ("user-3", "p-parent", MACRO_DB_ITEM_PROJECT), MACRO_DB_ACCESS_LEVEL_EDIT);
}
END_TEST

/* The no-access case: none, also for unknown items and types without rows. */
START_TEST (test_no_access_gives_none)
{
  macro_fixture ("highest_access_level_for_document");
  ck_assert_int_eq (level_of ("user-3", "d-private", MACRO_DB_ITEM_DOCUMENT), MACRO_DB_NO_ACCESS);
  ck_assert_int_eq (level_of ("user-3", "no-such-doc", MACRO_DB_ITEM_DOCUMENT), MACRO_DB_NO_ACCESS);
  ck_assert_int_eq (level_of ("user-1", "d-child", MACRO_DB_ITEM_CHAT), MACRO_DB_NO_ACCESS);
  /* The owner column is an owner level, grant or not. */
  ck_assert_int_eq (level_of ("user-2", "d-private", MACRO_DB_ITEM_DOCUMENT), MACRO_DB_ACCESS_LEVEL_OWNER);
}
END_TEST

START_TEST (test_access_level_refuses_bad_input)
{
  g_autoptr (GError) error = NULL;
  MacroDbAccessLevel level;

  ck_assert (!macro_db_access_level (EXEC, "", "d", MACRO_DB_ITEM_DOCUMENT, &level, &error));
  macro_assert_error (error, MDB_ERROR_INVALID_INPUT, "user_id");
  g_clear_error (&error);
  ck_assert (!macro_db_access_level (EXEC, "user-1", NULL, MACRO_DB_ITEM_DOCUMENT, &level, &error));
  macro_assert_error (error, MDB_ERROR_INVALID_INPUT, "item_id");
  g_clear_error (&error);
  ck_assert (!macro_db_access_level (EXEC, "user-1", "d", MACRO_DB_ITEM_ANY, &level, &error));
  macro_assert_error (error, MDB_ERROR_INVALID_INPUT, "item_type");
  g_clear_error (&error);
  ck_assert (!macro_db_access_level (EXEC, "user-1", "d", (MacroDbItemType) 9, &level, &error));
  macro_assert_error (error, MDB_ERROR_INVALID_INPUT, "item_type");
}
END_TEST

/* Many items in one query, in the caller's order, repeats and unknowns included. */
START_TEST (test_access_levels_of_many_items_in_input_order)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) levels = NULL;
  const MacroDbItemRef items[] = {
    { "d-child", MACRO_DB_ITEM_DOCUMENT }, { "d-private", MACRO_DB_ITEM_DOCUMENT },
    { "p-parent", MACRO_DB_ITEM_PROJECT }, { "nope", MACRO_DB_ITEM_CHAT },
    { "d-child", MACRO_DB_ITEM_DOCUMENT }, { "p-grandparent", MACRO_DB_ITEM_PROJECT },
  };
  const gint want_user1[] = { MACRO_DB_ACCESS_LEVEL_OWNER, MACRO_DB_NO_ACCESS, MACRO_DB_ACCESS_LEVEL_OWNER,
                              MACRO_DB_NO_ACCESS, MACRO_DB_ACCESS_LEVEL_OWNER, MACRO_DB_ACCESS_LEVEL_OWNER };
  const gint want_user3[] = { MACRO_DB_ACCESS_LEVEL_EDIT, MACRO_DB_NO_ACCESS, MACRO_DB_ACCESS_LEVEL_EDIT,
                              MACRO_DB_NO_ACCESS, MACRO_DB_ACCESS_LEVEL_EDIT, MACRO_DB_ACCESS_LEVEL_EDIT };

  macro_fixture ("highest_access_level_for_document");
  levels = macro_db_access_levels (EXEC, "user-1", items, G_N_ELEMENTS (items), &error);
  OK_OR (levels != NULL, "levels");
  ck_assert_uint_eq (levels->len, G_N_ELEMENTS (items));
  for (guint i = 0; i < levels->len; i++)
    ck_assert_msg (g_array_index (levels, gint, i) == want_user1[i], "user-1 item %u: %d", i,
                   g_array_index (levels, gint, i));
  g_clear_pointer (&levels, g_array_unref);
  levels = macro_db_access_levels (EXEC, "user-3", items, G_N_ELEMENTS (items), &error);
  OK_OR (levels != NULL, "levels");
  for (guint i = 0; i < levels->len; i++)
    ck_assert_msg (g_array_index (levels, gint, i) == want_user3[i], "user-3 item %u: %d", i,
                   g_array_index (levels, gint, i));
  g_clear_pointer (&levels, g_array_unref);
  /* Empty input: an empty array, nothing sent. */
  levels = macro_db_access_levels (EXEC, "user-3", NULL, 0, &error);
  OK_OR (levels != NULL && levels->len == 0, "empty");
}
END_TEST

START_TEST (test_access_levels_refuse_a_bad_item_by_index)
{
  g_autoptr (GError) error = NULL;
  const MacroDbItemRef items[] = { { "a", MACRO_DB_ITEM_DOCUMENT }, { "", MACRO_DB_ITEM_DOCUMENT } };
  const MacroDbItemRef typed[] = { { "a", MACRO_DB_ITEM_DOCUMENT }, { "b", MACRO_DB_ITEM_ANY } };

  ck_assert_ptr_null (macro_db_access_levels (EXEC, "user-1", items, 2, &error));
  macro_assert_error (error, MDB_ERROR_INVALID_INPUT, "items[1]: item_id");
  g_clear_error (&error);
  ck_assert_ptr_null (macro_db_access_levels (EXEC, "user-1", typed, 2, &error));
  macro_assert_error (error, MDB_ERROR_INVALID_INPUT, "items[1]: item_type");
  g_clear_error (&error);
  ck_assert_ptr_null (macro_db_access_levels (EXEC, "user-1", items, MACRO_DB_MAX_ITEMS + 1, &error));
  macro_assert_error (error, MDB_ERROR_INVALID_INPUT, "items");
}
END_TEST

static char *
accessible (const char *user, MacroDbItemType type, gboolean exclude_owned)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MdbPage) page = macro_db_accessible_items (EXEC, user, MACRO_DB_ACCESS_LEVEL_VIEW, type,
                                                        exclude_owned, NULL, MACRO_DB_MAX_PAGE, &error);

  ck_assert_msg (page != NULL, "accessible: %s", error ? error->message : "");
  ck_assert_ptr_null (page->next_cursor);
  return macro_item_ids (page);
}

#define ASSERT_ACCESSIBLE(user, type, excl, want) \
  G_STMT_START { \
    g_autofree char *got_ = accessible ((user), (type), (excl)); \
    ck_assert_msg (strcmp (got_, (want)) == 0, "accessible: got [%s], want [%s]", got_, (want)); \
  } G_STMT_END

/* The real test_accessible_items_explicit: 6 items, 3 not owned, 2 documents. */
START_TEST (test_accessible_items_explicit)
{
  macro_fixture ("get_user_accessible_items_explicit");
  ASSERT_ACCESSIBLE ("user-1", MACRO_DB_ITEM_ANY, FALSE, "c-owned,c-shared,d-owned,d-shared,p-owned,p-shared");
  ASSERT_ACCESSIBLE ("user-1", MACRO_DB_ITEM_ANY, TRUE, "c-shared,d-shared,p-shared");
  ASSERT_ACCESSIBLE ("user-1", MACRO_DB_ITEM_DOCUMENT, FALSE, "d-owned,d-shared");
}
END_TEST

/* The real test_accessible_items_implicit: a grant on a project brings its content. */
START_TEST (test_accessible_items_implicit_via_project)
{
  macro_fixture ("get_user_accessible_items_implicit");
  ASSERT_ACCESSIBLE ("user-1", MACRO_DB_ITEM_ANY, FALSE, "c-inside,d-inside,p-shared");
  ASSERT_ACCESSIBLE ("user-1", MACRO_DB_ITEM_CHAT, FALSE, "c-inside");
}
END_TEST

/* The real test_accessible_items_nested: at any depth. */
START_TEST (test_accessible_items_nested_projects)
{
  macro_fixture ("get_user_accessible_items_nested");
  ASSERT_ACCESSIBLE ("user-1", MACRO_DB_ITEM_ANY, FALSE, "d-leaf,p-leaf,p-mid,p-top");
  ASSERT_ACCESSIBLE ("user-1", MACRO_DB_ITEM_PROJECT, FALSE, "p-leaf,p-mid,p-top");
}
END_TEST

/* The real test_accessible_items_unaccessible: nothing shared, nothing listed. */
START_TEST (test_accessible_items_unaccessible)
{
  macro_fixture ("get_user_accessible_items_unaccessible");
  ASSERT_ACCESSIBLE ("user-1", MACRO_DB_ITEM_ANY, FALSE, "");
  ASSERT_ACCESSIBLE ("user-2", MACRO_DB_ITEM_ANY, FALSE, "c-private,d-private,p-private");
}
END_TEST

/* Minimum level, deleted items, and keyset pages that neither repeat nor skip. */
START_TEST (test_accessible_items_min_level_deleted_and_pages)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *cursor = NULL;
  g_autoptr (GString) all = g_string_new (NULL);
  guint pages = 0;

  macro_fixture ("get_user_accessible_items_explicit");
  {
    g_autoptr (MdbPage) page = macro_db_accessible_items (EXEC, "user-1", MACRO_DB_ACCESS_LEVEL_EDIT,
                                                          MACRO_DB_ITEM_ANY, FALSE, NULL, 10, &error);
    g_autofree char *ids = NULL;

    OK_OR (page != NULL, "edit+");
    ids = macro_item_ids (page);
    ck_assert_str_eq (ids, "c-owned,c-shared,d-owned,p-owned");
    ck_assert_int_eq (((MacroDbItem *) page->items->pdata[1])->access_level, MACRO_DB_ACCESS_LEVEL_EDIT);
  }
  macro_sql ("UPDATE \"Document\" SET \"deletedAt\" = now () WHERE id = 'd-owned'");
  for (;;)
    {
      g_autoptr (MdbPage) page = macro_db_accessible_items (EXEC, "user-1", MACRO_DB_ACCESS_LEVEL_VIEW,
                                                            MACRO_DB_ITEM_ANY, FALSE, cursor, 2, &error);
      g_autofree char *ids = NULL;

      OK_OR (page != NULL, "page");
      ids = macro_item_ids (page);
      g_string_append_printf (all, "%s%s", all->len ? "," : "", ids);
      pages++;
      g_free (cursor);
      cursor = g_steal_pointer (&page->next_cursor);
      if (cursor == NULL)
        break;
    }
  ck_assert_str_eq (all->str, "c-owned,c-shared,d-shared,p-owned,p-shared");
  ck_assert_uint_eq (pages, 3);
}
END_TEST

/* A page whose min_level skips most candidates is still full and exact:
 * the page function reads candidates in chunks (the page size, then twice
 * as many each round) until the page is full.  user-1 holds view on 300
 * documents and edit on every 40th; d-120 is deleted; d-250… lie in a
 * project whose public share is edit, which raises their level. */
START_TEST (test_accessible_items_min_level_reads_on_until_the_page_is_full)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MdbPage) first = NULL;
  g_autoptr (MdbPage) second = NULL;
  g_autofree char *ids = NULL;

  macro_sql ("INSERT INTO \"SharePermission\" (id, \"isPublic\", \"publicAccessLevel\") VALUES ('sp-pub', true, 'edit')");
  macro_sql ("INSERT INTO \"Project\" (id, name, \"userId\") VALUES ('p-pub', 'public', 'user-2')");
  macro_sql ("INSERT INTO \"ProjectPermission\" (\"projectId\", \"sharePermissionId\") VALUES ('p-pub', 'sp-pub')");
  macro_sql ("INSERT INTO \"Document\" (id, name, owner, \"projectId\", \"deletedAt\")"
             " SELECT 'd-' || lpad (g::text, 3, '0'), 'doc', 'user-2', CASE WHEN g >= 250 THEN 'p-pub' END,"
             "        CASE WHEN g = 120 THEN now () END FROM generate_series (0, 299) g");
  macro_sql ("INSERT INTO \"UserItemAccess\" (user_id, item_id, item_type, access_level)"
             " SELECT 'user-1', 'd-' || lpad (g::text, 3, '0'), 'document',"
             "        (CASE WHEN g % 40 = 0 THEN 'edit' ELSE 'view' END)::\"AccessLevel\" FROM generate_series (0, 299) g");
  first = macro_db_accessible_items (EXEC, "user-1", MACRO_DB_ACCESS_LEVEL_EDIT, MACRO_DB_ITEM_ANY, FALSE, NULL, 5,
                                     &error);
  OK_OR (first != NULL && first->next_cursor != NULL, "first page");
  ids = macro_item_ids (first);
  ck_assert_str_eq (ids, "d-000,d-040,d-080,d-160,d-200");
  g_clear_pointer (&ids, g_free);
  second = macro_db_accessible_items (EXEC, "user-1", MACRO_DB_ACCESS_LEVEL_EDIT, MACRO_DB_ITEM_DOCUMENT, FALSE, NULL,
                                      100, &error);
  OK_OR (second != NULL, "documents");
  ck_assert_uint_eq (second->items->len, 56);   /* 6 granted edit (d-120 deleted), 50 by the public share */
  g_clear_pointer (&second, mdb_page_free);
  second = macro_db_accessible_items (EXEC, "user-1", MACRO_DB_ACCESS_LEVEL_EDIT, MACRO_DB_ITEM_ANY, FALSE,
                                      first->next_cursor, 5, &error);
  OK_OR (second != NULL, "second page");
  ids = macro_item_ids (second);
  ck_assert_str_eq (ids, "d-240,d-250,d-251,d-252,d-253");
  ck_assert_int_eq (((MacroDbItem *) second->items->pdata[1])->access_level, MACRO_DB_ACCESS_LEVEL_EDIT);
}
END_TEST

START_TEST (test_accessible_items_refuse_bad_input_and_foreign_cursors)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MdbPage) first = NULL;

  macro_fixture ("get_user_accessible_items_explicit");
  first = macro_db_accessible_items (EXEC, "user-1", MACRO_DB_ACCESS_LEVEL_VIEW, MACRO_DB_ITEM_ANY, FALSE,
                                     NULL, 1, &error);
  OK_OR (first != NULL && first->next_cursor != NULL, "first page");
  /* A cursor of user-1's list is not one of user-2's, nor of another filter. */
  ck_assert_ptr_null (macro_db_accessible_items (EXEC, "user-2", MACRO_DB_ACCESS_LEVEL_VIEW, MACRO_DB_ITEM_ANY,
                                                 FALSE, first->next_cursor, 1, &error));
  macro_assert_error (error, MDB_ERROR_INVALID_INPUT, "cursor");
  g_clear_error (&error);
  ck_assert_ptr_null (macro_db_accessible_items (EXEC, "user-1", MACRO_DB_ACCESS_LEVEL_VIEW, MACRO_DB_ITEM_ANY,
                                                 TRUE, first->next_cursor, 1, &error));
  macro_assert_error (error, MDB_ERROR_INVALID_INPUT, "cursor");
  g_clear_error (&error);
  ck_assert_ptr_null (macro_db_accessible_items (EXEC, "user-1", MACRO_DB_ACCESS_LEVEL_VIEW, MACRO_DB_ITEM_ANY,
                                                 FALSE, NULL, 0, &error));
  macro_assert_error (error, MDB_ERROR_INVALID_INPUT, "limit");
  g_clear_error (&error);
  ck_assert_ptr_null (macro_db_accessible_items (EXEC, "user-1", (MacroDbAccessLevel) 7, MACRO_DB_ITEM_ANY,
                                                 FALSE, NULL, 5, &error));
  macro_assert_error (error, MDB_ERROR_INVALID_INPUT, "min_level");
}
END_TEST

/* Grants: one statement for many users; a repeated direct grant updates
 * (NULLS NOT DISTINCT), never duplicates; revoke leaves channel grants. */
START_TEST (test_grant_upserts_and_revoke)
{
  g_autoptr (GError) error = NULL;
  const char *users[] = { "user-3", "user-4", "user-3" };
  const char *unknown[] = { "user-3", "ghost" };

  macro_fixture ("highest_access_level_for_document");
  ck_assert_int_eq (macro_db_access_grant (EXEC, "d-private", MACRO_DB_ITEM_DOCUMENT, users, 3,
                                           MACRO_DB_ACCESS_LEVEL_VIEW, &error), 2);
  ck_assert_int_eq (level_of ("user-3", "d-private", MACRO_DB_ITEM_DOCUMENT), MACRO_DB_ACCESS_LEVEL_VIEW);
  ck_assert_int_eq (macro_db_access_grant (EXEC, "d-private", MACRO_DB_ITEM_DOCUMENT, users, 2,
                                           MACRO_DB_ACCESS_LEVEL_COMMENT, &error), 2);
  ck_assert_int_eq (level_of ("user-4", "d-private", MACRO_DB_ITEM_DOCUMENT), MACRO_DB_ACCESS_LEVEL_COMMENT);
  ck_assert_int_eq (macro_sql_int ("SELECT count(*) FROM \"UserItemAccess\" WHERE item_id = 'd-private'"), 2);
  /* An unknown user: the foreign key, nothing written. */
  ck_assert_int_eq (macro_db_access_grant (EXEC, "d-child", MACRO_DB_ITEM_DOCUMENT, unknown, 2,
                                           MACRO_DB_ACCESS_LEVEL_EDIT, &error), -1);
  macro_assert_error (error, MDB_ERROR_FOREIGN_KEY_VIOLATION, "");
  ck_assert_str_eq (mdb_error_get_constraint (error), "UserItemAccess_user_id_fkey");
  g_clear_error (&error);
  ck_assert_int_eq (level_of ("user-3", "d-child", MACRO_DB_ITEM_DOCUMENT), MACRO_DB_ACCESS_LEVEL_EDIT);
  /* Bad input names the index. */
  ck_assert_int_eq (macro_db_access_grant (EXEC, "d-child", MACRO_DB_ITEM_DOCUMENT, (const char *[]) { "a", "" }, 2,
                                           MACRO_DB_ACCESS_LEVEL_EDIT, &error), -1);
  macro_assert_error (error, MDB_ERROR_INVALID_INPUT, "user_ids[1]");
  g_clear_error (&error);
  ck_assert_int_eq (macro_db_access_revoke (EXEC, "d-private", MACRO_DB_ITEM_DOCUMENT, users, 3, &error), 2);
  ck_assert_int_eq (level_of ("user-3", "d-private", MACRO_DB_ITEM_DOCUMENT), MACRO_DB_NO_ACCESS);
  ck_assert_int_eq (macro_db_access_revoke (EXEC, "d-private", MACRO_DB_ITEM_DOCUMENT, users, 3, &error), 0);
}
END_TEST

/* Share permission edit: public level, and a channel share expanded into
 * one grant per active participant who is a user. */
START_TEST (test_share_permission_edit_public_and_channels)
{
  g_autoptr (GError) error = NULL;
  const MacroDbChannelShare channels[] = {
    { "00000000-0000-0000-0000-0000000000c1", MACRO_DB_ACCESS_LEVEL_COMMENT },
  };

  macro_fixture ("highest_access_level_for_document");
  macro_sql ("INSERT INTO comms_channels (id, channel_type, owner_id) VALUES"
             " ('00000000-0000-0000-0000-0000000000c1', 'private', 'user-2')");
  macro_sql ("INSERT INTO comms_channel_participants (channel_id, role, user_id, left_at) VALUES"
             " ('00000000-0000-0000-0000-0000000000c1', 'member', 'user-3', NULL),"
             " ('00000000-0000-0000-0000-0000000000c1', 'member', 'user-4', now ()),"
             " ('00000000-0000-0000-0000-0000000000c1', 'member', 'not-a-user', NULL)");
  ck_assert_int_eq (macro_db_share_permission_edit (EXEC, "d-private", MACRO_DB_ITEM_DOCUMENT, TRUE,
                                                    MACRO_DB_ACCESS_LEVEL_VIEW, channels, 1, &error), 1);
  ck_assert_int_eq (level_of ("user-3", "d-private", MACRO_DB_ITEM_DOCUMENT), MACRO_DB_ACCESS_LEVEL_COMMENT);
  ck_assert_int_eq (level_of ("user-4", "d-private", MACRO_DB_ITEM_DOCUMENT), MACRO_DB_ACCESS_LEVEL_VIEW);
  /* Raising the channel's level updates the grant, not a second row. */
  {
    const MacroDbChannelShare edit[] = { { channels[0].channel_id, MACRO_DB_ACCESS_LEVEL_EDIT } };

    ck_assert_int_eq (macro_db_share_permission_edit (EXEC, "d-private", MACRO_DB_ITEM_DOCUMENT, FALSE,
                                                      MACRO_DB_NO_ACCESS, edit, 1, &error), 1);
  }
  ck_assert_int_eq (level_of ("user-3", "d-private", MACRO_DB_ITEM_DOCUMENT), MACRO_DB_ACCESS_LEVEL_EDIT);
  ck_assert_int_eq (level_of ("user-4", "d-private", MACRO_DB_ITEM_DOCUMENT), MACRO_DB_NO_ACCESS);
  ck_assert_int_eq (macro_sql_int ("SELECT count(*) FROM \"UserItemAccess\" WHERE item_id = 'd-private'"), 1);
  /* A channel grant survives a revoke of direct grants. */
  ck_assert_int_eq (macro_db_access_revoke (EXEC, "d-private", MACRO_DB_ITEM_DOCUMENT,
                                            (const char *[]) { "user-3" }, 1, &error), 0);
  ck_assert_int_eq (level_of ("user-3", "d-private", MACRO_DB_ITEM_DOCUMENT), MACRO_DB_ACCESS_LEVEL_EDIT);
  /* No share permission: NOT_FOUND; a bad channel id: INVALID_INPUT by index. */
  ck_assert_int_eq (macro_db_share_permission_edit (EXEC, "nope", MACRO_DB_ITEM_DOCUMENT, TRUE,
                                                    MACRO_DB_ACCESS_LEVEL_VIEW, NULL, 0, &error), -1);
  macro_assert_error (error, MDB_ERROR_NOT_FOUND, "nope");
  g_clear_error (&error);
  {
    const MacroDbChannelShare bad[] = { channels[0], { "not-a-uuid", MACRO_DB_ACCESS_LEVEL_VIEW } };

    ck_assert_int_eq (macro_db_share_permission_edit (EXEC, "d-private", MACRO_DB_ITEM_DOCUMENT, TRUE,
                                                      MACRO_DB_ACCESS_LEVEL_VIEW, bad, 2, &error), -1);
    macro_assert_error (error, MDB_ERROR_INVALID_INPUT, "channels[1]");
  }
}
END_TEST

/* An email thread placed in a project follows the same rules as a document. */
START_TEST (test_email_thread_access_follows_its_project)
{
  g_autoptr (GError) error = NULL;

  macro_fixture ("highest_access_level_for_document");
  OK_OR (macro_db_thread_permission_create (EXEC, "thread-1", "user-2", "p-parent", FALSE, MACRO_DB_NO_ACCESS,
                                            &error), "thread");
  ck_assert_int_eq (level_of ("user-1", "thread-1", MACRO_DB_ITEM_THREAD), MACRO_DB_ACCESS_LEVEL_OWNER);
  ck_assert_int_eq (level_of ("user-3", "thread-1", MACRO_DB_ITEM_THREAD), MACRO_DB_ACCESS_LEVEL_EDIT);
  ck_assert_int_eq (level_of ("user-2", "thread-1", MACRO_DB_ITEM_THREAD), MACRO_DB_ACCESS_LEVEL_OWNER);
  ck_assert_int_eq (level_of ("user-4", "thread-2", MACRO_DB_ITEM_THREAD), MACRO_DB_NO_ACCESS);
  ck_assert (!macro_db_thread_permission_create (EXEC, "thread-1", "user-2", NULL, FALSE, MACRO_DB_NO_ACCESS,
                                                 &error));
  macro_assert_error (error, MDB_ERROR_UNIQUE_VIOLATION, "");
}
END_TEST

/* Recently deleted: the owner's soft-deleted items, newest deletion first. */
START_TEST (test_recently_deleted_lists_the_owners_deleted_items)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MdbPage) page = NULL;
  g_autoptr (MdbPage) other = NULL;

  macro_fixture ("get_user_accessible_items_explicit");
  macro_sql ("UPDATE \"Document\" SET \"deletedAt\" = '2026-02-01 00:00:01+00' WHERE id = 'd-owned'");
  macro_sql ("UPDATE \"Chat\" SET \"deletedAt\" = '2026-02-01 00:00:02+00' WHERE id = 'c-owned'");
  macro_sql ("UPDATE \"Document\" SET \"deletedAt\" = '2026-02-01 00:00:03+00' WHERE id = 'd-shared'");
  page = macro_db_recently_deleted (EXEC, "user-1", NULL, 1, &error);
  OK_OR (page != NULL, "deleted");
  ck_assert_uint_eq (page->items->len, 1);
  ck_assert_str_eq (((MacroDbDeletedItem *) page->items->pdata[0])->item_id, "c-owned");
  ck_assert_ptr_nonnull (page->next_cursor);
  other = macro_db_recently_deleted (EXEC, "user-1", page->next_cursor, 10, &error);
  OK_OR (other != NULL, "page 2");
  ck_assert_uint_eq (other->items->len, 1);
  ck_assert_str_eq (((MacroDbDeletedItem *) other->items->pdata[0])->item_id, "d-owned");
  ck_assert_str_eq (((MacroDbDeletedItem *) other->items->pdata[0])->item_type, "document");
  ck_assert_ptr_null (other->next_cursor);
}
END_TEST

START_TEST (test_item_type_names_round_trip)
{
  g_autoptr (GError) error = NULL;
  MacroDbItemType t;

  for (gint i = MACRO_DB_ITEM_DOCUMENT; i <= MACRO_DB_ITEM_THREAD; i++)
    {
      ck_assert (macro_db_item_type_from_string (macro_db_item_type_to_string (i), &t, &error));
      ck_assert_int_eq (t, i);
    }
  ck_assert_ptr_null (macro_db_item_type_to_string (MACRO_DB_ITEM_ANY));
  ck_assert (!macro_db_item_type_from_string ("folder", &t, &error));
  macro_assert_error (error, MDB_ERROR_INVALID_INPUT, "folder");
}
END_TEST

/* Every read of the library, as its cache holds it, on a seeded database:
 * no sequential scan in the custom nor in the generic plan. */
START_TEST (test_every_read_uses_an_index)
{
  static const struct { const char *query; const char *args; } reads[] = {
    { "document_get_visible", "'su3', 'sd1203'" },
    { "document_versions_page", "'sd1203', 'su3', 'infinity', true, 9223372036854775807, 51" },
    { "access_level_get", "'su3', 'sd1203', 'document'" },
    { "access_levels_get", "'su3', ARRAY['sd1', 'sp7', 'sc9'], ARRAY['document', 'project', 'chat']" },
    { "accessible_items_page", "'su3', NULL, '', '', 'view', false, 51" },
    { "recently_deleted_page", "'su3', 'infinity', '', '', 51" },
    { "project_subtree_page", "'sp3', 'su3', '', 51" },
    { "project_content_page", "'sp3', 'su3', 'infinity', '', '', 51" },
    { "project_soft_delete_tree", "'sp3'" },
    { "project_restore_tree", "'sp3'" },
  };

  /* accessible_items_page runs macro_accessible_items (plpgsql): its two
   * statements, a chunk of candidates and their levels, checked as it runs them. */
  static const struct { const char *statement; const char *args; } inner[] = {
    { "SELECT * FROM macro_user_items_after ($1, $2, $3, $4, $5)", "'su3', NULL, '', '', 51" },
    { "SELECT * FROM macro_user_items_after ($1, $2, $3, $4, $5)", "'su3', 'document', 'document', 'sd5', 51" },
    { "SELECT * FROM macro_access_levels ($1, $2, $3)", "'su3', ARRAY['sd1', 'sp7', 'sc9'], ARRAY['document', 'project', 'chat']" },
  };

  macro_fixture ("seeded");
  for (guint i = 0; i < G_N_ELEMENTS (reads); i++)
    {
      g_autofree char *plan = macro_query_plan (reads[i].query, reads[i].args);
      const char *seq = strstr (plan, "Seq Scan");

      ck_assert_msg (seq == NULL, "%s: sequential scan: %.300s", reads[i].query, seq != NULL ? seq : "");
    }
  for (guint i = 0; i < G_N_ELEMENTS (inner); i++)
    {
      g_autofree char *plan = macro_statement_plan (inner[i].statement, inner[i].args);
      const char *seq = strstr (plan, "Seq Scan");

      ck_assert_msg (seq == NULL, "%s: sequential scan: %.300s", inner[i].statement, seq != NULL ? seq : "");
      /* The candidates: a range of the (user, type, id) index, never a sort of all the user's grants. */
      if (i < 2)
        ck_assert_msg (strstr (plan, "Index Only Scan using \"UserItemAccess_user_type_item_c_idx\"") != NULL,
                       "%s: no range of the grants index: %.600s", inner[i].args, plan);
    }
}
END_TEST

START_TEST (test_each_operation_takes_its_documented_round_trips)
{
  GError *error = NULL;
  MdbConn *conn = mdb_pool_acquire (fx.pool, &error);
  g_autofree MacroDbItemRef *items = g_new (MacroDbItemRef, 500);
  g_auto (GStrv) ids = g_new0 (char *, 501);
  const char *users[] = { "user-3", "user-4" };
  MdbExecutor *ex;
  MdbPage *page = NULL;
  GArray *levels = NULL;
  MacroDbAccessLevel level;
  gboolean yes = FALSE;
  gint64 n = 0;

  ck_assert_msg (conn != NULL, "acquire: %s", error ? error->message : "");
  macro_fixture ("highest_access_level_for_document");
  ex = MDB_EXECUTOR (conn);
  for (guint i = 0; i < 500; i++)
    {
      ids[i] = g_strdup_printf ("%s-%u", i % 2 ? "d-child" : "d-private", i);
      items[i] = (MacroDbItemRef) { i == 7 ? "d-child" : ids[i], MACRO_DB_ITEM_DOCUMENT };
    }
  ASSERT_TRIPS (ex, 1, yes = macro_db_access_level (ex, "user-1", "d-child", MACRO_DB_ITEM_DOCUMENT, &level, &error));
  ck_assert (yes);
  /* 500 items: one query. */
  ASSERT_TRIPS (ex, 1, { g_clear_pointer (&levels, g_array_unref); levels = macro_db_access_levels (ex, "user-1", items, 500, &error); });
  ck_assert_int_eq (g_array_index (levels, gint, 7), MACRO_DB_ACCESS_LEVEL_OWNER);
  ck_assert_int_eq (g_array_index (levels, gint, 8), MACRO_DB_NO_ACCESS);
  ASSERT_TRIPS (ex, 1, { g_clear_pointer (&page, mdb_page_free); page = macro_db_accessible_items (ex, "user-1", MACRO_DB_ACCESS_LEVEL_VIEW, MACRO_DB_ITEM_ANY, FALSE, NULL, 50, &error); });
  ck_assert_uint_eq (page->items->len, 3);
  ASSERT_TRIPS (ex, 1, { g_clear_pointer (&page, mdb_page_free); page = macro_db_recently_deleted (ex, "user-2", NULL, 50, &error); });
  ASSERT_TRIPS (ex, 1, n = macro_db_access_grant (ex, "d-private", MACRO_DB_ITEM_DOCUMENT, users, 2, MACRO_DB_ACCESS_LEVEL_VIEW, &error));
  ASSERT_TRIPS (ex, 1, n = macro_db_access_revoke (ex, "d-private", MACRO_DB_ITEM_DOCUMENT, users, 2, &error));
  ASSERT_TRIPS (ex, 1, n = macro_db_share_permission_edit (ex, "d-private", MACRO_DB_ITEM_DOCUMENT, TRUE, MACRO_DB_ACCESS_LEVEL_VIEW, NULL, 0, &error));
  mdb_test_assert_round_trips (ex, 2, yes = macro_db_thread_permission_create (ex, "t-1", "user-1", NULL, FALSE, MACRO_DB_NO_ACCESS, &error));
  ck_assert (yes);
  mdb_test_assert_round_trips (ex, 1, yes = macro_db_thread_permission_create (ex, "t-2", "user-1", NULL, FALSE, MACRO_DB_NO_ACCESS, &error));
  ck_assert (yes);
  /* Refused input and empty batches send nothing. */
  mdb_test_assert_round_trips (ex, 0, n = macro_db_access_grant (ex, "d-private", MACRO_DB_ITEM_DOCUMENT, NULL, 0, MACRO_DB_ACCESS_LEVEL_VIEW, &error));
  ck_assert_int_eq (n, 0);
  mdb_test_assert_round_trips (ex, 0, { g_clear_pointer (&levels, g_array_unref); levels = macro_db_access_levels (ex, "user-1", NULL, 0, &error); });
  mdb_test_assert_round_trips (ex, 0, yes = macro_db_access_level (ex, "user-1", "", MACRO_DB_ITEM_DOCUMENT, &level, &error));
  ck_assert (!yes);
  g_clear_error (&error);
  g_clear_pointer (&levels, g_array_unref);
  g_clear_pointer (&page, mdb_page_free);
  mdb_pool_release (fx.pool, conn);
}
END_TEST

static Suite *
macro_access_suite (void)
{
  Suite *s = suite_create ("macro-access");
  TCase *tc = tcase_create ("access");

  tcase_add_checked_fixture (tc, macro_setup, macro_teardown);
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_highest_level_is_from_explicit_access);
  tcase_add_test (tc, test_highest_level_from_public_shares_only);
  tcase_add_test (tc, test_no_access_gives_none);
  tcase_add_test (tc, test_access_level_refuses_bad_input);
  tcase_add_test (tc, test_access_levels_of_many_items_in_input_order);
  tcase_add_test (tc, test_access_levels_refuse_a_bad_item_by_index);
  tcase_add_test (tc, test_accessible_items_explicit);
  tcase_add_test (tc, test_accessible_items_implicit_via_project);
  tcase_add_test (tc, test_accessible_items_nested_projects);
  tcase_add_test (tc, test_accessible_items_unaccessible);
  tcase_add_test (tc, test_accessible_items_min_level_deleted_and_pages);
  tcase_add_test (tc, test_accessible_items_min_level_reads_on_until_the_page_is_full);
  tcase_add_test (tc, test_accessible_items_refuse_bad_input_and_foreign_cursors);
  tcase_add_test (tc, test_grant_upserts_and_revoke);
  tcase_add_test (tc, test_share_permission_edit_public_and_channels);
  tcase_add_test (tc, test_email_thread_access_follows_its_project);
  tcase_add_test (tc, test_recently_deleted_lists_the_owners_deleted_items);
  tcase_add_test (tc, test_item_type_names_round_trip);
  tcase_add_test (tc, test_every_read_uses_an_index);
  tcase_add_test (tc, test_each_operation_takes_its_documented_round_trips);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return mdb_test_run (srunner_create (macro_access_suite ()), TRUE);
}
