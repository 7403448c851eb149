/* SPDX-License-Identifier: MIT */
/* test-query-file.c: the query-file lexer, annotations, $N rewriting and codegen output (no server). */
#include <string.h>
#include <check.h>
#include <glib/gstdio.h>
#include <mdb-testing/mdb-testing.h>
#include "query-file.h"
#include "query-cache.h"
#include "codegen.h"
#include "node-tree.h"
#include "mdb-test-support.h"

static GPtrArray *
parse (const char *text, GError **error)
{
  return mdb__query_file_parse ("f.sql", text, error);
}

static const MdbQuery *
nth (GPtrArray *queries, guint k)
{
  return g_ptr_array_index (queries, k);
}

/* ---- annotations ------------------------------------------------------ */

START_TEST (test_parse_reads_kinds_docs_row_types_and_lines)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) q = parse ("-- header comment\n\n"
                                  "-- Gets one.\n"
                                  "-- name: a_get :one -> Thing\n"
                                  "SELECT 1 AS x\n\n"
                                  "-- Lists.\n"
                                  "--   name:   b_list   :many   ->   Thing  \n"
                                  "  SELECT 2 AS x;  \n"
                                  "-- name: c :exec\nDELETE FROM t\n"
                                  "-- name: d :execrows\nDELETE FROM t2\n"
                                  "-- name: e :opt\nSELECT 1\n"
                                  "-- name: f :batch\nDELETE FROM t WHERE id = :id\n"
                                  "-- name: g :copy\nINSERT INTO \"T\" (a, \"B\") VALUES (:a, :b);\n", &error);
  g_autofree char *hash = NULL;

  ck_assert_msg (q != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (q->len, 7);
  ck_assert_str_eq (nth (q, 0)->name, "a_get");
  ck_assert_int_eq (nth (q, 0)->kind, MDB_QUERY_ONE);
  ck_assert_str_eq (nth (q, 0)->row_type, "Thing");
  ck_assert_str_eq (nth (q, 0)->doc, "Gets one.");
  ck_assert_uint_eq (nth (q, 0)->line, 4);
  /* The next query's doc line is not part of this statement. */
  ck_assert_str_eq (nth (q, 0)->sql, "SELECT 1 AS x");
  ck_assert_str_eq (nth (q, 1)->sql, "SELECT 2 AS x;");
  ck_assert_str_eq (nth (q, 1)->doc, "Lists.");
  ck_assert_int_eq (nth (q, 1)->kind, MDB_QUERY_MANY);
  ck_assert_ptr_null (nth (q, 2)->doc);
  ck_assert_int_eq (nth (q, 3)->kind, MDB_QUERY_EXECROWS);
  ck_assert_int_eq (nth (q, 4)->kind, MDB_QUERY_OPT);
  ck_assert_int_eq (nth (q, 5)->kind, MDB_QUERY_BATCH);
  ck_assert_int_eq (nth (q, 6)->kind, MDB_QUERY_COPY);
  ck_assert_str_eq (nth (q, 6)->copy_table, "T");
  ck_assert_str_eq (g_ptr_array_index (nth (q, 6)->copy_columns, 0), "a");
  ck_assert_str_eq (g_ptr_array_index (nth (q, 6)->copy_columns, 1), "B");
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, nth (q, 6)->sql, -1);
  ck_assert_str_eq (nth (q, 6)->hash, hash);
}
END_TEST

/* A note of several lines above a query (its last line is the doc) is part
 * of neither statement: the previous query's text, sent to the server and
 * hashed into its cache entry, ends with its SQL. */
START_TEST (test_parse_leaves_a_note_between_queries_out_of_both_statements)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) q = parse ("-- name: a :exec\nDELETE FROM t\n  -- the end of a\n\n"
                                  "-- A note on b, first line;\n--\n-- b's doc.\n"
                                  "-- name: b :exec\nDELETE FROM u -- kept: on the statement's line\n\n", &error);

  ck_assert_msg (q != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (q->len, 2);
  ck_assert_str_eq (nth (q, 0)->sql, "DELETE FROM t");
  ck_assert_str_eq (nth (q, 1)->doc, "b's doc.");
  ck_assert_str_eq (nth (q, 1)->sql, "DELETE FROM u -- kept: on the statement's line");
}
END_TEST

/* What looks like a comment line inside a string or a dollar quote is
 * part of the statement; a block comment after it is not. */
START_TEST (test_parse_keeps_comment_like_lines_inside_literals)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) q = parse ("-- name: a :one\nSELECT '\n-- x' AS v\n\n"
                                  "-- name: b :exec\nDO $$ BEGIN\n-- y\nEND $x$ $$\n/* a note\n-- on c */\n\n"
                                  "-- name: c :exec\nDELETE FROM t\n", &error);

  ck_assert_msg (q != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (q->len, 3);
  ck_assert_str_eq (nth (q, 0)->sql, "SELECT '\n-- x' AS v");
  ck_assert_str_eq (nth (q, 1)->sql, "DO $$ BEGIN\n-- y\nEND $x$ $$");
  g_clear_pointer (&q, g_ptr_array_unref);
  /* Even right above the next annotation, where a comment line is a doc. */
  q = parse ("-- name: a :one\nSELECT '\n-- x'\n-- name: b :exec\nDELETE FROM t\n", &error);
  ck_assert_msg (q != NULL, "%s", error ? error->message : "");
  ck_assert_str_eq (nth (q, 0)->sql, "SELECT '\n-- x'");
}
END_TEST

START_TEST (test_parse_empty_file_has_no_queries)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) q = parse ("-- only a comment\n\n", &error);

  ck_assert_ptr_nonnull (q);
  ck_assert_uint_eq (q->len, 0);
}
END_TEST

typedef struct {
  const char *text;
  const char *message;   /* expected substring, file:line included */
} Malformed;

