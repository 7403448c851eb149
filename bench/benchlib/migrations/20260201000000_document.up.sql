-- The benchmark's table, shaped like the application's "Document".
CREATE TABLE "Document" (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid (),
  "ownerId"   text NOT NULL,
  name        text NOT NULL,
  "fileType"  text NOT NULL,
  "createdAt" timestamptz NOT NULL DEFAULT now (),
  "updatedAt" timestamptz NOT NULL DEFAULT now (),
  "deletedAt" timestamptz,
  "isPublic"  boolean NOT NULL DEFAULT false,
  metadata    jsonb NOT NULL DEFAULT '{}'
);

CREATE INDEX "Document_ownerId_updatedAt_idx" ON "Document" ("ownerId", "updatedAt");

-- W4 (bulk COPY) loads into this twin, emptied before every round, so each
-- round starts from the same state and the other workloads' table stays put.
CREATE TABLE "DocumentCopy" (LIKE "Document" INCLUDING ALL);
