-- Property definitions (MacroDB property_definitions), owned by exactly one
-- user or organisation.  A user sees their own definitions and their
-- organisation's ("User"."organizationId"): every read below repeats that
-- predicate, through the unique indexes (user_id, display_name) and
-- (organization_id, display_name).  Options come along as child rows
-- (properties_option_item), by display order with a unique tie-breaker.

-- Inserts a definition owned by the acting user (organization_id NULL) or by their organisation (which must be the user's own), and its options from parallel arrays, in one statement; no row when the user is unknown or not in that organisation.
-- name: definition_insert :opt
WITH owner AS (
  SELECT u.id AS user_id, u."organizationId" AS organization_id
  FROM "User" u
  WHERE u.id = :acting_user_id
    AND (:organization_id?::int4 IS NULL OR u."organizationId" = :organization_id?)
), def AS (
  INSERT INTO property_definitions (id, organization_id, user_id, display_name, data_type,
                                    is_multi_select, specific_entity_type)
  SELECT gen_random_uuid (),
         CASE WHEN :organization_id?::int4 IS NULL THEN NULL ELSE owner.organization_id END,
         CASE WHEN :organization_id?::int4 IS NULL THEN owner.user_id END,
         :display_name, :data_type, :is_multi_select, :specific_entity_type?
  FROM owner
  RETURNING id
), opts AS (
  INSERT INTO property_options (property_definition_id, display_order, number_value, string_value)
  SELECT def.id, o.display_order,
         CASE WHEN o.is_number THEN o.number_value END,
         CASE WHEN NOT o.is_number THEN o.string_value END
  FROM def, UNNEST (:orders::int4[], :is_numbers::bool[], :numbers::float8[], :strings::text[])
              AS o (display_order, is_number, number_value, string_value)
)
SELECT id FROM def

-- One definition with its options, when the user may see it.
-- name: definition_visible :opt -> Definition export-row
SELECT d.id, d.organization_id, d.user_id, d.display_name, d.data_type, d.is_multi_select,
       d.specific_entity_type, d.created_at, d.updated_at,
       ARRAY (SELECT ROW (o.id, o.display_order, o.number_value, o.string_value)::properties_option_item
              FROM property_options o WHERE o.property_definition_id = d.id
              ORDER BY o.display_order, o.number_value, lower (o.string_value), o.string_value, o.id) AS options
FROM property_definitions d
WHERE d.id = :definition_id
  AND (d.user_id = :user_id
       OR d.organization_id = (SELECT u."organizationId" FROM "User" u WHERE u.id = :user_id))

-- One page of the definitions a user may see, by display name case-insensitively then id, after (after_name, after_id) (NULL: from the start), with their options.
-- name: definitions_visible_page :many -> Definition export-row
SELECT d.id, d.organization_id, d.user_id, d.display_name, d.data_type, d.is_multi_select,
       d.specific_entity_type, d.created_at, d.updated_at,
       ARRAY (SELECT ROW (o.id, o.display_order, o.number_value, o.string_value)::properties_option_item
              FROM property_options o WHERE o.property_definition_id = d.id
              ORDER BY o.display_order, o.number_value, lower (o.string_value), o.string_value, o.id) AS options
FROM property_definitions d
WHERE (d.user_id = :user_id
       OR d.organization_id = (SELECT u."organizationId" FROM "User" u WHERE u.id = :user_id))
  AND (:after_name?::text IS NULL OR (lower (d.display_name), d.id) > (lower (:after_name?), :after_id?::uuid))
ORDER BY lower (d.display_name), d.id
LIMIT :limit

-- Renames a definition the user may see.
-- name: definition_rename_visible :execrows
UPDATE property_definitions d
SET display_name = :display_name, updated_at = now ()
WHERE d.id = :definition_id
  AND (d.user_id = :user_id
       OR d.organization_id = (SELECT u."organizationId" FROM "User" u WHERE u.id = :user_id))

-- Deletes a definition the user may see; its options and values go with it (ON DELETE CASCADE).
-- name: definition_delete_visible :execrows
DELETE FROM property_definitions d
WHERE d.id = :definition_id
  AND (d.user_id = :user_id
       OR d.organization_id = (SELECT u."organizationId" FROM "User" u WHERE u.id = :user_id))
