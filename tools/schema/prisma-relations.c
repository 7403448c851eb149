/* SPDX-License-Identifier: MIT */
/* Pairs every relation field with its opposite field, as Prisma requires:
 * a relation is declared on both models (a back-relation), self-relations
 * and repeated relations between two models are told apart by relation
 * name.  The messages keep the shape of Prisma's own (P1012) so that a
 * Prisma user recognises them; ours add file:line:column in front. */
#include "prisma-private.h"

#include <stdarg.h>
#include <string.h>

typedef struct {
  const char *path;
  GError    **error;
  GHashTable *models;   /* name -> PrismaBlock * */
} Pairing;

static gboolean G_GNUC_PRINTF (4, 5)
fail_at (Pairing *p, int line, int column, const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (p->error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "%s:%d:%d: %s", p->path, line, column, message);
  return FALSE;
}

static PrismaAttr *
relation_attr (const PrismaField *field)
{
  for (guint i = 0; i < field->attrs->len; i++)
    {
      PrismaAttr *attr = g_ptr_array_index (field->attrs, i);
      if (strcmp (attr->name, "relation") == 0)
        return attr;
    }
  return NULL;
}

static const PrismaArg *
relation_arg (const PrismaField *field, const char *name, gboolean positional_too)
{
  PrismaAttr *attr = relation_attr (field);

  for (guint i = 0; attr != NULL && i < attr->args->len; i++)
    {
      const PrismaArg *arg = g_ptr_array_index (attr->args, i);
      if (arg->name != NULL ? strcmp (arg->name, name) == 0 : positional_too && i == 0)
        return arg;
    }
  return NULL;
}

/**
 * mdb__prisma_relation_name:
 * @field: a relation field
 *
 * Returns: (transfer none): the relation's name (`@relation("n")` or
 * `@relation(name: "n")`), "" when unnamed.
 */
const char *
mdb__prisma_relation_name (const PrismaField *field)
{
  const PrismaArg *arg = relation_arg (field, "name", TRUE);

  return arg != NULL && arg->value->kind == PRISMA_V_STRING ? arg->value->text : "";
}

static gboolean
has_fields (const PrismaField *field)
{
  return relation_arg (field, "fields", FALSE) != NULL || relation_arg (field, "references", FALSE) != NULL;
}

/* Relation fields of @block pointing at @target under relation @name, @skip excluded. */
static GPtrArray *
fields_to (const PrismaBlock *block, const char *target, const char *name, const PrismaField *skip)
{
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; i < block->fields->len; i++)
    {
      PrismaField *field = g_ptr_array_index (block->fields, i);
      if (field != skip && strcmp (field->type, target) == 0
          && strcmp (mdb__prisma_relation_name (field), name) == 0)
        g_ptr_array_add (out, field);
    }
  return out;
}

static gboolean
check_ambiguity (Pairing *p, const PrismaBlock *model, const PrismaField *field)
{
  const char *name = mdb__prisma_relation_name (field);
  g_autoptr (GPtrArray) same = fields_to (model, field->type, name, field);
  gboolean self = strcmp (model->name, field->type) == 0;
  PrismaField *other;

  /* A self-relation has its two ends in the same model, and Prisma wants
   * it named even then. */
  if (same->len == 0 || (self && same->len == 1 && name[0] != '\0'))
    return TRUE;
  other = g_ptr_array_index (same, self && same->len > 1 ? 1 : 0);
  if (self)
    return fail_at (p, other->line, other->column,
                    "Error validating model \"%s\": Ambiguous self relation detected. The fields `%s` and `%s` "
                    "in model `%s` both refer to `%s`. If they are part of the same relation add the same "
                    "relation name for them with `@relation(<name>)`.",
                    model->name, field->name, other->name, model->name, model->name);
  return fail_at (p, other->line, other->column,
                  "Error validating model \"%s\": Ambiguous relation detected. The fields `%s` and `%s` in "
                  "model `%s` both refer to `%s`. Please provide different relation names for them by "
                  "adding `@relation(<name>)`.",
                  model->name, field->name, other->name, model->name, field->type);
}

