/* SPDX-License-Identifier: MIT */
/* test-macro-documents.c: documents and versions of macro_db_client. */
#include "macro-test.h"

static MacroDbDocument *
create_ok (const MacroDbDocumentNew *doc)
{
  g_autoptr (GError) error = NULL;
  MacroDbDocument *d = macro_db_document_create (EXEC, doc, &error);

  ck_assert_msg (d != NULL, "create: %s", error ? error->message : "");
  return d;
}

/* Creation writes the document, its version, share permission, owner
 * grant and history row; get gives it back with its latest version. */
START_TEST (test_create_instance_document_writes_everything)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MacroDbDocument) doc = NULL;
  g_autoptr (MacroDbDocument) again = NULL;
  MacroDbDocumentNew n = { .id = "doc-a", .owner = "user-1", .name = "Report", .file_type = "pdf",
                           .content = { .sha = "sha-1" }, .is_public = TRUE,
                           .public_level = MACRO_DB_ACCESS_LEVEL_VIEW };

  doc = create_ok (&n);
  ck_assert_str_eq (doc->id, "doc-a");
  ck_assert_str_eq (doc->name, "Report");
  ck_assert_str_eq (doc->file_type, "pdf");
  ck_assert_ptr_null (doc->project_id);
  ck_assert (!doc->version_id_is_null && !doc->version_is_bom);
  ck_assert_str_eq (doc->version_sha, "sha-1");
  ck_assert_uint_eq (doc->n_parts, 0);
  ck_assert_int_eq (doc->access_level, MACRO_DB_ACCESS_LEVEL_OWNER);
  ck_assert_int_eq (macro_sql_int ("SELECT count(*) FROM \"UserItemAccess\" WHERE item_id = 'doc-a'"
                                   " AND user_id = 'user-1' AND access_level = 'owner'"), 1);
  ck_assert_int_eq (macro_sql_int ("SELECT count(*) FROM \"UserHistory\" WHERE \"itemId\" = 'doc-a'"), 1);
  ck_assert_int_eq (macro_sql_int ("SELECT count(*) FROM \"DocumentPermission\" dp JOIN \"SharePermission\" sp"
                                   " ON sp.id = dp.\"sharePermissionId\" WHERE dp.\"documentId\" = 'doc-a'"
                                   " AND sp.\"isPublic\" AND sp.\"publicAccessLevel\" = 'view'"), 1);
  /* Public view: another user sees it, at view. */
  again = macro_db_document_get (EXEC, "user-2", "doc-a", &error);
  OK_OR (again != NULL, "get");
  ck_assert_int_eq (again->access_level, MACRO_DB_ACCESS_LEVEL_VIEW);
  ck_assert_int_eq (again->version_id, doc->version_id);
}
END_TEST

START_TEST (test_create_bom_document_with_parts_in_one_statement)
{
  const char *paths[] = { "word/document.xml", "[Content_Types].xml", "word/styles.xml" };
  const char *shas[] = { "s-doc", "s-types", "s-styles" };
  g_autoptr (MacroDbDocument) doc = NULL;
  MacroDbDocumentNew n = { .owner = "user-1", .name = "Letter", .file_type = "docx",
                           .content = { .part_paths = paths, .part_shas = shas, .n_parts = 3 },
                           .public_level = MACRO_DB_NO_ACCESS };

  doc = create_ok (&n);
  ck_assert_uint_eq (strlen (doc->id), 36);   /* the database made a uuid */
  ck_assert (doc->version_is_bom);
  ck_assert_ptr_null (doc->version_sha);
  ck_assert_uint_eq (doc->n_parts, 3);
  ck_assert_str_eq (doc->parts[0].path, "[Content_Types].xml");
  ck_assert_str_eq (doc->parts[0].sha, "s-types");
  ck_assert_str_eq (doc->parts[2].path, "word/styles.xml");
}
END_TEST

