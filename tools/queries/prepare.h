/* SPDX-License-Identifier: MIT */
/* prepare.h: describing queries on a live server for the offline cache. */
#pragma once
#include <glib.h>
#include <json-glib/json-glib.h>
#include "query-file.h"
#include "query-cache.h"

G_BEGIN_DECLS

/* A connection plus a cache of type descriptions; one thread. */
typedef struct _MdbPreparer MdbPreparer;

MdbPreparer   *mdb__preparer_new      (const char *url, GError **error);
void           mdb__preparer_free     (MdbPreparer *preparer);
/* Prepares @query, asks the server for its parameter and column types and
 * infers nullability; MDB_ERROR_SERVER "path:line: query …: reason". */
MdbCacheEntry *mdb__preparer_describe (MdbPreparer *preparer, const MdbQuery *query, GError **error);

/* The EXPLAIN (FORMAT JSON) walk: which of the top plan node's outputs come
 * from the nullable side of an outer join.  Returns a gboolean per output
 * (transfer full, g_free) and its count in @n_outputs; NULL when @plan is
 * not an EXPLAIN JSON document. */
gboolean      *mdb__explain_nullable_outputs (JsonNode *plan, guint *n_outputs);

/* Splits "total!" / "note?" into the bare name and the override
 * (-1 none, 0 non-null, 1 nullable). */
char          *mdb__column_name_override (const char *name, int *override);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdbPreparer, mdb__preparer_free)

G_END_DECLS
