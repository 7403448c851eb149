/* SPDX-License-Identifier: MIT */
/* contacts-db.h: contacts_db_client, undirected user connections on ContactsDB. */
#pragma once

#include <glib.h>
#include <mdb/mdb.h>
/* What queries/connections.sql exports: the ContactsDbConnection row type
 * (`export-row`); the generated functions themselves stay internal. */
#include "contacts_db_client-queries.h"

G_BEGIN_DECLS

/* The largest page a list function returns (its @limit). */
#define CONTACTS_DB_MAX_PAGE 1000

/* One undirected pair of user ids, in either order; the strings are borrowed. */
typedef struct {
  const char *user_a;
  const char *user_b;
} ContactsDbPair;

gint64   contacts_db_connections_create      (MdbExecutor         *executor,
                                              const ContactsDbPair *pairs,
                                              gsize                n_pairs,
                                              GError             **error);

MdbPage *contacts_db_contacts_list          (MdbExecutor         *executor,
                                              const char          *user_id,
                                              const char          *cursor,
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

MdbPage *contacts_db_connections_created_since (MdbExecutor         *executor,
                                                gint64               since_usec,
                                                const char          *cursor,
                                                guint                limit,
                                                GError             **error);

gint64   contacts_db_connections_merge_user  (MdbExecutor         *executor,
                                              const char          *from_user,
                                              const char          *into_user,
                                              GError             **error);

G_END_DECLS
