/* SPDX-License-Identifier: MIT */
/* Turns parsed Prisma blocks into the database model (names, types, keys). */
#include "prisma-private.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  MdbSchemaEnum *en;        /* owned by the schema */
  GHashTable    *values;    /* Prisma value -> database label */
} ResolvedEnum;

typedef struct {
  PrismaBlock    *block;
  MdbSchemaTable *table;    /* owned by the schema */
  GHashTable     *columns;  /* field name -> column name (scalar fields) */
  GHashTable     *fields;   /* field name -> PrismaField * (all fields) */
} ResolvedModel;

typedef struct {
  const char *path;
  GError    **error;
  gboolean    failed;
  MdbSchema  *schema;
  GHashTable *enums;        /* Prisma name -> ResolvedEnum * */
  GHashTable *models;       /* Prisma name -> ResolvedModel * */
} Resolver;

static gboolean G_GNUC_PRINTF (4, 5)
fail_at (Resolver *r, int line, int column, const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  if (r->failed)
    return FALSE;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (r->error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "%s:%d:%d: %s",
               r->path, line, column, message);
  r->failed = TRUE;
  return FALSE;
}

static void
resolved_enum_free (ResolvedEnum *re)
{
  g_hash_table_unref (re->values);
  g_free (re);
}

static void
resolved_model_free (ResolvedModel *rm)
{
  g_hash_table_unref (rm->columns);
  g_hash_table_unref (rm->fields);
  g_free (rm);
}

/* ---- attribute arguments ---- */

static PrismaArg *
find_arg (const PrismaAttr *attr, const char *name, guint position)
{
  guint positional = 0;

  for (guint i = 0; i < attr->args->len; i++)
    {
      PrismaArg *arg = g_ptr_array_index (attr->args, i);
      if (arg->name != NULL)
        {
          if (name != NULL && strcmp (arg->name, name) == 0)
            return arg;
        }
      else if (positional++ == position)
        return arg;
    }
  return NULL;
}

static PrismaAttr *
find_attr (GPtrArray *attrs, const char *name)
{
  for (guint i = 0; i < attrs->len; i++)
    {
      PrismaAttr *attr = g_ptr_array_index (attrs, i);
      if (strcmp (attr->name, name) == 0)
        return attr;
    }
  return NULL;
}

/* A string argument (named or at @position); NULL when absent. */
static const char *
string_arg (Resolver *r, const PrismaAttr *attr, const char *name, guint position)
{
  PrismaArg *arg = find_arg (attr, name, position);

  if (arg == NULL)
    return NULL;
  if (arg->value->kind != PRISMA_V_STRING)
    {
      fail_at (r, arg->line, arg->column, "expected a string for %s, found %s",
               name != NULL ? name : "the argument", arg->value->text != NULL ? arg->value->text : "a list");
      return NULL;
    }
  return arg->value->text;
}

static const char *
map_name (Resolver *r, GPtrArray *attrs, const char *attr_name, const char *fallback)
{
  PrismaAttr *attr = find_attr (attrs, attr_name);
  const char *mapped;

  if (attr == NULL)
    return fallback;
  mapped = string_arg (r, attr, "name", 0);
  if (mapped == NULL && !r->failed)
    fail_at (r, attr->line, attr->column, "expected a name in @%s(\"…\")", attr_name);
  return mapped != NULL ? mapped : fallback;
}

static void
fail_schema_attr (Resolver *r, const PrismaAttr *attr)
{
  fail_at (r, attr->line, attr->column,
           "@@schema (Prisma's multiSchema) is not supported: mdb manages the public schema only");
}

/* ---- enums ---- */

static void
resolve_enum (Resolver *r, PrismaBlock *block)
{
  const char *db_name = map_name (r, block->attrs, "map", block->name);
  ResolvedEnum *re = g_new0 (ResolvedEnum, 1);

  re->en = mdb__schema_enum_new (db_name, block->line);
  re->values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_ptr_array_add (r->schema->enums, re->en);
  g_hash_table_insert (r->enums, block->name, re);
  for (guint i = 0; i < block->attrs->len && !r->failed; i++)
    {
      PrismaAttr *attr = g_ptr_array_index (block->attrs, i);
      if (strcmp (attr->name, "schema") == 0)
        fail_schema_attr (r, attr);
      else if (strcmp (attr->name, "map") != 0)
        fail_at (r, attr->line, attr->column, "unknown enum attribute @@%s", attr->name);
    }
  for (guint i = 0; i < block->fields->len && !r->failed; i++)
    {
      PrismaField *value = g_ptr_array_index (block->fields, i);
      const char *label = map_name (r, value->attrs, "map", value->name);
      if (g_hash_table_contains (re->values, value->name))
        fail_at (r, value->line, value->column, "duplicate value \"%s\" in enum %s", value->name, block->name);
      g_hash_table_insert (re->values, value->name, g_strdup (label));
      g_ptr_array_add (re->en->values, g_strdup (label));
    }
  if (!r->failed && block->fields->len == 0)
    fail_at (r, block->line, block->column, "enum %s has no values", block->name);
}

/* ---- types ---- */

typedef struct {
  const char *native;   /* after "db." */
  const char *scalar;   /* the Prisma type it applies to */
  const char *sql0;     /* spelling without arguments */
  const char *base;     /* with arguments: base(args)suffix */
  const char *suffix;
  guint       max_args;
} NativeType;

