/* SPDX-License-Identifier: MIT */
/* query-file.h: annotated query files (`-- name: x :one`), parsed and rewritten to $N. */
#pragma once
#include <glib.h>
#include <mdb/mdb.h>

G_BEGIN_DECLS

typedef enum {
  MDB_QUERY_ONE,
  MDB_QUERY_OPT,
  MDB_QUERY_MANY,
  MDB_QUERY_EXEC,
  MDB_QUERY_EXECROWS,
  MDB_QUERY_BATCH,
  MDB_QUERY_COPY,
} MdbQueryKind;

/* What a library exports of a query (docs/queries.md "One public layer"):
 * by default nothing, the generated function is internal to the library. */
typedef enum {
  MDB_QUERY_EXPORT_NONE,
  MDB_QUERY_EXPORT_FUNCTION,  /* `export`: the function and its row type */
  MDB_QUERY_EXPORT_ROW,       /* `export-row`: only the row type (struct + free) */
} MdbQueryExport;

/* A named parameter: $N where N is its index + 1. */
typedef struct {
  char    *name;
  gboolean nullable;   /* written :name? */
} MdbQueryParam;

typedef struct {
  char        *name;         /* snake_case */
  MdbQueryKind kind;
  char        *row_type;     /* `-> RowType`, or NULL */
  MdbQueryExport export;     /* a trailing `export` or `export-row` word */
  char        *doc;          /* the `--` line above the annotation, or NULL */
  char        *sql;          /* rewritten and trimmed: its SHA-256 keys the cache */
  char        *hash;         /* hex SHA-256 of sql */
  char        *path;         /* file as given */
  guint        line;         /* line of the annotation */
  GPtrArray   *params;       /* MdbQueryParam, in $N order */
  char        *copy_table;   /* :copy only: target table and columns, as written (unquoted) */
  GPtrArray   *copy_columns; /* char * */
  char        *source;       /* the SQL as written in the file (trimmed), or NULL */
  guint        source_line;  /* its first line in the file */
  guint        source_column;/* its first column there (1-based) */
  GArray      *source_offsets; /* guint offset into source of each byte of sql, or NULL */
} MdbQuery;

const char *mdb__query_kind_to_string (MdbQueryKind kind);
void        mdb__query_free           (MdbQuery *query);

/* Rewrites :name / @name / :name? to $N in @sql, filling @params
 * (MdbQueryParam).  @first_line is the line of @sql in @path, for errors.
 * Errors are MDB_ERROR_INVALID_INPUT "path:line: reason". */
char       *mdb__query_rewrite (const char *sql, const char *path, guint first_line,
                                GPtrArray *params, GError **error);

/* mdb__query_rewrite() that also fills @offsets (nullable, guint) with the
 * input offset of each output byte. */
char       *mdb__query_rewrite_mapped (const char *sql, const char *path, guint first_line,
                                       GPtrArray *params, GArray *offsets, GError **error);
/* Where byte @sql_offset of query->sql is in the file: fills @line and
 * @column and returns that line's text (g_free), or NULL. */
char       *mdb__query_locate (const MdbQuery *query, gsize sql_offset, guint *line, guint *column);

/* Parses one file's text; returns (transfer full) MdbQuery array. */
GPtrArray  *mdb__query_file_parse (const char *path, const char *text, GError **error);

/* Loads every *.sql in @dir (sorted by name); query names must be unique
 * across the folder. */
GPtrArray  *mdb__query_dir_load (const char *dir, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdbQuery, mdb__query_free)

G_END_DECLS
