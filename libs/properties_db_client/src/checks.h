/* SPDX-License-Identifier: MIT */
/* checks.h: input checks shared by the library's operations (internal). */
#pragma once
#include <properties-db/properties-db.h>

G_GNUC_INTERNAL gboolean props_check_id          (const char *id, const char *name, GError **error);
G_GNUC_INTERNAL char    *props_check_uuid        (const char *text, const char *name, GError **error);
G_GNUC_INTERNAL gboolean props_check_entity_type (PropertiesDbPropertyEntityType type, const char *name,
                                                  GError **error);
G_GNUC_INTERNAL gboolean props_check_entity      (const PropertiesDbEntity *entity, const char *name,
                                                  GError **error);
G_GNUC_INTERNAL gboolean props_check_option      (const PropertiesDbOptionSpec *option, GError **error);
G_GNUC_INTERNAL gboolean props_not_found         (const char *what, const char *id, GError **error);