/* Prisma's PostgreSQL native types.  Without an argument a type gets the
 * server's default (Prisma writes `TIMESTAMP`, `DECIMAL`, `TIME`: precision
 * 6, unconstrained numeric); with arguments base(args)suffix. */
static const NativeType native_types[] = {
  { "Uuid", "String", "uuid", NULL, NULL, 0 },
  { "Text", "String", "text", NULL, NULL, 0 },
  { "VarChar", "String", "character varying", "character varying", "", 1 },
  { "Char", "String", "character(1)", "character", "", 1 },
  { "Bit", "String", "bit(1)", "bit", "", 1 },
  { "VarBit", "String", "bit varying", "bit varying", "", 1 },
  { "Xml", "String", "xml", NULL, NULL, 0 },
  { "Inet", "String", "inet", NULL, NULL, 0 },
  { "Citext", "String", "citext", NULL, NULL, 0 },
  { "Timestamptz", "DateTime", "timestamp with time zone", "timestamp", " with time zone", 1 },
  { "Timestamp", "DateTime", "timestamp without time zone", "timestamp", " without time zone", 1 },
  { "Date", "DateTime", "date", NULL, NULL, 0 },
  { "Time", "DateTime", "time without time zone", "time", " without time zone", 1 },
  { "Timetz", "DateTime", "time with time zone", "time", " with time zone", 1 },
  { "Integer", "Int", "integer", NULL, NULL, 0 },
  { "SmallInt", "Int", "smallint", NULL, NULL, 0 },
  { "Oid", "Int", "oid", NULL, NULL, 0 },
  { "BigInt", "BigInt", "bigint", NULL, NULL, 0 },
  { "Real", "Float", "real", NULL, NULL, 0 },
  { "DoublePrecision", "Float", "double precision", NULL, NULL, 0 },
  { "Decimal", "Decimal", "numeric", "numeric", "", 2 },
  { "Money", "Decimal", "money", NULL, NULL, 0 },
  { "JsonB", "Json", "jsonb", NULL, NULL, 0 },
  { "Json", "Json", "json", NULL, NULL, 0 },
  { "Boolean", "Boolean", "boolean", NULL, NULL, 0 },
  { "ByteA", "Bytes", "bytea", NULL, NULL, 0 },
};

static const char *const scalar_types[][2] = {
  { "String", "text" }, { "Int", "integer" }, { "BigInt", "bigint" },
  { "Boolean", "boolean" }, { "DateTime", "timestamp(3) without time zone" },
  { "Json", "jsonb" }, { "Float", "double precision" },
  { "Decimal", "numeric(65,30)" }, { "Bytes", "bytea" },
};

static const char *
scalar_sql_type (const char *type)
{
  for (guint i = 0; i < G_N_ELEMENTS (scalar_types); i++)
    if (strcmp (scalar_types[i][0], type) == 0)
      return scalar_types[i][1];
  return NULL;
}

static gboolean
arg_is_number (const PrismaArg *arg)
{
  const char *s = arg->value->text;

  if (arg->value->kind != PRISMA_V_NUMBER || s[0] == '-' || strchr (s, '.') != NULL)
    return FALSE;
  /* VarChar goes to 10485760; nine digits stay far from overflowing. */
  return strlen (s) <= 9;
}

static char *
native_sql_type (Resolver *r, const PrismaField *field, const PrismaAttr *attr)
{
  const char *native = attr->name + 3;

  for (guint i = 0; i < G_N_ELEMENTS (native_types); i++)
    {
      const NativeType *nt = &native_types[i];
      guint n = attr->args->len;
      if (strcmp (nt->native, native) != 0)
        continue;
      if (strcmp (nt->scalar, field->type) != 0)
        {
          fail_at (r, attr->line, attr->column, "@%s does not apply to a field of type %s", attr->name, field->type);
          return NULL;
        }
      for (guint a = 0; a < n; a++)
        if (!arg_is_number (g_ptr_array_index (attr->args, a)))
          {
            fail_at (r, attr->line, attr->column, "expected a non-negative integer argument to @%s", attr->name);
            return NULL;
          }
      if (n == 0)
        return g_strdup (nt->sql0);
      if (n <= nt->max_args)
        {
          GString *out = g_string_new (nt->base);
          g_string_append_c (out, '(');
          for (guint a = 0; a < n; a++)
            g_string_append_printf (out, "%s%s", a > 0 ? "," : "",
                                    ((PrismaArg *) g_ptr_array_index (attr->args, a))->value->text);
          g_string_append_printf (out, ")%s", nt->suffix);
          return g_string_free (out, FALSE);
        }
      fail_at (r, attr->line, attr->column, "wrong number of arguments to @%s", attr->name);
      return NULL;
    }
  fail_at (r, attr->line, attr->column, "unknown native type @%s", attr->name);
  return NULL;
}

/* ---- defaults ---- */

static char *
quote_literal (const char *text)
{
  GString *out = g_string_new ("'");

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\'')
        g_string_append_c (out, '\'');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '\'');
  return g_string_free (out, FALSE);
}

/* A number argument of a default function, or -1 when absent. */
static int
func_number_arg (const PrismaValue *v)
{
  PrismaArg *arg = v->args->len == 1 ? g_ptr_array_index (v->args, 0) : NULL;

  if (arg == NULL || arg->name != NULL || !arg_is_number (arg))
    return -1;
  return atoi (arg->value->text);
}

