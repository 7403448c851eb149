-- Hand-written (docs/schema.md): the access paths of email_db_client
-- (docs/libs/email.md) and the composite types its child rows are built as.

-- Inbox views: a link's threads newest first by their latest non-spam
-- message, one index per view so each page is one index range scan.
CREATE INDEX "email_threads_link_latest_idx" ON "email_threads"
    ("link_id", "latest_non_spam_message_ts" DESC, "id" DESC)
    WHERE "latest_non_spam_message_ts" IS NOT NULL;
CREATE INDEX "email_threads_link_inbox_idx" ON "email_threads"
    ("link_id", "latest_non_spam_message_ts" DESC, "id" DESC)
    WHERE "inbox_visible" AND "latest_non_spam_message_ts" IS NOT NULL;
CREATE INDEX "email_threads_link_sent_idx" ON "email_threads"
    ("link_id", "latest_non_spam_message_ts" DESC, "id" DESC)
    WHERE "latest_outbound_message_ts" IS NOT NULL AND "latest_non_spam_message_ts" IS NOT NULL;

-- Per-thread flags of the inbox row (starred view, attachment flag), a
-- link's unread messages (label counts) and the newest-first attachments of
-- a link (backfill).
CREATE INDEX "email_messages_thread_starred_idx" ON "email_messages" ("thread_id") WHERE "is_starred";
CREATE INDEX "email_messages_thread_attachments_idx" ON "email_messages" ("thread_id") WHERE "has_attachments";
CREATE INDEX "email_messages_link_unread_idx" ON "email_messages" ("link_id") WHERE NOT "is_read";
CREATE INDEX "email_messages_link_attachments_idx" ON "email_messages" ("link_id", "internal_date_ts" DESC)
    WHERE "has_attachments";

-- Contact search by lower-case prefix of the address or the name, in
-- binary order (the prefix is a range).
CREATE INDEX "email_contacts_address_prefix_idx" ON "email_contacts"
    ("link_id", (lower("email_address")) COLLATE "C");
CREATE INDEX "email_contacts_name_prefix_idx" ON "email_contacts"
    ("link_id", (lower("name")) COLLATE "C");

-- Links by address (push notifications name the mailbox).
CREATE INDEX "email_links_address_idx" ON "email_links" ((lower("email_address")), "provider");

-- Child rows of the thread page (docs/queries.md "Child rows").
CREATE TYPE "email_recipient_item" AS (
    "recipient_type" "email_recipient_type", "email_address" text, "name" text);
CREATE TYPE "email_attachment_item" AS (
    "id" uuid, "provider_attachment_id" text, "filename" text, "mime_type" text,
    "size_bytes" int8, "content_id" text);
