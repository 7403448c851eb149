/* SPDX-License-Identifier: MIT */
/* conn-test.h: helpers shared by the connection, pool and transaction tests. */
#pragma once
#include <check.h>
#include <string.h>
#include <stdlib.h>
#include <libpq-fe.h>
#include <mdb/mdb.h>
#include <mdb-testing/mdb-testing.h>
#include "mdb-test-support.h"

/* Check's TAP output needs single-line messages. */
static inline const char *
conn_test_msg (const GError *error)
{
  static char buf[512];
  char *p;

  g_strlcpy (buf, error ? error->message : "(no error)", sizeof buf);
  for (p = buf; *p; p++)
    if (*p == '\n' || *p == '\r')
      *p = ' ';
  return buf;
}

#define ASSERT_OK(err) ck_assert_msg ((err) == NULL, "unexpected error: %s", conn_test_msg (err))
#define ASSERT_ERROR(err, c) \
  ck_assert_msg ((err) != NULL && (err)->domain == MDB_ERROR && (err)->code == (c), \
                 "want code %d, got %d: %s", (int) (c), (err) ? (err)->code : -1, conn_test_msg (err))

/* A fresh empty database for this test. */
static inline MdbTestDb *
conn_test_db (void)
{
  GError *error = NULL;
  MdbTestDb *db = mdb_test_db_new (NULL, &error);

  ASSERT_OK (error);
  return db;
}

/* First column of the first row as text, through raw libpq (independent of
 * the result decoders), or NULL. */
static inline char *
conn_test_scalar (MdbConn *conn, const char *sql)
{
  PGresult *res = PQexec (mdb_conn_get_pg_conn (conn), sql);
  char *value = NULL;

  if (PQresultStatus (res) == PGRES_TUPLES_OK && PQntuples (res) > 0 && !PQgetisnull (res, 0, 0))
    value = g_strdup (PQgetvalue (res, 0, 0));
  PQclear (res);
  return value;
}

static inline gint64
conn_test_int (MdbConn *conn, const char *sql)
{
  g_autofree char *text = conn_test_scalar (conn, sql);

  ck_assert_msg (text != NULL, "no value for: %s", sql);
  return g_ascii_strtoll (text, NULL, 10);
}

static inline void
conn_test_script (MdbConn *conn, const char *sql)
{
  GError *error = NULL;

  mdb_conn_exec_script (conn, sql, &error);
  ASSERT_OK (error);
}
