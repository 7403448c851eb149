/* SPDX-License-Identifier: MIT */
/* mdb-conninfo.h: connection strings (URL or key=value), read once, and
 * messages about them that never carry the password. */
#pragma once
#if !defined(MDB_INSIDE) && !defined(MDB_COMPILATION)
# error "Include <mdb/mdb.h>, not this file."
#endif
#include <glib.h>
#include <mdb/mdb-version.h>
#include <mdb/mdb-error.h>

G_BEGIN_DECLS

/* Opaque: a connection string as libpq reads it.  Immutable once parsed,
 * so it may be shared between threads. */
typedef struct _MdbConninfo MdbConninfo;

/* Parses @conninfo; MDB_ERROR_INVALID_INPUT (never quoting the password,
 * saying how to encode one) when libpq cannot read it. */
MDB_AVAILABLE_IN_0_1
MdbConninfo *mdb_conninfo_parse (const char *conninfo, GError **error);
MDB_AVAILABLE_IN_0_1
void         mdb_conninfo_free  (MdbConninfo *info);
/* The value set for @keyword (borrowed from @info), or NULL. */
MDB_AVAILABLE_IN_0_1
const char  *mdb_conninfo_get   (const MdbConninfo *info, const char *keyword);

/* A copy of @text without any piece (4 characters or more) of the password
 * of @conninfo, however malformed @conninfo is; g_free() it. */
MDB_AVAILABLE_IN_0_1
char        *mdb_conninfo_scrub (const char *conninfo, const char *text);

/* A key=value conninfo for the same server, role and options as @conninfo
 * (URL or key=value) but database @dbname; g_free() it. */
MDB_AVAILABLE_IN_0_1
char        *mdb_conninfo_with_dbname (const char *conninfo, const char *dbname, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdbConninfo, mdb_conninfo_free)

G_END_DECLS
