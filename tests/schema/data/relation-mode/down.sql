-- CreateIndex (revert)
DROP INDEX "_BookToShelf_B_index";

-- CreateIndex (revert)
DROP INDEX "Book_authorId_idx";

-- CreateTable (revert)
DROP TABLE "_BookToShelf";

-- CreateTable (revert)
DROP TABLE "Shelf";

-- CreateTable (revert)
DROP TABLE "Book";

-- CreateTable (revert)
DROP TABLE "Author";