/* The field names of a list value ([a, b(sort: Desc)]), or NULL. */
static GHashTable *
name_set (const PrismaValue *list)
{
  GHashTable *set;

  if (list == NULL || list->kind != PRISMA_V_LIST)
    return NULL;
  set = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < list->items->len; i++)
    {
      const PrismaValue *item = g_ptr_array_index (list->items, i);
      if (item->text != NULL)
        g_hash_table_add (set, item->text);
    }
  return set;
}

static gboolean
same_names (GHashTable *a, const PrismaValue *list)
{
  g_autoptr (GHashTable) b = name_set (list);
  GHashTableIter iter;
  gpointer key;

  if (b == NULL || g_hash_table_size (a) != g_hash_table_size (b))
    return FALSE;
  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (b, key))
      return FALSE;
  return TRUE;
}

/* TRUE when @fields (a list of field names of @model) are unique: an
 * @id/@unique on the one field, or an @@id/@@unique on exactly them. */
static gboolean
fields_are_unique (const PrismaBlock *model, const PrismaValue *fields)
{
  g_autoptr (GHashTable) set = name_set (fields);

  if (set == NULL)
    return TRUE;  /* malformed: the resolver has said so already */
  for (guint i = 0; i < model->fields->len && g_hash_table_size (set) == 1; i++)
    {
      const PrismaField *field = g_ptr_array_index (model->fields, i);
      if (!g_hash_table_contains (set, field->name))
        continue;
      for (guint a = 0; a < field->attrs->len; a++)
        {
          const PrismaAttr *attr = g_ptr_array_index (field->attrs, a);
          if (strcmp (attr->name, "unique") == 0 || strcmp (attr->name, "id") == 0)
            return TRUE;
        }
    }
  for (guint i = 0; i < model->attrs->len; i++)
    {
      const PrismaAttr *attr = g_ptr_array_index (model->attrs, i);
      const PrismaArg *list = attr->args->len > 0 ? g_ptr_array_index (attr->args, 0) : NULL;
      if ((strcmp (attr->name, "unique") == 0 || strcmp (attr->name, "id") == 0)
          && list != NULL && (list->name == NULL || strcmp (list->name, "fields") == 0)
          && same_names (set, list->value))
        return TRUE;
    }
  return FALSE;
}

/* One-to-one: the end without the foreign key cannot be required, and
 * the foreign key's fields must be unique. */
static gboolean
check_one_to_one (Pairing *p, const PrismaBlock *fk_model, const PrismaField *fk,
                  const PrismaBlock *back_model, const PrismaField *back)
{
  const PrismaArg *fields = relation_arg (fk, "fields", FALSE);

  if (!back->optional)
    return fail_at (p, back->type_line, back->type_column,
                    "Error parsing attribute \"@relation\": The relation field `%s` on Model `%s` is "
                    "required. This is not valid because it's not possible to enforce this constraint on "
                    "the database level. Please change the field type from `%s` to `%s?` to fix this.",
                    back->name, back_model->name, back->type, back->type);
  if (fields != NULL && !fields_are_unique (fk_model, fields->value))
    {
      g_autoptr (GHashTable) set = name_set (fields->value);
      g_autofree char *names = NULL;
      g_autofree gpointer *keys = g_hash_table_get_keys_as_array (set, NULL);
      names = g_strjoinv ("`, `", (char **) keys);
      return fail_at (p, fk->line, fk->column,
                      "Error parsing attribute \"@relation\": A one-to-one relation must use unique fields on "
                      "the defining side. Either add an `@unique` attribute to the field `%s`, or change the "
                      "relation to one-to-many.", names);
    }
  return TRUE;
}

