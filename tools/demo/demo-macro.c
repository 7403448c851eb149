/* SPDX-License-Identifier: MIT */
/* The demo's macro_db_client section: documents in nested projects and who
 * may see them (effective access through project grants and public
 * shares), in the embedded server's macrodb. */
#include <stdio.h>
#include <macro-db/macro-db.h>
#include "demo-macro.h"

static gboolean
macro_fail (const char *what, GError *error)
{
  fprintf (stderr, "demo: macro %s: %s\n", what, error->message);
  g_error_free (error);
  return FALSE;
}

static void
print_level (MdbPool *pool, const char *who, const char *doc_id)
{
  GError *error = NULL;
  MacroDbAccessLevel level;

  if (macro_db_access_level (MDB_EXECUTOR (pool), who, doc_id, MACRO_DB_ITEM_DOCUMENT, &level, &error))
    printf ("  %s may %s the document\n", who, macro_db_access_level_to_string (level));
  else if (error == NULL)
    printf ("  %s has no access to the document\n", who);
  else
    macro_fail ("level", error);
}

/* Everything the section made goes at the end, so each run starts alike. */
static gboolean
cleanup (MdbPool *pool, const char *project_id)
{
  GError *error = NULL;
  g_autoptr (MdbParams) params = mdb_params_new ();
  g_autoptr (MdbResult) res = NULL;

  mdb_params_add_text (params, project_id);
  res = mdb_exec (MDB_EXECUTOR (pool),
                  "WITH docs AS (DELETE FROM \"Document\" WHERE owner = 'demo-ann' RETURNING id),"
                  " grants AS (DELETE FROM \"UserItemAccess\" WHERE user_id LIKE 'demo-%')"
                  " DELETE FROM \"Project\" WHERE id = $1", params, &error);
  return res != NULL || macro_fail ("cleanup", error);
}

gboolean
demo_show_macro (MdbPool *pool)
{
  GError *error = NULL;
  g_autoptr (MacroDbProject) top = NULL;
  g_autoptr (MacroDbProject) inner = NULL;
  g_autoptr (MacroDbDocument) doc = NULL;
  g_autoptr (MacroDbDeletedTree) gone = NULL;
  g_autoptr (MdbPage) page = NULL;
  g_autoptr (MdbResult) users = NULL;
  const char *bob[] = { "demo-bob" };

  printf ("\n== Documents, projects and access (macro_db_client on MacroDB)\n");
  users = mdb_exec (MDB_EXECUTOR (pool),
                    "INSERT INTO \"User\" (id, email) VALUES ('demo-ann', 'ann@demo.example'),"
                    " ('demo-bob', 'bob@demo.example'), ('demo-cid', 'cid@demo.example') ON CONFLICT DO NOTHING",
                    NULL, &error);
  if (users == NULL)
    return macro_fail ("users", error);
  if ((top = macro_db_project_create (MDB_EXECUTOR (pool), "demo-ann", "Clients", NULL, FALSE,
                                      MACRO_DB_NO_ACCESS, &error)) == NULL
      || (inner = macro_db_project_create (MDB_EXECUTOR (pool), "demo-ann", "Acme", top->id, FALSE,
                                           MACRO_DB_NO_ACCESS, &error)) == NULL)
    return macro_fail ("projects", error);
  {
    MacroDbDocumentNew n = { .owner = "demo-ann", .name = "Contract", .file_type = "pdf", .project_id = inner->id,
                             .content = { .sha = "9f86d081884c7d65" }, .public_level = MACRO_DB_NO_ACCESS };

    if ((doc = macro_db_document_create (MDB_EXECUTOR (pool), &n, &error)) == NULL)
      return macro_fail ("document", error);
  }
  printf ("  ann made Clients > Acme > Contract (version %s, one statement)\n", doc->version_sha);
  print_level (pool, "demo-bob", doc->id);
  if (macro_db_access_grant (MDB_EXECUTOR (pool), top->id, MACRO_DB_ITEM_PROJECT, bob, 1,
                             MACRO_DB_ACCESS_LEVEL_COMMENT, &error) < 0)
    return macro_fail ("grant", error);
  printf ("  ann lets bob comment on Clients\n");
  print_level (pool, "demo-bob", doc->id);
  if (macro_db_share_permission_edit (MDB_EXECUTOR (pool), inner->id, MACRO_DB_ITEM_PROJECT, TRUE,
                                      MACRO_DB_ACCESS_LEVEL_VIEW, NULL, 0, &error) < 0)
    return macro_fail ("share", error);
  printf ("  ann makes Acme public (view)\n");
  print_level (pool, "demo-bob", doc->id);
  print_level (pool, "demo-cid", doc->id);
  if ((page = macro_db_accessible_items (MDB_EXECUTOR (pool), "demo-bob", MACRO_DB_ACCESS_LEVEL_VIEW,
                                         MACRO_DB_ITEM_ANY, FALSE, NULL, 10, &error)) == NULL)
    return macro_fail ("accessible", error);
  for (guint i = 0; i < page->items->len; i++)
    {
      const MacroDbItem *it = page->items->pdata[i];
      printf ("  bob reaches %-8s %-8s (%s)\n", it->item_type, it->name ? it->name : "",
              macro_db_access_level_to_string (it->access_level));
    }
  if ((gone = macro_db_project_soft_delete (MDB_EXECUTOR (pool), top->id, &error)) == NULL)
    return macro_fail ("soft delete", error);
  printf ("  ann deletes Clients: %u projects, %u documents in one statement\n",
          g_strv_length ((char **) gone->project_ids), g_strv_length ((char **) gone->document_ids));
  print_level (pool, "demo-bob", doc->id);   /* levels stay; reads of deleted items are what stop */
  {
    g_autoptr (MacroDbDocument) hidden = macro_db_document_get (MDB_EXECUTOR (pool), "demo-bob", doc->id, &error);

    printf ("  bob opens the Contract: %s\n", hidden != NULL ? "ok"
            : g_error_matches (error, MDB_ERROR, MDB_ERROR_NOT_FOUND) ? "not found (deleted)" : error->message);
    g_clear_error (&error);
  }
  return cleanup (pool, top->id);
}
