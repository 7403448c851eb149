/* SPDX-License-Identifier: MIT */
/* prepare.c: a query's parameter and column types and nullability, asked of a live server. */
#include <stdlib.h>
#include <string.h>
#include <libpq-fe.h>
#include "prepare.h"
#include "nullability.h"
#include "mdb-tool.h"

#define STMT_NAME "mdb_prepare_stmt"
#define FIRST_NORMAL_OID 16384   /* FirstNormalObjectId: below it, built-in */

struct _MdbPreparer {
  MdbConn        *owner;        /* opened by the core: its connect errors never quote a password */
  PGconn         *conn;         /* owner's, for the describe calls libmdb does not wrap */
  GHashTable     *types;        /* oid -> MdbCacheValue (type fields only) */
  GHashTable     *composites;   /* oid -> its (or its elements') composite relation, or 0 */
  MdbNullCatalog *catalog;      /* for proving expressions non-null */
  gboolean        capturing;    /* the notice receiver keeps the parse tree */
  char           *parse_tree;   /* debug_print_parse's text for the statement */
};

/* One line of the server's message, for "file:line: …" errors. */
static char *
one_line (const char *message)
{
  char *copy = g_strdup (message != NULL ? message : "unknown error");

  g_strdelimit (g_strstrip (copy), "\n\r", ' ');
  return copy;
}

static gboolean
exec_ok (PGconn *conn, const char *sql, GError **error)
{
  PGresult *res = PQexec (conn, sql);
  gboolean ok = PQresultStatus (res) == PGRES_COMMAND_OK || PQresultStatus (res) == PGRES_TUPLES_OK;

  if (!ok)
    {
      g_autofree char *msg = one_line (PQresultErrorMessage (res));

      g_set_error (error, MDB_ERROR, MDB_ERROR_SERVER, "%s: %s", sql, msg);
    }
  PQclear (res);
  return ok;
}

/* While a statement is prepared with debug_print_parse on, the server sends
 * its parse tree as a LOG message; keep it for the nullability proof.
 * Every other notice is dropped, as before (libpq would print it). */
static void
keep_parse_tree (void *data, const PGresult *res)
{
  MdbPreparer *p = data;
  const char *primary = PQresultErrorField (res, PG_DIAG_MESSAGE_PRIMARY);
  const char *detail = PQresultErrorField (res, PG_DIAG_MESSAGE_DETAIL);

  if (p->capturing && p->parse_tree == NULL && detail != NULL && g_strcmp0 (primary, "parse tree:") == 0)
    p->parse_tree = g_strdup (detail);
  else if (!p->capturing && g_strcmp0 (primary, "parse tree:") != 0)
    g_printerr ("%s", PQresultErrorMessage (res));
}

MdbPreparer *
mdb__preparer_new (const char *url, GError **error)
{
  g_autoptr(MdbPreparer) p = g_new0 (MdbPreparer, 1);

  p->types = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                    (GDestroyNotify) mdb__cache_value_free);
  p->composites = g_hash_table_new (g_direct_hash, g_direct_equal);
  if ((p->owner = mdb_tool_connect (url, error)) == NULL)
    return NULL;
  p->conn = mdb_conn_get_pg_conn (p->owner);
  /* As SQLx does: a generic plan keeps EXPLAIN independent of the NULL
   * arguments we pass, so outer-join sides are what the SQL says. */
  if (!exec_ok (p->conn, "SET plan_cache_mode = force_generic_plan", error))
    return NULL;
  p->catalog = mdb__null_catalog_new (p->conn);
  PQsetNoticeReceiver (p->conn, keep_parse_tree, p);
  return g_steal_pointer (&p);
}

void
mdb__preparer_free (MdbPreparer *preparer)
{
  if (preparer == NULL)
    return;
  mdb_conn_free (preparer->owner);
  g_clear_pointer (&preparer->types, g_hash_table_unref);
  g_clear_pointer (&preparer->composites, g_hash_table_unref);
  g_clear_pointer (&preparer->catalog, mdb__null_catalog_free);
  g_free (preparer->parse_tree);
  g_free (preparer);
}

