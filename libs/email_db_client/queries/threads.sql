-- Inbox views and the thread page.  Threads sort by their latest non-draft,
-- non-spam message (latest_non_spam_message_ts), newest first, ties by id;
-- the cursor is that pair.  Every read joins email_links on the acting
-- user (macro_id): another user's link reads as empty.

-- One page of a link's threads in a view: NULL = all mail, 'INBOX', 'SENT', 'STARRED', or any other provider label id; each with its latest message's preview, unread state, label ids and attachment flag.
-- name: inbox_page :many -> InboxThread export-row
WITH page AS (
  (SELECT t.id, t.latest_non_spam_message_ts AS ts FROM email_threads t
   WHERE t.link_id = :link_id AND :view?::text IS NULL AND t.latest_non_spam_message_ts IS NOT NULL
     AND (t.latest_non_spam_message_ts, t.id) < (:after_ts, :after_id)
   ORDER BY t.latest_non_spam_message_ts DESC, t.id DESC LIMIT :limit)
  UNION ALL
  (SELECT t.id, t.latest_non_spam_message_ts FROM email_threads t
   WHERE t.link_id = :link_id AND :view? = 'INBOX' AND t.inbox_visible AND t.latest_non_spam_message_ts IS NOT NULL
     AND (t.latest_non_spam_message_ts, t.id) < (:after_ts, :after_id)
   ORDER BY t.latest_non_spam_message_ts DESC, t.id DESC LIMIT :limit)
  UNION ALL
  (SELECT t.id, t.latest_non_spam_message_ts FROM email_threads t
   WHERE t.link_id = :link_id AND :view? = 'SENT' AND t.latest_outbound_message_ts IS NOT NULL
     AND t.latest_non_spam_message_ts IS NOT NULL
     AND (t.latest_non_spam_message_ts, t.id) < (:after_ts, :after_id)
   ORDER BY t.latest_non_spam_message_ts DESC, t.id DESC LIMIT :limit)
  UNION ALL
  (SELECT t.id, t.latest_non_spam_message_ts FROM email_threads t
   WHERE t.link_id = :link_id AND :view? = 'STARRED' AND t.latest_non_spam_message_ts IS NOT NULL
     AND (t.latest_non_spam_message_ts, t.id) < (:after_ts, :after_id)
     AND EXISTS (SELECT 1 FROM email_messages m WHERE m.thread_id = t.id AND m.is_starred)
   ORDER BY t.latest_non_spam_message_ts DESC, t.id DESC LIMIT :limit)
  UNION ALL
  (SELECT t.id, t.latest_non_spam_message_ts FROM email_threads t
   WHERE t.link_id = :link_id AND :view? NOT IN ('INBOX', 'SENT', 'STARRED') AND t.latest_non_spam_message_ts IS NOT NULL
     AND (t.latest_non_spam_message_ts, t.id) < (:after_ts, :after_id)
     AND EXISTS (SELECT 1 FROM email_messages m
                 JOIN email_message_labels ml ON ml.message_id = m.id
                 JOIN email_labels lb ON lb.id = ml.label_id
                 WHERE m.thread_id = t.id AND lb.link_id = :link_id AND lb.provider_label_id = :view?)
   ORDER BY t.latest_non_spam_message_ts DESC, t.id DESC LIMIT :limit)
)
SELECT t.id, t.provider_id, p.ts AS "latest_ts!", t.is_read, p.subject, p.snippet,
       p.sender_address, p.sender_name, p.message_id,
       -- The thread's distinct label ids first, then each label once (not
       -- once per message that carries it).
       ARRAY (SELECT DISTINCT lb.provider_label_id FROM email_labels lb
              WHERE lb.id IN (SELECT ml.label_id FROM email_messages m
                              JOIN email_message_labels ml ON ml.message_id = m.id
                              WHERE m.thread_id = t.id)
              ORDER BY 1) AS label_ids,
       EXISTS (SELECT 1 FROM email_messages m WHERE m.thread_id = t.id AND m.has_attachments) AS has_attachments
FROM (SELECT id, ts FROM page
      -- the ownership check: an uncorrelated EXISTS, run once before the scans
      WHERE EXISTS (SELECT 1 FROM email_links l WHERE l.id = :link_id AND l.macro_id = :macro_id)
      ORDER BY ts DESC, id DESC LIMIT :limit) AS pg
JOIN email_threads t ON t.id = pg.id
CROSS JOIN LATERAL (
  SELECT pg.ts, m.id AS message_id, m.subject, m.snippet,
         c.email_address AS sender_address, c.name AS sender_name
  FROM (SELECT 1) AS one
  LEFT JOIN LATERAL (
    SELECT m.id, m.subject, m.snippet, m.from_contact_id FROM email_messages m
    WHERE m.thread_id = pg.id AND NOT m.is_draft
    ORDER BY m.internal_date_ts DESC NULLS LAST, m.id DESC LIMIT 1
  ) m ON TRUE
  LEFT JOIN email_contacts c ON c.id = m.from_contact_id
) AS p
ORDER BY pg.ts DESC, t.id DESC

-- A thread of the acting user's links (the thread page's first query).
-- name: thread_get_owned :opt -> Thread export-row
SELECT t.id, t.link_id, t.provider_id, t.inbox_visible, t.is_read,
       t.latest_inbound_message_ts, t.latest_outbound_message_ts, t.latest_non_spam_message_ts,
       t.created_at, t.updated_at
FROM email_threads t JOIN email_links l ON l.id = t.link_id
WHERE t.id = :thread_id AND l.macro_id = :macro_id

-- One page of a thread's messages, oldest first by (internal date, id), each with its sender, recipients, label ids and attachments (the thread page's second query).
-- name: thread_messages :many -> Message export-row
SELECT m.id, m.thread_id, m.provider_id, m.global_id, m.internal_date_ts AS "internal_date_ts!",
       m.subject, m.snippet, m.body_text, m.body_html_sanitized,
       m.is_read, m.is_starred, m.is_sent, m.is_draft, m.has_attachments,
       c.email_address AS from_address, c.name AS from_name,
       ARRAY (SELECT ROW (r.recipient_type, rc.email_address, rc.name)::email_recipient_item
              FROM email_message_recipients r JOIN email_contacts rc ON rc.id = r.contact_id
              WHERE r.message_id = m.id ORDER BY r.recipient_type, rc.email_address) AS recipients,
       ARRAY (SELECT lb.provider_label_id FROM email_message_labels ml JOIN email_labels lb ON lb.id = ml.label_id
              WHERE ml.message_id = m.id ORDER BY 1) AS label_ids,
       ARRAY (SELECT ROW (a.id, a.provider_attachment_id, a.filename, a.mime_type, a.size_bytes, a.content_id)::email_attachment_item
              FROM email_attachments a WHERE a.message_id = m.id ORDER BY a.provider_attachment_id, a.id) AS attachments
FROM email_messages m
JOIN email_links l ON l.id = m.link_id
LEFT JOIN email_contacts c ON c.id = m.from_contact_id
WHERE m.thread_id = :thread_id AND l.macro_id = :macro_id AND m.internal_date_ts IS NOT NULL
  AND (m.internal_date_ts, m.id) > (:after_ts, :after_id)
ORDER BY m.internal_date_ts, m.id
LIMIT :limit
