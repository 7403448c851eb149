/* SPDX-License-Identifier: MIT */
/* mdb-tool.h: what the `mdb` command's parts share (tools/common). */
#pragma once
#include <glib.h>
#include <mdb/mdb.h>

G_BEGIN_DECLS

/* Exit codes of every subcommand. */
enum { MDB_EXIT_OK = 0, MDB_EXIT_ERROR = 1, MDB_EXIT_DRIFT = 2, MDB_EXIT_USAGE = 2 };

/* One logical database of mdb.conf. */
typedef struct {
  char *name;            /* "macrodb" */
  char *schema_path;     /* absolute path of the .prisma file */
  char *migrations_dir;  /* absolute path of its migrations folder */
  char *url;             /* resolved URL, or NULL when none was given */
  char *url_source;      /* where url came from: "--database-url", the
                            url_env variable's name, or "DATABASE_URL" */
} MdbToolDatabase;

void mdb_tool_database_free (MdbToolDatabase *db);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdbToolDatabase, mdb_tool_database_free)

/* Finds mdb.conf in the current directory or above (or $MDB_PROJECT_ROOT)
 * and returns database @name, its URL resolved from @url_override, then its
 * url_env variable, then DATABASE_URL; a URL naming no database names
 * @name's own (docs/workflow.md, "Which database a command uses"). */
MdbToolDatabase *mdb_tool_database_lookup (const char *name, const char *url_override, GError **error);
/* All databases of mdb.conf (element type MdbToolDatabase, freed with the array). */
GPtrArray       *mdb_tool_database_list   (const char *url_override, GError **error);
/* Absolute project root (the folder holding mdb.conf). */
char            *mdb_tool_project_root    (GError **error);

/* FALSE, with an error naming @command and the mdb.conf line to add, when
 * @db has no schema= (SQL-only migrations); @hint (nullable) is appended. */
gboolean mdb_tool_database_need_schema (const MdbToolDatabase *db, const char *command,
                                        const char *hint, GError **error);

/* target.c: the database a writing command acts on. */
/* Sets MDB_ERROR_INVALID_INPUT when @db has no URL, or (unless
 * @allow_maintenance) its URL names a maintenance database (postgres,
 * template0, template1); the message says where the URL came from and how
 * to point it elsewhere. */
gboolean mdb_tool_target_check    (const MdbToolDatabase *db, gboolean allow_maintenance, GError **error);
/* "database \"x\" on HOST:PORT as ROLE", password-free; g_free() it. */
char    *mdb_tool_target_describe (const MdbToolDatabase *db);
/* mdb_tool_target_check(), then prints "NAME: DOING database … (URL from
 * SOURCE)" on stdout, before anything is written. */
gboolean mdb_tool_target_announce (const MdbToolDatabase *db, const char *doing,
                                   gboolean allow_maintenance, GError **error);
/* "-d NAME" (and "-D URL" when the URL was an option) for a hint's command
 * to reach @db as this run did; never a password.  g_free() it. */
char    *mdb_tool_hint_args       (const MdbToolDatabase *db);
/* " -D URL" when the URL was an option, else ""; g_free() it. */
char    *mdb_tool_hint_url        (const MdbToolDatabase *db);

/* connect.c: the one way the tool connects.  A failure reads
 * "cannot connect to database \"x\" on HOST:PORT as ROLE: REASON". */
MdbConn *mdb_tool_connect      (const char *url, GError **error);
/* "database \"x\" on HOST:PORT as ROLE" for @url, password-free; g_free(). */
char    *mdb_tool_url_describe (const char *url);

/* prompt.c: asks @question (with " [y/N] ") on stdout and reads one line of
 * standard input.  TRUE when @assume_yes (-y) or the answer is y/yes;
 * otherwise FALSE with MDB_ERROR_INVALID_INPUT naming @refusal and saying
 * whether there was no answer (no standard input: pass -y) or a no. */
gboolean mdb_tool_confirm (const char *question, gboolean assume_yes, const char *refusal, GError **error);

/* suggest.c: the name of @names (NULL-terminated) @typed most likely
 * meant, or NULL. */
const char *mdb_tool_nearest (const char *typed, const char *const *names);

/* The database name a URL points at. */
char *mdb_tool_url_get_dbname  (const char *url, GError **error);

/* Remembers a connection string (argument or environment value) whose
 * password the printer must scrub, parsable or not. */
void  mdb_tool_note_url    (const char *text);
/* @text without a piece of any noted password, redacted; g_free() it. */
char *mdb_tool_scrub       (const char *text);
/* Prints "mdb: <message>" on stderr, scrubbed: the tool's one error printer. */
void  mdb_tool_print_error (const GError *error);

G_END_DECLS
