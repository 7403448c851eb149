/* SPDX-License-Identifier: MIT */
/* records.c: child rows — a composite value, or an array of them, read out of
 * a result cell as a result of its own.
 *
 * `array_agg(ROW(a, b)::t)` and `ARRAY(SELECT ROW(a, b)::t …)` come back in
 * PostgreSQL's binary record format: a field count, then per field its type
 * OID, length and bytes.  Building a PGresult of those fields (one row per
 * record) lets generated code read child rows with the getters it already
 * uses for rows, nested children included, and check each field's OID. */
#include <string.h>
#include "mdb-private.h"

typedef struct {
  const guint8 *p, *end;
} Reader;

static gboolean
read_be32 (Reader *r, gint32 *out)
{
  if (r->end - r->p < 4)
    return FALSE;
  *out = (gint32) (((guint32) r->p[0] << 24) | ((guint32) r->p[1] << 16) | ((guint32) r->p[2] << 8) | r->p[3]);
  r->p += 4;
  return TRUE;
}

static gboolean decode_fail (GError **error, const char *what, const char *fmt, ...) G_GNUC_PRINTF (3, 4);

static gboolean
decode_fail (GError **error, const char *what, const char *fmt, ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, fmt);
  detail = g_strdup_vprintf (fmt, args);
  va_end (args);
  g_set_error (error, MDB_ERROR, MDB_ERROR_DECODE, "%s: %s", what, detail);
  return FALSE;
}

typedef struct {
  const char *const *names;
  const guint32     *oids;
  int                n_fields;
  const char        *what;
} Shape;

#define FIELDS_ON_STACK 32

/* The first record fixes the columns: names from @shape, OIDs from the
 * data, each checked against @shape (0 there: any, e.g. an enum). */
static gboolean
set_columns (PGresult *res, const Shape *shape, const guint32 *seen, GError **error)
{
  /* Once per child result: the usual field counts need no allocation. */
  PGresAttDesc attrs_buf[FIELDS_ON_STACK];
  g_autofree PGresAttDesc *attrs_heap = shape->n_fields > FIELDS_ON_STACK ? g_new0 (PGresAttDesc, shape->n_fields)
                                                                          : NULL;
  PGresAttDesc *attrs = attrs_heap != NULL ? attrs_heap : memset (attrs_buf, 0, sizeof attrs_buf);

  for (int k = 0; k < shape->n_fields; k++)
    {
      guint32 want = shape->oids != NULL ? shape->oids[k] : 0;

      if (want != 0 && seen != NULL && seen[k] != want)
        return decode_fail (error, shape->what, "field %d \"%s\" has type oid %u, the cache says %u (%s); "
                            "run mdb prepare", k + 1, shape->names[k], seen[k], want, mdb_oid_name (want));
      attrs[k].name = (char *) shape->names[k];
      attrs[k].typid = seen != NULL ? seen[k] : want;
      attrs[k].format = 1;
      attrs[k].typlen = -1;
      attrs[k].atttypmod = -1;
    }
  if (!PQsetResultAttrs (res, shape->n_fields, attrs))
    return decode_fail (error, shape->what, "cannot describe the fields");
  return TRUE;
}

/* A record's field headers: the count must be the cache's; the first record
 * sets the columns, later ones must have the same field types. */
static gboolean
check_record (PGresult *res, int row, Reader *r, const Shape *shape, GError **error)
{
  /* Once per record: the usual field counts need no allocation. */
  guint32 oids_buf[FIELDS_ON_STACK];
  g_autofree guint32 *oids_heap = shape->n_fields > FIELDS_ON_STACK ? g_new0 (guint32, shape->n_fields) : NULL;
  guint32 *oids = oids_heap != NULL ? oids_heap : oids_buf;
  gint32 n;

  if (!read_be32 (r, &n))
    return decode_fail (error, shape->what, "truncated record");
  if (n != shape->n_fields)
    return decode_fail (error, shape->what, "a record of %d fields, the cache says %d; run mdb prepare",
                        n, shape->n_fields);
  for (int k = 0; k < n; k++)
    {
      gint32 oid, len;

      if (!read_be32 (r, &oid) || !read_be32 (r, &len) || len < -1 || (len >= 0 && r->end - r->p < len))
        return decode_fail (error, shape->what, "truncated record");
      oids[k] = (guint32) oid;
      if (row > 0 && oids[k] != PQftype (res, k))
        return decode_fail (error, shape->what, "field %d \"%s\" changes type between records", k + 1,
                            shape->names[k]);
      if (len > 0)
        r->p += len;
    }
  return row > 0 || set_columns (res, shape, oids, error);
}

/* Records are read twice: once for the OIDs (set_columns needs them before
 * any value), once for the values. */
