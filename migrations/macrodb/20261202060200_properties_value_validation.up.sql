-- Properties: the database is the floor of the type validation of
-- property values (issue 20).  Everything here is hand-written: Prisma has
-- no CHECK, trigger or composite type.

-- The real system's tagged union: scalar kinds carry a scalar, list kinds
-- an array.  JSON null (not an object) slips through this CHECK (its
-- ->>'type' is NULL), which is why the trigger below refuses it.
ALTER TABLE "entity_properties" ADD CONSTRAINT "check_values_structure" CHECK (
    "values" IS NULL
    OR ("values"->>'type' IN ('Boolean', 'Number', 'String', 'Date')
        AND jsonb_typeof("values"->'value') <> 'array')
    OR ("values"->>'type' IN ('SelectOption', 'EntityReference', 'Link')
        AND jsonb_typeof("values"->'value') = 'array'));

-- Exactly one owner (owned_by_org_or_user only asks for at least one); the
-- orphan trigger still deletes a definition whose owner went away.
ALTER TABLE "property_definitions" ADD CONSTRAINT "owned_by_exactly_one" CHECK (
    ("organization_id" IS NULL) <> ("user_id" IS NULL));
-- Several values only make sense for the list kinds.
ALTER TABLE "property_definitions" ADD CONSTRAINT "multi_select_only_for_lists" CHECK (
    NOT "is_multi_select" OR "data_type" IN ('SELECT_NUMBER', 'SELECT_STRING', 'ENTITY', 'LINK'));
-- A restriction to one entity type only makes sense for entity links.
ALTER TABLE "property_definitions" ADD CONSTRAINT "entity_type_only_for_entity" CHECK (
    "specific_entity_type" IS NULL OR "data_type" = 'ENTITY');

-- One option as a child row of a definition (docs/queries.md "Child rows").
CREATE TYPE "properties_option_item" AS (
    "id" uuid, "display_order" integer, "number_value" double precision, "string_value" text);

-- An option belongs to a select definition of its own kind, for good: it
-- can never move to another definition (except when the definition's own
-- id is renamed, ON UPDATE CASCADE, after which the old id is gone).
CREATE FUNCTION "property_options_match_definition"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    def record;
BEGIN
    IF TG_OP = 'UPDATE' AND NEW."property_definition_id" <> OLD."property_definition_id"
       AND EXISTS (SELECT 1 FROM "property_definitions" WHERE "id" = OLD."property_definition_id") THEN
        RAISE EXCEPTION 'option % of property definition % cannot move to another definition',
            OLD."id", OLD."property_definition_id"
            USING ERRCODE = 'check_violation', CONSTRAINT = 'property_options_match_definition';
    END IF;
    SELECT "display_name", "data_type" INTO def
    FROM "property_definitions" WHERE "id" = NEW."property_definition_id";
    IF NOT FOUND THEN
        RETURN NEW;  -- the foreign key reports it
    END IF;
    IF NOT (def."data_type" = 'SELECT_NUMBER' AND NEW."number_value" IS NOT NULL
            OR def."data_type" = 'SELECT_STRING' AND NEW."string_value" IS NOT NULL) THEN
        RAISE EXCEPTION 'property "%" (%) is %: %', def."display_name", NEW."property_definition_id", def."data_type",
            CASE WHEN def."data_type" IN ('SELECT_NUMBER', 'SELECT_STRING')
                 THEN 'its options are ' || CASE def."data_type" WHEN 'SELECT_NUMBER' THEN 'numbers' ELSE 'strings' END
                 ELSE 'only select properties have options' END
            USING ERRCODE = 'check_violation', CONSTRAINT = 'property_options_match_definition';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER "property_options_match_definition"
    BEFORE INSERT OR UPDATE ON "property_options"
    FOR EACH ROW EXECUTE FUNCTION "property_options_match_definition"();

-- Why a value does not fit its definition, or NULL when it fits.  Shapes:
--   BOOLEAN {"type":"Boolean","value":true}      NUMBER {"type":"Number","value":4.5}
--   STRING  {"type":"String","value":"text"}     DATE   {"type":"Date","value":"2025-01-31[T…]"}
--   SELECT_* {"type":"SelectOption","value":["<option uuid>", …]}
--   ENTITY  {"type":"EntityReference","value":[{"entity_type":"document","entity_id":"…"}, …]}
--   LINK    {"type":"Link","value":["https://…", …]}
-- Lists hold at most one element unless the definition is multi-select.
CREATE FUNCTION "property_value_problem"(def "property_definitions", v jsonb) RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
    want text := CASE def."data_type"
        WHEN 'BOOLEAN' THEN 'Boolean' WHEN 'DATE' THEN 'Date' WHEN 'NUMBER' THEN 'Number'
        WHEN 'STRING' THEN 'String' WHEN 'ENTITY' THEN 'EntityReference' WHEN 'LINK' THEN 'Link'
        ELSE 'SelectOption' END;
    inner_value jsonb;
    n integer;
    el jsonb;
