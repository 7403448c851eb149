/* SPDX-License-Identifier: MIT */
/* test-macro-db.c: the generated library over the real MacroDB tables (tests/queries/macrolib). */
#include <string.h>
#include <sys/wait.h>
#include <check.h>
#include <json-glib/json-glib.h>
#include <mdb-testing/mdb-testing.h>
#include "mdb-test-support.h"
#include "mdb_qmacro-queries.h"

typedef struct {
  MdbTestDb *db;
  MdbConn   *conn;
} Fixture;

static Fixture fx;

#define EXEC MDB_EXECUTOR (fx.conn)
#define ANN "macro|ann@example.com"
#define BOB "macro|bob@example.com"
#define CID "macro|cid@example.com"
#define OK_OR(x, what) ck_assert_msg ((x), "%s: %s", what, error ? error->message : "no error")

static char *
macrolib_path (const char *part)
{
  return g_build_filename (mdb_test_source_root (), "tests", "queries", "macrolib", part, NULL);
}

static void
setup (void)
{
  g_autofree char *migrations = g_build_filename (mdb_test_source_root (), "migrations", "macrodb", NULL);
  g_autofree char *fixture = macrolib_path ("fixtures/base.sql");

  fx.conn = mdb_ts_open_db (migrations, fixture, &fx.db);
}

static void
teardown (void)
{
  g_clear_pointer (&fx.conn, mdb_conn_free);
  g_clear_pointer (&fx.db, mdb_test_db_free);
}

/* µs since the epoch of an ISO 8601 UTC time, as the generated code gives it. */
static gint64
ts (const char *iso)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (iso, NULL);

  ck_assert_msg (dt != NULL, "bad time %s", iso);
  return g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
}

START_TEST (test_lateral_join_gives_the_latest_version_or_nulls)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(QmacroDocumentGetLatestRow) d1 = qmacro_document_get_latest (EXEC, "doc-1", &error);
  g_autoptr(QmacroDocumentGetLatestRow) d2 = NULL;

  OK_OR (d1 != NULL, "doc-1");
  ck_assert_str_eq (d1->id, "doc-1");
  ck_assert_str_eq (d1->name, "Plan");
  ck_assert_str_eq (d1->owner, ANN);
  ck_assert_str_eq (d1->file_type, "pdf");
  ck_assert_str_eq (d1->project_id, "p-grand");
  ck_assert_int_eq (d1->created_at, ts ("2025-01-01T09:00:00Z"));
  ck_assert_int_eq (d1->updated_at, ts ("2025-01-05T10:00:00Z"));
  ck_assert (!d1->version_id_is_null && !d1->version_created_at_is_null);
  ck_assert_int_eq (d1->version_id, 102);
  ck_assert_str_eq (d1->sha, "sha-1b");
  ck_assert_ptr_null (d1->revision_name);
  ck_assert_int_eq (d1->version_created_at, ts ("2025-01-03T12:30:00.250Z"));

  d2 = qmacro_document_get_latest (EXEC, "doc-2", &error);
  OK_OR (d2 != NULL, "doc-2");
  ck_assert_str_eq (d2->file_type, "md");
  ck_assert_ptr_null (d2->project_id);
  ck_assert (d2->version_id_is_null && d2->version_created_at_is_null);
  ck_assert_int_eq (d2->version_id, 0);
  ck_assert_int_eq (d2->version_created_at, 0);
  ck_assert_ptr_null (d2->sha);
  ck_assert_ptr_null (d2->revision_name);
}
END_TEST

START_TEST (test_opt_misses_trashed_and_unknown_documents_without_error)
{
  g_autoptr(GError) error = NULL;

  ck_assert_ptr_null (qmacro_document_get_latest (EXEC, "doc-5", &error));
  ck_assert_ptr_null (error);
  ck_assert_ptr_null (qmacro_document_get_latest (EXEC, "no-such-doc", &error));
  ck_assert_ptr_null (error);
  ck_assert_ptr_null (qmacro_document_get_latest (EXEC, NULL, &error));
  ck_assert (g_error_matches (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT));
}
END_TEST

