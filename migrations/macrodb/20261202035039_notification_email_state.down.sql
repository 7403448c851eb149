-- CreateIndex (revert)
DROP INDEX "email_unsubscribe_code_code_key";

-- CreateIndex (revert)
DROP INDEX "channel_notification_email_sent_user_id_idx";

-- CreateIndex (revert)
DROP INDEX "user_device_registration_last_used_at_idx";

-- CreateIndex (revert)
DROP INDEX "user_device_registration_device_token_key";

-- CreateIndex (revert)
DROP INDEX "user_notification_user_id_created_at_notification_id_idx";

-- CreateIndex (revert)
DROP INDEX "notification_created_at_idx";

-- CreateTable (revert)
DROP TABLE "email_unsubscribe_code";

-- CreateTable (revert)
DROP TABLE "channel_notification_email_sent";

-- CreateTable (revert)
DROP TABLE "notification_email_sent";

-- DropIndex (revert)
CREATE INDEX "user_device_registration_device_token_idx" ON "user_device_registration"("device_token");

-- DropIndex (revert)
CREATE INDEX "user_notification_user_id_created_at_idx" ON "user_notification"("user_id", "created_at" DESC);

