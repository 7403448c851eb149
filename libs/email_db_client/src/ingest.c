/* SPDX-License-Identifier: MIT */
/* ingest.c: a batch of threads with their messages, recipients, contacts,
 * labels, label assignments and attachments, stored set-based: the batch is
 * flattened into one array per column here, then EMAIL_DB_INGEST_STATEMENTS
 * statements (queries/ingest.sql) store it in one transaction. */
#include <string.h>
#include "email-db-private.h"

/* One array per column of each statement; strings are borrowed from the
 * caller's input except the lower-cased addresses, which `owned` keeps. */
typedef struct {
  const char *link_id;
  /* statement 1: labels */
  GPtrArray *label_ids, *label_names;
  GArray    *label_types, *label_defined;
  GHashTable *label_seen;          /* provider label id -> index + 1 */
  /* statement 2: contacts */
  GPtrArray *contact_addresses, *contact_names;
  GHashTable *contact_seen;        /* lower-case address -> index + 1 */
  /* statement 3: threads */
  GPtrArray *thread_ids;
  GHashTable *thread_seen;
  /* statement 4: messages */
  GPtrArray *msg_ids, *msg_thread_ids, *msg_global_ids, *msg_history_ids, *msg_subjects,
            *msg_snippets, *msg_bodies_text, *msg_bodies_html, *msg_from;
  GArray    *msg_dates, *msg_sizes, *msg_has_attachments, *msg_read, *msg_starred, *msg_sent, *msg_draft;
  GHashTable *msg_seen;
  /* statement 5: recipients */
  GPtrArray *rcpt_msg_ids, *rcpt_addresses;
  GArray    *rcpt_types;
  /* statement 6: message labels */
  GPtrArray *ml_msg_ids, *ml_label_ids;
  /* statement 7: attachments */
  GPtrArray *att_msg_ids, *att_ids, *att_filenames, *att_mime_types, *att_content_ids;
  GArray    *att_sizes;
  GPtrArray *owned;                /* strings this batch allocated */
} Batch;

/* Gmail's system labels: a label only used by messages gets this type. */
static const char *const system_labels[] = {
  "INBOX", "SENT", "DRAFT", "SPAM", "TRASH", "UNREAD", "STARRED", "IMPORTANT", "CHAT",
  "CATEGORY_PERSONAL", "CATEGORY_SOCIAL", "CATEGORY_PROMOTIONS", "CATEGORY_UPDATES", "CATEGORY_FORUMS",
};

static GPtrArray *
strings (void)
{
  return g_ptr_array_new ();
}

static GArray *
values (gsize size)
{
  return g_array_new (FALSE, TRUE, (guint) size);
}

static void
batch_init (Batch *b, const char *link_id)
{
  memset (b, 0, sizeof *b);
  b->link_id = link_id;
  b->label_ids = strings (); b->label_names = strings ();
  b->label_types = values (sizeof (EmailDbEmailLabelTypeEnum)); b->label_defined = values (sizeof (gboolean));
  b->label_seen = g_hash_table_new (g_str_hash, g_str_equal);
  b->contact_addresses = strings (); b->contact_names = strings ();
  b->contact_seen = g_hash_table_new (g_str_hash, g_str_equal);
  b->thread_ids = strings ();
  b->thread_seen = g_hash_table_new (g_str_hash, g_str_equal);
  b->msg_ids = strings (); b->msg_thread_ids = strings (); b->msg_global_ids = strings ();
  b->msg_history_ids = strings (); b->msg_subjects = strings (); b->msg_snippets = strings ();
  b->msg_bodies_text = strings (); b->msg_bodies_html = strings (); b->msg_from = strings ();
  b->msg_dates = values (sizeof (gint64)); b->msg_sizes = values (sizeof (gint64));
  b->msg_has_attachments = values (sizeof (gboolean)); b->msg_read = values (sizeof (gboolean));
  b->msg_starred = values (sizeof (gboolean)); b->msg_sent = values (sizeof (gboolean));
  b->msg_draft = values (sizeof (gboolean));
  b->msg_seen = g_hash_table_new (g_str_hash, g_str_equal);
  b->rcpt_msg_ids = strings (); b->rcpt_addresses = strings ();
  b->rcpt_types = values (sizeof (EmailDbEmailRecipientType));
  b->ml_msg_ids = strings (); b->ml_label_ids = strings ();
  b->att_msg_ids = strings (); b->att_ids = strings (); b->att_filenames = strings ();
  b->att_mime_types = strings (); b->att_content_ids = strings ();
  b->att_sizes = values (sizeof (gint64));
  b->owned = g_ptr_array_new_with_free_func (g_free);
}