static QmacroDocumentListItemList *
owner_page (const char *after_id, gint64 after_updated_at)
{
  g_autoptr(GError) error = NULL;
  QmacroDocumentListItemList *page = qmacro_documents_by_owner (EXEC, ANN, after_updated_at, after_id == NULL, after_id, 2,
                                               &error);

  OK_OR (page != NULL, "page");
  return page;
}

START_TEST (test_keyset_pages_visit_each_live_document_once)
{
  const char *expected[] = { "doc-1", "doc-3", "doc-2", "doc-4" };
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *after_id = NULL;
  gint64 after_at = 0;
  guint n = 0, pages = 0;

  for (;;)
    {
      g_autoptr(QmacroDocumentListItemList) page = owner_page (after_id, after_at);
      QmacroDocumentListItem *last;

      pages++;
      if (page->n_rows == 0)
        break;
      ck_assert_uint_le (page->n_rows, 2);
      for (guint k = 0; k < page->n_rows; k++, n++)
        {
          QmacroDocumentListItem *d = &page->rows[k];

          ck_assert_uint_lt (n, G_N_ELEMENTS (expected));
          ck_assert_str_eq (d->id, expected[n]);
          ck_assert_msg (g_hash_table_add (seen, g_strdup (d->id)), "%s seen twice", d->id);
        }
      last = &page->rows[page->n_rows - 1];
      g_free (after_id);
      after_id = g_strdup (last->id);
      after_at = last->updated_at;
    }
  ck_assert_uint_eq (n, 4);
  ck_assert_uint_eq (pages, 3);
}
END_TEST

START_TEST (test_camel_case_columns_map_to_snake_case_fields)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(QmacroDocumentListItemList) first = owner_page (NULL, 0);
  g_autoptr(QmacroDocumentListItemList) in_root = qmacro_documents_in_project (EXEC, "p-root", &error);
  QmacroDocumentListItem *d;

  ck_assert_uint_eq (first->n_rows, 2);
  d = &first->rows[1];
  ck_assert_str_eq (d->id, "doc-3");
  ck_assert_str_eq (d->name, "Draft");
  ck_assert_str_eq (d->file_type, "docx");
  ck_assert_str_eq (d->project_id, "p-root");
  ck_assert_int_eq (d->created_at, ts ("2025-01-02T09:00:00Z"));
  ck_assert_int_eq (d->updated_at, ts ("2025-01-04T10:00:00Z"));
  OK_OR (in_root != NULL, "in project");
  ck_assert_uint_eq (in_root->n_rows, 2);
  d = &in_root->rows[0];
  ck_assert_str_eq (d->id, "doc-4");
  ck_assert_ptr_null (d->file_type);
  ck_assert_str_eq (in_root->rows[1].id, "doc-3");
}
END_TEST

START_TEST (test_recursive_cte_walks_the_live_project_tree)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(QmacroProjectTreeRowList) tree = qmacro_project_tree (EXEC, "p-root", &error);
  g_autoptr(QmacroProjectTreeRowList) none = NULL;
  const char *ids[] = { "p-root", "p-child", "p-grand" };
  const char *names[] = { "Root", "Child", "Grand" };
  const char *parents[] = { NULL, "p-root", "p-child" };

  OK_OR (tree != NULL, "tree");
  ck_assert_uint_eq (tree->n_rows, 3);
  for (guint k = 0; k < 3; k++)
    {
      QmacroProjectTreeRow *p = &tree->rows[k];

      ck_assert_str_eq (p->id, ids[k]);
      ck_assert_str_eq (p->name, names[k]);
      ck_assert_pstr_eq (p->parent_id, parents[k]);
      ck_assert_int_eq (p->depth, (gint32) k);
    }
  none = qmacro_project_tree (EXEC, "p-archive", &error);
  OK_OR (none != NULL, "trashed tree");
  ck_assert_uint_eq (none->n_rows, 0);
}
END_TEST

