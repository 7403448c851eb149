/* SPDX-License-Identifier: MIT */
/* A statement's result: a PGresult with snake_case column names and typed getters. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "mdb-private.h"
#include "values-private.h"
#include "result-private.h"
#include "spare-private.h"

/* The wrapper around @res without its column types and formats. */
static MdbResult *
result_alloc (PGresult *res)
{
  MdbResult *result;

  /* Not g_new0: calloc of the inline arrays cost more than the rest of
   * this function in a point select; every field is set here or by the
   * caller.  The thread's last freed wrapper first (spare-private.h). */
  result = mdb__spare_take (MDB__SPARE_RESULT);
  if (result == NULL)
    result = g_new (MdbResult, 1);
  result->res = res;
  result->snake_names = NULL;
  result->by_snake_name = NULL;
  result->kept = NULL;
  result->n_rows = PQntuples (res);
  result->n_columns = PQnfields (res);
  result->types = result->types_inline;
  result->formats = result->formats_inline;
  if (result->n_columns > MDB_RESULT_INLINE_COLUMNS)
    {
      result->types = g_new (guint32, result->n_columns);
      result->formats = g_new (int, result->n_columns);
    }
  return result;
}

/* Wraps @res, taking ownership; see mdb-private.h. */
MdbResult *
mdb__result_new (PGresult *res)
{
  MdbResult *result;

  g_return_val_if_fail (res != NULL, NULL);
  result = result_alloc (res);
  /* Our statements ask for binary results: one call then answers for
   * every column instead of a PQfformat() per column. */
  result->binary = PQbinaryTuples (res);
  if (result->binary)
    for (int i = 0; i < result->n_columns; i++)
      result->types[i] = PQftype (res, i);
  else
    for (int i = 0; i < result->n_columns; i++)
      {
        result->types[i] = PQftype (res, i);
        result->formats[i] = PQfformat (res, i);
      }
  return result;
}

/* See mdb-private.h. */
MdbResult *
mdb__result_new_shaped (PGresult *res, const MdbResultShape *shape)
{
  MdbResult *result;

  g_return_val_if_fail (res != NULL, NULL);
  if (shape->n_columns != PQnfields (res) || !shape->binary)
    return mdb__result_new (res);
  result = result_alloc (res);
  result->binary = TRUE;
  if (result->n_columns > 0)
    memcpy (result->types, shape->types, (gsize) result->n_columns * sizeof (guint32));
  return result;
}

/* See mdb-private.h. */
void
mdb__result_shape_remember (MdbResultShape *shape, const MdbResult *result)
{
  g_free (shape->types);
  shape->types = g_memdup2 (result->types, (gsize) result->n_columns * sizeof (guint32));
  shape->n_columns = result->n_columns;
  shape->binary = result->binary;
  shape->known = TRUE;
}

/* Mapping names costs more than decoding a small row, and generated code
 * reads columns by position, so it waits until a name is asked for.
 * Results are shared read-only between threads: published with g_once_init. */
static char **
get_snake_names (const MdbResult *result)
{
  MdbResult *mutable = (MdbResult *) result;

  if (g_once_init_enter (&mutable->snake_names))
    {
      char **names = g_new0 (char *, result->n_columns + 1);

      for (int i = 0; i < result->n_columns; i++)
        names[i] = mdb_name_to_snake (PQfname (result->res, i));
      g_once_init_leave (&mutable->snake_names, names);
    }
  return result->snake_names;
}

/* Values converted for rows (mdb-rows.h) live as long as the result. */
typedef struct {
  gpointer       data;
  GDestroyNotify destroy;
} Kept;

static void
free_kept (GArray *kept)
{
  for (guint i = 0; i < kept->len; i++)
    {
      Kept *k = &g_array_index (kept, Kept, i);

      k->destroy (k->data);
    }
  g_array_unref (kept);
}

/* See result-private.h. */
void
mdb__result_keep (MdbResult *result, gpointer data, GDestroyNotify destroy)
{
  Kept k = { data, destroy };

  if (result->kept == NULL)
    result->kept = g_array_new (FALSE, FALSE, sizeof (Kept));
  g_array_append_val (result->kept, k);
}

/**
 * mdb_result_free:
 * @result: (nullable) (transfer full): a result
 *
 * Frees @result and its PGresult.
 *
 * Since: 0.1
 */
void
mdb_result_free (MdbResult *result)
{
  if (result == NULL)
    return;
  PQclear (result->res);
  g_strfreev (result->snake_names);
  if (result->kept != NULL)
    free_kept (result->kept);
  if (result->by_snake_name != NULL)
    g_hash_table_unref (result->by_snake_name);
  if (result->types != result->types_inline)
    {
      g_free (result->types);
      g_free (result->formats);
    }
  mdb__spare_keep (MDB__SPARE_RESULT, result);
}

/**
 * mdb_result_get_n_rows:
 * @result: a result
 *
 * Returns: the number of rows
 * Since: 0.1
 */
int
mdb_result_get_n_rows (const MdbResult *result)
{
  g_return_val_if_fail (result != NULL, 0);
  return result->n_rows;
}

/**
 * mdb_result_get_n_columns:
 * @result: a result
 *
 * Returns: the number of columns
 * Since: 0.1
 */
int
mdb_result_get_n_columns (const MdbResult *result)
{
  g_return_val_if_fail (result != NULL, 0);
  return result->n_columns;
}

/**
 * mdb_result_get_affected_rows:
 * @result: a result
 *
 * The row count of the command tag of INSERT, UPDATE, DELETE, MERGE, COPY,
 * MOVE, FETCH and SELECT … INTO.
 *
 * Returns: the count, or 0 for other commands
 * Since: 0.1
 */