static char **
enum_labels (PGconn *conn, guint32 oid)
{
  PGresult *res = mdb__exec_with_oid (conn, "SELECT enumlabel FROM pg_catalog.pg_enum "
                                  "WHERE enumtypid = $1::oid ORDER BY enumsortorder", oid);
  GPtrArray *labels = g_ptr_array_new ();

  if (PQresultStatus (res) == PGRES_TUPLES_OK)
    for (int r = 0; r < PQntuples (res); r++)
      g_ptr_array_add (labels, g_strdup (PQgetvalue (res, r, 0)));
  g_ptr_array_add (labels, NULL);
  PQclear (res);
  return (char **) g_ptr_array_free (labels, FALSE);
}

static MdbCacheValue *value_of_type (MdbPreparer *p, guint32 oid, const char *name, guint depth,
                                     GError **error);

/* A composite type's fields (pg_attribute of its typrelid), each described
 * like a column; nullable until the parse tree proves otherwise. */
static GPtrArray *
composite_fields (MdbPreparer *p, guint32 relid, guint depth, GError **error)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func ((GDestroyNotify) mdb__cache_value_free);
  PGresult *res = mdb__exec_with_oid (p->conn, "SELECT attname, atttypid FROM pg_catalog.pg_attribute "
                                               "WHERE attrelid = $1::oid AND attnum > 0 AND NOT attisdropped "
                                               "ORDER BY attnum", relid);
  gboolean ok = PQresultStatus (res) == PGRES_TUPLES_OK;

  for (int r = 0; ok && r < PQntuples (res); r++)
    {
      MdbCacheValue *f = value_of_type (p, (guint32) g_ascii_strtoull (PQgetvalue (res, r, 1), NULL, 10),
                                        PQgetvalue (res, r, 0), depth + 1, error);

      ok = f != NULL;
      if (ok)
        {
          f->snake_name = mdb_name_to_snake (f->name);
          f->nullable = TRUE;
          f->nullable_source = g_strdup ("expression");
          f->nullable_reason = g_strdup ("a field of a composite type");
          g_ptr_array_add (fields, f);
        }
    }
  PQclear (res);
  return ok ? g_steal_pointer (&fields) : NULL;
}

/* typname, typtype, and for arrays the element's typname, typtype and oid;
 * the relation of a composite type (or of an array's composite elements). */
static const MdbCacheValue *
lookup_type (MdbPreparer *p, guint32 oid, guint32 *composite, GError **error)
{
  MdbCacheValue *t = g_hash_table_lookup (p->types, GUINT_TO_POINTER (oid));
  PGresult *res;

  if (t != NULL)
    {
      *composite = GPOINTER_TO_UINT (g_hash_table_lookup (p->composites, GUINT_TO_POINTER (oid)));
      return t;
    }
  res = mdb__exec_with_oid (p->conn,
                  "SELECT t.typname, t.typtype, e.oid, e.typname, e.typtype, "
                  "CASE WHEN t.typtype = 'c' THEN t.typrelid WHEN e.typtype = 'c' THEN e.typrelid ELSE 0 END "
                  "FROM pg_catalog.pg_type t LEFT JOIN pg_catalog.pg_type e "
                  "ON e.oid = t.typelem AND t.typcategory = 'A' WHERE t.oid = $1::oid", oid);
  if (PQresultStatus (res) != PGRES_TUPLES_OK || PQntuples (res) != 1)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_SERVER, "cannot look up type %u", oid);
      PQclear (res);
      return NULL;
    }
  t = mdb__cache_value_new ();
  t->oid = oid;
  t->type = g_strdup (PQgetvalue (res, 0, 0));
  *composite = (guint32) g_ascii_strtoull (PQgetvalue (res, 0, 5), NULL, 10);
  if (!PQgetisnull (res, 0, 2))
    {
      t->element_oid = (guint32) g_ascii_strtoull (PQgetvalue (res, 0, 2), NULL, 10);
      t->element_type = g_strdup (PQgetvalue (res, 0, 3));
      if (g_str_equal (PQgetvalue (res, 0, 4), "e"))
        t->enum_labels = enum_labels (p->conn, t->element_oid);
    }
  else if (g_str_equal (PQgetvalue (res, 0, 1), "e"))
    t->enum_labels = enum_labels (p->conn, oid);
  PQclear (res);
  g_hash_table_insert (p->types, GUINT_TO_POINTER (oid), t);
  g_hash_table_insert (p->composites, GUINT_TO_POINTER (oid), GUINT_TO_POINTER (*composite));
  return t;
}