/* The level as a string, or "none" for SQL NULL. */
static const char *
access_level (const char *document_id, const char *user_id)
{
  g_autoptr(GError) error = NULL;
  QmacroAccessLevel level;
  gboolean is_null;

  OK_OR (qmacro_document_access_level (EXEC, document_id, user_id, &level, &is_null, &error), "access level");
  if (is_null)
    return "none";
  return qmacro_access_level_to_string (level);
}

START_TEST (test_highest_access_level_covers_grants_ancestors_and_public_shares)
{
  g_autoptr(GError) error = NULL;
  QmacroAccessLevel level = QMACRO_ACCESS_LEVEL_OWNER;

  ck_assert_str_eq (access_level ("doc-1", ANN), "owner");
  ck_assert_str_eq (access_level ("doc-1", BOB), "comment");   /* direct comment beats view on p-root */
  ck_assert_str_eq (access_level ("doc-1", CID), "edit");      /* p-child, two levels up */
  ck_assert_str_eq (access_level ("doc-4", BOB), "view");
  ck_assert_str_eq (access_level ("doc-2", CID), "view");      /* public document */
  ck_assert_str_eq (access_level ("doc-6", CID), "comment");   /* public project */
  ck_assert_str_eq (access_level ("doc-3", CID), "none");
  /* out-parameters are optional: the flag is not wanted here */
  OK_OR (qmacro_document_access_level (EXEC, "doc-1", CID, &level, NULL, &error), "level");
  ck_assert_int_eq (level, QMACRO_ACCESS_LEVEL_EDIT);
}
END_TEST

START_TEST (test_union_outputs_with_an_enum_parameter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(QmacroUserItemsAtLeastRowList) bob = qmacro_user_items_at_least (EXEC, BOB, QMACRO_ACCESS_LEVEL_VIEW, &error);
  g_autoptr(QmacroUserItemsAtLeastRowList) bob_comment = NULL;
  g_autoptr(QmacroUserItemsAtLeastRowList) cid = NULL;
  const char *ids[] = { "doc-1", "doc-3", "doc-4", "p-root" };
  const char *types[] = { "document", "document", "document", "project" };
  QmacroAccessLevel levels[] = { QMACRO_ACCESS_LEVEL_COMMENT, QMACRO_ACCESS_LEVEL_VIEW, QMACRO_ACCESS_LEVEL_VIEW,
                                 QMACRO_ACCESS_LEVEL_VIEW };

  OK_OR (bob != NULL, "bob");
  ck_assert_uint_eq (bob->n_rows, 4);
  for (guint k = 0; k < 4; k++)
    {
      QmacroUserItemsAtLeastRow *r = &bob->rows[k];

      ck_assert_str_eq (r->item_id, ids[k]);
      ck_assert_str_eq (r->item_type, types[k]);
      ck_assert_int_eq (r->access_level, levels[k]);
    }
  bob_comment = qmacro_user_items_at_least (EXEC, BOB, QMACRO_ACCESS_LEVEL_COMMENT, &error);
  ck_assert_uint_eq (bob_comment->n_rows, 1);
  ck_assert_str_eq (bob_comment->rows[0].item_id, "doc-1");
  cid = qmacro_user_items_at_least (EXEC, CID, QMACRO_ACCESS_LEVEL_OWNER, &error);
  ck_assert_uint_eq (cid->n_rows, 0);
  ck_assert_ptr_null (qmacro_user_items_at_least (EXEC, BOB, (QmacroAccessLevel) 9, &error));
  ck_assert (g_error_matches (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT));
}
END_TEST

