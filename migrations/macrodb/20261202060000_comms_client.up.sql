-- Hand-written for comms_db_client (docs/libs/comms.md): the composite type
-- its child rows are built from, and the keyset index of message pages.

-- One participant of a channel, as the channel list returns them
-- (docs/queries.md "Child rows").
CREATE TYPE "comms_participant_row" AS ("user_id" text, "role" "comms_participant_role", "joined_at" timestamptz);

-- Message pages walk one channel's top-level messages by (created_at, id)
-- in both directions; the id breaks ties between messages of one instant.
CREATE INDEX "comms_messages_channel_toplevel_cursor_idx"
    ON "comms_messages" ("channel_id", "created_at", "id") WHERE "thread_id" IS NULL;

-- Replies of a thread, in order, by the same key.
CREATE INDEX "comms_messages_thread_cursor_idx"
    ON "comms_messages" ("thread_id", "created_at", "id") WHERE "thread_id" IS NOT NULL;
