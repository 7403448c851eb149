/* SPDX-License-Identifier: MIT */
/* test-macro-projects.c: projects of macro_db_client: create, move with the
 * cycle check (also racing), subtrees, content, soft delete and restore. */
#include "macro-test.h"

static MacroDbProject *
project_ok (const char *user, const char *name, const char *parent)
{
  g_autoptr (GError) error = NULL;
  MacroDbProject *p = macro_db_project_create (EXEC, user, name, parent, FALSE, MACRO_DB_NO_ACCESS, &error);

  ck_assert_msg (p != NULL, "project: %s", error ? error->message : "");
  return p;
}

START_TEST (test_create_writes_permission_grant_and_history)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MacroDbProject) root = project_ok ("user-1", "Root", NULL);
  g_autoptr (MacroDbProject) child = project_ok ("user-1", "Child", root->id);
  MacroDbAccessLevel level;

  ck_assert_str_eq (child->parent_id, root->id);
  ck_assert_str_eq (child->user_id, "user-1");
  ck_assert_ptr_null (root->parent_id);
  ck_assert (macro_db_access_level (EXEC, "user-1", child->id, MACRO_DB_ITEM_PROJECT, &level, &error));
  ck_assert_int_eq (level, MACRO_DB_ACCESS_LEVEL_OWNER);
  ck_assert_int_eq (macro_sql_int ("SELECT count(*) FROM \"ProjectPermission\""), 2);
  ck_assert_int_eq (macro_sql_int ("SELECT count(*) FROM \"UserHistory\" WHERE \"itemType\" = 'project'"), 2);
  ck_assert_ptr_null (macro_db_project_create (EXEC, "user-1", "X", "no-such", FALSE, MACRO_DB_NO_ACCESS, &error));
  macro_assert_error (error, MDB_ERROR_FOREIGN_KEY_VIOLATION, "");
  ck_assert_str_eq (mdb_error_get_constraint (error), "Project_parentId_fkey");
  g_clear_error (&error);
  ck_assert_ptr_null (macro_db_project_create (EXEC, "user-1", "", NULL, FALSE, MACRO_DB_NO_ACCESS, &error));
  macro_assert_error (error, MDB_ERROR_INVALID_INPUT, "name");
  g_clear_error (&error);
  ck_assert (macro_db_project_rename (EXEC, root->id, "New root", &error));
  ck_assert (!macro_db_project_rename (EXEC, "no-such", "x", &error));
  ck_assert_ptr_null (error);
}
END_TEST

/* A move under the project itself or a descendant is refused, in SQL. */
START_TEST (test_move_refuses_cycles)
{
  g_autoptr (GError) error = NULL;

  macro_fixture ("projects");
  ck_assert (!macro_db_project_move (EXEC, "p-root", "p-grandchild", &error));
  macro_assert_error (error, MDB_ERROR_CHECK_VIOLATION, "p-root cannot move under p-grandchild");
  g_clear_error (&error);
  ck_assert (!macro_db_project_move (EXEC, "p-child", "p-child", &error));
  macro_assert_error (error, MDB_ERROR_CHECK_VIOLATION, "p-child");
  g_clear_error (&error);
  ck_assert_int_eq (macro_sql_int ("SELECT count(*) FROM \"Project\" WHERE id = 'p-root' AND \"parentId\" IS NULL"), 1);
  /* Legal moves: under another tree, then back to the top level. */
  ck_assert (macro_db_project_move (EXEC, "p-child", "p-other", &error));
  ck_assert (macro_db_project_move (EXEC, "p-root", "p-grandchild", &error));
  ck_assert (macro_db_project_move (EXEC, "p-root", NULL, &error));
  ck_assert (!macro_db_project_move (EXEC, "no-such", NULL, &error));
  ck_assert_ptr_null (error);
  ck_assert (!macro_db_project_move (EXEC, "p-root", "no-such", &error));
  macro_assert_error (error, MDB_ERROR_FOREIGN_KEY_VIOLATION, "");
}
END_TEST

typedef struct {
  const char *project;
  const char *parent;
  gboolean    ok;
  GError     *error;
} Move;

