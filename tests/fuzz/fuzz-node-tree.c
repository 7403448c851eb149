/* SPDX-License-Identifier: MIT */
/* Fuzz target: any text through the reader of PostgreSQL's node-tree text
 * (what debug_print_parse sends `mdb prepare`).  Properties: it ends, and
 * every node it returns is well formed (objects have as many names as
 * values, tokens have text, lists have no names). */
#include "fuzz-common.h"
#include "node-tree.h"

static void
check_node (const MdbPgNode *n, guint depth)
{
  FUZZ_CHECK (n != NULL, "NULL node inside a tree");
  FUZZ_CHECK (depth < 5000, "deeper than the reader allows");
  switch (n->kind)
    {
    case MDB_PG_NODE_TOKEN:
      FUZZ_CHECK (n->text != NULL && n->items->len == 0, "bad token");
      break;
    case MDB_PG_NODE_LIST:
      FUZZ_CHECK (n->names == NULL, "a list with names");
      break;
    case MDB_PG_NODE_OBJECT:
      FUZZ_CHECK (n->text != NULL && n->names->len == n->items->len, "object names and values differ");
      for (guint k = 0; k < n->names->len; k++)
        FUZZ_CHECK (mdb__pg_node_field (n, n->names->pdata[k]) != NULL, "field %u not found by name", k);
      break;
    }
  for (guint k = 0; k < n->items->len; k++)
    check_node (n->items->pdata[k], depth + 1);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  char *text = g_strndup ((const char *) data, size);
  MdbPgNode *root = mdb__pg_node_parse (text);

  if (root != NULL)
    {
      check_node (root, 0);
      (void) mdb__pg_node_field_int (root, "commandType", 0);
      (void) mdb__pg_node_list_nth (mdb__pg_node_field (root, "targetList"), 0);
    }
  mdb__pg_node_free (root);
  g_free (text);
  return 0;
}