static const Malformed malformed[] = {
  { "-- name:\nSELECT 1", "f.sql:1: -- name: annotation has no query name" },
  { "-- name: Foo :one\nSELECT 1", "f.sql:1: query name \"Foo\" must be snake_case" },
  { "-- name: 1foo :one\nSELECT 1", "query name \"1foo\" must be snake_case" },
  { "-- name: foo-bar :one\nSELECT 1", "query name \"foo-bar\" must be snake_case" },
  { "-- name: foo\nSELECT 1", "f.sql:1: query \"foo\" has no kind" },
  { "-- name: foo :bogus\nSELECT 1", "f.sql:1: unknown kind \":bogus\"" },
  { "-- name: foo one\nSELECT 1", "unknown kind \"one\"" },
  { "-- name: foo :ONE\nSELECT 1", "unknown kind \":ONE\"" },
  { "-- name: foo :one extra\nSELECT 1", "unexpected \"extra\" after the kind" },
  { "-- name: foo :one export extra\nSELECT 1", "unexpected \"export\" after the kind" },
  { "-- name: foo :one -> Bar export-row export\nSELECT 1", "unexpected \"export-row\" after the row type" },
  { "-- name: foo :exec export-row\nDELETE FROM t", "returns no rows, so it has no row type to export" },
  { "-- name: foo :one exported\nSELECT 1", "unexpected \"exported\" after the kind" },
  { "-- name: foo :one ->\nSELECT 1", "query \"foo\": -> needs a row type name" },
  { "-- name: foo :one -> bar\nSELECT 1", "row type \"bar\" must be PascalCase" },
  { "-- name: foo :one -> Bar_x\nSELECT 1", "row type \"Bar_x\" must be PascalCase" },
  { "-- name: foo :one -> Bar baz\nSELECT 1", "unexpected \"baz\" after the row type" },
  { "-- name: foo :exec -> Bar\nDELETE FROM t", "cannot name a row type" },
  { "-- name: foo :copy -> Bar\nINSERT INTO t (a) VALUES (:a)", "cannot name a row type" },
  { "-- name: foo :one\n", "f.sql:1: query \"foo\" has no SQL" },
  { "-- name: foo :one\n  \n-- name: bar :one\nSELECT 1", "query \"foo\" has no SQL" },
  { "-- name: foo :one\nSELECT 1\n-- name: foo :many\nSELECT 2",
    "f.sql:3: duplicate query name \"foo\" (first defined at f.sql:1)" },
  { "SELECT 1\n-- name: foo :one\nSELECT 1", "f.sql:1: SQL before the first" },
  { "/* c */\n-- name: foo :one\nSELECT 1", "SQL before the first" },
  { "-- name: foo :one\nSELECT\n'abc", "f.sql:3: unterminated string literal" },
  { "-- name: foo :one\nSELECT 'it''s", "unterminated string literal" },
  { "-- name: foo :one\nSELECT E'abc\\'", "unterminated string literal" },
  { "-- name: foo :one\nSELECT \"abc", "f.sql:2: unterminated quoted identifier" },
  { "-- name: foo :one\nSELECT 1 /* x", "f.sql:2: unterminated /* comment" },
  { "-- name: foo :one\nSELECT /* a /* b */ 1", "unterminated /* comment" },
  { "-- name: foo :one\nSELECT $$abc", "f.sql:2: unterminated dollar-quoted string" },
  { "-- name: foo :one\nSELECT $tag$abc$other$", "unterminated dollar-quoted string" },
  { "-- name: foo :one\nSELECT $1", "f.sql:2: positional parameter $1: use named parameters" },
  { "-- name: foo :one\nSELECT :a,\n $2", "f.sql:3: positional parameter $2" },
  { "-- name: foo :one\nSELECT :a, :a?", "parameter \"a\" is written both :a and :a?" },
  { "-- name: foo :one\nSELECT @a?,\n\n :a", "f.sql:4: parameter \"a\" is written both" },
  { "-- name: c :copy\nSELECT :a", "f.sql:1: query \"c\" is :copy, so it must read INSERT INTO" },
  { "-- name: c :copy\nINSERT INTO t (a, b) VALUES (:a)", "is :copy" },
  { "-- name: c :copy\nINSERT INTO t (a, b) VALUES (:a, :a)", "is :copy" },
  { "-- name: c :copy\nINSERT INTO t (a) VALUES (:a + 1)", "is :copy" },
  { "-- name: c :copy\nINSERT INTO t (a) VALUES (:a) RETURNING a", "is :copy" },
  { "-- name: c :copy\nINSERT INTO t VALUES (:a)", "is :copy" },
  { "-- name: c :copy\nINSERT INTO t (a) VALUES (now())", "is :copy" },
  { "-- name: b :batch\nDELETE FROM t", "query \"b\" is :batch but has no parameters" },
  { "-- name: a :one\nSELECT 1 AS x\n\n-- name: b :many\n  SELECT 1 AS x   \n",
    "f.sql:4: query \"b\" has the same SQL as query \"a\" (f.sql:1) once parameters are numbered, so both "
    "would share one cache file" },
  { "-- name: a :one\nSELECT :id\n-- name: b :one\nSELECT @id", "query \"b\" has the same SQL as query \"a\"" },
};

START_TEST (test_parse_rejects_malformed_input_naming_file_and_line)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) q = parse (malformed[_i].text, &error);

  ck_assert_msg (q == NULL, "case %d parsed: %s", _i, malformed[_i].text);
  ck_assert_msg (g_error_matches (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT), "case %d: wrong error", _i);
  ck_assert_msg (strstr (error->message, malformed[_i].message) != NULL,
                 "case %d: got [%s] want [%s]", _i, error->message, malformed[_i].message);
}
END_TEST

/* Random SQL-ish bytes: the lexer must end and never crash. */
START_TEST (test_parse_survives_random_input)
{
  static const char alphabet[] = "'\"$:@?-/*\n E e_a1;()x\\,=";
  GRand *rand = g_rand_new_with_seed (4242);

  for (guint iter = 0; iter < 20000; iter++)
    {
      guint len = g_rand_int_range (rand, 0, 120);
      g_autoptr(GString) text = g_string_new (iter % 2 ? "-- name: f :one\n" : "");
      g_autoptr(GError) error = NULL;
      GPtrArray *q;

      for (guint k = 0; k < len; k++)
        g_string_append_c (text, iter % 7 == 0 ? (char) g_rand_int_range (rand, 1, 256)
                                               : alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)]);
      q = parse (text->str, &error);
      ck_assert (q != NULL || error != NULL);
      if (q != NULL)
        g_ptr_array_unref (q);
    }
  g_rand_free (rand);
}
END_TEST

/* ---- rewriting --------------------------------------------------------- */

typedef struct {
  const char *in, *out, *params;   /* params: "a,b?" */
} Rewrite;

static const Rewrite rewrites[] = {
  { "SELECT :a, @b, :a", "SELECT $1, $2, $1", "a,b" },
  { "SELECT :a?, :b_2?", "SELECT $1, $2", "a?,b_2?" },
  { "SELECT ':a', \"x:y\", :b", "SELECT ':a', \"x:y\", $1", "b" },
  { "SELECT 'it''s :a', :b", "SELECT 'it''s :a', $1", "b" },
  { "SELECT E'\\':a', :b", "SELECT E'\\':a', $1", "b" },
  { "SELECT e'\\\\', :b", "SELECT e'\\\\', $1", "b" },
  { "SELECT \"a\"\":b\", :c", "SELECT \"a\"\":b\", $1", "c" },
  { "SELECT 1 -- :a\n, :b", "SELECT 1 -- :a\n, $1", "b" },
  { "/* :a /* :b */ :c */ :d", "/* :a /* :b */ :c */ $1", "d" },
  { "SELECT $$ :a $$, :b", "SELECT $$ :a $$, $1", "b" },
  { "SELECT $t$ :a $x$ $t$, :b", "SELECT $t$ :a $x$ $t$, $1", "b" },
  { "SELECT :a::int, x::text, :b::uuid[]", "SELECT $1::int, x::text, $2::uuid[]", "a,b" },
  { "x := :a", "x := $1", "a" },
  { "SELECT arr[1:2], arr[:lo]", "SELECT arr[1:2], arr[$1]", "lo" },
  { "SELECT foo$bar, :a", "SELECT foo$bar, $1", "a" },
  { "SELECT data @> :j, tsv @@ q, a <@ @b", "SELECT data @> $1, tsv @@ q, a <@ $2", "j,b" },
  { "SELECT x@@y", "SELECT x@@y", "" },
  { "SELECT 1e5, :a", "SELECT 1e5, $1", "a" },
  { "SELECT ':'", "SELECT ':'", "" },
};

