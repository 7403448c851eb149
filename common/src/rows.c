/* SPDX-License-Identifier: MIT */
/* Typed rows decoded in place: pointer fields borrow from the result, one block per result. */
#include <string.h>
#include "mdb-private.h"
#include "values-private.h"
#include "result-private.h"
#include "spare-private.h"

/* An owned single row (mdb_row_take, mdb_row_dup) sits behind this header
 * in one block; the caller sees only the row.  32 bytes keep the row
 * aligned for any field type. */
typedef struct {
  guint32    magic;
  gboolean   spare_sized;  /* MDB__SPARE_ROW_SIZE bytes: may become the thread's spare */
  MdbResult *result;       /* what the row borrows from; NULL for a copy */
  GArray    *owned;        /* a copy's separate allocations (Owned), or NULL */
} RowHeader;

/* What a copy owns besides its block: number arrays and child rows. */
typedef struct {
  gpointer       data;
  GDestroyNotify destroy;
} Owned;

static gpointer
own (RowHeader *header, gpointer data, GDestroyNotify destroy)
{
  Owned o = { data, destroy };

  if (header->owned == NULL)
    header->owned = g_array_new (FALSE, FALSE, sizeof (Owned));
  g_array_append_val (header->owned, o);
  return data;
}

#define ROW_MAGIC   0x4d44520bu
#define HEADER_SIZE 32
G_STATIC_ASSERT (sizeof (RowHeader) <= HEADER_SIZE);

/* The list header, then the rows, 16-byte aligned. */
#define LIST_SIZE ((sizeof (MdbRowList) + 15) & ~(gsize) 15)

static RowHeader *
header_of (gconstpointer row)
{
  return (RowHeader *) ((guint8 *) row - HEADER_SIZE);
}

/* ---- uuid ----------------------------------------------------------------- */

/**
 * mdb_uuid_format:
 * @uuid: a uuid
 * @out: (out caller-allocates): room for %MDB_UUID_STRING_SIZE bytes
 *
 * Writes the canonical lower-case form ("0f8e…-…").  No allocation.
 *
 * Returns: (transfer none): @out
 * Since: 0.1
 */
char *
mdb_uuid_format (const MdbUuid *uuid, char out[MDB_UUID_STRING_SIZE])
{
  g_return_val_if_fail (uuid != NULL, NULL);
  g_return_val_if_fail (out != NULL, NULL);
  mdb__uuid_format (uuid->bytes, out);
  return out;
}

/**
 * mdb_uuid_parse:
 * @text: a uuid in any form mdb_uuid_normalize() accepts
 * @out: (out caller-allocates): the uuid
 * @error: return location for a #GError
 *
 * Returns: %TRUE, or %FALSE with %MDB_ERROR_INVALID_INPUT when @text is not
 *   a uuid (@out is then unchanged)
 * Since: 0.1
 */
gboolean
mdb_uuid_parse (const char *text, MdbUuid *out, GError **error)
{
  guint8 bytes[16];

  g_return_val_if_fail (out != NULL, FALSE);
  if (text == NULL || !mdb__uuid_parse (text, bytes))
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "'%.64s' is not a uuid",
                   text != NULL ? text : "(null)");
      return FALSE;
    }
  memcpy (out->bytes, bytes, 16);
  return TRUE;
}

/* ---- the shape check ------------------------------------------------------ */

static const char *
type_name (guint32 oid, char buf[24])
{
  const char *name = mdb_oid_name (oid);

  if (name != NULL)
    return name;
  g_snprintf (buf, 24, "oid %u", oid);
  return buf;
}

/**
 * mdb_result_check_row_type:
 * @result: a result
 * @type: the row struct it is read into
 * @error: return location for a #GError
 *
 * Checks that @result has @type's columns: their number, each type (a field
 * of type 0, an enum, takes any) and the binary format rows are decoded
 * from.  A schema changed since `mdb prepare` is then an error naming the
 * column instead of a misread value:
 * `query q: column 1 "id": int4 in the cache, int8 now; run: mdb prepare libs/x`.
 *
 * Returns: %TRUE, or %FALSE with %MDB_ERROR_DECODE
 * Since: 0.1
 */
gboolean
mdb_result_check_row_type (const MdbResult *result, const MdbRowType *type, GError **error)
{
  char buf[24];

  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (type != NULL, FALSE);

  if ((guint) result->n_columns != type->n_fields)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_DECODE,
                   "query %s: the result has %d columns, the cache %u; run: %s", type->query_name,
                   result->n_columns, type->n_fields, type->prepare_command);
      return FALSE;
    }
  if (type->type_oids != NULL && result->binary
      && memcmp (type->type_oids, result->types, type->n_fields * sizeof (guint32)) == 0)
    return TRUE;
  for (guint c = 0; c < type->n_fields; c++)
    {
      const MdbField *f = &type->fields[c];

      if (f->type_oid != result->types[c] && f->type_oid != 0)
        {
          g_set_error (error, MDB_ERROR, MDB_ERROR_DECODE,
                       "query %s: column %u \"%s\": %s in the cache, %s now; run: %s", type->query_name,
                       c + 1, f->name, f->type_name, type_name (result->types[c], buf), type->prepare_command);
          return FALSE;
        }
      if (!result->binary && result->formats[c] != 1)
        {
          g_set_error (error, MDB_ERROR, MDB_ERROR_DECODE,
                       "query %s: column %u \"%s\" came in text format; typed rows need binary results",
                       type->query_name, c + 1, f->name);
          return FALSE;
        }
    }
  return TRUE;
}

