/* SPDX-License-Identifier: MIT */
/* Versioned SQL migrations with sqlx-cli's folder layout, history table and lock. */
#include <errno.h>
#include <string.h>
#include "mdb-private.h"
#include "sql-scan-private.h"

#define CHECKSUM_LEN 48  /* SHA-384 */
#define HISTORY_DDL \
  "CREATE TABLE IF NOT EXISTS _sqlx_migrations (\n" \
  "    version BIGINT PRIMARY KEY,\n" \
  "    description TEXT NOT NULL,\n" \
  "    installed_on TIMESTAMPTZ NOT NULL DEFAULT now(),\n" \
  "    success BOOLEAN NOT NULL,\n" \
  "    checksum BYTEA NOT NULL,\n" \
  "    execution_time BIGINT NOT NULL\n" \
  ");"

struct _MdbMigration {
  gint64 version;
  char *description;
  char *path;           /* the up (or simple) file */
  char *down_path;      /* nullable */
  char *sql;
  char *down_sql;
  gboolean no_tx;
  gboolean down_no_tx;
  guint8 checksum[CHECKSUM_LEN];
  char checksum_hex[2 * CHECKSUM_LEN + 1];
};

struct _MdbMigrator {
  char *dir;
  GPtrArray *migrations;   /* MdbMigration, by ascending version */
};

typedef enum { KIND_SIMPLE, KIND_UP, KIND_DOWN } FileKind;

/* A row of _sqlx_migrations. */
typedef struct {
  gint64 version;
  char *description;
  char *checksum_hex;
  gboolean success;
} Applied;

static void
migration_free (MdbMigration *m)
{
  g_free (m->description);
  g_free (m->path);
  g_free (m->down_path);
  g_free (m->sql);
  g_free (m->down_sql);
  g_free (m);
}

static void
applied_free (Applied *a)
{
  g_free (a->description);
  g_free (a->checksum_hex);
  g_free (a);
}

/* ---- the folder --------------------------------------------------------- */

static FileKind
file_kind (const char *rest, const char **suffix)
{
  if (g_str_has_suffix (rest, ".up.sql"))
    return (*suffix = ".up.sql", KIND_UP);
  if (g_str_has_suffix (rest, ".down.sql"))
    return (*suffix = ".down.sql", KIND_DOWN);
  return (*suffix = ".sql", KIND_SIMPLE);
}

/* sqlx-cli's rule: strip every trailing copy of the suffix, then '_' -> ' '. */
static char *
description_from (const char *rest, const char *suffix)
{
  gsize len = strlen (rest), slen = strlen (suffix);
  char *desc;

  while (len >= slen && strncmp (rest + len - slen, suffix, slen) == 0)
    len -= slen;
  desc = g_strndup (rest, len);
  return g_strdelimit (desc, "_", ' ');
}

static gboolean
parse_version (const char *name, const char *underscore, gint64 *version)
{
  g_autofree char *digits = g_strndup (name, underscore - name);
  char *end = NULL;

  if (*digits == '\0' || !g_ascii_isdigit (*digits))
    return FALSE;
  errno = 0;
  *version = g_ascii_strtoll (digits, &end, 10);
  return errno == 0 && *end == '\0' && *version > 0;
}

static MdbMigration *
find_version (GPtrArray *list, gint64 version)
{
  for (guint i = 0; i < list->len; i++)
    {
      MdbMigration *m = g_ptr_array_index (list, i);
      if (m->version == version)
        return m;
    }
  return NULL;
}

static void
migration_set_checksum (MdbMigration *m)
{
  gsize len = CHECKSUM_LEN;
  GChecksum *sum = g_checksum_new (G_CHECKSUM_SHA384);

  g_checksum_update (sum, (const guchar *) m->sql, strlen (m->sql));
  g_checksum_get_digest (sum, m->checksum, &len);
  g_strlcpy (m->checksum_hex, g_checksum_get_string (sum), sizeof m->checksum_hex);
  g_checksum_free (sum);
}

static gboolean
read_sql (const char *path, char **out, GError **error)
{
  GError *local = NULL;
  gsize len;

  if (!g_file_get_contents (path, out, &len, &local))
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "%s", local->message);
      g_error_free (local);
      return FALSE;
    }
  if (strlen (*out) != len || !g_utf8_validate (*out, len, NULL))
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "%s: not UTF-8 text", path);
      g_clear_pointer (out, g_free);
      return FALSE;
    }
  return TRUE;
}