START_TEST (test_enum_labels_round_trip)
{
  g_autoptr(GError) error = NULL;
  QmacroAccessLevel level;

  ck_assert (qmacro_access_level_from_string ("comment", &level, &error));
  ck_assert_int_eq (level, QMACRO_ACCESS_LEVEL_COMMENT);
  ck_assert_str_eq (qmacro_access_level_to_string (QMACRO_ACCESS_LEVEL_OWNER), "owner");
  ck_assert (!qmacro_access_level_from_string ("admin", &level, &error));
  ck_assert (g_error_matches (error, MDB_ERROR, MDB_ERROR_DECODE));
}
END_TEST

static QmacroOwnerDocumentStatsRow *
stats (const char *owner)
{
  g_autoptr(GError) error = NULL;
  QmacroOwnerDocumentStatsRow *row = qmacro_owner_document_stats (EXEC, owner, &error);

  OK_OR (row != NULL, "stats");
  return row;
}

START_TEST (test_aggregate_overrides_and_array_results)
{
  g_autoptr(QmacroOwnerDocumentStatsRow) ann = stats (ANN);
  g_autoptr(QmacroOwnerDocumentStatsRow) cid = stats (CID);
  const char *ids[] = { "doc-1", "doc-2", "doc-3", "doc-4", NULL };

  ck_assert_int_eq (ann->total, 4);
  ck_assert_int_eq (ann->unfiled, 1);
  ck_assert (!ann->last_updated_is_null);
  ck_assert_int_eq (ann->last_updated, ts ("2025-01-05T10:00:00Z"));
  ck_assert_msg (g_strv_equal ((const char *const *) ann->ids, ids), "ids differ");
  ck_assert_int_eq (cid->total, 0);
  ck_assert_int_eq (cid->unfiled, 0);
  ck_assert (cid->last_updated_is_null);
  ck_assert_ptr_null (cid->ids);
}
END_TEST

START_TEST (test_soft_delete_counts_rows_and_restore_brings_back)
{
  g_autoptr(GError) error = NULL;
  const char *ids[] = { "doc-2", "doc-5", "doc-6", NULL };   /* live, already trashed, Bob's */
  g_autoptr(QmacroOwnerDocumentStatsRow) after = NULL;
  g_autoptr(QmacroDocumentGetLatestRow) back = NULL;

  ck_assert_int_eq (qmacro_documents_soft_delete (EXEC, ANN, ids, &error), 1);
  ck_assert_ptr_null (error);
  ck_assert_ptr_null (qmacro_document_get_latest (EXEC, "doc-2", &error));
  after = stats (ANN);
  ck_assert_int_eq (after->total, 3);
  ck_assert_int_eq (qmacro_documents_soft_delete (EXEC, ANN, ids, &error), 0);
  OK_OR (qmacro_document_restore (EXEC, "doc-2", &error), "restore");
  back = qmacro_document_get_latest (EXEC, "doc-2", &error);
  OK_OR (back != NULL, "restored");
  ck_assert_str_eq (back->name, "Notes");
  ck_assert_int_eq (qmacro_documents_soft_delete (EXEC, ANN, NULL, &error), -1);
  ck_assert (g_error_matches (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT));
}
END_TEST

/* "id:type:index,…" of a user's pins, in order. */
static char *
pins_string (const char *user_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(QmacroPinsForUserRowList) pins = qmacro_pins_for_user (EXEC, user_id, &error);
  GString *s = g_string_new (NULL);

  OK_OR (pins != NULL, "pins");
  for (guint k = 0; k < pins->n_rows; k++)
    {
      QmacroPinsForUserRow *p = &pins->rows[k];

      g_string_append_printf (s, "%s%s:%s:%d", k ? "," : "", p->pinned_item_id, p->pinned_item_type, p->pin_index);
    }
  return g_string_free (s, FALSE);
}

