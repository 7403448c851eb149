/* SPDX-License-Identifier: MIT */
/* The numeric codec: decimal text to and from PostgreSQL's binary numeric (base-10000 digits). */
#include <string.h>
#include "mdb-private.h"
#include "values-private.h"

/* Wire layout: int16 ndigits, int16 weight, uint16 sign, uint16 dscale,
 * then ndigits base-10000 digits; value = Σ digit[i] · 10000^(weight - i). */
#define NUMERIC_POS   0x0000
#define NUMERIC_NEG   0x4000
#define NUMERIC_NAN   0xC000
#define NUMERIC_PINF  0xD000
#define NUMERIC_NINF  0xF000
#define NUMERIC_DSCALE_MAX 0x3FFF
#define NUMERIC_HEADER 8
/* The most a value the server sends can have: 131072 digits before the
 * point (weight 32767) and 16383 after it. */
#define NUMERIC_MAX_DIGITS (131072 + NUMERIC_DSCALE_MAX)

/* A decimal number split into its digits: value = 0.d[0]d[1]… · 10^point. */
typedef struct {
  gboolean negative;
  GString *digits;   /* '0'..'9' only */
  int point;         /* digits before the decimal point; may be < 0 or > len */
  int dscale;        /* digits after the point to display */
} Decimal;

static void
put16 (GByteArray *out, guint16 v)
{
  guint8 b[2] = { (guint8) (v >> 8), (guint8) v };
  g_byte_array_append (out, b, 2);
}

static void
put_header (GByteArray *out, int ndigits, int weight, guint16 sign, int dscale)
{
  put16 (out, (guint16) ndigits);
  put16 (out, (guint16) (gint16) weight);
  put16 (out, sign);
  put16 (out, (guint16) dscale);
}

static guint16
get16 (const char *p)
{
  return (guint16) (((guint8) p[0]) << 8 | (guint8) p[1]);
}

static int
floor_div4 (int e)
{
  return e >= 0 ? e / 4 : -((-e + 3) / 4);
}

/* The specials the server accepts (PostgreSQL 14+ for the infinities). */
static gboolean
parse_special (const char *s, guint16 *sign)
{
  if (g_ascii_strcasecmp (s, "nan") == 0)
    *sign = NUMERIC_NAN;
  else if (g_ascii_strcasecmp (s, "infinity") == 0 || g_ascii_strcasecmp (s, "+infinity") == 0
           || g_ascii_strcasecmp (s, "inf") == 0 || g_ascii_strcasecmp (s, "+inf") == 0)
    *sign = NUMERIC_PINF;
  else if (g_ascii_strcasecmp (s, "-infinity") == 0 || g_ascii_strcasecmp (s, "-inf") == 0)
    *sign = NUMERIC_NINF;
  else
    return FALSE;
  return TRUE;
}

/* [+-] digits [. digits] [e [+-] digits], at least one mantissa digit. */
static gboolean
parse_decimal (const char *s, Decimal *dec)
{
  int frac = 0, exp = 0;
  gboolean seen_point = FALSE;

  dec->negative = (*s == '-');
  if (*s == '-' || *s == '+')
    s++;
  for (; g_ascii_isdigit (*s) || (*s == '.' && !seen_point); s++)
    {
      if (*s == '.')
        seen_point = TRUE;
      else
        {
          g_string_append_c (dec->digits, *s);
          frac += seen_point;
        }
    }
  if (dec->digits->len == 0)
    return FALSE;
  if (*s == 'e' || *s == 'E')
    {
      gint64 e;
      char *end;

      if (!g_ascii_isdigit (s[1]) && !((s[1] == '-' || s[1] == '+') && g_ascii_isdigit (s[2])))
        return FALSE;
      e = g_ascii_strtoll (s + 1, &end, 10);
      if (e > 100000 || e < -100000)
        return FALSE;
      exp = (int) e;
      s = end;
    }
  if (*s != '\0' || dec->digits->len > NUMERIC_MAX_DIGITS)
    return FALSE;
  dec->point = (int) dec->digits->len - frac + exp;
  dec->dscale = MAX (frac - exp, 0);
  return dec->dscale <= NUMERIC_DSCALE_MAX;
}

/* Groups the decimal digits in fours aligned on the decimal point.  The
 * digit at index i has decimal exponent point - 1 - i. */
