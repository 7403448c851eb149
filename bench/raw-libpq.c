/* SPDX-License-Identifier: MIT */
/* Hand-written libpq baselines: prepared statements in text or binary format, decoded by hand,
 * either into owned copies (RawDoc) or in place (the generated struct pointing into the PGresult). */
#include <string.h>
#include <arpa/inet.h>
#include "bench.h"

#define PG_EPOCH_USEC G_GINT64_CONSTANT (946684800000000)   /* 2000-01-01 in Unix µs */
#define OID_TEXT 25
#define OID_INT8 20
#define OID_BOOL 16
#define OID_UUID 2950
#define OID_TSTZ 1184
#define OID_JSONB 3802

static const char sql_get[] =
  "SELECT " BENCH_SELECT_COLUMNS " FROM \"Document\" WHERE id = $1";
static const char sql_by_owner[] =
  "SELECT " BENCH_SELECT_COLUMNS " FROM \"Document\" WHERE \"ownerId\" = $1"
  " ORDER BY \"updatedAt\" DESC LIMIT $2";
static const char sql_insert[] =
  "INSERT INTO \"Document\" (\"ownerId\", name, \"fileType\", \"createdAt\", \"updatedAt\","
  " \"isPublic\", metadata) VALUES ($1, $2, $3, $4, $5, $6, $7)";

static gboolean
prepare_one (PGconn *conn, const char *name, const char *sql, int n, const Oid *types)
{
  PGresult *res = PQprepare (conn, name, sql, n, types);
  gboolean ok = PQresultStatus (res) == PGRES_COMMAND_OK;

  if (!ok)
    g_printerr ("raw prepare %s: %s", name, PQerrorMessage (conn));
  PQclear (res);
  return ok;
}

/**
 * raw_prepare:
 * @conn: a connection
 * @fmt: the format the statements' parameters will use
 *
 * Prepares raw_get, raw_by_owner and raw_insert on @conn.
 *
 * Returns: %TRUE on success
 */
gboolean
raw_prepare (PGconn *conn, RawFormat fmt)
{
  /* Binary parameters need exact types; text ones let the server infer. */
  static const Oid get_t[] = { OID_UUID };
  static const Oid own_t[] = { OID_TEXT, OID_INT8 };
  static const Oid ins_t[] = { OID_TEXT, OID_TEXT, OID_TEXT, OID_TSTZ, OID_TSTZ, OID_BOOL, OID_JSONB };

  return prepare_one (conn, "raw_get", sql_get, 1, fmt ? get_t : NULL)
         && prepare_one (conn, "raw_by_owner", sql_by_owner, 2, fmt ? own_t : NULL)
         && prepare_one (conn, "raw_insert", sql_insert, 7, fmt ? ins_t : NULL);
}

/* ---- text decoding ---- */

