/* SPDX-License-Identifier: MIT */
/* macro-people-example.c: macro_db_client part 2 (users and teams, history,
 * pins, document comments), as docs/libs/macro.md shows it.  Built and run
 * by the tests (macro-people-example) on a fresh MacroDB, its output
 * compared line by line with tests/macro/people-example.out.
 *
 *   macro-people-example "postgresql://…/macrodb"   (a migrated, empty MacroDB) */
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

/* Creates a user with the given roles (one transaction: macro_user, "User",
 * the email verification row and one "RolesOnUsers" row per role). */
static MacroDbUser *
new_user (MdbExecutor *ex, const char *email, const char *username, const char *const *roles, GError **error)
{
  g_autofree char *customer = g_strdup_printf ("cus_%s", username);   /* the Stripe customer */
  MacroDbNewUser nu = { email, username, customer, TRUE, 0, roles };

  return macro_db_user_create (ex, &nu, error);
}

/* Prints every thread of the document with its comments, as @user sees them. */
static gboolean
show_threads (MdbExecutor *ex, const char *user, const char *doc, GError **error)
{
  g_autoptr (MacroDbDocumentThreadList) threads = macro_db_document_threads (ex, user, doc, error);

  if (threads == NULL)
    return FALSE;
  for (guint i = 0; i < threads->n_rows; i++)
    for (guint j = 0; j < threads->rows[i].n_comments; j++)
      printf ("thread %u comment %u by %s: %s\n", i + 1, j + 1, threads->rows[i].comments[j].owner,
              threads->rows[i].comments[j].text);
  return TRUE;
}

/* Bob, with view access only, tries to reply; then with comment access. */
static int
comment_as_bob (MdbExecutor *ex, const char *ann, const char *bob, gint64 thread)
{
  const char *bob_only[] = { bob };
  MacroDbNewComment reply = { "Friday works for me.", NULL, NULL };
  GError *error = NULL;

  if (macro_db_access_grant (ex, "doc-plan", MACRO_DB_ITEM_DOCUMENT, bob_only, 1, MACRO_DB_ACCESS_LEVEL_VIEW,
                             &error) < 0)
    return fail ("grant view", error);
  if (macro_db_comment_reply (ex, bob, thread, &reply, &error) < 0)
    printf ("bob with view access: %s\n",
            g_error_matches (error, MDB_ERROR, MDB_ERROR_NOT_FOUND) ? "may not comment" : error->message);
  g_clear_error (&error);
  if (macro_db_access_grant (ex, "doc-plan", MACRO_DB_ITEM_DOCUMENT, bob_only, 1, MACRO_DB_ACCESS_LEVEL_COMMENT,
                             &error) < 0
      || macro_db_comment_reply (ex, bob, thread, &reply, &error) < 0)
    return fail ("reply", error);
  if (!show_threads (ex, ann, "doc-plan", &error))
    return fail ("threads", error);
  return EXIT_SUCCESS;
}

