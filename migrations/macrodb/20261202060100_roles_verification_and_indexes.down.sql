-- AddForeignKey (revert)
ALTER TABLE "RolesOnUsers" DROP CONSTRAINT "RolesOnUsers_roleId_fkey";

-- AddForeignKey (revert)
ALTER TABLE "RolesOnUsers" DROP CONSTRAINT "RolesOnUsers_userId_fkey";

-- AddForeignKey (revert)
ALTER TABLE "RolesOnPermissions" DROP CONSTRAINT "RolesOnPermissions_roleId_fkey";

-- AddForeignKey (revert)
ALTER TABLE "RolesOnPermissions" DROP CONSTRAINT "RolesOnPermissions_permissionId_fkey";

-- AddForeignKey (revert)
ALTER TABLE "macro_user_email_verification" DROP CONSTRAINT "macro_user_email_verification_macro_user_id_fkey";

-- CreateIndex (revert)
DROP INDEX "Chat_userId_updatedAt_idx";

-- CreateIndex (revert)
DROP INDEX "UserHistory_userId_updatedAt_itemType_itemId_idx";

-- CreateIndex (revert)
DROP INDEX "team_user_team_id_user_id_idx";

-- CreateIndex (revert)
DROP INDEX "RolesOnUsers_roleId_idx";

-- CreateIndex (revert)
DROP INDEX "RolesOnPermissions_roleId_idx";

-- CreateIndex (revert)
DROP INDEX "macro_user_email_verification_email_idx";

-- CreateTable (revert)
DROP TABLE "RolesOnUsers";

-- CreateTable (revert)
DROP TABLE "RolesOnPermissions";

-- CreateTable (revert)
DROP TABLE "Role";

-- CreateTable (revert)
DROP TABLE "Permission";

-- CreateTable (revert)
DROP TABLE "macro_user_email_verification";

-- DropIndex (revert)
CREATE INDEX "Chat_userId_idx" ON "Chat"("userId");

-- DropIndex (revert)
CREATE INDEX "team_user_team_id_idx" ON "team_user"("team_id");