static gint64
days_from_civil (gint64 y, int m, int d)
{
  gint64 era;
  int yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = (int) (y - era * 400);
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static int
digits (const char **p, int n)
{
  int v = 0;

  while (n-- > 0 && **p >= '0' && **p <= '9')
    v = v * 10 + (*(*p)++ - '0');
  return v;
}

/* "2026-01-15 10:20:30.123456+00" (DateStyle ISO, any zone offset) to µs. */
static gint64
parse_timestamptz (const char *s)
{
  const char *p = s;
  int y, mo, d, h, mi, sec, frac = 0, scale = 1000000, off = 0, sign;

  y = digits (&p, 4); p++;
  mo = digits (&p, 2); p++;
  d = digits (&p, 2); p++;
  h = digits (&p, 2); p++;
  mi = digits (&p, 2); p++;
  sec = digits (&p, 2);
  if (*p == '.')
    for (p++; *p >= '0' && *p <= '9'; p++, scale /= 10)
      frac = frac * 10 + (*p - '0');
  frac *= scale;
  if (*p == '+' || *p == '-')
    {
      sign = *p++ == '-' ? -1 : 1;
      off = digits (&p, 2) * 3600;
      if (*p == ':')
        p++, off += digits (&p, 2) * 60;
      if (*p == ':')
        p++, off += digits (&p, 2);
      off *= sign;
    }
  return ((days_from_civil (y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - off)
          * G_GINT64_CONSTANT (1000000)) + frac;
}

/**
 * raw_doc_free:
 * @doc: (nullable) (transfer full): a copied document
 *
 * Frees @doc and its strings.
 */
void
raw_doc_free (RawDoc *doc)
{
  if (doc == NULL)
    return;
  g_free (doc->id);
  g_free (doc->owner_id);
  g_free (doc->name);
  g_free (doc->file_type);
  g_free (doc->metadata);
  g_free (doc);
}

static RawDoc *
decode_text (const PGresult *res, int r)
{
  RawDoc *doc = g_new0 (RawDoc, 1);

  doc->id = g_strdup (PQgetvalue (res, r, 0));
  doc->owner_id = g_strdup (PQgetvalue (res, r, 1));
  doc->name = g_strdup (PQgetvalue (res, r, 2));
  doc->file_type = g_strdup (PQgetvalue (res, r, 3));
  doc->created_at = parse_timestamptz (PQgetvalue (res, r, 4));
  doc->updated_at = parse_timestamptz (PQgetvalue (res, r, 5));
  if (PQgetisnull (res, r, 6))
    doc->deleted_at_is_null = TRUE;
  else
    doc->deleted_at = parse_timestamptz (PQgetvalue (res, r, 6));
  doc->is_public = PQgetvalue (res, r, 7)[0] == 't';
  doc->metadata = g_strdup (PQgetvalue (res, r, 8));
  return doc;
}

/* ---- binary decoding ---- */

static gint64
read_be64 (const char *p)
{
  guint64 v;

  memcpy (&v, p, 8);
  return (gint64) GUINT64_FROM_BE (v);
}

static char *
uuid_to_string (const unsigned char *b)
{
  static const char hex[] = "0123456789abcdef";
  char *s = g_malloc (37), *o = s;

  for (int i = 0; i < 16; i++)
    {
      if (i == 4 || i == 6 || i == 8 || i == 10)
        *o++ = '-';
      *o++ = hex[b[i] >> 4];
      *o++ = hex[b[i] & 15];
    }
  *o = '\0';
  return s;
}

static RawDoc *
decode_binary (const PGresult *res, int r)
{
  RawDoc *doc = g_new0 (RawDoc, 1);
  const char *json = PQgetvalue (res, r, 8);

  doc->id = uuid_to_string ((const unsigned char *) PQgetvalue (res, r, 0));
  doc->owner_id = g_strndup (PQgetvalue (res, r, 1), PQgetlength (res, r, 1));
  doc->name = g_strndup (PQgetvalue (res, r, 2), PQgetlength (res, r, 2));
  doc->file_type = g_strndup (PQgetvalue (res, r, 3), PQgetlength (res, r, 3));
  doc->created_at = read_be64 (PQgetvalue (res, r, 4)) + PG_EPOCH_USEC;
  doc->updated_at = read_be64 (PQgetvalue (res, r, 5)) + PG_EPOCH_USEC;
  if (PQgetisnull (res, r, 6))
    doc->deleted_at_is_null = TRUE;
  else
    doc->deleted_at = read_be64 (PQgetvalue (res, r, 6)) + PG_EPOCH_USEC;
  doc->is_public = PQgetvalue (res, r, 7)[0] != 0;
  /* jsonb binary: a version byte (1), then the text. */
  doc->metadata = g_strndup (json + 1, PQgetlength (res, r, 8) - 1);
  return doc;
}

/* The fastest hand-written decoding: values read where libpq holds them
 * (every value is NUL-terminated until PQclear), fixed-size ones converted,
 * the uuid's 16 bytes copied; nothing allocated. */
static void
decode_in_place (const PGresult *res, int r, BenchDbDocument *doc)
{
  memcpy (doc->id.bytes, PQgetvalue (res, r, 0), 16);
  doc->owner_id = PQgetvalue (res, r, 1);
  doc->name = PQgetvalue (res, r, 2);
  doc->file_type = PQgetvalue (res, r, 3);
  doc->created_at = read_be64 (PQgetvalue (res, r, 4)) + PG_EPOCH_USEC;
  doc->updated_at = read_be64 (PQgetvalue (res, r, 5)) + PG_EPOCH_USEC;
  doc->deleted_at_is_null = PQgetisnull (res, r, 6);
  doc->deleted_at = doc->deleted_at_is_null ? 0 : read_be64 (PQgetvalue (res, r, 6)) + PG_EPOCH_USEC;
  doc->is_public = PQgetvalue (res, r, 7)[0] != 0;
  doc->metadata = PQgetvalue (res, r, 8) + 1;   /* jsonb: version byte, then the text */
}

static RawDoc *
decode_row (const PGresult *res, int r, RawFormat fmt)
{
  return fmt == RAW_BINARY ? decode_binary (res, r) : decode_text (res, r);
}

static gboolean
check_tuples (PGconn *conn, PGresult *res, const char *what)
{
  if (PQresultStatus (res) == PGRES_TUPLES_OK)
    return TRUE;
  g_printerr ("raw %s: %s", what, PQerrorMessage (conn));
  PQclear (res);
  return FALSE;
}

/* ---- parameters ---- */

static int
hexval (char c)
{
  return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

static void
uuid_to_bytes (const char *s, unsigned char *out)
{
  for (int i = 0; i < 16; s++)
    if (*s != '-')
      {
        out[i++] = (unsigned char) (hexval (s[0]) << 4 | hexval (s[1]));
        s++;
      }
}

static void
write_be64 (char *p, gint64 v)
{
  guint64 be = GUINT64_TO_BE ((guint64) v);

  memcpy (p, &be, 8);
}

/* µs to "YYYY-MM-DD HH:MM:SS.ffffff+00" (31 bytes with NUL). */
static void
format_timestamptz (char *buf, gsize size, gint64 usec)
{
  time_t secs = (time_t) (usec >= 0 ? usec / 1000000 : (usec - 999999) / 1000000);
  int frac = (int) (usec - (gint64) secs * 1000000);
  struct tm tm;

  gmtime_r (&secs, &tm);
  g_snprintf (buf, size, "%04d-%02d-%02d %02d:%02d:%02d.%06d+00", tm.tm_year + 1900,
              tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, frac);
}

/**
 * raw_get:
 * @conn: a connection after raw_prepare()
 * @fmt: text or binary
 * @id: a document id
 *
 * W1: one document by id, every column decoded.
 *
 * Returns: (transfer full) (nullable): the row, %NULL when missing or on error
 */
RawDoc *
raw_get (PGconn *conn, RawFormat fmt, const char *id)
{
  unsigned char bin[16];
  const char *values[1] = { id };
  int lengths[1] = { 16 }, formats[1] = { fmt };
  RawDoc *doc = NULL;
  PGresult *res;

  if (fmt == RAW_BINARY)
    {
      uuid_to_bytes (id, bin);
      values[0] = (const char *) bin;
    }
  res = PQexecPrepared (conn, "raw_get", 1, values, lengths, formats, fmt);
  if (!check_tuples (conn, res, "get"))
    return NULL;
  if (PQntuples (res) == 1)
    doc = decode_row (res, 0, fmt);
  PQclear (res);
  return doc;
}

/**
 * raw_by_owner:
 * @conn: a connection after raw_prepare()
 * @fmt: text or binary
 * @owner: an owner id
 * @max_rows: LIMIT
 *
 * W2: an owner's newest documents, decoded.
 *
 * Returns: (transfer full) (nullable): the rows, %NULL on error
 */
GPtrArray *
raw_by_owner (PGconn *conn, RawFormat fmt, const char *owner, gint64 max_rows)
{
  char limit[24];
  const char *values[2] = { owner, limit };
  int lengths[2] = { (int) strlen (owner), 8 }, formats[2] = { fmt, fmt };
  GPtrArray *rows;
  PGresult *res;
  int n;

  if (fmt == RAW_BINARY)
    write_be64 (limit, max_rows);
  else
    g_snprintf (limit, sizeof limit, "%" G_GINT64_FORMAT, max_rows);
  res = PQexecPrepared (conn, "raw_by_owner", 2, values, lengths, formats, fmt);
  if (!check_tuples (conn, res, "by_owner"))
    return NULL;
  n = PQntuples (res);
  rows = g_ptr_array_new_full (n, (GDestroyNotify) raw_doc_free);
  for (int r = 0; r < n; r++)
    g_ptr_array_add (rows, decode_row (res, r, fmt));
  PQclear (res);
  return rows;
}

/**
 * raw_get_in_place:
 * @conn: a connection after raw_prepare (conn, RAW_BINARY)
 * @id: a document id
 * @doc: (out caller-allocates): the row, pointing into the returned result
 *
 * W1, in place: binary parameters and results, @doc filled from the
 * PGresult without allocating.
 *
 * Returns: (transfer full) (nullable): the PGresult @doc points into
 *   (PQclear()), or %NULL when missing or on error
 */
PGresult *
raw_get_in_place (PGconn *conn, const char *id, BenchDbDocument *doc)
{
  unsigned char bin[16];
  const char *values[1] = { (const char *) bin };
  int lengths[1] = { 16 }, formats[1] = { 1 };
  PGresult *res;

  uuid_to_bytes (id, bin);
  res = PQexecPrepared (conn, "raw_get", 1, values, lengths, formats, 1);
  if (!check_tuples (conn, res, "get"))
    return NULL;
  if (PQntuples (res) != 1)
    {
      PQclear (res);
      return NULL;
    }
  decode_in_place (res, 0, doc);
  return res;
}

/**
 * raw_rows_free:
 * @rows: (nullable) (transfer full): rows from raw_by_owner_in_place()
 *
 * Frees the row array and the PGresult it points into.
 */
void
raw_rows_free (RawRows *rows)
{
  if (rows == NULL)
    return;
  PQclear (rows->res);
  g_free (rows);
}

/**
 * raw_by_owner_in_place:
 * @conn: a connection after raw_prepare (conn, RAW_BINARY)
 * @owner: an owner id
 * @max_rows: LIMIT
 *
 * W2, in place: one block of row structs pointing into the PGresult.
 *
 * Returns: (transfer full) (nullable): the rows (raw_rows_free()), %NULL on error
 */
RawRows *
raw_by_owner_in_place (PGconn *conn, const char *owner, gint64 max_rows)
{
  char limit[8];
  const char *values[2] = { owner, limit };
  int lengths[2] = { (int) strlen (owner), 8 }, formats[2] = { 1, 1 };
  RawRows *rows;
  PGresult *res;
  int n;

  write_be64 (limit, max_rows);
  res = PQexecPrepared (conn, "raw_by_owner", 2, values, lengths, formats, 1);
  if (!check_tuples (conn, res, "by_owner"))
    return NULL;
  n = PQntuples (res);
  rows = g_malloc (sizeof (RawRows) + (gsize) n * sizeof (BenchDbDocument));
  rows->res = res;
  rows->n = (guint) n;
  rows->docs = (BenchDbDocument *) (rows + 1);
  for (int r = 0; r < n; r++)
    decode_in_place (res, r, &rows->docs[r]);
  return rows;
}

/**
 * raw_insert:
 * @conn: a connection after raw_prepare()
 * @fmt: text or binary
 * @owner: owner id
 * @name: name
 * @file_type: file type
 * @created_at: µs
 * @updated_at: µs
 * @is_public: flag
 * @metadata: JSON text
 *
 * W3: one INSERT in autocommit.
 *
 * Returns: %TRUE on success
 */
gboolean
raw_insert (PGconn *conn, RawFormat fmt, const char *owner, const char *name,
            const char *file_type, gint64 created_at, gint64 updated_at,
            gboolean is_public, const char *metadata)
{
  char created[40], updated[40], flag = is_public ? 1 : 0;
  g_autofree char *jsonb = NULL;
  const char *values[7] = { owner, name, file_type, created, updated, &flag, metadata };
  int lengths[7] = { (int) strlen (owner), (int) strlen (name), (int) strlen (file_type), 8, 8, 1, 0 };
  int formats[7] = { fmt, fmt, fmt, fmt, fmt, fmt, fmt };
  PGresult *res;
  gboolean ok;

  if (fmt == RAW_BINARY)
    {
      gsize len = strlen (metadata);

      write_be64 (created, created_at - PG_EPOCH_USEC);
      write_be64 (updated, updated_at - PG_EPOCH_USEC);
      jsonb = g_malloc (len + 1);
      jsonb[0] = 1;
      memcpy (jsonb + 1, metadata, len);
      values[6] = jsonb;
      lengths[6] = (int) len + 1;
    }
  else
    {
      format_timestamptz (created, sizeof created, created_at);
      format_timestamptz (updated, sizeof updated, updated_at);
      values[5] = is_public ? "t" : "f";
    }
  res = PQexecPrepared (conn, "raw_insert", 7, values, lengths, formats, 0);
  ok = PQresultStatus (res) == PGRES_COMMAND_OK;
  if (!ok)
    g_printerr ("raw insert: %s", PQerrorMessage (conn));
  PQclear (res);
  return ok;
}

/* ---- COPY ---- */

#define COPY_CHUNK 65536

static gboolean
flush_copy (PGconn *conn, GString *buf, gsize at_least)
{
  if (buf->len < at_least)
    return TRUE;
  if (PQputCopyData (conn, buf->str, (int) buf->len) != 1)
    return FALSE;
  g_string_truncate (buf, 0);
  return TRUE;
}

static void
put_field (GString *buf, const void *data, gint32 len)
{
  guint32 be = GUINT32_TO_BE ((guint32) len);

  g_string_append_len (buf, (const char *) &be, 4);
  if (len > 0)
    g_string_append_len (buf, data, len);
}

static void
put_text_field (GString *buf, const char *s)
{
  put_field (buf, s, (gint32) strlen (s));
}

static void
put_ts_field (GString *buf, gint64 usec)
{
  char b[8];

  write_be64 (b, usec - PG_EPOCH_USEC);
  put_field (buf, b, 8);
}

static void
append_binary_row (GString *buf, const BulkRows *rows, guint i)
{
  static const guint16 n_fields_be = GUINT16_TO_BE (9);
  unsigned char uuid[16];
  char flag = rows->is_public[i] ? 1 : 0;
  gsize jlen = strlen (rows->metadata[i]);
  guint32 jlen_be = GUINT32_TO_BE ((guint32) jlen + 1);

  g_string_append_len (buf, (const char *) &n_fields_be, 2);
  uuid_to_bytes (rows->id[i], uuid);
  put_field (buf, uuid, 16);
  put_text_field (buf, rows->owner_id[i]);
  put_text_field (buf, rows->name[i]);
  put_text_field (buf, rows->file_type[i]);
  put_ts_field (buf, rows->created_at[i]);
  put_ts_field (buf, rows->updated_at[i]);
  if (rows->deleted_at_is_null[i])
    put_field (buf, NULL, -1);
  else
    put_ts_field (buf, rows->deleted_at[i]);
  put_field (buf, &flag, 1);
  g_string_append_len (buf, (const char *) &jlen_be, 4);
  g_string_append_c (buf, 1);
  g_string_append_len (buf, rows->metadata[i], jlen);
}

/* COPY text format: tab-separated, backslash escapes, \N for NULL. */
static void
append_text_value (GString *buf, const char *s)
{
  for (; *s; s++)
    switch (*s)
      {
      case '\\': g_string_append (buf, "\\\\"); break;
      case '\t': g_string_append (buf, "\\t"); break;
      case '\n': g_string_append (buf, "\\n"); break;
      case '\r': g_string_append (buf, "\\r"); break;
      default: g_string_append_c (buf, *s);
      }
}

static void
append_text_row (GString *buf, const BulkRows *rows, guint i)
{
  char ts[40];

  g_string_append (buf, rows->id[i]);
  g_string_append_c (buf, '\t');
  append_text_value (buf, rows->owner_id[i]);
  g_string_append_c (buf, '\t');
  append_text_value (buf, rows->name[i]);
  g_string_append_c (buf, '\t');
  append_text_value (buf, rows->file_type[i]);
  format_timestamptz (ts, sizeof ts, rows->created_at[i]);
  g_string_append_printf (buf, "\t%s\t", ts);
  format_timestamptz (ts, sizeof ts, rows->updated_at[i]);
  g_string_append_printf (buf, "%s\t", ts);
  if (rows->deleted_at_is_null[i])
    g_string_append (buf, "\\N");
  else
    {
      format_timestamptz (ts, sizeof ts, rows->deleted_at[i]);
      g_string_append (buf, ts);
    }
  g_string_append (buf, rows->is_public[i] ? "\tt\t" : "\tf\t");
  append_text_value (buf, rows->metadata[i]);
  g_string_append_c (buf, '\n');
}

static gint64
finish_copy (PGconn *conn, gboolean ok)
{
  PGresult *res;
  gint64 n = -1;

  if (PQputCopyEnd (conn, ok ? NULL : "bench aborted") != 1)
    ok = FALSE;
  while ((res = PQgetResult (conn)) != NULL)
    {
      if (PQresultStatus (res) == PGRES_COMMAND_OK && ok)
        n = g_ascii_strtoll (PQcmdTuples (res), NULL, 10);
      else
        g_printerr ("raw copy: %s", PQerrorMessage (conn));
      PQclear (res);
    }
  return n;
}

/**
 * raw_copy:
 * @conn: a connection
 * @fmt: COPY text or COPY binary
 * @rows: the rows
 *
 * W4: COPY "DocumentCopy" FROM STDIN, encoded by hand, sent in 64 KiB chunks.
 *
 * Returns: rows stored, or -1
 */
gint64
raw_copy (PGconn *conn, RawFormat fmt, const BulkRows *rows)
{
  static const char header[] = "PGCOPY\n\377\r\n\0\0\0\0\0\0\0\0\0";
  g_autoptr (GString) buf = g_string_sized_new (COPY_CHUNK + 4096);
  PGresult *res;
  gboolean ok = TRUE;

  res = PQexec (conn, fmt == RAW_BINARY
                ? "COPY \"DocumentCopy\" FROM STDIN (FORMAT binary)"
                : "COPY \"DocumentCopy\" FROM STDIN");
  if (PQresultStatus (res) != PGRES_COPY_IN)
    {
      g_printerr ("raw copy: %s", PQerrorMessage (conn));
      PQclear (res);
      return -1;
    }
  PQclear (res);
  if (fmt == RAW_BINARY)
    g_string_append_len (buf, header, sizeof header - 1);
  for (guint i = 0; ok && i < rows->n; i++)
    {
      if (fmt == RAW_BINARY)
        append_binary_row (buf, rows, i);
      else
        append_text_row (buf, rows, i);
      ok = flush_copy (conn, buf, COPY_CHUNK);
    }
  if (fmt == RAW_BINARY)
    g_string_append_len (buf, "\377\377", 2);
  ok = ok && flush_copy (conn, buf, 0);
  return finish_copy (conn, ok);
}

/* ---- pipeline ---- */

static gboolean
pipeline_send (PGconn *conn, RawFormat fmt, char *const *ids, guint n, unsigned char (*bins)[16])
{
  int formats[1] = { fmt }, lengths[1] = { 16 };

  for (guint i = 0; i < n; i++)
    {
      const char *values[1] = { ids[i] };

      if (fmt == RAW_BINARY)
        {
          uuid_to_bytes (ids[i], bins[i]);
          values[0] = (const char *) bins[i];
        }
      if (!PQsendQueryPrepared (conn, "raw_get", 1, values, lengths, formats, fmt))
        return FALSE;
    }
  return PQpipelineSync (conn) == 1;
}

/* Reads one statement's result and the NULL that ends it.  In place
 * (@fmt RAW_IN_PLACE), @docs holds the PGresults and @rows the structs. */
static gboolean
pipeline_take (PGconn *conn, RawFormat fmt, GPtrArray *docs, BenchDbDocument *row)
{
  PGresult *res = PQgetResult (conn), *end;
  gboolean ok = res != NULL && PQresultStatus (res) == PGRES_TUPLES_OK;

  if (ok && PQntuples (res) == 1 && fmt == RAW_IN_PLACE)
    {
      decode_in_place (res, 0, row);
      g_ptr_array_add (docs, g_steal_pointer (&res));
    }
  else if (ok && PQntuples (res) == 1)
    g_ptr_array_add (docs, decode_row (res, 0, fmt));
  PQclear (res);
  end = PQgetResult (conn);
  PQclear (end);
  return ok && end == NULL;
}

/**
 * raw_pipeline_get:
 * @conn: a connection after raw_prepare()
 * @fmt: text or binary
 * @ids: @n document ids
 * @n: how many
 *
 * @rows: (out caller-allocates) (array length=n) (nullable): with
 *   RAW_IN_PLACE, the decoded rows, pointing into the returned results
 *
 * W5: @n point selects in one pipeline (one sync), all decoded.
 *
 * Returns: (transfer full) (nullable): the rows (RawDoc) or, in place, the
 *   PGresults they point into; %NULL on error
 */
GPtrArray *
raw_pipeline_get (PGconn *conn, RawFormat fmt, char *const *ids, guint n, BenchDbDocument *rows)
{
  g_autofree unsigned char (*bins)[16] = g_malloc ((gsize) n * 16);
  GPtrArray *docs = g_ptr_array_new_full (n, fmt == RAW_IN_PLACE ? (GDestroyNotify) PQclear
                                                                   : (GDestroyNotify) raw_doc_free);
  RawFormat wire = fmt == RAW_TEXT ? RAW_TEXT : RAW_BINARY;
  gboolean ok;
  PGresult *res;

  ok = PQenterPipelineMode (conn) && pipeline_send (conn, wire, ids, n, bins);
  for (guint i = 0; ok && i < n; i++)
    ok = pipeline_take (conn, fmt, docs, rows != NULL ? &rows[i] : NULL);
  res = PQgetResult (conn);   /* the sync */
  ok = ok && PQresultStatus (res) == PGRES_PIPELINE_SYNC;
  PQclear (res);
  if (!PQexitPipelineMode (conn) || !ok)
    {
      g_printerr ("raw pipeline: %s", PQerrorMessage (conn));
      g_ptr_array_unref (docs);
      return NULL;
    }
  return docs;
}

/* ---- a minimal pool, the baseline for W6 ---- */

struct _RawPool {
  GMutex   lock;
  GCond    freed;
  guint    size;
  guint    n_free;
  PGconn **all;
  PGconn **free_stack;
};

/**
 * raw_pool_new:
 * @url: conninfo
 * @size: connections, all opened now
 * @fmt: format raw_prepare() prepares for
 *
 * A mutex + condition variable stack of PGconn.
 *
 * Returns: (transfer full) (nullable): the pool, %NULL when a connect fails
 */
RawPool *
raw_pool_new (const char *url, guint size, RawFormat fmt)
{
  RawPool *pool = g_new0 (RawPool, 1);

  g_mutex_init (&pool->lock);
  g_cond_init (&pool->freed);
  pool->all = g_new0 (PGconn *, size);
  pool->free_stack = g_new0 (PGconn *, size);
  for (guint i = 0; i < size; i++)
    {
      pool->all[pool->size++] = PQconnectdb (url);
      if (PQstatus (pool->all[i]) != CONNECTION_OK || !raw_prepare (pool->all[i], fmt))
        {
          raw_pool_free (pool);
          return NULL;
        }
      pool->free_stack[pool->n_free++] = pool->all[i];
    }
  return pool;
}

/**
 * raw_pool_acquire:
 * @pool: a pool
 *
 * Waits for a free connection.
 *
 * Returns: (transfer none): a connection for raw_pool_release()
 */
PGconn *
raw_pool_acquire (RawPool *pool)
{
  PGconn *conn;

  g_mutex_lock (&pool->lock);
  while (pool->n_free == 0)
    g_cond_wait (&pool->freed, &pool->lock);
  conn = pool->free_stack[--pool->n_free];
  g_mutex_unlock (&pool->lock);
  return conn;
}

/**
 * raw_pool_release:
 * @pool: a pool
 * @conn: a connection from raw_pool_acquire()
 *
 * Gives @conn back and wakes one waiter.
 */
void
raw_pool_release (RawPool *pool, PGconn *conn)
{
  g_mutex_lock (&pool->lock);
  pool->free_stack[pool->n_free++] = conn;
  g_cond_signal (&pool->freed);
  g_mutex_unlock (&pool->lock);
}

/**
 * raw_pool_free:
 * @pool: (transfer full): a pool with every connection back
 *
 * Closes the connections and frees the pool.
 */
void
raw_pool_free (RawPool *pool)
{
  for (guint i = 0; i < pool->size; i++)
    PQfinish (pool->all[i]);
  g_free (pool->all);
  g_free (pool->free_stack);
  g_mutex_clear (&pool->lock);
  g_cond_clear (&pool->freed);
  g_free (pool);
}
