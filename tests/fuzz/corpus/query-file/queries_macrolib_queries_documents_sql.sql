-- Queries over "Document" and its versions, written the way macro_db_client
-- reads them, but without the snake_case aliases: the name mapping does that.

-- A live document with its latest version ("DocumentInstance" by "createdAt");
-- the version columns are NULL when it has none (inferred from the outer join).
-- name: document_get_latest :opt
SELECT d.id, d.name, d.owner, d."fileType", d."projectId", d."createdAt", d."updatedAt",
  latest.id AS version_id, latest.sha, latest."revisionName", latest."createdAt" AS version_created_at
FROM "Document" d
LEFT JOIN LATERAL (
  SELECT i.id, i.sha, i."revisionName", i."createdAt"
  FROM "DocumentInstance" i
  WHERE i."documentId" = d.id
  ORDER BY i."createdAt" DESC, i.id DESC
  LIMIT 1) latest ON TRUE
WHERE d.id = :document_id AND d."deletedAt" IS NULL

-- One page of an owner's live documents, newest update first; pass the last row's "updatedAt" and id to get the next page.
-- name: documents_by_owner :many -> DocumentListItem
SELECT id, name, "fileType", "projectId", "createdAt", "updatedAt"
FROM "Document"
WHERE owner = :owner AND "deletedAt" IS NULL
  AND (:after_updated_at?::timestamptz IS NULL OR ("updatedAt", id) < (:after_updated_at?, :after_id?))
ORDER BY "updatedAt" DESC, id DESC
LIMIT :page_size

-- The live documents filed directly in a project, by name.
-- name: documents_in_project :many -> DocumentListItem
SELECT id, name, "fileType", "projectId", "createdAt", "updatedAt"
FROM "Document"
WHERE "projectId" = :project_id AND "deletedAt" IS NULL
ORDER BY name, id

-- Counts an owner's live documents (overrides make the counts non-null).
-- name: owner_document_stats :one
SELECT count(*) AS "total!", count(*) FILTER (WHERE "projectId" IS NULL) AS "unfiled!",
  max("updatedAt") AS last_updated, array_agg(id ORDER BY id) AS ids
FROM "Document"
WHERE owner = :owner AND "deletedAt" IS NULL

-- Moves an owner's live documents to the trash; returns how many moved.
-- name: documents_soft_delete :execrows
UPDATE "Document" SET "deletedAt" = now(), "updatedAt" = now()
WHERE owner = :owner AND id = ANY (:ids) AND "deletedAt" IS NULL

-- Takes a document out of the trash.
-- name: document_restore :exec
UPDATE "Document" SET "deletedAt" = NULL WHERE id = :document_id

-- A project and every live project below it, with its depth.
-- name: project_tree :many
WITH RECURSIVE tree AS (
  SELECT p.id, p.name, p."parentId", 0 AS depth
  FROM "Project" p
  WHERE p.id = :project_id AND p."deletedAt" IS NULL
  UNION ALL
  SELECT c.id, c.name, c."parentId", t.depth + 1
  FROM "Project" c JOIN tree t ON c."parentId" = t.id
  WHERE c."deletedAt" IS NULL)
SELECT id AS "id!", name AS "name!", "parentId", depth AS "depth!"
FROM tree
ORDER BY depth, name
