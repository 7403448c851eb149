/* SPDX-License-Identifier: MIT */
/* macro_db_client benchmark: effective access, accessible items, document
 * reads and creation on issue 15's data set.
 *
 * MDB_BENCH_DATABASE_URL=<a migrated macrodb> macro-bench
 *
 * Seeds the database with bench/macro-seed.sql (server-side
 * generate_series: 10 000 users, 200 000 documents, 40 000 projects in
 * chains 8 deep, 1 000 000 access rows) unless it is seeded already, then
 * times each operation on one warm pooled connection and prints p50, p99
 * and ops/s, and each target of the issue with "ok" or "OVER TARGET".
 * The benchmark checks the targets; no test is timed. */
#include <stdio.h>
#include <stdlib.h>
#include <macro-db/macro-db.h>

#define USERS 10000
#define DOCUMENTS 200000
#define PROJECTS 40000

typedef struct {
  const char *name;
  guint       n;
  gint64     *lat;
} Series;

static int
fail (const char *what, GError *error)
{
  fprintf (stderr, "macro-bench: %s: %s\n", what, error ? error->message : "failed");
  g_clear_error (&error);
  return EXIT_FAILURE;
}

static int
cmp_i64 (const void *a, const void *b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* Prints the series' p50/p99/ops and whether p50 meets @target_us (0: no target). */
static gboolean
report (Series *s, gint64 total_us, double target_us)
{
  double p50, p99;

  qsort (s->lat, s->n, sizeof s->lat[0], cmp_i64);
  p50 = s->lat[s->n / 2] / 1000.0;
  p99 = s->lat[(guint) (0.99 * (s->n - 1))] / 1000.0;
  printf ("%-44s n=%-5u p50 %7.3f ms  p99 %7.3f ms  %8.0f ops/s", s->name, s->n, p50, p99,
          s->n / (total_us / 1e6));
  if (target_us > 0)
    printf ("  target p50 <= %.1f ms: %s", target_us / 1000.0, p50 * 1000.0 <= target_us ? "ok" : "OVER TARGET");
  printf ("\n");
  return target_us <= 0 || p50 * 1000.0 <= target_us;
}

static gboolean
seed (MdbPool *pool, GError **error)
{
  g_autofree char *sql = NULL;
  g_autoptr (MdbResult) res = NULL;
  gint64 users = 0, t0;
  MdbConn *conn;
  gboolean ok;

  res = mdb_exec (MDB_EXECUTOR (pool), "SELECT count(*) FROM \"User\"", NULL, error);
  if (res == NULL || !mdb_result_get_int64 (res, 0, 0, &users, error))
    return FALSE;
  if (users > USERS)
    {
      printf ("seed: already seeded (%" G_GINT64_FORMAT " users)\n", users);
      return TRUE;
    }
  if (!g_file_get_contents (MACRO_BENCH_SEED, &sql, NULL, error))
    return FALSE;
  t0 = g_get_monotonic_time ();
  if ((conn = mdb_pool_acquire (pool, error)) == NULL)
    return FALSE;
  ok = mdb_conn_exec_script (conn, sql, error);
  mdb_pool_release (pool, conn);
  if (ok)
    printf ("seed: %s in %.1f s\n", MACRO_BENCH_SEED, (g_get_monotonic_time () - t0) / 1e6);
  return ok;
}

static char *
user_of (guint i)
{
  return g_strdup_printf ("u%u", i % USERS + 1);
}

static char *
doc_of (guint i)
{
  return g_strdup_printf ("d%u", i % DOCUMENTS + 1);
}

/* Effective level of a user on a document (8-deep project chains above 3 in 4). */
static gboolean
bench_level (MdbExecutor *ex, gboolean *ok, GError **error)
{
  Series s = { "access level (1 item)", 2000, g_new (gint64, 2000) };
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < s.n; i++)
    {
      g_autofree char *user = user_of (i * 7919);
      g_autofree char *doc = doc_of (i * 104729);
      MacroDbAccessLevel level;
      gint64 t0 = g_get_monotonic_time ();

      if (!macro_db_access_level (ex, user, doc, MACRO_DB_ITEM_DOCUMENT, &level, error) && *error != NULL)
        return FALSE;
      s.lat[i] = g_get_monotonic_time () - t0;
    }
  *ok &= report (&s, g_get_monotonic_time () - start, 500);
  g_free (s.lat);
  return TRUE;
}

