/* SPDX-License-Identifier: MIT */
/* nullability.c: which result expressions are provably non-null.
 *
 * Works on the statement's parse tree (what the server analysed, before the
 * planner rewrote anything), so an EXISTS is still an EXISTS and a count
 * still a count.  Every rule proves non-null; anything not proven stays
 * nullable, with the reason, so a reviewer sees what to alias with "x!".
 */
#include <string.h>
#include "nullability.h"
#include "query-cache.h"

#define FIRST_NORMAL_OID 16384   /* below: built into the server */
#define OUTER_JOIN_REASON "a column from the nullable side of an outer join"
#define MAX_DEPTH 200

typedef struct {
  char    *name;
  gboolean builtin, strict, retset;
  char    *src;     /* prosrc: tells the regular-expression substring apart */
} ProcInfo;

struct _MdbNullCatalog {
  PGconn     *conn;
  GHashTable *procs;      /* oid -> ProcInfo */
  GHashTable *operators;  /* oid -> oprname (char *), and the code's oid as "name\tcode" */
  GHashTable *notnull;    /* "relid:attnum" -> GINT_TO_POINTER (1 + attnotnull) */
};

typedef struct Level Level;
struct Level {
  const MdbPgNode *query;
  const Level     *up;
  GHashTable      *outer;    /* rtindexes on the nullable side of an outer join */
};

typedef struct {
  MdbNullCatalog *cat;
  const gboolean *param_nullable;
  guint           n_params;
  GString        *why;       /* the first reason a proof failed */
  GHashTable     *assumed;   /* recursive CTE node -> set of its columns assumed non-null (induction) */
} Infer;

/* Built-in functions that return non-NULL whenever every argument is
 * non-NULL (strict ones only; checked against pg_proc too). */
static const char *const nonnull_functions[] = {
  "lower", "upper", "initcap", "length", "char_length", "character_length", "octet_length",
  "bit_length", "btrim", "ltrim", "rtrim", "left", "right", "lpad", "rpad", "repeat", "replace",
  "reverse", "translate", "md5", "sha256", "strpos", "split_part", "substr", "substring",
  "starts_with", "abs", "round", "trunc", "floor", "ceil", "ceiling", "sign", "mod", "power",
  "pow", "sqrt", "cbrt", "exp", "ln", "log", "log10", "div", "date_trunc", "date_part",
  "extract", "timezone", "to_char", "age", "make_date", "make_interval", "justify_days",
  "justify_hours", "justify_interval", "to_timestamp", "array_cat", "array_append",
  "array_prepend", "array_to_string", "cardinality", "to_jsonb", "to_json", "row_to_json",
  "quote_ident", "quote_literal", "encode", "decode", "num_nonnulls", "num_nulls",
  "now", "statement_timestamp", "transaction_timestamp", "clock_timestamp", "gen_random_uuid",
  "random", NULL,
};

/* Built-in functions that never return NULL, whatever their arguments. */
static const char *const never_null_functions[] = {
  "concat", "jsonb_build_object", "json_build_object", "jsonb_build_array", "json_build_array",
  "num_nonnulls", "num_nulls", NULL,
};

/* Aggregates and window functions that never return NULL. */
static const char *const nonnull_aggregates[] = { "count", NULL };
static const char *const nonnull_window_functions[] = {
  "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "count", NULL,
};

static void
proc_info_free (ProcInfo *p)
{
  g_free (p->name);
  g_free (p->src);
  g_free (p);
}

MdbNullCatalog *
mdb__null_catalog_new (PGconn *conn)
{
  MdbNullCatalog *c = g_new0 (MdbNullCatalog, 1);

  c->conn = conn;
  c->procs = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, (GDestroyNotify) proc_info_free);
  c->operators = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  c->notnull = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return c;
}

void
mdb__null_catalog_free (MdbNullCatalog *catalog)
{
  if (catalog == NULL)
    return;
  g_hash_table_unref (catalog->procs);
  g_hash_table_unref (catalog->operators);
  g_hash_table_unref (catalog->notnull);
  g_free (catalog);
}

PGresult *
mdb__exec_with_oid (PGconn *conn, const char *sql, guint32 oid)
{
  g_autofree char *text = g_strdup_printf ("%u", oid);
  const char *values[1] = { text };

  return PQexecParams (conn, sql, 1, NULL, values, NULL, NULL, 0);
}

static const ProcInfo *
proc_info (MdbNullCatalog *c, guint32 oid)
{
  ProcInfo *p = g_hash_table_lookup (c->procs, GUINT_TO_POINTER (oid));
  PGresult *res;

  if (p != NULL || oid == 0)
    return p;
  res = mdb__exec_with_oid (c->conn, "SELECT proname, proisstrict, proretset, prosrc FROM pg_catalog.pg_proc "
                            "WHERE oid = $1::oid", oid);
  if (PQresultStatus (res) == PGRES_TUPLES_OK && PQntuples (res) == 1)
    {
      p = g_new0 (ProcInfo, 1);
      p->name = g_strdup (PQgetvalue (res, 0, 0));
      p->builtin = oid < FIRST_NORMAL_OID;
      p->strict = g_str_equal (PQgetvalue (res, 0, 1), "t");
      p->retset = g_str_equal (PQgetvalue (res, 0, 2), "t");
      p->src = g_strdup (PQgetvalue (res, 0, 3));
      g_hash_table_insert (c->procs, GUINT_TO_POINTER (oid), p);
    }
  PQclear (res);
  return p;
}

