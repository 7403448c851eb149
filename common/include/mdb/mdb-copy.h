/* SPDX-License-Identifier: MIT */
/* mdb-copy.h: bulk insert with COPY … FROM STDIN (FORMAT binary). */
#pragma once
#if !defined(MDB_INSIDE) && !defined(MDB_COMPILATION)
# error "Include <mdb/mdb.h>, not this file."
#endif
#include <glib.h>
#include <mdb/mdb-version.h>
#include <mdb/mdb-params.h>
#include <mdb/mdb-executor.h>

G_BEGIN_DECLS

/* Opaque; used by one thread. */
typedef struct _MdbCopy MdbCopy;

/* Starts COPY @table (@columns) FROM STDIN in binary format.  @table and
 * @columns are identifiers written as in the schema ("Document",
 * "createdAt"); they are quoted here.  On a pool the copy holds one
 * connection until it ends. */
MDB_AVAILABLE_IN_0_1
MdbCopy  *mdb_copy_begin   (MdbExecutor *executor, const char *table,
                            const char *const *columns, guint n_columns, GError **error);
/* Appends one row; @row holds exactly n_columns parameters, bound with the
 * column's own type (an int4 column takes mdb_params_add_int4). */
MDB_AVAILABLE_IN_0_1
gboolean  mdb_copy_add_row (MdbCopy *copy, const MdbParams *row, GError **error);
/* Ends the copy and frees @copy; returns the number of rows stored, or -1
 * with @error (then nothing of the copy was stored). */
MDB_AVAILABLE_IN_0_1
gint64    mdb_copy_end     (MdbCopy *copy, GError **error);
/* Abandons the copy (nothing is stored) and frees @copy. */
MDB_AVAILABLE_IN_0_1
void      mdb_copy_abort   (MdbCopy *copy);
/* Abandons a copy not yet ended, as mdb_copy_abort(); NULL is ignored.  The
 * g_autoptr cleanup: end with mdb_copy_end (g_steal_pointer (&copy), …). */
MDB_AVAILABLE_IN_0_1
void      mdb_copy_free    (MdbCopy *copy);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdbCopy, mdb_copy_free)

G_END_DECLS
