-- Hand-written: the one definition of a document's latest version, used by
-- every read that shows one (macro_db_document_get, the history page), so
-- that they cannot disagree (the real crate ordered some by "createdAt",
-- others by "updatedAt", and picked the table by file type).
--
-- The latest version is the newest of "DocumentInstance" and "DocumentBom"
-- by ("createdAt", a BOM before an instance, id): each table read backwards
-- through its ("documentId", "createdAt" DESC) index, one row each.  The
-- function is LANGUAGE sql, STABLE, not STRICT and a single SELECT, so the
-- planner inlines it into the caller (a LATERAL call costs two index probes).
CREATE FUNCTION macro_document_latest_version(p_document_id text)
RETURNS TABLE (id bigint, is_bom boolean, sha text, created_at timestamptz)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
SELECT x.id, x.is_bom, x.sha, x.created_at FROM (
  (SELECT i.id, FALSE AS is_bom, i.sha, i."createdAt" AS created_at
   FROM "DocumentInstance" i WHERE i."documentId" = p_document_id
   ORDER BY i."createdAt" DESC, i.id DESC LIMIT 1)
  UNION ALL
  (SELECT b.id, TRUE, NULL, b."createdAt"
   FROM "DocumentBom" b WHERE b."documentId" = p_document_id
   ORDER BY b."createdAt" DESC, b.id DESC LIMIT 1)) AS x
ORDER BY x.created_at DESC, x.is_bom DESC, x.id DESC
LIMIT 1
$$;
