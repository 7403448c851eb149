/* SPDX-License-Identifier: MIT */
/* The schema model: tables, columns, keys, indexes, enums, and their names. */
#include "schema-model.h"

#include <string.h>

MdbSchema *
mdb__schema_new (const char *path)
{
  MdbSchema *schema = g_new0 (MdbSchema, 1);

  schema->path = g_strdup (path);
  schema->enums = g_ptr_array_new_with_free_func ((GDestroyNotify) mdb__schema_enum_free);
  schema->tables = g_ptr_array_new_with_free_func ((GDestroyNotify) mdb__schema_table_free);
  return schema;
}

void
mdb__schema_free (MdbSchema *schema)
{
  if (schema == NULL)
    return;
  g_free (schema->path);
  g_ptr_array_unref (schema->enums);
  g_ptr_array_unref (schema->tables);
  if (schema->extensions != NULL)
    g_ptr_array_unref (schema->extensions);
  g_free (schema);
}

MdbSchemaTable *
mdb__schema_table_new (const char *name, int line)
{
  MdbSchemaTable *table = g_new0 (MdbSchemaTable, 1);

  table->name = g_strdup (name);
  table->line = line;
  table->columns = g_ptr_array_new_with_free_func ((GDestroyNotify) mdb__schema_column_free);
  table->pk_columns = g_ptr_array_new_with_free_func (g_free);
  table->indexes = g_ptr_array_new_with_free_func ((GDestroyNotify) mdb__schema_index_free);
  table->foreign_keys = g_ptr_array_new_with_free_func ((GDestroyNotify) mdb__schema_fk_free);
  return table;
}

void
mdb__schema_table_free (MdbSchemaTable *table)
{
  if (table == NULL)
    return;
  g_free (table->name);
  g_free (table->model);
  g_free (table->pk_name);
  g_ptr_array_unref (table->columns);
  g_ptr_array_unref (table->pk_columns);
  g_ptr_array_unref (table->indexes);
  g_ptr_array_unref (table->foreign_keys);
  g_free (table);
}

MdbSchemaEnum *
mdb__schema_enum_new (const char *name, int line)
{
  MdbSchemaEnum *en = g_new0 (MdbSchemaEnum, 1);

  en->name = g_strdup (name);
  en->line = line;
  en->values = g_ptr_array_new_with_free_func (g_free);
  return en;
}

void
mdb__schema_enum_free (MdbSchemaEnum *en)
{
  if (en == NULL)
    return;
  g_free (en->name);
  g_ptr_array_unref (en->values);
  g_free (en);
}

MdbSchemaColumn *
mdb__schema_column_new (const char *name, const char *type, int line)
{
  MdbSchemaColumn *column = g_new0 (MdbSchemaColumn, 1);

  column->name = g_strdup (name);
  column->type = g_strdup (type);
  column->line = line;
  return column;
}

void
mdb__schema_column_free (MdbSchemaColumn *column)
{
  if (column == NULL)
    return;
  g_free (column->name);
  g_free (column->type);
  g_free (column->default_expr);
  g_free (column);
}

MdbSchemaIndex *
mdb__schema_index_new (const char *name, gboolean unique, const char *method, int line)
{
  MdbSchemaIndex *index = g_new0 (MdbSchemaIndex, 1);

  index->name = g_strdup (name);
  index->unique = unique;
  index->method = g_strdup (method != NULL ? method : "btree");
  index->line = line;
  index->columns = g_ptr_array_new_with_free_func (g_free);
  index->opclasses = g_ptr_array_new_with_free_func (g_free);
  index->desc = g_array_new (FALSE, TRUE, sizeof (gboolean));
  return index;
}

void
mdb__schema_index_add_column (MdbSchemaIndex *index, const char *column,
                              gboolean desc, const char *opclass)
{
  g_ptr_array_add (index->columns, g_strdup (column));
  g_ptr_array_add (index->opclasses, g_strdup (opclass));
  g_array_append_val (index->desc, desc);
}

void
mdb__schema_index_free (MdbSchemaIndex *index)
{
  if (index == NULL)
    return;
  g_free (index->name);
  g_free (index->method);
  g_ptr_array_unref (index->columns);
  g_ptr_array_unref (index->opclasses);
  g_array_unref (index->desc);
  g_free (index);
}

MdbSchemaForeignKey *
mdb__schema_fk_new (const char *name, const char *ref_table, int line)
{
  MdbSchemaForeignKey *fk = g_new0 (MdbSchemaForeignKey, 1);

  fk->name = g_strdup (name);
  fk->ref_table = g_strdup (ref_table);
  fk->line = line;
  fk->columns = g_ptr_array_new_with_free_func (g_free);
  fk->ref_columns = g_ptr_array_new_with_free_func (g_free);
  fk->on_delete = g_strdup ("NO ACTION");
  fk->on_update = g_strdup ("NO ACTION");
  return fk;
}

