/* SPDX-License-Identifier: MIT */
/* Recursive-descent parser for the Prisma schema subset we support. */
#include "prisma-private.h"

#include <string.h>

/* Values nest through function arguments and lists; fuzzed input must not
 * exhaust the stack. */
#define MAX_DEPTH 16

typedef struct {
  PrismaLexer lexer;
  PrismaToken tok;
  const char *path;
  GError    **error;
  gboolean    failed;
} Parser;

static void
value_free (PrismaValue *value)
{
  if (value == NULL)
    return;
  g_free (value->text);
  if (value->args != NULL)
    g_ptr_array_unref (value->args);
  if (value->items != NULL)
    g_ptr_array_unref (value->items);
  g_free (value);
}

static void
arg_free (PrismaArg *arg)
{
  g_free (arg->name);
  value_free (arg->value);
  g_free (arg);
}

static void
attr_free (PrismaAttr *attr)
{
  g_free (attr->name);
  g_ptr_array_unref (attr->args);
  g_free (attr);
}

static void
field_free (PrismaField *field)
{
  g_free (field->name);
  g_free (field->type);
  g_ptr_array_unref (field->attrs);
  if (field->type_args != NULL)
    g_ptr_array_unref (field->type_args);
  value_free (field->value);
  g_free (field);
}

/* A field made by the tool rather than read (column 0 tells it apart). */
PrismaField *
mdb__prisma_field_new (const char *name, const char *type, int line)
{
  PrismaField *field = g_new0 (PrismaField, 1);

  field->name = g_strdup (name);
  field->type = g_strdup (type);
  field->attrs = g_ptr_array_new_with_free_func ((GDestroyNotify) attr_free);
  field->line = field->type_line = line;
  return field;
}

/* Appends `@name` (with one string argument when @string is not NULL). */
void
mdb__prisma_field_add_attr (PrismaField *field, const char *name, const char *string)
{
  PrismaAttr *attr = g_new0 (PrismaAttr, 1);

  attr->name = g_strdup (name);
  attr->args = g_ptr_array_new_with_free_func ((GDestroyNotify) arg_free);
  if (string != NULL)
    {
      PrismaArg *arg = g_new0 (PrismaArg, 1);
      arg->value = g_new0 (PrismaValue, 1);
      arg->value->kind = PRISMA_V_STRING;
      arg->value->text = g_strdup (string);
      g_ptr_array_add (attr->args, arg);
    }
  g_ptr_array_add (field->attrs, attr);
}

void
mdb__prisma_block_free (PrismaBlock *block)
{
  g_free (block->keyword);
  g_free (block->name);
  g_ptr_array_unref (block->fields);
  g_ptr_array_unref (block->attrs);
  g_free (block);
}

static void
next (Parser *p)
{
  g_free (p->tok.text);
  mdb__prisma_lexer_next (&p->lexer, &p->tok);
}

static gboolean
fail_expected (Parser *p, const char *expected)
{
  if (!p->failed)
    {
      g_autofree char *found = mdb__prisma_token_describe (&p->tok);
      g_set_error (p->error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "%s:%d:%d: expected %s, found %s",
                   p->path, p->tok.line, p->tok.column, expected, found);
      p->failed = TRUE;
    }
  return FALSE;
}

static gboolean
is_punct (const Parser *p, char c)
{
  return p->tok.kind == PRISMA_TOK_PUNCT && p->tok.text[0] == c;
}

static gboolean
expect_punct (Parser *p, char c)
{
  char what[4] = { '\'', c, '\'', '\0' };

  if (!is_punct (p, c))
    return fail_expected (p, what);
  next (p);
  return TRUE;
}

/* Takes the current identifier's text; the caller owns it. */
static char *
take_ident (Parser *p, const char *expected)
{
  char *text;

  if (p->tok.kind != PRISMA_TOK_IDENT)
    {
      fail_expected (p, expected);
      return NULL;
    }
  text = g_steal_pointer (&p->tok.text);
  next (p);
  return text;
}

