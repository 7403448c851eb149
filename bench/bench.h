/* SPDX-License-Identifier: MIT */
/* bench.h: shared pieces of mdb-bench, the typed API against raw libpq. */
#pragma once
#include <libpq-fe.h>
#include <mdb/mdb.h>
#include "mdb_benchlib-queries.h"

/* Column order of every SELECT: id, ownerId, name, fileType, createdAt,
 * updatedAt, deletedAt, isPublic, metadata.  Raw variants decode into the
 * generated row struct too, so all three build exactly the same values. */
#define BENCH_SELECT_COLUMNS \
  "id, \"ownerId\", name, \"fileType\", \"createdAt\", \"updatedAt\", \"deletedAt\", \"isPublic\", metadata"

typedef enum { RAW_TEXT = 0, RAW_BINARY = 1 } RawFormat;

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
BenchDbDocument *raw_get       (PGconn *conn, RawFormat fmt, const char *id);
GPtrArray       *raw_by_owner  (PGconn *conn, RawFormat fmt, const char *owner, gint64 max_rows);
gboolean         raw_insert    (PGconn *conn, RawFormat fmt, const char *owner, const char *name,
                                const char *file_type, gint64 created_at, gint64 updated_at,
                                gboolean is_public, const char *metadata);
gint64           raw_copy      (PGconn *conn, RawFormat fmt, const BulkRows *rows);
GPtrArray       *raw_pipeline_get (PGconn *conn, RawFormat fmt, char *const *ids, guint n);

typedef struct _RawPool RawPool;
RawPool         *raw_pool_new     (const char *url, guint size, RawFormat fmt);
PGconn          *raw_pool_acquire (RawPool *pool);
void             raw_pool_release (RawPool *pool, PGconn *conn);
void             raw_pool_free    (RawPool *pool);