static gpointer
move_thread (gpointer data)
{
  Move *m = data;

  m->ok = macro_db_project_move (EXEC, m->project, m->parent, &m->error);
  return NULL;
}

/* Two moves that would each be fine alone but make a cycle together
 * (A under B, B under A), started at the same time: exactly one wins. */
START_TEST (test_racing_moves_cannot_make_a_cycle)
{
  for (guint round = 0; round < 20; round++)
    {
      g_autofree char *a = g_strdup_printf ("race-a-%u", round);
      g_autofree char *b = g_strdup_printf ("race-b-%u", round);
      g_autofree char *sql = g_strdup_printf ("INSERT INTO \"Project\" (id, name, \"userId\") VALUES"
                                              " ('%s', 'a', 'user-1'), ('%s', 'b', 'user-1')", a, b);
      Move m1 = { a, b, FALSE, NULL }, m2 = { b, a, FALSE, NULL };
      GThread *t1, *t2;

      macro_sql (sql);
      t1 = g_thread_new ("move-1", move_thread, &m1);
      t2 = g_thread_new ("move-2", move_thread, &m2);
      g_thread_join (t1);
      g_thread_join (t2);
      ck_assert_msg (m1.ok != m2.ok, "round %u: both or neither moved (%s / %s)", round,
                     m1.error ? m1.error->message : "ok", m2.error ? m2.error->message : "ok");
      macro_assert_error (m1.ok ? m2.error : m1.error, MDB_ERROR_CHECK_VIOLATION, "cannot move under");
      g_clear_error (&m1.error);
      g_clear_error (&m2.error);
    }
  ck_assert_int_eq (macro_sql_int ("SELECT count(*) FROM \"Project\" a JOIN \"Project\" b"
                                   " ON a.\"parentId\" = b.id AND b.\"parentId\" = a.id"), 0);
}
END_TEST

START_TEST (test_subtree_ids_by_pages_and_only_when_visible)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MdbPage) first = NULL;
  g_autoptr (MdbPage) second = NULL;
  g_autoptr (MdbPage) hidden = NULL;

  macro_fixture ("projects");
  first = macro_db_project_subtree_ids (EXEC, "user-1", "p-root", NULL, 2, &error);
  OK_OR (first != NULL, "subtree");
  ck_assert_uint_eq (first->items->len, 2);
  ck_assert_str_eq (first->items->pdata[0], "p-child");
  ck_assert_str_eq (first->items->pdata[1], "p-grandchild");
  second = macro_db_project_subtree_ids (EXEC, "user-1", "p-root", first->next_cursor, 2, &error);
  OK_OR (second != NULL, "subtree 2");
  ck_assert_uint_eq (second->items->len, 1);
  ck_assert_str_eq (second->items->pdata[0], "p-root");
  ck_assert_ptr_null (second->next_cursor);
  hidden = macro_db_project_subtree_ids (EXEC, "user-3", "p-root", NULL, 10, &error);
  OK_OR (hidden != NULL, "hidden");
  ck_assert_uint_eq (hidden->items->len, 0);
}
END_TEST

/* Content: what the project holds directly and the user may see. */
START_TEST (test_project_content_in_one_query)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MdbPage) page = NULL;
  g_autoptr (MdbPage) other = NULL;
  g_autofree char *ids = NULL;

  macro_fixture ("projects");
  macro_sql ("UPDATE \"Document\" SET \"updatedAt\" = '2026-01-01 00:00:01+00' WHERE id = 'd-child'");
  macro_sql ("UPDATE \"Chat\" SET \"updatedAt\" = '2026-01-01 00:00:02+00' WHERE id = 'c-child'");
  macro_sql ("UPDATE \"Project\" SET \"updatedAt\" = '2026-01-01 00:00:03+00' WHERE id = 'p-grandchild'");
  page = macro_db_project_content (EXEC, "user-1", "p-child", NULL, 10, &error);
  OK_OR (page != NULL, "content");
  ids = macro_item_ids (page);
  ck_assert_str_eq (ids, "p-grandchild,c-child,d-child");
  ck_assert_int_eq (((MacroDbItem *) page->items->pdata[0])->access_level, MACRO_DB_ACCESS_LEVEL_OWNER);
  /* user-3 sees only what was shared with it. */
  macro_sql ("INSERT INTO \"UserItemAccess\" (user_id, item_id, item_type, access_level)"
             " VALUES ('user-3', 'c-child', 'chat', 'comment')");
  other = macro_db_project_content (EXEC, "user-3", "p-child", NULL, 10, &error);
  OK_OR (other != NULL, "content");
  g_free (ids);
  ids = macro_item_ids (other);
  ck_assert_str_eq (ids, "c-child");
  ck_assert_int_eq (((MacroDbItem *) other->items->pdata[0])->access_level, MACRO_DB_ACCESS_LEVEL_COMMENT);
}
END_TEST