/* One token of lookahead past the current one, without consuming it. */
static gboolean
peek_is_punct (const Parser *p, char c)
{
  PrismaLexer copy = p->lexer;
  PrismaToken tok;
  gboolean is;

  mdb__prisma_lexer_next (&copy, &tok);
  is = tok.kind == PRISMA_TOK_PUNCT && tok.text[0] == c;
  g_free (tok.text);
  return is;
}

static PrismaValue *parse_value (Parser *p, int depth);

static GPtrArray *
parse_args (Parser *p, int depth)
{
  GPtrArray *args = g_ptr_array_new_with_free_func ((GDestroyNotify) arg_free);

  if (!expect_punct (p, '('))
    return args;
  while (!p->failed && !is_punct (p, ')'))
    {
      PrismaArg *arg = g_new0 (PrismaArg, 1);
      arg->line = p->tok.line;
      arg->column = p->tok.column;
      g_ptr_array_add (args, arg);
      if (p->tok.kind == PRISMA_TOK_IDENT && peek_is_punct (p, ':'))
        {
          arg->name = take_ident (p, "an argument name");
          next (p);
        }
      arg->value = parse_value (p, depth + 1);
      if (arg->value == NULL)
        break;
      if (is_punct (p, ','))
        next (p);
      else if (!is_punct (p, ')'))
        fail_expected (p, "',' or ')'");
    }
  if (!p->failed)
    next (p);
  return args;
}

static PrismaValue *
parse_list (Parser *p, PrismaValue *value, int depth)
{
  value->kind = PRISMA_V_LIST;
  value->items = g_ptr_array_new_with_free_func ((GDestroyNotify) value_free);
  next (p);
  while (!p->failed && !is_punct (p, ']'))
    {
      PrismaValue *item = parse_value (p, depth + 1);
      if (item == NULL)
        break;
      g_ptr_array_add (value->items, item);
      if (is_punct (p, ','))
        next (p);
      else if (!is_punct (p, ']'))
        fail_expected (p, "',' or ']'");
    }
  if (p->failed)
    {
      value_free (value);
      return NULL;
    }
  next (p);
  return value;
}

static PrismaValue *
parse_value (Parser *p, int depth)
{
  PrismaValue *value;

  if (depth > MAX_DEPTH)
    {
      fail_expected (p, "a less deeply nested value");
      return NULL;
    }
  value = g_new0 (PrismaValue, 1);
  value->line = p->tok.line;
  value->column = p->tok.column;
  if (is_punct (p, '['))
    return parse_list (p, value, depth);
  if (p->tok.kind == PRISMA_TOK_STRING)
    value->kind = PRISMA_V_STRING;
  else if (p->tok.kind == PRISMA_TOK_NUMBER)
    value->kind = PRISMA_V_NUMBER;
  else if (p->tok.kind == PRISMA_TOK_IDENT)
    value->kind = PRISMA_V_IDENT;
  else
    {
      g_free (value);
      fail_expected (p, "a value");
      return NULL;
    }
  value->text = g_steal_pointer (&p->tok.text);
  next (p);
  if (value->kind == PRISMA_V_IDENT && is_punct (p, '('))
    {
      value->kind = PRISMA_V_FUNC;
      value->args = parse_args (p, depth);
    }
  if (p->failed)
    {
      value_free (value);
      return NULL;
    }
  return value;
}

/* After '@' or '@@': name, optional ".Native", optional arguments. */
static PrismaAttr *
parse_attr (Parser *p)
{
  PrismaAttr *attr = g_new0 (PrismaAttr, 1);

  attr->line = p->tok.line;
  attr->column = p->tok.column;
  next (p);
  attr->name = take_ident (p, "an attribute name");
  if (attr->name != NULL && is_punct (p, '.'))
    {
      g_autofree char *native = NULL;
      next (p);
      native = take_ident (p, "a native type name");
      if (native != NULL)
        {
          char *full = g_strconcat (attr->name, ".", native, NULL);
          g_free (attr->name);
          attr->name = full;
        }
    }
  if (!p->failed && is_punct (p, '('))
    attr->args = parse_args (p, 0);
  else
    attr->args = g_ptr_array_new_with_free_func ((GDestroyNotify) arg_free);
  if (p->failed)
    {
      attr_free (attr);
      return NULL;
    }
  return attr;
}

