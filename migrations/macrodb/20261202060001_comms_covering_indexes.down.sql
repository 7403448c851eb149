DROP INDEX "comms_channel_participants_channel_active_idx";
CREATE INDEX "comms_messages_channel_live_idx" ON "comms_messages" ("channel_id", "created_at" DESC)
    WHERE "deleted_at" IS NULL;
DROP INDEX "comms_messages_channel_live_cover_idx";
