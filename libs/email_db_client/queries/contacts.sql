-- Contacts of a link: upserted by address (lower-case), searched by a
-- lower-case prefix of the address or of the name through the two
-- expression indexes email_contacts_address_prefix_idx / _name_prefix_idx
-- (binary order, so a prefix is the range [p, p || U+10FFFF)).

-- Stores contacts of a link of the acting user by lower-case address; a given name ('' = none) replaces a different one.  Returns how many were new.
-- name: contacts_upsert_owned :one
WITH input AS (
  SELECT DISTINCT ON (lower (c.address)) lower (c.address) AS address, NULLIF (c.name, '') AS name
  FROM UNNEST (:addresses::text[], :names::text[]) AS c (address, name)
  ORDER BY lower (c.address), NULLIF (c.name, '') NULLS LAST
), owned AS (
  SELECT l.id FROM email_links l WHERE l.id = :link_id AND l.macro_id = :macro_id
), inserted AS (
  INSERT INTO email_contacts (link_id, email_address, name)
  SELECT o.id, i.address, i.name FROM owned o CROSS JOIN input i ORDER BY i.address
  ON CONFLICT (link_id, email_address) DO NOTHING
  RETURNING id
), renamed AS (
  UPDATE email_contacts c SET name = i.name, updated_at = now()
  FROM input i, owned o
  WHERE c.link_id = o.id AND c.email_address = i.address
    AND i.name IS NOT NULL AND c.name IS DISTINCT FROM i.name
)
SELECT count(*) AS created FROM inserted

-- One page of a link's contacts whose address or name starts with a lower-case prefix, most recently updated first (ties by id).
-- name: contacts_search_owned :many -> Contact export-row
SELECT c.id, c.email_address, c.name, c.created_at, c.updated_at
FROM email_links l JOIN email_contacts c ON c.link_id = l.id
WHERE l.id = :link_id AND l.macro_id = :macro_id
  AND ((lower (c.email_address) COLLATE "C" >= :prefix AND lower (c.email_address) COLLATE "C" < :prefix || U&'\+10FFFF')
       OR (lower (c.name) COLLATE "C" >= :prefix AND lower (c.name) COLLATE "C" < :prefix || U&'\+10FFFF'))
  AND (c.updated_at, c.id) < (:after_ts, :after_id)
ORDER BY c.updated_at DESC, c.id DESC
LIMIT :limit
