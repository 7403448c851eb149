/* SPDX-License-Identifier: MIT */
/* Prisma's canonical layout (what `prisma format` prints), from the parsed
 * blocks and the file's comments:
 *  - one blank line between top-level blocks, runs of blank lines become one;
 *  - fields in columns (name, type, attributes) over each run of lines not
 *    broken by a blank line; a type is padded only when attributes follow;
 *  - block attributes (@@…) last, after one blank line, sorted @@id,
 *    @@unique, @@index, then the rest, each keeping the comments above it;
 *  - settings of datasource/generator blocks aligned on " = ";
 *  - attributes and values reprinted with ", " and ": " spacing.
 * Comments are kept where they are: a comment after code stays on its line,
 * one single space after the code. */
#include "prisma-private.h"

#include <string.h>

typedef struct {
  int       line;
  char     *text;      /* from "//" to the end of the line, trailing space cut */
  gboolean  trailing;  /* code precedes it on its line */
  gboolean  done;      /* printed already */
} Comment;

typedef struct {
  GPtrArray  *comments;  /* Comment *, in line order */
  GHashTable *blank;     /* line numbers of whitespace-only lines */
  GString    *out;
  int         block_line, block_column;  /* the first block comment, or 0 */
} Formatter;

static void
comment_free (Comment *c)
{
  g_free (c->text);
  g_free (c);
}

/* Finds each line's comment ("//" outside a string) and the blank lines. */
static void
scan_lines (Formatter *f, const char *text, gsize len)
{
  int line = 1;
  gsize start = 0;

  for (gsize i = 0; i <= len; i++)
    {
      if (i < len && text[i] != '\n')
        continue;
      {
        const char *s = text + start, *end = text + i;
        gboolean in_string = FALSE, code = FALSE;
        for (const char *p = s; p < end; p++)
          {
            if (in_string)
              {
                if (*p == '\\' && p + 1 < end)
                  p++;
                else if (*p == '"')
                  in_string = FALSE;
              }
            else if (*p == '"')
              in_string = code = TRUE;
            else if (*p == '/' && p + 1 < end && p[1] == '/')
              {
                Comment *c = g_new0 (Comment, 1);
                const char *e = end;
                while (e > p && g_ascii_isspace (e[-1]))
                  e--;
                c->line = line;
                c->text = g_strndup (p, e - p);
                c->trailing = code;
                g_ptr_array_add (f->comments, c);
                break;
              }
            else if (*p == '/' && p + 1 < end && p[1] == '*')
              {
                if (f->block_line == 0)
                  {
                    f->block_line = line;
                    f->block_column = (int) g_utf8_strlen (s, p - s) + 1;
                  }
                code = TRUE;
                break;
              }
            else if (!g_ascii_isspace (*p))
              code = TRUE;
          }
        if (!code && !(f->comments->len > 0
                       && ((Comment *) g_ptr_array_index (f->comments, f->comments->len - 1))->line == line))
          g_hash_table_add (f->blank, GINT_TO_POINTER (line));
      }
      line++;
      start = i + 1;
    }
}

/* ---- values ---- */

static void print_value (GString *out, const PrismaValue *v);

static void
print_string (GString *out, const char *s)
{
  g_string_append_c (out, '"');
  for (; *s != '\0'; s++)
    {
      if (*s == '"' || *s == '\\')
        g_string_append_c (out, '\\');
      if (*s == '\n')
        g_string_append (out, "\\n");
      else if (*s == '\t')
        g_string_append (out, "\\t");
      else
        g_string_append_c (out, *s);
    }
  g_string_append_c (out, '"');
}

static void
print_args (GString *out, GPtrArray *args)
{
  g_string_append_c (out, '(');
  for (guint i = 0; i < args->len; i++)
    {
      const PrismaArg *arg = g_ptr_array_index (args, i);
      if (i > 0)
        g_string_append (out, ", ");
      if (arg->name != NULL)
        g_string_append_printf (out, "%s: ", arg->name);
      print_value (out, arg->value);
    }
  g_string_append_c (out, ')');
}

static void
print_value (GString *out, const PrismaValue *v)
{
  switch (v->kind)
    {
    case PRISMA_V_STRING:
      print_string (out, v->text);
      break;
    case PRISMA_V_FUNC:
      g_string_append (out, v->text);
      print_args (out, v->args);
      break;
    case PRISMA_V_LIST:
      g_string_append_c (out, '[');
      for (guint i = 0; i < v->items->len; i++)
        {
          if (i > 0)
            g_string_append (out, ", ");
          print_value (out, g_ptr_array_index (v->items, i));
        }
      g_string_append_c (out, ']');
      break;
    case PRISMA_V_NUMBER:
    case PRISMA_V_IDENT:
    default:
      g_string_append (out, v->text);
      break;
    }
}