/* Which side holds fields:/references: given the two ends' arities. */
static gboolean
check_pair_arguments (Pairing *p, const PrismaBlock *a, const PrismaField *fa,
                      const PrismaBlock *b, const PrismaField *fb)
{
  if (fa->list && fb->list)
    {
      const PrismaField *with = has_fields (fa) ? fa : has_fields (fb) ? fb : NULL;
      if (with != NULL)
        return fail_at (p, with->line, with->column,
                        "Error validating field `%s` in model `%s`: Implicit many-to-many relations must "
                        "not specify `fields` or `references`.",
                        with->name, with == fa ? a->name : b->name);
      return TRUE;
    }
  if (fa->list || fb->list)
    {
      const PrismaField *one = fa->list ? fb : fa, *many = fa->list ? fa : fb;
      const PrismaBlock *one_model = fa->list ? b : a, *many_model = fa->list ? a : b;
      if (has_fields (many))
        return fail_at (p, many->line, many->column,
                        "Error validating field `%s` in model `%s`: The relation field `%s` on Model `%s` "
                        "must not specify the `fields` or `references` argument in the @relation attribute. "
                        "You must only specify it on the opposite field `%s` on model `%s`.",
                        many->name, many_model->name, many->name, many_model->name, one->name, one_model->name);
      if (!has_fields (one))
        return fail_at (p, one->line, one->column,
                        "Error parsing attribute \"@relation\": The relation field `%s` on Model `%s` "
                        "must specify the `fields` argument in the @relation attribute.",
                        one->name, one_model->name);
      return TRUE;
    }
  if (has_fields (fa) == has_fields (fb))
    return fail_at (p, fb->line, fb->column,
                    "Error validating field `%s` in model `%s`: The relation fields `%s` on Model `%s` and "
                    "`%s` on Model `%s` %s. You have to provide it %s.",
                    fb->name, b->name, fa->name, a->name, fb->name, b->name,
                    has_fields (fa) ? "both provide the `fields` argument in the @relation attribute"
                                    : "do not provide the `fields` argument in the @relation attribute",
                    has_fields (fa) ? "only on one of the two fields" : "on one of the two fields");
  return check_one_to_one (p, has_fields (fa) ? a : b, has_fields (fa) ? fa : fb,
                           has_fields (fa) ? b : a, has_fields (fa) ? fb : fa);
}

static gboolean
pair_field (Pairing *p, const PrismaBlock *model, PrismaField *field, GPtrArray *out)
{
  const PrismaBlock *target = g_hash_table_lookup (p->models, field->type);
  const char *name = mdb__prisma_relation_name (field);
  g_autoptr (GPtrArray) opposite = NULL;
  PrismaField *other;

  if (!check_ambiguity (p, model, field))
    return FALSE;
  opposite = fields_to (target, model->name, name, field);
  if (opposite->len == 0)
    return fail_at (p, field->line, field->column,
                    "Error validating field `%s` in model `%s`: The relation field `%s` on model `%s` is "
                    "missing an opposite relation field on the model `%s`. Either run `prisma format` or "
                    "add it manually.",
                    field->name, model->name, field->name, model->name, target->name);
  other = g_ptr_array_index (opposite, 0);
  if (opposite->len > 1)
    return check_ambiguity (p, target, other);
  /* Each relation once: from the end that comes first in the file. */
  if (other->line < field->line || (other->line == field->line && other->column < field->column))
    return TRUE;
  if (!check_pair_arguments (p, model, field, target, other))
    return FALSE;
  if (out != NULL)
    {
      PrismaRelation *rel = g_new0 (PrismaRelation, 1);
      rel->model_a = model;
      rel->field_a = field;
      rel->model_b = target;
      rel->field_b = other;
      g_ptr_array_add (out, rel);
    }
  return TRUE;
}

/**
 * mdb__prisma_pair_relations:
 * @blocks: (element-type PrismaBlock): parsed blocks, names already checked
 * @path: file name for messages
 * @error: return location for a #GError
 *
 * Checks that every relation field has exactly one opposite field and
 * that fields:/references: sit on the right end.
 *
 * Returns: (transfer container): the relations (PrismaRelation *, freed
 * with g_free by the array), or %NULL with %MDB_ERROR_INVALID_INPUT
 */
