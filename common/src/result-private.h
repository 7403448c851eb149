/* SPDX-License-Identifier: MIT */
/* result-private.h: MdbResult's fields, shared by result.c and rows.c. */
#pragma once
#include "mdb-private.h"

G_BEGIN_DECLS

#define MDB_RESULT_INLINE_COLUMNS 16

struct _MdbResult {
  PGresult *res;
  int n_rows;
  int n_columns;
  char **snake_names;          /* mapped on first use; see get_snake_names() */
  GHashTable *by_snake_name;   /* built on first find; see find_index() */
  /* Each column's type and format, read once so a getter asks libpq only
   * about the cell; inline for the usual few columns. */
  guint32 *types;
  int *formats;                 /* only filled when not binary */
  guint32 types_inline[MDB_RESULT_INLINE_COLUMNS];
  int formats_inline[MDB_RESULT_INLINE_COLUMNS];
  gboolean binary;              /* every column in binary format */
  GArray *kept;                /* Kept values (rows.c), or NULL */
};

/* Keeps @data until the result is freed, then calls @destroy on it: values
 * decoded for rows that the PGresult cannot hold in place (numeric text,
 * arrays).  Only while the result is not yet shared between threads. */
void mdb__result_keep (MdbResult *result, gpointer data, GDestroyNotify destroy);

G_END_DECLS
