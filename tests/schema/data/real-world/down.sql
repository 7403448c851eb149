-- AddForeignKey (revert)
ALTER TABLE "Post" DROP CONSTRAINT "Post_accountId_fkey";

-- AddForeignKey (revert)
ALTER TABLE "Profile" DROP CONSTRAINT "Profile_accountId_fkey";

-- CreateIndex (revert)
DROP INDEX "Post_accountId_slug_key";

-- CreateIndex (revert)
DROP INDEX "Profile_accountId_key";

-- CreateIndex (revert)
DROP INDEX "Account_slug_pattern_idx";

-- CreateIndex (revert)
DROP INDEX "Account_search_idx";

-- CreateIndex (revert)
DROP INDEX "Account_short_idx";

-- CreateIndex (revert)
DROP INDEX "Account_slug_key";

-- CreateIndex (revert)
DROP INDEX "Account_legacyId_key";

-- CreateTable (revert)
DROP TABLE "AuditLog";

-- CreateTable (revert)
DROP TABLE "Post";

-- CreateTable (revert)
DROP TABLE "Profile";

-- CreateTable (revert)
DROP TABLE "Account";

-- CreateEnum (revert)
DROP TYPE "Role";

