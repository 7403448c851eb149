/* SPDX-License-Identifier: MIT */
/* demo-comms.c: comms_db_client's central job on MacroDB: a channel, a post
 * with an attachment, the channel list in one query, a refused stranger. */
#include <stdio.h>
#include <comms-db/comms-db.h>
#include "demo-comms.h"

static gboolean
fail (const char *what, GError *error)
{
  fprintf (stderr, "demo: %s: %s\n", what, error->message);
  g_error_free (error);
  return FALSE;
}

/* The demo's private channel: found by its participant set, so reruns
 * reuse it; created (one statement) the first time. */
static char *
team_channel (MdbPool *pool, GError **error)
{
  const char *const members[] = { "demo-bob", "demo-carol" };
  const char *const everyone[] = { "demo-alice", "demo-bob", "demo-carol" };
  g_autoptr (GError) local = NULL;
  char *id = comms_db_private_channel_find (MDB_EXECUTOR (pool), everyone, 3, &local);

  if (id != NULL || local != NULL)
    {
      if (local != NULL)
        g_propagate_error (error, g_steal_pointer (&local));
      return id;
    }
  return comms_db_channel_create (MDB_EXECUTOR (pool), "demo-alice", COMMS_DB_COMMS_CHANNEL_TYPE_PRIVATE,
                                  "demo team", COMMS_DB_NO_ORG, members, 2, error);
}

gboolean
demo_show_comms (MdbPool *pool)
{
  const CommsDbEntity doc[] = { { "document", "demo-roadmap" } };
  g_autofree char *team = NULL, *dm = NULL;
  g_autoptr (CommsDbMessage) post = NULL;
  g_autoptr (MdbPage) page = NULL;
  GError *error = NULL;
  guint64 trips;

  printf ("\n== Chat (comms_db_client on MacroDB)\n");
  if ((team = team_channel (pool, &error)) == NULL)
    return fail ("comms channel", error);
  if ((dm = comms_db_dm_get_or_create (MDB_EXECUTOR (pool), "demo-alice", "demo-bob", &error)) == NULL)
    return fail ("comms dm", error);
  post = comms_db_message_post (MDB_EXECUTOR (pool), team, "demo-bob", NULL, "the roadmap is attached", doc, 1,
                                NULL, 0, &error);
  if (post == NULL)
    return fail ("comms post", error);
  printf ("  demo-bob posted \"%s\" with an attachment (one statement)\n", post->content);
  if (comms_db_message_post (MDB_EXECUTOR (pool), team, "demo-mallory", NULL, "hi", NULL, 0, NULL, 0, &error) == NULL)
    {
      printf ("  demo-mallory refused: %s\n", error->message);
      g_clear_error (&error);
    }
  /* Once to prepare the statement on the connection, then counted. */
  page = comms_db_channels_list (MDB_EXECUTOR (pool), "demo-alice", COMMS_DB_NO_ORG, NULL, 30, &error);
  if (page == NULL)
    return fail ("comms list", error);
  g_clear_pointer (&page, mdb_page_free);
  trips = mdb_executor_get_round_trips (MDB_EXECUTOR (pool));
  page = comms_db_channels_list (MDB_EXECUTOR (pool), "demo-alice", COMMS_DB_NO_ORG, NULL, 30, &error);
  if (page == NULL)
    return fail ("comms list", error);
  printf ("  demo-alice's channels, participants, previews, unread: %" G_GUINT64_FORMAT " round trip\n",
          mdb_executor_get_round_trips (MDB_EXECUTOR (pool)) - trips);
  for (guint i = 0; i < page->items->len; i++)
    {
      const CommsDbChannelListItem *c = page->items->pdata[i];

      printf ("    %-16s %u people, %" G_GINT64_FORMAT " unread, latest: %s\n",
              c->name != NULL ? c->name : "(direct message)", c->n_participants, c->unread,
              c->latest_content != NULL ? c->latest_content : "-");
    }
  return TRUE;
}
