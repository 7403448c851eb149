/* SPDX-License-Identifier: MIT */
/* Schema diff: the ordered, reversible steps that take one model to another. */
#include "schema-model.h"

#include <stdio.h>
#include <string.h>

/* Steps run in phase order; the down migration runs them backwards. */
enum {
  PHASE_CREATE_EXTENSION, PHASE_CREATE_ENUM, PHASE_DROP_FK, PHASE_DROP_INDEX, PHASE_DROP_PK, PHASE_CREATE_TABLE,
  PHASE_ALTER_TABLE, PHASE_ADD_PK, PHASE_DROP_TABLE, PHASE_CREATE_INDEX, PHASE_ADD_FK,
  PHASE_DROP_ENUM, PHASE_DROP_EXTENSION, N_PHASES
};

typedef struct {
  GPtrArray *phases[N_PHASES];
} Diff;

void
mdb__schema_step_free (MdbSchemaStep *step)
{
  if (step == NULL)
    return;
  g_free (step->section);
  g_free (step->up);
  g_free (step->down);
  g_free (step->summary);
  g_free (step);
}

/* Takes ownership of @up, @down and @summary. */
static void
add_step (Diff *diff, int phase, const char *section, char *up, char *down, char *summary,
          gboolean destructive)
{
  MdbSchemaStep *step = g_new0 (MdbSchemaStep, 1);

  step->section = g_strdup (section);
  step->up = up;
  step->down = down;
  step->summary = summary;
  step->destructive = destructive;
  g_ptr_array_add (diff->phases[phase], step);
}

static char *
q (const char *ident)
{
  return mdb__sql_quote_ident (ident);
}

static gboolean
strv_equal (GPtrArray *a, GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (g_strcmp0 (g_ptr_array_index (a, i), g_ptr_array_index (b, i)) != 0)
      return FALSE;
  return TRUE;
}

/* ---- enums ---- */

static gboolean
enum_has_value (const MdbSchemaEnum *en, const char *value)
{
  for (guint i = 0; i < en->values->len; i++)
    if (strcmp (g_ptr_array_index (en->values, i), value) == 0)
      return TRUE;
  return FALSE;
}

static char *
literal (const char *text)
{
  g_autofree char *escaped = NULL;
  char **parts = g_strsplit (text, "'", -1);

  escaped = g_strjoinv ("''", parts);
  g_strfreev (parts);
  return g_strdup_printf ("'%s'", escaped);
}

static void
diff_enum_values (Diff *diff, const MdbSchemaEnum *from, const MdbSchemaEnum *to)
{
  g_autofree char *name = q (to->name);

  for (guint i = 0; i < to->values->len; i++)
    {
      const char *value = g_ptr_array_index (to->values, i);
      g_autofree char *lit = NULL;
      g_autofree char *anchor = NULL;

      if (enum_has_value (from, value))
        continue;
      lit = literal (value);
      /* Keep the schema's order: after the previous label, or before the next. */
      anchor = literal (g_ptr_array_index (to->values, i > 0 ? i - 1 : 1));
      add_step (diff, PHASE_CREATE_ENUM, "AlterEnum",
                g_strdup_printf ("ALTER TYPE %s ADD VALUE %s %s %s;\n", name, lit,
                                 i > 0 ? "AFTER" : "BEFORE", anchor),
                g_strdup_printf ("-- PostgreSQL cannot drop the enum value %s of %s: recreate the type by hand if needed.\n",
                                 lit, name),
                g_strdup_printf ("[+] enum value %s.%s", to->name, value), FALSE);
    }
  for (guint i = 0; i < from->values->len; i++)
    {
      const char *value = g_ptr_array_index (from->values, i);
      if (enum_has_value (to, value))
        continue;
      add_step (diff, PHASE_DROP_ENUM, "AlterEnum",
                g_strdup_printf ("-- WARNING: destructive: the enum value '%s' of %s is gone from the schema;\n"
                                 "-- PostgreSQL cannot drop enum values: write the type swap by hand.\n",
                                 value, name),
                g_strdup ("-- (nothing to revert)\n"),
                g_strdup_printf ("[-] enum value %s.%s", from->name, value), TRUE);
    }
}

