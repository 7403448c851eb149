/* SPDX-License-Identifier: MIT */
/* mdb-params.h: a list of statement parameters, encoded in binary. */
#pragma once
#if !defined(MDB_INSIDE) && !defined(MDB_COMPILATION)
# error "Include <mdb/mdb.h>, not this file."
#endif
#include <glib.h>
#include <mdb/mdb-version.h>
#include <mdb/mdb-error.h>

G_BEGIN_DECLS

/* Opaque. Not thread-safe: one thread builds and uses a list at a time. */
typedef struct _MdbParams MdbParams;

MDB_AVAILABLE_IN_0_1
MdbParams *mdb_params_new   (void);
MDB_AVAILABLE_IN_0_1
void       mdb_params_free  (MdbParams *params);
/* Forget every parameter but keep the buffers, to build the next list. */
MDB_AVAILABLE_IN_0_1
void       mdb_params_clear (MdbParams *params);
MDB_AVAILABLE_IN_0_1
guint      mdb_params_get_length (const MdbParams *params);

/* Each add appends parameter $N+1.  Values are copied.  A NULL pointer
 * argument binds SQL NULL.  Invalid values (a malformed uuid, a numeric that
 * is not a number) are remembered and reported as MDB_ERROR_INVALID_INPUT,
 * naming the parameter, when the list is executed or checked. */
MDB_AVAILABLE_IN_0_1
void mdb_params_add_null        (MdbParams *params, guint32 type_oid);
MDB_AVAILABLE_IN_0_1
void mdb_params_add_text        (MdbParams *params, const char *value);
MDB_AVAILABLE_IN_0_1
void mdb_params_add_uuid        (MdbParams *params, const char *value);
MDB_AVAILABLE_IN_0_1
void mdb_params_add_bool        (MdbParams *params, gboolean value);
MDB_AVAILABLE_IN_0_1
void mdb_params_add_int2        (MdbParams *params, gint16 value);
MDB_AVAILABLE_IN_0_1
void mdb_params_add_int4        (MdbParams *params, gint32 value);
MDB_AVAILABLE_IN_0_1
void mdb_params_add_int8        (MdbParams *params, gint64 value);
MDB_AVAILABLE_IN_0_1
void mdb_params_add_float4      (MdbParams *params, gfloat value);
MDB_AVAILABLE_IN_0_1
void mdb_params_add_float8      (MdbParams *params, gdouble value);
/* numeric as decimal text ("-12.50", "NaN"). */
MDB_AVAILABLE_IN_0_1
void mdb_params_add_numeric     (MdbParams *params, const char *value);
/* µs since the Unix epoch, UTC. */
MDB_AVAILABLE_IN_0_1
void mdb_params_add_timestamptz (MdbParams *params, gint64 usec);
MDB_AVAILABLE_IN_0_1
void mdb_params_add_timestamp   (MdbParams *params, gint64 usec);
/* the UTC day containing @usec. */
MDB_AVAILABLE_IN_0_1
void mdb_params_add_date        (MdbParams *params, gint64 usec);
MDB_AVAILABLE_IN_0_1
void mdb_params_add_json        (MdbParams *params, const char *json);
MDB_AVAILABLE_IN_0_1
void mdb_params_add_jsonb       (MdbParams *params, const char *json);
MDB_AVAILABLE_IN_0_1
void mdb_params_add_bytea       (MdbParams *params, GBytes *value);
/* An enum label, sent as text of unknown type so the server casts it. */
MDB_AVAILABLE_IN_0_1
void mdb_params_add_enum        (MdbParams *params, const char *label);

/* One-dimensional arrays.  A NULL array binds SQL NULL.  @nulls, when not
 * NULL, marks NULL elements (numeric arrays); string arrays use NULL
 * elements.  @n < 0 means @values is NULL-terminated (string arrays only). */
MDB_AVAILABLE_IN_0_1
void mdb_params_add_text_array   (MdbParams *params, const char *const *values, gssize n);
MDB_AVAILABLE_IN_0_1
void mdb_params_add_uuid_array   (MdbParams *params, const char *const *values, gssize n);
/* Enum labels; @array_type_oid is the enum's array type, or 0 for text[]
 * (then cast in SQL: :labels::my_enum[]). */
MDB_AVAILABLE_IN_0_1
void mdb_params_add_enum_array   (MdbParams *params, guint32 array_type_oid,
                                  const char *const *labels, gssize n);
MDB_AVAILABLE_IN_0_1
void mdb_params_add_bool_array   (MdbParams *params, const gboolean *values, const gboolean *nulls, gsize n);
MDB_AVAILABLE_IN_0_1
void mdb_params_add_int2_array   (MdbParams *params, const gint16 *values, const gboolean *nulls, gsize n);
MDB_AVAILABLE_IN_0_1
void mdb_params_add_int4_array   (MdbParams *params, const gint32 *values, const gboolean *nulls, gsize n);
MDB_AVAILABLE_IN_0_1
void mdb_params_add_int8_array   (MdbParams *params, const gint64 *values, const gboolean *nulls, gsize n);
MDB_AVAILABLE_IN_0_1
void mdb_params_add_float8_array (MdbParams *params, const gdouble *values, const gboolean *nulls, gsize n);
MDB_AVAILABLE_IN_0_1
void mdb_params_add_timestamptz_array (MdbParams *params, const gint64 *values, const gboolean *nulls, gsize n);
MDB_AVAILABLE_IN_0_1
void mdb_params_add_timestamp_array (MdbParams *params, const gint64 *values, const gboolean *nulls, gsize n);
MDB_AVAILABLE_IN_0_1
void mdb_params_add_date_array   (MdbParams *params, const gint64 *values, const gboolean *nulls, gsize n);
MDB_AVAILABLE_IN_0_1
void mdb_params_add_float4_array (MdbParams *params, const gfloat *values, const gboolean *nulls, gsize n);
/* Enum labels as an untyped text array: the server types it from the
 * statement (the enum's array type), so no OID and no cast is needed. */
MDB_AVAILABLE_IN_0_1
void mdb_params_add_enum_labels  (MdbParams *params, const char *const *labels, gssize n);

/* Reports the first invalid parameter, if any. */
MDB_AVAILABLE_IN_0_1
gboolean mdb_params_check (const MdbParams *params, GError **error);

/* Raw access for executors (all parameters are binary format, or text for
 * enums bound with type 0).  Borrowed; valid until the list changes. */
MDB_AVAILABLE_IN_0_1
const guint32     *mdb_params_get_types   (const MdbParams *params);
MDB_AVAILABLE_IN_0_1
const char *const *mdb_params_get_values  (const MdbParams *params);
MDB_AVAILABLE_IN_0_1
const int         *mdb_params_get_lengths (const MdbParams *params);
MDB_AVAILABLE_IN_0_1
const int         *mdb_params_get_formats (const MdbParams *params);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdbParams, mdb_params_free)

G_END_DECLS
