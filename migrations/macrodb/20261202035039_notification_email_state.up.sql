-- DropIndex
DROP INDEX "user_notification_user_id_created_at_idx";

-- DropIndex
DROP INDEX "user_device_registration_device_token_idx";

-- CreateTable
CREATE TABLE "notification_email_sent" (
    "user_id" text NOT NULL,
    "sent_at" timestamp(6) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_email_sent_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "channel_notification_email_sent" (
    "channel_id" uuid NOT NULL,
    "user_id" text NOT NULL,
    "created_at" timestamp(6) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "channel_notification_email_sent_pkey" PRIMARY KEY ("channel_id", "user_id")
);

-- CreateTable
CREATE TABLE "email_unsubscribe_code" (
    "email" text NOT NULL,
    "code" uuid NOT NULL DEFAULT gen_random_uuid(),

    CONSTRAINT "email_unsubscribe_code_pkey" PRIMARY KEY ("email")
);

-- CreateIndex
CREATE INDEX "notification_created_at_idx" ON "notification"("created_at");

-- CreateIndex
CREATE INDEX "user_notification_user_id_created_at_notification_id_idx" ON "user_notification"("user_id", "created_at" DESC, "notification_id" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "user_device_registration_device_token_key" ON "user_device_registration"("device_token");

-- CreateIndex
CREATE INDEX "user_device_registration_last_used_at_idx" ON "user_device_registration"("last_used_at");

-- CreateIndex
CREATE INDEX "channel_notification_email_sent_user_id_idx" ON "channel_notification_email_sent"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "email_unsubscribe_code_code_key" ON "email_unsubscribe_code"("code");

