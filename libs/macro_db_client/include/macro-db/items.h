/* SPDX-License-Identifier: MIT */
/* items.h: what every aggregate of macro_db_client shares: item types, page
 * limits, the "no access" level.  Include <macro-db/macro-db.h>. */
#pragma once

#include <glib.h>
#include <mdb/mdb.h>
/* What the query files export: the row types (MacroDbDocument, MacroDbItem,
 * …) and the schema's enums (MacroDbAccessLevel); the generated functions
 * themselves stay internal. */
#include "macro_db_client-queries.h"

G_BEGIN_DECLS

/* The largest page a list function returns (its @limit). */
#define MACRO_DB_MAX_PAGE 1000

/* The most items one call takes (macro_db_access_levels(), grants). */
#define MACRO_DB_MAX_ITEMS 10000

/* What an access level function gives for "no access at all". */
#define MACRO_DB_NO_ACCESS (-1)

/* The kinds of item the access rules know, as "UserItemAccess".item_type
 * spells them ("document", "chat", "project", "thread": an email thread).
 * MACRO_DB_ITEM_ANY is only a filter ("every type"). */
typedef enum {
  MACRO_DB_ITEM_ANY = -1,
  MACRO_DB_ITEM_DOCUMENT = 0,
  MACRO_DB_ITEM_CHAT,
  MACRO_DB_ITEM_PROJECT,
  MACRO_DB_ITEM_THREAD,
} MacroDbItemType;

/* One item: its id (borrowed) and type. */
typedef struct {
  const char      *item_id;
  MacroDbItemType  item_type;
} MacroDbItemRef;

const char *macro_db_item_type_to_string   (MacroDbItemType  type);
gboolean    macro_db_item_type_from_string (const char      *name,
                                            MacroDbItemType *out_type,
                                            GError         **error);

G_END_DECLS
