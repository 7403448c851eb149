-- Array parameters of every element type the libraries bind, for bulk
-- writes through UNNEST (one array per column) and ANY filters.

-- name: readings_add :execrows
INSERT INTO reading (at, day, small, ratio, mood)
SELECT * FROM UNNEST(:ats::timestamp[], :days::date[], :smalls::int2[], :ratios::float4[], :moods::kind_mood[])

-- An enum array bound straight to an enum[] column (no cast).
-- name: reading_set_moods :execrows
UPDATE reading SET moods = :moods? WHERE id = :id

-- An enum array in ANY, no cast in SQL.
-- name: readings_by_mood :many
SELECT id, at, day, small, ratio, mood, moods FROM reading WHERE mood = ANY (:moods) ORDER BY id

-- json[], jsonb[] and numeric[] results come back as string vectors.
-- name: text_like_arrays :one
SELECT ARRAY['{"a": 1}'::jsonb, '[]'] AS docs, ARRAY['{}'::json] AS raw, ARRAY[1.50, 2]::numeric[] AS amounts
