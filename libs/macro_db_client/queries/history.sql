-- History, last access and pins.  Items are polymorphic (item id, item
-- type) pairs without foreign keys: type 'document', 'chat' or 'project'.

-- Records that a user opened these items now: upserts its "UserHistory" rows and each item's "ItemLastAccessed", in one statement.
-- name: history_touch_items :one
WITH items AS (
  SELECT DISTINCT i.item_id, i.item_type
  FROM UNNEST (:item_ids::text[], :item_types::text[]) AS i (item_id, item_type)
), history AS (
  INSERT INTO "UserHistory" ("userId", "itemId", "itemType")
  SELECT :user_id, item_id, item_type FROM items ORDER BY item_id, item_type
  ON CONFLICT ("userId", "itemId", "itemType") DO UPDATE SET "updatedAt" = now()
  RETURNING 1
), accessed AS (
  INSERT INTO "ItemLastAccessed" (item_id, item_type)
  SELECT item_id, item_type FROM items ORDER BY item_id, item_type
  ON CONFLICT (item_id, item_type) DO UPDATE SET last_accessed = now()
)
SELECT count(*) AS touched FROM history

-- One page of a user's history (live documents with their latest version, chats, projects), newest first by each item's own updatedAt, after the previous page's last (updated_at, type, id).
-- name: history_page :many -> HistoryItem export-row
SELECT p.item_type, p.id, p.name, p.owner_id, p.updated_at, p.viewed_at,
       p.file_type AS "file_type?", p.project_id AS "project_id?",
       CASE WHEN p.item_type = 'document'
            THEN (SELECT v.id FROM macro_document_latest_version (p.id) v) END AS "document_version_id?"
FROM (
  -- The user's history rows come from UserHistory_userId_updatedAt_itemType_itemId_idx
  -- alone (index-only): each item is then read by its primary key.
  SELECT h."itemType" AS item_type, it.id, it.name, it.owner_id, it.updated_at, h."updatedAt" AS viewed_at,
         it.file_type, it.project_id
  FROM "UserHistory" h
  CROSS JOIN LATERAL (
    SELECT d.id, d.name, d.owner, d."updatedAt", d."fileType", d."projectId" FROM "Document" d
    WHERE h."itemType" = 'document' AND d.id = h."itemId" AND d."deletedAt" IS NULL
    UNION ALL
    SELECT c.id, c.name, c."userId", c."updatedAt", NULL, c."projectId" FROM "Chat" c
    WHERE h."itemType" = 'chat' AND c.id = h."itemId" AND c."deletedAt" IS NULL
    UNION ALL
    SELECT pr.id, pr.name, pr."userId", pr."updatedAt", NULL, pr."parentId" FROM "Project" pr
    WHERE h."itemType" = 'project' AND pr.id = h."itemId" AND pr."deletedAt" IS NULL
  ) AS it (id, name, owner_id, updated_at, file_type, project_id)
  WHERE h."userId" = :user_id
) AS p
WHERE (p.updated_at, p.item_type, p.id) < (:after_updated_at, :after_type, :after_id)
ORDER BY p.updated_at DESC, p.item_type DESC, p.id DESC
LIMIT :limit

-- Pins an item for a user at a position, or moves an existing pin there.
-- name: pin_store :exec
INSERT INTO "Pin" ("userId", "pinnedItemId", "pinnedItemType", "pinIndex")
VALUES (:user_id, :item_id, :item_type, :pin_index)
ON CONFLICT ("userId", "pinnedItemId", "pinnedItemType")
DO UPDATE SET "pinIndex" = EXCLUDED."pinIndex", "updatedAt" = now()

-- A user's pins by position (then item), through the primary key.
-- name: pins_all :many -> Pin export-row
SELECT "pinnedItemId" AS item_id, "pinnedItemType" AS item_type, "pinIndex" AS pin_index,
       "createdAt" AS created_at, "updatedAt" AS updated_at
FROM "Pin"
WHERE "userId" = :user_id
ORDER BY "pinIndex", "pinnedItemId", "pinnedItemType"

-- Gives the listed pins of a user the positions 0, 1, 2… in the order given, in one statement.
-- name: pins_renumber :execrows
UPDATE "Pin" p SET "pinIndex" = (r.n - 1)::int4, "updatedAt" = now()
FROM UNNEST (:item_ids::text[], :item_types::text[]) WITH ORDINALITY AS r (item_id, item_type, n)
WHERE p."userId" = :user_id AND p."pinnedItemId" = r.item_id AND p."pinnedItemType" = r.item_type

-- Unpins an item.
-- name: pin_delete :execrows
DELETE FROM "Pin" WHERE "userId" = :user_id AND "pinnedItemId" = :item_id AND "pinnedItemType" = :item_type

-- One page of what a user opened most recently, newest first by when it opened it (then type, id), limited to live items it can still access (macro_access_levels).
-- name: recents_page :many -> RecentItem export-row
SELECT h."itemId" AS item_id, h."itemType" AS item_type, it.name, h."updatedAt" AS viewed_at, a.access_level AS "access_level!"
-- access_level is never NULL (macro_access_levels() returns a row only for a
-- pair that has a level); inference cannot see into the function.
FROM "UserHistory" h
CROSS JOIN LATERAL (
  SELECT d.name FROM "Document" d
  WHERE h."itemType" = 'document' AND d.id = h."itemId" AND d."deletedAt" IS NULL
  UNION ALL
  SELECT c.name FROM "Chat" c WHERE h."itemType" = 'chat' AND c.id = h."itemId" AND c."deletedAt" IS NULL
  UNION ALL
  SELECT p.name FROM "Project" p WHERE h."itemType" = 'project' AND p.id = h."itemId" AND p."deletedAt" IS NULL
) AS it (name)
CROSS JOIN LATERAL macro_access_levels (:user_id, ARRAY[h."itemId"], ARRAY[h."itemType"]) AS a
WHERE h."userId" = :user_id
  AND (h."updatedAt", h."itemType", h."itemId") < (:after_viewed_at, :after_type, :after_id)
ORDER BY h."updatedAt" DESC, h."itemType" DESC, h."itemId" DESC
LIMIT :limit
