/* SPDX-License-Identifier: MIT */
/* codegen.c: writes a library's typed C (row structs, enums, one function per query). */
#include <stdarg.h>
#include <string.h>
#include "codegen.h"
#include "c-ident.h"

typedef enum {
  CAT_STRING, CAT_BYTES, CAT_STRV, CAT_ARRAY,             /* pointers: NULL is SQL NULL */
  CAT_BOOL, CAT_INT32, CAT_INT64, CAT_DOUBLE, CAT_TIME, CAT_ENUM,
} Cat;

/* How one SQL type maps to C. */
typedef struct {
  Cat         cat;
  const char *field_type;   /* in row structs */
  const char *in_type;      /* as a parameter */
  const char *getter;       /* MdbResult getter */
  const char *adder;        /* MdbParams adder */
  const char *cast;         /* applied to the value handed to the adder */
  const char *elem_type;    /* GArray element type */
  char       *enum_c;       /* enums: C type */
  char       *enum_fn;      /* enums: function prefix */
} CType;

typedef struct {
  const MdbCodegenOptions *opt;
  char       *pascal;       /* ContactsDb */
  char       *upper;        /* CONTACTS_DB */
  GHashTable *enums;        /* typname -> labels (borrowed from the cache) */
  GPtrArray  *enum_order;   /* typnames, first use first */
  GHashTable *rows_done;    /* struct names already written */
  GString    *h, *c;
  GString    *items;        /* child-row item functions, written before their row's */
  GString    *ph;           /* the private header; NULL: everything is public */
  GHashTable *public_rows;  /* row struct names that exported queries make public */
} Gen;

/* ---- one public layer: where declarations go --------------------------- */

/* With a private header, only exported queries and their row types go in
 * the public header; the rest is declared in the private one and hidden
 * from the shared library (G_GNUC_INTERNAL), so a library's ABI is its
 * hand-written functions plus what its queries export on purpose. */
static GString *
decl_header (Gen *g, gboolean public)
{
  return public || g->ph == NULL ? g->h : g->ph;
}

static const char *
decl_attr (Gen *g, gboolean public)
{
  return public || g->ph == NULL ? "" : "G_GNUC_INTERNAL ";
}

static void
ctype_clear (CType *t)
{
  g_clear_pointer (&t->enum_c, g_free);
  g_clear_pointer (&t->enum_fn, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CType, ctype_clear)

char *
mdb__codegen_pascal (const char *snake)
{
  GString *out = g_string_new (NULL);
  gboolean up = TRUE;

  for (const char *p = snake; *p; p++)
    {
      if (*p == '_' || !g_ascii_isalnum (*p))
        up = TRUE;
      else
        {
          g_string_append_c (out, up ? g_ascii_toupper (*p) : *p);
          up = FALSE;
        }
    }
  return g_string_free (out, FALSE);
}

static char *
c_ident_upper (const char *s)
{
  char *out = g_ascii_strup (s, -1);

  for (char *p = out; *p; p++)
    if (!g_ascii_isalnum (*p))
      *p = '_';
  return out;
}

static gboolean gen_fail (GError **error, const char *fmt, ...) G_GNUC_PRINTF (2, 3);

static gboolean
gen_fail (GError **error, const char *fmt, ...)
{
  va_list args;

  va_start (args, fmt);
  g_set_error_literal (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "");
  g_free ((*error)->message);
  (*error)->message = g_strdup_vprintf (fmt, args);
  va_end (args);
  return FALSE;
}

/* ---- type mapping --------------------------------------------------- */

typedef struct {
  guint32     oid;
  Cat         cat;
  const char *getter, *adder, *cast, *elem;
} TypeRow;

static const TypeRow type_table[] = {
  { MDB_OID_TEXT, CAT_STRING, "mdb_result_dup_string", "mdb_params_add_text", "", NULL },
  { MDB_OID_VARCHAR, CAT_STRING, "mdb_result_dup_string", "mdb_params_add_text", "", NULL },
  { MDB_OID_BPCHAR, CAT_STRING, "mdb_result_dup_string", "mdb_params_add_text", "", NULL },
  { MDB_OID_NAME, CAT_STRING, "mdb_result_dup_string", "mdb_params_add_text", "", NULL },
  { MDB_OID_UUID, CAT_STRING, "mdb_result_dup_string", "mdb_params_add_uuid", "", NULL },
  { MDB_OID_NUMERIC, CAT_STRING, "mdb_result_dup_string", "mdb_params_add_numeric", "", NULL },
  { MDB_OID_JSON, CAT_STRING, "mdb_result_dup_string", "mdb_params_add_json", "", NULL },
  { MDB_OID_JSONB, CAT_STRING, "mdb_result_dup_string", "mdb_params_add_jsonb", "", NULL },
  { MDB_OID_BYTEA, CAT_BYTES, "mdb_result_dup_bytes", "mdb_params_add_bytea", "", NULL },
  { MDB_OID_BOOL, CAT_BOOL, "mdb_result_get_bool", "mdb_params_add_bool", "", NULL },
  { MDB_OID_INT2, CAT_INT32, "mdb_result_get_int32", "mdb_params_add_int2", "(gint16) ", NULL },
  { MDB_OID_INT4, CAT_INT32, "mdb_result_get_int32", "mdb_params_add_int4", "", NULL },
  { MDB_OID_INT8, CAT_INT64, "mdb_result_get_int64", "mdb_params_add_int8", "", NULL },
  { MDB_OID_FLOAT4, CAT_DOUBLE, "mdb_result_get_double", "mdb_params_add_float4", "(gfloat) ", NULL },
  { MDB_OID_FLOAT8, CAT_DOUBLE, "mdb_result_get_double", "mdb_params_add_float8", "", NULL },
  { MDB_OID_TIMESTAMP, CAT_TIME, "mdb_result_get_timestamp", "mdb_params_add_timestamp", "", NULL },
  { MDB_OID_TIMESTAMPTZ, CAT_TIME, "mdb_result_get_timestamp", "mdb_params_add_timestamptz", "", NULL },
  { MDB_OID_DATE, CAT_TIME, "mdb_result_get_timestamp", "mdb_params_add_date", "", NULL },
  /* arrays; a NULL adder means "not as a parameter" */
  { MDB_OID_TEXT_ARRAY, CAT_STRV, "mdb_result_dup_strv", "mdb_params_add_text_array", "", NULL },
  { MDB_OID_VARCHAR_ARRAY, CAT_STRV, "mdb_result_dup_strv", "mdb_params_add_text_array", "", NULL },
  { MDB_OID_BPCHAR_ARRAY, CAT_STRV, "mdb_result_dup_strv", "mdb_params_add_text_array", "", NULL },
  { MDB_OID_UUID_ARRAY, CAT_STRV, "mdb_result_dup_strv", "mdb_params_add_uuid_array", "", NULL },
  /* results only: a text[] parameter would not bind to these */
  { MDB_OID_JSON_ARRAY, CAT_STRV, "mdb_result_dup_strv", NULL, "", NULL },
  { MDB_OID_JSONB_ARRAY, CAT_STRV, "mdb_result_dup_strv", NULL, "", NULL },
  { MDB_OID_NUMERIC_ARRAY, CAT_STRV, "mdb_result_dup_strv", NULL, "", NULL },
  { MDB_OID_BOOL_ARRAY, CAT_ARRAY, "mdb_result_dup_array", "mdb_params_add_bool_array", "", "gboolean" },
  { MDB_OID_INT2_ARRAY, CAT_ARRAY, "mdb_result_dup_array", "__add_int2_array", "", "gint32" },
  { MDB_OID_INT4_ARRAY, CAT_ARRAY, "mdb_result_dup_array", "mdb_params_add_int4_array", "", "gint32" },
  { MDB_OID_INT8_ARRAY, CAT_ARRAY, "mdb_result_dup_array", "mdb_params_add_int8_array", "", "gint64" },
  { MDB_OID_FLOAT4_ARRAY, CAT_ARRAY, "mdb_result_dup_array", "__add_float4_array", "", "gdouble" },
  { MDB_OID_FLOAT8_ARRAY, CAT_ARRAY, "mdb_result_dup_array", "mdb_params_add_float8_array", "", "gdouble" },
  { MDB_OID_TIMESTAMP_ARRAY, CAT_ARRAY, "mdb_result_dup_array", "mdb_params_add_timestamp_array", "", "gint64" },
  { MDB_OID_TIMESTAMPTZ_ARRAY, CAT_ARRAY, "mdb_result_dup_array", "mdb_params_add_timestamptz_array", "", "gint64" },
  { MDB_OID_DATE_ARRAY, CAT_ARRAY, "mdb_result_dup_array", "mdb_params_add_date_array", "", "gint64" },
};

static const char *const field_types[] = {
  "char *", "GBytes *", "char **", "GArray *", "gboolean", "gint32", "gint64", "gdouble", "gint64", NULL,
};
static const char *const in_types[] = {
  "const char *", "GBytes *", "const char *const *", "const GArray *", "gboolean", "gint32", "gint64",
  "gdouble", "gint64", NULL,
};

static gboolean
is_pointer (Cat cat)
{
  return cat <= CAT_ARRAY;
}

static void
register_enum (Gen *g, const MdbCacheValue *v, const char *typname, CType *t)
{
  g_autofree char *snake = mdb_name_to_snake (typname);
  g_autofree char *pascal = mdb__codegen_pascal (snake);

  if (!g_hash_table_contains (g->enums, typname))
    {
      g_hash_table_insert (g->enums, (gpointer) typname, v->enum_labels);
      g_ptr_array_add (g->enum_order, (gpointer) typname);
    }
  t->enum_c = g_strconcat (g->pascal, pascal, NULL);
  t->enum_fn = g_strconcat (g->opt->prefix, "_", snake, NULL);
}

/* An enum[] parameter is a GArray of the generated C enum, sent as labels
 * (mdb_params_add_enum_labels); COPY's binary format cannot carry those. */
static gboolean
resolve_enum_array_param (Gen *g, const MdbQuery *q, const MdbCacheValue *v, CType *t, GError **error)
{
  if (q->kind == MDB_QUERY_COPY)
    return gen_fail (error, "%s:%u: query \"%s\": parameter \"%s\" is an array of enum %s, which :copy "
                     "cannot stream; use :exec with UNNEST", q->path, q->line, q->name, v->name, v->element_type);
  t->cat = CAT_ARRAY;
  t->adder = "mdb_params_add_enum_labels";
  register_enum (g, v, v->element_type, t);
  t->elem_type = t->enum_c;
  t->field_type = field_types[CAT_ARRAY];
  t->in_type = in_types[CAT_ARRAY];
  return TRUE;
}

/* Fills @t for @v (a parameter when @param), or fails naming what and where. */
static gboolean
resolve_type (Gen *g, const MdbQuery *q, const MdbCacheValue *v, gboolean param, CType *t, GError **error)
{
  const char *what = param ? "parameter" : "column";

  memset (t, 0, sizeof *t);
  if (v->enum_labels != NULL && v->element_type == NULL)
    {
      t->cat = CAT_ENUM;
      t->getter = "mdb_result_dup_string";
      t->adder = "mdb_params_add_enum";
      register_enum (g, v, v->type, t);
      t->field_type = t->in_type = t->enum_c;
      return TRUE;
    }
  if (v->enum_labels != NULL)
    {
      if (param)
        return resolve_enum_array_param (g, q, v, t, error);
      t->cat = CAT_STRV;
      t->getter = "mdb_result_dup_strv";
      t->field_type = field_types[CAT_STRV];
      return TRUE;
    }
  for (guint k = 0; k < G_N_ELEMENTS (type_table); k++)
    if (type_table[k].oid == v->oid && (!param || type_table[k].adder != NULL))
      {
        t->cat = type_table[k].cat;
        t->getter = type_table[k].getter;
        t->adder = type_table[k].adder;
        t->cast = type_table[k].cast;
        t->elem_type = type_table[k].elem;
        t->field_type = field_types[t->cat];
        t->in_type = in_types[t->cat];
        return TRUE;
      }
  if (g_str_equal (v->type, "record") || g_str_equal (v->type, "_record"))
    return gen_fail (error, "%s:%u: query \"%s\": %s \"%s\" is an anonymous record, whose fields have no "
                     "names or types here; cast the row to a composite type (ROW(a, b)::my_row, with CREATE "
                     "TYPE my_row AS (…) in a migration; docs/queries.md, Child rows)", q->path, q->line,
                     q->name, what, v->name);
  return gen_fail (error, "%s:%u: query \"%s\": %s \"%s\" has type %s, which mdb codegen does not "
                   "support%s (see docs/queries.md, C types); cast it in SQL", q->path, q->line, q->name,
                   what, v->name, v->type, param ? " as a parameter" : "");
}

/* ---- text helpers ---------------------------------------------------- */

static void
append_c_string (GString *out, const char *s)
{
  g_string_append (out, "\n  \"");
  for (; *s; s++)
    {
      if (*s == '\\' || *s == '"')
        g_string_append_printf (out, "\\%c", *s);
      else if (*s == '\n')
        g_string_append (out, "\\n\"\n  \"");
      else if ((guchar) *s < 0x20)
        g_string_append_printf (out, "\\%03o", (guchar) *s);
      else if (*s == '?' && s[1] == '?')
        g_string_append (out, "?\"\"");   /* no trigraphs, ever */
      else
        g_string_append_c (out, *s);
    }
  g_string_append_c (out, '"');
}

/* A doc line inside a C comment: no comment terminator. */
static char *
doc_safe (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, "*/", -1);

  return g_strjoinv ("* /", parts);
}

