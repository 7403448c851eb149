/* SPDX-License-Identifier: MIT */
/* mdb-error.h: the MDB_ERROR domain and its accessors. */
#pragma once
#if !defined(MDB_INSIDE) && !defined(MDB_COMPILATION)
# error "Include <mdb/mdb.h>, not this file."
#endif
#include <glib.h>
#include <mdb/mdb-version.h>

G_BEGIN_DECLS

#define MDB_ERROR (mdb_error_quark ())

/* Append only: never renumber or reuse a value. */
typedef enum {
  MDB_ERROR_FAILED,                 /* anything else; read the message */
  MDB_ERROR_CONNECT,                /* server unreachable, refused or connection lost */
  MDB_ERROR_POOL_TIMEOUT,           /* no connection became free before the deadline */
  MDB_ERROR_SERVER,                 /* server rejected the statement; SQLSTATE set */
  MDB_ERROR_UNIQUE_VIOLATION,       /* SQLSTATE 23505; constraint set */
  MDB_ERROR_FOREIGN_KEY_VIOLATION,  /* SQLSTATE 23503; constraint set */
  MDB_ERROR_CHECK_VIOLATION,        /* SQLSTATE 23514; constraint set */
  MDB_ERROR_NOT_FOUND,              /* exactly one row was required, none came back */
  MDB_ERROR_DECODE,                 /* a value did not fit the requested C type */
  MDB_ERROR_INVALID_INPUT,          /* a parameter was rejected before it was sent */
  MDB_ERROR_CANCELLED,              /* statement or wait cancelled (57014, pool closing) */
} MdbError;

MDB_AVAILABLE_IN_0_1
GQuark      mdb_error_quark          (void);

/* Extended fields of an MDB_ERROR; NULL when absent or for other domains. */
MDB_AVAILABLE_IN_0_1
const char *mdb_error_get_sqlstate   (const GError *error);
MDB_AVAILABLE_IN_0_1
const char *mdb_error_get_constraint (const GError *error);
MDB_AVAILABLE_IN_0_1
const char *mdb_error_get_detail     (const GError *error);
MDB_AVAILABLE_IN_0_1
const char *mdb_error_get_table      (const GError *error);
MDB_AVAILABLE_IN_0_1
const char *mdb_error_get_column     (const GError *error);

/* True for SQLSTATE 40001 (serialization failure) and 40P01 (deadlock). */
MDB_AVAILABLE_IN_0_1
gboolean    mdb_error_is_retryable   (const GError *error);

/* A copy of a conninfo string or URL with any password replaced by ***. */
MDB_AVAILABLE_IN_0_1
char       *mdb_redact_conninfo      (const char *conninfo);

G_END_DECLS
