/* SPDX-License-Identifier: MIT */
/* part2-support.h: what the part 2 suites of tests/macro share: a fresh
 * MacroDB with a fixture per test, SQL probes, assertions, plan checks. */
#pragma once

#include <check.h>
#include <mdb-testing/mdb-testing.h>
#include <mdb-test-support.h>

typedef struct {
  MdbTestDb *db;
  MdbPool   *pool;
} MtFixture;

/* The current test's database and pool (set up in the test's process). */
extern MtFixture mt_fx;

#define EXEC MDB_EXECUTOR (mt_fx.pool)

/* A fresh migrated MacroDB with tests/macro/fixtures/@fixture applied. */
void     mt_setup        (const char *fixture);
void     mt_teardown     (void);

gint64   mt_sql_int      (const char *sql);
void     mt_sql_run      (const char *sql);
/* Every row of a one-column query, joined by "," (NULL as "NULL"). */
char    *mt_sql_list     (const char *sql);

void     mt_assert_str   (const char *got, const char *want, const char *what);
void     mt_assert_error (const GError *error, gint code, const char *fragment);

/* Fails unless the generic plan of query @name of macro_db_client (its
 * text from the offline cache) for the SQL literals @args uses @index and
 * reads none of @tables (NULL-terminated; NULL: no table) whole.  The
 * plan goes to the log on failure. */
void     mt_assert_plan  (MdbConn *conn, const char *name, const char *args, const char *index,
                          const char *const *tables);

/* Each call twice on one connection: a warm-up (its first run also
 * prepares: at most twice the trips), then the steady state, within
 * @max.  Uses the test's `error`, checked after each run. */
#define MT_ASSERT_TRIPS(executor, max, call) \
  G_STMT_START { \
    for (guint run_ = 0; run_ < 2; run_++) \
      { \
        mdb_test_assert_round_trips ((executor), run_ ? (max) : 2 * (max), call); \
        ck_assert_msg (error == NULL, "%s: %s", #call, error ? error->message : ""); \
      } \
  } G_STMT_END
