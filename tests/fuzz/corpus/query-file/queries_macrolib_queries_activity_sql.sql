-- Pins, history and chat messages of a user.

-- Pins items, or moves them when already pinned.
-- name: pin_upsert :batch
INSERT INTO "Pin" ("userId", "pinnedItemId", "pinnedItemType", "pinIndex")
VALUES (:user_id, :item_id, :item_type, :pin_index)
ON CONFLICT ("userId", "pinnedItemId", "pinnedItemType")
DO UPDATE SET "pinIndex" = EXCLUDED."pinIndex", "updatedAt" = now()

-- Renumbers a user's pins: item_ids[k] gets pin_indexes[k].
-- name: pins_reorder :execrows
UPDATE "Pin" p SET "pinIndex" = v.pin_index, "updatedAt" = now()
FROM UNNEST (:item_ids::text[], :pin_indexes::int4[]) AS v (item_id, pin_index)
WHERE p."userId" = :user_id AND p."pinnedItemId" = v.item_id

-- A user's pins in order.
-- name: pins_for_user :many
SELECT "pinnedItemId", "pinnedItemType", "pinIndex"
FROM "Pin" WHERE "userId" = :user_id ORDER BY "pinIndex", "pinnedItemId"

-- Bulk-loads history rows (imports, account merges).
-- name: user_history_copy :copy
INSERT INTO "UserHistory" ("userId", "itemId", "itemType", "createdAt", "updatedAt")
VALUES (:user_id, :item_id, :item_type, :created_at, :updated_at)

-- A user's history, most recent first.
-- name: user_history_for_user :many
SELECT "itemId", "itemType", "createdAt", "updatedAt"
FROM "UserHistory" WHERE "userId" = :user_id ORDER BY "updatedAt" DESC, "itemId"

-- Adds a message (JSON content) to a chat.
-- name: chat_message_add :one
INSERT INTO "ChatMessage" ("chatId", role, content, model)
VALUES (:chat_id, :role, :content, :model?)
RETURNING id, "createdAt"

-- A chat's messages in order, with the text part pulled out of the JSON.
-- name: chat_messages :many
SELECT id, role, content, content ->> 'text' AS text, model, "createdAt"
FROM "ChatMessage" WHERE "chatId" = :chat_id ORDER BY "createdAt", id
