/* SPDX-License-Identifier: MIT */
/* A statement's parameter list, every value encoded in PostgreSQL's binary wire format. */
#include <string.h>
#include "mdb-private.h"
#include "values-private.h"
#include "spare-private.h"

/* Growing storage for the encoded values, inline until it outgrows it. */
typedef struct {
  guint8  *data;
  guint    len;
  guint    cap;
  gboolean heap;  /* data was allocated; else it is MdbParams.bytes_inline */
} ParamBuf;

/* Enough for most statements, so building and freeing a typical list is
 * one allocation. */
#define INLINE_PARAMS 16
#define INLINE_BYTES  512

/* All values live in one growing byte buffer; a parameter is an offset
 * into it (-1 for NULL).  Pointers for libpq are made only when asked,
 * because the buffer moves as it grows.  Clearing keeps every allocation.
 * The per-parameter arrays point into the inline arrays until the list
 * outgrows them. */
struct _MdbParams {
  ParamBuf *buf;        /* = &bytes */
  guint32 *types;
  gint *offsets;        /* -1 for NULL */
  int *lengths;
  int *formats;         /* 1 binary, 0 text */
  const char **values;  /* rebuilt by mdb_params_get_values() */
  guint n;
  guint cap;
  char *first_error;    /* "parameter $3: 'xyz' is not a uuid" */
  ParamBuf bytes;
  guint32 types_inline[INLINE_PARAMS];
  gint offsets_inline[INLINE_PARAMS];
  int lengths_inline[INLINE_PARAMS];
  int formats_inline[INLINE_PARAMS];
  const char *values_inline[INLINE_PARAMS];
  guint8 bytes_inline[INLINE_BYTES];
};

static void
buf_reserve (ParamBuf *buf, guint more)
{
  guint cap;
  guint8 *data;

  if (more <= buf->cap - buf->len)
    return;
  /* libpq takes int lengths; GByteArray aborts on this overflow too. */
  g_assert (more <= G_MAXUINT / 2 - buf->len);
  cap = MAX (buf->cap * 2, buf->len + more);
  if (buf->heap)
    data = g_realloc (buf->data, cap);
  else
    {
      data = g_malloc (cap);
      memcpy (data, buf->data, buf->len);
    }
  buf->data = data;
  buf->cap = cap;
  buf->heap = TRUE;
}

static void
buf_append (ParamBuf *buf, gconstpointer data, guint len)
{
  if (len == 0)
    return;
  buf_reserve (buf, len);
  memcpy (buf->data + buf->len, data, len);
  buf->len += len;
}

static void
params_reset (MdbParams *params)
{
  params->buf = &params->bytes;
  params->bytes.data = params->bytes_inline;
  params->bytes.len = 0;
  params->bytes.cap = INLINE_BYTES;
  params->bytes.heap = FALSE;
  params->types = params->types_inline;
  params->offsets = params->offsets_inline;
  params->lengths = params->lengths_inline;
  params->formats = params->formats_inline;
  params->values = params->values_inline;
  params->n = 0;
  params->cap = INLINE_PARAMS;
  params->first_error = NULL;
}

/**
 * mdb_params_new:
 *
 * Creates an empty parameter list.  The thread's last freed list is
 * reused when there is one, so building a list per call costs no
 * allocation.
 *
 * Returns: (transfer full): a new list for mdb_params_free()
 * Since: 0.1
 */
MdbParams *
mdb_params_new (void)
{
  MdbParams *params = mdb__spare_take (MDB__SPARE_PARAMS);

  if (params == NULL)
    params = g_new (MdbParams, 1);
  params_reset (params);
  return params;
}

static gboolean
meta_on_heap (const MdbParams *params)
{
  return params->types != params->types_inline;
}

/**
 * mdb_params_free:
 * @params: (nullable) (transfer full): a parameter list
 *
 * Frees the list and every value in it (the list's own block may be kept
 * for the thread's next mdb_params_new()).
 *
 * Since: 0.1
 */
void
mdb_params_free (MdbParams *params)
{
  if (params == NULL)
    return;
  if (params->bytes.heap)
    g_free (params->bytes.data);
  if (meta_on_heap (params))
    {
      g_free (params->types);
      g_free (params->offsets);
      g_free (params->lengths);
      g_free (params->formats);
      g_free (params->values);
    }
  g_free (params->first_error);
  mdb__spare_keep (MDB__SPARE_PARAMS, params);
}

/**
 * mdb_params_clear:
 * @params: a parameter list
 *
 * Forgets every parameter and any recorded error but keeps the memory, so
 * the next list is built without allocating.
 *
 * Since: 0.1
 */
void
mdb_params_clear (MdbParams *params)
{
  g_return_if_fail (params != NULL);
  params->bytes.len = 0;
  params->n = 0;
  g_clear_pointer (&params->first_error, g_free);
}

/**
 * mdb_params_get_length:
 * @params: a parameter list
 *
 * Returns: the number of parameters added so far
 * Since: 0.1
 */