static gboolean
add_up (GPtrArray *ups, const char *path, gint64 version, char *desc, GError **error)
{
  MdbMigration *m = find_version (ups, version), *new_m;

  if (m != NULL)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                   "%s: version %" G_GINT64_FORMAT " is already used by %s", path, version, m->path);
      g_free (desc);
      return FALSE;
    }
  new_m = g_new0 (MdbMigration, 1);
  new_m->version = version;
  new_m->description = desc;
  new_m->path = g_strdup (path);
  g_ptr_array_add (ups, new_m);
  if (!read_sql (path, &new_m->sql, error))
    return FALSE;
  new_m->no_tx = g_str_has_prefix (new_m->sql, "-- no-transaction");
  migration_set_checksum (new_m);
  return TRUE;
}

/* Parses one file name; *@kind = -1 for files that are not migrations. */
static gboolean
parse_name (const char *name, gint64 *version, FileKind *kind, char **desc, GError **error)
{
  const char *underscore = strchr (name, '_'), *suffix;

  *kind = (FileKind) -1;
  if (!g_str_has_suffix (name, ".sql"))
    return TRUE;
  if (underscore == NULL || !parse_version (name, underscore, version))
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                   "%s: a migration file is named <version>_<description>[.up|.down].sql "
                   "with a positive integer version", name);
      return FALSE;
    }
  *kind = file_kind (underscore + 1, &suffix);
  *desc = description_from (underscore + 1, suffix);
  return TRUE;
}

static gboolean
pair_downs (GPtrArray *ups, GPtrArray *downs, GError **error)
{
  for (guint i = 0; i < downs->len; i++)
    {
      MdbMigration *d = g_ptr_array_index (downs, i);
      MdbMigration *up = find_version (ups, d->version);

      if (up == NULL || !g_str_has_suffix (up->path, ".up.sql"))
        {
          g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                       "%s: down migration without a matching %" G_GINT64_FORMAT "_….up.sql",
                       d->path, d->version);
          return FALSE;
        }
      up->down_path = g_steal_pointer (&d->path);
      up->down_sql = g_steal_pointer (&d->sql);
      up->down_no_tx = d->no_tx;
    }
  return TRUE;
}

static int
compare_version (gconstpointer a, gconstpointer b)
{
  const MdbMigration *x = *(MdbMigration *const *) a, *y = *(MdbMigration *const *) b;
  return x->version < y->version ? -1 : x->version > y->version;
}

static gboolean
scan_dir (const char *dir, GPtrArray *ups, GPtrArray *downs, GError **error)
{
  GError *local = NULL;
  GDir *d = g_dir_open (dir, 0, &local);
  const char *name;
  gboolean ok = TRUE;

  if (d == NULL)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "%s", local->message);
      g_error_free (local);
      return FALSE;
    }
  while (ok && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      char *desc = NULL;
      FileKind kind;
      gint64 version = 0;

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;
      ok = parse_name (name, &version, &kind, &desc, error);
      if (!ok || kind == (FileKind) -1)
        continue;
      ok = add_up (kind == KIND_DOWN ? downs : ups, path, version, desc, error);
    }
  g_dir_close (d);
  return ok;
}

/**
 * mdb_migrator_new:
 * @dir: a migrations folder
 * @error: return location for a #GError
 *
 * Reads every migration of @dir: `<version>_<description>.up.sql` with an
 * optional `.down.sql`, or `<version>_<description>.sql` (irreversible).
 * Files not ending in `.sql` are ignored.  Sets %MDB_ERROR_INVALID_INPUT
 * naming the file for a bad name, a duplicate version, a down file without
 * its up file, or an unreadable file.
 *
 * Returns: (transfer full) (nullable): a migrator for mdb_migrator_free()
 * Since: 0.1
 */
MdbMigrator *
mdb_migrator_new (const char *dir, GError **error)
{
  g_autoptr (GPtrArray) ups = g_ptr_array_new_with_free_func ((GDestroyNotify) migration_free);
  g_autoptr (GPtrArray) downs = g_ptr_array_new_with_free_func ((GDestroyNotify) migration_free);
  MdbMigrator *migrator;

  g_return_val_if_fail (dir != NULL, NULL);
  if (!scan_dir (dir, ups, downs, error) || !pair_downs (ups, downs, error))
    return NULL;
  g_ptr_array_sort (ups, compare_version);
  migrator = g_new0 (MdbMigrator, 1);
  migrator->dir = g_strdup (dir);
  migrator->migrations = g_steal_pointer (&ups);
  return migrator;
}