static gboolean
store_record (PGresult *res, int row, Reader *r, const Shape *shape, GError **error)
{
  Reader again = *r;

  if (!check_record (res, row, r, shape, error))
    return FALSE;
  again.p += 4;
  for (int k = 0; k < shape->n_fields; k++)
    {
      gint32 oid = 0, len = -1;

      /* check_record read these already: they are there. */
      read_be32 (&again, &oid);
      read_be32 (&again, &len);
      if (!PQsetvalue (res, row, k, len < 0 ? NULL : (char *) again.p, len < 0 ? -1 : len))
        return decode_fail (error, shape->what, "out of memory");
      if (len > 0)
        again.p += len;
    }
  return TRUE;
}

/* The one-dimensional array header; *n = 0 for an empty array. */
static gboolean
read_array_header (Reader *r, const Shape *shape, gint32 *n, GError **error)
{
  gint32 ndim, flags, elem, lbound;

  if (!read_be32 (r, &ndim) || !read_be32 (r, &flags) || !read_be32 (r, &elem))
    return decode_fail (error, shape->what, "truncated array");
  *n = 0;
  if (ndim == 0)
    return TRUE;
  if (ndim != 1)
    return decode_fail (error, shape->what, "a %d-dimensional array of records", ndim);
  if (!read_be32 (r, n) || !read_be32 (r, &lbound) || *n < 0)
    return decode_fail (error, shape->what, "truncated array");
  return TRUE;
}

static gboolean
store_elements (PGresult *res, Reader *r, const Shape *shape, GError **error)
{
  gint32 n = 0;

  if (!read_array_header (r, shape, &n, error))
    return FALSE;
  for (gint32 i = 0; i < n; i++)
    {
      gint32 len;
      Reader one;

      if (!read_be32 (r, &len) || len < -1 || (len >= 0 && r->end - r->p < len))
        return decode_fail (error, shape->what, "truncated array");
      if (len < 0)
        return decode_fail (error, shape->what, "element %d is NULL, not a record", i);
      one.p = r->p;
      one.end = r->p + len;
      if (!store_record (res, i, &one, shape, error))
        return FALSE;
      r->p += len;
    }
  return TRUE;
}

/**
 * mdb_result_dup_records:
 * @result: a result with binary values
 * @row: row index
 * @column: column index of a composite value, or of a one-dimensional
 *   array of them
 * @array: %TRUE when the cell is an array of records
 * @field_names: (array length=n_fields): the fields' names, for errors and
 *   the returned result's column names
 * @field_oids: (array length=n_fields) (nullable): the type OID each field
 *   must have; 0 (or %NULL for all) accepts any, as for an enum or a nested
 *   composite, whose OIDs differ between databases
 * @n_fields: the number of fields every record must have
 * @what: names the cell in errors, e.g. "query owners_list: column pets"
 * @error: return location for a #GError
 *
 * Reads child rows: the records of the cell as a result of their own, one
 * row per record (none for an empty array) and one column per field, in
 * binary format, so every getter (and this function, for nested children)
 * works on them.  Each field's OID in the data is checked against
 * @field_oids.
 *
 * Returns: (transfer full): the records (free with mdb_result_free()), or
 *   %NULL with MDB_ERROR_DECODE naming @what and the field: a NULL cell, a
 *   text-format cell, a field count or type that differs, a NULL array
 *   element, a multi-dimensional array, truncated data, or @n_fields 0
 *
 * Since: 0.1
 */
MdbResult *
mdb_result_dup_records (const MdbResult *result, int row, int column, gboolean array,
                        const char *const *field_names, const guint32 *field_oids, int n_fields,
                        const char *what, GError **error)
{
  const PGresult *src;
  PGresult *res;
  Shape shape = { field_names, field_oids, n_fields, what != NULL ? what : "child rows" };
  Reader r;
  gboolean ok;

  g_return_val_if_fail (result != NULL && (field_names != NULL || n_fields == 0) && n_fields >= 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  /* A PGresult row exists only once a value is set in it. */
  if (n_fields == 0)
    return decode_fail (error, shape.what, "child rows need at least one field"), NULL;
  src = mdb_result_get_pg_result (result);
  if (row < 0 || row >= PQntuples (src) || column < 0 || column >= PQnfields (src))
    return decode_fail (error, shape.what, "no cell at row %d, column %d", row, column), NULL;
  if (PQgetisnull (src, row, column))
    return decode_fail (error, shape.what, "NULL, not a record"), NULL;
  if (PQfformat (src, column) != 1)
    return decode_fail (error, shape.what, "child rows need binary results"), NULL;
  r.p = (const guint8 *) PQgetvalue (src, row, column);
  r.end = r.p + PQgetlength (src, row, column);
  res = PQmakeEmptyPGresult (NULL, PGRES_TUPLES_OK);
  if (res == NULL)
    return decode_fail (error, shape.what, "out of memory"), NULL;
  ok = array ? store_elements (res, &r, &shape, error) : store_record (res, 0, &r, &shape, error);
  /* No record (an empty array): the columns still exist, typed from the cache. */
  if (ok && PQnfields (res) == 0)
    ok = set_columns (res, &shape, NULL, error);
  if (!ok)
    {
      PQclear (res);
      return NULL;
    }
  return mdb__result_new (res);
}
