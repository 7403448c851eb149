-- Ingest: a batch of threads with their messages, stored by eight set-based
-- statements in one transaction (src/ingest.c), whatever the batch size.
-- Every row is matched by its provider id, so re-ingesting the same batch
-- changes nothing: inserts are ON CONFLICT (but for the recipients and
-- labels of a message new in this ingest, which no other row can hold yet),
-- and updates only touch rows whose values differ (IS DISTINCT FROM), so
-- even updated_at stays put.
-- Locks are taken in one order: labels, contacts, threads (sorted by
-- provider id), then the rows under those threads.
-- Statements 2, 3 and 4 return the ids of the batch's contacts, threads and
-- messages, so statements 4 to 8 take ids: no address or provider id is
-- looked up twice.

-- Optional text travels as '' in the arrays (a NULL-terminated C string
-- array cannot hold NULL) and is stored as NULL; an unknown size is -1.

-- Statement 1: the labels the batch defines or uses, by provider label id: a defined label's changed name or type is updated, a label only used by messages is created with its id as name and never renames an existing one.
-- name: ingest_labels :exec
WITH input AS (
  SELECT l.provider_label_id, l.name, l.type, l.defined
  FROM UNNEST (:provider_label_ids::text[], :names::text[], :types::email_label_type_enum[],
               :defined::bool[]) AS l (provider_label_id, name, type, defined)
), renamed AS (
  UPDATE email_labels lb SET name = i.name, type = i.type
  FROM input i
  WHERE lb.link_id = :link_id AND lb.provider_label_id = i.provider_label_id AND i.defined
    AND (lb.name, lb.type) IS DISTINCT FROM (i.name, i.type)
)
INSERT INTO email_labels (link_id, provider_label_id, name, type)
SELECT :link_id, provider_label_id, name, type FROM input ORDER BY provider_label_id
ON CONFLICT (link_id, provider_label_id) DO NOTHING

-- Statement 2: the batch's contacts by address, each looked up once: new ones are inserted without locking existing rows, a known name replaces a different one.  Returns the id of each contact it saw or inserted (not one another transaction inserts meanwhile: statements 4 and 5 look those up).
-- name: ingest_contacts :many
WITH input AS (
  SELECT c.address, NULLIF (c.name, '') AS name
  FROM UNNEST (:addresses::text[], :contact_names::text[]) AS c (address, name)
), known AS (
  SELECT i.address, i.name, c.id, c.name AS stored_name
  FROM input i LEFT JOIN email_contacts c ON c.link_id = :link_id AND c.email_address = i.address
), inserted AS (
  INSERT INTO email_contacts (link_id, email_address, name)
  SELECT :link_id, address, name FROM known WHERE id IS NULL ORDER BY address
  ON CONFLICT (link_id, email_address) DO NOTHING
  RETURNING email_address, id
), renamed AS (
  -- only the contacts whose stored name differs are read again, by id (an
  -- array, so that no estimate can turn this into a scan of all contacts)
  UPDATE email_contacts c
  SET name = k.name, updated_at = now()
  FROM known k
  WHERE c.id = ANY (ARRAY (SELECT id FROM known
                           WHERE id IS NOT NULL AND name IS NOT NULL AND stored_name IS DISTINCT FROM name))
    AND c.id = k.id AND c.name IS DISTINCT FROM k.name
)
SELECT address AS "address!", id::text AS "id!" FROM known WHERE id IS NOT NULL
UNION ALL
SELECT email_address::text, id::text FROM inserted

-- Statement 3: the batch's threads by provider id, each row locked (new or not) until commit, in provider id order, so ingests of one thread take turns and each sees the other's messages; returns every thread's id.
-- name: ingest_threads :many
INSERT INTO email_threads (link_id, provider_id)
SELECT :link_id, p FROM UNNEST (:thread_provider_ids::text[]) AS p ORDER BY p
ON CONFLICT (link_id, provider_id) WHERE provider_id IS NOT NULL DO UPDATE
  SET provider_id = EXCLUDED.provider_id
RETURNING provider_id AS "provider_id!", id::text AS "id!"

