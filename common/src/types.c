/* SPDX-License-Identifier: MIT */
/* Built-in type OIDs: names, array/element pairs, and the uuid text forms. */
#include <string.h>
#include "mdb-private.h"
#include "values-private.h"

typedef struct {
  guint32 oid;
  guint32 array_oid;
  const char *name;
} TypeInfo;

static const TypeInfo types[] = {
  { MDB_OID_BOOL, MDB_OID_BOOL_ARRAY, "bool" },
  { MDB_OID_BYTEA, MDB_OID_BYTEA_ARRAY, "bytea" },
  { MDB_OID_NAME, 1003, "name" },
  { MDB_OID_INT8, MDB_OID_INT8_ARRAY, "int8" },
  { MDB_OID_INT2, MDB_OID_INT2_ARRAY, "int2" },
  { MDB_OID_INT4, MDB_OID_INT4_ARRAY, "int4" },
  { MDB_OID_TEXT, MDB_OID_TEXT_ARRAY, "text" },
  { MDB_OID_OID, 1028, "oid" },
  { MDB_OID_JSON, MDB_OID_JSON_ARRAY, "json" },
  { MDB_OID_FLOAT4, MDB_OID_FLOAT4_ARRAY, "float4" },
  { MDB_OID_FLOAT8, MDB_OID_FLOAT8_ARRAY, "float8" },
  { MDB_OID_BPCHAR, MDB_OID_BPCHAR_ARRAY, "bpchar" },
  { MDB_OID_VARCHAR, MDB_OID_VARCHAR_ARRAY, "varchar" },
  { MDB_OID_DATE, MDB_OID_DATE_ARRAY, "date" },
  { MDB_OID_TIMESTAMP, MDB_OID_TIMESTAMP_ARRAY, "timestamp" },
  { MDB_OID_TIMESTAMPTZ, MDB_OID_TIMESTAMPTZ_ARRAY, "timestamptz" },
  { MDB_OID_NUMERIC, MDB_OID_NUMERIC_ARRAY, "numeric" },
  { MDB_OID_UUID, MDB_OID_UUID_ARRAY, "uuid" },
  { MDB_OID_JSONB, MDB_OID_JSONB_ARRAY, "jsonb" },
};

/* Array type names follow the server's "_int4" spelling in pg_type but
 * "int4[]" is what people write, so that is what mdb_oid_name returns. */
static const char *const array_names[G_N_ELEMENTS (types)] = {
  "bool[]", "bytea[]", "name[]", "int8[]", "int2[]", "int4[]", "text[]", "oid[]",
  "json[]", "float4[]", "float8[]", "bpchar[]", "varchar[]", "date[]",
  "timestamp[]", "timestamptz[]", "numeric[]", "uuid[]", "jsonb[]",
};

/**
 * mdb_oid_array_element:
 * @array_oid: a type OID
 *
 * The element type of a one-dimensional array type libmdb knows
 * (%MDB_OID_INT4_ARRAY → %MDB_OID_INT4).
 *
 * Returns: the element OID, or 0 when @array_oid is not such an array type
 * Since: 0.1
 */
guint32
mdb_oid_array_element (guint32 array_oid)
{
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (types); i++)
    if (types[i].array_oid == array_oid)
      return types[i].oid;
  return 0;
}

/**
 * mdb_oid_array_of:
 * @element_oid: a type OID
 *
 * The array type whose elements are @element_oid (%MDB_OID_UUID →
 * %MDB_OID_UUID_ARRAY).
 *
 * Returns: the array OID, or 0 for types libmdb does not know
 * Since: 0.1
 */
guint32
mdb_oid_array_of (guint32 element_oid)
{
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (types); i++)
    if (types[i].oid == element_oid)
      return types[i].array_oid;
  return 0;
}

/**
 * mdb_oid_name:
 * @oid: a type OID
 *
 * The SQL name of a built-in type ("timestamptz", "int4[]"), for messages.
 *
 * Returns: (transfer none) (nullable): a static string, or %NULL for OIDs
 *   libmdb does not know (enums, composites, …)
 * Since: 0.1
 */
const char *
mdb_oid_name (guint32 oid)
{
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (types); i++)
    {
      if (types[i].oid == oid)
        return types[i].name;
      if (types[i].array_oid == oid)
        return array_names[i];
    }
  return NULL;
}

/* Each hex digit's value plus one; 0 marks every other byte, NUL included,
 * so the parser stops at the end of a short string.  A table rather than
 * g_ascii_xdigit_value(), an out-of-line call per character (the
 * non-canonical forms; the canonical one goes through hex8()). */
