/* SPDX-License-Identifier: MIT */
/* mdb-test-support.h: small helpers for the Check suites (failures abort the test). */
#pragma once
#include <glib.h>
#include <libpq-fe.h>
#include <json-glib/json-glib.h>
#include <mdb-testing/mdb-testing.h>

G_BEGIN_DECLS

/* A new empty folder under the temp dir; remove it with mdb_ts_rm_rf(). */
char    *mdb_ts_make_dir   (void);
/* Writes @contents to @dir/@name. */
void     mdb_ts_write_file (const char *dir, const char *name, const char *contents);
/* Deletes @dir and everything under it. */
void     mdb_ts_rm_rf      (const char *dir);
/* Connects with raw libpq; the test fails when that does not work. */
PGconn  *mdb_ts_connect    (const char *conninfo);
/* Runs @sql; the test fails on an error.  Returns the first column of the
 * first row (g_free), or NULL when there is no row or it is NULL. */
char    *mdb_ts_query      (PGconn *pg, const char *sql);
/* Runs `tools/pg.sh COMMAND A [B]` (the project's server script); its
 * stdout stripped (g_free), or NULL when it fails. */
char    *mdb_ts_try_pg_sh  (const char *command, const char *a, const char *b);
/* The same, but the test fails, showing the script's stderr, when it does. */
char    *mdb_ts_pg_sh      (const char *command, const char *a, const char *b);
/* Runs the built `mdb` tool ($MDB_TOOL, set by meson) with @args
 * (NULL-terminated, without the program name); *@err_out (nullable) gets its
 * stderr.  Returns its exit code; the test fails when it cannot run. */
int      mdb_ts_run_mdb    (const char *const *args, char **err_out);
/* The same, also keeping the tool's standard output in @out (transfer full). */
int      mdb_ts_run_mdb_out (const char *const *args, char **out, char **err_out);
/* The query cache file of query @name in @cache_dir, parsed (the parser,
 * returned in @parser_out, owns it), or NULL; the test fails when a file is
 * not JSON or not named by its hash. */
JsonObject *mdb_ts_cache_entry (const char *cache_dir, const char *name, JsonParser **parser_out);
/* A fresh test database migrated from @migrations_dir (then @fixture, a SQL
 * file, unless NULL) and a connection to it; fails the test on error.  The
 * caller frees both (mdb_conn_free, mdb_test_db_free). */
MdbConn *mdb_ts_open_db (const char *migrations_dir, const char *fixture, MdbTestDb **db_out);
/* @message with newlines turned into spaces (Check wants one line). */
const char *mdb_ts_one_line (const GError *error);

/* Passwords that break connection strings: each special character
 * (% @ / : ? # & = space quotes backslash …) at the head, in the middle and
 * at the tail of "Kx9Qw7Vb".  Index @i < mdb_ts_n_passwords(); g_free(). */
guint    mdb_ts_n_passwords (void);
char    *mdb_ts_password    (guint i);
/* The connection strings a user might write with @password for a server
 * where nothing listens (127.0.0.1 port 1): raw in a URL, raw in key=value,
 * percent-encoded in a URL, quoted in key=value.  g_strfreev(). */
char   **mdb_ts_conninfos_with_password (const char *password);
/* Fails the test when a piece of 4 characters of @password (or all of a
 * shorter one) occurs in @text (nullable); @where names the output. */
void     mdb_ts_assert_no_password (const char *password, const char *text, const char *where);

G_END_DECLS
