/* SPDX-License-Identifier: MIT */
/* notification-example.c: the notification_db_client walk-through of
 * docs/libs/notification.md.
 *
 * Usage: notification-example [URL]   (default: $MACRODB_DATABASE_URL), the
 * URL of a migrated MacroDB.  Built and run by tests/notification. */
#include <stdio.h>
#include <notification-db/notification-db.h>

static int
fail (const char *what, GError *error)
{
  fprintf (stderr, "notification-example: %s: %s\n", what, error->message);
  g_error_free (error);
  return 1;
}

static void
print_bools (const char *what, const char *const *who, GArray *answers)
{
  printf ("%s:", what);
  for (guint i = 0; i < answers->len; i++)
    printf (" %s=%s", who[i], g_array_index (answers, gboolean, i) ? "yes" : "no");
  printf ("\n");
}

int
main (int argc, char **argv)
{
  const char *url = argc > 1 ? argv[1] : g_getenv ("MACRODB_DATABASE_URL");
  const char *const team[] = { "bob", "carol", "dave", "erin" };
  const NotificationDbRecipient recipients[] = {
    { "bob", "bob@example.com" }, { "carol", "carol@example.com" }, { "erin", NULL },
  };
  const char *const who[] = { "bob", "carol", "erin" };
  NotificationDbEvent mention = { NULL, "document_mention", "doc-42", "document", "document_service",
                                  "{\"excerpt\": \"@team please review\"}", "alice", FALSE };
  g_autoptr(MdbPool) pool = NULL;
  g_autoptr(NotificationDbFanOut) sent = NULL;
  g_autoptr(NotificationDbFanOut) again = NULL;
  g_autoptr(GArray) email = NULL;
  g_autoptr(NotificationDbDigestItemList) digest = NULL;
  g_autofree char *cursor = NULL;
  GError *error = NULL;
  MdbExecutor *db;

  if (url == NULL)
    {
      fprintf (stderr, "usage: notification-example URL (or set MACRODB_DATABASE_URL)\n");
      return 2;
    }
  pool = mdb_pool_new_simple (url, 2, &error);
  if (pool == NULL)
    return fail ("pool", error);
  db = MDB_EXECUTOR (pool);

  /* dave muted notifications; erin does not want any about doc-42. */
  if (!notification_db_mute (db, "dave", &error)
      || !notification_db_unsubscribe_item (db, "erin", "doc-42", "document", &error))
    return fail ("preferences", error);

  /* One statement, one round trip: the notification and a row per recipient. */
  sent = notification_db_notify (db, &mention, team, G_N_ELEMENTS (team), &error);
  if (sent == NULL)
    return fail ("notify", error);
  printf ("notified:");
  for (guint i = 0; sent->notified[i] != NULL; i++)
    printf (" %s", sent->notified[i]);
  printf ("\n");

  /* Whom to email: first notification about doc-42 of its kind, so yes
   * (erin is unsubscribed from the item). */
  email = notification_db_should_email (db, "document_mention", "doc-42", "document", recipients, 3, &error);
  if (email == NULL)
    return fail ("should_email", error);
  print_bools ("email now", who, email);

  /* A second mention: a repeat, so nobody is emailed again. */
  again = notification_db_notify (db, &mention, team, G_N_ELEMENTS (team), &error);
  g_array_unref (g_steal_pointer (&email));
  email = again != NULL ? notification_db_should_email (db, "document_mention", "doc-42", "document",
                                                        recipients, 3, &error) : NULL;
  if (email == NULL)
    return fail ("second mention", error);
  print_bools ("email again", who, email);

  /* bob reads the document: both notifications are seen. */
  printf ("bob unseen: %" G_GINT64_FORMAT "\n", notification_db_unseen_count (db, "bob", &error));
  printf ("bob marked seen: %" G_GINT64_FORMAT "\n",
          notification_db_mark_item (db, "bob", "doc-42", "document", NOTIFICATION_DB_MARK_SEEN, &error));
  printf ("bob unseen: %" G_GINT64_FORMAT "\n", notification_db_unseen_count (db, "bob", &error));

  /* carol's list, newest first, one per page. */
  for (guint page_no = 1;; page_no++)
    {
      g_autoptr(MdbPage) page = notification_db_list (db, "carol", NULL, cursor, 1, &error);

      if (page == NULL)
        return fail ("list", error);
      for (guint i = 0; i < page->items->len; i++)
        {
          const NotificationDbUserNotification *n = page->items->pdata[i];
          printf ("carol page %u: %s about %s from %s\n", page_no, n->event_type, n->item_id, n->sender_id);
        }
      if (page->next_cursor == NULL)
        break;
      g_free (cursor);
      cursor = g_steal_pointer (&page->next_cursor);
    }

  /* The digest job: unseen, unemailed rows older than now, per user. */
  digest = notification_db_digest_claim (db, g_get_real_time (), 100, &error);
  if (digest == NULL)
    return fail ("digest", error);
  for (guint i = 0; i < digest->n_rows; i++)
    printf ("digest: %s %s\n", digest->rows[i].user_id, digest->rows[i].item_id);
  if (error != NULL)
    return fail ("query", error);
  return 0;
}
