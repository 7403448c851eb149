-- DropIndex (revert)
CREATE INDEX "email_messages_link_id_thread_id_internal_date_ts_idx" ON "email_messages"("link_id", "thread_id", "internal_date_ts" DESC);

-- DropIndex (revert)
CREATE INDEX "email_messages_link_id_replying_to_id_idx" ON "email_messages"("link_id", "replying_to_id");