guint
mdb_params_get_length (const MdbParams *params)
{
  g_return_val_if_fail (params != NULL, 0);
  return params->n;
}

/* ---- building ----------------------------------------------------------- */

static gpointer
move_array (gpointer array, gboolean heap, guint n, guint cap, gsize size)
{
  gpointer moved;

  if (heap)
    return g_realloc_n (array, cap, size);
  moved = g_malloc_n (cap, size);
  memcpy (moved, array, n * size);
  return moved;
}

static void
grow_meta (MdbParams *params)
{
  gboolean heap = meta_on_heap (params);
  guint n = params->n, cap = params->cap * 2;

  params->types = move_array (params->types, heap, n, cap, sizeof (guint32));
  params->offsets = move_array (params->offsets, heap, n, cap, sizeof (gint));
  params->lengths = move_array (params->lengths, heap, n, cap, sizeof (int));
  params->formats = move_array (params->formats, heap, n, cap, sizeof (int));
  params->values = move_array (params->values, heap, n, cap, sizeof (const char *));
  params->cap = cap;
}

static void
push_meta (MdbParams *params, guint32 oid, gint offset, int length, int format)
{
  guint i = params->n;

  if (i == params->cap)
    grow_meta (params);
  params->types[i] = oid;
  params->offsets[i] = offset;
  params->lengths[i] = length;
  params->formats[i] = format;
  params->n = i + 1;
}

/* Records the value appended to the buffer since @start. */
static void
push_value (MdbParams *params, guint32 oid, int format, guint start)
{
  push_meta (params, oid, (gint) start, (int) (params->buf->len - start), format);
}

static void
add_null (MdbParams *params, guint32 oid)
{
  push_meta (params, oid, -1, 0, 1);
}

static void
put_be16 (ParamBuf *buf, guint16 v)
{
  guint8 b[2] = { (guint8) (v >> 8), (guint8) v };
  buf_append (buf, b, 2);
}

static void
put_be32 (ParamBuf *buf, guint32 v)
{
  guint8 b[4] = { (guint8) (v >> 24), (guint8) (v >> 16), (guint8) (v >> 8), (guint8) v };
  buf_append (buf, b, 4);
}

static void
put_be64 (ParamBuf *buf, guint64 v)
{
  put_be32 (buf, (guint32) (v >> 32));
  put_be32 (buf, (guint32) v);
}

static void
add_be16 (MdbParams *params, guint32 oid, guint16 v)
{
  guint start = params->buf->len;

  put_be16 (params->buf, v);
  push_value (params, oid, 1, start);
}

static void
add_be32 (MdbParams *params, guint32 oid, guint32 v)
{
  guint start = params->buf->len;

  put_be32 (params->buf, v);
  push_value (params, oid, 1, start);
}

static void
add_be64 (MdbParams *params, guint32 oid, guint64 v)
{
  guint start = params->buf->len;

  put_be64 (params->buf, v);
  push_value (params, oid, 1, start);
}

/* Remembers the first bad value; the parameter itself is bound as NULL so
 * the numbering of the rest stays right. */
static void
record_error (MdbParams *params, guint32 oid, const char *message)
{
  if (params->first_error == NULL)
    params->first_error = g_strdup_printf ("parameter $%u: %s", params->n + 1, message);
  add_null (params, oid);
}

/* Our µs since 1970 to the server's µs since 2000; the int64 extremes are
 * the server's -infinity and infinity. */
static gboolean
to_pg_usec (gint64 usec, gint64 *out)
{
  if (usec == G_MAXINT64 || usec == G_MININT64)
    *out = usec;
  else if (usec < G_MININT64 + MDB__PG_EPOCH_USEC)
    return FALSE;
  else
    *out = usec - MDB__PG_EPOCH_USEC;
  return TRUE;
}

/* The UTC day containing @usec, as days since 2000-01-01 (floor division,
 * so a time before 1970 falls on the day it is in, not the next one). */
static gboolean
to_pg_days (gint64 usec, gint32 *out)
{
  gint64 days;

  if (usec == G_MAXINT64 || usec == G_MININT64)
    {
      *out = usec == G_MAXINT64 ? G_MAXINT32 : G_MININT32;
      return TRUE;
    }
  days = usec / MDB__USEC_PER_DAY;
  if (usec % MDB__USEC_PER_DAY < 0)
    days--;
  days -= MDB__PG_EPOCH_DAYS;
  if (days <= G_MININT32 || days >= G_MAXINT32)
    return FALSE;
  *out = (gint32) days;
  return TRUE;
}

/**
 * mdb_params_add_null:
 * @params: a parameter list
 * @type_oid: the parameter's type, or 0 to let the server infer it
 *
 * Appends an SQL NULL.
 *
 * Since: 0.1
 */
void
mdb_params_add_null (MdbParams *params, guint32 type_oid)
{
  g_return_if_fail (params != NULL);
  add_null (params, type_oid);
}

