DROP INDEX "comms_messages_thread_cursor_idx";
DROP INDEX "comms_messages_channel_toplevel_cursor_idx";
DROP TYPE "comms_participant_row";
