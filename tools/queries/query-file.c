/* SPDX-License-Identifier: MIT */
/* query-file.c: the query-file format: annotations, doc lines and named parameters. */
#include <stdarg.h>
#include <string.h>
#include "query-file.h"

static const char *const kind_names[] = {
  "one", "opt", "many", "exec", "execrows", "batch", "copy",
};

const char *
mdb__query_kind_to_string (MdbQueryKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}

static void
query_param_free (gpointer data)
{
  MdbQueryParam *param = data;

  g_free (param->name);
  g_free (param);
}

void
mdb__query_free (MdbQuery *query)
{
  if (query == NULL)
    return;
  g_free (query->name);
  g_free (query->row_type);
  g_free (query->doc);
  g_free (query->sql);
  g_free (query->hash);
  g_free (query->path);
  g_free (query->source);
  g_clear_pointer (&query->source_offsets, g_array_unref);
  g_clear_pointer (&query->params, g_ptr_array_unref);
  g_free (query->copy_table);
  g_clear_pointer (&query->copy_columns, g_ptr_array_unref);
  g_free (query);
}

/* ---- named-parameter lexer ------------------------------------------ */

typedef struct {
  const char *s;
  gsize       i;
  gsize       n;
  guint       line;
  const char *path;
  GString    *out;
  GPtrArray  *params;
  GArray     *offsets;   /* nullable: guint input offset of each output byte */
} Lexer;

static gboolean
is_ident_start (char c)
{
  return g_ascii_isalpha (c) || c == '_' || (guchar) c >= 0x80;
}

static gboolean
is_ident_char (char c)
{
  return is_ident_start (c) || g_ascii_isdigit (c) || c == '$';
}

static char
peek (const Lexer *lx, gsize ahead)
{
  return lx->i + ahead < lx->n ? lx->s[lx->i + ahead] : '\0';
}

/* Copies @count bytes to the output, counting lines. */
static void
copy_bytes (Lexer *lx, gsize count)
{
  count = MIN (count, lx->n - lx->i);
  for (gsize k = 0; k < count; k++)
    {
      guint from = (guint) (lx->i + k);

      if (lx->s[lx->i + k] == '\n')
        lx->line++;
      if (lx->offsets != NULL)
        g_array_append_val (lx->offsets, from);
    }
  g_string_append_len (lx->out, lx->s + lx->i, count);
  lx->i += count;
}

static gboolean
lex_fail (Lexer *lx, guint line, GError **error, const char *what)
{
  g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "%s:%u: %s", lx->path, line, what);
  return FALSE;
}

/* '…' (with '' and, for E'…', backslash escapes) or "…" identifiers. */
static gboolean
lex_quoted (Lexer *lx, char quote, gboolean backslash, GError **error)
{
  guint start = lx->line;

  copy_bytes (lx, 1);
  while (lx->i < lx->n)
    {
      char c = peek (lx, 0);

      if (backslash && c == '\\')
        copy_bytes (lx, 2);
      else if (c == quote && peek (lx, 1) == quote)
        copy_bytes (lx, 2);
      else if (c == quote)
        {
          copy_bytes (lx, 1);
          return TRUE;
        }
      else
        copy_bytes (lx, 1);
    }
  return lex_fail (lx, start, error, quote == '"' ? "unterminated quoted identifier"
                                                  : "unterminated string literal");
}

static gboolean
lex_block_comment (Lexer *lx, GError **error)
{
  guint start = lx->line;
  guint depth = 0;

  while (lx->i < lx->n)
    {
      if (peek (lx, 0) == '/' && peek (lx, 1) == '*')
        {
          depth++;
          copy_bytes (lx, 2);
        }
      else if (peek (lx, 0) == '*' && peek (lx, 1) == '/')
        {
          copy_bytes (lx, 2);
          if (--depth == 0)
            return TRUE;
        }
      else
        copy_bytes (lx, 1);
    }
  return lex_fail (lx, start, error, "unterminated /* comment");
}

