/* SPDX-License-Identifier: MIT */
/* email_db_client benchmark: inbox pages, thread pages, marking and ingest
 * on a seeded MacroDB of the size issue 18 names.
 *
 * MDB_BENCH_DATABASE_URL=<a migrated macrodb> email-bench
 *
 * Seeds, server-side (generate_series, one statement per table), 20 links,
 * 200 000 threads and 1 005 000 messages (5 per thread, 30 in every
 * thousandth thread) with contacts, labels, label assignments, recipients
 * and attachments, and the threads' derived fields; a database already
 * seeded is reused.  Then measures, on one connection of a pool:
 *   inbox:  first, second and third INBOX pages of 50 of random links
 *           (target p50 <= 5 ms)
 *   thread: the thread page of 30-message threads (target p50 <= 3 ms)
 *   mark:   marking the 30 messages of a thread read and unread
 *   ingest: batches of 200 new threads x 5 messages (target >= 5 000 messages/s)
 * Prints figures and whether each target holds; exits 1 when one does not.
 * The ingested threads are deleted at the end. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <email-db/email-db.h>

#define LINKS 20
#define THREADS_PER_LINK 10000
#define INBOX_RUNS 600
#define THREAD_RUNS 400
#define INGEST_BATCHES 10
#define INGEST_THREADS 200
#define INGEST_MESSAGES 5

static const char *const seed_sql[] = {
  "INSERT INTO email_links (id, macro_id, fusionauth_user_id, email_address, provider)"
  " SELECT ('00000000-0000-0000-0000-' || lpad (to_hex (l), 12, '0'))::uuid, 'macro|bench' || l,"
  "   'fa-bench' || l, 'bench' || l || '@x.com', 'GMAIL' FROM generate_series (1, 20) l",
  "INSERT INTO email_labels (link_id, provider_label_id, name, type)"
  " SELECT l.id, p, p, CASE WHEN p = 'Label_1' THEN 'User' ELSE 'System' END::email_label_type_enum"
  " FROM email_links l, unnest (ARRAY['INBOX', 'SENT', 'UNREAD', 'STARRED', 'IMPORTANT', 'Label_1']) p"
  " WHERE l.macro_id LIKE 'macro|bench%'",
  "INSERT INTO email_contacts (link_id, email_address, name)"
  " SELECT l.id, 'c' || i || '@x.com', 'Contact ' || i FROM email_links l, generate_series (0, 999) i"
  " WHERE l.macro_id LIKE 'macro|bench%'",
  "INSERT INTO email_threads (link_id, provider_id)"
  " SELECT l.id, 'bt' || i FROM email_links l, generate_series (1, 10000) i WHERE l.macro_id LIKE 'macro|bench%'",
  /* thread n: messages n*5+k minutes after 2024-01-01, from contact (n*7+k) % 1000 */
  "INSERT INTO email_messages (link_id, thread_id, provider_id, provider_thread_id, internal_date_ts, subject,"
  "   snippet, body_text, from_contact_id, is_read, is_sent, is_starred, has_attachments)"
  " SELECT t.link_id, t.id, t.provider_id || '-' || k, t.provider_id,"
  "   timestamptz '2024-01-01' + (n * 5 + k) * interval '1 minute', 'Subject ' || n, 'snippet of ' || n || '/' || k,"
  "   repeat ('body text ', 20), c.id, n % 5 <> 0 OR k < 5, k = 3, n % 50 = 0 AND k = 1, k = 1 AND n % 10 = 0"
  " FROM email_threads t"
  " CROSS JOIN LATERAL (SELECT substr (t.provider_id, 3)::int AS n) AS tn"
  " CROSS JOIN LATERAL generate_series (1, CASE WHEN n % 1000 = 0 THEN 30 ELSE 5 END) k"
  " JOIN email_contacts c ON c.link_id = t.link_id AND c.email_address = 'c' || ((n * 7 + k) % 1000) || '@x.com'"
  " WHERE t.provider_id LIKE 'bt%'",
  "INSERT INTO email_message_labels (message_id, label_id)"
  " SELECT m.id, lb.id FROM email_messages m"
  " JOIN email_labels lb ON lb.link_id = m.link_id"
  "  AND lb.provider_label_id = CASE WHEN m.is_sent THEN 'SENT' WHEN NOT m.is_read THEN 'UNREAD' ELSE 'INBOX' END"
  " WHERE m.provider_id LIKE 'bt%'",
  "INSERT INTO email_message_labels (message_id, label_id)"
  " SELECT m.id, lb.id FROM email_messages m"
  " JOIN email_labels lb ON lb.link_id = m.link_id AND lb.provider_label_id = 'INBOX'"
  " WHERE m.provider_id LIKE 'bt%' AND NOT m.is_read",
  "INSERT INTO email_message_recipients (message_id, contact_id, recipient_type)"
  " SELECT m.id, c.id, 'TO' FROM email_messages m"
  " JOIN email_contacts c ON c.link_id = m.link_id AND c.email_address = 'c0@x.com'"
  " WHERE m.provider_id LIKE 'bt%'",
  "INSERT INTO email_attachments (message_id, provider_attachment_id, filename, mime_type, size_bytes)"
  " SELECT m.id, 'ba-' || m.provider_id, 'file.pdf', 'application/pdf', 1000 FROM email_messages m"
  " WHERE m.has_attachments AND m.provider_id LIKE 'bt%'",
  "UPDATE email_threads t SET inbox_visible = s.inbox, is_read = s.is_read,"
  "   latest_inbound_message_ts = s.inbound, latest_outbound_message_ts = s.outbound,"
  "   latest_non_spam_message_ts = s.latest"
  " FROM (SELECT m.thread_id, bool_and (m.is_read) AS is_read, bool_or (NOT m.is_sent) AS inbox,"
  "         max (m.internal_date_ts) FILTER (WHERE NOT m.is_sent) AS inbound,"
  "         max (m.internal_date_ts) FILTER (WHERE m.is_sent) AS outbound, max (m.internal_date_ts) AS latest"
  "       FROM email_messages m WHERE m.provider_id LIKE 'bt%' GROUP BY m.thread_id) s"
  " WHERE t.id = s.thread_id",
  "ANALYZE",
};