static void
batch_clear (Batch *b)
{
  GPtrArray *ptrs[] = {
    b->label_ids, b->label_names, b->contact_addresses, b->contact_names, b->thread_ids,
    b->msg_ids, b->msg_thread_ids, b->msg_global_ids, b->msg_history_ids, b->msg_subjects,
    b->msg_snippets, b->msg_bodies_text, b->msg_bodies_html, b->msg_from,
    b->rcpt_msg_ids, b->rcpt_addresses, b->ml_msg_ids, b->ml_label_ids,
    b->att_msg_ids, b->att_ids, b->att_filenames, b->att_mime_types, b->att_content_ids, b->owned,
  };
  GArray *vals[] = {
    b->label_types, b->label_defined, b->msg_dates, b->msg_sizes, b->msg_has_attachments,
    b->msg_read, b->msg_starred, b->msg_sent, b->msg_draft, b->rcpt_types, b->att_sizes,
  };
  GHashTable *sets[] = { b->label_seen, b->contact_seen, b->thread_seen, b->msg_seen };

  for (guint i = 0; i < G_N_ELEMENTS (ptrs); i++)
    g_ptr_array_unref (ptrs[i]);
  for (guint i = 0; i < G_N_ELEMENTS (vals); i++)
    g_array_unref (vals[i]);
  for (guint i = 0; i < G_N_ELEMENTS (sets); i++)
    g_hash_table_unref (sets[i]);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Batch, batch_clear)

/* The generated text[] parameters are NULL-terminated, so optional text
 * travels as "" and the SQL stores it as NULL. */
static const char *
opt (const char *value)
{
  return value != NULL ? value : "";
}

static const char *const *
strv (GPtrArray *array)
{
  g_ptr_array_add (array, NULL);
  return (const char *const *) array->pdata;
}

static gboolean
is_system_label (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (system_labels); i++)
    if (strcmp (id, system_labels[i]) == 0)
      return TRUE;
  return FALSE;
}

static void
add_label (Batch *b, const char *id, const char *name, EmailDbEmailLabelTypeEnum type, gboolean defined)
{
  gpointer found = g_hash_table_lookup (b->label_seen, id);

  if (found != NULL)
    {
      guint i = GPOINTER_TO_UINT (found) - 1;
      if (defined && !g_array_index (b->label_defined, gboolean, i))
        {
          /* A definition given after a use wins over the placeholder. */
          b->label_names->pdata[i] = (gpointer) name;
          g_array_index (b->label_types, EmailDbEmailLabelTypeEnum, i) = type;
          g_array_index (b->label_defined, gboolean, i) = TRUE;
        }
      return;
    }
  g_ptr_array_add (b->label_ids, (gpointer) id);
  g_ptr_array_add (b->label_names, (gpointer) name);
  g_array_append_val (b->label_types, type);
  g_array_append_val (b->label_defined, defined);
  g_hash_table_insert (b->label_seen, (gpointer) id, GUINT_TO_POINTER (b->label_ids->len));
}

/* Adds the contact of @addr (address lower-cased) and returns its stored
 * address, or NULL when @addr has no address. */
static const char *
add_contact (Batch *b, const EmailDbAddress *addr)
{
  g_autofree char *lower = NULL;
  gpointer found;

  if (addr->address == NULL)
    return NULL;
  lower = g_utf8_strdown (addr->address, -1);
  found = g_hash_table_lookup (b->contact_seen, lower);
  if (found != NULL)
    {
      guint i = GPOINTER_TO_UINT (found) - 1;
      /* The first non-empty name given for an address is kept. */
      if (*(const char *) b->contact_names->pdata[i] == '\0' && addr->name != NULL)
        b->contact_names->pdata[i] = (gpointer) addr->name;
      return b->contact_addresses->pdata[i];
    }
  g_ptr_array_add (b->owned, lower);
  g_ptr_array_add (b->contact_addresses, lower);
  g_ptr_array_add (b->contact_names, (gpointer) opt (addr->name));
  g_hash_table_insert (b->contact_seen, lower, GUINT_TO_POINTER (b->contact_addresses->len));
  return g_steal_pointer (&lower);
}