/**
 * mdb_migrator_free:
 * @migrator: (nullable): a migrator
 *
 * Frees @migrator.
 *
 * Since: 0.1
 */
void
mdb_migrator_free (MdbMigrator *migrator)
{
  if (migrator == NULL)
    return;
  g_ptr_array_unref (migrator->migrations);
  g_free (migrator->dir);
  g_free (migrator);
}

/**
 * mdb_migrator_get_migrations:
 * @migrator: a migrator
 *
 * Returns: (transfer none) (element-type MdbMigration): the migrations on
 *   disk by ascending version
 * Since: 0.1
 */
const GPtrArray *
mdb_migrator_get_migrations (const MdbMigrator *migrator)
{
  g_return_val_if_fail (migrator != NULL, NULL);
  return migrator->migrations;
}

/**
 * mdb_migration_get_version:
 * @migration: a migration
 *
 * Returns: its version (the file name's leading number)
 * Since: 0.1
 */
gint64
mdb_migration_get_version (const MdbMigration *migration)
{
  g_return_val_if_fail (migration != NULL, 0);
  return migration->version;
}

/**
 * mdb_migration_get_description:
 * @migration: a migration
 *
 * Returns: (transfer none): the description as sqlx-cli records it (the
 *   name after the version, '_' replaced by ' ')
 * Since: 0.1
 */
const char *
mdb_migration_get_description (const MdbMigration *migration)
{
  g_return_val_if_fail (migration != NULL, NULL);
  return migration->description;
}

/**
 * mdb_migration_get_path:
 * @migration: a migration
 *
 * Returns: (transfer none): the path of its up (or simple) file
 * Since: 0.1
 */
const char *
mdb_migration_get_path (const MdbMigration *migration)
{
  g_return_val_if_fail (migration != NULL, NULL);
  return migration->path;
}

/**
 * mdb_migration_get_checksum_hex:
 * @migration: a migration
 *
 * Returns: (transfer none): SHA-384 of the up file's bytes, 96 hex digits
 * Since: 0.1
 */
const char *
mdb_migration_get_checksum_hex (const MdbMigration *migration)
{
  g_return_val_if_fail (migration != NULL, NULL);
  return migration->checksum_hex;
}

/**
 * mdb_migrator_dup_fingerprint:
 * @migrator: a migrator
 *
 * A SHA-256 over every migration's version and checksum, in order: it
 * changes whenever a migration is added, removed or edited.
 *
 * Returns: (transfer full): 64 hex digits
 * Since: 0.1
 */
char *
mdb_migrator_dup_fingerprint (const MdbMigrator *migrator)
{
  GChecksum *sum;
  char *hex;

  g_return_val_if_fail (migrator != NULL, NULL);
  sum = g_checksum_new (G_CHECKSUM_SHA256);
  for (guint i = 0; i < migrator->migrations->len; i++)
    {
      const MdbMigration *m = g_ptr_array_index (migrator->migrations, i);
      g_autofree char *line = g_strdup_printf ("%" G_GINT64_FORMAT ":%s\n", m->version, m->checksum_hex);
      g_checksum_update (sum, (const guchar *) line, -1);
    }
  hex = g_strdup (g_checksum_get_string (sum));
  g_checksum_free (sum);
  return hex;
}

/* ---- talking to the server ---------------------------------------------- */

static PGresult *
exec_params (PGconn *pg, const char *sql, int n, const char *const *values,
             const int *lengths, const int *formats, GError **error)
{
  PGresult *res = PQexecParams (pg, sql, n, NULL, values, lengths, formats, 0);
  ExecStatusType st = PQresultStatus (res);

  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
    return res;
  mdb__set_error_from_result (error, res, NULL);
  PQclear (res);
  return NULL;
}

static gboolean
exec_ok (PGconn *pg, const char *sql, GError **error)
{
  PGresult *res = exec_params (pg, sql, 0, NULL, NULL, NULL, error);
  PQclear (res);
  return res != NULL;
}

/* CRC-32 (ISO-HDLC, as zlib), for sqlx's lock key. */
static guint32
crc32_ieee (const char *data)
{
  guint32 crc = 0xffffffff;

  for (const guchar *p = (const guchar *) data; *p; p++)
    {
      crc ^= *p;
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320 & (0u - (crc & 1)));
    }
  return ~crc;
}

