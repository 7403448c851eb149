/* SPDX-License-Identifier: MIT */
/* Catalog introspection: the public schema of a live database as a model. */
#include "schema-model.h"

#include <libpq-fe.h>
#include <string.h>

/* Separates aggregated names: no identifier we manage contains it. */
#define SEP "\x1f"

static const char enums_sql[] =
  "SELECT t.typname, e.enumlabel FROM pg_type t"
  " JOIN pg_enum e ON e.enumtypid = t.oid"
  " JOIN pg_namespace n ON n.oid = t.typnamespace"
  " WHERE n.nspname = 'public' ORDER BY t.typname, e.enumsortorder";

static const char extensions_sql[] =
  "SELECT extname FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY extname";

static const char tables_sql[] =
  "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
  " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> '_sqlx_migrations'"
  " ORDER BY c.relname";

static const char columns_sql[] =
  "SELECT c.relname, a.attname,"
  "  CASE WHEN t.typtype = 'e' THEN t.typname WHEN et.typtype = 'e' THEN et.typname"
  "       ELSE format_type(a.atttypid, a.atttypmod) END,"
  "  (t.typtype = 'e' OR coalesce(et.typtype = 'e', false)),"
  "  et.oid IS NOT NULL, a.attnotnull, pg_get_expr(d.adbin, d.adrelid)"
  " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
  " JOIN pg_namespace n ON n.oid = c.relnamespace"
  " JOIN pg_type t ON t.oid = a.atttypid"
  " LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'"
  " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
  " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped"
  " ORDER BY c.relname, a.attnum";

/* NND: the NULLS NOT DISTINCT test (PostgreSQL 15+) or "false". */
static const char indexes_sql[] =
  "SELECT c.relname, i.relname, ix.indisunique, ix.indisprimary, am.amname,"
  "  (ix.indexprs IS NOT NULL OR ix.indpred IS NOT NULL OR ix.indnkeyatts <> ix.indnatts OR NND),"
  "  (SELECT string_agg(coalesce(a.attname, ''), '" SEP "' ORDER BY k.n) FROM generate_series(1, ix.indnkeyatts) k(n)"
  "     LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ix.indkey[k.n - 1]),"
  "  (SELECT string_agg(CASE WHEN ix.indoption[k.n - 1] & 1 = 1 THEN 'd' ELSE 'a' END, '' ORDER BY k.n)"
  "     FROM generate_series(1, ix.indnkeyatts) k(n)),"
  "  (SELECT string_agg(CASE WHEN oc.opcdefault THEN '' ELSE oc.opcname END, '" SEP "' ORDER BY k.n)"
  "     FROM generate_series(1, ix.indnkeyatts) k(n) JOIN pg_opclass oc ON oc.oid = ix.indclass[k.n - 1])"
  " FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class c ON c.oid = ix.indrelid"
  " JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_am am ON am.oid = i.relam"
  " WHERE n.nspname = 'public' AND c.relname <> '_sqlx_migrations'"
  " ORDER BY c.relname, i.relname";

static const char fks_sql[] =
  "SELECT c.relname, con.conname, rc.relname, con.confdeltype, con.confupdtype,"
  "  (SELECT string_agg(a.attname, '" SEP "' ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)"
  "     JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum),"
  "  (SELECT string_agg(a.attname, '" SEP "' ORDER BY k.ord) FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)"
  "     JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum)"
  " FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid"
  " JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_class rc ON rc.oid = con.confrelid"
  " WHERE con.contype = 'f' AND n.nspname = 'public' ORDER BY c.relname, con.conname";

static PGresult *
query (PGconn *pg, const char *sql, GError **error)
{
  PGresult *res = PQexecParams (pg, sql, 0, NULL, NULL, NULL, NULL, 0);

  if (PQresultStatus (res) != PGRES_TUPLES_OK)
    {
      g_autofree char *message = g_strdup (PQresultErrorMessage (res));
      g_strstrip (message);
      g_set_error (error, MDB_ERROR, MDB_ERROR_SERVER, "introspection failed: %s", message);
      PQclear (res);
      return NULL;
    }
  return res;
}

static const char *
val (PGresult *res, int row, int col)
{
  return PQgetisnull (res, row, col) ? NULL : PQgetvalue (res, row, col);
}

static gboolean
flag (PGresult *res, int row, int col)
{
  return g_strcmp0 (val (res, row, col), "t") == 0;
}

static void
read_enums (MdbSchema *schema, PGresult *res)
{
  MdbSchemaEnum *en = NULL;

  for (int r = 0; r < PQntuples (res); r++)
    {
      if (en == NULL || strcmp (en->name, val (res, r, 0)) != 0)
        {
          en = mdb__schema_enum_new (val (res, r, 0), 0);
          g_ptr_array_add (schema->enums, en);
        }
      g_ptr_array_add (en->values, g_strdup (val (res, r, 1)));
    }
}

static void
read_column (MdbSchemaTable *table, PGresult *res, int r)
{
  const char *type = val (res, r, 2);
  const char *def = val (res, r, 6);
  gboolean is_list = flag (res, r, 4);
  g_autofree char *base = g_strdup (type);
  MdbSchemaColumn *column;

  if (is_list && g_str_has_suffix (base, "[]"))
    base[strlen (base) - 2] = '\0';
  column = mdb__schema_column_new (val (res, r, 1), base, 0);
  column->is_enum = flag (res, r, 3);
  column->is_list = is_list;
  column->not_null = flag (res, r, 5);
  column->is_datetime = g_str_has_prefix (base, "timestamp") || strcmp (base, "date") == 0;
  /* A serial column is a sequence default; model it as autoincrement(). */
  if (def != NULL && g_str_has_prefix (def, "nextval(") && g_str_has_suffix (def, "::regclass)"))
    column->serial = TRUE;
  else
    column->default_expr = mdb__schema_normalize_default (def);
  g_ptr_array_add (table->columns, column);
}

