/* SPDX-License-Identifier: MIT */
/* properties-db.h: properties_db_client, property definitions, their options
 * and typed values on any entity (MacroDB property_* tables). */
#pragma once

#include <glib.h>
#include <mdb/mdb.h>
/* What the query files export: the row types PropertiesDbDefinition,
 * PropertiesDbOption, PropertiesDbEntityValue, PropertiesDbEntityRef and
 * the enums PropertiesDbPropertyDataType, PropertiesDbPropertyEntityType;
 * the generated functions themselves stay internal. */
#include "properties_db_client-queries.h"

G_BEGIN_DECLS

/* The largest page a list function returns (its @limit). */
#define PROPERTIES_DB_MAX_PAGE 1000
/* The most options a definition is created with in one call. */
#define PROPERTIES_DB_MAX_OPTIONS 1000
/* The most entities properties_db_values_get_many() reads at once. */
#define PROPERTIES_DB_MAX_ENTITIES 1000

/* One option of a select definition: a number (SELECT_NUMBER) or a
 * string (SELECT_STRING); @string_value is borrowed. */
typedef struct {
  gint32      display_order;
  gboolean    is_number;
  gdouble     number_value;
  const char *string_value;
} PropertiesDbOptionSpec;

/* A new definition.  @organization_id > 0: owned by that organisation,
 * which must be the acting user's; 0: owned by the acting user.
 * @specific_entity_type counts only when @has_specific_entity_type (ENTITY
 * definitions).  Strings are borrowed. */
typedef struct {
  const char                    *display_name;
  PropertiesDbPropertyDataType   data_type;
  gboolean                       is_multi_select;
  gboolean                       has_specific_entity_type;
  PropertiesDbPropertyEntityType specific_entity_type;
  gint32                         organization_id;
} PropertiesDbDefinitionSpec;

/* How properties_db_entities_find() compares. */
typedef enum {
  PROPERTIES_DB_MATCH_EQUALS,    /* the stored value is exactly the probe */
  PROPERTIES_DB_MATCH_CONTAINS,  /* the stored value contains the probe (JSON @>) */
} PropertiesDbMatch;

/* One entity to read values of; @entity_id is borrowed. */
typedef struct {
  PropertiesDbPropertyEntityType entity_type;
  const char                    *entity_id;
} PropertiesDbEntity;

/* Definitions (src/definitions.c) */
PropertiesDbDefinition     *properties_db_definition_create  (MdbExecutor                      *executor,
                                                              const char                       *acting_user_id,
                                                              const PropertiesDbDefinitionSpec *spec,
                                                              const PropertiesDbOptionSpec     *options,
                                                              gsize                             n_options,
                                                              GError                          **error);
PropertiesDbDefinition     *properties_db_definition_get     (MdbExecutor *executor,
                                                              const char  *user_id,
                                                              const char  *definition_id,
                                                              GError     **error);
MdbPage                    *properties_db_definitions_list   (MdbExecutor *executor,
                                                              const char  *user_id,
                                                              const char  *cursor,
                                                              guint        limit,
                                                              GError     **error);
gboolean                    properties_db_definition_rename  (MdbExecutor *executor,
                                                              const char  *user_id,
                                                              const char  *definition_id,
                                                              const char  *display_name,
                                                              GError     **error);
gboolean                    properties_db_definition_delete  (MdbExecutor *executor,
                                                              const char  *user_id,
                                                              const char  *definition_id,
                                                              GError     **error);

/* Options (src/options.c) */
PropertiesDbOption         *properties_db_option_add         (MdbExecutor                  *executor,
                                                              const char                   *user_id,
                                                              const char                   *definition_id,
                                                              const PropertiesDbOptionSpec *option,
                                                              GError                      **error);
PropertiesDbOption         *properties_db_option_edit        (MdbExecutor                  *executor,
                                                              const char                   *user_id,
                                                              const char                   *option_id,
                                                              const PropertiesDbOptionSpec *option,
                                                              GError                      **error);
gboolean                    properties_db_option_delete      (MdbExecutor *executor,
                                                              const char  *user_id,
                                                              const char  *option_id,
                                                              GError     **error);
gboolean                    properties_db_options_reorder    (MdbExecutor       *executor,
                                                              const char        *user_id,
                                                              const char        *definition_id,
                                                              const char *const *option_ids,
                                                              gsize              n_option_ids,
                                                              GError           **error);

/* Values (src/values.c) */
gboolean                    properties_db_value_set          (MdbExecutor                   *executor,
                                                              const char                    *user_id,
                                                              const PropertiesDbEntity      *entity,
                                                              const char                    *definition_id,
                                                              const char                    *value_json,
                                                              GError                       **error);
gboolean                    properties_db_value_clear        (MdbExecutor              *executor,
                                                              const char               *user_id,
                                                              const PropertiesDbEntity *entity,
                                                              const char               *definition_id,
                                                              GError                  **error);
PropertiesDbEntityValueList *properties_db_values_get        (MdbExecutor              *executor,
                                                              const char               *user_id,
                                                              const PropertiesDbEntity *entity,
                                                              GError                  **error);
PropertiesDbEntityValueList *properties_db_values_get_many   (MdbExecutor              *executor,
                                                              const char               *user_id,
                                                              const PropertiesDbEntity *entities,
                                                              gsize                     n_entities,
                                                              GError                  **error);
gint64                      properties_db_values_delete_entity (MdbExecutor              *executor,
                                                                const PropertiesDbEntity *entity,
                                                                GError                  **error);
MdbPage                    *properties_db_entities_find      (MdbExecutor       *executor,
                                                              const char        *user_id,
                                                              const char        *definition_id,
                                                              const char        *probe_json,
                                                              PropertiesDbMatch  match,
                                                              const char        *cursor,
                                                              guint              limit,
                                                              GError           **error);

G_END_DECLS
