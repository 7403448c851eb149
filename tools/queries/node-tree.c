/* SPDX-License-Identifier: MIT */
/* node-tree.c: reads PostgreSQL's text form of a node tree (outfuncs: `{QUERY :field value …}`). */
#include <string.h>
#include "node-tree.h"

#define MAX_DEPTH 4000   /* a tree nested deeper than this is refused, not walked */

typedef struct {
  const char *p;
  char       *peeked;
  guint       depth;
} Reader;

void
mdb__pg_node_free (MdbPgNode *node)
{
  if (node == NULL)
    return;
  g_free (node->text);
  g_clear_pointer (&node->names, g_ptr_array_unref);
  g_clear_pointer (&node->items, g_ptr_array_unref);
  g_free (node);
}

static MdbPgNode *
node_new (MdbPgNodeKind kind, char *text)
{
  MdbPgNode *n = g_new0 (MdbPgNode, 1);

  n->kind = kind;
  n->text = text;
  n->items = g_ptr_array_new_with_free_func ((GDestroyNotify) mdb__pg_node_free);
  if (kind == MDB_PG_NODE_OBJECT)
    n->names = g_ptr_array_new_with_free_func (g_free);
  return n;
}

static gboolean
is_special (char c)
{
  return c == '(' || c == ')' || c == '{' || c == '}';
}

/* pg_strtok's tokens: ( ) { } alone, else a run up to white space or one of
 * those, where a backslash takes the next character literally. */
static char *
next_token (Reader *r)
{
  GString *tok;

  if (r->peeked != NULL)
    return g_steal_pointer (&r->peeked);
  while (*r->p == ' ' || *r->p == '\n' || *r->p == '\t' || *r->p == '\r')
    r->p++;
  if (*r->p == '\0')
    return NULL;
  if (is_special (*r->p))
    return g_strndup (r->p++, 1);
  tok = g_string_new (NULL);
  while (*r->p != '\0' && *r->p != ' ' && *r->p != '\n' && *r->p != '\t' && *r->p != '\r'
         && !is_special (*r->p))
    {
      if (*r->p == '\\' && r->p[1] != '\0')
        r->p++;
      g_string_append_c (tok, *r->p++);
    }
  return g_string_free (tok, FALSE);
}

static const char *
peek_token (Reader *r)
{
  if (r->peeked == NULL)
    r->peeked = next_token (r);
  return r->peeked;
}

static MdbPgNode *read_value (Reader *r, char *tok);

static MdbPgNode *
read_list (Reader *r)
{
  MdbPgNode *list = node_new (MDB_PG_NODE_LIST, NULL);
  char *tok;

  while ((tok = next_token (r)) != NULL && !g_str_equal (tok, ")"))
    {
      MdbPgNode *item = read_value (r, tok);

      if (item == NULL)
        return mdb__pg_node_free (list), NULL;
      g_ptr_array_add (list->items, item);
    }
  if (tok == NULL)
    return mdb__pg_node_free (list), NULL;
  g_free (tok);
  return list;
}

/* A field's value runs to the next `:name` or `}`: one value, or several
 * (`:constvalue 4 [ 1 0 0 0 ]`) kept as a list. */
static MdbPgNode *
read_field_value (Reader *r)
{
  MdbPgNode *values = node_new (MDB_PG_NODE_LIST, NULL);
  const char *peek;

  while ((peek = peek_token (r)) != NULL && peek[0] != ':' && !g_str_equal (peek, "}"))
    {
      MdbPgNode *v = read_value (r, next_token (r));

      if (v == NULL)
        return mdb__pg_node_free (values), NULL;
      g_ptr_array_add (values->items, v);
    }
  if (values->items->len == 1)
    {
      MdbPgNode *only = g_ptr_array_steal_index (values->items, 0);

      mdb__pg_node_free (values);
      return only;
    }
  return values;
}

static MdbPgNode *
read_object (Reader *r)
{
  char *type = next_token (r);
  MdbPgNode *obj;
  char *tok;

  if (type == NULL || is_special (type[0]))
    return g_free (type), NULL;
  obj = node_new (MDB_PG_NODE_OBJECT, type);
  while ((tok = next_token (r)) != NULL && tok[0] == ':')
    {
      MdbPgNode *value = read_field_value (r);

      if (value == NULL)
        return g_free (tok), mdb__pg_node_free (obj), NULL;
      g_ptr_array_add (obj->names, g_strdup (tok + 1));
      g_ptr_array_add (obj->items, value);
      g_free (tok);
    }
  if (tok == NULL || !g_str_equal (tok, "}"))
    return g_free (tok), mdb__pg_node_free (obj), NULL;
  g_free (tok);
  return obj;
}

/* Takes ownership of @tok. */
static MdbPgNode *
read_value (Reader *r, char *tok)
{
  MdbPgNode *n = NULL;

  if (tok == NULL || ++r->depth > MAX_DEPTH)
    return g_free (tok), NULL;
  if (g_str_equal (tok, "{"))
    n = read_object (r);
  else if (g_str_equal (tok, "("))
    n = read_list (r);
  else if (!is_special (tok[0]))
    n = node_new (MDB_PG_NODE_TOKEN, g_steal_pointer (&tok));
  g_free (tok);
  r->depth--;
  return n;
}

MdbPgNode *
mdb__pg_node_parse (const char *text)
{
  Reader r = { text, NULL, 0 };
  MdbPgNode *root = read_value (&r, next_token (&r));

  g_free (r.peeked);
  return root;
}

MdbPgNode *
mdb__pg_node_field (const MdbPgNode *node, const char *name)
{
  if (node == NULL || node->kind != MDB_PG_NODE_OBJECT)
    return NULL;
  for (guint k = 0; k < node->names->len; k++)
    if (g_str_equal (node->names->pdata[k], name))
      return node->items->pdata[k];
  return NULL;
}

const char *
mdb__pg_node_field_text (const MdbPgNode *node, const char *name)
{
  const MdbPgNode *f = mdb__pg_node_field (node, name);

  return f != NULL && f->kind == MDB_PG_NODE_TOKEN ? f->text : NULL;
}

gint64
mdb__pg_node_field_int (const MdbPgNode *node, const char *name, gint64 fallback)
{
  const char *text = mdb__pg_node_field_text (node, name);
  char *end = NULL;
  gint64 v;

  if (text == NULL)
    return fallback;
  v = g_ascii_strtoll (text, &end, 10);
  return end != text && *end == '\0' ? v : fallback;
}

gboolean
mdb__pg_node_is (const MdbPgNode *node, const char *type)
{
  return node != NULL && node->kind == MDB_PG_NODE_OBJECT && g_str_equal (node->text, type);
}

guint
mdb__pg_node_list_length (const MdbPgNode *node)
{
  return node != NULL && node->kind == MDB_PG_NODE_LIST ? node->items->len : 0;
}

MdbPgNode *
mdb__pg_node_list_nth (const MdbPgNode *node, guint n)
{
  return n < mdb__pg_node_list_length (node) ? node->items->pdata[n] : NULL;
}