START_TEST (test_create_errors)
{
  g_autoptr (GError) error = NULL;
  MacroDbDocumentNew n = { .id = "doc-e", .owner = "user-1", .name = "E", .content = { .sha = "s" },
                           .public_level = MACRO_DB_NO_ACCESS };
  g_autoptr (MacroDbDocument) doc = create_ok (&n);
  const char *one[] = { "p" };

  /* The same id again: unique violation, nothing else written. */
  ck_assert_ptr_null (macro_db_document_create (EXEC, &n, &error));
  macro_assert_error (error, MDB_ERROR_UNIQUE_VIOLATION, "");
  ck_assert_str_eq (mdb_error_get_constraint (error), "Document_pkey");
  g_clear_error (&error);
  ck_assert_int_eq (macro_sql_int ("SELECT count(*) FROM \"SharePermission\""), 1);
  n.id = NULL;
  n.owner = "ghost";
  ck_assert_ptr_null (macro_db_document_create (EXEC, &n, &error));
  macro_assert_error (error, MDB_ERROR_FOREIGN_KEY_VIOLATION, "");
  ck_assert_str_eq (mdb_error_get_constraint (error), "Document_owner_fkey");
  g_clear_error (&error);
  n.owner = "user-1";
  n.project_id = "no-such-project";
  ck_assert_ptr_null (macro_db_document_create (EXEC, &n, &error));
  ck_assert_str_eq (mdb_error_get_constraint (error), "Document_projectId_fkey");
  g_clear_error (&error);
  n.project_id = NULL;
  n.name = "";
  ck_assert_ptr_null (macro_db_document_create (EXEC, &n, &error));
  macro_assert_error (error, MDB_ERROR_INVALID_INPUT, "name");
  g_clear_error (&error);
  n.name = "x";
  n.content.part_paths = one;
  n.content.part_shas = one;
  n.content.n_parts = 1;
  ck_assert_ptr_null (macro_db_document_create (EXEC, &n, &error));
  macro_assert_error (error, MDB_ERROR_INVALID_INPUT, "not both");
  g_clear_error (&error);
  n.content = (MacroDbVersionContent) { .part_paths = one, .part_shas = (const char *[]) { "" }, .n_parts = 1 };
  ck_assert_ptr_null (macro_db_document_create (EXEC, &n, &error));
  macro_assert_error (error, MDB_ERROR_INVALID_INPUT, "part_shas[0]");
  g_clear_error (&error);
  n.content = (MacroDbVersionContent) { .sha = "s" };
  n.public_level = 4;
  ck_assert_ptr_null (macro_db_document_create (EXEC, &n, &error));
  macro_assert_error (error, MDB_ERROR_INVALID_INPUT, "public_level");
}
END_TEST

/* Get: only for users who may see it, deleted documents are not found. */
START_TEST (test_get_only_when_visible)
{
  g_autoptr (GError) error = NULL;
  MacroDbDocumentNew n = { .id = "doc-p", .owner = "user-1", .name = "P", .content = { .sha = "s" },
                           .public_level = MACRO_DB_NO_ACCESS };
  g_autoptr (MacroDbDocument) doc = create_ok (&n);

  ck_assert_ptr_null (macro_db_document_get (EXEC, "user-2", "doc-p", &error));
  macro_assert_error (error, MDB_ERROR_NOT_FOUND, "doc-p");
  g_clear_error (&error);
  ck_assert_ptr_null (macro_db_document_get (EXEC, "user-1", "no-such", &error));
  macro_assert_error (error, MDB_ERROR_NOT_FOUND, "no-such");
  g_clear_error (&error);
  ck_assert (macro_db_document_soft_delete (EXEC, "doc-p", &error));
  ck_assert_ptr_null (macro_db_document_get (EXEC, "user-1", "doc-p", &error));
  macro_assert_error (error, MDB_ERROR_NOT_FOUND, "doc-p");
  g_clear_error (&error);
  ck_assert_ptr_null (macro_db_document_get (EXEC, "user-1", "", &error));
  macro_assert_error (error, MDB_ERROR_INVALID_INPUT, "document_id");
}
END_TEST

/* Versions: the latest is the newest, versions list newest first by pages. */
START_TEST (test_save_versions_latest_and_pages)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MacroDbDocument) latest = NULL;
  g_autofree char *cursor = NULL;
  MacroDbDocumentNew n = { .id = "doc-v", .owner = "user-1", .name = "V", .content = { .sha = "v0" },
                           .public_level = MACRO_DB_NO_ACCESS };
  g_autoptr (MacroDbDocument) doc = create_ok (&n);
  gint64 ids[5];
  guint seen = 0;

  ids[0] = doc->version_id;
  for (guint i = 1; i < 5; i++)
    {
      g_autofree char *sha = g_strdup_printf ("v%u", i);
      MacroDbVersionContent c = { .sha = sha };

      ids[i] = macro_db_document_save_version (EXEC, "doc-v", &c, &error);
      OK_OR (ids[i] > ids[i - 1], "save");
    }
  latest = macro_db_document_get (EXEC, "user-1", "doc-v", &error);
  OK_OR (latest != NULL, "get");
  ck_assert_str_eq (latest->version_sha, "v4");
  ck_assert_int_eq (latest->version_id, ids[4]);
  for (;;)
    {
      g_autoptr (MdbPage) page = macro_db_document_versions (EXEC, "user-1", "doc-v", cursor, 2, &error);

      OK_OR (page != NULL, "versions");
      for (guint i = 0; i < page->items->len; i++, seen++)
        ck_assert_int_eq (((MacroDbDocumentVersion *) page->items->pdata[i])->id, ids[4 - seen]);
      g_free (cursor);
      cursor = g_steal_pointer (&page->next_cursor);
      if (cursor == NULL)
        break;
    }
  ck_assert_uint_eq (seen, 5);
  /* Someone who may not see the document gets an empty page. */
  {
    g_autoptr (MdbPage) page = macro_db_document_versions (EXEC, "user-2", "doc-v", NULL, 10, &error);

    OK_OR (page != NULL, "versions");
    ck_assert_uint_eq (page->items->len, 0);
  }
  /* A version of an unknown document: NOT_FOUND. */
  {
    MacroDbVersionContent c = { .sha = "x" };

    ck_assert_int_eq (macro_db_document_save_version (EXEC, "no-such", &c, &error), -1);
    macro_assert_error (error, MDB_ERROR_NOT_FOUND, "no-such");
  }
}
END_TEST