/* The key sqlx's PostgreSQL migrator locks, so both tools exclude each other. */
static gint64
lock_key (PGconn *pg)
{
  return (gint64) 0x3d32ad9e * (gint64) crc32_ieee (PQdb (pg));
}

static gboolean
lock_acquire (PGconn *pg, gint64 timeout_usec, GError **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT pg_try_advisory_lock(%" G_GINT64_FORMAT ")", lock_key (pg));
  gint64 deadline = g_get_monotonic_time () + MAX (timeout_usec, 0);

  for (;;)
    {
      PGresult *res = exec_params (pg, sql, 0, NULL, NULL, NULL, error);
      gboolean got;

      if (res == NULL)
        return FALSE;
      got = PQgetvalue (res, 0, 0)[0] == 't';
      PQclear (res);
      if (got)
        return TRUE;
      if (g_get_monotonic_time () >= deadline)
        break;
      g_usleep (50 * 1000);
    }
  g_set_error (error, MDB_ERROR, MDB_ERROR_FAILED,
               "another migrator holds the migration lock of database \"%s\" "
               "(pg_advisory_lock %" G_GINT64_FORMAT "); gave up after %.1f s",
               PQdb (pg), lock_key (pg), timeout_usec / (double) G_USEC_PER_SEC);
  return FALSE;
}

static void
lock_release (PGconn *pg)
{
  g_autofree char *sql = g_strdup_printf ("SELECT pg_advisory_unlock(%" G_GINT64_FORMAT ")", lock_key (pg));

  /* After a failed statement outside a transaction the session is usable;
   * a broken connection drops the lock by itself. */
  if (PQtransactionStatus (pg) == PQTRANS_INERROR)
    exec_ok (pg, "ROLLBACK", NULL);
  exec_ok (pg, sql, NULL);
}

/* Reads _sqlx_migrations into a version -> Applied table; empty when the
 * table does not exist yet. */
static GHashTable *
load_applied (PGconn *pg, GError **error)
{
  GHashTable *applied = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) applied_free);
  PGresult *res = exec_params (pg, "SELECT to_regclass('_sqlx_migrations') IS NOT NULL", 0, NULL, NULL, NULL, error);
  gboolean exists;

  if (res == NULL)
    return (g_hash_table_unref (applied), NULL);
  exists = PQgetvalue (res, 0, 0)[0] == 't';
  PQclear (res);
  if (!exists)
    return applied;
  res = exec_params (pg, "SELECT version, encode(checksum, 'hex'), success, description FROM _sqlx_migrations",
                     0, NULL, NULL, NULL, error);
  if (res == NULL)
    return (g_hash_table_unref (applied), NULL);
  for (int i = 0; i < PQntuples (res); i++)
    {
      Applied *a = g_new0 (Applied, 1);
      a->version = g_ascii_strtoll (PQgetvalue (res, i, 0), NULL, 10);
      a->checksum_hex = g_strdup (PQgetvalue (res, i, 1));
      a->success = PQgetvalue (res, i, 2)[0] == 't';
      a->description = g_strdup (PQgetvalue (res, i, 3));
      g_hash_table_insert (applied, &a->version, a);
    }
  PQclear (res);
  return applied;
}

static const MdbMigration *
migrator_find (const MdbMigrator *migrator, gint64 version)
{
  return find_version (migrator->migrations, version);
}

/* The first problem with the history, as sqlx checks it: a failed row, an
 * applied file that is gone, or one that changed. */
static gboolean
check_applied (const MdbMigrator *migrator, GHashTable *applied, GError **error)
{
  g_autoptr (GList) rows = g_hash_table_get_values (applied);
  const Applied *bad = NULL;
  const MdbMigration *m = NULL;

  for (GList *l = rows; l != NULL; l = l->next)
    {
      const Applied *a = l->data;
      const MdbMigration *on_disk = migrator_find (migrator, a->version);

      if ((!a->success || on_disk == NULL || strcmp (on_disk->checksum_hex, a->checksum_hex) != 0)
          && (bad == NULL || a->version < bad->version))
        bad = a, m = on_disk;
    }
  if (bad == NULL)
    return TRUE;
  if (!bad->success)
    g_set_error (error, MDB_ERROR, MDB_ERROR_FAILED,
                 "migration %" G_GINT64_FORMAT " is partially applied (success = false in _sqlx_migrations); "
                 "repair the database by hand, then delete its history row", bad->version);
  else if (m == NULL)
    g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                 "migration %" G_GINT64_FORMAT " was applied but its file is missing from %s",
                 bad->version, migrator->dir);
  else
    g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                 "migration %" G_GINT64_FORMAT " (%s) was changed after it was applied (checksum mismatch)",
                 bad->version, m->path);
  return FALSE;
}