static int
fail (const char *what, GError *error)
{
  fprintf (stderr, "email-bench: %s: %s\n", what, error->message);
  g_error_free (error);
  return EXIT_FAILURE;
}

static int
cmp_i64 (const void *a, const void *b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* Sorts @lat and prints its p50/p99 and the rate; returns the p50 (µs). */
static gint64
report (const char *what, gint64 *lat, guint n, gint64 total_us)
{
  qsort (lat, n, sizeof lat[0], cmp_i64);
  printf ("%-8s %5u calls: p50 %6.2f ms, p99 %6.2f ms, %7.0f ops/s\n", what, n, lat[n / 2] / 1000.0,
          lat[(guint) (0.99 * (n - 1))] / 1000.0, n / (total_us / 1e6));
  return lat[n / 2];
}

static gboolean
seed (MdbConn *conn, GError **error)
{
  g_autoptr(MdbResult) res = mdb_conn_exec (conn, "SELECT count(*)::text FROM email_links WHERE macro_id LIKE 'macro|bench%'",
                                            NULL, error);
  g_autofree char *n = NULL;
  gint64 start = g_get_monotonic_time ();

  if (res == NULL || (n = mdb_result_dup_string (res, 0, 0, error)) == NULL)
    return FALSE;
  if (g_strcmp0 (n, "0") != 0)
    {
      printf ("seed: reusing the seeded database\n");
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (seed_sql); i++)
    if (!mdb_conn_exec_script (conn, seed_sql[i], error))
      return FALSE;
  printf ("seed: 20 links, 200 000 threads, 1 005 000 messages in %.1f s (server-side)\n",
          (g_get_monotonic_time () - start) / 1e6);
  return TRUE;
}

static void
link_id_of (guint l, char *out)
{
  g_snprintf (out, MDB_UUID_STRING_SIZE, "00000000-0000-0000-0000-%012x", l);
}

static gboolean
bench_inbox (MdbExecutor *ex, GRand *rand, gint64 *p50, GError **error)
{
  gint64 lat[INBOX_RUNS], start = g_get_monotonic_time ();

  for (guint i = 0; i < INBOX_RUNS; i++)
    {
      guint l = g_rand_int_range (rand, 1, LINKS + 1);
      g_autofree char *user = g_strdup_printf ("macro|bench%u", l);
      g_autofree char *cursor = NULL;
      char link[MDB_UUID_STRING_SIZE];
      guint depth = i % 3;   /* first, second or third page */

      link_id_of (l, link);
      for (guint p = 0; p < depth; p++)
        {
          g_autoptr(MdbPage) page = email_db_inbox_list (ex, user, link, "INBOX", cursor, 50, error);
          if (page == NULL)
            return FALSE;
          g_free (cursor);
          cursor = g_strdup (page->next_cursor);
        }
      {
        gint64 t0 = g_get_monotonic_time ();
        g_autoptr(MdbPage) page = email_db_inbox_list (ex, user, link, "INBOX", cursor, 50, error);
        if (page == NULL)
          return FALSE;
        lat[i] = g_get_monotonic_time () - t0;
        if (page->items->len != 50)
          {
            g_set_error (error, MDB_ERROR, MDB_ERROR_FAILED, "inbox page of %u rows", page->items->len);
            return FALSE;
          }
      }
    }
  *p50 = report ("inbox", lat, INBOX_RUNS, g_get_monotonic_time () - start);
  return TRUE;
}

static gboolean
thread_of_30 (MdbExecutor *ex, guint l, guint n, char *out, GError **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id::text FROM email_threads WHERE link_id = "
                                          "'00000000-0000-0000-0000-%012x' AND provider_id = 'bt%u'", l, n);
  g_autoptr(MdbResult) res = mdb_exec (ex, sql, NULL, error);
  g_autofree char *id = NULL;

  if (res == NULL || (id = mdb_result_dup_string (res, 0, 0, error)) == NULL)
    return FALSE;
  g_strlcpy (out, id, MDB_UUID_STRING_SIZE);
  return TRUE;
}

