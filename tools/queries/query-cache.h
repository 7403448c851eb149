/* SPDX-License-Identifier: MIT */
/* query-cache.h: the offline query cache, one JSON file per query in .mdb-cache/. */
#pragma once
#include <glib.h>
#include <mdb/mdb.h>

G_BEGIN_DECLS

/* A parameter or result column as the server described it. */
typedef struct {
  char    *name;            /* parameter name, or column name without a !/? suffix */
  char    *snake_name;      /* columns: mdb_name_to_snake (name); params: NULL */
  guint32  oid;             /* 0 for types the migrations create (enums) */
  char    *type;            /* pg_type.typname ("int4", "_text", "mood") */
  gboolean nullable;
  char    *nullable_source; /* columns: catalog|outer_join|inferred|expression|override */
  char    *nullable_reason; /* inferred: the rule; expression: why it stays nullable; else NULL */
  char   **enum_labels;     /* enum, or array of enum: its labels in order; else NULL */
  char    *element_type;    /* arrays: element typname; else NULL */
  guint32  element_oid;
  GPtrArray *fields;        /* composite types (and arrays of them): MdbCacheValue per field; else NULL */
} MdbCacheValue;

typedef struct {
  char      *query;    /* exact rewritten text */
  char      *hash;     /* hex SHA-256 of query */
  char      *name;
  char      *kind;     /* "one", "many", … */
  GPtrArray *params;   /* MdbCacheValue */
  GPtrArray *columns;  /* MdbCacheValue */
} MdbCacheEntry;

MdbCacheValue *mdb__cache_value_new   (void);
void           mdb__cache_value_free  (MdbCacheValue *value);
MdbCacheEntry *mdb__cache_entry_new   (void);
void           mdb__cache_entry_free  (MdbCacheEntry *entry);

/* Pretty JSON with a trailing newline. */
char          *mdb__cache_entry_to_json   (const MdbCacheEntry *entry);
MdbCacheEntry *mdb__cache_entry_from_json (const char *text, const char *path, GError **error);

/* "query-<hash>.json" */
char          *mdb__cache_file_name (const char *hash);

/* Reads every query-*.json of @dir into hash -> MdbCacheEntry.  A missing
 * folder is an empty cache. */
GHashTable    *mdb__cache_load_dir (const char *dir, GError **error);

/* What differs between two cache files' texts, in one line ("column 2
 * \"title\": nullable false -> true"). */
char          *mdb__cache_describe_change (const char *old_text, const char *new_text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdbCacheValue, mdb__cache_value_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdbCacheEntry, mdb__cache_entry_free)

G_END_DECLS
