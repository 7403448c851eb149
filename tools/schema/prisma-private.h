/* SPDX-License-Identifier: MIT */
/* prisma-private.h: tokens of the Prisma schema language. */
#pragma once
#include <glib.h>
#include "schema-model.h"

typedef enum {
  PRISMA_TOK_EOF,
  PRISMA_TOK_IDENT,
  PRISMA_TOK_STRING,
  PRISMA_TOK_NUMBER,
  PRISMA_TOK_PUNCT,   /* one of { } ( ) [ ] , : = ? . */
  PRISMA_TOK_AT,      /* @ */
  PRISMA_TOK_ATAT,    /* @@ */
  PRISMA_TOK_ERROR,   /* a character or literal the language does not have */
} PrismaTokenKind;

typedef struct {
  PrismaTokenKind kind;
  char           *text;  /* identifier, unescaped string, number, punctuation */
  int             line;
  int             column;
} PrismaToken;

typedef struct {
  const char *text;
  gsize       len;
  gsize       pos;
  int         line;
  int         column;
} PrismaLexer;

void  mdb__prisma_lexer_init (PrismaLexer *lexer, const char *text, gsize len);
/* Fills @token (its text is newly allocated); always consumes input unless at EOF. */
void  mdb__prisma_lexer_next (PrismaLexer *lexer, PrismaToken *token);
/* TRUE when @text is not valid UTF-8 (a NUL byte counts as invalid); sets
 * the 1-based line and column of the first bad byte and its value. */
gboolean mdb__prisma_find_bad_utf8 (const char *text, gsize len, int *line, int *column, guint *byte);
/* "'}'", "identifier \"x\"", "end of file", … for error messages. */
char *mdb__prisma_token_describe (const PrismaToken *token);

/* The syntax tree the parser builds and the resolver turns into a model. */
typedef enum { PRISMA_V_STRING, PRISMA_V_NUMBER, PRISMA_V_IDENT, PRISMA_V_FUNC, PRISMA_V_LIST } PrismaValueKind;

typedef struct {
  PrismaValueKind kind;
  char      *text;   /* string, number, identifier or function name */
  GPtrArray *args;   /* PrismaArg *, for FUNC */
  GPtrArray *items;  /* PrismaValue *, for LIST */
  int        line, column;
} PrismaValue;

typedef struct {
  char        *name;   /* NULL for a positional argument */
  PrismaValue *value;
  int          line, column;
} PrismaArg;

typedef struct {
  char      *name;     /* "id", "db.VarChar", "@index" has name "index" */
  GPtrArray *args;     /* PrismaArg *; empty when written without () */
  int        line, column;
} PrismaAttr;

typedef struct {
  char      *name;
  char      *type;     /* NULL for enum values */
  gboolean   optional, list;
  GPtrArray *attrs;    /* PrismaAttr * */
  GPtrArray *type_args; /* PrismaArg *: Unsupported("…") has them, NULL otherwise */
  PrismaValue *value;  /* datasource/generator settings: the value of `name = value` */
  int        line, column, type_line, type_column;
} PrismaField;

/* VIEW and TYPE blocks parse like models; the resolver refuses them. */
typedef enum {
  PRISMA_BLOCK_MODEL, PRISMA_BLOCK_ENUM, PRISMA_BLOCK_OTHER, PRISMA_BLOCK_VIEW, PRISMA_BLOCK_TYPE,
} PrismaBlockKind;

typedef struct {
  PrismaBlockKind kind;
  char      *keyword;  /* "model", "enum", "datasource", … as written */
  char      *name;
  GPtrArray *fields;   /* PrismaField * (enum values for enums) */
  GPtrArray *attrs;    /* PrismaAttr *: block attributes (@@…) */
  int        line, column;
  int        end_line; /* the line of the closing '}' */
} PrismaBlock;

void       mdb__prisma_block_free (PrismaBlock *block);
/* Fields the tool adds (`mdb schema format`'s back-relations): column 0,
 * @line where they sort among the block's rows; freed with their block. */
PrismaField *mdb__prisma_field_new      (const char *name, const char *type, int line);
void         mdb__prisma_field_add_attr (PrismaField *field, const char *name, const char *string);
/* Returns PrismaBlock *s, or NULL with MDB_ERROR_INVALID_INPUT. */
GPtrArray *mdb__prisma_parse_blocks (const char *text, gsize len, const char *path, GError **error);
/* Builds the model from the blocks; semantic errors name file:line:column. */
MdbSchema *mdb__prisma_resolve (GPtrArray *blocks, const char *path, GError **error);

/* prisma-relations.c: a relation and its two ends (A comes first in the file). */
typedef struct {
  const PrismaBlock *model_a;
  PrismaField       *field_a;
  const PrismaBlock *model_b;
  PrismaField       *field_b;
} PrismaRelation;

const char *mdb__prisma_relation_name (const PrismaField *field);
/* Every relation field paired with exactly one opposite field, as Prisma
 * requires; returns PrismaRelation *s or NULL with MDB_ERROR_INVALID_INPUT. */
GPtrArray  *mdb__prisma_pair_relations (GPtrArray *blocks, const char *path, GError **error);
/* What `prisma format` adds: on the referenced model of each relation whose
 * foreign-key side (`@relation(fields: …)`) has no opposite field, the field
 * `models Model[]` (`model Model?` when the foreign key is unique), with the
 * relation's name if it has one.  Returns how many fields were added. */
guint       mdb__prisma_add_back_relations (GPtrArray *blocks);
/* prisma-naming.c: the field name `prisma format` gives such a field. */
char       *mdb__prisma_back_relation_name (const char *model, gboolean list);

/* prisma-format.c: a value as Prisma prints it (`uuid(5)`), newly allocated. */
char *mdb__prisma_value_text (const PrismaValue *v);

/* prisma-join-tables.c: the join table of each implicit many-to-many
 * relation, as Prisma makes it; FALSE with MDB_ERROR_INVALID_INPUT. */
gboolean mdb__prisma_add_join_tables (MdbSchema *schema, GPtrArray *relations, const char *path, GError **error);
