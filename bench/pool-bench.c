/* SPDX-License-Identifier: MIT */
/* Pool micro-benchmark: uncontended acquire+release, and 8 threads over 4 connections. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <mdb/mdb.h>

#define BATCH 1000
#define BATCHES 1000
#define THREADS 8
#define CONNS 4
#define CONTENDED_SECONDS 2

static gint64
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int
cmp_i64 (const void *a, const void *b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return (x > y) - (x < y);
}

static gint64
percentile (GArray *sorted, double p)
{
  guint i = (guint) (p * (sorted->len - 1));
  return sorted->len ? g_array_index (sorted, gint64, i) : 0;
}

static void
bench_uncontended (MdbPool *pool)
{
  g_autoptr (GArray) per_op = g_array_sized_new (FALSE, FALSE, sizeof (gint64), BATCHES);
  int b, i;

  for (b = 0; b < BATCHES; b++)
    {
      gint64 start = now_ns (), ns;

      for (i = 0; i < BATCH; i++)
        mdb_pool_release (pool, mdb_pool_acquire (pool, NULL));
      ns = (now_ns () - start) / BATCH;
      g_array_append_val (per_op, ns);
    }
  g_array_sort (per_op, cmp_i64);
  printf ("uncontended acquire+release: median %" G_GINT64_FORMAT " ns, p99 %" G_GINT64_FORMAT
          " ns (%d batches of %d)\n", percentile (per_op, 0.5), percentile (per_op, 0.99), BATCHES, BATCH);
}

typedef struct {
  MdbPool *pool;
  gint64   stop_ns;
  GArray  *waits;   /* ns per acquire */
} Worker;

static gpointer
contended_worker (gpointer data)
{
  Worker *w = data;

  while (now_ns () < w->stop_ns)
    {
      gint64 start = now_ns (), wait;
      MdbConn *conn = mdb_pool_acquire (w->pool, NULL);

      wait = now_ns () - start;
      g_array_append_val (w->waits, wait);
      mdb_pool_release (w->pool, conn);
    }
  return NULL;
}

static void
bench_contended (MdbPool *pool)
{
  Worker workers[THREADS];
  GThread *threads[THREADS];
  g_autoptr (GArray) all = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 start = now_ns ();
  int t;

  for (t = 0; t < THREADS; t++)
    {
      workers[t] = (Worker) { pool, start + CONTENDED_SECONDS * G_GINT64_CONSTANT (1000000000),
                              g_array_new (FALSE, FALSE, sizeof (gint64)) };
      threads[t] = g_thread_new ("bench", contended_worker, &workers[t]);
    }
  for (t = 0; t < THREADS; t++)
    {
      g_thread_join (threads[t]);
      g_array_append_vals (all, workers[t].waits->data, workers[t].waits->len);
      g_array_unref (workers[t].waits);
    }
  g_array_sort (all, cmp_i64);
  printf ("%d threads over %d connections: %.0f acquires/s, wait p50 %" G_GINT64_FORMAT
          " ns, p99 %" G_GINT64_FORMAT " ns\n", THREADS, CONNS,
          all->len / (double) CONTENDED_SECONDS, percentile (all, 0.5), percentile (all, 0.99));
}

int
main (int argc, char **argv)
{
  const char *url = argc > 1 ? argv[1] : g_getenv ("MDB_TEST_DATABASE_URL");
  g_autoptr (MdbPool) pool = NULL;
  g_autoptr (MdbPool) shared = NULL;
  g_autoptr (GError) error = NULL;

  if (url == NULL)
    {
      fprintf (stderr, "usage: pool-bench URL (or set MDB_TEST_DATABASE_URL)\n");
      return 2;
    }
  if ((pool = mdb_pool_new_simple (url, 1, &error)) == NULL
      || (shared = mdb_pool_new_simple (url, CONNS, &error)) == NULL)
    {
      fprintf (stderr, "pool-bench: %s\n", error->message);
      return 1;
    }
  mdb_pool_release (pool, mdb_pool_acquire (pool, NULL));   /* open it once */
  bench_uncontended (pool);
  bench_contended (shared);
  return 0;
}
