-- Email decisions: whether to email a notification, who was ever emailed,
-- per-channel "already emailed" marks, and the digest.  Lookups go through
-- primary keys; the digest walks the partial index user_notification_unsent_idx.

-- For each (user, address) in input order: email them about this event unless they already have two or more notifications of this event type and item, are muted, unsubscribed from the item, or their address is unsubscribed ('' = no address known).
-- name: should_email_users :many
SELECT
       (NOT EXISTS (SELECT 1 FROM user_mute_notification m WHERE m.user_id = r.user_id)
        AND NOT EXISTS (SELECT 1 FROM user_notification_item_unsubscribe u
                        WHERE u.user_id = r.user_id AND u.item_id = :item_id)
        AND NOT EXISTS (SELECT 1 FROM notification_email_unsubscribe e
                        WHERE r.email <> '' AND e.email = r.email)
        AND (SELECT count(*) FROM (SELECT 1 FROM user_notification un
                                   JOIN notification n ON n.id = un.notification_id
                                   WHERE un.user_id = r.user_id
                                     AND n.event_item_id = :item_id
                                     AND n.event_item_type = :item_type
                                     AND n.notification_event_type = :event_type
                                   LIMIT 2) AS seen) <= 1) AS email
FROM UNNEST (:user_ids::text[], :emails::text[]) WITH ORDINALITY AS r (user_id, email, ord)
ORDER BY r.ord

-- Records that each user was sent a notification email now (repeats once).
-- name: email_sent_mark :execrows
INSERT INTO notification_email_sent (user_id)
SELECT DISTINCT u FROM UNNEST (:user_ids::text[]) AS u
ORDER BY 1
ON CONFLICT (user_id) DO UPDATE SET sent_at = now ()

-- For each user in input order: whether they were ever sent a notification email.
-- name: email_sent_check :many
SELECT EXISTS (SELECT 1 FROM notification_email_sent s WHERE s.user_id = r.user_id) AS sent
FROM UNNEST (:user_ids::text[]) WITH ORDINALITY AS r (user_id, ord)
ORDER BY r.ord

-- Marks each user as emailed about a channel (repeats and existing marks once); counts the new marks.
-- name: channel_email_sent_set :execrows
INSERT INTO channel_notification_email_sent (channel_id, user_id)
SELECT DISTINCT :channel_id::uuid, u FROM UNNEST (:user_ids::text[]) AS u
ORDER BY 2
ON CONFLICT (channel_id, user_id) DO NOTHING

-- Clears the "emailed about this channel" mark of each user; counts the marks removed.
-- name: channel_email_sent_clear :execrows
DELETE FROM channel_notification_email_sent
WHERE channel_id = :channel_id AND user_id = ANY (:user_ids::text[])

-- For each user in input order: whether they are marked as emailed about the channel.
-- name: channel_email_sent_check :many
SELECT EXISTS (SELECT 1 FROM channel_notification_email_sent s
                      WHERE s.channel_id = :channel_id AND s.user_id = r.user_id) AS sent
FROM UNNEST (:user_ids::text[]) WITH ORDINALITY AS r (user_id, ord)
ORDER BY r.ord

-- Takes up to limit user notifications not seen, done, deleted nor emailed, created before a time, skipping rows another worker holds, marks them emailed and returns them grouped per user (by user, then age).
-- name: digest_take :many -> DigestItem export-row
WITH picked AS (
  SELECT un.user_id, un.notification_id
  FROM user_notification un
  WHERE NOT un.sent AND un.seen_at IS NULL AND un.deleted_at IS NULL AND NOT un.done
    AND un.created_at < :older_than
  ORDER BY un.created_at
  LIMIT :limit
  FOR UPDATE SKIP LOCKED
), marked AS (
  UPDATE user_notification un SET sent = true
  FROM picked p
  WHERE un.user_id = p.user_id AND un.notification_id = p.notification_id
  RETURNING un.user_id, un.notification_id, un.created_at
)
SELECT m.user_id, n.id, n.notification_event_type AS event_type, n.event_item_id AS item_id,
       n.event_item_type AS item_type, n.sender_id, n.metadata, m.created_at
FROM marked m
JOIN notification n ON n.id = m.notification_id
ORDER BY m.user_id, m.created_at, n.id