-- Statement 4: the batch's messages by provider id, attached to their thread (by the id statement 3 returned) and sender contact; an existing message is updated only where something differs.  Returns every message's id, and whether it was stored before (only those can have recipients and labels already).
-- name: ingest_messages :many
WITH stored AS (
  SELECT m.id, m.provider_id FROM email_messages m
  WHERE m.link_id = :link_id AND m.provider_id = ANY (:message_provider_ids::text[])
), upserted AS (
  INSERT INTO email_messages AS m
    (link_id, thread_id, provider_id, provider_thread_id, global_id, provider_history_id,
     internal_date_ts, sent_at, subject, snippet, body_text, body_html_sanitized, size_estimate,
     from_contact_id, has_attachments, is_read, is_starred, is_sent, is_draft)
  SELECT :link_id, i.thread_id, i.provider_id, i.thread_provider_id, NULLIF (i.global_id, ''),
         NULLIF (i.history_id, ''), i.internal_date, CASE WHEN i.is_sent THEN i.internal_date END,
         NULLIF (i.subject, ''), NULLIF (i.snippet, ''), NULLIF (i.body_text, ''),
         NULLIF (i.body_html, ''), NULLIF (i.size_estimate, -1),
         -- the sender's id from statement 2, else (a contact another
         -- transaction inserted meanwhile) by address
         COALESCE (NULLIF (i.from_id, '')::uuid,
                   (SELECT c.id FROM email_contacts c WHERE c.link_id = :link_id AND c.email_address = i.from_address)),
         i.has_attachments, i.is_read, i.is_starred, i.is_sent, i.is_draft
  FROM UNNEST (:message_provider_ids::text[], :message_thread_ids::uuid[], :message_thread_provider_ids::text[],
               :global_ids::text[], :history_ids::text[], :internal_dates::timestamptz[],
               :subjects::text[], :snippets::text[], :bodies_text::text[], :bodies_html::text[],
               :size_estimates::int8[], :from_ids::text[], :from_addresses::text[], :has_attachments::bool[],
               :is_reads::bool[], :is_starreds::bool[], :is_sents::bool[], :is_drafts::bool[])
       AS i (provider_id, thread_id, thread_provider_id, global_id, history_id, internal_date,
             subject, snippet, body_text, body_html, size_estimate, from_id, from_address, has_attachments,
             is_read, is_starred, is_sent, is_draft)
  ORDER BY i.provider_id
  ON CONFLICT (link_id, provider_id) WHERE provider_id IS NOT NULL DO UPDATE
    SET thread_id = EXCLUDED.thread_id, provider_thread_id = EXCLUDED.provider_thread_id,
        global_id = EXCLUDED.global_id, provider_history_id = EXCLUDED.provider_history_id,
        internal_date_ts = EXCLUDED.internal_date_ts, sent_at = EXCLUDED.sent_at,
        subject = EXCLUDED.subject, snippet = EXCLUDED.snippet, body_text = EXCLUDED.body_text,
        body_html_sanitized = EXCLUDED.body_html_sanitized, size_estimate = EXCLUDED.size_estimate,
        from_contact_id = EXCLUDED.from_contact_id, has_attachments = EXCLUDED.has_attachments,
        is_read = EXCLUDED.is_read, is_starred = EXCLUDED.is_starred, is_sent = EXCLUDED.is_sent,
        is_draft = EXCLUDED.is_draft, updated_at = now()
    WHERE (m.thread_id, m.provider_thread_id, m.global_id, m.provider_history_id, m.internal_date_ts,
           m.sent_at, m.subject, m.snippet, m.body_text, m.body_html_sanitized, m.size_estimate,
           m.from_contact_id, m.has_attachments, m.is_read, m.is_starred, m.is_sent, m.is_draft)
          IS DISTINCT FROM
          (EXCLUDED.thread_id, EXCLUDED.provider_thread_id, EXCLUDED.global_id,
           EXCLUDED.provider_history_id, EXCLUDED.internal_date_ts, EXCLUDED.sent_at,
           EXCLUDED.subject, EXCLUDED.snippet, EXCLUDED.body_text, EXCLUDED.body_html_sanitized,
           EXCLUDED.size_estimate, EXCLUDED.from_contact_id, EXCLUDED.has_attachments,
           EXCLUDED.is_read, EXCLUDED.is_starred, EXCLUDED.is_sent, EXCLUDED.is_draft)
  RETURNING m.id, m.provider_id, m.created_at
)
-- An unchanged message is not in upserted (its row was not written), a new
-- one not in stored.  A row this statement inserted has created_at = now()
-- (the transaction's start, the column's default); one that another
-- transaction inserted after this statement's snapshot (the same message
-- under another thread, so not serialised by statement 3) has not: it
-- counts as stored, as its recipients and labels may exist.
SELECT COALESCE (u.provider_id, s.provider_id) AS "provider_id!", COALESCE (u.id, s.id)::text AS "id!",
       (s.id IS NOT NULL OR u.created_at <> now ()) AS "stored!"