/* ---- row types ------------------------------------------------------- */

typedef struct {
  char *c_name;   /* ContactsDbConnectionGetRow */
  char *fn;       /* contacts_db_connection_get_row: _free, __decode */
} RowNames;

static void
row_names (Gen *g, const MdbQuery *q, RowNames *n)
{
  if (q->row_type != NULL)
    {
      g_autofree char *snake = mdb_name_to_snake (q->row_type);

      n->c_name = g_strconcat (g->pascal, q->row_type, NULL);
      n->fn = g_strconcat (g->opt->prefix, "_", snake, NULL);
    }
  else
    {
      g_autofree char *pascal = mdb__codegen_pascal (q->name);

      n->c_name = g_strconcat (g->pascal, pascal, "Row", NULL);
      n->fn = g_strconcat (g->opt->prefix, "_", q->name, "_row", NULL);
    }
}

static void
row_names_clear (RowNames *n)
{
  g_clear_pointer (&n->c_name, g_free);
  g_clear_pointer (&n->fn, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RowNames, row_names_clear)

static const char *const free_funcs[] = { "g_free", "g_bytes_unref", "g_strfreev", "g_array_unref" };

static void
emit_decode_column (Gen *g, const MdbCacheValue *v, const CType *t, int col)
{
  GString *c = g->c;

  if (is_pointer (t->cat))
    {
      if (v->nullable)
        g_string_append_printf (c, "  if (!mdb_result_is_null (result, row_index, %d)\n      && ", col);
      else
        g_string_append (c, "  if (");
      g_string_append_printf (c, "(row->%s = %s (result, row_index, %d, error)) == NULL)\n    goto fail;\n",
                              v->snake_name, t->getter, col);
      return;
    }
  if (v->nullable)
    g_string_append_printf (c, "  if (mdb_result_is_null (result, row_index, %d))\n"
                               "    row->%s_is_null = TRUE;\n  else ", col, v->snake_name);
  else
    g_string_append (c, "  ");
  if (t->cat == CAT_ENUM)
    g_string_append_printf (c, "{\n    g_autofree char *label = %s (result, row_index, %d, error);\n\n"
                               "    if (label == NULL || !%s_from_string (label, &row->%s, error))\n"
                               "      goto fail;\n  }\n", t->getter, col, t->enum_fn, v->snake_name);
  else
    g_string_append_printf (c, "if (!%s (result, row_index, %d, &row->%s, error))\n    goto fail;\n",
                            t->getter, col, v->snake_name);
}

/* Every field is a valid C name, distinct from the others and from their
 * `<field>_is_null` companions. */
static gboolean
check_field_names (const MdbQuery *q, const MdbCacheEntry *e, GError **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint k = 0; k < e->columns->len; k++)
    {
      const MdbCacheValue *v = g_ptr_array_index (e->columns, k);
      const char *problem = mdb__c_ident_problem (v->snake_name);

      if (problem != NULL)
        return gen_fail (error, "%s:%u: query \"%s\": column %u \"%s\" gives the C field name \"%s\", which %s; "
                         "alias this column (… AS some_name)", q->path, q->line, q->name, k + 1, v->name,
                         v->snake_name, problem);
      if (g_hash_table_contains (seen, v->snake_name))
        return gen_fail (error, "%s:%u: query \"%s\": two columns are both called %s in C; alias one",
                         q->path, q->line, q->name, v->snake_name);
      g_hash_table_add (seen, g_strdup (v->snake_name));
    }
  for (guint k = 0; k < e->columns->len; k++)
    {
      const MdbCacheValue *v = g_ptr_array_index (e->columns, k);
      g_autofree char *companion = g_strconcat (v->snake_name, "_is_null", NULL);

      if (g_hash_table_contains (seen, companion))
        return gen_fail (error, "%s:%u: query \"%s\": column %s clashes with the NULL flag of column %s in C; "
                         "alias this column", q->path, q->line, q->name, companion, v->snake_name);
    }
  return TRUE;
}

