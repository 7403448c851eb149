-- AI chats: "Chat", "ChatMessage" (content jsonb) and "ChatAttachment".
-- Who may do what is decided by macro_access_levels() (the one access
-- definition, docs/libs/macro.md "Access"): reading needs view, writing
-- edit, deleting and restoring owner.

-- Creates a chat (in a project the user may edit, when one is given) and records it in the user's history, in one statement.
-- name: chat_insert :opt -> Chat export-row
WITH allowed AS (
  SELECT 1 WHERE :project_id?::text IS NULL
     OR EXISTS (SELECT 1 FROM macro_access_levels (:user_id, ARRAY[:project_id?::text], ARRAY['project']) a
                WHERE a.access_level >= 'edit')
), chat AS (
  INSERT INTO "Chat" ("userId", name, model, "projectId")
  SELECT :user_id, :name, COALESCE (:model?, 'gpt-4o'), :project_id? FROM allowed
  RETURNING *
), history AS (
  INSERT INTO "UserHistory" ("userId", "itemId", "itemType") SELECT "userId", id, 'chat' FROM chat
)
SELECT c.id AS id, c."userId" AS user_id, c.name AS name, c.model AS model, c."projectId" AS "project_id?",
       c."createdAt" AS created_at, c."updatedAt" AS updated_at, c."deletedAt" AS "deleted_at?"
FROM chat c

-- Adds a message and its attachments to a live chat the user may edit, and bumps the chat's updatedAt, in one statement.
-- name: chat_message_insert :opt -> ChatMessage export-row
WITH chat AS (
  SELECT c.id FROM "Chat" c
  WHERE c.id = :chat_id AND c."deletedAt" IS NULL
    AND EXISTS (SELECT 1 FROM macro_access_levels (:user_id, ARRAY[c.id], ARRAY['chat']) a
                WHERE a.access_level >= 'edit')
), message AS (
  INSERT INTO "ChatMessage" (content, role, "chatId", model)
  SELECT :content::jsonb, :role, id, :model? FROM chat
  RETURNING *
), attached AS (
  INSERT INTO "ChatAttachment" ("attachmentType", "attachmentId", "chatId", "messageId")
  SELECT a.type, a.id, m."chatId", m.id
  FROM message m CROSS JOIN UNNEST (:attachment_types::text[], :attachment_ids::text[]) AS a (type, id)
), touched AS (
  UPDATE "Chat" SET "updatedAt" = now() WHERE id IN (SELECT "chatId" FROM message)
)
SELECT m.id AS id, m."chatId" AS chat_id, m.role AS role, m.content::text AS content,
       m.model AS "model?", m."createdAt" AS created_at,
       ARRAY (SELECT a.type FROM UNNEST (:attachment_types::text[], :attachment_ids::text[]) AS a (type, id)
              ORDER BY a.type, a.id) AS attachment_types,
       ARRAY (SELECT a.id FROM UNNEST (:attachment_types::text[], :attachment_ids::text[]) AS a (type, id)
              ORDER BY a.type, a.id) AS attachment_ids
FROM message m

-- One page of a chat's messages, oldest first by (createdAt, id), for a user who may view the chat.
-- name: chat_messages_page :many -> ChatMessage
SELECT m.id, m."chatId" AS chat_id, m.role, m.content::text AS content, m.model, m."createdAt" AS created_at,
       ARRAY (SELECT a."attachmentType" FROM "ChatAttachment" a WHERE a."messageId" = m.id
              ORDER BY a."attachmentType", a."attachmentId") AS attachment_types,
       ARRAY (SELECT a."attachmentId" FROM "ChatAttachment" a WHERE a."messageId" = m.id
              ORDER BY a."attachmentType", a."attachmentId") AS attachment_ids
FROM "ChatMessage" m
WHERE m."chatId" = :chat_id
  AND (m."createdAt", m.id) > (:after_created_at, :after_id)
  AND EXISTS (SELECT 1 FROM "Chat" c WHERE c.id = :chat_id AND c."deletedAt" IS NULL)
  AND EXISTS (SELECT 1 FROM macro_access_levels (:user_id, ARRAY[:chat_id::text], ARRAY['chat']) a
              WHERE a.access_level >= 'view')
ORDER BY m."createdAt", m.id
LIMIT :limit

-- One page of a user's own live chats, newest first by (updatedAt, id).
-- name: user_chats_page :many -> Chat
SELECT c.id, c."userId" AS user_id, c.name, c.model, c."projectId" AS project_id,
       c."createdAt" AS created_at, c."updatedAt" AS updated_at, c."deletedAt" AS deleted_at
FROM "Chat" c
WHERE c."userId" = :user_id AND c."deletedAt" IS NULL
  AND (c."updatedAt", c.id) < (:after_updated_at, :after_id)
ORDER BY c."updatedAt" DESC, c.id DESC
LIMIT :limit

-- Renames a live chat the user may edit.
-- name: chat_rename_if_editor :opt -> Chat
UPDATE "Chat" c SET name = :name, "updatedAt" = now()
WHERE c.id = :chat_id AND c."deletedAt" IS NULL
  AND EXISTS (SELECT 1 FROM macro_access_levels (:user_id, ARRAY[c.id], ARRAY['chat']) a
              WHERE a.access_level >= 'edit')
RETURNING c.id, c."userId" AS user_id, c.name, c.model, c."projectId" AS project_id,
          c."createdAt" AS created_at, c."updatedAt" AS updated_at, c."deletedAt" AS deleted_at

-- Moves a chat the user owns to the trash (deletedAt) or back (NULL); trashing also removes its pins and history rows, in one statement.
-- name: chat_set_deleted :execrows
WITH chat AS (
  UPDATE "Chat" c SET "deletedAt" = CASE WHEN :trash THEN now() END
  WHERE c.id = :chat_id AND (c."deletedAt" IS NULL) = :trash
    AND EXISTS (SELECT 1 FROM macro_access_levels (:user_id, ARRAY[c.id], ARRAY['chat']) a
                WHERE a.access_level = 'owner')
  RETURNING c.id
), pins AS (
  DELETE FROM "Pin" WHERE :trash AND "pinnedItemType" = 'chat' AND "pinnedItemId" IN (SELECT id FROM chat)
), history AS (
  DELETE FROM "UserHistory" WHERE :trash AND "itemType" = 'chat' AND "itemId" IN (SELECT id FROM chat)
)
SELECT id FROM chat
