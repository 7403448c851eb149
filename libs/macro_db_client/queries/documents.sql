-- Documents and their versions.  A version is a "DocumentInstance" (one
-- file, its sha) or a "DocumentBom" (a bill of materials: "BomPart" rows,
-- each a path and a sha).  The latest version of a document is the newest
-- by ("createdAt", BOM first, id) in either table, as
-- macro_document_latest_version() (migration ..._macro_document_latest_version)
-- defines it for every read that shows one.  Reads ask macro_access_levels() (the
-- migration ..._macro_access_levels) whether the acting user may see the
-- document; writes trust their caller (docs/libs/macro.md "Decisions").

-- Creates a document, its first version (an instance when sha is given, else a BOM with the parts of the two arrays), its share permission, the owner's access and history row; returns the new ids.
-- name: document_insert :one
WITH doc AS (
  INSERT INTO "Document" (id, name, owner, "fileType", "projectId")
  VALUES (COALESCE (:id?::text, gen_random_uuid ()::text), :name, :owner, :file_type?, :project_id?)
  RETURNING id, owner
), instance AS (
  INSERT INTO "DocumentInstance" ("documentId", sha)
  SELECT doc.id, :sha?::text FROM doc WHERE :sha?::text IS NOT NULL
  RETURNING id
), bom AS (
  INSERT INTO "DocumentBom" ("documentId")
  SELECT doc.id FROM doc WHERE :sha?::text IS NULL
  RETURNING id
), parts AS (
  INSERT INTO "BomPart" (sha, path, "documentBomId")
  SELECT p.sha, p.path, bom.id FROM bom, UNNEST (:part_shas::text[], :part_paths::text[]) AS p (sha, path)
), share AS (
  INSERT INTO "SharePermission" ("isPublic", "publicAccessLevel") VALUES (:is_public, :public_level?)
  RETURNING id
), link AS (
  INSERT INTO "DocumentPermission" ("documentId", "sharePermissionId")
  SELECT doc.id, share.id FROM doc, share
), access AS (
  INSERT INTO "UserItemAccess" (user_id, item_id, item_type, access_level)
  SELECT doc.owner, doc.id, 'document', 'owner' FROM doc
), history AS (
  INSERT INTO "UserHistory" ("userId", "itemId", "itemType")
  SELECT doc.owner, doc.id, 'document' FROM doc
)
SELECT doc.id, COALESCE ((SELECT id FROM instance), (SELECT id FROM bom)) AS "version_id!"
FROM doc

-- A live document with its latest version (and that version's BOM parts) and the acting user's level, when the user may see it.
-- name: document_get_visible :opt -> Document export-row
SELECT d.id, d.name, d.owner, d."fileType", d."projectId", d."createdAt", d."updatedAt",
       v.id AS version_id, v.is_bom AS version_is_bom, v.sha AS version_sha,
       v.created_at AS version_created_at,
       ARRAY (SELECT ROW (p.id, p.sha, p.path)::macro_bom_part
              FROM "BomPart" p WHERE v.is_bom AND p."documentBomId" = v.id
              ORDER BY p.path, p.id) AS parts,
       a.access_level AS "access_level!"
FROM "Document" d
JOIN macro_access_levels (:user_id, ARRAY[:document_id], ARRAY['document']) a ON a.item_id = d.id
LEFT JOIN LATERAL macro_document_latest_version (d.id) AS v ON TRUE
WHERE d.id = :document_id AND d."deletedAt" IS NULL

-- Adds a version to a live document (an instance when sha is given, else a BOM with the parts of the two arrays) and touches its "updatedAt"; no row: no such live document.
-- name: document_version_insert :one
WITH doc AS (
  UPDATE "Document" SET "updatedAt" = now ()
  WHERE id = :document_id AND "deletedAt" IS NULL
  RETURNING id
), instance AS (
  INSERT INTO "DocumentInstance" ("documentId", sha)
  SELECT doc.id, :sha?::text FROM doc WHERE :sha?::text IS NOT NULL
  RETURNING id
), bom AS (
  INSERT INTO "DocumentBom" ("documentId")
  SELECT doc.id FROM doc WHERE :sha?::text IS NULL
  RETURNING id
), parts AS (
  INSERT INTO "BomPart" (sha, path, "documentBomId")
  SELECT p.sha, p.path, bom.id FROM bom, UNNEST (:part_shas::text[], :part_paths::text[]) AS p (sha, path)
)
SELECT COALESCE ((SELECT id FROM instance), (SELECT id FROM bom)) AS "version_id!" FROM doc

-- One page of a document's versions, newest first, after the cursor (created_at, is_bom, id), when the user may see the live document.
-- name: document_versions_page :many -> DocumentVersion export-row
SELECT v.id, v.is_bom, v.sha AS "sha?", v.created_at
FROM (
  SELECT i.id, FALSE AS is_bom, i.sha, i."createdAt" AS created_at
  FROM "DocumentInstance" i WHERE i."documentId" = :document_id
  UNION ALL
  SELECT b.id, TRUE, NULL, b."createdAt"
  FROM "DocumentBom" b WHERE b."documentId" = :document_id
) AS v
WHERE EXISTS (SELECT 1 FROM "Document" d
              JOIN macro_access_levels (:user_id, ARRAY[:document_id], ARRAY['document']) a ON a.item_id = d.id
              WHERE d.id = :document_id AND d."deletedAt" IS NULL)
  AND (v.created_at, v.is_bom, v.id) < (:after_created_at, :after_is_bom, :after_id)
ORDER BY v.created_at DESC, v.is_bom DESC, v.id DESC
LIMIT :limit

-- Renames a live document.
-- name: document_set_name :execrows
UPDATE "Document" SET name = :name, "updatedAt" = now ()
WHERE id = :document_id AND "deletedAt" IS NULL

-- Files a live document in a project (NULL: at the top level).
-- name: document_set_project :execrows
UPDATE "Document" SET "projectId" = :project_id?, "updatedAt" = now ()
WHERE id = :document_id AND "deletedAt" IS NULL

-- Soft-deletes a live document and drops its pins and history rows.
-- name: document_soft_delete_one :execrows
WITH pins AS (
  DELETE FROM "Pin" WHERE "pinnedItemId" = :document_id AND "pinnedItemType" = 'document'
), history AS (
  DELETE FROM "UserHistory" WHERE "itemId" = :document_id AND "itemType" = 'document'
)
UPDATE "Document" SET "deletedAt" = now ()
WHERE id = :document_id AND "deletedAt" IS NULL

-- Restores a soft-deleted document.
-- name: document_restore_one :execrows
UPDATE "Document" SET "deletedAt" = NULL
WHERE id = :document_id AND "deletedAt" IS NOT NULL

-- Deletes a document for good: its versions (cascade), share permission, grants, pins and history rows.
-- name: document_delete_one :execrows
WITH share AS (
  DELETE FROM "SharePermission" sp USING "DocumentPermission" dp
  WHERE dp."documentId" = :document_id AND sp.id = dp."sharePermissionId"
), access AS (
  DELETE FROM "UserItemAccess" WHERE item_id = :document_id AND item_type = 'document'
), pins AS (
  DELETE FROM "Pin" WHERE "pinnedItemId" = :document_id AND "pinnedItemType" = 'document'
), history AS (
  DELETE FROM "UserHistory" WHERE "itemId" = :document_id AND "itemType" = 'document'
)
DELETE FROM "Document" WHERE id = :document_id
