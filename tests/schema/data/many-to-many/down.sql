-- AddForeignKey (revert)
ALTER TABLE "_Follows" DROP CONSTRAINT "_Follows_B_fkey";

-- AddForeignKey (revert)
ALTER TABLE "_Follows" DROP CONSTRAINT "_Follows_A_fkey";

-- AddForeignKey (revert)
ALTER TABLE "_PostTags" DROP CONSTRAINT "_PostTags_B_fkey";

-- AddForeignKey (revert)
ALTER TABLE "_PostTags" DROP CONSTRAINT "_PostTags_A_fkey";

-- AddForeignKey (revert)
ALTER TABLE "_CategoryToPost" DROP CONSTRAINT "_CategoryToPost_B_fkey";

-- AddForeignKey (revert)
ALTER TABLE "_CategoryToPost" DROP CONSTRAINT "_CategoryToPost_A_fkey";

-- CreateIndex (revert)
DROP INDEX "_Follows_B_index";

-- CreateIndex (revert)
DROP INDEX "_PostTags_B_index";

-- CreateIndex (revert)
DROP INDEX "_CategoryToPost_B_index";

-- CreateTable (revert)
DROP TABLE "_Follows";

-- CreateTable (revert)
DROP TABLE "_PostTags";

-- CreateTable (revert)
DROP TABLE "_CategoryToPost";

-- CreateTable (revert)
DROP TABLE "users";

-- CreateTable (revert)
DROP TABLE "Tag";

-- CreateTable (revert)
DROP TABLE "categories";

-- CreateTable (revert)
DROP TABLE "Post";

