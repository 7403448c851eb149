-- Child rows of two levels in one query: each person with its pets, each pet
-- with its toys, decoded into generated struct arrays.

-- name: toy_insert :exec
INSERT INTO toy (pet_id, label, price) VALUES (:pet_id, :label_text, :price?)

-- Persons with their pets and each pet's toys (ARRAY subqueries: an empty
-- array when there is none, never NULL).
-- name: persons_with_pets :many
SELECT p.id, p.name,
       ARRAY(SELECT ROW(pet.id, pet.name, pet.legs,
                        ARRAY(SELECT ROW(t.id, t.label, t.price, 'busy')::kind_toy_row
                              FROM toy t WHERE t.pet_id = pet.id ORDER BY t.id))::kind_pet_row
             FROM pet WHERE pet.owner_id = p.id ORDER BY pet.id) AS pets
FROM person p
WHERE p.score >= :min_score
ORDER BY p.id

-- One level with array_agg over a LEFT JOIN: pets may be NULL (no pet).
-- name: person_pet_names :one
SELECT p.name, array_agg(ROW(pet.id, pet.name, pet.legs, NULL)::kind_pet_row ORDER BY pet.id)
         FILTER (WHERE pet.id IS NOT NULL) AS pets
FROM person p LEFT JOIN pet ON pet.owner_id = p.id
WHERE p.id = :id
GROUP BY p.id, p.name

-- The same children built in a LATERAL subquery: the fields are proven where the records are built.
-- name: person_pets_lateral :many
SELECT p.name, x.pets
FROM person p
LEFT JOIN LATERAL (
  SELECT array_agg(ROW(pet.id, pet.name, pet.legs,
                       ARRAY(SELECT ROW(t.id, t.label, t.price, 'calm')::kind_toy_row
                             FROM toy t WHERE t.pet_id = pet.id ORDER BY t.id))::kind_pet_row ORDER BY pet.id) AS pets
  FROM pet WHERE pet.owner_id = p.id) x ON true
ORDER BY p.id

-- Children behind a CASE or COALESCE whose other branches are empty-array literals: fields proven where the records are built.
-- name: persons_with_pets_gated :many
SELECT p.id,
       CASE WHEN p.score >= :min_score THEN
         ARRAY(SELECT ROW(pet.id, pet.name, pet.legs, NULL)::kind_pet_row
               FROM pet WHERE pet.owner_id = p.id ORDER BY pet.id)
       ELSE '{}' END AS pets,
       COALESCE(x.toys, '{}') AS toys
FROM person p
LEFT JOIN LATERAL (
  SELECT array_agg(ROW(t.id, t.label, t.price, 'calm')::kind_toy_row ORDER BY t.id) AS toys
  FROM toy t JOIN pet ON pet.id = t.pet_id WHERE pet.owner_id = p.id) x ON true
ORDER BY p.id
