-- Hand-written: the accessible-items page (macro_db_accessible_items) reads
-- only what its page needs (docs/libs/macro.md "Access", docs/performance.md
-- "macro_db_client").  Measured on issue 15's data set (u-heavy, 5 000
-- grants, documents under projects 8 deep), the page used to sort all 5 000
-- candidate ids on every call and then run one access walk per page row;
-- now it reads its candidates from an index in (type, id) order, 51 at a
-- time, and computes their levels in one set-based walk.  The access rules
-- themselves are unchanged.

-- A user's grants in binary (type, id) order: a page's candidates are one
-- index range from the cursor on, not a sort of all of them.  COLLATE "C"
-- makes the index order the lists' order; Prisma cannot say a column
-- collation, so the index is hand-written SQL (docs/schema.md: indexes with
-- INCLUDE stay out of the Prisma schema), and INCLUDE (access_level) lets a
-- user's grants and their levels be read from the index alone.
CREATE INDEX "UserItemAccess_user_type_item_c_idx"
    ON "UserItemAccess" (user_id, item_type COLLATE "C", item_id COLLATE "C") INCLUDE (access_level);

-- Public share permissions only (1 in 100 on the bench data): each place
-- of an access walk asks whether its share is public, and most answers
-- are "no" found in this small index without a heap visit.
CREATE INDEX "SharePermission_public_idx"
    ON "SharePermission" (id) INCLUDE ("publicAccessLevel") WHERE "isPublic";

-- Each step of an access walk up the project tree reads a project's owner
-- and parent, then its share permission: with these two covering indexes
-- both are index-only probes, not an index probe plus a heap visit (a
-- third fewer buffers per ancestor on the bench data; the keys are the
-- primary keys', which cannot INCLUDE columns without leaving the Prisma
-- schema).
CREATE INDEX "Project_id_owner_parent_idx" ON "Project" (id) INCLUDE ("userId", "parentId");
CREATE INDEX "ProjectPermission_projectId_share_idx"
    ON "ProjectPermission" ("projectId") INCLUDE ("sharePermissionId");

-- macro_access_levels(user, item ids, item types): the same rules as
-- before (migration ..._macro_access_levels), walked more cheaply:
--   * one row per place (the item, then each project above it) carrying
--     that place's level, computed as the row is made: one "Project" probe
--     per step (the old walk joined each ancestor twice) and no second pass
--     over the places;
--   * grants are read from "UserItemAccess_user_type_item_c_idx" (index-only,
--     the level is INCLUDEd), and the user's grant on an ancestor is probed
--     only when that project is among the user's project grants (a set
--     hashed once per query): most users hold none, so most places cost no
--     grant probe;
--   * every probe is a correlated subquery or an OFFSET 0 lateral, so the
--     plan stays index probes whatever the planner guesses of the walk's size
--     (for 500 items it chose hash joins over all of "Project" before).
CREATE OR REPLACE FUNCTION macro_access_levels(p_user_id text, p_item_ids text[], p_item_types text[])
RETURNS TABLE (item_id text, item_type text, access_level "AccessLevel")
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
WITH RECURSIVE
items AS (
  SELECT DISTINCT i.id, i.type FROM unnest(p_item_ids, p_item_types) AS i (id, type)
),
-- Each item (depth 0), then each project above it, with the place's level
-- for the user (NULL: none; GREATEST ignores NULLs): owner, grants, public
-- share.  Moves refuse cycles (macro_db_project_move); the depth bound keeps
-- a cycle written by hand from looping forever.
walk (id, type, parent_id, depth, level) AS (
  SELECT it.id, it.type, pl.parent_id, 0,
         GREATEST (CASE WHEN pl.owner = p_user_id THEN 'owner'::"AccessLevel" END,
                   (SELECT max (u.access_level) FROM "UserItemAccess" u
                    WHERE u.user_id = p_user_id AND u.item_type COLLATE "C" = it.type
                      AND u.item_id COLLATE "C" = it.id),
                   (SELECT sp."publicAccessLevel" FROM "SharePermission" sp
                    WHERE sp.id = pl.share_id AND sp."isPublic"))
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
  UNION ALL
  SELECT w.id, w.type, p."parentId", w.depth + 1,
         GREATEST (CASE WHEN p."userId" = p_user_id THEN 'owner'::"AccessLevel" END,
                   CASE WHEN p.id IN (SELECT g.item_id FROM "UserItemAccess" g
                                      WHERE g.user_id = p_user_id AND g.item_type COLLATE "C" = 'project')
                        THEN (SELECT max (u.access_level) FROM "UserItemAccess" u
                              WHERE u.user_id = p_user_id AND u.item_type COLLATE "C" = 'project'
                                AND u.item_id COLLATE "C" = p.id) END,
                   (SELECT sp."publicAccessLevel" FROM "ProjectPermission" pp
                    JOIN "SharePermission" sp ON sp.id = pp."sharePermissionId" AND sp."isPublic"
                    WHERE pp."projectId" = p.id))
  FROM walk w
  CROSS JOIN LATERAL (
    SELECT p.id, p."userId", p."parentId" FROM "Project" p WHERE p.id = w.parent_id OFFSET 0
  ) AS p
  WHERE w.depth < 256
)
SELECT w.id, w.type, max (w.level) FROM walk w
GROUP BY w.id, w.type
HAVING max (w.level) IS NOT NULL
$$;