gint64
mdb_result_get_affected_rows (const MdbResult *result)
{
  const char *tuples;

  g_return_val_if_fail (result != NULL, 0);
  tuples = PQcmdTuples (result->res);
  return (tuples != NULL && *tuples != '\0') ? g_ascii_strtoll (tuples, NULL, 10) : 0;
}

/**
 * mdb_result_get_column_name:
 * @result: a result
 * @column: a column index
 *
 * Returns: (transfer none) (nullable): the column's name as the server sent
 *   it, or %NULL when @column is out of range
 * Since: 0.1
 */
const char *
mdb_result_get_column_name (const MdbResult *result, int column)
{
  g_return_val_if_fail (result != NULL, NULL);
  if (column < 0 || column >= result->n_columns)
    return NULL;
  return PQfname (result->res, column);
}

/**
 * mdb_result_get_column_snake_name:
 * @result: a result
 * @column: a column index
 *
 * The column's name mapped by mdb_name_to_snake() ("createdAt" →
 * "created_at").
 *
 * Returns: (transfer none) (nullable): the name, or %NULL when @column is
 *   out of range
 * Since: 0.1
 */
const char *
mdb_result_get_column_snake_name (const MdbResult *result, int column)
{
  g_return_val_if_fail (result != NULL, NULL);
  if (column < 0 || column >= result->n_columns)
    return NULL;
  return get_snake_names (result)[column];
}

/**
 * mdb_result_get_column_type:
 * @result: a result
 * @column: a column index
 *
 * Returns: the column's type OID, or 0 when @column is out of range
 * Since: 0.1
 */
guint32
mdb_result_get_column_type (const MdbResult *result, int column)
{
  g_return_val_if_fail (result != NULL, 0);
  if (column < 0 || column >= result->n_columns)
    return 0;
  return result->types[column];
}

/**
 * mdb_result_check_shape:
 * @result: a result
 * @oids: (array length=n_columns): the expected type OID of each column,
 *   0 for a column of any type (an enum has no fixed OID)
 * @n_columns: the expected number of columns
 * @query_name: the query's name, for the error message
 * @error: return location for a #GError
 *
 * Checks in one call that @result has the columns generated code was built
 * for, so a schema changed since `mdb prepare` is an error instead of a
 * misread value.
 *
 * Sets %MDB_ERROR_DECODE when the number of columns or a type differs.
 *
 * Returns: %TRUE when the result has that shape
 * Since: 0.1
 */
gboolean
mdb_result_check_shape (const MdbResult *result, const guint32 *oids, int n_columns,
                        const char *query_name, GError **error)
{
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (oids != NULL || n_columns == 0, FALSE);
  g_return_val_if_fail (query_name != NULL, FALSE);

  if (result->n_columns == n_columns)
    {
      int k;

      for (k = 0; k < n_columns; k++)
        if (oids[k] != 0 && oids[k] != result->types[k])
          break;
      if (k == n_columns)
        return TRUE;
    }
  g_set_error (error, MDB_ERROR, MDB_ERROR_DECODE,
               "query %s: result shape changed, run mdb prepare", query_name);
  return FALSE;
}

/* Results are shared between threads read-only, so the lazily built index
 * is published once with g_once_init. */
static GHashTable *
find_index (const MdbResult *result)
{
  MdbResult *mutable = (MdbResult *) result;

  if (g_once_init_enter (&mutable->by_snake_name))
    {
      GHashTable *index = g_hash_table_new (g_str_hash, g_str_equal);
      int i;

      /* Walk backwards so the first of two equal names wins. */
      for (i = result->n_columns - 1; i >= 0; i--)
        g_hash_table_insert (index, get_snake_names (result)[i], GINT_TO_POINTER (i + 1));
      g_once_init_leave (&mutable->by_snake_name, index);
    }
  return result->by_snake_name;
}

/**
 * mdb_result_find_column:
 * @result: a result
 * @snake_name: a snake_case column name
 *
 * Finds a column by its mapped name, whatever the server called it: a
 * column "createdAt" answers to "created_at".  When two columns map to the
 * same name the first wins.  The index is built on the first call.
 *
 * Returns: the column index, or -1 when no column has that name
 * Since: 0.1
 */
int
mdb_result_find_column (const MdbResult *result, const char *snake_name)
{
  g_return_val_if_fail (result != NULL, -1);
  g_return_val_if_fail (snake_name != NULL, -1);
  return GPOINTER_TO_INT (g_hash_table_lookup (find_index (result), snake_name)) - 1;
}

/**
 * mdb_result_get_pg_result:
 * @result: a result
 *
 * Returns: (transfer none): the wrapped PGresult, owned by @result
 * Since: 0.1
 */
gpointer
mdb_result_get_pg_result (const MdbResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);
  return result->res;
}

/**
 * mdb_result_is_null:
 * @result: a result
 * @row: a row index
 * @column: a column index
 *
 * Returns: %TRUE when the value is SQL NULL or the cell is out of range
 * Since: 0.1
 */
gboolean
mdb_result_is_null (const MdbResult *result, int row, int column)
{
  g_return_val_if_fail (result != NULL, TRUE);
  if (row < 0 || row >= result->n_rows || column < 0 || column >= result->n_columns)
    return TRUE;
  return PQgetisnull (result->res, row, column) != 0;
}

/* ---- decoding ----------------------------------------------------------- */

