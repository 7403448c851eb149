/* SPDX-License-Identifier: MIT */
/* mdb-bench: the pool + generated typed API against hand-written libpq (docs/performance.md). */
#include <stdio.h>
#include <string.h>
#include <malloc.h>
#include <sys/resource.h>
#include <time.h>
#include "bench.h"

#if defined(__has_include)
# if __has_include(<valgrind/callgrind.h>)
#  include <valgrind/callgrind.h>
#  define HAVE_CALLGRIND 1
# endif
#endif
#ifndef HAVE_CALLGRIND
# define CALLGRIND_START_INSTRUMENTATION
# define CALLGRIND_STOP_INSTRUMENTATION
# define CALLGRIND_ZERO_STATS
# define CALLGRIND_DUMP_STATS_AT(s)
#endif

#define N_ROWS 100000
#define N_OWNERS 100           /* 1000 documents each */
#define W2_ROWS 1000
#define W5_BATCH 100
#define W6_THREADS 8
#define W6_CONNS 4
#define N_VARIANTS 4

/* The raw variants' index is their RawFormat.  (b) is the baseline of the
 * targets: binary, read in place, as the fastest hand-written client does;
 * (e) is the same wire format with every value copied out (the baseline
 * before issue 10), kept as an extra column. */
enum { VAR_TEXT = RAW_TEXT, VAR_COPY = RAW_BINARY, VAR_BINARY = RAW_IN_PLACE, VAR_OURS };
static const char *const variant_names[N_VARIANTS] = {
  "a raw text", "e raw bin copy", "b raw binary", "c mdb typed",
};

typedef struct {
  const char *url;
  PGconn     *raw[3];          /* text, binary copying, binary in place */
  MdbPool    *pool;            /* max 1: the same single connection as raw */
  MdbExecutor *w12;            /* W1/W2 (c): the pool, or (callgrind d) a held connection */
  MdbPool    *pool4;           /* W6 */
  RawPool    *raw_pool[3];
  GPtrArray  *ids;             /* every loaded id */
  guint      *order;           /* a fixed random permutation of ids */
  BulkRows    bulk;
  guint       round;           /* shifts the id sequence between repetitions */
} Bench;

/* One workload: one op is one call (W4: one COPY of N_ROWS, W5: one batch). */
typedef struct {
  const char *name;
  guint       n_ops;
  guint       reps;
  gboolean  (*op) (Bench *b, int variant, guint i);
  void      (*before_round) (Bench *b);
} Workload;

typedef struct {
  GArray *ops_per_sec;   /* gdouble, one per round */
  GArray *cpu_ns;        /* gdouble per op, one per round */
  GArray *lat_ns;        /* gint64, every op of every round */
} Stats;