/* The document and the history page show the same latest version, the
 * newest of either table whatever the file type (one definition,
 * macro_document_latest_version): a BOM saved after a pdf's first
 * instance is its latest, until a newer instance.  (The history page once
 * chose the table by file type and showed the older instance here.) */
START_TEST (test_get_and_history_agree_on_the_latest_version)
{
  static const char *const paths[] = { "a.txt" };
  static const char *const shas[] = { "p1" };
  MacroDbDocumentNew n = { .id = "doc-l", .owner = "user-1", .name = "L", .file_type = "pdf",
                           .content = { .sha = "s0" }, .public_level = MACRO_DB_NO_ACCESS };
  g_autoptr (MacroDbDocument) doc = create_ok (&n);
  MacroDbVersionContent bom = { .part_paths = paths, .part_shas = shas, .n_parts = 1 };
  MacroDbVersionContent instance = { .sha = "s2" };
  g_autoptr (GError) error = NULL;
  gint64 bom_id, instance_id = -1;

  bom_id = macro_db_document_save_version (EXEC, "doc-l", &bom, &error);
  OK_OR (bom_id > 0, "save bom");
  /* Versions a minute apart: createdAt has millisecond precision. */
  macro_sql ("UPDATE \"DocumentInstance\" SET \"createdAt\" = now () - interval '2 minutes' WHERE \"documentId\" = 'doc-l'");
  macro_sql ("UPDATE \"DocumentBom\" SET \"createdAt\" = now () - interval '1 minute' WHERE \"documentId\" = 'doc-l'");
  for (guint round = 0; round < 2; round++)
    {
      g_autoptr (MacroDbDocument) got = macro_db_document_get (EXEC, "user-1", "doc-l", &error);
      g_autoptr (MdbPage) history = macro_db_history_list (EXEC, "user-1", NULL, 10, &error);
      gint64 expected = round == 0 ? bom_id : instance_id;
      const MacroDbHistoryItem *h;

      OK_OR (got != NULL && history != NULL, "get and history");
      ck_assert_int_eq (got->version_id, expected);
      ck_assert (got->version_is_bom == (round == 0));
      ck_assert_uint_eq (history->items->len, 1);
      h = history->items->pdata[0];
      ck_assert_str_eq (h->id, "doc-l");
      ck_assert (!h->document_version_id_is_null);
      ck_assert_int_eq (h->document_version_id, expected);
      if (round == 0)
        {
          instance_id = macro_db_document_save_version (EXEC, "doc-l", &instance, &error);
          OK_OR (instance_id > 0, "save instance");
        }
    }
}
END_TEST

