-- Channels: comms_channels with their participants (comms_channel_participants).
-- A user may read a channel when it is public, when it is an organization
-- channel of the user's organization (:org_id, 0 = none: organization ids
-- start at 1), or when the user is an active participant (left_at IS NULL).
-- Changes are authorised inside the statement that makes them.

-- Creates a channel, its owner (role owner) and the other participants (role member, set-based, duplicates folded) and the owner's activity row, in one statement.
-- name: channel_insert :one
WITH ch AS (
  INSERT INTO comms_channels (id, name, channel_type, org_id, owner_id)
  VALUES (gen_random_uuid (), :name?, :channel_type, :org_id?, :owner_id)
  RETURNING id, created_at
), members AS (
  INSERT INTO comms_channel_participants (channel_id, user_id, role, joined_at)
  SELECT ch.id, u.user_id,
         CASE WHEN u.user_id = :owner_id THEN 'owner' ELSE 'member' END::comms_participant_role,
         ch.created_at
  FROM ch, (SELECT DISTINCT x AS user_id FROM UNNEST (array_append (:participants::text[], :owner_id)) AS x) AS u
  ORDER BY u.user_id
), activity AS (
  INSERT INTO comms_activity (id, user_id, channel_id, viewed_at, interacted_at)
  SELECT gen_random_uuid (), :owner_id, ch.id, ch.created_at, ch.created_at FROM ch
)
SELECT id FROM ch

-- The direct message between two users, if there is one (either may have left it).
-- name: dm_find :opt
SELECT c.id
FROM comms_channel_participants a
JOIN comms_channel_participants b ON b.channel_id = a.channel_id AND b.user_id = :user_b
JOIN comms_channels c ON c.id = a.channel_id
WHERE a.user_id = :user_a AND c.channel_type = 'direct_message'
ORDER BY c.created_at, c.id
LIMIT 1

-- Serialises the creation of one direct message (the key names the pair) until the transaction ends.
-- name: dm_lock :exec
SELECT count(*) AS locked FROM (SELECT pg_advisory_xact_lock (hashtextextended (:pair_key, 0))) AS l

-- The direct message between two users, created (with both as participants, user_a the owner) when there is none.  Run after dm_lock, in its transaction.
-- name: dm_find_or_insert :one
WITH found AS (
  SELECT c.id
  FROM comms_channel_participants a
  JOIN comms_channel_participants b ON b.channel_id = a.channel_id AND b.user_id = :user_b
  JOIN comms_channels c ON c.id = a.channel_id
  WHERE a.user_id = :user_a AND c.channel_type = 'direct_message'
  ORDER BY c.created_at, c.id
  LIMIT 1
), ch AS (
  INSERT INTO comms_channels (id, name, channel_type, org_id, owner_id)
  SELECT gen_random_uuid (), NULL, 'direct_message', NULL, :user_a
  WHERE NOT EXISTS (SELECT 1 FROM found)
  RETURNING id, created_at
), members AS (
  INSERT INTO comms_channel_participants (channel_id, user_id, role, joined_at)
  SELECT ch.id, u.user_id, u.role::comms_participant_role, ch.created_at
  FROM ch, (VALUES (:user_a, 'owner'), (:user_b, 'member')) AS u (user_id, role)
)
SELECT id AS "id!" FROM found
UNION ALL
SELECT id FROM ch

-- The oldest private channel whose active participants are exactly the given users.
-- name: private_find :opt
WITH wanted AS (
  SELECT DISTINCT x AS user_id FROM UNNEST (:user_ids::text[]) AS x
)
SELECT c.id
FROM comms_channel_participants f
JOIN comms_channels c ON c.id = f.channel_id AND c.channel_type = 'private'
WHERE f.user_id = :first_user AND f.left_at IS NULL
  AND (SELECT count(*) FROM comms_channel_participants p
       WHERE p.channel_id = c.id AND p.left_at IS NULL) = (SELECT count(*) FROM wanted)
  AND (SELECT count(*) FROM comms_channel_participants p JOIN wanted w ON w.user_id = p.user_id
       WHERE p.channel_id = c.id AND p.left_at IS NULL) = (SELECT count(*) FROM wanted)
ORDER BY c.created_at, c.id
LIMIT 1

-- One channel, when the user may read it.
-- name: channel_visible :opt -> Channel export-row
SELECT c.id, c.name, c.channel_type, c.org_id, c.owner_id, c.created_at, c.updated_at
FROM comms_channels c
WHERE c.id = :channel_id
  AND (c.channel_type = 'public'
       OR (c.channel_type = 'organization' AND c.org_id = :org_id)
       OR EXISTS (SELECT 1 FROM comms_channel_participants p
                  WHERE p.channel_id = c.id AND p.user_id = :user_id AND p.left_at IS NULL))

-- Renames a channel when the user is an active owner or admin of it.
-- name: channel_rename_by :execrows
UPDATE comms_channels c SET name = :name?, updated_at = now ()
WHERE c.id = :channel_id
  AND EXISTS (SELECT 1 FROM comms_channel_participants p
              WHERE p.channel_id = c.id AND p.user_id = :user_id AND p.left_at IS NULL
                AND p.role IN ('owner', 'admin'))