static void
add_bytes (MdbParams *params, guint32 oid, const void *data, gsize len)
{
  guint start = params->buf->len;

  buf_append (params->buf, data, (guint) len);
  push_value (params, oid, 1, start);
}

/**
 * mdb_params_add_text:
 * @params: a parameter list
 * @value: (nullable): UTF-8 text, or %NULL for SQL NULL
 *
 * Appends a text value.
 *
 * Since: 0.1
 */
void
mdb_params_add_text (MdbParams *params, const char *value)
{
  g_return_if_fail (params != NULL);
  if (value == NULL)
    add_null (params, MDB_OID_TEXT);
  else
    add_bytes (params, MDB_OID_TEXT, value, strlen (value));
}

/**
 * mdb_params_add_uuid:
 * @params: a parameter list
 * @value: (nullable): a UUID in any form mdb_uuid_normalize() accepts, or
 *   %NULL for SQL NULL
 *
 * Appends a uuid.  A malformed one is reported as %MDB_ERROR_INVALID_INPUT
 * by mdb_params_check() and when the statement runs.
 *
 * Since: 0.1
 */
void
mdb_params_add_uuid (MdbParams *params, const char *value)
{
  g_return_if_fail (params != NULL);
  if (value == NULL)
    add_null (params, MDB_OID_UUID);
  /* Parsed straight into the buffer: no copy of the 16 bytes. */
  else if ((buf_reserve (params->buf, 16), mdb__uuid_parse (value, params->buf->data + params->buf->len)))
    {
      params->buf->len += 16;
      push_meta (params, MDB_OID_UUID, (gint) (params->buf->len - 16), 16, 1);
    }
  else
    {
      g_autofree char *message = g_strdup_printf ("'%.64s' is not a uuid", value);
      record_error (params, MDB_OID_UUID, message);
    }
}

/**
 * mdb_params_add_bool:
 * @params: a parameter list
 * @value: the value
 *
 * Appends a bool.
 *
 * Since: 0.1
 */
void
mdb_params_add_bool (MdbParams *params, gboolean value)
{
  guint8 b = value ? 1 : 0;

  g_return_if_fail (params != NULL);
  add_bytes (params, MDB_OID_BOOL, &b, 1);
}

/**
 * mdb_params_add_int2:
 * @params: a parameter list
 * @value: the value
 *
 * Appends an int2 (smallint).
 *
 * Since: 0.1
 */
void
mdb_params_add_int2 (MdbParams *params, gint16 value)
{
  g_return_if_fail (params != NULL);
  add_be16 (params, MDB_OID_INT2, (guint16) value);
}

/**
 * mdb_params_add_int4:
 * @params: a parameter list
 * @value: the value
 *
 * Appends an int4 (integer).
 *
 * Since: 0.1
 */
void
mdb_params_add_int4 (MdbParams *params, gint32 value)
{
  g_return_if_fail (params != NULL);
  add_be32 (params, MDB_OID_INT4, (guint32) value);
}

/**
 * mdb_params_add_int8:
 * @params: a parameter list
 * @value: the value
 *
 * Appends an int8 (bigint).
 *
 * Since: 0.1
 */
void
mdb_params_add_int8 (MdbParams *params, gint64 value)
{
  g_return_if_fail (params != NULL);
  add_be64 (params, MDB_OID_INT8, (guint64) value);
}

/**
 * mdb_params_add_float4:
 * @params: a parameter list
 * @value: the value; NaN and the infinities are kept
 *
 * Appends a float4 (real).
 *
 * Since: 0.1
 */
void
mdb_params_add_float4 (MdbParams *params, gfloat value)
{
  guint32 bits;

  g_return_if_fail (params != NULL);
  memcpy (&bits, &value, sizeof bits);
  add_be32 (params, MDB_OID_FLOAT4, bits);
}

/**
 * mdb_params_add_float8:
 * @params: a parameter list
 * @value: the value; NaN and the infinities are kept
 *
 * Appends a float8 (double precision).
 *
 * Since: 0.1
 */
void
mdb_params_add_float8 (MdbParams *params, gdouble value)
{
  guint64 bits;

  g_return_if_fail (params != NULL);
  memcpy (&bits, &value, sizeof bits);
  add_be64 (params, MDB_OID_FLOAT8, bits);
}

/**
 * mdb_params_add_numeric:
 * @params: a parameter list
 * @value: (nullable): decimal text ("-12.50", "1e-3", "NaN", "Infinity"),
 *   or %NULL for SQL NULL
 *
 * Appends a numeric, exact to the digit.  Text that is not a number is
 * reported as %MDB_ERROR_INVALID_INPUT by mdb_params_check().
 *
 * Since: 0.1
 */