/* "oprname\toprcode" of a built-in operator, or NULL. */
static const char *
operator_info (MdbNullCatalog *c, guint32 oid)
{
  char *info = g_hash_table_lookup (c->operators, GUINT_TO_POINTER (oid));
  PGresult *res;

  if (info != NULL || oid == 0)
    return info;
  res = mdb__exec_with_oid (c->conn, "SELECT oprname, oprcode::oid FROM pg_catalog.pg_operator WHERE oid = $1::oid", oid);
  if (PQresultStatus (res) == PGRES_TUPLES_OK && PQntuples (res) == 1)
    {
      info = g_strdup_printf ("%s\t%s", PQgetvalue (res, 0, 0), PQgetvalue (res, 0, 1));
      g_hash_table_insert (c->operators, GUINT_TO_POINTER (oid), info);
    }
  PQclear (res);
  return info;
}

static gboolean
attribute_notnull (MdbNullCatalog *c, guint32 relid, gint64 attnum)
{
  g_autofree char *key = g_strdup_printf ("%u:%" G_GINT64_FORMAT, relid, attnum);
  gpointer cached = g_hash_table_lookup (c->notnull, key);
  g_autofree char *rel = NULL;
  g_autofree char *att = NULL;
  const char *values[2];
  PGresult *res;
  gboolean notnull;

  if (cached != NULL)
    return GPOINTER_TO_INT (cached) == 2;
  rel = g_strdup_printf ("%u", relid);
  att = g_strdup_printf ("%" G_GINT64_FORMAT, attnum);
  values[0] = rel;
  values[1] = att;
  res = PQexecParams (c->conn, "SELECT attnotnull FROM pg_catalog.pg_attribute "
                               "WHERE attrelid = $1::oid AND attnum = $2::int2 AND NOT attisdropped",
                      2, NULL, values, NULL, NULL, 0);
  notnull = PQresultStatus (res) == PGRES_TUPLES_OK && PQntuples (res) == 1
            && g_str_equal (PQgetvalue (res, 0, 0), "t");
  PQclear (res);
  g_hash_table_insert (c->notnull, g_steal_pointer (&key), GINT_TO_POINTER (notnull ? 2 : 1));
  return notnull;
}

/* ---- levels: one per (sub)query, for Vars and outer joins -------------- */

static void
mark_all (GHashTable *set, const MdbPgNode *jt)
{
  if (mdb__pg_node_is (jt, "RANGETBLREF"))
    g_hash_table_add (set, GINT_TO_POINTER ((int) mdb__pg_node_field_int (jt, "rtindex", 0)));
  else if (mdb__pg_node_is (jt, "JOINEXPR"))
    {
      g_hash_table_add (set, GINT_TO_POINTER ((int) mdb__pg_node_field_int (jt, "rtindex", 0)));
      mark_all (set, mdb__pg_node_field (jt, "larg"));
      mark_all (set, mdb__pg_node_field (jt, "rarg"));
    }
  else if (mdb__pg_node_is (jt, "FROMEXPR"))
    {
      const MdbPgNode *from = mdb__pg_node_field (jt, "fromlist");

      for (guint k = 0; k < mdb__pg_node_list_length (from); k++)
        mark_all (set, mdb__pg_node_list_nth (from, k));
    }
}

/* JoinType: 1 left, 2 full, 3 right (0 inner, others semi/anti). */
static void
mark_outer (GHashTable *set, const MdbPgNode *jt, guint depth)
{
  gint64 type;

  if (depth > MAX_DEPTH)
    return;
  if (mdb__pg_node_is (jt, "FROMEXPR"))
    {
      const MdbPgNode *from = mdb__pg_node_field (jt, "fromlist");

      for (guint k = 0; k < mdb__pg_node_list_length (from); k++)
        mark_outer (set, mdb__pg_node_list_nth (from, k), depth + 1);
      return;
    }
  if (!mdb__pg_node_is (jt, "JOINEXPR"))
    return;
  type = mdb__pg_node_field_int (jt, "jointype", -1);
  if (type == 1 || type == 2)
    mark_all (set, mdb__pg_node_field (jt, "rarg"));
  if (type == 3 || type == 2)
    mark_all (set, mdb__pg_node_field (jt, "larg"));
  if (type < 0 || type > 3)
    mark_all (set, jt);   /* an unknown join type: trust nothing under it */
  mark_outer (set, mdb__pg_node_field (jt, "larg"), depth + 1);
  mark_outer (set, mdb__pg_node_field (jt, "rarg"), depth + 1);
}

static void
level_init (Level *lv, const MdbPgNode *query, const Level *up)
{
  lv->query = query;
  lv->up = up;
  lv->outer = g_hash_table_new (g_direct_hash, g_direct_equal);
  mark_outer (lv->outer, mdb__pg_node_field (query, "jointree"), 0);
}

static void
level_clear (Level *lv)
{
  g_clear_pointer (&lv->outer, g_hash_table_unref);
}

/* ---- the proof -------------------------------------------------------- */