gboolean
mdb__codegen_check_columns (GPtrArray *queries, GPtrArray *entries, GError **error)
{
  for (guint k = 0; k < queries->len; k++)
    if (!check_field_names (queries->pdata[k], entries->pdata[k], error))
      return FALSE;
  return TRUE;
}

/* The pieces of a struct and its free/decode functions, built member by
 * member (rows and child-row items alike). */
typedef struct {
  GString *fields, *docs, *frees, *decode;
} Members;

static void
members_init (Members *m)
{
  m->fields = g_string_new (NULL);
  m->docs = g_string_new (NULL);
  m->frees = g_string_new (NULL);
  m->decode = g_string_new (NULL);
}

static void
members_clear (Members *m)
{
  if (m->fields == NULL)
    return;
  g_string_free (m->fields, TRUE);
  g_string_free (m->docs, TRUE);
  g_string_free (m->frees, TRUE);
  g_string_free (m->decode, TRUE);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Members, members_clear)

static gboolean emit_members (Gen *g, const MdbQuery *q, GPtrArray *values, const char *base_c,
                              const char *base_fn, const char *what, Members *m, GError **error);

/* A member of a value type (not child rows). */
static gboolean
emit_plain_member (Gen *g, const MdbQuery *q, const MdbCacheValue *v, guint k, Members *m, GError **error)
{
  g_auto(CType) t;
  GString *saved = g->c;

  if (!resolve_type (g, q, v, FALSE, &t, error))
    return FALSE;
  g_string_append_printf (m->fields, "  %s%s%s;\n", t.field_type,
                          g_str_has_suffix (t.field_type, "*") ? "" : " ", v->snake_name);
  g_string_append_printf (m->docs, " * @%s: column \"%s\" (%s%s)\n", v->snake_name, v->name, v->type,
                          v->nullable ? ", nullable" : "");
  if (v->nullable && !is_pointer (t.cat))
    {
      g_string_append_printf (m->fields, "  gboolean %s_is_null;\n", v->snake_name);
      g_string_append_printf (m->docs, " * @%s_is_null: TRUE when %s is NULL\n", v->snake_name, v->snake_name);
    }
  if (is_pointer (t.cat))
    g_string_append_printf (m->frees, "  g_clear_pointer (&row->%s, %s);\n", v->snake_name, free_funcs[t.cat]);
  g->c = m->decode;
  emit_decode_column (g, v, &t, (int) k);
  g->c = saved;
  return TRUE;
}

/* Child rows: a composite column (or array of them) becomes a block of
 * generated item structs, `<Item> *x` plus `guint n_x` for arrays, owned by
 * the row and freed with it.  The records are read with
 * mdb_result_dup_records(), which checks every field's type OID. */
static gboolean
emit_child_member (Gen *g, const MdbQuery *q, const MdbCacheValue *v, guint k, const char *base_c,
                   const char *base_fn, const char *what, Members *m, GError **error)
{
  g_autofree char *pascal = mdb__codegen_pascal (v->snake_name);
  g_autofree char *item_base_c = g_strconcat (base_c, pascal, NULL);
  g_autofree char *item_base_fn = g_strconcat (base_fn, "_", v->snake_name, NULL);
  g_autofree char *item_c = g_strconcat (item_base_c, "Item", NULL);
  g_autofree char *item_fn = g_strconcat (item_base_fn, "_item", NULL);
  g_autofree char *item_what = g_strdup_printf ("%s, column %s", what, v->snake_name);
  gboolean array = v->element_type != NULL;
  g_autofree char *guard = v->nullable ? g_strdup_printf ("if (!mdb_result_is_null (result, row_index, %u))\n    ", k)
                                        : g_strdup ("");
  g_autofree char *count = array ? g_strdup_printf ("row->n_%s", v->snake_name) : g_strdup ("n_records");
  g_auto(Members) im = { NULL, NULL, NULL, NULL };

  members_init (&im);
  if (!emit_members (g, q, v->fields, item_base_c, item_base_fn, item_what, &im, error))
    return FALSE;
  g_string_append_printf (g->h, "/**\n * %s:\n%s *\n * A child row of %s (SQL type %s), owned by the row.\n */\n"
                                "typedef struct {\n%s} %s;\n\n",
                          item_c, im.docs->str, item_what, array ? v->element_type : v->type, im.fields->str, item_c);
  g_string_append_printf (g->items, "static const char *const %s__names[] = {", item_fn);
  for (guint f = 0; f < v->fields->len; f++)
    append_c_string (g->items, ((MdbCacheValue *) v->fields->pdata[f])->name), g_string_append_c (g->items, ',');
  g_string_append_printf (g->items, "\n};\n\n/* 0: a type of this database (enum, composite), whose OID differs between servers */\n"
                                    "static const guint32 %s__oids[] = {", item_fn);
  for (guint f = 0; f < v->fields->len; f++)
    g_string_append_printf (g->items, "%s %u", f ? "," : "", ((MdbCacheValue *) v->fields->pdata[f])->oid);
  g_string_append_printf (g->items, " };\n\nstatic void\n%s__clear (%s *row)\n{\n%s}\n\n"
                                    "static gboolean\n%s__decode_into (const MdbResult *result, int row_index, %s *row, GError **error)\n"
                                    "{\n%s  return TRUE;\n\nfail:\n  return FALSE;\n}\n\n",
                          item_fn, item_c, im.frees->str, item_fn, item_c, im.decode->str);
  g_string_append_printf (m->fields, "  %s *%s;\n", item_c, v->snake_name);
  g_string_append_printf (m->docs, " * @%s: column \"%s\" (%s%s): %s, %%NULL when SQL NULL\n", v->snake_name,
                          v->name, v->type, v->nullable ? ", nullable" : "",
                          array ? "an array of @n_… child rows" : "one child row");
  if (array)
    {
      g_string_append_printf (m->fields, "  guint n_%s;\n", v->snake_name);
      g_string_append_printf (m->docs, " * @n_%s: the number of %s\n", v->snake_name, v->snake_name);
      g_string_append_printf (m->frees, "  for (guint i = 0; row->%s != NULL && i < row->n_%s; i++)\n"
                                        "    %s__clear (&row->%s[i]);\n", v->snake_name, v->snake_name, item_fn,
                              v->snake_name);
    }
  else
    g_string_append_printf (m->frees, "  if (row->%s != NULL)\n    %s__clear (row->%s);\n", v->snake_name,
                            item_fn, v->snake_name);
  g_string_append_printf (m->frees, "  g_clear_pointer (&row->%s, g_free);\n", v->snake_name);
  g_string_append_printf (m->decode, "  %s{\n    g_autoptr(MdbResult) records = mdb_result_dup_records (result, row_index, %u, %s,\n"
                                     "        %s__names, %s__oids, %u, \"%s\", error);\n\n"
                                     "    if (records == NULL)\n      goto fail;\n"
                                     "    %s = (guint) mdb_result_get_n_rows (records);\n"
                                     "    row->%s = g_new0 (%s, %s + 1);\n"
                                     "    for (guint i = 0; i < (guint) mdb_result_get_n_rows (records); i++)\n"
                                     "      if (!%s__decode_into (records, (int) i, &row->%s[i], error))\n"
                                     "        goto fail;\n  }\n",
                          guard, k, array ? "TRUE" : "FALSE", item_fn, item_fn, v->fields->len, item_what,
                          array ? count : "guint n_records", v->snake_name, item_c, count, item_fn, v->snake_name);
  return TRUE;
}

