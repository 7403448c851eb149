-- Participants: comms_channel_participants, keyed (channel_id, user_id).
-- Leaving keeps the row (left_at set, history kept); removing deletes it.

-- Adds users as members when the actor is an active participant of a channel that is not a direct message; users already active are left alone, users who had left join again.  Says whether the actor was allowed and how many rows were added or re-activated.
-- name: participants_insert :one
WITH allowed AS (
  SELECT c.id FROM comms_channels c
  JOIN comms_channel_participants a ON a.channel_id = c.id AND a.user_id = :actor_id AND a.left_at IS NULL
  WHERE c.id = :channel_id AND c.channel_type <> 'direct_message'
), added AS (
  INSERT INTO comms_channel_participants (channel_id, user_id, role)
  SELECT allowed.id, u.user_id, 'member'
  FROM allowed, (SELECT DISTINCT x AS user_id FROM UNNEST (:user_ids::text[]) AS x) AS u
  ORDER BY u.user_id
  ON CONFLICT (channel_id, user_id) DO UPDATE SET left_at = NULL, joined_at = now ()
    WHERE comms_channel_participants.left_at IS NOT NULL
  RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM allowed) AS allowed, (SELECT count(*) FROM added) AS added

-- Marks an active participant as gone (left_at = now()); the row stays.
-- name: participant_mark_left :execrows
UPDATE comms_channel_participants SET left_at = now ()
WHERE channel_id = :channel_id AND user_id = :user_id AND left_at IS NULL

-- Deletes a participant who is not an owner, when the actor is an active owner or admin of the channel.
-- name: participant_delete_by :execrows
DELETE FROM comms_channel_participants t
WHERE t.channel_id = :channel_id AND t.user_id = :user_id AND t.role <> 'owner'
  AND EXISTS (SELECT 1 FROM comms_channel_participants a
              WHERE a.channel_id = :channel_id AND a.user_id = :actor_id AND a.left_at IS NULL
                AND a.role IN ('owner', 'admin'))

-- Sets an active participant's role, when the actor is an active owner of the channel and not the participant.
-- name: participant_role_set_by :execrows
UPDATE comms_channel_participants t SET role = :role
WHERE t.channel_id = :channel_id AND t.user_id = :user_id AND t.left_at IS NULL AND t.user_id <> :actor_id
  AND EXISTS (SELECT 1 FROM comms_channel_participants a
              WHERE a.channel_id = :channel_id AND a.user_id = :actor_id AND a.left_at IS NULL
                AND a.role = 'owner')

-- One page of a channel's active participants by user id, after :after (first page: ''), when the reader may read the channel.
-- name: participants_page :many -> Participant export-row
SELECT p.user_id, p.role, p.joined_at
FROM comms_channel_participants p
WHERE p.channel_id = :channel_id AND p.left_at IS NULL AND p.user_id > :after
  AND EXISTS (SELECT 1 FROM comms_channels c
              WHERE c.id = :channel_id
                AND (c.channel_type = 'public'
                     OR (c.channel_type = 'organization' AND c.org_id = :org_id)
                     OR EXISTS (SELECT 1 FROM comms_channel_participants r
                                WHERE r.channel_id = c.id AND r.user_id = :reader_id AND r.left_at IS NULL)))
ORDER BY p.user_id
LIMIT :limit