static gboolean
bench_levels (MdbExecutor *ex, GError **error)
{
  Series s = { "access levels (500 items, one query)", 200, g_new (gint64, 200) };
  g_autofree MacroDbItemRef *items = g_new (MacroDbItemRef, 500);
  g_auto (GStrv) ids = g_new0 (char *, 501);
  gint64 start;

  for (guint k = 0; k < 500; k++)
    {
      ids[k] = doc_of (k * 389);
      items[k] = (MacroDbItemRef) { ids[k], MACRO_DB_ITEM_DOCUMENT };
    }
  start = g_get_monotonic_time ();
  for (guint i = 0; i < s.n; i++)
    {
      g_autofree char *user = user_of (i * 13);
      gint64 t0 = g_get_monotonic_time ();
      g_autoptr (GArray) levels = macro_db_access_levels (ex, user, items, 500, error);

      if (levels == NULL)
        return FALSE;
      s.lat[i] = g_get_monotonic_time () - t0;
    }
  report (&s, g_get_monotonic_time () - start, 0);
  g_free (s.lat);
  return TRUE;
}

/* First and later pages of 50 of u-heavy's 5 000 items. */
static gboolean
bench_accessible (MdbExecutor *ex, gboolean *ok, GError **error)
{
  Series s = { "accessible items, page of 50 (5 000 items)", 200, g_new (gint64, 200) };
  g_autofree char *cursor = NULL;
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < s.n; i++)
    {
      gint64 t0 = g_get_monotonic_time ();
      g_autoptr (MdbPage) page = macro_db_accessible_items (ex, "u-heavy", MACRO_DB_ACCESS_LEVEL_VIEW,
                                                            MACRO_DB_ITEM_ANY, FALSE, cursor, 50, error);

      if (page == NULL)
        return FALSE;
      s.lat[i] = g_get_monotonic_time () - t0;
      g_free (cursor);
      cursor = g_steal_pointer (&page->next_cursor);   /* pages on, back to the first at the end */
    }
  *ok &= report (&s, g_get_monotonic_time () - start, 5000);
  g_free (s.lat);
  return TRUE;
}

static gboolean
bench_get (MdbExecutor *ex, GError **error)
{
  Series s = { "document get (latest version, access)", 2000, g_new (gint64, 2000) };
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < s.n; i++)
    {
      g_autofree char *doc = doc_of (i * 104729);
      g_autofree char *owner = user_of (i * 104729 % DOCUMENTS + 1);   /* d(n)'s owner is u(n % 10000 + 1) */
      gint64 t0 = g_get_monotonic_time ();
      g_autoptr (MacroDbDocument) d = macro_db_document_get (ex, owner, doc, error);

      if (d == NULL)
        return FALSE;
      s.lat[i] = g_get_monotonic_time () - t0;
    }
  report (&s, g_get_monotonic_time () - start, 0);
  g_free (s.lat);
  return TRUE;
}

static gboolean
bench_create (MdbExecutor *ex, gboolean *ok, GError **error)
{
  Series s = { "create document (2 round trips)", 1000, g_new (gint64, 1000) };
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < s.n; i++)
    {
      g_autofree char *owner = user_of (i);
      g_autofree char *project = g_strdup_printf ("p%u", i * 31 % PROJECTS + 1);
      MacroDbDocumentNew n = { .owner = owner, .name = "bench", .file_type = "pdf", .project_id = project,
                               .content = { .sha = "0123456789abcdef" }, .public_level = MACRO_DB_NO_ACCESS };
      gint64 t0 = g_get_monotonic_time ();
      g_autoptr (MacroDbDocument) d = macro_db_document_create (ex, &n, error);

      if (d == NULL)
        return FALSE;
      s.lat[i] = g_get_monotonic_time () - t0;
      if (!macro_db_document_delete (ex, d->id, error))   /* untimed: keeps the data set as seeded */
        return FALSE;
    }
  *ok &= report (&s, g_get_monotonic_time () - start, 2000);
  g_free (s.lat);
  return TRUE;
}

int
main (void)
{
  const char *url = g_getenv ("MDB_BENCH_DATABASE_URL");
  g_autoptr (MdbPool) pool = NULL;
  GError *error = NULL;
  gboolean ok = TRUE;

  setvbuf (stdout, NULL, _IOLBF, 0);   /* each figure as soon as it is known */
  if (url == NULL)
    {
      fprintf (stderr, "macro-bench: set MDB_BENCH_DATABASE_URL to a migrated macrodb\n");
      return EXIT_FAILURE;
    }
  pool = mdb_pool_new_simple (url, 1, &error);
  if (pool == NULL)
    return fail ("pool", error);
  if (!seed (pool, &error))
    return fail ("seed", error);
  if (!bench_level (MDB_EXECUTOR (pool), &ok, &error) || !bench_levels (MDB_EXECUTOR (pool), &error)
      || !bench_accessible (MDB_EXECUTOR (pool), &ok, &error) || !bench_get (MDB_EXECUTOR (pool), &error)
      || !bench_create (MDB_EXECUTOR (pool), &ok, &error))
    return fail ("bench", error);
  printf ("targets: %s\n", ok ? "all met" : "NOT ALL MET");
  return ok ? EXIT_SUCCESS : 2;
}
