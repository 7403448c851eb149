-- Seeds MacroDB for bench/macro-bench (issue 15's data set), entirely on the
-- server (generate_series, set-based INSERT … SELECT; no row crosses the
-- wire):
--   10 000 users (u1 … u10000, plus u-heavy),
--   40 000 projects in chains 8 deep (p1 … p5000 are roots, pK's parent is
--          p(K-5000)), each with its share permission,
--   200 000 documents (d1 … d200000), 3 in 4 filed in a project, each with a
--          version, a share permission (1 in 100 public at view) and its
--          owner's grant,
--   1 000 000+ "UserItemAccess" rows: the owners' grants on documents and
--          projects, ~755 000 grants of documents to other users, and
--          u-heavy's 5 000 document grants (the accessible-items page).
-- Runs in one transaction; takes a minute or two on a small machine.
BEGIN;
SET LOCAL synchronous_commit = off;

INSERT INTO "User" (id, email)
SELECT 'u' || g, 'u' || g || '@bench.example' FROM generate_series (1, 10000) g;
INSERT INTO "User" (id, email) VALUES ('u-heavy', 'heavy@bench.example');

INSERT INTO "SharePermission" (id, "isPublic", "publicAccessLevel")
SELECT 'sp-p' || g, g % 100 = 0, CASE WHEN g % 100 = 0 THEN 'view'::"AccessLevel" END
FROM generate_series (1, 40000) g;
INSERT INTO "Project" (id, name, "userId", "parentId")
SELECT 'p' || g, 'project ' || g, 'u' || (g % 10000 + 1), CASE WHEN g > 5000 THEN 'p' || (g - 5000) END
FROM generate_series (1, 40000) g;
INSERT INTO "ProjectPermission" ("projectId", "sharePermissionId")
SELECT 'p' || g, 'sp-p' || g FROM generate_series (1, 40000) g;

INSERT INTO "SharePermission" (id, "isPublic", "publicAccessLevel")
SELECT 'sp-d' || g, g % 100 = 0, CASE WHEN g % 100 = 0 THEN 'view'::"AccessLevel" END
FROM generate_series (1, 200000) g;
INSERT INTO "Document" (id, name, owner, "fileType", "projectId", "updatedAt")
SELECT 'd' || g, 'document ' || g, 'u' || (g % 10000 + 1), 'pdf',
       CASE WHEN g % 4 <> 0 THEN 'p' || (g % 40000 + 1) END,
       now () - make_interval (secs => g)
FROM generate_series (1, 200000) g;
INSERT INTO "DocumentPermission" ("documentId", "sharePermissionId")
SELECT 'd' || g, 'sp-d' || g FROM generate_series (1, 200000) g;
INSERT INTO "DocumentInstance" ("documentId", sha)
SELECT 'd' || g, md5 (g::text) FROM generate_series (1, 200000) g;

INSERT INTO "UserItemAccess" (user_id, item_id, item_type, access_level)
SELECT 'u' || (g % 10000 + 1), 'p' || g, 'project', 'owner' FROM generate_series (1, 40000) g;
INSERT INTO "UserItemAccess" (user_id, item_id, item_type, access_level)
SELECT 'u' || (g % 10000 + 1), 'd' || g, 'document', 'owner' FROM generate_series (1, 200000) g;
-- Other users' grants: document g % 200000 to a user that is not its owner.
INSERT INTO "UserItemAccess" (user_id, item_id, item_type, access_level)
SELECT 'u' || ((g % 200000 + 1 + 1 + (g / 200000 + 1) * 37) % 10000 + 1), 'd' || (g % 200000 + 1), 'document',
       (ARRAY['view', 'comment', 'edit']::"AccessLevel"[])[g % 3 + 1]
FROM generate_series (0, 759999) g
ON CONFLICT DO NOTHING;
INSERT INTO "UserItemAccess" (user_id, item_id, item_type, access_level)
SELECT 'u-heavy', 'd' || (g * 37 % 200000 + 1), 'document',
       (ARRAY['view', 'edit']::"AccessLevel"[])[g % 2 + 1]
FROM generate_series (1, 5000) g
ON CONFLICT DO NOTHING;
COMMIT;
ANALYZE;
