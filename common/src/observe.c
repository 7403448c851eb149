/* SPDX-License-Identifier: MIT */
/* What the core reports to the application: server notices through GLib's
 * structured log (domain "mdb"). */
#include "conn-private.h"

/* libpq's default prints notices on stderr; a library does not print.  A
 * notice arrives with a statement (RAISE NOTICE, a warning) or unasked on
 * an idle connection, where it is the FATAL of a terminated backend that
 * the pool's checkout has just read. */
static void
log_notice (void *data, const PGresult *res)
{
  const char *severity = PQresultErrorField (res, PG_DIAG_SEVERITY_NONLOCALIZED);
  const char *sqlstate = PQresultErrorField (res, PG_DIAG_SQLSTATE);
  const char *text = PQresultErrorField (res, PG_DIAG_MESSAGE_PRIMARY);
  gboolean warning = severity != NULL && strcmp (severity, "WARNING") == 0;
  GLogField fields[] = {
    { "GLIB_DOMAIN", G_LOG_DOMAIN, -1 },
    { "MESSAGE", text ? text : "(empty notice)", -1 },
    { "MDB_SEVERITY", severity ? severity : "NOTICE", -1 },
    { "MDB_SQLSTATE", sqlstate ? sqlstate : "", -1 },
  };

  (void) data;
  g_log_structured_array (warning ? G_LOG_LEVEL_MESSAGE : G_LOG_LEVEL_INFO, fields, G_N_ELEMENTS (fields));
}

void
mdb__conn_route_notices (MdbConn *conn)
{
  PQsetNoticeReceiver (conn->pg, log_notice, NULL);
}
