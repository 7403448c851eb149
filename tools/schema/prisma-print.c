/* SPDX-License-Identifier: MIT */
/* A schema model written as Prisma schema text, for `mdb schema pull`: what
 * the resolver reads back into the same model, so pull → migrate diff
 * --from-database is empty.  Names that are not Prisma identifiers get
 * @map/@@map; defaults other than the common ones are dbgenerated(). */
#include <string.h>
#include "schema-model.h"

/* @name as a Prisma identifier (letters, digits, '_', a letter first). */
static char *
ident_of (const char *name)
{
  GString *out = g_string_new (g_ascii_isalpha (*name) ? "" : "x_");

  for (const char *c = name; *c != '\0'; c++)
    g_string_append_c (out, g_ascii_isalnum (*c) ? *c : '_');
  return g_string_free (out, FALSE);
}

/* A Prisma string literal. */
static void
append_string (GString *out, const char *text)
{
  g_string_append_c (out, '"');
  for (const char *c = text; *c != '\0'; c++)
    {
      if (*c == '"' || *c == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *c);
    }
  g_string_append_c (out, '"');
}

typedef struct {
  const char *sql;      /* format_type() spelling, exact or a prefix before "(" */
  const char *scalar;
  const char *native;   /* @db.X, or NULL: the scalar's default type */
  const char *suffix;   /* what follows "(args)" in the spelling; NULL: no arguments */
} TypeMap;

static const TypeMap types[] = {
  { "text", "String", NULL, NULL },
  { "uuid", "String", "Uuid", NULL },
  { "character varying", "String", "VarChar", NULL },
  { "character varying", "String", "VarChar", "" },
  { "character", "String", "Char", "" },
  { "timestamp(3) without time zone", "DateTime", NULL, NULL },
  /* A bare @db.Timestamptz/Timestamp/Decimal is the server's default
   * (precision 6, unconstrained numeric), as Prisma's DDL makes it. */
  { "timestamp with time zone", "DateTime", "Timestamptz", NULL },
  { "timestamp without time zone", "DateTime", "Timestamp", NULL },
  { "timestamp", "DateTime", "Timestamp", " without time zone" },
  { "timestamp", "DateTime", "Timestamptz", " with time zone" },
  { "date", "DateTime", "Date", NULL },
  { "integer", "Int", NULL, NULL },
  { "smallint", "Int", "SmallInt", NULL },
  { "bigint", "BigInt", NULL, NULL },
  { "real", "Float", "Real", NULL },
  { "double precision", "Float", NULL, NULL },
  { "numeric(65,30)", "Decimal", NULL, NULL },
  { "numeric", "Decimal", "Decimal", NULL },
  { "numeric", "Decimal", "Decimal", "" },
  { "jsonb", "Json", NULL, NULL },
  { "json", "Json", "Json", NULL },
  { "boolean", "Boolean", NULL, NULL },
  { "bytea", "Bytes", NULL, NULL },
};

/* The Prisma type and native attribute ("@db.VarChar(20)", maybe "") of a
 * column type; NULL when Prisma has no spelling for it. */
static const char *
prisma_type (const char *sql, char **native)
{
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      const TypeMap *t = &types[i];
      gsize n = strlen (t->sql);

      if (t->suffix == NULL && strcmp (sql, t->sql) == 0)
        {
          *native = t->native ? g_strdup_printf (" @db.%s", t->native) : g_strdup ("");
          return t->scalar;
        }
      if (t->suffix != NULL && strncmp (sql, t->sql, n) == 0 && sql[n] == '('
          && g_str_has_suffix (sql, t->suffix) && strchr (sql, ')') != NULL
          && strcmp (strchr (sql, ')') + 1, t->suffix) == 0)
        {
          g_autofree char *args = g_strndup (sql + n + 1, strchr (sql, ')') - (sql + n + 1));
          *native = g_strdup_printf (" @db.%s(%s)", t->native, args);
          return t->scalar;
        }
    }
  *native = NULL;
  return NULL;
}

