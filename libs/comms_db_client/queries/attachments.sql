-- Attachments (comms_attachments: entities attached to a message) and
-- entity mentions (comms_entity_mentions whose source is a message:
-- source_entity_type 'message', source_entity_id the message id as text).

-- Attaches entities to a live message its sender owns, set-based; returns how many rows were stored (0 when the message is not the user's or is deleted).
-- name: attachments_insert :one -> EntitiesStored
WITH msg AS (
  SELECT m.id, m.channel_id FROM comms_messages m
  WHERE m.id = :message_id AND m.sender_id = :user_id AND m.deleted_at IS NULL
), stored AS (
  INSERT INTO comms_attachments (id, message_id, channel_id, entity_type, entity_id)
  SELECT gen_random_uuid (), msg.id, msg.channel_id, a.entity_type, a.entity_id
  FROM msg, UNNEST (:entity_types::text[], :entity_ids::text[]) AS a (entity_type, entity_id)
  RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM msg) AS allowed, (SELECT count(*) FROM stored) AS stored

-- Records the entities a live message of the user mentions, set-based; returns how many rows were stored (0 when the message is not the user's or is deleted).
-- name: mentions_insert :one -> EntitiesStored
WITH msg AS (
  SELECT m.id, m.sender_id FROM comms_messages m
  WHERE m.id = :message_id AND m.sender_id = :user_id AND m.deleted_at IS NULL
), stored AS (
  INSERT INTO comms_entity_mentions (id, entity_type, entity_id, source_entity_type, source_entity_id, user_id)
  SELECT gen_random_uuid (), e.entity_type, e.entity_id, 'message', msg.id::text, msg.sender_id
  FROM msg, UNNEST (:entity_types::text[], :entity_ids::text[]) AS e (entity_type, entity_id)
  RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM msg) AS allowed, (SELECT count(*) FROM stored) AS stored

-- One page of the places an entity is referenced, as the user may see them: attachments and mentions in live messages of channels the user actively participates in, newest first by (created_at, reference id), before (:before_at, :before_id).
-- name: entity_references :many -> EntityReference export-row
SELECT x.reference_id AS "reference_id!", x.kind AS "kind!", x.message_id AS "message_id!",
       x.thread_id AS "thread_id?", x.channel_id AS "channel_id!", x.channel_name AS "channel_name?",
       x.channel_type AS "channel_type!", x.sender_id AS "sender_id!", x.created_at AS "created_at!"
FROM (
  SELECT a.id AS reference_id, 'attachment' AS kind, m.id AS message_id, m.thread_id, c.id AS channel_id,
         c.name AS channel_name, c.channel_type, m.sender_id, a.created_at
  FROM comms_attachments a
  JOIN comms_messages m ON m.id = a.message_id AND m.deleted_at IS NULL
  JOIN comms_channels c ON c.id = a.channel_id
  JOIN comms_channel_participants p ON p.channel_id = c.id AND p.user_id = :user_id AND p.left_at IS NULL
  WHERE a.entity_type = :entity_type AND a.entity_id = :entity_id
    AND (a.created_at, a.id) < (:before_at, :before_id::uuid)
  UNION ALL
  SELECT e.id, 'mention', m.id, m.thread_id, c.id, c.name, c.channel_type, m.sender_id, e.created_at
  FROM comms_entity_mentions e
  -- The text id is cast to the uuid (not the uuid to text), so the message
  -- is found through its primary key.
  JOIN comms_messages m ON m.id = CASE WHEN e.source_entity_type = 'message' THEN e.source_entity_id::uuid END
                       AND m.deleted_at IS NULL
  JOIN comms_channels c ON c.id = m.channel_id
  JOIN comms_channel_participants p ON p.channel_id = c.id AND p.user_id = :user_id AND p.left_at IS NULL
  WHERE e.entity_type = :entity_type AND e.entity_id = :entity_id AND e.source_entity_type = 'message'
    AND (e.created_at, e.id) < (:before_at, :before_id::uuid)
) AS x
ORDER BY x.created_at DESC, x.reference_id DESC
LIMIT :limit