static gboolean
emit_members (Gen *g, const MdbQuery *q, GPtrArray *values, const char *base_c, const char *base_fn,
              const char *what, Members *m, GError **error)
{
  for (guint k = 0; k < values->len; k++)
    {
      const MdbCacheValue *v = g_ptr_array_index (values, k);
      gboolean ok = v->fields != NULL
                    ? emit_child_member (g, q, v, k, base_c, base_fn, what, m, error)
                    : emit_plain_member (g, q, v, k, m, error);

      if (!ok)
        return FALSE;
    }
  return TRUE;
}

static gboolean
emit_row_type (Gen *g, const MdbQuery *q, const MdbCacheEntry *e, GError **error)
{
  g_auto(RowNames) n = { 0 };
  g_auto(Members) m = { NULL, NULL, NULL, NULL };
  g_autofree char *base_c = NULL;
  g_autofree char *base_fn = NULL;
  g_autofree char *what = g_strdup_printf ("query %s", q->name);
  gboolean public;

  row_names (g, q, &n);
  if (g_hash_table_contains (g->rows_done, n.c_name))
    return TRUE;
  if (!check_field_names (q, e, error))
    return FALSE;
  /* Child-row items are named after the row: <Row minus "Row"><Column>Item. */
  base_c = q->row_type != NULL ? g_strdup (n.c_name) : g_strndup (n.c_name, strlen (n.c_name) - 3);
  base_fn = q->row_type != NULL ? g_strdup (n.fn) : g_strndup (n.fn, strlen (n.fn) - 4);
  members_init (&m);
  if (!emit_members (g, q, e->columns, base_c, base_fn, what, &m, error))
    return FALSE;
  g_hash_table_add (g->rows_done, g_strdup (n.c_name));
  public = g_hash_table_contains (g->public_rows, n.c_name);
  g_string_append_printf (decl_header (g, public), "/**\n * %s:\n%s *\n * A row of %s. Free with %s_free().\n */\n"
                                "typedef struct {\n%s} %s;\n\n"
                                "%svoid %s_free (%s *row);\n"
                                "G_DEFINE_AUTOPTR_CLEANUP_FUNC (%s, %s_free)\n\n",
                          n.c_name, m.docs->str, q->row_type ? "the queries naming this row type" : q->name,
                          n.fn, m.fields->str, n.c_name, decl_attr (g, public), n.fn, n.c_name, n.c_name, n.fn);
  g_string_append_printf (g->c, "%s/**\n * %s_free:\n * @row: (nullable) (transfer full): a row\n *\n"
                                " * Frees @row and every value it holds.\n */\nvoid\n%s_free (%s *row)\n{\n"
                                "  if (row == NULL)\n    return;\n%s  g_free (row);\n}\n\n",
                          g->items->str, n.fn, n.fn, n.c_name, m.frees->str);
  g_string_truncate (g->items, 0);
  g_string_append_printf (g->c, "static %s *\n%s__decode (const MdbResult *result, int row_index, GError **error)\n"
                                "{\n  %s *row = g_new0 (%s, 1);\n\n%s  return row;\n\nfail:\n"
                                "  %s_free (row);\n  return NULL;\n}\n\n",
                          n.c_name, n.fn, n.c_name, n.c_name, m.decode->str, n.fn);
  return TRUE;
}

/* ---- enums ------------------------------------------------------------ */

static void
emit_enum (Gen *g, const char *typname, char **labels)
{
  g_autofree char *snake = mdb_name_to_snake (typname);
  g_autofree char *pascal = mdb__codegen_pascal (snake);
  g_autofree char *upper = c_ident_upper (snake);
  g_autofree char *c_name = g_strconcat (g->pascal, pascal, NULL);
  g_autofree char *fn = g_strconcat (g->opt->prefix, "_", snake, NULL);
  guint n = g_strv_length (labels);

  g_string_append_printf (g->h, "/* The SQL enum %s, in label order. */\ntypedef enum {\n", typname);
  for (guint k = 0; k < n; k++)
    {
      g_autofree char *label = c_ident_upper (labels[k]);

      g_string_append_printf (g->h, "  %s_%s_%s,\n", g->upper, upper, label);
    }
  g_string_append_printf (g->h, "} %s;\n\nconst char *%s_to_string (%s value);\n"
                                "gboolean %s_from_string (const char *label, %s *out, GError **error);\n\n",
                          c_name, fn, c_name, fn, c_name);
  g_string_append_printf (g->c, "static const char *const %s__labels[] = {", fn);
  for (guint k = 0; k < n; k++)
    {
      append_c_string (g->c, labels[k]);
      g_string_append_c (g->c, ',');
    }
  g_string_append_printf (g->c, "\n};\n\n/**\n * %s_to_string:\n * @value: a %s\n *\n"
                                " * Returns: (transfer none) (nullable): the SQL label of @value, or %%NULL\n"
                                " *   when @value is out of range\n */\nconst char *\n%s_to_string (%s value)\n{\n"
                                "  if ((guint) value >= G_N_ELEMENTS (%s__labels))\n    return NULL;\n"
                                "  return %s__labels[value];\n}\n\n",
                          fn, c_name, fn, c_name, fn, fn);
  g_string_append_printf (g->c, "/**\n * %s_from_string:\n * @label: an SQL label of %s\n"
                                " * @out: (out): the value\n * @error: return location for a #GError\n *\n"
                                " * Returns: %%TRUE, or %%FALSE with MDB_ERROR_DECODE for an unknown label\n */\n"
                                "gboolean\n%s_from_string (const char *label, %s *out, GError **error)\n{\n"
                                "  for (guint k = 0; k < G_N_ELEMENTS (%s__labels); k++)\n"
                                "    if (g_strcmp0 (label, %s__labels[k]) == 0)\n"
                                "      {\n        *out = (%s) k;\n        return TRUE;\n      }\n"
                                "  g_set_error (error, MDB_ERROR, MDB_ERROR_DECODE, \"unknown %s label \\\"%%s\\\"\", label);\n"
                                "  return FALSE;\n}\n\n",
                          fn, typname, fn, c_name, fn, fn, c_name, typname);
}

/* ---- functions --------------------------------------------------------- */

static const char *
fail_value (MdbQueryKind kind)
{
  switch (kind)
    {
    case MDB_QUERY_EXEC:
    case MDB_QUERY_BATCH:
      return "FALSE";
    case MDB_QUERY_EXECROWS:
    case MDB_QUERY_COPY:
      return "-1";
    default:
      return "NULL";
    }
}