static gint64
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static gint64
cpu_ns (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ((gint64) ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000
         + ((gint64) ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000;
}

static const char *
pick_id (Bench *b, guint i)
{
  return g_ptr_array_index (b->ids, b->order[(i + b->round * 7919u) % b->ids->len]);
}

static void
die_on (GError *error, const char *what)
{
  if (error == NULL)
    return;
  g_printerr ("mdb-bench: %s: %s\n", what, error->message);
  exit (1);
}

/* ---- the workloads ---- */

/* One point select in variant @v on @conn (raw) or @exec (ours), the
 * row decoded and dropped: W1 and W6. */
static gboolean
get_one (PGconn *conn, MdbExecutor *exec, int v, const char *id)
{
  g_autoptr (GError) error = NULL;
  BenchDbDocument in_place;
  BenchDbDocument *doc;
  RawDoc *copy;
  PGresult *res;

  switch (v)
    {
    case VAR_OURS:
      doc = bench_db_document_get (exec, id, &error);
      die_on (error, "get");
      bench_db_document_free (doc);
      return doc != NULL;
    case VAR_BINARY:
      res = raw_get_in_place (conn, id, &in_place);
      PQclear (res);
      return res != NULL;
    default:
      copy = raw_get (conn, (RawFormat) v, id);
      raw_doc_free (copy);
      return copy != NULL;
    }
}

static gboolean
w1_op (Bench *b, int v, guint i)
{
  return get_one (b->raw[MIN (v, VAR_BINARY)], b->w12, v, pick_id (b, i));
}

static char *
owner_of (guint i)
{
  return g_strdup_printf ("owner-%03u", i % N_OWNERS);
}

/* One W2 call in variant @v: the rows, however that variant holds them. */
static gpointer
w2_rows (Bench *b, int v, const char *owner, gint64 max_rows, guint *n, GError **error)
{
  gpointer rows;

  switch (v)
    {
    case VAR_OURS:
      rows = bench_db_documents_by_owner (b->w12, owner, max_rows, error);
      *n = rows != NULL ? ((BenchDbDocumentList *) rows)->n_rows : 0;
      return rows;
    case VAR_BINARY:
      rows = raw_by_owner_in_place (b->raw[v], owner, max_rows);
      *n = rows != NULL ? ((RawRows *) rows)->n : 0;
      return rows;
    default:
      rows = raw_by_owner (b->raw[v], (RawFormat) v, owner, max_rows);
      *n = rows != NULL ? ((GPtrArray *) rows)->len : 0;
      return rows;
    }
}

static void
w2_rows_free (int v, gpointer rows)
{
  if (rows == NULL)
    return;
  if (v == VAR_OURS)
    bench_db_document_list_free (rows);
  else if (v == VAR_BINARY)
    raw_rows_free (rows);
  else
    g_ptr_array_unref (rows);
}

static gboolean
w2_op (Bench *b, int v, guint i)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *owner = owner_of (i * 37 + b->round);
  guint n = 0;
  gpointer rows = w2_rows (b, v, owner, W2_ROWS, &n, &error);

  die_on (error, "W2");
  w2_rows_free (v, rows);
  return rows != NULL && n == W2_ROWS;
}

static gboolean
w3_op (Bench *b, int v, guint i)
{
  g_autoptr (GError) error = NULL;
  gint64 t = g_get_real_time ();
  const char *meta = "{\"size\": 1234, \"tags\": [\"w3\"]}";

  if (v == VAR_OURS)
    {
      gboolean ok = bench_db_document_insert (MDB_EXECUTOR (b->pool), "w3-owner", "w3 doc",
                                              "pdf", t, t, i % 2, meta, &error);
      die_on (error, "W3");
      return ok;
    }
  return raw_insert (b->raw[v], v == VAR_TEXT ? RAW_TEXT : RAW_BINARY, "w3-owner", "w3 doc", "pdf", t, t,
                     i % 2, meta);
}

static void
exec_or_die (PGconn *conn, const char *sql)
{
  PGresult *res = PQexec (conn, sql);

  if (PQresultStatus (res) != PGRES_COMMAND_OK && PQresultStatus (res) != PGRES_TUPLES_OK)
    {
      g_printerr ("mdb-bench: %s: %s", sql, PQerrorMessage (conn));
      exit (1);
    }
  PQclear (res);
}

static void
w4_before (Bench *b)
{
  exec_or_die (b->raw[VAR_BINARY], "TRUNCATE \"DocumentCopy\"");
}

static gboolean
w4_op (Bench *b, int v, guint i)
{
  g_autoptr (GError) error = NULL;
  const BulkRows *r = &b->bulk;
  gint64 n;

  if (v == VAR_OURS)
    n = bench_db_documents_copy (MDB_EXECUTOR (b->pool), (const char *const *) r->id,
                                 (const char *const *) r->owner_id, (const char *const *) r->name,
                                 (const char *const *) r->file_type, r->created_at, r->updated_at,
                                 r->deleted_at, r->deleted_at_is_null, r->is_public,
                                 (const char *const *) r->metadata, r->n, &error);
  else
    n = raw_copy (b->raw[v], v == VAR_TEXT ? RAW_TEXT : RAW_BINARY, r);
  die_on (error, "W4");
  w4_before (b);   /* every COPY starts from an empty table */
  return n == r->n;
}

/* The generated struct described for the core's row decoder, as
 * hand-written code over mdb_exec_pipeline() results does it. */
#define DOC_FIELD(col, type, oid, kind, member) \
  { col, type, oid, kind, FALSE, G_STRUCT_OFFSET (BenchDbDocument, member), -1, NULL, NULL, -1 }
static const MdbField doc_fields[] = {
  DOC_FIELD ("id", "uuid", MDB_OID_UUID, MDB_FIELD_UUID, id),
  DOC_FIELD ("ownerId", "text", MDB_OID_TEXT, MDB_FIELD_STRING, owner_id),
  DOC_FIELD ("name", "text", MDB_OID_TEXT, MDB_FIELD_STRING, name),
  DOC_FIELD ("fileType", "text", MDB_OID_TEXT, MDB_FIELD_STRING, file_type),
  DOC_FIELD ("createdAt", "timestamptz", MDB_OID_TIMESTAMPTZ, MDB_FIELD_TIMESTAMP, created_at),
  DOC_FIELD ("updatedAt", "timestamptz", MDB_OID_TIMESTAMPTZ, MDB_FIELD_TIMESTAMP, updated_at),
  { "deletedAt", "timestamptz", MDB_OID_TIMESTAMPTZ, MDB_FIELD_TIMESTAMP, TRUE,
    G_STRUCT_OFFSET (BenchDbDocument, deleted_at), G_STRUCT_OFFSET (BenchDbDocument, deleted_at_is_null), NULL, NULL, -1 },
  DOC_FIELD ("isPublic", "bool", MDB_OID_BOOL, MDB_FIELD_BOOL, is_public),
  DOC_FIELD ("metadata", "jsonb", MDB_OID_JSONB, MDB_FIELD_STRING, metadata),
};
static const MdbRowType doc_row = {
  "pipeline get", "tools/bench.sh", sizeof (BenchDbDocument), G_N_ELEMENTS (doc_fields), doc_fields, NULL,
};

/* W5 (c): the results stay alive in the returned array; @rows point into them. */
static GPtrArray *
ours_pipeline_get (MdbPool *pool, char *const *ids, guint n, BenchDbDocument *rows, GError **error)
{
  static const char sql[] = "SELECT " BENCH_SELECT_COLUMNS " FROM \"Document\" WHERE id = $1";
  g_autofree const char **sqls = g_new (const char *, n);
  g_autoptr (GPtrArray) params = g_ptr_array_new_full (n, (GDestroyNotify) mdb_params_free);
  g_autoptr (GPtrArray) results = NULL;

  for (guint i = 0; i < n; i++)
    {
      MdbParams *p = mdb_params_new ();

      mdb_params_add_uuid (p, ids[i]);
      g_ptr_array_add (params, p);
      sqls[i] = sql;
    }
  results = mdb_exec_pipeline (MDB_EXECUTOR (pool), n, sqls, (MdbParams *const *) params->pdata, error);
  if (results == NULL)
    return NULL;
  for (guint i = 0; i < n; i++)
    if (!mdb_result_check_row_type (results->pdata[i], &doc_row, error)
        || !mdb_result_decode_row (results->pdata[i], 0, &doc_row, &rows[i], error))
      return NULL;
  return g_steal_pointer (&results);
}

static gboolean
w5_op (Bench *b, int v, guint i)
{
  g_autoptr (GError) error = NULL;
  char *ids[W5_BATCH];
  BenchDbDocument rows[W5_BATCH];
  GPtrArray *docs;
  gboolean ok;

  for (guint k = 0; k < W5_BATCH; k++)
    ids[k] = (char *) pick_id (b, i * W5_BATCH + k);
  if (v == VAR_OURS)
    docs = ours_pipeline_get (b->pool, ids, W5_BATCH, rows, &error);
  else
    docs = raw_pipeline_get (b->raw[v], (RawFormat) v, ids, W5_BATCH, rows);
  die_on (error, "W5");
  ok = docs != NULL && docs->len == W5_BATCH;
  g_clear_pointer (&docs, g_ptr_array_unref);
  return ok;
}

static gboolean
w6_op (Bench *b, int v, guint i)
{
  PGconn *conn;
  gboolean ok;

  if (v == VAR_OURS)
    return get_one (NULL, MDB_EXECUTOR (b->pool4), v, pick_id (b, i));
  conn = raw_pool_acquire (b->raw_pool[v]);
  ok = get_one (conn, NULL, v, pick_id (b, i));
  raw_pool_release (b->raw_pool[v], conn);
  return ok;
}

/* ---- measuring ---- */

typedef struct {
  Bench          *b;
  const Workload *w;
  int             variant;
  guint           first, n;
  GArray         *lat;
} Slice;

static gpointer
run_slice (gpointer data)
{
  Slice *s = data;

  for (guint i = s->first; i < s->first + s->n; i++)
    {
      gint64 t0 = now_ns (), dt;

      if (!s->w->op (s->b, s->variant, i))
        {
          g_printerr ("mdb-bench: %s %s: operation failed\n", s->w->name, variant_names[s->variant]);
          exit (1);
        }
      dt = now_ns () - t0;
      g_array_append_val (s->lat, dt);
    }
  return NULL;
}

static void
run_round (Bench *b, const Workload *w, guint threads, int v, Stats *st)
{
  Slice slices[W6_THREADS];
  GThread *th[W6_THREADS];
  gint64 t0, c0;
  gdouble ops, cpu;

  if (w->before_round)
    w->before_round (b);
  for (guint t = 0; t < threads; t++)
    slices[t] = (Slice) { b, w, v, t * (w->n_ops / threads), w->n_ops / threads, st->lat_ns };
  c0 = cpu_ns ();
  t0 = now_ns ();
  if (threads == 1)
    run_slice (&slices[0]);
  else
    {
      for (guint t = 0; t < threads; t++)
        {
          slices[t].lat = g_array_new (FALSE, FALSE, sizeof (gint64));
          th[t] = g_thread_new ("w6", run_slice, &slices[t]);
        }
      for (guint t = 0; t < threads; t++)
        {
          g_thread_join (th[t]);
          g_array_append_vals (st->lat_ns, slices[t].lat->data, slices[t].lat->len);
          g_array_unref (slices[t].lat);
        }
    }
  ops = w->n_ops / ((now_ns () - t0) / 1e9);
  cpu = (cpu_ns () - c0) / (gdouble) w->n_ops;
  g_array_append_val (st->ops_per_sec, ops);
  g_array_append_val (st->cpu_ns, cpu);
}

static int
cmp_double (gconstpointer a, gconstpointer b)
{
  gdouble x = *(const gdouble *) a, y = *(const gdouble *) b;
  return (x > y) - (x < y);
}

static int
cmp_i64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return (x > y) - (x < y);
}

