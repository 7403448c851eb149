/* SPDX-License-Identifier: MIT */
/* comms-example.c: the comms_db_client walk-through of docs/libs/comms.md.
 *
 * Usage: comms-example [URL]   (default: $MACRODB_DATABASE_URL), the URL of
 * a migrated MacroDB.  Built and run by tests/comms. */
#include <stdio.h>
#include <comms-db/comms-db.h>

static int
fail (const char *what, GError *error)
{
  fprintf (stderr, "comms-example: %s: %s\n", what, error->message);
  g_error_free (error);
  return 1;
}

/* Prints one page of alice's channels: name, participants, preview, unread. */
static gboolean
print_channels (MdbPool *pool, GError **error)
{
  g_autoptr (MdbPage) page = comms_db_channels_list (MDB_EXECUTOR (pool), "alice", 7, NULL, 30, error);

  if (page == NULL)
    return FALSE;
  for (guint i = 0; i < page->items->len; i++)
    {
      const CommsDbChannelListItem *c = page->items->pdata[i];

      printf ("channel %s (%s, %u people): %s, %" G_GINT64_FORMAT " unread\n",
              c->name != NULL ? c->name : "(direct message)",
              comms_db_comms_channel_type_to_string (c->channel_type), c->n_participants,
              c->latest_content != NULL ? c->latest_content : "(no message yet)", c->unread);
    }
  return TRUE;
}

int
main (int argc, char **argv)
{
  const char *url = argc > 1 ? argv[1] : g_getenv ("MACRODB_DATABASE_URL");
  const char *const team[] = { "bob", "carol" };
  const CommsDbEntity doc[] = { { "document", "roadmap" } };
  g_autoptr (MdbPool) pool = NULL;
  g_autofree char *general = NULL, *dm = NULL, *dm_again = NULL;
  g_autoptr (CommsDbMessage) hello = NULL;
  g_autoptr (CommsDbMessage) reply = NULL;
  g_autoptr (CommsDbMessageList) context = NULL;
  g_autoptr (CommsDbReactionCountList) reactions = NULL;
  g_autoptr (MdbPage) refs = NULL;
  char hello_id[MDB_UUID_STRING_SIZE];
  GError *error = NULL;
  gboolean added;

  if (url == NULL)
    {
      fprintf (stderr, "usage: comms-example URL (or set MACRODB_DATABASE_URL)\n");
      return 2;
    }
  if ((pool = mdb_pool_new_simple (url, 2, &error)) == NULL)
    return fail ("pool", error);

  /* A private channel with its owner and members: one statement. */
  general = comms_db_channel_create (MDB_EXECUTOR (pool), "alice", COMMS_DB_COMMS_CHANNEL_TYPE_PRIVATE,
                                     "general", COMMS_DB_NO_ORG, team, G_N_ELEMENTS (team), &error);
  if (general == NULL)
    return fail ("create", error);
  /* The direct message between two users: the same channel every time. */
  dm = comms_db_dm_get_or_create (MDB_EXECUTOR (pool), "alice", "bob", &error);
  dm_again = dm != NULL ? comms_db_dm_get_or_create (MDB_EXECUTOR (pool), "bob", "alice", &error) : NULL;
  if (dm_again == NULL)
    return fail ("dm", error);
  printf ("direct message found again: %s\n", g_str_equal (dm, dm_again) ? "yes" : "no");

  /* A post with an attachment, in one round trip; a reply in its thread. */
  hello = comms_db_message_post (MDB_EXECUTOR (pool), general, "bob", NULL, "roadmap attached", doc, 1, NULL, 0,
                                 &error);
  if (hello == NULL)
    return fail ("post", error);
  mdb_uuid_format (&hello->id, hello_id);
  reply = comms_db_message_post (MDB_EXECUTOR (pool), general, "carol", hello_id, "thanks!", NULL, 0, doc, 1, &error);
  if (reply == NULL)
    return fail ("reply", error);
  /* Someone who is not in the channel cannot post: nothing is stored. */
  if (comms_db_message_post (MDB_EXECUTOR (pool), general, "mallory", NULL, "hi", NULL, 0, NULL, 0, &error) == NULL)
    {
      printf ("refused: %s\n", g_str_has_prefix (error->message, "user mallory is not an active participant")
              ? "mallory is not an active participant" : error->message);
      g_clear_error (&error);
    }
  if (!comms_db_reaction_toggle (MDB_EXECUTOR (pool), hello_id, "alice", "👍", &added, &error))
    return fail ("react", error);

  if (!print_channels (pool, &error))
    return fail ("list", error);

  /* The message with its context, and its reactions, one query each. */
  context = comms_db_message_with_context (MDB_EXECUTOR (pool), hello_id, "alice", COMMS_DB_NO_ORG, 5, 5, &error);
  if (context == NULL)
    return fail ("context", error);
  printf ("context of the post: %u message(s)\n", context->n_rows);
  reactions = comms_db_reactions_summary (MDB_EXECUTOR (pool), "alice", COMMS_DB_NO_ORG,
                                          (const char *const[]) { hello_id }, 1, &error);
  if (reactions == NULL)
    return fail ("reactions", error);
  for (guint i = 0; i < reactions->n_rows; i++)
    printf ("reaction %s x%" G_GINT64_FORMAT "%s\n", reactions->rows[i].emoji, reactions->rows[i].count,
            reactions->rows[i].reacted ? " (including alice)" : "");

  /* Where is the roadmap referenced, as alice may see it? */
  refs = comms_db_entity_references_list (MDB_EXECUTOR (pool), "alice", "document", "roadmap", NULL, 10, &error);
  if (refs == NULL)
    return fail ("references", error);
  for (guint i = 0; i < refs->items->len; i++)
    {
      const CommsDbEntityReference *r = refs->items->pdata[i];
      printf ("roadmap: %s in %s by %s\n", r->kind, r->channel_name, r->sender_id);
    }
  return 0;
}