static gboolean
bench_thread (MdbExecutor *ex, GRand *rand, gint64 *p50, gint64 *mark_p50, GError **error)
{
  gint64 lat[THREAD_RUNS], mark[THREAD_RUNS], start = g_get_monotonic_time (), mark_total = 0;

  for (guint i = 0; i < THREAD_RUNS; i++)
    {
      guint l = g_rand_int_range (rand, 1, LINKS + 1), n = 1000 * g_rand_int_range (rand, 1, 11);
      g_autofree char *user = g_strdup_printf ("macro|bench%u", l);
      g_autoptr(EmailDbThread) thread = NULL;
      g_autoptr(MdbPage) messages = NULL;
      char id[MDB_UUID_STRING_SIZE];
      const char *ids[2] = { id, NULL };
      gint64 t0;

      if (!thread_of_30 (ex, l, n, id, error))
        return FALSE;
      t0 = g_get_monotonic_time ();
      thread = email_db_thread_read (ex, user, id, NULL, 50, &messages, error);
      if (thread == NULL)
        return FALSE;
      lat[i] = g_get_monotonic_time () - t0;
      if (messages->items->len != 30)
        {
          g_set_error (error, MDB_ERROR, MDB_ERROR_FAILED, "thread of %u messages", messages->items->len);
          return FALSE;
        }
      t0 = g_get_monotonic_time ();
      if (email_db_messages_mark_read (ex, user, NULL, ids, i % 2 == 0, error) < 0)
        return FALSE;
      mark[i] = g_get_monotonic_time () - t0;
      mark_total += mark[i];
    }
  *p50 = report ("thread", lat, THREAD_RUNS, g_get_monotonic_time () - start - mark_total);
  *mark_p50 = report ("mark", mark, THREAD_RUNS, mark_total);
  return TRUE;
}