static gboolean
check_address (const EmailDbAddress *addr, gboolean required, GError **error)
{
  return mdb_check_text (addr->address, -1, "address", required ? MDB_TEXT_REQUIRED : MDB_TEXT_NULLABLE, error)
         && email_db__check_optional (addr->name, "name", error);
}

static gboolean
add_recipients (Batch *b, const char *msg_id, const EmailDbAddress *list, gsize n,
                EmailDbEmailRecipientType type, const char *what, GError **error)
{
  for (gsize i = 0; i < n; i++)
    {
      if (!check_address (&list[i], TRUE, error))
        {
          g_prefix_error (error, "%s[%" G_GSIZE_FORMAT "]: ", what, i);
          return FALSE;
        }
      g_ptr_array_add (b->rcpt_msg_ids, (gpointer) msg_id);
      g_ptr_array_add (b->rcpt_addresses, (gpointer) add_contact (b, &list[i]));
      g_array_append_val (b->rcpt_types, type);
    }
  return TRUE;
}

static gboolean
add_attachments (Batch *b, const EmailDbMessageInput *m, GError **error)
{
  for (gsize i = 0; i < m->n_attachments; i++)
    {
      const EmailDbAttachmentInput *a = &m->attachments[i];
      if (!email_db__check_text (a->provider_attachment_id, "provider_attachment_id", error)
          || !email_db__check_optional (a->filename, "filename", error)
          || !email_db__check_optional (a->mime_type, "mime_type", error)
          || !email_db__check_optional (a->content_id, "content_id", error))
        {
          g_prefix_error (error, "attachments[%" G_GSIZE_FORMAT "].", i);
          return FALSE;
        }
      g_ptr_array_add (b->att_msg_ids, (gpointer) m->provider_id);
      g_ptr_array_add (b->att_ids, (gpointer) a->provider_attachment_id);
      g_ptr_array_add (b->att_filenames, (gpointer) opt (a->filename));
      g_ptr_array_add (b->att_mime_types, (gpointer) opt (a->mime_type));
      g_ptr_array_add (b->att_content_ids, (gpointer) opt (a->content_id));
      g_array_append_val (b->att_sizes, a->size_bytes);
    }
  return TRUE;
}

static gboolean
check_message_text (const EmailDbMessageInput *m, GError **error)
{
  return email_db__check_text (m->provider_id, "provider_id", error)
         && email_db__check_optional (m->global_id, "global_id", error)
         && email_db__check_optional (m->history_id, "history_id", error)
         && email_db__check_optional (m->subject, "subject", error)
         && email_db__check_optional (m->snippet, "snippet", error)
         && email_db__check_optional (m->body_text, "body_text", error)
         && email_db__check_optional (m->body_html, "body_html", error);
}

/* The message's labels decide its flags, as the provider's do. */
static void
add_message_labels (Batch *b, const EmailDbMessageInput *m, gboolean flags[4])
{
  gboolean unread = FALSE;

  flags[1] = flags[2] = flags[3] = FALSE;
  for (gsize i = 0; m->label_ids != NULL && m->label_ids[i] != NULL; i++)
    {
      const char *id = m->label_ids[i];
      add_label (b, id, id, is_system_label (id) ? EMAIL_DB_EMAIL_LABEL_TYPE_ENUM_SYSTEM
                                                 : EMAIL_DB_EMAIL_LABEL_TYPE_ENUM_USER, FALSE);
      g_ptr_array_add (b->ml_msg_ids, (gpointer) m->provider_id);
      g_ptr_array_add (b->ml_label_ids, (gpointer) id);
      unread |= strcmp (id, "UNREAD") == 0;
      flags[1] |= strcmp (id, "STARRED") == 0;
      flags[2] |= strcmp (id, "SENT") == 0;
      flags[3] |= strcmp (id, "DRAFT") == 0;
    }
  flags[0] = !unread;
}

