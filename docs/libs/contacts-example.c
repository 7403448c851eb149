/* SPDX-License-Identifier: MIT */
/* contacts-example.c: the contacts_db_client walk-through of docs/libs/contacts.md.
 *
 * Usage: contacts-example [URL]   (default: $CONTACTSDB_DATABASE_URL), the
 * URL of a migrated ContactsDB.  Built and run by tests/contacts. */
#include <stdio.h>
#include <contacts-db/contacts-db.h>

static int
fail (const char *what, GError *error)
{
  fprintf (stderr, "contacts-example: %s: %s\n", what, error->message);
  g_error_free (error);
  return 1;
}

int
main (int argc, char **argv)
{
  const char *url = argc > 1 ? argv[1] : g_getenv ("CONTACTSDB_DATABASE_URL");
  /* Either order; repeats and existing pairs are fine. */
  const ContactsDbPair pairs[] = {
    { "bob", "alice" }, { "alice", "carol" }, { "dave", "alice" }, { "alice", "bob" }, { "carol", "dave" },
  };
  const ContactsDbPair bad[] = { { "alice", "erin" }, { "erin", "erin" } };
  g_autoptr(MdbPool) pool = NULL;
  g_autofree char *cursor = NULL;
  GError *error = NULL;
  gint64 created;

  if (url == NULL)
    {
      fprintf (stderr, "usage: contacts-example URL (or set CONTACTSDB_DATABASE_URL)\n");
      return 2;
    }
  pool = mdb_pool_new_simple (url, 2, &error);
  if (pool == NULL)
    return fail ("pool", error);

  /* One statement, one round trip, however many pairs. */
  created = contacts_db_connections_create (MDB_EXECUTOR (pool), pairs, G_N_ELEMENTS (pairs), &error);
  if (created < 0)
    return fail ("create", error);
  printf ("new connections: %" G_GINT64_FORMAT "\n", created);

  /* A self-pair is refused before anything is sent: erin gets nothing. */
  if (contacts_db_connections_create (MDB_EXECUTOR (pool), bad, G_N_ELEMENTS (bad), &error) < 0)
    {
      printf ("refused: %s\n", error->message);
      g_clear_error (&error);
    }

  /* Keyset pagination: pass the next_cursor of a page to get the next one. */
  for (guint page_no = 1;; page_no++)
    {
      g_autoptr (MdbPage) page = contacts_db_contacts_list (MDB_EXECUTOR (pool), "alice", cursor, 2, &error);

      if (page == NULL)
        return fail ("list", error);
      for (guint i = 0; i < page->items->len; i++)
        printf ("alice page %u: %s\n", page_no, (const char *) page->items->pdata[i]);
      if (page->next_cursor == NULL)
        break;
      g_free (cursor);
      cursor = g_steal_pointer (&page->next_cursor);
    }

  printf ("alice has %" G_GINT64_FORMAT " contacts\n",
          contacts_db_contacts_count (MDB_EXECUTOR (pool), "alice", &error));
  printf ("carol-bob connected: %s\n",
          contacts_db_connection_exists (MDB_EXECUTOR (pool), "carol", "bob", &error) ? "yes" : "no");
  printf ("deleted dave-alice: %s\n",
          contacts_db_connection_delete (MDB_EXECUTOR (pool), "dave", "alice", &error) ? "yes" : "no");
  printf ("deleted all of carol: %" G_GINT64_FORMAT "\n",
          contacts_db_connections_delete_user (MDB_EXECUTOR (pool), "carol", &error));
  if (error != NULL)
    return fail ("query", error);
  return 0;
}
