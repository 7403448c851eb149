ALTER TABLE "connections" DROP CONSTRAINT "connections_check";