/* cuid(), nanoid(), ulid(), uuid(7): the client makes the value (Prisma
 * Client does), so the column gets no database default, as in Prisma's DDL. */
static gboolean
is_client_id (Resolver *r, const PrismaField *field, const PrismaValue *v)
{
  int n = func_number_arg (v);
  gboolean known = (strcmp (v->text, "cuid") == 0 && (v->args->len == 0 || n == 1 || n == 2))
                || (strcmp (v->text, "nanoid") == 0 && (v->args->len == 0 || (n >= 2 && n <= 255)))
                || (strcmp (v->text, "ulid") == 0 && v->args->len == 0)
                || (strcmp (v->text, "uuid") == 0 && n == 7);

  if (known && strcmp (field->type, "String") != 0)
    fail_at (r, v->line, v->column, "%s() needs a String field", v->text);
  return known;
}

static char *
default_from_func (Resolver *r, const PrismaField *field, MdbSchemaColumn *column, const PrismaValue *v)
{
  /* uuid() and uuid(4): the database makes it (see docs/schema.md). */
  if (strcmp (v->text, "uuid") == 0 && (v->args->len == 0 || func_number_arg (v) == 4))
    return g_strdup ("gen_random_uuid()");
  if (is_client_id (r, field, v))
    return NULL;
  if (strcmp (v->text, "now") == 0 && v->args->len == 0)
    return g_strdup ("CURRENT_TIMESTAMP");
  if (strcmp (v->text, "autoincrement") == 0 && v->args->len == 0)
    {
      if (strcmp (column->type, "integer") != 0 && strcmp (column->type, "bigint") != 0
          && strcmp (column->type, "smallint") != 0)
        fail_at (r, v->line, v->column, "autoincrement() needs an Int or BigInt field");
      column->serial = TRUE;
      return NULL;
    }
  /* dbgenerated() without an expression: a default the schema does not
   * describe; Prisma creates none either. */
  if (strcmp (v->text, "dbgenerated") == 0 && v->args->len == 0)
    return NULL;
  if (strcmp (v->text, "dbgenerated") == 0 && v->args->len == 1)
    {
      PrismaArg *arg = g_ptr_array_index (v->args, 0);
      if (arg->value->kind == PRISMA_V_STRING && arg->name == NULL)
        return mdb__schema_normalize_default (arg->value->text);
    }
  {
    g_autofree char *found = mdb__prisma_value_text (v);
    fail_at (r, v->line, v->column,
             "expected uuid(), uuid(4|7), cuid(), cuid(2), nanoid(), nanoid(2..255), ulid(), now(), "
             "autoincrement() or dbgenerated(\"…\"), found %s", found);
  }
  return NULL;
}

static char *
default_from_ident (Resolver *r, const PrismaField *field, const PrismaValue *v)
{
  ResolvedEnum *re;
  const char *label;

  if (strcmp (v->text, "true") == 0 || strcmp (v->text, "false") == 0)
    {
      if (strcmp (field->type, "Boolean") != 0)
        fail_at (r, v->line, v->column, "a boolean default needs a Boolean field");
      return g_strdup (v->text);
    }
  re = g_hash_table_lookup (r->enums, field->type);
  label = re != NULL ? g_hash_table_lookup (re->values, v->text) : NULL;
  if (label == NULL)
    {
      fail_at (r, v->line, v->column, "unknown default value %s for a field of type %s", v->text, field->type);
      return NULL;
    }
  return quote_literal (label);
}

static gboolean
is_numeric_scalar (const char *type)
{
  return strcmp (type, "Int") == 0 || strcmp (type, "BigInt") == 0 || strcmp (type, "Float") == 0
      || strcmp (type, "Decimal") == 0;
}

