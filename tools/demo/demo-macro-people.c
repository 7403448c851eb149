/* SPDX-License-Identifier: MIT */
/* demo-macro-people.c: the demo's macro_db_client part 2 section: a user
 * with roles, what it opened (history, newest item first), its pins, and a
 * comment thread on its document. */
#include <stdio.h>
#include <macro-db/macro-db.h>
#include "demo-macro-people.h"

static gboolean
people_fail (const char *what, GError *error)
{
  fprintf (stderr, "demo: %s: %s\n", what, error->message);
  g_error_free (error);
  return FALSE;
}

/* The demo's user: created once (the server is kept between runs). */
static MacroDbUser *
demo_user (MdbExecutor *ex, GError **error)
{
  static const char *const roles[] = { "professional_subscriber", "self_serve", NULL };
  MacroDbNewUser nu = { "demo-ann@example.com", "demo-ann", "cus_demo_ann", TRUE, 0, roles };
  GError *local = NULL;
  MacroDbUser *user = macro_db_user_get_by_email (ex, "DEMO-ANN@example.com", &local);

  if (user != NULL || !g_error_matches (local, MDB_ERROR, MDB_ERROR_NOT_FOUND))
    {
      if (local != NULL)
        g_propagate_error (error, local);
      return user;
    }
  g_clear_error (&local);
  return macro_db_user_create (ex, &nu, error);
}

gboolean
demo_show_macro_people (MdbPool *pool)
{
  static const MacroDbItemRef opened[] = {
    { "demo-doc-plan", MACRO_DB_ITEM_DOCUMENT }, { "demo-doc-notes", MACRO_DB_ITEM_DOCUMENT },
  };
  MacroDbNewComment first = { "Can we ship this on Friday?", NULL, NULL };
  MdbExecutor *ex = MDB_EXECUTOR (pool);
  g_autoptr (MacroDbUser) user = NULL;
  g_autoptr (MdbPage) history = NULL;
  g_autoptr (MacroDbPinList) pins = NULL;
  g_autoptr (MacroDbDocumentThreadList) threads = NULL;
  g_autoptr (MdbResult) docs = NULL;
  g_autofree char *roles = NULL;
  GError *error = NULL;
  gint64 thread_id;

  printf ("\n== Users, history, pins, comments (macro_db_client on MacroDB)\n");
  if ((user = demo_user (ex, &error)) == NULL)
    return people_fail ("user", error);
  roles = g_strjoinv (", ", (char **) user->roles);
  printf ("  user %s (roles: %s), found by email in any case\n", user->id, roles);
  /* Two documents of hers (plain SQL: documents are part 1's business). */
  docs = mdb_exec (ex, "INSERT INTO \"Document\" (id, name, owner, \"fileType\", \"updatedAt\") VALUES"
                       " ('demo-doc-plan', 'Launch plan', 'macro|demo-ann@example.com', 'pdf', now ()),"
                       " ('demo-doc-notes', 'Notes', 'macro|demo-ann@example.com', 'md', now () - interval '1 day')"
                       " ON CONFLICT (id) DO NOTHING", NULL, &error);
  if (docs == NULL)
    return people_fail ("documents", error);
  if (macro_db_history_touch (ex, user->id, opened, G_N_ELEMENTS (opened), &error) < 0
      || !macro_db_pin_upsert (ex, user->id, &opened[1], 0, &error)
      || !macro_db_pin_upsert (ex, user->id, &opened[0], 1, &error))
    return people_fail ("history and pins", error);
  if ((history = macro_db_history_list (ex, user->id, NULL, 10, &error)) == NULL)
    return people_fail ("history", error);
  for (guint i = 0; i < history->items->len; i++)
    {
      const MacroDbHistoryItem *h = history->items->pdata[i];
      printf ("  history %u: %s %s \"%s\"\n", i + 1, h->item_type, h->id, h->name);
    }
  if ((pins = macro_db_pins_list (ex, user->id, &error)) == NULL)
    return people_fail ("pins", error);
  for (guint i = 0; i < pins->n_rows; i++)
    printf ("  pin %d: %s\n", pins->rows[i].pin_index, pins->rows[i].item_id);
  if (!macro_db_thread_open (ex, user->id, "demo-doc-plan", NULL, &first, &thread_id, NULL, &error)
      || (threads = macro_db_document_threads (ex, user->id, "demo-doc-plan", &error)) == NULL)
    return people_fail ("comments", error);
  printf ("  thread %" G_GINT64_FORMAT " opened with its first comment in one statement;"
          " \"Launch plan\" has %u thread(s)\n", thread_id, threads->n_rows);
  return TRUE;
}