static void
split_into (GPtrArray *out, const char *joined, gboolean empty_is_null)
{
  g_auto (GStrv) parts = g_strsplit (joined != NULL ? joined : "", SEP, -1);

  for (guint i = 0; parts[i] != NULL; i++)
    g_ptr_array_add (out, empty_is_null && parts[i][0] == '\0' ? NULL : g_strdup (parts[i]));
}

static void
read_index (MdbSchemaTable *table, PGresult *res, int r)
{
  const char *desc = val (res, r, 7);
  MdbSchemaIndex *index;

  if (flag (res, r, 3))
    {
      table->pk_name = g_strdup (val (res, r, 1));
      split_into (table->pk_columns, val (res, r, 6), FALSE);
      return;
    }
  /* Partial, expression, INCLUDE and NULLS NOT DISTINCT indexes are hand-written SQL. */
  if (flag (res, r, 5))
    return;
  index = mdb__schema_index_new (val (res, r, 1), flag (res, r, 2), val (res, r, 4), 0);
  split_into (index->columns, val (res, r, 6), FALSE);
  split_into (index->opclasses, val (res, r, 8), TRUE);
  /* g_strsplit ("") gives no element: one default opclass reads as "". */
  while (index->opclasses->len < index->columns->len)
    g_ptr_array_add (index->opclasses, NULL);
  for (guint i = 0; i < index->columns->len; i++)
    {
      gboolean d = desc != NULL && desc[i] == 'd';
      g_array_append_val (index->desc, d);
    }
  g_ptr_array_add (table->indexes, index);
}

static const char *
action_name (const char *code)
{
  switch (code != NULL ? code[0] : 'a')
    {
    case 'c': return "CASCADE";
    case 'r': return "RESTRICT";
    case 'n': return "SET NULL";
    case 'd': return "SET DEFAULT";
    default: return "NO ACTION";
    }
}

static void
read_fk (MdbSchemaTable *table, PGresult *res, int r)
{
  MdbSchemaForeignKey *fk = mdb__schema_fk_new (val (res, r, 1), val (res, r, 2), 0);

  g_free (fk->on_delete);
  g_free (fk->on_update);
  fk->on_delete = g_strdup (action_name (val (res, r, 3)));
  fk->on_update = g_strdup (action_name (val (res, r, 4)));
  split_into (fk->columns, val (res, r, 5), FALSE);
  split_into (fk->ref_columns, val (res, r, 6), FALSE);
  g_ptr_array_add (table->foreign_keys, fk);
}

typedef void (*RowReader) (MdbSchemaTable *table, PGresult *res, int row);

/* Runs @sql and hands each row to @reader with the table named in column 0. */
static gboolean
read_per_table (MdbSchema *schema, PGconn *pg, const char *sql, RowReader reader, GError **error)
{
  PGresult *res = query (pg, sql, error);

  if (res == NULL)
    return FALSE;
  for (int r = 0; r < PQntuples (res); r++)
    {
      MdbSchemaTable *table = mdb__schema_find_table (schema, val (res, r, 0));
      if (table != NULL)
        reader (table, res, r);
    }
  PQclear (res);
  return TRUE;
}

/**
 * mdb__schema_introspect:
 * @conn: a connection to the database to read
 * @error: return location for a #GError
 *
 * Reads tables, columns, primary keys, unique and plain indexes, foreign
 * keys and enums of the public schema from pg_catalog.  Ignores what the
 * schema language does not model (docs/schema.md): CHECK constraints,
 * partial/expression/INCLUDE/NULLS NOT DISTINCT indexes, triggers,
 * functions, views, and the _sqlx_migrations table.
 * Sets %MDB_ERROR_SERVER.
 *
 * Returns: (transfer full): the model, sorted by name, or %NULL
 * Since: 0.1
 */
MdbSchema *
mdb__schema_introspect (MdbConn *conn, GError **error)
{
  PGconn *pg = mdb_conn_get_pg_conn (conn);
  g_autoptr (MdbSchema) schema = mdb__schema_new (NULL);
  GString *sql = g_string_new (indexes_sql);
  g_autofree char *indexes = NULL;
  PGresult *res;

  g_string_replace (sql, "NND", PQserverVersion (pg) >= 150000 ? "ix.indnullsnotdistinct" : "false", 1);
  indexes = g_string_free (sql, FALSE);
  if ((res = query (pg, enums_sql, error)) == NULL)
    return NULL;
  read_enums (schema, res);
  PQclear (res);
  if ((res = query (pg, extensions_sql, error)) == NULL)
    return NULL;
  schema->extensions = g_ptr_array_new_with_free_func (g_free);
  for (int r = 0; r < PQntuples (res); r++)
    g_ptr_array_add (schema->extensions, g_strdup (val (res, r, 0)));
  PQclear (res);
  if ((res = query (pg, tables_sql, error)) == NULL)
    return NULL;
  for (int r = 0; r < PQntuples (res); r++)
    g_ptr_array_add (schema->tables, mdb__schema_table_new (val (res, r, 0), 0));
  PQclear (res);
  if (!read_per_table (schema, pg, columns_sql, read_column, error)
      || !read_per_table (schema, pg, indexes, read_index, error)
      || !read_per_table (schema, pg, fks_sql, read_fk, error))
    return NULL;
  mdb__schema_sort (schema);
  return g_steal_pointer (&schema);
}
