-- DropIndex
DROP INDEX "team_user_team_id_idx";

-- DropIndex
DROP INDEX "Chat_userId_idx";

-- CreateTable
CREATE TABLE "macro_user_email_verification" (
    "macro_user_id" uuid NOT NULL,
    "email" text NOT NULL,
    "is_verified" boolean NOT NULL DEFAULT false,

    CONSTRAINT "macro_user_email_verification_pkey" PRIMARY KEY ("macro_user_id", "email")
);

-- CreateTable
CREATE TABLE "Permission" (
    "id" text NOT NULL,
    "description" text NOT NULL,

    CONSTRAINT "Permission_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Role" (
    "id" text NOT NULL,
    "description" text NOT NULL,

    CONSTRAINT "Role_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RolesOnPermissions" (
    "permissionId" text NOT NULL,
    "roleId" text NOT NULL,

    CONSTRAINT "RolesOnPermissions_pkey" PRIMARY KEY ("permissionId", "roleId")
);

-- CreateTable
CREATE TABLE "RolesOnUsers" (
    "userId" text NOT NULL,
    "roleId" text NOT NULL,

    CONSTRAINT "RolesOnUsers_pkey" PRIMARY KEY ("userId", "roleId")
);

-- CreateIndex
CREATE INDEX "macro_user_email_verification_email_idx" ON "macro_user_email_verification"("email");

-- CreateIndex
CREATE INDEX "RolesOnPermissions_roleId_idx" ON "RolesOnPermissions"("roleId");

-- CreateIndex
CREATE INDEX "RolesOnUsers_roleId_idx" ON "RolesOnUsers"("roleId");

-- CreateIndex
CREATE INDEX "team_user_team_id_user_id_idx" ON "team_user"("team_id", "user_id");

-- CreateIndex
CREATE INDEX "UserHistory_userId_updatedAt_itemType_itemId_idx" ON "UserHistory"("userId", "updatedAt", "itemType", "itemId");

-- CreateIndex
CREATE INDEX "Chat_userId_updatedAt_idx" ON "Chat"("userId", "updatedAt");

-- AddForeignKey
ALTER TABLE "macro_user_email_verification" ADD CONSTRAINT "macro_user_email_verification_macro_user_id_fkey" FOREIGN KEY ("macro_user_id") REFERENCES "macro_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RolesOnPermissions" ADD CONSTRAINT "RolesOnPermissions_permissionId_fkey" FOREIGN KEY ("permissionId") REFERENCES "Permission"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RolesOnPermissions" ADD CONSTRAINT "RolesOnPermissions_roleId_fkey" FOREIGN KEY ("roleId") REFERENCES "Role"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RolesOnUsers" ADD CONSTRAINT "RolesOnUsers_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RolesOnUsers" ADD CONSTRAINT "RolesOnUsers_roleId_fkey" FOREIGN KEY ("roleId") REFERENCES "Role"("id") ON DELETE CASCADE ON UPDATE CASCADE;