void
mdb_params_add_numeric (MdbParams *params, const char *value)
{
  g_autoptr (GByteArray) encoded = NULL;
  guint start;

  g_return_if_fail (params != NULL);
  if (value == NULL)
    {
      add_null (params, MDB_OID_NUMERIC);
      return;
    }
  /* The numeric encoder writes a GByteArray; numerics are rare enough. */
  encoded = g_byte_array_new ();
  if (mdb__numeric_to_binary (value, encoded, NULL))
    {
      start = params->buf->len;
      buf_append (params->buf, encoded->data, encoded->len);
      push_value (params, MDB_OID_NUMERIC, 1, start);
    }
  else
    {
      g_autofree char *message = g_strdup_printf ("'%.64s' is not a numeric", value);
      record_error (params, MDB_OID_NUMERIC, message);
    }
}

static void
add_usec (MdbParams *params, guint32 oid, gint64 usec)
{
  gint64 pg;

  if (!to_pg_usec (usec, &pg))
    {
      record_error (params, oid, "timestamp out of range");
      return;
    }
  add_be64 (params, oid, (guint64) pg);
}

/**
 * mdb_params_add_timestamptz:
 * @params: a parameter list
 * @usec: µs since 1970-01-01 00:00 UTC; %G_MAXINT64 and %G_MININT64 bind
 *   'infinity' and '-infinity'
 *
 * Appends a timestamptz.
 *
 * Since: 0.1
 */
void
mdb_params_add_timestamptz (MdbParams *params, gint64 usec)
{
  g_return_if_fail (params != NULL);
  add_usec (params, MDB_OID_TIMESTAMPTZ, usec);
}

/**
 * mdb_params_add_timestamp:
 * @params: a parameter list
 * @usec: µs since 1970-01-01 00:00, read as UTC wall-clock time;
 *   %G_MAXINT64 and %G_MININT64 bind 'infinity' and '-infinity'
 *
 * Appends a timestamp (without time zone).
 *
 * Since: 0.1
 */
void
mdb_params_add_timestamp (MdbParams *params, gint64 usec)
{
  g_return_if_fail (params != NULL);
  add_usec (params, MDB_OID_TIMESTAMP, usec);
}

/**
 * mdb_params_add_date:
 * @params: a parameter list
 * @usec: any instant of the wanted UTC day, as µs since 1970-01-01 00:00
 *   UTC; %G_MAXINT64 and %G_MININT64 bind 'infinity' and '-infinity'
 *
 * Appends a date: the UTC day containing @usec.
 *
 * Since: 0.1
 */
void
mdb_params_add_date (MdbParams *params, gint64 usec)
{
  gint32 days;

  g_return_if_fail (params != NULL);
  if (!to_pg_days (usec, &days))
    {
      record_error (params, MDB_OID_DATE, "date out of range");
      return;
    }
  add_be32 (params, MDB_OID_DATE, (guint32) days);
}

/**
 * mdb_params_add_json:
 * @params: a parameter list
 * @json: (nullable): JSON text, or %NULL for SQL NULL
 *
 * Appends a json value; the server checks the syntax.
 *
 * Since: 0.1
 */
void
mdb_params_add_json (MdbParams *params, const char *json)
{
  g_return_if_fail (params != NULL);
  if (json == NULL)
    add_null (params, MDB_OID_JSON);
  else
    add_bytes (params, MDB_OID_JSON, json, strlen (json));
}

/**
 * mdb_params_add_jsonb:
 * @params: a parameter list
 * @json: (nullable): JSON text, or %NULL for SQL NULL
 *
 * Appends a jsonb value; the server checks the syntax.
 *
 * Since: 0.1
 */
void
mdb_params_add_jsonb (MdbParams *params, const char *json)
{
  static const guint8 version = 1;
  guint start;

  g_return_if_fail (params != NULL);
  if (json == NULL)
    {
      add_null (params, MDB_OID_JSONB);
      return;
    }
  start = params->buf->len;
  buf_append (params->buf, &version, 1);
  buf_append (params->buf, (const guint8 *) json, (guint) strlen (json));
  push_value (params, MDB_OID_JSONB, 1, start);
}

/**
 * mdb_params_add_bytea:
 * @params: a parameter list
 * @value: (nullable): the bytes, or %NULL for SQL NULL
 *
 * Appends a bytea.
 *
 * Since: 0.1
 */
void
mdb_params_add_bytea (MdbParams *params, GBytes *value)
{
  gsize len;
  gconstpointer data;

  g_return_if_fail (params != NULL);
  if (value == NULL)
    {
      add_null (params, MDB_OID_BYTEA);
      return;
    }
  data = g_bytes_get_data (value, &len);
  add_bytes (params, MDB_OID_BYTEA, data, len);
}

/**
 * mdb_params_add_enum:
 * @params: a parameter list
 * @label: (nullable): an enum label, or %NULL for SQL NULL
 *
 * Appends an enum label.  It goes as text of unknown type (OID 0), so the
 * server casts it to the enum the statement expects.
 *
 * Since: 0.1
 */
void
mdb_params_add_enum (MdbParams *params, const char *label)
{
  guint start;

  g_return_if_fail (params != NULL);
  if (label == NULL)
    {
      add_null (params, MDB_OID_UNKNOWN);
      return;
    }
  start = params->buf->len;
  buf_append (params->buf, (const guint8 *) label, (guint) strlen (label));
  push_value (params, MDB_OID_UNKNOWN, 0, start);
  /* Text format: libpq reads the value up to a NUL, so store one after it. */
  buf_append (params->buf, (const guint8 *) "", 1);
}

