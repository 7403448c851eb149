/* SPDX-License-Identifier: MIT */
/* Bulk insert through COPY … FROM STDIN in PostgreSQL's binary format. */
#include "conn-private.h"

#define MDB_COPY_CHUNK (64 * 1024)

struct _MdbCopy {
  MdbExecutor *executor;
  MdbConn     *conn;
  guint        n_columns;
  gint64       n_rows;
  GByteArray  *buf;
  gboolean     failed;    /* a send failed: only abort remains */
};

static const guint8 copy_header[] = {
  'P', 'G', 'C', 'O', 'P', 'Y', '\n', 0xff, '\r', '\n', 0,  /* signature */
  0, 0, 0, 0,                                               /* flags */
  0, 0, 0, 0,                                               /* header extension length */
};

static void
put_int16 (GByteArray *buf, gint16 value)
{
  guint16 be = GUINT16_TO_BE ((guint16) value);
  g_byte_array_append (buf, (const guint8 *) &be, 2);
}

static void
put_int32 (GByteArray *buf, gint32 value)
{
  guint32 be = GUINT32_TO_BE ((guint32) value);
  g_byte_array_append (buf, (const guint8 *) &be, 4);
}

static char *
build_copy_sql (PGconn *pg, const char *table, const char *const *columns, guint n_columns)
{
  GString *sql = g_string_new ("COPY ");
  char *quoted;
  guint i;

  if ((quoted = PQescapeIdentifier (pg, table, strlen (table))) == NULL)
    return g_string_free (sql, TRUE), NULL;
  g_string_append (sql, quoted);
  PQfreemem (quoted);
  g_string_append (sql, " (");
  for (i = 0; i < n_columns; i++)
    {
      if ((quoted = PQescapeIdentifier (pg, columns[i], strlen (columns[i]))) == NULL)
        return g_string_free (sql, TRUE), NULL;
      g_string_append_printf (sql, "%s%s", i ? ", " : "", quoted);
      PQfreemem (quoted);
    }
  g_string_append (sql, ") FROM STDIN (FORMAT binary)");
  return g_string_free (sql, FALSE);
}

static gboolean
start_copy (MdbCopy *copy, const char *table, const char *const *columns, GError **error)
{
  g_autofree char *sql = build_copy_sql (copy->conn->pg, table, columns, copy->n_columns);
  PGresult *res;
  gboolean ok;

  if (sql == NULL)
    {
      mdb__set_error_from_conn (error, copy->conn->pg, MDB_ERROR_INVALID_INPUT, "COPY identifier");
      return FALSE;
    }
  res = PQexec (copy->conn->pg, sql);
  mdb__conn_count (copy->conn, 1, 1);
  ok = PQresultStatus (res) == PGRES_COPY_IN;
  if (!ok)
    mdb__conn_set_error (copy->conn, res, "COPY", error);
  PQclear (res);
  return ok;
}

static void
copy_free (MdbCopy *copy)
{
  mdb_executor_release_conn (copy->executor, copy->conn);
  g_byte_array_unref (copy->buf);
  g_free (copy);
}

/**
 * mdb_copy_begin:
 * @executor: an #MdbPool or #MdbConn, converted with MDB_EXECUTOR()
 * @table: the table, spelled as in the schema ("Document"); quoted here
 * @columns: (array length=n_columns): the columns, spelled as in the schema
 * @n_columns: number of columns, at least 1
 * @error: return location for a #GError
 *
 * Starts `COPY table (columns) FROM STDIN (FORMAT binary)`.  On a pool the
 * copy holds one connection until mdb_copy_end() or mdb_copy_abort().
 *
 * Sets %MDB_ERROR_SERVER (unknown table or column), %MDB_ERROR_CONNECT or the
 * errors of mdb_pool_acquire().
 *
 * Returns: (transfer full) (nullable): a copy to fill with mdb_copy_add_row()
 * Since: 0.1
 */
