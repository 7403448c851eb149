/* SPDX-License-Identifier: MIT */
/* contacts-db.h: contacts_db_client, undirected user connections on ContactsDB. */
#pragma once

#include <glib.h>
#include <mdb/mdb.h>
/* The typed functions generated from queries/connections.sql (also public). */
#include "contacts_db_client-queries.h"

G_BEGIN_DECLS

/* One undirected pair of user ids, in either order; the strings are borrowed. */
typedef struct {
  const char *user_a;
  const char *user_b;
} ContactsDbPair;

gint64   contacts_db_connections_create      (MdbExecutor         *executor,
                                              const ContactsDbPair *pairs,
                                              gsize                n_pairs,
                                              GError             **error);

char   **contacts_db_contacts_list           (MdbExecutor         *executor,
                                              const char          *user_id,
                                              const char          *after,
                                              guint                limit,
                                              GError             **error);

gint64   contacts_db_contacts_count          (MdbExecutor         *executor,
                                              const char          *user_id,
                                              GError             **error);

gboolean contacts_db_connection_exists       (MdbExecutor         *executor,
                                              const char          *user_a,
                                              const char          *user_b,
                                              GError             **error);

gboolean contacts_db_connection_delete       (MdbExecutor         *executor,
                                              const char          *user_a,
                                              const char          *user_b,
                                              GError             **error);

gint64   contacts_db_connections_delete_user (MdbExecutor         *executor,
                                              const char          *user_id,
                                              GError             **error);

GPtrArray *contacts_db_connections_created_since (MdbExecutor            *executor,
                                                  gint64                  since_usec,
                                                  const ContactsDbConnection *after,
                                                  guint                   limit,
                                                  GError                **error);

G_END_DECLS
