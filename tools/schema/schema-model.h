/* SPDX-License-Identifier: MIT */
/* schema-model.h: the database schema model shared by the Prisma parser,
 * catalog introspection, the diff, SQL generation and lint. */
#pragma once
#include <glib.h>
#include <mdb/mdb.h>

G_BEGIN_DECLS

/* PostgreSQL's NAMEDATALEN - 1. */
#define MDB_SCHEMA_MAX_IDENT 63

typedef struct {
  char      *name;     /* database name of the type */
  GPtrArray *values;   /* char *: labels, in order */
  int        line;
} MdbSchemaEnum;

typedef struct {
  char    *name;       /* column name */
  char    *type;       /* format_type() spelling ("timestamp(3) with time zone"),
                        * or the bare enum name when is_enum */
  gboolean is_enum;
  gboolean is_list;    /* one-dimensional array of type */
  gboolean not_null;
  gboolean serial;     /* autoincrement(): owned sequence + nextval default */
  char    *default_expr; /* normalised SQL expression, or NULL */
  gboolean is_datetime;  /* a Prisma DateTime (for lint) */
  int      line;
} MdbSchemaColumn;

typedef struct {
  char      *name;
  GPtrArray *columns;   /* char * */
  GPtrArray *opclasses; /* char * or NULL per column (NULL = default) */
  GArray    *desc;      /* gboolean per column */
  gboolean   unique;
  char      *method;    /* "btree", "gin", "hash", … */
  int        line;
} MdbSchemaIndex;

typedef struct {
  char      *name;
  GPtrArray *columns;      /* char * */
  char      *ref_table;
  GPtrArray *ref_columns;  /* char * */
  char      *on_delete;    /* "CASCADE", "RESTRICT", "NO ACTION", "SET NULL", "SET DEFAULT" */
  char      *on_update;
  int        line;
} MdbSchemaForeignKey;

typedef struct {
  char      *name;         /* table name */
  char      *model;        /* Prisma model name (NULL when introspected) */
  GPtrArray *columns;      /* MdbSchemaColumn * */
  char      *pk_name;      /* NULL: no primary key */
  GPtrArray *pk_columns;   /* char * */
  GPtrArray *indexes;      /* MdbSchemaIndex *, unique ones included */
  GPtrArray *foreign_keys; /* MdbSchemaForeignKey * */
  int        line;
} MdbSchemaTable;

typedef struct {
  char      *path;         /* source file, or NULL */
  GPtrArray *enums;        /* MdbSchemaEnum * */
  GPtrArray *tables;       /* MdbSchemaTable * */
  GPtrArray *extensions;   /* char *: extension names; NULL when not managed
                            * (a datasource without `extensions = [...]`) */
} MdbSchema;

MdbSchema       *mdb__schema_new        (const char *path);
void             mdb__schema_free       (MdbSchema *schema);
MdbSchemaTable  *mdb__schema_table_new  (const char *name, int line);
void             mdb__schema_table_free (MdbSchemaTable *table);
MdbSchemaEnum   *mdb__schema_enum_new   (const char *name, int line);
void             mdb__schema_enum_free  (MdbSchemaEnum *en);
MdbSchemaColumn *mdb__schema_column_new (const char *name, const char *type, int line);
void             mdb__schema_column_free (MdbSchemaColumn *column);
MdbSchemaIndex  *mdb__schema_index_new  (const char *name, gboolean unique, const char *method, int line);
void             mdb__schema_index_add_column (MdbSchemaIndex *index, const char *column,
                                               gboolean desc, const char *opclass);
void             mdb__schema_index_free (MdbSchemaIndex *index);
MdbSchemaForeignKey *mdb__schema_fk_new (const char *name, const char *ref_table, int line);
void             mdb__schema_fk_free    (MdbSchemaForeignKey *fk);

MdbSchemaTable  *mdb__schema_find_table  (const MdbSchema *schema, const char *name);
MdbSchemaEnum   *mdb__schema_find_enum   (const MdbSchema *schema, const char *name);
MdbSchemaColumn *mdb__schema_table_find_column (const MdbSchemaTable *table, const char *name);
/* Sorts tables, enums, columns stay in declaration order. */
void             mdb__schema_sort        (MdbSchema *schema);

/* Prisma's default constraint names, from database names, truncated to 63
 * bytes at a UTF-8 boundary before the suffix ("_pkey", "_key", "_idx",
 * "_fkey"). */
char *mdb__schema_name_pkey  (const char *table);
char *mdb__schema_name_index (const char *table, const char *const *columns, guint n, const char *suffix);

/* Normalises a default expression so that catalog text (pg_get_expr) and
 * schema text compare equal: drops the cast of a quoted literal. */
char *mdb__schema_normalize_default (const char *expr);

/* Double-quotes an identifier, doubling embedded quotes. */
char *mdb__sql_quote_ident (const char *ident);

/* prisma-parser.c: parses Prisma schema text.  @path names the file in
 * errors ("file:line:column: expected X, found Y"); MDB_ERROR_INVALID_INPUT. */
MdbSchema *mdb__prisma_parse      (const char *text, gsize len, const char *path, GError **error);
MdbSchema *mdb__prisma_parse_file (const char *path, GError **error);
/* prisma-format.c: @text in Prisma's canonical layout (`prisma format`),
 * comments kept; NULL with MDB_ERROR_INVALID_INPUT when it does not parse. */
char      *mdb__prisma_format     (const char *text, gsize len, const char *path, GError **error);

/* prisma-print.c: @schema as Prisma schema text that resolves back to it;
 * what Prisma cannot say goes into @problems (char *). */
char *mdb__prisma_print (const MdbSchema *schema, const char *header, GPtrArray *problems);

/* introspect.c: reads the public schema of the connected database. */
MdbSchema *mdb__schema_introspect (MdbConn *conn, GError **error);

/* diff.c + sqlgen.c: the steps taking @from to @to. */
typedef struct {
  char    *section;      /* "CreateTable", … */
  char    *up;           /* SQL, ending in ";\n" */
  char    *down;         /* SQL reversing it, or a comment */
  char    *summary;      /* one line for drift reports */
  gboolean destructive;
} MdbSchemaStep;

GPtrArray *mdb__schema_diff (const MdbSchema *from, const MdbSchema *to);  /* MdbSchemaStep * */
void       mdb__schema_step_free (MdbSchemaStep *step);
/* Renders steps as migration text: forward (up) or reversed (down). */
char      *mdb__schema_render_up   (GPtrArray *steps);
char      *mdb__schema_render_down (GPtrArray *steps);

/* sqlgen.c: statements for single objects. */
char *mdb__sql_column_def   (const MdbSchemaColumn *column);
char *mdb__sql_create_table (const MdbSchemaTable *table);
char *mdb__sql_create_index (const MdbSchemaTable *table, const MdbSchemaIndex *index);
char *mdb__sql_add_fk       (const MdbSchemaTable *table, const MdbSchemaForeignKey *fk);
char *mdb__sql_create_enum  (const MdbSchemaEnum *en);

/* lint.c: index strategy findings, one line each ("file:LINE: model X: …"). */
GPtrArray *mdb__schema_lint (const MdbSchema *schema); /* char * */

/* migrate-add.c: the shadow database round trip, usable from tests. */
MdbSchema *mdb__schema_from_migrations (const char *url, const char *migrations_dir, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdbSchema, mdb__schema_free)

G_END_DECLS