static gdouble
median_d (GArray *a)
{
  g_array_sort (a, cmp_double);
  return a->len ? g_array_index (a, gdouble, a->len / 2) : 0;
}

/* Spread of the per-round throughputs: (max - min) / median. */
static gdouble
spread_d (GArray *a)
{
  gdouble med = median_d (a);
  return med > 0 ? (g_array_index (a, gdouble, a->len - 1) - g_array_index (a, gdouble, 0)) / med : 0;
}

static gint64
pct_i64 (GArray *a, gdouble p)
{
  return a->len ? g_array_index (a, gint64, (guint) (p * (a->len - 1))) : 0;
}

static void
print_header (void)
{
  printf ("%-4s %-13s %12s %10s %10s %10s %8s %7s\n", "", "variant", "ops/s", "p50 us",
          "p99 us", "cpu us/op", "spread", "c/b");
}

static void
report (const Workload *w, Stats *st)
{
  gdouble c_over_b = median_d (st[VAR_OURS].ops_per_sec) / median_d (st[VAR_BINARY].ops_per_sec);

  for (int v = 0; v < N_VARIANTS; v++)
    {
      g_array_sort (st[v].lat_ns, cmp_i64);
      printf ("%-4s %-13s %12.1f %10.1f %10.1f %10.1f %7.0f%% ", v == 0 ? w->name : "",
              variant_names[v], median_d (st[v].ops_per_sec), pct_i64 (st[v].lat_ns, 0.5) / 1e3,
              pct_i64 (st[v].lat_ns, 0.99) / 1e3, median_d (st[v].cpu_ns) / 1e3,
              100 * spread_d (st[v].ops_per_sec));
      if (v == VAR_OURS)
        printf ("%7.3f", c_over_b);
      printf ("\n");
    }
  fflush (stdout);
}