START_TEST (test_rewrite_replaces_named_parameters_only_outside_quotes)
{
  g_autoptr(GPtrArray) params = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = mdb__query_rewrite (rewrites[_i].in, "f.sql", 1, params, &error);
  g_autoptr(GString) names = g_string_new (NULL);

  ck_assert_msg (out != NULL, "case %d: %s", _i, error ? error->message : "");
  ck_assert_msg (g_str_equal (out, rewrites[_i].out), "case %d: got [%s]", _i, out);
  for (guint k = 0; k < params->len; k++)
    {
      MdbQueryParam *p = params->pdata[k];

      g_string_append_printf (names, "%s%s%s", k ? "," : "", p->name, p->nullable ? "?" : "");
      g_free (p->name);
      g_free (p);
    }
  ck_assert_msg (g_str_equal (names->str, rewrites[_i].params), "case %d: params [%s]", _i, names->str);
}
END_TEST

/* ---- codegen ------------------------------------------------------------ */

static MdbCacheValue *
value (const char *name, guint32 oid, const char *type, gboolean nullable)
{
  MdbCacheValue *v = mdb__cache_value_new ();

  v->name = g_strdup (name);
  v->snake_name = mdb_name_to_snake (name);
  v->oid = oid;
  v->type = g_strdup (type);
  v->nullable = nullable;
  v->nullable_source = g_strdup (nullable ? "expression" : "catalog");
  return v;
}

/* A cache entry for @q with every parameter typed @param_oid. */
static MdbCacheEntry *
entry_for (const MdbQuery *q, guint32 param_oid, const char *param_type)
{
  MdbCacheEntry *e = mdb__cache_entry_new ();

  e->query = g_strdup (q->sql);
  e->hash = g_strdup (q->hash);
  e->name = g_strdup (q->name);
  e->kind = g_strdup (mdb__query_kind_to_string (q->kind));
  for (guint k = 0; k < q->params->len; k++)
    g_ptr_array_add (e->params, value (((MdbQueryParam *) q->params->pdata[k])->name, param_oid, param_type,
                                       ((MdbQueryParam *) q->params->pdata[k])->nullable));
  return e;
}

static char *
generate (const char *text, GHashTable *cache, gboolean header, GError **error)
{
  g_autoptr(GPtrArray) q = parse (text, error);
  MdbCodegenOptions opt = { "demo_db", "demo-queries.h", "libs/demo", NULL };
  g_autofree char *h = NULL, *c = NULL;

  ck_assert_ptr_nonnull (q);
  if (!mdb__codegen_run (&opt, q, cache, &h, &c, error))
    return NULL;
  return header ? g_steal_pointer (&h) : g_steal_pointer (&c);
}

/* Split output: returns the public header, sets @private_h. */
static char *
generate_split (const char *text, GHashTable *cache, char **private_h, char **source)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) q = parse (text, &error);
  MdbCodegenOptions opt = { "demo_db", "demo-queries.h", "libs/demo", "demo-queries-private.h" };
  char *h = NULL;

  ck_assert_ptr_nonnull (q);
  ck_assert_msg (mdb__codegen_run_split (&opt, q, cache, &h, private_h, source, &error), "%s",
                 error ? error->message : "");
  return h;
}

static GHashTable *
new_cache (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) mdb__cache_entry_free);
}

static void
assert_has (const char *text, const char *line)
{
  ck_assert_msg (strstr (text, line) != NULL, "missing generated line: %s", line);
}

static const char kinds_file[] =
  "-- Gets a user.\n-- name: user_get :one\nSELECT \"createdAt\", nick FROM u WHERE id = :id\n"
  "-- name: user_find :opt\nSELECT \"createdAt\", nick FROM u WHERE nick = :nick?\n"
  "-- name: users_list :many -> User\nSELECT \"createdAt\", nick FROM u WHERE id > :id\n"
  "-- name: user_touch :exec\nUPDATE u SET t = now() WHERE id = :id\n"
  "-- name: users_purge :execrows\nDELETE FROM u WHERE id < :id\n"
  "-- name: user_add :batch\nINSERT INTO u (id) VALUES (:id)\n"
  "-- name: user_load :copy\nINSERT INTO u (id, nick) VALUES (:id, :nick?)\n";

static GHashTable *
kinds_cache (void)
{
  g_autoptr(GPtrArray) q = parse (kinds_file, NULL);
  GHashTable *cache = new_cache ();

  for (guint k = 0; k < q->len; k++)
    {
      MdbCacheEntry *e = entry_for (nth (q, k), MDB_OID_INT8, "int8");

      if (nth (q, k)->kind == MDB_QUERY_COPY)
        {
          g_ptr_array_index (e->params, 1) = (mdb__cache_value_free (e->params->pdata[1]),
                                              value ("nick", MDB_OID_TEXT, "text", TRUE));
        }
      if (nth (q, k)->kind <= MDB_QUERY_MANY)
        {
          g_ptr_array_add (e->columns, value ("createdAt", MDB_OID_TIMESTAMPTZ, "timestamptz", TRUE));
          g_ptr_array_add (e->columns, value ("nick", MDB_OID_TEXT, "text", FALSE));
        }
      if (nth (q, k)->kind == MDB_QUERY_OPT)
        ((MdbCacheValue *) e->params->pdata[0])->oid = MDB_OID_TEXT;
      g_hash_table_insert (cache, g_strdup (nth (q, k)->hash), e);
    }
  return cache;
}

/* The doc comment of @fn in generated @c. */
static char *
doc_of (const char *c, const char *fn)
{
  g_autofree char *start = g_strdup_printf ("/**\n * %s:\n", fn);
  const char *from = strstr (c, start);
  const char *to = from != NULL ? strstr (from, " */\n") : NULL;

  ck_assert_msg (to != NULL, "no doc comment for %s", fn);
  return g_strndup (from, (gsize) (to - from));
}

