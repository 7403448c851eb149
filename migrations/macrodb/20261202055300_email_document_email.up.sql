-- CreateTable
CREATE TABLE "document_email" (
    "document_id" text NOT NULL,
    "email_attachment_id" uuid NOT NULL,
    "created_at" timestamp(6) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "document_email_pkey" PRIMARY KEY ("document_id", "email_attachment_id")
);

-- AlterTable
ALTER TABLE "email_links" ADD COLUMN "history_id" text;

-- AlterTable
ALTER TABLE "email_links" ADD COLUMN "sync_token" text;

-- AlterTable
ALTER TABLE "email_links" ADD COLUMN "synced_at" timestamp(6) with time zone;

-- CreateIndex
CREATE INDEX "document_email_email_attachment_id_idx" ON "document_email"("email_attachment_id");

-- AddForeignKey
ALTER TABLE "document_email" ADD CONSTRAINT "document_email_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "document_email" ADD CONSTRAINT "document_email_email_attachment_id_fkey" FOREIGN KEY ("email_attachment_id") REFERENCES "email_attachments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

