/* SPDX-License-Identifier: MIT */
/* query-cache.c: reading and writing the per-query JSON files of .mdb-cache/. */
#include <string.h>
#include <json-glib/json-glib.h>
#include "query-cache.h"

MdbCacheValue *
mdb__cache_value_new (void)
{
  return g_new0 (MdbCacheValue, 1);
}

void
mdb__cache_value_free (MdbCacheValue *value)
{
  if (value == NULL)
    return;
  g_free (value->name);
  g_free (value->snake_name);
  g_free (value->type);
  g_free (value->nullable_source);
  g_free (value->nullable_reason);
  g_strfreev (value->enum_labels);
  g_free (value->element_type);
  g_clear_pointer (&value->fields, g_ptr_array_unref);
  g_free (value);
}

MdbCacheEntry *
mdb__cache_entry_new (void)
{
  MdbCacheEntry *entry = g_new0 (MdbCacheEntry, 1);

  entry->params = g_ptr_array_new_with_free_func ((GDestroyNotify) mdb__cache_value_free);
  entry->columns = g_ptr_array_new_with_free_func ((GDestroyNotify) mdb__cache_value_free);
  return entry;
}

void
mdb__cache_entry_free (MdbCacheEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->query);
  g_free (entry->hash);
  g_free (entry->name);
  g_free (entry->kind);
  g_ptr_array_unref (entry->params);
  g_ptr_array_unref (entry->columns);
  g_free (entry);
}

char *
mdb__cache_file_name (const char *hash)
{
  return g_strdup_printf ("query-%s.json", hash);
}

static void build_values (JsonBuilder *b, const char *member, GPtrArray *values, gboolean column);

static void
build_value (JsonBuilder *b, const MdbCacheValue *v, gboolean column)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, v->name);
  if (column)
    {
      json_builder_set_member_name (b, "snake_name");
      json_builder_add_string_value (b, v->snake_name);
    }
  json_builder_set_member_name (b, "oid");
  json_builder_add_int_value (b, v->oid);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, v->type);
  json_builder_set_member_name (b, "nullable");
  json_builder_add_boolean_value (b, v->nullable);
  if (column)
    {
      json_builder_set_member_name (b, "nullable_source");
      json_builder_add_string_value (b, v->nullable_source);
      if (v->nullable_reason != NULL)
        {
          json_builder_set_member_name (b, "nullable_reason");
          json_builder_add_string_value (b, v->nullable_reason);
        }
    }
  if (v->element_type != NULL)
    {
      json_builder_set_member_name (b, "element_type");
      json_builder_add_string_value (b, v->element_type);
      json_builder_set_member_name (b, "element_oid");
      json_builder_add_int_value (b, v->element_oid);
    }
  if (v->enum_labels != NULL)
    {
      json_builder_set_member_name (b, "enum_labels");
      json_builder_begin_array (b);
      for (guint k = 0; v->enum_labels[k] != NULL; k++)
        json_builder_add_string_value (b, v->enum_labels[k]);
      json_builder_end_array (b);
    }
  if (v->fields != NULL)
    build_values (b, "fields", v->fields, TRUE);
  json_builder_end_object (b);
}

static void
build_values (JsonBuilder *b, const char *member, GPtrArray *values, gboolean column)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  for (guint k = 0; k < values->len; k++)
    build_value (b, g_ptr_array_index (values, k), column);
  json_builder_end_array (b);
}

char *
mdb__cache_entry_to_json (const MdbCacheEntry *entry)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "db_name");
  json_builder_add_string_value (b, "PostgreSQL");
  json_builder_set_member_name (b, "query");
  json_builder_add_string_value (b, entry->query);
  json_builder_set_member_name (b, "hash");
  json_builder_add_string_value (b, entry->hash);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, entry->name);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, entry->kind);
  build_values (b, "params", entry->params, FALSE);
  build_values (b, "columns", entry->columns, TRUE);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_indent (gen, 2);
  text = json_generator_to_data (gen, NULL);
  return g_strconcat (text, "\n", NULL);
}

static char *
dup_member (JsonObject *o, const char *member)
{
  JsonNode *node = json_object_get_member (o, member);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (node));
}

static gboolean parse_values (JsonObject *o, const char *member, GPtrArray *out, gboolean column);

static MdbCacheValue *
parse_value (JsonNode *node, gboolean column)
{
  g_autoptr(MdbCacheValue) v = mdb__cache_value_new ();
  JsonObject *o;
  JsonArray *labels;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  o = json_node_get_object (node);
  v->name = dup_member (o, "name");
  v->type = dup_member (o, "type");
  v->oid = (guint32) json_object_get_int_member_with_default (o, "oid", 0);
  v->nullable = json_object_get_boolean_member_with_default (o, "nullable", TRUE);
  v->element_type = dup_member (o, "element_type");
  v->element_oid = (guint32) json_object_get_int_member_with_default (o, "element_oid", 0);
  if (column)
    {
      v->snake_name = dup_member (o, "snake_name");
      v->nullable_source = dup_member (o, "nullable_source");
      v->nullable_reason = dup_member (o, "nullable_reason");
      if (v->snake_name == NULL || v->nullable_source == NULL)
        return NULL;
    }
  if (v->name == NULL || v->type == NULL)
    return NULL;
  labels = json_object_has_member (o, "enum_labels") ? json_object_get_array_member (o, "enum_labels") : NULL;
  if (labels != NULL)
    {
      guint n = json_array_get_length (labels);

      v->enum_labels = g_new0 (char *, n + 1);
      for (guint k = 0; k < n; k++)
        v->enum_labels[k] = g_strdup (json_array_get_string_element (labels, k));
    }
  if (json_object_has_member (o, "fields"))
    {
      v->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) mdb__cache_value_free);
      if (!parse_values (o, "fields", v->fields, TRUE))
        return NULL;
    }
  return g_steal_pointer (&v);
}