static gboolean
param_name_ok (const MdbQuery *q, const char *name, GError **error)
{
  static const char *const reserved[] = {
    "executor", "error", "n_items", "params", "result", "row", "rows", "label",
  };

  for (guint k = 0; k < G_N_ELEMENTS (reserved); k++)
    if (g_str_equal (name, reserved[k]))
      return gen_fail (error, "%s:%u: query \"%s\": parameter name \"%s\" is reserved in generated C; "
                       "rename it", q->path, q->line, q->name, name);
  if (mdb__c_is_keyword (name))
    return gen_fail (error, "%s:%u: query \"%s\": parameter name \"%s\" is reserved in generated C; "
                     "rename it", q->path, q->line, q->name, name);
  return TRUE;
}

/* Parameter declarations: one value each (or arrays of them with @batch). */
static void
append_param_decls (GString *out, const MdbQuery *q, const CType *types, gboolean arrays)
{
  for (guint k = 0; k < q->params->len; k++)
    {
      const MdbQueryParam *p = g_ptr_array_index (q->params, k);
      const char *in = types[k].in_type;

      g_string_append_printf (out, ",\n    %s%s%s%s", in, g_str_has_suffix (in, "*") ? "" : " ",
                              arrays ? (g_str_has_suffix (in, "*") ? "const *" : "const *") : "", p->name);
      if (p->nullable && !is_pointer (types[k].cat))
        g_string_append_printf (out, ",\n    %sgboolean %s%s_is_null", arrays ? "const " : "",
                                arrays ? "*" : "", p->name);
    }
}

/* Before anything is built: int2[] elements must fit, enum[] elements
 * must be values of their enum. */
static void
emit_array_param_check (Gen *g, const MdbQuery *q, const MdbQueryParam *p, const CType *t)
{
  if (t->cat != CAT_ARRAY)
    return;
  if (t->enum_c != NULL)
    g_string_append_printf (g->c, "  for (guint i__ = 0; %s != NULL && i__ < %s->len; i__++)\n"
                                  "    if (%s_to_string (g_array_index (%s, %s, i__)) == NULL)\n"
                                  "      return %s__bad_enum (\"%s\", \"%s\", error);\n",
                            p->name, p->name, t->enum_fn, p->name, t->enum_c, g->opt->prefix, q->name, p->name);
  else if (g_str_equal (t->adder, "__add_int2_array"))
    g_string_append_printf (g->c, "  if (%s != NULL && !%s__int2_fits (%s, \"%s\", \"%s\", error))\n    return NULL;\n",
                            p->name, g->opt->prefix, p->name, q->name, p->name);
}

static void
emit_array_param_add (Gen *g, const MdbQueryParam *p, const CType *t)
{
  GString *c = g->c;

  if (t->enum_c != NULL)
    g_string_append_printf (c, "  {\n    g_autofree const char **labels__ = g_new (const char *, %s->len + 1);\n\n"
                               "    for (guint i__ = 0; i__ < %s->len; i__++)\n"
                               "      labels__[i__] = %s_to_string (g_array_index (%s, %s, i__));\n"
                               "    mdb_params_add_enum_labels (params, labels__, %s->len);\n  }\n",
                            p->name, p->name, t->enum_fn, p->name, t->enum_c, p->name);
  else if (g_str_has_prefix (t->adder, "__"))
    g_string_append_printf (c, "  %s%s (params, %s);\n", g->opt->prefix, t->adder, p->name);
  else
    g_string_append_printf (c, "  %s (params, (const %s *) (gpointer) %s->data, NULL, %s->len);\n",
                            t->adder, t->elem_type, p->name, p->name);
}

static void
emit_param_builder (Gen *g, const MdbQuery *q, const MdbCacheEntry *e, const CType *types)
{
  GString *c = g->c;

  g_string_append_printf (c, "static MdbParams *\n%s_%s__params (GError **error", g->opt->prefix, q->name);
  append_param_decls (c, q, types, FALSE);
  g_string_append (c, ")\n{\n  MdbParams *params;\n\n");
  for (guint k = 0; k < q->params->len; k++)
    {
      const MdbQueryParam *p = g_ptr_array_index (q->params, k);

      if (is_pointer (types[k].cat) && !p->nullable)
        g_string_append_printf (c, "  if (%s == NULL)\n    return %s__null_param (\"%s\", \"%s\", error);\n",
                                p->name, g->opt->prefix, q->name, p->name);
      emit_array_param_check (g, q, p, &types[k]);
      if (types[k].cat == CAT_ENUM)
        {
          g_autofree char *guard = p->nullable ? g_strdup_printf ("!%s_is_null && ", p->name) : g_strdup ("");

          g_string_append_printf (c, "  if (%s%s_to_string (%s) == NULL)\n"
                                     "    return %s__bad_enum (\"%s\", \"%s\", error);\n",
                                  guard, types[k].enum_fn, p->name, g->opt->prefix, q->name, p->name);
        }
    }
  g_string_append (c, "  params = mdb_params_new ();\n");
  for (guint k = 0; k < q->params->len; k++)
    {
      const MdbQueryParam *p = g_ptr_array_index (q->params, k);
      const MdbCacheValue *v = g_ptr_array_index (e->params, k);
      const CType *t = &types[k];

      if (p->nullable && (!is_pointer (t->cat) || t->cat == CAT_ARRAY))
        g_string_append_printf (c, "  if (%s%s)\n    mdb_params_add_null (params, %u);\n  else\n  ", p->name,
                                t->cat == CAT_ARRAY ? " == NULL" : "_is_null", t->cat == CAT_ENUM ? 0 : v->oid);
      if (t->cat == CAT_ENUM)
        g_string_append_printf (c, "  mdb_params_add_enum (params, %s_to_string (%s));\n", t->enum_fn, p->name);
      else if (t->cat == CAT_ARRAY)
        emit_array_param_add (g, p, t);
      else if (t->cat == CAT_STRV)
        g_string_append_printf (c, "  %s (params, %s, -1);\n", t->adder, p->name);
      else
        g_string_append_printf (c, "  %s (params, %s%s);\n", t->adder, t->cast, p->name);
    }
  g_string_append (c, "  return params;\n}\n\n");
}