/* ---- arrays ------------------------------------------------------------- */

/* Binary array header: ndim, has-null flag, element OID, then (size,
 * lower bound 1) for the one dimension; an empty array has no dimension. */
static guint
begin_array (MdbParams *params, guint32 element_oid, gsize n, gboolean has_null)
{
  guint start = params->buf->len;

  put_be32 (params->buf, n > 0 ? 1 : 0);
  put_be32 (params->buf, has_null ? 1 : 0);
  put_be32 (params->buf, element_oid);
  if (n > 0)
    {
      put_be32 (params->buf, (guint32) n);
      put_be32 (params->buf, 1);
    }
  return start;
}

static gsize
strv_length (const char *const *values, gssize n)
{
  gsize len = 0;

  if (n >= 0)
    return (gsize) n;
  while (values[len] != NULL)
    len++;
  return len;
}

static gboolean
strv_has_null (const char *const *values, gsize n)
{
  gsize i;

  for (i = 0; i < n; i++)
    if (values[i] == NULL)
      return TRUE;
  return FALSE;
}

static void
add_string_array (MdbParams *params, guint32 array_oid, guint32 element_oid,
                  const char *const *values, gsize n)
{
  gsize i;

  guint start = begin_array (params, element_oid, n, strv_has_null (values, n));
  for (i = 0; i < n; i++)
    {
      gsize len = values[i] ? strlen (values[i]) : 0;

      put_be32 (params->buf, values[i] ? (guint32) len : (guint32) -1);
      if (values[i] != NULL)
        buf_append (params->buf, (const guint8 *) values[i], (guint) len);
    }
  push_value (params, array_oid, 1, start);
}

/**
 * mdb_params_add_text_array:
 * @params: a parameter list
 * @values: (nullable) (array length=n): strings, %NULL elements for SQL NULL
 * @n: number of elements, or -1 when @values is %NULL-terminated
 *
 * Appends a text[]; a %NULL @values binds SQL NULL.
 *
 * Since: 0.1
 */
void
mdb_params_add_text_array (MdbParams *params, const char *const *values, gssize n)
{
  g_return_if_fail (params != NULL);
  if (values == NULL)
    add_null (params, MDB_OID_TEXT_ARRAY);
  else
    add_string_array (params, MDB_OID_TEXT_ARRAY, MDB_OID_TEXT, values, strv_length (values, n));
}

/**
 * mdb_params_add_uuid_array:
 * @params: a parameter list
 * @values: (nullable) (array length=n): UUIDs, %NULL elements for SQL NULL
 * @n: number of elements, or -1 when @values is %NULL-terminated
 *
 * Appends a uuid[]; a malformed element is reported like
 * mdb_params_add_uuid() does.
 *
 * Since: 0.1
 */
void
mdb_params_add_uuid_array (MdbParams *params, const char *const *values, gssize n)
{
  gsize len, i;
  guint start;
  guint8 bytes[16];

  g_return_if_fail (params != NULL);
  if (values == NULL)
    {
      add_null (params, MDB_OID_UUID_ARRAY);
      return;
    }
  len = strv_length (values, n);
  for (i = 0; i < len; i++)
    if (values[i] != NULL && !mdb__uuid_parse (values[i], bytes))
      {
        g_autofree char *message = g_strdup_printf ("element %" G_GSIZE_FORMAT ": '%.64s' is not a uuid",
                                                    i + 1, values[i]);
        record_error (params, MDB_OID_UUID_ARRAY, message);
        return;
      }
  start = begin_array (params, MDB_OID_UUID, len, strv_has_null (values, len));
  for (i = 0; i < len; i++)
    {
      if (values[i] == NULL)
        {
          put_be32 (params->buf, (guint32) -1);
          continue;
        }
      mdb__uuid_parse (values[i], bytes);
      put_be32 (params->buf, 16);
      buf_append (params->buf, bytes, 16);
    }
  push_value (params, MDB_OID_UUID_ARRAY, 1, start);
}

/* An array literal in text format ({"a","b",NULL}), for enum arrays: the
 * binary form would need the element type's OID, which the caller may not
 * know. */
static void
add_text_array_literal (MdbParams *params, guint32 array_oid, const char *const *labels, gsize n)
{
  GString *lit = g_string_sized_new (16 * n + 3);
  gsize i;
  guint start;
  const char *p;

  g_string_append_c (lit, '{');
  for (i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (lit, ',');
      if (labels[i] == NULL)
        {
          g_string_append (lit, "NULL");
          continue;
        }
      g_string_append_c (lit, '"');
      for (p = labels[i]; *p != '\0'; p++)
        {
          if (*p == '"' || *p == '\\')
            g_string_append_c (lit, '\\');
          g_string_append_c (lit, *p);
        }
      g_string_append_c (lit, '"');
    }
  g_string_append_c (lit, '}');
  start = params->buf->len;
  buf_append (params->buf, (const guint8 *) lit->str, (guint) lit->len);
  push_value (params, array_oid, 0, start);
  /* Text format: libpq reads the value up to a NUL. */
  buf_append (params->buf, (const guint8 *) "", 1);
  g_string_free (lit, TRUE);
}

