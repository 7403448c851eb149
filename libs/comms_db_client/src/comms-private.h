/* SPDX-License-Identifier: MIT */
/* comms-private.h: what the library's source files share (hidden in the .so). */
#pragma once

#include <comms-db/comms-db.h>
/* The generated functions the library keeps to itself (not exported). */
#include "comms_db_client-queries-private.h"

G_BEGIN_DECLS

G_GNUC_INTERNAL gboolean comms_check_id      (const char *id, const char *name, GError **error);
G_GNUC_INTERNAL gboolean comms_check_uuid    (const char *id, const char *name, GError **error);
G_GNUC_INTERNAL gboolean comms_check_org     (gint64 org_id, GError **error);
G_GNUC_INTERNAL gboolean comms_check_ids     (const char *const *ids, gsize n, gsize max, gboolean uuids,
                                              const char *name, GError **error);
G_GNUC_INTERNAL gboolean comms_check_entities (const CommsDbEntity *entities, gsize n, const char *name,
                                               GError **error);
G_GNUC_INTERNAL gboolean comms_check_batch_read (const char *reader_id, const char *reader_name, gint64 org_id,
                                                 const char *const *ids, gsize n, const char *ids_name,
                                                 GError **error);
G_GNUC_INTERNAL gpointer comms_found         (gpointer row, GError *local, GError **error,
                                              const char *format, ...) G_GNUC_PRINTF (4, 5);
G_GNUC_INTERNAL const char **comms_strv_new  (const char *const *items, gsize n);
G_GNUC_INTERNAL void     comms_entities_split (const CommsDbEntity *entities, gsize n,
                                               const char ***out_types, const char ***out_ids);
G_GNUC_INTERNAL char    *comms_uuid_dup      (const MdbUuid *uuid);
G_GNUC_INTERNAL void     comms_refuse        (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);
G_GNUC_INTERNAL gboolean comms_cursor_time_id (const char *cursor, const char *kind, gint64 *at,
                                               char id[MDB_UUID_STRING_SIZE], GError **error);
G_GNUC_INTERNAL void     comms_key_time_id   (MdbCursor *cursor, gint64 at, const MdbUuid *id);

G_END_DECLS
