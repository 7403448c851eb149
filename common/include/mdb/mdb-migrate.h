/* SPDX-License-Identifier: MIT */
/* mdb-migrate.h: versioned SQL migrations, compatible with sqlx-cli. */
#pragma once
#if !defined(MDB_INSIDE) && !defined(MDB_COMPILATION)
# error "Include <mdb/mdb.h>, not this file."
#endif
#include <glib.h>
#include <mdb/mdb-version.h>
#include <mdb/mdb-conn.h>

G_BEGIN_DECLS

/* A migrations folder holds <version>_<description>.up.sql and .down.sql
 * pairs (or plain <version>_<description>.sql, irreversible).  History is
 * kept in _sqlx_migrations exactly as sqlx-cli keeps it, so either tool sees
 * the other's work.  Opaque; not thread-safe. */
typedef struct _MdbMigrator MdbMigrator;

/* One migration as found on disk, or applied in the database. */
typedef struct _MdbMigration MdbMigration;

/* Reads and checks the folder (unique versions, readable files):
 * MDB_ERROR_INVALID_INPUT names the bad file. */
MDB_AVAILABLE_IN_0_1
MdbMigrator *mdb_migrator_new  (const char *dir, GError **error);
MDB_AVAILABLE_IN_0_1
void         mdb_migrator_free (MdbMigrator *migrator);

/* The migrations on disk, by ascending version; (transfer none). */
MDB_AVAILABLE_IN_0_1
const GPtrArray *mdb_migrator_get_migrations (const MdbMigrator *migrator);
MDB_AVAILABLE_IN_0_1
gint64       mdb_migration_get_version     (const MdbMigration *migration);
MDB_AVAILABLE_IN_0_1
const char  *mdb_migration_get_description (const MdbMigration *migration);
MDB_AVAILABLE_IN_0_1
const char  *mdb_migration_get_path        (const MdbMigration *migration);
/* SHA-384 of the up file's bytes, as 96 hex digits. */
MDB_AVAILABLE_IN_0_1
const char  *mdb_migration_get_checksum_hex (const MdbMigration *migration);

/* A hex SHA-256 over every migration's version and checksum: changes when
 * any migration does.  Used to key test templates. */
MDB_AVAILABLE_IN_0_1
char        *mdb_migrator_dup_fingerprint (const MdbMigrator *migrator);

/* Applies pending migrations up to @target_version (-1 = all), each in its
 * own transaction together with its history row (unless its first line is
 * `-- no-transaction`), under a session advisory lock held at most
 * @lock_timeout_usec waiting.  A failing migration leaves no trace; the
 * error names its file and the server's message with the line.  Fails
 * before applying anything when an applied migration's file changed
 * (checksum) or is missing.  *n_applied (nullable) gets the count. */
MDB_AVAILABLE_IN_0_1
gboolean     mdb_migrator_run    (MdbMigrator *migrator, MdbConn *conn, gint64 target_version,
                                  gint64 lock_timeout_usec, guint *n_applied, GError **error);
/* Reverts applied migrations newer than @target_version (-1 = only the
 * latest one) with their down files, newest first. */
MDB_AVAILABLE_IN_0_1
gboolean     mdb_migrator_revert (MdbMigrator *migrator, MdbConn *conn, gint64 target_version,
                                  gint64 lock_timeout_usec, guint *n_reverted, GError **error);

typedef enum {
  MDB_MIGRATION_PENDING,          /* on disk, not applied */
  MDB_MIGRATION_APPLIED,          /* applied, checksum matches */
  MDB_MIGRATION_CHECKSUM_MISMATCH,/* applied, file changed since */
  MDB_MIGRATION_MISSING,          /* applied, file gone */
  MDB_MIGRATION_FAILED,           /* history row with success = false */
} MdbMigrationState;

typedef void (*MdbMigrationInfoFunc) (gint64 version, const char *description,
                                      MdbMigrationState state, gpointer user_data);
/* Calls @func for every migration on disk or in the history, by version. */
MDB_AVAILABLE_IN_0_1
gboolean     mdb_migrator_info   (MdbMigrator *migrator, MdbConn *conn,
                                  MdbMigrationInfoFunc func, gpointer user_data, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdbMigrator, mdb_migrator_free)

G_END_DECLS