-- macro_user_items_after(user, item type or NULL, after type, after id,
-- n): the first @p_limit distinct (type, id) pairs after the cursor, in
-- binary order, that the user reaches without public shares: the items it
-- owns or holds a grant on, and everything inside those projects at any
-- depth (deleted items included: a list joins the item's row and decides).
-- It replaces macro_user_items(user), which gave all of them for the caller
-- to sort.  Each source gives its own first @p_limit (the grants from
-- "UserItemAccess_user_type_item_c_idx", already in order; the others,
-- usually few, sorted), and the first @p_limit of their union are the
-- answer: any pair among the first @p_limit overall is among the first
-- @p_limit of a source that holds it.
CREATE FUNCTION macro_user_items_after(p_user_id text, p_item_type text, p_after_type text, p_after_id text,
                                       p_limit integer)
RETURNS TABLE (item_type text, item_id text)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
WITH RECURSIVE
-- The projects granted or owned, and every project below them.  The
-- laterals (OFFSET 0) keep each step an index probe per project.
projects (id) AS (
  SELECT u.item_id FROM "UserItemAccess" u
  WHERE u.user_id = p_user_id AND u.item_type COLLATE "C" = 'project'
  UNION
  SELECT p.id FROM "Project" p WHERE p."userId" = p_user_id
  UNION
  SELECT c.id FROM projects pr
  CROSS JOIN LATERAL (SELECT p.id FROM "Project" p WHERE p."parentId" = pr.id OFFSET 0) AS c
)
SELECT s.item_type, s.item_id FROM (
  (SELECT DISTINCT u.item_type COLLATE "C", u.item_id COLLATE "C" FROM "UserItemAccess" u
   WHERE p_item_type IS NULL AND u.user_id = p_user_id
     AND (u.item_type COLLATE "C", u.item_id COLLATE "C") > (p_after_type, p_after_id)
   ORDER BY 1, 2 LIMIT p_limit)
  UNION ALL
  (SELECT DISTINCT u.item_type COLLATE "C", u.item_id COLLATE "C" FROM "UserItemAccess" u
   WHERE u.user_id = p_user_id AND u.item_type COLLATE "C" = p_item_type
     AND (u.item_type COLLATE "C", u.item_id COLLATE "C") > (p_after_type, p_after_id)
   ORDER BY 1, 2 LIMIT p_limit)
  UNION ALL
  (SELECT 'project', pr.id COLLATE "C" FROM projects pr
   WHERE coalesce (p_item_type, 'project') = 'project' AND ('project' COLLATE "C", pr.id COLLATE "C") > (p_after_type, p_after_id)
   ORDER BY 2 LIMIT p_limit)
  UNION ALL
  (SELECT 'document', d.id COLLATE "C" FROM "Document" d
   WHERE coalesce (p_item_type, 'document') = 'document' AND d.owner = p_user_id
     AND ('document' COLLATE "C", d.id COLLATE "C") > (p_after_type, p_after_id)
   ORDER BY 2 LIMIT p_limit)
  UNION ALL
  (SELECT 'chat', c.id COLLATE "C" FROM "Chat" c
   WHERE coalesce (p_item_type, 'chat') = 'chat' AND c."userId" = p_user_id
     AND ('chat' COLLATE "C", c.id COLLATE "C") > (p_after_type, p_after_id)
   ORDER BY 2 LIMIT p_limit)
  UNION ALL
  (SELECT 'thread', e."threadId" COLLATE "C" FROM "EmailThreadPermission" e
   WHERE coalesce (p_item_type, 'thread') = 'thread' AND e."userId" = p_user_id
     AND ('thread' COLLATE "C", e."threadId" COLLATE "C") > (p_after_type, p_after_id)
   ORDER BY 2 LIMIT p_limit)
  UNION ALL
  (SELECT 'document', d.id COLLATE "C" FROM projects pr
   CROSS JOIN LATERAL (SELECT d.id FROM "Document" d WHERE d."projectId" = pr.id OFFSET 0) AS d
   WHERE coalesce (p_item_type, 'document') = 'document' AND ('document' COLLATE "C", d.id COLLATE "C") > (p_after_type, p_after_id)
   ORDER BY 2 LIMIT p_limit)
  UNION ALL
  (SELECT 'chat', c.id COLLATE "C" FROM projects pr
   CROSS JOIN LATERAL (SELECT c.id FROM "Chat" c WHERE c."projectId" = pr.id OFFSET 0) AS c
   WHERE coalesce (p_item_type, 'chat') = 'chat' AND ('chat' COLLATE "C", c.id COLLATE "C") > (p_after_type, p_after_id)
   ORDER BY 2 LIMIT p_limit)
  UNION ALL
  (SELECT 'thread', e."threadId" COLLATE "C" FROM projects pr
   CROSS JOIN LATERAL (SELECT e."threadId" FROM "EmailThreadPermission" e WHERE e."projectId" = pr.id OFFSET 0) AS e
   WHERE coalesce (p_item_type, 'thread') = 'thread' AND ('thread' COLLATE "C", e."threadId" COLLATE "C") > (p_after_type, p_after_id)
   ORDER BY 2 LIMIT p_limit)
) AS s (item_type, item_id)
GROUP BY s.item_type, s.item_id
ORDER BY s.item_type COLLATE "C", s.item_id COLLATE "C"
LIMIT p_limit
$$;

DROP FUNCTION macro_user_items(text);

-- macro_accessible_items(user, item type or NULL, after type, after id,
-- min level, exclude owned, n): one page of accessible_items_page — the first
-- @p_limit live items after the cursor, by (type, id) in binary order, that
-- the user reaches (macro_user_items_after) at @p_min_level or above
-- (macro_access_levels), not owned by the user when @p_exclude_owned; each
-- with its name (NULL for a thread), owner, last update and level.
-- Candidates are taken in chunks: @p_limit first (a whole page when every
-- candidate qualifies, as with min level 'view' and no deleted items), then
-- what the missing rows need at the rate the last chunk qualified, a
-- quarter more (twice the last chunk when none qualified), up to 1 000,
-- until the page is full or the candidates run out; a chunk's levels are
-- one set-based walk.  The page is exactly what filtering the full ordered
-- list would give.
CREATE FUNCTION macro_accessible_items(p_user_id text, p_item_type text, p_after_type text, p_after_id text,
                                       p_min_level "AccessLevel", p_exclude_owned boolean, p_limit bigint)
RETURNS TABLE (item_id text, item_type text, name text, owner text, updated_at timestamptz,
               access_level "AccessLevel")
LANGUAGE plpgsql STABLE
AS $$
DECLARE
  v_chunk integer := least (greatest (p_limit, 0), 1000);
  v_found bigint := 0;
  v_rows bigint;
  v_types text[];
  v_ids text[];
BEGIN
  LOOP
    SELECT array_agg (c.item_type ORDER BY c.item_type COLLATE "C", c.item_id COLLATE "C"),
           array_agg (c.item_id ORDER BY c.item_type COLLATE "C", c.item_id COLLATE "C")
    INTO v_types, v_ids
    FROM macro_user_items_after (p_user_id, p_item_type, p_after_type, p_after_id, v_chunk) c;
    EXIT WHEN v_ids IS NULL;
    RETURN QUERY
    SELECT c.item_id, c.item_type, x.name, x.owner, x.updated_at, a.access_level
    FROM unnest (v_ids, v_types) WITH ORDINALITY AS c (item_id, item_type, n)
    JOIN macro_access_levels (p_user_id, v_ids, v_types) a ON a.item_id = c.item_id AND a.item_type = c.item_type
    CROSS JOIN LATERAL (
      SELECT d.name, d.owner, d."updatedAt" FROM "Document" d
      WHERE c.item_type = 'document' AND d.id = c.item_id AND d."deletedAt" IS NULL
      UNION ALL
      SELECT ch.name, ch."userId", ch."updatedAt" FROM "Chat" ch
      WHERE c.item_type = 'chat' AND ch.id = c.item_id AND ch."deletedAt" IS NULL
      UNION ALL
      SELECT p.name, p."userId", p."updatedAt" FROM "Project" p
      WHERE c.item_type = 'project' AND p.id = c.item_id AND p."deletedAt" IS NULL
      UNION ALL
      -- "threadId" is email_threads.id as text: cast only what reads as a uuid.
      SELECT NULL, e."userId", t.updated_at FROM "EmailThreadPermission" e
      JOIN email_threads t
        ON t.id = CASE WHEN e."threadId" ~ '^[0-9a-fA-F-]{32,36}$' THEN e."threadId"::uuid END
      WHERE c.item_type = 'thread' AND e."threadId" = c.item_id
    ) AS x (name, owner, updated_at)
    WHERE a.access_level >= p_min_level AND (NOT p_exclude_owned OR x.owner <> p_user_id)
    ORDER BY c.n
    LIMIT p_limit - v_found;
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    v_found := v_found + v_rows;
    EXIT WHEN v_found >= p_limit OR cardinality (v_ids) < v_chunk;
    p_after_type := v_types[cardinality (v_types)];
    p_after_id := v_ids[cardinality (v_ids)];
    v_chunk := least (CASE WHEN v_rows = 0 THEN v_chunk * 2
                           ELSE ceil ((p_limit - v_found) * v_chunk * 1.25 / v_rows) END, 1000);
  END LOOP;
END
$$;
