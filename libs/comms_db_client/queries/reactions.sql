-- Reactions: comms_reactions, one row per (message, emoji, user).

-- Adds the user's reaction to a live message of a channel the user actively participates in, or removes it when it is there: says which happened (neither: the message is unknown, deleted, or not the user's to react to).
-- name: reaction_flip :one
WITH allowed AS (
  SELECT m.id FROM comms_messages m
  JOIN comms_channel_participants p ON p.channel_id = m.channel_id AND p.user_id = :user_id AND p.left_at IS NULL
  WHERE m.id = :message_id AND m.deleted_at IS NULL
), removed AS (
  DELETE FROM comms_reactions r USING allowed
  WHERE r.message_id = allowed.id AND r.emoji = :emoji AND r.user_id = :user_id
  RETURNING 1
), added AS (
  INSERT INTO comms_reactions (message_id, emoji, user_id)
  SELECT allowed.id, :emoji, :user_id FROM allowed
  WHERE NOT EXISTS (SELECT 1 FROM removed)
  ON CONFLICT DO NOTHING
  RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM added) AS added, EXISTS (SELECT 1 FROM removed) AS removed

-- The reactions of the given messages the reader may read, one row per (message, emoji): how many users, and whether the reader is one of them; by message in input order, then by first use of the emoji.
-- name: reactions_grouped :many -> ReactionCount export-row
WITH readable AS (
  SELECT w.id, w.ord FROM UNNEST (:message_ids::uuid[]) WITH ORDINALITY AS w (id, ord)
  JOIN comms_messages m ON m.id = w.id
  JOIN comms_channels c ON c.id = m.channel_id
  WHERE c.channel_type = 'public'
     OR (c.channel_type = 'organization' AND c.org_id = :org_id)
     OR EXISTS (SELECT 1 FROM comms_channel_participants r
                WHERE r.channel_id = c.id AND r.user_id = :reader_id AND r.left_at IS NULL)
)
SELECT x.message_id, x.emoji, count(*) AS "count!",
       COALESCE (bool_or (x.user_id = :reader_id), false) AS "reacted!"
FROM readable
JOIN comms_reactions x ON x.message_id = readable.id
GROUP BY x.message_id, x.emoji, readable.ord
ORDER BY readable.ord, min (x.created_at), x.emoji
