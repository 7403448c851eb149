-- Access levels: direct grants ("UserItemAccess") and public share
-- permissions, on an item and on every project above it.

-- The highest level a user has on a document (NULL: no access at all).
-- name: document_access_level :one
WITH RECURSIVE ancestors AS (
  SELECT d."projectId" AS id FROM "Document" d
  WHERE d.id = :document_id AND d."projectId" IS NOT NULL
  UNION
  SELECT p."parentId" FROM "Project" p JOIN ancestors a ON p.id = a.id
  WHERE p."parentId" IS NOT NULL),
levels AS (
  SELECT uia.access_level AS level
  FROM "UserItemAccess" uia
  WHERE uia.user_id = :user_id
    AND ((uia.item_type = 'document' AND uia.item_id = :document_id)
         OR (uia.item_type = 'project' AND uia.item_id IN (SELECT id FROM ancestors)))
  UNION ALL
  SELECT sp."publicAccessLevel"
  FROM "DocumentPermission" dp JOIN "SharePermission" sp ON sp.id = dp."sharePermissionId"
  WHERE dp."documentId" = :document_id AND sp."isPublic"
  UNION ALL
  SELECT sp."publicAccessLevel"
  FROM "ProjectPermission" pp JOIN "SharePermission" sp ON sp.id = pp."sharePermissionId"
  WHERE pp."projectId" IN (SELECT id FROM ancestors) AND sp."isPublic")
SELECT max(level) AS level FROM levels

-- Items granted to a user at a level or above, plus the documents filed in the projects granted.
-- name: user_items_at_least :many
SELECT uia.item_id AS "item_id!", uia.item_type AS "item_type!", uia.access_level
FROM "UserItemAccess" uia
WHERE uia.user_id = :user_id AND uia.access_level >= :min_level
UNION
SELECT d.id, 'document', uia.access_level
FROM "UserItemAccess" uia JOIN "Document" d ON d."projectId" = uia.item_id
WHERE uia.user_id = :user_id AND uia.item_type = 'project' AND uia.access_level >= :min_level
  AND d."deletedAt" IS NULL
ORDER BY 1, 2