START_TEST (test_rename_move_delete_restore)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MacroDbDocument) got = NULL;
  g_autoptr (MacroDbProject) project = NULL;
  g_autoptr (MdbPage) deleted = NULL;
  MacroDbDocumentNew n = { .id = "doc-r", .owner = "user-1", .name = "R", .content = { .sha = "s" },
                           .public_level = MACRO_DB_NO_ACCESS };
  g_autoptr (MacroDbDocument) doc = create_ok (&n);

  project = macro_db_project_create (EXEC, "user-2", "Shared", NULL, FALSE, MACRO_DB_NO_ACCESS, &error);
  OK_OR (project != NULL, "project");
  ck_assert (macro_db_document_rename (EXEC, "doc-r", "Renamed", &error));
  ck_assert (!macro_db_document_rename (EXEC, "no-such", "x", &error));
  ck_assert_ptr_null (error);
  ck_assert (macro_db_document_move (EXEC, "doc-r", project->id, &error));
  /* The project's owner now reaches the document through the project. */
  got = macro_db_document_get (EXEC, "user-2", "doc-r", &error);
  OK_OR (got != NULL, "get via project");
  ck_assert_str_eq (got->name, "Renamed");
  ck_assert_str_eq (got->project_id, project->id);
  ck_assert_int_eq (got->access_level, MACRO_DB_ACCESS_LEVEL_OWNER);
  ck_assert (!macro_db_document_move (EXEC, "doc-r", "no-such-project", &error));
  macro_assert_error (error, MDB_ERROR_FOREIGN_KEY_VIOLATION, "");
  g_clear_error (&error);
  macro_sql ("INSERT INTO \"Pin\" (\"userId\", \"pinnedItemId\", \"pinnedItemType\", \"pinIndex\")"
             " VALUES ('user-1', 'doc-r', 'document', 0)");
  ck_assert (macro_db_document_soft_delete (EXEC, "doc-r", &error));
  ck_assert (!macro_db_document_soft_delete (EXEC, "doc-r", &error));
  ck_assert_ptr_null (error);
  ck_assert_int_eq (macro_sql_int ("SELECT count(*) FROM \"Pin\" WHERE \"pinnedItemId\" = 'doc-r'"), 0);
  ck_assert_int_eq (macro_sql_int ("SELECT count(*) FROM \"UserHistory\" WHERE \"itemId\" = 'doc-r'"), 0);
  deleted = macro_db_recently_deleted (EXEC, "user-1", NULL, 10, &error);
  OK_OR (deleted != NULL && deleted->items->len == 1, "recently deleted");
  ck_assert (macro_db_document_restore (EXEC, "doc-r", &error));
  ck_assert (!macro_db_document_restore (EXEC, "doc-r", &error));
  ck_assert_ptr_null (error);
  ck_assert (macro_db_document_delete (EXEC, "doc-r", &error));
  ck_assert (!macro_db_document_delete (EXEC, "doc-r", &error));
  ck_assert_ptr_null (error);
  ck_assert_int_eq (macro_sql_int ("SELECT count(*) FROM \"UserItemAccess\" WHERE item_id = 'doc-r'"), 0);
  ck_assert_int_eq (macro_sql_int ("SELECT count(*) FROM \"DocumentInstance\" WHERE \"documentId\" = 'doc-r'"), 0);
  /* Only the project's share permission is left. */
  ck_assert_int_eq (macro_sql_int ("SELECT count(*) FROM \"SharePermission\""), 1);
}
END_TEST

/* Inside a caller's transaction, creation is part of it: a rollback undoes it. */
START_TEST (test_create_joins_the_callers_transaction)
{
  g_autoptr (GError) error = NULL;
  MdbConn *conn = mdb_pool_acquire (fx.pool, &error);
  MacroDbDocumentNew n = { .id = "doc-t", .owner = "user-1", .name = "T", .content = { .sha = "s" },
                           .public_level = MACRO_DB_NO_ACCESS };

  OK_OR (conn != NULL, "acquire");
  OK_OR (mdb_conn_begin (conn, MDB_ISOLATION_DEFAULT, &error), "begin");
  {
    g_autoptr (MacroDbDocument) doc = macro_db_document_create (MDB_EXECUTOR (conn), &n, &error);
    OK_OR (doc != NULL, "create");
  }
  OK_OR (mdb_conn_rollback (conn, &error), "rollback");
  mdb_pool_release (fx.pool, conn);
  ck_assert_int_eq (macro_sql_int ("SELECT count(*) FROM \"Document\""), 0);
  ck_assert_int_eq (macro_sql_int ("SELECT count(*) FROM \"UserItemAccess\""), 0);
}
END_TEST

/* The latest-version lookup and the version list read the
 * ("documentId", "createdAt" DESC) indexes, not the tables. */