static void
lex_line_comment (Lexer *lx)
{
  while (lx->i < lx->n && peek (lx, 0) != '\n')
    copy_bytes (lx, 1);
}

/* $$…$$, $tag$…$tag$, or a positional $N (rejected). */
static gboolean
lex_dollar (Lexer *lx, GError **error)
{
  gsize j = lx->i + 1;
  guint start = lx->line;

  if (g_ascii_isdigit (peek (lx, 1)))
    {
      g_autofree char *what = NULL;
      gsize k = j;

      while (k < lx->n && g_ascii_isdigit (lx->s[k]) && k - j < 9)
        k++;
      what = g_strdup_printf ("positional parameter $%.*s: use named parameters (:name or @name)",
                              (int) (k - j), lx->s + j);
      return lex_fail (lx, start, error, what);
    }
  if (j < lx->n && is_ident_start (lx->s[j]))
    while (j < lx->n && (is_ident_start (lx->s[j]) || g_ascii_isdigit (lx->s[j])))
      j++;
  if (j >= lx->n || lx->s[j] != '$')
    {
      copy_bytes (lx, 1);
      return TRUE;
    }
  {
    gsize tag_len = j - lx->i + 1;
    const char *tag = lx->s + lx->i;
    const char *end = NULL;

    for (gsize k = j + 1; k + tag_len <= lx->n; k++)
      if (memcmp (lx->s + k, tag, tag_len) == 0)
        {
          end = lx->s + k;
          break;
        }
    if (end == NULL)
      return lex_fail (lx, start, error, "unterminated dollar-quoted string");
    copy_bytes (lx, (gsize) (end - tag) + tag_len);
  }
  return TRUE;
}

static gboolean
lex_param (Lexer *lx, GError **error)
{
  gsize j = lx->i + 1;
  g_autofree char *name = NULL;
  gboolean nullable;
  MdbQueryParam *param = NULL;
  guint index;

  while (j < lx->n && (g_ascii_isalnum (lx->s[j]) || lx->s[j] == '_'))
    j++;
  name = g_strndup (lx->s + lx->i + 1, j - lx->i - 1);
  nullable = j < lx->n && lx->s[j] == '?';
  for (index = 0; index < lx->params->len; index++)
    {
      param = g_ptr_array_index (lx->params, index);
      if (g_str_equal (param->name, name))
        break;
    }
  if (index < lx->params->len && param->nullable != nullable)
    {
      g_autofree char *what = g_strdup_printf ("parameter \"%s\" is written both :%s and :%s?; "
                                               "mark every use the same way", name, name, name);
      return lex_fail (lx, lx->line, error, what);
    }
  if (index == lx->params->len)
    {
      param = g_new0 (MdbQueryParam, 1);
      param->name = g_steal_pointer (&name);
      param->nullable = nullable;
      g_ptr_array_add (lx->params, param);
    }
  {
    gsize before = lx->out->len;
    guint from = (guint) lx->i;

    g_string_append_printf (lx->out, "$%u", index + 1);
    /* Every byte of $N points back at its :name. */
    for (gsize k = before; lx->offsets != NULL && k < lx->out->len; k++)
      g_array_append_val (lx->offsets, from);
  }
  lx->i = j + (nullable ? 1 : 0);
  return TRUE;
}

static gboolean
is_operator_char (char c)
{
  return c != '\0' && strchr ("+-*/<>=~!@#%^&|`?", c) != NULL;
}