START_TEST (test_codegen_writes_one_function_per_kind)
{
  g_autoptr(GHashTable) cache = kinds_cache ();
  g_autoptr(GError) error = NULL;
  g_autofree char *h = generate (kinds_file, cache, TRUE, &error);
  g_autofree char *c = generate (kinds_file, cache, FALSE, NULL);
  g_autofree char *first = g_strdup_printf ("/* Generated by mdb codegen %s from libs/demo: queries/f.sql and the cache "
                                            ".mdb-cache; do not edit. */\n", MDB_VERSION_STRING);
  g_autofree char *purge_doc = NULL, *get_doc = NULL;

  ck_assert_msg (h != NULL, "%s", error ? error->message : "");
  ck_assert (g_str_has_prefix (h, first));
  ck_assert (g_str_has_prefix (c, first));
  assert_has (h, "typedef struct {\n  gint64 created_at;\n  gboolean created_at_is_null;\n  const char *nick;\n} DemoDbUserGetRow;");
  assert_has (h, "G_DEFINE_AUTOPTR_CLEANUP_FUNC (DemoDbUserGetRow, demo_db_user_get_row_free)");
  assert_has (h, "DemoDbUserGetRow *demo_db_user_get_row_dup (const DemoDbUserGetRow *row);");
  assert_has (h, "DemoDbUserGetRow *\ndemo_db_user_get (MdbExecutor *executor,\n    gint64 id,\n    GError **error);");
  assert_has (h, "DemoDbUserFindRow *\ndemo_db_user_find (MdbExecutor *executor,\n    const char *nick,");
  assert_has (h, "} DemoDbUser;");
  assert_has (h, "typedef struct {\n  guint n_rows;\n  DemoDbUser *rows;\n  /*< private >*/\n  gpointer priv;\n} DemoDbUserList;");
  assert_has (h, "G_DEFINE_AUTOPTR_CLEANUP_FUNC (DemoDbUserList, demo_db_user_list_free)");
  assert_has (h, "DemoDbUserList *\ndemo_db_users_list (MdbExecutor *executor,");
  assert_has (h, "gboolean\ndemo_db_user_touch (MdbExecutor *executor,");
  assert_has (h, "gint64\ndemo_db_users_purge (MdbExecutor *executor,");
  assert_has (h, "gboolean\ndemo_db_user_add (MdbExecutor *executor,\n    gint64 const *id,\n    guint n_items,");
  assert_has (h, "gint64\ndemo_db_user_load (MdbExecutor *executor,\n    gint64 const *id,\n    const char *const *nick,\n    guint n_items,");
  ck_assert_ptr_null (strstr (h, "DemoDbUserGetRowList"));   /* only :many rows get a list type */
  assert_has (c, "MDB_ERROR_NOT_FOUND, \"query user_get: no row matched\"");
  assert_has (c, " * Gets a user.\n");
  assert_has (c, "return (DemoDbUserList *) mdb_row_list_take (g_steal_pointer (&mdb_result), &demo_db_users_list__row, error);");
  assert_has (c, "return mdb_row_take (g_steal_pointer (&mdb_result), 0, &demo_db_user_get__row, error);");
  assert_has (c, "mdb_exec_pipeline (executor, n_items, mdb_sqls, (MdbParams *const *) mdb_list->pdata, error);");
  assert_has (c, "mdb_copy = mdb_copy_begin (executor, \"u\", demo_db_user_load__columns, 2, error);");
  assert_has (c, "return mdb_result != NULL ? mdb_result_get_affected_rows (mdb_result) : -1;");
  assert_has (c, "{ \"createdAt\", \"timestamptz\", MDB_OID_TIMESTAMPTZ, MDB_FIELD_TIMESTAMP, TRUE, "
                 "G_STRUCT_OFFSET (DemoDbUserGetRow, created_at), G_STRUCT_OFFSET (DemoDbUserGetRow, created_at_is_null), NULL, NULL, -1 },");
  assert_has (c, "  \"user_get\", \"mdb prepare libs/demo\", sizeof (DemoDbUserGetRow), 2, demo_db_user_get_row__fields, "
                 "demo_db_user_get_row__oids,");
  assert_has (c, "static const guint32 demo_db_user_get_row__oids[] = { MDB_OID_TIMESTAMPTZ, MDB_OID_TEXT };");
  /* per-kind error docs: an :execrows reads no row, so no DECODE */
  purge_doc = doc_of (c, "demo_db_users_purge");
  get_doc = doc_of (c, "demo_db_user_get");
  ck_assert_ptr_null (strstr (purge_doc, "MDB_ERROR_DECODE"));
  ck_assert_ptr_null (strstr (purge_doc, "NOT_FOUND"));
  assert_has (get_doc, "MDB_ERROR_DECODE");
  assert_has (get_doc, "MDB_ERROR_NOT_FOUND");
  /* no helper nobody calls: every parameter here is a value or nullable */
  ck_assert_ptr_null (strstr (c, "__null_param"));
  ck_assert_ptr_null (strstr (c, "__bad_enum"));
  ck_assert_ptr_null (strstr (c, "G_GNUC_UNUSED"));
}
END_TEST

/* One public layer: with a private header, only `export` queries and the
 * row types of `export`/`export-row` queries are public; the rest is
 * declared in the private header and hidden (G_GNUC_INTERNAL). */
static const char export_file[] =
  "-- name: user_get :one export\nSELECT \"createdAt\", nick FROM u WHERE id = :id\n"
  "-- name: user_find :opt\nSELECT \"createdAt\", nick FROM u WHERE nick = :nick?\n"
  "-- name: users_list :many -> User export-row\nSELECT \"createdAt\", nick FROM u WHERE id > :id\n"
  "-- name: users_all :many -> User\nSELECT \"createdAt\", nick FROM u WHERE id < :id\n"
  "-- name: user_touch :exec\nUPDATE u SET t = now() WHERE id = :id\n";

START_TEST (test_codegen_splits_exported_queries_from_internal_ones)
{
  g_autoptr(GPtrArray) q = parse (export_file, NULL);
  g_autoptr(GHashTable) cache = new_cache ();
  g_autofree char *priv = NULL, *c = NULL, *h = NULL, *single = NULL;

  for (guint k = 0; k < q->len; k++)
    {
      MdbCacheEntry *e = entry_for (nth (q, k), MDB_OID_INT8, "int8");

      if (nth (q, k)->kind != MDB_QUERY_EXEC)
        {
          g_ptr_array_add (e->columns, value ("createdAt", MDB_OID_TIMESTAMPTZ, "timestamptz", TRUE));
          g_ptr_array_add (e->columns, value ("nick", MDB_OID_TEXT, "text", FALSE));
        }
      if (nth (q, k)->kind == MDB_QUERY_OPT)
        ((MdbCacheValue *) e->params->pdata[0])->oid = MDB_OID_TEXT;
      g_hash_table_insert (cache, g_strdup (nth (q, k)->hash), e);
    }
  ck_assert_uint_eq (nth (q, 0)->export, MDB_QUERY_EXPORT_FUNCTION);
  ck_assert_uint_eq (nth (q, 1)->export, MDB_QUERY_EXPORT_NONE);
  ck_assert_uint_eq (nth (q, 2)->export, MDB_QUERY_EXPORT_ROW);
  ck_assert_str_eq (nth (q, 2)->row_type, "User");
  h = generate_split (export_file, cache, &priv, &c);
  /* Public: the exported function and its row, the export-row row type. */
  assert_has (h, "DemoDbUserGetRow *\ndemo_db_user_get (MdbExecutor *executor,");
  assert_has (h, "} DemoDbUserGetRow;\n\nDemoDbUserGetRow *demo_db_user_get_row_dup (const DemoDbUserGetRow *row);\n"
                 "void demo_db_user_get_row_free (DemoDbUserGetRow *row);");
  assert_has (h, "} DemoDbUser;\n\nDemoDbUser *demo_db_user_dup (const DemoDbUser *row);\nvoid demo_db_user_free (DemoDbUser *row);");
  assert_has (h, "} DemoDbUserList;\n\nvoid demo_db_user_list_free (DemoDbUserList *list);");
  ck_assert_msg (strstr (h, "demo_db_users_list (") == NULL, "export-row exported the function: %s", h);
  ck_assert_msg (strstr (h, "demo_db_user_find") == NULL && strstr (h, "demo_db_user_touch") == NULL,
                 "internal queries in the public header: %s", h);
  /* Private: everything else, hidden, on top of the public header. */
  assert_has (priv, "#include \"demo-queries.h\"");
  assert_has (priv, "} DemoDbUserFindRow;\n\nG_GNUC_INTERNAL DemoDbUserFindRow *demo_db_user_find_row_dup (const DemoDbUserFindRow *row);\n"
                    "G_GNUC_INTERNAL void demo_db_user_find_row_free (DemoDbUserFindRow *row);");
  assert_has (priv, "G_GNUC_INTERNAL DemoDbUserFindRow *\ndemo_db_user_find (MdbExecutor *executor,");
  assert_has (priv, "G_GNUC_INTERNAL DemoDbUserList *\ndemo_db_users_list (MdbExecutor *executor,");
  assert_has (priv, "G_GNUC_INTERNAL DemoDbUserList *\ndemo_db_users_all (MdbExecutor *executor,");
  assert_has (priv, "G_GNUC_INTERNAL gboolean\ndemo_db_user_touch (MdbExecutor *executor,");
  ck_assert_msg (strstr (priv, "demo_db_user_get (") == NULL, "exported query in the private header");
  assert_has (c, "#include \"demo-queries-private.h\"");
  /* Without a private header (test and bench libraries) everything is public. */
  single = generate (export_file, cache, TRUE, NULL);
  assert_has (single, "DemoDbUserList *\ndemo_db_users_list (MdbExecutor *executor,");
  ck_assert_msg (strstr (single, "G_GNUC_INTERNAL") == NULL, "hidden declarations without a split");
}
END_TEST