static void
diff_enums (Diff *diff, const MdbSchema *from, const MdbSchema *to)
{
  for (guint i = 0; i < to->enums->len; i++)
    {
      MdbSchemaEnum *en = g_ptr_array_index (to->enums, i);
      MdbSchemaEnum *old = mdb__schema_find_enum (from, en->name);
      g_autofree char *name = q (en->name);
      if (old != NULL)
        diff_enum_values (diff, old, en);
      else
        add_step (diff, PHASE_CREATE_ENUM, "CreateEnum", mdb__sql_create_enum (en),
                  g_strdup_printf ("DROP TYPE %s;\n", name),
                  g_strdup_printf ("[+] enum %s", en->name), FALSE);
    }
  for (guint i = 0; i < from->enums->len; i++)
    {
      MdbSchemaEnum *en = g_ptr_array_index (from->enums, i);
      g_autofree char *name = q (en->name);
      if (mdb__schema_find_enum (to, en->name) == NULL)
        add_step (diff, PHASE_DROP_ENUM, "DropEnum", g_strdup_printf ("DROP TYPE %s;\n", name),
                  mdb__sql_create_enum (en), g_strdup_printf ("[-] enum %s", en->name), TRUE);
    }
}

/* ---- extensions ---- */

static gboolean
has_string (GPtrArray *names, const char *name)
{
  for (guint i = 0; i < names->len; i++)
    if (strcmp (g_ptr_array_index (names, i), name) == 0)
      return TRUE;
  return FALSE;
}

/* Only when both sides list them: a schema without `extensions = [...]`
 * leaves the database's extensions alone (as Prisma does without its
 * postgresqlExtensions feature). */
static void
diff_extensions (Diff *diff, const MdbSchema *from, const MdbSchema *to)
{
  if (from->extensions == NULL || to->extensions == NULL)
    return;
  for (guint i = 0; i < to->extensions->len; i++)
    {
      const char *ext = g_ptr_array_index (to->extensions, i);
      g_autofree char *name = q (ext);
      if (!has_string (from->extensions, ext))
        add_step (diff, PHASE_CREATE_EXTENSION, "CreateExtension",
                  g_strdup_printf ("CREATE EXTENSION IF NOT EXISTS %s;\n", name),
                  g_strdup_printf ("DROP EXTENSION %s;\n", name), g_strdup_printf ("[+] extension %s", ext), FALSE);
    }
  for (guint i = 0; i < from->extensions->len; i++)
    {
      const char *ext = g_ptr_array_index (from->extensions, i);
      g_autofree char *name = q (ext);
      if (!has_string (to->extensions, ext))
        add_step (diff, PHASE_DROP_EXTENSION, "DropExtension", g_strdup_printf ("DROP EXTENSION %s;\n", name),
                  g_strdup_printf ("CREATE EXTENSION IF NOT EXISTS %s;\n", name),
                  g_strdup_printf ("[-] extension %s", ext), TRUE);
    }
}

/* ---- indexes and foreign keys ---- */

static gboolean
index_equal (const MdbSchemaIndex *a, const MdbSchemaIndex *b)
{
  if (a->unique != b->unique || strcmp (a->method, b->method) != 0
      || !strv_equal (a->columns, b->columns) || !strv_equal (a->opclasses, b->opclasses))
    return FALSE;
  for (guint i = 0; i < a->desc->len; i++)
    if (g_array_index (a->desc, gboolean, i) != g_array_index (b->desc, gboolean, i))
      return FALSE;
  return TRUE;
}

static MdbSchemaIndex *
find_index (const MdbSchemaTable *table, const char *name)
{
  for (guint i = 0; table != NULL && i < table->indexes->len; i++)
    {
      MdbSchemaIndex *index = g_ptr_array_index (table->indexes, i);
      if (strcmp (index->name, name) == 0)
        return index;
    }
  return NULL;
}

static void
drop_index_step (Diff *diff, const MdbSchemaTable *table, const MdbSchemaIndex *index)
{
  g_autofree char *name = q (index->name);

  add_step (diff, PHASE_DROP_INDEX, "DropIndex", g_strdup_printf ("DROP INDEX %s;\n", name),
            mdb__sql_create_index (table, index),
            g_strdup_printf ("[-] index %s on %s", index->name, table->name), FALSE);
}