static gboolean
lex_step (Lexer *lx, GError **error)
{
  char c = peek (lx, 0);
  char next = peek (lx, 1);

  if (c == '\'')
    return lex_quoted (lx, '\'', FALSE, error);
  if (c == '"')
    return lex_quoted (lx, '"', FALSE, error);
  if (c == '-' && next == '-')
    lex_line_comment (lx);
  else if (c == '/' && next == '*')
    return lex_block_comment (lx, error);
  else if (c == '$')
    return lex_dollar (lx, error);
  else if (c == ':' && (next == ':' || next == '='))
    copy_bytes (lx, 2);
  else if ((c == ':' || c == '@') && (g_ascii_isalpha (next) || next == '_')
           && !(c == '@' && lx->i > 0 && is_operator_char (lx->s[lx->i - 1])))
    return lex_param (lx, error);
  else if (is_ident_start (c))
    {
      gsize start = lx->i;

      while (lx->i < lx->n && is_ident_char (peek (lx, 0)))
        copy_bytes (lx, 1);
      /* E'…' strings take backslash escapes. */
      if (lx->i - start == 1 && (lx->s[start] == 'E' || lx->s[start] == 'e') && peek (lx, 0) == '\'')
        return lex_quoted (lx, '\'', TRUE, error);
    }
  else if (g_ascii_isdigit (c))
    while (lx->i < lx->n && (g_ascii_isalnum (peek (lx, 0)) || peek (lx, 0) == '_'))
      copy_bytes (lx, 1);
  else
    copy_bytes (lx, 1);
  return TRUE;
}

char *
mdb__query_rewrite (const char *sql, const char *path, guint first_line,
                    GPtrArray *params, GError **error)
{
  return mdb__query_rewrite_mapped (sql, path, first_line, params, NULL, error);
}

char *
mdb__query_rewrite_mapped (const char *sql, const char *path, guint first_line,
                           GPtrArray *params, GArray *offsets, GError **error)
{
  Lexer lx = { sql, 0, strlen (sql), first_line, path, NULL, params, offsets };
  g_autoptr(GString) out = g_string_sized_new (lx.n + 16);

  g_return_val_if_fail (sql != NULL && params != NULL, NULL);
  lx.out = out;
  while (lx.i < lx.n)
    if (!lex_step (&lx, error))
      return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ---- :copy shape ----------------------------------------------------- */

typedef struct {
  const char *p;
} Scan;

static void
scan_space (Scan *sc)
{
  while (g_ascii_isspace (*sc->p))
    sc->p++;
}

static gboolean
scan_keyword (Scan *sc, const char *word)
{
  gsize len = strlen (word);

  scan_space (sc);
  if (g_ascii_strncasecmp (sc->p, word, len) != 0 || is_ident_char (sc->p[len]))
    return FALSE;
  sc->p += len;
  return TRUE;
}

static gboolean
scan_char (Scan *sc, char c)
{
  scan_space (sc);
  if (*sc->p != c)
    return FALSE;
  sc->p++;
  return TRUE;
}

/* An identifier as the server sees it: bare ones fold to lower case. */
static char *
scan_ident (Scan *sc)
{
  GString *id = g_string_new (NULL);

  scan_space (sc);
  if (*sc->p == '"')
    {
      for (sc->p++; *sc->p != '\0'; sc->p++)
        {
          if (sc->p[0] == '"' && sc->p[1] == '"')
            sc->p++;
          else if (*sc->p == '"')
            break;
          g_string_append_c (id, *sc->p);
        }
      if (*sc->p == '"' && id->len > 0)
        {
          sc->p++;
          return g_string_free (id, FALSE);
        }
    }
  else if (is_ident_start (*sc->p))
    {
      while (is_ident_char (*sc->p))
        g_string_append_c (id, g_ascii_tolower (*sc->p++));
      return g_string_free (id, FALSE);
    }
  g_string_free (id, TRUE);
  return NULL;
}

static gboolean
scan_copy_values (Scan *sc, guint n_columns)
{
  for (guint k = 1; k <= n_columns; k++)
    {
      char *end = NULL;
      guint64 v;

      if (k > 1 && !scan_char (sc, ','))
        return FALSE;
      if (!scan_char (sc, '$'))
        return FALSE;
      v = g_ascii_strtoull (sc->p, &end, 10);
      if (end == sc->p || v != k)
        return FALSE;
      sc->p = end;
    }
  if (!scan_char (sc, ')'))
    return FALSE;
  scan_char (sc, ';');
  scan_space (sc);
  return *sc->p == '\0';
}

static gboolean
parse_copy_shape (MdbQuery *query, guint line, GError **error)
{
  Scan sc = { query->sql };
  char *column;

  query->copy_columns = g_ptr_array_new_with_free_func (g_free);
  if (scan_keyword (&sc, "INSERT") && scan_keyword (&sc, "INTO")
      && (query->copy_table = scan_ident (&sc)) != NULL && scan_char (&sc, '('))
    {
      do
        {
          if ((column = scan_ident (&sc)) == NULL)
            break;
          g_ptr_array_add (query->copy_columns, column);
        }
      while (scan_char (&sc, ','));
      if (column != NULL && scan_char (&sc, ')') && scan_keyword (&sc, "VALUES")
          && scan_char (&sc, '(') && query->copy_columns->len == query->params->len
          && scan_copy_values (&sc, query->copy_columns->len))
        return TRUE;
    }
  g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
               "%s:%u: query \"%s\" is :copy, so it must read "
               "INSERT INTO table (col, …) VALUES (:a, …) with one distinct parameter per column, "
               "in column order", query->path, line, query->name);
  return FALSE;
}

