/* SPDX-License-Identifier: MIT */
/* The tool's one way to connect: a failure reads the same from every
 * command, on one line, naming the database, server and role, with
 * libpq's reason and no password. */
#include <string.h>
#include "mdb-tool.h"

/* libpq's reason without its "connection to server … failed:" preamble,
 * its severity and its second-line advice. */
static char *
reason_of (const char *message)
{
  const char *failed = strstr (message, " failed: ");
  g_autofree char *first = NULL;
  char *nl;

  first = g_strdup (failed != NULL ? failed + strlen (" failed: ") : message);
  if ((nl = strchr (first, '\n')) != NULL)
    *nl = '\0';
  g_strstrip (first);
  if (g_str_has_prefix (first, "FATAL:"))
    return g_strstrip (g_strdup (first + strlen ("FATAL:")));
  return g_steal_pointer (&first);
}

/**
 * mdb_tool_url_describe:
 * @url: a URL or key=value connection string
 *
 * Returns: (transfer full): `database "x" on HOST:PORT as ROLE`, with
 *   libpq's defaults for what @url leaves out, and no password
 */
char *
mdb_tool_url_describe (const char *url)
{
  g_autoptr (MdbConninfo) info = mdb_conninfo_parse (url, NULL);
  g_autofree char *target = mdb_tool_url_get_dbname (url, NULL);
  g_autofree char *text = NULL;
  const char *host, *port, *user;

  if (info == NULL)
    return g_strdup ("an unparsable URL");
  host = mdb_conninfo_get (info, "host");
  if (host == NULL)
    host = mdb_conninfo_get (info, "hostaddr");
  port = mdb_conninfo_get (info, "port");
  user = mdb_conninfo_get (info, "user");
  text = g_strdup_printf ("database \"%s\" on %s:%s as %s", target ? target : "?",
                          host ? host : "the default socket", port ? port : "5432",
                          user ? user : g_get_user_name ());
  return mdb_tool_scrub (text);
}

/**
 * mdb_tool_connect:
 * @url: a URL or key=value connection string
 * @error: return location for a #GError
 *
 * mdb_conn_new(), with a connection failure (%MDB_ERROR_CONNECT) reworded
 * as `cannot connect to database "x" on HOST:PORT as ROLE: REASON`.
 *
 * Returns: (transfer full) (nullable): the connection
 */
MdbConn *
mdb_tool_connect (const char *url, GError **error)
{
  g_autoptr (GError) local = NULL;
  MdbConn *conn = mdb_conn_new (url, &local);
  g_autofree char *where = NULL, *why = NULL;

  if (conn != NULL)
    return conn;
  if (!g_error_matches (local, MDB_ERROR, MDB_ERROR_CONNECT))
    return (g_propagate_error (error, g_steal_pointer (&local)), NULL);
  where = mdb_tool_url_describe (url);
  why = reason_of (local->message);
  g_set_error (error, MDB_ERROR, MDB_ERROR_CONNECT, "cannot connect to %s: %s", where, why);
  return NULL;
}