static void
create_index_step (Diff *diff, const MdbSchemaTable *table, const MdbSchemaIndex *index)
{
  g_autofree char *name = q (index->name);

  add_step (diff, PHASE_CREATE_INDEX, "CreateIndex", mdb__sql_create_index (table, index),
            g_strdup_printf ("DROP INDEX %s;\n", name),
            g_strdup_printf ("[+] index %s on %s", index->name, table->name), FALSE);
}

static void
diff_indexes (Diff *diff, const MdbSchemaTable *from, const MdbSchemaTable *to)
{
  for (guint i = 0; to != NULL && i < to->indexes->len; i++)
    {
      MdbSchemaIndex *index = g_ptr_array_index (to->indexes, i);
      MdbSchemaIndex *old = find_index (from, index->name);
      if (old != NULL && index_equal (old, index))
        continue;
      if (old != NULL)
        drop_index_step (diff, from, old);
      create_index_step (diff, to, index);
    }
  for (guint i = 0; from != NULL && i < from->indexes->len; i++)
    {
      MdbSchemaIndex *index = g_ptr_array_index (from->indexes, i);
      if (find_index (to, index->name) == NULL)
        drop_index_step (diff, from, index);
    }
}

static gboolean
fk_equal (const MdbSchemaForeignKey *a, const MdbSchemaForeignKey *b)
{
  return strcmp (a->ref_table, b->ref_table) == 0 && strv_equal (a->columns, b->columns)
         && strv_equal (a->ref_columns, b->ref_columns) && strcmp (a->on_delete, b->on_delete) == 0
         && strcmp (a->on_update, b->on_update) == 0;
}

static MdbSchemaForeignKey *
find_fk (const MdbSchemaTable *table, const char *name)
{
  for (guint i = 0; table != NULL && i < table->foreign_keys->len; i++)
    {
      MdbSchemaForeignKey *fk = g_ptr_array_index (table->foreign_keys, i);
      if (strcmp (fk->name, name) == 0)
        return fk;
    }
  return NULL;
}

static char *
drop_constraint_sql (const MdbSchemaTable *table, const char *constraint)
{
  g_autofree char *t = q (table->name);
  g_autofree char *c = q (constraint);

  return g_strdup_printf ("ALTER TABLE %s DROP CONSTRAINT %s;\n", t, c);
}

static void
diff_fks (Diff *diff, const MdbSchemaTable *from, const MdbSchemaTable *to)
{
  for (guint i = 0; to != NULL && i < to->foreign_keys->len; i++)
    {
      MdbSchemaForeignKey *fk = g_ptr_array_index (to->foreign_keys, i);
      MdbSchemaForeignKey *old = find_fk (from, fk->name);
      if (old != NULL && fk_equal (old, fk))
        continue;
      if (old != NULL)
        add_step (diff, PHASE_DROP_FK, "DropForeignKey", drop_constraint_sql (from, old->name),
                  mdb__sql_add_fk (from, old), g_strdup_printf ("[*] foreign key %s on %s", fk->name, to->name), FALSE);
      add_step (diff, PHASE_ADD_FK, "AddForeignKey", mdb__sql_add_fk (to, fk), drop_constraint_sql (to, fk->name),
                g_strdup_printf ("[+] foreign key %s on %s", fk->name, to->name), FALSE);
    }
  for (guint i = 0; from != NULL && i < from->foreign_keys->len; i++)
    {
      MdbSchemaForeignKey *fk = g_ptr_array_index (from->foreign_keys, i);
      if (find_fk (to, fk->name) == NULL)
        add_step (diff, PHASE_DROP_FK, "DropForeignKey", drop_constraint_sql (from, fk->name),
                  mdb__sql_add_fk (from, fk), g_strdup_printf ("[-] foreign key %s on %s", fk->name, from->name),
                  FALSE);
    }
}

/* ---- columns ---- */

static char *
type_sql (const MdbSchemaColumn *column)
{
  g_autofree char *base = column->is_enum ? q (column->type) : g_strdup (column->type);
  return g_strconcat (base, column->is_list ? "[]" : "", NULL);
}