/* A B C A B C …: each repetition runs every variant once, so drift in the
 * machine's load hits all of them alike. */
static void
run_workload (Bench *b, const Workload *w, guint threads)
{
  Stats st[N_VARIANTS];

  for (int v = 0; v < N_VARIANTS; v++)
    st[v] = (Stats) { g_array_new (FALSE, FALSE, sizeof (gdouble)),
                      g_array_new (FALSE, FALSE, sizeof (gdouble)),
                      g_array_new (FALSE, FALSE, sizeof (gint64)) };
  for (guint r = 0; r < w->reps; r++)
    {
      b->round = r;
      for (int v = 0; v < N_VARIANTS; v++)
        run_round (b, w, threads, v, &st[v]);
    }
  report (w, st);
  for (int v = 0; v < N_VARIANTS; v++)
    {
      g_array_unref (st[v].ops_per_sec);
      g_array_unref (st[v].cpu_ns);
      g_array_unref (st[v].lat_ns);
    }
}

/* ---- setup ---- */

static void
migrate_and_load (const char *url, const char *migrations, gboolean load)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MdbConn) conn = mdb_conn_new (url, &error);
  g_autoptr (MdbMigrator) migrator = NULL;

  die_on (error, "connect");
  migrator = mdb_migrator_new (migrations, &error);
  die_on (error, "migrations");
  mdb_migrator_run (migrator, conn, -1, 60 * G_USEC_PER_SEC, NULL, &error);
  die_on (error, "migrate");
  if (!load)
    return;
  mdb_conn_exec_script (conn,
    "TRUNCATE \"Document\", \"DocumentCopy\";"
    "INSERT INTO \"Document\" (\"ownerId\", name, \"fileType\", \"createdAt\", \"updatedAt\","
    "  \"deletedAt\", \"isPublic\", metadata)"
    " SELECT 'owner-' || lpad ((i % 100)::text, 3, '0'), 'document ' || i,"
    "  (ARRAY['pdf','docx','png'])[i % 3 + 1], now () - i * interval '1 min',"
    "  now () - (i * 7919 % 100000) * interval '1 s',"
    "  CASE WHEN i % 10 = 0 THEN now () END, i % 2 = 0,"
    "  jsonb_build_object ('size', i, 'mime', 'application/pdf', 'tags', jsonb_build_array ('a', 'b'))"
    " FROM generate_series (1, 100000) AS i", &error);
  die_on (error, "load");
  /* VACUUM refuses the implicit transaction of a multi-statement script. */
  mdb_conn_exec_script (conn, "VACUUM ANALYZE \"Document\"", &error);
  die_on (error, "vacuum");
}

