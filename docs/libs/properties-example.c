/* SPDX-License-Identifier: MIT */
/* properties-example.c: the properties_db_client walk-through of docs/libs/properties.md.
 *
 * Usage: properties-example [URL]   (default: $MACRODB_DATABASE_URL), the
 * URL of a migrated MacroDB that has the user "macro|ada@example.com".
 * Built and run by tests/properties. */
#include <stdio.h>
#include <properties-db/properties-db.h>

#define ADA "macro|ada@example.com"

static int
fail (const char *what, GError *error)
{
  fprintf (stderr, "properties-example: %s: %s\n", what, error->message);
  g_error_free (error);
  return 1;
}

int
main (int argc, char **argv)
{
  const char *url = argc > 1 ? argv[1] : g_getenv ("MACRODB_DATABASE_URL");
  /* Display order 0, 1, 2: the list order whatever the insertion order. */
  const PropertiesDbOptionSpec options[] = {
    { 2, FALSE, 0, "High" }, { 0, FALSE, 0, "Low" }, { 1, FALSE, 0, "Medium" },
  };
  const PropertiesDbDefinitionSpec priority = {
    .display_name = "Priority", .data_type = PROPERTIES_DB_PROPERTY_DATA_TYPE_SELECT_STRING,
  };
  const PropertiesDbDefinitionSpec due = {
    .display_name = "due", .data_type = PROPERTIES_DB_PROPERTY_DATA_TYPE_DATE,
  };
  const PropertiesDbEntity docs[] = {
    { PROPERTIES_DB_PROPERTY_ENTITY_TYPE_DOCUMENT, "doc-1" },
    { PROPERTIES_DB_PROPERTY_ENTITY_TYPE_DOCUMENT, "doc-2" },
  };
  g_autoptr(MdbPool) pool = NULL;
  g_autoptr(PropertiesDbDefinition) prio = NULL;
  g_autoptr(PropertiesDbDefinition) date = NULL;
  g_autoptr(PropertiesDbEntityValueList) values = NULL;
  g_autoptr(MdbPage) found = NULL;
  char prio_id[MDB_UUID_STRING_SIZE], date_id[MDB_UUID_STRING_SIZE], high[MDB_UUID_STRING_SIZE];
  g_autofree char *high_value = NULL;
  GError *error = NULL;

  if (url == NULL)
    {
      fprintf (stderr, "usage: properties-example URL (or set MACRODB_DATABASE_URL)\n");
      return 2;
    }
  pool = mdb_pool_new_simple (url, 2, &error);
  if (pool == NULL)
    return fail ("pool", error);

  /* A definition and its options: one statement, two round trips. */
  prio = properties_db_definition_create (MDB_EXECUTOR (pool), ADA, &priority, options, 3, &error);
  if (prio == NULL)
    return fail ("create Priority", error);
  date = properties_db_definition_create (MDB_EXECUTOR (pool), ADA, &due, NULL, 0, &error);
  if (date == NULL)
    return fail ("create due", error);
  printf ("%s:", prio->display_name);
  for (guint i = 0; i < prio->n_options; i++)
    printf (" %s", prio->options[i].string_value);
  printf ("\n");
  mdb_uuid_format (&prio->id, prio_id);
  mdb_uuid_format (&date->id, date_id);
  mdb_uuid_format (&prio->options[2].id, high);

  /* Values are tagged-union JSON the database checks against the definition. */
  high_value = g_strdup_printf ("{\"type\":\"SelectOption\",\"value\":[\"%s\"]}", high);
  for (guint i = 0; i < G_N_ELEMENTS (docs); i++)
    if (!properties_db_value_set (MDB_EXECUTOR (pool), ADA, &docs[i], prio_id, high_value, &error))
      return fail ("set Priority", error);
  if (!properties_db_value_set (MDB_EXECUTOR (pool), ADA, &docs[0], date_id,
                                "{\"type\":\"Date\",\"value\":\"2026-03-01\"}", &error))
    return fail ("set due", error);
  if (!properties_db_value_set (MDB_EXECUTOR (pool), ADA, &docs[1], date_id, "{\"type\":\"Number\",\"value\":3}",
                                &error))
    {
      printf ("refused (%s): %s\n", mdb_error_get_constraint (error), error->message);
      g_clear_error (&error);
    }

  /* Values of many entities, definitions and selected options: one query. */
  values = properties_db_values_get_many (MDB_EXECUTOR (pool), ADA, docs, G_N_ELEMENTS (docs), &error);
  if (values == NULL)
    return fail ("values", error);
  for (guint i = 0; i < values->n_rows; i++)
    {
      const PropertiesDbEntityValue *v = &values->rows[i];

      printf ("%s %s = %s", v->entity_id, v->display_name, v->values);
      if (v->n_options > 0)
        printf (" (%s)", v->options[0].string_value);
      printf ("\n");
    }

  /* Which entities have Priority = High (GIN index)? */
  found = properties_db_entities_find (MDB_EXECUTOR (pool), ADA, prio_id, high_value, PROPERTIES_DB_MATCH_EQUALS,
                                       NULL, 10, &error);
  if (found == NULL)
    return fail ("find", error);
  for (guint i = 0; i < found->items->len; i++)
    {
      const PropertiesDbEntityRef *e = found->items->pdata[i];

      printf ("High: %s %s\n", properties_db_property_entity_type_to_string (e->entity_type), e->entity_id);
    }
  return 0;
}