START_TEST (test_batch_upserts_pins_all_or_nothing)
{
  g_autoptr(GError) error = NULL;
  const char *users[] = { ANN, ANN, ANN };
  const char *items[] = { "doc-1", "p-root", "doc-2" };
  const char *types[] = { "document", "project", "document" };
  gint32 indexes[] = { 0, 1, 2 };
  const char *users2[] = { ANN, ANN, "macro|nobody@example.com" };
  const char *items2[] = { "doc-1", "chat-1", "doc-3" };
  const char *types2[] = { "document", "chat", "document" };
  gint32 indexes2[] = { 5, 3, 4 };
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;

  OK_OR (qmacro_pin_upsert (EXEC, users, items, types, indexes, 3, &error), "pin");
  first = pins_string (ANN);
  ck_assert_str_eq (first, "doc-1:document:0,p-root:project:1,doc-2:document:2");
  /* The unknown user in item 2 (counted from 0) breaks the foreign key: nothing changes. */
  ck_assert (!qmacro_pin_upsert (EXEC, users2, items2, types2, indexes2, 3, &error));
  ck_assert_msg (g_error_matches (error, MDB_ERROR, MDB_ERROR_FOREIGN_KEY_VIOLATION)
                 && strstr (error->message, "statement 2 of 3") != NULL, "%s", error->message);
  g_clear_error (&error);
  second = pins_string (ANN);
  ck_assert_str_eq (second, first);
  OK_OR (qmacro_pin_upsert (EXEC, users2, items2, types2, indexes2, 2, &error), "upsert");
  third = pins_string (ANN);
  ck_assert_str_eq (third, "p-root:project:1,doc-2:document:2,chat-1:chat:3,doc-1:document:5");
}
END_TEST

START_TEST (test_unnest_arrays_reorder_pins)
{
  g_autoptr(GError) error = NULL;
  const char *users[] = { ANN, ANN };
  const char *items[] = { "doc-1", "p-root" };
  const char *types[] = { "document", "project" };
  gint32 indexes[] = { 0, 1 };
  const char *reorder_ids[] = { "p-root", "doc-1", "not-pinned", NULL };
  gint32 reorder_idx[] = { 0, 7, 3 };
  g_autoptr(GArray) idx = g_array_new (FALSE, FALSE, sizeof (gint32));
  g_autofree char *after = NULL;

  OK_OR (qmacro_pin_upsert (EXEC, users, items, types, indexes, 2, &error), "pin");
  g_array_append_vals (idx, reorder_idx, 3);
  ck_assert_int_eq (qmacro_pins_reorder (EXEC, reorder_ids, idx, ANN, &error), 2);
  after = pins_string (ANN);
  ck_assert_str_eq (after, "p-root:project:0,doc-1:document:7");
  ck_assert_int_eq (qmacro_pins_reorder (EXEC, reorder_ids, idx, BOB, &error), 0);
}
END_TEST

START_TEST (test_copy_loads_user_history)
{
  g_autoptr(GError) error = NULL;
  const char *users[] = { ANN, ANN, BOB };
  const char *items[] = { "doc-1", "p-root", "doc-6" };
  const char *types[] = { "document", "project", "document" };
  gint64 created[] = { ts ("2025-01-01T00:00:00Z"), ts ("2025-01-02T00:00:00Z"), ts ("2025-01-03T00:00:00Z") };
  gint64 updated[] = { ts ("2025-02-01T00:00:00.123Z"), ts ("2025-03-01T00:00:00Z"), ts ("2025-01-03T00:00:00Z") };
  const char *dup_users[] = { ANN, ANN };
  const char *dup_items[] = { "chat-1", "doc-1" };
  const char *dup_types[] = { "chat", "document" };   /* doc-1 is there already */
  g_autoptr(QmacroUserHistoryForUserRowList) hist = NULL;
  g_autoptr(QmacroUserHistoryForUserRowList) again = NULL;
  QmacroUserHistoryForUserRow *h;

  ck_assert_int_eq (qmacro_user_history_copy (EXEC, users, items, types, created, updated, 3, &error), 3);
  hist = qmacro_user_history_for_user (EXEC, ANN, &error);
  OK_OR (hist != NULL, "history");
  ck_assert_uint_eq (hist->n_rows, 2);
  h = &hist->rows[0];
  ck_assert_str_eq (h->item_id, "p-root");
  ck_assert_str_eq (h->item_type, "project");
  ck_assert_int_eq (h->created_at, created[1]);
  ck_assert_int_eq (h->updated_at, updated[1]);
  h = &hist->rows[1];
  ck_assert_str_eq (h->item_id, "doc-1");
  ck_assert_int_eq (h->updated_at, updated[0]);
  ck_assert_int_eq (qmacro_user_history_copy (EXEC, dup_users, dup_items, dup_types, created, updated, 2, &error), -1);
  ck_assert (g_error_matches (error, MDB_ERROR, MDB_ERROR_UNIQUE_VIOLATION));
  g_clear_error (&error);
  again = qmacro_user_history_for_user (EXEC, ANN, &error);
  OK_OR (again != NULL, "history again");
  ck_assert_uint_eq (again->n_rows, 2);
}
END_TEST