/* ---- annotations ------------------------------------------------------ */

static gboolean
is_snake_name (const char *s)
{
  if (!g_ascii_islower (*s))
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_islower (*s) && !g_ascii_isdigit (*s) && *s != '_')
      return FALSE;
  return TRUE;
}

static gboolean
is_pascal_name (const char *s)
{
  if (!g_ascii_isupper (*s))
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_isalnum (*s))
      return FALSE;
  return TRUE;
}

/* Text after "--" and blanks when @line is an annotation line, else NULL. */
static const char *
annotation_rest (const char *line)
{
  while (*line == ' ' || *line == '\t')
    line++;
  if (!g_str_has_prefix (line, "--"))
    return NULL;
  line += 2;
  while (*line == ' ' || *line == '\t')
    line++;
  return g_str_has_prefix (line, "name:") ? line + 5 : NULL;
}

static gboolean
is_comment_line (const char *line)
{
  while (*line == ' ' || *line == '\t')
    line++;
  return g_str_has_prefix (line, "--");
}

static gboolean annotation_fail (const char *path, guint line, GError **error,
                                 const char *fmt, ...) G_GNUC_PRINTF (4, 5);

static gboolean
annotation_fail (const char *path, guint line, GError **error, const char *fmt, ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, fmt);
  what = g_strdup_vprintf (fmt, args);
  va_end (args);
  g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "%s:%u: %s", path, line, what);
  return FALSE;
}

static gboolean
parse_kind (const char *word, MdbQueryKind *kind)
{
  if (word[0] != ':')
    return FALSE;
  for (guint k = 0; k < G_N_ELEMENTS (kind_names); k++)
    if (g_str_equal (word + 1, kind_names[k]))
      {
        *kind = (MdbQueryKind) k;
        return TRUE;
      }
  return FALSE;
}

/* The annotation's last word may export the query (`export`) or only its
 * row type (`export-row`); without it the generated code is internal. */
static gboolean
parse_export (const char *word, MdbQueryExport *out)
{
  if (g_str_equal (word, "export"))
    *out = MDB_QUERY_EXPORT_FUNCTION;
  else if (g_str_equal (word, "export-row"))
    *out = MDB_QUERY_EXPORT_ROW;
  else
    return FALSE;
  return TRUE;
}

#define KINDS_HINT "(expected :one :opt :many :exec :execrows :batch :copy)"

