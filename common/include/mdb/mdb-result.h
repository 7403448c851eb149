/* SPDX-License-Identifier: MIT */
/* mdb-result.h: a statement's result and typed access to its values. */
#pragma once
#if !defined(MDB_INSIDE) && !defined(MDB_COMPILATION)
# error "Include <mdb/mdb.h>, not this file."
#endif
#include <glib.h>
#include <mdb/mdb-version.h>
#include <mdb/mdb-error.h>

G_BEGIN_DECLS

/* Opaque, immutable once returned: several threads may read one result. */
typedef struct _MdbResult MdbResult;

MDB_AVAILABLE_IN_0_1
void        mdb_result_free           (MdbResult *result);

MDB_AVAILABLE_IN_0_1
int         mdb_result_get_n_rows     (const MdbResult *result);
MDB_AVAILABLE_IN_0_1
int         mdb_result_get_n_columns  (const MdbResult *result);
/* Rows changed by INSERT/UPDATE/DELETE/COPY (the command tag), else 0. */
MDB_AVAILABLE_IN_0_1
gint64      mdb_result_get_affected_rows (const MdbResult *result);
/* The column's name as the server sent it ("createdAt"); borrowed. */
MDB_AVAILABLE_IN_0_1
const char *mdb_result_get_column_name      (const MdbResult *result, int column);
/* The same name mapped to snake_case ("created_at"); borrowed. */
MDB_AVAILABLE_IN_0_1
const char *mdb_result_get_column_snake_name (const MdbResult *result, int column);
MDB_AVAILABLE_IN_0_1
guint32     mdb_result_get_column_type (const MdbResult *result, int column);
/* Index of the column whose snake_case name is @snake_name, or -1.  Names
 * are mapped once per result, so this is a hash lookup. */
MDB_AVAILABLE_IN_0_1
int         mdb_result_find_column    (const MdbResult *result, const char *snake_name);

/* The underlying PGresult (borrowed), for code that wants raw libpq. */
MDB_AVAILABLE_IN_0_1
gpointer    mdb_result_get_pg_result  (const MdbResult *result);

MDB_AVAILABLE_IN_0_1
gboolean    mdb_result_is_null        (const MdbResult *result, int row, int column);

/* Typed getters.  Each fails with MDB_ERROR_DECODE, naming the column, when
 * the value is NULL or the column's type does not fit the C type; values of
 * narrower integer or float types widen.  Returned strings are newly
 * allocated (g_free), byte strings are new GBytes. */
MDB_AVAILABLE_IN_0_1
gboolean mdb_result_get_bool    (const MdbResult *result, int row, int column, gboolean *out, GError **error);
MDB_AVAILABLE_IN_0_1
gboolean mdb_result_get_int32   (const MdbResult *result, int row, int column, gint32 *out, GError **error);
MDB_AVAILABLE_IN_0_1
gboolean mdb_result_get_int64   (const MdbResult *result, int row, int column, gint64 *out, GError **error);
MDB_AVAILABLE_IN_0_1
gboolean mdb_result_get_double  (const MdbResult *result, int row, int column, gdouble *out, GError **error);
/* timestamp, timestamptz, date: µs since the Unix epoch, UTC. */
MDB_AVAILABLE_IN_0_1
gboolean mdb_result_get_timestamp (const MdbResult *result, int row, int column, gint64 *out, GError **error);
/* text, varchar, char, name, enums, json, jsonb, numeric and uuid (canonical
 * form) as text. */
MDB_AVAILABLE_IN_0_1
char    *mdb_result_dup_string  (const MdbResult *result, int row, int column, GError **error);
MDB_AVAILABLE_IN_0_1
GBytes  *mdb_result_dup_bytes   (const MdbResult *result, int row, int column, GError **error);
/* Arrays of string-like types as a NULL-terminated vector (g_strfreev); a
 * NULL element is not representable in a GStrv and is a DECODE error. */
MDB_AVAILABLE_IN_0_1
char   **mdb_result_dup_strv    (const MdbResult *result, int row, int column, GError **error);
/* Arrays of numbers, bools and timestamps as a GArray of the getter's C type
 * (gboolean, gint32, gint64, gdouble); NULL elements are a DECODE error. */
MDB_AVAILABLE_IN_0_1
GArray  *mdb_result_dup_array   (const MdbResult *result, int row, int column, GError **error);

/* Child rows: the composite value (or 1-D array of them) in a cell as a
 * result of its own, one row per record, one column per field, each field's
 * type OID checked (0 = any).  @what names the cell in DECODE errors. */
MDB_AVAILABLE_IN_0_1
MdbResult *mdb_result_dup_records (const MdbResult *result, int row, int column, gboolean array,
                                   const char *const *field_names, const guint32 *field_oids,
                                   int n_fields, const char *what, GError **error);

/* Generated code's check of a result against the offline cache: @n_columns
 * columns of these type OIDs (0 = any, e.g. an enum). */
MDB_AVAILABLE_IN_0_1
gboolean mdb_result_check_shape (const MdbResult *result, const guint32 *oids, int n_columns,
                                 const char *query_name, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdbResult, mdb_result_free)

G_END_DECLS
