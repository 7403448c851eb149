/* SPDX-License-Identifier: MIT */
/* Keyset cursors: typed sort-key values in a signed, versioned, URL-safe token.
 *
 * Token = base64url without padding of
 *   version (1 byte, 1) | count (1 byte) | values | tag (16 bytes)
 * where each value is a type letter then, for 't', a big-endian u16 length
 * and the bytes; for 'i' 8 big-endian bytes; for 'b' one byte 0/1.  The tag
 * is the first 16 bytes of HMAC-SHA256(key, kind NUL everything before the
 * tag), so a token only decodes for the list kind it was made for, and any
 * changed, cut or appended byte is refused before a value is read. */
#include <string.h>
#include "mdb-private.h"

#define CURSOR_VERSION   1
#define CURSOR_TAG_LEN   16
#define CURSOR_MAX_VALUES 16
#define CURSOR_MAX_TEXT  1024

typedef struct {
  char type;
  gint64 number;     /* 'i' and 'b' */
  char *text;        /* 't' */
} CursorValue;

struct _MdbCursor {
  char       *kind;
  GArray     *values;  /* CursorValue */
};

static GMutex secret_lock;
static GHmac *keyed;     /* HMAC-SHA256 with the key already absorbed; NULL until first use */

static const char builtin_key[] = "macrodb keyset cursor, no secret set";

static void
clear_value (gpointer data)
{
  g_free (((CursorValue *) data)->text);
}

/**
 * mdb_cursor_new:
 * @kind: the list this cursor is for, e.g. "contacts_db.contacts"; a token
 *   decodes only for the same kind
 *
 * Returns: (transfer full): an empty cursor; free with mdb_cursor_free()
 * Since: 0.1
 */
MdbCursor *
mdb_cursor_new (const char *kind)
{
  MdbCursor *cursor;

  g_return_val_if_fail (kind != NULL && *kind != '\0', NULL);

  cursor = g_new0 (MdbCursor, 1);
  cursor->kind = g_strdup (kind);
  cursor->values = g_array_new (FALSE, TRUE, sizeof (CursorValue));
  g_array_set_clear_func (cursor->values, clear_value);
  return cursor;
}

/**
 * mdb_cursor_free:
 * @cursor: (nullable) (transfer full): a cursor
 *
 * Since: 0.1
 */
void
mdb_cursor_free (MdbCursor *cursor)
{
  if (cursor == NULL)
    return;
  g_array_unref (cursor->values);
  g_free (cursor->kind);
  g_free (cursor);
}

static void
add_value (MdbCursor *cursor, char type, gint64 number, const char *text)
{
  CursorValue v = { .type = type, .number = number, .text = g_strdup (text) };

  g_array_append_val (cursor->values, v);
}

/**
 * mdb_cursor_add_text:
 * @cursor: a cursor with fewer than 16 values
 * @value: valid UTF-8 of at most 1024 bytes (a sort key, not a document)
 *
 * Appends a text sort-key value.
 *
 * Since: 0.1
 */
void
mdb_cursor_add_text (MdbCursor *cursor, const char *value)
{
  g_return_if_fail (cursor != NULL && cursor->values->len < CURSOR_MAX_VALUES);
  g_return_if_fail (value != NULL && strlen (value) <= CURSOR_MAX_TEXT);
  g_return_if_fail (g_utf8_validate (value, -1, NULL));
  add_value (cursor, MDB_CURSOR_TEXT, 0, value);
}

/**
 * mdb_cursor_add_int64:
 * @cursor: a cursor with fewer than 16 values
 * @value: the value (a serial id, a timestamp in µs, …)
 *
 * Since: 0.1
 */
void
mdb_cursor_add_int64 (MdbCursor *cursor, gint64 value)
{
  g_return_if_fail (cursor != NULL && cursor->values->len < CURSOR_MAX_VALUES);
  add_value (cursor, MDB_CURSOR_INT64, value, NULL);
}