static MdbCacheValue *
value_of_type (MdbPreparer *p, guint32 oid, const char *name, guint depth, GError **error)
{
  guint32 composite = 0;
  const MdbCacheValue *t = lookup_type (p, oid, &composite, error);
  g_autoptr(MdbCacheValue) v = NULL;

  if (t == NULL)
    return NULL;
  v = mdb__cache_value_new ();
  v->name = g_strdup (name);
  /* Types the migrations create (enums) get new OIDs in every database;
   * the committed cache names them and records OID 0. */
  v->oid = oid < FIRST_NORMAL_OID ? oid : 0;
  v->type = g_strdup (t->type);
  v->element_type = g_strdup (t->element_type);
  v->element_oid = t->element_oid < FIRST_NORMAL_OID ? t->element_oid : 0;
  v->enum_labels = g_strdupv (t->enum_labels);
  if (composite != 0 && depth >= 8)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "composite type %s nests deeper than 8 levels",
                   t->type);
      return NULL;
    }
  if (composite != 0 && (v->fields = composite_fields (p, composite, depth, error)) == NULL)
    return NULL;
  return g_steal_pointer (&v);
}

char *
mdb__column_name_override (const char *name, int *override)
{
  gsize len = strlen (name);

  *override = -1;
  /* "?column?" is the server's name for an unnamed expression, not a "?" override. */
  if (len > 1 && (name[len - 1] == '!' || name[len - 1] == '?') && !g_str_equal (name, "?column?"))
    {
      *override = name[len - 1] == '?';
      return g_strndup (name, len - 1);
    }
  return g_strdup (name);
}

/* TRUE (and *notnull) when the column comes straight from a table column. */
static gboolean
catalog_notnull (PGconn *conn, const PGresult *desc, int column, gboolean *notnull)
{
  Oid table = PQftable (desc, column);
  int attnum = PQftablecol (desc, column);
  g_autofree char *t = g_strdup_printf ("%u", table);
  g_autofree char *a = g_strdup_printf ("%d", attnum);
  const char *values[2] = { t, a };
  PGresult *res;
  gboolean found;

  if (table == InvalidOid || attnum <= 0)
    return FALSE;
  res = PQexecParams (conn, "SELECT attnotnull FROM pg_catalog.pg_attribute "
                            "WHERE attrelid = $1::oid AND attnum = $2::int2",
                      2, NULL, values, NULL, NULL, 0);
  found = PQresultStatus (res) == PGRES_TUPLES_OK && PQntuples (res) == 1;
  if (found)
    *notnull = g_str_equal (PQgetvalue (res, 0, 0), "t");
  PQclear (res);
  return found;
}

/* ---- EXPLAIN walk ---------------------------------------------------- */

static const char *
member_string (JsonObject *o, const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  return n != NULL && json_node_get_value_type (n) == G_TYPE_STRING ? json_node_get_string (n) : NULL;
}

static void
mark_outputs (JsonObject *node, JsonArray *top, gboolean *marks)
{
  JsonNode *out = json_object_get_member (node, "Output");
  JsonArray *outputs;

  if (out == NULL || !JSON_NODE_HOLDS_ARRAY (out))
    return;
  outputs = json_node_get_array (out);
  for (guint k = 0; k < json_array_get_length (outputs); k++)
    for (guint t = 0; t < json_array_get_length (top); t++)
      if (g_strcmp0 (json_array_get_string_element (outputs, k),
                     json_array_get_string_element (top, t)) == 0)
        marks[t] = TRUE;
}

/* Outputs of a Full join, of the inner side of a Left join and of the
 * outer side of a Right join can be NULL whatever the catalog says. */
