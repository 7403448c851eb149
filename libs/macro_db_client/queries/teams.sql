-- Teams: team (owner_id, seat_count) and team_user (user_id, team_id,
-- team_role).  Writes are allowed to the team's admins and owner, checked
-- in the statement itself.

-- Creates a team and its owner's membership (role owner) in one statement.
-- name: team_insert :one -> Team export-row
WITH t AS (
  INSERT INTO team (name, owner_id) VALUES (:name, :owner_id)
  RETURNING id, name, owner_id, seat_count
), m AS (
  INSERT INTO team_user (user_id, team_id, team_role) SELECT owner_id, id, 'owner' FROM t
)
SELECT id AS id, name AS name, owner_id AS owner_id, seat_count AS seat_count FROM t

-- Renames a team if the acting user is one of its admins or its owner.
-- name: team_rename_by_admin :opt -> Team
UPDATE team t SET name = :name
WHERE t.id = :team_id::uuid
  AND EXISTS (SELECT 1 FROM team_user me
              WHERE me.team_id = t.id AND me.user_id = :actor_id AND me.team_role IN ('admin', 'owner'))
RETURNING t.id, t.name, t.owner_id, t.seat_count

-- Adds members with their roles (or changes the role of existing ones, never the owner's) if the acting user administers the team.
-- name: team_members_upsert :one
WITH allowed AS (
  SELECT 1 FROM team_user me
  WHERE me.team_id = :team_id::uuid AND me.user_id = :actor_id AND me.team_role IN ('admin', 'owner')
), changed AS (
  INSERT INTO team_user (user_id, team_id, team_role)
  SELECT m.user_id, :team_id::uuid, m.team_role
  FROM UNNEST (:user_ids::text[], :roles::team_role[]) AS m (user_id, team_role)
  WHERE EXISTS (SELECT 1 FROM allowed)
  ORDER BY m.user_id
  ON CONFLICT (user_id, team_id) DO UPDATE SET team_role = EXCLUDED.team_role
  WHERE team_user.team_role <> 'owner' AND team_user.team_role <> EXCLUDED.team_role
  RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM allowed) AS allowed, (SELECT count(*) FROM changed) AS changed

-- Removes members if the acting user administers the team; removes nothing when the owner is among them.
-- name: team_members_delete :one
WITH allowed AS (
  SELECT 1 FROM team_user me
  WHERE me.team_id = :team_id::uuid AND me.user_id = :actor_id AND me.team_role IN ('admin', 'owner')
), owner_named AS (
  SELECT 1 FROM team t WHERE t.id = :team_id::uuid AND t.owner_id = ANY (:user_ids::text[])
), removed AS (
  DELETE FROM team_user tu
  WHERE tu.team_id = :team_id::uuid AND tu.user_id = ANY (:user_ids::text[])
    AND EXISTS (SELECT 1 FROM allowed) AND NOT EXISTS (SELECT 1 FROM owner_named)
  RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM allowed) AS allowed, EXISTS (SELECT 1 FROM owner_named) AS owner_named,
       (SELECT count(*) FROM removed) AS removed

-- The teams a user belongs to, with its role in each, by name then id.
-- name: user_teams_all :many -> UserTeam export-row
SELECT t.id, t.name, t.owner_id, tu.team_role
FROM team_user tu JOIN team t ON t.id = tu.team_id
WHERE tu.user_id = :user_id
ORDER BY t.name, t.id

-- One page of a team's members by user id after the last id of the previous page, visible to members only.
-- name: team_members_page :many -> TeamMember export-row
SELECT tu.user_id, u.email, tu.team_role
FROM team_user tu JOIN "User" u ON u.id = tu.user_id
WHERE tu.team_id = :team_id::uuid AND tu.user_id > :after
  AND EXISTS (SELECT 1 FROM team_user me WHERE me.team_id = :team_id::uuid AND me.user_id = :actor_id)
ORDER BY tu.user_id
LIMIT :limit