/**
 * mdb_cursor_add_bool:
 * @cursor: a cursor with fewer than 16 values
 * @value: the value
 *
 * Since: 0.1
 */
void
mdb_cursor_add_bool (MdbCursor *cursor, gboolean value)
{
  g_return_if_fail (cursor != NULL && cursor->values->len < CURSOR_MAX_VALUES);
  add_value (cursor, MDB_CURSOR_BOOL, value ? 1 : 0, NULL);
}

/**
 * mdb_cursor_set_secret:
 * @key: (array length=key_len): the secret, at least 16 bytes
 * @key_len: its length
 *
 * Sets the key every later cursor is signed and checked with (HMAC-SHA256).
 * Give every instance of a service the same secret, and set it once at
 * start-up: tokens signed with another key are refused.  Without a secret a
 * built-in key is used, which still refuses changed, cut and foreign tokens,
 * but lets anyone who reads this source forge one.  Thread-safe.
 *
 * Since: 0.1
 */
void
mdb_cursor_set_secret (const guint8 *key, gsize key_len)
{
  g_return_if_fail (key != NULL && key_len >= 16);

  g_mutex_lock (&secret_lock);
  g_clear_pointer (&keyed, g_hmac_unref);
  keyed = g_hmac_new (G_CHECKSUM_SHA256, key, key_len);
  g_mutex_unlock (&secret_lock);
}

/* Writes the 16-byte tag of @data for @kind.  Each tag starts from a copy
 * of the keyed state, so the key is not hashed again per cursor (a third of
 * the cost of a tag). */
static void
compute_tag (const char *kind, const guint8 *data, gsize len, guint8 tag[CURSOR_TAG_LEN])
{
  g_autoptr (GHmac) hmac = NULL;
  guint8 digest[32];
  gsize digest_len = sizeof digest;

  g_mutex_lock (&secret_lock);
  if (keyed == NULL)
    keyed = g_hmac_new (G_CHECKSUM_SHA256, (const guint8 *) builtin_key, sizeof builtin_key - 1);
  hmac = g_hmac_copy (keyed);
  g_mutex_unlock (&secret_lock);
  g_hmac_update (hmac, (const guint8 *) kind, (gssize) strlen (kind) + 1);  /* with its NUL */
  g_hmac_update (hmac, data, (gssize) len);
  g_hmac_get_digest (hmac, digest, &digest_len);
  memcpy (tag, digest, CURSOR_TAG_LEN);
}

static void
put_value (GByteArray *buf, const CursorValue *v)
{
  guint8 type = (guint8) v->type;

  g_byte_array_append (buf, &type, 1);
  if (v->type == MDB_CURSOR_TEXT)
    {
      guint16 len = GUINT16_TO_BE ((guint16) strlen (v->text));

      g_byte_array_append (buf, (const guint8 *) &len, 2);
      g_byte_array_append (buf, (const guint8 *) v->text, (guint) strlen (v->text));
    }
  else if (v->type == MDB_CURSOR_INT64)
    {
      guint64 be = GUINT64_TO_BE ((guint64) v->number);

      g_byte_array_append (buf, (const guint8 *) &be, 8);
    }
  else
    {
      guint8 b = (guint8) v->number;

      g_byte_array_append (buf, &b, 1);
    }
}

/* base64 with '-' and '_' for '+' and '/', no '=' padding (RFC 4648 §5). */
static char *
to_base64url (const guint8 *data, gsize len)
{
  char *s = g_base64_encode (data, len);
  char *p;

  for (p = s; *p != '\0'; p++)
    if (*p == '+')
      *p = '-';
    else if (*p == '/')
      *p = '_';
    else if (*p == '=')
      {
        *p = '\0';
        break;
      }
  return s;
}

/**
 * mdb_cursor_encode:
 * @cursor: a cursor
 *
 * Encodes @cursor as an opaque token of the characters `A–Z a–z 0–9 - _`,
 * safe in a URL, a header or JSON without escaping.
 *
 * Returns: (transfer full): the token (g_free)
 * Since: 0.1
 */
