/* SPDX-License-Identifier: MIT */
/* values-test.h: what the core-values test programs share. */
#pragma once
#include <check.h>
#include <libpq-fe.h>
#include <mdb/mdb.h>
#include <mdb-testing/mdb-testing.h>
#include "mdb-test-private.h"

/* A one-row result whose columns are the parameters in @params, built
 * without a server from the very bytes MdbParams would send.  Text-format
 * parameters (enums) become text-format columns of @text_oid. */
static inline MdbResult *
values_result_from_params (const MdbParams *params, guint32 text_oid)
{
  guint n = mdb_params_get_length (params), i;
  const guint32 *types = mdb_params_get_types (params);
  const char *const *values = mdb_params_get_values (params);
  const int *lengths = mdb_params_get_lengths (params);
  const int *formats = mdb_params_get_formats (params);
  PGresult *res = PQmakeEmptyPGresult (NULL, PGRES_TUPLES_OK);
  PGresAttDesc *attrs = g_new0 (PGresAttDesc, MAX (n, 1));
  g_autofree char **names = g_new0 (char *, n + 1);

  for (i = 0; i < n; i++)
    {
      names[i] = g_strdup_printf ("col%u", i + 1);
      attrs[i].name = names[i];
      attrs[i].typid = types[i] ? types[i] : text_oid;
      attrs[i].format = formats[i];
      attrs[i].typlen = -1;
      attrs[i].atttypmod = -1;
    }
  g_assert (PQsetResultAttrs (res, (int) n, attrs));
  for (i = 0; i < n; i++)
    g_assert (PQsetvalue (res, 0, (int) i, (char *) values[i],
                          values[i] ? lengths[i] : -1));
  for (i = 0; i < n; i++)
    g_free (names[i]);
  g_free (attrs);
  return mdb_ts_result_new (res);
}

/* A one-column result holding raw @data (NULL for SQL NULL) of @oid. */
static inline MdbResult *
values_result_raw (const char *name, guint32 oid, int format, const char *data, int len)
{
  PGresult *res = PQmakeEmptyPGresult (NULL, PGRES_TUPLES_OK);
  PGresAttDesc attr = { (char *) name, 0, 0, format, oid, -1, -1 };

  g_assert (PQsetResultAttrs (res, 1, &attr));
  g_assert (PQsetvalue (res, 0, 0, (char *) data, data ? len : -1));
  return mdb_ts_result_new (res);
}