static gboolean
add_message (Batch *b, const char *thread_id, const EmailDbMessageInput *m, GError **error)
{
  gboolean flags[4], has_attachments = m->n_attachments > 0;

  if (!check_message_text (m, error) || !check_address (&m->from, FALSE, error))
    return FALSE;
  for (gsize i = 0; m->label_ids != NULL && m->label_ids[i] != NULL; i++)
    if (!email_db__check_text (m->label_ids[i], "label_ids", error))
      {
        g_prefix_error (error, "label_ids[%" G_GSIZE_FORMAT "]: ", i);
        return FALSE;
      }
  if (!g_hash_table_add (b->msg_seen, (gpointer) m->provider_id))
    {
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                   "message %s appears twice in the batch", m->provider_id);
      return FALSE;
    }
  g_ptr_array_add (b->msg_ids, (gpointer) m->provider_id);
  g_ptr_array_add (b->msg_thread_ids, (gpointer) thread_id);
  g_ptr_array_add (b->msg_global_ids, (gpointer) opt (m->global_id));
  g_ptr_array_add (b->msg_history_ids, (gpointer) opt (m->history_id));
  g_ptr_array_add (b->msg_subjects, (gpointer) opt (m->subject));
  g_ptr_array_add (b->msg_snippets, (gpointer) opt (m->snippet));
  g_ptr_array_add (b->msg_bodies_text, (gpointer) opt (m->body_text));
  g_ptr_array_add (b->msg_bodies_html, (gpointer) opt (m->body_html));
  g_ptr_array_add (b->msg_from, (gpointer) opt (add_contact (b, &m->from)));
  g_array_append_val (b->msg_dates, m->internal_date);
  g_array_append_val (b->msg_sizes, m->size_estimate);
  g_array_append_val (b->msg_has_attachments, has_attachments);
  add_message_labels (b, m, flags);
  g_array_append_val (b->msg_read, flags[0]);
  g_array_append_val (b->msg_starred, flags[1]);
  g_array_append_val (b->msg_sent, flags[2]);
  g_array_append_val (b->msg_draft, flags[3]);
  return add_recipients (b, m->provider_id, m->to, m->n_to, EMAIL_DB_EMAIL_RECIPIENT_TYPE_TO, "to", error)
         && add_recipients (b, m->provider_id, m->cc, m->n_cc, EMAIL_DB_EMAIL_RECIPIENT_TYPE_CC, "cc", error)
         && add_recipients (b, m->provider_id, m->bcc, m->n_bcc, EMAIL_DB_EMAIL_RECIPIENT_TYPE_BCC, "bcc", error)
         && add_attachments (b, m, error);
}

static gboolean
add_thread (Batch *b, const EmailDbThreadInput *t, GError **error)
{
  if (!email_db__check_text (t->provider_id, "provider_id", error))
    return FALSE;
  if (t->messages == NULL && t->n_messages > 0)
    {
      g_set_error_literal (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "messages is NULL but n_messages > 0");
      return FALSE;
    }
  if (g_hash_table_add (b->thread_seen, (gpointer) t->provider_id))
    g_ptr_array_add (b->thread_ids, (gpointer) t->provider_id);
  for (gsize i = 0; i < t->n_messages; i++)
    if (!add_message (b, t->provider_id, &t->messages[i], error))
      {
        g_prefix_error (error, "messages[%" G_GSIZE_FORMAT "].", i);
        return FALSE;
      }
  return TRUE;
}

static gboolean
batch_fill (Batch *b, const EmailDbLabelInput *labels, gsize n_labels,
            const EmailDbThreadInput *threads, gsize n_threads, GError **error)
{
  for (gsize i = 0; i < n_labels; i++)
    {
      if (!email_db__check_text (labels[i].provider_label_id, "provider_label_id", error)
          || !email_db__check_text (labels[i].name, "name", error))
        {
          g_prefix_error (error, "labels[%" G_GSIZE_FORMAT "].", i);
          return FALSE;
        }
      if (email_db_email_label_type_enum_to_string (labels[i].type) == NULL)
        {
          g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                       "labels[%" G_GSIZE_FORMAT "].type %d is not a label type", i, (int) labels[i].type);
          return FALSE;
        }
      add_label (b, labels[i].provider_label_id, labels[i].name, labels[i].type, TRUE);
    }
  for (gsize i = 0; i < n_threads; i++)
    if (!add_thread (b, &threads[i], error))
      {
        g_prefix_error (error, "threads[%" G_GSIZE_FORMAT "].", i);
        return FALSE;
      }
  return TRUE;
}

