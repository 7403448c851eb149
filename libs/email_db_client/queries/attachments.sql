-- Attachment metadata.  The upload selections skip attachments already
-- turned into documents (document_email).

-- Every attachment of a thread or of one message of the acting user's links, by message date, then provider attachment id.
-- name: attachments_of_owned :many -> Attachment export-row
SELECT a.id, a.message_id, m.thread_id, a.provider_attachment_id, a.filename, a.mime_type,
       a.size_bytes, a.content_id, m.internal_date_ts AS "internal_date_ts!"
FROM email_messages m
JOIN email_links l ON l.id = m.link_id
JOIN email_attachments a ON a.message_id = m.id
WHERE l.macro_id = :macro_id AND m.internal_date_ts IS NOT NULL
  AND (m.thread_id = :thread_id? OR m.id = :message_id?)
ORDER BY m.internal_date_ts, a.provider_attachment_id, a.id
LIMIT :limit

-- The attachments of a link of the acting user with a provider attachment id.
-- name: attachments_by_provider_id :many -> Attachment
SELECT a.id, a.message_id, m.thread_id, a.provider_attachment_id, a.filename, a.mime_type,
       a.size_bytes, a.content_id, m.internal_date_ts AS "internal_date_ts!"
FROM email_attachments a
JOIN email_messages m ON m.id = a.message_id
JOIN email_links l ON l.id = m.link_id
WHERE a.provider_attachment_id = :provider_attachment_id AND l.id = :link_id AND l.macro_id = :macro_id
  AND m.internal_date_ts IS NOT NULL
ORDER BY m.internal_date_ts, a.id
LIMIT :limit

-- The attachments of a thread to upload as documents (the real system's upload selection): those of messages the user sent, labelled IMPORTANT, or from the link's own domain or a whitelisted domain, not yet a document.
-- name: attachments_to_upload :many -> Attachment
SELECT a.id, a.message_id, m.thread_id, a.provider_attachment_id, a.filename, a.mime_type,
       a.size_bytes, a.content_id, m.internal_date_ts AS "internal_date_ts!"
FROM email_messages m
JOIN email_links l ON l.id = m.link_id
JOIN email_attachments a ON a.message_id = m.id
LEFT JOIN email_contacts c ON c.id = m.from_contact_id
WHERE m.thread_id = :thread_id AND l.macro_id = :macro_id AND m.internal_date_ts IS NOT NULL
  AND NOT m.is_draft
  AND (m.is_sent
       OR EXISTS (SELECT 1 FROM email_message_labels ml JOIN email_labels lb ON lb.id = ml.label_id
                  WHERE ml.message_id = m.id AND lb.provider_label_id = 'IMPORTANT')
       OR lower (split_part (c.email_address, '@', 2)) = lower (split_part (l.email_address, '@', 2))
       OR lower (split_part (c.email_address, '@', 2)) = ANY (:whitelisted_domains::text[]))
  AND NOT EXISTS (SELECT 1 FROM document_email d WHERE d.email_attachment_id = a.id)
ORDER BY m.internal_date_ts, a.provider_attachment_id, a.id
LIMIT :limit

-- One page of a link's attachments newest first by (message date, attachment id), not yet documents, for a backfill job.
-- name: attachments_backfill_page :many -> Attachment
SELECT a.id, a.message_id, m.thread_id, a.provider_attachment_id, a.filename, a.mime_type,
       a.size_bytes, a.content_id, m.internal_date_ts AS "internal_date_ts!"
FROM email_links l
JOIN email_messages m ON m.link_id = l.id
JOIN email_attachments a ON a.message_id = m.id
WHERE l.id = :link_id AND l.macro_id = :macro_id AND m.has_attachments AND m.internal_date_ts IS NOT NULL
  AND m.internal_date_ts <= :after_ts AND (m.internal_date_ts, a.id) < (:after_ts, :after_id)
  AND NOT EXISTS (SELECT 1 FROM document_email d WHERE d.email_attachment_id = a.id)
ORDER BY m.internal_date_ts DESC, a.id DESC
LIMIT :limit
