DROP TABLE "DocumentCopy";
DROP TABLE "Document";
