/* SPDX-License-Identifier: MIT */
/* Fuzz target: any bytes as a binary cell read by mdb_result_dup_records()
 * (child rows), as an array of records and as one record, with the first
 * byte choosing how many fields the cache expects.  Properties: it never
 * reads outside the cell, returns a result or a DECODE error, and a result
 * has the expected columns with every value readable. */
#include <string.h>
#include "fuzz-common.h"
#include "mdb-private.h"

static const char *const names[] = { "a", "b", "c", "d" };

static MdbResult *
cell (const uint8_t *data, size_t size)
{
  PGresult *res = PQmakeEmptyPGresult (NULL, PGRES_TUPLES_OK);
  PGresAttDesc attr = { (char *) "cell", 0, 0, 1, 2287, -1, -1 };   /* record[], binary */

  FUZZ_CHECK (res != NULL && PQsetResultAttrs (res, 1, &attr), "cannot build a result");
  FUZZ_CHECK (PQsetvalue (res, 0, 0, (char *) data, (int) size), "cannot set the cell");
  return mdb__result_new (res);
}

static void
read_records (const MdbResult *r, gboolean array, int n_fields)
{
  GError *error = NULL;
  MdbResult *records = mdb_result_dup_records (r, 0, 0, array, names, NULL, n_fields, "fuzz", &error);

  FUZZ_CHECK ((records == NULL) != (error == NULL), "result and error both %s", records ? "set" : "unset");
  if (records == NULL)
    {
      FUZZ_CHECK (g_error_matches (error, MDB_ERROR, MDB_ERROR_DECODE), "%s", error->message);
      FUZZ_CHECK (g_str_has_prefix (error->message, "fuzz: "), "%s", error->message);
      g_error_free (error);
      return;
    }
  FUZZ_CHECK (mdb_result_get_n_columns (records) == n_fields, "%d columns", mdb_result_get_n_columns (records));
  FUZZ_CHECK (array || mdb_result_get_n_rows (records) == 1, "one record gave %d rows",
              mdb_result_get_n_rows (records));
  for (int i = 0; i < mdb_result_get_n_rows (records); i++)
    for (int k = 0; k < n_fields; k++)
      {
        GBytes *bytes = mdb_result_is_null (records, i, k) ? NULL : mdb_result_dup_bytes (records, i, k, NULL);

        g_clear_pointer (&bytes, g_bytes_unref);
      }
  mdb_result_free (records);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  MdbResult *r;
  int n_fields;

  if (size < 1)
    return 0;
  n_fields = data[0] % 5;
  r = cell (data + 1, size - 1);
  read_records (r, TRUE, n_fields);
  read_records (r, FALSE, n_fields);
  mdb_result_free (r);
  return 0;
}