static void
load_ids (Bench *b)
{
  PGresult *res = PQexec (b->raw[VAR_TEXT], "SELECT id FROM \"Document\" ORDER BY id");
  GRand *rand = g_rand_new_with_seed (42);
  guint n = (guint) PQntuples (res);

  b->ids = g_ptr_array_new_full (n, g_free);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (b->ids, g_strdup (PQgetvalue (res, (int) i, 0)));
  PQclear (res);
  b->order = g_new (guint, n);
  for (guint i = 0; i < n; i++)
    b->order[i] = i;
  for (guint i = n - 1; i > 0; i--)
    {
      guint j = g_rand_int_range (rand, 0, (gint32) i + 1), t = b->order[i];

      b->order[i] = b->order[j];
      b->order[j] = t;
    }
  g_rand_free (rand);
}

static void
make_bulk (BulkRows *r, guint n)
{
  gint64 base = g_get_real_time ();

  r->n = n;
  r->id = g_new (char *, n);
  r->owner_id = g_new (char *, n);
  r->name = g_new (char *, n);
  r->file_type = g_new (char *, n);
  r->created_at = g_new (gint64, n);
  r->updated_at = g_new (gint64, n);
  r->deleted_at = g_new0 (gint64, n);
  r->deleted_at_is_null = g_new (gboolean, n);
  r->is_public = g_new (gboolean, n);
  r->metadata = g_new (char *, n);
  for (guint i = 0; i < n; i++)
    {
      r->id[i] = g_uuid_string_random ();
      r->owner_id[i] = g_strdup_printf ("bulk-%03u", i % N_OWNERS);
      r->name[i] = g_strdup_printf ("bulk document %u", i);
      r->file_type[i] = g_strdup ("pdf");
      r->created_at[i] = base - i * G_GINT64_CONSTANT (60000000);
      r->updated_at[i] = base - i * G_GINT64_CONSTANT (1000000);
      r->deleted_at_is_null[i] = i % 10 != 0;
      r->deleted_at[i] = r->deleted_at_is_null[i] ? 0 : base;
      r->is_public[i] = i % 2 == 0;
      r->metadata[i] = g_strdup_printf ("{\"size\": %u, \"mime\": \"application/pdf\", \"tags\": [\"a\", \"b\"]}", i);
    }
}