/* 1-based line of the 1-based character @position of @sql. */
static int
line_of_position (const char *sql, long position)
{
  int line = 1;

  for (const char *p = sql; *p && position > 1; p = g_utf8_next_char (p), position--)
    if (*p == '\n')
      line++;
  return line;
}

/* The server gave no position (a runtime error): replays the script
 * statement by statement in a transaction that is rolled back, to find
 * the line where the error with the same SQLSTATE happens.  0 = unknown. */
static int
locate_failure (PGconn *pg, const char *sql, const char *sqlstate)
{
  int line = 0;
  gsize start = 0;

  if (sqlstate == NULL || !exec_ok (pg, "BEGIN", NULL))
    return 0;
  while (sql[start] != '\0' && line == 0)
    {
      gsize end = mdb__sql_statement_end (sql, start), first = mdb__sql_statement_start (sql, start, end);
      g_autofree char *one = g_strndup (sql + start, end - start);
      PGresult *res = first < end ? PQexec (pg, one) : NULL;
      ExecStatusType st = PQresultStatus (res);

      if (res != NULL && st == PGRES_FATAL_ERROR)
        {
          const char *state = PQresultErrorField (res, PG_DIAG_SQLSTATE);
          line = g_strcmp0 (state, sqlstate) == 0 ? mdb__sql_line_of_offset (sql, first) : -1;
        }
      PQclear (res);
      start = end;
    }
  exec_ok (pg, "ROLLBACK", NULL);
  return MAX (line, 0);
}

static void
set_script_error (GError **error, const PGresult *res, const char *path, const char *sql, int line)
{
  const char *pos = PQresultErrorField (res, PG_DIAG_STATEMENT_POSITION);
  g_autofree char *context = NULL;

  if (pos != NULL)
    line = line_of_position (sql, strtol (pos, NULL, 10));
  context = line > 0 ? g_strdup_printf ("%s:%d", path, line) : g_strdup (path);
  mdb__set_error_from_result (error, res, context);
}

/* Sends @sql as one simple query, as sqlx does; returns the failed result
 * (or NULL on success). */
static PGresult *
exec_script (PGconn *pg, const char *sql)
{
  PGresult *res = PQexec (pg, sql);
  ExecStatusType st = PQresultStatus (res);

  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY)
    {
      PQclear (res);
      return NULL;
    }
  return res;
}

static gboolean
insert_history (PGconn *pg, const MdbMigration *m, gint64 elapsed_ns, GError **error)
{
  g_autofree char *version = g_strdup_printf ("%" G_GINT64_FORMAT, m->version);
  g_autofree char *elapsed = g_strdup_printf ("%" G_GINT64_FORMAT, elapsed_ns);
  const char *values[] = { version, m->description, (const char *) m->checksum, elapsed };
  const int lengths[] = { 0, 0, CHECKSUM_LEN, 0 };
  const int formats[] = { 0, 0, 1, 0 };
  PGresult *res = exec_params (pg,
      "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) "
      "VALUES ($1, $2, TRUE, $3, $4)", 4, values, lengths, formats, error);

  PQclear (res);
  return res != NULL;
}

static gboolean
delete_history (PGconn *pg, gint64 version, GError **error)
{
  g_autofree char *v = g_strdup_printf ("%" G_GINT64_FORMAT, version);
  const char *values[] = { v };
  PGresult *res = exec_params (pg, "DELETE FROM _sqlx_migrations WHERE version = $1", 1, values, NULL, NULL, error);

  PQclear (res);
  return res != NULL;
}

/* Runs @sql (an up or down script) and records it, in one transaction
 * unless @no_tx; on failure nothing of it stays. */
/* Reports @failed (transfer full), locating the line when the server did not. */
static void
report_failure (PGconn *pg, PGresult *failed, const char *path, const char *sql,
                gboolean no_tx, GError **error)
{
  int line = 0;

  if (!no_tx && PQresultErrorField (failed, PG_DIAG_STATEMENT_POSITION) == NULL
      && PQstatus (pg) == CONNECTION_OK)
    line = locate_failure (pg, sql, PQresultErrorField (failed, PG_DIAG_SQLSTATE));
  set_script_error (error, failed, path, sql, line);
  PQclear (failed);
}

