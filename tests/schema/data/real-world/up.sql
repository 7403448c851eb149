-- CreateEnum
CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN', 'OWNER');

-- CreateTable
CREATE TABLE "Account" (
    "id" text NOT NULL,
    "legacyId" text NOT NULL,
    "slug" text NOT NULL,
    "short" text NOT NULL,
    "sortKey" text NOT NULL,
    "v4" uuid NOT NULL DEFAULT gen_random_uuid(),
    "v7" uuid NOT NULL,
    "roles" "Role"[] DEFAULT '{USER,ADMIN}',
    "tags" text[] DEFAULT '{"a b",c}',
    "scores" integer[] DEFAULT '{1,2,3}',
    "bio" character varying(10000),
    "search" tsvector,
    "opensAt" time without time zone,
    "closesAt" time(3) with time zone,
    "flags" bit(8),
    "mask" bit varying,
    "doc" xml,
    "ip" inet,
    "balance" money,
    "amount" numeric,
    "objectId" oid,
    "createdAt" timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "seenAt" timestamp without time zone,
    "internal" text,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Profile" (
    "accountId" text NOT NULL,
    "bio" text
);

-- CreateTable
CREATE TABLE "Post" (
    "accountId" text NOT NULL,
    "slug" text NOT NULL
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" SERIAL NOT NULL,
    "note" text NOT NULL,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Account_legacyId_key" ON "Account"("legacyId");

-- CreateIndex
CREATE UNIQUE INDEX "Account_slug_key" ON "Account"("slug");

-- CreateIndex
CREATE INDEX "Account_short_idx" ON "Account"("short");

-- CreateIndex
CREATE INDEX "Account_search_idx" ON "Account" USING gin("search");

-- CreateIndex
CREATE INDEX "Account_slug_pattern_idx" ON "Account"("slug" text_pattern_ops);

-- CreateIndex
CREATE UNIQUE INDEX "Profile_accountId_key" ON "Profile"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "Post_accountId_slug_key" ON "Post"("accountId", "slug");

-- AddForeignKey
ALTER TABLE "Profile" ADD CONSTRAINT "Profile_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Post" ADD CONSTRAINT "Post_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

