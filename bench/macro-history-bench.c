/* SPDX-License-Identifier: MIT */
/* macro_db_client part 2 benchmark: history pages, pins and a document's
 * comment threads on a seeded MacroDB.
 *
 * MDB_BENCH_DATABASE_URL=<a migrated, empty macrodb> macro-history-bench
 *
 * Seeds server-side (generate_series, one statement per table): 10 000
 * users, 200 000 documents with a version each, 20 000 chats, 20 000
 * projects, 1 000 000 history rows (100 per user: 80 documents, 10 chats,
 * 10 projects), 10 pins per user, and one document with 50 threads of 10
 * comments (500).  Then times, on one connection of a pool:
 *   - macro_db_history_list, first page of 50, for 2 000 users;
 *   - macro_db_pins_list for 2 000 users;
 *   - macro_db_document_threads of the 50-thread document, 2 000 times;
 *   - macro_db_user_create, 1 000 users (writes);
 *   - macro_db_history_touch of 10 items, 1 000 times (writes).
 * Each read runs once over the same users before it is timed (a live
 * database's working set is in memory).  Prints p50/p99 and ops/s, and the
 * issue's targets; nothing is asserted (docs/performance.md: targets are
 * checked by reading the figures).  MDB_BENCH_SEEDED=1 skips the seeding
 * (a database seeded by an earlier run; the writes then need fresh names). */
#include <stdio.h>
#include <stdlib.h>
#include <macro-db/macro-db.h>

#define USERS 10000
#define RUNS 2000
#define WRITES 1000

static const char *const seed_sql =
  "INSERT INTO \"User\" (id, email) SELECT 'bu-' || u, 'bu-' || u || '@example.com'"
  "  FROM generate_series (1, 10000) u;"
  "INSERT INTO \"Project\" (id, name, \"userId\", \"updatedAt\") SELECT 'bp-' || i, 'project ' || i,"
  "  'bu-' || (i % 10000 + 1), now () - i * interval '1 second' FROM generate_series (1, 20000) i;"
  "INSERT INTO \"Document\" (id, name, owner, \"fileType\", \"projectId\", \"updatedAt\")"
  "  SELECT 'bd-' || i, 'document ' || i, 'bu-' || (i % 10000 + 1), 'pdf', 'bp-' || (i % 20000 + 1),"
  "  now () - i * interval '1 second' FROM generate_series (1, 200000) i;"
  "INSERT INTO \"DocumentInstance\" (\"documentId\", sha) SELECT 'bd-' || i, 'sha' FROM generate_series (1, 200000) i;"
  "INSERT INTO \"Chat\" (id, name, \"userId\", \"updatedAt\") SELECT 'bc-' || i, 'chat ' || i,"
  "  'bu-' || (i % 10000 + 1), now () - i * interval '1 second' FROM generate_series (1, 20000) i;"
  "INSERT INTO \"UserHistory\" (\"userId\", \"itemId\", \"itemType\", \"updatedAt\")"
  "  SELECT 'bu-' || u, 'bd-' || ((u * 97 + k * 131) % 200000 + 1), 'document', now () - k * interval '1 minute'"
  "  FROM generate_series (1, 10000) u, generate_series (0, 79) k;"
  "INSERT INTO \"UserHistory\" (\"userId\", \"itemId\", \"itemType\")"
  "  SELECT 'bu-' || u, 'bc-' || ((u * 7 + k * 1009) % 20000 + 1), 'chat'"
  "  FROM generate_series (1, 10000) u, generate_series (0, 9) k;"
  "INSERT INTO \"UserHistory\" (\"userId\", \"itemId\", \"itemType\")"
  "  SELECT 'bu-' || u, 'bp-' || ((u * 13 + k * 1013) % 20000 + 1), 'project'"
  "  FROM generate_series (1, 10000) u, generate_series (0, 9) k;"
  "INSERT INTO \"Pin\" (\"userId\", \"pinnedItemId\", \"pinnedItemType\", \"pinIndex\")"
  "  SELECT 'bu-' || u, 'bd-' || ((u * 97 + k * 131) % 200000 + 1), 'document', k"
  "  FROM generate_series (1, 10000) u, generate_series (0, 9) k;"
  "INSERT INTO \"Thread\" (owner, \"documentId\", \"createdAt\") SELECT 'bu-' || (t % 50 + 1), 'bd-1',"
  "  now () - (60 - t) * interval '1 minute' FROM generate_series (1, 50) t;"
  "INSERT INTO \"Comment\" (\"threadId\", owner, text) SELECT t.id, 'bu-' || (k + 1), 'comment ' || k"
  "  FROM \"Thread\" t, generate_series (1, 10) k;"
  /* Some threads on other documents, so Thread is not tiny. */
  "INSERT INTO \"Thread\" (owner, \"documentId\") SELECT 'bu-' || (i % 10000 + 1), 'bd-' || (i % 199999 + 2)"
  "  FROM generate_series (1, 20000) i";

static int
fail (const char *what, GError *error)
{
  fprintf (stderr, "macro-history-bench: %s: %s\n", what, error != NULL ? error->message : "unexpected result");
  g_clear_error (&error);
  return EXIT_FAILURE;
}

