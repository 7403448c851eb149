-- Message state: read, starred, labels (archive = remove INBOX), for many
-- messages and threads at once.  Only messages of links the acting user owns
-- are touched (the join on email_links.macro_id is in each statement), and
-- the threads' derived fields follow in the same statement.

-- Marks the given messages, and every message of the given threads, read or unread; returns how many changed.
-- name: messages_set_read :one
WITH changed AS (
  UPDATE email_messages m SET is_read = :is_read, updated_at = now()
  FROM email_links l
  WHERE l.id = m.link_id AND l.macro_id = :macro_id
    AND (m.id = ANY (:message_ids::uuid[]) OR m.thread_id = ANY (:thread_ids::uuid[]))
    AND m.is_read <> :is_read
  RETURNING m.id, m.thread_id
), state AS (
  SELECT m.thread_id, bool_and (CASE WHEN c.id IS NULL THEN m.is_read ELSE :is_read END) AS is_read
  FROM email_messages m LEFT JOIN changed c ON c.id = m.id
  WHERE m.thread_id IN (SELECT thread_id FROM changed)
  GROUP BY m.thread_id
), threads AS (
  UPDATE email_threads t SET is_read = s.is_read, updated_at = now()
  FROM state s WHERE t.id = s.thread_id AND t.is_read IS DISTINCT FROM s.is_read
)
SELECT count(*) AS changed FROM changed

-- Stars or unstars the given messages and every message of the given threads (also their STARRED label, when the link has it); returns how many changed.
-- name: messages_set_starred :one
WITH changed AS (
  UPDATE email_messages m SET is_starred = :is_starred, updated_at = now()
  FROM email_links l
  WHERE l.id = m.link_id AND l.macro_id = :macro_id
    AND (m.id = ANY (:message_ids::uuid[]) OR m.thread_id = ANY (:thread_ids::uuid[]))
    AND m.is_starred <> :is_starred
  RETURNING m.id, m.link_id
), starred AS (
  SELECT c.id AS message_id, lb.id AS label_id
  FROM changed c JOIN email_labels lb ON lb.link_id = c.link_id AND lb.provider_label_id = 'STARRED'
), added AS (
  INSERT INTO email_message_labels (message_id, label_id)
  SELECT message_id, label_id FROM starred WHERE :is_starred ORDER BY 1
  ON CONFLICT DO NOTHING
), removed AS (
  DELETE FROM email_message_labels ml USING starred s
  WHERE NOT :is_starred AND ml.message_id = s.message_id AND ml.label_id = s.label_id
)
SELECT count(*) AS changed FROM changed

-- Adds or removes one label (by provider label id) on the given messages and every message of the given threads; removing INBOX archives, and the threads' inbox visibility follows.  Returns how many assignments changed.
-- name: messages_change_label :one
WITH target AS (
  SELECT m.id, m.thread_id, lb.id AS label_id
  FROM email_messages m
  JOIN email_links l ON l.id = m.link_id AND l.macro_id = :macro_id
  JOIN email_labels lb ON lb.link_id = m.link_id AND lb.provider_label_id = :provider_label_id
  WHERE m.id = ANY (:message_ids::uuid[]) OR m.thread_id = ANY (:thread_ids::uuid[])
), added AS (
  INSERT INTO email_message_labels (message_id, label_id)
  SELECT id, label_id FROM target WHERE :add ORDER BY 1
  ON CONFLICT DO NOTHING
  RETURNING message_id
), removed AS (
  DELETE FROM email_message_labels ml USING target t
  WHERE NOT :add AND ml.message_id = t.id AND ml.label_id = t.label_id
  RETURNING ml.message_id
), threads AS (
  UPDATE email_threads th
  SET inbox_visible = :add OR EXISTS (
        SELECT 1 FROM email_messages m2
        JOIN email_message_labels ml ON ml.message_id = m2.id
        JOIN email_labels lb ON lb.id = ml.label_id AND lb.provider_label_id = 'INBOX'
        WHERE m2.thread_id = th.id AND m2.id NOT IN (SELECT id FROM target)),
      updated_at = now()
  WHERE :provider_label_id = 'INBOX' AND th.id IN (SELECT thread_id FROM target)
)
SELECT (SELECT count(*) FROM added) + (SELECT count(*) FROM removed) AS changed
