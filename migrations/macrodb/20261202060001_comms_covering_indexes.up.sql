-- Hand-written for comms_db_client (docs/libs/comms.md, docs/performance.md):
-- the channel list and the unread counts answered from indexes alone.

-- Live messages of a channel by time, with the sender: the unread count
-- (others' messages after the last view) and a channel's latest activity
-- are index-only scans.  It replaces comms_messages_channel_live_idx, whose
-- (channel_id, created_at DESC) it serves scanned backwards.
CREATE INDEX "comms_messages_channel_live_cover_idx" ON "comms_messages" ("channel_id", "created_at")
    INCLUDE ("sender_id") WHERE "deleted_at" IS NULL;
DROP INDEX "comms_messages_channel_live_idx";

-- A channel's active participants in list order (joined_at, user_id) with
-- their role: the list's child rows without a heap visit or a sort.
CREATE INDEX "comms_channel_participants_channel_active_idx"
    ON "comms_channel_participants" ("channel_id", "joined_at", "user_id") INCLUDE ("role")
    WHERE "left_at" IS NULL;
