-- Hand-written (docs/schema.md): partial indexes for notification_db_client.

-- The unseen count reads only this index (an index-only scan): a user's
-- live rows that are neither seen nor done.
CREATE INDEX "user_notification_unseen_idx" ON "user_notification" ("user_id")
    WHERE "seen_at" IS NULL AND "deleted_at" IS NULL AND NOT "done";

-- The email digest takes the oldest rows not yet emailed, seen, done nor
-- deleted; once emailed (or seen) a row leaves the index.
CREATE INDEX "user_notification_unsent_idx" ON "user_notification" ("created_at")
    WHERE NOT "sent" AND "seen_at" IS NULL AND "deleted_at" IS NULL AND NOT "done";
