-- Messages: comms_messages.  A top-level message has no thread_id; a reply
-- points at the top-level message that opened its thread.  Deleted
-- messages stay as tombstones (content '', deleted_at set) so pages and
-- contexts keep their places; previews, unread counts and references skip
-- them.  Reading needs read access to the channel (public, organization of
-- :org_id, active participant); posting needs active participation.

-- Posts a message (top-level, or a reply to a top-level message of the same channel) with its attachments and entity mentions, and marks the channel viewed and interacted by the sender, in one statement; no row when the sender is not an active participant or the thread is not a top-level message of the channel.
-- name: message_insert :opt -> Message export-row
WITH allowed AS (
  SELECT p.channel_id FROM comms_channel_participants p
  WHERE p.channel_id = :channel_id AND p.user_id = :sender_id AND p.left_at IS NULL
    AND (:thread_id?::uuid IS NULL
         OR EXISTS (SELECT 1 FROM comms_messages t
                    WHERE t.id = :thread_id? AND t.channel_id = :channel_id AND t.thread_id IS NULL))
), msg AS (
  INSERT INTO comms_messages (id, channel_id, thread_id, sender_id, content)
  SELECT gen_random_uuid (), allowed.channel_id, :thread_id?, :sender_id, :content FROM allowed
  RETURNING id, channel_id, thread_id, sender_id, content, created_at, updated_at, edited_at, deleted_at
), attached AS (
  INSERT INTO comms_attachments (id, message_id, channel_id, entity_type, entity_id, created_at)
  SELECT gen_random_uuid (), msg.id, msg.channel_id, a.entity_type, a.entity_id, msg.created_at
  FROM msg, UNNEST (:attachment_types::text[], :attachment_ids::text[]) AS a (entity_type, entity_id)
), mentioned AS (
  INSERT INTO comms_entity_mentions (id, entity_type, entity_id, source_entity_type, source_entity_id, user_id, created_at)
  SELECT gen_random_uuid (), e.entity_type, e.entity_id, 'message', msg.id::text, msg.sender_id, msg.created_at
  FROM msg, UNNEST (:mention_types::text[], :mention_ids::text[]) AS e (entity_type, entity_id)
), seen AS (
  INSERT INTO comms_activity (id, user_id, channel_id, viewed_at, interacted_at)
  SELECT gen_random_uuid (), msg.sender_id, msg.channel_id, msg.created_at, msg.created_at FROM msg
  ON CONFLICT (user_id, channel_id) DO UPDATE
    SET viewed_at = excluded.viewed_at, interacted_at = excluded.interacted_at, updated_at = now ()
)
SELECT id, channel_id, thread_id, sender_id, content, created_at, updated_at, edited_at, deleted_at FROM msg

-- Why a post was refused: whether the sender is an active participant of the channel.
-- name: message_sender_active :one
SELECT EXISTS (SELECT 1 FROM comms_channel_participants p
               WHERE p.channel_id = :channel_id AND p.user_id = :sender_id AND p.left_at IS NULL) AS active

-- Changes the content of a live message its sender sent (edited_at = now()).
-- name: message_update :opt -> Message export-row
UPDATE comms_messages SET content = :content, edited_at = now (), updated_at = now ()
WHERE id = :message_id AND sender_id = :user_id AND deleted_at IS NULL
RETURNING id, channel_id, thread_id, sender_id, content, created_at, updated_at, edited_at, deleted_at

-- Soft-deletes a live message (content blanked, deleted_at = now()) when the user sent it or is an active owner or admin of its channel.
-- name: message_soft_delete :execrows
UPDATE comms_messages m SET content = '', deleted_at = now (), updated_at = now ()
WHERE m.id = :message_id AND m.deleted_at IS NULL
  AND (m.sender_id = :user_id
       OR EXISTS (SELECT 1 FROM comms_channel_participants p
                  WHERE p.channel_id = m.channel_id AND p.user_id = :user_id AND p.left_at IS NULL
                    AND p.role IN ('owner', 'admin')))

-- One page of a channel's top-level messages older than (:before_at, :before_id), newest first, when the reader may read the channel.
-- name: messages_older :many -> Message
SELECT m.id, m.channel_id, m.thread_id, m.sender_id, m.content, m.created_at, m.updated_at, m.edited_at, m.deleted_at
FROM comms_messages m
WHERE m.channel_id = :channel_id AND m.thread_id IS NULL
  AND (m.created_at, m.id) < (:before_at, :before_id::uuid)
  AND EXISTS (SELECT 1 FROM comms_channels c
              WHERE c.id = :channel_id
                AND (c.channel_type = 'public'
                     OR (c.channel_type = 'organization' AND c.org_id = :org_id)
                     OR EXISTS (SELECT 1 FROM comms_channel_participants r
                                WHERE r.channel_id = c.id AND r.user_id = :reader_id AND r.left_at IS NULL)))
ORDER BY m.created_at DESC, m.id DESC
LIMIT :limit

-- One page of a channel's top-level messages newer than (:after_at, :after_id), oldest first, when the reader may read the channel.
-- name: messages_newer :many -> Message
SELECT m.id, m.channel_id, m.thread_id, m.sender_id, m.content, m.created_at, m.updated_at, m.edited_at, m.deleted_at
FROM comms_messages m
WHERE m.channel_id = :channel_id AND m.thread_id IS NULL
  AND (m.created_at, m.id) > (:after_at, :after_id::uuid)
  AND EXISTS (SELECT 1 FROM comms_channels c
              WHERE c.id = :channel_id
                AND (c.channel_type = 'public'
                     OR (c.channel_type = 'organization' AND c.org_id = :org_id)
                     OR EXISTS (SELECT 1 FROM comms_channel_participants r
                                WHERE r.channel_id = c.id AND r.user_id = :reader_id AND r.left_at IS NULL)))