static const guint8 hex_plus_one[256] = {
  ['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5,
  ['5'] = 6, ['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10,
  ['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
  ['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
};

static inline int
hex_value (char c)
{
  return hex_plus_one[(guint8) c] - 1;
}

/* Eight ASCII bytes (lowest address in the lowest byte) to their four
 * bytes of value, or FALSE when one is not a hex digit.  SWAR, a few
 * 64-bit operations for eight characters instead of a table lookup per
 * character: every uuid parameter of every call is parsed here.  Each byte
 * is first checked to be ASCII, so the additions below never carry into
 * the next byte. */
#define ONES G_GUINT64_CONSTANT (0x0101010101010101)
#define HIGH G_GUINT64_CONSTANT (0x8080808080808080)
G_ALWAYS_INLINE static inline gboolean
hex8 (guint64 x, guint8 out[4])
{
  guint64 lower = x | (ONES * 0x20);
  /* A byte's high bit: at least '0' and at most '9'; 'a'…'f' once lowered. */
  guint64 digit = (x + ONES * (0x80 - '0')) & ~(x + ONES * (0x7f - '9'));
  guint64 alpha = (lower + ONES * (0x80 - 'a')) & ~(lower + ONES * (0x7f - 'f'));
  guint64 nibbles, pairs;
  guint32 bytes;

  if ((x & HIGH) != 0 || ((digit | alpha) & HIGH) != HIGH)
    return FALSE;
  /* '0'…'9' are 0x30…0x39, 'a'…'f' 0x61…0x66: the low nibble, plus 9 for letters. */
  nibbles = (x & (ONES * 0x0f)) + ((alpha & HIGH) >> 7) * 9;
  /* Each 16-bit lane: first digit << 4 | second, in its low byte. */
  pairs = ((nibbles & G_GUINT64_CONSTANT (0x000f000f000f000f)) << 4)
          | ((nibbles >> 8) & G_GUINT64_CONSTANT (0x00ff00ff00ff00ff));
  pairs = (pairs | (pairs >> 8)) & G_GUINT64_CONSTANT (0x0000ffff0000ffff);
  pairs = (pairs | (pairs >> 16)) & G_GUINT64_CONSTANT (0x00000000ffffffff);
  bytes = GUINT32_TO_LE ((guint32) pairs);
  memcpy (out, &bytes, 4);
  return TRUE;
}
#undef ONES
#undef HIGH

static inline guint64
load_le32 (const char *p)
{
  guint32 v;

  memcpy (&v, p, 4);
  return GUINT32_FROM_LE (v);
}

/* The canonical form (what servers and g_uuid_string_random() write), 36
 * characters with dashes at 8, 13, 18 and 23: four runs of eight digits. */
static gboolean
parse_canonical (const char *t, guint8 out[16])
{
  return hex8 (load_le32 (t) | load_le32 (t + 4) << 32, out)
         && hex8 (load_le32 (t + 9) | load_le32 (t + 14) << 32, out + 4)
         && hex8 (load_le32 (t + 19) | load_le32 (t + 24) << 32, out + 8)
         && hex8 (load_le32 (t + 28) | load_le32 (t + 32) << 32, out + 12);
}

/* Accepts 32 hex digits, optionally in braces, with dashes anywhere between
 * pairs of digits (the server's own uuid_in rule) or none. */
gboolean
mdb__uuid_parse (const char *text, guint8 out[16])
{
  const char *p = text;

  /* strnlen first: never read past the end of a short string. */
  if (strnlen (text, 37) == 36 && text[8] == '-' && text[13] == '-' && text[18] == '-' && text[23] == '-')
    return parse_canonical (text, out);
  gboolean braces = (*p == '{');
  int n = 0;

  if (braces)
    p++;
  while (n < 16)
    {
      int hi, lo;

      if (n > 0 && *p == '-')
        p++;
      if ((hi = hex_value (p[0])) < 0 || (lo = hex_value (p[1])) < 0)
        return FALSE;
      out[n++] = (guint8) (hi << 4 | lo);
      p += 2;
    }
  if (braces && *p++ != '}')
    return FALSE;
  return *p == '\0';
}

void
mdb__uuid_format (const guint8 in[16], char out[37])
{
  static const char hex[] = "0123456789abcdef";
  /* Where each byte's two digits go: the dashes sit at 8, 13, 18 and 23.
   * Fixed positions rather than a test per byte: this runs for every uuid
   * of every row read. */
  static const guint8 pos[16] = { 0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34 };
  int i;

  for (i = 0; i < 16; i++)
    {
      out[pos[i]] = hex[in[i] >> 4];
      out[pos[i] + 1] = hex[in[i] & 0xf];
    }
  out[8] = out[13] = out[18] = out[23] = '-';
  out[36] = '\0';
}

/**
 * mdb_uuid_normalize:
 * @text: a UUID in any common form: upper or lower case, with or without
 *   dashes, in braces
 * @error: return location for a #GError
 *
 * Rewrites a UUID in its canonical 36-character lower-case form.  Sets
 * %MDB_ERROR_INVALID_INPUT when @text is not a UUID.
 *
 * Returns: (transfer full) (nullable): the canonical form, or %NULL
 * Since: 0.1
 */
char *
mdb_uuid_normalize (const char *text, GError **error)
{
  guint8 bytes[16];
  char *out;

  g_return_val_if_fail (text != NULL, NULL);
  if (!mdb__uuid_parse (text, bytes))
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "'%.64s' is not a uuid", text);
      return NULL;
    }
  out = g_malloc (37);
  mdb__uuid_format (bytes, out);
  return out;
}