/* The ids the server gave this attempt's contacts, threads and messages
 * (statements 2, 3 and 4 return them; a retry gets new ones), and the id
 * arrays of the later statements built from them, so that no statement
 * looks an address or a provider id up again.  Strings are borrowed from
 * the three lists. */
typedef struct {
  EmailDbIngestContactsRowList *contacts;
  EmailDbIngestThreadsRowList *threads;
  EmailDbIngestMessagesRowList *messages;
  GHashTable *contact_of;  /* address -> id */
  GHashTable *thread_of;   /* provider id -> id */
  GHashTable *message_of;  /* provider id -> EmailDbIngestMessagesRow */
  GPtrArray *msg_from, *rcpt_contacts;  /* contact ids, "" when statement 2 gave none */
  GPtrArray *thread_ids, *msg_threads, *stored, *rcpt_msgs, *ml_msgs, *att_msgs;
  GArray *rcpt_stored, *ml_stored;  /* per row: its message was stored before */
} Ids;

static void
ids_init (Ids *ids)
{
  memset (ids, 0, sizeof *ids);
  ids->contact_of = g_hash_table_new (g_str_hash, g_str_equal);
  ids->thread_of = g_hash_table_new (g_str_hash, g_str_equal);
  ids->message_of = g_hash_table_new (g_str_hash, g_str_equal);
  ids->msg_from = strings (); ids->rcpt_contacts = strings ();
  ids->thread_ids = strings (); ids->msg_threads = strings (); ids->stored = strings ();
  ids->rcpt_msgs = strings (); ids->ml_msgs = strings (); ids->att_msgs = strings ();
  ids->rcpt_stored = values (sizeof (gboolean)); ids->ml_stored = values (sizeof (gboolean));
}