/* Type changes PostgreSQL makes without losing data. */
static gboolean
is_widening (const MdbSchemaColumn *from, const MdbSchemaColumn *to)
{
  static const char *const safe[][2] = {
    { "smallint", "integer" }, { "smallint", "bigint" }, { "integer", "bigint" },
    { "real", "double precision" }, { "character varying", "text" },
    { "timestamp(3) without time zone", "timestamp(3) with time zone" },
    { "timestamp(6) without time zone", "timestamp(6) with time zone" },
    { "timestamp(3) with time zone", "timestamp(6) with time zone" },
    { "json", "jsonb" }, { "uuid", "text" },
  };
  int n_from = 0, n_to = 0;

  if (from->is_list != to->is_list)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (safe); i++)
    if (strcmp (from->type, safe[i][0]) == 0 && strcmp (to->type, safe[i][1]) == 0)
      return TRUE;
  if (g_str_has_prefix (from->type, "character varying(") && strcmp (to->type, "text") == 0)
    return TRUE;
  if (sscanf (from->type, "character varying(%d)", &n_from) == 1
      && sscanf (to->type, "character varying(%d)", &n_to) == 1)
    return n_to >= n_from;
  return FALSE;
}

static void
alter_column_type (Diff *diff, const MdbSchemaTable *table, const MdbSchemaColumn *from,
                   const MdbSchemaColumn *to)
{
  g_autofree char *t = q (table->name);
  g_autofree char *c = q (to->name);
  g_autofree char *old_type = type_sql (from);
  g_autofree char *new_type = type_sql (to);
  gboolean narrowing = !is_widening (from, to);

  add_step (diff, PHASE_ALTER_TABLE, "AlterTable",
            g_strdup_printf ("ALTER TABLE %s ALTER COLUMN %s SET DATA TYPE %s USING %s::%s;\n",
                             t, c, new_type, c, new_type),
            g_strdup_printf ("ALTER TABLE %s ALTER COLUMN %s SET DATA TYPE %s USING %s::%s;\n",
                             t, c, old_type, c, old_type),
            g_strdup_printf ("[*] column %s.%s type %s -> %s", table->name, to->name, old_type, new_type),
            narrowing);
}

static void
alter_column_null (Diff *diff, const MdbSchemaTable *table, const MdbSchemaColumn *to)
{
  g_autofree char *t = q (table->name);
  g_autofree char *c = q (to->name);
  const char *set = to->not_null ? "SET NOT NULL" : "DROP NOT NULL";
  const char *unset = to->not_null ? "DROP NOT NULL" : "SET NOT NULL";

  add_step (diff, PHASE_ALTER_TABLE, "AlterTable",
            g_strdup_printf ("ALTER TABLE %s ALTER COLUMN %s %s;\n", t, c, set),
            g_strdup_printf ("ALTER TABLE %s ALTER COLUMN %s %s;\n", t, c, unset),
            g_strdup_printf ("[*] column %s.%s %s", table->name, to->name, to->not_null ? "NOT NULL" : "nullable"),
            FALSE);
}

static char *
default_sql (const char *t, const char *c, const char *expr)
{
  if (expr == NULL)
    return g_strdup_printf ("ALTER TABLE %s ALTER COLUMN %s DROP DEFAULT;\n", t, c);
  return g_strdup_printf ("ALTER TABLE %s ALTER COLUMN %s SET DEFAULT %s;\n", t, c, expr);
}

static char *
serial_seq_name (const MdbSchemaTable *table, const MdbSchemaColumn *column)
{
  g_autofree char *name = g_strdup_printf ("%s_%s_seq", table->name, column->name);
  return q (name);
}

/* The default a column really has in the catalog (serial = nextval). */
static char *
effective_default (const MdbSchemaTable *table, const MdbSchemaColumn *column)
{
  g_autofree char *seq = NULL;
  g_autofree char *lit = NULL;

  if (!column->serial)
    return g_strdup (column->default_expr);
  seq = serial_seq_name (table, column);
  lit = literal (seq);
  return g_strdup_printf ("nextval(%s::regclass)", lit);
}

