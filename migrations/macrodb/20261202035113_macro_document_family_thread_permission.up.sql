-- CreateTable
CREATE TABLE "DocumentFamily" (
    "id" BIGSERIAL NOT NULL,
    "rootDocumentId" text NOT NULL,

    CONSTRAINT "DocumentFamily_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EmailThreadPermission" (
    "threadId" text NOT NULL,
    "sharePermissionId" text NOT NULL,
    "userId" text NOT NULL,
    "projectId" text,

    CONSTRAINT "EmailThreadPermission_pkey" PRIMARY KEY ("threadId")
);

-- CreateIndex
CREATE INDEX "DocumentFamily_rootDocumentId_idx" ON "DocumentFamily"("rootDocumentId");

-- CreateIndex
CREATE UNIQUE INDEX "EmailThreadPermission_sharePermissionId_key" ON "EmailThreadPermission"("sharePermissionId");

-- CreateIndex
CREATE INDEX "EmailThreadPermission_userId_idx" ON "EmailThreadPermission"("userId");

-- CreateIndex
CREATE INDEX "EmailThreadPermission_projectId_idx" ON "EmailThreadPermission"("projectId");

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_documentFamilyId_fkey" FOREIGN KEY ("documentFamilyId") REFERENCES "DocumentFamily"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EmailThreadPermission" ADD CONSTRAINT "EmailThreadPermission_sharePermissionId_fkey" FOREIGN KEY ("sharePermissionId") REFERENCES "SharePermission"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EmailThreadPermission" ADD CONSTRAINT "EmailThreadPermission_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE SET NULL ON UPDATE CASCADE;

