/* SPDX-License-Identifier: MIT */
/* The passwords a connection string may hold, read leniently, and scrubbing
 * every fragment of them out of a message.
 *
 * libpq quotes pieces of input it cannot read ("invalid percent-encoded
 * token", "could not translate host name", "missing \"=\" after …"), and a
 * password with an unencoded '@', '/', '%', '&' or space is exactly such
 * input: libpq then reads part of it as a host, a port or a keyword.  So
 * the password is worked out here with wider bounds than libpq's, from the
 * text the user wrote, and any four characters of it are removed from every
 * message about that connection, whatever libpq made of it. */
#include <string.h>
#include "mdb-private.h"

/* Fragments this long are scrubbed; shorter passwords are scrubbed whole. */
#define FRAGMENT 4

static gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static gpointer
load_keywords (gpointer unused)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  PQconninfoOption *defaults = PQconndefaults ();

  (void) unused;
  for (PQconninfoOption *o = defaults; o != NULL && o->keyword != NULL; o++)
    g_hash_table_add (set, g_strdup (o->keyword));
  g_hash_table_add (set, g_strdup ("ssl"));   /* URL alias of sslmode=require */
  PQconninfoFree (defaults);
  return set;
}

/* Whether @p starts "keyword[blanks]=" for a keyword libpq knows: the only
 * thing that can end an unquoted password that holds blanks or '&'. */
static gboolean
starts_keyword (const char *p)
{
  static GOnce once = G_ONCE_INIT;
  GHashTable *keywords = g_once (&once, load_keywords, NULL);
  const char *end = p;
  g_autofree char *word = NULL;

  while (g_ascii_isalnum (*end) || *end == '_')
    end++;
  if (end == p)
    return FALSE;
  word = g_strndup (p, end - p);
  while (*end == ' ' || *end == '\t')
    end++;
  return *end == '=' && g_hash_table_contains (keywords, word);
}

/* End of an unquoted value at @value: the next @separator (blank for
 * key=value, '&' for a URL query) that a known keyword follows, else the
 * end of the text. */
static const char *
lenient_value_end (const char *value, gboolean url)
{
  const char *p = value;

  for (; *p != '\0'; p++)
    {
      const char *next = p + 1;

      if (url ? *p != '&' : !is_blank (*p))
        continue;
      while (!url && is_blank (*next))
        next++;
      if (starts_keyword (next))
        return p;
    }
  return p;
}

/* End of a single-quoted value at the quote @p: its closing quote, or the
 * end of the text when it never closes. */
static const char *
quoted_value_end (const char *p)
{
  for (p++; *p != '\0' && *p != '\''; p += (*p == '\\' && p[1] != '\0') ? 2 : 1)
    ;
  return *p == '\'' ? p + 1 : p;
}

/* @text[0..len) with %XX escapes decoded where they are valid. */
static char *
percent_decoded (const char *text, gsize len)
{
  GString *out = g_string_sized_new (len);

  for (gsize i = 0; i < len; i++)
    if (text[i] == '%' && i + 2 < len && g_ascii_isxdigit (text[i + 1]) && g_ascii_isxdigit (text[i + 2]))
      {
        g_string_append_c (out, (char) (g_ascii_xdigit_value (text[i + 1]) * 16
                                        + g_ascii_xdigit_value (text[i + 2])));
        i += 2;
      }
    else
      g_string_append_c (out, text[i]);
  return g_string_free (out, FALSE);
}

/* @text[0..len) without key=value quoting: outer quotes and backslashes. */
static char *
unquoted (const char *text, gsize len)
{
  GString *out = g_string_sized_new (len);

  for (gsize i = 0; i < len; i++)
    {
      if ((i == 0 || i == len - 1) && text[i] == '\'')
        continue;
      if (text[i] == '\\' && i + 1 < len)
        i++;
      g_string_append_c (out, text[i]);
    }
  return g_string_free (out, FALSE);
}

static void
add_secret (GPtrArray *secrets, char *secret)
{
  if (secret == NULL || *secret == '\0')
    {
      g_free (secret);
      return;
    }
  for (guint i = 0; i < secrets->len; i++)
    if (strcmp (g_ptr_array_index (secrets, i), secret) == 0)
      {
        g_free (secret);
        return;
      }
  g_ptr_array_add (secrets, secret);
}

/* Drops each secret that is part of another: libpq's cut-short reading
 * ("x" of "x@tail") would otherwise be scrubbed whole wherever it occurs
 * although the password it is part of is already covered. */
static void
drop_contained (GPtrArray *secrets)
{
  for (guint i = 0; i < secrets->len;)
    {
      const char *s = g_ptr_array_index (secrets, i);
      gboolean contained = FALSE;

      for (guint j = 0; j < secrets->len && !contained; j++)
        contained = j != i && strstr (g_ptr_array_index (secrets, j), s) != NULL;
      if (contained)
        g_ptr_array_remove_index (secrets, i);
      else
        i++;
    }
}

