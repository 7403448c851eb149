/* SPDX-License-Identifier: MIT */
/* The test support library's window on libmdb's private functions. */
#include "mdb-test-private.h"
#include "mdb-private.h"
#include "values-private.h"

MdbResult *
mdb_ts_result_new (PGresult *res)
{
  return mdb__result_new (res);
}

void
mdb_ts_set_error_from_result (GError **error, const PGresult *res, const char *context)
{
  mdb__set_error_from_result (error, res, context);
}

void
mdb_ts_set_error_from_conn (GError **error, PGconn *conn, MdbError code, const char *context)
{
  mdb__set_error_from_conn (error, conn, code, context);
}

gboolean
mdb_ts_numeric_to_binary (const char *text, GByteArray *out, GError **error)
{
  return mdb__numeric_to_binary (text, out, error);
}

char *
mdb_ts_numeric_from_binary (const char *data, int len, GError **error)
{
  return mdb__numeric_from_binary (data, len, error);
}