START_TEST (test_document_reads_use_the_indexes)
{
  g_autofree char *plan = NULL;

  macro_sql ("INSERT INTO \"Document\" (id, name, owner) SELECT 'd' || g, 'n', 'user-1'"
             " FROM generate_series (1, 3000) g");
  macro_sql ("INSERT INTO \"DocumentInstance\" (\"documentId\", sha) SELECT 'd' || (g % 3000 + 1), 's'"
             " FROM generate_series (1, 12000) g");
  macro_sql ("INSERT INTO \"UserItemAccess\" (user_id, item_id, item_type, access_level)"
             " SELECT 'user-1', 'd' || g, 'document', 'owner' FROM generate_series (1, 3000) g");
  plan = macro_plan ("SELECT d.id, v.id FROM \"Document\" d"
                     " JOIN macro_access_levels ('user-2', ARRAY['d7'], ARRAY['document']) a ON a.item_id = d.id"
                     " LEFT JOIN LATERAL (SELECT i.id FROM \"DocumentInstance\" i WHERE i.\"documentId\" = d.id"
                     " ORDER BY i.\"createdAt\" DESC, i.id DESC LIMIT 1) v ON TRUE WHERE d.id = 'd7'");
  ck_assert_msg (strstr (plan, "DocumentInstance_documentId_createdAt_idx") != NULL, "no version index: %.1500s", plan);
  ck_assert_msg (strstr (plan, "Seq Scan") == NULL, "sequential scan: %.1500s", plan);
}
END_TEST

/* Creates document rt-<k> (a helper: designated initialisers have commas). */
static MacroDbDocument *
create_numbered (MdbExecutor *ex, guint k, GError **error)
{
  g_autofree char *id = g_strdup_printf ("rt-%u", k);
  MacroDbDocumentNew n = { .id = id, .owner = "user-1", .name = "RT", .content = { .sha = "s" },
                           .public_level = MACRO_DB_NO_ACCESS };

  return macro_db_document_create (ex, &n, error);
}

START_TEST (test_each_operation_takes_its_documented_round_trips)
{
  GError *error = NULL;
  MdbConn *conn = mdb_pool_acquire (fx.pool, &error);
  MdbExecutor *ex;
  MacroDbDocument *doc = NULL;
  MdbPage *page = NULL;
  gint64 v = 0;
  gboolean ok = FALSE;
  guint k = 0;
  MacroDbVersionContent c = { .sha = "s2" };

  ck_assert_msg (conn != NULL, "acquire: %s", error ? error->message : "");
  ex = MDB_EXECUTOR (conn);
  ASSERT_TRIPS (ex, 2, { g_clear_pointer (&doc, macro_db_document_free); doc = create_numbered (ex, k++, &error); });
  ASSERT_TRIPS (ex, 1, { g_clear_pointer (&doc, macro_db_document_free); doc = macro_db_document_get (ex, "user-1", "rt-0", &error); });
  ASSERT_TRIPS (ex, 1, v = macro_db_document_save_version (ex, "rt-0", &c, &error));
  ck_assert_int_gt (v, 0);
  ASSERT_TRIPS (ex, 1, { g_clear_pointer (&page, mdb_page_free); page = macro_db_document_versions (ex, "user-1", "rt-0", NULL, 10, &error); });
  ck_assert_uint_eq (page->items->len, 3);
  ASSERT_TRIPS (ex, 1, ok = macro_db_document_rename (ex, "rt-0", "x", &error));
  ASSERT_TRIPS (ex, 1, ok = macro_db_document_move (ex, "rt-0", NULL, &error));
  ASSERT_TRIPS (ex, 1, ok = macro_db_document_soft_delete (ex, "rt-1", &error));
  ASSERT_TRIPS (ex, 1, ok = macro_db_document_restore (ex, "rt-1", &error));
  ASSERT_TRIPS (ex, 1, ok = macro_db_document_delete (ex, "rt-1", &error));
  (void) ok;
  g_clear_pointer (&doc, macro_db_document_free);
  mdb_test_assert_round_trips (ex, 0, doc = macro_db_document_get (ex, "", "x", &error));
  ck_assert_ptr_null (doc);
  g_clear_error (&error);
  g_clear_pointer (&page, mdb_page_free);
  mdb_pool_release (fx.pool, conn);
}
END_TEST

static Suite *
macro_documents_suite (void)
{
  Suite *s = suite_create ("macro-documents");
  TCase *tc = tcase_create ("documents");

  tcase_add_checked_fixture (tc, macro_setup, macro_teardown);
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_create_instance_document_writes_everything);
  tcase_add_test (tc, test_create_bom_document_with_parts_in_one_statement);
  tcase_add_test (tc, test_create_errors);
  tcase_add_test (tc, test_get_only_when_visible);
  tcase_add_test (tc, test_save_versions_latest_and_pages);
  tcase_add_test (tc, test_get_and_history_agree_on_the_latest_version);
  tcase_add_test (tc, test_rename_move_delete_restore);
  tcase_add_test (tc, test_create_joins_the_callers_transaction);
  tcase_add_test (tc, test_document_reads_use_the_indexes);
  tcase_add_test (tc, test_each_operation_takes_its_documented_round_trips);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return mdb_test_run (srunner_create (macro_documents_suite ()), TRUE);
}