-- Changes a channel's type when the user is an active owner or admin of it; a direct message keeps its type.
-- name: channel_set_type_by :execrows
UPDATE comms_channels c SET channel_type = :channel_type, org_id = :org_id?, updated_at = now ()
WHERE c.id = :channel_id AND c.channel_type <> 'direct_message'
  AND EXISTS (SELECT 1 FROM comms_channel_participants p
              WHERE p.channel_id = c.id AND p.user_id = :user_id AND p.left_at IS NULL
                AND p.role IN ('owner', 'admin'))

-- Deletes a channel (its participants, messages, reactions, attachments and activity go with it) when the user is its active owner.
-- name: channel_delete_by :execrows
DELETE FROM comms_channels c
WHERE c.id = :channel_id
  AND EXISTS (SELECT 1 FROM comms_channel_participants p
              WHERE p.channel_id = c.id AND p.user_id = :user_id AND p.left_at IS NULL
                AND p.role = 'owner')

-- One page of a user's channels (active participation, and the organization channels of :org_id) by latest activity (the newest live message, else the channel's creation), newest first, with the active participants, the latest message and the unread count (live messages of others newer than the user's last view, at most :unread_cap).
-- name: channels_page :many -> ChannelListItem export-row
WITH mine AS (
  -- Each side reads the channel rows itself (through the primary key, or
  -- the organization index), so no side scans comms_channels.
  SELECT c.id, c.name, c.channel_type, c.org_id, c.owner_id, c.created_at
  FROM comms_channel_participants p JOIN comms_channels c ON c.id = p.channel_id
  WHERE p.user_id = :user_id AND p.left_at IS NULL
  UNION
  SELECT c.id, c.name, c.channel_type, c.org_id, c.owner_id, c.created_at FROM comms_channels c
  WHERE c.channel_type = 'organization' AND c.org_id = :org_id
), ranked AS (
  -- Every candidate's activity from the covering index alone (no heap
  -- visit); the page's previews are read below, for its rows only.
  SELECT c.id, c.name, c.channel_type, c.org_id, c.owner_id, c.created_at,
         COALESCE ((SELECT m.created_at FROM comms_messages m
                    WHERE m.channel_id = c.id AND m.deleted_at IS NULL
                    ORDER BY m.created_at DESC LIMIT 1), c.created_at) AS activity_at
  FROM mine AS c
)
SELECT r.id, r.name AS "name?", r.channel_type, r.org_id AS "org_id?", r.owner_id, r.created_at,
       l.id AS latest_message_id, l.sender_id AS latest_sender_id,
       l.content AS latest_content, l.created_at AS latest_created_at,
       r.activity_at,
       ARRAY (SELECT ROW (p.user_id, p.role, p.joined_at)::comms_participant_row
              FROM comms_channel_participants p
              WHERE p.channel_id = r.id AND p.left_at IS NULL
              ORDER BY p.joined_at, p.user_id) AS participants,
       -- At most :unread_cap: a channel never viewed may hold thousands.
       (SELECT count(*) FROM (SELECT 1 FROM comms_messages m
                              WHERE m.channel_id = r.id AND m.deleted_at IS NULL AND m.sender_id <> :user_id
                                AND m.created_at > seen.at
                              LIMIT :unread_cap) AS u) AS unread
FROM (
  SELECT * FROM ranked
  WHERE :before_at?::timestamptz IS NULL OR (ranked.activity_at, ranked.id) < (:before_at?, :before_id?::uuid)
  ORDER BY ranked.activity_at DESC, ranked.id DESC
  LIMIT :limit
) AS r
-- The user's last view as a plain value, so the unread count is an index
-- range (channel_id, created_at > at) that the covering index answers.
CROSS JOIN LATERAL (
  SELECT COALESCE ((SELECT a.viewed_at FROM comms_activity a
                    WHERE a.user_id = :user_id AND a.channel_id = r.id), '-infinity') AS at
) AS seen
LEFT JOIN LATERAL (
  SELECT m.id, m.sender_id, m.content, m.created_at FROM comms_messages m
  WHERE m.channel_id = r.id AND m.deleted_at IS NULL
  ORDER BY m.created_at DESC LIMIT 1
) AS l ON true
ORDER BY r.activity_at DESC, r.id DESC

-- Previews of the given channels in input order: whether each exists and whether the user may read it; name, type, participant count and active participants only when it may.
-- name: channel_previews_get :many -> ChannelPreview export-row
SELECT w.id AS "id!", w.ord AS "position!", (c.id IS NOT NULL) AS "found!",
       COALESCE (acc.ok, false) AS "has_access!",
       CASE WHEN acc.ok THEN c.name END AS "name?",
       CASE WHEN acc.ok THEN c.channel_type END AS "channel_type?",
       ARRAY (SELECT ROW (p.user_id, p.role, p.joined_at)::comms_participant_row
              FROM comms_channel_participants p
              WHERE acc.ok AND p.channel_id = c.id AND p.left_at IS NULL
              ORDER BY p.joined_at, p.user_id) AS participants
FROM UNNEST (:channel_ids::uuid[]) WITH ORDINALITY AS w (id, ord)
LEFT JOIN comms_channels c ON c.id = w.id
LEFT JOIN LATERAL (
  SELECT (c.channel_type = 'public'
          OR (c.channel_type = 'organization' AND c.org_id = :org_id)
          OR EXISTS (SELECT 1 FROM comms_channel_participants p
                     WHERE p.channel_id = c.id AND p.user_id = :user_id AND p.left_at IS NULL)) AS ok
) AS acc ON c.id IS NOT NULL
ORDER BY w.ord