/* The real soft_delete_project: the subtree's project, chat and document
 * ids, pins and history rows gone, nothing outside touched; restore. */
START_TEST (test_soft_delete_subtree_returns_its_ids_and_restore)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MacroDbDeletedTree) tree = NULL;
  g_autofree char *projects = NULL, *chats = NULL, *documents = NULL;

  macro_fixture ("projects");
  tree = macro_db_project_soft_delete (EXEC, "p-root", &error);
  OK_OR (tree != NULL, "soft delete");
  projects = macro_joined (tree->project_ids);
  chats = macro_joined (tree->chat_ids);
  documents = macro_joined (tree->document_ids);
  ck_assert_str_eq (projects, "p-child,p-grandchild,p-root");
  ck_assert_str_eq (chats, "c-child");
  ck_assert_str_eq (documents, "d-child,d-grandchild,d-root");
  ck_assert_int_eq (macro_sql_int ("SELECT count(*) FROM \"Pin\""), 1);
  ck_assert_int_eq (macro_sql_int ("SELECT count(*) FROM \"UserHistory\""), 1);
  ck_assert_int_eq (macro_sql_int ("SELECT count(*) FROM \"Document\" WHERE \"deletedAt\" IS NULL"), 1);
  ck_assert_int_eq (macro_sql_int ("SELECT count(DISTINCT \"deletedAt\") FROM \"Document\""
                                   " WHERE \"deletedAt\" IS NOT NULL"), 1);
  /* Again: not a live project any more. */
  ck_assert_ptr_null (macro_db_project_soft_delete (EXEC, "p-root", &error));
  macro_assert_error (error, MDB_ERROR_NOT_FOUND, "p-root");
  g_clear_error (&error);
  ck_assert_int_eq (macro_db_project_restore (EXEC, "p-root", &error), 7);
  ck_assert_int_eq (macro_sql_int ("SELECT count(*) FROM \"Document\" WHERE \"deletedAt\" IS NULL"), 4);
  ck_assert_int_eq (macro_db_project_restore (EXEC, "p-root", &error), 0);
}
END_TEST

/* A document deleted on its own before stays deleted when its project comes back. */
START_TEST (test_restore_leaves_earlier_deletions)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MacroDbDeletedTree) tree = NULL;

  macro_fixture ("projects");
  macro_sql ("UPDATE \"Document\" SET \"deletedAt\" = '2026-01-01 00:00:00+00' WHERE id = 'd-child'");
  tree = macro_db_project_soft_delete (EXEC, "p-root", &error);
  OK_OR (tree != NULL, "soft delete");
  ck_assert_int_eq (g_strv_length ((char **) tree->document_ids), 2);
  ck_assert_int_eq (macro_db_project_restore (EXEC, "p-root", &error), 6);
  ck_assert_int_eq (macro_sql_int ("SELECT count(*) FROM \"Document\" WHERE \"deletedAt\" IS NOT NULL"), 1);
}
END_TEST