/* Why a value could not be decoded; turned into a message naming the
 * column by decode_error(). */
typedef enum {
  DECODE_OK,
  DECODE_WRONG_TYPE,
  DECODE_MALFORMED,
  DECODE_OUT_OF_RANGE,
  DECODE_NULL_ELEMENT,
  DECODE_MULTI_DIM,
} DecodeStatus;

/* One value as libpq holds it: text (format 0, NUL-terminated) or binary. */
typedef struct {
  guint32 oid;
  int format;
  const char *data;
  int len;
} Value;

/* User-defined types (enums, domains over text) start at
 * FirstNormalObjectId; their values are read as text.  705 is "unknown". */
#define FIRST_USER_OID 16384
#define UNKNOWN_OID    705

static guint32
get_be32 (const char *p)
{
  const guint8 *b = (const guint8 *) p;
  return (guint32) b[0] << 24 | (guint32) b[1] << 16 | (guint32) b[2] << 8 | b[3];
}

static guint64
get_be64 (const char *p)
{
  return (guint64) get_be32 (p) << 32 | get_be32 (p + 4);
}

static char *
type_label (guint32 oid)
{
  const char *name = mdb_oid_name (oid);
  return name ? g_strdup (name) : g_strdup_printf ("oid %u", oid);
}

static void
decode_error (GError **error, const MdbResult *result, int column, DecodeStatus status,
              const char *wanted)
{
  const char *name = get_snake_names (result)[column];
  g_autofree char *type = type_label (result->types[column]);

  switch (status)
    {
    case DECODE_WRONG_TYPE:
      g_set_error (error, MDB_ERROR, MDB_ERROR_DECODE, "column \"%s\" (%s) cannot be read as %s",
                   name, type, wanted);
      break;
    case DECODE_OUT_OF_RANGE:
      g_set_error (error, MDB_ERROR, MDB_ERROR_DECODE, "column \"%s\" (%s): value out of range of %s",
                   name, type, wanted);
      break;
    case DECODE_NULL_ELEMENT:
      g_set_error (error, MDB_ERROR, MDB_ERROR_DECODE, "column \"%s\" (%s) has a NULL element, not allowed in %s",
                   name, type, wanted);
      break;
    case DECODE_MULTI_DIM:
      g_set_error (error, MDB_ERROR, MDB_ERROR_DECODE, "column \"%s\" (%s) is a multi-dimensional array",
                   name, type);
      break;
    case DECODE_MALFORMED:
    case DECODE_OK:
    default:
      g_set_error (error, MDB_ERROR, MDB_ERROR_DECODE, "column \"%s\" (%s): malformed value for %s",
                   name, type, wanted);
      break;
    }
}

/* The error paths of get_cell(), kept out of line so the common path
 * stays a few instructions (it runs for every cell of every row). */
static G_GNUC_NO_INLINE void
cell_error (const MdbResult *result, int row, int column, GError **error)
{
  if (column < 0 || column >= result->n_columns || row < 0 || row >= result->n_rows)
    g_set_error (error, MDB_ERROR, MDB_ERROR_DECODE, "no cell at row %d, column %d (%d rows, %d columns)",
                 row, column, result->n_rows, result->n_columns);
  else
    {
      g_autofree char *type = type_label (result->types[column]);

      g_set_error (error, MDB_ERROR, MDB_ERROR_DECODE, "column \"%s\" (%s) is NULL",
                   get_snake_names (result)[column], type);
    }
}

/* Fetches a non-NULL cell, or sets a DECODE error naming the column. */
static inline gboolean
get_cell (const MdbResult *result, int row, int column, Value *value, GError **error)
{
  g_return_val_if_fail (result != NULL, FALSE);
  if (G_UNLIKELY ((guint) column >= (guint) result->n_columns
                  || (guint) row >= (guint) result->n_rows))
    {
      cell_error (result, row, column, error);
      return FALSE;
    }
  /* libpq reports a NULL as length 0, so only an empty value needs the
   * extra PQgetisnull() call. */
  value->len = PQgetlength (result->res, row, column);
  if (G_UNLIKELY (value->len == 0) && PQgetisnull (result->res, row, column))
    {
      cell_error (result, row, column, error);
      return FALSE;
    }
  value->oid = result->types[column];
  value->format = result->binary ? 1 : result->formats[column];
  value->data = PQgetvalue (result->res, row, column);
  return TRUE;
}

static inline DecodeStatus
decode_bool (const Value *v, gboolean *out)
{
  if (v->oid != MDB_OID_BOOL)
    return DECODE_WRONG_TYPE;
  if (v->format == 1)
    {
      if (v->len != 1)
        return DECODE_MALFORMED;
      *out = v->data[0] != 0;
      return DECODE_OK;
    }
  if (strcmp (v->data, "t") == 0 || strcmp (v->data, "true") == 0)
    *out = TRUE;
  else if (strcmp (v->data, "f") == 0 || strcmp (v->data, "false") == 0)
    *out = FALSE;
  else
    return DECODE_MALFORMED;
  return DECODE_OK;
}

