/* SPDX-License-Identifier: MIT */
/* notification_db_client benchmark: fan-out, a user's list page and the unseen
 * count on 5 000 000 user_notification rows (issue 19's targets).
 *
 * MDB_BENCH_DATABASE_URL=<a migrated macrodb> notification-bench
 *
 * Seeds server-side (generate_series, no client round trip per row) 50 000
 * notifications to 100 users each among 5 000 users: 5 000 000 rows, 1 000
 * per user, half of them seen; then VACUUM ANALYZE.  A database seeded by an
 * earlier run is reused as it is (seeding takes minutes; a clone of a seeded
 * database takes seconds); one holding other notification rows is refused.
 * The fan-out notifications of earlier runs are deleted first and this run's
 * at the end, so every run sees the seeded 5 000 000 rows.  Measures
 *   - fan-out: notification_db_notify to 10 000 users (20 calls);
 *   - list: the first page of 50 of a user, and the page after it (2 000 calls);
 *   - unseen count (2 000 calls);
 *   - should_email for 100 users (500 calls);
 * and prints p50/p99 and ops/s.  Exits 1 when a p50 misses its target
 * (fan-out 100 ms, list 1 ms, unseen count 1 ms). */
#include <stdio.h>
#include <stdlib.h>
#include <notification-db/notification-db.h>

#define USERS          5000
#define NOTIFICATIONS  50000
#define PER            100      /* recipients of each seeded notification */
#define FANOUT_USERS   10000
#define FANOUT_CALLS   20
#define LIST_CALLS     2000
#define EMAIL_USERS    100
#define EMAIL_CALLS    500

static int
fail (const char *what, GError *error)
{
  fprintf (stderr, "notification-bench: %s: %s\n", what, error->message);
  g_error_free (error);
  return EXIT_FAILURE;
}

static int
cmp_i64 (const void *a, const void *b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* Sorts @lat and prints p50/p99/ops; TRUE when p50 ≤ @target_us (0: none). */
static gboolean
report (const char *what, gint64 *lat, guint n, gint64 total_us, gint64 target_us)
{
  gint64 p50, p99;
  gboolean ok;

  qsort (lat, n, sizeof lat[0], cmp_i64);
  p50 = lat[(n - 1) / 2];
  p99 = lat[(guint) (0.99 * (n - 1))];
  ok = target_us == 0 || p50 <= target_us;
  printf ("%-34s n=%-5u p50 %8.3f ms  p99 %8.3f ms  %9.0f ops/s", what, n, p50 / 1e3, p99 / 1e3,
          n / (total_us / 1e6));
  if (target_us > 0)
    printf ("  target p50 <= %.0f ms: %s", target_us / 1e3, ok ? "ok" : "MISSED");
  printf ("\n");
  return ok;
}

static gboolean
run_sql (MdbPool *pool, const char *sql, GError **error)
{
  g_autoptr(MdbResult) res = mdb_exec (MDB_EXECUTOR (pool), sql, NULL, error);
  return res != NULL;
}

/* The seeded notifications and the seeded rows of one user, so that a
 * database seeded by an earlier run is told from an empty one without
 * counting 5 000 000 rows. */
#define SEEDED_SQL                                                                                   \
  "SELECT (SELECT count(*) FROM notification WHERE service_sender = 'bench'"                         \
  "         AND event_item_type = 'document'),"                                                      \
  "       (SELECT count(*) FROM user_notification WHERE user_id = 'nb-u-0')"

/* Sets *@seeded when an earlier run seeded the database completely; fails
 * when it holds a part of the seed, which would skew every figure. */
static gboolean
check_seeded (MdbPool *pool, gboolean *seeded, GError **error)
{
  g_autoptr(MdbResult) res = mdb_exec (MDB_EXECUTOR (pool), SEEDED_SQL, NULL, error);
  gint64 notifications, user_rows;

  if (res == NULL || !mdb_result_get_int64 (res, 0, 0, &notifications, error)
      || !mdb_result_get_int64 (res, 0, 1, &user_rows, error))
    return FALSE;
  *seeded = notifications == NOTIFICATIONS && user_rows == NOTIFICATIONS / USERS * PER;
  if (!*seeded && (notifications != 0 || user_rows != 0))
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                   "the database holds %" G_GINT64_FORMAT " seeded notifications and %" G_GINT64_FORMAT
                   " rows of nb-u-0 (expected 0 and 0, or %d and %d): use an empty or a fully seeded one",
                   notifications, user_rows, NOTIFICATIONS, NOTIFICATIONS / USERS * PER);
      return FALSE;
    }
  return TRUE;
}

