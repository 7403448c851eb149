/* SPDX-License-Identifier: MIT */
/* email-example.c: the email_db_client walk-through of docs/libs/email.md.
 *
 * Usage: email-example [URL]   (default: $MACRODB_DATABASE_URL), the URL
 * of a migrated MacroDB.  Built and run by tests/email. */
#include <stdio.h>
#include <email-db/email-db.h>

#define ME "macro|me@example.com"

static int
fail (const char *what, GError *error)
{
  fprintf (stderr, "email-example: %s: %s\n", what, error->message);
  g_error_free (error);
  return 1;
}

/* One synced batch: two threads, three messages (what a Gmail sync hands over). */
static const EmailDbLabelInput labels[] = {
  { "INBOX", "INBOX", EMAIL_DB_EMAIL_LABEL_TYPE_ENUM_SYSTEM },
  { "UNREAD", "UNREAD", EMAIL_DB_EMAIL_LABEL_TYPE_ENUM_SYSTEM },
  { "SENT", "SENT", EMAIL_DB_EMAIL_LABEL_TYPE_ENUM_SYSTEM },
  { "Label_7", "Invoices", EMAIL_DB_EMAIL_LABEL_TYPE_ENUM_USER },
};
/* Initializers where a struct is copied: a const object is not a constant
 * expression in C (clang refuses it). */
#define ME_ADDRESS { "me@example.com", "Me" }
#define ANN_ADDRESS { "ann@shop.com", "Ann Shop" }
static const EmailDbAddress me = ME_ADDRESS;
static const EmailDbAddress ann = ANN_ADDRESS;
static const char *const inbox_unread[] = { "INBOX", "UNREAD", "Label_7", NULL };
static const char *const sent[] = { "SENT", NULL };
static const char *const inbox[] = { "INBOX", NULL };
static const EmailDbAttachmentInput invoice[] = { { "att-1", "invoice.pdf", "application/pdf", 48213, NULL } };
static const EmailDbMessageInput order_messages[] = {
  { .provider_id = "msg-1", .internal_date = G_GINT64_CONSTANT (1767261600000000), .subject = "Your invoice",
    .snippet = "Invoice #42 attached", .size_estimate = -1, .from = ANN_ADDRESS, .to = &me, .n_to = 1,
    .label_ids = inbox_unread, .attachments = invoice, .n_attachments = 1 },
  { .provider_id = "msg-2", .internal_date = G_GINT64_CONSTANT (1767265200000000), .subject = "Re: Your invoice",
    .snippet = "Thanks!", .size_estimate = -1, .from = ME_ADDRESS, .to = &ann, .n_to = 1, .label_ids = sent },
};
static const EmailDbMessageInput hello_messages[] = {
  { .provider_id = "msg-3", .internal_date = G_GINT64_CONSTANT (1767268800000000), .subject = "Hello",
    .snippet = "Lunch?", .size_estimate = -1, .from = ANN_ADDRESS, .to = &me, .n_to = 1, .label_ids = inbox },
};
static const EmailDbThreadInput threads[] = {
  { "thread-order", order_messages, 2 },
  { "thread-hello", hello_messages, 1 },
};

int
main (int argc, char **argv)
{
  const char *url = argc > 1 ? argv[1] : g_getenv ("MACRODB_DATABASE_URL");
  g_autoptr(MdbPool) pool = NULL;
  g_autoptr(EmailDbLink) link = NULL;
  g_autoptr(MdbPage) inbox_page = NULL;
  g_autoptr(MdbPage) messages = NULL;
  g_autoptr(EmailDbThread) thread = NULL;
  g_autoptr(MdbPage) found = NULL;
  char link_id[MDB_UUID_STRING_SIZE], thread_id[MDB_UUID_STRING_SIZE];
  GError *error = NULL;

  if (url == NULL)
    {
      fprintf (stderr, "usage: email-example URL (or set MACRODB_DATABASE_URL)\n");
      return 2;
    }
  pool = mdb_pool_new_simple (url, 2, &error);
  if (pool == NULL)
    return fail ("pool", error);

  /* The user connects a mailbox; connecting again returns the same link. */
  link = email_db_link_connect (MDB_EXECUTOR (pool), ME, "fa-me", "me@example.com",
                                EMAIL_DB_EMAIL_USER_PROVIDER_ENUM_GMAIL, &error);
  if (link == NULL)
    return fail ("connect", error);
  mdb_uuid_format (&link->id, link_id);

  /* The sync stores a batch: 8 statements in one transaction, whatever its
   * size; doing it twice changes nothing. */
  for (int round = 0; round < 2; round++)
    if (!email_db_ingest (MDB_EXECUTOR (pool), link_id, labels, G_N_ELEMENTS (labels),
                          threads, G_N_ELEMENTS (threads), &error))
      return fail ("ingest", error);

  /* The inbox: one query per page, newest first. */
  inbox_page = email_db_inbox_list (MDB_EXECUTOR (pool), ME, link_id, "INBOX", NULL, 50, &error);
  if (inbox_page == NULL)
    return fail ("inbox", error);
  for (guint i = 0; i < inbox_page->items->len; i++)
    {
      const EmailDbInboxThread *t = inbox_page->items->pdata[i];
      printf ("inbox: %s | %s | %s%s%s\n", t->sender_name, t->subject, t->snippet,
              t->is_read ? "" : " | unread", t->has_attachments ? " | attachment" : "");
    }

  /* The thread page: the thread and its messages with their children, two queries. */
  mdb_uuid_format (&((const EmailDbInboxThread *) inbox_page->items->pdata[1])->id, thread_id);
  thread = email_db_thread_read (MDB_EXECUTOR (pool), ME, thread_id, NULL, 50, &messages, &error);
  if (thread == NULL)
    return fail ("thread", error);
  for (guint i = 0; i < messages->items->len; i++)
    {
      const EmailDbMessage *m = messages->items->pdata[i];
      printf ("message: %s -> %s: %s (%u attachment%s)\n", m->from_address, m->recipients[0].email_address,
              m->subject, m->n_attachments, m->n_attachments == 1 ? "" : "s");
    }

  /* Reading the thread marks it read: one statement for any number of ids. */
  {
    const char *ids[] = { thread_id, NULL };
    printf ("marked read: %" G_GINT64_FORMAT "\n",
            email_db_messages_mark_read (MDB_EXECUTOR (pool), ME, NULL, ids, TRUE, &error));
  }

  /* Contacts: a case-insensitive prefix of the address or the name. */
  found = email_db_contacts_search (MDB_EXECUTOR (pool), ME, link_id, "ANN", NULL, 10, &error);
  if (found == NULL)
    return fail ("search", error);
  for (guint i = 0; i < found->items->len; i++)
    printf ("contact: %s <%s>\n", ((const EmailDbContact *) found->items->pdata[i])->name,
            ((const EmailDbContact *) found->items->pdata[i])->email_address);

  /* Another user sees nothing of it. */
  if (email_db_link_get (MDB_EXECUTOR (pool), "macro|someone@else.com", link_id, &error) == NULL)
    {
      printf ("other user: %s\n", error->message);
      g_clear_error (&error);
    }
  if (error != NULL)
    return fail ("query", error);
  return 0;
}
