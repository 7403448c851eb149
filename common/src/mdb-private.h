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

/* conninfo-secrets.c: the passwords @conninfo may hold, read more widely
 * than libpq does (so every misreading is covered) and in the forms libpq
 * may print them (percent-decoded, unquoted), plus @parsed's password
 * (nullable: libpq's reading).  Owned strings; never NULL. */
GPtrArray *mdb__conninfo_secrets (const char *conninfo, const PQconninfoOption *parsed);
/* The password of a URL as written: from the first ':' after "://" to
 * the last '@' of @text.  FALSE when there is none. */
gboolean   mdb__url_password_span (const char *text, const char **start, const char **end);
/* @text with every 4-byte piece of each of @secrets (all of a shorter one),
 * in any case, replaced by ***; g_free() it.  NULL for NULL. */
char      *mdb__scrub_secrets    (const GPtrArray *secrets, const char *text);

/* conninfo.c: @text scrubbed of @info's password and redacted. */
char      *mdb__conninfo_scrub_parsed      (const MdbConninfo *info, const char *text);
/* Sets MDB_ERROR_CONNECT "could not connect: <libpq's reason>" for a failed
 * connect to @info (@pg nullable), scrubbed of its password, with a hint
 * when libpq misread a URL password. */
void       mdb__conninfo_set_connect_error (const MdbConninfo *info, PGconn *pg, GError **error);

/* What PQexecParams() and PQexecPrepared() take from a parameter list. */
typedef struct {
  int                n;
  const guint32     *types;
  const char *const *values;
  const int         *lengths;
  const int         *formats;
} MdbParamArrays;

/* params.c: @params' arrays in one call (@params nullable: no parameters,
 * every array NULL); valid until the list changes. */
void       mdb__params_arrays (const MdbParams *params, MdbParamArrays *out);

/* result.c: wraps @res, taking ownership. */
MdbResult *mdb__result_new (PGresult *res);

/* The column types of one prepared statement's results, remembered after
 * its first result: the server never changes them under a prepared
 * statement (it fails the execution with 0A000 "cached plan must not change
 * result type" instead, and the statement is then prepared afresh), so
 * later results copy them instead of asking libpq column by column. */
typedef struct {
  gboolean  known;
  gboolean  binary;         /* every column in binary format */
  int       n_columns;
  guint32  *types;          /* n_columns OIDs; owned */
} MdbResultShape;

/* result.c: mdb__result_new() with @shape's types (known); falls back to
 * asking libpq when @res does not have @shape's number of columns. */
MdbResult *mdb__result_new_shaped      (PGresult *res, const MdbResultShape *shape);
/* result.c: records @result's column types in @shape. */
void       mdb__result_shape_remember  (MdbResultShape *shape, const MdbResult *result);


G_END_DECLS
