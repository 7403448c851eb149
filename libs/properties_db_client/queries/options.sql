-- Options of select definitions (MacroDB property_options).  Writes reach an
-- option only through a definition the acting user may see (the same
-- predicate as definitions.sql); an option never changes definition (the
-- trigger property_options_match_definition refuses it).

-- Adds one option to a definition the user may see; no row when the definition is unknown or not visible.
-- name: option_insert_visible :opt -> Option export-row
INSERT INTO property_options (property_definition_id, display_order, number_value, string_value)
SELECT d.id, :display_order, :number_value?, :string_value?
FROM property_definitions d
WHERE d.id = :definition_id
  AND (d.user_id = :user_id
       OR d.organization_id = (SELECT u."organizationId" FROM "User" u WHERE u.id = :user_id))
RETURNING id, property_definition_id, display_order, number_value, string_value, created_at, updated_at

-- Changes an option's order and value, when its definition is visible to the user.
-- name: option_update_visible :opt -> Option export-row
UPDATE property_options o
SET display_order = :display_order, number_value = :number_value?, string_value = :string_value?,
    updated_at = now ()
FROM property_definitions d
WHERE o.id = :option_id AND d.id = o.property_definition_id
  AND (d.user_id = :user_id
       OR d.organization_id = (SELECT u."organizationId" FROM "User" u WHERE u.id = :user_id))
RETURNING o.id, o.property_definition_id, o.display_order, o.number_value, o.string_value,
          o.created_at, o.updated_at

-- Deletes an option whose definition the user may see; values that selected it lose it (trigger property_options_unselect).
-- name: option_delete_visible :execrows
DELETE FROM property_options o
USING property_definitions d
WHERE o.id = :option_id AND d.id = o.property_definition_id
  AND (d.user_id = :user_id
       OR d.organization_id = (SELECT u."organizationId" FROM "User" u WHERE u.id = :user_id))

-- Gives each listed option of one visible definition the display order of its position (0, 1, …), in one statement; all or nothing: when any id is not an option of that definition nothing changes and 0 rows are reported.
-- name: options_reorder_visible :execrows
WITH wanted AS (
  SELECT w.id, (w.n - 1)::int4 AS display_order
  FROM UNNEST (:option_ids::uuid[]) WITH ORDINALITY AS w (id, n)
), complete AS (
  SELECT count(*) = cardinality (:option_ids::uuid[]) AS ok
  FROM property_options o JOIN wanted w ON w.id = o.id
  JOIN property_definitions d ON d.id = o.property_definition_id
  WHERE d.id = :definition_id
    AND (d.user_id = :user_id
         OR d.organization_id = (SELECT u."organizationId" FROM "User" u WHERE u.id = :user_id))
)
UPDATE property_options o
SET display_order = w.display_order, updated_at = now ()
FROM wanted w, complete c
WHERE c.ok AND o.id = w.id AND o.property_definition_id = :definition_id
