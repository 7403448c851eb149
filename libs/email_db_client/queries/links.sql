-- Linked mailboxes (email_links).  The acting user is the Macro user id
-- (email_links.macro_id); reads and deletes by a user check it in the
-- statement, so another user's link is simply not found.  The sync
-- service's calls (sync state, by address) take the link id alone.

-- Creates the link of (fusionauth user, address, provider), or reactivates it and moves it to macro_id; an unchanged link is returned without being written (no row lock behind a concurrent delete).
-- name: link_upsert :one -> Link export-row
WITH changed AS (
  INSERT INTO email_links (macro_id, fusionauth_user_id, email_address, provider)
  VALUES (:macro_id, :fusionauth_user_id, :email_address, :provider)
  ON CONFLICT (fusionauth_user_id, email_address, provider) DO UPDATE
    SET is_sync_active = TRUE, macro_id = EXCLUDED.macro_id, updated_at = now()
    WHERE NOT email_links.is_sync_active OR email_links.macro_id <> EXCLUDED.macro_id
  RETURNING id, macro_id, fusionauth_user_id, email_address, provider, is_sync_active,
            history_id, sync_token, synced_at, created_at, updated_at
)
-- The sync state is NULL until the first sync, in either branch.
SELECT id, macro_id, fusionauth_user_id, email_address, provider, is_sync_active,
       history_id AS "history_id?", sync_token AS "sync_token?", synced_at AS "synced_at?", created_at, updated_at
FROM changed
UNION ALL
SELECT id, macro_id, fusionauth_user_id, email_address, provider, is_sync_active,
       history_id, sync_token, synced_at, created_at, updated_at
FROM email_links
WHERE fusionauth_user_id = :fusionauth_user_id AND email_address = :email_address
  AND provider = :provider AND NOT EXISTS (SELECT 1 FROM changed)

-- One link of the acting user.
-- name: link_get_owned :opt -> Link
SELECT id, macro_id, fusionauth_user_id, email_address, provider, is_sync_active,
       history_id, sync_token, synced_at, created_at, updated_at
FROM email_links WHERE id = :link_id AND macro_id = :macro_id

-- One page of the acting user's links by (email_address, id), after the cursor (first page: NULLs).
-- name: links_of_user :many -> Link
SELECT id, macro_id, fusionauth_user_id, email_address, provider, is_sync_active,
       history_id, sync_token, synced_at, created_at, updated_at
FROM email_links
WHERE macro_id = :macro_id
  AND (:after_address?::text IS NULL OR (email_address, id) > (:after_address?, :after_id?::uuid))
ORDER BY email_address, id
LIMIT :limit

-- Every link of an address (case-insensitive) and provider, for the sync service's push notifications; by id.
-- name: links_by_address :many -> Link
SELECT id, macro_id, fusionauth_user_id, email_address, provider, is_sync_active,
       history_id, sync_token, synced_at, created_at, updated_at
FROM email_links
WHERE lower(email_address) = lower(:email_address) AND provider = :provider
ORDER BY id
LIMIT :limit

-- Stores a link's sync state and position; NULL history id or token keeps the stored one.
-- name: link_sync_set :opt -> Link
UPDATE email_links
SET is_sync_active = :is_sync_active,
    history_id = COALESCE(:history_id?, history_id),
    sync_token = COALESCE(:sync_token?, sync_token),
    synced_at = now(), updated_at = now()
WHERE id = :link_id
RETURNING id, macro_id, fusionauth_user_id, email_address, provider, is_sync_active,
          history_id, sync_token, synced_at, created_at, updated_at

-- Deletes a link of the acting user; its threads, messages, contacts, labels and attachments go by cascade in this one statement.
-- name: link_delete_owned :execrows
DELETE FROM email_links WHERE id = :link_id AND macro_id = :macro_id
