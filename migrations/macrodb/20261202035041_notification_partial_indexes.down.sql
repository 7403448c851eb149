DROP INDEX "user_notification_unsent_idx";
DROP INDEX "user_notification_unseen_idx";