static void
alter_column_default (Diff *diff, const MdbSchemaTable *table, const MdbSchemaColumn *from,
                      const MdbSchemaColumn *to)
{
  g_autofree char *t = q (table->name);
  g_autofree char *c = q (to->name);
  g_autofree char *seq = serial_seq_name (table, to);
  g_autofree char *old_default = effective_default (table, from);
  g_autofree char *new_default = effective_default (table, to);
  GString *up = g_string_new (NULL);
  GString *down = g_string_new (NULL);

  g_autofree char *set_new = default_sql (t, c, new_default);
  g_autofree char *set_old = default_sql (t, c, old_default);
  g_autofree char *create_seq = g_strdup_printf ("CREATE SEQUENCE %s OWNED BY %s.%s;\n", seq, t, c);
  g_autofree char *drop_seq = g_strdup_printf ("DROP SEQUENCE %s;\n", seq);

  /* A sequence must exist before its nextval() default and go after it. */
  g_string_append (up, to->serial && !from->serial ? create_seq : "");
  g_string_append (up, set_new);
  g_string_append (up, from->serial && !to->serial ? drop_seq : "");
  g_string_append (down, from->serial && !to->serial ? create_seq : "");
  g_string_append (down, set_old);
  g_string_append (down, to->serial && !from->serial ? drop_seq : "");
  add_step (diff, PHASE_ALTER_TABLE, "AlterTable", g_string_free (up, FALSE), g_string_free (down, FALSE),
            g_strdup_printf ("[*] column %s.%s default %s -> %s", table->name, to->name,
                             old_default != NULL ? old_default : "none", new_default != NULL ? new_default : "none"),
            FALSE);
}

static void
diff_column (Diff *diff, const MdbSchemaTable *table, const MdbSchemaColumn *from, const MdbSchemaColumn *to)
{
  if (strcmp (from->type, to->type) != 0 || from->is_enum != to->is_enum || from->is_list != to->is_list)
    alter_column_type (diff, table, from, to);
  if (from->not_null != to->not_null)
    alter_column_null (diff, table, to);
  if (from->serial != to->serial || g_strcmp0 (from->default_expr, to->default_expr) != 0)
    alter_column_default (diff, table, from, to);
}

static void
diff_columns (Diff *diff, const MdbSchemaTable *from, const MdbSchemaTable *to)
{
  g_autofree char *t = q (to->name);

  for (guint i = 0; i < to->columns->len; i++)
    {
      MdbSchemaColumn *column = g_ptr_array_index (to->columns, i);
      MdbSchemaColumn *old = mdb__schema_table_find_column (from, column->name);
      g_autofree char *def = NULL;
      g_autofree char *c = q (column->name);
      if (old != NULL)
        {
          diff_column (diff, to, old, column);
          continue;
        }
      def = mdb__sql_column_def (column);
      add_step (diff, PHASE_ALTER_TABLE, "AlterTable", g_strdup_printf ("ALTER TABLE %s ADD COLUMN %s;\n", t, def),
                g_strdup_printf ("ALTER TABLE %s DROP COLUMN %s;\n", t, c),
                g_strdup_printf ("[+] column %s.%s", to->name, column->name), FALSE);
    }
  for (guint i = 0; i < from->columns->len; i++)
    {
      MdbSchemaColumn *column = g_ptr_array_index (from->columns, i);
      g_autofree char *def = NULL;
      g_autofree char *c = q (column->name);
      if (mdb__schema_table_find_column (to, column->name) != NULL)
        continue;
      def = mdb__sql_column_def (column);
      add_step (diff, PHASE_ALTER_TABLE, "AlterTable", g_strdup_printf ("ALTER TABLE %s DROP COLUMN %s;\n", t, c),
                g_strdup_printf ("ALTER TABLE %s ADD COLUMN %s;\n", t, def),
                g_strdup_printf ("[-] column %s.%s", from->name, column->name), TRUE);
    }
}

/* ---- primary keys and tables ---- */

static char *
add_pk_sql (const MdbSchemaTable *table)
{
  GString *out = g_string_new (NULL);
  g_autofree char *t = q (table->name);
  g_autofree char *n = q (table->pk_name);

  g_string_append_printf (out, "ALTER TABLE %s ADD CONSTRAINT %s PRIMARY KEY (", t, n);
  for (guint i = 0; i < table->pk_columns->len; i++)
    {
      g_autofree char *c = q (g_ptr_array_index (table->pk_columns, i));
      g_string_append_printf (out, "%s%s", i > 0 ? ", " : "", c);
    }
  g_string_append (out, ");\n");
  return g_string_free (out, FALSE);
}