static gboolean
parse_values (JsonObject *o, const char *member, GPtrArray *out, gboolean column)
{
  JsonNode *node = json_object_get_member (o, member);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  array = json_node_get_array (node);
  for (guint k = 0; k < json_array_get_length (array); k++)
    {
      MdbCacheValue *v = parse_value (json_array_get_element (array, k), column);

      if (v == NULL)
        return FALSE;
      g_ptr_array_add (out, v);
    }
  return TRUE;
}

MdbCacheEntry *
mdb__cache_entry_from_json (const char *text, const char *path, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(MdbCacheEntry) entry = mdb__cache_entry_new ();
  g_autoptr(GError) local = NULL;
  JsonObject *o;

  if (!json_parser_load_from_data (parser, text, -1, &local)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "%s: not a query cache file: %s",
                   path, local ? local->message : "not a JSON object");
      return NULL;
    }
  o = json_node_get_object (json_parser_get_root (parser));
  entry->query = dup_member (o, "query");
  entry->hash = dup_member (o, "hash");
  entry->name = dup_member (o, "name");
  entry->kind = dup_member (o, "kind");
  if (entry->query == NULL || entry->hash == NULL || entry->name == NULL || entry->kind == NULL
      || !parse_values (o, "params", entry->params, FALSE)
      || !parse_values (o, "columns", entry->columns, TRUE))
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                   "%s: query cache file lacks a field or has a malformed one; run mdb prepare", path);
      return NULL;
    }
  return g_steal_pointer (&entry);
}

GHashTable *
mdb__cache_load_dir (const char *dir, GError **error)
{
  g_autoptr(GHashTable) cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) mdb__cache_entry_free);
  g_autoptr(GDir) d = NULL;
  const char *name;

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    return g_steal_pointer (&cache);
  d = g_dir_open (dir, 0, error);
  if (d == NULL)
    return NULL;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *text = NULL;
      MdbCacheEntry *entry;

      if (!g_str_has_prefix (name, "query-") || !g_str_has_suffix (name, ".json"))
        continue;
      path = g_build_filename (dir, name, NULL);
      if (!g_file_get_contents (path, &text, NULL, error))
        return NULL;
      entry = mdb__cache_entry_from_json (text, path, error);
      if (entry == NULL)
        return NULL;
      g_hash_table_replace (cache, g_strndup (name + 6, strlen (name) - 11), entry);
    }
  return g_steal_pointer (&cache);
}

static void describe_values_change (GString *out, const char *what, GPtrArray *a, GPtrArray *b);

static void
describe_value_change (GString *out, const char *what, guint index,
                       const MdbCacheValue *a, const MdbCacheValue *b)
{
  const char *name = b->name;

  if (g_strcmp0 (a->name, b->name) != 0)
    g_string_append_printf (out, "%s %u name %s -> %s; ", what, index + 1, a->name, b->name);
  if (g_strcmp0 (a->type, b->type) != 0)
    g_string_append_printf (out, "%s %u \"%s\": type %s -> %s; ", what, index + 1, name, a->type, b->type);
  else if (a->oid != b->oid)
    g_string_append_printf (out, "%s %u \"%s\": type oid %u -> %u; ", what, index + 1, name, a->oid, b->oid);
  if (a->nullable != b->nullable)
    g_string_append_printf (out, "%s %u \"%s\": nullable %s -> %s; ", what, index + 1, name,
                            a->nullable ? "true" : "false", b->nullable ? "true" : "false");
  if ((a->enum_labels == NULL) != (b->enum_labels == NULL)
      || (a->enum_labels != NULL && !g_strv_equal ((const char *const *) a->enum_labels,
                                                   (const char *const *) b->enum_labels)))
    g_string_append_printf (out, "%s %u \"%s\": enum labels changed; ", what, index + 1, name);
  if ((a->fields == NULL) != (b->fields == NULL))
    g_string_append_printf (out, "%s %u \"%s\": child-row fields %s; ", what, index + 1, name,
                            a->fields == NULL ? "added" : "removed");
  else if (a->fields != NULL)
    describe_values_change (out, "field", a->fields, b->fields);
}

static void
describe_values_change (GString *out, const char *what, GPtrArray *a, GPtrArray *b)
{
  if (a->len != b->len)
    g_string_append_printf (out, "%ss: %u -> %u; ", what, a->len, b->len);
  for (guint k = 0; k < MIN (a->len, b->len); k++)
    describe_value_change (out, what, k, a->pdata[k], b->pdata[k]);
}

char *
mdb__cache_describe_change (const char *old_text, const char *new_text)
{
  g_autoptr(MdbCacheEntry) a = mdb__cache_entry_from_json (old_text, "old", NULL);
  g_autoptr(MdbCacheEntry) b = mdb__cache_entry_from_json (new_text, "new", NULL);
  g_autoptr(GString) out = g_string_new (NULL);

  if (a == NULL || b == NULL)
    return g_strdup ("the committed file is not a valid cache file");
  if (g_strcmp0 (a->kind, b->kind) != 0)
    g_string_append_printf (out, "kind %s -> %s; ", a->kind, b->kind);
  describe_values_change (out, "param", a->params, b->params);
  describe_values_change (out, "column", a->columns, b->columns);
  if (out->len == 0)
    return g_strdup ("formatting or details differ");
  g_string_truncate (out, out->len - 2);
  return g_string_free (g_steal_pointer (&out), FALSE);
}
