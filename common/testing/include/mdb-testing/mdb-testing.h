/* SPDX-License-Identifier: MIT */
/* mdb-testing.h: a fresh database per test, cloned from a migrated template. */
#pragma once
#include <glib.h>
#include <check.h>
#include <mdb/mdb.h>

G_BEGIN_DECLS

/* Opaque; one per test, used by one thread. */
typedef struct _MdbTestDb MdbTestDb;

/* The admin URL from MDB_TEST_DATABASE_URL (a role allowed to CREATE
 * DATABASE), or NULL when unset: db tests then exit 77 (meson: skipped). */
const char *mdb_test_admin_url (void);

/* Creates a new database cloned (STRATEGY file_copy) from a template that
 * has the migrations in @migrations_dir applied.  The template is built
 * once, under an advisory lock, and rebuilt only when the migrations'
 * fingerprint changes; several test processes may call this at once. */
MdbTestDb  *mdb_test_db_new       (const char *migrations_dir, GError **error);
/* conninfo URL of the test database; borrowed. */
const char *mdb_test_db_get_url   (const MdbTestDb *db);
const char *mdb_test_db_get_name  (const MdbTestDb *db);
/* Runs an SQL file (fixture) in the test database, in one transaction. */
gboolean    mdb_test_db_apply_fixture (MdbTestDb *db, const char *path, GError **error);
/* Drops the database.  Call it when the test passed; a failing test never
 * reaches it, and mdb_test_run() below cleans up or keeps the database. */
void        mdb_test_db_free      (MdbTestDb *db);

/* Runs a Check suite runner the project's way and returns the exit status
 * for main(): exit 77 when @needs_db and no server is configured; after the
 * run, drops the databases of failed tests, or keeps them and prints their
 * names when MDB_TEST_KEEP=1.  @srunner is a SRunner *, freed here. */
int         mdb_test_run          (gpointer srunner, gboolean needs_db);

/* Source tree root (for migrations and fixtures), from MDB_SOURCE_ROOT. */
const char *mdb_test_source_root  (void);

/* Runs @call (any statement or expression) and fails the Check test when it
 * took more than @max round trips on @executor (an MdbExecutor *: a pool,
 * a connection or a reader; see mdb_executor_get_round_trips()).  A pool
 * counts a connection's round trips when it goes back, so @call must
 * return its connections; other threads must leave @executor alone.  The
 * first run of a statement on a connection also prepares it (one more
 * round trip): warm the call up first to assert the steady state. */
#define mdb_test_assert_round_trips(executor, max, call) \
  G_STMT_START { \
    MdbExecutor *mdb_test_rt_executor_ = (executor); \
    guint64 mdb_test_rt_used_ = mdb_executor_get_round_trips (mdb_test_rt_executor_); \
    call; \
    mdb_test_rt_used_ = mdb_executor_get_round_trips (mdb_test_rt_executor_) - mdb_test_rt_used_; \
    ck_assert_msg (mdb_test_rt_used_ <= (guint64) (max), \
                   "%s took %" G_GUINT64_FORMAT " round trips, at most %d expected", \
                   #call, mdb_test_rt_used_, (int) (max)); \
  } G_STMT_END

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdbTestDb, mdb_test_db_free)

G_END_DECLS
