-- Hand-written: what the Prisma schema cannot say (see docs/schema.md).
-- `mdb migrate check` ignores these kinds of object.

-- UserItemAccess: a direct grant has no channel (NULL); NULLS NOT DISTINCT
-- makes upserts of direct grants conflict instead of duplicating.
CREATE UNIQUE INDEX "UserItemAccess_item_user_channel_key"
    ON "UserItemAccess" ("item_id", "item_type", "user_id", "granted_from_channel_id") NULLS NOT DISTINCT;

-- comms_channels: a DM has no name, public and organization channels have one;
-- organization channels, and only they, belong to an organization.
ALTER TABLE "comms_channels" ADD CONSTRAINT "valid_channel_name" CHECK (
    ("channel_type" = 'direct_message' AND "name" IS NULL)
    OR ("channel_type" IN ('public', 'organization') AND "name" IS NOT NULL)
    OR "channel_type" = 'private');
ALTER TABLE "comms_channels" ADD CONSTRAINT "valid_org_channel" CHECK (
    ("channel_type" = 'organization') = ("org_id" IS NOT NULL));
CREATE INDEX "comms_channels_org_id_idx" ON "comms_channels" ("org_id")
    WHERE "channel_type" = 'organization';

-- comms: the hot partial indexes (live messages, active participants).
CREATE INDEX "comms_messages_channel_live_idx" ON "comms_messages" ("channel_id", "created_at" DESC)
    WHERE "deleted_at" IS NULL;
CREATE INDEX "comms_channel_participants_active_idx" ON "comms_channel_participants" ("user_id", "channel_id")
    WHERE "left_at" IS NULL;
CREATE INDEX "comms_entity_mentions_user_id_idx" ON "comms_entity_mentions" ("user_id")
    WHERE "user_id" IS NOT NULL;

-- email: provider ids are unique per link when present.
CREATE UNIQUE INDEX "email_threads_link_id_provider_id_key" ON "email_threads" ("link_id", "provider_id")
    WHERE "provider_id" IS NOT NULL;
CREATE UNIQUE INDEX "email_messages_link_id_provider_id_key" ON "email_messages" ("link_id", "provider_id")
    WHERE "provider_id" IS NOT NULL;
CREATE INDEX "email_labels_trash_idx" ON "email_labels" ("link_id") WHERE "name" = 'TRASH';
CREATE INDEX "email_links_active_idx" ON "email_links" ("fusionauth_user_id") WHERE "is_sync_active";

-- properties: a definition is owned by an organization or a user (or both
-- while being moved); an option holds exactly one kind of value.
ALTER TABLE "property_definitions" ADD CONSTRAINT "owned_by_org_or_user" CHECK (
    "organization_id" IS NOT NULL OR "user_id" IS NOT NULL);
ALTER TABLE "property_options" ADD CONSTRAINT "check_option_value_set" CHECK (
    ("number_value" IS NOT NULL) <> ("string_value" IS NOT NULL));

-- When both owners are gone (ON DELETE SET NULL fired), the definition is
-- an orphan: delete it instead of violating owned_by_org_or_user.
CREATE FUNCTION "check_orphaned_property_definition"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW."organization_id" IS NULL AND NEW."user_id" IS NULL THEN
        DELETE FROM "property_definitions" WHERE "id" = NEW."id";
        RETURN NULL;
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER "check_orphaned_property_definition"
    BEFORE UPDATE ON "property_definitions"
    FOR EACH ROW EXECUTE FUNCTION "check_orphaned_property_definition"();
