/* SPDX-License-Identifier: MIT */
/* Schema lint: the index strategy (foreign keys indexed, no redundant indexes, timestamptz ordering). */
#include "schema-model.h"

#include <stdarg.h>
#include <string.h>

static void G_GNUC_PRINTF (4, 5)
report (GPtrArray *out, const MdbSchema *schema, const MdbSchemaTable *table, const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (out, g_strdup_printf ("%s:%d: model %s: %s", schema->path != NULL ? schema->path : "<schema>",
                                         table->line, table->model != NULL ? table->model : table->name, message));
}

static gboolean
contains (GPtrArray *names, guint n, const char *name)
{
  for (guint i = 0; i < n && i < names->len; i++)
    if (strcmp (g_ptr_array_index (names, i), name) == 0)
      return TRUE;
  return FALSE;
}

/* TRUE when the first columns of @cols are exactly the set @fk_cols. */
static gboolean
leads_with (GPtrArray *cols, GPtrArray *fk_cols)
{
  if (cols->len < fk_cols->len)
    return FALSE;
  for (guint i = 0; i < fk_cols->len; i++)
    if (!contains (cols, fk_cols->len, g_ptr_array_index (fk_cols, i)))
      return FALSE;
  return TRUE;
}

static gboolean
fk_is_covered (const MdbSchemaTable *table, const MdbSchemaForeignKey *fk)
{
  if (leads_with (table->pk_columns, fk->columns))
    return TRUE;
  for (guint i = 0; i < table->indexes->len; i++)
    {
      MdbSchemaIndex *index = g_ptr_array_index (table->indexes, i);
      if (strcmp (index->method, "btree") == 0 && leads_with (index->columns, fk->columns))
        return TRUE;
    }
  return FALSE;
}

/* TRUE when @a's columns are the first columns of @b. */
static gboolean
is_prefix (GPtrArray *a, GPtrArray *b)
{
  if (a->len > b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (strcmp (g_ptr_array_index (a, i), g_ptr_array_index (b, i)) != 0)
      return FALSE;
  return TRUE;
}

static void
lint_redundant (GPtrArray *out, const MdbSchema *schema, const MdbSchemaTable *table)
{
  for (guint i = 0; i < table->indexes->len; i++)
    {
      MdbSchemaIndex *index = g_ptr_array_index (table->indexes, i);
      if (strcmp (index->method, "btree") != 0)
        continue;
      if (table->pk_name != NULL && is_prefix (index->columns, table->pk_columns)
          && (!index->unique || index->columns->len == table->pk_columns->len))
        {
          report (out, schema, table, "index %s duplicates or is a prefix of the primary key %s",
                  index->name, table->pk_name);
          continue;
        }
      for (guint j = 0; j < table->indexes->len; j++)
        {
          MdbSchemaIndex *other = g_ptr_array_index (table->indexes, j);
          gboolean same = index->columns->len == other->columns->len;
          if (i == j || strcmp (other->method, "btree") != 0 || !is_prefix (index->columns, other->columns))
            continue;
          /* A unique index enforces something: only an identical unique one makes it redundant. */
          if (index->unique && !(same && other->unique))
            continue;
          /* Report a pair of identical indexes once. */
          if (same && index->unique == other->unique && j > i)
            continue;
          report (out, schema, table, "index %s %s %s", index->name,
                  same ? "duplicates" : "is a prefix of", other->name);
          break;
        }
    }
}

static void
lint_time_columns (GPtrArray *out, const MdbSchema *schema, const MdbSchemaTable *table)
{
  for (guint i = 0; i < table->indexes->len; i++)
    {
      MdbSchemaIndex *index = g_ptr_array_index (table->indexes, i);
      for (guint c = 0; c < index->columns->len; c++)
        {
          MdbSchemaColumn *column = mdb__schema_table_find_column (table, g_ptr_array_index (index->columns, c));
          if (column != NULL && column->is_datetime && g_str_has_prefix (column->type, "timestamp")
              && strstr (column->type, "with time zone") == NULL)
            report (out, schema, table, "index %s orders by %s, which is %s: use @db.Timestamptz",
                    index->name, column->name, column->type);
        }
    }
}

/**
 * mdb__schema_lint:
 * @schema: a parsed schema
 *
 * Checks the index strategy: every foreign key has an index (or the
 * primary key) whose leading columns are its columns; no index duplicates
 * or is a prefix of another index or of the primary key; every timestamp
 * used in an index is timestamptz.
 *
 * Returns: (transfer full) (element-type utf8): findings, "file:LINE: model X: …"
 * Since: 0.1
 */
GPtrArray *
mdb__schema_lint (const MdbSchema *schema)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  for (guint t = 0; t < schema->tables->len; t++)
    {
      MdbSchemaTable *table = g_ptr_array_index (schema->tables, t);
      for (guint i = 0; i < table->foreign_keys->len; i++)
        {
          MdbSchemaForeignKey *fk = g_ptr_array_index (table->foreign_keys, i);
          if (!fk_is_covered (table, fk))
            report (out, schema, table, "foreign key %s has no index leading with its columns", fk->name);
        }
      lint_redundant (out, schema, table);
      lint_time_columns (out, schema, table);
    }
  return out;
}
