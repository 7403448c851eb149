-- Nullability of expressions: each rule that proves a column non-null, and
-- a counter-example of each that must stay nullable.

-- name: person_insert :one
INSERT INTO person (name, nick, score, meta) VALUES (:name, :nick?, :score, :meta?::jsonb)
RETURNING id

-- name: pet_insert :exec
INSERT INTO pet (owner_id, name, legs) VALUES (:owner_id, :name, :legs?)

-- Every rule at least once: all of these columns are proven non-null.
-- name: null_proven :one
SELECT p.created::timestamptz AS cast_of_column,
       COALESCE(p.nick, p.name) AS coalesce_any,
       42 AS literal,
       :tag::text AS param,
       EXISTS (SELECT 1 FROM pet WHERE pet.owner_id = p.id) AS has_pets,
       CASE WHEN p.score > 10 THEN 'high' WHEN p.score > 0 THEN 'low' ELSE 'none' END AS case_all,
       p.name || '!' AS concat_op,
       p.score + 1 AS plus_op,
       lower(p.name) AS lower_fn,
       now() AS now_fn,
       current_timestamp AS current_ts,
       row_number() OVER (ORDER BY p.id) AS rn,
       dense_rank() OVER (ORDER BY p.score) AS rk,
       ARRAY(SELECT pet.name FROM pet WHERE pet.owner_id = p.id ORDER BY pet.id) AS pet_names,
       p.nick IS NULL AS nick_missing,
       GREATEST(p.score, 0) AS greatest_any,
       (SELECT count(*) FROM pet WHERE pet.owner_id = p.id) AS n_pets
FROM person p
WHERE p.id = :id

-- name: null_counted :one
SELECT count(*) AS n, count(p.nick) AS n_nicks, max(p.name) AS max_name, sum(p.score) AS total
FROM person p
WHERE p.score >= :min_score

-- The counter-examples: none of these is proven, each can be NULL.
-- name: null_unproven :one
SELECT p.nick::varchar AS cast_of_nullable,
       COALESCE(p.nick, p.meta ->> 'nick') AS coalesce_none,
       NULL::text AS null_literal,
       :maybe?::text AS nullable_param,
       (SELECT pet.name FROM pet WHERE pet.owner_id = p.id LIMIT 1) AS scalar_subquery,
       CASE WHEN p.score > 100 THEN 'high' END AS case_no_else,
       CASE WHEN p.score > 10 THEN p.nick ELSE 'x' END AS case_nullable_branch,
       p.nick || '!' AS concat_nullable,
       p.meta ->> 'k' AS json_field,
       lower(p.nick) AS lower_nullable,
       regexp_match(p.name, 'zz') AS regex_match,
       NULLIF(p.name, 'x') AS nullif_col,
       lag(p.id) OVER (ORDER BY p.id) AS lag_fn,
       kind_null_if_big(p.score) AS strict_user_function,
       lower(pet.name) AS lower_outer_joined
FROM person p LEFT JOIN pet ON pet.owner_id = p.id
WHERE p.id = :id

-- A recursive CTE: id and depth are proven non-null by induction, nick is not.
-- name: null_recursive :many
WITH RECURSIVE chain AS (
  SELECT p.id, p.nick, 1 AS depth FROM person p WHERE p.id = :id
  UNION ALL
  SELECT c.id + 1, c.nick, c.depth + 1 FROM chain c WHERE c.depth < 3)
SELECT id, nick, depth FROM chain ORDER BY depth

-- Outer joins below the top level (a materialized CTE, a subquery kept apart by OFFSET 0): pet.name is NOT NULL in its table but NULL here for a person without pets.
-- name: null_outer_join_nested :one
WITH owners AS MATERIALIZED (
  SELECT p.id, pet.name AS pet_name FROM person p LEFT JOIN pet ON pet.owner_id = p.id WHERE p.id = :id
)
SELECT o.id, o.pet_name AS cte_pet_name, s.pet_name AS subquery_pet_name
FROM owners o
CROSS JOIN (SELECT pet.name AS pet_name FROM person p2 LEFT JOIN pet ON pet.owner_id = p2.id
            WHERE p2.id = :id OFFSET 0) AS s
