-- Activity: comms_activity, one row per (user, channel): when the user last
-- viewed the channel and last interacted with it.

-- Records that the user viewed and/or interacted with a channel now (upsert on the (user_id, channel_id) key).
-- name: activity_upsert :exec
INSERT INTO comms_activity (id, user_id, channel_id, viewed_at, interacted_at)
VALUES (gen_random_uuid (), :user_id, :channel_id,
        CASE WHEN :viewed THEN now () END, CASE WHEN :interacted THEN now () END)
ON CONFLICT (user_id, channel_id) DO UPDATE
  SET viewed_at = COALESCE (excluded.viewed_at, comms_activity.viewed_at),
      interacted_at = COALESCE (excluded.interacted_at, comms_activity.interacted_at),
      updated_at = now ()

-- The user's activity on one channel.
-- name: activity_row :opt -> Activity export-row
SELECT a.channel_id, a.viewed_at, a.interacted_at, a.updated_at
FROM comms_activity a
WHERE a.user_id = :user_id AND a.channel_id = :channel_id

-- The unread count of each of the user's channels (active participation, and the organization channels of :org_id): live messages of others newer than the user's last view (at most :unread_cap), by channel id.
-- name: unread_counts_get :many -> UnreadCount export-row
WITH mine AS (
  SELECT p.channel_id FROM comms_channel_participants p
  WHERE p.user_id = :user_id AND p.left_at IS NULL
  UNION
  SELECT c.id FROM comms_channels c
  WHERE c.channel_type = 'organization' AND c.org_id = :org_id
)
SELECT mine.channel_id AS "channel_id!",
       -- At most :unread_cap: a channel never viewed may hold thousands.
       (SELECT count(*) FROM (SELECT 1 FROM comms_messages m
                              WHERE m.channel_id = mine.channel_id AND m.deleted_at IS NULL
                                AND m.sender_id <> :user_id AND m.created_at > seen.at
                              LIMIT :unread_cap) AS u) AS unread
FROM mine
-- The last view as a plain value: the count is then an index range that the
-- covering index comms_messages_channel_live_cover_idx answers alone.
CROSS JOIN LATERAL (
  SELECT COALESCE ((SELECT a.viewed_at FROM comms_activity a
                    WHERE a.user_id = :user_id AND a.channel_id = mine.channel_id), '-infinity') AS at
) AS seen
ORDER BY mine.channel_id
