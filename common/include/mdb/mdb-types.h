/* SPDX-License-Identifier: MIT */
/* mdb-types.h: the PostgreSQL types libmdb binds and decodes, by OID. */
#pragma once
#if !defined(MDB_INSIDE) && !defined(MDB_COMPILATION)
# error "Include <mdb/mdb.h>, not this file."
#endif
#include <glib.h>
#include <mdb/mdb-version.h>

G_BEGIN_DECLS

/* Built-in type OIDs (stable since PostgreSQL 7; pg_type.dat). */
typedef enum {
  MDB_OID_UNKNOWN     = 0,     /* let the server infer (enums bound as text) */
  MDB_OID_BOOL        = 16,
  MDB_OID_BYTEA       = 17,
  MDB_OID_NAME        = 19,
  MDB_OID_INT8        = 20,
  MDB_OID_INT2        = 21,
  MDB_OID_INT4        = 23,
  MDB_OID_TEXT        = 25,
  MDB_OID_OID         = 26,
  MDB_OID_JSON        = 114,
  MDB_OID_FLOAT4      = 700,
  MDB_OID_FLOAT8      = 701,
  MDB_OID_BPCHAR      = 1042,
  MDB_OID_VARCHAR     = 1043,
  MDB_OID_DATE        = 1082,
  MDB_OID_TIMESTAMP   = 1114,
  MDB_OID_TIMESTAMPTZ = 1184,
  MDB_OID_NUMERIC     = 1700,
  MDB_OID_UUID        = 2950,
  MDB_OID_JSONB       = 3802,
  MDB_OID_BOOL_ARRAY        = 1000,
  MDB_OID_BYTEA_ARRAY       = 1001,
  MDB_OID_INT2_ARRAY        = 1005,
  MDB_OID_INT4_ARRAY        = 1007,
  MDB_OID_TEXT_ARRAY        = 1009,
  MDB_OID_BPCHAR_ARRAY      = 1014,
  MDB_OID_VARCHAR_ARRAY     = 1015,
  MDB_OID_INT8_ARRAY        = 1016,
  MDB_OID_FLOAT4_ARRAY      = 1021,
  MDB_OID_FLOAT8_ARRAY      = 1022,
  MDB_OID_TIMESTAMP_ARRAY   = 1115,
  MDB_OID_DATE_ARRAY        = 1182,
  MDB_OID_TIMESTAMPTZ_ARRAY = 1185,
  MDB_OID_NUMERIC_ARRAY     = 1231,
  MDB_OID_UUID_ARRAY        = 2951,
  MDB_OID_JSON_ARRAY        = 199,
  MDB_OID_JSONB_ARRAY       = 3807,
} MdbOid;

/* Timestamps and dates are gint64 microseconds since 1970-01-01 00:00 UTC;
 * a date is its midnight UTC. */
#define MDB_USEC_PER_SEC G_GINT64_CONSTANT (1000000)

/* Element type of a one-dimensional array OID, or 0 when @array_oid is not
 * an array type libmdb knows. */
MDB_AVAILABLE_IN_0_1
guint32     mdb_oid_array_element (guint32 array_oid);
/* The array OID whose elements are @element_oid, or 0. */
MDB_AVAILABLE_IN_0_1
guint32     mdb_oid_array_of      (guint32 element_oid);
/* The SQL name of a built-in OID ("timestamptz"), or NULL when unknown. */
MDB_AVAILABLE_IN_0_1
const char *mdb_oid_name          (guint32 oid);

/* Canonical lower-case 36-character form of a UUID written in any common
 * form (upper case, braces, no dashes); NULL + MDB_ERROR_INVALID_INPUT when
 * it is not a UUID. */
MDB_AVAILABLE_IN_0_1
char       *mdb_uuid_normalize    (const char *text, GError **error);

G_END_DECLS