static gboolean
seed (MdbPool *pool, GError **error)
{
  gint64 t0 = g_get_monotonic_time ();
  gboolean seeded = FALSE;
  MdbConn *conn;
  gboolean ok;

  if (!check_seeded (pool, &seeded, error))
    return FALSE;
  if (seeded)
    {
      printf ("seed: %d notifications, %d user rows there already, not seeding\n", NOTIFICATIONS,
              NOTIFICATIONS * PER);
      return TRUE;
    }
  if (!run_sql (pool,
                "INSERT INTO notification (id, notification_event_type, event_item_id, event_item_type,"
                " service_sender, created_at)"
                " SELECT gen_random_uuid (), CASE WHEN i % 3 = 0 THEN 'document_share' ELSE 'document_mention' END,"
                " 'doc-' || (i % 20000), 'document', 'bench', now () - i * interval '10 seconds'"
                " FROM generate_series (1, " G_STRINGIFY (NOTIFICATIONS) ") AS i", error))
    return FALSE;
  /* Notification i reaches users (i + 50 k) mod 5 000 for k < 100: distinct. */
  if (!run_sql (pool,
                "INSERT INTO user_notification (user_id, notification_id, created_at, seen_at, sent)"
                " SELECT 'nb-u-' || ((n.ord + 50 * k) % " G_STRINGIFY (USERS) "), n.id, n.created_at,"
                " CASE WHEN (n.ord + k) % 2 = 0 THEN n.created_at END, (n.ord + k) % 2 = 0"
                " FROM (SELECT id, created_at, row_number () OVER (ORDER BY created_at) AS ord FROM notification) AS n,"
                " generate_series (0, " G_STRINGIFY (PER) " - 1) AS k"
                /* In index order: each user's rows land together in every index. */
                " ORDER BY 1, 3 DESC", error))
    return FALSE;
  conn = mdb_pool_acquire (pool, error);
  if (conn == NULL)
    return FALSE;
  /* One statement per call: a multi-statement script is one transaction,
   * and VACUUM cannot run inside one. */
  ok = mdb_conn_exec_script (conn, "VACUUM ANALYZE notification", error)
       && mdb_conn_exec_script (conn, "VACUUM ANALYZE user_notification", error);
  mdb_pool_release (pool, conn);
  if (ok)
    printf ("seed: %d notifications, %d user rows, vacuumed: %.1f s\n", NOTIFICATIONS, NOTIFICATIONS * PER,
            (g_get_monotonic_time () - t0) / 1e6);
  return ok;
}

/* Deletes the fan-out notifications (their user rows go by cascade), of an
 * earlier run before measuring and of this run after, then vacuums: dead
 * index entries where the fan-out inserts would make it slower than on the
 * freshly seeded table. */
static gboolean
delete_fan_outs (MdbPool *pool, GError **error)
{
  MdbConn *conn;
  gboolean ok;

  if (!run_sql (pool, "DELETE FROM notification WHERE service_sender = 'bench' AND event_item_id = 'chan-bench'",
                error))
    return FALSE;
  conn = mdb_pool_acquire (pool, error);
  if (conn == NULL)
    return FALSE;
  ok = mdb_conn_exec_script (conn, "VACUUM user_notification", error);
  mdb_pool_release (pool, conn);
  return ok;
}

static gboolean
bench_fan_out (MdbPool *pool, gboolean *ok, GError **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree const char **users = g_new0 (const char *, FANOUT_USERS + 1);
  NotificationDbEvent e = { NULL, "channel_message", "chan-bench", "channel", "bench", NULL, "nb-sender", FALSE };
  gint64 lat[FANOUT_CALLS];
  gint64 start;

  for (guint i = 0; i < FANOUT_USERS; i++)
    {
      g_ptr_array_add (names, g_strdup_printf ("nb-f-%05u", i));
      users[i] = names->pdata[i];
    }
  start = g_get_monotonic_time ();
  for (guint c = 0; c < FANOUT_CALLS; c++)
    {
      gint64 t0 = g_get_monotonic_time ();
      NotificationDbFanOut *out = notification_db_notify (MDB_EXECUTOR (pool), &e, users, FANOUT_USERS, error);

      if (out == NULL)
        return FALSE;
      lat[c] = g_get_monotonic_time () - t0;
      notification_db_fan_out_free (out);
    }
  *ok = report ("fan-out to 10 000 users", lat, FANOUT_CALLS, g_get_monotonic_time () - start, 100000) && *ok;
  return TRUE;
}