static gboolean
same_doc (const RawDoc *x, const BenchDbDocument *y)
{
  char id[MDB_UUID_STRING_SIZE];

  return g_strcmp0 (x->id, mdb_uuid_format (&y->id, id)) == 0 && g_strcmp0 (x->owner_id, y->owner_id) == 0
         && g_strcmp0 (x->name, y->name) == 0 && g_strcmp0 (x->file_type, y->file_type) == 0
         && x->created_at == y->created_at && x->updated_at == y->updated_at
         && x->deleted_at == y->deleted_at && !x->deleted_at_is_null == !y->deleted_at_is_null
         && !x->is_public == !y->is_public && g_strcmp0 (x->metadata, y->metadata) == 0;
}

/* The four decoders must agree before their speed means anything. */
static void
check_decoders (Bench *b)
{
  for (guint i = 0; i < 20; i++)
    {
      const char *id = g_ptr_array_index (b->ids, i * 997 % b->ids->len);
      RawDoc *t = raw_get (b->raw[VAR_TEXT], RAW_TEXT, id);
      RawDoc *copy = raw_get (b->raw[VAR_COPY], RAW_BINARY, id);
      BenchDbDocument in_place;
      PGresult *res = raw_get_in_place (b->raw[VAR_BINARY], id, &in_place);
      g_autoptr (BenchDbDocument) ours = bench_db_document_get (MDB_EXECUTOR (b->pool), id, NULL);
      gboolean same = t != NULL && copy != NULL && res != NULL && ours != NULL && same_doc (t, ours)
                      && same_doc (copy, ours) && same_doc (t, &in_place);

      raw_doc_free (t);
      raw_doc_free (copy);
      PQclear (res);
      if (!same)
        {
          g_printerr ("mdb-bench: the decoders disagree on document %s\n", id);
          exit (1);
        }
    }
}

static PGconn *
raw_connect (const char *url, RawFormat fmt)
{
  PGconn *conn = PQconnectdb (url);

  if (PQstatus (conn) != CONNECTION_OK || !raw_prepare (conn, fmt))
    {
      g_printerr ("mdb-bench: raw connect: %s", PQerrorMessage (conn));
      exit (1);
    }
  return conn;
}

static void
bench_open (Bench *b, const char *url, gboolean with_w6)
{
  g_autoptr (GError) error = NULL;

  b->url = url;
  b->raw[VAR_TEXT] = raw_connect (url, RAW_TEXT);
  b->raw[VAR_COPY] = raw_connect (url, RAW_BINARY);
  b->raw[VAR_BINARY] = raw_connect (url, RAW_BINARY);
  b->pool = mdb_pool_new_simple (url, 1, &error);
  b->w12 = MDB_EXECUTOR (b->pool);
  die_on (error, "pool");
  if (with_w6)
    {
      b->pool4 = mdb_pool_new_simple (url, W6_CONNS, &error);
      die_on (error, "pool");
      b->raw_pool[VAR_TEXT] = raw_pool_new (url, W6_CONNS, RAW_TEXT);
      b->raw_pool[VAR_COPY] = raw_pool_new (url, W6_CONNS, RAW_BINARY);
      b->raw_pool[VAR_BINARY] = raw_pool_new (url, W6_CONNS, RAW_BINARY);
      if (b->raw_pool[0] == NULL || b->raw_pool[1] == NULL || b->raw_pool[2] == NULL)
        die_on (g_error_new_literal (MDB_ERROR, MDB_ERROR_CONNECT, "raw pool"), "W6");
    }
  load_ids (b);
}

/* ---- W2 peak memory, in a fresh process per variant ---- */

static gint64
status_kb (const char *field)
{
  g_autofree char *text = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &text, NULL, NULL)
      || (p = strstr (text, field)) == NULL)
    return -1;
  return g_ascii_strtoll (p + strlen (field) + 1, NULL, 10);
}