static gboolean fail (Infer *in, const char *fmt, ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail (Infer *in, const char *fmt, ...)
{
  va_list args;

  if (in->why->len == 0)
    {
      va_start (args, fmt);
      g_string_append_vprintf (in->why, fmt, args);
      va_end (args);
    }
  return FALSE;
}

static gboolean
in_list (const char *name, const char *const *list)
{
  for (guint k = 0; name != NULL && list[k] != NULL; k++)
    if (g_str_equal (name, list[k]))
      return TRUE;
  return FALSE;
}

static gboolean expr_nonnull (Infer *in, const Level *lv, const MdbPgNode *e, guint depth);
static gboolean target_nonnull (Infer *in, const MdbPgNode *query, const Level *up, gint64 attno, guint depth);

static gboolean
all_nonnull (Infer *in, const Level *lv, const MdbPgNode *list, guint depth)
{
  for (guint k = 0; k < mdb__pg_node_list_length (list); k++)
    if (!expr_nonnull (in, lv, mdb__pg_node_list_nth (list, k), depth + 1))
      return FALSE;
  return TRUE;
}

static gboolean
any_nonnull (Infer *in, const Level *lv, const MdbPgNode *list, guint depth)
{
  for (guint k = 0; k < mdb__pg_node_list_length (list); k++)
    {
      gsize before = in->why->len;

      if (expr_nonnull (in, lv, mdb__pg_node_list_nth (list, k), depth + 1))
        {
          g_string_truncate (in->why, before);
          return TRUE;
        }
    }
  return FALSE;
}

static const MdbPgNode *
find_cte (const Level *lv, const char *name, gint64 levels_up, const Level **owner)
{
  for (; lv != NULL && levels_up > 0; levels_up--)
    lv = lv->up;
  for (guint k = 0; lv != NULL && k < mdb__pg_node_list_length (mdb__pg_node_field (lv->query, "cteList")); k++)
    {
      const MdbPgNode *cte = mdb__pg_node_list_nth (mdb__pg_node_field (lv->query, "cteList"), k);

      if (g_strcmp0 (mdb__pg_node_field_text (cte, "ctename"), name) == 0)
        {
          *owner = lv;
          return cte;
        }
    }
  return NULL;
}

/* The column's name from the range table entry (`:colnames ("id" "name")`). */
static char *
column_name (const MdbPgNode *rte, gint64 attno)
{
  const MdbPgNode *names = mdb__pg_node_field (mdb__pg_node_field (rte, "eref"), "colnames");
  const MdbPgNode *n = attno > 0 ? mdb__pg_node_list_nth (names, (guint) attno - 1) : NULL;

  gsize len = n != NULL && n->kind == MDB_PG_NODE_TOKEN ? strlen (n->text) : 0;

  if (len < 2 || n->text[0] != '"' || n->text[len - 1] != '"')
    return g_strdup ("?");
  return g_strndup (n->text + 1, len - 2);   /* names are written "id" */
}

static gboolean target_nonnull (Infer *in, const MdbPgNode *query, const Level *up, gint64 attno, guint depth);
static guint count_columns (const MdbPgNode *query);

/* A recursive CTE's column, by induction: assume a set S of its columns
 * non-null where the CTE refers to itself, keep the columns proven
 * non-null in every branch under that assumption, and repeat until S no
 * longer shrinks.  The rows of the first (non-recursive) branch satisfy S
 * without any assumption, and each step of the recursion keeps S, so every
 * row does. */
static gboolean
recursive_cte_nonnull (Infer *in, const MdbPgNode *cte, const Level *owner, const MdbPgNode *rte,
                       gint64 attno, const char *name, guint depth)
{
  const MdbPgNode *query = mdb__pg_node_field (cte, "ctequery");
  GHashTable *assumed = in->assumed != NULL ? g_hash_table_lookup (in->assumed, cte) : NULL;
  g_autoptr(GHashTable) own = NULL;
  g_autoptr(GHashTable) set = NULL;
  guint n = count_columns (query);
  gboolean changed = TRUE;

  if (g_strcmp0 (mdb__pg_node_field_text (rte, "self_reference"), "true") == 0 || assumed != NULL)
    {
      /* Inside the recursion: only what the induction assumes. */
      if (assumed != NULL && g_hash_table_contains (assumed, GINT_TO_POINTER ((int) attno)))
        return TRUE;
      return fail (in, "a column of the recursive CTE %s that may be NULL", name ? name : "");
    }
  if (in->assumed == NULL)
    in->assumed = own = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                               (GDestroyNotify) g_hash_table_unref);
  set = g_hash_table_new (g_direct_hash, g_direct_equal);
  for (guint k = 1; k <= n; k++)
    g_hash_table_add (set, GINT_TO_POINTER ((int) k));
  g_hash_table_insert (in->assumed, (gpointer) cte, g_hash_table_ref (set));
  while (changed)
    {
      changed = FALSE;
      for (guint k = 1; k <= n; k++)
        {
          g_autoptr(GString) why = g_string_new (NULL);
          Infer probe = { in->cat, in->param_nullable, in->n_params, why, in->assumed };

          if (g_hash_table_contains (set, GINT_TO_POINTER ((int) k))
              && !target_nonnull (&probe, query, owner, k, depth + 1))
            {
              g_hash_table_remove (set, GINT_TO_POINTER ((int) k));
              changed = TRUE;
            }
        }
    }
  g_hash_table_remove (in->assumed, cte);
  if (own != NULL)
    in->assumed = NULL;
  if (g_hash_table_contains (set, GINT_TO_POINTER ((int) attno)))
    return TRUE;
  return fail (in, "a column of the recursive CTE %s that may be NULL", name ? name : "");
}