static gboolean
bench_list (MdbPool *pool, gboolean *ok, GError **error)
{
  static gint64 first[LIST_CALLS], second[LIST_CALLS], count[LIST_CALLS];
  gint64 start, t_first = 0, t_second = 0;
  GRand *rand = g_rand_new_with_seed (19);

  for (guint c = 0; c < LIST_CALLS; c++)
    {
      g_autofree char *user = g_strdup_printf ("nb-u-%d", g_rand_int_range (rand, 0, USERS));
      g_autoptr(MdbPage) page = NULL;
      g_autoptr(MdbPage) next = NULL;

      start = g_get_monotonic_time ();
      page = notification_db_list (MDB_EXECUTOR (pool), user, NULL, NULL, 50, error);
      if (page == NULL)
        return FALSE;
      first[c] = g_get_monotonic_time () - start;
      t_first += first[c];
      start = g_get_monotonic_time ();
      next = notification_db_list (MDB_EXECUTOR (pool), user, NULL, page->next_cursor, 50, error);
      if (next == NULL)
        return FALSE;
      second[c] = g_get_monotonic_time () - start;
      t_second += second[c];
    }
  *ok = report ("list: first page of 50", first, LIST_CALLS, t_first, 1000) && *ok;
  *ok = report ("list: second page (cursor)", second, LIST_CALLS, t_second, 1000) && *ok;
  start = g_get_monotonic_time ();
  for (guint c = 0; c < LIST_CALLS; c++)
    {
      g_autofree char *user = g_strdup_printf ("nb-u-%d", g_rand_int_range (rand, 0, USERS));
      gint64 t0 = g_get_monotonic_time ();

      if (notification_db_unseen_count (MDB_EXECUTOR (pool), user, error) < 0)
        return FALSE;
      count[c] = g_get_monotonic_time () - t0;
    }
  *ok = report ("unseen count (index-only)", count, LIST_CALLS, g_get_monotonic_time () - start, 1000) && *ok;
  g_rand_free (rand);
  return TRUE;
}

static gboolean
bench_should_email (MdbPool *pool, GError **error)
{
  static gint64 lat[EMAIL_CALLS];
  NotificationDbRecipient r[EMAIL_USERS];
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < EMAIL_USERS; i++)
    {
      g_ptr_array_add (names, g_strdup_printf ("nb-u-%u", i * 50));
      r[i].user_id = names->pdata[i];
      r[i].email = NULL;
    }
  for (guint c = 0; c < EMAIL_CALLS; c++)
    {
      g_autofree char *item = g_strdup_printf ("doc-%u", c * 40);
      gint64 t0 = g_get_monotonic_time ();
      g_autoptr(GArray) a = notification_db_should_email (MDB_EXECUTOR (pool), "document_mention", item, "document",
                                                          r, EMAIL_USERS, error);

      if (a == NULL)
        return FALSE;
      lat[c] = g_get_monotonic_time () - t0;
    }
  report ("should_email for 100 users", lat, EMAIL_CALLS, g_get_monotonic_time () - start, 0);
  return TRUE;
}

int
main (void)
{
  const char *url = g_getenv ("MDB_BENCH_DATABASE_URL");
  g_autoptr(MdbPool) pool = NULL;
  GError *error = NULL;
  gboolean ok = TRUE;

  if (url == NULL)
    {
      fprintf (stderr, "notification-bench: set MDB_BENCH_DATABASE_URL to a migrated macrodb\n");
      return EXIT_FAILURE;
    }
  pool = mdb_pool_new_simple (url, 1, &error);
  if (pool == NULL)
    return fail ("pool", error);
  if (!seed (pool, &error))
    return fail ("seed", error);
  if (!delete_fan_outs (pool, &error) || !bench_fan_out (pool, &ok, &error) || !delete_fan_outs (pool, &error)
      || !bench_list (pool, &ok, &error) || !bench_should_email (pool, &error))
    return fail ("bench", error);
  if (!ok)
    {
      fprintf (stderr, "notification-bench: a p50 missed its target\n");
      return EXIT_FAILURE;
    }
  return EXIT_SUCCESS;
}
