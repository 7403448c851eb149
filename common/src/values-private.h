/* SPDX-License-Identifier: MIT */
/* values-private.h: binary wire-format helpers shared by params.c, result.c and numeric.c. */
#pragma once
#include <glib.h>

G_BEGIN_DECLS

/* PostgreSQL counts timestamps in µs and dates in days from 2000-01-01. */
#define MDB__PG_EPOCH_USEC G_GINT64_CONSTANT (946684800000000)
#define MDB__PG_EPOCH_DAYS 10957
#define MDB__USEC_PER_DAY  G_GINT64_CONSTANT (86400000000)

/* numeric.c: decimal text ("-12.50", "NaN", "Infinity", "1e5") to the
 * binary numeric wire format, appended to @out.  FALSE + INVALID_INPUT
 * (message "'xyz' is not a numeric") when @text is not a number. */
gboolean mdb__numeric_to_binary   (const char *text, GByteArray *out, GError **error);
/* Binary numeric back to canonical decimal text (the server's own output
 * form); NULL + DECODE on malformed data. */
char    *mdb__numeric_from_binary (const char *data, int len, GError **error);

/* types.c: 36-character lower-case uuid text to 16 bytes, and back.
 * mdb__uuid_parse accepts the forms mdb_uuid_normalize accepts. */
gboolean mdb__uuid_parse  (const char *text, guint8 out[16]);
void     mdb__uuid_format (const guint8 in[16], char out[37]);

G_END_DECLS