static void
walk_plan (JsonObject *node, const char *parent_join, JsonArray *top, gboolean *marks, guint depth)
{
  const char *join = member_string (node, "Join Type");
  const char *rel = member_string (node, "Parent Relationship");
  JsonNode *plans = json_object_get_member (node, "Plans");

  if (depth > 200)
    return;
  if (g_strcmp0 (join, "Full") == 0
      || (g_strcmp0 (parent_join, "Left") == 0 && g_strcmp0 (rel, "Inner") == 0)
      || (g_strcmp0 (parent_join, "Right") == 0 && g_strcmp0 (rel, "Outer") == 0))
    mark_outputs (node, top, marks);
  if (plans == NULL || !JSON_NODE_HOLDS_ARRAY (plans))
    return;
  for (guint k = 0; k < json_array_get_length (json_node_get_array (plans)); k++)
    {
      JsonNode *child = json_array_get_element (json_node_get_array (plans), k);

      if (JSON_NODE_HOLDS_OBJECT (child))
        walk_plan (json_node_get_object (child), join, top, marks, depth + 1);
    }
}

gboolean *
mdb__explain_nullable_outputs (JsonNode *plan, guint *n_outputs)
{
  JsonObject *root, *top;
  JsonNode *out;
  gboolean *marks;

  if (plan == NULL || !JSON_NODE_HOLDS_ARRAY (plan) || json_array_get_length (json_node_get_array (plan)) < 1)
    return NULL;
  root = json_array_get_object_element (json_node_get_array (plan), 0);
  if (root == NULL || !json_object_has_member (root, "Plan")
      || !JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "Plan")))
    return NULL;
  top = json_object_get_object_member (root, "Plan");
  out = json_object_get_member (top, "Output");
  if (out == NULL || !JSON_NODE_HOLDS_ARRAY (out))
    return NULL;
  *n_outputs = json_array_get_length (json_node_get_array (out));
  marks = g_new0 (gboolean, *n_outputs + 1);
  walk_plan (top, NULL, json_node_get_array (out), marks, 0);
  return marks;
}

/* EXPLAIN of the prepared statement with NULL arguments; NULL when the
 * statement cannot be explained (then only the catalog decides). */
static gboolean *
explain_statement (PGconn *conn, int n_params, guint *n_outputs)
{
  g_autoptr(GString) sql = g_string_new ("EXPLAIN (VERBOSE, FORMAT JSON) EXECUTE " STMT_NAME);
  g_autoptr(JsonParser) parser = json_parser_new ();
  gboolean *marks = NULL;
  PGresult *res;

  for (int k = 0; k < n_params; k++)
    g_string_append (sql, k == 0 ? "(NULL" : ", NULL");
  if (n_params > 0)
    g_string_append_c (sql, ')');
  res = PQexec (conn, sql->str);
  if (PQresultStatus (res) == PGRES_TUPLES_OK && PQntuples (res) == 1
      && json_parser_load_from_data (parser, PQgetvalue (res, 0, 0), -1, NULL))
    marks = mdb__explain_nullable_outputs (json_parser_get_root (parser), n_outputs);
  PQclear (res);
  return marks;
}

/* ---- describe ------------------------------------------------------- */

/* @message with each $N the server quotes written as the query's :name. */
static char *
with_param_names (const MdbQuery *query, const char *message)
{
  GString *out = g_string_new (NULL);

  for (const char *c = message; *c != '\0'; c++)
    {
      char *end = NULL;
      guint64 n = *c == '$' && g_ascii_isdigit (c[1]) ? g_ascii_strtoull (c + 1, &end, 10) : 0;

      if (n >= 1 && n <= query->params->len)
        {
          const MdbQueryParam *param = g_ptr_array_index (query->params, n - 1);
          g_string_append_printf (out, ":%s", param->name);
          c = end - 1;
        }
      else
        g_string_append_c (out, *c);
    }
  return g_string_free (out, FALSE);
}

/* "LINE n: text" and a caret under @column, as psql shows a server error,
 * but with the file's line number and text (:name, not $N). */
static void
append_caret (GString *out, guint line, guint column, const char *text)
{
  g_autofree char *label = g_strdup_printf ("LINE %u: ", line);
  g_autofree char *shown = g_strdelimit (g_strdup (text), "\t", ' ');

  g_string_append_printf (out, "\n%s%s\n%*s^", label, shown, (int) (strlen (label) + column - 1), "");
}

