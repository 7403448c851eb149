-- Email-address unsubscribes, per-item unsubscribes, mutes and the
-- one-click unsubscribe codes.  Every statement goes through a primary key
-- or a unique index.

-- Unsubscribes an address from notification emails; 1 when it was not already.
-- name: email_unsubscribe_add :execrows
INSERT INTO notification_email_unsubscribe (email) VALUES (:email) ON CONFLICT (email) DO NOTHING

-- Resubscribes an address; 1 when it was unsubscribed.
-- name: email_unsubscribe_remove :execrows
DELETE FROM notification_email_unsubscribe WHERE email = :email

-- For each address in input order: whether it is unsubscribed.
-- name: emails_unsubscribed_check :many
SELECT EXISTS (SELECT 1 FROM notification_email_unsubscribe e WHERE e.email = r.email) AS unsubscribed
FROM UNNEST (:emails::text[]) WITH ORDINALITY AS r (email, ord)
ORDER BY r.ord

-- Unsubscribes a user from one item's notifications; 1 when they were not already.
-- name: item_unsubscribe_add :execrows
INSERT INTO user_notification_item_unsubscribe (user_id, item_id, item_type)
VALUES (:user_id, :item_id, :item_type)
ON CONFLICT (user_id, item_id) DO NOTHING

-- Resubscribes a user to one item; 1 when they were unsubscribed.
-- name: item_unsubscribe_remove :execrows
DELETE FROM user_notification_item_unsubscribe WHERE user_id = :user_id AND item_id = :item_id

-- One page of a user's item unsubscribes by item id (binary order), after the last item id of the previous page ('' = from the start).
-- name: item_unsubscribes_page :many -> ItemUnsubscribe export-row
SELECT item_id, item_type
FROM user_notification_item_unsubscribe
WHERE user_id = :user_id AND item_id > :after COLLATE "C"
ORDER BY item_id COLLATE "C"
LIMIT :limit

-- Mutes a user (no notification is fanned out to them); 1 when they were not muted.
-- name: user_mute_add :execrows
INSERT INTO user_mute_notification (user_id) VALUES (:user_id) ON CONFLICT (user_id) DO NOTHING

-- Unmutes a user; 1 when they were muted.
-- name: user_mute_remove :execrows
DELETE FROM user_mute_notification WHERE user_id = :user_id

-- Whether a user is muted.
-- name: user_mute_get :one
SELECT EXISTS (SELECT 1 FROM user_mute_notification WHERE user_id = :user_id) AS muted

-- The unsubscribe code of an address, created on first use and the same ever after.
-- name: unsubscribe_code_ensure :one
INSERT INTO email_unsubscribe_code (email) VALUES (:email)
ON CONFLICT (email) DO UPDATE SET email = EXCLUDED.email
RETURNING code

-- The address an unsubscribe code belongs to.
-- name: unsubscribe_code_lookup :opt
SELECT email FROM email_unsubscribe_code WHERE code = :code
