/* SPDX-License-Identifier: MIT */
/* mdb-test-private.h: the few private core functions the value tests need,
 * reached through this support library (libmdb-test-private links libmdb's
 * objects) instead of tests including common/src themselves. */
#pragma once
#include <glib.h>
#include <libpq-fe.h>
#include <mdb/mdb.h>

G_BEGIN_DECLS

/* mdb__result_new: wraps @res, taking ownership. */
MdbResult *mdb_ts_result_new            (PGresult *res);
/* mdb__set_error_from_result / _from_conn: libpq failures as MDB_ERROR. */
void       mdb_ts_set_error_from_result (GError **error, const PGresult *res, const char *context);
void       mdb_ts_set_error_from_conn   (GError **error, PGconn *conn, MdbError code, const char *context);
/* The numeric codec behind mdb_params_add_numeric and the result getters. */
gboolean   mdb_ts_numeric_to_binary     (const char *text, GByteArray *out, GError **error);
char      *mdb_ts_numeric_from_binary   (const char *data, int len, GError **error);

G_END_DECLS
