/* SPDX-License-Identifier: MIT */
/* The MDB_ERROR domain: server fields carried by an extended GError, and password redaction. */
#include <string.h>
#include "mdb-private.h"

typedef struct {
  char *sqlstate;
  char *constraint;
  char *detail;
  char *table;
  char *column;
} MdbErrorPrivate;

static void
mdb_error_private_init (MdbErrorPrivate *priv)
{
  memset (priv, 0, sizeof *priv);
}

static void
mdb_error_private_copy (const MdbErrorPrivate *src, MdbErrorPrivate *dest)
{
  dest->sqlstate = g_strdup (src->sqlstate);
  dest->constraint = g_strdup (src->constraint);
  dest->detail = g_strdup (src->detail);
  dest->table = g_strdup (src->table);
  dest->column = g_strdup (src->column);
}

static void
mdb_error_private_clear (MdbErrorPrivate *priv)
{
  g_clear_pointer (&priv->sqlstate, g_free);
  g_clear_pointer (&priv->constraint, g_free);
  g_clear_pointer (&priv->detail, g_free);
  g_clear_pointer (&priv->table, g_free);
  g_clear_pointer (&priv->column, g_free);
}

/**
 * mdb_error_quark:
 *
 * The error domain of libmdb.  Errors of this domain carry the server's
 * SQLSTATE, constraint, detail, table and column when the server sent them;
 * read them with mdb_error_get_sqlstate() and friends.
 *
 * Returns: the #GQuark of %MDB_ERROR
 * Since: 0.1
 */
G_DEFINE_EXTENDED_ERROR (MdbError, mdb_error)

static const MdbErrorPrivate *
error_private (const GError *error)
{
  if (error == NULL || error->domain != MDB_ERROR)
    return NULL;
  return mdb_error_get_private (error);
}

/**
 * mdb_error_get_sqlstate:
 * @error: (nullable): an error
 *
 * The five-character SQLSTATE the server reported ("23505").
 *
 * Returns: (transfer none) (nullable): the SQLSTATE, or %NULL when @error is
 *   not an %MDB_ERROR or carries none
 * Since: 0.1
 */
const char *
mdb_error_get_sqlstate (const GError *error)
{
  const MdbErrorPrivate *priv = error_private (error);
  return priv ? priv->sqlstate : NULL;
}

/**
 * mdb_error_get_constraint:
 * @error: (nullable): an error
 *
 * The name of the violated constraint, for unique, foreign-key and check
 * violations.
 *
 * Returns: (transfer none) (nullable): the constraint name, or %NULL
 * Since: 0.1
 */
const char *
mdb_error_get_constraint (const GError *error)
{
  const MdbErrorPrivate *priv = error_private (error);
  return priv ? priv->constraint : NULL;
}

/**
 * mdb_error_get_detail:
 * @error: (nullable): an error
 *
 * The server's DETAIL line ("Key (email)=(a@b.c) already exists.").
 *
 * Returns: (transfer none) (nullable): the detail, or %NULL
 * Since: 0.1
 */
const char *
mdb_error_get_detail (const GError *error)
{
  const MdbErrorPrivate *priv = error_private (error);
  return priv ? priv->detail : NULL;
}

/**
 * mdb_error_get_table:
 * @error: (nullable): an error
 *
 * The table the server named in the error.
 *
 * Returns: (transfer none) (nullable): the table name, or %NULL
 * Since: 0.1
 */
const char *
mdb_error_get_table (const GError *error)
{
  const MdbErrorPrivate *priv = error_private (error);
  return priv ? priv->table : NULL;
}

/**
 * mdb_error_get_column:
 * @error: (nullable): an error
 *
 * The column the server named in the error (for example a NOT NULL
 * violation).
 *
 * Returns: (transfer none) (nullable): the column name, or %NULL
 * Since: 0.1
 */
const char *
mdb_error_get_column (const GError *error)
{
  const MdbErrorPrivate *priv = error_private (error);
  return priv ? priv->column : NULL;
}

/**
 * mdb_error_is_retryable:
 * @error: (nullable): an error
 *
 * Whether running the whole transaction again may succeed: SQLSTATE 40001
 * (serialization failure) or 40P01 (deadlock detected).
 *
 * Returns: %TRUE for those two SQLSTATEs
 * Since: 0.1
 */
