-- Projects (folders): a tree by "parentId".  Subtrees are walked with
-- recursive CTEs down "Project_parentId_idx"; the depth bound keeps a
-- cycle written by hand from looping forever (moves refuse cycles).

-- Creates a project (under a parent, or at the top level), its share permission, the owner's access and history row.
-- name: project_insert :one -> Project export-row
WITH project AS (
  INSERT INTO "Project" (id, name, "userId", "parentId")
  VALUES (COALESCE (:id?::text, gen_random_uuid ()::text), :name, :user_id, :parent_id?)
  RETURNING id, name, "userId", "parentId", "createdAt", "updatedAt"
), share AS (
  INSERT INTO "SharePermission" ("isPublic", "publicAccessLevel") VALUES (:is_public, :public_level?)
  RETURNING id
), link AS (
  INSERT INTO "ProjectPermission" ("projectId", "sharePermissionId")
  SELECT project.id, share.id FROM project, share
), access AS (
  INSERT INTO "UserItemAccess" (user_id, item_id, item_type, access_level)
  SELECT project."userId", project.id, 'project', 'owner' FROM project
), history AS (
  INSERT INTO "UserHistory" ("userId", "itemId", "itemType")
  SELECT project."userId", project.id, 'project' FROM project
)
SELECT project.id, project.name, project."userId" AS user_id,
       project."parentId" AS parent_id, project."createdAt" AS created_at,
       project."updatedAt" AS updated_at
FROM project

-- Renames a live project.
-- name: project_set_name :execrows
UPDATE "Project" SET name = :name, "updatedAt" = now ()
WHERE id = :project_id AND "deletedAt" IS NULL

-- Serialises project moves (with the moves of concurrent transactions): held until commit, so the next move's cycle check sees this one.
-- name: project_move_lock :exec
SELECT true AS locked FROM pg_advisory_xact_lock (hashtext ('macro_db.project_move'))

-- Moves a project under a new parent (NULL: to the top level) unless the new parent is the project itself or one of its descendants; says whether the project exists, whether the move would make a cycle, and whether it moved.
-- name: project_reparent :one
WITH RECURSIVE up (id, depth) AS (
  SELECT p.id, 0 FROM "Project" p WHERE p.id = :parent_id?::text
  UNION ALL
  SELECT p."parentId", up.depth + 1
  FROM "Project" p JOIN up ON p.id = up.id
  WHERE p."parentId" IS NOT NULL AND up.depth < 256
), moved AS (
  UPDATE "Project" SET "parentId" = :parent_id?::text, "updatedAt" = now ()
  WHERE id = :project_id AND "deletedAt" IS NULL
    AND NOT EXISTS (SELECT 1 FROM up WHERE up.id = :project_id)
  RETURNING id
)
SELECT EXISTS (SELECT 1 FROM "Project" WHERE id = :project_id AND "deletedAt" IS NULL) AS found,
       EXISTS (SELECT 1 FROM up WHERE up.id = :project_id) AS cycle,
       EXISTS (SELECT 1 FROM moved) AS moved

-- One page of the ids of a project and every project below it, in binary order after the cursor, when the user may see the project.
-- name: project_subtree_page :many
WITH RECURSIVE tree (id, depth) AS (
  SELECT p.id, 0 FROM "Project" p
  WHERE p.id = :project_id
    AND EXISTS (SELECT 1 FROM macro_access_levels (:user_id, ARRAY[:project_id], ARRAY['project']))
  UNION ALL
  SELECT c.id, t.depth + 1 FROM "Project" c JOIN tree t ON c."parentId" = t.id
  WHERE t.depth < 256
)
SELECT t.id FROM tree t
WHERE t.id > :after COLLATE "C"
ORDER BY t.id COLLATE "C"
LIMIT :limit

-- One page of what a project holds (live documents, chats and sub-projects) that the user may see, newest "updatedAt" first, after the cursor (updated_at, item_type, item_id).
-- name: project_content_page :many -> Item
WITH children (item_id, item_type, name, owner, updated_at) AS (
  SELECT d.id, 'document', d.name, d.owner, d."updatedAt"
  FROM "Document" d WHERE d."projectId" = :project_id AND d."deletedAt" IS NULL
  UNION ALL
  SELECT c.id, 'chat', c.name, c."userId", c."updatedAt"
  FROM "Chat" c WHERE c."projectId" = :project_id AND c."deletedAt" IS NULL
  UNION ALL
  SELECT p.id, 'project', p.name, p."userId", p."updatedAt"
  FROM "Project" p WHERE p."parentId" = :project_id AND p."deletedAt" IS NULL
)
SELECT ch.item_id, ch.item_type, ch.name AS "name?", ch.owner,
       ch.updated_at, a.access_level AS "access_level!"