/* int2, int4, int8 and oid, widened to gint64. */
static DecodeStatus
decode_integer (const Value *v, gint64 *out)
{
  int width;

  switch (v->oid)
    {
    case MDB_OID_INT2: width = 2; break;
    case MDB_OID_INT4: width = 4; break;
    case MDB_OID_OID:  width = 4; break;
    case MDB_OID_INT8: width = 8; break;
    default: return DECODE_WRONG_TYPE;
    }
  if (v->format == 0)
    return g_ascii_string_to_signed (v->data, 10, G_MININT64, G_MAXINT64, out, NULL)
           ? DECODE_OK : DECODE_MALFORMED;
  if (v->len != width)
    return DECODE_MALFORMED;
  if (width == 2)
    *out = (gint16) (guint16) ((guint8) v->data[0] << 8 | (guint8) v->data[1]);
  else if (width == 4)
    *out = v->oid == MDB_OID_OID ? (gint64) get_be32 (v->data) : (gint64) (gint32) get_be32 (v->data);
  else
    *out = (gint64) get_be64 (v->data);
  return DECODE_OK;
}

static DecodeStatus
decode_int32 (const Value *v, gint32 *out)
{
  gint64 wide;
  DecodeStatus status;

  if (v->oid == MDB_OID_INT8 || v->oid == MDB_OID_OID)
    return DECODE_WRONG_TYPE;
  status = decode_integer (v, &wide);
  if (status != DECODE_OK)
    return status;
  if (wide < G_MININT32 || wide > G_MAXINT32)
    return DECODE_OUT_OF_RANGE;
  *out = (gint32) wide;
  return DECODE_OK;
}

static DecodeStatus
parse_double (const char *text, gdouble *out)
{
  char *end;

  if (g_ascii_strcasecmp (text, "NaN") == 0)
    *out = NAN;
  else if (g_ascii_strcasecmp (text, "Infinity") == 0)
    *out = INFINITY;
  else if (g_ascii_strcasecmp (text, "-Infinity") == 0)
    *out = -INFINITY;
  else
    {
      *out = g_ascii_strtod (text, &end);
      if (end == text || *end != '\0')
        return DECODE_MALFORMED;
    }
  return DECODE_OK;
}

/* float4 and float8; int2, int4 and numeric also widen to a double. */
static DecodeStatus
decode_double (const Value *v, gdouble *out)
{
  if (v->oid == MDB_OID_INT2 || v->oid == MDB_OID_INT4)
    {
      gint64 i = 0;
      DecodeStatus status = decode_integer (v, &i);

      *out = (gdouble) i;
      return status;
    }
  if (v->oid == MDB_OID_NUMERIC)
    {
      g_autofree char *text = NULL;

      if (v->format == 0)
        return parse_double (v->data, out);
      text = mdb__numeric_from_binary (v->data, v->len, NULL);
      return text ? parse_double (text, out) : DECODE_MALFORMED;
    }
  if (v->oid != MDB_OID_FLOAT4 && v->oid != MDB_OID_FLOAT8)
    return DECODE_WRONG_TYPE;
  if (v->format == 0)
    return parse_double (v->data, out);
  if (v->oid == MDB_OID_FLOAT4 && v->len == 4)
    {
      guint32 bits = get_be32 (v->data);
      gfloat f;

      memcpy (&f, &bits, sizeof f);
      *out = f;
      return DECODE_OK;
    }
  if (v->oid == MDB_OID_FLOAT8 && v->len == 8)
    {
      guint64 bits = get_be64 (v->data);

      memcpy (out, &bits, sizeof *out);
      return DECODE_OK;
    }
  return DECODE_MALFORMED;
}

/* Days from 1970-01-01 to a proleptic Gregorian date (astronomical year
 * numbering: 1 BC is year 0), by the era arithmetic of H. Hinnant. */