static gboolean
parse_annotation (MdbQuery *query, const char *rest, GError **error)
{
  g_autofree char *copy = g_strstrip (g_strdup (rest));
  g_auto(GStrv) words = g_strsplit_set (copy, " \t", -1);
  g_autoptr(GPtrArray) words_ptr = g_ptr_array_new ();
  const char *const *w;
  guint n;
  const char *path = query->path;
  guint line = query->line;

  for (guint k = 0; words[k] != NULL; k++)
    if (*words[k] != '\0')
      g_ptr_array_add (words_ptr, words[k]);
  w = (const char *const *) words_ptr->pdata;
  n = words_ptr->len;
  if (n == 0)
    return annotation_fail (path, line, error, "-- name: annotation has no query name");
  query->name = g_strdup (w[0]);
  if (!is_snake_name (query->name))
    return annotation_fail (path, line, error,
                            "query name \"%s\" must be snake_case ([a-z][a-z0-9_]*)", query->name);
  if (n == 1)
    return annotation_fail (path, line, error, "query \"%s\" has no kind " KINDS_HINT, query->name);
  if (!parse_kind (w[1], &query->kind))
    return annotation_fail (path, line, error, "unknown kind \"%s\" " KINDS_HINT, w[1]);
  if (n > 2 && parse_export (w[n - 1], &query->export))
    n--;
  if (query->export == MDB_QUERY_EXPORT_ROW && query->kind != MDB_QUERY_ONE
      && query->kind != MDB_QUERY_OPT && query->kind != MDB_QUERY_MANY)
    return annotation_fail (path, line, error, "query \"%s\" returns no rows, so it has no row type to "
                            "export (export-row needs :one, :opt or :many)", query->name);
  if (n == 2)
    return TRUE;
  if (!g_str_equal (w[2], "->"))
    return annotation_fail (path, line, error, "unexpected \"%s\" after the kind (only -> RowType, export "
                            "or export-row may follow)", w[2]);
  if (n == 3)
    return annotation_fail (path, line, error, "query \"%s\": -> needs a row type name", query->name);
  if (n > 4)
    return annotation_fail (path, line, error, "unexpected \"%s\" after the row type (only export or "
                            "export-row may follow)", w[4]);
  if (!is_pascal_name (w[3]))
    return annotation_fail (path, line, error, "row type \"%s\" must be PascalCase ([A-Z][A-Za-z0-9]*)",
                            w[3]);
  if (query->kind != MDB_QUERY_ONE && query->kind != MDB_QUERY_OPT && query->kind != MDB_QUERY_MANY)
    return annotation_fail (path, line, error, "query \"%s\" returns no rows, so it cannot name a row type "
                            "(-> needs :one, :opt or :many)", query->name);
  query->row_type = g_strdup (w[3]);
  return TRUE;
}

/* Fills query->sql, params and hash from the body lines. */
static gboolean
finish_body (MdbQuery *query, char **lines, guint from, guint to, GError **error)
{
  g_autofree char *body = NULL;
  char *start;
  guint first_line = from + 1;

  lines[to] = NULL;   /* caller restores */
  body = g_strjoinv ("\n", lines + from);
  for (start = body; g_ascii_isspace (*start); start++)
    if (*start == '\n')
      first_line++;
  g_strchomp (start);
  if (*start == '\0')
    return annotation_fail (query->path, query->line, error, "query \"%s\" has no SQL", query->name);
  query->params = g_ptr_array_new_with_free_func (query_param_free);
  query->source = g_strdup (start);
  query->source_line = first_line;
  query->source_column = 1;
  for (const char *c = start; c > body && c[-1] != '\n'; c--)
    query->source_column++;
  query->source_offsets = g_array_new (FALSE, FALSE, sizeof (guint));
  query->sql = mdb__query_rewrite_mapped (start, query->path, first_line, query->params,
                                          query->source_offsets, error);
  if (query->sql == NULL)
    return FALSE;
  query->hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, query->sql, -1);
  if ((query->kind == MDB_QUERY_BATCH) && query->params->len == 0)
    return annotation_fail (query->path, query->line, error,
                            "query \"%s\" is :batch but has no parameters", query->name);
  if (query->kind == MDB_QUERY_COPY)
    return parse_copy_shape (query, query->line, error);
  return TRUE;
}

static gboolean
check_prologue (const char *path, char **lines, guint end, GError **error)
{
  for (guint k = 0; k < end; k++)
    {
      const char *l = lines[k];

      while (g_ascii_isspace (*l))
        l++;
      if (*l != '\0' && !g_str_has_prefix (l, "--"))
        return annotation_fail (path, k + 1, error,
                                "SQL before the first \"-- name: <query> <kind>\" annotation");
    }
  return TRUE;
}

