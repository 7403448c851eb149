-- Back to migration 20261202035116_macro_access_levels's access functions:
-- its walk for macro_access_levels and macro_user_items (all of a user's
-- items, unsorted), and no page function or page indexes.
DROP FUNCTION macro_accessible_items(text, text, text, text, "AccessLevel", boolean, bigint);
DROP FUNCTION macro_user_items_after(text, text, text, text, integer);

CREATE FUNCTION macro_user_items(p_user_id text)
RETURNS TABLE (item_id text, item_type text)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
WITH RECURSIVE
roots (id, type) AS (
  SELECT u.item_id, u.item_type FROM "UserItemAccess" u WHERE u.user_id = p_user_id
  UNION
  SELECT p.id, 'project' FROM "Project" p WHERE p."userId" = p_user_id
),
-- The projects granted or owned, and every project below them.
projects (id) AS (
  SELECT r.id FROM roots r WHERE r.type = 'project'
  UNION
  SELECT p.id FROM "Project" p JOIN projects pr ON p."parentId" = pr.id
)
SELECT r.id, r.type FROM roots r WHERE r.type <> 'project'
UNION
SELECT pr.id, 'project' FROM projects pr
UNION
SELECT d.id, 'document' FROM "Document" d WHERE d.owner = p_user_id
UNION
SELECT c.id, 'chat' FROM "Chat" c WHERE c."userId" = p_user_id
UNION
SELECT e."threadId", 'thread' FROM "EmailThreadPermission" e WHERE e."userId" = p_user_id
UNION
SELECT d.id, 'document' FROM projects pr JOIN "Document" d ON d."projectId" = pr.id
UNION
SELECT c.id, 'chat' FROM projects pr JOIN "Chat" c ON c."projectId" = pr.id
UNION
SELECT e."threadId", 'thread' FROM projects pr JOIN "EmailThreadPermission" e ON e."projectId" = pr.id
$$;

CREATE OR REPLACE FUNCTION macro_access_levels(p_user_id text, p_item_ids text[], p_item_types text[])
RETURNS TABLE (item_id text, item_type text, access_level "AccessLevel")
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
WITH RECURSIVE
items AS (
  SELECT DISTINCT i.id, i.type FROM unnest(p_item_ids, p_item_types) AS i (id, type)
),
-- Each item's owner, share permission and parent project.
places (id, type, owner, share_id, parent_id) AS (
  SELECT it.id, it.type, pl.owner, pl.share_id, pl.parent_id
  FROM items it
  CROSS JOIN LATERAL (
    SELECT d.owner, dp."sharePermissionId", d."projectId"
    FROM "Document" d LEFT JOIN "DocumentPermission" dp ON dp."documentId" = d.id
    WHERE it.type = 'document' AND d.id = it.id
    UNION ALL
    SELECT c."userId", cp."sharePermissionId", c."projectId"
    FROM "Chat" c LEFT JOIN "ChatPermission" cp ON cp."chatId" = c.id
    WHERE it.type = 'chat' AND c.id = it.id
    UNION ALL
    SELECT p."userId", pp."sharePermissionId", p."parentId"
    FROM "Project" p LEFT JOIN "ProjectPermission" pp ON pp."projectId" = p.id
    WHERE it.type = 'project' AND p.id = it.id
    UNION ALL
    SELECT e."userId", e."sharePermissionId", e."projectId"
    FROM "EmailThreadPermission" e
    WHERE it.type = 'thread' AND e."threadId" = it.id
  ) AS pl (owner, share_id, parent_id)
),
-- Every project above each item.  Moves refuse cycles (macro_db_project_move);
-- the depth bound keeps a cycle written by hand from looping forever.
ancestors (id, type, project_id, depth) AS (
  SELECT id, type, parent_id, 1 FROM places WHERE parent_id IS NOT NULL
  UNION ALL
  SELECT a.id, a.type, p."parentId", a.depth + 1
  FROM ancestors a JOIN "Project" p ON p.id = a.project_id
  WHERE p."parentId" IS NOT NULL AND a.depth < 256
),
-- The places a level can come from: the item, then each ancestor.
sources (id, type, owner, share_id, grant_id, grant_type) AS (
  SELECT id, type, owner, share_id, id, type FROM places
  UNION ALL
  SELECT a.id, a.type, p."userId", pp."sharePermissionId", p.id, 'project'
  FROM ancestors a
  JOIN "Project" p ON p.id = a.project_id
  LEFT JOIN "ProjectPermission" pp ON pp."projectId" = p.id
),
-- Each place's best level for the user (NULL: none).  The correlated
-- subqueries are one probe each of a unique index, whatever the planner
-- thinks of the CTEs' sizes; OFFSET 0 keeps the lateral subquery from being
-- flattened, so they run once per place (not again for the filter).
-- GREATEST ignores NULLs.
levels (id, type, level) AS (
  SELECT s.id, s.type, x.level
  FROM sources s
  CROSS JOIN LATERAL (
    SELECT GREATEST (CASE WHEN s.owner = p_user_id THEN 'owner'::"AccessLevel" END,
                     (SELECT max (u.access_level) FROM "UserItemAccess" u
                      WHERE u.item_id = s.grant_id AND u.item_type = s.grant_type
                        AND u.user_id = p_user_id),
                     (SELECT sp."publicAccessLevel" FROM "SharePermission" sp
                      WHERE sp.id = s.share_id AND sp."isPublic")) AS level
    OFFSET 0
  ) AS x
)
SELECT l.id, l.type, max (l.level) FROM levels l
WHERE l.level IS NOT NULL
GROUP BY l.id, l.type
$$;

DROP INDEX "ProjectPermission_projectId_share_idx";
DROP INDEX "Project_id_owner_parent_idx";
DROP INDEX "SharePermission_public_idx";
DROP INDEX "UserItemAccess_user_type_item_c_idx";