static gboolean
describe_fail (const MdbQuery *query, PGresult *res, GError **error)
{
  const char *primary = PQresultErrorField (res, PG_DIAG_MESSAGE_PRIMARY);
  const char *position = PQresultErrorField (res, PG_DIAG_STATEMENT_POSITION);
  const char *detail = PQresultErrorField (res, PG_DIAG_MESSAGE_DETAIL);
  const char *hint = PQresultErrorField (res, PG_DIAG_MESSAGE_HINT);
  g_autofree char *whole = one_line (PQresultErrorMessage (res));
  g_autofree char *msg = with_param_names (query, primary != NULL ? primary : whole);
  g_autofree char *text = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  guint line = query->line, column = 0;

  /* The server counts characters from 1 in the statement it was sent. */
  if (position != NULL && atol (position) >= 1 && (glong) atol (position) <= g_utf8_strlen (query->sql, -1))
    text = mdb__query_locate (query, g_utf8_offset_to_pointer (query->sql, atol (position) - 1) - query->sql,
                              &line, &column);
  if (text != NULL)
    g_string_printf (out, "%s:%u:%u: query \"%s\": %s", query->path, line, column, query->name, msg);
  else
    g_string_printf (out, "%s:%u: query \"%s\": %s", query->path, query->line, query->name, msg);
  if (text != NULL)
    append_caret (out, line, column, text);
  if (detail != NULL)
    {
      g_autofree char *d = with_param_names (query, detail);
      g_string_append_printf (out, "\nDETAIL: %s", d);
    }
  if (hint != NULL)
    {
      g_autofree char *h = with_param_names (query, hint);
      g_string_append_printf (out, "\nHINT: %s", h);
    }
  g_set_error_literal (error, MDB_ERROR, MDB_ERROR_SERVER, out->str);
  PQclear (res);
  return FALSE;
}

static gboolean
describe_column (MdbPreparer *p, const PGresult *desc, int k, const gboolean *explain_marks,
                 guint n_marks, const MdbNullInference *inferred, MdbCacheEntry *entry, GError **error)
{
  int override;
  g_autofree char *name = mdb__column_name_override (PQfname (desc, k), &override);
  MdbCacheValue *v = value_of_type (p, PQftype (desc, k), name, 0, error);
  gboolean notnull = FALSE;

  if (v == NULL)
    return FALSE;
  g_ptr_array_add (entry->columns, v);
  v->snake_name = mdb_name_to_snake (name);
  if (override >= 0)
    {
      v->nullable = override == 1;
      v->nullable_source = g_strdup ("override");
    }
  else if (explain_marks != NULL && (guint) k < n_marks && explain_marks[k])
    {
      v->nullable = TRUE;
      v->nullable_source = g_strdup ("outer_join");
    }
  else if (catalog_notnull (p->conn, desc, k, &notnull))
    {
      /* A NOT NULL table column can still be nulled by an outer join inside
       * a CTE or a subquery, which the plan's marks above do not see. */
      gboolean nulled = notnull && inferred != NULL && inferred[k].outer_join;

      v->nullable = !notnull || nulled;
      v->nullable_source = g_strdup (nulled ? "outer_join" : "catalog");
      if (nulled)
        v->nullable_reason = g_strdup (inferred[k].reason);
    }
  else if (inferred != NULL && inferred[k].nonnull)
    {
      v->nullable = FALSE;
      v->nullable_source = g_strdup ("inferred");
      v->nullable_reason = g_strdup (inferred[k].reason);
    }
  else
    {
      v->nullable = TRUE;
      v->nullable_source = g_strdup ("expression");
      v->nullable_reason = g_strdup (inferred != NULL ? inferred[k].reason : "the server gave no parse tree");
    }
  return TRUE;
}

/* The statement's parse tree (kept while preparing) and which parameters
 * may be NULL: what the nullability proof works from. */
typedef struct {
  MdbPgNode *tree;
  gboolean  *param_nullable;
  guint      n_params;
} ProofInput;

static void
proof_input_init (ProofInput *in, MdbPreparer *p, const MdbQuery *query)
{
  in->tree = p->parse_tree != NULL ? mdb__pg_node_parse (p->parse_tree) : NULL;
  in->n_params = query->params->len;
  in->param_nullable = g_new0 (gboolean, in->n_params + 1);
  for (guint k = 0; k < in->n_params; k++)
    in->param_nullable[k] = ((const MdbQueryParam *) query->params->pdata[k])->nullable;
}

