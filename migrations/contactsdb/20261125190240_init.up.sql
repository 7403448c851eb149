-- CreateTable
CREATE TABLE "connections" (
    "id" SERIAL NOT NULL,
    "user1" text NOT NULL,
    "user2" text NOT NULL,
    "created_at" timestamp(6) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" timestamp(6) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "connections_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "connections_user1_user2_key" ON "connections"("user1", "user2");

-- CreateIndex
CREATE INDEX "connections_user2_idx" ON "connections"("user2");