void
mdb__schema_fk_free (MdbSchemaForeignKey *fk)
{
  if (fk == NULL)
    return;
  g_free (fk->name);
  g_free (fk->ref_table);
  g_free (fk->on_delete);
  g_free (fk->on_update);
  g_ptr_array_unref (fk->columns);
  g_ptr_array_unref (fk->ref_columns);
  g_free (fk);
}

MdbSchemaTable *
mdb__schema_find_table (const MdbSchema *schema, const char *name)
{
  for (guint i = 0; i < schema->tables->len; i++)
    {
      MdbSchemaTable *table = g_ptr_array_index (schema->tables, i);
      if (g_strcmp0 (table->name, name) == 0)
        return table;
    }
  return NULL;
}

MdbSchemaEnum *
mdb__schema_find_enum (const MdbSchema *schema, const char *name)
{
  for (guint i = 0; i < schema->enums->len; i++)
    {
      MdbSchemaEnum *en = g_ptr_array_index (schema->enums, i);
      if (g_strcmp0 (en->name, name) == 0)
        return en;
    }
  return NULL;
}

MdbSchemaColumn *
mdb__schema_table_find_column (const MdbSchemaTable *table, const char *name)
{
  for (guint i = 0; i < table->columns->len; i++)
    {
      MdbSchemaColumn *column = g_ptr_array_index (table->columns, i);
      if (g_strcmp0 (column->name, name) == 0)
        return column;
    }
  return NULL;
}

static int
compare_tables (gconstpointer a, gconstpointer b)
{
  const MdbSchemaTable *ta = *(MdbSchemaTable *const *) a;
  const MdbSchemaTable *tb = *(MdbSchemaTable *const *) b;
  return strcmp (ta->name, tb->name);
}

static int
compare_enums (gconstpointer a, gconstpointer b)
{
  const MdbSchemaEnum *ea = *(MdbSchemaEnum *const *) a;
  const MdbSchemaEnum *eb = *(MdbSchemaEnum *const *) b;
  return strcmp (ea->name, eb->name);
}

static int
compare_indexes (gconstpointer a, gconstpointer b)
{
  const MdbSchemaIndex *ia = *(MdbSchemaIndex *const *) a;
  const MdbSchemaIndex *ib = *(MdbSchemaIndex *const *) b;
  return strcmp (ia->name, ib->name);
}

static int
compare_fks (gconstpointer a, gconstpointer b)
{
  const MdbSchemaForeignKey *fa = *(MdbSchemaForeignKey *const *) a;
  const MdbSchemaForeignKey *fb = *(MdbSchemaForeignKey *const *) b;
  return strcmp (fa->name, fb->name);
}

void
mdb__schema_sort (MdbSchema *schema)
{
  g_ptr_array_sort (schema->tables, compare_tables);
  g_ptr_array_sort (schema->enums, compare_enums);
  for (guint i = 0; i < schema->tables->len; i++)
    {
      MdbSchemaTable *table = g_ptr_array_index (schema->tables, i);
      g_ptr_array_sort (table->indexes, compare_indexes);
      g_ptr_array_sort (table->foreign_keys, compare_fks);
    }
}

/* Largest length <= @limit that does not cut a UTF-8 sequence. */
static gsize
floor_char_boundary (const char *s, gsize len, gsize limit)
{
  if (limit >= len)
    return len;
  while (limit > 0 && ((guchar) s[limit] & 0xC0) == 0x80)
    limit--;
  return limit;
}

static char *
truncate_with_suffix (GString *stem, const char *suffix)
{
  gsize limit = MDB_SCHEMA_MAX_IDENT - strlen (suffix);

  /* Prisma truncates when the stem reaches the limit, not only beyond it. */
  if (stem->len >= limit)
    g_string_truncate (stem, floor_char_boundary (stem->str, stem->len, limit));
  g_string_append (stem, suffix);
  return g_string_free (stem, FALSE);
}

char *
mdb__schema_name_pkey (const char *table)
{
  return truncate_with_suffix (g_string_new (table), "_pkey");
}

char *
mdb__schema_name_index (const char *table, const char *const *columns, guint n,
                        const char *suffix)
{
  GString *stem = g_string_new (table);

  for (guint i = 0; i < n; i++)
    {
      g_string_append_c (stem, '_');
      g_string_append (stem, columns[i]);
    }
  return truncate_with_suffix (stem, suffix);
}

char *
mdb__schema_normalize_default (const char *expr)
{
  const char *p;

  if (expr == NULL)
    return NULL;
  if (expr[0] != '\'')
    return g_strdup (expr);
  /* Find the end of the quoted literal ('' is an escaped quote). */
  for (p = expr + 1; *p != '\0'; p++)
    {
      if (*p == '\'' && p[1] == '\'')
        p++;
      else if (*p == '\'')
        break;
    }
  if (*p == '\'' && g_str_has_prefix (p + 1, "::"))
    return g_strndup (expr, p + 1 - expr);
  return g_strdup (expr);
}

char *
mdb__sql_quote_ident (const char *ident)
{
  GString *out = g_string_new ("\"");

  for (const char *p = ident; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}
