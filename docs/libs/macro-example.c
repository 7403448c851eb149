/* SPDX-License-Identifier: MIT */
/* macro-example.c: macro_db_client's central job, as docs/libs/macro.md
 * shows it.  Built and run by the tests (macro-example) on a fresh MacroDB,
 * its output compared line by line.
 *
 *   macro-example "postgresql://…/macrodb"      (a migrated, empty MacroDB) */
#include <stdio.h>
#include <stdlib.h>
#include <macro-db/macro-db.h>

static int
fail (const char *what, GError *error)
{
  fprintf (stderr, "%s: %s\n", what, error != NULL ? error->message : "failed");
  g_clear_error (&error);
  return EXIT_FAILURE;
}

/* Prints @user's effective level on the document. */
static void
show_level (MdbPool *pool, const char *user, const char *doc_id)
{
  GError *error = NULL;
  MacroDbAccessLevel level;

  if (macro_db_access_level (MDB_EXECUTOR (pool), user, doc_id, MACRO_DB_ITEM_DOCUMENT, &level, &error))
    printf ("%s: %s\n", user, macro_db_access_level_to_string (level));
  else if (error == NULL)
    printf ("%s: no access\n", user);
  else
    fail ("level", error);
}

int
main (int argc, char **argv)
{
  g_autoptr (MdbPool) pool = NULL;
  g_autoptr (MacroDbProject) team = NULL;
  g_autoptr (MacroDbProject) specs = NULL;
  g_autoptr (MacroDbDocument) doc = NULL;
  g_autoptr (MacroDbDeletedTree) deleted = NULL;
  g_autoptr (MdbResult) users = NULL;
  g_autofree char *cursor = NULL;
  const char *readers[] = { "bob", "cid" };
  GError *error = NULL;

  if (argc != 2)
    {
      fprintf (stderr, "usage: macro-example URL\n");
      return EXIT_FAILURE;
    }
  if ((pool = mdb_pool_new_simple (argv[1], 2, &error)) == NULL)
    return fail ("pool", error);
  /* Users belong to part 2 of the library; plain SQL here. */
  users = mdb_exec (MDB_EXECUTOR (pool), "INSERT INTO \"User\" (id, email) VALUES ('ann', 'ann@example.com'),"
                    " ('bob', 'bob@example.com'), ('cid', 'cid@example.com'), ('dee', 'dee@example.com')",
                    NULL, &error);
  if (users == NULL)
    return fail ("users", error);

  /* ann's folders, and a document in the inner one (one statement each). */
  if ((team = macro_db_project_create (MDB_EXECUTOR (pool), "ann", "Team", NULL, FALSE, MACRO_DB_NO_ACCESS,
                                       &error)) == NULL
      || (specs = macro_db_project_create (MDB_EXECUTOR (pool), "ann", "Specs", team->id, TRUE,
                                           MACRO_DB_ACCESS_LEVEL_VIEW, &error)) == NULL)
    return fail ("projects", error);
  {
    MacroDbDocumentNew n = { .id = "doc-1", .owner = "ann", .name = "Design", .file_type = "md",
                             .project_id = specs->id, .content = { .sha = "a1b2" },
                             .public_level = MACRO_DB_NO_ACCESS };

    if ((doc = macro_db_document_create (MDB_EXECUTOR (pool), &n, &error)) == NULL)
      return fail ("create", error);
  }
  printf ("created %s in Specs, version sha %s\n", doc->name, doc->version_sha);

  /* Grants on the outer project reach the document; Specs is public (view). */
  if (macro_db_access_grant (MDB_EXECUTOR (pool), team->id, MACRO_DB_ITEM_PROJECT, readers, 2,
                             MACRO_DB_ACCESS_LEVEL_EDIT, &error) != 2)
    return fail ("grant", error);
  show_level (pool, "ann", "doc-1");
  show_level (pool, "bob", "doc-1");
  show_level (pool, "dee", "doc-1");
  if (macro_db_access_revoke (MDB_EXECUTOR (pool), team->id, MACRO_DB_ITEM_PROJECT, readers + 1, 1, &error) != 1)
    return fail ("revoke", error);
  show_level (pool, "cid", "doc-1");

  /* What bob reaches, two at a time (keyset pages, by type then id). */
  for (guint page_no = 1;; page_no++)
    {
      g_autoptr (MdbPage) page = macro_db_accessible_items (MDB_EXECUTOR (pool), "bob", MACRO_DB_ACCESS_LEVEL_VIEW,
                                                            MACRO_DB_ITEM_ANY, FALSE, cursor, 2, &error);

      if (page == NULL)
        return fail ("accessible", error);
      for (guint i = 0; i < page->items->len; i++)
        {
          const MacroDbItem *item = page->items->pdata[i];
          printf ("bob page %u: %s (%s)\n", page_no, item->item_type,
                  macro_db_access_level_to_string (item->access_level));
        }
      g_free (cursor);
      if ((cursor = g_steal_pointer (&page->next_cursor)) == NULL)
        break;
    }

  /* Moving Team under Specs would make a cycle: refused in SQL. */
  if (!macro_db_project_move (MDB_EXECUTOR (pool), team->id, specs->id, &error))
    {
      printf ("move refused: %s\n", g_error_matches (error, MDB_ERROR, MDB_ERROR_CHECK_VIOLATION)
                                      ? "cycle" : error->message);
      g_clear_error (&error);
    }

  /* Deleting Team takes Specs and the document with it, in one statement. */
  if ((deleted = macro_db_project_soft_delete (MDB_EXECUTOR (pool), team->id, &error)) == NULL)
    return fail ("soft delete", error);
  printf ("deleted: %u projects, %u documents\n", g_strv_length ((char **) deleted->project_ids),
          g_strv_length ((char **) deleted->document_ids));
  {
    g_autoptr (MacroDbDocument) gone = macro_db_document_get (MDB_EXECUTOR (pool), "ann", "doc-1", &error);

    printf ("get after delete: %s\n", g_error_matches (error, MDB_ERROR, MDB_ERROR_NOT_FOUND) ? "not found" : "found");
    g_clear_error (&error);
  }
  printf ("restored: %" G_GINT64_FORMAT "\n", macro_db_project_restore (MDB_EXECUTOR (pool), team->id, &error));
  return EXIT_SUCCESS;
}