static gboolean
is_plain_number (const char *text)
{
  if (*text == '\0')
    return FALSE;
  for (const char *c = text; *c != '\0'; c++)
    if (!g_ascii_isdigit (*c))
      return FALSE;
  return TRUE;
}

static void
append_default (GString *out, const MdbSchemaColumn *column, const char *scalar)
{
  const char *e = column->default_expr;

  if (column->serial)
    g_string_append (out, " @default(autoincrement())");
  else if (e == NULL)
    return;
  else if (strcmp (e, "CURRENT_TIMESTAMP") == 0)
    g_string_append (out, " @default(now())");
  else if (strcmp (e, "gen_random_uuid()") == 0)
    g_string_append (out, " @default(uuid())");
  else if (g_strcmp0 (scalar, "Boolean") == 0 && (strcmp (e, "true") == 0 || strcmp (e, "false") == 0))
    g_string_append_printf (out, " @default(%s)", e);
  else if (is_plain_number (e) && !column->is_enum && !column->is_list)
    g_string_append_printf (out, " @default(%s)", e);
  else
    {
      g_string_append (out, " @default(dbgenerated(");
      append_string (out, e);
      g_string_append (out, "))");
    }
}

static gboolean
is_single_pk (const MdbSchemaTable *t, const char *column)
{
  return t->pk_columns != NULL && t->pk_columns->len == 1 && strcmp (g_ptr_array_index (t->pk_columns, 0), column) == 0;
}

static void
append_map (GString *out, const char *attr, const char *name, const char *ident)
{
  if (strcmp (name, ident) == 0)
    return;
  g_string_append_printf (out, " %s(", attr);
  append_string (out, name);
  g_string_append_c (out, ')');
}

static void
print_column (GString *out, const MdbSchemaTable *t, const MdbSchemaColumn *c, GPtrArray *problems)
{
  g_autofree char *ident = ident_of (c->name);
  g_autofree char *native = NULL;
  g_autofree char *type_ident = c->is_enum ? ident_of (c->type) : NULL;
  const char *scalar = c->is_enum ? type_ident : prisma_type (c->type, &native);

  if (scalar == NULL)
    {
      g_ptr_array_add (problems, g_strdup_printf ("%s.%s: type %s has no Prisma spelling (written as "
                                                  "Unsupported)", t->name, c->name, c->type));
      g_string_append_printf (out, "  %s Unsupported(", ident);
      append_string (out, c->type);
      g_string_append (out, ")");
    }
  else
    g_string_append_printf (out, "  %s %s%s%s", ident, scalar, c->is_list ? "[]" : "",
                            !c->not_null && !c->is_list ? "?" : "");
  if (native != NULL)
    g_string_append (out, native);
  if (is_single_pk (t, c->name))
    {
      g_autofree char *dflt = mdb__schema_name_pkey (t->name);
      g_string_append (out, " @id");
      if (strcmp (dflt, t->pk_name) != 0)
        {
          g_string_append (out, "(map: ");
          append_string (out, t->pk_name);
          g_string_append_c (out, ')');
        }
    }
  append_default (out, c, scalar);
  append_map (out, "@map", c->name, ident);
  g_string_append_c (out, '\n');
}

static void
append_field_list (GString *out, GPtrArray *columns, const MdbSchemaIndex *index)
{
  g_string_append_c (out, '[');
  for (guint i = 0; i < columns->len; i++)
    {
      g_autofree char *ident = ident_of (g_ptr_array_index (columns, i));
      gboolean desc = index != NULL && index->desc != NULL && i < index->desc->len
                      && g_array_index (index->desc, gboolean, i);
      const char *ops = index != NULL && index->opclasses != NULL && i < index->opclasses->len
                        ? g_ptr_array_index (index->opclasses, i) : NULL;

      g_string_append_printf (out, "%s%s", i ? ", " : "", ident);
      if (desc || ops != NULL)
        g_string_append_printf (out, "(%s%s%s%s)", desc ? "sort: Desc" : "", desc && ops ? ", " : "",
                                ops ? "ops: " : "", ops ? ops : "");
    }
  g_string_append_c (out, ']');
}

