/* SPDX-License-Identifier: MIT */
/* comms-test.h: the fixture and helpers the comms_db_client suites share. */
#pragma once
#include <check.h>
#include <mdb-testing/mdb-testing.h>
#include <comms-db/comms-db.h>

typedef struct {
  MdbTestDb *db;
  MdbPool   *pool;
} CommsFixture;

extern CommsFixture cfx;

#define EXEC MDB_EXECUTOR (cfx.pool)
#define PUBLIC  COMMS_DB_COMMS_CHANNEL_TYPE_PUBLIC
#define ORG     COMMS_DB_COMMS_CHANNEL_TYPE_ORGANIZATION
#define PRIVATE COMMS_DB_COMMS_CHANNEL_TYPE_PRIVATE
#define DM      COMMS_DB_COMMS_CHANNEL_TYPE_DIRECT_MESSAGE

void     comms_setup        (void);
void     comms_teardown     (void);
/* Applies tests/comms/fixtures/<name>.sql to the test database. */
void     comms_fixture      (const char *name);
/* The first column of the first row of @sql as an integer / text (g_free). */
gint64   sql_int            (const char *sql);
char    *sql_text           (const char *sql);
/* Fails unless the first column of the first row of @sql is @expected. */
void     assert_sql_text    (const char *sql, const char *expected);
/* Runs @sql (any number of statements). */
void     sql_run            (const char *sql);
/* Fails unless @error is MDB_ERROR / @code and its message contains @fragment. */
void     assert_error       (const GError *error, int code, const char *fragment);
/* A channel made by comms_db_channel_create(); the test fails otherwise.
 * @participants is NULL-terminated (nullable). */
char    *channel_ok         (const char *owner, CommsDbCommsChannelType type, const char *name, gint64 org_id,
                             const char *const *participants);
/* A posted message's id (g_free); the test fails otherwise. */
char    *post_ok            (const char *channel, const char *sender, const char *thread, const char *content);
/* The canonical text of a uuid field (a static buffer per call site is fine). */
const char *uuid_str        (const MdbUuid *uuid, char out[MDB_UUID_STRING_SIZE]);
/* Pool acquires so far: unchanged means nothing was sent. */
guint64  acquires           (void);