/* ---- decoding one row ------------------------------------------------------ */

static guint32
be32 (const char *p)
{
  guint32 v;

  memcpy (&v, p, 4);
  return GUINT32_FROM_BE (v);
}

static guint64
be64 (const char *p)
{
  guint64 v;

  memcpy (&v, p, 8);
  return GUINT64_FROM_BE (v);
}

/* Kept out of line: the loop below stays small. */
static G_GNUC_NO_INLINE gboolean
field_error (const MdbRowType *type, const MdbField *f, int row, const char *what, GError **error)
{
  g_set_error (error, MDB_ERROR, MDB_ERROR_DECODE, "query %s: row %d, column \"%s\" (%s): %s",
               type->query_name, row, f->name, f->type_name, what);
  return FALSE;
}

/* A NULL in a nullable field: the value 0 (NULL for pointers) and its
 * _is_null flag set. */
static inline void
store_null (const MdbField *f, guint8 *out)
{
  switch (f->kind)
    {
    case MDB_FIELD_STRING:
    case MDB_FIELD_TEXT_COPY:
    case MDB_FIELD_STRV:
    case MDB_FIELD_ARRAY:
    case MDB_FIELD_CHILDREN:
      *(gpointer *) (out + f->offset) = NULL;
      if (f->count_offset > 0 && f->kind == MDB_FIELD_CHILDREN)
        *(guint *) (out + f->count_offset) = 0;
      break;
    case MDB_FIELD_BYTES:
      *(MdbBytes *) (out + f->offset) = (MdbBytes) { NULL, 0 };
      break;
    case MDB_FIELD_UUID:
      memset (out + f->offset, 0, sizeof (MdbUuid));
      break;
    case MDB_FIELD_DOUBLE:
      *(gdouble *) (out + f->offset) = 0;
      break;
    case MDB_FIELD_INT64:
    case MDB_FIELD_TIMESTAMP:
      *(gint64 *) (out + f->offset) = 0;
      break;
    case MDB_FIELD_BOOL:
    case MDB_FIELD_INT32:
    case MDB_FIELD_ENUM:
    default:
      *(gint32 *) (out + f->offset) = 0;
      break;
    }
  if (f->null_offset >= 0)
    *(gboolean *) (out + f->null_offset) = TRUE;
}

static G_GNUC_NO_INLINE gboolean
set_null (const MdbRowType *type, const MdbField *f, int row, guint8 *out, GError **error)
{
  if (!f->nullable)
    return field_error (type, f, row, "NULL, but the cache says NOT NULL; run mdb prepare", error);
  store_null (f, out);
  return TRUE;
}

static inline gboolean
decode_integer (guint32 oid, const char *v, int len, gint64 *out)
{
  if (oid == MDB_OID_INT8 && len == 8)
    *out = (gint64) be64 (v);
  else if (oid == MDB_OID_INT4 && len == 4)
    *out = (gint32) be32 (v);
  else if (oid == MDB_OID_INT2 && len == 2)
    *out = (gint16) (guint16) ((guint8) v[0] << 8 | (guint8) v[1]);
  else
    return FALSE;
  return TRUE;
}

static inline gboolean
decode_double (guint32 oid, const char *v, int len, gdouble *out)
{
  if (oid == MDB_OID_FLOAT8 && len == 8)
    {
      guint64 bits = be64 (v);

      memcpy (out, &bits, 8);
    }
  else if (oid == MDB_OID_FLOAT4 && len == 4)
    {
      guint32 bits = be32 (v);
      gfloat f;

      memcpy (&f, &bits, 4);
      *out = f;
    }
  else
    return FALSE;
  return TRUE;
}

/* The server's infinities become the gint64 extremes, as in
 * mdb_result_get_timestamp(). */
static inline gboolean
decode_timestamp (guint32 oid, const char *v, int len, gint64 *out)
{
  if (oid == MDB_OID_DATE)
    {
      if (len != 4)
        return FALSE;
      gint32 days = (gint32) be32 (v);

      if (days == G_MAXINT32 || days == G_MININT32)
        *out = days == G_MAXINT32 ? G_MAXINT64 : G_MININT64;
      else
        *out = ((gint64) days + MDB__PG_EPOCH_DAYS) * MDB__USEC_PER_DAY;
      return TRUE;
    }
  if (len != 8)
    return FALSE;
  *out = (gint64) be64 (v);
  if (*out != G_MAXINT64 && *out != G_MININT64)
    {
      if (*out > G_MAXINT64 - MDB__PG_EPOCH_USEC)
        return FALSE;
      *out += MDB__PG_EPOCH_USEC;
    }
  return TRUE;
}