/* One element of an array literal: double-quoted unless plainly safe. */
static void
append_array_element (GString *out, const char *text)
{
  gboolean plain = text[0] != '\0' && g_ascii_strcasecmp (text, "NULL") != 0;

  for (const char *p = text; plain && *p != '\0'; p++)
    plain = strchr ("{}\",\\ '\t\n\r", *p) == NULL;
  if (plain)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* @default([a, b]) on a list field: the array as a literal ('{a,b}'), the
 * way the catalog prints it back once the cast is dropped.  Prisma writes
 * ARRAY[...]: the same value. */
static char *
default_from_list (Resolver *r, const PrismaField *field, const PrismaValue *v)
{
  GString *array = g_string_new ("{");
  g_autofree char *literal = NULL;

  if (!field->list)
    fail_at (r, v->line, v->column, "a list default needs a list field ([])");
  for (guint i = 0; i < v->items->len && !r->failed; i++)
    {
      const PrismaValue *item = g_ptr_array_index (v->items, i);
      g_autofree char *element = NULL;
      if (item->kind == PRISMA_V_IDENT)
        {
          g_autofree char *quoted = default_from_ident (r, field, item);
          /* An enum label comes back quoted ('label'): unquote it. */
          if (quoted != NULL && quoted[0] == '\'')
            element = g_strndup (quoted + 1, strlen (quoted) - 2);
          else
            element = g_steal_pointer (&quoted);
        }
      else if ((item->kind == PRISMA_V_STRING) != (item->kind == PRISMA_V_NUMBER)
               && (item->kind == PRISMA_V_NUMBER) == is_numeric_scalar (field->type))
        element = g_strdup (item->text);
      else if (item->kind == PRISMA_V_STRING || item->kind == PRISMA_V_NUMBER)
        fail_at (r, item->line, item->column, "a %s in the list default of %s, a list of %s",
                 item->kind == PRISMA_V_STRING ? "string" : "number", field->name, field->type);
      else
        fail_at (r, item->line, item->column, "expected a literal in a list default");
      if (element == NULL)
        break;
      if (i > 0)
        g_string_append_c (array, ',');
      append_array_element (array, element);
    }
  g_string_append_c (array, '}');
  literal = g_string_free (array, FALSE);
  return r->failed ? NULL : quote_literal (literal);
}

static void
resolve_default (Resolver *r, const PrismaField *field, MdbSchemaColumn *column, const PrismaAttr *attr)
{
  PrismaArg *arg = attr->args->len == 1 ? g_ptr_array_index (attr->args, 0) : NULL;
  const PrismaValue *v;

  if (arg == NULL || arg->name != NULL)
    {
      fail_at (r, attr->line, attr->column, "expected one value in @default(…)");
      return;
    }
  if (column->default_expr != NULL || column->serial)
    {
      fail_at (r, attr->line, attr->column, "@default given twice on field %s", field->name);
      return;
    }
  v = arg->value;
  switch (v->kind)
    {
    case PRISMA_V_FUNC:
      column->default_expr = default_from_func (r, field, column, v);
      break;
    case PRISMA_V_IDENT:
      column->default_expr = default_from_ident (r, field, v);
      break;
    case PRISMA_V_STRING:
      column->default_expr = quote_literal (v->text);
      break;
    case PRISMA_V_NUMBER:
      /* pg_get_expr prints negative numbers as quoted literals with a cast. */
      column->default_expr = v->text[0] == '-' ? quote_literal (v->text) : g_strdup (v->text);
      break;
    case PRISMA_V_LIST:
    default:
      column->default_expr = default_from_list (r, field, v);
      break;
    }
}

/* ---- models, pass 1: columns ---- */

static gboolean
field_is_relation (Resolver *r, const PrismaField *field)
{
  return g_hash_table_contains (r->models, field->type);
}

static void
resolve_column_attrs (Resolver *r, ResolvedModel *rm, const PrismaField *field, MdbSchemaColumn *column)
{
  for (guint i = 0; i < field->attrs->len && !r->failed; i++)
    {
      PrismaAttr *attr = g_ptr_array_index (field->attrs, i);
      if (g_str_has_prefix (attr->name, "db."))
        {
          char *type = native_sql_type (r, field, attr);
          if (type != NULL)
            {
              g_free (column->type);
              column->type = type;
            }
        }
      else if (strcmp (attr->name, "updatedAt") == 0 && strcmp (field->type, "DateTime") != 0)
        fail_at (r, attr->line, attr->column, "@updatedAt needs a DateTime field");
      else if (strcmp (attr->name, "relation") == 0)
        fail_at (r, attr->line, attr->column, "@relation on field %s whose type %s is not a model",
                 field->name, field->type);
      else if (strcmp (attr->name, "id") != 0 && strcmp (attr->name, "default") != 0
               && strcmp (attr->name, "unique") != 0 && strcmp (attr->name, "updatedAt") != 0
               && strcmp (attr->name, "map") != 0 && strcmp (attr->name, "ignore") != 0)
        fail_at (r, attr->line, attr->column, "unknown field attribute @%s", attr->name);
    }
  /* After @db: so that autoincrement() sees the final type. */
  for (guint i = 0; i < field->attrs->len && !r->failed; i++)
    {
      PrismaAttr *attr = g_ptr_array_index (field->attrs, i);
      if (strcmp (attr->name, "default") == 0)
        resolve_default (r, field, column, attr);
    }
}

/* Unsupported("type"): a column of a type Prisma has no scalar for; the
 * text is the SQL type, written as format_type() prints it. */
static const char *
unsupported_type (Resolver *r, const PrismaField *field)
{
  const PrismaArg *arg = field->type_args != NULL && field->type_args->len == 1
                         ? g_ptr_array_index (field->type_args, 0) : NULL;

  if (field->type_args == NULL && strcmp (field->type, "Unsupported") != 0)
    return NULL;
  if (strcmp (field->type, "Unsupported") != 0 || arg == NULL || arg->name != NULL
      || arg->value->kind != PRISMA_V_STRING || arg->value->text[0] == '\0')
    {
      fail_at (r, field->type_line, field->type_column, "expected Unsupported(\"<SQL type>\") as the type of %s",
               field->name);
      return NULL;
    }
  return arg->value->text;
}

static void
resolve_scalar_field (Resolver *r, ResolvedModel *rm, PrismaField *field)
{
  const char *sql = field->type_args != NULL || strcmp (field->type, "Unsupported") == 0
                    ? unsupported_type (r, field) : scalar_sql_type (field->type);
  ResolvedEnum *re = g_hash_table_lookup (r->enums, field->type);
  const char *db_name;
  MdbSchemaColumn *column;

  if (r->failed)
    return;
  if (sql == NULL && re == NULL)
    {
      fail_at (r, field->type_line, field->type_column, "unknown type \"%s\"", field->type);
      return;
    }
  db_name = map_name (r, field->attrs, "map", field->name);
  if (mdb__schema_table_find_column (rm->table, db_name) != NULL)
    {
      fail_at (r, field->line, field->column, "duplicate column \"%s\" in model %s", db_name, rm->block->name);
      return;
    }
  column = mdb__schema_column_new (db_name, re != NULL ? re->en->name : sql, field->line);
  column->is_enum = re != NULL;
  column->is_list = field->list;
  column->not_null = !field->optional && !field->list;
  column->is_datetime = strcmp (field->type, "DateTime") == 0;
  g_ptr_array_add (rm->table->columns, column);
  g_hash_table_insert (rm->columns, field->name, column->name);
  resolve_column_attrs (r, rm, field, column);
}

static void
resolve_columns (Resolver *r, ResolvedModel *rm)
{
  PrismaBlock *block = rm->block;

  for (guint i = 0; i < block->fields->len && !r->failed; i++)
    {
      PrismaField *field = g_ptr_array_index (block->fields, i);
      if (g_hash_table_contains (rm->fields, field->name))
        {
          fail_at (r, field->line, field->column, "duplicate field \"%s\" in model %s", field->name, block->name);
          return;
        }
      g_hash_table_insert (rm->fields, field->name, field);
      if (!field_is_relation (r, field))
        resolve_scalar_field (r, rm, field);
    }
}

/* ---- models, pass 2: keys, indexes, relations ---- */

/* ops: raw("gist_trgm_ops"): an operator class Prisma has no name for. */
static gboolean
is_raw_ops (const PrismaValue *v)
{
  const PrismaArg *arg = v->kind == PRISMA_V_FUNC && strcmp (v->text, "raw") == 0 && v->args->len == 1
                         ? g_ptr_array_index (v->args, 0) : NULL;

  return arg != NULL && arg->name == NULL && arg->value->kind == PRISMA_V_STRING && arg->value->text[0] != '\0';
}

/* Column names of a list of field references ([a, b(sort: Desc)]). */
static gboolean
resolve_field_list (Resolver *r, ResolvedModel *rm, const PrismaValue *list, const char *what,
                    MdbSchemaIndex *index, GPtrArray *out)
{
  /* `@@index(a)` is `@@index([a])`, as in Prisma. */
  gboolean single = list->kind == PRISMA_V_IDENT || list->kind == PRISMA_V_FUNC;
  guint n = single ? 1 : list->kind == PRISMA_V_LIST ? list->items->len : 0;

  if (n == 0)
    return fail_at (r, list->line, list->column, "expected a non-empty list of fields in %s", what);
  for (guint i = 0; i < n; i++)
    {
      const PrismaValue *item = single ? list : g_ptr_array_index (list->items, i);
      const char *column;
      gboolean desc = FALSE;
      g_autofree char *opclass = NULL;

      if (item->kind != PRISMA_V_IDENT && item->kind != PRISMA_V_FUNC)
        return fail_at (r, item->line, item->column, "expected a field name in %s", what);
      column = g_hash_table_lookup (rm->columns, item->text);
      if (column == NULL)
        return fail_at (r, item->line, item->column, "unknown field \"%s\" in %s of model %s",
                        item->text, what, rm->block->name);
      for (guint a = 0; item->kind == PRISMA_V_FUNC && a < item->args->len; a++)
        {
          PrismaArg *arg = g_ptr_array_index (item->args, a);
          if (arg->name != NULL && strcmp (arg->name, "sort") == 0 && arg->value->kind == PRISMA_V_IDENT
              && (strcmp (arg->value->text, "Desc") == 0 || strcmp (arg->value->text, "Asc") == 0))
            desc = strcmp (arg->value->text, "Desc") == 0;
          else if (arg->name != NULL && strcmp (arg->name, "ops") == 0 && arg->value->kind == PRISMA_V_IDENT)
            opclass = mdb_name_to_snake (arg->value->text);
          else if (arg->name != NULL && strcmp (arg->name, "ops") == 0 && is_raw_ops (arg->value))
            opclass = g_strdup (((PrismaArg *) g_ptr_array_index (arg->value->args, 0))->value->text);
          else
            return fail_at (r, arg->line, arg->column,
                            "expected sort: Asc|Desc, ops: <OpClass> or ops: raw(\"<opclass>\") in %s", what);
        }
      if (index != NULL)
        mdb__schema_index_add_column (index, column, desc, opclass);
      if (out != NULL)
        g_ptr_array_add (out, g_strdup (column));
    }
  return TRUE;
}

static void
set_primary_key (Resolver *r, ResolvedModel *rm, const PrismaAttr *attr, const char *map, int line, int column)
{
  if (rm->table->pk_name != NULL)
    {
      fail_at (r, line, column, "model %s has more than one primary key", rm->block->name);
      return;
    }
  rm->table->pk_name = map != NULL ? g_strdup (map) : mdb__schema_name_pkey (rm->table->name);
}

static void
add_index (Resolver *r, ResolvedModel *rm, const PrismaAttr *attr, const PrismaValue *list, gboolean unique)
{
  const char *map = string_arg (r, attr, "map", G_MAXUINT);
  PrismaArg *type = find_arg (attr, "type", G_MAXUINT);
  g_autofree char *method = NULL;
  MdbSchemaIndex *index;

  if (type != NULL && type->value->kind != PRISMA_V_IDENT)
    {
      fail_at (r, type->line, type->column, "expected an index type such as BTree or Gin");
      return;
    }
  method = type != NULL ? g_ascii_strdown (type->value->text, -1) : g_strdup ("btree");
  index = mdb__schema_index_new (map, unique, method, attr->line);
  if (!resolve_field_list (r, rm, list, unique ? "@@unique" : "@@index", index, NULL))
    {
      mdb__schema_index_free (index);
      return;
    }
  if (map == NULL)
    {
      g_free (index->name);
      index->name = mdb__schema_name_index (rm->table->name, (const char *const *) index->columns->pdata,
                                            index->columns->len, unique ? "_key" : "_idx");
    }
  g_ptr_array_add (rm->table->indexes, index);
}

static void
resolve_block_attr (Resolver *r, ResolvedModel *rm, PrismaAttr *attr)
{
  PrismaArg *fields = find_arg (attr, "fields", 0);

  if (strcmp (attr->name, "map") == 0 || strcmp (attr->name, "ignore") == 0)
    return;   /* @@ignore: the table stays; Prisma Client leaves it out */
  if (strcmp (attr->name, "schema") == 0)
    {
      fail_schema_attr (r, attr);
      return;
    }
  if (strcmp (attr->name, "id") != 0 && strcmp (attr->name, "unique") != 0 && strcmp (attr->name, "index") != 0)
    {
      fail_at (r, attr->line, attr->column, "unknown block attribute @@%s", attr->name);
      return;
    }
  if (fields == NULL)
    {
      fail_at (r, attr->line, attr->column, "expected a list of fields in @@%s", attr->name);
      return;
    }
  if (strcmp (attr->name, "id") == 0)
    {
      const char *map = string_arg (r, attr, "map", G_MAXUINT);
      if (!r->failed)
        set_primary_key (r, rm, attr, map, attr->line, attr->column);
      if (!r->failed)
        resolve_field_list (r, rm, fields->value, "@@id", NULL, rm->table->pk_columns);
    }
  else
    add_index (r, rm, attr, fields->value, strcmp (attr->name, "unique") == 0);
}

static void
resolve_field_keys (Resolver *r, ResolvedModel *rm, PrismaField *field)
{
  const char *column = g_hash_table_lookup (rm->columns, field->name);
  PrismaAttr *id = find_attr (field->attrs, "id");
  PrismaAttr *unique = find_attr (field->attrs, "unique");

  if (column == NULL)
    return;
  if (id != NULL)
    {
      const char *map = string_arg (r, id, "map", G_MAXUINT);
      set_primary_key (r, rm, id, map, id->line, id->column);
      g_ptr_array_add (rm->table->pk_columns, g_strdup (column));
    }
  if (unique != NULL && !r->failed)
    {
      const char *map = string_arg (r, unique, "map", G_MAXUINT);
      MdbSchemaIndex *index = mdb__schema_index_new (map, TRUE, "btree", unique->line);
      mdb__schema_index_add_column (index, column, FALSE, NULL);
      if (map == NULL)
        {
          g_free (index->name);
          index->name = mdb__schema_name_index (rm->table->name, &column, 1, "_key");
        }
      g_ptr_array_add (rm->table->indexes, index);
    }
}

static const char *
referential_action (Resolver *r, const PrismaAttr *attr, const char *name, const char *fallback)
{
  static const char *const actions[][2] = {
    { "Cascade", "CASCADE" }, { "Restrict", "RESTRICT" }, { "NoAction", "NO ACTION" },
    { "SetNull", "SET NULL" }, { "SetDefault", "SET DEFAULT" },
  };
  PrismaArg *arg = find_arg (attr, name, G_MAXUINT);

  if (arg == NULL)
    return fallback;
  for (guint i = 0; arg->value->kind == PRISMA_V_IDENT && i < G_N_ELEMENTS (actions); i++)
    if (strcmp (arg->value->text, actions[i][0]) == 0)
      return actions[i][1];
  fail_at (r, arg->line, arg->column, "expected Cascade, Restrict, NoAction, SetNull or SetDefault for %s", name);
  return fallback;
}

static gboolean
fk_has_optional_field (ResolvedModel *rm, MdbSchemaForeignKey *fk)
{
  for (guint i = 0; i < fk->columns->len; i++)
    {
      MdbSchemaColumn *column = mdb__schema_table_find_column (rm->table, g_ptr_array_index (fk->columns, i));
      if (column != NULL && !column->not_null)
        return TRUE;
    }
  return FALSE;
}

static void
resolve_relation (Resolver *r, ResolvedModel *rm, PrismaField *field)
{
  PrismaAttr *attr = find_attr (field->attrs, "relation");
  ResolvedModel *target = g_hash_table_lookup (r->models, field->type);
  PrismaArg *fields = attr != NULL ? find_arg (attr, "fields", G_MAXUINT) : NULL;
  PrismaArg *refs = attr != NULL ? find_arg (attr, "references", G_MAXUINT) : NULL;
  MdbSchemaForeignKey *fk;
  const char *map;

  for (guint i = 0; i < field->attrs->len; i++)
    if (strcmp (((PrismaAttr *) g_ptr_array_index (field->attrs, i))->name, "relation") != 0
        && strcmp (((PrismaAttr *) g_ptr_array_index (field->attrs, i))->name, "ignore") != 0)
      {
        PrismaAttr *other = g_ptr_array_index (field->attrs, i);
        fail_at (r, other->line, other->column, "@%s on relation field %s", other->name, field->name);
        return;
      }
  if (fields == NULL && refs == NULL)
    return;  /* the other side of a relation: no column */
  if (fields == NULL || refs == NULL)
    {
      fail_at (r, attr->line, attr->column, "@relation needs both fields: and references:");
      return;
    }
  map = string_arg (r, attr, "map", G_MAXUINT);
  fk = mdb__schema_fk_new (map, target->table->name, field->line);
  g_ptr_array_add (rm->table->foreign_keys, fk);
  if (!resolve_field_list (r, rm, fields->value, "@relation fields", NULL, fk->columns)
      || !resolve_field_list (r, target, refs->value, "@relation references", NULL, fk->ref_columns))
    return;
  if (fk->columns->len != fk->ref_columns->len)
    {
      fail_at (r, attr->line, attr->column, "@relation fields and references differ in length (%u vs %u)",
               fk->columns->len, fk->ref_columns->len);
      return;
    }
  if (map == NULL)
    {
      g_free (fk->name);
      fk->name = mdb__schema_name_index (rm->table->name, (const char *const *) fk->columns->pdata,
                                         fk->columns->len, "_fkey");
    }
  g_free (fk->on_delete);
  g_free (fk->on_update);
  fk->on_delete = g_strdup (referential_action (r, attr, "onDelete",
                                                fk_has_optional_field (rm, fk) ? "SET NULL" : "RESTRICT"));
  fk->on_update = g_strdup (referential_action (r, attr, "onUpdate", "CASCADE"));
}

/* A model without a primary key is still valid for Prisma when a unique
 * index over required columns identifies its rows. */
static gboolean
has_required_unique (const ResolvedModel *rm)
{
  for (guint i = 0; i < rm->table->indexes->len; i++)
    {
      const MdbSchemaIndex *index = g_ptr_array_index (rm->table->indexes, i);
      gboolean required = index->unique;
      for (guint c = 0; required && c < index->columns->len; c++)
        {
          const MdbSchemaColumn *column = mdb__schema_table_find_column (rm->table,
                                                                         g_ptr_array_index (index->columns, c));
          required = column != NULL && column->not_null;
        }
      if (required)
        return TRUE;
    }
  return FALSE;
}

static void
resolve_keys (Resolver *r, ResolvedModel *rm)
{
  PrismaBlock *block = rm->block;

  for (guint i = 0; i < block->fields->len && !r->failed; i++)
    {
      PrismaField *field = g_ptr_array_index (block->fields, i);
      if (field_is_relation (r, field))
        resolve_relation (r, rm, field);
      else
        resolve_field_keys (r, rm, field);
    }
  for (guint i = 0; i < block->attrs->len && !r->failed; i++)
    resolve_block_attr (r, rm, g_ptr_array_index (block->attrs, i));
  if (!r->failed && rm->table->pk_name == NULL && !has_required_unique (rm))
    fail_at (r, block->line, block->column,
             "Error validating model \"%s\": Each model must have at least one unique criteria that has only "
             "required fields. Either mark a single field with `@id`, `@unique` or add a multi field criterion "
             "with `@@id([])` or `@@unique([])` to the model.", block->name);
}

/* ---- driver ---- */

static gboolean
declare_names (Resolver *r, GPtrArray *blocks)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < blocks->len && !r->failed; i++)
    {
      PrismaBlock *block = g_ptr_array_index (blocks, i);
      if (block->kind == PRISMA_BLOCK_OTHER)
        continue;
      if (block->kind == PRISMA_BLOCK_VIEW)
        return fail_at (r, block->line, block->column,
                        "view blocks are not supported: mdb manages tables; write view %s as SQL in a "
                        "hand-written migration (mdb migrate add NAME --empty)", block->name);
      if (block->kind == PRISMA_BLOCK_TYPE)
        return fail_at (r, block->line, block->column,
                        "type blocks (composite types) are not supported: Prisma has them for MongoDB only");
      if (scalar_sql_type (block->name) != NULL)
        return fail_at (r, block->line, block->column, "%s is a built-in type name", block->name);
      if (!g_hash_table_add (seen, block->name))
        return fail_at (r, block->line, block->column, "duplicate %s \"%s\"",
                        block->kind == PRISMA_BLOCK_MODEL ? "model" : "enum", block->name);
      if (block->kind == PRISMA_BLOCK_ENUM)
        resolve_enum (r, block);
      else
        {
          ResolvedModel *rm = g_new0 (ResolvedModel, 1);
          const char *db_name = map_name (r, block->attrs, "map", block->name);
          rm->block = block;
          rm->table = mdb__schema_table_new (db_name, block->line);
          rm->table->model = g_strdup (block->name);
          rm->columns = g_hash_table_new (g_str_hash, g_str_equal);
          rm->fields = g_hash_table_new (g_str_hash, g_str_equal);
          if (mdb__schema_find_table (r->schema, db_name) != NULL)
            fail_at (r, block->line, block->column, "duplicate table name \"%s\"", db_name);
          g_ptr_array_add (r->schema->tables, rm->table);
          g_hash_table_insert (r->models, block->name, rm);
        }
    }
  return !r->failed;
}