/**
 * mdb_params_add_enum_array:
 * @params: a parameter list
 * @array_type_oid: the enum's array type OID, or 0 to send text[] (then
 *   cast in SQL: `$1::my_enum[]`)
 * @labels: (nullable) (array length=n): labels, %NULL elements for SQL NULL
 * @n: number of elements, or -1 when @labels is %NULL-terminated
 *
 * Appends an array of enum labels.
 *
 * Since: 0.1
 */
void
mdb_params_add_enum_array (MdbParams *params, guint32 array_type_oid,
                           const char *const *labels, gssize n)
{
  g_return_if_fail (params != NULL);
  if (labels == NULL)
    add_null (params, array_type_oid ? array_type_oid : MDB_OID_TEXT_ARRAY);
  else if (array_type_oid == 0)
    add_string_array (params, MDB_OID_TEXT_ARRAY, MDB_OID_TEXT, labels, strv_length (labels, n));
  else
    add_text_array_literal (params, array_type_oid, labels, strv_length (labels, n));
}

static gboolean
mask_has_null (const gboolean *nulls, gsize n)
{
  gsize i;

  for (i = 0; nulls != NULL && i < n; i++)
    if (nulls[i])
      return TRUE;
  return FALSE;
}

/* Fixed-width elements: @put writes element @i of @values. */
typedef void (*PutElement) (ParamBuf *buf, gconstpointer values, gsize i);

static void
add_fixed_array (MdbParams *params, guint32 element_oid, guint32 width,
                 gconstpointer values, const gboolean *nulls, gsize n, PutElement put)
{
  guint32 array_oid = mdb_oid_array_of (element_oid);
  gsize i;
  guint start;

  if (values == NULL)
    {
      add_null (params, array_oid);
      return;
    }
  start = begin_array (params, element_oid, n, mask_has_null (nulls, n));
  for (i = 0; i < n; i++)
    {
      if (nulls != NULL && nulls[i])
        {
          put_be32 (params->buf, (guint32) -1);
          continue;
        }
      put_be32 (params->buf, width);
      put (params->buf, values, i);
    }
  push_value (params, array_oid, 1, start);
}

static void
put_bool_at (ParamBuf *buf, gconstpointer values, gsize i)
{
  guint8 b = ((const gboolean *) values)[i] ? 1 : 0;
  buf_append (buf, &b, 1);
}

static void
put_int2_at (ParamBuf *buf, gconstpointer values, gsize i)
{
  put_be16 (buf, (guint16) ((const gint16 *) values)[i]);
}

static void
put_int4_at (ParamBuf *buf, gconstpointer values, gsize i)
{
  put_be32 (buf, (guint32) ((const gint32 *) values)[i]);
}

static void
put_int8_at (ParamBuf *buf, gconstpointer values, gsize i)
{
  put_be64 (buf, (guint64) ((const gint64 *) values)[i]);
}

static void
put_float8_at (ParamBuf *buf, gconstpointer values, gsize i)
{
  guint64 bits;

  memcpy (&bits, &((const gdouble *) values)[i], sizeof bits);
  put_be64 (buf, bits);
}

/**
 * mdb_params_add_bool_array:
 * @params: a parameter list
 * @values: (nullable) (array length=n): the values; %NULL binds SQL NULL
 * @nulls: (nullable) (array length=n): %TRUE marks a NULL element
 * @n: number of elements
 *
 * Appends a bool[].
 *
 * Since: 0.1
 */
void
mdb_params_add_bool_array (MdbParams *params, const gboolean *values, const gboolean *nulls, gsize n)
{
  g_return_if_fail (params != NULL);
  add_fixed_array (params, MDB_OID_BOOL, 1, values, nulls, n, put_bool_at);
}

/**
 * mdb_params_add_int2_array:
 * @params: a parameter list
 * @values: (nullable) (array length=n): the values; %NULL binds SQL NULL
 * @nulls: (nullable) (array length=n): %TRUE marks a NULL element
 * @n: number of elements
 *
 * Appends an int2[].
 *
 * Since: 0.1
 */
void
mdb_params_add_int2_array (MdbParams *params, const gint16 *values, const gboolean *nulls, gsize n)
{
  g_return_if_fail (params != NULL);
  add_fixed_array (params, MDB_OID_INT2, 2, values, nulls, n, put_int2_at);
}

/**
 * mdb_params_add_int4_array:
 * @params: a parameter list
 * @values: (nullable) (array length=n): the values; %NULL binds SQL NULL
 * @nulls: (nullable) (array length=n): %TRUE marks a NULL element
 * @n: number of elements
 *
 * Appends an int4[].
 *
 * Since: 0.1
 */