/* The subtree walks go down "Project_parentId_idx". */
START_TEST (test_subtree_walk_uses_the_parent_index)
{
  g_autofree char *plan = NULL;

  macro_sql ("INSERT INTO \"Project\" (id, name, \"userId\", \"parentId\")"
             " SELECT 'p' || g, 'n', 'user-1', CASE WHEN g > 1 THEN 'p' || (g / 2) END FROM generate_series (1, 5000) g");
  plan = macro_plan ("WITH RECURSIVE tree (id, depth) AS (SELECT p.id, 0 FROM \"Project\" p WHERE p.id = 'p7'"
                     " UNION ALL SELECT c.id, t.depth + 1 FROM \"Project\" c JOIN tree t ON c.\"parentId\" = t.id"
                     " WHERE t.depth < 256) SELECT id FROM tree");
  ck_assert_msg (strstr (plan, "Project_parentId_idx") != NULL, "no parent index: %.1500s", plan);
  ck_assert_msg (strstr (plan, "Seq Scan") == NULL, "sequential scan: %.1500s", plan);
}
END_TEST

START_TEST (test_each_operation_takes_its_documented_round_trips)
{
  GError *error = NULL;
  MdbConn *conn = mdb_pool_acquire (fx.pool, &error);
  MdbExecutor *ex;
  MacroDbProject *p = NULL;
  MacroDbDeletedTree *tree = NULL;
  MdbPage *page = NULL;
  gboolean ok;
  gint64 n;

  ck_assert_msg (conn != NULL, "acquire: %s", error ? error->message : "");
  macro_fixture ("projects");
  ex = MDB_EXECUTOR (conn);
  ASSERT_TRIPS (ex, 1, { g_clear_pointer (&p, macro_db_project_free); p = macro_db_project_create (ex, "user-1", "rt", "p-root", FALSE, MACRO_DB_NO_ACCESS, &error); });
  ASSERT_TRIPS (ex, 1, ok = macro_db_project_rename (ex, "p-other", "o", &error));
  ASSERT_TRIPS (ex, 4, ok = macro_db_project_move (ex, "p-other", "p-root", &error));
  ASSERT_TRIPS (ex, 1, { g_clear_pointer (&page, mdb_page_free); page = macro_db_project_subtree_ids (ex, "user-1", "p-root", NULL, 10, &error); });
  ASSERT_TRIPS (ex, 1, { g_clear_pointer (&page, mdb_page_free); page = macro_db_project_content (ex, "user-1", "p-root", NULL, 10, &error); });
  mdb_test_assert_round_trips (ex, 2, tree = macro_db_project_soft_delete (ex, "p-other", &error));
  ck_assert_msg (tree != NULL, "soft delete: %s", error ? error->message : "");
  mdb_test_assert_round_trips (ex, 2, n = macro_db_project_restore (ex, "p-other", &error));
  ck_assert_int_eq (n, 2);
  g_clear_pointer (&tree, macro_db_deleted_tree_free);
  mdb_test_assert_round_trips (ex, 1, tree = macro_db_project_soft_delete (ex, "p-other", &error));
  mdb_test_assert_round_trips (ex, 1, n = macro_db_project_restore (ex, "p-other", &error));
  ck_assert_int_eq (n, 2);
  (void) ok;
  g_clear_pointer (&tree, macro_db_deleted_tree_free);
  g_clear_pointer (&page, mdb_page_free);
  g_clear_pointer (&p, macro_db_project_free);
  mdb_pool_release (fx.pool, conn);
}
END_TEST

static Suite *
macro_projects_suite (void)
{
  Suite *s = suite_create ("macro-projects");
  TCase *tc = tcase_create ("projects");

  tcase_add_checked_fixture (tc, macro_setup, macro_teardown);
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_create_writes_permission_grant_and_history);
  tcase_add_test (tc, test_move_refuses_cycles);
  tcase_add_test (tc, test_racing_moves_cannot_make_a_cycle);
  tcase_add_test (tc, test_subtree_ids_by_pages_and_only_when_visible);
  tcase_add_test (tc, test_project_content_in_one_query);
  tcase_add_test (tc, test_soft_delete_subtree_returns_its_ids_and_restore);
  tcase_add_test (tc, test_restore_leaves_earlier_deletions);
  tcase_add_test (tc, test_subtree_walk_uses_the_parent_index);
  tcase_add_test (tc, test_each_operation_takes_its_documented_round_trips);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return mdb_test_run (srunner_create (macro_projects_suite ()), TRUE);
}