static void
ids_clear (Ids *ids)
{
  GPtrArray *arrays[] = {
    ids->msg_from, ids->rcpt_contacts, ids->thread_ids, ids->msg_threads, ids->stored, ids->rcpt_msgs,
    ids->ml_msgs, ids->att_msgs,
  };

  for (guint i = 0; i < G_N_ELEMENTS (arrays); i++)
    g_ptr_array_unref (arrays[i]);
  g_array_unref (ids->rcpt_stored);
  g_array_unref (ids->ml_stored);
  g_hash_table_unref (ids->contact_of);
  g_hash_table_unref (ids->thread_of);
  g_hash_table_unref (ids->message_of);
  g_clear_pointer (&ids->contacts, email_db_ingest_contacts_row_list_free);
  g_clear_pointer (&ids->threads, email_db_ingest_threads_row_list_free);
  g_clear_pointer (&ids->messages, email_db_ingest_messages_row_list_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Ids, ids_clear)

/* The statements return every row of the batch, so this is not a caller's
 * error: it would be a statement that lost a row. */
static gboolean
no_id (const char *provider_id, GError **error)
{
  g_set_error (error, MDB_ERROR, MDB_ERROR_FAILED, "ingest: no id came back for %s", provider_id);
  return FALSE;
}

/* Appends to @out the thread id of each provider id of @provider_ids (up to
 * the first NULL: strv() may have terminated the array already). */
static gboolean
map_threads (Ids *ids, GPtrArray *provider_ids, GPtrArray *out, GError **error)
{
  for (guint i = 0; i < provider_ids->len && provider_ids->pdata[i] != NULL; i++)
    {
      const char *id = g_hash_table_lookup (ids->thread_of, provider_ids->pdata[i]);
      if (id == NULL)
        return no_id (provider_ids->pdata[i], error);
      g_ptr_array_add (out, (gpointer) id);
    }
  return TRUE;
}

/* The same for messages, and in @stored (when given) whether each one was
 * stored before this ingest. */
static gboolean
map_messages (Ids *ids, GPtrArray *provider_ids, GPtrArray *out, GArray *stored, GError **error)
{
  for (guint i = 0; i < provider_ids->len && provider_ids->pdata[i] != NULL; i++)
    {
      const EmailDbIngestMessagesRow *row = g_hash_table_lookup (ids->message_of, provider_ids->pdata[i]);
      if (row == NULL)
        return no_id (provider_ids->pdata[i], error);
      g_ptr_array_add (out, (gpointer) row->id);
      if (stored != NULL)
        g_array_append_val (stored, row->stored);
    }
  return TRUE;
}

/* Appends to @out the contact id of each address of @addresses, or "" for
 * none (no address, or a contact another transaction inserted meanwhile:
 * statements 4 and 5 then look it up by address). */
static void
map_contacts (Ids *ids, GPtrArray *addresses, GPtrArray *out)
{
  for (guint i = 0; i < addresses->len && addresses->pdata[i] != NULL; i++)
    {
      const char *id = g_hash_table_lookup (ids->contact_of, addresses->pdata[i]);
      g_ptr_array_add (out, (gpointer) (id != NULL ? id : ""));
    }
}

/* Statement 2: the contacts; their ids become the senders and recipients. */
static gboolean
store_contacts (MdbExecutor *ex, Batch *b, Ids *ids, GError **error)
{
  ids->contacts = email_db_ingest_contacts (ex, strv (b->contact_addresses), strv (b->contact_names), b->link_id,
                                            error);
  if (ids->contacts == NULL)
    return FALSE;
  for (guint i = 0; i < ids->contacts->n_rows; i++)
    g_hash_table_insert (ids->contact_of, (gpointer) ids->contacts->rows[i].address,
                         (gpointer) ids->contacts->rows[i].id);
  map_contacts (ids, b->msg_from, ids->msg_from);
  map_contacts (ids, b->rcpt_addresses, ids->rcpt_contacts);
  return TRUE;
}

/* Statement 3: the threads, locked; their ids become each message's thread. */
static gboolean
store_threads (MdbExecutor *ex, Batch *b, Ids *ids, GError **error)
{
  ids->threads = email_db_ingest_threads (ex, b->link_id, strv (b->thread_ids), error);
  if (ids->threads == NULL)
    return FALSE;
  for (guint i = 0; i < ids->threads->n_rows; i++)
    {
      const EmailDbIngestThreadsRow *row = &ids->threads->rows[i];
      g_hash_table_insert (ids->thread_of, (gpointer) row->provider_id, (gpointer) row->id);
      g_ptr_array_add (ids->thread_ids, (gpointer) row->id);
    }
  return map_threads (ids, b->msg_thread_ids, ids->msg_threads, error);
}

/* Statement 4: the messages; their ids become the recipients', label
 * assignments' and attachments' message.  Only those stored before can
 * have old recipients and labels: statements 5 and 6 look for rows to
 * delete or conflicts under them alone. */
static gboolean
store_messages (MdbExecutor *ex, Batch *b, Ids *ids, GError **error)
{
  ids->messages = email_db_ingest_messages (ex, b->link_id, strv (b->msg_ids), strv (ids->msg_threads),
                                            strv (b->msg_thread_ids), strv (b->msg_global_ids),
                                            strv (b->msg_history_ids), b->msg_dates, strv (b->msg_subjects),
                                            strv (b->msg_snippets), strv (b->msg_bodies_text),
                                            strv (b->msg_bodies_html), b->msg_sizes, strv (ids->msg_from),
                                            strv (b->msg_from), b->msg_has_attachments, b->msg_read,
                                            b->msg_starred, b->msg_sent, b->msg_draft, error);
  if (ids->messages == NULL)
    return FALSE;
  for (guint i = 0; i < ids->messages->n_rows; i++)
    {
      const EmailDbIngestMessagesRow *row = &ids->messages->rows[i];
      g_hash_table_insert (ids->message_of, (gpointer) row->provider_id, (gpointer) row);
      if (row->stored)
        g_ptr_array_add (ids->stored, (gpointer) row->id);
    }
  return map_messages (ids, b->rcpt_msg_ids, ids->rcpt_msgs, ids->rcpt_stored, error)
         && map_messages (ids, b->ml_msg_ids, ids->ml_msgs, ids->ml_stored, error)
         && map_messages (ids, b->att_msg_ids, ids->att_msgs, NULL, error);
}

/* The eight statements, in the lock order queries/ingest.sql states. */
static gboolean
ingest_body (MdbConn *conn, gpointer data, GError **error)
{
  Batch *b = data;
  MdbExecutor *ex = MDB_EXECUTOR (conn);
  g_auto (Ids) ids;

  ids_init (&ids);
  /* strv() appends a terminator to each array; a retry appends another
   * one, which changes nothing since readers stop at the first. */
  return email_db_ingest_labels (ex, strv (b->label_ids), strv (b->label_names), b->label_types,
                                 b->label_defined, b->link_id, error)
         && store_contacts (ex, b, &ids, error)
         && store_threads (ex, b, &ids, error)
         && store_messages (ex, b, &ids, error)
         && email_db_ingest_recipients (ex, strv (ids.rcpt_msgs), strv (ids.rcpt_contacts), strv (b->rcpt_addresses),
                                        b->rcpt_types, ids.rcpt_stored, b->link_id, strv (ids.stored), error)
         && email_db_ingest_message_labels (ex, strv (ids.ml_msgs), strv (b->ml_label_ids), ids.ml_stored,
                                            b->link_id, strv (ids.stored), error)
         && email_db_ingest_attachments (ex, strv (ids.att_msgs), strv (b->att_ids), strv (b->att_filenames),
                                         strv (b->att_mime_types), b->att_sizes, strv (b->att_content_ids), error)
         && email_db_ingest_thread_state (ex, b->link_id, strv (ids.thread_ids), error);
}

/**
 * email_db_ingest:
 * @executor: a pool, or a connection (in a transaction or not)
 * @link_id: the link the batch was synced from
 * @labels: (array length=n_labels) (nullable): the link's label definitions (may be none)
 * @n_labels: number of labels
 * @threads: (array length=n_threads) (nullable): the threads with (some of) their messages
 * @n_threads: number of threads (0 with no labels: nothing is sent)
 * @error: return location for a #GError
 *
 * Stores a batch synced from a mailbox: labels, threads, messages with
 * their sender and recipients (to/cc/bcc, as contacts of the link), label
 * assignments and attachment metadata, then recomputes each thread's
 * derived fields (inbox visibility, read state, latest inbound / outbound /
 * non-spam timestamps) in SQL from all its stored messages, so messages may
 * arrive in any order and any batch.
 *
 * Set-based and idempotent: %EMAIL_DB_INGEST_STATEMENTS statements whatever
 * the batch size, every row matched by its provider id; ingesting the same
 * batch again changes no row (not even `updated_at`) and duplicates
 * nothing.  A message's recipients and labels become exactly the given
 * ones.  Labels a message uses but @labels does not define are created
 * with their id as name (never renaming a stored one).
 *
 * All in one transaction through mdb_run_in_transaction(): on a pool or an
 * idle connection it is begun and committed, and retried (up to 10 times)
 * on a serialization failure or a deadlock; on a connection in a
 * transaction it joins it with a savepoint.  Concurrent ingests of
 * overlapping threads take turns on the threads' rows (locked in provider
 * id order) and each recomputes the threads after seeing the other's
 * messages; new contacts and labels are inserted without locking existing
 * ones.
 *
 * Errors: MDB_ERROR_INVALID_INPUT naming the first bad item
 * ("threads[2].messages[0].to[1]: address is empty") for a missing id, an
 * invalid uuid @link_id, text that is not UTF-8, a label type out of
 * range or a message given twice; nothing is sent then.
 * MDB_ERROR_FOREIGN_KEY_VIOLATION when the link does not exist; the
 * executor's errors.
 *
 * Returns: %TRUE when the batch is stored
 *
 * Since: 0.1
 */
gboolean
email_db_ingest (MdbExecutor              *executor,
                 const char               *link_id,
                 const EmailDbLabelInput  *labels,
                 gsize                     n_labels,
                 const EmailDbThreadInput *threads,
                 gsize                     n_threads,
                 GError                  **error)
{
  g_auto (Batch) batch;

  g_return_val_if_fail (executor != NULL, FALSE);
  g_return_val_if_fail (labels != NULL || n_labels == 0, FALSE);
  g_return_val_if_fail (threads != NULL || n_threads == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  batch_init (&batch, link_id);
  if (!email_db__check_uuid (link_id, "link_id", error)
      || !batch_fill (&batch, labels, n_labels, threads, n_threads, error))
    return FALSE;
  if (n_labels == 0 && n_threads == 0)
    return TRUE;
  return mdb_run_in_transaction (executor, MDB_ISOLATION_DEFAULT, 10, ingest_body, &batch, error);
}
