-- Benchmark workloads over "Document" (docs/performance.md).

-- W1: one document by id, every column.
-- name: document_get :one -> Document
SELECT id, "ownerId", name, "fileType", "createdAt", "updatedAt", "deletedAt", "isPublic", metadata
FROM "Document" WHERE id = :id

-- W2: an owner's documents, most recently updated first.
-- name: documents_by_owner :many -> Document
SELECT id, "ownerId", name, "fileType", "createdAt", "updatedAt", "deletedAt", "isPublic", metadata
FROM "Document" WHERE "ownerId" = :owner_id ORDER BY "updatedAt" DESC LIMIT :max_rows

-- W3: one new document; the server picks the id.
-- name: document_insert :exec
INSERT INTO "Document" ("ownerId", name, "fileType", "createdAt", "updatedAt", "isPublic", metadata)
VALUES (:owner_id, :name, :file_type, :created_at, :updated_at, :is_public, :metadata)

-- W4: bulk load with COPY (binary).
-- name: documents_copy :copy
INSERT INTO "DocumentCopy" (id, "ownerId", name, "fileType", "createdAt", "updatedAt", "deletedAt", "isPublic", metadata)
VALUES (:id, :owner_id, :name, :file_type, :created_at, :updated_at, :deleted_at?, :is_public, :metadata)