static gint64
days_from_civil (gint64 y, int m, int d)
{
  gint64 era, yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/* Reads exactly @min..@max digits. */
static gboolean
read_digits (const char **p, int min, int max, gint64 *out)
{
  int n = 0;

  *out = 0;
  while (n < max && g_ascii_isdigit (**p))
    {
      *out = *out * 10 + (**p - '0');
      (*p)++;
      n++;
    }
  return n >= min;
}

static gboolean
read_time (const char **p, gint64 *usec)
{
  gint64 h, mi, s, frac = 0;
  int scale = 100000;

  if (!read_digits (p, 2, 2, &h) || *(*p)++ != ':' || !read_digits (p, 2, 2, &mi)
      || *(*p)++ != ':' || !read_digits (p, 2, 2, &s) || h > 24 || mi > 59 || s > 60)
    return FALSE;
  if (**p == '.')
    for ((*p)++; g_ascii_isdigit (**p); (*p)++, scale /= 10)
      frac += (**p - '0') * scale;
  *usec = ((h * 60 + mi) * 60 + s) * MDB_USEC_PER_SEC + frac;
  return TRUE;
}

/* [+-]HH[:MM[:SS]], the offset the server prints for timestamptz. */
static gboolean
read_offset (const char **p, gint64 *usec)
{
  int sign = (**p == '-') ? -1 : 1;
  gint64 h, mi = 0, s = 0;

  (*p)++;
  if (!read_digits (p, 2, 2, &h))
    return FALSE;
  if (**p == ':' && (++(*p), !read_digits (p, 2, 2, &mi)))
    return FALSE;
  if (**p == ':' && (++(*p), !read_digits (p, 2, 2, &s)))
    return FALSE;
  *usec = sign * ((h * 60 + mi) * 60 + s) * MDB_USEC_PER_SEC;
  return TRUE;
}

/* The ISO DateStyle the server uses by default: "2024-01-02",
 * "2024-01-02 03:04:05.123456+00", "0044-03-15 BC", "infinity". */
static DecodeStatus
parse_timestamp_text (const char *text, gboolean with_time, gint64 *out)
{
  const char *p = text;
  gint64 y, mo, d, days, time = 0, offset = 0;

  if (strcmp (text, "infinity") == 0 || strcmp (text, "-infinity") == 0)
    {
      *out = text[0] == '-' ? G_MININT64 : G_MAXINT64;
      return DECODE_OK;
    }
  if (!read_digits (&p, 4, 7, &y) || *p++ != '-' || !read_digits (&p, 2, 2, &mo) || *p++ != '-'
      || !read_digits (&p, 2, 2, &d) || mo < 1 || mo > 12 || d < 1 || d > 31)
    return DECODE_MALFORMED;
  if (with_time && *p == ' ' && g_ascii_isdigit (p[1]) && (p++, !read_time (&p, &time)))
    return DECODE_MALFORMED;
  if ((*p == '+' || *p == '-') && !read_offset (&p, &offset))
    return DECODE_MALFORMED;
  if (strcmp (p, " BC") == 0)
    {
      y = 1 - y;
      p += 3;
    }
  if (*p != '\0')
    return DECODE_MALFORMED;
  days = days_from_civil (y, (int) mo, (int) d);
  if (days > G_MAXINT64 / MDB__USEC_PER_DAY - 1 || days < G_MININT64 / MDB__USEC_PER_DAY + 1)
    return DECODE_OUT_OF_RANGE;
  *out = days * MDB__USEC_PER_DAY + time - offset;
  return DECODE_OK;
}

/* timestamp, timestamptz and date as µs since 1970; the server's
 * infinities become the gint64 extremes. */
static inline DecodeStatus
decode_timestamp (const Value *v, gint64 *out)
{
  gint64 pg;

  if (v->oid != MDB_OID_TIMESTAMP && v->oid != MDB_OID_TIMESTAMPTZ && v->oid != MDB_OID_DATE)
    return DECODE_WRONG_TYPE;
  if (v->format == 0)
    return parse_timestamp_text (v->data, v->oid != MDB_OID_DATE, out);
  if (v->oid == MDB_OID_DATE)
    {
      gint32 days;

      if (v->len != 4)
        return DECODE_MALFORMED;
      days = (gint32) get_be32 (v->data);
      if (days == G_MAXINT32 || days == G_MININT32)
        *out = days == G_MAXINT32 ? G_MAXINT64 : G_MININT64;
      else
        *out = ((gint64) days + MDB__PG_EPOCH_DAYS) * MDB__USEC_PER_DAY;
      return DECODE_OK;
    }
  if (v->len != 8)
    return DECODE_MALFORMED;
  pg = (gint64) get_be64 (v->data);
  if (pg == G_MAXINT64 || pg == G_MININT64)
    *out = pg;
  else if (pg > G_MAXINT64 - MDB__PG_EPOCH_USEC)
    return DECODE_OUT_OF_RANGE;
  else
    *out = pg + MDB__PG_EPOCH_USEC;
  return DECODE_OK;
}

static inline gboolean
is_string_type (guint32 oid)
{
  switch (oid)
    {
    case MDB_OID_TEXT: case MDB_OID_VARCHAR: case MDB_OID_BPCHAR: case MDB_OID_NAME:
    case MDB_OID_JSON: case MDB_OID_JSONB: case MDB_OID_NUMERIC: case MDB_OID_UUID:
    case UNKNOWN_OID:
      return TRUE;
    default:
      return oid >= FIRST_USER_OID;
    }
}

static inline DecodeStatus
decode_string (const Value *v, char **out)
{
  /* The plain text types, most string columns, skip the switch below. */
  if (v->oid == MDB_OID_TEXT || v->oid == MDB_OID_VARCHAR)
    {
      *out = g_strndup (v->data, v->len);
      return DECODE_OK;
    }
  if (!is_string_type (v->oid))
    return DECODE_WRONG_TYPE;
  if (v->format == 1 && v->oid == MDB_OID_JSONB)
    {
      if (v->len < 1 || v->data[0] != 1)
        return DECODE_MALFORMED;
      *out = g_strndup (v->data + 1, v->len - 1);
    }
  else if (v->format == 1 && v->oid == MDB_OID_NUMERIC)
    *out = mdb__numeric_from_binary (v->data, v->len, NULL);
  else if (v->format == 1 && v->oid == MDB_OID_UUID)
    {
      if (v->len != 16)
        return DECODE_MALFORMED;
      *out = g_malloc (37);
      mdb__uuid_format ((const guint8 *) v->data, *out);
    }
  else
    *out = g_strndup (v->data, v->len);
  return *out ? DECODE_OK : DECODE_MALFORMED;
}

/* ---- arrays ------------------------------------------------------------- */

/* Walks the elements of a one-dimensional array in either format.  Binary
 * arrays are read in place with a length check before every read; text
 * arrays ({a,"b c",NULL}) are split into @text_elems first. */
typedef struct {
  guint32 elem_oid;
  int format;
  const char *p, *end;     /* binary: next element */
  GPtrArray *text_elems;   /* text: element strings, NULL for SQL NULL */
  guint index;
  guint n;
} ArrayIter;

static DecodeStatus
array_iter_init_binary (ArrayIter *it, const Value *v)
{
  gint32 ndim, has_null, n = 0;

  if (v->len < 12)
    return DECODE_MALFORMED;
  ndim = (gint32) get_be32 (v->data);
  has_null = (gint32) get_be32 (v->data + 4);
  it->elem_oid = get_be32 (v->data + 8);
  it->p = v->data + 12;
  it->end = v->data + v->len;
  if (ndim > 1)
    return DECODE_MULTI_DIM;
  if (ndim < 0 || has_null < 0 || has_null > 1)
    return DECODE_MALFORMED;
  if (ndim == 1)
    {
      if (it->end - it->p < 8)
        return DECODE_MALFORMED;
      n = (gint32) get_be32 (it->p);
      it->p += 8;   /* size and lower bound */
    }
  /* Every element takes at least its 4-byte length. */
  if (n < 0 || n > (it->end - it->p) / 4)
    return DECODE_MALFORMED;
  it->n = (guint) n;
  return DECODE_OK;
}

/* Reads one text-format element starting at @p; returns the position after
 * it, or NULL when malformed. */
static const char *
read_text_element (const char *p, GPtrArray *elems)
{
  GString *elem = g_string_new (NULL);
  gboolean quoted = (*p == '"');

  if (quoted)
    {
      for (p++; *p != '"'; p++)
        {
          if (*p == '\\')
            p++;
          if (*p == '\0')
            {
              g_string_free (elem, TRUE);
              return NULL;
            }
          g_string_append_c (elem, *p);
        }
      p++;
    }
  else
    for (; *p != ',' && *p != '}' && *p != '\0'; p++)
      g_string_append_c (elem, *p);
  if (!quoted && (elem->len == 0 || g_ascii_strcasecmp (elem->str, "NULL") == 0))
    {
      gboolean empty = elem->len == 0;

      g_string_free (elem, TRUE);
      if (empty)
        return NULL;
      g_ptr_array_add (elems, NULL);
    }
  else
    g_ptr_array_add (elems, g_string_free (elem, FALSE));
  return p;
}

static DecodeStatus
array_iter_init_text (ArrayIter *it, const Value *v)
{
  const char *p = v->data;

  it->elem_oid = mdb_oid_array_element (v->oid);
  if (it->elem_oid == 0)
    it->elem_oid = MDB_OID_TEXT;   /* enum arrays: labels are text */
  it->text_elems = g_ptr_array_new_with_free_func (g_free);
  if (*p == '[')   /* "[0:2]={…}": a lower bound other than 1 */
    p = strchr (p, '=') ? strchr (p, '=') + 1 : p;
  if (*p++ != '{')
    return DECODE_MALFORMED;
  if (*p == '{')
    return DECODE_MULTI_DIM;
  while (*p != '}')
    {
      if (it->text_elems->len > 0 && *p++ != ',')
        return DECODE_MALFORMED;
      if ((p = read_text_element (p, it->text_elems)) == NULL)
        return DECODE_MALFORMED;
    }
  if (p[1] != '\0')
    return DECODE_MALFORMED;
  it->n = it->text_elems->len;
  return DECODE_OK;
}

static DecodeStatus
array_iter_init (ArrayIter *it, const Value *v)
{
  memset (it, 0, sizeof *it);
  it->format = v->format;
  return v->format == 1 ? array_iter_init_binary (it, v) : array_iter_init_text (it, v);
}

static void
array_iter_clear (ArrayIter *it)
{
  if (it->text_elems != NULL)
    g_ptr_array_unref (it->text_elems);
}

/* The next element as a Value; NULL elements are DECODE_NULL_ELEMENT. */
static DecodeStatus
array_iter_next (ArrayIter *it, Value *elem)
{
  elem->oid = it->elem_oid;
  elem->format = it->format;
  if (it->format == 0)
    {
      elem->data = g_ptr_array_index (it->text_elems, it->index++);
      if (elem->data == NULL)
        return DECODE_NULL_ELEMENT;
      elem->len = (int) strlen (elem->data);
      return DECODE_OK;
    }
  it->index++;
  if (it->end - it->p < 4)
    return DECODE_MALFORMED;
  elem->len = (gint32) get_be32 (it->p);
  it->p += 4;
  if (elem->len == -1)
    return DECODE_NULL_ELEMENT;
  if (elem->len < 0 || elem->len > it->end - it->p)
    return DECODE_MALFORMED;
  elem->data = it->p;
  it->p += elem->len;
  return DECODE_OK;
}

static gboolean
is_string_array_type (guint32 oid)
{
  guint32 elem = mdb_oid_array_element (oid);

  if (elem != 0)
    return is_string_type (elem);
  return oid >= FIRST_USER_OID;   /* enum arrays */
}

static DecodeStatus
decode_strv (const Value *v, char ***out)
{
  ArrayIter it;
  GPtrArray *strv;
  DecodeStatus status;

  if (!is_string_array_type (v->oid))
    return DECODE_WRONG_TYPE;
  status = array_iter_init (&it, v);
  strv = g_ptr_array_new_full (it.n + 1, g_free);
  while (status == DECODE_OK && it.index < it.n)
    {
      Value elem;
      char *s = NULL;

      status = array_iter_next (&it, &elem);
      if (status == DECODE_OK)
        status = decode_string (&elem, &s);
      if (status == DECODE_OK)
        g_ptr_array_add (strv, s);
    }
  array_iter_clear (&it);
  if (status != DECODE_OK)
    {
      g_ptr_array_unref (strv);
      return status;
    }
  g_ptr_array_add (strv, NULL);
  *out = (char **) g_ptr_array_free (strv, FALSE);
  return DECODE_OK;
}

/* The C type of a GArray element for an array type, and its decoder. */
static DecodeStatus
decode_element (const Value *elem, GArray *out)
{
  DecodeStatus status;

  switch (elem->oid)
    {
    case MDB_OID_BOOL:
      {
        gboolean b = FALSE;
        if ((status = decode_bool (elem, &b)) == DECODE_OK)
          g_array_append_val (out, b);
        return status;
      }
    case MDB_OID_INT2:
    case MDB_OID_INT4:
      {
        gint32 i = 0;
        if ((status = decode_int32 (elem, &i)) == DECODE_OK)
          g_array_append_val (out, i);
        return status;
      }
    case MDB_OID_FLOAT4:
    case MDB_OID_FLOAT8:
      {
        gdouble d = 0;
        if ((status = decode_double (elem, &d)) == DECODE_OK)
          g_array_append_val (out, d);
        return status;
      }
    default:
      {
        gint64 i = 0;
        status = elem->oid == MDB_OID_INT8 ? decode_integer (elem, &i) : decode_timestamp (elem, &i);
        if (status == DECODE_OK)
          g_array_append_val (out, i);
        return status;
      }
    }
}

static gsize
element_size (guint32 elem_oid)
{
  switch (elem_oid)
    {
    case MDB_OID_BOOL: return sizeof (gboolean);
    case MDB_OID_INT2: case MDB_OID_INT4: return sizeof (gint32);
    case MDB_OID_FLOAT4: case MDB_OID_FLOAT8: return sizeof (gdouble);
    case MDB_OID_INT8: case MDB_OID_TIMESTAMP: case MDB_OID_TIMESTAMPTZ: case MDB_OID_DATE:
      return sizeof (gint64);
    default: return 0;
    }
}

static DecodeStatus
decode_array (const Value *v, GArray **out)
{
  gsize size = element_size (mdb_oid_array_element (v->oid));
  ArrayIter it;
  GArray *array;
  DecodeStatus status;

  if (size == 0)
    return DECODE_WRONG_TYPE;
  status = array_iter_init (&it, v);
  /* The element OID inside a binary array must agree with the column's. */
  if (status == DECODE_OK && it.elem_oid != mdb_oid_array_element (v->oid))
    status = DECODE_MALFORMED;
  array = g_array_sized_new (FALSE, TRUE, (guint) size, it.n);
  while (status == DECODE_OK && it.index < it.n)
    {
      Value elem;

      status = array_iter_next (&it, &elem);
      if (status == DECODE_OK)
        status = decode_element (&elem, array);
    }
  array_iter_clear (&it);
  if (status != DECODE_OK)
    {
      g_array_unref (array);
      return status;
    }
  *out = array;
  return DECODE_OK;
}

/* ---- public getters ----------------------------------------------------- */

/**
 * mdb_result_get_bool:
 * @result: a result
 * @row: a row index
 * @column: a column index
 * @out: (out): the value
 * @error: return location for a #GError
 *
 * Reads a bool.  Sets %MDB_ERROR_DECODE, naming the column, when the value
 * is NULL or the column is not a bool.
 *
 * Returns: %TRUE when @out was set
 * Since: 0.1
 */
gboolean
mdb_result_get_bool (const MdbResult *result, int row, int column, gboolean *out, GError **error)
{
  Value v;
  DecodeStatus status;

  g_return_val_if_fail (out != NULL, FALSE);
  if (!get_cell (result, row, column, &v, error))
    return FALSE;
  if ((status = decode_bool (&v, out)) != DECODE_OK)
    decode_error (error, result, column, status, "bool");
  return status == DECODE_OK;
}

/**
 * mdb_result_get_int32:
 * @result: a result
 * @row: a row index
 * @column: a column index
 * @out: (out): the value
 * @error: return location for a #GError
 *
 * Reads an int4 or int2.  Sets %MDB_ERROR_DECODE, naming the column, when
 * the value is NULL or of another type (int8 included: use
 * mdb_result_get_int64()).
 *
 * Returns: %TRUE when @out was set
 * Since: 0.1
 */
gboolean
mdb_result_get_int32 (const MdbResult *result, int row, int column, gint32 *out, GError **error)
{
  Value v;
  DecodeStatus status;

  g_return_val_if_fail (out != NULL, FALSE);
  if (!get_cell (result, row, column, &v, error))
    return FALSE;
  if ((status = decode_int32 (&v, out)) != DECODE_OK)
    decode_error (error, result, column, status, "int32");
  return status == DECODE_OK;
}

/**
 * mdb_result_get_int64:
 * @result: a result
 * @row: a row index
 * @column: a column index
 * @out: (out): the value
 * @error: return location for a #GError
 *
 * Reads an int8, int4, int2 or oid.  Sets %MDB_ERROR_DECODE, naming the
 * column, when the value is NULL or of another type.
 *
 * Returns: %TRUE when @out was set
 * Since: 0.1
 */
gboolean
mdb_result_get_int64 (const MdbResult *result, int row, int column, gint64 *out, GError **error)
{
  Value v;
  DecodeStatus status;

  g_return_val_if_fail (out != NULL, FALSE);
  if (!get_cell (result, row, column, &v, error))
    return FALSE;
  if ((status = decode_integer (&v, out)) != DECODE_OK)
    decode_error (error, result, column, status, "int64");
  return status == DECODE_OK;
}

/**
 * mdb_result_get_double:
 * @result: a result
 * @row: a row index
 * @column: a column index
 * @out: (out): the value
 * @error: return location for a #GError
 *
 * Reads a float8 or float4; int2, int4 and numeric (rounded to the nearest
 * double) are accepted too.  Sets %MDB_ERROR_DECODE, naming the column,
 * when the value is NULL or of another type.
 *
 * Returns: %TRUE when @out was set
 * Since: 0.1
 */
gboolean
mdb_result_get_double (const MdbResult *result, int row, int column, gdouble *out, GError **error)
{
  Value v;
  DecodeStatus status;

  g_return_val_if_fail (out != NULL, FALSE);
  if (!get_cell (result, row, column, &v, error))
    return FALSE;
  if ((status = decode_double (&v, out)) != DECODE_OK)
    decode_error (error, result, column, status, "double");
  return status == DECODE_OK;
}

/**
 * mdb_result_get_timestamp:
 * @result: a result
 * @row: a row index
 * @column: a column index
 * @out: (out): µs since 1970-01-01 00:00 UTC
 * @error: return location for a #GError
 *
 * Reads a timestamptz, a timestamp (read as UTC) or a date (its midnight
 * UTC).  'infinity' and '-infinity' read as %G_MAXINT64 and %G_MININT64.
 * Text-format results must use the server's default ISO DateStyle.  Sets
 * %MDB_ERROR_DECODE, naming the column, when the value is NULL or of
 * another type.
 *
 * Returns: %TRUE when @out was set
 * Since: 0.1
 */
gboolean
mdb_result_get_timestamp (const MdbResult *result, int row, int column, gint64 *out, GError **error)
{
  Value v;
  DecodeStatus status;

  g_return_val_if_fail (out != NULL, FALSE);
  if (!get_cell (result, row, column, &v, error))
    return FALSE;
  if ((status = decode_timestamp (&v, out)) != DECODE_OK)
    decode_error (error, result, column, status, "timestamp");
  return status == DECODE_OK;
}

/**
 * mdb_result_dup_string:
 * @result: a result
 * @row: a row index
 * @column: a column index
 * @error: return location for a #GError
 *
 * Reads text, varchar, char, name, json, jsonb, numeric (as exact decimal
 * text), uuid (canonical lower-case form) and enums or other user-defined
 * types whose values are text.  Sets %MDB_ERROR_DECODE, naming the
 * column, when the value is NULL or of another type.
 *
 * Returns: (transfer full) (nullable): the text (g_free), or %NULL
 * Since: 0.1
 */
char *
mdb_result_dup_string (const MdbResult *result, int row, int column, GError **error)
{
  Value v;
  DecodeStatus status;
  char *out = NULL;

  if (!get_cell (result, row, column, &v, error))
    return NULL;
  if ((status = decode_string (&v, &out)) != DECODE_OK)
    decode_error (error, result, column, status, "string");
  return out;
}

/**
 * mdb_result_dup_bytes:
 * @result: a result
 * @row: a row index
 * @column: a column index
 * @error: return location for a #GError
 *
 * Reads a bytea.  Sets %MDB_ERROR_DECODE, naming the column, when the
 * value is NULL or of another type.
 *
 * Returns: (transfer full) (nullable): the bytes, or %NULL
 * Since: 0.1
 */
GBytes *
mdb_result_dup_bytes (const MdbResult *result, int row, int column, GError **error)
{
  Value v;
  unsigned char *raw;
  size_t len;
  GBytes *bytes;

  if (!get_cell (result, row, column, &v, error))
    return NULL;
  if (v.oid != MDB_OID_BYTEA)
    {
      decode_error (error, result, column, DECODE_WRONG_TYPE, "bytes");
      return NULL;
    }
  if (v.format == 1)
    return g_bytes_new (v.data, v.len);
  raw = PQunescapeBytea ((const unsigned char *) v.data, &len);
  if (raw == NULL)
    {
      decode_error (error, result, column, DECODE_MALFORMED, "bytes");
      return NULL;
    }
  bytes = g_bytes_new (raw, len);
  PQfreemem (raw);
  return bytes;
}

/**
 * mdb_result_dup_strv:
 * @result: a result
 * @row: a row index
 * @column: a column index
 * @error: return location for a #GError
 *
 * Reads a one-dimensional array of a type mdb_result_dup_string() reads
 * (text[], uuid[], an enum's array, …).  Sets %MDB_ERROR_DECODE, naming
 * the column, when the value is NULL, of another type, multi-dimensional,
 * or has a NULL element (a #GStrv cannot hold one).
 *
 * Returns: (transfer full) (nullable): a %NULL-terminated vector
 *   (g_strfreev), or %NULL
 * Since: 0.1
 */
char **
mdb_result_dup_strv (const MdbResult *result, int row, int column, GError **error)
{
  Value v;
  DecodeStatus status;
  char **out = NULL;

  if (!get_cell (result, row, column, &v, error))
    return NULL;
  if ((status = decode_strv (&v, &out)) != DECODE_OK)
    decode_error (error, result, column, status, "a string vector");
  return out;
}

/**
 * mdb_result_dup_array:
 * @result: a result
 * @row: a row index
 * @column: a column index
 * @error: return location for a #GError
 *
 * Reads a one-dimensional array of numbers, bools or times as a #GArray of
 * the matching getter's C type: bool[] → gboolean, int2[] and int4[] →
 * gint32, int8[] → gint64, float4[] and float8[] → gdouble, timestamp[],
 * timestamptz[] and date[] → gint64 µs since the Unix epoch.  Sets
 * %MDB_ERROR_DECODE, naming the column, when the value is NULL, of another
 * type, multi-dimensional or has a NULL element.
 *
 * Returns: (transfer full) (nullable): the elements (g_array_unref), or %NULL
 * Since: 0.1
 */
GArray *
mdb_result_dup_array (const MdbResult *result, int row, int column, GError **error)
{
  Value v;
  DecodeStatus status;
  GArray *out = NULL;

  if (!get_cell (result, row, column, &v, error))
    return NULL;
  if ((status = decode_array (&v, &out)) != DECODE_OK)
    decode_error (error, result, column, status, "an array");
  return out;
}