/* Prisma's order of attributes; "db." stands for every native type. */
static const char *const field_attr_order[] = {
  "id", "unique", "default", "updatedAt", "map", "relation", "ignore", "db.",
};
static const char *const block_attr_order[] = {
  "id", "unique", "index", "fulltext", "map", "ignore", "schema",
};

static guint
attr_rank (const PrismaAttr *attr, const char *const *order, guint n)
{
  for (guint i = 0; i < n; i++)
    if (g_str_has_suffix (order[i], ".") ? g_str_has_prefix (attr->name, order[i]) : strcmp (attr->name, order[i]) == 0)
      return i;
  return n;
}

/* The attributes in Prisma's order (stable: equal ranks keep theirs). */
/**
 * mdb__prisma_value_text:
 * @v: a value
 *
 * Returns: (transfer full): @v as Prisma prints it (`uuid(5)`, `[a, b]`),
 * for messages and the formatter
 */
char *
mdb__prisma_value_text (const PrismaValue *v)
{
  GString *out = g_string_new (NULL);

  print_value (out, v);
  return g_string_free (out, FALSE);
}

static char *
attrs_text (GPtrArray *attrs, const char *prefix, const char *const *order, guint n)
{
  GString *out = g_string_new (NULL);

  for (guint rank = 0; rank <= n; rank++)
    for (guint i = 0; i < attrs->len; i++)
      {
        const PrismaAttr *attr = g_ptr_array_index (attrs, i);
        if (attr_rank (attr, order, n) != rank)
          continue;
        if (out->len > 0)
          g_string_append_c (out, ' ');
        g_string_append_printf (out, "%s%s", prefix, attr->name);
        if (attr->args->len > 0)
          print_args (out, attr->args);
      }
  return g_string_free (out, FALSE);
}

static char *
type_text (const PrismaField *field)
{
  GString *out = g_string_new (field->type);

  if (field->type_args != NULL)
    print_args (out, field->type_args);
  if (field->list)
    g_string_append (out, "[]");
  else if (field->optional)
    g_string_append_c (out, '?');
  return g_string_free (out, FALSE);
}

/* ---- comments and blank lines ---- */

/* A blank line lies strictly between lines @from and @to. */
static gboolean
blank_between (const Formatter *f, int from, int to)
{
  for (int l = from + 1; l < to; l++)
    if (g_hash_table_contains (f->blank, GINT_TO_POINTER (l)))
      return TRUE;
  return FALSE;
}

static Comment *
trailing_comment (const Formatter *f, int line)
{
  for (guint i = 0; i < f->comments->len; i++)
    {
      Comment *c = g_ptr_array_index (f->comments, i);
      if (c->line == line && c->trailing && !c->done)
        return c;
    }
  return NULL;
}

static void
append_trailing (Formatter *f, int line)
{
  Comment *c = trailing_comment (f, line);

  if (c != NULL)
    {
      g_string_append_printf (f->out, " %s", c->text);
      c->done = TRUE;
    }
  g_string_append_c (f->out, '\n');
}

/* The standalone comments right above @line (no blank line between) move
 * with what is on @line; the first line of that run. */
static int
attached_from (const Formatter *f, int line, int floor)
{
  int first = line;

  for (guint i = f->comments->len; i-- > 0;)
    {
      const Comment *c = g_ptr_array_index (f->comments, i);
      if (c->line >= first || c->trailing)
        continue;
      if (c->line <= floor || c->line != first - 1)
        break;
      first = c->line;
    }
  return first;
}

/* ---- block bodies ---- */

typedef struct {
  int   line;
  const Comment *comment;  /* a comment line, or NULL for a field */
  char *name, *type, *attrs;
  gboolean added;          /* a back-relation the formatter added: no comment of its own */
} Row;

static void
row_clear (Row *row)
{
  g_free (row->name);
  g_free (row->type);
  g_free (row->attrs);
}

static gint
row_cmp (gconstpointer a, gconstpointer b)
{
  return ((const Row *) a)->line - ((const Row *) b)->line;
}

