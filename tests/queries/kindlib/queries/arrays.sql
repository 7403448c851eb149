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
