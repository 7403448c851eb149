/* SPDX-License-Identifier: MIT */
/* bench.h: shared pieces of mdb-bench, the typed API against raw libpq. */
#pragma once
#include <libpq-fe.h>
#include <mdb/mdb.h>
#include "mdb_benchlib-queries.h"

/* Column order of every SELECT: id, ownerId, name, fileType, createdAt,
 * updatedAt, deletedAt, isPublic, metadata.  The in-place raw variant
 * decodes into the generated row struct, the copying ones into RawDoc; the
 * bench checks that all of them read the same values. */
#define BENCH_SELECT_COLUMNS \
  "id, \"ownerId\", name, \"fileType\", \"createdAt\", \"updatedAt\", \"deletedAt\", \"isPublic\", metadata"

/* Wire format of parameters and results (0 text, 1 binary); RAW_IN_PLACE
 * is binary decoded into the generated struct pointing into the PGresult. */
typedef enum { RAW_TEXT = 0, RAW_BINARY = 1, RAW_IN_PLACE = 2 } RawFormat;

/* What the copying raw variants build: every string owned (g_free). */
typedef struct {
  char     *id;
  char     *owner_id;
  char     *name;
  char     *file_type;
  gint64    created_at;
  gint64    updated_at;
  gint64    deleted_at;
  gboolean  deleted_at_is_null;
  gboolean  is_public;
  char     *metadata;
} RawDoc;

/* W2 in place: the PGresult and one block of rows pointing into it. */
typedef struct {
  PGresult        *res;
  guint            n;
  BenchDbDocument *docs;
} RawRows;

/* Column arrays of the W4 input, shared by every variant. */
typedef struct {
  guint      n;
  char     **id;
  char     **owner_id;
  char     **name;
  char     **file_type;
  gint64    *created_at;
  gint64    *updated_at;
  gint64    *deleted_at;
  gboolean  *deleted_at_is_null;
  gboolean  *is_public;
  char     **metadata;
} BulkRows;

/* raw-libpq.c */
gboolean         raw_prepare   (PGconn *conn, RawFormat fmt);
void             raw_doc_free  (RawDoc *doc);
RawDoc          *raw_get       (PGconn *conn, RawFormat fmt, const char *id);
GPtrArray       *raw_by_owner  (PGconn *conn, RawFormat fmt, const char *owner, gint64 max_rows);
PGresult        *raw_get_in_place      (PGconn *conn, const char *id, BenchDbDocument *doc);
RawRows         *raw_by_owner_in_place (PGconn *conn, const char *owner, gint64 max_rows);
void             raw_rows_free         (RawRows *rows);
gboolean         raw_insert    (PGconn *conn, RawFormat fmt, const char *owner, const char *name,
                                const char *file_type, gint64 created_at, gint64 updated_at,
                                gboolean is_public, const char *metadata);
gint64           raw_copy      (PGconn *conn, RawFormat fmt, const BulkRows *rows);
GPtrArray       *raw_pipeline_get (PGconn *conn, RawFormat fmt, char *const *ids, guint n, BenchDbDocument *rows);

typedef struct _RawPool RawPool;
RawPool         *raw_pool_new     (const char *url, guint size, RawFormat fmt);
PGconn          *raw_pool_acquire (RawPool *pool);
void             raw_pool_release (RawPool *pool, PGconn *conn);
void             raw_pool_free    (RawPool *pool);