static inline gboolean
decode_enum (const MdbField *f, const char *v, gint32 *out)
{
  for (gint32 k = 0; f->labels[k] != NULL; k++)
    if (strcmp (v, f->labels[k]) == 0)
      {
        *out = k;
        return TRUE;
      }
  return FALSE;
}

#define CHILD_FIELDS_ON_STACK 32

/* What an empty array of child rows points to: no records, but not NULL,
 * as an empty decoded list's rows are not. */
static const guint64 no_children[1];

/* A binary array cell of zero dimensions: PostgreSQL's empty array. */
static inline gboolean
is_empty_array (const MdbResult *result, int row, int c)
{
  const guint8 *p = (const guint8 *) PQgetvalue (result->res, row, c);

  return PQfformat (result->res, c) == 1 && PQgetlength (result->res, row, c) >= 4
         && (p[0] | p[1] | p[2] | p[3]) == 0;
}

/* Child rows: the composite cell read as records (mdb_result_dup_records()
 * checks each field's type), decoded into one block of item structs with
 * the item's own row type.  The parent's result holds that block. */
static gboolean
decode_children (MdbResult *result, int row, int c, const MdbField *f, guint8 *out, GError **error)
{
  const MdbRowType *item = f->child_type;
  /* Per cell, on the decode path: the field lists and the error context
   * live on the stack for the usual item sizes instead of three allocations. */
  const char *names_buf[CHILD_FIELDS_ON_STACK + 1];
  guint32 oids_buf[CHILD_FIELDS_ON_STACK + 1];
  g_autofree const char **names_heap = NULL;
  g_autofree guint32 *oids_heap = NULL;
  const char **names = names_buf;
  guint32 *oids = oids_buf;
  char what[256];
  MdbResult *records;
  MdbRowList *list;

  /* No records to read (often most rows: a property that selects no
   * option), so no child result to build, check and keep; the header's
   * element type is not checked, as an empty result's columns never were. */
  if (f->count_offset >= 0 && is_empty_array (result, row, c))
    {
      *(gconstpointer *) (out + f->offset) = no_children;
      *(guint *) (out + f->count_offset) = 0;
      return TRUE;
    }
  if (item->n_fields > CHILD_FIELDS_ON_STACK)
    {
      names = names_heap = g_new (const char *, item->n_fields + 1);
      oids = oids_heap = g_new (guint32, item->n_fields + 1);
    }
  for (guint k = 0; k < item->n_fields; k++)
    {
      names[k] = item->fields[k].name;
      oids[k] = item->fields[k].type_oid;
    }
  /* The error context is formatted only for an error (once per cell it
   * cost as much as reading a small record): reading the cell again with
   * it gives the same error, now naming the query and column. */
  records = mdb_result_dup_records (result, row, c, f->count_offset >= 0, names, oids, (int) item->n_fields,
                                    NULL, NULL);
  if (records == NULL)
    {
      g_snprintf (what, sizeof what, "query %s, column %s", item->query_name, f->name);
      records = mdb_result_dup_records (result, row, c, f->count_offset >= 0, names, oids, (int) item->n_fields,
                                        what, error);
    }
  if (records == NULL || (list = mdb_row_list_take (records, item, error)) == NULL)
    return FALSE;
  mdb__result_keep (result, list, (GDestroyNotify) mdb_row_list_free);
  *(gpointer *) (out + f->offset) = list->n_rows > 0 || f->count_offset >= 0 ? list->rows : NULL;
  if (f->count_offset >= 0)
    *(guint *) (out + f->count_offset) = list->n_rows;
  return TRUE;
}

/* The kinds the PGresult cannot hold in place: decoded by the generic
 * getters and kept by the result. */
static gboolean
decode_kept (MdbResult *result, int row, int c, const MdbField *f, guint8 *out, GError **error)
{
  gpointer value;
  GDestroyNotify destroy;

  switch (f->kind)
    {
    case MDB_FIELD_CHILDREN:
      return decode_children (result, row, c, f, out, error);
    case MDB_FIELD_TEXT_COPY:
      value = mdb_result_dup_string (result, row, c, error);
      destroy = g_free;
      break;
    case MDB_FIELD_STRV:
      value = mdb_result_dup_strv (result, row, c, error);
      destroy = (GDestroyNotify) g_strfreev;
      break;
    default:
      value = mdb_result_dup_array (result, row, c, error);
      destroy = (GDestroyNotify) g_array_unref;
      break;
    }
  if (value == NULL)
    return FALSE;
  mdb__result_keep (result, value, destroy);
  *(gpointer *) (out + f->offset) = value;
  return TRUE;
}

/* A cell that did not read as its kind: a NULL (allowed or not) or a
 * malformed value.  Out of line: the loops below stay small. */
static G_GNUC_NO_INLINE gboolean
odd_cell (const MdbResult *result, const MdbRowType *type, const MdbField *f, int r, int c, guint8 *row,
          GError **error)
{
  if (PQgetisnull (result->res, r, c))
    return set_null (type, f, r, row, error);
  return field_error (type, f, r, "malformed value or a type the field cannot hold", error);
}