char *
mdb_cursor_encode (const MdbCursor *cursor)
{
  g_autoptr (GByteArray) buf = NULL;
  guint8 head[2] = { CURSOR_VERSION, 0 };
  guint8 tag[CURSOR_TAG_LEN];

  g_return_val_if_fail (cursor != NULL, NULL);

  buf = g_byte_array_new ();
  head[1] = (guint8) cursor->values->len;
  g_byte_array_append (buf, head, 2);
  for (guint i = 0; i < cursor->values->len; i++)
    put_value (buf, &g_array_index (cursor->values, CursorValue, i));
  compute_tag (cursor->kind, buf->data, buf->len, tag);
  g_byte_array_append (buf, tag, CURSOR_TAG_LEN);
  return to_base64url (buf->data, buf->len);
}

static gboolean
invalid (GError **error, const char *why)
{
  g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "invalid cursor: %s", why);
  return FALSE;
}

/* Decodes a base64url token into bytes; FALSE for any other character. */
static GBytes *
from_base64url (const char *token, GError **error)
{
  gsize len = strlen (token), out_len = 0;
  g_autofree char *padded = NULL;
  guchar *data;

  if (len > MDB_CURSOR_MAX_TOKEN)
    return invalid (error, "too long"), NULL;
  if (len % 4 == 1)
    return invalid (error, "truncated"), NULL;
  padded = g_malloc (len + 4);
  for (gsize i = 0; i < len; i++)
    {
      char c = token[i];

      if (!(g_ascii_isalnum (c) || c == '-' || c == '_'))
        return invalid (error, "unexpected character (not base64url)"), NULL;
      padded[i] = c == '-' ? '+' : c == '_' ? '/' : c;
    }
  memset (padded + len, '=', (4 - len % 4) % 4);
  padded[len + (4 - len % 4) % 4] = '\0';
  data = g_base64_decode (padded, &out_len);
  return g_bytes_new_take (data, out_len);
}

/* Reads the values after the 2-byte head; checks them against @types. */
static gboolean
parse_values (MdbCursor *cursor, guint count, const guint8 *p, const guint8 *end,
              const char *types, GError **error)
{
  if (count != strlen (types))
    return invalid (error, "wrong number of values for this list");
  for (guint i = 0; i < count; i++)
    {
      if (p >= end || *p != (guint8) types[i])
        return invalid (error, "wrong value type for this list");
      p++;
      if (types[i] == MDB_CURSOR_TEXT)
        {
          guint16 n;

          if (end - p < 2)
            return invalid (error, "truncated");
          n = (guint16) (p[0] << 8 | p[1]);
          p += 2;
          if (end - p < n || n > CURSOR_MAX_TEXT)
            return invalid (error, "truncated");
          if (memchr (p, '\0', n) != NULL || !g_utf8_validate ((const char *) p, n, NULL))
            return invalid (error, "a text value is not valid UTF-8");
          add_value (cursor, MDB_CURSOR_TEXT, 0, NULL);
          g_array_index (cursor->values, CursorValue, i).text = g_strndup ((const char *) p, n);
          p += n;
        }
      else
        {
          guint width = types[i] == MDB_CURSOR_INT64 ? 8 : 1;
          guint64 v = 0;

          if ((gsize) (end - p) < width)
            return invalid (error, "truncated");
          for (guint k = 0; k < width; k++)
            v = v << 8 | p[k];
          if (width == 1 && v > 1)
            return invalid (error, "a boolean value is neither 0 nor 1");
          add_value (cursor, types[i], (gint64) v, NULL);
          p += width;
        }
    }
  if (p != end)
    return invalid (error, "trailing bytes");
  return TRUE;
}