/* One batch of new threads for link 1, named by @run and @batch. */
static gboolean
ingest_batch (MdbExecutor *ex, const char *link, int run, guint batch, GError **error)
{
  static const char *const labels[] = { "INBOX", "UNREAD", NULL };
  static const EmailDbAddress to = { "bench1@x.com", "Bench" };
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  g_autofree EmailDbMessageInput *msgs = g_new0 (EmailDbMessageInput, INGEST_THREADS * INGEST_MESSAGES);
  g_autofree EmailDbThreadInput *threads = g_new0 (EmailDbThreadInput, INGEST_THREADS);

  for (guint t = 0; t < INGEST_THREADS; t++)
    {
      char *tid = g_strdup_printf ("ing-%d-%u-%u", run, batch, t);
      g_ptr_array_add (strings, tid);
      for (guint k = 0; k < INGEST_MESSAGES; k++)
        {
          EmailDbMessageInput *m = &msgs[t * INGEST_MESSAGES + k];
          char *mid = g_strdup_printf ("%s-%u", tid, k);
          char *from = g_strdup_printf ("c%u@x.com", (t * 13 + k) % 1500);
          g_ptr_array_add (strings, mid);
          g_ptr_array_add (strings, from);
          m->provider_id = mid;
          m->internal_date = G_GINT64_CONSTANT (1767225600000000) + (gint64) (batch * 1000 + t * 5 + k) * 1000000;
          m->subject = "ingested";
          m->snippet = "a new message";
          m->body_text = "body text body text body text body text";
          m->size_estimate = 4096;
          m->from.address = from;
          m->from.name = "Sender";
          m->to = &to;
          m->n_to = 1;
          m->label_ids = labels;
        }
      threads[t].provider_id = tid;
      threads[t].messages = &msgs[t * INGEST_MESSAGES];
      threads[t].n_messages = INGEST_MESSAGES;
    }
  return email_db_ingest (ex, link, NULL, 0, threads, INGEST_THREADS, error);
}

static gboolean
bench_ingest (MdbExecutor *ex, double *rate, GError **error)
{
  gint64 lat[INGEST_BATCHES], start = g_get_monotonic_time ();
  char link[MDB_UUID_STRING_SIZE];
  int run = (int) getpid ();

  link_id_of (1, link);
  for (guint b = 0; b < INGEST_BATCHES; b++)
    {
      gint64 t0 = g_get_monotonic_time ();
      if (!ingest_batch (ex, link, run, b, error))
        return FALSE;
      lat[b] = g_get_monotonic_time () - t0;
    }
  *rate = INGEST_BATCHES * INGEST_THREADS * INGEST_MESSAGES / ((g_get_monotonic_time () - start) / 1e6);
  report ("ingest", lat, INGEST_BATCHES, g_get_monotonic_time () - start);
  printf ("ingest: batches of %d threads x %d messages: %.0f messages/s\n", INGEST_THREADS, INGEST_MESSAGES, *rate);
  {
    g_autofree char *sql = g_strdup_printf ("DELETE FROM email_threads WHERE link_id = '%s' AND provider_id LIKE 'ing-%d-%%'",
                                            link, run);
    g_autoptr(MdbResult) res = mdb_exec (ex, sql, NULL, error);
    return res != NULL;
  }
}

int
main (void)
{
  const char *url = g_getenv ("MDB_BENCH_DATABASE_URL");
  g_autoptr(MdbPool) pool = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (18);
  GError *error = NULL;
  MdbConn *conn;
  gint64 inbox_p50 = 0, thread_p50 = 0, mark_p50 = 0;
  double rate = 0;
  gboolean ok;

  if (url == NULL)
    {
      fprintf (stderr, "email-bench: set MDB_BENCH_DATABASE_URL to a migrated macrodb\n");
      return EXIT_FAILURE;
    }
  pool = mdb_pool_new_simple (url, 1, &error);
  if (pool == NULL || (conn = mdb_pool_acquire (pool, &error)) == NULL)
    return fail ("pool", error);
  if (!seed (conn, &error)
      || !bench_inbox (MDB_EXECUTOR (conn), rand, &inbox_p50, &error)
      || !bench_thread (MDB_EXECUTOR (conn), rand, &thread_p50, &mark_p50, &error)
      || !bench_ingest (MDB_EXECUTOR (conn), &rate, &error))
    return fail ("bench", error);
  mdb_pool_release (pool, conn);
  ok = inbox_p50 <= 5000 && thread_p50 <= 3000 && rate >= 5000;
  printf ("targets: inbox p50 <= 5 ms %s, thread p50 <= 3 ms %s, ingest >= 5000 messages/s %s\n",
          inbox_p50 <= 5000 ? "ok" : "MISSED", thread_p50 <= 3000 ? "ok" : "MISSED", rate >= 5000 ? "ok" : "MISSED");
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