/* RTEKind: 0 relation, 1 subquery, 2 join, 5 values, 6 CTE. */
static gboolean
rte_column_nonnull (Infer *in, const Level *lv, const MdbPgNode *rte, gint64 attno, guint depth)
{
  gint64 kind = mdb__pg_node_field_int (rte, "rtekind", -1);
  const char *name = mdb__pg_node_field_text (mdb__pg_node_field (rte, "eref"), "aliasname");

  switch (kind)
    {
    case 0:
      if (attno == 0 || attribute_notnull (in->cat, (guint32) mdb__pg_node_field_int (rte, "relid", 0), attno))
        return TRUE;
      {
        g_autofree char *column = column_name (rte, attno);

        return fail (in, "column %s.%s may be NULL", name ? name : "?", column);
      }
    case 1:
      return target_nonnull (in, mdb__pg_node_field (rte, "subquery"), lv, attno, depth + 1);
    case 2:
      return expr_nonnull (in, lv, mdb__pg_node_list_nth (mdb__pg_node_field (rte, "joinaliasvars"),
                                                         (guint) attno - 1), depth + 1);
    case 5:
      {
        const MdbPgNode *rows = mdb__pg_node_field (rte, "values_lists");

        for (guint k = 0; k < mdb__pg_node_list_length (rows); k++)
          if (!expr_nonnull (in, lv, mdb__pg_node_list_nth (mdb__pg_node_list_nth (rows, k), (guint) attno - 1),
                             depth + 1))
            return FALSE;
        return mdb__pg_node_list_length (rows) > 0;
      }
    case 6:
      {
        const Level *owner = NULL;
        const MdbPgNode *cte = find_cte (lv, mdb__pg_node_field_text (rte, "ctename"),
                                         mdb__pg_node_field_int (rte, "ctelevelsup", 0), &owner);

        if (cte == NULL)
          return fail (in, "a column of the CTE %s it cannot find", name ? name : "");
        if (g_strcmp0 (mdb__pg_node_field_text (cte, "cterecursive"), "false") != 0)
          return recursive_cte_nonnull (in, cte, owner, rte, attno, name, depth);
        return target_nonnull (in, mdb__pg_node_field (cte, "ctequery"), owner, attno, depth + 1);
      }
    default:
      return fail (in, "a column of %s (a function or other row source)", name ? name : "a row source");
    }
}

static gboolean
var_nonnull (Infer *in, const Level *lv, const MdbPgNode *var, guint depth)
{
  gint64 up = mdb__pg_node_field_int (var, "varlevelsup", -1);
  gint64 varno = mdb__pg_node_field_int (var, "varno", 0);
  gint64 attno = mdb__pg_node_field_int (var, "varattno", -1);
  const MdbPgNode *rte;

  for (; lv != NULL && up > 0; up--)
    lv = lv->up;
  if (lv == NULL || up != 0 || varno <= 0 || attno < 0)
    return fail (in, "a column reference it cannot follow");
  if (g_hash_table_contains (lv->outer, GINT_TO_POINTER ((int) varno)))
    return fail (in, OUTER_JOIN_REASON);
  if (mdb__pg_node_list_length (mdb__pg_node_field (lv->query, "groupingSets")) > 0)
    return fail (in, "a column under GROUPING SETS / ROLLUP / CUBE");
  rte = mdb__pg_node_list_nth (mdb__pg_node_field (lv->query, "rtable"), (guint) varno - 1);
  if (rte == NULL)
    return fail (in, "a column reference it cannot follow");
  return rte_column_nonnull (in, lv, rte, attno, depth);
}

static gboolean
func_nonnull (Infer *in, const Level *lv, guint32 oid, gboolean cast, const MdbPgNode *args, guint depth)
{
  const ProcInfo *p = proc_info (in->cat, oid);

  if (p == NULL)
    return fail (in, "function %u is unknown", oid);
  if (p->builtin && in_list (p->name, never_null_functions))
    return TRUE;
  if (!p->builtin || p->retset || !p->strict)
    return fail (in, "function %s may return NULL (not a strict built-in)", p->name);
  if (!cast && !in_list (p->name, nonnull_functions))
    return fail (in, "function %s may return NULL for non-NULL arguments", p->name);
  if (g_str_equal (p->name, "substring") && (strstr (p->src, "regex") || strstr (p->src, "similar")))
    return fail (in, "substring by pattern returns NULL when nothing matches");
  return all_nonnull (in, lv, args, depth);
}

/* Built-in operators are NULL only for NULL operands, except the JSON path
 * and field ones (->, ->>, #>, #>>, @?, @@) and geometric ones with # or ?. */
static gboolean
op_nonnull (Infer *in, const Level *lv, const MdbPgNode *e, guint depth)
{
  guint32 opno = (guint32) mdb__pg_node_field_int (e, "opno", 0);
  const char *info = operator_info (in->cat, opno);
  g_auto(GStrv) parts = info != NULL ? g_strsplit (info, "\t", 2) : NULL;
  const ProcInfo *code;

  if (parts == NULL || parts[1] == NULL || opno >= FIRST_NORMAL_OID)
    return fail (in, "operator %u is not a built-in one", opno);
  if (strchr (parts[0], '#') || strchr (parts[0], '?') || strstr (parts[0], "@@") || strstr (parts[0], "->"))
    return fail (in, "operator %s may return NULL for non-NULL operands", parts[0]);
  code = proc_info (in->cat, (guint32) g_ascii_strtoull (parts[1], NULL, 10));
  if (code == NULL || !code->strict || code->retset)
    return fail (in, "operator %s is not strict", parts[0]);
  return all_nonnull (in, lv, mdb__pg_node_field (e, "args"), depth);
}