GPtrArray *
mdb__prisma_pair_relations (GPtrArray *blocks, const char *path, GError **error)
{
  Pairing p = { .path = path, .error = error };
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  gboolean ok = TRUE;

  p.models = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < blocks->len; i++)
    {
      PrismaBlock *block = g_ptr_array_index (blocks, i);
      if (block->kind == PRISMA_BLOCK_MODEL)
        g_hash_table_insert (p.models, block->name, block);
    }
  for (guint i = 0; i < blocks->len && ok; i++)
    {
      PrismaBlock *block = g_ptr_array_index (blocks, i);
      for (guint f = 0; block->kind == PRISMA_BLOCK_MODEL && f < block->fields->len && ok; f++)
        {
          PrismaField *field = g_ptr_array_index (block->fields, f);
          if (g_hash_table_contains (p.models, field->type))
            ok = pair_field (&p, block, field, out);
        }
    }
  g_hash_table_unref (p.models);
  if (!ok)
    {
      g_ptr_array_unref (out);
      return NULL;
    }
  return out;
}

/* Whether @model (or, for @@ignore, the block) carries block attribute @name. */
static gboolean
has_block_attr (const PrismaBlock *model, const char *name)
{
  for (guint i = 0; i < model->attrs->len; i++)
    if (strcmp (((const PrismaAttr *) g_ptr_array_index (model->attrs, i))->name, name) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
has_field_named (const PrismaBlock *model, const char *name)
{
  for (guint i = 0; i < model->fields->len; i++)
    if (strcmp (((const PrismaField *) g_ptr_array_index (model->fields, i))->name, name) == 0)
      return TRUE;
  return FALSE;
}

/* The back-relation of @field (on @model, the foreign-key side) when it has
 * none; NULL when it has one, or when the name Prisma gives it is taken
 * (where Prisma writes a second field of that name, we add none, and
 * validation names the missing opposite field). */
static PrismaField *
missing_back_relation (const PrismaBlock *model, const PrismaField *field, PrismaBlock *target)
{
  const char *name = mdb__prisma_relation_name (field);
  g_autoptr (GPtrArray) opposite = fields_to (target, model->name, name, field);
  const PrismaArg *fields = relation_arg (field, "fields", FALSE);
  gboolean one = fields_are_unique (model, fields->value);
  g_autofree char *back_name = mdb__prisma_back_relation_name (model->name, !one);
  PrismaField *back;

  if (opposite->len > 0 || has_field_named (target, back_name))
    return NULL;
  back = mdb__prisma_field_new (back_name, model->name, target->end_line);
  back->optional = one;
  back->list = !one;
  if (name[0] != '\0')
    mdb__prisma_field_add_attr (back, "relation", name);
  if (has_block_attr (model, "ignore"))
    mdb__prisma_field_add_attr (back, "ignore", NULL);
  return back;
}

/**
 * mdb__prisma_add_back_relations:
 * @blocks: (element-type PrismaBlock): parsed blocks
 *
 * Adds the back-relation field `prisma format` adds, at the end of the
 * referenced model, for each relation declared only on its foreign-key
 * side.  Unlike Prisma's, a named relation's new field carries the name:
 * without it the two ends would not pair.
 *
 * Returns: how many fields were added
 */
guint
mdb__prisma_add_back_relations (GPtrArray *blocks)
{
  g_autoptr (GHashTable) models = g_hash_table_new (g_str_hash, g_str_equal);
  guint added = 0;

  for (guint i = 0; i < blocks->len; i++)
    {
      PrismaBlock *block = g_ptr_array_index (blocks, i);
      if (block->kind == PRISMA_BLOCK_MODEL)
        g_hash_table_insert (models, block->name, block);
    }
  for (guint i = 0; i < blocks->len; i++)
    {
      PrismaBlock *block = g_ptr_array_index (blocks, i);
      guint n = block->kind == PRISMA_BLOCK_MODEL ? block->fields->len : 0;

      /* Only the fields read from the file: a self-relation's new field
       * must not be taken for a foreign-key side of its own. */
      for (guint f = 0; f < n; f++)
        {
          PrismaField *field = g_ptr_array_index (block->fields, f);
          PrismaBlock *target = field->type != NULL ? g_hash_table_lookup (models, field->type) : NULL;
          PrismaField *back;

          if (target == NULL || field->list || relation_arg (field, "fields", FALSE) == NULL)
            continue;
          if ((back = missing_back_relation (block, field, target)) != NULL)
            {
              g_ptr_array_add (target->fields, back);
              added++;
            }
        }
    }
  return added;
}