gboolean
mdb_error_is_retryable (const GError *error)
{
  const char *state = mdb_error_get_sqlstate (error);

  return state != NULL
         && (strcmp (state, "40001") == 0 || strcmp (state, "40P01") == 0);
}

/* ---- redaction ---------------------------------------------------------- */

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* A URL token starts with postgres:// or postgresql:// and ends at white
 * space; inside one, '&' ends a query parameter's value. */
static gboolean
inside_url (const char *start, const char *pos)
{
  const char *tok = pos;

  while (tok > start && !is_space (tok[-1]))
    tok--;
  return g_ascii_strncasecmp (tok, "postgres://", 11) == 0
         || g_ascii_strncasecmp (tok, "postgresql://", 13) == 0;
}

/* End of a quoted conninfo value starting at the quote @p: the matching
 * unescaped quote, or the end of the string when it never closes. */
static const char *
skip_quoted (const char *p)
{
  char quote = *p++;

  while (*p != '\0' && *p != quote)
    p += (*p == '\\' && p[1] != '\0') ? 2 : 1;
  return *p == quote ? p + 1 : p;
}

/* If @p starts "password" [spaces] "=" [spaces], returns the start of the
 * value, else NULL.  Also matches inside PGPASSWORD=… or db_password=…, on
 * purpose: redacting too much is harmless. */
static const char *
password_value_start (const char *p)
{
  if (g_ascii_strncasecmp (p, "password", 8) != 0)
    return NULL;
  p += 8;
  while (*p == ' ' || *p == '\t')
    p++;
  if (*p != '=')
    return NULL;
  p++;
  while (*p == ' ' || *p == '\t')
    p++;
  return p;
}

static const char *
password_value_end (const char *start, const char *value)
{
  const char *p = value;
  gboolean url = inside_url (start, value);

  if (!url && (*p == '\'' || *p == '"'))
    return skip_quoted (p);
  while (*p != '\0' && !is_space (*p) && !(url && (*p == '&' || *p == '#')))
    p++;
  return p;
}

/* In "scheme://user:secret@host", returns the ':' before the secret and
 * sets @at to the '@'; NULL when the authority has no password.  The last
 * '@' before '?', '#' or white space wins, so a password holding '@' or '/'
 * is still covered. */
static const char *
url_password (const char *authority, const char **at)
{
  const char *p, *colon = NULL;

  *at = NULL;
  for (p = authority; *p != '\0' && !is_space (*p) && *p != '?' && *p != '#'; p++)
    if (*p == '@')
      *at = p;
  if (*at == NULL)
    return NULL;
  for (p = authority; p < *at; p++)
    if (*p == ':')
      {
        colon = p;
        break;
      }
  return colon;
}

/**
 * mdb_redact_conninfo:
 * @conninfo: (nullable): a conninfo string, a URL, or a message containing them
 *
 * Copies @conninfo with every password replaced by `***`: the key=value
 * form (`password=secret`, `password = 'quoted secret'`), the URL user
 * info (`postgresql://user:secret@host/db`) and the URL query parameter
 * (`?password=secret`).  Safe on any text, such as a libpq error message.
 *
 * Returns: (transfer full) (nullable): the redacted copy, or %NULL when
 *   @conninfo is %NULL
 * Since: 0.1
 */
