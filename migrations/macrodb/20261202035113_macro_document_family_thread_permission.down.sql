-- AddForeignKey (revert)
ALTER TABLE "EmailThreadPermission" DROP CONSTRAINT "EmailThreadPermission_projectId_fkey";

-- AddForeignKey (revert)
ALTER TABLE "EmailThreadPermission" DROP CONSTRAINT "EmailThreadPermission_sharePermissionId_fkey";

-- AddForeignKey (revert)
ALTER TABLE "Document" DROP CONSTRAINT "Document_documentFamilyId_fkey";

-- CreateIndex (revert)
DROP INDEX "EmailThreadPermission_projectId_idx";

-- CreateIndex (revert)
DROP INDEX "EmailThreadPermission_userId_idx";

-- CreateIndex (revert)
DROP INDEX "EmailThreadPermission_sharePermissionId_key";

-- CreateIndex (revert)
DROP INDEX "DocumentFamily_rootDocumentId_idx";

-- CreateTable (revert)
DROP TABLE "EmailThreadPermission";

-- CreateTable (revert)
DROP TABLE "DocumentFamily";