MdbCopy *
mdb_copy_begin (MdbExecutor *executor, const char *table,
                const char *const *columns, guint n_columns, GError **error)
{
  MdbCopy *copy;
  MdbConn *conn;

  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (table != NULL && columns != NULL, NULL);
  g_return_val_if_fail (n_columns > 0 && n_columns <= G_MAXINT16, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((conn = mdb_executor_acquire_conn (executor, error)) == NULL)
    return NULL;
  copy = g_new0 (MdbCopy, 1);
  copy->executor = executor;
  copy->conn = conn;
  copy->n_columns = n_columns;
  copy->buf = g_byte_array_sized_new (MDB_COPY_CHUNK + 4096);
  if (!start_copy (copy, table, columns, error))
    {
      copy_free (copy);
      return NULL;
    }
  g_byte_array_append (copy->buf, copy_header, sizeof copy_header);
  return copy;
}

static gboolean
flush (MdbCopy *copy, GError **error)
{
  if (copy->buf->len == 0)
    return TRUE;
  if (PQputCopyData (copy->conn->pg, (const char *) copy->buf->data, (int) copy->buf->len) != 1)
    {
      copy->failed = TRUE;
      mdb__set_error_from_conn (error, copy->conn->pg, MDB_ERROR_CONNECT, "COPY");
      return FALSE;
    }
  g_byte_array_set_size (copy->buf, 0);
  return TRUE;
}

/**
 * mdb_copy_add_row:
 * @copy: a copy
 * @row: exactly one parameter per column, bound with the column's own type
 * @error: return location for a #GError
 *
 * Appends one row.  Rows are buffered and sent in large chunks; a value of
 * the wrong type is reported by the server at mdb_copy_end().
 *
 * Sets %MDB_ERROR_INVALID_INPUT for a wrong number of values or an invalid
 * value (the row is skipped), %MDB_ERROR_CONNECT when sending fails.
 *
 * Returns: %TRUE when the row was taken
 * Since: 0.1
 */
gboolean
mdb_copy_add_row (MdbCopy *copy, const MdbParams *row, GError **error)
{
  const char *const *values;
  const int *lengths, *formats;
  guint n, i;

  g_return_val_if_fail (copy != NULL && row != NULL, FALSE);
  g_return_val_if_fail (!copy->failed, FALSE);

  if ((n = mdb_params_get_length (row)) != copy->n_columns)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                   "COPY row %" G_GINT64_FORMAT " has %u values for %u columns",
                   copy->n_rows, n, copy->n_columns);
      return FALSE;
    }
  if (!mdb_params_check (row, error))
    return FALSE;
  values = mdb_params_get_values (row);
  lengths = mdb_params_get_lengths (row);
  formats = mdb_params_get_formats (row);
  put_int16 (copy->buf, (gint16) n);
  for (i = 0; i < n; i++)
    {
      /* Text-format values (enum labels) are their binary form too. */
      gint32 len = values[i] == NULL ? -1
        : formats[i] == 0 ? (gint32) strlen (values[i]) : lengths[i];

      put_int32 (copy->buf, len);
      if (len > 0)
        g_byte_array_append (copy->buf, (const guint8 *) values[i], len);
    }
  copy->n_rows++;
  return copy->buf->len < MDB_COPY_CHUNK || flush (copy, error);
}

static gint64
finish (MdbCopy *copy, const char *abort_reason, GError **error)
{
  PGresult *res;
  gint64 rows = -1;

  if (PQputCopyEnd (copy->conn->pg, abort_reason) != 1)
    {
      mdb__set_error_from_conn (error, copy->conn->pg, MDB_ERROR_CONNECT, "COPY");
      return -1;
    }
  mdb__conn_count (copy->conn, 1, 0);
  /* Read to the end so the connection is idle again. */
  while ((res = PQgetResult (copy->conn->pg)) != NULL)
    {
      if (rows == -1 && PQresultStatus (res) == PGRES_COMMAND_OK)
        rows = g_ascii_strtoll (PQcmdTuples (res), NULL, 10);
      else if (rows == -1 && abort_reason == NULL && (error == NULL || *error == NULL))
        mdb__conn_set_error (copy->conn, res, "COPY", error);
      PQclear (res);
    }
  return rows;
}

/**
 * mdb_copy_end:
 * @copy: (transfer full): a copy
 * @error: return location for a #GError
 *
 * Sends the rest and ends the copy; frees @copy.  Either every row is stored
 * or none is.
 *
 * Sets the server's error (%MDB_ERROR_SERVER for a value of the wrong type,
 * %MDB_ERROR_UNIQUE_VIOLATION, …) or %MDB_ERROR_CONNECT.
 *
 * Returns: the number of rows stored, or -1
 * Since: 0.1
 */
gint64
mdb_copy_end (MdbCopy *copy, GError **error)
{
  gint64 rows = -1;

  g_return_val_if_fail (copy != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (copy->failed)
    {
      mdb_copy_abort (copy);
      g_set_error_literal (error, MDB_ERROR, MDB_ERROR_CONNECT, "COPY: sending rows failed earlier");
      return -1;
    }
  put_int16 (copy->buf, -1);
  if (flush (copy, error))
    rows = finish (copy, NULL, error);
  copy_free (copy);
  return rows;
}

/**
 * mdb_copy_abort:
 * @copy: (transfer full): a copy
 *
 * Abandons the copy: nothing of it is stored.  Frees @copy.
 *
 * Since: 0.1
 */
void
mdb_copy_abort (MdbCopy *copy)
{
  g_return_if_fail (copy != NULL);

  finish (copy, "aborted by the client", NULL);
  copy_free (copy);
}

/**
 * mdb_copy_free:
 * @copy: (nullable) (transfer full): a copy that was not ended
 *
 * Frees a copy that did not reach mdb_copy_end(): the copy is abandoned and
 * nothing of it is stored (mdb_copy_abort()).  This is the g_autoptr
 * cleanup, so an early return never leaves a connection in COPY mode;
 * hand the copy to mdb_copy_end() with g_steal_pointer().
 *
 * Since: 0.1
 */
void
mdb_copy_free (MdbCopy *copy)
{
  if (copy != NULL)
    mdb_copy_abort (copy);
}