typedef struct {
  guint32     oid;
  const char *type;
  const char *field;    /* struct line */
  const char *decode;   /* in its MdbField */
  const char *bind;     /* adder line */
} TypeCase;

static const TypeCase type_cases[] = {
  { MDB_OID_TEXT, "text", "  const char *v;", "MDB_OID_TEXT, MDB_FIELD_STRING", "mdb_params_add_text (mdb_params, p);" },
  { MDB_OID_VARCHAR, "varchar", "  const char *v;", "MDB_OID_VARCHAR, MDB_FIELD_STRING", "mdb_params_add_text (mdb_params, p);" },
  { MDB_OID_UUID, "uuid", "  MdbUuid v;", "MDB_OID_UUID, MDB_FIELD_UUID", "mdb_params_add_uuid (mdb_params, p);" },
  { MDB_OID_BOOL, "bool", "  gboolean v;", "MDB_OID_BOOL, MDB_FIELD_BOOL", "mdb_params_add_bool (mdb_params, p);" },
  { MDB_OID_INT2, "int2", "  gint32 v;", "MDB_OID_INT2, MDB_FIELD_INT32", "mdb_params_add_int2 (mdb_params, (gint16) p);" },
  { MDB_OID_INT4, "int4", "  gint32 v;", "MDB_OID_INT4, MDB_FIELD_INT32", "mdb_params_add_int4 (mdb_params, p);" },
  { MDB_OID_INT8, "int8", "  gint64 v;", "MDB_OID_INT8, MDB_FIELD_INT64", "mdb_params_add_int8 (mdb_params, p);" },
  { MDB_OID_FLOAT4, "float4", "  gdouble v;", "MDB_OID_FLOAT4, MDB_FIELD_DOUBLE", "mdb_params_add_float4 (mdb_params, (gfloat) p);" },
  { MDB_OID_FLOAT8, "float8", "  gdouble v;", "MDB_OID_FLOAT8, MDB_FIELD_DOUBLE", "mdb_params_add_float8 (mdb_params, p);" },
  { MDB_OID_NUMERIC, "numeric", "  const char *v;", "MDB_OID_NUMERIC, MDB_FIELD_TEXT_COPY", "mdb_params_add_numeric (mdb_params, p);" },
  { MDB_OID_TIMESTAMP, "timestamp", "  gint64 v;", "MDB_OID_TIMESTAMP, MDB_FIELD_TIMESTAMP", "mdb_params_add_timestamp (mdb_params, p);" },
  { MDB_OID_TIMESTAMPTZ, "timestamptz", "  gint64 v;", "MDB_OID_TIMESTAMPTZ, MDB_FIELD_TIMESTAMP", "mdb_params_add_timestamptz (mdb_params, p);" },
  { MDB_OID_DATE, "date", "  gint64 v;", "MDB_OID_DATE, MDB_FIELD_TIMESTAMP", "mdb_params_add_date (mdb_params, p);" },
  { MDB_OID_JSON, "json", "  const char *v;", "MDB_OID_JSON, MDB_FIELD_STRING", "mdb_params_add_json (mdb_params, p);" },
  { MDB_OID_JSONB, "jsonb", "  const char *v;", "MDB_OID_JSONB, MDB_FIELD_STRING", "mdb_params_add_jsonb (mdb_params, p);" },
  { MDB_OID_BYTEA, "bytea", "  MdbBytes v;", "MDB_OID_BYTEA, MDB_FIELD_BYTES", "mdb_params_add_bytea (mdb_params, p);" },
  { MDB_OID_TEXT_ARRAY, "_text", "  const char *const *v;", "MDB_OID_TEXT_ARRAY, MDB_FIELD_STRV", "mdb_params_add_text_array (mdb_params, p, -1);" },
  { MDB_OID_UUID_ARRAY, "_uuid", "  const char *const *v;", "MDB_OID_UUID_ARRAY, MDB_FIELD_STRV", "mdb_params_add_uuid_array (mdb_params, p, -1);" },
  { MDB_OID_INT4_ARRAY, "_int4", "  GArray *v;", "MDB_OID_INT4_ARRAY, MDB_FIELD_ARRAY",
    "mdb_params_add_int4_array (mdb_params, (const gint32 *) (gpointer) p->data, NULL, p->len);" },
  { MDB_OID_INT8_ARRAY, "_int8", "  GArray *v;", "MDB_OID_INT8_ARRAY, MDB_FIELD_ARRAY", "mdb_params_add_int8_array" },
  { MDB_OID_FLOAT8_ARRAY, "_float8", "  GArray *v;", "MDB_OID_FLOAT8_ARRAY, MDB_FIELD_ARRAY", "mdb_params_add_float8_array" },
  { MDB_OID_BOOL_ARRAY, "_bool", "  GArray *v;", "MDB_OID_BOOL_ARRAY, MDB_FIELD_ARRAY", "mdb_params_add_bool_array" },
};

/* `-> T` keeps a one-column query a row (no scalar): the field shows. */
START_TEST (test_codegen_maps_each_type_to_its_c_type)
{
  const TypeCase *tc = &type_cases[_i];
  const char *text = "-- name: t :one -> T\nSELECT v FROM x WHERE v = :p\n";
  g_autoptr(GPtrArray) q = parse (text, NULL);
  g_autoptr(GHashTable) cache = new_cache ();
  MdbCacheEntry *e = entry_for (nth (q, 0), tc->oid, tc->type);
  g_autoptr(GError) error = NULL;
  g_autofree char *h = NULL, *c = NULL;

  g_ptr_array_add (e->columns, value ("v", tc->oid, tc->type, FALSE));
  g_hash_table_insert (cache, g_strdup (nth (q, 0)->hash), e);
  h = generate (text, cache, TRUE, &error);
  ck_assert_msg (h != NULL, "%s: %s", tc->type, error ? error->message : "");
  c = generate (text, cache, FALSE, NULL);
  assert_has (h, tc->field);
  assert_has (c, tc->decode);
  assert_has (c, tc->bind);
  /* a pointer parameter may not be NULL: the helper that says so is there */
  if (tc->field[2] != 'g' || strstr (tc->field, "GArray") != NULL)
    assert_has (c, "demo_db__null_param (const char *query");
}
END_TEST