void
mdb_params_add_int4_array (MdbParams *params, const gint32 *values, const gboolean *nulls, gsize n)
{
  g_return_if_fail (params != NULL);
  add_fixed_array (params, MDB_OID_INT4, 4, values, nulls, n, put_int4_at);
}

/**
 * mdb_params_add_int8_array:
 * @params: a parameter list
 * @values: (nullable) (array length=n): the values; %NULL binds SQL NULL
 * @nulls: (nullable) (array length=n): %TRUE marks a NULL element
 * @n: number of elements
 *
 * Appends an int8[].
 *
 * Since: 0.1
 */
void
mdb_params_add_int8_array (MdbParams *params, const gint64 *values, const gboolean *nulls, gsize n)
{
  g_return_if_fail (params != NULL);
  add_fixed_array (params, MDB_OID_INT8, 8, values, nulls, n, put_int8_at);
}

/**
 * mdb_params_add_float8_array:
 * @params: a parameter list
 * @values: (nullable) (array length=n): the values; %NULL binds SQL NULL
 * @nulls: (nullable) (array length=n): %TRUE marks a NULL element
 * @n: number of elements
 *
 * Appends a float8[].
 *
 * Since: 0.1
 */
void
mdb_params_add_float8_array (MdbParams *params, const gdouble *values, const gboolean *nulls, gsize n)
{
  g_return_if_fail (params != NULL);
  add_fixed_array (params, MDB_OID_FLOAT8, 8, values, nulls, n, put_float8_at);
}

/* timestamp[] / timestamptz[]: µs since 1970 shifted to PostgreSQL's 2000 epoch. */
static void
add_usec_array (MdbParams *params, guint32 element_oid, const gint64 *values, const gboolean *nulls, gsize n)
{
  g_autofree gint64 *pg = NULL;
  gsize i;

  if (values == NULL)
    {
      add_null (params, mdb_oid_array_of (element_oid));
      return;
    }
  pg = g_new (gint64, MAX (n, 1));
  for (i = 0; i < n; i++)
    if (!(nulls && nulls[i]) && !to_pg_usec (values[i], &pg[i]))
      {
        record_error (params, mdb_oid_array_of (element_oid), "timestamp out of range");
        return;
      }
  add_fixed_array (params, element_oid, 8, pg, nulls, n, put_int8_at);
}

/**
 * mdb_params_add_timestamptz_array:
 * @params: a parameter list
 * @values: (nullable) (array length=n): µs since the Unix epoch; %NULL
 *   binds SQL NULL
 * @nulls: (nullable) (array length=n): %TRUE marks a NULL element
 * @n: number of elements
 *
 * Appends a timestamptz[].  An element out of the server's range is
 * reported by mdb_params_check().
 *
 * Since: 0.1
 */
void
mdb_params_add_timestamptz_array (MdbParams *params, const gint64 *values, const gboolean *nulls, gsize n)
{
  g_return_if_fail (params != NULL);
  add_usec_array (params, MDB_OID_TIMESTAMPTZ, values, nulls, n);
}

/**
 * mdb_params_add_timestamp_array:
 * @params: a parameter list
 * @values: (nullable) (array length=n): µs since 1970-01-01 00:00 (the
 *   wall-clock time, no zone); %NULL binds SQL NULL
 * @nulls: (nullable) (array length=n): %TRUE marks a NULL element
 * @n: number of elements
 *
 * Appends a timestamp[] (without time zone).  An element out of the
 * server's range is reported by mdb_params_check().
 *
 * Since: 0.1
 */
void
mdb_params_add_timestamp_array (MdbParams *params, const gint64 *values, const gboolean *nulls, gsize n)
{
  g_return_if_fail (params != NULL);
  add_usec_array (params, MDB_OID_TIMESTAMP, values, nulls, n);
}

/**
 * mdb_params_add_date_array:
 * @params: a parameter list
 * @values: (nullable) (array length=n): per element any instant of the
 *   wanted UTC day, as µs since the Unix epoch (as mdb_params_add_date());
 *   %NULL binds SQL NULL
 * @nulls: (nullable) (array length=n): %TRUE marks a NULL element
 * @n: number of elements
 *
 * Appends a date[].  An element out of the server's range is reported by
 * mdb_params_check().
 *
 * Since: 0.1
 */
void
mdb_params_add_date_array (MdbParams *params, const gint64 *values, const gboolean *nulls, gsize n)
{
  g_autofree gint32 *days = NULL;
  gsize i;

  g_return_if_fail (params != NULL);
  if (values == NULL)
    {
      add_null (params, MDB_OID_DATE_ARRAY);
      return;
    }
  days = g_new (gint32, MAX (n, 1));
  for (i = 0; i < n; i++)
    if (!(nulls && nulls[i]) && !to_pg_days (values[i], &days[i]))
      {
        record_error (params, MDB_OID_DATE_ARRAY, "date out of range");
        return;
      }
  add_fixed_array (params, MDB_OID_DATE, 4, days, nulls, n, put_int4_at);
}