/* `extensions = [pg_trgm, citext, uuid_ossp(map: "uuid-ossp"), vector(version: "0.7")]`:
 * created in migrations (map: is the database name; version: is left to
 * the server's default). */
static gboolean
resolve_extensions (Resolver *r, const PrismaValue *list)
{
  if (list->kind != PRISMA_V_LIST)
    return fail_at (r, list->line, list->column, "expected a list of extensions: extensions = [pg_trgm, …]");
  r->schema->extensions = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < list->items->len; i++)
    {
      const PrismaValue *item = g_ptr_array_index (list->items, i);
      const char *name = item->text;
      for (guint a = 0; item->kind == PRISMA_V_FUNC && a < item->args->len; a++)
        {
          const PrismaArg *arg = g_ptr_array_index (item->args, a);
          gboolean is_string = arg->value->kind == PRISMA_V_STRING;
          if (arg->name != NULL && strcmp (arg->name, "map") == 0 && is_string)
            name = arg->value->text;
          else if (arg->name != NULL && strcmp (arg->name, "schema") == 0 && is_string
                   && strcmp (arg->value->text, "public") != 0)
            return fail_at (r, arg->line, arg->column,
                            "extension %s in schema \"%s\": mdb manages the public schema only", item->text,
                            arg->value->text);
          else if (arg->name == NULL || !is_string
                   || (strcmp (arg->name, "version") != 0 && strcmp (arg->name, "schema") != 0))
            return fail_at (r, arg->line, arg->column, "expected map:, schema: or version: \"…\" for extension %s",
                            item->text);
        }
      if (item->kind != PRISMA_V_IDENT && item->kind != PRISMA_V_FUNC)
        return fail_at (r, item->line, item->column, "expected an extension name");
      g_ptr_array_add (r->schema->extensions, g_strdup (name));
    }
  return TRUE;
}