static gboolean
case_nonnull (Infer *in, const Level *lv, const MdbPgNode *e, guint depth)
{
  const MdbPgNode *whens = mdb__pg_node_field (e, "args");

  const MdbPgNode *otherwise = mdb__pg_node_field (e, "defresult");

  for (guint k = 0; k < mdb__pg_node_list_length (whens); k++)
    if (!expr_nonnull (in, lv, mdb__pg_node_field (mdb__pg_node_list_nth (whens, k), "result"), depth + 1))
      return FALSE;
  if (mdb__pg_node_is (otherwise, "CONST") && mdb__pg_node_field_int (otherwise, "location", 0) < 0
      && g_strcmp0 (mdb__pg_node_field_text (otherwise, "constisnull"), "true") == 0)
    return fail (in, "CASE without ELSE");
  return expr_nonnull (in, lv, mdb__pg_node_field (e, "defresult"), depth + 1);
}

static gboolean
named_call_nonnull (Infer *in, const char *field, const char *const *names, const MdbPgNode *e,
                    const char *what)
{
  const ProcInfo *p = proc_info (in->cat, (guint32) mdb__pg_node_field_int (e, field, 0));

  if (p != NULL && p->builtin && in_list (p->name, names))
    return TRUE;
  return fail (in, "%s %s may return NULL", what, p != NULL ? p->name : "?");
}

static gboolean
is_empty (const MdbPgNode *query, const char *field)
{
  const char *text = mdb__pg_node_field_text (query, field);

  return text != NULL && g_str_equal (text, "<>");
}

/* A scalar subquery returns exactly one row when it aggregates without
 * GROUP BY, HAVING, LIMIT/OFFSET or set-returning functions
 * (`(SELECT count(*) FROM t WHERE …)`): then its value is as nullable as
 * its expression.  Any other scalar subquery may return no row: NULL. */
static gboolean
one_row_subquery_nonnull (Infer *in, const Level *lv, const MdbPgNode *sub, guint depth)
{
  if (!mdb__pg_node_is (sub, "QUERY") || g_strcmp0 (mdb__pg_node_field_text (sub, "hasAggs"), "true") != 0
      || g_strcmp0 (mdb__pg_node_field_text (sub, "hasTargetSRFs"), "false") != 0
      || !is_empty (sub, "groupClause") || !is_empty (sub, "groupingSets") || !is_empty (sub, "havingQual")
      || !is_empty (sub, "limitCount") || !is_empty (sub, "limitOffset") || !is_empty (sub, "setOperations"))
    return fail (in, "a scalar subquery (NULL when it returns no row)");
  return target_nonnull (in, sub, lv, 1, depth + 1);
}

/* SubLinkType: 0 EXISTS, 6 ARRAY (an empty array, never NULL), 4 a scalar subquery. */
static gboolean
sublink_nonnull (Infer *in, const Level *lv, const MdbPgNode *e, guint depth)
{
  gint64 type = mdb__pg_node_field_int (e, "subLinkType", -1);

  if (type == 0 || type == 6)
    return TRUE;
  if (type == 4)
    return one_row_subquery_nonnull (in, lv, mdb__pg_node_field (e, "subselect"), depth);
  return fail (in, "a subquery comparison (NULL when nothing matches and a NULL is compared)");
}

static gboolean
param_nonnull (Infer *in, const MdbPgNode *e)
{
  gint64 kind = mdb__pg_node_field_int (e, "paramkind", -1);
  gint64 id = mdb__pg_node_field_int (e, "paramid", 0);

  if (kind != 0 || id < 1 || (guint64) id > in->n_params)
    return fail (in, "a parameter it cannot follow");
  if (in->param_nullable[id - 1])
    return fail (in, "nullable parameter $%" G_GINT64_FORMAT, id);
  return TRUE;
}

static const char *const passthrough_nodes[] = {
  "RELABELTYPE", "COERCEVIAIO", "ARRAYCOERCEEXPR", "COLLATEEXPR", "COERCETODOMAIN",
  "CONVERTROWTYPEEXPR", NULL,
};
static const char *const always_nonnull_nodes[] = {
  "SQLVALUEFUNCTION", "NULLTEST", "BOOLEANTEST", "DISTINCTEXPR", "ROWEXPR", "ARRAYEXPR",
  "GROUPINGFUNC", NULL,
};

static gboolean
expr_nonnull (Infer *in, const Level *lv, const MdbPgNode *e, guint depth)
{
  const char *type = e != NULL && e->kind == MDB_PG_NODE_OBJECT ? e->text : NULL;

  if (depth > MAX_DEPTH || type == NULL)
    return fail (in, "an expression it cannot follow");
  if (in_list (type, always_nonnull_nodes))
    return TRUE;
  if (in_list (type, passthrough_nodes))
    return expr_nonnull (in, lv, mdb__pg_node_field (e, "arg"), depth + 1);
  if (g_str_equal (type, "VAR"))
    return var_nonnull (in, lv, e, depth);
  if (g_str_equal (type, "CONST"))
    return g_strcmp0 (mdb__pg_node_field_text (e, "constisnull"), "false") == 0 || fail (in, "NULL literal");
  if (g_str_equal (type, "PARAM"))
    return param_nonnull (in, e);
  if (g_str_equal (type, "FUNCEXPR"))
    return func_nonnull (in, lv, (guint32) mdb__pg_node_field_int (e, "funcid", 0),
                         mdb__pg_node_field_int (e, "funcformat", 0) == 1
                         || mdb__pg_node_field_int (e, "funcformat", 0) == 2,
                         mdb__pg_node_field (e, "args"), depth);
  if (g_str_equal (type, "OPEXPR"))
    return op_nonnull (in, lv, e, depth);
  if (g_str_equal (type, "BOOLEXPR"))
    return all_nonnull (in, lv, mdb__pg_node_field (e, "args"), depth);
  if (g_str_equal (type, "COALESCEEXPR") || g_str_equal (type, "MINMAXEXPR"))
    return any_nonnull (in, lv, mdb__pg_node_field (e, "args"), depth)
           || fail (in, "%s with no non-NULL argument", type[0] == 'C' ? "COALESCE" : "GREATEST/LEAST");
  if (g_str_equal (type, "CASEEXPR"))
    return case_nonnull (in, lv, e, depth);
  if (g_str_equal (type, "SUBLINK"))
    return sublink_nonnull (in, lv, e, depth);
  if (g_str_equal (type, "AGGREF"))
    return named_call_nonnull (in, "aggfnoid", nonnull_aggregates, e, "aggregate");
  if (g_str_equal (type, "WINDOWFUNC"))
    return named_call_nonnull (in, "winfnoid", nonnull_window_functions, e, "window function");
  return fail (in, "%s may be NULL", g_str_equal (type, "NULLIFEXPR") ? "NULLIF" : type);
}

