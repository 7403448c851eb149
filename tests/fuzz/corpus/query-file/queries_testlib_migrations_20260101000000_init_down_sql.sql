DROP TABLE item_log;
DROP TABLE item;
DROP TABLE "Owner";
DROP TYPE item_status;