/* The datasource settings that change the database: `extensions`, and
 * `relationMode`: "prisma" means Prisma Client keeps the relations, so no
 * foreign keys are made (Prisma's DDL has none then). */
static gboolean
resolve_datasource (Resolver *r, GPtrArray *blocks)
{
  for (guint i = 0; i < blocks->len; i++)
    {
      const PrismaBlock *block = g_ptr_array_index (blocks, i);
      for (guint f = 0; block->kind == PRISMA_BLOCK_OTHER && strcmp (block->keyword, "datasource") == 0
                        && f < block->fields->len; f++)
        {
          const PrismaField *setting = g_ptr_array_index (block->fields, f);
          const PrismaValue *v = setting->value;
          if (strcmp (setting->name, "extensions") == 0)
            {
              if (!resolve_extensions (r, v))
                return FALSE;
              continue;
            }
          if (strcmp (setting->name, "relationMode") != 0)
            continue;
          if (v->kind != PRISMA_V_STRING || (strcmp (v->text, "prisma") != 0 && strcmp (v->text, "foreignKeys") != 0))
            return fail_at (r, v->line, v->column, "expected relationMode = \"foreignKeys\" or \"prisma\"");
          for (guint t = 0; strcmp (v->text, "prisma") == 0 && t < r->schema->tables->len; t++)
            g_ptr_array_set_size (((MdbSchemaTable *) g_ptr_array_index (r->schema->tables, t))->foreign_keys, 0);
        }
    }
  return TRUE;
}