/* The span as written plus the forms libpq may print it in. */
static void
add_span (GPtrArray *secrets, const char *start, const char *end, gboolean url)
{
  add_secret (secrets, g_strndup (start, end - start));
  add_secret (secrets, url ? percent_decoded (start, end - start) : unquoted (start, end - start));
}

/* See mdb-private.h.  libpq stops at the first '@' and at '/', so a
 * password holding either is cut short there and its rest read as a host,
 * port or database; this span covers every such reading. */
gboolean
mdb__url_password_span (const char *text, const char **start, const char **end)
{
  const char *authority = strstr (text, "://"), *colon, *at;

  if (authority == NULL)
    return FALSE;
  authority += 3;
  colon = strchr (authority, ':');
  at = strrchr (authority, '@');
  if (colon == NULL || at == NULL || colon > at)
    return FALSE;
  *start = colon + 1;
  *end = at;
  return TRUE;
}

static void
add_url_userinfo (GPtrArray *secrets, const char *text)
{
  const char *start, *end;

  if (mdb__url_password_span (text, &start, &end))
    add_span (secrets, start, end, TRUE);
}

/* Every "password[blanks]=value" (any case, also inside PGPASSWORD=):
 * the URL query parameter or the key=value pair. */
static void
add_password_values (GPtrArray *secrets, const char *text, gboolean url)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      const char *value, *end;

      if (g_ascii_strncasecmp (p, "password", 8) != 0)
        continue;
      value = p + 8;
      while (*value == ' ' || *value == '\t')
        value++;
      if (*value != '=')
        continue;
      value++;
      while (!url && (*value == ' ' || *value == '\t'))
        value++;
      end = lenient_value_end (value, url);
      /* A quoted value may hold a blank before a keyword: the wider wins. */
      if (!url && *value == '\'')
        end = MAX (end, quoted_value_end (value));
      add_span (secrets, value, end, url);
    }
}

/* See mdb-private.h.  Both readings are taken whatever the text looks
 * like: "POSTGRESQL://…" is no URL to libpq, which then quotes it whole as
 * a bad key=value string. */
GPtrArray *
mdb__conninfo_secrets (const char *conninfo, const PQconninfoOption *parsed)
{
  GPtrArray *secrets = g_ptr_array_new_with_free_func (g_free);

  if (conninfo == NULL)
    return secrets;
  add_url_userinfo (secrets, conninfo);
  add_password_values (secrets, conninfo, TRUE);
  add_password_values (secrets, conninfo, FALSE);
  for (const PQconninfoOption *o = parsed; o != NULL && o->keyword != NULL; o++)
    if (strcmp (o->keyword, "password") == 0 && o->val != NULL)
      add_secret (secrets, g_strdup (o->val));
  drop_contained (secrets);
  return secrets;
}

/* Marks in @hide every byte of @text covered by an occurrence (any case)
 * of a @window-byte piece of @secret. */
static void
mark_fragments (const char *text, gsize len, const char *secret, gsize window, gboolean *hide)
{
  gsize slen = strlen (secret);

  for (gsize s = 0; s + window <= slen; s++)
    for (gsize t = 0; t + window <= len; t++)
      if (g_ascii_strncasecmp (text + t, secret + s, window) == 0)
        for (gsize k = 0; k < window; k++)
          hide[t + k] = TRUE;
}

/* See mdb-private.h. */
char *
mdb__scrub_secrets (const GPtrArray *secrets, const char *text)
{
  gsize len;
  g_autofree gboolean *hide = NULL;
  GString *out;

  if (text == NULL)
    return NULL;
  len = strlen (text);
  hide = g_new0 (gboolean, len + 1);
  for (guint i = 0; secrets != NULL && i < secrets->len; i++)
    {
      const char *secret = g_ptr_array_index (secrets, i);
      mark_fragments (text, len, secret, MIN (strlen (secret), FRAGMENT), hide);
    }
  /* Never cut a UTF-8 sequence in two: widen to whole characters. */
  for (gsize i = 1; i < len; i++)
    if (((guchar) text[i] & 0xC0) == 0x80 && (hide[i - 1] || hide[i]))
      hide[i - 1] = hide[i] = TRUE;
  for (gsize i = len; i-- > 1;)
    if (((guchar) text[i] & 0xC0) == 0x80 && hide[i])
      hide[i - 1] = TRUE;
  out = g_string_sized_new (len);
  for (gsize i = 0; i < len; i++)
    if (!hide[i])
      g_string_append_c (out, text[i]);
    else if (i == 0 || !hide[i - 1])
      g_string_append (out, "***");
  return g_string_free (out, FALSE);
}
