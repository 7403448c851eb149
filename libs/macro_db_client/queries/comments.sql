-- Document comments: "Thread" (on a document, resolvable) and "Comment".
-- Reading needs view access to the document, writing comment access
-- (macro_access_levels(), the one access definition); a trashed document
-- (deletedAt) shows and takes no comments, but keeps them until its hard
-- delete.

-- A live document's live threads, oldest first, each with its live comments (oldest first), for a user who may view the document.
-- name: document_threads_all :many -> DocumentThread export-row
SELECT t.id, t.owner, t.resolved, t.metadata::text AS "metadata?", t."createdAt" AS created_at,
       t."updatedAt" AS updated_at,
       ARRAY (SELECT ROW (c.id, c.owner, c.sender, c.text, c."createdAt", c."updatedAt", c."order",
                          c.metadata)::macro_comment_row
              FROM "Comment" c WHERE c."threadId" = t.id AND c."deletedAt" IS NULL
              ORDER BY c."createdAt", c.id) AS comments
FROM "Thread" t
WHERE t."documentId" = :document_id AND t."deletedAt" IS NULL
  AND EXISTS (SELECT 1 FROM "Document" d WHERE d.id = :document_id AND d."deletedAt" IS NULL)
  AND EXISTS (SELECT 1 FROM macro_access_levels (:user_id, ARRAY[:document_id::text], ARRAY['document']) a
              WHERE a.access_level >= 'view')
ORDER BY t."createdAt", t.id

-- Opens a thread on a live document the user may comment on, with its first comment, in one statement.
-- name: thread_insert :opt
WITH allowed AS (
  SELECT d.id FROM "Document" d
  WHERE d.id = :document_id AND d."deletedAt" IS NULL
    AND EXISTS (SELECT 1 FROM macro_access_levels (:user_id, ARRAY[d.id], ARRAY['document']) a
                WHERE a.access_level >= 'comment')
), thread AS (
  INSERT INTO "Thread" (owner, "documentId", metadata)
  SELECT :user_id, id, :thread_metadata?::jsonb FROM allowed
  RETURNING id
), comment AS (
  INSERT INTO "Comment" ("threadId", owner, sender, text, metadata)
  SELECT id, :user_id, :sender?, :text, :comment_metadata?::jsonb FROM thread
  RETURNING id, "threadId"
)
SELECT "threadId" AS thread_id, id AS comment_id FROM comment

-- Adds a comment to a live thread of a live document the user may comment on; bumps the thread's updatedAt.
-- name: comment_insert :opt
WITH thread AS (
  SELECT t.id FROM "Thread" t JOIN "Document" d ON d.id = t."documentId"
  WHERE t.id = :thread_id AND t."deletedAt" IS NULL AND d."deletedAt" IS NULL
    AND EXISTS (SELECT 1 FROM macro_access_levels (:user_id, ARRAY[d.id], ARRAY['document']) a
                WHERE a.access_level >= 'comment')
), comment AS (
  INSERT INTO "Comment" ("threadId", owner, sender, text, metadata)
  SELECT id, :user_id, :sender?, :text, :metadata?::jsonb FROM thread
  RETURNING id, "threadId"
), touched AS (
  UPDATE "Thread" SET "updatedAt" = now() WHERE id IN (SELECT "threadId" FROM comment)
)
SELECT id AS comment_id FROM comment

-- Changes the text of a live comment written by the user, who must still be allowed to comment.
-- name: comment_update_text :execrows
UPDATE "Comment" c SET text = :text, "updatedAt" = now()
FROM "Thread" t JOIN "Document" d ON d.id = t."documentId"
WHERE c.id = :comment_id AND c.owner = :user_id AND c."deletedAt" IS NULL
  AND t.id = c."threadId" AND t."deletedAt" IS NULL AND d."deletedAt" IS NULL
  AND EXISTS (SELECT 1 FROM macro_access_levels (:user_id, ARRAY[d.id], ARRAY['document']) a
              WHERE a.access_level >= 'comment')

-- Resolves or reopens a live thread on a live document the user may comment on.
-- name: thread_update_resolved :execrows
UPDATE "Thread" t SET resolved = :resolved, "updatedAt" = now()
FROM "Document" d
WHERE t.id = :thread_id AND t."deletedAt" IS NULL AND d.id = t."documentId" AND d."deletedAt" IS NULL
  AND EXISTS (SELECT 1 FROM macro_access_levels (:user_id, ARRAY[d.id], ARRAY['document']) a
              WHERE a.access_level >= 'comment')

-- Moves a live comment to the trash: its author (with comment access) or a user with edit access to the document may.
-- name: comment_trash :execrows
UPDATE "Comment" c SET "deletedAt" = now()
FROM "Thread" t JOIN "Document" d ON d.id = t."documentId"
WHERE c.id = :comment_id AND c."deletedAt" IS NULL AND t.id = c."threadId" AND d."deletedAt" IS NULL
  AND EXISTS (SELECT 1 FROM macro_access_levels (:user_id, ARRAY[d.id], ARRAY['document']) a
              WHERE a.access_level >= CASE WHEN c.owner = :user_id THEN 'comment' ELSE 'edit' END::"AccessLevel")
