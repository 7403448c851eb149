/* SPDX-License-Identifier: MIT */
/* The demo's properties section: a select property with options, values
 * checked by the database, values of several entities in one query. */
#include <stdio.h>
#include <properties-db/properties-db.h>
#include "demo-properties.h"

static gboolean
fail (const char *what, GError *error)
{
  fprintf (stderr, "demo: %s: %s\n", what, error->message);
  g_error_free (error);
  return FALSE;
}

#define DEMO_USER "macro|demo@example.com"

/* The demo reruns on the same server: start from no definition of its user. */
static gboolean
forget_previous_run (MdbPool *pool, GError **error)
{
  g_autoptr(MdbResult) res = mdb_exec (MDB_EXECUTOR (pool),
                                       "INSERT INTO \"User\" (id, email) VALUES ('" DEMO_USER "', 'demo@example.com')"
                                       " ON CONFLICT DO NOTHING", NULL, error);
  g_autoptr(MdbPage) page = NULL;

  if (res == NULL || (page = properties_db_definitions_list (MDB_EXECUTOR (pool), DEMO_USER, NULL,
                                                             PROPERTIES_DB_MAX_PAGE, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < page->items->len; i++)
    {
      const PropertiesDbDefinition *d = page->items->pdata[i];
      char id[MDB_UUID_STRING_SIZE];

      if (!properties_db_definition_delete (MDB_EXECUTOR (pool), DEMO_USER, mdb_uuid_format (&d->id, id), error)
          && *error != NULL)
        return FALSE;
    }
  return TRUE;
}

gboolean
demo_show_properties (MdbPool *pool)
{
  static const PropertiesDbOptionSpec options[] = {
    { 0, FALSE, 0, "Low" }, { 1, FALSE, 0, "Medium" }, { 2, FALSE, 0, "High" },
  };
  static const PropertiesDbDefinitionSpec spec = {
    .display_name = "Priority", .data_type = PROPERTIES_DB_PROPERTY_DATA_TYPE_SELECT_STRING,
  };
  static const PropertiesDbEntity docs[] = {
    { PROPERTIES_DB_PROPERTY_ENTITY_TYPE_DOCUMENT, "demo-doc-1" },
    { PROPERTIES_DB_PROPERTY_ENTITY_TYPE_DOCUMENT, "demo-doc-2" },
  };
  g_autoptr(PropertiesDbDefinition) def = NULL;
  g_autoptr(PropertiesDbEntityValueList) values = NULL;
  char def_id[MDB_UUID_STRING_SIZE];
  GError *error = NULL;

  printf ("\n== Properties (properties_db_client on MacroDB)\n");
  if (!forget_previous_run (pool, &error))
    return fail ("properties reset", error);
  def = properties_db_definition_create (MDB_EXECUTOR (pool), DEMO_USER, &spec, options, G_N_ELEMENTS (options),
                                         &error);
  if (def == NULL)
    return fail ("properties create", error);
  mdb_uuid_format (&def->id, def_id);
  printf ("  \"%s\" with %u options, created in one statement\n", def->display_name, def->n_options);
  for (guint i = 0; i < G_N_ELEMENTS (docs); i++)
    {
      char option[MDB_UUID_STRING_SIZE];
      g_autofree char *value = g_strdup_printf ("{\"type\":\"SelectOption\",\"value\":[\"%s\"]}",
                                                mdb_uuid_format (&def->options[2 - i].id, option));

      if (!properties_db_value_set (MDB_EXECUTOR (pool), DEMO_USER, &docs[i], def_id, value, &error))
        return fail ("properties set", error);
    }
  /* A value of the wrong shape: the database refuses it, naming the property. */
  if (!properties_db_value_set (MDB_EXECUTOR (pool), DEMO_USER, &docs[0], def_id, "{\"type\":\"String\",\"value\":\"x\"}",
                                &error))
    {
      printf ("  refused by the database: %s\n", error->message);
      g_clear_error (&error);
    }
  values = properties_db_values_get_many (MDB_EXECUTOR (pool), DEMO_USER, docs, G_N_ELEMENTS (docs), &error);
  if (values == NULL)
    return fail ("properties values", error);
  for (guint i = 0; i < values->n_rows; i++)
    printf ("  %s: %s = %s\n", values->rows[i].entity_id, values->rows[i].display_name,
            values->rows[i].n_options > 0 ? values->rows[i].options[0].string_value : "(none)");
  return TRUE;
}
