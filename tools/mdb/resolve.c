/* SPDX-License-Identifier: MIT */
/* `mdb migrate resolve --applied V | --rolled-back V`: the way out when the
 * history and the files disagree, as Prisma's `migrate resolve`.  It only
 * edits the history row; the user says the database already matches. */
#include <string.h>
#include "mdb-tool-private.h"

typedef struct {
  gint64 version;
  gboolean found;
  MdbMigrationState state;
} Lookup;

static void
find_state (gint64 version, const char *description, MdbMigrationState state, gpointer user_data)
{
  Lookup *l = user_data;

  (void) description;
  if (version == l->version)
    l->found = TRUE, l->state = state;
}

/* sqlx-cli's history table, as the migrator creates it: a database that
 * never ran a migration (a baseline) gets it from resolve too. */
#define HISTORY_DDL \
  "CREATE TABLE IF NOT EXISTS _sqlx_migrations (version BIGINT PRIMARY KEY, description TEXT NOT NULL, " \
  "installed_on TIMESTAMPTZ NOT NULL DEFAULT now(), success BOOLEAN NOT NULL, checksum BYTEA NOT NULL, " \
  "execution_time BIGINT NOT NULL)"

/* --applied: the history row says the file as it is now was applied (a
 * pending one gets a row without running: the database has it already). */
static gboolean
mark_applied (MdbConn *conn, const MdbMigration *m, gboolean in_history, GError **error)
{
  g_autoptr (MdbParams) p = mdb_params_new ();
  g_autoptr (MdbResult) res = NULL;

  mdb_params_add_int8 (p, mdb_migration_get_version (m));
  mdb_params_add_text (p, mdb_migration_get_description (m));
  mdb_params_add_text (p, mdb_migration_get_checksum_hex (m));
  if (!in_history && !mdb_conn_exec_script (conn, HISTORY_DDL, error))
    return FALSE;
  res = mdb_conn_exec (conn, in_history
      ? "UPDATE _sqlx_migrations SET description = $2, checksum = decode($3, 'hex'), success = TRUE "
        "WHERE version = $1"
      : "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) "
        "VALUES ($1, $2, TRUE, decode($3, 'hex'), 0)", p, error);
  return res != NULL;
}

static gboolean
forget (MdbConn *conn, gint64 version, GError **error)
{
  g_autoptr (MdbParams) p = mdb_params_new ();
  g_autoptr (MdbResult) res = NULL;

  mdb_params_add_int8 (p, version);
  res = mdb_conn_exec (conn, "DELETE FROM _sqlx_migrations WHERE version = $1", p, error);
  return res != NULL;
}

static gboolean
resolve (MdbMigrator *migrator, MdbConn *conn, gint64 version, gboolean applied, const char *args,
         GError **error)
{
  Lookup l = { version, FALSE, MDB_MIGRATION_PENDING };
  const MdbMigration *m = mdb__tool_find_migration (migrator, version);

  if (!mdb_migrator_info (migrator, conn, find_state, &l, error))
    return FALSE;
  if (applied && m == NULL)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "--applied %" G_GINT64_FORMAT
                   ": no migration file has this version (`mdb migrate status %s` lists them)", version, args);
      return FALSE;
    }
  if (applied && l.state == MDB_MIGRATION_APPLIED)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "--applied %" G_GINT64_FORMAT
                   ": it is applied and matches its file already; nothing to resolve", version);
      return FALSE;
    }
  if (!applied && (!l.found || l.state == MDB_MIGRATION_PENDING || l.state == MDB_MIGRATION_APPLIED))
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "--rolled-back %" G_GINT64_FORMAT
                   ": only a failed migration, or one whose file is gone, can be marked rolled back%s",
                   version, l.state == MDB_MIGRATION_APPLIED ? "; to undo an applied one, mdb migrate revert" : "");
      return FALSE;
    }
  return applied ? mark_applied (conn, m, l.found && l.state != MDB_MIGRATION_PENDING, error)
                 : forget (conn, version, error);
}

/**
 * mdb__tool_migrate_resolve:
 * @db: the database (target checked and announced)
 * @applied_version: --applied V, or 0
 * @rolled_back_version: --rolled-back V, or 0
 *
 * Returns: an exit code
 */
int
mdb__tool_migrate_resolve (MdbToolDatabase *db, gint64 applied_version, gint64 rolled_back_version)
{
  g_autoptr (MdbMigrator) migrator = NULL;
  g_autoptr (MdbConn) conn = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *args = mdb_tool_hint_args (db);
  gboolean applied = applied_version != 0;
  gint64 version = applied ? applied_version : rolled_back_version;

  if ((applied_version != 0) == (rolled_back_version != 0))
    {
      g_printerr ("mdb: usage: mdb migrate resolve --applied V | --rolled-back V [-d NAME] [-D URL]\n");
      return MDB_EXIT_USAGE;
    }
  if (!mdb__tool_open_both (db, &migrator, &conn, &error)
      || !resolve (migrator, conn, version, applied, args, &error))
    return (mdb_tool_print_error (error), MDB_EXIT_ERROR);
  g_print ("%s: recorded migration %" G_GINT64_FORMAT " as %s (nothing was run)\n", db->name, version,
           applied ? "applied, with its file's current checksum" : "rolled back");
  return MDB_EXIT_OK;
}
