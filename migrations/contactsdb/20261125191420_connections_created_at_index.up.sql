-- CreateIndex
CREATE INDEX "connections_created_at_id_idx" ON "connections"("created_at", "id");