static void
put_float4_at (ParamBuf *buf, gconstpointer values, gsize i)
{
  guint32 bits;

  memcpy (&bits, &((const gfloat *) values)[i], sizeof bits);
  put_be32 (buf, bits);
}

/**
 * mdb_params_add_float4_array:
 * @params: a parameter list
 * @values: (nullable) (array length=n): the values; %NULL binds SQL NULL
 * @nulls: (nullable) (array length=n): %TRUE marks a NULL element
 * @n: number of elements
 *
 * Appends a float4[] (real[]).
 *
 * Since: 0.1
 */
void
mdb_params_add_float4_array (MdbParams *params, const gfloat *values, const gboolean *nulls, gsize n)
{
  g_return_if_fail (params != NULL);
  add_fixed_array (params, MDB_OID_FLOAT4, 4, values, nulls, n, put_float4_at);
}

/**
 * mdb_params_add_enum_labels:
 * @params: a parameter list
 * @labels: (nullable) (array length=n): labels, %NULL elements for SQL NULL;
 *   %NULL binds SQL NULL
 * @n: number of elements, or -1 when @labels is %NULL-terminated
 *
 * Appends an array of enum labels as a text-format array literal of
 * unknown type, so the server gives it the parameter's type (the enum's
 * array type, whose OID differs between databases), the way
 * mdb_params_add_enum() does for one label.  `status = ANY (:statuses)`
 * then needs no cast.
 *
 * Since: 0.1
 */
void
mdb_params_add_enum_labels (MdbParams *params, const char *const *labels, gssize n)
{
  g_return_if_fail (params != NULL);
  if (labels == NULL)
    add_null (params, 0);
  else
    add_text_array_literal (params, 0, labels, strv_length (labels, n));
}

/* ---- using -------------------------------------------------------------- */

/* The value pointers into the buffer, NULL for SQL NULL.  A cache, not a
 * visible change: the list is single-threaded anyway. */
static const char *const *
fill_values (MdbParams *self)
{
  for (guint i = 0; i < self->n; i++)
    self->values[i] = self->offsets[i] < 0 ? NULL
      : (const char *) (self->buf->data + self->offsets[i]);
  return (const char *const *) self->values;
}

/* See mdb-private.h. */
void
mdb__params_arrays (const MdbParams *params, MdbParamArrays *out)
{
  if (params == NULL || params->n == 0)
    {
      *out = (MdbParamArrays) { 0, NULL, NULL, NULL, NULL };
      return;
    }
  out->n = (int) params->n;
  out->types = (const guint32 *) params->types;
  out->values = fill_values ((MdbParams *) params);
  out->lengths = (const int *) params->lengths;
  out->formats = (const int *) params->formats;
}

/**
 * mdb_params_check:
 * @params: a parameter list
 * @error: return location for a #GError
 *
 * Reports the first value that could not be encoded, as
 * %MDB_ERROR_INVALID_INPUT naming the parameter ("parameter $3: 'xyz' is
 * not a uuid").  Executors call it before sending.
 *
 * Returns: %TRUE when every parameter is valid
 * Since: 0.1
 */
gboolean
mdb_params_check (const MdbParams *params, GError **error)
{
  g_return_val_if_fail (params != NULL, FALSE);
  if (params->first_error == NULL)
    return TRUE;
  g_set_error_literal (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, params->first_error);
  return FALSE;
}

/**
 * mdb_params_get_types:
 * @params: a parameter list
 *
 * Returns: (transfer none) (array): the type OIDs, for PQexecParams()
 * Since: 0.1
 */
const guint32 *
mdb_params_get_types (const MdbParams *params)
{
  g_return_val_if_fail (params != NULL, NULL);
  return (const guint32 *) params->types;
}

/**
 * mdb_params_get_values:
 * @params: a parameter list
 *
 * The value pointers for PQexecParams(): %NULL for SQL NULL, else into the
 * list's buffer.
 *
 * Returns: (transfer none) (array): valid until the list changes
 * Since: 0.1
 */
const char *const *
mdb_params_get_values (const MdbParams *params)
{
  g_return_val_if_fail (params != NULL, NULL);
  return fill_values ((MdbParams *) params);
}

/**
 * mdb_params_get_lengths:
 * @params: a parameter list
 *
 * Returns: (transfer none) (array): the byte length of each value
 * Since: 0.1
 */
const int *
mdb_params_get_lengths (const MdbParams *params)
{
  g_return_val_if_fail (params != NULL, NULL);
  return (const int *) params->lengths;
}

/**
 * mdb_params_get_formats:
 * @params: a parameter list
 *
 * Returns: (transfer none) (array): 1 (binary) for every value, 0 (text)
 *   for enums
 * Since: 0.1
 */
const int *
mdb_params_get_formats (const MdbParams *params)
{
  g_return_val_if_fail (params != NULL, NULL);
  return (const int *) params->formats;
}