/* The non-junk target entry @attno (1-based) of a SELECT, or of the
 * RETURNING list of INSERT/UPDATE/DELETE. */
static const MdbPgNode *
target_entry (const MdbPgNode *query, gint64 attno)
{
  gint64 command = mdb__pg_node_field_int (query, "commandType", 0);
  const MdbPgNode *list = mdb__pg_node_field (query, command == 1 ? "targetList" : "returningList");
  gint64 seen = 0;

  for (guint k = 0; k < mdb__pg_node_list_length (list); k++)
    {
      const MdbPgNode *te = mdb__pg_node_list_nth (list, k);

      if (g_strcmp0 (mdb__pg_node_field_text (te, "resjunk"), "true") != 0 && ++seen == attno)
        return te;
    }
  return NULL;
}

/* UNION / INTERSECT / EXCEPT: non-null when every branch is. */
static gboolean
setop_nonnull (Infer *in, const Level *lv, const MdbPgNode *op, gint64 attno, guint depth)
{
  if (depth > MAX_DEPTH)
    return fail (in, "set operations nested too deep");
  if (mdb__pg_node_is (op, "RANGETBLREF"))
    {
      const MdbPgNode *rte = mdb__pg_node_list_nth (mdb__pg_node_field (lv->query, "rtable"),
                                                    (guint) mdb__pg_node_field_int (op, "rtindex", 0) - 1);

      return rte != NULL && target_nonnull (in, mdb__pg_node_field (rte, "subquery"), lv, attno, depth + 1);
    }
  if (!mdb__pg_node_is (op, "SETOPERATIONSTMT"))
    return fail (in, "a set operation it cannot follow");
  return setop_nonnull (in, lv, mdb__pg_node_field (op, "larg"), attno, depth + 1)
         && setop_nonnull (in, lv, mdb__pg_node_field (op, "rarg"), attno, depth + 1);
}

static gboolean
target_nonnull (Infer *in, const MdbPgNode *query, const Level *up, gint64 attno, guint depth)
{
  Level lv;
  const MdbPgNode *setop = mdb__pg_node_field (query, "setOperations");
  gboolean ok;

  if (!mdb__pg_node_is (query, "QUERY") || depth > MAX_DEPTH)
    return fail (in, "a subquery it cannot follow");
  level_init (&lv, query, up);
  if (mdb__pg_node_is (setop, "SETOPERATIONSTMT"))
    ok = setop_nonnull (in, &lv, setop, attno, depth + 1);
  else
    {
      const MdbPgNode *te = target_entry (query, attno);

      ok = te != NULL ? expr_nonnull (in, &lv, mdb__pg_node_field (te, "expr"), depth + 1)
                      : fail (in, "a subquery column it cannot find");
    }
  level_clear (&lv);
  return ok;
}

/* The rule that made the top of @e non-null, for the cache. */
static const char *
rule_name (const MdbPgNode *e)
{
  static const struct { const char *node, *rule; } rules[] = {
    { "VAR", "non-null column" }, { "CONST", "literal" }, { "PARAM", "non-null parameter" },
    { "FUNCEXPR", "strict built-in function of non-null arguments" },
    { "OPEXPR", "strict built-in operator on non-null operands" },
    { "BOOLEXPR", "AND/OR/NOT of non-null operands" }, { "COALESCEEXPR", "COALESCE with a non-null argument" },
    { "MINMAXEXPR", "GREATEST/LEAST with a non-null argument" },
    { "CASEEXPR", "CASE whose branches and ELSE are non-null" },
    { "SUBLINK", "EXISTS, ARRAY or one-row aggregate subquery" },
    { "AGGREF", "count" }, { "WINDOWFUNC", "window ranking function" },
    { "SQLVALUEFUNCTION", "current date/time/user" }, { "NULLTEST", "IS [NOT] NULL" },
    { "BOOLEANTEST", "IS [NOT] TRUE/FALSE/UNKNOWN" }, { "DISTINCTEXPR", "IS [NOT] DISTINCT FROM" },
    { "ROWEXPR", "row constructor" }, { "ARRAYEXPR", "ARRAY[...] constructor" },
    { "RELABELTYPE", "cast of a non-null value" }, { "COERCEVIAIO", "cast of a non-null value" },
    { "ARRAYCOERCEEXPR", "cast of a non-null value" }, { "COERCETODOMAIN", "cast of a non-null value" },
    { "COLLATEEXPR", "COLLATE of a non-null value" }, { "GROUPINGFUNC", "GROUPING()" },
  };

  for (guint k = 0; e != NULL && e->kind == MDB_PG_NODE_OBJECT && k < G_N_ELEMENTS (rules); k++)
    if (g_str_equal (e->text, rules[k].node))
      {
        gint64 format = mdb__pg_node_field_int (e, "funcformat", 0);

        return g_str_equal (e->text, "FUNCEXPR") && (format == 1 || format == 2)
               ? "cast of a non-null value" : rules[k].rule;
      }
  return "proven non-null";
}