/* A file that ends mdb's transaction itself (its own BEGIN/COMMIT) would
 * leave its changes committed without its history row, or the row without
 * them: refused before anything runs, with the way out. */
static gboolean
refuse_transaction_control (const char *path, const char *sql, GError **error)
{
  const char *keyword = NULL;
  gssize at = mdb__sql_find_transaction_control (sql, &keyword);

  if (at < 0)
    return TRUE;
  g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
               "%s:%d: %s: a migration runs in one transaction with its history row, and this "
               "statement would end it early; remove it, or make `-- no-transaction` the file's "
               "first line to run the file as written, outside mdb's transaction",
               path, mdb__sql_line_of_offset (sql, (gsize) at), keyword);
  return FALSE;
}

/* The safety net behind refuse_transaction_control(): a script that ended
 * the transaction some way the scan missed is not recorded as applied. */
static gboolean
still_in_transaction (PGconn *pg, const char *path, GError **error)
{
  if (PQtransactionStatus (pg) == PQTRANS_INTRANS)
    return TRUE;
  g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
               "%s: the script ended mdb's transaction itself, so it is not recorded as applied; "
               "make `-- no-transaction` its first line if it manages its own transactions", path);
  return FALSE;
}

/* Runs @m's up (or down) script and records it, in one transaction unless
 * the script opts out; on failure nothing of it stays. */
static gboolean
apply_one (PGconn *pg, const MdbMigration *m, gboolean down, GError **error)
{
  const char *sql = down ? m->down_sql : m->sql;
  const char *path = down ? m->down_path : m->path;
  gboolean no_tx = down ? m->down_no_tx : m->no_tx;
  gint64 start = g_get_monotonic_time ();
  PGresult *failed;
  gboolean ok;

  if (!no_tx && !refuse_transaction_control (path, sql, error))
    return FALSE;
  if (!no_tx && !exec_ok (pg, "BEGIN", error))
    return FALSE;
  failed = exec_script (pg, sql);
  ok = failed == NULL
       && (no_tx || still_in_transaction (pg, path, error))
       && (down ? delete_history (pg, m->version, error)
                : insert_history (pg, m, (g_get_monotonic_time () - start) * 1000, error));
  if (!no_tx)
    ok = ok ? exec_ok (pg, "COMMIT", error) : (exec_ok (pg, "ROLLBACK", NULL), FALSE);
  if (failed != NULL)
    report_failure (pg, failed, path, sql, no_tx, error);
  return ok;
}

/* Creates _sqlx_migrations when missing; the lock makes check-then-create
 * safe, and skipping IF NOT EXISTS spares users a NOTICE on every run. */
static gboolean
ensure_history (PGconn *pg, GError **error)
{
  PGresult *res = exec_params (pg, "SELECT to_regclass('_sqlx_migrations') IS NOT NULL", 0, NULL, NULL, NULL, error);
  gboolean exists;

  if (res == NULL)
    return FALSE;
  exists = PQgetvalue (res, 0, 0)[0] == 't';
  PQclear (res);
  return exists || exec_ok (pg, HISTORY_DDL, error);
}

static gboolean
prepare (MdbMigrator *migrator, PGconn *pg, gint64 lock_timeout_usec,
         GHashTable **applied, GError **error)
{
  if (!lock_acquire (pg, lock_timeout_usec, error))
    return FALSE;
  if (!ensure_history (pg, error)
      || (*applied = load_applied (pg, error)) == NULL
      || !check_applied (migrator, *applied, error))
    {
      g_clear_pointer (applied, g_hash_table_unref);
      lock_release (pg);
      return FALSE;
    }
  return TRUE;
}

static PGconn *
pg_of (MdbConn *conn, GError **error)
{
  PGconn *pg = mdb_conn_get_pg_conn (conn);

  if (pg == NULL || PQstatus (pg) != CONNECTION_OK)
    {
      g_set_error_literal (error, MDB_ERROR, MDB_ERROR_CONNECT, "the connection is closed");
      return NULL;
    }
  if (PQtransactionStatus (pg) != PQTRANS_IDLE)
    {
      g_set_error_literal (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                           "migrations need a connection outside any transaction");
      return NULL;
    }
  return pg;
}

