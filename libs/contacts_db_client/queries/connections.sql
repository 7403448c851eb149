-- ContactsDB connections: undirected edges between two user ids, stored once
-- with the smaller id first in binary ("C") order (CHECK connections_check).
-- Lookups by one user go through the unique index (user1, user2) for the
-- user1 side and connections_user2_idx for the user2 side.

-- Stores every pair of the two parallel arrays once, canonically; pairs may come in either order and repeat. Returns how many were new.
-- name: connections_upsert :one
WITH pairs AS (
  SELECT DISTINCT LEAST (a COLLATE "C", b COLLATE "C") AS user1,
                  GREATEST (a COLLATE "C", b COLLATE "C") AS user2
  FROM UNNEST (:users_a::text[], :users_b::text[]) AS p (a, b)
), stored AS (
  INSERT INTO connections (user1, user2)
  SELECT user1, user2 FROM pairs ORDER BY user1, user2
  ON CONFLICT (user1, user2) DO UPDATE SET updated_at = now()
  RETURNING (xmax = 0) AS created
)
SELECT count(*) FILTER (WHERE created) AS created FROM stored

-- One page of the ids connected to a user, in binary order, after the last id of the previous page (NULL: from the start).
-- name: contacts_page :many
SELECT contact AS contact
FROM (
  SELECT user2 AS contact FROM connections
  WHERE user1 = :user_id AND (:after?::text IS NULL OR user2 > :after? COLLATE "C")
  UNION ALL
  SELECT user1 FROM connections
  WHERE user2 = :user_id AND (:after?::text IS NULL OR user1 > :after? COLLATE "C")
) AS c
ORDER BY contact COLLATE "C"
LIMIT :limit

-- Counts the ids connected to a user.
-- name: contacts_total :one
SELECT (SELECT count(*) FROM connections WHERE user1 = :user_id)
     + (SELECT count(*) FROM connections WHERE user2 = :user_id) AS n

-- Tells whether two users are connected, whatever order they are given in.
-- name: connection_lookup :one
SELECT EXISTS (
  SELECT 1 FROM connections
  WHERE (user1 = :user_a AND user2 = :user_b) OR (user1 = :user_b AND user2 = :user_a)
) AS connected

-- Deletes the connection between two users, whatever order they are given in.
-- name: connection_delete_pair :execrows
DELETE FROM connections
WHERE (user1 = :user_a AND user2 = :user_b) OR (user1 = :user_b AND user2 = :user_a)

-- Gives into_user a connection to every contact of from_user (except into_user itself), stored canonically; returns how many were new.
-- name: connections_copy_user :one
WITH contacts AS (
  SELECT user2 AS other FROM connections WHERE user1 = :from_user
  UNION ALL
  SELECT user1 FROM connections WHERE user2 = :from_user
), stored AS (
  INSERT INTO connections (user1, user2)
  SELECT DISTINCT LEAST (other COLLATE "C", :into_user COLLATE "C"),
                  GREATEST (other COLLATE "C", :into_user COLLATE "C")
  FROM contacts WHERE other <> :into_user
  ORDER BY 1, 2
  ON CONFLICT (user1, user2) DO UPDATE SET updated_at = now()
  RETURNING (xmax = 0) AS created
)
SELECT count(*) FILTER (WHERE created) AS created FROM stored

-- Deletes every connection of a user (account deletion).
-- name: user_connections_delete :execrows
DELETE FROM connections WHERE user1 = :user_id OR user2 = :user_id

-- One page of the connections created at or after a time, by (created_at, id); the cursor is the last row of the previous page (first page: since, 0).
-- name: connections_created_after :many -> Connection export-row
SELECT id, user1, user2, created_at, updated_at
FROM connections
WHERE (created_at, id) > (:after_created_at, :after_id)
ORDER BY created_at, id
LIMIT :limit