static void
diff_pk (Diff *diff, const MdbSchemaTable *from, const MdbSchemaTable *to)
{
  if (g_strcmp0 (from->pk_name, to->pk_name) == 0 && strv_equal (from->pk_columns, to->pk_columns))
    return;
  if (from->pk_name != NULL)
    add_step (diff, PHASE_DROP_PK, "AlterTable", drop_constraint_sql (from, from->pk_name), add_pk_sql (from),
              g_strdup_printf ("[-] primary key %s on %s", from->pk_name, from->name), FALSE);
  if (to->pk_name != NULL)
    add_step (diff, PHASE_ADD_PK, "AlterTable", add_pk_sql (to), drop_constraint_sql (to, to->pk_name),
              g_strdup_printf ("[+] primary key %s on %s", to->pk_name, to->name), FALSE);
}

static void
diff_tables (Diff *diff, const MdbSchema *from, const MdbSchema *to)
{
  for (guint i = 0; i < to->tables->len; i++)
    {
      MdbSchemaTable *table = g_ptr_array_index (to->tables, i);
      MdbSchemaTable *old = mdb__schema_find_table (from, table->name);
      g_autofree char *t = q (table->name);
      if (old == NULL)
        add_step (diff, PHASE_CREATE_TABLE, "CreateTable", mdb__sql_create_table (table),
                  g_strdup_printf ("DROP TABLE %s;\n", t), g_strdup_printf ("[+] table %s", table->name), FALSE);
      else
        {
          diff_columns (diff, old, table);
          diff_pk (diff, old, table);
        }
      diff_indexes (diff, old, table);
      diff_fks (diff, old, table);
    }
  for (guint i = 0; i < from->tables->len; i++)
    {
      MdbSchemaTable *table = g_ptr_array_index (from->tables, i);
      g_autofree char *t = q (table->name);
      if (mdb__schema_find_table (to, table->name) != NULL)
        continue;
      diff_indexes (diff, table, NULL);
      diff_fks (diff, table, NULL);
      add_step (diff, PHASE_DROP_TABLE, "DropTable", g_strdup_printf ("DROP TABLE %s;\n", t),
                mdb__sql_create_table (table), g_strdup_printf ("[-] table %s", table->name), TRUE);
    }
}

/**
 * mdb__schema_diff:
 * @from: the current state (usually introspected from replayed migrations)
 * @to: the wanted state (usually the parsed schema)
 *
 * Computes the steps taking @from to @to, in an order that respects
 * dependencies: enums first, then drops of foreign keys and indexes,
 * tables and columns, primary keys, new indexes, new foreign keys, and
 * dropped enums last.
 *
 * Returns: (transfer full) (element-type MdbSchemaStep): the steps, empty when equal
 * Since: 0.1
 */
GPtrArray *
mdb__schema_diff (const MdbSchema *from, const MdbSchema *to)
{
  Diff diff;
  GPtrArray *steps = g_ptr_array_new_with_free_func ((GDestroyNotify) mdb__schema_step_free);

  for (int i = 0; i < N_PHASES; i++)
    diff.phases[i] = g_ptr_array_new ();
  diff_extensions (&diff, from, to);
  diff_enums (&diff, from, to);
  diff_tables (&diff, from, to);
  for (int i = 0; i < N_PHASES; i++)
    {
      for (guint j = 0; j < diff.phases[i]->len; j++)
        g_ptr_array_add (steps, g_ptr_array_index (diff.phases[i], j));
      g_ptr_array_unref (diff.phases[i]);
    }
  return steps;
}

static void
render_step (GString *out, const MdbSchemaStep *step, gboolean up)
{
  if (up && step->destructive)
    g_string_append_printf (out, "-- WARNING: destructive: %s\n", step->summary);
  g_string_append_printf (out, "-- %s%s\n%s\n", step->section, up ? "" : " (revert)", up ? step->up : step->down);
}

char *
mdb__schema_render_up (GPtrArray *steps)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < steps->len; i++)
    render_step (out, g_ptr_array_index (steps, i), TRUE);
  return g_string_free (out, FALSE);
}

char *
mdb__schema_render_down (GPtrArray *steps)
{
  GString *out = g_string_new (NULL);

  for (guint i = steps->len; i > 0; i--)
    render_step (out, g_ptr_array_index (steps, i - 1), FALSE);
  return g_string_free (out, FALSE);
}