/* Line @to, or the line after the last one of lines [@from, @to) that
 * holds code as the lexer sees it: a "--" inside a string or a dollar
 * quote is code, a line of a block comment is not. */
static guint
code_end (char **lines, guint from, guint to)
{
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (query_param_free);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *text = NULL;
  char *saved = lines[to];
  Lexer lx = { NULL, 0, 0, 0, "", out, params, NULL };
  guint last = 0;
  gboolean any = FALSE;

  lines[to] = NULL;
  text = g_strjoinv ("\n", lines + from);
  lines[to] = saved;
  lx.s = text;
  lx.n = strlen (text);
  while (lx.i < lx.n)
    {
      char c = peek (&lx, 0), next = peek (&lx, 1);
      gboolean code = !g_ascii_isspace (c) && !(c == '-' && next == '-') && !(c == '/' && next == '*');

      if (!lex_step (&lx, NULL))
        return to;   /* the statement's own error is reported when it is read */
      if (code)
        {
          last = lx.line;   /* where the token ends */
          any = TRUE;
        }
    }
  return any ? from + last + 1 : to;
}

/* Ends the query started at annotation line @ann (0-based) with its body
 * running to line @next (exclusive), which is the next annotation or EOF. */
static gboolean
close_query (GPtrArray *queries, char **lines, guint ann, guint next, GError **error)
{
  MdbQuery *query = g_ptr_array_index (queries, queries->len - 1);
  guint end;
  gboolean ok;
  char *saved;

  /* The comment and blank lines after the statement's last code (the next
   * query's doc line, a longer note above it) are not part of it: the
   * server is not sent them, and editing them leaves the query's cache
   * entry as it was. */
  end = code_end (lines, ann + 1, next);
  saved = lines[end];
  ok = finish_body (query, lines, ann + 1, end, error);
  lines[end] = saved;
  return ok;
}

static char *
doc_above (char **lines, guint ann, guint floor)
{
  const char *l;

  if (ann == 0 || ann - 1 < floor || !is_comment_line (lines[ann - 1]) || annotation_rest (lines[ann - 1]))
    return NULL;
  l = strstr (lines[ann - 1], "--") + 2;
  return g_strstrip (g_strdup (l));
}

static gboolean
check_duplicate (GPtrArray *queries, const MdbQuery *query, GError **error)
{
  for (guint k = 0; k + 1 < queries->len; k++)
    {
      const MdbQuery *other = g_ptr_array_index (queries, k);

      if (g_str_equal (other->name, query->name))
        {
          g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                       "%s:%u: duplicate query name \"%s\" (first defined at %s:%u)",
                       query->path, query->line, query->name, other->path, other->line);
          return FALSE;
        }
    }
  return TRUE;
}

/* The cache is keyed by the rewritten text, so two queries with the same
 * text (`:a` and `@a`, or surrounding blank space, rewrite alike) would
 * share one cache file under one name; the last query of @queries may not. */
static gboolean
check_same_text (GPtrArray *queries, GError **error)
{
  const MdbQuery *query = g_ptr_array_index (queries, queries->len - 1);

  for (guint k = 0; k + 1 < queries->len; k++)
    {
      const MdbQuery *other = g_ptr_array_index (queries, k);

      if (g_strcmp0 (other->sql, query->sql) == 0)
        {
          g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                       "%s:%u: query \"%s\" has the same SQL as query \"%s\" (%s:%u) once parameters are "
                       "numbered, so both would share one cache file; call \"%s\" instead, or make the "
                       "statements differ", query->path, query->line, query->name, other->name, other->path,
                       other->line, other->name);
          return FALSE;
        }
    }
  return TRUE;
}

