/* SPDX-License-Identifier: MIT */
/* codegen.c: writes a library's typed C (row structs, enums, one function per query). */
#include <stdarg.h>
#include <string.h>
#include "codegen.h"
#include "c-ident.h"

typedef enum {
  CAT_STRING, CAT_BYTES, CAT_STRV, CAT_ARRAY,   /* fields: NULL (MdbBytes: data NULL) is SQL NULL */
  CAT_UUID,                                     /* parameter: const char *; field: MdbUuid */
  CAT_BOOL, CAT_INT32, CAT_INT64, CAT_DOUBLE, CAT_TIME, CAT_ENUM,
} Cat;

/* How one SQL type maps to C. */
typedef struct {
  Cat         cat;
  const char *field_type;   /* in row structs */
  const char *in_type;      /* as a parameter */
  const char *field_kind;   /* MdbFieldKind of the row field */
  const char *oid_name;     /* "MDB_OID_TEXT"; "0" for a type of the database (enums) */
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
  GHashTable *lists_done;   /* row structs whose …List type is written */
  char       *prepare;      /* "mdb prepare libs/x", escaped for a C string */
  gboolean    need_null_param, need_bad_enum;   /* helpers the functions call */
  gboolean    need_int2_array, need_float4_array;
  GString    *h, *c;
  GString    *ph;           /* the private header; NULL: everything is public */
  GHashTable *public_rows;  /* row struct names that exported queries make public */
  gboolean    row_public;   /* the row struct being written is public (its child items too) */
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

  /* @error may be NULL (a caller that only wants the verdict). */
  va_start (args, fmt);
  g_propagate_error (error, g_error_new_valist (MDB_ERROR, MDB_ERROR_INVALID_INPUT, fmt, args));
  va_end (args);
  return FALSE;
}

/* ---- type mapping --------------------------------------------------- */

typedef struct {
  guint32     oid;
  const char *oid_name;
  Cat         cat;
  const char *field_kind, *adder, *cast, *elem;
} TypeRow;

static const TypeRow type_table[] = {
  { MDB_OID_TEXT, "MDB_OID_TEXT", CAT_STRING, "MDB_FIELD_STRING", "mdb_params_add_text", "", NULL },
  { MDB_OID_VARCHAR, "MDB_OID_VARCHAR", CAT_STRING, "MDB_FIELD_STRING", "mdb_params_add_text", "", NULL },
  { MDB_OID_BPCHAR, "MDB_OID_BPCHAR", CAT_STRING, "MDB_FIELD_STRING", "mdb_params_add_text", "", NULL },
  { MDB_OID_NAME, "MDB_OID_NAME", CAT_STRING, "MDB_FIELD_STRING", "mdb_params_add_text", "", NULL },
  { MDB_OID_UUID, "MDB_OID_UUID", CAT_UUID, "MDB_FIELD_UUID", "mdb_params_add_uuid", "", NULL },
  { MDB_OID_NUMERIC, "MDB_OID_NUMERIC", CAT_STRING, "MDB_FIELD_TEXT_COPY", "mdb_params_add_numeric", "", NULL },
  { MDB_OID_JSON, "MDB_OID_JSON", CAT_STRING, "MDB_FIELD_STRING", "mdb_params_add_json", "", NULL },
  { MDB_OID_JSONB, "MDB_OID_JSONB", CAT_STRING, "MDB_FIELD_STRING", "mdb_params_add_jsonb", "", NULL },
  { MDB_OID_BYTEA, "MDB_OID_BYTEA", CAT_BYTES, "MDB_FIELD_BYTES", "mdb_params_add_bytea", "", NULL },
  { MDB_OID_BOOL, "MDB_OID_BOOL", CAT_BOOL, "MDB_FIELD_BOOL", "mdb_params_add_bool", "", NULL },
  { MDB_OID_INT2, "MDB_OID_INT2", CAT_INT32, "MDB_FIELD_INT32", "mdb_params_add_int2", "(gint16) ", NULL },
  { MDB_OID_INT4, "MDB_OID_INT4", CAT_INT32, "MDB_FIELD_INT32", "mdb_params_add_int4", "", NULL },
  { MDB_OID_INT8, "MDB_OID_INT8", CAT_INT64, "MDB_FIELD_INT64", "mdb_params_add_int8", "", NULL },
  { MDB_OID_FLOAT4, "MDB_OID_FLOAT4", CAT_DOUBLE, "MDB_FIELD_DOUBLE", "mdb_params_add_float4", "(gfloat) ", NULL },
  { MDB_OID_FLOAT8, "MDB_OID_FLOAT8", CAT_DOUBLE, "MDB_FIELD_DOUBLE", "mdb_params_add_float8", "", NULL },
  { MDB_OID_TIMESTAMP, "MDB_OID_TIMESTAMP", CAT_TIME, "MDB_FIELD_TIMESTAMP", "mdb_params_add_timestamp", "", NULL },
  { MDB_OID_TIMESTAMPTZ, "MDB_OID_TIMESTAMPTZ", CAT_TIME, "MDB_FIELD_TIMESTAMP", "mdb_params_add_timestamptz", "", NULL },
  { MDB_OID_DATE, "MDB_OID_DATE", CAT_TIME, "MDB_FIELD_TIMESTAMP", "mdb_params_add_date", "", NULL },
  /* arrays; a NULL adder means "not as a parameter" */
  { MDB_OID_TEXT_ARRAY, "MDB_OID_TEXT_ARRAY", CAT_STRV, "MDB_FIELD_STRV", "mdb_params_add_text_array", "", NULL },
  { MDB_OID_VARCHAR_ARRAY, "MDB_OID_VARCHAR_ARRAY", CAT_STRV, "MDB_FIELD_STRV", "mdb_params_add_text_array", "", NULL },
  { MDB_OID_BPCHAR_ARRAY, "MDB_OID_BPCHAR_ARRAY", CAT_STRV, "MDB_FIELD_STRV", "mdb_params_add_text_array", "", NULL },
  { MDB_OID_UUID_ARRAY, "MDB_OID_UUID_ARRAY", CAT_STRV, "MDB_FIELD_STRV", "mdb_params_add_uuid_array", "", NULL },
  /* results only: a text[] parameter would not bind to these */
  { MDB_OID_JSON_ARRAY, "MDB_OID_JSON_ARRAY", CAT_STRV, "MDB_FIELD_STRV", NULL, "", NULL },
  { MDB_OID_JSONB_ARRAY, "MDB_OID_JSONB_ARRAY", CAT_STRV, "MDB_FIELD_STRV", NULL, "", NULL },
  { MDB_OID_NUMERIC_ARRAY, "MDB_OID_NUMERIC_ARRAY", CAT_STRV, "MDB_FIELD_STRV", NULL, "", NULL },
  { MDB_OID_BOOL_ARRAY, "MDB_OID_BOOL_ARRAY", CAT_ARRAY, "MDB_FIELD_ARRAY", "mdb_params_add_bool_array", "", "gboolean" },
  { MDB_OID_INT2_ARRAY, "MDB_OID_INT2_ARRAY", CAT_ARRAY, "MDB_FIELD_ARRAY", "__add_int2_array", "", "gint32" },
  { MDB_OID_INT4_ARRAY, "MDB_OID_INT4_ARRAY", CAT_ARRAY, "MDB_FIELD_ARRAY", "mdb_params_add_int4_array", "", "gint32" },
  { MDB_OID_INT8_ARRAY, "MDB_OID_INT8_ARRAY", CAT_ARRAY, "MDB_FIELD_ARRAY", "mdb_params_add_int8_array", "", "gint64" },
  { MDB_OID_FLOAT4_ARRAY, "MDB_OID_FLOAT4_ARRAY", CAT_ARRAY, "MDB_FIELD_ARRAY", "__add_float4_array", "", "gdouble" },
  { MDB_OID_FLOAT8_ARRAY, "MDB_OID_FLOAT8_ARRAY", CAT_ARRAY, "MDB_FIELD_ARRAY", "mdb_params_add_float8_array", "", "gdouble" },
  { MDB_OID_TIMESTAMP_ARRAY, "MDB_OID_TIMESTAMP_ARRAY", CAT_ARRAY, "MDB_FIELD_ARRAY", "mdb_params_add_timestamp_array", "", "gint64" },
  { MDB_OID_TIMESTAMPTZ_ARRAY, "MDB_OID_TIMESTAMPTZ_ARRAY", CAT_ARRAY, "MDB_FIELD_ARRAY", "mdb_params_add_timestamptz_array", "", "gint64" },
  { MDB_OID_DATE_ARRAY, "MDB_OID_DATE_ARRAY", CAT_ARRAY, "MDB_FIELD_ARRAY", "mdb_params_add_date_array", "", "gint64" },
};

