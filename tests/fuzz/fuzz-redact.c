/* SPDX-License-Identifier: MIT */
/* Fuzz target: conninfo redaction must remove a known password wherever it sits.
 *
 * Property: the input is split into a prefix and a suffix and a password
 * SECRET is placed between them in one of the forms libpq accepts, always
 * starting a new white-space separated token:
 *   prefix " password=SECRET " suffix      (also spaced, upper case, quoted)
 *   prefix " postgresql://u:SECRET@h/db " suffix
 *   prefix " postgres://h/db?sslmode=off&password=SECRET " suffix
 * When the fuzz input does not itself contain SECRET, the output must not
 * contain it.  SECRET holds no white space, quote, '*' or URL delimiter, so
 * it can only reappear by surviving redaction.  This holds when the prefix
 * has no quote character: after an unbalanced quote SECRET is, for libpq
 * too, no longer a password but part of some other quoted value.  For the
 * key=value forms libpq itself is the oracle as well: whenever
 * PQconninfoParse() accepts the whole string and its password is SECRET,
 * SECRET must not survive, quotes or not.  Without the insertion the raw
 * input only has to survive (no crash), and UTF-8 input stays UTF-8. */
#include <string.h>
#include "fuzz-common.h"
#include <mdb/mdb.h>
#include <libpq-fe.h>

#define SECRET "Xk9SecretQ7"

static const char *const forms[] = {
  " password=" SECRET " ",
  " password = " SECRET " ",
  " PASSWORD=" SECRET "\t",
  " password='" SECRET "' ",
  " password = \"" SECRET "\" ",
  " postgresql://u:" SECRET "@h/db ",
  " postgres://h/db?sslmode=off&password=" SECRET " ",
  " host=h password=" SECRET "\n",
};

/* Whether libpq reads @conninfo (key=value form) with password SECRET. */
static gboolean
libpq_password_is_secret (const char *conninfo)
{
  PQconninfoOption *options = PQconninfoParse (conninfo, NULL);
  gboolean found = FALSE;

  if (options == NULL)
    return FALSE;
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    if (strcmp (o->keyword, "password") == 0 && o->val != NULL)
      found = strcmp (o->val, SECRET) == 0;
  PQconninfoFree (options);
  return found;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  char *text, *prefix, *suffix, *whole, *plain, *redacted;
  size_t half;
  const char *form;

  if (size == 0)
    return 0;
  form = forms[data[0] % G_N_ELEMENTS (forms)];
  text = g_strndup ((const char *) data + 1, size - 1);
  plain = mdb_redact_conninfo (text);
  FUZZ_CHECK (!g_utf8_validate (text, -1, NULL) || g_utf8_validate (plain, -1, NULL),
              "redaction broke UTF-8");
  half = strlen (text) / 2;
  prefix = g_strndup (text, half);
  suffix = text + half;
  whole = g_strconcat (prefix, form, suffix, NULL);
  redacted = mdb_redact_conninfo (whole);
  if (strstr (text, SECRET) == NULL && strpbrk (prefix, "'\"") == NULL)
    FUZZ_CHECK (strstr (redacted, SECRET) == NULL, "password survived: [%s] -> [%s]", whole, redacted);
  if (strstr (text, SECRET) == NULL && strstr (form, "://") == NULL
      && libpq_password_is_secret (whole))
    FUZZ_CHECK (strstr (redacted, SECRET) == NULL, "libpq's password survived: [%s] -> [%s]",
                whole, redacted);
  g_free (redacted);
  g_free (whole);
  g_free (prefix);
  g_free (plain);
  g_free (text);
  return 0;
}
