/* SPDX-License-Identifier: MIT */
/* mdb-check.h: input checks every library runs before sending anything. */
#pragma once
#if !defined(MDB_INSIDE) && !defined(MDB_COMPILATION)
# error "Include <mdb/mdb.h>, not this file."
#endif
#include <glib.h>
#include <mdb/mdb-version.h>

G_BEGIN_DECLS

/* What mdb_check_text() lets through besides non-empty text. */
typedef enum {
  MDB_TEXT_REQUIRED    = 0,
  MDB_TEXT_NULLABLE    = 1 << 0,   /* NULL is allowed (SQL NULL) */
  MDB_TEXT_ALLOW_EMPTY = 1 << 1,   /* "" is allowed */
} MdbTextFlags;

MDB_AVAILABLE_IN_0_1
gboolean mdb_check_text  (const char *value, gssize length, const char *name,
                          MdbTextFlags flags, GError **error);
MDB_AVAILABLE_IN_0_1
gboolean mdb_check_limit (guint limit, guint max, const char *name, GError **error);

G_END_DECLS