FROM upserted u FULL JOIN stored s ON s.provider_id = u.provider_id

-- Statement 5: the recipients (to, cc, bcc) of the batch's messages (by the ids statement 4 returned): the given set replaces what was stored.
-- name: ingest_recipients :exec
WITH input AS (
  SELECT DISTINCT r.message_id, c.contact_id, r.kind AS recipient_type, r.stored
  FROM UNNEST (:recipient_message_ids::uuid[], :recipient_contact_ids::text[], :recipient_addresses::text[],
               :recipient_types::email_recipient_type[], :recipient_stored::bool[])
       AS r (message_id, contact_id, address, kind, stored)
  -- the contact's id from statement 2, else by address (as in statement 4)
  CROSS JOIN LATERAL (
    SELECT COALESCE (NULLIF (r.contact_id, '')::uuid,
                     (SELECT c.id FROM email_contacts c WHERE c.link_id = :link_id AND c.email_address = r.address))
             AS contact_id
  ) c
  WHERE c.contact_id IS NOT NULL
), removed AS (
  -- only messages stored before statement 4 can have rows to remove; new
  -- ones cost nothing here
  DELETE FROM email_message_recipients mr
  WHERE mr.message_id = ANY (:stored_message_ids::uuid[])
    AND NOT EXISTS (SELECT 1 FROM input i
                    WHERE i.message_id = mr.message_id AND i.contact_id = mr.contact_id
                      AND i.recipient_type = mr.recipient_type)
), added AS (
  -- a message new in this ingest has no rows yet and no other transaction
  -- sees it before commit: its rows need no conflict check
  INSERT INTO email_message_recipients (message_id, contact_id, recipient_type)
  SELECT message_id, contact_id, recipient_type FROM input WHERE NOT stored
  ORDER BY 1, 2, 3
)
INSERT INTO email_message_recipients (message_id, contact_id, recipient_type)
SELECT message_id, contact_id, recipient_type FROM input WHERE stored
ORDER BY 1, 2, 3
ON CONFLICT DO NOTHING

-- Statement 6: the labels of the batch's messages (by the ids statement 4 returned): the given set replaces what was stored.
-- name: ingest_message_labels :exec
WITH input AS (
  SELECT DISTINCT a.message_id, l.id AS label_id, a.stored
  FROM UNNEST (:label_message_ids::uuid[], :label_provider_ids::text[], :label_stored::bool[])
       AS a (message_id, provider_label_id, stored)
  JOIN email_labels l ON l.link_id = :link_id AND l.provider_label_id = a.provider_label_id
), removed AS (
  DELETE FROM email_message_labels ml
  WHERE ml.message_id = ANY (:stored_message_ids::uuid[])
    AND NOT EXISTS (SELECT 1 FROM input i WHERE i.message_id = ml.message_id AND i.label_id = ml.label_id)
), added AS (
  -- as in statement 5: new messages' rows need no conflict check
  INSERT INTO email_message_labels (message_id, label_id)
  SELECT message_id, label_id FROM input WHERE NOT stored
  ORDER BY 1, 2
)
INSERT INTO email_message_labels (message_id, label_id)
SELECT message_id, label_id FROM input WHERE stored
ORDER BY 1, 2
ON CONFLICT DO NOTHING

