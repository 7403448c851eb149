/* SPDX-License-Identifier: MIT */
/* Fuzz target: a password written raw into a connection string never
 * reaches a message, however it breaks the string.
 *
 * The input is a password.  It is written unencoded into a URL's user info,
 * into a URL's ?password= and into key=value form, as a user would who did
 * not know the quoting rules.  Then:
 *   - when mdb_conninfo_parse() refuses the string, its message holds no
 *     4-byte piece of the password;
 *   - when it accepts it, every value libpq read (host, port, dbname, …:
 *     what libpq's connect errors quote), scrubbed, holds no such piece.
 * Not covered, by design: a password that itself holds a separator and a
 * libpq keyword ("x&host=y", "x host=y"); written raw, that is a keyword,
 * and nothing can tell it from one.  Nor one holding '*', the stuff of
 * the "***" that replaces pieces. */
#include <string.h>
#include "fuzz-common.h"
#include "mdb-private.h"

/* What goes before and after the password. */
static const char *const forms[][2] = {
  { "postgresql://user:", "@127.0.0.1:1/db?connect_timeout=2" },
  { "postgresql://user@127.0.0.1:1/db?password=", "&connect_timeout=2" },
  { "host=127.0.0.1 port=1 user=u password=", " dbname=db connect_timeout=2" },
};

static void
assert_no_piece (const char *password, const char *text, const char *what)
{
  gsize len = strlen (password);

  for (gsize i = 0; i + 4 <= len; i++)
    {
      char piece[5];

      memcpy (piece, password + i, 4);
      piece[4] = '\0';
      FUZZ_CHECK (strstr (text, piece) == NULL, "%s shows \"%s\" of \"%s\": %s", what, piece, password, text);
    }
}

/* Whether @password holds a separator followed by a libpq keyword and '='. */
static gboolean
holds_keyword (const char *password)
{
  PQconninfoOption *defaults = PQconndefaults ();
  gboolean found = FALSE;

  for (const char *p = password; *p != '\0' && !found; p++)
    {
      if (*p != '&' && !g_ascii_isspace (*p))
        continue;
      for (PQconninfoOption *o = defaults; o->keyword != NULL && !found; o++)
        found = g_ascii_strncasecmp (p + 1 + strspn (p + 1, " \t\n\r\f\v"), o->keyword, strlen (o->keyword)) == 0;
    }
  PQconninfoFree (defaults);
  return found;
}

static void
check_form (const char *const form[2], const char *password)
{
  g_autofree char *conninfo = g_strconcat (form[0], password, form[1], NULL);
  GError *error = NULL;
  MdbConninfo *info = mdb_conninfo_parse (conninfo, &error);
  PQconninfoOption *options;

  if (info == NULL)
    {
      /* Only libpq's reason comes from the input: our fixed words around
       * it may well share four letters with a password. */
      const char *reason = error->message + strlen ("bad connection string: ");
      char *advice = strstr (error->message, "; if the password holds special characters");

      FUZZ_CHECK (g_str_has_prefix (error->message, "bad connection string: "), "%s", error->message);
      if (advice != NULL)
        *advice = '\0';
      /* "libpq reads the host as \"…\", which cannot be one": the quoted value. */
      if (g_str_has_prefix (reason, "libpq reads the ") && strchr (reason, '"') != NULL)
        {
          reason = strchr (reason, '"');
          *strrchr (reason, '"') = '\0';
        }
      assert_no_piece (password, reason, "parse error");
      g_error_free (error);
      return;
    }
  options = PQconninfoParse (conninfo, NULL);
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    if (o->val != NULL && strcmp (o->keyword, "password") != 0)
      {
        g_autofree char *message = g_strdup_printf ("invalid value \"%s\" for \"%s\"", o->val, o->keyword);
        g_autofree char *safe = mdb__conninfo_scrub_parsed (info, message);

        assert_no_piece (password, safe, o->keyword);
      }
  PQconninfoFree (options);
  mdb_conninfo_free (info);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *password = NULL;

  /* NUL cannot be in a C string; libpq reads text, so UTF-8 only. */
  if (size < 4 || size > 64 || memchr (data, '\0', size) != NULL
      || !g_utf8_validate ((const char *) data, (gssize) size, NULL))
    return 0;
  password = g_strndup ((const char *) data, size);
  /* "***" replaces a piece: a password with '*' would match it. */
  if (holds_keyword (password) || strchr (password, '*') != NULL)
    return 0;
  for (gsize i = 0; i < G_N_ELEMENTS (forms); i++)
    check_form (forms[i], password);
  return 0;
}