int
main (int argc, char **argv)
{
  static const char *const roles[] = { "professional_subscriber", NULL };
  static const MacroDbItemRef opened[] = {
    { "doc-notes", MACRO_DB_ITEM_DOCUMENT }, { "doc-plan", MACRO_DB_ITEM_DOCUMENT },
  };
  static const MacroDbItemRef pin_order[] = {
    { "doc-plan", MACRO_DB_ITEM_DOCUMENT }, { "doc-notes", MACRO_DB_ITEM_DOCUMENT },
  };
  MacroDbNewComment first = { "Can we ship this on Friday?", NULL, NULL };
  g_autoptr (MdbPool) pool = NULL;
  g_autoptr (MacroDbUser) ann = NULL;
  g_autoptr (MacroDbUser) bob = NULL;
  g_autoptr (MacroDbUser) found = NULL;
  g_autoptr (MacroDbTeam) team = NULL;
  g_autoptr (MacroDbUserTeamList) bobs_teams = NULL;
  g_autoptr (MdbPage) history = NULL;
  g_autoptr (MacroDbPinList) pins = NULL;
  g_autoptr (MdbResult) docs = NULL;
  MacroDbTeamRole member = MACRO_DB_TEAM_ROLE_MEMBER;
  char team_id[MDB_UUID_STRING_SIZE];
  const char *members[1];
  MdbExecutor *ex;
  GError *error = NULL;
  gint64 thread;

  if (argc != 2)
    {
      fprintf (stderr, "usage: macro-people-example URL\n");
      return EXIT_FAILURE;
    }
  if ((pool = mdb_pool_new_simple (argv[1], 2, &error)) == NULL)
    return fail ("pool", error);
  ex = MDB_EXECUTOR (pool);

  if ((ann = new_user (ex, "ann@example.com", "ann", roles, &error)) == NULL
      || (bob = new_user (ex, "bob@example.com", "bob", NULL, &error)) == NULL)
    return fail ("users", error);
  printf ("created %s with role %s\n", ann->id, ann->roles[0]);
  if ((found = macro_db_user_get_by_email (ex, "BOB@Example.com", &error)) == NULL)
    return fail ("by email", error);
  printf ("found by email in any case: %s\n", found->id);

  if ((team = macro_db_team_create (ex, ann->id, "Design", &error)) == NULL)
    return fail ("team", error);
  mdb_uuid_format (&team->id, team_id);
  members[0] = bob->id;
  if (macro_db_team_add_members (ex, ann->id, team_id, members, &member, 1, &error) < 0
      || (bobs_teams = macro_db_user_teams (ex, bob->id, &error)) == NULL)
    return fail ("members", error);
  for (guint i = 0; i < bobs_teams->n_rows; i++)
    printf ("bob is %s of team %s\n", macro_db_team_role_to_string (bobs_teams->rows[i].team_role),
            bobs_teams->rows[i].name);

  /* Two documents of ann's (plain SQL: documents are part 1's, macro-example.c). */
  docs = mdb_exec (ex, "INSERT INTO \"Document\" (id, name, owner, \"fileType\", \"updatedAt\") VALUES"
                       " ('doc-plan', 'Launch plan', 'macro|ann@example.com', 'pdf', now ()),"
                       " ('doc-notes', 'Notes', 'macro|ann@example.com', 'md', now () - interval '1 day')",
                   NULL, &error);
  if (docs == NULL)
    return fail ("documents", error);
  /* History is ordered by each item's own "updatedAt", newest first. */
  if (macro_db_history_touch (ex, ann->id, opened, G_N_ELEMENTS (opened), &error) < 0
      || (history = macro_db_history_list (ex, ann->id, NULL, 10, &error)) == NULL)
    return fail ("history", error);
  for (guint i = 0; i < history->items->len; i++)
    {
      const MacroDbHistoryItem *h = history->items->pdata[i];
      printf ("history %u: %s \"%s\"\n", i + 1, h->item_type, h->name);
    }
  /* Pins: upserted, then reordered in one statement. */
  if (!macro_db_pin_upsert (ex, ann->id, &opened[0], 0, &error)
      || !macro_db_pin_upsert (ex, ann->id, &opened[1], 1, &error)
      || macro_db_pins_reorder (ex, ann->id, pin_order, G_N_ELEMENTS (pin_order), &error) < 0
      || (pins = macro_db_pins_list (ex, ann->id, &error)) == NULL)
    return fail ("pins", error);
  for (guint i = 0; i < pins->n_rows; i++)
    printf ("pin %d: %s\n", pins->rows[i].pin_index, pins->rows[i].item_id);

  /* A thread opened with its first comment (one statement). */
  if (!macro_db_thread_open (ex, ann->id, "doc-plan", NULL, &first, &thread, NULL, &error))
    return fail ("thread", error);
  return comment_as_bob (ex, ann->id, bob->id, thread);
}
