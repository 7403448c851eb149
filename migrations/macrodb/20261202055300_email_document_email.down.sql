-- AddForeignKey (revert)
ALTER TABLE "document_email" DROP CONSTRAINT "document_email_email_attachment_id_fkey";

-- AddForeignKey (revert)
ALTER TABLE "document_email" DROP CONSTRAINT "document_email_document_id_fkey";

-- CreateIndex (revert)
DROP INDEX "document_email_email_attachment_id_idx";

-- AlterTable (revert)
ALTER TABLE "email_links" DROP COLUMN "synced_at";

-- AlterTable (revert)
ALTER TABLE "email_links" DROP COLUMN "sync_token";

-- AlterTable (revert)
ALTER TABLE "email_links" DROP COLUMN "history_id";

-- CreateTable (revert)
DROP TABLE "document_email";