/* A :one/:opt of one column hands back the value itself. */
START_TEST (test_codegen_returns_a_single_column_as_a_value)
{
  const char *text = "-- name: n :one\nSELECT count(*) AS \"n!\" FROM x WHERE a = :a\n"
                     "-- name: s :opt\nSELECT s FROM x WHERE a = :a\n"
                     "-- name: d :one\nSELECT d FROM x WHERE a = :out_d\n";
  g_autoptr(GPtrArray) q = parse (text, NULL);
  g_autoptr(GHashTable) cache = new_cache ();
  MdbCacheEntry *n = entry_for (nth (q, 0), MDB_OID_INT8, "int8");
  MdbCacheEntry *sv = entry_for (nth (q, 1), MDB_OID_INT8, "int8");
  MdbCacheEntry *d = entry_for (nth (q, 2), MDB_OID_INT8, "int8");
  g_autoptr(GError) error = NULL;
  g_autofree char *h = NULL, *c = NULL;

  g_ptr_array_add (n->columns, value ("n", MDB_OID_INT8, "int8", FALSE));
  g_ptr_array_add (sv->columns, value ("s", MDB_OID_TEXT, "text", TRUE));
  g_ptr_array_add (d->columns, value ("d", MDB_OID_INT8, "int8", TRUE));
  g_hash_table_insert (cache, g_strdup (nth (q, 0)->hash), n);
  g_hash_table_insert (cache, g_strdup (nth (q, 1)->hash), sv);
  g_hash_table_insert (cache, g_strdup (nth (q, 2)->hash), d);
  /* the third query's parameter would clash with its out-parameter */
  h = generate (text, cache, TRUE, &error);
  ck_assert_ptr_null (h);
  assert_has (error->message, "f.sql:5: query \"d\": parameter \"out_d\" clashes with the result's out-parameter");
  g_clear_error (&error);
  g_free (((MdbQueryParam *) nth (q, 2)->params->pdata[0])->name);
  ((MdbQueryParam *) nth (q, 2)->params->pdata[0])->name = g_strdup ("a");
  {
    MdbCodegenOptions opt = { "demo_db", "demo-queries.h", "libs/demo", NULL };

    ck_assert_msg (mdb__codegen_run (&opt, q, cache, &h, &c, &error), "%s", error ? error->message : "");
  }
  assert_has (h, "gboolean\ndemo_db_n (MdbExecutor *executor,\n    gint64 a,\n    gint64 *out_n,\n    GError **error);");
  assert_has (h, "gboolean\ndemo_db_s (MdbExecutor *executor,\n    gint64 a,\n    char **out_s,\n    GError **error);");
  assert_has (h, "gboolean\ndemo_db_d (MdbExecutor *executor,\n    gint64 a,\n    gint64 *out_d,\n    gboolean *out_d_is_null,\n");
  ck_assert_ptr_null (strstr (h, "DemoDbNRow"));   /* no row struct for a value */
  assert_has (c, "    *out_n = mdb_value.value;\n");
  assert_has (c, "    *out_s = g_strdup (mdb_value.value);\n");
  assert_has (c, "    *out_d_is_null = mdb_value.value_is_null;\n");
}
END_TEST

/* Locals start with mdb_, so that prefix is the only reserved one. */
START_TEST (test_codegen_reserves_the_mdb_prefix_for_locals)
{
  const char *text = "-- name: t :exec\nUPDATE x SET a = :mdb_params\n";
  g_autoptr(GPtrArray) q = parse (text, NULL);
  g_autoptr(GHashTable) cache = new_cache ();
  g_autoptr(GError) error = NULL;
  g_autofree char *h = NULL;

  g_hash_table_insert (cache, g_strdup (nth (q, 0)->hash), entry_for (nth (q, 0), MDB_OID_INT8, "int8"));
  h = generate (text, cache, TRUE, &error);
  ck_assert_ptr_null (h);
  assert_has (error->message, "f.sql:1: query \"t\": parameter name \"mdb_params\": the prefix mdb_ is reserved");
}
END_TEST

/* Issue 9: a failure with no error location asked for must not crash. */
START_TEST (test_codegen_fails_without_an_error_location)
{
  g_autoptr(GHashTable) cache = new_cache ();
  g_autoptr(GPtrArray) q = parse ("-- name: gone :one\nSELECT 1", NULL);
  MdbCodegenOptions opt = { "demo_db", "demo-queries.h", "libs/demo", NULL };
  char *h = NULL, *c = NULL;

  ck_assert (!mdb__codegen_run (&opt, q, cache, &h, &c, NULL));
  ck_assert_ptr_null (h);
  ck_assert_ptr_null (c);
}
END_TEST

START_TEST (test_codegen_generates_enums_with_string_functions)
{
  const char *text = "-- name: t :opt\nSELECT s FROM x WHERE s = :p?\n";   /* one column: a value */
  g_autoptr(GPtrArray) q = parse (text, NULL);
  g_autoptr(GHashTable) cache = new_cache ();
  MdbCacheEntry *e = entry_for (nth (q, 0), 16500, "ChannelType");
  MdbCacheValue *col = value ("s", 16500, "ChannelType", TRUE);
  const char *labels[] = { "public", "direct-message", NULL };
  g_autofree char *h = NULL, *c = NULL;

  col->enum_labels = g_strdupv ((char **) labels);
  ((MdbCacheValue *) e->params->pdata[0])->enum_labels = g_strdupv ((char **) labels);
  g_ptr_array_add (e->columns, col);
  g_hash_table_insert (cache, g_strdup (nth (q, 0)->hash), e);
  h = generate (text, cache, TRUE, NULL);
  c = generate (text, cache, FALSE, NULL);
  ck_assert_ptr_nonnull (h);
  assert_has (h, "typedef enum {\n  DEMO_DB_CHANNEL_TYPE_PUBLIC,\n  DEMO_DB_CHANNEL_TYPE_DIRECT_MESSAGE,\n} DemoDbChannelType;");
  assert_has (h, "const char *demo_db_channel_type_to_string (DemoDbChannelType value);");
  assert_has (h, "gboolean demo_db_channel_type_from_string (const char *label, DemoDbChannelType *out, GError **error);");
  assert_has (h, "    DemoDbChannelType *out_s,\n    gboolean *out_s_is_null,");
  assert_has (h, "    DemoDbChannelType p,\n    gboolean p_is_null,");
  assert_has (c, "  DemoDbChannelType value;\n  gboolean value_is_null;\n} DemoDbTValue;");
  assert_has (c, "MDB_ERROR_DECODE, \"unknown ChannelType label");
  assert_has (c, "\n  NULL,\n};");   /* labels end with NULL for the core's decoder */
  assert_has (c, "{ \"s\", \"ChannelType\", 0, MDB_FIELD_ENUM, TRUE, G_STRUCT_OFFSET (DemoDbTValue, value), "
                 "G_STRUCT_OFFSET (DemoDbTValue, value_is_null), demo_db_channel_type__labels, NULL, -1 },");
  assert_has (c, "mdb_params_add_enum (mdb_params, demo_db_channel_type_to_string (p));");
  assert_has (c, "demo_db__bad_enum (const char *query");
  assert_has (c, "mdb_params_add_null (mdb_params, MDB_OID_UNKNOWN);");   /* OIDs by name */
}
END_TEST