static void
proof_input_clear (ProofInput *in)
{
  g_clear_pointer (&in->tree, mdb__pg_node_free);
  g_clear_pointer (&in->param_nullable, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ProofInput, proof_input_clear)

/* Child rows: which fields of each composite column are proven non-null. */
static void
infer_fields (MdbPreparer *p, const ProofInput *in, MdbCacheEntry *entry)
{
  for (guint k = 0; in->tree != NULL && k < entry->columns->len; k++)
    mdb__null_infer_fields (p->catalog, in->tree, in->param_nullable, in->n_params, k,
                            entry->columns->pdata[k]);
}

static gboolean
describe_prepared (MdbPreparer *p, const MdbQuery *query, MdbCacheEntry *entry, GError **error)
{
  PGresult *desc = PQdescribePrepared (p->conn, STMT_NAME);
  g_autofree gboolean *marks = NULL;
  MdbNullInference *inferred = NULL;
  g_auto(ProofInput) proof = { NULL, NULL, 0 };
  guint n_marks = 0, n_inferred = 0;
  gboolean ok = TRUE;

  if (PQresultStatus (desc) != PGRES_COMMAND_OK)
    return describe_fail (query, desc, error);
  for (int k = 0; ok && k < PQnparams (desc); k++)
    {
      const MdbQueryParam *param = g_ptr_array_index (query->params, k);
      MdbCacheValue *v = value_of_type (p, PQparamtype (desc, k), param->name, 0, error);

      ok = v != NULL;
      if (ok)
        {
          v->nullable = param->nullable;
          g_ptr_array_add (entry->params, v);
        }
    }
  if (ok && PQnfields (desc) > 0)
    {
      marks = explain_statement (p->conn, PQnparams (desc), &n_marks);
      proof_input_init (&proof, p, query);
      if (proof.tree != NULL)
        inferred = mdb__null_infer (p->catalog, proof.tree, proof.param_nullable, proof.n_params, &n_inferred);
    }
  if (inferred != NULL && n_inferred != (guint) PQnfields (desc))
    {
      /* The tree does not describe these columns: trust none of it. */
      mdb__null_inferences_free (inferred, n_inferred);
      inferred = NULL;
    }
  for (int k = 0; ok && k < PQnfields (desc); k++)
    ok = describe_column (p, desc, k, marks, n_marks, inferred, entry, error);
  if (ok && inferred != NULL)
    infer_fields (p, &proof, entry);
  mdb__null_inferences_free (inferred, n_inferred);
  PQclear (desc);
  return ok;
}

/* PQprepare with debug_print_parse on for just that statement, so the
 * notice receiver gets its parse tree (both settings are user-settable;
 * when the server refuses them nothing is proven and columns stay nullable). */
static PGresult *
prepare_with_parse_tree (MdbPreparer *p, const char *sql)
{
  PGresult *res;

  g_clear_pointer (&p->parse_tree, g_free);
  PQclear (PQexec (p->conn, "SET debug_pretty_print = off; SET client_min_messages = log; "
                            "SET debug_print_parse = on"));
  p->capturing = TRUE;
  res = PQprepare (p->conn, STMT_NAME, sql, 0, NULL);
  p->capturing = FALSE;
  PQclear (PQexec (p->conn, "RESET debug_print_parse; RESET client_min_messages; RESET debug_pretty_print"));
  return res;
}

MdbCacheEntry *
mdb__preparer_describe (MdbPreparer *p, const MdbQuery *query, GError **error)
{
  g_autoptr(MdbCacheEntry) entry = mdb__cache_entry_new ();
  PGresult *res;
  gboolean ok;

  g_return_val_if_fail (p != NULL && query != NULL, NULL);
  entry->query = g_strdup (query->sql);
  entry->hash = g_strdup (query->hash);
  entry->name = g_strdup (query->name);
  entry->kind = g_strdup (mdb__query_kind_to_string (query->kind));
  res = prepare_with_parse_tree (p, query->sql);
  if (PQresultStatus (res) != PGRES_COMMAND_OK)
    {
      describe_fail (query, res, error);
      return NULL;
    }
  PQclear (res);
  ok = describe_prepared (p, query, entry, error);
  PQclear (PQexec (p->conn, "DEALLOCATE " STMT_NAME));
  return ok ? g_steal_pointer (&entry) : NULL;
}