/* Row fields borrow from the result: strings are const, arrays too. */
static const char *const field_types[] = {
  "const char *", "MdbBytes", "const char *const *", "GArray *", "MdbUuid", "gboolean", "gint32", "gint64",
  "gdouble", "gint64", NULL,
};
static const char *const in_types[] = {
  "const char *", "GBytes *", "const char *const *", "const GArray *", "const char *", "gboolean", "gint32",
  "gint64", "gdouble", "gint64", NULL,
};
/* A scalar result handed to the caller: owned pointer types. */
static const char *const out_types[] = {
  "char *", "GBytes *", "char **", "GArray *", "MdbUuid", "gboolean", "gint32", "gint64", "gdouble", "gint64", NULL,
};

/* Parameters: NULL is SQL NULL for these. */
static gboolean
is_pointer (Cat cat)
{
  return cat <= CAT_UUID;
}

/* Row fields: NULL is SQL NULL for these; the others have a _is_null flag. */
static gboolean
field_is_pointer (Cat cat)
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
  t->field_kind = "MDB_FIELD_ARRAY";
  t->oid_name = "MDB_OID_UNKNOWN";   /* the enum's array type has no fixed OID */
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
      t->field_kind = "MDB_FIELD_ENUM";
      t->oid_name = "0";
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
      t->field_kind = "MDB_FIELD_STRV";
      t->oid_name = "0";
      t->field_type = field_types[CAT_STRV];
      return TRUE;
    }
  for (guint k = 0; k < G_N_ELEMENTS (type_table); k++)
    if (type_table[k].oid == v->oid && (!param || type_table[k].adder != NULL))
      {
        t->cat = type_table[k].cat;
        t->field_kind = type_table[k].field_kind;
        t->oid_name = type_table[k].oid_name;
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

/* @s as the body of a C string literal (no quotes around it). */
static char *
c_escape (const char *s)
{
  GString *out = g_string_new (NULL);

  for (; *s; s++)
    if (*s == '\\' || *s == '"')
      g_string_append_printf (out, "\\%c", *s);
    else if ((guchar) *s < 0x20)
      g_string_append_printf (out, "\\%03o", (guchar) *s);
    else
      g_string_append_c (out, *s);
  return g_string_free (out, FALSE);
}

/* What describe_columns() writes for one struct. */
typedef struct {
  GString *members;   /* "  const char *name;\n" */
  GString *docs;      /* " * @name: column \"name\" (text)\n" */
  GString *table;     /* MdbField initializers */
  GString *oids;      /* "MDB_OID_TEXT, 0, …": the one-memcmp shape check */
} Columns;

static void
columns_clear (Columns *cols)
{
  g_string_free (cols->members, TRUE);
  g_string_free (cols->docs, TRUE);
  g_string_free (cols->table, TRUE);
  g_string_free (cols->oids, TRUE);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Columns, columns_clear)

/* One MdbField initializer: how the core decodes the column into @c_name. */
static void
append_field (GString *table, const MdbCacheValue *v, const CType *t, const char *c_name, const char *member)
{
  g_autofree char *name = c_escape (v->name);
  g_autofree char *type = c_escape (v->type);
  g_autofree char *null_offset = v->nullable && !field_is_pointer (t->cat)
                                 ? g_strdup_printf ("G_STRUCT_OFFSET (%s, %s_is_null)", c_name, member)
                                 : g_strdup ("-1");
  g_autofree char *labels = t->cat == CAT_ENUM ? g_strconcat (t->enum_fn, "__labels", NULL) : g_strdup ("NULL");

  g_string_append_printf (table, "  { \"%s\", \"%s\", %s, %s, %s, G_STRUCT_OFFSET (%s, %s), %s, %s, NULL, -1 },\n",
                          name, type, t->oid_name, t->field_kind, v->nullable ? "TRUE" : "FALSE", c_name,
                          member, null_offset, labels);
}

/* Where a struct is named from: the row without "Row" (or the row type),
 * so child items read <Row><Column>Item (docs/queries.md, Child rows). */
typedef struct {
  const char *c_name;   /* the struct */
  const char *base_c;   /* ContactsDbThing: prefix for item names */
  const char *base_fn;  /* contacts_db_thing */
  const char *what;     /* "query x" or "query x, column y", for docs */
} StructNames;

static gboolean describe_columns (Gen *g, const MdbQuery *q, GPtrArray *values, const StructNames *sn,
                                  const char *member, Columns *cols, GError **error);

/* Child rows: a composite column (or 1-D array of them) becomes a block of
 * generated item structs, `<Item> *x` (plus `guint n_x` for an array),
 * borrowed like every other value: the core decodes the records with the
 * item's own MdbRowType into a block the result holds. */
static gboolean
describe_child (Gen *g, const MdbQuery *q, const MdbCacheValue *v, const StructNames *sn, Columns *cols,
                GError **error)
{
  g_autofree char *pascal = mdb__codegen_pascal (v->snake_name);
  g_autofree char *item_base_c = g_strconcat (sn->base_c, pascal, NULL);
  g_autofree char *item_base_fn = g_strconcat (sn->base_fn, "_", v->snake_name, NULL);
  g_autofree char *item_c = g_strconcat (item_base_c, "Item", NULL);
  g_autofree char *item_fn = g_strconcat (item_base_fn, "_item", NULL);
  g_autofree char *item_what = g_strdup_printf ("%s, column %s", sn->what, v->snake_name);
  g_autofree char *name = c_escape (v->name);
  g_autofree char *type = c_escape (v->type);
  g_auto(Columns) ic = { g_string_new (NULL), g_string_new (NULL), g_string_new (NULL), g_string_new (NULL) };
  StructNames isn = { item_c, item_base_c, item_base_fn, item_what };
  gboolean array = v->element_type != NULL;

  if (v->fields->len == 0)
    return gen_fail (error, "%s:%u: query \"%s\": column \"%s\" is a composite type with no fields",
                     q->path, q->line, q->name, v->name);
  if (!describe_columns (g, q, v->fields, &isn, NULL, &ic, error))
    return FALSE;
  g_string_append_printf (decl_header (g, g->row_public), "/**\n * %s:\n%s *\n * A child row of %s (SQL type %s), borrowed from the row\n"
                                " * it belongs to (the row's _dup() copies it too).\n */\ntypedef struct {\n%s} %s;\n\n",
                          item_c, ic.docs->str, item_what, array ? v->element_type : v->type, ic.members->str, item_c);
  g_string_append_printf (g->c, "static const MdbField %s__fields[] = {\n%s};\n\n"
                                "static const guint32 %s__oids[] = { %s };\n\n"
                                "static const MdbRowType %s__row = {\n  \"%s\", \"%s\", sizeof (%s), %u, %s__fields, %s__oids,\n};\n\n",
                          item_fn, ic.table->str, item_fn, ic.oids->str, item_fn, q->name, g->prepare, item_c,
                          v->fields->len, item_fn, item_fn);
  g_string_append_printf (cols->members, "  %s *%s;\n", item_c, v->snake_name);
  g_string_append_printf (cols->docs, " * @%s: column \"%s\" (%s%s): %s, %%NULL when SQL NULL\n", v->snake_name,
                          v->name, v->type, v->nullable ? ", nullable" : "",
                          array ? "an array of @n_… child rows" : "one child row");
  if (array)
    {
      g_string_append_printf (cols->members, "  guint n_%s;\n", v->snake_name);
      g_string_append_printf (cols->docs, " * @n_%s: the number of %s\n", v->snake_name, v->snake_name);
    }
  /* A composite type has no fixed OID: 0, checked field by field instead. */
  g_string_append_printf (cols->table, "  { \"%s\", \"%s\", 0, MDB_FIELD_CHILDREN, %s, G_STRUCT_OFFSET (%s, %s), -1, NULL, "
                                       "&%s__row, ", name, type, v->nullable ? "TRUE" : "FALSE", sn->c_name,
                          v->snake_name, item_fn);
  if (array)
    g_string_append_printf (cols->table, "G_STRUCT_OFFSET (%s, n_%s) },\n", sn->c_name, v->snake_name);
  else
    g_string_append (cols->table, "-1 },\n");
  g_string_append_printf (cols->oids, "%s0", cols->oids->len > 0 ? ", " : "");
  return TRUE;
}

/* Members, docs and MdbField table of @values (a row's columns or a child
 * row's fields) in struct @sn->c_name; a scalar's single column is the
 * member @member instead of its own name. */
static gboolean
describe_columns (Gen *g, const MdbQuery *q, GPtrArray *values, const StructNames *sn, const char *member,
                  Columns *cols, GError **error)
{
  for (guint k = 0; k < values->len; k++)
    {
      const MdbCacheValue *v = g_ptr_array_index (values, k);
      const char *m = member != NULL ? member : v->snake_name;
      g_auto(CType) t = { 0 };

      if (v->fields != NULL)
        {
          if (!describe_child (g, q, v, sn, cols, error))
            return FALSE;
          continue;
        }
      if (!resolve_type (g, q, v, FALSE, &t, error))
        return FALSE;
      g_string_append_printf (cols->members, "  %s%s%s;\n", t.field_type,
                              g_str_has_suffix (t.field_type, "*") ? "" : " ", m);
      g_string_append_printf (cols->docs, " * @%s: column \"%s\" (%s%s)\n", m, v->name, v->type,
                              v->nullable ? ", nullable" : "");
      if (v->nullable && !field_is_pointer (t.cat))
        {
          g_string_append_printf (cols->members, "  gboolean %s_is_null;\n", m);
          g_string_append_printf (cols->docs, " * @%s_is_null: TRUE when %s is NULL\n", m, m);
        }
      append_field (cols->table, v, &t, sn->c_name, m);
      g_string_append_printf (cols->oids, "%s%s", cols->oids->len > 0 ? ", " : "", t.oid_name);
    }
  return TRUE;
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

static void
emit_row_functions (Gen *g, const RowNames *n, guint n_columns)
{
  g_string_append_printf (g->c, "/**\n * %s_dup:\n * @row: a row of any origin (a function, a list, a copy)\n *\n"
                                " * Copies @row, its strings, bytes and arrays included, into one block that\n"
                                " * borrows from nothing, so it outlives the result or list @row came from.\n *\n"
                                " * Returns: (transfer full): the copy, for %s_free()\n */\n%s *\n%s_dup (const %s *row)\n{\n"
                                "  static const MdbRowType type = { \"%s\", NULL, sizeof (%s), %u, %s__fields, NULL };\n\n"
                                "  g_return_val_if_fail (row != NULL, NULL);\n  return mdb_row_dup (row, &type);\n}\n\n",
                          n->fn, n->fn, n->c_name, n->fn, n->c_name, n->c_name, n->c_name, n_columns, n->fn);
  g_string_append_printf (g->c, "/**\n * %s_free:\n * @row: (nullable) (transfer full): a row a function returned, or a\n"
                                " *   copy from %s_dup(); never a row inside a list\n *\n"
                                " * Frees @row and the result its values point into.\n */\nvoid\n%s_free (%s *row)\n{\n"
                                "  mdb_row_free (row);\n}\n\n", n->fn, n->fn, n->fn, n->c_name);
}

static gboolean
emit_row_type (Gen *g, const MdbQuery *q, const MdbCacheEntry *e, GError **error)
{
  g_auto(RowNames) n = { 0 };
  g_auto(Columns) cols = { g_string_new (NULL), g_string_new (NULL), g_string_new (NULL), g_string_new (NULL) };
  g_autofree char *base_c = NULL, *base_fn = NULL;
  g_autofree char *what = g_strdup_printf ("query %s", q->name);
  StructNames sn;

  row_names (g, q, &n);
  if (g_hash_table_contains (g->rows_done, n.c_name))
    return TRUE;
  g->row_public = g_hash_table_contains (g->public_rows, n.c_name);
  /* Child-row items are named after the row: <Row minus "Row"><Column>Item. */
  base_c = q->row_type != NULL ? g_strdup (n.c_name) : g_strndup (n.c_name, strlen (n.c_name) - 3);
  base_fn = q->row_type != NULL ? g_strdup (n.fn) : g_strndup (n.fn, strlen (n.fn) - 4);
  sn = (StructNames) { n.c_name, base_c, base_fn, what };
  if (!check_field_names (q, e, error) || !describe_columns (g, q, e->columns, &sn, NULL, &cols, error))
    return FALSE;
  g_hash_table_add (g->rows_done, g_strdup (n.c_name));
  g_string_append_printf (decl_header (g, g->row_public),
                                "/**\n * %s:\n%s *\n * A row of %s.  Strings, json, bytea and arrays point into the result\n"
                                " * the row was read from: a row a function returns owns that result (free\n"
                                " * it with %s_free()); a row inside a list is borrowed from the list.\n"
                                " * %s_dup() copies a row to keep it longer.\n */\n"
                                "typedef struct {\n%s} %s;\n\n"
                                "%s%s *%s_dup (const %s *row);\n%svoid %s_free (%s *row);\n"
                                "G_DEFINE_AUTOPTR_CLEANUP_FUNC (%s, %s_free)\n\n",
                          n.c_name, cols.docs->str, q->row_type ? "the queries naming this row type" : q->name,
                          n.fn, n.fn, cols.members->str, n.c_name, decl_attr (g, g->row_public), n.c_name, n.fn,
                          n.c_name, decl_attr (g, g->row_public), n.fn, n.c_name, n.c_name, n.fn);
  g_string_append_printf (g->c, "static const MdbField %s__fields[] = {\n%s};\n\n"
                                "static const guint32 %s__oids[] = { %s };\n\n",
                          n.fn, cols.table->str, n.fn, cols.oids->str);
  emit_row_functions (g, &n, e->columns->len);
  return TRUE;
}

/* The …List type of a row struct, written with the first :many using it. */
static void
emit_list_type (Gen *g, const RowNames *n)
{
  gboolean public = g_hash_table_contains (g->public_rows, n->c_name);

  if (!g_hash_table_add (g->lists_done, g_strdup (n->c_name)))
    return;
  g_string_append_printf (decl_header (g, public), "/**\n * %sList:\n * @n_rows: the number of rows\n"
                                " * @rows: (array length=n_rows): the rows, borrowed from the list\n *\n"
                                " * Every row of a result in one block, with the result their values point\n"
                                " * into.  Free with %s_list_free(); %s_dup() a row to keep it longer.\n */\n"
                                "typedef struct {\n  guint n_rows;\n  %s *rows;\n  /*< private >*/\n  gpointer priv;\n"
                                "} %sList;\n\n%svoid %s_list_free (%sList *list);\n"
                                "G_DEFINE_AUTOPTR_CLEANUP_FUNC (%sList, %s_list_free)\n\n",
                          n->c_name, n->fn, n->fn, n->c_name, n->c_name, decl_attr (g, public), n->fn, n->c_name,
                          n->c_name, n->fn);
  g_string_append_printf (g->c, "/* The core fills an MdbRowList; this is the same block, typed. */\n"
                                "G_STATIC_ASSERT (sizeof (%sList) == sizeof (MdbRowList));\n"
                                "G_STATIC_ASSERT (G_STRUCT_OFFSET (%sList, rows) == G_STRUCT_OFFSET (MdbRowList, rows));\n\n"
                                "/**\n * %s_list_free:\n * @list: (nullable) (transfer full): a list\n *\n"
                                " * Frees the rows and the result they point into.\n */\nvoid\n"
                                "%s_list_free (%sList *list)\n{\n  mdb_row_list_free ((MdbRowList *) list);\n}\n\n",
                          n->c_name, n->c_name, n->fn, n->fn, n->c_name);
}

/* A query returning one column hands back the value: its decoding goes
 * through a private one-member struct. */
static gboolean
is_scalar (const MdbQuery *q, const MdbCacheEntry *e)
{
  return (q->kind == MDB_QUERY_ONE || q->kind == MDB_QUERY_OPT) && e->columns->len == 1 && q->row_type == NULL
         && ((const MdbCacheValue *) e->columns->pdata[0])->fields == NULL;   /* child rows stay a row */
}

static char *
scalar_struct_name (Gen *g, const MdbQuery *q)
{
  g_autofree char *pascal = mdb__codegen_pascal (q->name);

  return g_strconcat (g->pascal, pascal, "Value", NULL);
}

static gboolean
emit_scalar_type (Gen *g, const MdbQuery *q, const MdbCacheEntry *e, GError **error)
{
  g_autofree char *c_name = scalar_struct_name (g, q);
  g_auto(Columns) cols = { g_string_new (NULL), g_string_new (NULL), g_string_new (NULL), g_string_new (NULL) };

  StructNames sn = { c_name, c_name, c_name, q->name };

  if (!describe_columns (g, q, e->columns, &sn, "value", &cols, error))
    return FALSE;
  g_string_append_printf (g->c, "/* The single column of %s, as decoded in place. */\n"
                                "typedef struct {\n%s} %s;\n\nstatic const MdbField %s_%s__fields[] = {\n%s};\n\n"
                                "static const guint32 %s_%s__oids[] = { %s };\n\n",
                          q->name, cols.members->str, c_name, g->opt->prefix, q->name, cols.table->str,
                          g->opt->prefix, q->name, cols.oids->str);
  return TRUE;
}

/* The query's MdbRowType: its name and the prepare command for errors. */
static void
emit_query_row_type (Gen *g, const MdbQuery *q, const MdbCacheEntry *e, const RowNames *rn)
{
  g_autofree char *scalar = is_scalar (q, e) ? scalar_struct_name (g, q) : NULL;
  g_autofree char *fields = scalar ? g_strdup_printf ("%s_%s", g->opt->prefix, q->name) : g_strdup (rn->fn);

  g_string_append_printf (g->c, "static const MdbRowType %s_%s__row = {\n  \"%s\", \"%s\", sizeof (%s), %u, %s__fields, %s__oids,\n};\n\n",
                          g->opt->prefix, q->name, q->name, g->prepare, scalar ? scalar : rn->c_name,
                          e->columns->len, fields, fields);
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
  /* NULL-terminated: the core's row decoder walks it (MdbField.labels). */
  g_string_append_printf (g->c, "\n  NULL,\n};\n\n/**\n * %s_to_string:\n * @value: a %s\n *\n"
                                " * Returns: (transfer none) (nullable): the SQL label of @value, or %%NULL\n"
                                " *   when @value is out of range\n */\nconst char *\n%s_to_string (%s value)\n{\n"
                                "  if ((guint) value >= G_N_ELEMENTS (%s__labels) - 1)\n    return NULL;\n"
                                "  return %s__labels[value];\n}\n\n",
                          fn, c_name, fn, c_name, fn, fn);
  g_string_append_printf (g->c, "/**\n * %s_from_string:\n * @label: an SQL label of %s\n"
                                " * @out: (out): the value\n * @error: return location for a #GError\n *\n"
                                " * Returns: %%TRUE, or %%FALSE with MDB_ERROR_DECODE for an unknown label\n */\n"
                                "gboolean\n%s_from_string (const char *label, %s *out, GError **error)\n{\n"
                                "  for (guint k = 0; %s__labels[k] != NULL; k++)\n"
                                "    if (g_strcmp0 (label, %s__labels[k]) == 0)\n"
                                "      {\n        *out = (%s) k;\n        return TRUE;\n      }\n"
                                "  g_set_error (error, MDB_ERROR, MDB_ERROR_DECODE, \"unknown %s label \\\"%%s\\\"\", label);\n"
                                "  return FALSE;\n}\n\n",
                          fn, typname, fn, c_name, fn, fn, c_name, typname);
}

/* ---- functions --------------------------------------------------------- */

/* What a query function returns, by kind (a scalar :one/:opt: gboolean). */
typedef enum { RET_ROW, RET_LIST, RET_SCALAR, RET_BOOL, RET_COUNT } Ret;

static Ret
ret_of (const MdbQuery *q, const MdbCacheEntry *e)
{
  switch (q->kind)
    {
    case MDB_QUERY_ONE:
    case MDB_QUERY_OPT:
      return is_scalar (q, e) ? RET_SCALAR : RET_ROW;
    case MDB_QUERY_MANY:
      return RET_LIST;
    case MDB_QUERY_EXEC:
    case MDB_QUERY_BATCH:
      return RET_BOOL;
    default:
      return RET_COUNT;
    }
}

static const char *
fail_value (Ret ret)
{
  switch (ret)
    {
    case RET_SCALAR:
    case RET_BOOL:
      return "FALSE";
    case RET_COUNT:
      return "-1";
    default:
      return "NULL";
    }
}

/* Generated locals all start with mdb_, so any other name is free. */
static gboolean
param_name_ok (const MdbQuery *q, const char *name, GError **error)
{
  static const char *const reserved[] = {
    "executor", "error", "n_items",
  };

  for (guint k = 0; k < G_N_ELEMENTS (reserved); k++)
    if (g_str_equal (name, reserved[k]))
      return gen_fail (error, "%s:%u: query \"%s\": parameter name \"%s\" is reserved in generated C; "
                       "rename it", q->path, q->line, q->name, name);
  if (mdb__c_is_keyword (name))
    return gen_fail (error, "%s:%u: query \"%s\": parameter name \"%s\" is reserved in generated C; "
                     "rename it", q->path, q->line, q->name, name);
  if (g_str_has_prefix (name, "mdb_"))
    return gen_fail (error, "%s:%u: query \"%s\": parameter name \"%s\": the prefix mdb_ is reserved for "
                     "generated locals; rename it", q->path, q->line, q->name, name);
  return TRUE;
}

/* A scalar's out-parameters must not clash with the query's parameters. */
static gboolean
out_name_ok (const MdbQuery *q, const char *column, GError **error)
{
  g_autofree char *out = g_strconcat ("out_", column, NULL);
  g_autofree char *out_null = g_strconcat ("out_", column, "_is_null", NULL);

  for (guint k = 0; k < q->params->len; k++)
    {
      const char *name = ((MdbQueryParam *) q->params->pdata[k])->name;

      if (g_str_equal (name, out) || g_str_equal (name, out_null))
        return gen_fail (error, "%s:%u: query \"%s\": parameter \"%s\" clashes with the result's "
                         "out-parameter; rename it", q->path, q->line, q->name, name);
    }
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
                              arrays ? "const *" : "", p->name);
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
    {
      g->need_bad_enum = TRUE;
      g_string_append_printf (g->c, "  for (guint mdb_i = 0; %s != NULL && mdb_i < %s->len; mdb_i++)\n"
                                    "    if (%s_to_string (g_array_index (%s, %s, mdb_i)) == NULL)\n"
                                    "      return %s__bad_enum (\"%s\", \"%s\", error);\n",
                              p->name, p->name, t->enum_fn, p->name, t->enum_c, g->opt->prefix, q->name, p->name);
    }
  else if (g_str_equal (t->adder, "__add_int2_array"))
    {
      g->need_int2_array = TRUE;
      g_string_append_printf (g->c, "  if (%s != NULL && !%s__int2_fits (%s, \"%s\", \"%s\", error))\n    return NULL;\n",
                              p->name, g->opt->prefix, p->name, q->name, p->name);
    }
}

static void
emit_array_param_add (Gen *g, const MdbQueryParam *p, const CType *t)
{
  GString *c = g->c;

  if (t->enum_c != NULL)
    g_string_append_printf (c, "  {\n    g_autofree const char **mdb_labels = g_new (const char *, %s->len + 1);\n\n"
                               "    for (guint mdb_i = 0; mdb_i < %s->len; mdb_i++)\n"
                               "      mdb_labels[mdb_i] = %s_to_string (g_array_index (%s, %s, mdb_i));\n"
                               "    mdb_params_add_enum_labels (mdb_params, mdb_labels, %s->len);\n  }\n",
                            p->name, p->name, t->enum_fn, p->name, t->enum_c, p->name);
  else if (g_str_has_prefix (t->adder, "__"))
    {
      g->need_float4_array |= g_str_equal (t->adder, "__add_float4_array");
      g_string_append_printf (c, "  %s%s (mdb_params, %s);\n", g->opt->prefix, t->adder, p->name);
    }
  else
    g_string_append_printf (c, "  %s (mdb_params, (const %s *) (gpointer) %s->data, NULL, %s->len);\n",
                            t->adder, t->elem_type, p->name, p->name);
}

/* The checks made before anything is built: NULLs and enum ranges. */
static void
emit_param_checks (Gen *g, const MdbQuery *q, const CType *types)
{
  for (guint k = 0; k < q->params->len; k++)
    {
      const MdbQueryParam *p = g_ptr_array_index (q->params, k);

      if (is_pointer (types[k].cat) && !p->nullable)
        {
          g->need_null_param = TRUE;
          g_string_append_printf (g->c, "  if (%s == NULL)\n    return %s__null_param (\"%s\", \"%s\", error);\n",
                                  p->name, g->opt->prefix, q->name, p->name);
        }
      emit_array_param_check (g, q, p, &types[k]);
      if (types[k].cat == CAT_ENUM)
        {
          g_autofree char *guard = p->nullable ? g_strdup_printf ("!%s_is_null && ", p->name) : g_strdup ("");

          g->need_bad_enum = TRUE;
          g_string_append_printf (g->c, "  if (%s%s_to_string (%s) == NULL)\n"
                                        "    return %s__bad_enum (\"%s\", \"%s\", error);\n",
                                  guard, types[k].enum_fn, p->name, g->opt->prefix, q->name, p->name);
        }
    }
}

static void
emit_param_builder (Gen *g, const MdbQuery *q, const CType *types)
{
  GString *c = g->c;

  g_string_append_printf (c, "static MdbParams *\n%s_%s__params (GError **error", g->opt->prefix, q->name);
  append_param_decls (c, q, types, FALSE);
  g_string_append (c, ")\n{\n  MdbParams *mdb_params;\n\n");
  emit_param_checks (g, q, types);
  g_string_append (c, "  mdb_params = mdb_params_new ();\n");
  for (guint k = 0; k < q->params->len; k++)
    {
      const MdbQueryParam *p = g_ptr_array_index (q->params, k);
      const CType *t = &types[k];

      if (p->nullable && (!is_pointer (t->cat) || t->cat == CAT_ARRAY))
        g_string_append_printf (c, "  if (%s%s)\n    mdb_params_add_null (mdb_params, %s);\n  else\n  ", p->name,
                                t->cat == CAT_ARRAY ? " == NULL" : "_is_null",
                                t->cat == CAT_ENUM ? "MDB_OID_UNKNOWN" : t->oid_name);
      if (t->cat == CAT_ENUM)
        g_string_append_printf (c, "  mdb_params_add_enum (mdb_params, %s_to_string (%s));\n", t->enum_fn, p->name);
      else if (t->cat == CAT_ARRAY)
        emit_array_param_add (g, p, t);
      else if (t->cat == CAT_STRV)
        g_string_append_printf (c, "  %s (mdb_params, %s, -1);\n", t->adder, p->name);
      else
        g_string_append_printf (c, "  %s (mdb_params, %s%s);\n", t->adder, t->cast, p->name);
    }
  g_string_append (c, "  return mdb_params;\n}\n\n");
}

/* Which errors each kind can return: an :exec reads no row, so no DECODE. */
static void
emit_errors_doc (GString *c, const MdbQuery *q)
{
  g_string_append (c, " * Errors:");
  if (q->params->len > 0)
    g_string_append (c, " MDB_ERROR_INVALID_INPUT when a parameter not marked\n"
                        " * nullable is %NULL or a value is invalid for its type (nothing is sent);");
  if (q->kind == MDB_QUERY_ONE)
    g_string_append (c, "\n * MDB_ERROR_NOT_FOUND when no row matched;");
  if (q->kind == MDB_QUERY_ONE || q->kind == MDB_QUERY_OPT || q->kind == MDB_QUERY_MANY)
    g_string_append (c, "\n * MDB_ERROR_DECODE when the result no longer matches the offline cache\n"
                        " * (the message names the column and the command to run);");
  g_string_append (c, "\n * the server's errors (MDB_ERROR_SERVER, MDB_ERROR_UNIQUE_VIOLATION, …),\n"
                      " * MDB_ERROR_CONNECT and MDB_ERROR_POOL_TIMEOUT.\n *\n");
}

static void
emit_returns_doc (GString *c, const MdbQuery *q, const MdbCacheEntry *e, const RowNames *rn)
{
  switch (ret_of (q, e))
    {
    case RET_SCALAR:
      g_string_append_printf (c, " * Returns: %%TRUE with the value in the out-parameters (an out-parameter\n"
                                 " *   may be %%NULL: not wanted); %%FALSE with @error set%s\n",
                              q->kind == MDB_QUERY_OPT ? ", or without @error\n *   when no row matched" : "");
      break;
    case RET_ROW:
      g_string_append_printf (c, " * Returns: (transfer full)%s: the row (free with %s_free(): it owns\n"
                                 " *   the result its strings point into), or %%NULL %s\n",
                              q->kind == MDB_QUERY_OPT ? " (nullable)" : "", rn->fn,
                              q->kind == MDB_QUERY_OPT ? "with @error set on failure, without\n *   when no row matched"
                                                       : "with @error set");
      break;
    case RET_LIST:
      g_string_append_printf (c, " * Returns: (transfer full): every row (possibly none) in one block with the\n"
                                 " *   result they point into, for %s_list_free(); %%NULL with @error set\n", rn->fn);
      break;
    case RET_BOOL:
      if (q->kind == MDB_QUERY_BATCH)
        g_string_append (c, " * Runs the statement once per item in one pipeline and one transaction:\n"
                            " * all items take effect or none; the error names the failing item.\n *\n");
      g_string_append (c, " * Returns: %TRUE, or %FALSE with @error set\n");
      break;
    case RET_COUNT:
      if (q->kind == MDB_QUERY_COPY)
        g_string_append (c, " * Streams the items with COPY FROM STDIN (binary); on failure nothing is\n"
                            " * stored.\n *\n * Returns: the number of rows stored, or -1 with @error set\n");
      else
        g_string_append (c, " * Returns: the number of rows changed, or -1 with @error set\n");
      break;
    }
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
  if (ret_of (q, e) == RET_SCALAR)
    {
      const MdbCacheValue *v = g_ptr_array_index (e->columns, 0);

      g_string_append_printf (c, " * @out_%s: (out) (optional): column \"%s\" (%s%s)%s\n", v->snake_name, v->name,
                              v->type, v->nullable ? ", nullable" : "",
                              field_is_pointer (types[q->params->len].cat) && types[q->params->len].cat != CAT_BYTES
                                ? "; the caller owns it" : "");
      if (v->nullable && !field_is_pointer (types[q->params->len].cat))
        g_string_append_printf (c, " * @out_%s_is_null: (out) (optional): TRUE when the value is NULL\n",
                                v->snake_name);
    }
  g_string_append_printf (c, " * @error: return location for a #GError\n *\n * %s\n *\n"
                             " * Query `%s` (:%s) of %s:%u.\n *\n",
                          doc, q->name, mdb__query_kind_to_string (q->kind), base, q->line);
  emit_errors_doc (c, q);
  emit_returns_doc (c, q, e, rn);
  g_string_append (c, " *\n * Since: 0.1\n */\n");
}

/* The out-parameters of a scalar: the value (owned) and its NULL flag. */
static void
append_out_decls (GString *s, const MdbCacheValue *v, const CType *t)
{
  const char *type = t->cat == CAT_ENUM ? t->enum_c : out_types[t->cat];

  g_string_append_printf (s, ",\n    %s%s*out_%s", type, g_str_has_suffix (type, "*") ? "" : " ", v->snake_name);
  if (v->nullable && !field_is_pointer (t->cat))
    g_string_append_printf (s, ",\n    gboolean *out_%s_is_null", v->snake_name);
}

/* @types holds the parameters' types, then (scalars) the column's. */
static char *
signature (Gen *g, const MdbQuery *q, const MdbCacheEntry *e, const CType *types, const RowNames *rn)
{
  GString *s = g_string_new (NULL);
  gboolean arrays = q->kind == MDB_QUERY_BATCH || q->kind == MDB_QUERY_COPY;
  Ret ret = ret_of (q, e);

  switch (ret)
    {
    case RET_ROW:
      g_string_append_printf (s, "%s *\n", rn->c_name);
      break;
    case RET_LIST:
      g_string_append_printf (s, "%sList *\n", rn->c_name);
      break;
    case RET_SCALAR:
    case RET_BOOL:
      g_string_append (s, "gboolean\n");
      break;
    default:
      g_string_append (s, "gint64\n");
    }
  g_string_append_printf (s, "%s_%s (MdbExecutor *executor", g->opt->prefix, q->name);
  append_param_decls (s, q, types, arrays);
  if (ret == RET_SCALAR)
    append_out_decls (s, e->columns->pdata[0], &types[q->params->len]);
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

/* mdb_result in hand, checked for NULL: no row at all. */
static void
emit_no_row (Gen *g, const MdbQuery *q, Ret ret)
{
  const char *fn = g->opt->prefix;

  if (q->kind == MDB_QUERY_ONE)
    g_string_append_printf (g->c, "  if (mdb_result_get_n_rows (mdb_result) == 0)\n    {\n"
                                  "      if (mdb_result_check_row_type (mdb_result, &%s_%s__row, error))\n"
                                  "        g_set_error (error, MDB_ERROR, MDB_ERROR_NOT_FOUND, \"query %s: no row matched\");\n"
                                  "      return %s;\n    }\n", fn, q->name, q->name, fail_value (ret));
  else
    g_string_append_printf (g->c, "  if (mdb_result_get_n_rows (mdb_result) == 0)\n"
                                  "    {\n      mdb_result_check_row_type (mdb_result, &%s_%s__row, error);\n"
                                  "      return %s;\n    }\n", fn, q->name, fail_value (ret));
}

/* Hands the caller its own copy of the scalar (the result is freed). */
static void
emit_scalar_out (Gen *g, const MdbCacheValue *v, const CType *t)
{
  static const char *const owned[] = {
    "g_strdup (mdb_value.value)",
    "mdb_value.value.data != NULL ? g_bytes_new (mdb_value.value.data, mdb_value.value.len) : NULL",
    "g_strdupv ((char **) mdb_value.value)",
    "mdb_value.value != NULL ? g_array_ref (mdb_value.value) : NULL",
  };

  g_string_append_printf (g->c, "  if (out_%s != NULL)\n    *out_%s = %s;\n", v->snake_name, v->snake_name,
                          field_is_pointer (t->cat) ? owned[t->cat] : "mdb_value.value");
  if (v->nullable && !field_is_pointer (t->cat))
    g_string_append_printf (g->c, "  if (out_%s_is_null != NULL)\n    *out_%s_is_null = mdb_value.value_is_null;\n",
                            v->snake_name, v->snake_name);
  g_string_append (g->c, "  return TRUE;\n");
}

static void
emit_body_rows (Gen *g, const MdbQuery *q, const MdbCacheEntry *e, const CType *types, const RowNames *rn)
{
  const char *fn = g->opt->prefix;
  Ret ret = ret_of (q, e);

  g_string_append_printf (g->c, "  mdb_result = mdb_exec_static (executor, %s_%s__sql, mdb_params, error);\n"
                                "  if (mdb_result == NULL)\n    return %s;\n", fn, q->name, fail_value (ret));
  if (ret == RET_LIST)
    {
      /* The list takes the result; the core checks its shape first. */
      g_string_append_printf (g->c, "  return (%sList *) mdb_row_list_take (g_steal_pointer (&mdb_result), &%s_%s__row, error);\n",
                              rn->c_name, fn, q->name);
      return;
    }
  emit_no_row (g, q, ret);
  if (ret == RET_ROW)
    {
      g_string_append_printf (g->c, "  return mdb_row_take (g_steal_pointer (&mdb_result), 0, &%s_%s__row, error);\n",
                              fn, q->name);
      return;
    }
  g_string_append_printf (g->c, "  if (!mdb_result_check_row_type (mdb_result, &%s_%s__row, error)\n"
                                "      || !mdb_result_decode_row (mdb_result, 0, &%s_%s__row, &mdb_value, error))\n"
                                "    return FALSE;\n", fn, q->name, fn, q->name);
  emit_scalar_out (g, e->columns->pdata[0], &types[q->params->len]);
}

static void
emit_body_items (Gen *g, const MdbQuery *q, const CType *types)
{
  GString *c = g->c;
  const char *fn = g->opt->prefix;
  g_autofree char *args = call_args (q, types, "[mdb_i]");
  Ret ret = q->kind == MDB_QUERY_BATCH ? RET_BOOL : RET_COUNT;

  for (guint k = 0; k < q->params->len; k++)
    g_string_append_printf (c, "  g_return_val_if_fail (n_items == 0 || %s != NULL, %s);\n",
                            ((MdbQueryParam *) q->params->pdata[k])->name, fail_value (ret));
  if (q->kind == MDB_QUERY_BATCH)
    {
      g_string_append_printf (c, "  if (n_items == 0)\n    return TRUE;\n"
                                 "  mdb_sqls = g_new (const char *, n_items);\n"
                                 "  for (guint mdb_i = 0; mdb_i < n_items; mdb_i++)\n    {\n"
                                 "      MdbParams *mdb_item = %s_%s__params (%s);\n\n"
                                 "      if (mdb_item == NULL)\n        {\n"
                                 "          g_prefix_error (error, \"item %%u: \", mdb_i);\n          return FALSE;\n        }\n"
                                 "      g_ptr_array_add (mdb_list, mdb_item);\n      mdb_sqls[mdb_i] = %s_%s__sql;\n    }\n"
                                 "  mdb_results = mdb_exec_pipeline (executor, n_items, mdb_sqls, (MdbParams *const *) mdb_list->pdata, error);\n"
                                 "  return mdb_results != NULL;\n", fn, q->name, args, fn, q->name);
      return;
    }
  g_string_append_printf (c, "  mdb_copy = mdb_copy_begin (executor, \"%s\", %s_%s__columns, %u, error);\n"
                             "  if (mdb_copy == NULL)\n    return -1;\n"
                             "  for (guint mdb_i = 0; mdb_i < n_items; mdb_i++)\n    {\n"
                             "      g_autoptr(MdbParams) mdb_item = %s_%s__params (%s);\n\n"
                             "      if (mdb_item == NULL)\n        g_prefix_error (error, \"item %%u: \", mdb_i);\n"
                             "      if (mdb_item == NULL || !mdb_copy_add_row (mdb_copy, mdb_item, error))\n        {\n"
                             "          mdb_copy_abort (mdb_copy);\n          return -1;\n        }\n    }\n"
                             "  return mdb_copy_end (mdb_copy, error);\n",
                          q->copy_table, fn, q->name, q->copy_columns->len, fn, q->name, args);
}

static void
emit_statics (Gen *g, const MdbQuery *q)
{
  GString *c = g->c;

  if (q->kind != MDB_QUERY_COPY)
    {
      g_string_append_printf (c, "static const char %s_%s__sql[] =", g->opt->prefix, q->name);
      append_c_string (c, q->sql);
      g_string_append (c, ";\n\n");
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

/* The function's locals; every name starts with mdb_ (param_name_ok()). */
static void
emit_locals (Gen *g, const MdbQuery *q, const MdbCacheEntry *e)
{
  g_autofree char *scalar = is_scalar (q, e) ? scalar_struct_name (g, q) : NULL;

  if (q->kind == MDB_QUERY_BATCH)
    g_string_append (g->c, "  g_autoptr(GPtrArray) mdb_list = g_ptr_array_new_with_free_func ((GDestroyNotify) mdb_params_free);\n"
                           "  g_autofree const char **mdb_sqls = NULL;\n  g_autoptr(GPtrArray) mdb_results = NULL;\n\n");
  else if (q->kind == MDB_QUERY_COPY)
    g_string_append (g->c, "  MdbCopy *mdb_copy;\n\n");
  else
    g_string_append_printf (g->c, "  g_autoptr(MdbParams) mdb_params = NULL;\n  g_autoptr(MdbResult) mdb_result = NULL;\n%s%s%s\n",
                            scalar ? "  " : "", scalar ? scalar : "", scalar ? " mdb_value;\n" : "");
}

/* Types of the parameters, then of a scalar's column: resolved, named. */
static gboolean
resolve_query_types (Gen *g, const MdbQuery *q, const MdbCacheEntry *e, CType *types, GError **error)
{
  for (guint k = 0; k < q->params->len; k++)
    if (!param_name_ok (q, ((MdbQueryParam *) q->params->pdata[k])->name, error)
        || !resolve_type (g, q, e->params->pdata[k], TRUE, &types[k], error))
      return FALSE;
  if (is_scalar (q, e))
    {
      const MdbCacheValue *v = e->columns->pdata[0];

      return out_name_ok (q, v->snake_name, error)
             && resolve_type (g, q, v, FALSE, &types[q->params->len], error);
    }
  return TRUE;
}

/* Statics, row type and the parameter builder, before the function. */
static gboolean
emit_query_statics (Gen *g, const MdbQuery *q, const MdbCacheEntry *e, const CType *types, const RowNames *rn,
                    GError **error)
{
  Ret ret = ret_of (q, e);

  emit_statics (g, q);
  if (ret == RET_SCALAR && !emit_scalar_type (g, q, e, error))
    return FALSE;
  if ((ret == RET_ROW || ret == RET_LIST) && !emit_row_type (g, q, e, error))
    return FALSE;
  if (ret == RET_LIST)
    emit_list_type (g, rn);
  if (ret == RET_ROW || ret == RET_LIST || ret == RET_SCALAR)
    emit_query_row_type (g, q, e, rn);
  emit_param_builder (g, q, types);
  return TRUE;
}

static void
emit_body (Gen *g, const MdbQuery *q, const MdbCacheEntry *e, const CType *types, const RowNames *rn)
{
  g_autofree char *args = call_args (q, types, "");
  Ret ret = ret_of (q, e);

  g_string_append_printf (g->c, "  g_return_val_if_fail (executor != NULL, %s);\n"
                                "  g_return_val_if_fail (error == NULL || *error == NULL, %s);\n",
                          fail_value (ret), fail_value (ret));
  if (q->kind == MDB_QUERY_BATCH || q->kind == MDB_QUERY_COPY)
    {
      emit_body_items (g, q, types);
      return;
    }
  g_string_append_printf (g->c, "  mdb_params = %s_%s__params (%s);\n  if (mdb_params == NULL)\n    return %s;\n",
                          g->opt->prefix, q->name, args, fail_value (ret));
  if (ret == RET_ROW || ret == RET_LIST || ret == RET_SCALAR)
    emit_body_rows (g, q, e, types, rn);
  else
    g_string_append_printf (g->c, "  mdb_result = mdb_exec_static (executor, %s_%s__sql, mdb_params, error);\n"
                                  "  return %s;\n", g->opt->prefix, q->name,
                            q->kind == MDB_QUERY_EXEC ? "mdb_result != NULL"
                            : "mdb_result != NULL ? mdb_result_get_affected_rows (mdb_result) : -1");
}

static gboolean
emit_query (Gen *g, const MdbQuery *q, const MdbCacheEntry *e, GError **error)
{
  g_autofree CType *types = g_new0 (CType, q->params->len + 1);
  g_auto(RowNames) rn = { 0 };
  g_autofree char *sig = NULL;
  gboolean rows = q->kind == MDB_QUERY_ONE || q->kind == MDB_QUERY_OPT || q->kind == MDB_QUERY_MANY;
  gboolean ok;

  if (rows && e->columns->len == 0)
    return gen_fail (error, "%s:%u: query \"%s\" is :%s but returns no columns; use :exec or :execrows, "
                     "or add RETURNING", q->path, q->line, q->name, mdb__query_kind_to_string (q->kind));
  if (e->params->len != q->params->len)
    return gen_fail (error, "%s:%u: query \"%s\": the cache entry does not match the query; run: %s",
                     q->path, q->line, q->name, g->prepare);
  row_names (g, q, &rn);
  ok = resolve_query_types (g, q, e, types, error) && emit_query_statics (g, q, e, types, &rn, error);
  if (ok)
    {
      sig = signature (g, q, e, types, &rn);
      g_string_append_printf (decl_header (g, q->export == MDB_QUERY_EXPORT_FUNCTION), "%s%s;\n\n",
                              decl_attr (g, q->export == MDB_QUERY_EXPORT_FUNCTION), sig);
      emit_doc (g, q, e, types, &rn);
      g_string_append_printf (g->c, "%s\n{\n", sig);
      emit_locals (g, q, e);
      emit_body (g, q, e, types, &rn);
      g_string_append (g->c, "}\n\n");
    }
  for (guint k = 0; k <= q->params->len; k++)
    ctype_clear (&types[k]);
  return ok;
}

/* int2[] and float4[] parameters come as the GArray types results use
 * (gint32, gdouble) and are narrowed for the wire; an int2 that does not
 * fit is refused before anything is sent.  Written only when used. */
static void
emit_array_helpers (Gen *g)
{
  const char *fn = g->opt->prefix;

  if (g->need_int2_array)
    g_string_append_printf (g->c,
      "static gboolean\n%s__int2_fits (const GArray *values, const char *query, const char *param, GError **error)\n{\n"
      "  for (guint i = 0; i < values->len; i++)\n"
      "    if (g_array_index (values, gint32, i) < G_MININT16 || g_array_index (values, gint32, i) > G_MAXINT16)\n"
      "      {\n        g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,\n"
      "                     \"query %%s: parameter %%s: element %%u (%%d) is out of range for int2\",\n"
      "                     query, param, i, g_array_index (values, gint32, i));\n        return FALSE;\n      }\n"
      "  return TRUE;\n}\n\n"
      "static void\n%s__add_int2_array (MdbParams *params, const GArray *values)\n{\n"
      "  g_autofree gint16 *narrow = g_new (gint16, values->len + 1);\n\n"
      "  for (guint i = 0; i < values->len; i++)\n    narrow[i] = (gint16) g_array_index (values, gint32, i);\n"
      "  mdb_params_add_int2_array (params, narrow, NULL, values->len);\n}\n\n", fn, fn);
  if (g->need_float4_array)
    g_string_append_printf (g->c,
      "static void\n%s__add_float4_array (MdbParams *params, const GArray *values)\n{\n"
      "  g_autofree gfloat *narrow = g_new (gfloat, values->len + 1);\n\n"
      "  for (guint i = 0; i < values->len; i++)\n    narrow[i] = (gfloat) g_array_index (values, gdouble, i);\n"
      "  mdb_params_add_float4_array (params, narrow, NULL, values->len);\n}\n\n", fn);
}

/* Only the helpers some function calls: no unused statics. */
static void
emit_helpers (Gen *g)
{
  const char *fn = g->opt->prefix;

  if (g->need_null_param)
    g_string_append_printf (g->c,
      "static gpointer\n%s__null_param (const char *query, const char *param, GError **error)\n{\n"
      "  g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,\n"
      "               \"query %%s: parameter %%s must not be NULL (write :%%s? in the query to allow NULL)\",\n"
      "               query, param, param);\n  return NULL;\n}\n\n", fn);
  if (g->need_bad_enum)
    g_string_append_printf (g->c,
      "static gpointer\n%s__bad_enum (const char *query, const char *param, GError **error)\n{\n"
      "  g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,\n"
      "               \"query %%s: parameter %%s is not a value of its enum\", query, param);\n  return NULL;\n}\n\n", fn);
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

/* "queries/a.sql, queries/b.sql": each query file once, in order. */
static char *
query_files (GPtrArray *queries)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  for (guint k = 0; k < queries->len; k++)
    {
      const MdbQuery *q = queries->pdata[k];
      g_autofree char *base = g_path_get_basename (q->path);
      char *name = g_build_filename ("queries", base, NULL);

      if (names->len == 0 || !g_str_equal (names->pdata[names->len - 1], name))
        g_ptr_array_add (names, name);
      else
        g_free (name);
    }
  g_ptr_array_add (names, NULL);
  return g_strjoinv (", ", (char **) names->pdata);
}

/* The first line of both files: what made them, from what. */
static char *
provenance (const MdbCodegenOptions *opt, GPtrArray *queries)
{
  g_autofree char *files = query_files (queries);

  return g_strdup_printf ("/* Generated by mdb codegen %s from %s: %s and the cache .mdb-cache; do not edit. */\n",
                          MDB_VERSION_STRING, opt->lib_dir, files);
}

static char *
assemble_header (Gen *g, GString *enums_h, const char *first_line)
{
  return g_strdup_printf (
    "%s/* SPDX-License-Identifier: MIT */\n"
    "#pragma once\n#include <mdb/mdb.h>\n\nG_BEGIN_DECLS\n\n"
    "/* Conventions of generated code (docs/queries.md):\n"
    " * - row fields borrow: strings (const char *), json, bytea (MdbBytes) and\n"
    " *   arrays point into the result the row was read from; uuids are MdbUuid\n"
    " *   values (mdb_uuid_format()); a row a function returns owns its result\n"
    " *   (<row>_free()), a row in a list is the list's; <row>_dup() copies one;\n"
    " * - pointer fields and parameters use NULL for SQL NULL (MdbBytes: data);\n"
    " * - a nullable field of a value type (gboolean, gint32, gint64, gdouble,\n"
    " *   timestamps, enums, MdbUuid) has a companion `gboolean <field>_is_null`,\n"
    " *   and a nullable value parameter a companion `gboolean <param>_is_null`;\n"
    " * - a :one/:opt query of one column returns gboolean and the value through\n"
    " *   `out_<column>` (strings and arrays then belong to the caller);\n"
    " * - timestamps, timestamptz and dates are gint64 microseconds since the\n"
    " *   Unix epoch, UTC;\n"
    " * - row structs are not ABI-frozen: rebuild callers when the queries change.\n"
    " */\n\n%s%s"
    "G_END_DECLS\n", first_line, enums_h->str, g->h->str);
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
assemble_private_header (Gen *g, const char *first_line)
{
  return g_strdup_printf (
    "%s/* SPDX-License-Identifier: MIT */\n"
    "/* %s: the queries the library keeps to itself (no `export` on their\n"
    " * -- name: line): hidden in the shared library, never installed. */\n"
    "#pragma once\n#include \"%s\"\n\nG_BEGIN_DECLS\n\n%s"
    "G_END_DECLS\n", first_line, g->opt->private_header_name, g->opt->header_name, g->ph->str);
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
  g_autoptr(GString) helpers = g_string_new (NULL);
  g_autoptr(GHashTable) enums = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) enum_order = g_ptr_array_new ();
  g_autoptr(GHashTable) rows_done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) lists_done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) public_rows = NULL;
  g_autofree char *pascal = mdb__codegen_pascal (opt->prefix);
  g_autofree char *upper = c_ident_upper (opt->prefix);
  g_autofree char *command = g_strconcat ("mdb prepare ", opt->lib_dir, NULL);
  g_autofree char *prepare = c_escape (command);
  g_autofree char *first_line = NULL;
  Gen g = { opt, pascal, upper, enums, enum_order, rows_done, lists_done, prepare, FALSE, FALSE, FALSE, FALSE, h, c,
            opt->private_header_name != NULL ? ph : NULL, NULL, FALSE };

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
  g.c = helpers;
  emit_helpers (&g);
  first_line = provenance (opt, queries);
  *header = assemble_header (&g, enums_h, first_line);
  if (private_header != NULL)
    *private_header = g.ph != NULL ? assemble_private_header (&g, first_line) : NULL;
  *source = g_strdup_printf ("%s/* SPDX-License-Identifier: MIT */\n#include \"%s\"\n\n%s%s%s", first_line,
                             g.ph != NULL ? opt->private_header_name : opt->header_name,
                             helpers->str, enums_c->str, c->str);
  return TRUE;
}

gboolean
mdb__codegen_run (const MdbCodegenOptions *opt, GPtrArray *queries, GHashTable *cache,
                  char **header, char **source, GError **error)
{
  return mdb__codegen_run_split (opt, queries, cache, header, NULL, source, error);
}
