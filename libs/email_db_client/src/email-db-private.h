/* SPDX-License-Identifier: MIT */
/* email-db-private.h: what the library's src files share (hidden in the .so). */
#pragma once
#include <email-db/email-db.h>
#include "email_db_client-queries-private.h"

G_BEGIN_DECLS

/* Keyset bounds of a first page: later than any message (9999-12-31) with
 * the largest uuid for newest-first lists, earlier than any (0001-01-01)
 * with the smallest for oldest-first ones. */
#define EMAIL_DB_TS_MAX G_GINT64_CONSTANT (253402300799000000)
#define EMAIL_DB_TS_MIN G_GINT64_CONSTANT (-62135596800000000)
#define EMAIL_DB_UUID_MAX "ffffffff-ffff-ffff-ffff-ffffffffffff"
#define EMAIL_DB_UUID_MIN "00000000-0000-0000-0000-000000000000"

/* Non-empty UTF-8 text (ids of users, provider ids). */
G_GNUC_INTERNAL gboolean email_db__check_text  (const char *value, const char *name, GError **error);
/* A uuid in any form mdb_uuid_normalize() accepts. */
G_GNUC_INTERNAL gboolean email_db__check_uuid  (const char *value, const char *name, GError **error);
/* A NULL-terminated array of uuids (NULL: none), naming the bad index. */
G_GNUC_INTERNAL gboolean email_db__check_uuids (const char *const *values, const char *name, GError **error);
/* Optional text: NULL, or valid UTF-8 (may be empty). */
G_GNUC_INTERNAL gboolean email_db__check_optional (const char *value, const char *name, GError **error);
/* The uuid text of @id in @buf (37 bytes). */
G_GNUC_INTERNAL const char *email_db__uuid_text (const MdbUuid *id, char *buf);

G_END_DECLS
