/* SPDX-License-Identifier: MIT */
/* mdb-private.h: what the core's files share with each other, never installed. */
#pragma once
#include <libpq-fe.h>
#include "mdb/mdb.h"

G_BEGIN_DECLS

/* Every executor object starts with this header so MDB_EXECUTOR() works. */
typedef enum {
  MDB__EXECUTOR_CONN = 0x4d44430a,  /* magic values catch wrong casts */
  MDB__EXECUTOR_POOL = 0x4d44500a,
  MDB__EXECUTOR_READER = 0x4d44520a,  /* a pool's read-replica router */
} MdbExecutorKind;

struct _MdbExecutor {
  MdbExecutorKind kind;
};

/* error.c: turn libpq failures into MDB_ERROR, with SQLSTATE, constraint,
 * detail, table and column attached, and any password redacted.  @context
 * (nullable) prefixes the message, e.g. the statement's name. */
void       mdb__set_error_from_result (GError **error, const PGresult *res, const char *context);
void       mdb__set_error_from_conn   (GError **error, PGconn *conn, MdbError code, const char *context);

/* result.c: wraps @res, taking ownership. */
MdbResult *mdb__result_new (PGresult *res);


G_END_DECLS