char *
mdb_redact_conninfo (const char *conninfo)
{
  GString *out;
  const char *p;

  if (conninfo == NULL)
    return NULL;
  out = g_string_sized_new (strlen (conninfo) + 8);
  for (p = conninfo; *p != '\0';)
    {
      const char *value = password_value_start (p);
      const char *at, *colon;

      /* "password = password = x": the first key has no value of its
       * own; redacting the word after it would leave x in clear. */
      if (value != NULL && password_value_start (value) != NULL)
        {
          g_string_append_len (out, p, value - p);
          p = value;
          continue;
        }
      if (value != NULL)
        {
          g_string_append_len (out, p, value - p);
          g_string_append (out, "***");
          p = password_value_end (conninfo, value);
          continue;
        }
      if (strncmp (p, "://", 3) == 0 && (colon = url_password (p + 3, &at)) != NULL)
        {
          g_string_append_len (out, p, colon + 1 - p);
          g_string_append (out, "***");
          p = at;
          continue;
        }
      g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

/* ---- from libpq --------------------------------------------------------- */

static MdbError
code_for_sqlstate (const char *state)
{
  if (state == NULL)
    return MDB_ERROR_FAILED;
  if (strcmp (state, "23505") == 0)
    return MDB_ERROR_UNIQUE_VIOLATION;
  if (strcmp (state, "23503") == 0)
    return MDB_ERROR_FOREIGN_KEY_VIOLATION;
  if (strcmp (state, "23514") == 0)
    return MDB_ERROR_CHECK_VIOLATION;
  if (strcmp (state, "57014") == 0)
    return MDB_ERROR_CANCELLED;
  if (strncmp (state, "08", 2) == 0)
    return MDB_ERROR_CONNECT;
  return MDB_ERROR_SERVER;
}

static char *
dup_trimmed (const char *text)
{
  char *copy = g_strdup (text ? text : "");
  return g_strstrip (copy);
}

/* The context is redacted too: callers put conninfo strings in it. */
static GError *
new_error_redacted (MdbError code, const char *context, const char *message)
{
  g_autofree char *full = (context != NULL && *context != '\0')
                          ? g_strdup_printf ("%s: %s", context, message) : g_strdup (message);
  g_autofree char *clean = mdb_redact_conninfo (full);

  return g_error_new_literal (MDB_ERROR, code, clean);
}

static char *
result_message (const PGresult *res)
{
  g_autofree char *primary = dup_trimmed (PQresultErrorField (res, PG_DIAG_MESSAGE_PRIMARY));
  g_autofree char *detail = dup_trimmed (PQresultErrorField (res, PG_DIAG_MESSAGE_DETAIL));

  /* Client-side failures (connection lost) have no primary field. */
  if (*primary == '\0')
    {
      g_free (primary);
      primary = dup_trimmed (PQresultErrorMessage (res));
    }
  if (*primary == '\0')
    {
      g_free (primary);
      primary = g_strdup_printf ("statement failed (%s)", PQresStatus (PQresultStatus (res)));
    }
  if (*detail != '\0')
    return g_strdup_printf ("%s; DETAIL: %s", primary, detail);
  return g_steal_pointer (&primary);
}

static char *
dup_field (const PGresult *res, int field)
{
  const char *value = PQresultErrorField (res, field);
  return value && *value ? g_strdup (value) : NULL;
}

/* Sets @error from a failed PGresult; see mdb-private.h. */
void
mdb__set_error_from_result (GError **error, const PGresult *res, const char *context)
{
  g_autofree char *message = NULL;
  const char *state;
  MdbErrorPrivate *priv;
  GError *local;

  if (error == NULL)
    return;
  if (res == NULL)
    {
      g_propagate_error (error, new_error_redacted (MDB_ERROR_CONNECT, context,
                                                    "no result from the server (out of memory or connection lost)"));
      return;
    }
  state = PQresultErrorField (res, PG_DIAG_SQLSTATE);
  message = result_message (res);
  local = new_error_redacted (code_for_sqlstate (state), context, message);
  priv = mdb_error_get_private (local);
  priv->sqlstate = g_strdup (state);
  priv->constraint = dup_field (res, PG_DIAG_CONSTRAINT_NAME);
  priv->detail = mdb_redact_conninfo (PQresultErrorField (res, PG_DIAG_MESSAGE_DETAIL));
  priv->table = dup_field (res, PG_DIAG_TABLE_NAME);
  priv->column = dup_field (res, PG_DIAG_COLUMN_NAME);
  g_propagate_error (error, local);
}

/* Sets @error from PQerrorMessage (@conn); see mdb-private.h. */
void
mdb__set_error_from_conn (GError **error, PGconn *conn, MdbError code, const char *context)
{
  g_autofree char *message = dup_trimmed (conn ? PQerrorMessage (conn) : NULL);

  if (*message == '\0')
    {
      g_free (message);
      message = g_strdup (conn ? "unknown libpq error" : "out of memory creating the connection");
    }
  g_propagate_error (error, new_error_redacted (code, context, message));
}
