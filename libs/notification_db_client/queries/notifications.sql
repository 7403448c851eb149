-- Notifications and their per-user rows (user_notification).  A user's
-- list walks user_notification_user_id_created_at_notification_id_idx
-- (user_id, created_at DESC, notification_id DESC); the unseen count reads
-- only the partial index user_notification_unseen_idx; retention walks
-- notification_created_at_idx and cascades through
-- user_notification_notification_id_idx.

-- Creates one notification and one user_notification row per recipient that is neither muted nor unsubscribed from the event's item; returns it and who was notified, in input order, each once.
-- name: notification_fan_out :one -> FanOut export-row
WITH n AS (
  INSERT INTO notification (id, notification_event_type, event_item_id, event_item_type,
                            service_sender, metadata, sender_id)
  VALUES (:id, :event_type, :item_id, :item_type, :service_sender, :metadata?::jsonb, :sender_id?)
  RETURNING id, created_at
), recipients AS (
  SELECT r.user_id, min(r.ord) AS ord
  FROM UNNEST (:user_ids::text[]) WITH ORDINALITY AS r (user_id, ord)
  WHERE NOT EXISTS (SELECT 1 FROM user_mute_notification m WHERE m.user_id = r.user_id)
    AND NOT EXISTS (SELECT 1 FROM user_notification_item_unsubscribe u
                    WHERE u.user_id = r.user_id AND u.item_id = :item_id)
  GROUP BY r.user_id
  -- Rows are inserted in this order, that of the three indexes leading with
  -- user_id: consecutive rows land on the same leaf pages.  The generic plan
  -- sorts for the GROUP BY anyway; a custom plan hashes, and 10 000 rows in
  -- hash order cost the server ~30 ms more (docs/performance.md).
  ORDER BY r.user_id
), stored AS (
  INSERT INTO user_notification (user_id, notification_id, created_at, is_important_v0)
  SELECT recipients.user_id, n.id, n.created_at, :important FROM recipients CROSS JOIN n
  RETURNING user_id
)
SELECT n.id, n.created_at,
       ARRAY (SELECT r.user_id FROM recipients r ORDER BY r.ord) AS notified,
       (SELECT count(*) FROM stored) AS n_stored
FROM n

-- One page of a user's live notifications, newest first, strictly after the (created_at, id) of the previous page's last row; optional filters.
-- name: user_notifications_page :many -> UserNotification export-row
SELECT n.id, n.notification_event_type AS event_type, n.event_item_id AS item_id,
       n.event_item_type AS item_type, n.service_sender, n.sender_id, n.metadata,
       un.created_at, un.seen_at, un.done, un.sent, un.is_important_v0 AS important
FROM user_notification un
JOIN notification n ON n.id = un.notification_id
WHERE un.user_id = :user_id
  AND un.deleted_at IS NULL
  AND (un.created_at, un.notification_id) < (:after_created_at, :after_id)
  AND (NOT :unseen_only OR un.seen_at IS NULL)
  AND (NOT :not_done_only OR NOT un.done)
  AND (:event_type?::text IS NULL OR n.notification_event_type = :event_type?)
  AND (:item_id?::text IS NULL OR n.event_item_id = :item_id?)
ORDER BY un.created_at DESC, un.notification_id DESC
LIMIT :limit

-- Counts a user's live notifications that are neither seen nor done (an index-only scan of user_notification_unseen_idx).
-- name: user_notifications_unseen_count :one
SELECT count(*) AS n
FROM user_notification
WHERE user_id = :user_id AND seen_at IS NULL AND deleted_at IS NULL AND NOT done

-- Marks the acting user's rows of the given notifications seen, done and/or deleted; counts the rows that changed.
-- name: user_notifications_mark_ids :execrows
UPDATE user_notification
SET seen_at = CASE WHEN :seen THEN COALESCE (seen_at, now ()) ELSE seen_at END,
    done = done OR :done,
    deleted_at = CASE WHEN :deleted THEN COALESCE (deleted_at, now ()) ELSE deleted_at END
WHERE user_id = :user_id
  AND notification_id = ANY (:ids::uuid[])
  AND ((:seen AND seen_at IS NULL) OR (:done AND NOT done) OR (:deleted AND deleted_at IS NULL))

-- Marks the acting user's rows of every notification about one item seen, done and/or deleted; counts the rows that changed.
-- name: user_notifications_mark_item :execrows
UPDATE user_notification un
SET seen_at = CASE WHEN :seen THEN COALESCE (un.seen_at, now ()) ELSE un.seen_at END,
    done = un.done OR :done,
    deleted_at = CASE WHEN :deleted THEN COALESCE (un.deleted_at, now ()) ELSE un.deleted_at END
FROM notification n
WHERE un.user_id = :user_id
  AND n.id = un.notification_id
  AND n.event_item_id = :item_id
  AND n.event_item_type = :item_type
  AND ((:seen AND un.seen_at IS NULL) OR (:done AND NOT un.done) OR (:deleted AND un.deleted_at IS NULL))

-- Marks the acting user's rows created before a time seen, done and/or deleted; counts the rows that changed.
-- name: user_notifications_mark_before :execrows
UPDATE user_notification
SET seen_at = CASE WHEN :seen THEN COALESCE (seen_at, now ()) ELSE seen_at END,
    done = done OR :done,
    deleted_at = CASE WHEN :deleted THEN COALESCE (deleted_at, now ()) ELSE deleted_at END
WHERE user_id = :user_id
  AND created_at < :before
  AND ((:seen AND seen_at IS NULL) OR (:done AND NOT done) OR (:deleted AND deleted_at IS NULL))

-- Deletes up to batch_size of the oldest notifications created before a time (their user rows go by cascade).
-- name: notifications_delete_batch :execrows
DELETE FROM notification
WHERE id = ANY (ARRAY (SELECT id FROM notification WHERE created_at < :before
                       ORDER BY created_at LIMIT :batch_size))