/* The decoders below walk one column over rows @first … @end - 1, the
 * first stored at @row: the kind is looked at once per column, and each
 * cell costs the libpq calls a hand-written loop makes, plus a length
 * check where a fixed-size value is read. */
typedef struct {
  const MdbResult  *result;
  const MdbRowType *type;
  const MdbField   *f;
  int               c;
  int               first, end;
  guint8           *row;
} Column;

/* Visits each row of @col with `r` (its index), `row` (its struct) and
 * `v` (the value, read only when @LEN is not 0, which it must then have);
 * @READ stores it, FALSE for a malformed value.  A NULL in a field with an
 * _is_null flag is handled inline (@ZERO clears the value: a nullable
 * column is often mostly NULL); other NULLs and bad values go to
 * odd_cell(). */
#define COLUMN_LOOP_Z(col, error, LEN, READ, ZERO)                                       \
  G_STMT_START {                                                                         \
    const PGresult *res_ = (col)->result->res;                                           \
    gsize size_ = (col)->type->row_size;                                                 \
    gssize flag_ = (col)->f->null_offset;                                                \
    guint8 *row = (col)->row;                                                            \
    for (int r = (col)->first; r < (col)->end; r++, row += size_)                        \
      {                                                                                  \
        const char *v;                                                                   \
        if (((LEN) == 0 || PQgetlength (res_, r, (col)->c) == (LEN))                     \
            && (v = PQgetvalue (res_, r, (col)->c), (READ)))                             \
          {                                                                              \
            if (flag_ >= 0)                                                              \
              *(gboolean *) (row + flag_) = FALSE;                                       \
          }                                                                              \
        else if (flag_ >= 0 && PQgetisnull (res_, r, (col)->c))                          \
          {                                                                              \
            ZERO;                                                                        \
            *(gboolean *) (row + flag_) = TRUE;                                          \
          }                                                                              \
        else if (!odd_cell ((col)->result, (col)->type, (col)->f, r, (col)->c, row, (error))) \
          return FALSE;                                                                  \
      }                                                                                  \
  } G_STMT_END

/* For kinds without an _is_null flag (pointers: NULL is the NULL). */
#define COLUMN_LOOP(col, error, LEN, READ) COLUMN_LOOP_Z (col, error, LEN, READ, (void) 0)

#define DEST(type) (*(type *) (row + f->offset))

/* Strings in place; a NULL reads as "" (then asked), binary jsonb starts
 * with its version byte, 1. */
static gboolean
decode_strings (const Column *col, GError **error)
{
  const MdbField *f = col->f;

  if (col->result->types[col->c] == MDB_OID_JSONB)
    COLUMN_LOOP (col, error, 0, v[0] == 1 && (DEST (const char *) = v + 1, TRUE));
  else
    COLUMN_LOOP (col, error, 0, (v[0] != '\0' || !PQgetisnull (res_, r, col->c)) && (DEST (const char *) = v, TRUE));
  return TRUE;
}

static gboolean
decode_enums (const Column *col, GError **error)
{
  const MdbField *f = col->f;

  COLUMN_LOOP_Z (col, error, 0, v[0] != '\0' && decode_enum (f, v, &DEST (gint32)), DEST (gint32) = 0);
  return TRUE;
}

static gboolean
decode_bytes (const Column *col, GError **error)
{
  const MdbField *f = col->f;
  int len;

  COLUMN_LOOP (col, error, 0, ((len = PQgetlength (res_, r, col->c)) > 0 || !PQgetisnull (res_, r, col->c))
                              && (DEST (MdbBytes) = (MdbBytes) { (const guint8 *) v, (gsize) len }, TRUE));
  return TRUE;
}

static inline gint64
read_be64 (const char *v)
{
  return (gint64) be64 (v);
}

/* Fixed-size values: a loop per (kind, type), so a cell is a length
 * check, a read and a store. */