/* Prints rows [from, to) as one aligned group. */
static void
print_group (Formatter *f, GArray *rows, guint from, guint to, gboolean setting)
{
  gsize name_w = 0, type_w = 0;

  for (guint i = from; i < to; i++)
    {
      const Row *row = &g_array_index (rows, Row, i);
      if (row->comment != NULL)
        continue;
      name_w = MAX (name_w, (gsize) g_utf8_strlen (row->name, -1));
      if (row->type != NULL)
        type_w = MAX (type_w, (gsize) g_utf8_strlen (row->type, -1));
    }
  for (guint i = from; i < to; i++)
    {
      const Row *row = &g_array_index (rows, Row, i);
      int pad = (int) (name_w - g_utf8_strlen (row->name != NULL ? row->name : "", -1));
      if (row->comment != NULL)
        {
          g_string_append_printf (f->out, "  %s\n", row->comment->text);
          continue;
        }
      g_string_append_printf (f->out, "  %s", row->name);
      if (setting)
        g_string_append_printf (f->out, "%*s = %s", pad, "", row->attrs);
      else if (row->type != NULL)
        {
          g_string_append_printf (f->out, "%*s %s", pad, "", row->type);
          if (row->attrs[0] != '\0')
            g_string_append_printf (f->out, "%*s %s", (int) (type_w - g_utf8_strlen (row->type, -1)), "",
                                    row->attrs);
        }
      else if (row->attrs[0] != '\0')
        g_string_append_printf (f->out, "%*s %s", pad, "", row->attrs);
      if (row->added)
        g_string_append_c (f->out, '\n');
      else
        append_trailing (f, row->line);
    }
}

static Row
field_row (const PrismaBlock *block, const PrismaField *field)
{
  Row row = { .line = field->line, .name = g_strdup (field->name), .added = field->column == 0 };

  if (block->kind == PRISMA_BLOCK_OTHER)
    {
      GString *v = g_string_new (NULL);
      if (field->value != NULL)
        print_value (v, field->value);
      row.attrs = g_string_free (v, FALSE);
    }
  else
    {
      row.type = field->type != NULL ? type_text (field) : NULL;
      row.attrs = attrs_text (field->attrs, "@", field_attr_order, G_N_ELEMENTS (field_attr_order));
    }
  return row;
}

/* Fields and the comments among them, in groups split at blank lines. */
static void
print_fields (Formatter *f, const PrismaBlock *block)
{
  g_autoptr (GArray) rows = g_array_new (FALSE, TRUE, sizeof (Row));
  guint start = 0;

  g_array_set_clear_func (rows, (GDestroyNotify) row_clear);
  for (guint i = 0; i < block->fields->len; i++)
    {
      Row row = field_row (block, g_ptr_array_index (block->fields, i));
      g_array_append_val (rows, row);
    }
  for (guint i = 0; i < f->comments->len; i++)
    {
      Comment *c = g_ptr_array_index (f->comments, i);
      if (c->line > block->line && c->line < block->end_line && !c->trailing && !c->done)
        {
          Row row = { .line = c->line, .comment = c };
          c->done = TRUE;
          g_array_append_val (rows, row);
        }
    }
  g_array_sort (rows, row_cmp);
  for (guint i = 1; i <= rows->len; i++)
    if (i == rows->len
        || blank_between (f, g_array_index (rows, Row, i - 1).line, g_array_index (rows, Row, i).line))
      {
        if (start > 0)
          g_string_append_c (f->out, '\n');
        print_group (f, rows, start, i, block->kind == PRISMA_BLOCK_OTHER);
        start = i;
      }
}

/* Marks the comments above each block attribute as its own, so that the
 * field pass leaves them. */
static void
claim_attr_comments (Formatter *f, const PrismaBlock *block, gboolean claim)
{
  for (guint i = 0; i < block->attrs->len; i++)
    {
      const PrismaAttr *attr = g_ptr_array_index (block->attrs, i);
      int from = attached_from (f, attr->line, block->line);
      for (guint k = 0; k < f->comments->len; k++)
        {
          Comment *c = g_ptr_array_index (f->comments, k);
          if (!c->trailing && c->line >= from && c->line < attr->line)
            c->done = claim;
        }
    }
}

