-- CreateIndex (revert)
DROP INDEX "connections_created_at_id_idx";

