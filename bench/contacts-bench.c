/* SPDX-License-Identifier: MIT */
/* contacts_db_client benchmark: bulk connection creation and contacts reads on ContactsDB.
 *
 * MDB_BENCH_DATABASE_URL=<a migrated contactsdb> contacts-bench
 *
 * Creates 100 000 connections among 1 000 users (each user gets 200
 * contacts, half of the pairs given in reverse order), in batches of 10 000
 * pairs per call, then reads the contacts of every user.  The rows it made
 * are deleted at the end.  Prints figures only; nothing is asserted. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <contacts-db/contacts-db.h>

#define USERS 1000
#define PER_USER 100            /* pairs (i, i+1..i+100 mod USERS): 100 000 distinct */
#define BATCH 10000

static int
fail (const char *what, GError *error)
{
  fprintf (stderr, "contacts-bench: %s: %s\n", what, error->message);
  g_error_free (error);
  return EXIT_FAILURE;
}

static int
cmp_i64 (const void *a, const void *b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static gint64
percentile (const gint64 *sorted, guint n, double p)
{
  return sorted[(guint) (p * (n - 1))];
}

static gboolean
bench_create (MdbPool *pool, char **users, GError **error)
{
  g_autofree ContactsDbPair *pairs = g_new (ContactsDbPair, (gsize) USERS * PER_USER);
  gsize n = 0;
  gint64 start, created = 0;
  double secs;

  for (guint i = 0; i < USERS; i++)
    for (guint k = 1; k <= PER_USER; k++, n++)
      {
        const char *a = users[i], *b = users[(i + k) % USERS];

        pairs[n].user_a = n % 2 ? b : a;
        pairs[n].user_b = n % 2 ? a : b;
      }
  start = g_get_monotonic_time ();
  for (gsize off = 0; off < n; off += BATCH)
    {
      gint64 c = contacts_db_connections_create (MDB_EXECUTOR (pool), pairs + off, MIN (BATCH, n - off), error);

      if (c < 0)
        return FALSE;
      created += c;
    }
  secs = (g_get_monotonic_time () - start) / 1e6;
  printf ("create: %" G_GSIZE_FORMAT " pairs in %u calls of %d: %.3f s, %.0f rows/s (%" G_GINT64_FORMAT " new)\n",
          n, (guint) ((n + BATCH - 1) / BATCH), BATCH, secs, n / secs, created);
  return TRUE;
}

static gboolean
bench_read (MdbPool *pool, char **users, GError **error)
{
  gint64 lat[USERS];
  gint64 start = g_get_monotonic_time ();
  guint64 total_contacts = 0;

  for (guint i = 0; i < USERS; i++)
    {
      gint64 t0 = g_get_monotonic_time ();
      g_autoptr (MdbPage) page = contacts_db_contacts_list (MDB_EXECUTOR (pool), users[i], NULL,
                                                            CONTACTS_DB_MAX_PAGE, error);

      if (page == NULL)
        return FALSE;
      lat[i] = g_get_monotonic_time () - t0;
      total_contacts += page->items->len;
    }
  printf ("read: contacts of %d users (%" G_GUINT64_FORMAT " ids): total %.3f s\n",
          USERS, total_contacts, (g_get_monotonic_time () - start) / 1e6);
  qsort (lat, USERS, sizeof lat[0], cmp_i64);
  printf ("read: per call p50 %" G_GINT64_FORMAT " us, p99 %" G_GINT64_FORMAT " us, max %" G_GINT64_FORMAT " us\n",
          percentile (lat, USERS, 0.50), percentile (lat, USERS, 0.99), lat[USERS - 1]);
  return TRUE;
}

int
main (void)
{
  const char *url = g_getenv ("MDB_BENCH_DATABASE_URL");
  g_autoptr(MdbPool) pool = NULL;
  g_auto(GStrv) users = g_new0 (char *, USERS + 1);
  GError *error = NULL;
  gint64 removed = 0;

  if (url == NULL)
    {
      fprintf (stderr, "contacts-bench: set MDB_BENCH_DATABASE_URL to a migrated contactsdb\n");
      return EXIT_FAILURE;
    }
  pool = mdb_pool_new_simple (url, 1, &error);
  if (pool == NULL)
    return fail ("pool", error);
  /* A per-run prefix keeps runs (and other data) apart. */
  for (guint i = 0; i < USERS; i++)
    users[i] = g_strdup_printf ("bench-%d-user-%04u", (int) getpid (), i);

  if (!bench_create (pool, users, &error) || !bench_read (pool, users, &error))
    return fail ("bench", error);
  for (guint i = 0; i < USERS; i++)
    {
      gint64 r = contacts_db_connections_delete_user (MDB_EXECUTOR (pool), users[i], &error);

      if (r < 0)
        return fail ("cleanup", error);
      removed += r;
    }
  printf ("cleanup: %" G_GINT64_FORMAT " rows deleted\n", removed);
  return EXIT_SUCCESS;
}
