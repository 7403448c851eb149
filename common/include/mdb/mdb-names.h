/* SPDX-License-Identifier: MIT */
/* mdb-names.h: camelCase <-> snake_case identifier mapping. */
#pragma once
#if !defined(MDB_INSIDE) && !defined(MDB_COMPILATION)
# error "Include <mdb/mdb.h>, not this file."
#endif
#include <glib.h>
#include <mdb/mdb-version.h>

G_BEGIN_DECLS

/* Both return a newly allocated string (g_free); the rules are in docs/core.md. */
MDB_AVAILABLE_IN_0_1
char *mdb_name_to_snake (const char *name);
MDB_AVAILABLE_IN_0_1
char *mdb_name_to_camel (const char *name);

G_END_DECLS
