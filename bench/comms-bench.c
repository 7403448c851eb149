/* SPDX-License-Identifier: MIT */
/* comms_db_client benchmark: the central reads and writes on issue 17's data set.
 *
 * MDB_BENCH_DATABASE_URL=<a migrated macrodb> comms-bench
 *
 * Seeds 2 000 channels, 10 000 users and 2 000 000 messages server-side
 * (bench/comms-seed.sql, one statement each; skipped when the channels are
 * there already), then times, one call at a time on one connection: a
 * channel list page of 30 (participants, preview, unread), a message page
 * of 50, a message with 10 before and after, posting a message (plain, and
 * with an attachment and a mention), and the unread counts of a user.
 * Prints p50/p99 and calls/s against issue 17's targets; the targets are
 * reported, not asserted (a benchmark, never a timed test). */
#include <stdio.h>
#include <stdlib.h>
#include <comms-db/comms-db.h>

#define CHANNELS 2000
#define USERS 10000
#define RUNS 2000

typedef gboolean (*BenchOp) (MdbExecutor *ex, guint i, GError **error);

static int
fail (const char *what, GError *error)
{
  fprintf (stderr, "comms-bench: %s: %s\n", what, error->message);
  g_error_free (error);
  return EXIT_FAILURE;
}

static int
cmp_i64 (const void *a, const void *b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* Channel c's id, and the user who is participant k of it (seed formulas). */
static void
channel_id (guint c, char out[MDB_UUID_STRING_SIZE])
{
  g_snprintf (out, MDB_UUID_STRING_SIZE, "00000000-0000-0000-0001-%012x", c);
}

static void
participant (guint c, guint k, char out[16])
{
  g_snprintf (out, 16, "u%u", (c * 7 + k * 500) % USERS);
}

/* A spread of channels: i-th call → channel 1 + (i * 7919) mod CHANNELS. */
static guint
pick_channel (guint i)
{
  return 1 + (i * 7919u) % CHANNELS;
}

static gboolean
op_channel_list (MdbExecutor *ex, guint i, GError **error)
{
  char user[16];
  guint u = (i * 3571u) % USERS;
  g_autoptr (MdbPage) page = NULL;

  g_snprintf (user, sizeof user, "u%u", u);
  page = comms_db_channels_list (ex, user, u % 10 + 1, NULL, 30, error);
  return page != NULL;
}

static gboolean
op_message_page (MdbExecutor *ex, guint i, GError **error)
{
  char ch[MDB_UUID_STRING_SIZE], user[16];
  guint c = pick_channel (i);
  g_autoptr (MdbPage) page = NULL;

  channel_id (c, ch);
  participant (c, 1, user);
  page = comms_db_messages_list (ex, ch, user, COMMS_DB_NO_ORG, COMMS_DB_OLDER, NULL, 50, error);
  return page != NULL && page->items->len == 50;
}

static gboolean
op_context (MdbExecutor *ex, guint i, GError **error)
{
  char msg[MDB_UUID_STRING_SIZE], user[16];
  /* a top-level message of the middle of the history */
  guint m = 1000000 + (i * 7919u) % 18000;
  g_autoptr (CommsDbMessageList) list = NULL;

  if (m / 2000 % 10 == 9)
    m -= 2000;
  g_snprintf (msg, sizeof msg, "00000000-0000-0000-0002-%012x", m);
  participant (m % CHANNELS + 1, 2, user);
  list = comms_db_message_with_context (ex, msg, user, COMMS_DB_NO_ORG, 10, 10, error);
  return list != NULL && list->n_rows == 21;
}

static gboolean
op_post (MdbExecutor *ex, guint i, GError **error)
{
  char ch[MDB_UUID_STRING_SIZE], user[16];
  guint c = pick_channel (i);
  g_autoptr (CommsDbMessage) m = NULL;

  channel_id (c, ch);
  participant (c, i % 20, user);
  m = comms_db_message_post (ex, ch, user, NULL, "bench post", NULL, 0, NULL, 0, error);
  return m != NULL;
}

static gboolean
op_post_with_entities (MdbExecutor *ex, guint i, GError **error)
{
  const CommsDbEntity att[] = { { "document", "bench-doc" } };
  const CommsDbEntity men[] = { { "user", "u1" } };
  char ch[MDB_UUID_STRING_SIZE], user[16];
  guint c = pick_channel (i + 1);
  g_autoptr (CommsDbMessage) m = NULL;

  channel_id (c, ch);
  participant (c, i % 20, user);
  m = comms_db_message_post (ex, ch, user, NULL, "bench post", att, 1, men, 1, error);
  return m != NULL;
}

static gboolean
op_unread (MdbExecutor *ex, guint i, GError **error)
{
  char user[16];
  guint u = (i * 3571u) % USERS;
  g_autoptr (CommsDbUnreadCountList) list = NULL;

  g_snprintf (user, sizeof user, "u%u", u);
  list = comms_db_unread_counts (ex, user, u % 10 + 1, error);
  return list != NULL;
}

/* Runs @op RUNS times after 50 warm-up calls; prints p50/p99 and calls/s. */
static gboolean
measure (MdbExecutor *ex, const char *name, BenchOp op, gint64 target_p50_us, GError **error)
{
  g_autofree gint64 *lat = g_new (gint64, RUNS);
  gint64 start;
  double secs;

  for (guint i = 0; i < 50; i++)
    if (!op (ex, RUNS + i, error))
      return FALSE;
  start = g_get_monotonic_time ();
  for (guint i = 0; i < RUNS; i++)
    {
      gint64 t0 = g_get_monotonic_time ();

      if (!op (ex, i, error))
        {
          if (error != NULL && *error == NULL)
            g_set_error (error, MDB_ERROR, MDB_ERROR_FAILED, "%s: unexpected answer", name);
          return FALSE;
        }
      lat[i] = g_get_monotonic_time () - t0;
    }
  secs = (g_get_monotonic_time () - start) / 1e6;
  qsort (lat, RUNS, sizeof lat[0], cmp_i64);
  printf ("%-34s p50 %6.3f ms  p99 %6.3f ms  %7.0f calls/s", name, lat[RUNS / 2] / 1e3,
          lat[RUNS * 99 / 100] / 1e3, RUNS / secs);
  if (target_p50_us > 0)
    printf ("  (target p50 <= %.0f ms: %s)", target_p50_us / 1e3, lat[RUNS / 2] <= target_p50_us ? "met" : "MISSED");
  printf ("\n");
  return TRUE;
}

static gboolean
seed (MdbConn *conn, GError **error)
{
  g_autoptr (MdbResult) res = mdb_conn_exec (conn, "SELECT count(*) FROM comms_channels", NULL, error);
  g_autofree char *path = g_build_filename (g_getenv ("MDB_BENCH_SEED") != NULL ? g_getenv ("MDB_BENCH_SEED")
                                            : BENCH_COMMS_SEED, NULL);
  g_autofree char *sql = NULL;
  gint64 n = -1, start;

  if (res == NULL || !mdb_result_get_int64 (res, 0, 0, &n, error))
    return FALSE;
  if (n > 0)
    {
      printf ("seed: %" G_GINT64_FORMAT " channels there already, not seeding\n", n);
      return TRUE;
    }
  if (!g_file_get_contents (path, &sql, NULL, error))
    return FALSE;
  start = g_get_monotonic_time ();
  /* One script is one transaction; VACUUM (visibility map for index-only
   * scans) and ANALYZE (statistics) must run outside it. */
  if (!mdb_conn_exec_script (conn, sql, error)
      || !mdb_conn_exec_script (conn, "VACUUM ANALYZE comms_channels, comms_channel_participants,"
                                " comms_messages, comms_activity", error))
    return FALSE;
  printf ("seed: 2 000 channels, 10 000 users, 40 000 participants, 2 000 000 messages in %.1f s (server-side)\n",
          (g_get_monotonic_time () - start) / 1e6);
  return TRUE;
}

int
main (void)
{
  const char *url = g_getenv ("MDB_BENCH_DATABASE_URL");
  g_autoptr (MdbPool) pool = NULL;
  GError *error = NULL;
  MdbConn *conn;
  MdbExecutor *ex;
  gboolean ok;

  if (url == NULL)
    {
      fprintf (stderr, "comms-bench: set MDB_BENCH_DATABASE_URL to a migrated macrodb\n");
      return EXIT_FAILURE;
    }
  if ((pool = mdb_pool_new_simple (url, 1, &error)) == NULL || (conn = mdb_pool_acquire (pool, &error)) == NULL)
    return fail ("pool", error);
  ex = MDB_EXECUTOR (conn);
  ok = seed (conn, &error);
  if (ok)
    printf ("%d calls each, one at a time on one connection:\n", RUNS);
  ok = ok && measure (ex, "channel list page of 30", op_channel_list, 5000, &error)
       && measure (ex, "message page of 50", op_message_page, 1000, &error)
       && measure (ex, "message with 10+10 of context", op_context, 0, &error)
       && measure (ex, "post message", op_post, 1000, &error)
       && measure (ex, "post with attachment and mention", op_post_with_entities, 0, &error)
       && measure (ex, "unread counts of a user", op_unread, 0, &error);
  /* The posts stay: a rerun measures on a slightly larger set. */
  mdb_pool_release (pool, conn);
  return ok ? EXIT_SUCCESS : fail ("bench", error);
}
