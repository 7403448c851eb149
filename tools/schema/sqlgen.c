/* SPDX-License-Identifier: MIT */
/* SQL text for single schema objects, Prisma Migrate's style (every identifier quoted). */
#include "schema-model.h"

#include <string.h>

static void
append_ident (GString *out, const char *ident)
{
  g_autofree char *quoted = mdb__sql_quote_ident (ident);
  g_string_append (out, quoted);
}

static void
append_ident_list (GString *out, GPtrArray *names)
{
  for (guint i = 0; i < names->len; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      append_ident (out, g_ptr_array_index (names, i));
    }
}

/* The column's type as DDL: serial pseudo-types, quoted enum names, arrays. */
static char *
column_type_sql (const MdbSchemaColumn *column)
{
  GString *out = g_string_new (NULL);

  if (column->serial && strcmp (column->type, "bigint") == 0)
    g_string_append (out, "BIGSERIAL");
  else if (column->serial && strcmp (column->type, "smallint") == 0)
    g_string_append (out, "SMALLSERIAL");
  else if (column->serial)
    g_string_append (out, "SERIAL");
  else if (column->is_enum)
    append_ident (out, column->type);
  else
    g_string_append (out, column->type);
  if (column->is_list)
    g_string_append (out, "[]");
  return g_string_free (out, FALSE);
}

char *
mdb__sql_column_def (const MdbSchemaColumn *column)
{
  GString *out = g_string_new (NULL);
  g_autofree char *type = column_type_sql (column);

  append_ident (out, column->name);
  g_string_append_printf (out, " %s", type);
  if (column->not_null)
    g_string_append (out, " NOT NULL");
  if (column->default_expr != NULL)
    g_string_append_printf (out, " DEFAULT %s", column->default_expr);
  return g_string_free (out, FALSE);
}

char *
mdb__sql_create_table (const MdbSchemaTable *table)
{
  GString *out = g_string_new ("CREATE TABLE ");

  append_ident (out, table->name);
  g_string_append (out, " (\n");
  for (guint i = 0; i < table->columns->len; i++)
    {
      g_autofree char *def = mdb__sql_column_def (g_ptr_array_index (table->columns, i));
      g_string_append_printf (out, "    %s%s\n", def,
                              i + 1 < table->columns->len || table->pk_name != NULL ? "," : "");
    }
  if (table->pk_name != NULL)
    {
      g_string_append (out, "\n    CONSTRAINT ");
      append_ident (out, table->pk_name);
      g_string_append (out, " PRIMARY KEY (");
      append_ident_list (out, table->pk_columns);
      g_string_append (out, ")\n");
    }
  g_string_append (out, ");\n");
  return g_string_free (out, FALSE);
}

char *
mdb__sql_create_index (const MdbSchemaTable *table, const MdbSchemaIndex *index)
{
  GString *out = g_string_new (index->unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");

  append_ident (out, index->name);
  g_string_append (out, " ON ");
  append_ident (out, table->name);
  if (strcmp (index->method, "btree") != 0)
    g_string_append_printf (out, " USING %s", index->method);
  g_string_append (out, "(");
  for (guint i = 0; i < index->columns->len; i++)
    {
      const char *opclass = g_ptr_array_index (index->opclasses, i);
      if (i > 0)
        g_string_append (out, ", ");
      append_ident (out, g_ptr_array_index (index->columns, i));
      if (opclass != NULL)
        g_string_append_printf (out, " %s", opclass);
      if (g_array_index (index->desc, gboolean, i))
        g_string_append (out, " DESC");
    }
  g_string_append (out, ");\n");
  return g_string_free (out, FALSE);
}

char *
mdb__sql_add_fk (const MdbSchemaTable *table, const MdbSchemaForeignKey *fk)
{
  GString *out = g_string_new ("ALTER TABLE ");

  append_ident (out, table->name);
  g_string_append (out, " ADD CONSTRAINT ");
  append_ident (out, fk->name);
  g_string_append (out, " FOREIGN KEY (");
  append_ident_list (out, fk->columns);
  g_string_append (out, ") REFERENCES ");
  append_ident (out, fk->ref_table);
  g_string_append (out, "(");
  append_ident_list (out, fk->ref_columns);
  g_string_append_printf (out, ") ON DELETE %s ON UPDATE %s;\n", fk->on_delete, fk->on_update);
  return g_string_free (out, FALSE);
}

static void
append_literal (GString *out, const char *text)
{
  g_string_append_c (out, '\'');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\'')
        g_string_append_c (out, '\'');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '\'');
}

char *
mdb__sql_create_enum (const MdbSchemaEnum *en)
{
  GString *out = g_string_new ("CREATE TYPE ");

  append_ident (out, en->name);
  g_string_append (out, " AS ENUM (");
  for (guint i = 0; i < en->values->len; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      append_literal (out, g_ptr_array_index (en->values, i));
    }
  g_string_append (out, ");\n");
  return g_string_free (out, FALSE);
}
