/* SPDX-License-Identifier: MIT */
/* email-db.h: email_db_client, users' linked mailboxes on MacroDB (email_*):
 * links, set-based thread ingest, inbox views, the thread page, message
 * state, labels, contacts and attachments.  docs/libs/email.md. */
#pragma once

#include <glib.h>
#include <mdb/mdb.h>
/* What the query files export: the row types (`export-row`: EmailDbLink,
 * EmailDbInboxThread, EmailDbThread, EmailDbMessage, EmailDbLabel,
 * EmailDbContact, EmailDbAttachment) and the schema's enums; the generated
 * functions themselves stay internal. */
#include "email_db_client-queries.h"

G_BEGIN_DECLS

/* The largest page a list function returns (its @limit). */
#define EMAIL_DB_MAX_PAGE 500

/* An address with an optional display name; strings borrowed. */
typedef struct {
  const char *address;   /* stored lower-case */
  const char *name;      /* nullable; "" = none */
} EmailDbAddress;

/* One attachment's metadata as the provider gives it; strings borrowed. */
typedef struct {
  const char *provider_attachment_id;   /* required: attachments are matched by it */
  const char *filename;                 /* nullable */
  const char *mime_type;                /* nullable */
  gint64      size_bytes;               /* -1: unknown */
  const char *content_id;               /* nullable */
} EmailDbAttachmentInput;

/* One message of a thread to ingest; strings borrowed.  The provider's
 * label ids decide the flags as Gmail does: UNREAD (absent = read),
 * STARRED, SENT and DRAFT; INBOX makes the thread visible in the inbox. */
typedef struct {
  const char                   *provider_id;     /* required */
  const char                   *global_id;       /* RFC Message-ID; nullable */
  const char                   *history_id;      /* nullable */
  gint64                        internal_date;   /* µs since the Unix epoch, UTC */
  const char                   *subject;         /* nullable */
  const char                   *snippet;         /* nullable */
  const char                   *body_text;       /* nullable */
  const char                   *body_html;       /* nullable (sanitized HTML) */
  gint64                        size_estimate;   /* -1: unknown */
  EmailDbAddress                from;            /* from.address NULL: no sender */
  const EmailDbAddress         *to;
  gsize                         n_to;
  const EmailDbAddress         *cc;
  gsize                         n_cc;
  const EmailDbAddress         *bcc;
  gsize                         n_bcc;
  const char *const            *label_ids;       /* NULL-terminated provider label ids; nullable */
  const EmailDbAttachmentInput *attachments;
  gsize                         n_attachments;
} EmailDbMessageInput;

/* One thread and (some of) its messages. */
typedef struct {
  const char                *provider_id;        /* required */
  const EmailDbMessageInput *messages;
  gsize                      n_messages;
} EmailDbThreadInput;

/* A label definition as the provider gives it. */
typedef struct {
  const char               *provider_label_id;   /* required */
  const char               *name;                /* required */
  EmailDbEmailLabelTypeEnum type;
} EmailDbLabelInput;

/* The number of statements one ingest runs, whatever the batch size
 * (plus BEGIN and COMMIT, or SAVEPOINT and RELEASE). */
#define EMAIL_DB_INGEST_STATEMENTS 8

/* Links */
EmailDbLink     *email_db_link_connect     (MdbExecutor                 *executor,
                                            const char                  *macro_id,
                                            const char                  *fusionauth_user_id,
                                            const char                  *email_address,
                                            EmailDbEmailUserProviderEnum provider,
                                            GError                     **error);
EmailDbLink     *email_db_link_get         (MdbExecutor *executor,
                                            const char  *macro_id,
                                            const char  *link_id,
                                            GError     **error);
MdbPage         *email_db_links_list       (MdbExecutor *executor,
                                            const char  *macro_id,
                                            const char  *cursor,
                                            guint        limit,
                                            GError     **error);
EmailDbLinkList *email_db_links_find_by_address (MdbExecutor                 *executor,
                                                 const char                  *email_address,
                                                 EmailDbEmailUserProviderEnum provider,
                                                 GError                     **error);
EmailDbLink     *email_db_link_set_sync    (MdbExecutor *executor,
                                            const char  *link_id,
                                            gboolean     is_sync_active,
                                            const char  *history_id,
                                            const char  *sync_token,
                                            GError     **error);
