/* SPDX-License-Identifier: MIT */
/* demo-email.c: email_db_client doing its central job, a synced batch in and
 * an inbox page out, on the demo's MacroDB.  Rerunning changes nothing (the
 * ingest is idempotent). */
#include <stdio.h>
#include <email-db/email-db.h>
#include "demo-email.h"

#define DEMO_USER "macro|demo@example.com"

static const EmailDbLabelInput labels[] = {
  { "INBOX", "INBOX", EMAIL_DB_EMAIL_LABEL_TYPE_ENUM_SYSTEM },
  { "UNREAD", "UNREAD", EMAIL_DB_EMAIL_LABEL_TYPE_ENUM_SYSTEM },
  { "SENT", "SENT", EMAIL_DB_EMAIL_LABEL_TYPE_ENUM_SYSTEM },
};
/* Initializers, not objects, where a struct is copied: a const object is
 * not a constant expression in C (clang refuses it, GCC allows it). */
#define ME_ADDRESS { "demo@example.com", "Demo" }
#define ANN_ADDRESS { "ann@shop.com", "Ann Shop" }
static const EmailDbAddress me = ME_ADDRESS;
static const EmailDbAddress ann = ANN_ADDRESS;
static const char *const inbox_unread[] = { "INBOX", "UNREAD", NULL };
static const char *const sent[] = { "SENT", NULL };
static const EmailDbAttachmentInput invoice[] = { { "demo-att-1", "invoice.pdf", "application/pdf", 48213, NULL } };
static const EmailDbMessageInput order[] = {
  { .provider_id = "demo-msg-1", .internal_date = G_GINT64_CONSTANT (1767261600000000), .subject = "Your invoice",
    .snippet = "Invoice #42 attached", .size_estimate = -1, .from = ANN_ADDRESS, .to = &me, .n_to = 1,
    .label_ids = inbox_unread, .attachments = invoice, .n_attachments = 1 },
  { .provider_id = "demo-msg-2", .internal_date = G_GINT64_CONSTANT (1767265200000000),
    .subject = "Re: Your invoice", .snippet = "Thanks!", .size_estimate = -1, .from = ME_ADDRESS, .to = &ann, .n_to = 1,
    .label_ids = sent },
};
static const EmailDbThreadInput threads[] = { { "demo-thread-1", order, G_N_ELEMENTS (order) } };

static gboolean
email_fail (const char *what, GError *error)
{
  fprintf (stderr, "demo: email %s: %s\n", what, error->message);
  g_error_free (error);
  return FALSE;
}

gboolean
demo_show_email (MdbPool *pool)
{
  g_autoptr(EmailDbLink) link = NULL;
  g_autoptr(MdbPage) inbox = NULL;
  g_autoptr(MdbPage) messages = NULL;
  g_autoptr(EmailDbThread) thread = NULL;
  char link_id[MDB_UUID_STRING_SIZE], thread_id[MDB_UUID_STRING_SIZE];
  guint64 before;
  GError *error = NULL;

  printf ("\n== Email (email_db_client on MacroDB)\n");
  link = email_db_link_connect (MDB_EXECUTOR (pool), DEMO_USER, "demo-fa", "demo@example.com",
                                EMAIL_DB_EMAIL_USER_PROVIDER_ENUM_GMAIL, &error);
  if (link == NULL)
    return email_fail ("connect", error);
  mdb_uuid_format (&link->id, link_id);
  before = mdb_pool_get_stat (pool, MDB_POOL_STAT_STATEMENTS);
  if (!email_db_ingest (MDB_EXECUTOR (pool), link_id, labels, G_N_ELEMENTS (labels), threads,
                        G_N_ELEMENTS (threads), &error))
    return email_fail ("ingest", error);
  printf ("  ingested 1 thread, 2 messages, 2 contacts, 1 attachment: %" G_GUINT64_FORMAT
          " statements (BEGIN, 8, COMMIT), idempotent\n",
          mdb_pool_get_stat (pool, MDB_POOL_STAT_STATEMENTS) - before);
  inbox = email_db_inbox_list (MDB_EXECUTOR (pool), DEMO_USER, link_id, "INBOX", NULL, 50, &error);
  if (inbox == NULL)
    return email_fail ("inbox", error);
  for (guint i = 0; i < inbox->items->len; i++)
    {
      const EmailDbInboxThread *t = inbox->items->pdata[i];
      printf ("  inbox (1 query): %s | %s | %s%s%s\n", t->sender_name, t->subject, t->snippet,
              t->is_read ? "" : " | unread", t->has_attachments ? " | attachment" : "");
    }
  if (inbox->items->len == 0)
    return TRUE;
  mdb_uuid_format (&((const EmailDbInboxThread *) inbox->items->pdata[0])->id, thread_id);
  thread = email_db_thread_read (MDB_EXECUTOR (pool), DEMO_USER, thread_id, NULL, 50, &messages, &error);
  if (thread == NULL)
    return email_fail ("thread", error);
  for (guint i = 0; i < messages->items->len; i++)
    {
      const EmailDbMessage *m = messages->items->pdata[i];
      printf ("  thread (2 queries): %s -> %s: %s, %u attachment(s)\n", m->from_address,
              m->n_recipients > 0 ? m->recipients[0].email_address : "-", m->subject, m->n_attachments);
    }
  return TRUE;
}
