/* SPDX-License-Identifier: MIT */
/* Rewriting connection strings: the same server and role, another database. */
#include <string.h>
#include "mdb-private.h"

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
 * Sets %MDB_ERROR_INVALID_INPUT (message redacted) when @conninfo does not
 * parse.
 *
 * Returns: (transfer full) (nullable): the new string, g_free() it
 * Since: 0.1
 */
char *
mdb_conninfo_with_dbname (const char *conninfo, const char *dbname, GError **error)
{
  char *errmsg = NULL;
  PQconninfoOption *opts;
  GString *out;

  g_return_val_if_fail (conninfo != NULL, NULL);
  g_return_val_if_fail (dbname != NULL, NULL);

  opts = PQconninfoParse (conninfo, &errmsg);
  if (opts == NULL)
    {
      g_autofree char *safe = mdb_redact_conninfo (errmsg ? g_strstrip (errmsg) : "out of memory");
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "bad connection string: %s", safe);
      PQfreemem (errmsg);
      return NULL;
    }
  out = g_string_new (NULL);
  for (PQconninfoOption *o = opts; o->keyword != NULL; o++)
    {
      const char *value = strcmp (o->keyword, "dbname") == 0 ? dbname : o->val;

      if (value == NULL)
        continue;
      g_string_append_printf (out, "%s%s=", out->len ? " " : "", o->keyword);
      append_quoted (out, value);
    }
  PQconninfoFree (opts);
  return g_string_free (out, FALSE);
}
