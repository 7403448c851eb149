/* SPDX-License-Identifier: MIT */
/* Connection strings: the one parser of the project (the library, the pool
 * and the `mdb` tool all read them here), errors that never quote a
 * password, and rewriting one for another database. */
#include <string.h>
#include "mdb-private.h"

struct _MdbConninfo {
  PQconninfoOption *options;   /* libpq's reading */
  GPtrArray        *secrets;   /* password spans, read leniently (owned strings) */
  gboolean          misread;   /* libpq's password is not the one the user wrote */
};

/* What to do about a password libpq cannot read as written. */
#define ENCODE_HINT \
  "if the password holds special characters, percent-encode them in a URL " \
  "(%% as %%25, @ as %%40, / as %%2F, : as %%3A, ? as %%3F, # as %%23, & as %%26, " \
  "space as %%20) or, in key=value form, put it in single quotes with a backslash before ' and \\"

/* Whether libpq read another URL password than the one written (or none):
 * any connect error is then about the wrong host, port or user. */
static gboolean
password_misread (const char *conninfo, const PQconninfoOption *options)
{
  const char *start, *end, *libpq = NULL;
  g_autofree char *written = NULL;

  if (!mdb__url_password_span (conninfo, &start, &end))
    return FALSE;
  written = g_uri_unescape_segment (start, end, NULL);
  for (const PQconninfoOption *o = options; o->keyword != NULL; o++)
    if (strcmp (o->keyword, "password") == 0)
      libpq = o->val;
  return written == NULL || g_strcmp0 (written, libpq) != 0;
}

/* Whether @list (comma-separated, as libpq allows several) has an element
 * no server can have: a host name with '@' (a socket folder starts with
 * '/', an abstract socket with '@'), a port that is no number. */
static gboolean
impossible_value (const char *keyword, const char *list)
{
  g_auto (GStrv) items = g_strsplit (list, ",", -1);

  for (char **item = items; *item != NULL; item++)
    {
      const char *v = g_strstrip (*item);

      if (strcmp (keyword, "host") == 0 && *v != '/' && *v != '@' && strchr (v, '@') != NULL)
        return TRUE;
      if (strcmp (keyword, "port") == 0 && strspn (v, "0123456789") != strlen (v))
        return TRUE;
    }
  return FALSE;
}

/* A string libpq reads but that can never connect because libpq cut a
 * password with '@' or '/' short and read its rest as a host or port:
 * refused now, with the fix, rather than after a host lookup. */
static gboolean
check_impossible (const MdbConninfo *info, GError **error)
{
  static const char *const keywords[] = { "host", "port" };

  for (guint i = 0; i < G_N_ELEMENTS (keywords); i++)
    {
      const char *value = mdb_conninfo_get (info, keywords[i]);
      g_autofree char *safe = NULL;

      if (value == NULL || !impossible_value (keywords[i], value))
        continue;
      safe = mdb__conninfo_scrub_parsed (info, value);
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                   "bad connection string: libpq reads the %s as \"%s\", which cannot be one; " ENCODE_HINT,
                   keywords[i], safe);
      return FALSE;
    }
  return TRUE;
}

/**
 * mdb_conninfo_parse:
 * @conninfo: a URL (`postgresql://…`) or key=value connection string
 * @error: return location for a #GError
 *
 * Reads @conninfo the way libpq will when connecting.  When it does not
 * parse, sets %MDB_ERROR_INVALID_INPUT with libpq's reason, from which every
 * fragment of the password is removed, and says how to write a password
 * with special characters.  So it does when libpq's reading can never
 * connect: a host name holding '@' or a port that is no number, which is
 * what an unencoded '@' or '/' in a URL password turns into.
 *
 * Returns: (transfer full) (nullable): the parsed string, for
 *   mdb_conninfo_free()
 * Since: 0.1
 */
MdbConninfo *
mdb_conninfo_parse (const char *conninfo, GError **error)
{
  g_autoptr (GPtrArray) secrets = NULL;
  char *errmsg = NULL;
  PQconninfoOption *options;
  MdbConninfo *info;

  g_return_val_if_fail (conninfo != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  options = PQconninfoParse (conninfo, &errmsg);
  secrets = mdb__conninfo_secrets (conninfo, options);
  if (options == NULL)
    {
      g_autofree char *reason = mdb__scrub_secrets (secrets, errmsg ? g_strstrip (errmsg) : "out of memory");
      g_autofree char *safe = mdb_redact_conninfo (reason);

      if (secrets->len > 0)
        g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                     "bad connection string: %s; " ENCODE_HINT, safe);
      else
        g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "bad connection string: %s", safe);
      PQfreemem (errmsg);
      return NULL;
    }
  info = g_new0 (MdbConninfo, 1);
  info->options = options;
  info->secrets = g_steal_pointer (&secrets);
  info->misread = password_misread (conninfo, options);
  if (!check_impossible (info, error))
    g_clear_pointer (&info, mdb_conninfo_free);
  return info;
}