GPtrArray *
mdb__query_file_parse (const char *path, const char *text, GError **error)
{
  g_autoptr(GPtrArray) queries = g_ptr_array_new_with_free_func ((GDestroyNotify) mdb__query_free);
  g_auto(GStrv) lines = NULL;
  guint n_lines, ann = 0, floor = 0;
  gboolean open = FALSE;

  g_return_val_if_fail (path != NULL && text != NULL, NULL);
  lines = g_strsplit (text, "\n", -1);
  n_lines = g_strv_length (lines);
  for (guint k = 0; k <= n_lines; k++)
    {
      const char *rest = k < n_lines ? annotation_rest (lines[k]) : NULL;
      MdbQuery *query;

      if (k < n_lines && rest == NULL)
        continue;
      if (!open && !check_prologue (path, lines, k, error))
        return NULL;
      if (open && (!close_query (queries, lines, ann, k, error)
                   || !check_same_text (queries, error)))
        return NULL;
      if (k == n_lines)
        break;
      query = g_new0 (MdbQuery, 1);
      query->path = g_strdup (path);
      query->line = k + 1;
      query->doc = doc_above (lines, k, floor);
      g_ptr_array_add (queries, query);
      if (!parse_annotation (query, rest, error) || !check_duplicate (queries, query, error))
        return NULL;
      open = TRUE;
      ann = k;
      floor = k + 1;
    }
  return g_steal_pointer (&queries);
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

GPtrArray *
mdb__query_dir_load (const char *dir, GError **error)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) mdb__query_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) d = g_dir_open (dir, 0, error);
  const char *entry;

  if (d == NULL)
    return NULL;
  while ((entry = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (entry, ".sql"))
      g_ptr_array_add (names, g_build_filename (dir, entry, NULL));
  g_ptr_array_sort (names, compare_names);
  for (guint k = 0; k < names->len; k++)
    {
      g_autofree char *text = NULL;
      g_autoptr(GPtrArray) queries = NULL;

      if (!g_file_get_contents (names->pdata[k], &text, NULL, error))
        return NULL;
      queries = mdb__query_file_parse (names->pdata[k], text, error);
      if (queries == NULL)
        return NULL;
      for (guint q = 0; q < queries->len; q++)
        {
          g_ptr_array_add (all, g_steal_pointer (&queries->pdata[q]));
          if (!check_duplicate (all, all->pdata[all->len - 1], error) || !check_same_text (all, error))
            return NULL;
        }
      g_ptr_array_set_free_func (queries, NULL);
    }
  return g_steal_pointer (&all);
}

/**
 * mdb__query_locate:
 * @query: a parsed query
 * @sql_offset: a byte offset into query->sql
 * @line: (out): its line in the query file
 * @column: (out): its column there (1-based, in characters)
 *
 * Where a byte of the rewritten SQL was written in the file (a `$N` maps
 * to its `:name`).
 *
 * Returns: (transfer full) (nullable): the text of that file line (the
 *   query's first line with its leading blanks as spaces), or %NULL when
 *   @query has no source map or @sql_offset is out of range
 */
char *
mdb__query_locate (const MdbQuery *query, gsize sql_offset, guint *line, guint *column)
{
  const char *src, *at, *begin, *end;
  guint from;

  if (query->source == NULL || query->source_offsets == NULL || sql_offset >= query->source_offsets->len)
    return NULL;
  src = query->source;
  from = g_array_index (query->source_offsets, guint, sql_offset);
  at = src + from;
  *line = query->source_line;
  for (const char *c = src; c < at; c++)
    *line += *c == '\n';
  for (begin = at; begin > src && begin[-1] != '\n'; begin--)
    ;
  end = strchr (at, '\n');
  if (end == NULL)
    end = at + strlen (at);
  *column = (guint) g_utf8_strlen (begin, at - begin) + 1;
  if (begin == src && query->source_column > 1)
    {
      /* The first line lost its leading blanks to the trim. */
      *column += query->source_column - 1;
      return g_strdup_printf ("%*s%.*s", (int) query->source_column - 1, "", (int) (end - begin), begin);
    }
  return g_strndup (begin, end - begin);
}