static void
emit_doc (Gen *g, const MdbQuery *q, const MdbCacheEntry *e, const CType *types, const RowNames *rn)
{
  GString *c = g->c;
  g_autofree char *base = g_path_get_basename (q->path);
  g_autofree char *doc = doc_safe (q->doc != NULL ? q->doc : "Runs the query of the same name.");
  gboolean arrays = q->kind == MDB_QUERY_BATCH || q->kind == MDB_QUERY_COPY;

  g_string_append_printf (c, "/**\n * %s_%s:\n * @executor: a pool or a connection (MDB_EXECUTOR())\n",
                          g->opt->prefix, q->name);
  for (guint k = 0; k < q->params->len; k++)
    {
      const MdbQueryParam *p = g_ptr_array_index (q->params, k);
      const MdbCacheValue *v = g_ptr_array_index (e->params, k);

      g_autofree char *elements = types[k].cat == CAT_ARRAY
                                  ? g_strdup_printf (", a GArray of %s", types[k].elem_type) : g_strdup ("");

      g_string_append_printf (c, " * @%s: %s:%s%s (%s%s)%s\n", p->name,
                              arrays ? "(array length=n_items) one value per item of " : "",
                              p->name, p->nullable ? "?" : "", v->type, elements,
                              p->nullable && is_pointer (types[k].cat) ? ", %NULL binds SQL NULL" : "");
      if (p->nullable && !is_pointer (types[k].cat))
        g_string_append_printf (c, " * @%s_is_null: %s\n", p->name,
                                arrays ? "(nullable): per item, TRUE binds SQL NULL (%NULL: none is NULL)"
                                       : "TRUE binds SQL NULL instead of the value");
    }
  if (arrays)
    g_string_append (c, " * @n_items: the number of items in each array\n");
  g_string_append_printf (c, " * @error: return location for a #GError\n *\n * %s\n *\n"
                             " * Query `%s` (:%s) of %s:%u.\n *\n"
                             " * Errors: MDB_ERROR_INVALID_INPUT when a parameter not marked nullable is\n"
                             " * %%NULL (nothing is sent); MDB_ERROR_DECODE when the result does not match\n"
                             " * the offline cache; the server's errors (MDB_ERROR_SERVER,\n"
                             " * MDB_ERROR_UNIQUE_VIOLATION, …) and MDB_ERROR_CONNECT.\n *\n",
                          doc, q->name, mdb__query_kind_to_string (q->kind), base, q->line);
  switch (q->kind)
    {
    case MDB_QUERY_ONE:
      g_string_append_printf (c, " * Returns: (transfer full): the first row (free with %s_free()), or %%NULL\n"
                                 " *   with @error set; MDB_ERROR_NOT_FOUND when no row matched\n", rn->fn);
      break;
    case MDB_QUERY_OPT:
      g_string_append_printf (c, " * Returns: (transfer full) (nullable): the row (free with %s_free()), or\n"
                                 " *   %%NULL: with @error set on failure, without when no row matched\n", rn->fn);
      break;
    case MDB_QUERY_MANY:
      g_string_append_printf (c, " * Returns: (transfer full) (element-type %s): the rows, possibly none,\n"
                                 " *   in an array that frees them; %%NULL with @error set on failure\n", rn->c_name);
      break;
    case MDB_QUERY_EXEC:
      g_string_append (c, " * Returns: %TRUE, or %FALSE with @error set\n");
      break;
    case MDB_QUERY_EXECROWS:
      g_string_append (c, " * Returns: the number of rows changed, or -1 with @error set\n");
      break;
    case MDB_QUERY_BATCH:
      g_string_append (c, " * Runs the statement once per item in one pipeline and one transaction:\n"
                          " * all items take effect or none; the error names the failing item.\n *\n"
                          " * Returns: %TRUE, or %FALSE with @error set\n");
      break;
    case MDB_QUERY_COPY:
      g_string_append (c, " * Streams the items with COPY FROM STDIN (binary); on failure nothing is\n"
                          " * stored.\n *\n * Returns: the number of rows stored, or -1 with @error set\n");
      break;
    }
  g_string_append (c, " *\n * Since: 0.1\n */\n");
}

static char *
signature (Gen *g, const MdbQuery *q, const CType *types, const RowNames *rn)
{
  GString *s = g_string_new (NULL);
  gboolean arrays = q->kind == MDB_QUERY_BATCH || q->kind == MDB_QUERY_COPY;

  switch (q->kind)
    {
    case MDB_QUERY_ONE:
    case MDB_QUERY_OPT:
      g_string_append_printf (s, "%s *\n", rn->c_name);
      break;
    case MDB_QUERY_MANY:
      g_string_append (s, "GPtrArray *\n");
      break;
    case MDB_QUERY_EXEC:
    case MDB_QUERY_BATCH:
      g_string_append (s, "gboolean\n");
      break;
    default:
      g_string_append (s, "gint64\n");
    }
  g_string_append_printf (s, "%s_%s (MdbExecutor *executor", g->opt->prefix, q->name);
  append_param_decls (s, q, types, arrays);
  g_string_append_printf (s, "%s,\n    GError **error)", arrays ? ",\n    guint n_items" : "");
  return g_string_free (s, FALSE);
}

/* "a, b, b_is_null" for the __params call; @item indexes arrays. */
static char *
call_args (const MdbQuery *q, const CType *types, const char *item)
{
  GString *s = g_string_new ("error");

  for (guint k = 0; k < q->params->len; k++)
    {
      const MdbQueryParam *p = g_ptr_array_index (q->params, k);

      g_string_append_printf (s, ", %s%s", p->name, item);
      if (p->nullable && !is_pointer (types[k].cat))
        {
          if (*item != '\0')
            g_string_append_printf (s, ", %s_is_null != NULL && %s_is_null%s", p->name, p->name, item);
          else
            g_string_append_printf (s, ", %s_is_null", p->name);
        }
    }
  return g_string_free (s, FALSE);
}

static void
emit_body_rows (Gen *g, const MdbQuery *q, const RowNames *rn, guint n_columns)
{
  GString *c = g->c;
  const char *fn = g->opt->prefix;

  g_string_append_printf (c, "  result = mdb_exec (executor, %s_%s__sql, params, error);\n"
                             "  /* The cache promised these columns; a schema change since mdb prepare breaks that. */\n"
                             "  if (result == NULL\n"
                             "      || !mdb_result_check_shape (result, %s_%s__oids, %u, \"%s\", error))\n"
                             "    return NULL;\n", fn, q->name, fn, q->name, n_columns, q->name);
  if (q->kind == MDB_QUERY_MANY)
    {
      g_string_append_printf (c, "  rows = g_ptr_array_new_full ((guint) mdb_result_get_n_rows (result),\n"
                                 "                               (GDestroyNotify) %s_free);\n"
                                 "  for (int i = 0; i < mdb_result_get_n_rows (result); i++)\n    {\n"
                                 "      %s *row = %s__decode (result, i, error);\n\n"
                                 "      if (row == NULL)\n        {\n          g_ptr_array_unref (rows);\n"
                                 "          return NULL;\n        }\n      g_ptr_array_add (rows, row);\n    }\n"
                                 "  return rows;\n", rn->fn, rn->c_name, rn->fn);
      return;
    }
  g_string_append (c, "  if (mdb_result_get_n_rows (result) == 0)\n");
  if (q->kind == MDB_QUERY_ONE)
    g_string_append_printf (c, "    {\n      g_set_error (error, MDB_ERROR, MDB_ERROR_NOT_FOUND, "
                               "\"query %s: no row matched\");\n      return NULL;\n    }\n", q->name);
  else
    g_string_append (c, "    return NULL;\n");
  g_string_append_printf (c, "  return %s__decode (result, 0, error);\n", rn->fn);
}

static void
emit_body_items (Gen *g, const MdbQuery *q, const CType *types)
{
  GString *c = g->c;
  const char *fn = g->opt->prefix;
  g_autofree char *args = call_args (q, types, "[i]");

  for (guint k = 0; k < q->params->len; k++)
    g_string_append_printf (c, "  g_return_val_if_fail (n_items == 0 || %s != NULL, %s);\n",
                            ((MdbQueryParam *) q->params->pdata[k])->name, fail_value (q->kind));
  if (q->kind == MDB_QUERY_BATCH)
    {
      g_string_append_printf (c, "  if (n_items == 0)\n    return TRUE;\n"
                                 "  sqls = g_new (const char *, n_items);\n"
                                 "  for (guint i = 0; i < n_items; i++)\n    {\n"
                                 "      MdbParams *item = %s_%s__params (%s);\n\n"
                                 "      if (item == NULL)\n        {\n"
                                 "          g_prefix_error (error, \"item %%u: \", i);\n          return FALSE;\n        }\n"
                                 "      g_ptr_array_add (list, item);\n      sqls[i] = %s_%s__sql;\n    }\n"
                                 "  results = mdb_exec_pipeline (executor, n_items, sqls, (MdbParams *const *) list->pdata, error);\n"
                                 "  return results != NULL;\n", fn, q->name, args, fn, q->name);
      return;
    }
  g_string_append_printf (c, "  copy = mdb_copy_begin (executor, \"%s\", %s_%s__columns, %u, error);\n"
                             "  if (copy == NULL)\n    return -1;\n"
                             "  for (guint i = 0; i < n_items; i++)\n    {\n"
                             "      g_autoptr(MdbParams) item = %s_%s__params (%s);\n\n"
                             "      if (item == NULL)\n        g_prefix_error (error, \"item %%u: \", i);\n"
                             "      if (item == NULL || !mdb_copy_add_row (copy, item, error))\n        {\n"
                             "          mdb_copy_abort (copy);\n          return -1;\n        }\n    }\n"
                             "  return mdb_copy_end (copy, error);\n",
                          q->copy_table, fn, q->name, q->copy_columns->len, fn, q->name, args);
}