static int
cmp_i64 (const void *a, const void *b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* Prints p50, p99 and ops/s of @n latencies (µs) taking @total_us in all. */
static void
report (const char *what, gint64 *lat, guint n, gint64 total_us, const char *target)
{
  qsort (lat, n, sizeof lat[0], cmp_i64);
  printf ("%-44s p50 %6.3f ms  p99 %6.3f ms  %7.0f ops/s  (target %s)\n", what,
          lat[n / 2] / 1000.0, lat[(guint) (0.99 * (n - 1))] / 1000.0, n / (total_us / 1e6), target);
}

/* One timed call: @call returns FALSE on error (set in @error). */
#define TIME_CALLS(lat, n, total, call) \
  G_STMT_START { \
    gint64 start_ = g_get_monotonic_time (); \
    for (guint i = 0; i < (n); i++) \
      { \
        gint64 t0_ = g_get_monotonic_time (); \
        if (!(call)) \
          return fail (#call, error); \
        (lat)[i] = g_get_monotonic_time () - t0_; \
      } \
    (total) = g_get_monotonic_time () - start_; \
  } G_STMT_END

static gboolean
history_page (MdbExecutor *ex, guint i, GError **error)
{
  g_autofree char *user = g_strdup_printf ("bu-%u", (i * 37) % USERS + 1);
  g_autoptr (MdbPage) page = macro_db_history_list (ex, user, NULL, 50, error);

  return page != NULL && page->items->len == 50;
}

static gboolean
pins (MdbExecutor *ex, guint i, GError **error)
{
  g_autofree char *user = g_strdup_printf ("bu-%u", (i * 37) % USERS + 1);
  g_autoptr (MacroDbPinList) list = macro_db_pins_list (ex, user, error);

  return list != NULL && list->n_rows == 10;
}

static gboolean
threads (MdbExecutor *ex, GError **error)
{
  /* bd-1's owner is bu-2 (owner = i % 10000 + 1). */
  g_autoptr (MacroDbDocumentThreadList) list = macro_db_document_threads (ex, "bu-2", "bd-1", error);

  return list != NULL && list->n_rows == 50 && list->rows[49].n_comments == 10;
}

static gboolean
create_user (MdbExecutor *ex, guint i, GError **error)
{
  static const char *const roles[] = { "self_serve", "professional_subscriber", NULL };
  g_autofree char *email = g_strdup_printf ("new-%u@example.com", i);
  g_autofree char *name = g_strdup_printf ("new-%u", i);
  MacroDbNewUser nu = { email, name, name, TRUE, 0, roles };
  g_autoptr (MacroDbUser) user = macro_db_user_create (ex, &nu, error);

  return user != NULL;
}

static gboolean
touch (MdbExecutor *ex, guint i, GError **error)
{
  g_autofree char *user = g_strdup_printf ("bu-%u", i % USERS + 1);
  char ids[10][16];
  MacroDbItemRef items[10];

  for (guint k = 0; k < 10; k++)
    {
      g_snprintf (ids[k], sizeof ids[k], "bd-%u", (i * 10 + k) % 200000 + 1);
      items[k].item_id = ids[k];
      items[k].item_type = MACRO_DB_ITEM_DOCUMENT;
    }
  return macro_db_history_touch (ex, user, items, 10, error) == 10;
}

int
main (void)
{
  const char *url = g_getenv ("MDB_BENCH_DATABASE_URL");
  g_autoptr (MdbPool) pool = NULL;
  g_autofree gint64 *lat = g_new (gint64, RUNS);
  GError *error = NULL;
  MdbExecutor *ex;
  gint64 total, start;

  if (url == NULL)
    {
      fprintf (stderr, "macro-history-bench: set MDB_BENCH_DATABASE_URL to a migrated, empty macrodb\n");
      return EXIT_FAILURE;
    }
  pool = mdb_pool_new_simple (url, 1, &error);
  if (pool == NULL)
    return fail ("pool", error);
  ex = MDB_EXECUTOR (pool);
  start = g_get_monotonic_time ();
  if (g_getenv ("MDB_BENCH_SEEDED") == NULL)
  {
    MdbConn *conn = mdb_pool_acquire (pool, &error);
    /* VACUUM (not in the script's implicit transaction) sets the
     * visibility map autovacuum keeps set in a live database, so the
     * history index is read index-only as it is there. */
    gboolean ok = conn != NULL && mdb_conn_exec_script (conn, seed_sql, &error)
                  && mdb_conn_exec_script (conn, "VACUUM ANALYZE", &error);

    if (conn != NULL)
      mdb_pool_release (pool, conn);
    if (!ok)
      return fail ("seed", error);
  }
  printf ("seed: 10 000 users, 200 000 documents, 1 000 000 history rows, 100 000 pins, 50 threads/500 comments:"
          " %.1f s\n", (g_get_monotonic_time () - start) / 1e6);

  /* Warm-up: the same calls, untimed. */
  TIME_CALLS (lat, RUNS, total, history_page (ex, i, &error) && pins (ex, i, &error) && threads (ex, &error));
  TIME_CALLS (lat, RUNS, total, history_page (ex, i, &error));
  report ("macro_db_history_list (page of 50)", lat, RUNS, total, "p50 <= 3 ms");
  TIME_CALLS (lat, RUNS, total, pins (ex, i, &error));
  report ("macro_db_pins_list (10 pins)", lat, RUNS, total, "p50 <= 0.5 ms");
  TIME_CALLS (lat, RUNS, total, threads (ex, &error));
  report ("macro_db_document_threads (50 threads, 500 comments)", lat, RUNS, total, "p50 <= 3 ms");
  TIME_CALLS (lat, WRITES, total, create_user (ex, i, &error));
  report ("macro_db_user_create (2 roles)", lat, WRITES, total, "-");
  TIME_CALLS (lat, WRITES, total, touch (ex, i, &error));
  report ("macro_db_history_touch (10 items)", lat, WRITES, total, "-");
  return EXIT_SUCCESS;
}
