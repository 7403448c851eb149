-- Hand-written: what the Prisma schema cannot say (see docs/schema.md).

-- An undirected edge is stored once, smaller id first, in binary order so
-- that the rule does not depend on the database's collation.  A self-pair
-- is invalid.
ALTER TABLE "connections" ADD CONSTRAINT "connections_check" CHECK ("user1" < "user2" COLLATE "C");