static void
emit_statics (Gen *g, const MdbQuery *q, const MdbCacheEntry *e)
{
  GString *c = g->c;

  if (q->kind != MDB_QUERY_COPY)
    {
      g_string_append_printf (c, "static const char %s_%s__sql[] =", g->opt->prefix, q->name);
      append_c_string (c, q->sql);
      g_string_append (c, ";\n\n");
    }
  if (e->columns->len > 0 && (q->kind == MDB_QUERY_ONE || q->kind == MDB_QUERY_OPT || q->kind == MDB_QUERY_MANY))
    {
      /* 0: a type of this database (enum), whose OID differs between servers */
      g_string_append_printf (c, "static const guint32 %s_%s__oids[] = {", g->opt->prefix, q->name);
      for (guint k = 0; k < e->columns->len; k++)
        {
          const MdbCacheValue *v = g_ptr_array_index (e->columns, k);

          g_string_append_printf (c, "%s %u", k ? "," : "", v->oid >= 16384 ? 0 : v->oid);
        }
      g_string_append (c, " };\n\n");
    }
  if (q->kind == MDB_QUERY_COPY)
    {
      g_string_append_printf (c, "static const char *const %s_%s__columns[] = {", g->opt->prefix, q->name);
      for (guint k = 0; k < q->copy_columns->len; k++)
        {
          append_c_string (c, q->copy_columns->pdata[k]);
          g_string_append_c (c, ',');
        }
      g_string_append (c, "\n  NULL,\n};\n\n");
    }
}

static gboolean
emit_query (Gen *g, const MdbQuery *q, const MdbCacheEntry *e, GError **error)
{
  g_autofree CType *types = g_new0 (CType, q->params->len + 1);
  g_auto(RowNames) rn = { 0 };
  g_autofree char *sig = NULL;
  g_autofree char *args = NULL;
  gboolean rows = q->kind == MDB_QUERY_ONE || q->kind == MDB_QUERY_OPT || q->kind == MDB_QUERY_MANY;
  gboolean ok = TRUE;

  if (rows && e->columns->len == 0)
    return gen_fail (error, "%s:%u: query \"%s\" is :%s but returns no columns; use :exec or :execrows, "
                     "or add RETURNING", q->path, q->line, q->name, mdb__query_kind_to_string (q->kind));
  if (e->params->len != q->params->len)
    return gen_fail (error, "%s:%u: query \"%s\": the cache entry does not match the query; run: mdb prepare %s",
                     q->path, q->line, q->name, g->opt->lib_dir);
  for (guint k = 0; ok && k < q->params->len; k++)
    ok = param_name_ok (q, ((MdbQueryParam *) q->params->pdata[k])->name, error)
         && resolve_type (g, q, e->params->pdata[k], TRUE, &types[k], error);
  row_names (g, q, &rn);
  if (ok)
    {
      emit_statics (g, q, e);
      ok = !rows || emit_row_type (g, q, e, error);
    }
  if (ok)
    {
      emit_param_builder (g, q, e, types);
      sig = signature (g, q, types, &rn);
      args = call_args (q, types, "");
      g_string_append_printf (decl_header (g, q->export == MDB_QUERY_EXPORT_FUNCTION), "%s%s;\n\n",
                              decl_attr (g, q->export == MDB_QUERY_EXPORT_FUNCTION), sig);
      emit_doc (g, q, e, types, &rn);
      g_string_append_printf (g->c, "%s\n{\n", sig);
      if (q->kind == MDB_QUERY_BATCH)
        g_string_append (g->c, "  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) mdb_params_free);\n"
                               "  g_autofree const char **sqls = NULL;\n  g_autoptr(GPtrArray) results = NULL;\n\n");
      else if (q->kind == MDB_QUERY_COPY)
        g_string_append (g->c, "  MdbCopy *copy;\n\n");
      else
        g_string_append_printf (g->c, "  g_autoptr(MdbParams) params = NULL;\n  g_autoptr(MdbResult) result = NULL;\n%s\n",
                                q->kind == MDB_QUERY_MANY ? "  GPtrArray *rows;\n" : "");
      g_string_append_printf (g->c, "  g_return_val_if_fail (executor != NULL, %s);\n"
                                    "  g_return_val_if_fail (error == NULL || *error == NULL, %s);\n",
                              fail_value (q->kind), fail_value (q->kind));
      if (q->kind == MDB_QUERY_BATCH || q->kind == MDB_QUERY_COPY)
        emit_body_items (g, q, types);
      else
        {
          g_string_append_printf (g->c, "  params = %s_%s__params (%s);\n  if (params == NULL)\n    return %s;\n",
                                  g->opt->prefix, q->name, args, fail_value (q->kind));
          if (rows)
            emit_body_rows (g, q, &rn, e->columns->len);
          else
            g_string_append_printf (g->c, "  result = mdb_exec (executor, %s_%s__sql, params, error);\n"
                                          "  return %s;\n", g->opt->prefix, q->name,
                                    q->kind == MDB_QUERY_EXEC ? "result != NULL"
                                    : "result != NULL ? mdb_result_get_affected_rows (result) : -1");
        }
      g_string_append (g->c, "}\n\n");
    }
  for (guint k = 0; k < q->params->len; k++)
    ctype_clear (&types[k]);
  return ok;
}

/* int2[] and float4[] parameters come as the GArray types results use
 * (gint32, gdouble) and are narrowed for the wire; an int2 that does not
 * fit is refused before anything is sent. */
static void
emit_array_helpers (Gen *g)
{
  const char *fn = g->opt->prefix;

  g_string_append_printf (g->c,
    "static gboolean G_GNUC_UNUSED\n%s__int2_fits (const GArray *values, const char *query, const char *param, GError **error)\n{\n"
    "  for (guint i = 0; i < values->len; i++)\n"
    "    if (g_array_index (values, gint32, i) < G_MININT16 || g_array_index (values, gint32, i) > G_MAXINT16)\n"
    "      {\n        g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,\n"
    "                     \"query %%s: parameter %%s: element %%u (%%d) is out of range for int2\",\n"
    "                     query, param, i, g_array_index (values, gint32, i));\n        return FALSE;\n      }\n"
    "  return TRUE;\n}\n\n"
    "static void G_GNUC_UNUSED\n%s__add_int2_array (MdbParams *params, const GArray *values)\n{\n"
    "  g_autofree gint16 *narrow = g_new (gint16, values->len + 1);\n\n"
    "  for (guint i = 0; i < values->len; i++)\n    narrow[i] = (gint16) g_array_index (values, gint32, i);\n"
    "  mdb_params_add_int2_array (params, narrow, NULL, values->len);\n}\n\n"
    "static void G_GNUC_UNUSED\n%s__add_float4_array (MdbParams *params, const GArray *values)\n{\n"
    "  g_autofree gfloat *narrow = g_new (gfloat, values->len + 1);\n\n"
    "  for (guint i = 0; i < values->len; i++)\n    narrow[i] = (gfloat) g_array_index (values, gdouble, i);\n"
    "  mdb_params_add_float4_array (params, narrow, NULL, values->len);\n}\n\n", fn, fn, fn);
}

static void
emit_helpers (Gen *g)
{
  const char *fn = g->opt->prefix;

  g_string_append_printf (g->c,
    "static gpointer G_GNUC_UNUSED\n%s__null_param (const char *query, const char *param, GError **error)\n{\n"
    "  g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,\n"
    "               \"query %%s: parameter %%s must not be NULL (write :%%s? in the query to allow NULL)\",\n"
    "               query, param, param);\n  return NULL;\n}\n\n"
    "static gpointer G_GNUC_UNUSED\n%s__bad_enum (const char *query, const char *param, GError **error)\n{\n"
    "  g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,\n"
    "               \"query %%s: parameter %%s is not a value of its enum\", query, param);\n  return NULL;\n}\n\n",
    fn, fn);
  emit_array_helpers (g);
}

/* Same names, types and nullability, child-row fields included (@what:
 * "column" or "field"). */
