-- Parameters named like the generated functions' own locals (list, sqls,
-- results, copy, item, i, params, result, row, rows, label, value): the
-- generated code must compile (its locals start with mdb_) and run.

-- name: locals_batch :batch
INSERT INTO item_log (item_id, message, at)
VALUES (:list, :sqls::text || :results::text || :item::text, :i)

-- name: locals_copy :copy
INSERT INTO item_log (at, item_id, message) VALUES (:i, :copy, :item)

-- name: locals_row :one
SELECT id, title FROM item
WHERE id = :params AND title <> :result AND :row::text <> :rows::text AND :label::text <> :value::text

-- name: locals_count :one
SELECT count(*) AS "n!" FROM item_log
WHERE item_id = :params AND message <> :result AND :list::text <> :value::text

-- name: locals_many :many
SELECT id FROM item WHERE id > :list AND title <> :rows AND :i::int8 >= 0

-- name: locals_touch :execrows
UPDATE item SET note = :params WHERE id = :result AND :item::text <> :copy::text