static guint
count_columns (const MdbPgNode *query)
{
  guint n = 0;

  while (target_entry (query, n + 1) != NULL)
    n++;
  return n;
}

MdbNullInference *
mdb__null_infer (MdbNullCatalog *catalog, const MdbPgNode *query, const gboolean *param_nullable,
                 guint n_params, guint *n_columns)
{
  gint64 command = mdb__pg_node_field_int (query, "commandType", 0);
  MdbNullInference *out;

  if (!mdb__pg_node_is (query, "QUERY") || command < 1 || command > 4)
    return NULL;
  *n_columns = count_columns (query);
  out = g_new0 (MdbNullInference, *n_columns + 1);
  for (guint k = 0; k < *n_columns; k++)
    {
      g_autoptr(GString) why = g_string_new (NULL);
      Infer in = { catalog, param_nullable, n_params, why, NULL };
      const MdbPgNode *te = target_entry (query, k + 1);

      out[k].nonnull = target_nonnull (&in, query, NULL, k + 1, 0);
      if (out[k].nonnull)
        {
          const MdbPgNode *e = mdb__pg_node_field (te, "expr");

          out[k].reason = g_strdup (mdb__pg_node_is (mdb__pg_node_field (query, "setOperations"),
                                                     "SETOPERATIONSTMT")
                                    ? "non-null in every branch of the set operation" : rule_name (e));
        }
      else
        {
          /* The first reason a proof failed: for a plain column followed
           * through subqueries and CTEs, the outer join it came through. */
          out[k].outer_join = g_str_has_prefix (why->str, OUTER_JOIN_REASON);
          out[k].reason = g_string_free (g_steal_pointer (&why), FALSE);
        }
    }
  return out;
}

void
mdb__null_inferences_free (MdbNullInference *inferences, guint n)
{
  for (guint k = 0; inferences != NULL && k < n; k++)
    g_free (inferences[k].reason);
  g_free (inferences);
}

/* ---- child rows: the fields of a composite column ---------------------- */

static void fields_from (Infer *in, const Level *lv, const MdbPgNode *e, GPtrArray *fields, guint depth);
static void fields_from_var (Infer *in, const Level *lv, const MdbPgNode *var, GPtrArray *fields, guint depth);

/* Each field of @fields from the matching argument of ROW(…) at @lv. */
static void
fields_of_row (Infer *in, const Level *lv, const MdbPgNode *row, GPtrArray *fields, guint depth)
{
  const MdbPgNode *args = mdb__pg_node_field (row, "args");

  if (mdb__pg_node_list_length (args) != fields->len)
    return;
  for (guint k = 0; k < fields->len; k++)
    {
      MdbCacheValue *f = fields->pdata[k];
      const MdbPgNode *arg = mdb__pg_node_list_nth (args, k);
      g_autoptr(GString) why = g_string_new (NULL);
      Infer one = { in->cat, in->param_nullable, in->n_params, why, in->assumed };

      if (expr_nonnull (&one, lv, arg, depth + 1))
        {
          f->nullable = FALSE;
          g_free (f->nullable_source);
          f->nullable_source = g_strdup ("inferred");
          g_free (f->nullable_reason);
          f->nullable_reason = g_strdup (rule_name (arg));
        }
      else
        {
          g_free (f->nullable_reason);
          f->nullable_reason = g_string_free (g_steal_pointer (&why), FALSE);
        }
      if (f->fields != NULL)
        fields_from (in, lv, arg, f->fields, depth + 1);
    }
}

/* A column of a subquery or a plain CTE (`LEFT JOIN LATERAL (SELECT
 * array_agg(ROW(…)::t) …) x ON true`): the records are built in there.
 * Whether the outer join makes the array NULL does not matter to its
 * fields. */
static void
fields_from_var (Infer *in, const Level *lv, const MdbPgNode *var, GPtrArray *fields, guint depth)
{
  gint64 up = mdb__pg_node_field_int (var, "varlevelsup", -1);
  gint64 varno = mdb__pg_node_field_int (var, "varno", 0);
  gint64 attno = mdb__pg_node_field_int (var, "varattno", 0);
  const MdbPgNode *rte, *sub = NULL;
  const Level *owner = lv;
  const MdbPgNode *te;
  Level inner;

  for (; owner != NULL && up > 0; up--)
    owner = owner->up;
  if (owner == NULL || up != 0 || varno <= 0 || attno <= 0)
    return;
  rte = mdb__pg_node_list_nth (mdb__pg_node_field (owner->query, "rtable"), (guint) varno - 1);
  if (mdb__pg_node_field_int (rte, "rtekind", -1) == 1)
    sub = mdb__pg_node_field (rte, "subquery");
  else if (mdb__pg_node_field_int (rte, "rtekind", -1) == 6)
    {
      const MdbPgNode *cte = find_cte (owner, mdb__pg_node_field_text (rte, "ctename"),
                                       mdb__pg_node_field_int (rte, "ctelevelsup", 0), &owner);

      if (cte != NULL && g_strcmp0 (mdb__pg_node_field_text (cte, "cterecursive"), "false") == 0)
        sub = mdb__pg_node_field (cte, "ctequery");
    }
  te = sub != NULL ? target_entry (sub, attno) : NULL;
  if (te == NULL || mdb__pg_node_is (mdb__pg_node_field (sub, "setOperations"), "SETOPERATIONSTMT"))
    return;
  level_init (&inner, sub, owner);
  fields_from (in, &inner, mdb__pg_node_field (te, "expr"), fields, depth + 1);
  level_clear (&inner);
}