START_TEST (test_codegen_rejects_unsupported_types_and_mismatched_row_types)
{
  const char *text = "-- name: a :one -> R\nSELECT v FROM x\n-- name: b :one -> R\nSELECT v FROM y\n";
  g_autoptr(GPtrArray) q = parse (text, NULL);
  g_autoptr(GHashTable) cache = new_cache ();
  MdbCacheEntry *a = entry_for (nth (q, 0), 0, NULL);
  MdbCacheEntry *b = entry_for (nth (q, 1), 0, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *h = NULL;

  g_ptr_array_add (a->columns, value ("v", MDB_OID_INT4, "int4", FALSE));
  g_ptr_array_add (b->columns, value ("v", MDB_OID_INT8, "int8", FALSE));
  g_hash_table_insert (cache, g_strdup (nth (q, 0)->hash), a);
  g_hash_table_insert (cache, g_strdup (nth (q, 1)->hash), b);
  h = generate (text, cache, TRUE, &error);
  ck_assert_ptr_null (h);
  assert_has (error->message, "f.sql:3: query \"b\" shares row type R with query \"a\" (f.sql:1) but its columns differ");
  g_clear_error (&error);
  ((MdbCacheValue *) b->columns->pdata[0])->oid = MDB_OID_INT4;
  ((MdbCacheValue *) a->columns->pdata[0])->oid = 600;   /* point */
  ((MdbCacheValue *) b->columns->pdata[0])->oid = 600;
  g_free (((MdbCacheValue *) b->columns->pdata[0])->type);
  ((MdbCacheValue *) b->columns->pdata[0])->type = g_strdup ("int4");
  h = generate (text, cache, TRUE, &error);
  ck_assert_ptr_null (h);
  assert_has (error->message, "f.sql:1: query \"a\": column \"v\" has type int4, which mdb codegen does not support");
  g_clear_error (&error);
  for (guint k = 0; k < 2; k++)
    {
      MdbCacheValue *v = ((MdbCacheEntry *) (k == 0 ? a : b))->columns->pdata[0];

      g_free (v->type);
      v->type = g_strdup ("_record");
      v->oid = 2287;   /* record[] */
    }
  h = generate (text, cache, TRUE, &error);
  ck_assert_ptr_null (h);
  assert_has (error->message, "f.sql:1: query \"a\": column \"v\" is an anonymous record, whose fields have no "
                              "names or types here; cast the row to a composite type");
}
END_TEST

/* Column names that would not compile as C fields fail codegen naming the
 * query, file:line and column, and saying to alias it. */
static const struct { const char *column; const char *message; } bad_fields[] = {
  { "?column?", "f.sql:1: query \"a\": column 2 \"?column?\" gives the C field name \"?column?\", which is not a "
                "C identifier; alias this column" },
  { "default", "column 2 \"default\" gives the C field name \"default\", which is a C keyword; alias this column" },
  { "1st", "which is not a C identifier" },
  { "__x", "which is reserved in C" },
  { "v_is_null", "column v_is_null clashes with the NULL flag of column v in C; alias this column" },
  { "V", "two columns are both called v in C; alias one" },
};

START_TEST (test_codegen_rejects_columns_that_are_not_c_identifiers)
{
  const char *text = "-- name: a :one\nSELECT v, w FROM x\n";
  g_autoptr(GPtrArray) q = parse (text, NULL);
  g_autoptr(GHashTable) cache = new_cache ();
  MdbCacheEntry *a = entry_for (nth (q, 0), 0, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *h = NULL;

  g_ptr_array_add (a->columns, value ("v", MDB_OID_INT4, "int4", TRUE));
  g_ptr_array_add (a->columns, value (bad_fields[_i].column, MDB_OID_INT4, "int4", FALSE));
  g_hash_table_insert (cache, g_strdup (nth (q, 0)->hash), a);
  h = generate (text, cache, TRUE, &error);
  ck_assert_ptr_null (h);
  ck_assert_msg (strstr (error->message, bad_fields[_i].message) != NULL, "got [%s]", error->message);
  ck_assert_ptr_nonnull (strstr (error->message, "f.sql:1:"));
}
END_TEST

START_TEST (test_codegen_names_the_query_missing_from_the_cache)
{
  g_autoptr(GHashTable) cache = new_cache ();
  g_autoptr(GError) error = NULL;
  g_autofree char *h = generate ("-- c\n-- name: gone :one\nSELECT 1", cache, TRUE, &error);

  ck_assert_ptr_null (h);
  ck_assert_str_eq (error->message, "f.sql:2: query \"gone\" is not in the offline cache (.mdb-cache); "
                                    "run: mdb prepare libs/demo");
}
END_TEST

/* The built tool, as meson runs it: exit 1 and the message on stderr. */
START_TEST (test_codegen_tool_fails_the_build_for_an_uncached_query)
{
  g_autofree char *dir = g_dir_make_tmp ("mdb-qtest-XXXXXX", NULL);
  g_autofree char *qdir = g_build_filename (dir, "queries", NULL);
  g_autofree char *sql = g_build_filename (qdir, "x.sql", NULL);
  g_autofree char *cache = g_build_filename (dir, ".mdb-cache", NULL);
  g_autofree char *h = g_build_filename (dir, "x.h", NULL);
  g_autofree char *c = g_build_filename (dir, "x.c", NULL);
  g_autofree char *err = NULL;
  g_autofree char *want = NULL;
  const char *args[] = { "codegen", "--lib", "x", "--queries-dir", qdir, "--cache-dir", cache,
                         "--header", h, "--source", c, NULL };

  g_mkdir (qdir, 0755);
  ck_assert (g_file_set_contents (sql, "-- First.\n-- name: x_get :one\nSELECT 1 AS one\n", -1, NULL));
  ck_assert_int_eq (mdb_ts_run_mdb (args, &err), 1);
  want = g_strdup_printf ("%s:2: query \"x_get\" is not in the offline cache (.mdb-cache); run: mdb prepare %s\n",
                          sql, dir);
  ck_assert_msg (g_str_equal (err, want), "stderr: %s", err);
  ck_assert (!g_file_test (h, G_FILE_TEST_EXISTS));
  g_unlink (sql);
  g_rmdir (qdir);
  g_rmdir (dir);
}
END_TEST

START_TEST (test_cache_json_round_trips_and_names_changes)
{
  g_autoptr(MdbCacheEntry) e = mdb__cache_entry_new ();
  g_autoptr(MdbCacheEntry) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL, *again = NULL, *changed = NULL, *what = NULL, *file = NULL;
  MdbCacheValue *col = value ("statuses", MDB_OID_TEXT_ARRAY, "_item_status", TRUE);
  const char *labels[] = { "a", "b", NULL };

  e->query = g_strdup ("SELECT $1");
  e->hash = g_strdup ("ab");
  e->name = g_strdup ("q");
  e->kind = g_strdup ("one");
  g_ptr_array_add (e->params, value ("p", MDB_OID_INT4, "int4", FALSE));
  col->element_type = g_strdup ("item_status");
  col->enum_labels = g_strdupv ((char **) labels);
  g_ptr_array_add (e->columns, col);
  json = mdb__cache_entry_to_json (e);
  ck_assert (g_str_has_suffix (json, "}\n"));
  back = mdb__cache_entry_from_json (json, "x.json", &error);
  ck_assert_msg (back != NULL, "%s", error ? error->message : "");
  again = mdb__cache_entry_to_json (back);
  ck_assert_str_eq (json, again);
  col->nullable = FALSE;
  changed = mdb__cache_entry_to_json (e);
  what = mdb__cache_describe_change (json, changed);
  ck_assert_str_eq (what, "column 1 \"statuses\": nullable true -> false");
  file = mdb__cache_file_name ("ab");
  ck_assert_str_eq (file, "query-ab.json");
  ck_assert_ptr_null (mdb__cache_entry_from_json ("{\"query\": 1}", "bad.json", &error) ? (gpointer) 1 : NULL);
}
END_TEST

/* ---- the server's node-tree text (debug_print_parse) ------------------ */

START_TEST (test_node_tree_reads_objects_lists_escapes_and_multi_token_fields)
{
  g_autoptr(MdbPgNode) q = mdb__pg_node_parse (
    "{QUERY :commandType 1 :rtable ({RANGETBLENTRY :eref {ALIAS :aliasname t :colnames (\"id\" \"a\\ b\")}"
    " :rtekind 0}) :targetList ({TARGETENTRY :expr {CONST :consttype 23 :constisnull false\n"
    ":constvalue 4 [ 1 0 0 0 0 0 0 0 ]} :resname ?column? :resjunk false}) :cteList <>}");
  const MdbPgNode *rte, *te, *names;

  ck_assert_ptr_nonnull (q);
  ck_assert (mdb__pg_node_is (q, "QUERY"));
  ck_assert_int_eq (mdb__pg_node_field_int (q, "commandType", 0), 1);
  ck_assert_int_eq (mdb__pg_node_field_int (q, "missing", -7), -7);
  ck_assert_str_eq (mdb__pg_node_field_text (q, "cteList"), "<>");
  rte = mdb__pg_node_list_nth (mdb__pg_node_field (q, "rtable"), 0);
  names = mdb__pg_node_field (mdb__pg_node_field (rte, "eref"), "colnames");
  ck_assert_uint_eq (mdb__pg_node_list_length (names), 2);
  ck_assert_str_eq (mdb__pg_node_list_nth (names, 1)->text, "\"a b\"");
  te = mdb__pg_node_list_nth (mdb__pg_node_field (q, "targetList"), 0);
  ck_assert_str_eq (mdb__pg_node_field_text (te, "resname"), "?column?");
  ck_assert_str_eq (mdb__pg_node_field_text (mdb__pg_node_field (te, "expr"), "constisnull"), "false");
  ck_assert_uint_eq (mdb__pg_node_list_length (mdb__pg_node_field (mdb__pg_node_field (te, "expr"), "constvalue")), 11);
  ck_assert_ptr_null (mdb__pg_node_list_nth (names, 2));
  ck_assert_ptr_null (mdb__pg_node_field (names, "x"));
}
END_TEST

static const char *const bad_trees[] = {
  "", "{", "{QUERY :a (1 2", "{QUERY :a 1", ")", "}", "{}", "{QUERY :a {VAR}} extra", "((((",
};

START_TEST (test_node_tree_refuses_malformed_text)
{
  g_autoptr(MdbPgNode) n = mdb__pg_node_parse (bad_trees[_i]);

  /* "{QUERY :a {VAR}} extra": the first node is whole; trailing text is ignored. */
  if (_i == 7)
    ck_assert (mdb__pg_node_is (n, "QUERY"));
  else
    ck_assert_msg (n == NULL, "parsed: %s", bad_trees[_i]);
}
END_TEST

START_TEST (test_node_tree_refuses_nesting_too_deep)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(MdbPgNode) n = NULL;

  for (guint k = 0; k < 100000; k++)
    g_string_append (deep, "{A :b ");
  n = mdb__pg_node_parse (deep->str);
  ck_assert_ptr_null (n);
}
END_TEST

static Suite *
query_file_suite (void)
{
  Suite *s = suite_create ("query-file");
  TCase *tc = tcase_create ("parse");

  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_parse_reads_kinds_docs_row_types_and_lines);
  tcase_add_test (tc, test_parse_leaves_a_note_between_queries_out_of_both_statements);
  tcase_add_test (tc, test_parse_keeps_comment_like_lines_inside_literals);
  tcase_add_test (tc, test_parse_empty_file_has_no_queries);
  tcase_add_loop_test (tc, test_parse_rejects_malformed_input_naming_file_and_line, 0, G_N_ELEMENTS (malformed));
  tcase_add_test (tc, test_parse_survives_random_input);
  tcase_add_loop_test (tc, test_rewrite_replaces_named_parameters_only_outside_quotes, 0, G_N_ELEMENTS (rewrites));
  suite_add_tcase (s, tc);
  tc = tcase_create ("codegen");
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_codegen_writes_one_function_per_kind);
  tcase_add_test (tc, test_codegen_splits_exported_queries_from_internal_ones);
  tcase_add_loop_test (tc, test_codegen_maps_each_type_to_its_c_type, 0, G_N_ELEMENTS (type_cases));
  tcase_add_test (tc, test_codegen_generates_enums_with_string_functions);
  tcase_add_test (tc, test_codegen_returns_a_single_column_as_a_value);
  tcase_add_test (tc, test_codegen_reserves_the_mdb_prefix_for_locals);
  tcase_add_test (tc, test_codegen_fails_without_an_error_location);
  tcase_add_test (tc, test_codegen_rejects_unsupported_types_and_mismatched_row_types);
  tcase_add_loop_test (tc, test_codegen_rejects_columns_that_are_not_c_identifiers, 0, G_N_ELEMENTS (bad_fields));
  tcase_add_test (tc, test_codegen_names_the_query_missing_from_the_cache);
  tcase_add_test (tc, test_codegen_tool_fails_the_build_for_an_uncached_query);
  tcase_add_test (tc, test_cache_json_round_trips_and_names_changes);
  suite_add_tcase (s, tc);
  tc = tcase_create ("node-tree");
  tcase_add_test (tc, test_node_tree_reads_objects_lists_escapes_and_multi_token_fields);
  tcase_add_loop_test (tc, test_node_tree_refuses_malformed_text, 0, G_N_ELEMENTS (bad_trees));
  tcase_add_test (tc, test_node_tree_refuses_nesting_too_deep);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return mdb_test_run (srunner_create (query_file_suite ()), FALSE);
}