static QmacroChatMessagesRow *
find_message (QmacroChatMessagesRowList *rows, const char *id)
{
  for (guint k = 0; k < rows->n_rows; k++)
    if (g_strcmp0 (rows->rows[k].id, id) == 0)
      return &rows->rows[k];
  ck_abort_msg ("message %s not listed", id);
  return NULL;
}

START_TEST (test_jsonb_chat_messages_round_trip)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(QmacroChatMessageAddRow) a =
    qmacro_chat_message_add (EXEC, "chat-1", "user", "{\"n\": 1, \"text\": \"héllo\"}", NULL, &error);
  g_autoptr(QmacroChatMessageAddRow) b = NULL;
  g_autoptr(QmacroChatMessagesRowList) rows = NULL;
  QmacroChatMessagesRow *m;

  OK_OR (a != NULL, "add");
  ck_assert_uint_eq (strlen (a->id), 36);
  ck_assert_int_gt (a->created_at, ts ("2025-01-01T00:00:00Z"));
  b = qmacro_chat_message_add (EXEC, "chat-1", "assistant", "[{\"type\":\"tool\"}]", "gpt-4o", &error);
  OK_OR (b != NULL, "add 2");
  rows = qmacro_chat_messages (EXEC, "chat-1", &error);
  OK_OR (rows != NULL, "list");
  ck_assert_uint_eq (rows->n_rows, 2);
  m = find_message (rows, a->id);
  ck_assert_str_eq (m->role, "user");
  ck_assert_str_eq (m->content, "{\"n\": 1, \"text\": \"héllo\"}");
  ck_assert_str_eq (m->text, "héllo");
  ck_assert_ptr_null (m->model);
  ck_assert_int_eq (m->created_at, a->created_at);
  m = find_message (rows, b->id);
  ck_assert_str_eq (m->content, "[{\"type\": \"tool\"}]");
  ck_assert_ptr_null (m->text);
  ck_assert_str_eq (m->model, "gpt-4o");
  ck_assert_ptr_null (qmacro_chat_message_add (EXEC, "no-chat", "user", "{}", NULL, &error));
  ck_assert (g_error_matches (error, MDB_ERROR, MDB_ERROR_FOREIGN_KEY_VIOLATION));
}
END_TEST

/* The parsed cache entry of the query @name, or NULL. */
static JsonObject *
cache_entry (const char *name, JsonParser **parser_out)
{
  g_autofree char *dir_path = macrolib_path (".mdb-cache");

  return mdb_ts_cache_entry (dir_path, name, parser_out);
}

