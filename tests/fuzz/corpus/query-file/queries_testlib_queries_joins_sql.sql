-- Owners and outer joins: nullability inferred from EXPLAIN.

-- name: owner_insert :exec
INSERT INTO "Owner" (id, "displayName") VALUES (:id, @display_name)

-- Every owner with each of its items (LEFT JOIN: item columns nullable).
-- name: owner_items :many
SELECT o."displayName", o."createdAt", i.title, i.id AS item_id
FROM "Owner" o LEFT JOIN item i ON i.owner_id = o.id
ORDER BY o."displayName", i.id

-- name: item_owner_right :many
SELECT i.title, o."displayName" AS owner_name
FROM item i RIGHT JOIN "Owner" o ON o.id = i.owner_id
ORDER BY o."displayName", i.title

-- name: item_owner_full :many
SELECT i.title, o."displayName" AS owner_name
FROM item i FULL JOIN "Owner" o ON o.id = i.owner_id
ORDER BY o."displayName", i.title

-- name: owner_name :opt
SELECT "displayName" FROM "Owner" WHERE id = :id