static gboolean
same_values (GPtrArray *a, GPtrArray *b, const char *what, char **why)
{
  if (a->len != b->len)
    {
      *why = g_strdup_printf ("%u %ss against %u", b->len, what, a->len);
      return FALSE;
    }
  for (guint k = 0; k < a->len; k++)
    {
      const MdbCacheValue *x = a->pdata[k], *y = b->pdata[k];

      if (!g_str_equal (x->snake_name, y->snake_name) || x->oid != y->oid || x->nullable != y->nullable
          || g_strcmp0 (x->type, y->type) != 0 || (x->fields == NULL) != (y->fields == NULL))
        {
          *why = g_strdup_printf ("%s %u is %s %s%s here, %s %s%s there", what, k + 1, y->snake_name, y->type,
                                  y->nullable ? " (nullable)" : "", x->snake_name, x->type,
                                  x->nullable ? " (nullable)" : "");
          return FALSE;
        }
      if (x->fields != NULL && !same_values (x->fields, y->fields, "field", why))
        return FALSE;
    }
  return TRUE;
}

static gboolean
same_columns (const MdbCacheEntry *a, const MdbCacheEntry *b, char **why)
{
  return same_values (a->columns, b->columns, "column", why);
}

gboolean
mdb__codegen_check_row_types (GPtrArray *queries, GPtrArray *entries, GError **error)
{
  for (guint k = 0; k < queries->len; k++)
    {
      const MdbQuery *q = queries->pdata[k];

      for (guint j = 0; q->row_type != NULL && j < k; j++)
        {
          const MdbQuery *first = queries->pdata[j];
          g_autofree char *why = NULL;

          if (g_strcmp0 (first->row_type, q->row_type) == 0
              && !same_columns (entries->pdata[j], entries->pdata[k], &why))
            return gen_fail (error, "%s:%u: query \"%s\" shares row type %s with query \"%s\" (%s:%u) "
                             "but its columns differ: %s", q->path, q->line, q->name, q->row_type,
                             first->name, first->path, first->line, why);
          if (g_strcmp0 (first->row_type, q->row_type) == 0)
            break;
        }
    }
  return TRUE;
}

static GPtrArray *
lookup_entries (const MdbCodegenOptions *opt, GPtrArray *queries, GHashTable *cache, GError **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();

  for (guint k = 0; k < queries->len; k++)
    {
      const MdbQuery *q = queries->pdata[k];
      MdbCacheEntry *e = g_hash_table_lookup (cache, q->hash);

      if (e == NULL || g_strcmp0 (e->query, q->sql) != 0)
        {
          gen_fail (error, "%s:%u: query \"%s\" is not in the offline cache (.mdb-cache); run: mdb prepare %s",
                    q->path, q->line, q->name, opt->lib_dir);
          return NULL;
        }
      g_ptr_array_add (entries, e);
    }
  return g_steal_pointer (&entries);
}

static char *
assemble_header (Gen *g, GString *enums_h)
{
  return g_strdup_printf (
    "/* SPDX-License-Identifier: MIT */\n"
    "/* %s: generated by mdb codegen from the %s queries; do not edit. */\n"
    "#pragma once\n#include <mdb/mdb.h>\n\nG_BEGIN_DECLS\n\n"
    "/* Conventions of generated code (docs/queries.md):\n"
    " * - pointer fields and parameters (char *, GBytes *, char **, GArray *) use\n"
    " *   NULL for SQL NULL;\n"
    " * - a nullable field of a value type (gboolean, gint32, gint64, gdouble,\n"
    " *   timestamps, enums) has a companion `gboolean <field>_is_null`, and a\n"
    " *   nullable value parameter a companion `gboolean <param>_is_null`;\n"
    " * - timestamps, timestamptz and dates are gint64 microseconds since the\n"
    " *   Unix epoch, UTC;\n"
    " * - row structs are not ABI-frozen: rebuild callers when the queries change.\n"
    " */\n\n%s%s"
    "G_END_DECLS\n", g->opt->header_name, g->opt->prefix, enums_h->str, g->h->str);
}

/* Row types made public: those of exported queries (`export`, `export-row`). */
static GHashTable *
collect_public_rows (Gen *g, GPtrArray *queries)
{
  GHashTable *rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint k = 0; k < queries->len; k++)
    {
      const MdbQuery *q = queries->pdata[k];
      g_auto(RowNames) n = { 0 };

      if (q->export == MDB_QUERY_EXPORT_NONE)
        continue;
      row_names (g, q, &n);
      g_hash_table_add (rows, g_steal_pointer (&n.c_name));
    }
  return rows;
}

static char *
assemble_private_header (Gen *g)
{
  return g_strdup_printf (
    "/* SPDX-License-Identifier: MIT */\n"
    "/* %s: generated by mdb codegen from the %s queries; do not edit.\n"
    " * The queries the library keeps to itself (no `export` on their -- name:\n"
    " * line): hidden in the shared library, never installed. */\n"
    "#pragma once\n#include \"%s\"\n\nG_BEGIN_DECLS\n\n%s"
    "G_END_DECLS\n", g->opt->private_header_name, g->opt->prefix, g->opt->header_name, g->ph->str);
}

/**
 * mdb__codegen_run_split:
 * @private_header: (out) (optional): with opt->private_header_name set, the
 *   header of what the library keeps internal; else %NULL
 *
 * mdb__codegen_run() with the public layer split off: see MdbCodegenOptions.
 */
gboolean
mdb__codegen_run_split (const MdbCodegenOptions *opt, GPtrArray *queries, GHashTable *cache,
                        char **header, char **private_header, char **source, GError **error)
{
  g_autoptr(GPtrArray) entries = lookup_entries (opt, queries, cache, error);
  g_autoptr(GString) h = g_string_new (NULL);
  g_autoptr(GString) c = g_string_new (NULL);
  g_autoptr(GString) ph = g_string_new (NULL);
  g_autoptr(GString) enums_h = g_string_new (NULL);
  g_autoptr(GString) enums_c = g_string_new (NULL);
  g_autoptr(GHashTable) enums = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) enum_order = g_ptr_array_new ();
  g_autoptr(GHashTable) rows_done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) public_rows = NULL;
  g_autofree char *pascal = mdb__codegen_pascal (opt->prefix);
  g_autofree char *upper = c_ident_upper (opt->prefix);
  g_autoptr(GString) items = g_string_new (NULL);
  Gen g = { opt, pascal, upper, enums, enum_order, rows_done, h, c, items,
            opt->private_header_name != NULL ? ph : NULL, NULL };

  if (entries == NULL || !mdb__codegen_check_row_types (queries, entries, error))
    return FALSE;
  g.public_rows = public_rows = collect_public_rows (&g, queries);
  for (guint k = 0; k < queries->len; k++)
    if (!emit_query (&g, queries->pdata[k], entries->pdata[k], error))
      return FALSE;
  g.h = enums_h;
  g.c = enums_c;
  for (guint k = 0; k < enum_order->len; k++)
    emit_enum (&g, enum_order->pdata[k], g_hash_table_lookup (enums, enum_order->pdata[k]));
  g.h = h;
  g.c = g_string_new (NULL);
  emit_helpers (&g);
  *header = assemble_header (&g, enums_h);
  if (private_header != NULL)
    *private_header = g.ph != NULL ? assemble_private_header (&g) : NULL;
  *source = g_strdup_printf ("/* SPDX-License-Identifier: MIT */\n"
                             "/* generated by mdb codegen from the %s queries; do not edit. */\n"
                             "#include \"%s\"\n\n%s%s%s", opt->prefix,
                             g.ph != NULL ? opt->private_header_name : opt->header_name,
                             g.c->str, enums_c->str, c->str);
  g_string_free (g.c, TRUE);
  return TRUE;
}

gboolean
mdb__codegen_run (const MdbCodegenOptions *opt, GPtrArray *queries, GHashTable *cache,
                  char **header, char **source, GError **error)
{
  return mdb__codegen_run_split (opt, queries, cache, header, NULL, source, error);
}
