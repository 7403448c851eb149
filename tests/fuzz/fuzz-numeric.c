/* SPDX-License-Identifier: MIT */
/* Fuzz target: numeric text -> binary -> text against the server's normal form.
 *
 * The oracle prints what PostgreSQL's numeric_in + numeric_out give for a
 * finite decimal: no exponent, no leading zeros, exactly dscale fraction
 * digits (dscale = fraction digits written minus the exponent, at least 0),
 * and no sign on zero.  It is written independently of numeric.c from that
 * rule.  Any bytes are also fed to the binary decoder, which must never
 * crash, and an accepted binary value must survive a text round trip. */
#include <string.h>
#include "fuzz-common.h"
#include "mdb-private.h"
#include "values-private.h"

/* The server's text for a plain decimal @s, or NULL when @s is not one
 * (specials and anything the oracle does not model are skipped). */
static char *
oracle (const char *s)
{
  g_autoptr(GString) mant = g_string_new (NULL);
  GString *out;
  gboolean neg = FALSE, zero = TRUE;
  long frac = 0, exp = 0, point, dscale, i;
  const char *p = s;

  while (g_ascii_isspace (*p))
    p++;
  if (*p == '+' || *p == '-')
    neg = (*p++ == '-');
  for (; g_ascii_isdigit (*p); p++)
    g_string_append_c (mant, *p);
  if (*p == '.')
    for (p++; g_ascii_isdigit (*p); p++, frac++)
      g_string_append_c (mant, *p);
  if (mant->len == 0)
    return NULL;
  if ((*p == 'e' || *p == 'E') && (g_ascii_isdigit (p[1]) || ((p[1] == '+' || p[1] == '-') && g_ascii_isdigit (p[2]))))
    {
      char *end;
      exp = strtol (p + 1, &end, 10);
      if (exp > 1000 || exp < -1000)
        return NULL;
      p = end;
    }
  while (g_ascii_isspace (*p))
    p++;
  if (*p != '\0')
    return NULL;
  point = (long) mant->len - frac + exp;   /* digits before the decimal point */
  dscale = MAX (frac - exp, 0);
  out = g_string_new (NULL);
  for (i = 0; i < point; i++)
    {
      char d = i < (long) mant->len ? mant->str[i] : '0';
      if (out->len > 0 || d != '0')
        g_string_append_c (out, d);
    }
  if (out->len == 0)
    g_string_append_c (out, '0');
  if (dscale > 0)
    g_string_append_c (out, '.');
  for (i = point; i < point + dscale; i++)
    g_string_append_c (out, i >= 0 && i < (long) mant->len ? mant->str[i] : '0');
  for (i = 0; i < (long) mant->len; i++)
    zero = zero && mant->str[i] == '0';
  if (neg && !zero)
    g_string_prepend_c (out, '-');
  return g_string_free (out, FALSE);
}

static void
fuzz_text (const char *text)
{
  g_autoptr(GByteArray) bin = g_byte_array_new ();
  g_autofree char *expect = oracle (text);
  g_autofree char *back = NULL;
  GError *error = NULL;

  if (!mdb__numeric_to_binary (text, bin, &error))
    {
      FUZZ_CHECK (error != NULL && bin->len == 0, "failure without error or with output");
      g_error_free (error);
      return;
    }
  back = mdb__numeric_from_binary ((const char *) bin->data, (int) bin->len, &error);
  FUZZ_CHECK (back != NULL, "own encoding rejected: %s", error ? error->message : "");
  if (expect != NULL)
    FUZZ_CHECK (strcmp (back, expect) == 0, "'%s' -> '%s', server gives '%s'", text, back, expect);
}

static void
fuzz_binary (const uint8_t *data, size_t size)
{
  g_autoptr(GByteArray) again = g_byte_array_new ();
  g_autofree char *text = NULL;
  GError *error = NULL;

  text = mdb__numeric_from_binary ((const char *) data, (int) size, &error);
  if (text == NULL)
    {
      FUZZ_CHECK (error != NULL, "failure without error");
      g_error_free (error);
      return;
    }
  FUZZ_CHECK (mdb__numeric_to_binary (text, again, &error), "decoded '%.80s' not re-encodable: %s",
              text, error ? error->message : "");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  char *text = g_strndup ((const char *) data, size);

  fuzz_text (text);
  g_free (text);
  fuzz_binary (data, size);
  return 0;
}
