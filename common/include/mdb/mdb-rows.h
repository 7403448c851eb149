/* SPDX-License-Identifier: MIT */
/* mdb-rows.h: typed rows that borrow their values from the result they were read from. */
#pragma once
#if !defined(MDB_INSIDE) && !defined(MDB_COMPILATION)
# error "Include <mdb/mdb.h>, not this file."
#endif
#include <glib.h>
#include <mdb/mdb-version.h>
#include <mdb/mdb-error.h>
#include <mdb/mdb-result.h>

G_BEGIN_DECLS

/* A uuid as its 16 bytes, stored inline in a row (no allocation). */
typedef struct {
  guint8 bytes[16];
} MdbUuid;

/* Room for a formatted uuid: 36 characters and the NUL. */
#define MDB_UUID_STRING_SIZE 37

/* Writes @uuid's canonical lower-case form into @out and returns @out. */
MDB_AVAILABLE_IN_0_1
char    *mdb_uuid_format (const MdbUuid *uuid, char out[MDB_UUID_STRING_SIZE]);
/* Parses any form mdb_uuid_normalize() accepts; FALSE with
 * MDB_ERROR_INVALID_INPUT otherwise. */
MDB_AVAILABLE_IN_0_1
gboolean mdb_uuid_parse  (const char *text, MdbUuid *out, GError **error);

/* A bytea value: @data points into the result (or the row's own block);
 * %NULL @data is SQL NULL, an empty value has @data set and @len 0. */
typedef struct {
  const guint8 *data;
  gsize         len;
} MdbBytes;

/* How a column is stored in a row struct.  Generated code describes each
 * row struct with a table of MdbField; hand-written code may do the same. */
typedef enum {
  MDB_FIELD_STRING,     /* const char *: text, varchar, char, name, json, jsonb (in place) */
  MDB_FIELD_UUID,       /* MdbUuid */
  MDB_FIELD_BYTES,      /* MdbBytes, in place */
  MDB_FIELD_BOOL,       /* gboolean */
  MDB_FIELD_INT32,      /* gint32: int2, int4 */
  MDB_FIELD_INT64,      /* gint64: int8 (and int2, int4) */
  MDB_FIELD_DOUBLE,     /* gdouble: float4, float8 */
  MDB_FIELD_TIMESTAMP,  /* gint64 µs since the Unix epoch, UTC: timestamp, timestamptz, date */
  MDB_FIELD_ENUM,       /* a C enum (int): the label's index in MdbField.labels */
  MDB_FIELD_TEXT_COPY,  /* const char *: numeric (or any string type) converted to text,
                         * held by the result */
  MDB_FIELD_STRV,       /* char **: a string array, held by the result */
  MDB_FIELD_ARRAY,      /* GArray *: numbers, bools, timestamps, held by the result */
  MDB_FIELD_CHILDREN,   /* <Item> *: child rows of a composite column (or 1-D array of them,
                         * then a guint count at count_offset), decoded with child_type
                         * into a block held by the result */
} MdbFieldKind;

typedef struct _MdbRowType MdbRowType;

/* One column of a row struct. */
typedef struct {
  const char        *name;         /* the column, for errors ("created_at") */
  const char        *type_name;    /* its type when generated ("int4"), for errors */
  guint32            type_oid;     /* the type it must have; 0 = any (enums) */
  MdbFieldKind       kind;
  gboolean           nullable;     /* FALSE: a NULL is a DECODE error */
  gsize              offset;       /* of the value in the struct */
  gssize             null_offset;  /* of the gboolean <field>_is_null, or -1 (pointer kinds) */
  const char *const *labels;       /* MDB_FIELD_ENUM: the labels in order, NULL-terminated */
  const MdbRowType  *child_type;   /* MDB_FIELD_CHILDREN: the item struct, else NULL */
  gssize             count_offset; /* MDB_FIELD_CHILDREN of an array: the guint count, else -1 */
} MdbField;

/* A row struct: its size and its columns, in result order.  @type_oids,
 * when not NULL, repeats each field's type_oid: the usual check is then one
 * memcmp (a row with an enum, OID 0, takes the per-field path). */
struct _MdbRowType {
  const char     *query_name;       /* for errors */
  const char     *prepare_command;  /* what fixes a stale cache: "mdb prepare libs/x" */
  gsize           row_size;
  guint           n_fields;
  const MdbField *fields;
  const guint32  *type_oids;        /* n_fields OIDs, or NULL */
};

/* Rows of one result in one block.  @rows is an array of @n_rows structs
 * whose pointer fields point into the result the list holds; every value
 * stays valid until mdb_row_list_free().  Generated `…List` types have this
 * layout with a typed @rows. */
typedef struct {
  guint    n_rows;
  gpointer rows;
  /*< private >*/
  MdbResult *result;
} MdbRowList;

/* Checks that @result has @type's columns (count, types, binary format);
 * MDB_ERROR_DECODE naming the first column that differs, the type the
 * cache recorded, the type now, and @type's prepare_command. */
MDB_AVAILABLE_IN_0_1
gboolean    mdb_result_check_row_type (const MdbResult *result, const MdbRowType *type, GError **error);
/* Decodes row @row of @result into @out (@type->row_size bytes).  Pointer
 * fields borrow from @result, which may also come to hold converted values
 * (MDB_FIELD_TEXT_COPY, _STRV, _ARRAY): @out is valid while @result lives. */
MDB_AVAILABLE_IN_0_1
gboolean    mdb_result_decode_row     (MdbResult *result, int row, const MdbRowType *type,
                                       gpointer out, GError **error);

MDB_AVAILABLE_IN_0_1
MdbRowList *mdb_row_list_take (MdbResult *result, const MdbRowType *type, GError **error);
MDB_AVAILABLE_IN_0_1
void        mdb_row_list_free (MdbRowList *list);

MDB_AVAILABLE_IN_0_1
gpointer    mdb_row_take      (MdbResult *result, int row, const MdbRowType *type, GError **error);
MDB_AVAILABLE_IN_0_1
gpointer    mdb_row_dup       (gconstpointer row, const MdbRowType *type);
MDB_AVAILABLE_IN_0_1
void        mdb_row_free      (gpointer row);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdbRowList, mdb_row_list_free)

G_END_DECLS