/* A target version names a migration: -1 means "all" (run) or "the newest"
 * (revert) and 0 "all of them" (revert); anything else that names no
 * migration is refused, since "up to 12345" or "down to 99" with no such
 * version used to apply nothing, or revert everything, without a word. */
static gboolean
check_run_target (const MdbMigrator *migrator, gint64 target, GError **error)
{
  if (target == -1 || (target > 0 && migrator_find (migrator, target) != NULL))
    return TRUE;
  g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
               "no migration has version %" G_GINT64_FORMAT " in %s: the target version must be one of its "
               "migrations (or -1 for all)", target, migrator->dir);
  return FALSE;
}

/**
 * mdb_migrator_run:
 * @migrator: a migrator
 * @conn: a connection outside any transaction
 * @target_version: apply up to this version (one of the folder's), or -1
 *   for all
 * @lock_timeout_usec: how long to wait for another runner's lock
 * @n_applied: (out) (optional): how many migrations were applied
 * @error: return location for a #GError
 *
 * Applies pending migrations in version order, each in one transaction
 * together with its `_sqlx_migrations` row (unless its first line is
 * `-- no-transaction`), under the same session advisory lock sqlx-cli
 * takes.  Before applying anything it checks the history: a changed or
 * missing applied file sets %MDB_ERROR_INVALID_INPUT naming it, and so
 * does a file that would end its transaction early (its own BEGIN, COMMIT,
 * ROLLBACK…; "file:line", before it runs).  A failing
 * migration is rolled back; its error (%MDB_ERROR_SERVER and friends, with
 * SQLSTATE) starts with "file:line".  A lock timeout sets %MDB_ERROR_FAILED.
 * A @target_version that is no migration's sets %MDB_ERROR_INVALID_INPUT
 * before anything runs.
 *
 * Returns: %TRUE when every selected migration is applied
 * Since: 0.1
 */
gboolean
mdb_migrator_run (MdbMigrator *migrator, MdbConn *conn, gint64 target_version,
                  gint64 lock_timeout_usec, guint *n_applied, GError **error)
{
  g_autoptr (GHashTable) applied = NULL;
  PGconn *pg;
  gboolean ok = TRUE;
  guint n = 0;

  g_return_val_if_fail (migrator != NULL && conn != NULL, FALSE);
  if (n_applied)
    *n_applied = 0;
  if (!check_run_target (migrator, target_version, error)
      || (pg = pg_of (conn, error)) == NULL
      || !prepare (migrator, pg, lock_timeout_usec, &applied, error))
    return FALSE;
  for (guint i = 0; ok && i < migrator->migrations->len; i++)
    {
      const MdbMigration *m = g_ptr_array_index (migrator->migrations, i);

      if (target_version >= 0 && m->version > target_version)
        break;
      if (g_hash_table_contains (applied, &m->version))
        continue;
      ok = apply_one (pg, m, FALSE, error);
      n += ok;
    }
  lock_release (pg);
  if (n_applied)
    *n_applied = n;
  return ok;
}

static int
compare_desc (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x > y ? -1 : x < y;
}

/* Applied versions above @floor, newest first. */
static GArray *
versions_above (GHashTable *applied, gint64 floor)
{
  GArray *versions = g_array_new (FALSE, FALSE, sizeof (gint64));
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, applied);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (*(gint64 *) key > floor)
      g_array_append_val (versions, *(gint64 *) key);
  g_array_sort (versions, compare_desc);
  return versions;
}

/* What revert undoes: versions above @target, or only the newest for -1. */
static GArray *
versions_to_revert (GHashTable *applied, gint64 target)
{
  GArray *versions = versions_above (applied, target < 0 ? G_MININT64 : target);

  if (target < 0 && versions->len > 1)
    g_array_set_size (versions, 1);
  return versions;
}

/* See check_run_target(): a revert target is 0 (everything), -1 (the
 * newest) or an applied version. */
static gboolean
check_revert_target (GHashTable *applied, gint64 target, GError **error)
{
  if (target == -1 || target == 0 || (target > 0 && g_hash_table_contains (applied, &target)))
    return TRUE;
  g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
               "version %" G_GINT64_FORMAT " is not an applied migration: the target version must be "
               "an applied one (0 reverts all, -1 the newest)", target);
  return FALSE;
}