/**
 * mdb_conninfo_free:
 * @info: (nullable): a parsed connection string
 *
 * Frees @info.
 *
 * Since: 0.1
 */
void
mdb_conninfo_free (MdbConninfo *info)
{
  if (info == NULL)
    return;
  PQconninfoFree (info->options);
  g_ptr_array_unref (info->secrets);
  g_free (info);
}

/**
 * mdb_conninfo_get:
 * @info: a parsed connection string
 * @keyword: a libpq keyword (`host`, `dbname`, `user`, `options`, …)
 *
 * Returns: (transfer none) (nullable): the value @info sets for @keyword,
 *   owned by @info; %NULL when it sets none (libpq's default applies)
 * Since: 0.1
 */
const char *
mdb_conninfo_get (const MdbConninfo *info, const char *keyword)
{
  g_return_val_if_fail (info != NULL && keyword != NULL, NULL);

  for (const PQconninfoOption *o = info->options; o->keyword != NULL; o++)
    if (strcmp (o->keyword, keyword) == 0)
      return o->val;
  return NULL;
}

/**
 * mdb_conninfo_scrub:
 * @conninfo: (nullable): the connection string a message is about, as the
 *   user wrote it, parsable or not
 * @text: (nullable): a message
 *
 * Copies @text without the password of @conninfo: every piece of four
 * characters of it (the whole password when shorter) is replaced by `***`,
 * however libpq cut the password up, and then passwords written in the
 * message itself are redacted as by mdb_redact_conninfo().
 *
 * Returns: (transfer full) (nullable): the safe copy; %NULL when @text is
 * Since: 0.1
 */
char *
mdb_conninfo_scrub (const char *conninfo, const char *text)
{
  PQconninfoOption *options = conninfo ? PQconninfoParse (conninfo, NULL) : NULL;
  g_autoptr (GPtrArray) secrets = mdb__conninfo_secrets (conninfo, options);
  g_autofree char *scrubbed = mdb__scrub_secrets (secrets, text);

  PQconninfoFree (options);
  return mdb_redact_conninfo (scrubbed);
}

/* See mdb-private.h. */
char *
mdb__conninfo_scrub_parsed (const MdbConninfo *info, const char *text)
{
  g_autofree char *scrubbed = mdb__scrub_secrets (info->secrets, text);

  return mdb_redact_conninfo (scrubbed);
}

/* See mdb-private.h. */
void
mdb__conninfo_set_connect_error (const MdbConninfo *info, PGconn *pg, GError **error)
{
  g_autofree char *raw = g_strdup (pg ? PQerrorMessage (pg) : "out of memory creating the connection");
  g_autofree char *safe = mdb__conninfo_scrub_parsed (info, *g_strstrip (raw) ? raw : "unknown libpq error");

  if (info->misread)
    g_set_error (error, MDB_ERROR, MDB_ERROR_CONNECT,
                 "could not connect: %s (libpq did not read the password as written; " ENCODE_HINT ")",
                 safe);
  else
    g_set_error (error, MDB_ERROR, MDB_ERROR_CONNECT, "could not connect: %s", safe);
}

/* libpq key=value quoting: single quotes, backslash before ' and \. */
static void
append_quoted (GString *out, const char *value)
{
  g_string_append_c (out, '\'');
  for (const char *p = value; *p; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '\'');
}

/**
 * mdb_conninfo_with_dbname:
 * @conninfo: a URL (`postgresql://…`) or key=value connection string
 * @dbname: the database to name instead
 * @error: return location for a #GError
 *
 * Builds a key=value connection string for the same server, role and
 * options as @conninfo, but database @dbname.  Tools use it to reach the
 * maintenance database, shadow databases and per-test databases.
 * Sets %MDB_ERROR_INVALID_INPUT, as mdb_conninfo_parse() does, when
 * @conninfo does not parse.
 *
 * Returns: (transfer full) (nullable): the new string, g_free() it
 * Since: 0.1
 */
char *
mdb_conninfo_with_dbname (const char *conninfo, const char *dbname, GError **error)
{
  g_autoptr (MdbConninfo) info = NULL;
  GString *out;

  g_return_val_if_fail (conninfo != NULL, NULL);
  g_return_val_if_fail (dbname != NULL, NULL);

  if ((info = mdb_conninfo_parse (conninfo, error)) == NULL)
    return NULL;
  out = g_string_new (NULL);
  for (PQconninfoOption *o = info->options; o->keyword != NULL; o++)
    {
      const char *value = strcmp (o->keyword, "dbname") == 0 ? dbname : o->val;

      if (value == NULL)
        continue;
      g_string_append_printf (out, "%s%s=", out->len ? " " : "", o->keyword);
      append_quoted (out, value);
    }
  return g_string_free (out, FALSE);
}