BEGIN
    IF jsonb_typeof(v) <> 'object' THEN
        RETURN 'the value must be an object {"type": …, "value": …}, not ' || jsonb_typeof(v)
            || ' (clear a value with SQL NULL)';
    END IF;
    IF v->>'type' IS DISTINCT FROM want THEN
        RETURN format('a %s value has "type": "%s", not %s', def."data_type", want, coalesce((v->'type')::text, 'nothing'));
    END IF;
    IF (SELECT count(*) FROM jsonb_object_keys(v)) <> 2 OR NOT v ? 'value' THEN
        RETURN 'the value must have exactly the keys "type" and "value"';
    END IF;
    inner_value := v->'value';
    CASE want
    WHEN 'Boolean' THEN
        IF jsonb_typeof(inner_value) <> 'boolean' THEN RETURN '"value" must be true or false'; END IF;
    WHEN 'Number' THEN
        IF jsonb_typeof(inner_value) <> 'number' THEN RETURN '"value" must be a number'; END IF;
    WHEN 'String' THEN
        IF jsonb_typeof(inner_value) <> 'string' THEN RETURN '"value" must be a string'; END IF;
    WHEN 'Date' THEN
        IF jsonb_typeof(inner_value) <> 'string'
           OR inner_value #>> '{}' !~ '^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$' THEN
            RETURN '"value" must be an ISO 8601 date or date-time string';
        END IF;
        BEGIN
            PERFORM (inner_value #>> '{}')::timestamptz;
        EXCEPTION WHEN others THEN
            RETURN format('"value" %s is not a valid date', inner_value);
        END;
    ELSE
        IF jsonb_typeof(inner_value) <> 'array' THEN RETURN '"value" must be an array'; END IF;
        n := jsonb_array_length(inner_value);
        IF n > 1 AND NOT def."is_multi_select" THEN
            RETURN format('it is not multi-select, so "value" holds at most one element, not %s', n);
        END IF;
        IF (SELECT count(DISTINCT e) FROM jsonb_array_elements(inner_value) AS e) <> n THEN
            RETURN '"value" holds the same element twice';
        END IF;
        FOR el IN SELECT e FROM jsonb_array_elements(inner_value) AS e LOOP
            IF want = 'SelectOption' THEN
                IF jsonb_typeof(el) <> 'string'
                   OR el #>> '{}' !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                   OR NOT EXISTS (SELECT 1 FROM "property_options" o
                                  WHERE o."id" = (el #>> '{}')::uuid
                                    AND o."property_definition_id" = def."id") THEN
                    RETURN format('%s is not an option of this property', el);
                END IF;
            ELSIF want = 'Link' THEN
                IF jsonb_typeof(el) <> 'string' OR btrim(el #>> '{}') = '' THEN
                    RETURN format('%s is not a link (a non-empty string)', el);
                END IF;
            ELSE
                IF jsonb_typeof(el) <> 'object' OR jsonb_typeof(el->'entity_id') <> 'string'
                   OR el->>'entity_id' = ''
                   OR NOT (el->>'entity_type') = ANY (ARRAY['channel', 'chat', 'document', 'project', 'thread', 'user']) THEN
                    RETURN format('%s is not an entity reference {"entity_type": "channel|chat|document|project|thread|user", "entity_id": "…"}', el);
                END IF;
                IF def."specific_entity_type" IS NOT NULL
                   AND el->>'entity_type' <> lower(def."specific_entity_type"::text) THEN
                    RETURN format('%s is not a %s, the only entity type this property takes', el,
                                  lower(def."specific_entity_type"::text));
                END IF;
            END IF;
        END LOOP;
    END CASE;
    RETURN NULL;
END;
$$;

-- Refuses a value that does not fit its definition, naming the definition;
-- nothing is stored.  SQL NULL (a cleared value) always fits.
CREATE FUNCTION "entity_properties_match_definition"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    def "property_definitions";
    problem text;
BEGIN
    IF NEW."values" IS NULL THEN
        RETURN NEW;
    END IF;
    SELECT * INTO def FROM "property_definitions" WHERE "id" = NEW."property_definition_id";
    IF NOT FOUND THEN
        RETURN NEW;  -- the foreign key reports it
    END IF;
    problem := "property_value_problem"(def, NEW."values");
    IF problem IS NOT NULL THEN
        RAISE EXCEPTION 'property "%" (%): %', def."display_name", def."id", problem
            USING ERRCODE = 'check_violation', CONSTRAINT = 'entity_properties_match_definition';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER "entity_properties_match_definition"
    BEFORE INSERT OR UPDATE OF "values", "property_definition_id" ON "entity_properties"
    FOR EACH ROW EXECUTE FUNCTION "entity_properties_match_definition"();

-- A deleted option leaves the values that selected it (the trigger above
-- would refuse such a value on its next write).
CREATE FUNCTION "property_options_unselect"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE "entity_properties"
    SET "values" = jsonb_set("values", '{value}', ("values"->'value') - OLD."id"::text), "updated_at" = now()
    WHERE "property_definition_id" = OLD."property_definition_id"
      AND "values" @> jsonb_build_object('type', 'SelectOption', 'value', jsonb_build_array(OLD."id"::text));
    RETURN OLD;
END;
$$;
CREATE TRIGGER "property_options_unselect"
    AFTER DELETE ON "property_options"
    FOR EACH ROW EXECUTE FUNCTION "property_options_unselect"();