/* Prints "<peak RSS growth KiB> <heap held by the rows KiB>" for one W2 call. */
static int
mem_w2 (const char *url, int v)
{
  Bench b = { 0 };
  gpointer rows;
  guint n = 0;
  struct mallinfo2 m0, m1;
  gint64 rss0;
  FILE *f;

  bench_open (&b, url, FALSE);
  w2_rows_free (v, w2_rows (&b, v, "owner-007", 1, &n, NULL));   /* prepares the statement */
  malloc_trim (0);
  /* Writing 5 to clear_refs resets VmHWM to the current RSS (Linux ≥ 4.0). */
  if ((f = fopen ("/proc/self/clear_refs", "w")) == NULL || fputs ("5", f) < 0 || fclose (f) != 0)
    return 1;
  rss0 = status_kb ("VmRSS:");
  m0 = mallinfo2 ();
  rows = w2_rows (&b, v, "owner-007", W2_ROWS, &n, NULL);
  m1 = mallinfo2 ();
  printf ("%" G_GINT64_FORMAT " %zu\n", status_kb ("VmHWM:") - rss0,
          ((m1.uordblks + m1.hblkhd) - (m0.uordblks + m0.hblkhd)) / 1024);
  return rows != NULL && n == W2_ROWS ? 0 : 1;
}

static void
report_memory (const char *url, guint reps)
{
  GArray *peak[N_VARIANTS], *held[N_VARIANTS];

  for (int v = 0; v < N_VARIANTS; v++)
    {
      peak[v] = g_array_new (FALSE, FALSE, sizeof (gdouble));
      held[v] = g_array_new (FALSE, FALSE, sizeof (gdouble));
    }
  for (guint r = 0; r < reps; r++)
    for (int v = 0; v < N_VARIANTS; v++)
      {
        g_autofree char *out = NULL, *vs = g_strdup_printf ("%d", v);
        const char *argv[] = { "/proc/self/exe", "--mem-w2", vs, url, NULL };
        gdouble p, h;
        int status;

        if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                           &status, NULL) || !g_spawn_check_wait_status (status, NULL)
            || sscanf (out, "%lf %lf", &p, &h) != 2)
          die_on (g_error_new_literal (MDB_ERROR, MDB_ERROR_FAILED, "child failed"), "memory");
        g_array_append_val (peak[v], p);
        g_array_append_val (held[v], h);
      }
  printf ("\nW2 memory (one call, 1000 rows, fresh process per run, median of %u):\n", reps);
  for (int v = 0; v < N_VARIANTS; v++)
    printf ("     %-13s peak RSS +%6.0f KiB   rows held %6.0f KiB\n", variant_names[v],
            median_d (peak[v]), median_d (held[v]));
  printf ("     c/b peak %.3f, held %.3f\n", median_d (peak[VAR_OURS]) / median_d (peak[VAR_BINARY]),
          median_d (held[VAR_OURS]) / median_d (held[VAR_BINARY]));
  for (int v = 0; v < N_VARIANTS; v++)
    {
      g_array_unref (peak[v]);
      g_array_unref (held[v]);
    }
}

/* ---- callgrind: client instructions, counted only inside the loops ---- */

static void
callgrind_one (Bench *b, const Workload *w, int v, char letter, guint n)
{
  char label[64];

  g_snprintf (label, sizeof label, "%s %c n=%u", w->name, letter, n);
  for (guint i = 0; i < 20; i++)      /* warm: statements prepared, caches filled */
    w->op (b, v, i);
  CALLGRIND_START_INSTRUMENTATION;
  CALLGRIND_ZERO_STATS;
  for (guint i = 0; i < n; i++)
    w->op (b, v, i);
  CALLGRIND_DUMP_STATS_AT (label);
  CALLGRIND_STOP_INSTRUMENTATION;
}

/* ---- main ---- */

static guint opt_reps = 5;
static gboolean opt_quick, opt_callgrind, opt_no_load;
static int opt_mem_w2 = -1;
static char *opt_only;

