-- CreateIndex (revert)
DROP INDEX "connections_user2_idx";

-- CreateIndex (revert)
DROP INDEX "connections_user1_user2_key";

-- CreateTable (revert)
DROP TABLE "connections";