static void
parse_field_type (Parser *p, PrismaField *field)
{
  field->type_line = p->tok.line;
  field->type_column = p->tok.column;
  field->type = take_ident (p, "a field type");
  if (field->type == NULL)
    return;
  if (is_punct (p, '('))   /* Unsupported("…") */
    field->type_args = parse_args (p, 0);
  if (p->failed)
    return;
  if (is_punct (p, '?'))
    {
      field->optional = TRUE;
      next (p);
    }
  else if (is_punct (p, '['))
    {
      next (p);
      if (expect_punct (p, ']'))
        field->list = TRUE;
    }
}

static PrismaField *
parse_field (Parser *p, gboolean with_type)
{
  PrismaField *field = g_new0 (PrismaField, 1);

  field->line = p->tok.line;
  field->column = p->tok.column;
  field->attrs = g_ptr_array_new_with_free_func ((GDestroyNotify) attr_free);
  field->name = take_ident (p, "a field name");
  if (with_type && field->name != NULL)
    parse_field_type (p, field);
  while (!p->failed && p->tok.kind == PRISMA_TOK_AT)
    {
      PrismaAttr *attr = parse_attr (p);
      if (attr != NULL)
        g_ptr_array_add (field->attrs, attr);
    }
  if (p->failed)
    {
      field_free (field);
      return NULL;
    }
  return field;
}

/* datasource/generator bodies: key = value lines, kept as fields with a
 * value (the formatter prints them; the resolver reads few). */
static void
parse_config_body (Parser *p, PrismaBlock *block)
{
  while (!p->failed && !is_punct (p, '}'))
    {
      PrismaField *setting = g_new0 (PrismaField, 1);

      setting->line = p->tok.line;
      setting->column = p->tok.column;
      setting->attrs = g_ptr_array_new ();
      g_ptr_array_add (block->fields, setting);
      setting->name = take_ident (p, "a setting name or '}'");
      if (setting->name == NULL || !expect_punct (p, '='))
        return;
      setting->value = parse_value (p, 0);
    }
}

static void
parse_body (Parser *p, PrismaBlock *block)
{
  while (!p->failed && !is_punct (p, '}'))
    {
      if (p->tok.kind == PRISMA_TOK_ATAT)
        {
          PrismaAttr *attr = parse_attr (p);
          if (attr != NULL)
            g_ptr_array_add (block->attrs, attr);
        }
      else if (p->tok.kind == PRISMA_TOK_IDENT)
        {
          PrismaField *field = parse_field (p, block->kind != PRISMA_BLOCK_ENUM);
          if (field != NULL)
            g_ptr_array_add (block->fields, field);
        }
      else
        fail_expected (p, block->kind != PRISMA_BLOCK_ENUM ? "a field, '@@' or '}'"
                                                           : "an enum value, '@@' or '}'");
    }
}

static PrismaBlock *
parse_block (Parser *p)
{
  PrismaBlock *block = g_new0 (PrismaBlock, 1);
  const char *keyword = p->tok.text;

  block->line = p->tok.line;
  block->column = p->tok.column;
  block->kind = strcmp (keyword, "model") == 0 ? PRISMA_BLOCK_MODEL
              : strcmp (keyword, "enum") == 0 ? PRISMA_BLOCK_ENUM
              : strcmp (keyword, "view") == 0 ? PRISMA_BLOCK_VIEW
              : strcmp (keyword, "type") == 0 ? PRISMA_BLOCK_TYPE : PRISMA_BLOCK_OTHER;
  block->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  block->attrs = g_ptr_array_new_with_free_func ((GDestroyNotify) attr_free);
  block->keyword = g_strdup (keyword);
  next (p);
  block->name = take_ident (p, "a block name");
  if (block->name != NULL && expect_punct (p, '{'))
    {
      if (block->kind == PRISMA_BLOCK_OTHER)
        parse_config_body (p, block);
      else
        parse_body (p, block);
    }
  block->end_line = p->tok.line;
  if (!p->failed)
    next (p);
  if (p->failed)
    {
      mdb__prisma_block_free (block);
      return NULL;
    }
  return block;
}