static void
print_block_attrs (Formatter *f, const PrismaBlock *block)
{
  guint n = G_N_ELEMENTS (block_attr_order);

  for (guint rank = 0; rank <= n; rank++)
    for (guint i = 0; i < block->attrs->len; i++)
      {
        const PrismaAttr *attr = g_ptr_array_index (block->attrs, i);
        g_autoptr (GPtrArray) one = g_ptr_array_new ();
        g_autofree char *text = NULL;
        int from;

        if (attr_rank (attr, block_attr_order, n) != rank)
          continue;
        from = attached_from (f, attr->line, block->line);
        for (guint k = 0; k < f->comments->len; k++)
          {
            const Comment *c = g_ptr_array_index (f->comments, k);
            if (!c->trailing && c->line >= from && c->line < attr->line)
              g_string_append_printf (f->out, "  %s\n", c->text);
          }
        g_ptr_array_add (one, (gpointer) attr);
        text = attrs_text (one, "@@", block_attr_order, n);
        g_string_append_printf (f->out, "  %s", text);
        append_trailing (f, attr->line);
      }
}

static void
print_block (Formatter *f, const PrismaBlock *block)
{
  g_string_append_printf (f->out, "%s %s {", block->keyword, block->name);
  append_trailing (f, block->line);
  claim_attr_comments (f, block, TRUE);
  print_fields (f, block);
  claim_attr_comments (f, block, FALSE);
  if (block->attrs->len > 0)
    {
      if (block->fields->len > 0)
        g_string_append_c (f->out, '\n');
      print_block_attrs (f, block);
    }
  for (guint k = 0; k < f->comments->len; k++)
    {
      Comment *c = g_ptr_array_index (f->comments, k);
      if (c->line > block->line && c->line < block->end_line)
        c->done = TRUE;
    }
  g_string_append (f->out, "}");
  append_trailing (f, block->end_line);
}

/* ---- the file ---- */

/* Top level: blocks and the comments between them, in line order; one
 * blank line after a block, and where the file had one or more. */
static void
print_file (Formatter *f, GPtrArray *blocks)
{
  guint b = 0, c = 0;
  int last = 0;
  gboolean after_block = FALSE;

  while (b < blocks->len || c < f->comments->len)
    {
      const PrismaBlock *block = b < blocks->len ? g_ptr_array_index (blocks, b) : NULL;
      Comment *comment = c < f->comments->len ? g_ptr_array_index (f->comments, c) : NULL;
      int line;

      if (comment != NULL && comment->done)
        {
          c++;
          continue;
        }
      line = comment != NULL && (block == NULL || comment->line < block->line) ? comment->line : block->line;
      if (last > 0 && (after_block || blank_between (f, last, line)))
        g_string_append_c (f->out, '\n');
      if (block != NULL && line == block->line)
        {
          print_block (f, block);
          last = block->end_line;
          after_block = TRUE;
          b++;
        }
      else
        {
          g_string_append_printf (f->out, "%s\n", comment->text);
          comment->done = TRUE;
          last = comment->line;
          after_block = FALSE;
          c++;
        }
    }
}

/**
 * mdb__prisma_format:
 * @text: schema text
 * @len: its length in bytes
 * @path: (nullable): file name for errors
 * @error: return location for a #GError
 *
 * Lays @text out as `prisma format` does, comments kept, and adds the
 * back-relation fields it adds (mdb__prisma_add_back_relations()).  The text must
 * be well-formed (a schema with semantic errors can still be formatted).
 * Sets %MDB_ERROR_INVALID_INPUT naming file:line:column.
 *
 * Returns: (transfer full): the formatted text, or %NULL
 */
char *
mdb__prisma_format (const char *text, gsize len, const char *path, GError **error)
{
  g_autoptr (GPtrArray) blocks = NULL;
  Formatter f = { 0 };

  g_return_val_if_fail (text != NULL || len == 0, NULL);
  blocks = mdb__prisma_parse_blocks (text != NULL ? text : "", len, path, error);
  if (blocks == NULL)
    return NULL;
  mdb__prisma_add_back_relations (blocks);
  f.comments = g_ptr_array_new_with_free_func ((GDestroyNotify) comment_free);
  f.blank = g_hash_table_new (NULL, NULL);
  f.out = g_string_new (NULL);
  scan_lines (&f, text != NULL ? text : "", len);
  if (f.block_line != 0)
    /* Prisma rewrites them into doc-comment blocks; we keep comments
     * where they are, which a block comment spanning lines defeats. */
    g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                 "%s:%d:%d: mdb schema format keeps only // comments: write this /* … */ comment as // lines",
                 path != NULL ? path : "<schema>", f.block_line, f.block_column);
  else
    print_file (&f, blocks);
  g_ptr_array_unref (f.comments);
  g_hash_table_unref (f.blank);
  return g_string_free (f.out, f.block_line != 0);
}