static gboolean
decode_fixed (const Column *col, GError **error)
{
  const MdbField *f = col->f;
  guint32 oid = col->result->types[col->c];

  switch (f->kind)
    {
    case MDB_FIELD_UUID:
      if (oid != MDB_OID_UUID)
        break;
      COLUMN_LOOP_Z (col, error, 16, (memcpy (&DEST (MdbUuid), v, 16), TRUE),
                     memset (&DEST (MdbUuid), 0, sizeof (MdbUuid)));
      return TRUE;
    case MDB_FIELD_BOOL:
      if (oid != MDB_OID_BOOL)
        break;
      COLUMN_LOOP_Z (col, error, 1, (DEST (gboolean) = v[0] != 0, TRUE), DEST (gboolean) = FALSE);
      return TRUE;
    case MDB_FIELD_TIMESTAMP:
      if (oid == MDB_OID_DATE)
        COLUMN_LOOP_Z (col, error, 4, decode_timestamp (oid, v, 4, &DEST (gint64)), DEST (gint64) = 0);
      else if (oid == MDB_OID_TIMESTAMP || oid == MDB_OID_TIMESTAMPTZ)
        COLUMN_LOOP_Z (col, error, 8, (DEST (gint64) = read_be64 (v),
                                       DEST (gint64) == G_MAXINT64 || DEST (gint64) == G_MININT64
                                       || (DEST (gint64) <= G_MAXINT64 - MDB__PG_EPOCH_USEC
                                           && (DEST (gint64) += MDB__PG_EPOCH_USEC, TRUE))),
                       DEST (gint64) = 0);
      else
        break;
      return TRUE;
    case MDB_FIELD_INT64:
      if (oid == MDB_OID_INT8)
        COLUMN_LOOP_Z (col, error, 8, (DEST (gint64) = read_be64 (v), TRUE), DEST (gint64) = 0);
      else if (oid == MDB_OID_INT4 || oid == MDB_OID_INT2)
        COLUMN_LOOP_Z (col, error, oid == MDB_OID_INT4 ? 4 : 2,
                       decode_integer (oid, v, oid == MDB_OID_INT4 ? 4 : 2, &DEST (gint64)), DEST (gint64) = 0);
      else
        break;
      return TRUE;
    case MDB_FIELD_INT32:
      {
        gint64 wide;

        if (oid != MDB_OID_INT4 && oid != MDB_OID_INT2)
          break;
        COLUMN_LOOP_Z (col, error, oid == MDB_OID_INT4 ? 4 : 2,
                       decode_integer (oid, v, oid == MDB_OID_INT4 ? 4 : 2, &wide) && (DEST (gint32) = (gint32) wide, TRUE),
                       DEST (gint32) = 0);
        return TRUE;
      }
    case MDB_FIELD_DOUBLE:
      if (oid != MDB_OID_FLOAT4 && oid != MDB_OID_FLOAT8)
        break;
      COLUMN_LOOP_Z (col, error, oid == MDB_OID_FLOAT8 ? 8 : 4,
                     decode_double (oid, v, oid == MDB_OID_FLOAT8 ? 8 : 4, &DEST (gdouble)), DEST (gdouble) = 0);
      return TRUE;
    default:
      break;
    }
  if (col->first < col->end)
    return field_error (col->type, f, col->first, "a type the field cannot hold", error);
  return TRUE;
}

/* Numeric text and arrays, converted by the generic getters: their own
 * errors stand (not odd_cell()'s). */
static gboolean
decode_kept_column (const Column *col, GError **error)
{
  guint8 *row = col->row;

  for (int r = col->first; r < col->end; r++, row += col->type->row_size)
    {
      if (PQgetisnull (col->result->res, r, col->c))
        {
          if (!set_null (col->type, col->f, r, row, error))
            return FALSE;
          continue;
        }
      if (!decode_kept ((MdbResult *) col->result, r, col->c, col->f, row, error))
        return FALSE;
      if (col->f->null_offset >= 0)
        *(gboolean *) (row + col->f->null_offset) = FALSE;
    }
  return TRUE;
}

#undef DEST

/* One cell of a single row: FALSE for a NULL or a malformed value (then
 * odd_cell()).  The same rules as the column loops above, with the kind
 * looked at per cell: a single row cannot amortise a loop per column. */
static inline gboolean
read_cell (const PGresult *res, int r, int c, const MdbField *f, guint32 oid, guint8 *dest)
{
  const char *v;
  gint64 wide;
  int len;

  switch (f->kind)
    {
    case MDB_FIELD_STRING:
      v = PQgetvalue (res, r, c);
      if (oid == MDB_OID_JSONB)
        return v[0] == 1 && (*(const char **) dest = v + 1, TRUE);
      return (v[0] != '\0' || !PQgetisnull (res, r, c)) && (*(const char **) dest = v, TRUE);
    case MDB_FIELD_UUID:
      return oid == MDB_OID_UUID && PQgetlength (res, r, c) == 16
             && (memcpy (dest, PQgetvalue (res, r, c), 16), TRUE);
    case MDB_FIELD_BOOL:
      return oid == MDB_OID_BOOL && PQgetlength (res, r, c) == 1
             && (*(gboolean *) dest = PQgetvalue (res, r, c)[0] != 0, TRUE);
    case MDB_FIELD_TIMESTAMP:
      len = PQgetlength (res, r, c);
      return (oid == MDB_OID_TIMESTAMPTZ || oid == MDB_OID_TIMESTAMP || oid == MDB_OID_DATE) && len > 0
             && decode_timestamp (oid, PQgetvalue (res, r, c), len, (gint64 *) dest);
    case MDB_FIELD_INT64:
      len = PQgetlength (res, r, c);
      return len > 0 && decode_integer (oid, PQgetvalue (res, r, c), len, (gint64 *) dest);
    case MDB_FIELD_INT32:
      len = PQgetlength (res, r, c);
      return oid != MDB_OID_INT8 && len > 0 && decode_integer (oid, PQgetvalue (res, r, c), len, &wide)
             && (*(gint32 *) dest = (gint32) wide, TRUE);
    case MDB_FIELD_DOUBLE:
      len = PQgetlength (res, r, c);
      return len > 0 && decode_double (oid, PQgetvalue (res, r, c), len, (gdouble *) dest);
    case MDB_FIELD_BYTES:
      len = PQgetlength (res, r, c);
      return (len > 0 || !PQgetisnull (res, r, c))
             && (*(MdbBytes *) dest = (MdbBytes) { (const guint8 *) PQgetvalue (res, r, c), (gsize) len }, TRUE);
    case MDB_FIELD_ENUM:
      v = PQgetvalue (res, r, c);
      return v[0] != '\0' && decode_enum (f, v, (gint32 *) dest);
    default:
      return FALSE;
    }
}

