-- Push-device registrations (user_device_registration): one row per device
-- token (user_device_registration_device_token_key), listed per user through
-- user_device_registration_user_id_idx, expired through
-- user_device_registration_last_used_at_idx.

-- Registers a device by its token: a new row, or the existing one moved to this user, endpoint and type; counts as a use now.
-- name: device_upsert :one -> Device export-row
INSERT INTO user_device_registration (user_id, device_token, device_endpoint, device_type, last_used_at)
VALUES (:user_id, :device_token, :device_endpoint, :device_type, now ())
ON CONFLICT (device_token) DO UPDATE
SET user_id = EXCLUDED.user_id, device_endpoint = EXCLUDED.device_endpoint,
    device_type = EXCLUDED.device_type, updated_at = now (), last_used_at = now ()
RETURNING id, user_id, device_token, device_endpoint, device_type, created_at, updated_at, last_used_at

-- Sets a device's last use to now; 1 when the token is registered.
-- name: device_touch_token :execrows
UPDATE user_device_registration SET last_used_at = now () WHERE device_token = :device_token

-- One page of a user's devices, oldest registration first, after the (created_at, id) of the previous page's last row.
-- name: devices_page :many -> Device
SELECT id, user_id, device_token, device_endpoint, device_type, created_at, updated_at, last_used_at
FROM user_device_registration
WHERE user_id = :user_id AND (created_at, id) > (:after_created_at, :after_id)
ORDER BY created_at, id
LIMIT :limit

-- Removes one of the acting user's devices by token; 1 when it was theirs.
-- name: device_delete_token :execrows
DELETE FROM user_device_registration WHERE user_id = :user_id AND device_token = :device_token

-- Removes every device of a user.
-- name: devices_delete_user :execrows
DELETE FROM user_device_registration WHERE user_id = :user_id

-- Removes every device not used since a time (never used: not updated since).
-- name: devices_delete_unused :execrows
DELETE FROM user_device_registration
WHERE last_used_at < :before OR (last_used_at IS NULL AND updated_at < :before)
