-- Queries over item: every kind and every type of the C type table.

-- Inserts an item with every column set from parameters; returns its id.
-- name: item_insert :one
INSERT INTO item (owner_id, title, note, flag, small, count, big, ratio, score, price,
  local_at, day, meta, raw, blob, status, tags, nums, bigs, scores, flags, ids, statuses)
VALUES (:owner_id?, :title, :note?, :flag, :small?, :count, :big?, :ratio?, :score?, :price?,
  :local_at?, :day?, :meta?, :raw?, :blob?, :status, :tags?, :nums?, :bigs?, :scores?, :flags?,
  :ids?, :statuses?::text[]::item_status[])
RETURNING id

-- Reads one item by id.
-- name: item_get :one -> Item
SELECT id, owner_id, title, note, flag, small, count, big, ratio, score, price, created_at,
  local_at, day, meta, raw, blob, status, tags, nums, bigs, scores, flags, ids, statuses
FROM item WHERE id = :id

-- Finds an item by its title, if there is one.
-- name: item_find :opt -> Item
SELECT id, owner_id, title, note, flag, small, count, big, ratio, score, price, created_at,
  local_at, day, meta, raw, blob, status, tags, nums, bigs, scores, flags, ids, statuses
FROM item WHERE title = :title

-- Lists the items in a status, oldest first.
-- name: items_by_status :many -> Item
SELECT id, owner_id, title, note, flag, small, count, big, ratio, score, price, created_at,
  local_at, day, meta, raw, blob, status, tags, nums, bigs, scores, flags, ids, statuses
FROM item WHERE status = :status ORDER BY id

-- name: item_set_note :exec
UPDATE item SET note = :note? WHERE id = :id

-- Archives the items whose count is below a bound.
-- name: items_archive :execrows
UPDATE item SET status = 'archived' WHERE count < :max_count AND status <> 'archived'

-- Adds one log line per item, in one pipeline.
-- name: item_log_add :batch
INSERT INTO item_log (item_id, message) VALUES (:item_id, :message)

-- Bulk-loads log lines.
-- name: item_log_copy :copy
INSERT INTO item_log (item_id, message, at) VALUES (:item_id, :message, :at)

-- name: item_log_count :one
SELECT count(*) AS "n!" FROM item_log WHERE item_id = :item_id

-- Aggregates with overrides: "total!" is non-null, "top_title?" nullable.
-- name: item_stats :one
SELECT count(*) AS "total!", max(title) AS "top_title?", sum(count) AS sum_count,
  'x::y' AS "literal!"
FROM item
WHERE status = ANY (:statuses::text[]::item_status[]) OR :any_status

-- Rewriting corner cases: strings, casts, comments and dollar quotes stay untouched.
-- name: item_tricky :one
SELECT /* :not_a_param /* nested */ */ ':nor_this' AS "s!", E'\':x' AS "e!",
  $$ :nope $$ AS "d!", $tag$ @nope $tag$ AS "t!", :value::int4 + :value AS "sum" -- :comment