START_TEST (test_cache_marks_lateral_join_columns_nullable_by_outer_join)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *entry = cache_entry ("document_get_latest", &parser);
  const char *names[] = { "id", "name", "owner", "file_type", "project_id", "created_at", "updated_at",
                          "version_id", "sha", "revision_name", "version_created_at" };
  const char *sources[] = { "catalog", "catalog", "catalog", "catalog", "catalog", "catalog", "catalog",
                            "outer_join", "outer_join", "outer_join", "outer_join" };
  const gboolean nullable[] = { FALSE, FALSE, FALSE, TRUE, TRUE, FALSE, FALSE, TRUE, TRUE, TRUE, TRUE };
  JsonArray *columns;

  ck_assert_msg (entry != NULL, "no cache entry for document_get_latest");
  columns = json_object_get_array_member (entry, "columns");
  ck_assert_uint_eq (json_array_get_length (columns), G_N_ELEMENTS (names));
  for (guint k = 0; k < G_N_ELEMENTS (names); k++)
    {
      JsonObject *c = json_array_get_object_element (columns, k);

      ck_assert_str_eq (json_object_get_string_member (c, "snake_name"), names[k]);
      ck_assert_msg (json_object_get_boolean_member (c, "nullable") == nullable[k], "column %s nullable", names[k]);
      ck_assert_str_eq (json_object_get_string_member (c, "nullable_source"), sources[k]);
    }
}
END_TEST

static int
run_prepare_check (char **err_out)
{
  g_autofree char *lib = macrolib_path (NULL);
  const char *args[] = { "prepare", "--check", lib, "--database-url", mdb_test_db_get_url (fx.db), NULL };

  return mdb_ts_run_mdb (args, err_out);
}

START_TEST (test_prepare_check_passes_on_the_macrodb_schema_then_catches_a_change)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  g_autofree char *err2 = NULL;

  ck_assert_msg (run_prepare_check (&err) == 0, "check failed on the committed cache: %s", err);
  OK_OR (mdb_conn_exec_script (fx.conn, "ALTER TABLE \"Pin\" ALTER COLUMN \"pinIndex\" TYPE bigint", &error),
         "alter");
  ck_assert_int_eq (run_prepare_check (&err2), 1);
  ck_assert_msg (strstr (err2, "query \"pins_for_user\": stale cache file query-") != NULL, "%s", err2);
  ck_assert_msg (strstr (err2, "column 3 \"pinIndex\": type int4 -> int8") != NULL, "%s", err2);
}
END_TEST

static Suite *
macro_db_suite (void)
{
  Suite *s = suite_create ("queries-macro-db");
  TCase *tc = tcase_create ("macrodb");

  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_lateral_join_gives_the_latest_version_or_nulls);
  tcase_add_test (tc, test_opt_misses_trashed_and_unknown_documents_without_error);
  tcase_add_test (tc, test_keyset_pages_visit_each_live_document_once);
  tcase_add_test (tc, test_camel_case_columns_map_to_snake_case_fields);
  tcase_add_test (tc, test_recursive_cte_walks_the_live_project_tree);
  tcase_add_test (tc, test_highest_access_level_covers_grants_ancestors_and_public_shares);
  tcase_add_test (tc, test_union_outputs_with_an_enum_parameter);
  tcase_add_test (tc, test_enum_labels_round_trip);
  tcase_add_test (tc, test_aggregate_overrides_and_array_results);
  tcase_add_test (tc, test_soft_delete_counts_rows_and_restore_brings_back);
  tcase_add_test (tc, test_batch_upserts_pins_all_or_nothing);
  tcase_add_test (tc, test_unnest_arrays_reorder_pins);
  tcase_add_test (tc, test_copy_loads_user_history);
  tcase_add_test (tc, test_jsonb_chat_messages_round_trip);
  tcase_add_test (tc, test_cache_marks_lateral_join_columns_nullable_by_outer_join);
  tcase_add_test (tc, test_prepare_check_passes_on_the_macrodb_schema_then_catches_a_change);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return mdb_test_run (srunner_create (macro_db_suite ()), TRUE);
}
