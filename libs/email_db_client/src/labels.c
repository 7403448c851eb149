/* SPDX-License-Identifier: MIT */
/* labels.c: a link's labels with unread counts; user labels created,
 * renamed and deleted; system labels protected. */
#include "email-db-private.h"

/**
 * email_db_labels_list:
 * @executor: a pool or a connection
 * @macro_id: the acting user
 * @link_id: one of the acting user's links
 * @error: return location for a #GError
 *
 * Lists every label of a link (system and user), by name then id, each
 * with the number of its unread messages.  One query.  Not paginated: a
 * mailbox has tens of labels (Gmail caps them at 10 000).  Another user's
 * or an unknown link has none.
 *
 * Errors: MDB_ERROR_INVALID_INPUT when @macro_id is %NULL, empty or not
 * UTF-8 or @link_id is not a uuid; the executor's errors.
 *
 * Returns: (transfer full): the labels (email_db_label_list_free()), or %NULL on error
 *
 * Since: 0.1
 */
EmailDbLabelList *
email_db_labels_list (MdbExecutor *executor,
                      const char  *macro_id,
                      const char  *link_id,
                      GError     **error)
{
  g_return_val_if_fail (executor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!email_db__check_text (macro_id, "macro_id", error)
      || !email_db__check_uuid (link_id, "link_id", error))
    return NULL;
  return email_db_labels_with_unread (executor, link_id, macro_id, error);
}

/**
 * email_db_label_create:
 * @executor: a pool or a connection
 * @macro_id: the acting user
 * @link_id: one of the acting user's links
 * @provider_label_id: the label's id at the provider
 * @name: the label's name
 * @out_id: (out) (optional): the new label's id
 * @error: return location for a #GError
 *
 * Creates a user label on a link of the acting user.  One round trip.
 *
 * Errors: MDB_ERROR_NOT_FOUND when @macro_id has no link @link_id;
 * MDB_ERROR_UNIQUE_VIOLATION (constraint
 * `email_labels_link_id_provider_label_id_key`) when the link already has
 * a label with that provider id; MDB_ERROR_INVALID_INPUT when an argument
 * is %NULL, empty, not UTF-8 or not a uuid; the executor's errors.
 *
 * Returns: %TRUE when created
 *
 * Since: 0.1
 */
gboolean
email_db_label_create (MdbExecutor *executor,
                       const char  *macro_id,
                       const char  *link_id,
                       const char  *provider_label_id,
                       const char  *name,
                       MdbUuid     *out_id,
                       GError     **error)
{
  g_autoptr (GError) local = NULL;

  g_return_val_if_fail (executor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!email_db__check_text (macro_id, "macro_id", error)
      || !email_db__check_uuid (link_id, "link_id", error)
      || !email_db__check_text (provider_label_id, "provider_label_id", error)
      || !email_db__check_text (name, "name", error))
    return FALSE;
  if (email_db_label_create_owned (executor, provider_label_id, name, link_id, macro_id, out_id, &local))
    return TRUE;
  if (local == NULL)
    g_set_error (&local, MDB_ERROR, MDB_ERROR_NOT_FOUND, "no link %s of this user", link_id);
  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

/* NOT_FOUND or "system label" from what a rename/delete statement saw. */
static gboolean
user_label_changed (gboolean found, EmailDbEmailLabelTypeEnum type, const char *label_id,
                    const char *verb, GError *local, GError **error)
{
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  if (!found)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_NOT_FOUND, "no label %s of this user", label_id);
      return FALSE;
    }
  if (type == EMAIL_DB_EMAIL_LABEL_TYPE_ENUM_SYSTEM)
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                   "label %s is a system label and cannot be %s", label_id, verb);
      return FALSE;
    }
  return TRUE;
}

/**
 * email_db_label_rename:
 * @executor: a pool or a connection
 * @macro_id: the acting user
 * @label_id: a user label of one of the acting user's links
 * @name: the new name
 * @error: return location for a #GError
 *
 * Renames a user label.  One round trip.
 *
 * Errors: MDB_ERROR_NOT_FOUND when the label does not exist or belongs to
 * another user; MDB_ERROR_INVALID_INPUT when it is a system label (nothing
 * changes) or an argument is %NULL, empty, not UTF-8 or not a uuid; the
 * executor's errors.
 *
 * Returns: %TRUE when renamed
 *
 * Since: 0.1
 */
gboolean
email_db_label_rename (MdbExecutor *executor,
                       const char  *macro_id,
                       const char  *label_id,
                       const char  *name,
                       GError     **error)
{
  EmailDbEmailLabelTypeEnum type = EMAIL_DB_EMAIL_LABEL_TYPE_ENUM_USER;
  GError *local = NULL;
  gboolean found;

  g_return_val_if_fail (executor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!email_db__check_text (macro_id, "macro_id", error)
      || !email_db__check_uuid (label_id, "label_id", error)
      || !email_db__check_text (name, "name", error))
    return FALSE;
  found = email_db_label_rename_owned (executor, label_id, macro_id, name, &type, &local);
  return user_label_changed (found, type, label_id, "renamed", local, error);
}

/**
 * email_db_label_delete:
 * @executor: a pool or a connection
 * @macro_id: the acting user
 * @label_id: a user label of one of the acting user's links
 * @error: return location for a #GError
 *
 * Deletes a user label and its assignments (cascade).  One round trip.
 *
 * Errors: MDB_ERROR_NOT_FOUND when the label does not exist or belongs to
 * another user; MDB_ERROR_INVALID_INPUT when it is a system label (nothing
 * changes) or an argument is %NULL, empty, not UTF-8 or not a uuid; the
 * executor's errors.
 *
 * Returns: %TRUE when deleted
 *
 * Since: 0.1
 */
gboolean
email_db_label_delete (MdbExecutor *executor,
                       const char  *macro_id,
                       const char  *label_id,
                       GError     **error)
{
  EmailDbEmailLabelTypeEnum type = EMAIL_DB_EMAIL_LABEL_TYPE_ENUM_USER;
  GError *local = NULL;
  gboolean found;

  g_return_val_if_fail (executor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!email_db__check_text (macro_id, "macro_id", error)
      || !email_db__check_uuid (label_id, "label_id", error))
    return FALSE;
  found = email_db_label_delete_owned (executor, label_id, macro_id, &type, &local);
  return user_label_changed (found, type, label_id, "deleted", local, error);
}
