/* SPDX-License-Identifier: MIT */
/* codegen.h: typed C from query files and the offline cache, with no database. */
#pragma once
#include <glib.h>
#include "query-file.h"
#include "query-cache.h"

G_BEGIN_DECLS

typedef struct {
  const char *prefix;       /* "contacts_db": functions contacts_db_*, types ContactsDb* */
  const char *header_name;  /* what the .c includes, e.g. "contacts_db-queries.h" */
  const char *lib_dir;      /* for the "run: mdb prepare <lib dir>" hint */
  /* A domain library's split output: what the .c includes for the queries it
   * keeps internal (not exported on their -- name: line), which are then
   * hidden (G_GNUC_INTERNAL).  NULL: one header, everything public (the
   * query libraries of the tests and benchmarks). */
  const char *private_header_name;
} MdbCodegenOptions;

/* Queries sharing a `-> RowType` must have identical columns.  @entries
 * holds one MdbCacheEntry per query, same order. */
gboolean mdb__codegen_check_row_types (GPtrArray *queries, GPtrArray *entries, GError **error);

/* Every result column of every query gives a valid, distinct C field name;
 * else "path:line: query …: column N … alias this column". */
gboolean mdb__codegen_check_columns (GPtrArray *queries, GPtrArray *entries, GError **error);

/* Generates the header and source text.  @cache maps hash -> MdbCacheEntry.
 * A query without a cache entry fails with "path:line: query \"x\" is not in
 * the offline cache (.mdb-cache); run: mdb prepare <lib dir>". */
gboolean mdb__codegen_run (const MdbCodegenOptions *options, GPtrArray *queries, GHashTable *cache,
                           char **header, char **source, GError **error);

/* The same, writing the queries the library keeps internal to
 * @private_header when options->private_header_name is set (docs/queries.md
 * "One public layer per library"). */
gboolean mdb__codegen_run_split (const MdbCodegenOptions *options, GPtrArray *queries, GHashTable *cache,
                                 char **header, char **private_header, char **source, GError **error);

/* "contacts_db" -> "ContactsDb" */
char    *mdb__codegen_pascal (const char *snake);

G_END_DECLS
