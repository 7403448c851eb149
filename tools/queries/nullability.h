/* SPDX-License-Identifier: MIT */
/* nullability.h: proving result expressions non-null from the server's parse tree. */
#pragma once
#include <glib.h>
#include <libpq-fe.h>
#include "node-tree.h"
#include "query-cache.h"

G_BEGIN_DECLS

/* What the inference found for one result column. */
typedef struct {
  gboolean nonnull;     /* TRUE only when proven */
  gboolean outer_join;  /* not proven because the value comes from the nullable side of
                         * an outer join, at any level (a CTE's or subquery's join too) */
  char    *reason;      /* the rule that proved it, or why it stays nullable */
} MdbNullInference;

/* Catalog facts, asked of @conn and cached; one per preparer. */
typedef struct _MdbNullCatalog MdbNullCatalog;

MdbNullCatalog *mdb__null_catalog_new  (PGconn *conn);
void            mdb__null_catalog_free (MdbNullCatalog *catalog);

/* For each visible result column of @query (the QUERY node debug_print_parse
 * logs for the prepared statement), whether it is provably non-null.
 * @param_nullable[N-1] says whether $N may be NULL.  Returns (transfer full)
 * an array of @n_columns results (free with mdb__null_inferences_free), or
 * NULL when @query is not a statement with a target list. */
MdbNullInference *mdb__null_infer (MdbNullCatalog *catalog, const MdbPgNode *query,
                                   const gboolean *param_nullable, guint n_params,
                                   guint *n_columns);
void              mdb__null_inferences_free (MdbNullInference *inferences, guint n);

/* A composite column's fields (@value->fields, MdbCacheValue): those the
 * parse tree proves non-null where the records are built (ROW(…)::t,
 * ARRAY(SELECT ROW(…)::t …), array_agg(ROW(…)::t), nested alike) become
 * non-null, "inferred"; the others keep their reason.  Column @column is
 * 0-based among the visible ones. */
void              mdb__null_infer_fields (MdbNullCatalog *catalog, const MdbPgNode *query,
                                          const gboolean *param_nullable, guint n_params, guint column,
                                          MdbCacheValue *value);

/* PQexecParams of @sql with $1 = @oid as text (caller PQclear()s). */
PGresult         *mdb__exec_with_oid (PGconn *conn, const char *sql, guint32 oid);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdbNullCatalog, mdb__null_catalog_free)

G_END_DECLS