/**
 * mdb__prisma_resolve:
 * @blocks: (element-type PrismaBlock): parsed blocks
 * @path: file name for messages
 * @error: return location for a #GError
 *
 * Computes tables, columns, keys and names from the parsed blocks.
 * Sets %MDB_ERROR_INVALID_INPUT naming file:line:column.
 *
 * Returns: (transfer full): the model, or %NULL
 * Since: 0.1
 */
MdbSchema *
mdb__prisma_resolve (GPtrArray *blocks, const char *path, GError **error)
{
  Resolver r = { .path = path, .error = error };
  GPtrArray *models = g_ptr_array_new ();

  r.schema = mdb__schema_new (path);
  r.enums = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) resolved_enum_free);
  r.models = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) resolved_model_free);
  if (declare_names (&r, blocks))
    {
      for (guint i = 0; i < blocks->len; i++)
        {
          PrismaBlock *block = g_ptr_array_index (blocks, i);
          if (block->kind == PRISMA_BLOCK_MODEL)
            g_ptr_array_add (models, g_hash_table_lookup (r.models, block->name));
        }
      for (guint i = 0; i < models->len && !r.failed; i++)
        resolve_columns (&r, g_ptr_array_index (models, i));
      for (guint i = 0; i < models->len && !r.failed; i++)
        resolve_keys (&r, g_ptr_array_index (models, i));
      if (!r.failed)
        {
          g_autoptr (GPtrArray) relations = mdb__prisma_pair_relations (blocks, path, error);
          r.failed = relations == NULL || !mdb__prisma_add_join_tables (r.schema, relations, path, error)
                     || !resolve_datasource (&r, blocks);
        }
    }
  g_ptr_array_unref (models);
  g_hash_table_unref (r.enums);
  g_hash_table_unref (r.models);
  if (r.failed)
    {
      mdb__schema_free (r.schema);
      return NULL;
    }
  return r.schema;
}