static gboolean
decode_single_row (MdbResult *result, int r, const MdbRowType *type, guint8 *row, GError **error)
{
  const PGresult *res = result->res;
  const guint32 *types = result->types;
  const MdbField *f = type->fields;

  for (int c = 0; c < (int) type->n_fields; c++, f++)
    {
      if (G_LIKELY (f->kind < MDB_FIELD_TEXT_COPY))
        {
          if (G_LIKELY (read_cell (res, r, c, f, types[c], row + f->offset)))
            {
              if (f->null_offset >= 0)
                *(gboolean *) (row + f->null_offset) = FALSE;
            }
          /* a nullable value column: NULL is no odd cell */
          else if (f->null_offset >= 0 && f->nullable && PQgetisnull (res, r, c))
            store_null (f, row);
          else if (!odd_cell (result, type, f, r, c, row, error))
            return FALSE;
        }
      else
        {
          Column col = { result, type, f, c, r, r + 1, row };

          if (!decode_kept_column (&col, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* Rows @first … @first + @n - 1 of @result into @rows, column by column. */
static gboolean
decode_rows (MdbResult *result, int first, int n, const MdbRowType *type, guint8 *rows, GError **error)
{
  if (n == 1)
    return decode_single_row (result, first, type, rows, error);
  for (guint c = 0; c < type->n_fields; c++)
    {
      Column col = { result, type, &type->fields[c], (int) c, first, first + n, rows };
      gboolean ok;

      switch (col.f->kind)
        {
        case MDB_FIELD_STRING:
          ok = decode_strings (&col, error);
          break;
        case MDB_FIELD_ENUM:
          ok = decode_enums (&col, error);
          break;
        case MDB_FIELD_BYTES:
          ok = decode_bytes (&col, error);
          break;
        case MDB_FIELD_TEXT_COPY:
        case MDB_FIELD_STRV:
        case MDB_FIELD_ARRAY:
        case MDB_FIELD_CHILDREN:
          ok = decode_kept_column (&col, error);
          break;
        default:
          ok = decode_fixed (&col, error);
          break;
        }
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

/**
 * mdb_result_decode_row:
 * @result: a result that passed mdb_result_check_row_type() for @type
 * @row: a row index
 * @type: the row struct
 * @out: (out caller-allocates): @type->row_size bytes
 * @error: return location for a #GError
 *
 * Decodes one row into @out without allocating for strings, json, bytea
 * and uuids: pointer fields point into @result.  Numeric text and arrays
 * are converted once and kept by @result.  @out stays valid as long as
 * @result.
 *
 * Returns: %TRUE, or %FALSE with %MDB_ERROR_DECODE naming the column
 * Since: 0.1
 */
gboolean
mdb_result_decode_row (MdbResult *result, int row, const MdbRowType *type, gpointer out, GError **error)
{
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (type != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail ((guint) result->n_columns == type->n_fields, FALSE);

  if (row < 0 || row >= result->n_rows)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_DECODE, "query %s: no row %d (%d rows)", type->query_name,
                   row, result->n_rows);
      return FALSE;
    }
  return decode_rows (result, row, 1, type, out, error);
}

/* ---- lists ------------------------------------------------------------------- */

/**
 * mdb_row_list_take:
 * @result: (transfer full): a result
 * @type: its row struct
 * @error: return location for a #GError
 *
 * Decodes every row of @result into one block of @type structs and hands
 * @result to the list: strings, json, bytea point into it, so a 1000-row
 * result costs one allocation, not one per value.  Checks the shape first
 * (mdb_result_check_row_type()).
 *
 * Returns: (transfer full) (nullable): the list, for mdb_row_list_free();
 *   %NULL with %MDB_ERROR_DECODE (@result is then freed)
 * Since: 0.1
 */
MdbRowList *
mdb_row_list_take (MdbResult *result, const MdbRowType *type, GError **error)
{
  MdbRowList *list;

  g_return_val_if_fail (result != NULL, NULL);
  g_return_val_if_fail (type != NULL, NULL);

  if (!mdb_result_check_row_type (result, type, error))
    {
      mdb_result_free (result);
      return NULL;
    }
  list = g_malloc (LIST_SIZE + (gsize) result->n_rows * type->row_size);
  list->n_rows = (guint) result->n_rows;
  list->rows = (guint8 *) list + LIST_SIZE;
  list->result = result;
  if (!decode_rows (result, 0, result->n_rows, type, list->rows, error))
    {
      mdb_row_list_free (list);
      return NULL;
    }
  return list;
}

/**
 * mdb_row_list_free:
 * @list: (nullable) (transfer full): a list from mdb_row_list_take()
 *
 * Frees the rows and the result they borrow from.  Rows copied with
 * mdb_row_dup() live on.
 *
 * Since: 0.1
 */
void
mdb_row_list_free (MdbRowList *list)
{
  if (list == NULL)
    return;
  mdb_result_free (list->result);
  g_free (list);
}

/* ---- single rows ----------------------------------------------------------- */

/**
 * mdb_row_take:
 * @result: (transfer full): a result
 * @row: the row to keep
 * @type: its row struct
 * @error: return location for a #GError
 *
 * Decodes row @row into a block that owns @result (checked first with
 * mdb_result_check_row_type()): the returned row's strings point into it.
 *
 * Returns: (transfer full) (nullable): the row, for mdb_row_free(); %NULL
 *   with %MDB_ERROR_DECODE (@result is then freed)
 * Since: 0.1
 */
gpointer
mdb_row_take (MdbResult *result, int row, const MdbRowType *type, GError **error)
{
  RowHeader *header;
  guint8 *out;

  g_return_val_if_fail (result != NULL, NULL);
  g_return_val_if_fail (type != NULL, NULL);

  /* A point select allocates and frees one row per call: a row that fits
   * takes the thread's spare block (spare-private.h). */
  if (HEADER_SIZE + type->row_size <= MDB__SPARE_ROW_SIZE)
    {
      header = mdb__spare_take (MDB__SPARE_ROW);
      if (header == NULL)
        header = g_malloc (MDB__SPARE_ROW_SIZE);
      header->spare_sized = TRUE;
    }
  else
    {
      header = g_malloc (HEADER_SIZE + type->row_size);
      header->spare_sized = FALSE;
    }
  header->magic = ROW_MAGIC;
  header->result = result;
  header->owned = NULL;
  out = (guint8 *) header + HEADER_SIZE;
  if (!mdb_result_check_row_type (result, type, error) || row < 0 || row >= result->n_rows
      || !decode_rows (result, row, 1, type, out, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, MDB_ERROR, MDB_ERROR_DECODE, "query %s: no row %d", type->query_name, row);
      mdb_row_free (out);
      return NULL;
    }
  return out;
}

/* What a copy of a row needs beyond the struct: its strings and bytes. */
static gsize
copy_extra_size (gconstpointer row, const MdbRowType *type)
{
  gsize size = 0;

  for (guint c = 0; c < type->n_fields; c++)
    {
      const MdbField *f = &type->fields[c];
      const guint8 *src = (const guint8 *) row + f->offset;

      if ((f->kind == MDB_FIELD_STRING || f->kind == MDB_FIELD_TEXT_COPY) && *(const char *const *) src)
        size += strlen (*(const char *const *) src) + 1;
      else if (f->kind == MDB_FIELD_BYTES && ((const MdbBytes *) src)->data != NULL)
        size += ((const MdbBytes *) src)->len;
      else if (f->kind == MDB_FIELD_STRV && *(char *const *const *) src)
        {
          char *const *v = *(char *const *const *) src;
          gsize n = 0;

          for (; v[n] != NULL; n++)
            size += strlen (v[n]) + 1;   /* the pointers: count_strv_pointers() */
        }
    }
  return size;
}

static void copy_field (RowHeader *header, const MdbField *f, guint8 *dest, char **tail, char ***ptrs);

/* Child rows of a copy: their own block, each pointer inside copied into an
 * allocation the copy owns (child rows are few; the row's own values use
 * the packed tail). */
static gpointer
copy_children (RowHeader *header, const MdbRowType *type, gconstpointer items, guint n)
{
  guint8 *copy = own (header, g_malloc (MAX (n, 1) * type->row_size), g_free);

  memcpy (copy, items, n * type->row_size);
  for (guint i = 0; i < n; i++)
    for (guint c = 0; c < type->n_fields; c++)
      {
        const MdbField *f = &type->fields[c];
        guint8 *dest = copy + (gsize) i * type->row_size + f->offset;

        if (f->kind == MDB_FIELD_STRING || f->kind == MDB_FIELD_TEXT_COPY)
          {
            if (*(char **) dest != NULL)
              *(char **) dest = own (header, g_strdup (*(char **) dest), g_free);
          }
        else if (f->kind == MDB_FIELD_BYTES)
          {
            MdbBytes *b = (MdbBytes *) dest;

            if (b->data != NULL)
              b->data = own (header, g_memdup2 (b->data, MAX (b->len, 1)), g_free);
          }
        else if (f->kind == MDB_FIELD_STRV)
          {
            if (*(char ***) dest != NULL)
              *(char ***) dest = own (header, g_strdupv (*(char ***) dest), (GDestroyNotify) g_strfreev);
          }
        else
          {
            char *unused_tail = NULL, **unused_ptrs = NULL;

            copy_field (header, f, dest, &unused_tail, &unused_ptrs);   /* arrays, children */
          }
      }
  return copy;
}

/* Copies @f's value into the copy's tail at *@tail (pointer arrays are
 * placed first, at pointer alignment, by mdb_row_dup()). */
static void
copy_field (RowHeader *header, const MdbField *f, guint8 *dest, char **tail, char ***ptrs)
{
  switch (f->kind)
    {
    case MDB_FIELD_STRING:
    case MDB_FIELD_TEXT_COPY:
      if (*(char **) dest != NULL)
        {
          gsize n = strlen (*(char **) dest) + 1;

          memcpy (*tail, *(char **) dest, n);
          *(char **) dest = *tail;
          *tail += n;
        }
      break;
    case MDB_FIELD_BYTES:
      if (((MdbBytes *) dest)->data != NULL)
        {
          MdbBytes *b = (MdbBytes *) dest;

          memcpy (*tail, b->data, b->len);
          b->data = (const guint8 *) *tail;
          *tail += b->len;
        }
      break;
    case MDB_FIELD_STRV:
      if (*(char ***) dest != NULL)
        {
          char **v = *(char ***) dest, **copy = *ptrs;
          gsize i = 0;

          for (; v[i] != NULL; i++)
            {
              gsize n = strlen (v[i]) + 1;

              memcpy (*tail, v[i], n);
              copy[i] = *tail;
              *tail += n;
            }
          copy[i] = NULL;
          *ptrs += i + 1;
          *(char ***) dest = copy;
        }
      break;
    case MDB_FIELD_ARRAY:
      if (*(GArray **) dest != NULL)
        *(GArray **) dest = own (header, g_array_copy (*(GArray **) dest), (GDestroyNotify) g_array_unref);
      break;
    case MDB_FIELD_CHILDREN:
      if (*(gpointer *) dest != NULL)
        *(gpointer *) dest = copy_children (header, f->child_type, *(gpointer *) dest,
                                            f->count_offset >= 0 ? *(guint *) (dest - f->offset + f->count_offset) : 1);
      break;
    default:
      break;   /* values: copied with the struct */
    }
}

static gsize
count_strv_pointers (gconstpointer row, const MdbRowType *type)
{
  gsize n = 0;

  for (guint c = 0; c < type->n_fields; c++)
    {
      const MdbField *f = &type->fields[c];
      char *const *v = f->kind == MDB_FIELD_STRV
                       ? *(char *const *const *) ((const guint8 *) row + f->offset) : NULL;

      for (; v != NULL && *v != NULL; v++)
        n++;
      n += v != NULL;
    }
  return n;
}

/**
 * mdb_row_dup:
 * @row: a row of @type: from a list, from mdb_row_take(), or a copy
 * @type: its row struct
 *
 * Copies @row with its strings, bytes and arrays into one new block that
 * borrows from nothing, so it outlives the list or result it came from.
 *
 * Returns: (transfer full): the copy, for mdb_row_free()
 * Since: 0.1
 */
gpointer
mdb_row_dup (gconstpointer row, const MdbRowType *type)
{
  gsize n_ptrs, size;
  RowHeader *header;
  guint8 *out;
  char **ptrs;
  char *tail;

  g_return_val_if_fail (row != NULL, NULL);
  g_return_val_if_fail (type != NULL, NULL);

  n_ptrs = count_strv_pointers (row, type);
  size = HEADER_SIZE + ((type->row_size + 7) & ~(gsize) 7) + n_ptrs * sizeof (char *)
         + copy_extra_size (row, type);
  header = g_malloc (size);
  header->magic = ROW_MAGIC;
  header->spare_sized = FALSE;
  header->result = NULL;
  header->owned = NULL;
  out = (guint8 *) header + HEADER_SIZE;
  memcpy (out, row, type->row_size);
  ptrs = (char **) (out + ((type->row_size + 7) & ~(gsize) 7));
  tail = (char *) (ptrs + n_ptrs);
  for (guint c = 0; c < type->n_fields; c++)
    copy_field (header, &type->fields[c], out + type->fields[c].offset, &tail, &ptrs);
  return out;
}

/**
 * mdb_row_free:
 * @row: (nullable) (transfer full): a row from mdb_row_take() or
 *   mdb_row_dup(), never one inside a list
 *
 * Frees the row and what it borrows from.
 *
 * Since: 0.1
 */
void
mdb_row_free (gpointer row)
{
  RowHeader *header;

  if (row == NULL)
    return;
  header = header_of (row);
  g_return_if_fail (header->magic == ROW_MAGIC);
  header->magic = 0;
  mdb_result_free (header->result);
  for (guint i = 0; header->owned != NULL && i < header->owned->len; i++)
    {
      Owned *o = &g_array_index (header->owned, Owned, i);

      o->destroy (o->data);
    }
  if (header->owned != NULL)
    g_array_unref (header->owned);
  if (header->spare_sized)
    mdb__spare_keep (MDB__SPARE_ROW, header);
  else
    g_free (header);
}