static const char *
method_name (const char *method)
{
  static const char *const names[][2] = {
    { "gin", "Gin" }, { "gist", "Gist" }, { "hash", "Hash" }, { "brin", "Brin" }, { "spgist", "SpGist" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (method, names[i][0]) == 0)
      return names[i][1];
  return NULL;
}

static void
print_index (GString *out, const MdbSchemaTable *t, const MdbSchemaIndex *index)
{
  g_autofree char *dflt = mdb__schema_name_index (t->name, (const char *const *) index->columns->pdata,
                                                  index->columns->len, index->unique ? "_key" : "_idx");

  g_string_append_printf (out, "  @@%s(", index->unique ? "unique" : "index");
  append_field_list (out, index->columns, index);
  if (strcmp (dflt, index->name) != 0)
    {
      g_string_append (out, ", map: ");
      append_string (out, index->name);
    }
  if (method_name (index->method) != NULL)
    g_string_append_printf (out, ", type: %s", method_name (index->method));
  g_string_append (out, ")\n");
}

static const char *
action_name (const char *sql)
{
  static const char *const names[][2] = {
    { "CASCADE", "Cascade" }, { "RESTRICT", "Restrict" }, { "NO ACTION", "NoAction" },
    { "SET NULL", "SetNull" }, { "SET DEFAULT", "SetDefault" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (sql, names[i][0]) == 0)
      return names[i][1];
  return "NoAction";
}

/* The relation field for @fk on its table, and the opposite field on the
 * table it references (Prisma requires both), named by the constraint. */
static void
print_relation (GString *out, const MdbSchemaTable *t, const MdbSchemaForeignKey *fk)
{
  g_autofree char *field = ident_of (fk->name);
  g_autofree char *target = ident_of (fk->ref_table);
  gboolean optional = FALSE;

  for (guint i = 0; i < fk->columns->len; i++)
    {
      MdbSchemaColumn *c = mdb__schema_table_find_column (t, g_ptr_array_index (fk->columns, i));
      optional |= c != NULL && !c->not_null;
    }
  g_string_append_printf (out, "  rel_%s %s%s @relation(", field, target, optional ? "?" : "");
  append_string (out, fk->name);
  g_string_append (out, ", fields: ");
  append_field_list (out, fk->columns, NULL);
  g_string_append (out, ", references: ");
  append_field_list (out, fk->ref_columns, NULL);
  g_string_append_printf (out, ", onDelete: %s, onUpdate: %s, map: ", action_name (fk->on_delete),
                          action_name (fk->on_update));
  append_string (out, fk->name);
  g_string_append (out, ")\n");
}

/* TRUE when @columns are exactly @t's primary key or one of its unique
 * indexes: the relation is one-to-one, its opposite field optional. */
static gboolean
columns_unique (const MdbSchemaTable *t, GPtrArray *columns)
{
  gboolean found = FALSE;

  for (guint i = 0; !found && i <= t->indexes->len; i++)
    {
      GPtrArray *cols = i < t->indexes->len ? ((MdbSchemaIndex *) g_ptr_array_index (t->indexes, i))->columns
                                            : t->pk_columns;
      gboolean unique = i < t->indexes->len ? ((MdbSchemaIndex *) g_ptr_array_index (t->indexes, i))->unique : TRUE;

      if (!unique || cols == NULL || cols->len != columns->len)
        continue;
      found = TRUE;
      for (guint k = 0; k < cols->len; k++)
        found &= strcmp (g_ptr_array_index (cols, k), g_ptr_array_index (columns, k)) == 0;
    }
  return found;
}

static void
print_back_relations (GString *out, const MdbSchema *schema, const MdbSchemaTable *t)
{
  for (guint i = 0; i < schema->tables->len; i++)
    {
      const MdbSchemaTable *from = g_ptr_array_index (schema->tables, i);
      g_autofree char *model = ident_of (from->name);

      for (guint k = 0; k < from->foreign_keys->len; k++)
        {
          const MdbSchemaForeignKey *fk = g_ptr_array_index (from->foreign_keys, k);
          g_autofree char *field = ident_of (fk->name);

          if (strcmp (fk->ref_table, t->name) != 0)
            continue;
          g_string_append_printf (out, "  back_%s %s%s @relation(", field, model,
                                  columns_unique (from, fk->columns) ? "?" : "[]");
          append_string (out, fk->name);
          g_string_append (out, ")\n");
        }
    }
}

static void
print_model (GString *out, const MdbSchema *schema, const MdbSchemaTable *t, GPtrArray *problems)
{
  g_autofree char *model = ident_of (t->name);

  g_string_append_printf (out, "model %s {\n", model);
  for (guint i = 0; i < t->columns->len; i++)
    print_column (out, t, g_ptr_array_index (t->columns, i), problems);
  for (guint i = 0; i < t->foreign_keys->len; i++)
    print_relation (out, t, g_ptr_array_index (t->foreign_keys, i));
  print_back_relations (out, schema, t);
  if (t->pk_columns != NULL && t->pk_columns->len > 1)
    {
      g_autofree char *dflt = mdb__schema_name_pkey (t->name);
      g_string_append (out, "  @@id(");
      append_field_list (out, t->pk_columns, NULL);
      if (strcmp (dflt, t->pk_name) != 0)
        {
          g_string_append (out, ", map: ");
          append_string (out, t->pk_name);
        }
      g_string_append (out, ")\n");
    }
  else if (t->pk_columns == NULL || t->pk_columns->len == 0)
    g_ptr_array_add (problems, g_strdup_printf ("%s: no primary key (Prisma needs one)", t->name));
  for (guint i = 0; i < t->indexes->len; i++)
    print_index (out, t, g_ptr_array_index (t->indexes, i));
  append_map (out, "@@map", t->name, model);
  g_string_append (out, "}\n\n");
}

static void
print_enum (GString *out, const MdbSchemaEnum *en)
{
  g_autofree char *name = ident_of (en->name);

  g_string_append_printf (out, "enum %s {\n", name);
  for (guint i = 0; i < en->values->len; i++)
    {
      const char *label = g_ptr_array_index (en->values, i);
      g_autofree char *ident = ident_of (label);

      g_string_append_printf (out, "  %s", ident);
      append_map (out, "@map", label, ident);
      g_string_append_c (out, '\n');
    }
  append_map (out, "@@map", en->name, name);
  g_string_append (out, "}\n\n");
}

/**
 * mdb__prisma_print:
 * @schema: a schema model (introspected)
 * @header: (nullable): a comment for the top of the file, without "//"
 * @problems: (element-type utf8): gets one line per thing Prisma cannot say
 *
 * Returns: (transfer full): the Prisma schema text
 */
char *
mdb__prisma_print (const MdbSchema *schema, const char *header, GPtrArray *problems)
{
  GString *out = g_string_new (NULL);

  if (header != NULL)
    g_string_append_printf (out, "// %s\n\n", header);
  for (guint i = 0; i < schema->enums->len; i++)
    print_enum (out, g_ptr_array_index (schema->enums, i));
  for (guint i = 0; i < schema->tables->len; i++)
    print_model (out, schema, g_ptr_array_index (schema->tables, i), problems);
  g_string_truncate (out, out->len > 1 ? out->len - 1 : out->len);
  return g_string_free (out, FALSE);
}