ORDER BY m.created_at, m.id
LIMIT :limit

-- A message with up to :n_before messages before it and :n_after after it at its level (the channel's top level, or its thread), oldest first, when the reader may read its channel.
-- name: message_context :many -> Message
WITH target AS (
  SELECT m.id, m.channel_id, m.thread_id, m.sender_id, m.content, m.created_at, m.updated_at, m.edited_at, m.deleted_at
  FROM comms_messages m JOIN comms_channels c ON c.id = m.channel_id
  WHERE m.id = :message_id
    AND (c.channel_type = 'public'
         OR (c.channel_type = 'organization' AND c.org_id = :org_id)
         OR EXISTS (SELECT 1 FROM comms_channel_participants r
                    WHERE r.channel_id = c.id AND r.user_id = :reader_id AND r.left_at IS NULL))
)
SELECT x.id AS "id!", x.channel_id AS "channel_id!", x.thread_id AS "thread_id?", x.sender_id AS "sender_id!",
       x.content AS "content!", x.created_at AS "created_at!", x.updated_at AS "updated_at!",
       x.edited_at AS "edited_at?", x.deleted_at AS "deleted_at?"
FROM (
  SELECT b.* FROM target t CROSS JOIN LATERAL (
    SELECT m.id, m.channel_id, m.thread_id, m.sender_id, m.content, m.created_at, m.updated_at, m.edited_at, m.deleted_at
    FROM comms_messages m
    WHERE m.channel_id = t.channel_id AND m.thread_id IS NULL AND t.thread_id IS NULL
      AND (m.created_at, m.id) < (t.created_at, t.id)
    ORDER BY m.created_at DESC, m.id DESC LIMIT :n_before) AS b
  UNION ALL
  SELECT b.* FROM target t CROSS JOIN LATERAL (
    SELECT m.id, m.channel_id, m.thread_id, m.sender_id, m.content, m.created_at, m.updated_at, m.edited_at, m.deleted_at
    FROM comms_messages m
    WHERE m.thread_id = t.thread_id AND (m.created_at, m.id) < (t.created_at, t.id)
    ORDER BY m.created_at DESC, m.id DESC LIMIT :n_before) AS b
  UNION ALL
  SELECT * FROM target
  UNION ALL
  SELECT a.* FROM target t CROSS JOIN LATERAL (
    SELECT m.id, m.channel_id, m.thread_id, m.sender_id, m.content, m.created_at, m.updated_at, m.edited_at, m.deleted_at
    FROM comms_messages m
    WHERE m.channel_id = t.channel_id AND m.thread_id IS NULL AND t.thread_id IS NULL
      AND (m.created_at, m.id) > (t.created_at, t.id)
    ORDER BY m.created_at, m.id LIMIT :n_after) AS a
  UNION ALL
  SELECT a.* FROM target t CROSS JOIN LATERAL (
    SELECT m.id, m.channel_id, m.thread_id, m.sender_id, m.content, m.created_at, m.updated_at, m.edited_at, m.deleted_at
    FROM comms_messages m
    WHERE m.thread_id = t.thread_id AND (m.created_at, m.id) > (t.created_at, t.id)
    ORDER BY m.created_at, m.id LIMIT :n_after) AS a
) AS x
ORDER BY x.created_at, x.id

-- One page of a thread's replies after (:after_at, :after_id), oldest first, when the reader may read the thread's channel.
-- name: thread_replies_page :many -> Message
SELECT m.id, m.channel_id, m.thread_id, m.sender_id, m.content, m.created_at, m.updated_at, m.edited_at, m.deleted_at
FROM comms_messages m
WHERE m.thread_id = :thread_id
  AND (m.created_at, m.id) > (:after_at, :after_id::uuid)
  AND EXISTS (SELECT 1 FROM comms_messages t JOIN comms_channels c ON c.id = t.channel_id
              WHERE t.id = :thread_id
                AND (c.channel_type = 'public'
                     OR (c.channel_type = 'organization' AND c.org_id = :org_id)
                     OR EXISTS (SELECT 1 FROM comms_channel_participants r
                                WHERE r.channel_id = c.id AND r.user_id = :reader_id AND r.left_at IS NULL)))
ORDER BY m.created_at, m.id
LIMIT :limit

-- The newest live message of each given channel the reader may read (channels without one, or unreadable, are left out), in input order.
-- name: latest_messages_get :many -> Message
SELECT l.id AS "id!", l.channel_id AS "channel_id!", l.thread_id AS "thread_id?", l.sender_id AS "sender_id!",
       l.content AS "content!", l.created_at AS "created_at!", l.updated_at AS "updated_at!",
       l.edited_at AS "edited_at?", l.deleted_at AS "deleted_at?"
FROM UNNEST (:channel_ids::uuid[]) WITH ORDINALITY AS w (id, ord)
JOIN comms_channels c ON c.id = w.id
CROSS JOIN LATERAL (
  SELECT m.id, m.channel_id, m.thread_id, m.sender_id, m.content, m.created_at, m.updated_at, m.edited_at, m.deleted_at
  FROM comms_messages m
  WHERE m.channel_id = c.id AND m.deleted_at IS NULL
  ORDER BY m.created_at DESC LIMIT 1
) AS l
WHERE c.channel_type = 'public'
   OR (c.channel_type = 'organization' AND c.org_id = :org_id)
   OR EXISTS (SELECT 1 FROM comms_channel_participants r
              WHERE r.channel_id = c.id AND r.user_id = :reader_id AND r.left_at IS NULL)
ORDER BY w.ord
