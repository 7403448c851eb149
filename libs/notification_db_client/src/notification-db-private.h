/* SPDX-License-Identifier: MIT */
/* notification-db-private.h: input checks shared by the library's source files
 * (G_GNUC_INTERNAL: never exported). */
#pragma once

#include <notification-db/notification-db.h>
/* The generated functions the library keeps to itself (not exported). */
#include "notification_db_client-queries-private.h"

G_BEGIN_DECLS

/* A required id: not NULL, not empty, valid UTF-8. */
G_GNUC_INTERNAL gboolean nd_check_id   (const char *value, const char *name, GError **error);

/* A uuid in any form mdb_uuid_normalize() accepts. */
G_GNUC_INTERNAL gboolean nd_check_uuid (const char *value, const char *name, GError **error);

/* Checks @n ids (each with nd_check_id(), or as a uuid when @uuids) and
 * that 1 ≤ @n ≤ @max (0 is allowed when @allow_empty), naming the argument
 * and the index ("user_ids[3] is empty").  Returns a NULL-terminated copy
 * of the pointer array (g_free(); the strings stay the caller's), or NULL
 * on error. */
G_GNUC_INTERNAL const char **nd_check_ids (const char *const *ids, gsize n, gsize max,
                                           const char *name, gboolean uuids, GError **error);

/* The flag column of every row of a generated one-column bool list
 * (@rows, @n_rows of @row_size bytes each), as a GArray of gboolean in row
 * order; checks that the server returned exactly @want rows. */
G_GNUC_INTERNAL GArray *nd_bools (gconstpointer rows, guint n_rows, gsize row_size, gsize want,
                                  const char *what, GError **error);

/* Writes a new UUIDv7 (48-bit ms timestamp, then random bits) as text. */
G_GNUC_INTERNAL void nd_uuid_v7 (char out[MDB_UUID_STRING_SIZE]);

G_END_DECLS
