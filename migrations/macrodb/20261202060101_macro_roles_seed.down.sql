DROP TYPE "macro_comment_row";
DROP INDEX "User_lower_email_key";
-- The seed rows stay: users may hold these roles by now, and the tables
-- themselves go with the previous migration's down file.
