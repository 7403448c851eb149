-- CreateIndex (revert)
DROP INDEX "Member_name_idx";

-- CreateIndex (revert)
DROP INDEX "Member_email_key";

-- CreateTable (revert)
DROP TABLE "Member";

-- CreateExtension (revert)
DROP EXTENSION "pg_trgm";

-- CreateExtension (revert)
DROP EXTENSION "citext";