FROM children ch
JOIN macro_access_levels (:user_id,
                          ARRAY (SELECT item_id FROM children ORDER BY item_type, item_id),
                          ARRAY (SELECT item_type FROM children ORDER BY item_type, item_id)) a
  ON a.item_id = ch.item_id AND a.item_type = ch.item_type
WHERE (ch.updated_at, ch.item_type, ch.item_id) < (:after_updated_at, :after_type, :after_id)
ORDER BY ch.updated_at DESC, ch.item_type DESC, ch.item_id DESC
LIMIT :limit

-- Soft-deletes a live project and everything live below it (projects, documents, chats) at one instant, drops their pins and history rows, and returns the ids it deleted.
-- name: project_soft_delete_tree :one -> DeletedTree export-row
WITH RECURSIVE tree (id, depth) AS (
  SELECT p.id, 0 FROM "Project" p WHERE p.id = :project_id AND p."deletedAt" IS NULL
  UNION ALL
  SELECT c.id, t.depth + 1 FROM "Project" c JOIN tree t ON c."parentId" = t.id
  WHERE c."deletedAt" IS NULL AND t.depth < 256
), projects AS (
  UPDATE "Project" p SET "deletedAt" = now () FROM tree WHERE p.id = tree.id
  RETURNING p.id
), documents AS (
  UPDATE "Document" d SET "deletedAt" = now () FROM tree
  WHERE d."projectId" = tree.id AND d."deletedAt" IS NULL
  RETURNING d.id
), chats AS (
  UPDATE "Chat" c SET "deletedAt" = now () FROM tree
  WHERE c."projectId" = tree.id AND c."deletedAt" IS NULL
  RETURNING c.id
), gone (id, type) AS (
  SELECT id, 'project' FROM projects
  UNION ALL SELECT id, 'document' FROM documents
  UNION ALL SELECT id, 'chat' FROM chats
), pins AS (
  DELETE FROM "Pin" p USING gone g WHERE p."pinnedItemId" = g.id AND p."pinnedItemType" = g.type
), history AS (
  DELETE FROM "UserHistory" h USING gone g WHERE h."itemId" = g.id AND h."itemType" = g.type
)
SELECT ARRAY (SELECT id FROM projects ORDER BY id COLLATE "C") AS project_ids,
       ARRAY (SELECT id FROM chats ORDER BY id COLLATE "C") AS chat_ids,
       ARRAY (SELECT id FROM documents ORDER BY id COLLATE "C") AS document_ids

-- Restores a soft-deleted project and what was deleted with it (the same "deletedAt" below it); returns how many projects, documents and chats came back.
-- name: project_restore_tree :one
WITH RECURSIVE root AS (
  SELECT p.id, p."deletedAt" FROM "Project" p WHERE p.id = :project_id AND p."deletedAt" IS NOT NULL
), tree (id, depth) AS (
  SELECT id, 0 FROM root
  UNION ALL
  SELECT c.id, t.depth + 1 FROM "Project" c JOIN tree t ON c."parentId" = t.id
  WHERE t.depth < 256
), projects AS (
  UPDATE "Project" p SET "deletedAt" = NULL FROM tree, root
  WHERE p.id = tree.id AND p."deletedAt" = root."deletedAt"
  RETURNING p.id
), documents AS (
  UPDATE "Document" d SET "deletedAt" = NULL FROM tree, root
  WHERE d."projectId" = tree.id AND d."deletedAt" = root."deletedAt"
  RETURNING d.id
), chats AS (
  UPDATE "Chat" c SET "deletedAt" = NULL FROM tree, root
  WHERE c."projectId" = tree.id AND c."deletedAt" = root."deletedAt"
  RETURNING c.id
)
SELECT (SELECT count(*) FROM projects) + (SELECT count(*) FROM documents)
       + (SELECT count(*) FROM chats) AS restored