static const GOptionEntry entries[] = {
  { "reps", 'r', 0, G_OPTION_ARG_INT, &opt_reps, "Repetitions of A B C per workload [5]", "N" },
  { "quick", 'q', 0, G_OPTION_ARG_NONE, &opt_quick, "A tenth of the operations per round", NULL },
  { "only", 'o', 0, G_OPTION_ARG_STRING, &opt_only, "Workloads to run (W1,W2,...,mem)", "LIST" },
  { "no-load", 0, 0, G_OPTION_ARG_NONE, &opt_no_load, "Reuse the loaded table", NULL },
  { "callgrind", 0, 0, G_OPTION_ARG_NONE, &opt_callgrind,
    "Only W1 and W2 for b, e, c and d (c on a held connection), one callgrind dump each (run under valgrind)", NULL },
  { "mem-w2", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &opt_mem_w2, "internal", NULL },
  { NULL }
};

static gboolean
wanted (const char *name)
{
  g_auto (GStrv) names = NULL;

  if (opt_only == NULL)
    return TRUE;
  names = g_strsplit (opt_only, ",", -1);
  return g_strv_contains ((const char *const *) names, name);
}

static void
run_all (Bench *b)
{
  guint q = opt_quick ? 10 : 1;
  const Workload w[] = {
    { "W1", 2000 / q, opt_reps, w1_op, NULL },
    { "W2", 200 / q, opt_reps, w2_op, NULL },
    { "W3", 1000 / q, opt_reps, w3_op, NULL },
    { "W4", 1, MAX (3, opt_reps / 2), w4_op, w4_before },
    { "W5", 200 / q, opt_reps, w5_op, NULL },
    { "W6", 4000 / q, opt_reps, w6_op, NULL },
  };

  printf ("ops: W1 point select, W2 1000 rows, W3 insert, W4 COPY of %d rows, "
          "W5 pipeline of %d selects, W6 W1 by %d threads over %d connections\n"
          "medians of %u interleaved rounds; spread = (max-min)/median of the rounds' ops/s\n\n",
          N_ROWS, W5_BATCH, W6_THREADS, W6_CONNS, opt_reps);
  print_header ();
  for (guint i = 0; i < G_N_ELEMENTS (w); i++)
    if (wanted (w[i].name))
      run_workload (b, &w[i], i == 5 ? W6_THREADS : 1);
  if (wanted ("mem"))
    report_memory (b->url, MAX (3u, opt_reps));
}

static void
run_callgrind (Bench *b)
{
  const Workload w1 = { "W1", 0, 0, w1_op, NULL }, w2 = { "W2", 0, 0, w2_op, NULL };

  g_autoptr (GError) error = NULL;
  MdbConn *held;

  for (int v = VAR_COPY; v <= VAR_OURS; v++)
    {
      callgrind_one (b, &w1, v, "aebc"[v], 2000);
      callgrind_one (b, &w2, v, "aebc"[v], 20);
    }
  /* d: (c) on a connection held throughout, as (b) holds its PGconn, so
   * (d)/(b) is the API's cost and (c) - (d) the pool's borrow and return. */
  held = mdb_pool_acquire (b->pool, &error);
  die_on (error, "acquire");
  b->w12 = MDB_EXECUTOR (held);
  callgrind_one (b, &w1, VAR_OURS, 'd', 2000);
  callgrind_one (b, &w2, VAR_OURS, 'd', 20);
  b->w12 = MDB_EXECUTOR (b->pool);
  mdb_pool_release (b->pool, held);
}

int
main (int argc, char **argv)
{
  g_autoptr (GOptionContext) ctx = g_option_context_new ("[URL] - typed API vs raw libpq");
  g_autoptr (GError) error = NULL;
  const char *url;
  Bench b = { 0 };

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    die_on (error, "options");
  url = argc > 1 ? argv[1] : g_getenv ("MDB_BENCH_DATABASE_URL");
  if (url == NULL)
    {
      g_printerr ("mdb-bench: give a URL or set MDB_BENCH_DATABASE_URL (tools/bench.sh starts a server)\n");
      return 2;
    }
  if (opt_mem_w2 >= 0)
    return mem_w2 (url, opt_mem_w2);
  migrate_and_load (url, BENCH_MIGRATIONS_DIR, !opt_no_load);
  bench_open (&b, url, !opt_callgrind);
  check_decoders (&b);
  if (opt_callgrind)
    run_callgrind (&b);
  else
    {
      make_bulk (&b.bulk, N_ROWS);
      run_all (&b);
    }
  return 0;
}
