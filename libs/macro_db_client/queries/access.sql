-- Sharing and effective access.  Every level read here comes from
-- macro_access_levels() and every "what may this user reach" from
-- macro_user_items_after() (migrations ..._macro_access_levels and
-- ..._macro_access_keyset_pages): the one access definition of MacroDB.
-- Item types are 'document', 'chat', 'project' and 'thread' (email
-- threads, placed by "EmailThreadPermission").

-- The effective level of a user on one item; no row: no access.
-- name: access_level_get :opt
SELECT a.access_level AS "level!"
FROM macro_access_levels (:user_id, ARRAY[:item_id], ARRAY[:item_type]) a

-- The effective level of a user on each (id, type) pair of the two arrays; pairs without access have no row.
-- name: access_levels_get :many
SELECT a.item_id AS "item_id!", a.item_type AS "item_type!", a.access_level AS "level!"
FROM macro_access_levels (:user_id, :item_ids::text[], :item_types::text[]) a

-- One page of the live items a user reaches at min_level or above (optionally of one type, optionally not owned by the user), by (item_type, item_id) in binary order after the cursor; macro_accessible_items reads the candidates from the grants index 51 at a time and their levels in one walk, so only the page's rows and levels are read.
-- name: accessible_items_page :many -> Item export-row
SELECT i.item_id AS "item_id!", i.item_type AS "item_type!", i.name AS "name?", i.owner AS "owner!",
       i.updated_at AS "updated_at!", i.access_level AS "access_level!"
FROM macro_accessible_items (:user_id, :item_type?::text, :after_type, :after_id, :min_level, :exclude_owned, :limit) i

-- One page of the soft-deleted documents, chats and projects a user owns, most recently deleted first, after the cursor (deleted_at, item_type, item_id).
-- name: recently_deleted_page :many -> DeletedItem export-row
SELECT x.item_id, x.item_type, x.name, x.deleted_at AS "deleted_at!"
FROM (
  SELECT d.id AS item_id, 'document' AS item_type, d.name, d."deletedAt" AS deleted_at
  FROM "Document" d WHERE d.owner = :user_id AND d."deletedAt" IS NOT NULL
  UNION ALL
  SELECT c.id, 'chat', c.name, c."deletedAt"
  FROM "Chat" c WHERE c."userId" = :user_id AND c."deletedAt" IS NOT NULL
  UNION ALL
  SELECT p.id, 'project', p.name, p."deletedAt"
  FROM "Project" p WHERE p."userId" = :user_id AND p."deletedAt" IS NOT NULL
) AS x
WHERE (x.deleted_at, x.item_type, x.item_id) < (:after_deleted_at, :after_type, :after_id)
ORDER BY x.deleted_at DESC, x.item_type DESC, x.item_id DESC
LIMIT :limit

-- Grants (or changes) a direct level on one item to every user of the array, in one statement; the NULLS NOT DISTINCT key makes a repeated grant an update.
-- name: access_grant_users :execrows
INSERT INTO "UserItemAccess" (user_id, item_id, item_type, access_level)
SELECT DISTINCT u.id, :item_id, :item_type, :level::"AccessLevel"
FROM UNNEST (:user_ids::text[]) AS u (id)
ORDER BY u.id
ON CONFLICT (item_id, item_type, user_id, granted_from_channel_id)
DO UPDATE SET access_level = EXCLUDED.access_level, updated_at = now ()

-- Revokes the direct grants of one item from every user of the array (channel grants stay).
-- name: access_revoke_users :execrows
DELETE FROM "UserItemAccess"
WHERE item_id = :item_id AND item_type = :item_type AND granted_from_channel_id IS NULL
  AND user_id = ANY (:user_ids::text[])

-- Edits an item's share permission (public flag and level) and upserts its channel shares, expanding each into a grant for every active participant of the channel who is a user; returns how many permissions were edited (0: the item has none) and how many grants were written.
-- name: share_permission_update :one
WITH share AS (
  SELECT dp."sharePermissionId" AS id FROM "DocumentPermission" dp
  WHERE :item_type = 'document' AND dp."documentId" = :item_id
  UNION ALL
  SELECT cp."sharePermissionId" FROM "ChatPermission" cp
  WHERE :item_type = 'chat' AND cp."chatId" = :item_id
  UNION ALL
  SELECT pp."sharePermissionId" FROM "ProjectPermission" pp
  WHERE :item_type = 'project' AND pp."projectId" = :item_id
  UNION ALL
  SELECT e."sharePermissionId" FROM "EmailThreadPermission" e
  WHERE :item_type = 'thread' AND e."threadId" = :item_id
), edited AS (
  UPDATE "SharePermission" sp
  SET "isPublic" = :is_public, "publicAccessLevel" = :public_level?, "updatedAt" = now ()
  FROM share WHERE sp.id = share.id
  RETURNING sp.id
), channels AS (
  INSERT INTO "ChannelSharePermission" (channel_id, share_permission_id, access_level)
  SELECT c.channel_id, e.id, c.level
  FROM edited e, UNNEST (:channel_ids::uuid[], :channel_levels::"AccessLevel"[]) AS c (channel_id, level)
  ON CONFLICT (channel_id, share_permission_id) DO UPDATE SET access_level = EXCLUDED.access_level
  RETURNING channel_id, access_level
), expanded AS (
  INSERT INTO "UserItemAccess" (user_id, item_id, item_type, granted_from_channel_id, access_level)
  SELECT cp.user_id, :item_id, :item_type, ch.channel_id, ch.access_level
  FROM channels ch
  JOIN comms_channel_participants cp ON cp.channel_id = ch.channel_id AND cp.left_at IS NULL
  JOIN "User" u ON u.id = cp.user_id
  ORDER BY cp.user_id, ch.channel_id
  ON CONFLICT (item_id, item_type, user_id, granted_from_channel_id)
  DO UPDATE SET access_level = EXCLUDED.access_level, updated_at = now ()
  RETURNING 1
)
SELECT (SELECT count(*) FROM edited) AS edited, (SELECT count(*) FROM expanded) AS granted

-- Places an email thread in the access rules: its share permission, owner and project.
-- name: thread_permission_insert :exec
WITH share AS (
  INSERT INTO "SharePermission" ("isPublic", "publicAccessLevel") VALUES (:is_public, :public_level?)
  RETURNING id
)
INSERT INTO "EmailThreadPermission" ("threadId", "sharePermissionId", "userId", "projectId")
SELECT :thread_id, share.id, :user_id, :project_id? FROM share
