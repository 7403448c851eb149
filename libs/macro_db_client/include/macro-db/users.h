/* SPDX-License-Identifier: MIT */
/* users.h: macro_db_client's users (macro_user + "User" + roles); include <macro-db/macro-db.h>. */
#pragma once

#include <glib.h>
#include <mdb/mdb.h>
#include <macro-db/items.h>

G_BEGIN_DECLS

/* What macro_db_user_create() needs; the strings are borrowed. */
typedef struct {
  const char        *email;              /* the "User" id becomes "macro|<email>" */
  const char        *username;
  const char        *stripe_customer_id;
  gboolean           is_verified;        /* of the email verification row */
  gint32             organization_id;    /* 0: none */
  const char *const *roles;              /* NULL-terminated "Role" ids, may be NULL */
} MacroDbNewUser;

/* Profile fields of macro_db_user_update_profile(): NULL leaves a field
 * as it is, "" clears it. */
typedef struct {
  const char *name;
  const char *first_name;       /* at most 100 characters */
  const char *last_name;        /* at most 100 characters */
  const char *title;            /* at most 20 characters */
  const char *industry;         /* at most 255 characters */
  const char *profile_picture;
} MacroDbProfile;

MacroDbUser *macro_db_user_create         (MdbExecutor          *executor,
                                           const MacroDbNewUser *user,
                                           GError              **error);

MacroDbUser *macro_db_user_get            (MdbExecutor          *executor,
                                           const char           *user_id,
                                           GError              **error);

MacroDbUser *macro_db_user_get_by_email   (MdbExecutor          *executor,
                                           const char           *email,
                                           GError              **error);

MacroDbUser *macro_db_user_update_profile (MdbExecutor          *executor,
                                           const char           *user_id,
                                           const MacroDbProfile *profile,
                                           GError              **error);

gboolean     macro_db_user_delete         (MdbExecutor          *executor,
                                           const char           *user_id,
                                           GError              **error);

G_END_DECLS
