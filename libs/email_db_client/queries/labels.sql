-- Labels of a link.  System labels (type System: INBOX, SENT, …) come from
-- the provider and cannot be renamed or deleted here.

-- Every label of a link of the acting user, by name then id, with how many of its messages are unread (counted from the link's unread messages, email_messages_link_unread_idx).
-- name: labels_with_unread :many -> Label export-row
SELECT lb.id, lb.provider_label_id, lb.name, lb.type, lb.message_list_visibility, lb.label_list_visibility,
       COALESCE (u.unread, 0) AS unread
FROM email_links l
JOIN email_labels lb ON lb.link_id = l.id
LEFT JOIN (
  SELECT ml.label_id, count(*) AS unread
  FROM email_messages m JOIN email_message_labels ml ON ml.message_id = m.id
  WHERE m.link_id = :link_id AND NOT m.is_read
  GROUP BY ml.label_id
) u ON u.label_id = lb.id
WHERE l.id = :link_id AND l.macro_id = :macro_id
ORDER BY lb.name, lb.id

-- Creates a user label on a link of the acting user; NULL when the link is not the user's.
-- name: label_create_owned :opt
INSERT INTO email_labels (link_id, provider_label_id, name, type)
SELECT l.id, :provider_label_id, :name, 'User' FROM email_links l
WHERE l.id = :link_id AND l.macro_id = :macro_id
RETURNING id

-- Renames a user label of the acting user; returns the label's type (no row: not the user's label; System: nothing changed).
-- name: label_rename_owned :opt
WITH target AS (
  SELECT lb.id, lb.type FROM email_labels lb JOIN email_links l ON l.id = lb.link_id
  WHERE lb.id = :label_id AND l.macro_id = :macro_id
), renamed AS (
  UPDATE email_labels lb SET name = :name FROM target t
  WHERE lb.id = t.id AND t.type = 'User'
)
SELECT type FROM target

-- Deletes a user label of the acting user (its assignments go by cascade); returns the label's type (no row: not the user's label; System: nothing deleted).
-- name: label_delete_owned :opt
WITH target AS (
  SELECT lb.id, lb.type FROM email_labels lb JOIN email_links l ON l.id = lb.link_id
  WHERE lb.id = :label_id AND l.macro_id = :macro_id
), deleted AS (
  DELETE FROM email_labels lb USING target t WHERE lb.id = t.id AND t.type = 'User'
)
SELECT type FROM target