static gboolean
encode_decimal (const Decimal *dec, GByteArray *out)
{
  const char *d = dec->digits->str;
  int n = (int) dec->digits->len, first = 0, last = n - 1, hi, lo, g;

  while (first < n && d[first] == '0')
    first++;
  while (last >= first && d[last] == '0')
    last--;
  if (first > last)
    {
      put_header (out, 0, 0, NUMERIC_POS, dec->dscale);
      return TRUE;
    }
  hi = floor_div4 (dec->point - 1 - first);
  lo = floor_div4 (dec->point - 1 - last);
  if (hi > G_MAXINT16 || hi < G_MININT16)
    return FALSE;
  put_header (out, hi - lo + 1, hi, dec->negative ? NUMERIC_NEG : NUMERIC_POS, dec->dscale);
  for (g = hi; g >= lo; g--)
    {
      int k, value = 0;

      for (k = 3; k >= 0; k--)
        {
          int idx = dec->point - 1 - (g * 4 + k);
          value = value * 10 + ((idx >= 0 && idx < n) ? d[idx] - '0' : 0);
        }
      put16 (out, (guint16) value);
    }
  return TRUE;
}

/* Appends @text as a binary numeric to @out; see values-private.h.  On
 * failure @out is left as it was. */
gboolean
mdb__numeric_to_binary (const char *text, GByteArray *out, GError **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  Decimal dec = { FALSE, NULL, 0, 0 };
  guint len = out->len;
  guint16 special;
  gboolean ok;

  if (parse_special (trimmed, &special))
    {
      put_header (out, 0, 0, special, 0);
      return TRUE;
    }
  dec.digits = g_string_sized_new (32);
  ok = parse_decimal (trimmed, &dec) && encode_decimal (&dec, out);
  g_string_free (dec.digits, TRUE);
  if (!ok)
    {
      g_byte_array_set_size (out, len);
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "'%.64s' is not a numeric", text);
    }
  return ok;
}

static gboolean
numeric_header (const char *data, int len, int *ndigits, int *weight, guint16 *sign, int *dscale)
{
  int i;

  if (data == NULL || len < NUMERIC_HEADER)
    return FALSE;
  *ndigits = get16 (data);   /* unsigned on the wire, as numeric_recv reads it */
  *weight = (gint16) get16 (data + 2);
  *sign = get16 (data + 4);
  *dscale = get16 (data + 6);
  if (*ndigits < 0 || len != NUMERIC_HEADER + 2 * *ndigits || *dscale > NUMERIC_DSCALE_MAX)
    return FALSE;
  if (*sign != NUMERIC_POS && *sign != NUMERIC_NEG && *sign != NUMERIC_NAN
      && *sign != NUMERIC_PINF && *sign != NUMERIC_NINF)
    return FALSE;
  for (i = 0; i < *ndigits; i++)
    if (get16 (data + NUMERIC_HEADER + 2 * i) >= 10000)
      return FALSE;
  return TRUE;
}

/* Digit @i of the base-10000 digits, 0 outside them. */
static int
digit_at (const char *data, int ndigits, int i)
{
  return (i >= 0 && i < ndigits) ? get16 (data + NUMERIC_HEADER + 2 * i) : 0;
}

/* Prints the way the server's numeric_out does: no exponent, exactly
 * dscale digits after the point. */
char *
mdb__numeric_from_binary (const char *data, int len, GError **error)
{
  int ndigits, weight, dscale, i;
  guint16 sign;
  GString *out;

  if (!numeric_header (data, len, &ndigits, &weight, &sign, &dscale))
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_DECODE, "malformed binary numeric (%d bytes)", len);
      return NULL;
    }
  if (sign == NUMERIC_NAN)
    return g_strdup ("NaN");
  if (sign == NUMERIC_PINF || sign == NUMERIC_NINF)
    return g_strdup (sign == NUMERIC_PINF ? "Infinity" : "-Infinity");
  out = g_string_sized_new (4 * (MAX (weight, 0) + 1) + dscale + 3);
  if (sign == NUMERIC_NEG)
    g_string_append_c (out, '-');
  if (weight < 0)
    g_string_append_c (out, '0');
  for (i = 0; i <= weight; i++)
    g_string_append_printf (out, i == 0 ? "%d" : "%04d", digit_at (data, ndigits, i));
  if (dscale > 0)
    {
      gsize want = out->len + 1 + dscale;

      g_string_append_c (out, '.');
      for (i = weight + 1; out->len < want; i++)
        g_string_append_printf (out, "%04d", digit_at (data, ndigits, i));
      g_string_truncate (out, want);
    }
  return g_string_free (out, FALSE);
}