/**
 * mdb_cursor_decode:
 * @token: a token from mdb_cursor_encode(), as the caller gave it back
 * @kind: the list it must be for
 * @types: the value types it must carry, in order, e.g. "ti" (text, int64)
 * @error: return location for a #GError
 *
 * Checks and decodes a token.  Anything else than a token encoded for
 * @kind with values of @types (with the current secret) fails with
 * %MDB_ERROR_INVALID_INPUT "invalid cursor: …": changed or cut tokens,
 * tokens of another list, of another version, or not base64url at all.
 * Nothing is ever sent to a server for a token, so a bad one can never
 * become a server error.
 *
 * Returns: (transfer full) (nullable): the cursor (mdb_cursor_free), or %NULL
 * Since: 0.1
 */
MdbCursor *
mdb_cursor_decode (const char *token, const char *kind, const char *types, GError **error)
{
  g_autoptr (MdbCursor) cursor = NULL;
  g_autoptr (GBytes) bytes = NULL;
  guint8 tag[CURSOR_TAG_LEN];
  const guint8 *data;
  gsize len;

  g_return_val_if_fail (kind != NULL && types != NULL, NULL);
  g_return_val_if_fail (strlen (types) <= CURSOR_MAX_VALUES, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (token == NULL || *token == '\0')
    return invalid (error, "empty"), NULL;
  if ((bytes = from_base64url (token, error)) == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &len);
  if (len < 2 + CURSOR_TAG_LEN)
    return invalid (error, "truncated"), NULL;
  compute_tag (kind, data, len - CURSOR_TAG_LEN, tag);
  /* The tag is compared before anything in the token is trusted. */
  if (memcmp (tag, data + len - CURSOR_TAG_LEN, CURSOR_TAG_LEN) != 0)
    return invalid (error, "not made for this list, or changed"), NULL;
  if (data[0] != CURSOR_VERSION)
    return invalid (error, "unsupported version"), NULL;
  cursor = mdb_cursor_new (kind);
  if (!parse_values (cursor, data[1], data + 2, data + len - CURSOR_TAG_LEN, types, error))
    return NULL;
  return g_steal_pointer (&cursor);
}

/**
 * mdb_cursor_get_length:
 * @cursor: a cursor
 *
 * Returns: the number of values
 * Since: 0.1
 */
guint
mdb_cursor_get_length (const MdbCursor *cursor)
{
  g_return_val_if_fail (cursor != NULL, 0);
  return cursor->values->len;
}

static const CursorValue *
get_value (const MdbCursor *cursor, guint index, char type)
{
  const CursorValue *v;

  if (cursor == NULL || index >= cursor->values->len)
    return NULL;
  v = &g_array_index (cursor->values, CursorValue, index);
  return v->type == type ? v : NULL;
}

/**
 * mdb_cursor_get_text:
 * @cursor: a cursor
 * @index: a value's position; it must be text
 *
 * Returns: (transfer none): the text, owned by @cursor
 * Since: 0.1
 */
const char *
mdb_cursor_get_text (const MdbCursor *cursor, guint index)
{
  const CursorValue *v = get_value (cursor, index, MDB_CURSOR_TEXT);

  g_return_val_if_fail (v != NULL, NULL);
  return v->text;
}

/**
 * mdb_cursor_get_int64:
 * @cursor: a cursor
 * @index: a value's position; it must be an int64
 *
 * Returns: the value
 * Since: 0.1
 */
gint64
mdb_cursor_get_int64 (const MdbCursor *cursor, guint index)
{
  const CursorValue *v = get_value (cursor, index, MDB_CURSOR_INT64);

  g_return_val_if_fail (v != NULL, 0);
  return v->number;
}

/**
 * mdb_cursor_get_bool:
 * @cursor: a cursor
 * @index: a value's position; it must be a boolean
 *
 * Returns: the value
 * Since: 0.1
 */
gboolean
mdb_cursor_get_bool (const MdbCursor *cursor, guint index)
{
  const CursorValue *v = get_value (cursor, index, MDB_CURSOR_BOOL);

  g_return_val_if_fail (v != NULL, FALSE);
  return v->number != 0;
}
