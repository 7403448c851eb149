-- Values of properties on entities (MacroDB entity_properties).  An entity
-- is (entity_id, entity_type), without a foreign key (it may live in any
-- domain); a value is the tagged-union JSON the database checks against its
-- definition (trigger entity_properties_match_definition).  Reads and
-- writes go through definitions the acting user may see; entities are found
-- through the unique index (entity_id, entity_type, property_definition_id),
-- values through the GIN index entity_properties_values_idx.

-- Sets (or clears, with NULL) the value of a property the user may see on one entity; no row when the definition is unknown or not visible.
-- name: value_upsert_visible :execrows
INSERT INTO entity_properties (entity_id, entity_type, property_definition_id, values)
SELECT :entity_id, :entity_type, d.id, :values?::jsonb
FROM property_definitions d
WHERE d.id = :definition_id
  AND (d.user_id = :user_id
       OR d.organization_id = (SELECT u."organizationId" FROM "User" u WHERE u.id = :user_id))
ON CONFLICT (entity_id, entity_type, property_definition_id)
DO UPDATE SET values = EXCLUDED.values, updated_at = now ()

-- The values of the properties the user may see on each of the listed entities, with their definitions and the options they select, in input order then by display name case-insensitively and definition id.
-- name: entity_values_many :many -> EntityValue export-row
SELECT ep.entity_id, ep.entity_type, d.id AS definition_id, d.display_name, d.data_type,
       d.is_multi_select, d.specific_entity_type, ep.values, ep.updated_at,
       CASE WHEN d.data_type IN ('SELECT_NUMBER', 'SELECT_STRING') THEN
         ARRAY (SELECT ROW (o.id, o.display_order, o.number_value, o.string_value)::properties_option_item
                FROM property_options o
                WHERE o.id = ANY (ARRAY (SELECT s::uuid FROM jsonb_array_elements_text (ep.values -> 'value') AS s))
                ORDER BY o.display_order, o.number_value, lower (o.string_value), o.string_value, o.id)
       ELSE '{}' END AS options
FROM UNNEST (:entity_ids::text[], :entity_types::property_entity_type[]) WITH ORDINALITY AS e (entity_id, entity_type, n)
JOIN entity_properties ep ON ep.entity_id = e.entity_id AND ep.entity_type = e.entity_type
JOIN property_definitions d ON d.id = ep.property_definition_id
WHERE d.user_id = :user_id
   OR d.organization_id = (SELECT u."organizationId" FROM "User" u WHERE u.id = :user_id)
ORDER BY e.n, lower (d.display_name), d.id

-- Deletes every value on one entity (the entity is gone); returns how many.
-- name: entity_values_delete :execrows
DELETE FROM entity_properties WHERE entity_id = :entity_id AND entity_type = :entity_type

-- One page of the entities whose value of a visible definition contains the probe (JSON containment, through the GIN index), or equals it when exact, by (entity_type, entity_id) after the previous page's last one.
-- name: entities_matching_page :many -> EntityRef export-row
SELECT ep.entity_type, ep.entity_id
FROM entity_properties ep
WHERE ep.property_definition_id = :definition_id
  AND ep.values @> :probe::jsonb
  AND (NOT :exact OR ep.values = :probe::jsonb)
  AND (:after_id?::text IS NULL OR (ep.entity_type, ep.entity_id) > (:after_type?, :after_id?))
  AND EXISTS (SELECT 1 FROM property_definitions d
              WHERE d.id = :definition_id
                AND (d.user_id = :user_id
                     OR d.organization_id = (SELECT u."organizationId" FROM "User" u WHERE u.id = :user_id)))
ORDER BY ep.entity_type, ep.entity_id
LIMIT :limit
