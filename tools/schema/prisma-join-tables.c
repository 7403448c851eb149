/* SPDX-License-Identifier: MIT */
/* Implicit many-to-many relations (a list field on both ends, no fields:):
 * the join table Prisma creates for them, by Prisma's documented rules
 * ("Conventions for relation tables in implicit m-n relations"):
 *  - named `_` + the relation name, which is by default the two model
 *    names in alphabetical order joined by "To" (`_CategoryToPost`);
 *  - columns `A` and `B`, each of the type of one model's @id, `A` for the
 *    model whose name sorts first;
 *  - since Prisma 6 on PostgreSQL a primary key `_<name>_AB_pkey` on
 *    (A, B) (Prisma 5 had a unique index `_<name>_AB_unique`), an index
 *    `_<name>_B_index` on B, and foreign keys `_<name>_A_fkey` and
 *    `_<name>_B_fkey` with ON DELETE CASCADE ON UPDATE CASCADE. */
#include "prisma-private.h"

#include <string.h>

/* The single @id column of @model's table, or NULL. */
static const MdbSchemaColumn *
id_column (const MdbSchema *schema, const PrismaBlock *model, MdbSchemaTable **table)
{
  for (guint i = 0; i < schema->tables->len; i++)
    {
      MdbSchemaTable *t = g_ptr_array_index (schema->tables, i);
      if (g_strcmp0 (t->model, model->name) != 0)
        continue;
      *table = t;
      if (t->pk_columns->len != 1)
        return NULL;
      return mdb__schema_table_find_column (t, g_ptr_array_index (t->pk_columns, 0));
    }
  return NULL;
}

static void
add_side (MdbSchemaTable *join, const char *column, const MdbSchemaColumn *id, const MdbSchemaTable *target)
{
  const char *cols[] = { column };
  MdbSchemaColumn *c = mdb__schema_column_new (column, id->type, join->line);
  MdbSchemaForeignKey *fk;

  c->is_enum = id->is_enum;
  c->not_null = TRUE;
  g_ptr_array_add (join->columns, c);
  fk = mdb__schema_fk_new (NULL, target->name, join->line);
  g_free (fk->name);
  fk->name = mdb__schema_name_index (join->name, cols, 1, "_fkey");
  g_ptr_array_add (fk->columns, g_strdup (column));
  g_ptr_array_add (fk->ref_columns, g_strdup (id->name));
  g_free (fk->on_delete);
  g_free (fk->on_update);
  fk->on_delete = g_strdup ("CASCADE");
  fk->on_update = g_strdup ("CASCADE");
  g_ptr_array_add (join->foreign_keys, fk);
}

static gboolean
add_join_table (MdbSchema *schema, const PrismaRelation *rel, const char *path, GError **error)
{
  gboolean a_first = strcmp (rel->model_a->name, rel->model_b->name) <= 0;
  const PrismaBlock *first = a_first ? rel->model_a : rel->model_b;
  const PrismaBlock *second = a_first ? rel->model_b : rel->model_a;
  const char *name = mdb__prisma_relation_name (rel->field_a);
  g_autofree char *table_name = name[0] != '\0' ? g_strconcat ("_", name, NULL)
                                                : g_strconcat ("_", first->name, "To", second->name, NULL);
  MdbSchemaTable *t1 = NULL, *t2 = NULL, *join;
  const MdbSchemaColumn *id1 = id_column (schema, first, &t1);
  const MdbSchemaColumn *id2 = id_column (schema, second, &t2);
  const char *ab[] = { "AB" }, *b[] = { "B" };
  MdbSchemaIndex *index;

  if (id1 == NULL || id2 == NULL)
    {
      const PrismaField *field = id1 == NULL ? (a_first ? rel->field_b : rel->field_a)
                                             : (a_first ? rel->field_a : rel->field_b);
      const PrismaBlock *owner = id1 == NULL ? second : first;
      const PrismaBlock *target = id1 == NULL ? first : second;
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                   "%s:%d:%d: Error validating field `%s` in model `%s`: The relation field `%s` on Model `%s` "
                   "references `%s` which does not have an `@id` field. Models without `@id` cannot be part of "
                   "a many to many relation. Use an explicit intermediate Model to represent this relationship.",
                   path, field->line, field->column, field->name, owner->name, field->name, owner->name,
                   target->name);
      return FALSE;
    }
  if (mdb__schema_find_table (schema, table_name) != NULL)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                   "%s:%d:%d: the join table %s of this many-to-many relation is also a model's table",
                   path, rel->field_a->line, rel->field_a->column, table_name);
      return FALSE;
    }
  join = mdb__schema_table_new (table_name, rel->field_a->line);
  g_ptr_array_add (schema->tables, join);
  add_side (join, "A", id1, t1);
  add_side (join, "B", id2, t2);
  join->pk_name = mdb__schema_name_index (table_name, ab, 1, "_pkey");
  g_ptr_array_add (join->pk_columns, g_strdup ("A"));
  g_ptr_array_add (join->pk_columns, g_strdup ("B"));
  index = mdb__schema_index_new (NULL, FALSE, "btree", join->line);
  g_free (index->name);
  index->name = mdb__schema_name_index (table_name, b, 1, "_index");
  mdb__schema_index_add_column (index, "B", FALSE, NULL);
  g_ptr_array_add (join->indexes, index);
  return TRUE;
}

/**
 * mdb__prisma_add_join_tables:
 * @schema: the resolved model (tables of every model present)
 * @relations: (element-type PrismaRelation): from mdb__prisma_pair_relations()
 * @path: file name for messages
 * @error: return location for a #GError
 *
 * Adds the join table of each implicit many-to-many relation to @schema.
 *
 * Returns: %FALSE with %MDB_ERROR_INVALID_INPUT when a model of such a
 * relation has no single-field @id
 */
gboolean
mdb__prisma_add_join_tables (MdbSchema *schema, GPtrArray *relations, const char *path, GError **error)
{
  for (guint i = 0; i < relations->len; i++)
    {
      const PrismaRelation *rel = g_ptr_array_index (relations, i);
      if (rel->field_a->list && rel->field_b->list && !add_join_table (schema, rel, path, error))
        return FALSE;
    }
  return TRUE;
}