static gboolean
is_block_keyword (const PrismaToken *tok)
{
  static const char *const keywords[] = { "model", "enum", "datasource", "generator", "view", "type" };

  if (tok->kind != PRISMA_TOK_IDENT)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (keywords); i++)
    if (strcmp (tok->text, keywords[i]) == 0)
      return TRUE;
  return FALSE;
}

GPtrArray *
mdb__prisma_parse_blocks (const char *text, gsize len, const char *path, GError **error)
{
  Parser p = { .path = path != NULL ? path : "<schema>", .error = error };
  GPtrArray *blocks;
  int line, column;
  guint byte;

  if (mdb__prisma_find_bad_utf8 (text, len, &line, &column, &byte))
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                   "%s:%d:%d: invalid UTF-8 (byte 0x%02x): a schema is UTF-8 text, comments and strings included",
                   p.path, line, column, byte);
      return NULL;
    }
  blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) mdb__prisma_block_free);
  mdb__prisma_lexer_init (&p.lexer, text, len);
  mdb__prisma_lexer_next (&p.lexer, &p.tok);
  while (!p.failed && p.tok.kind != PRISMA_TOK_EOF)
    {
      if (!is_block_keyword (&p.tok))
        {
          fail_expected (&p, "\"model\", \"enum\", \"datasource\" or \"generator\"");
          break;
        }
      PrismaBlock *block = parse_block (&p);
      if (block != NULL)
        g_ptr_array_add (blocks, block);
    }
  g_free (p.tok.text);
  if (p.failed)
    {
      g_ptr_array_unref (blocks);
      return NULL;
    }
  return blocks;
}

/**
 * mdb__prisma_parse:
 * @text: schema text (need not be NUL-terminated)
 * @len: its length in bytes
 * @path: (nullable): file name used in error messages
 * @error: return location for a #GError
 *
 * Parses a Prisma schema into the database model.  Any input, however
 * malformed, gives either a model or one error naming file:line:column.
 * Sets %MDB_ERROR_INVALID_INPUT.
 *
 * Returns: (transfer full): the model, or %NULL
 * Since: 0.1
 */
MdbSchema *
mdb__prisma_parse (const char *text, gsize len, const char *path, GError **error)
{
  g_autoptr (GPtrArray) blocks = NULL;

  g_return_val_if_fail (text != NULL || len == 0, NULL);
  blocks = mdb__prisma_parse_blocks (text != NULL ? text : "", len, path, error);
  if (blocks == NULL)
    return NULL;
  return mdb__prisma_resolve (blocks, path != NULL ? path : "<schema>", error);
}

/**
 * mdb__prisma_parse_file:
 * @path: a .prisma file
 * @error: return location for a #GError
 *
 * Reads and parses @path; see mdb__prisma_parse().
 * Sets %MDB_ERROR_INVALID_INPUT (also when the file cannot be read).
 *
 * Returns: (transfer full): the model, or %NULL
 * Since: 0.1
 */
MdbSchema *
mdb__prisma_parse_file (const char *path, GError **error)
{
  g_autofree char *text = NULL;
  gsize len = 0;
  GError *local = NULL;

  if (!g_file_get_contents (path, &text, &len, &local))
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "%s", local->message);
      g_error_free (local);
      return NULL;
    }
  return mdb__prisma_parse (text, len, path, error);
}