-- Statement 7: the attachment metadata of the batch's messages, by (message id, provider attachment id).
-- name: ingest_attachments :exec
INSERT INTO email_attachments AS a
  (message_id, provider_attachment_id, filename, mime_type, size_bytes, content_id)
SELECT i.message_id, i.provider_attachment_id, NULLIF (i.filename, ''), NULLIF (i.mime_type, ''),
       NULLIF (i.size_bytes, -1), NULLIF (i.content_id, '')
FROM UNNEST (:attachment_message_ids::uuid[], :provider_attachment_ids::text[], :filenames::text[],
             :mime_types::text[], :sizes::int8[], :content_ids::text[])
     AS i (message_id, provider_attachment_id, filename, mime_type, size_bytes, content_id)
ORDER BY i.message_id, i.provider_attachment_id
ON CONFLICT (message_id, provider_attachment_id) DO UPDATE
  SET filename = EXCLUDED.filename, mime_type = EXCLUDED.mime_type,
      size_bytes = EXCLUDED.size_bytes, content_id = EXCLUDED.content_id
  WHERE (a.filename, a.mime_type, a.size_bytes, a.content_id)
        IS DISTINCT FROM (EXCLUDED.filename, EXCLUDED.mime_type, EXCLUDED.size_bytes, EXCLUDED.content_id)

-- Statement 8: the derived fields of the batch's threads (by the ids statement 3 returned), recomputed from all their messages (so the order messages arrive in does not matter); unchanged threads are not written.
-- name: ingest_thread_state :exec
WITH marks AS (
  -- the link's INBOX and SPAM/TRASH label ids, read once: each message is
  -- then one index-only probe of its label assignments
  SELECT COALESCE (array_agg (id) FILTER (WHERE provider_label_id = 'INBOX'), '{}') AS inbox,
         COALESCE (array_agg (id) FILTER (WHERE provider_label_id IN ('SPAM', 'TRASH')), '{}') AS spam
  FROM email_labels WHERE link_id = :link_id AND provider_label_id IN ('INBOX', 'SPAM', 'TRASH')
)
UPDATE email_threads t
SET inbox_visible = s.inbox_visible, is_read = s.is_read,
    latest_inbound_message_ts = s.latest_inbound, latest_outbound_message_ts = s.latest_outbound,
    latest_non_spam_message_ts = s.latest_non_spam, updated_at = now()
FROM (
  SELECT m.thread_id AS id,
         COALESCE (bool_or (f.inbox), FALSE) AS inbox_visible,
         COALESCE (bool_and (m.is_read), TRUE) AS is_read,
         max (m.internal_date_ts) FILTER (WHERE NOT m.is_sent AND NOT m.is_draft) AS latest_inbound,
         max (m.internal_date_ts) FILTER (WHERE m.is_sent) AS latest_outbound,
         max (m.internal_date_ts) FILTER (WHERE NOT m.is_draft AND NOT f.spam) AS latest_non_spam
  FROM email_messages m
  CROSS JOIN marks k
  CROSS JOIN LATERAL (
    SELECT COALESCE (bool_or (ml.label_id = ANY (k.inbox)), FALSE) AS inbox,
           COALESCE (bool_or (ml.label_id = ANY (k.spam)), FALSE) AS spam
    FROM email_message_labels ml
    WHERE ml.message_id = m.id
  ) f
  WHERE m.thread_id = ANY (:thread_ids::uuid[])
  GROUP BY m.thread_id
) s
-- the ids again on t, so that even a custom plan probes the primary key
-- rather than scanning every thread to join s
WHERE t.id = ANY (:thread_ids::uuid[]) AND t.id = s.id
  AND (t.inbox_visible, t.is_read, t.latest_inbound_message_ts, t.latest_outbound_message_ts,
       t.latest_non_spam_message_ts)
      IS DISTINCT FROM (s.inbox_visible, s.is_read, s.latest_inbound, s.latest_outbound, s.latest_non_spam)