gboolean         email_db_link_delete      (MdbExecutor *executor,
                                            const char  *macro_id,
                                            const char  *link_id,
                                            GError     **error);

/* Ingest */
gboolean         email_db_ingest           (MdbExecutor              *executor,
                                            const char               *link_id,
                                            const EmailDbLabelInput  *labels,
                                            gsize                     n_labels,
                                            const EmailDbThreadInput *threads,
                                            gsize                     n_threads,
                                            GError                  **error);

/* Inbox views and the thread page */
MdbPage         *email_db_inbox_list       (MdbExecutor *executor,
                                            const char  *macro_id,
                                            const char  *link_id,
                                            const char  *view,
                                            const char  *cursor,
                                            guint        limit,
                                            GError     **error);
EmailDbThread   *email_db_thread_read      (MdbExecutor *executor,
                                            const char  *macro_id,
                                            const char  *thread_id,
                                            const char  *cursor,
                                            guint        limit,
                                            MdbPage    **out_messages,
                                            GError     **error);

/* Message state */
gint64           email_db_messages_mark_read (MdbExecutor       *executor,
                                              const char        *macro_id,
                                              const char *const *message_ids,
                                              const char *const *thread_ids,
                                              gboolean           is_read,
                                              GError           **error);
gint64           email_db_messages_star     (MdbExecutor       *executor,
                                             const char        *macro_id,
                                             const char *const *message_ids,
                                             const char *const *thread_ids,
                                             gboolean           starred,
                                             GError           **error);
gint64           email_db_messages_label    (MdbExecutor       *executor,
                                             const char        *macro_id,
                                             const char *const *message_ids,
                                             const char *const *thread_ids,
                                             const char        *provider_label_id,
                                             gboolean           add,
                                             GError           **error);
gint64           email_db_messages_archive  (MdbExecutor       *executor,
                                             const char        *macro_id,
                                             const char *const *message_ids,
                                             const char *const *thread_ids,
                                             GError           **error);

/* Labels */
EmailDbLabelList *email_db_labels_list     (MdbExecutor *executor,
                                            const char  *macro_id,
                                            const char  *link_id,
                                            GError     **error);
gboolean         email_db_label_create     (MdbExecutor *executor,
                                            const char  *macro_id,
                                            const char  *link_id,
                                            const char  *provider_label_id,
                                            const char  *name,
                                            MdbUuid     *out_id,
                                            GError     **error);
gboolean         email_db_label_rename     (MdbExecutor *executor,
                                            const char  *macro_id,
                                            const char  *label_id,
                                            const char  *name,
                                            GError     **error);
gboolean         email_db_label_delete     (MdbExecutor *executor,
                                            const char  *macro_id,
                                            const char  *label_id,
                                            GError     **error);

/* Contacts */
gint64           email_db_contacts_store   (MdbExecutor          *executor,
                                            const char           *macro_id,
                                            const char           *link_id,
                                            const EmailDbAddress *contacts,
                                            gsize                 n_contacts,
                                            GError              **error);
MdbPage         *email_db_contacts_search  (MdbExecutor *executor,
                                            const char  *macro_id,
                                            const char  *link_id,
                                            const char  *prefix,
                                            const char  *cursor,
                                            guint        limit,
                                            GError     **error);

/* Attachments */
EmailDbAttachmentList *email_db_attachments_of_thread  (MdbExecutor *executor,
                                                        const char  *macro_id,
                                                        const char  *thread_id,
                                                        GError     **error);
EmailDbAttachmentList *email_db_attachments_of_message (MdbExecutor *executor,
                                                        const char  *macro_id,
                                                        const char  *message_id,
                                                        GError     **error);
EmailDbAttachmentList *email_db_attachments_find       (MdbExecutor *executor,
                                                        const char  *macro_id,
                                                        const char  *link_id,
                                                        const char  *provider_attachment_id,
                                                        GError     **error);
EmailDbAttachmentList *email_db_attachments_for_upload (MdbExecutor       *executor,
                                                        const char        *macro_id,
                                                        const char        *thread_id,
                                                        const char *const *whitelisted_domains,
                                                        GError           **error);
MdbPage               *email_db_attachments_backfill   (MdbExecutor *executor,
                                                        const char  *macro_id,
                                                        const char  *link_id,
                                                        const char  *cursor,
                                                        guint        limit,
                                                        GError     **error);

G_END_DECLS