static gboolean
revert_version (MdbMigrator *migrator, PGconn *pg, gint64 version, GError **error)
{
  const MdbMigration *m = migrator_find (migrator, version);

  if (m->down_sql == NULL)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                   "migration %" G_GINT64_FORMAT " (%s) has no down file: it cannot be reverted",
                   version, m->path);
      return FALSE;
    }
  return apply_one (pg, m, TRUE, error);
}

/**
 * mdb_migrator_revert:
 * @migrator: a migrator
 * @conn: a connection outside any transaction
 * @target_version: revert every applied migration newer than this applied
 *   version, 0 for all of them, or -1 for only the newest one
 * @lock_timeout_usec: how long to wait for another runner's lock
 * @n_reverted: (out) (optional): how many migrations were reverted
 * @error: return location for a #GError
 *
 * Runs down files newest first, each in one transaction with the removal
 * of its history row.  Sets %MDB_ERROR_INVALID_INPUT when a migration to
 * revert has no down file (nothing older is reverted then), when an applied
 * file changed or is missing, when @target_version is none of the above
 * (before anything runs), and the server's error for a failing script.
 *
 * Returns: %TRUE when every selected migration is reverted
 * Since: 0.1
 */
gboolean
mdb_migrator_revert (MdbMigrator *migrator, MdbConn *conn, gint64 target_version,
                     gint64 lock_timeout_usec, guint *n_reverted, GError **error)
{
  g_autoptr (GHashTable) applied = NULL;
  g_autoptr (GArray) versions = NULL;
  PGconn *pg;
  gboolean ok = TRUE;
  guint n = 0;

  g_return_val_if_fail (migrator != NULL && conn != NULL, FALSE);
  if (n_reverted)
    *n_reverted = 0;
  if ((pg = pg_of (conn, error)) == NULL
      || !prepare (migrator, pg, lock_timeout_usec, &applied, error))
    return FALSE;
  if (!check_revert_target (applied, target_version, error))
    return (lock_release (pg), FALSE);
  versions = versions_to_revert (applied, target_version);
  for (guint i = 0; ok && i < versions->len; i++)
    {
      ok = revert_version (migrator, pg, g_array_index (versions, gint64, i), error);
      n += ok;
    }
  lock_release (pg);
  if (n_reverted)
    *n_reverted = n;
  return ok;
}

static MdbMigrationState
state_of (const MdbMigration *m, const Applied *a)
{
  if (a == NULL)
    return MDB_MIGRATION_PENDING;
  if (!a->success)
    return MDB_MIGRATION_FAILED;
  if (m == NULL)
    return MDB_MIGRATION_MISSING;
  if (strcmp (m->checksum_hex, a->checksum_hex) != 0)
    return MDB_MIGRATION_CHECKSUM_MISMATCH;
  return MDB_MIGRATION_APPLIED;
}

/**
 * mdb_migrator_info:
 * @migrator: a migrator
 * @conn: a connection
 * @func: (scope call): called once per version
 * @user_data: passed to @func
 * @error: return location for a #GError
 *
 * Calls @func for every migration on disk or in `_sqlx_migrations`, by
 * ascending version, with its state.  Takes no lock and changes nothing
 * (the history table need not exist).  Sets the server's error on failure.
 *
 * Returns: %TRUE on success
 * Since: 0.1
 */
gboolean
mdb_migrator_info (MdbMigrator *migrator, MdbConn *conn,
                   MdbMigrationInfoFunc func, gpointer user_data, GError **error)
{
  g_autoptr (GHashTable) applied = NULL;
  g_autoptr (GArray) versions = NULL;
  PGconn *pg;

  g_return_val_if_fail (migrator != NULL && conn != NULL && func != NULL, FALSE);
  if ((pg = pg_of (conn, error)) == NULL || (applied = load_applied (pg, error)) == NULL)
    return FALSE;
  versions = versions_above (applied, G_MININT64);
  for (guint i = 0; i < migrator->migrations->len; i++)
    {
      const MdbMigration *m = g_ptr_array_index (migrator->migrations, i);
      if (!g_hash_table_contains (applied, &m->version))
        g_array_append_val (versions, m->version);
    }
  g_array_sort (versions, compare_desc);
  for (guint i = versions->len; i-- > 0;)
    {
      gint64 v = g_array_index (versions, gint64, i);
      const MdbMigration *m = migrator_find (migrator, v);
      const Applied *a = g_hash_table_lookup (applied, &v);
      func (v, m ? m->description : a->description, state_of (m, a), user_data);
    }
  return TRUE;
}