/* A literal that holds no record: NULL, or an empty array ('{}': its
 * constvalue is the 16-byte array header alone). */
static gboolean
holds_no_record (const MdbPgNode *e)
{
  const MdbPgNode *value = mdb__pg_node_field (e, "constvalue");   /* `16 [ … ]`: a length, the bytes */
  const MdbPgNode *length = value != NULL && value->kind == MDB_PG_NODE_LIST ? mdb__pg_node_list_nth (value, 0) : NULL;

  return mdb__pg_node_is (e, "CONST")
         && (g_strcmp0 (mdb__pg_node_field_text (e, "constisnull"), "true") == 0
             || (length != NULL && length->kind == MDB_PG_NODE_TOKEN && g_str_equal (length->text, "16")));
}

/* The one branch of a CASE or argument of a COALESCE that can yield
 * records, when every other is a literal holding none (`CASE WHEN … THEN
 * ARRAY(SELECT ROW(…)::t …) ELSE '{}' END`); NULL when there are several
 * (their fields would have to be proven in each). */
static const MdbPgNode *
sole_record_branch (const MdbPgNode *e)
{
  gboolean is_case = g_str_equal (e->text, "CASEEXPR");
  const MdbPgNode *list = mdb__pg_node_field (e, "args");
  const MdbPgNode *found = NULL;
  guint n = mdb__pg_node_list_length (list);

  for (guint k = 0; k <= n; k++)
    {
      const MdbPgNode *branch = k == n ? (is_case ? mdb__pg_node_field (e, "defresult") : NULL)
                                : is_case ? mdb__pg_node_field (mdb__pg_node_list_nth (list, k), "result")
                                : mdb__pg_node_list_nth (list, k);

      if (branch == NULL || holds_no_record (branch))
        continue;
      if (found != NULL)
        return NULL;
      found = branch;
    }
  return found;
}

/* Where the records of a composite (array) expression are built:
 * ROW(…)::t itself, ARRAY(SELECT ROW(…)::t …) or array_agg(ROW(…)::t),
 * also as the only branch of a CASE or COALESCE that is not a literal
 * holding no record.  Anything else (a column of a subquery, …) proves no
 * field. */
static void
fields_from (Infer *in, const Level *lv, const MdbPgNode *e, GPtrArray *fields, guint depth)
{
  if (e == NULL || e->kind != MDB_PG_NODE_OBJECT || depth > MAX_DEPTH)
    return;
  if (in_list (e->text, passthrough_nodes))
    fields_from (in, lv, mdb__pg_node_field (e, "arg"), fields, depth + 1);
  else if (g_str_equal (e->text, "CASEEXPR") || g_str_equal (e->text, "COALESCEEXPR"))
    fields_from (in, lv, sole_record_branch (e), fields, depth + 1);
  else if (g_str_equal (e->text, "ROWEXPR"))
    fields_of_row (in, lv, e, fields, depth);
  else if (g_str_equal (e->text, "SUBLINK") && mdb__pg_node_field_int (e, "subLinkType", -1) == 6)
    {
      const MdbPgNode *sub = mdb__pg_node_field (e, "subselect");
      const MdbPgNode *te = target_entry (sub, 1);
      Level inner;

      if (te == NULL || mdb__pg_node_is (mdb__pg_node_field (sub, "setOperations"), "SETOPERATIONSTMT"))
        return;
      level_init (&inner, sub, lv);
      fields_from (in, &inner, mdb__pg_node_field (te, "expr"), fields, depth + 1);
      level_clear (&inner);
    }
  else if (g_str_equal (e->text, "VAR"))
    fields_from_var (in, lv, e, fields, depth);
  else if (g_str_equal (e->text, "AGGREF"))
    {
      const ProcInfo *p = proc_info (in->cat, (guint32) mdb__pg_node_field_int (e, "aggfnoid", 0));
      const MdbPgNode *args = mdb__pg_node_field (e, "args");

      /* The aggregated value is the first argument; ORDER BY keys follow as junk entries. */
      if (p != NULL && p->builtin && g_str_equal (p->name, "array_agg") && mdb__pg_node_list_length (args) >= 1
          && g_strcmp0 (mdb__pg_node_field_text (mdb__pg_node_list_nth (args, 0), "resjunk"), "false") == 0)
        fields_from (in, lv, mdb__pg_node_field (mdb__pg_node_list_nth (args, 0), "expr"), fields, depth + 1);
    }
}

void
mdb__null_infer_fields (MdbNullCatalog *catalog, const MdbPgNode *query, const gboolean *param_nullable,
                        guint n_params, guint column, MdbCacheValue *value)
{
  const MdbPgNode *te = mdb__pg_node_is (query, "QUERY") ? target_entry (query, column + 1) : NULL;
  g_autoptr(GString) why = g_string_new (NULL);
  Infer in = { catalog, param_nullable, n_params, why, NULL };
  Level lv;

  if (te == NULL || value->fields == NULL
      || mdb__pg_node_is (mdb__pg_node_field (query, "setOperations"), "SETOPERATIONSTMT"))
    return;
  level_init (&lv, query, NULL);
  fields_from (&in, &lv, mdb__pg_node_field (te, "expr"), value->fields, 0);
  level_clear (&lv);
}
