/* SPDX-License-Identifier: MIT */
/* node-tree.h: PostgreSQL's text form of a node tree, as debug_print_parse sends it. */
#pragma once
#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  MDB_PG_NODE_TOKEN,    /* a bare token: "1", "true", "<>" (NULL), "\"id\"" */
  MDB_PG_NODE_LIST,     /* ( … ) or a field holding several tokens */
  MDB_PG_NODE_OBJECT,   /* { TYPE :field value … } */
} MdbPgNodeKind;

typedef struct {
  MdbPgNodeKind kind;
  char         *text;    /* token text, or the object's node type ("VAR") */
  GPtrArray    *names;   /* objects: field names, parallel to items */
  GPtrArray    *items;   /* list items, or object field values (MdbPgNode) */
} MdbPgNode;

/* Parses the text of one node (transfer full); NULL when it is not well
 * formed or nested too deep. */
MdbPgNode  *mdb__pg_node_parse      (const char *text);
void        mdb__pg_node_free       (MdbPgNode *node);

/* Field access on objects (NULL / @fallback when absent or not an object). */
MdbPgNode  *mdb__pg_node_field      (const MdbPgNode *node, const char *name);
const char *mdb__pg_node_field_text (const MdbPgNode *node, const char *name);
gint64      mdb__pg_node_field_int  (const MdbPgNode *node, const char *name, gint64 fallback);
gboolean    mdb__pg_node_is         (const MdbPgNode *node, const char *type);
guint       mdb__pg_node_list_length (const MdbPgNode *node);
MdbPgNode  *mdb__pg_node_list_nth   (const MdbPgNode *node, guint n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdbPgNode, mdb__pg_node_free)

G_END_DECLS
