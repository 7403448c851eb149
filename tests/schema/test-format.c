/* SPDX-License-Identifier: MIT */
/* `mdb schema format`: Prisma's canonical layout.  Each expected text is
 * what Prisma's own formatter (prisma-fmt, via @prisma/prisma-schema-wasm)
 * printed for the input. */
#include <check.h>
#include <string.h>
#include <mdb-testing/mdb-testing.h>
#include "schema-model.h"
#include "prisma-private.h"

typedef struct {
  const char *input;
  const char *expected;
} FormatCase;

static const FormatCase cases[] = {
  {
    "datasource db {\n"
    "  provider = \"postgresql\"\n"
    "  extensions = [vector]\n"
    "}\n"
    "/// doc\n"
    "model A {\n"
    "  id Int @id // trailing\n"
    "  // comment line\n"
    "  longername String? @unique\n"
    "  /// doc comment\n"
    "  b String[]\n"
    "\n"
    "  after Int    @default(1)\n"
    "  x Json\n"
    "  @@index([after])\n"
    "  @@map(\"a\")\n"
    "}\n"
    "enum E {\n"
    "  A @map(\"a\")\n"
    "  LONGVALUE // c\n"
    "  B\n"
    "  @@map(\"e\")\n"
    "}\n"
    "model B {\n"
    "  id Int @id\n"
    "}\n",

    "datasource db {\n"
    "  provider   = \"postgresql\"\n"
    "  extensions = [vector]\n"
    "}\n"
    "\n"
    "/// doc\n"
    "model A {\n"
    "  id         Int      @id // trailing\n"
    "  // comment line\n"
    "  longername String?  @unique\n"
    "  /// doc comment\n"
    "  b          String[]\n"
    "\n"
    "  after Int  @default(1)\n"
    "  x     Json\n"
    "\n"
    "  @@index([after])\n"
    "  @@map(\"a\")\n"
    "}\n"
    "\n"
    "enum E {\n"
    "  A         @map(\"a\")\n"
    "  LONGVALUE // c\n"
    "  B\n"
    "\n"
    "  @@map(\"e\")\n"
    "}\n"
    "\n"
    "model B {\n"
    "  id Int @id\n"
    "}\n" },
  {
    "// top comment\n"
    "\n"
    "\n"
    "// second\n"
    "generator client {\n"
    "  provider = \"prisma-client-js\"\n"
    "  previewFeatures = [\"a\",\"b\"]\n"
    "}\n"
    "model A {\n"
    "  id Int @id @default(autoincrement())   // trailing\n"
    "  bb String // c2\n"
    "  ccccccccc Int\n"
    "  r B @relation(fields:[bid],references:[id],onDelete:Cascade)\n"
    "  bid Int  @unique\n"
    "\n"
    "\n"
    "  x Json\n"
    "\n"
    "\n"
    "  @@index([x(ops: JsonbPathOps)],type:Gin)\n"
    "\n"
    "  // about unique\n"
    "  @@unique([bb,ccccccccc])\n"
    "  @@map( \"a\" )\n"
    "}\n"
    "// between\n"
    "model B {\n"
    "  id Int @id\n"
    "  a A?\n"
    "  d Decimal @default(1.50) @db.Decimal(10,2)\n"
    "}\n",

    "// top comment\n"
    "\n"
    "// second\n"
    "generator client {\n"
    "  provider        = \"prisma-client-js\"\n"
    "  previewFeatures = [\"a\", \"b\"]\n"
    "}\n"
    "\n"
    "model A {\n"
    "  id        Int    @id @default(autoincrement()) // trailing\n"
    "  bb        String // c2\n"
    "  ccccccccc Int\n"
    "  r         B      @relation(fields: [bid], references: [id], onDelete: Cascade)\n"
    "  bid       Int    @unique\n"
    "\n"
    "  x Json\n"
    "\n"
    "  // about unique\n"
    "  @@unique([bb, ccccccccc])\n"
    "  @@index([x(ops: JsonbPathOps)], type: Gin)\n"
    "  @@map(\"a\")\n"
    "}\n"
    "\n"
    "// between\n"
    "model B {\n"
    "  id Int     @id\n"
    "  a  A?\n"
    "  d  Decimal @default(1.50) @db.Decimal(10, 2)\n"
    "}\n" },
  {
    "model A {\n"
    "  id Int @default(autoincrement()) @id\n"
    "  a Int @db.Integer @unique @map(\"x\") @default(3)\n"
    "  b Int\n"
    "  @@map(\"a\")\n"
    "  @@index([b])\n"
    "  @@id([a,b])\n"
    "  @@unique([b])\n"
    "  @@index([a])\n"
    "  @@schema(\"x\")\n"
    "  @@ignore\n"
    "}\n",

    "model A {\n"
    "  id Int @id @default(autoincrement())\n"
    "  a  Int @unique @default(3) @map(\"x\") @db.Integer\n"
    "  b  Int\n"
    "\n"
    "  @@id([a, b])\n"
    "  @@unique([b])\n"
    "  @@index([b])\n"
    "  @@index([a])\n"
    "  @@map(\"a\")\n"
    "  @@ignore\n"
    "  @@schema(\"x\")\n"
    "}\n" },
  {
    "model A {\n"
    "  id Int @db.Integer @ignore @map(\"i\") @updatedAt @default(1) @unique @id\n"
    "  b B @relation(fields: [id], references: [id]) @ignore\n"
    "  c Int @ignore @db.Integer @id\n"
    "  @@schema(\"x\")\n"
    "  @@ignore\n"
    "  @@map(\"a\")\n"
    "  @@index([b])\n"
    "  @@fulltext([b])\n"
    "  @@unique([b])\n"
    "  @@id([a,b])\n"
    "}\n",

    "model A {\n"
    "  id Int @id @unique @default(1) @updatedAt @map(\"i\") @ignore @db.Integer\n"
    "  b  B   @relation(fields: [id], references: [id]) @ignore\n"
    "  c  Int @id @ignore @db.Integer\n"
    "\n"
    "  @@id([a, b])\n"
    "  @@unique([b])\n"
    "  @@index([b])\n"
    "  @@fulltext([b])\n"
    "  @@map(\"a\")\n"
    "  @@ignore\n"
    "  @@schema(\"x\")\n"
    "}\n" },
  {
    "model A {\n"
    "  id Int @id\n"
    "  bb String // c2\n"
    "  cccccc DateTime @default(now()) @db.Timestamptz(3)\n"
    "  d  Int  // after short\n"
    "  /// doc\n"
    "  eeeeeeeeeeeee Int   @default(1)  // with attr\n"
    "  @@index([bb], map: \"x\", type: Hash) // trailing on attr\n"
    "  // last comment\n"
    "}\n"
    "enum E {\n"
    "  A\n"
    "  BBBBBB // c\n"
    "  C @map(\"c\") // cc\n"
    "}\n",

    "model A {\n"
    "  id            Int      @id\n"
    "  bb            String // c2\n"
    "  cccccc        DateTime @default(now()) @db.Timestamptz(3)\n"
    "  d             Int // after short\n"
    "  /// doc\n"
    "  eeeeeeeeeeeee Int      @default(1) // with attr\n"
    "  // last comment\n"
    "\n"
    "  @@index([bb], map: \"x\", type: Hash) // trailing on attr\n"
    "}\n"
    "\n"
    "enum E {\n"
    "  A\n"
    "  BBBBBB // c\n"
    "  C      @map(\"c\") // cc\n"
    "}\n" },
};

START_TEST (test_format_matches_prisma)
{
  const FormatCase *fc = &cases[_i];
  g_autoptr (GError) error = NULL;
  g_autofree char *out = mdb__prisma_format (fc->input, strlen (fc->input), "t", &error);
  g_autofree char *again = NULL;

  ck_assert_msg (out != NULL, "case %d: %s", _i, error != NULL ? error->message : "?");
  ck_assert_str_eq (out, fc->expected);
  /* Idempotent: the formatted text formats to itself. */
  again = mdb__prisma_format (out, strlen (out), "t", NULL);
  ck_assert_str_eq (again, out);
}
END_TEST

START_TEST (test_format_real_schemas_are_formatted)
{
  static const char *const files[] = { "schema/macrodb.prisma", "schema/contactsdb.prisma" };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (mdb_test_source_root (), files[i], NULL);
      g_autofree char *text = NULL;
      g_autofree char *out = NULL;
      gsize len = 0;

      ck_assert (g_file_get_contents (path, &text, &len, NULL));
      out = mdb__prisma_format (text, len, files[i], NULL);
      ck_assert_msg (out != NULL && strcmp (out, text) == 0, "%s: run mdb schema format", files[i]);
    }
}
END_TEST

/* As `prisma format` (8.1): the back-relation of each relation declared
 * only on its foreign-key side, `posts Post[]`, or `profile Profile?` when
 * the foreign key is unique, at the end of the referenced model; a named
 * relation's (here a self-relation's) with its name, which Prisma leaves
 * out (its output is then refused by its own validator).  The result
 * validates, where the input was refused for the missing opposite fields. */
START_TEST (test_format_adds_missing_back_relations)
{
  static const char input[] =
    "model User {\n  id Int @id\n}\n\n"
    "model Post {\n  id Int @id\n  authorId Int\n"
    "  author User @relation(fields: [authorId], references: [id])\n}\n\n"
    "model Profile {\n  id Int @id\n  userId Int @unique\n"
    "  user User @relation(fields: [userId], references: [id]) // the owner\n}\n\n"
    "model Node {\n  id Int @id\n  parentId Int?\n"
    "  parent Node? @relation(\"tree\", fields: [parentId], references: [id])\n} // end\n";
  static const char expected[] =
    "model User {\n  id      Int      @id\n  posts   Post[]\n  profile Profile?\n}\n\n"
    "model Post {\n  id       Int  @id\n  authorId Int\n"
    "  author   User @relation(fields: [authorId], references: [id])\n}\n\n"
    "model Profile {\n  id     Int  @id\n  userId Int  @unique\n"
    "  user   User @relation(fields: [userId], references: [id]) // the owner\n}\n\n"
    "model Node {\n  id       Int    @id\n  parentId Int?\n"
    "  parent   Node?  @relation(\"tree\", fields: [parentId], references: [id])\n"
    "  nodes    Node[] @relation(\"tree\")\n} // end\n";
  g_autoptr (GError) refused = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (MdbSchema) before = mdb__prisma_parse (input, strlen (input), "t", &refused);
  g_autofree char *out = mdb__prisma_format (input, strlen (input), "t", &error);
  g_autoptr (MdbSchema) after = NULL;
  g_autofree char *again = NULL;

  ck_assert_ptr_null (before);
  ck_assert_msg (strstr (refused->message, "missing an opposite relation field") != NULL, "%s", refused->message);
  ck_assert_msg (out != NULL, "%s", error != NULL ? error->message : "?");
  ck_assert_str_eq (out, expected);
  after = mdb__prisma_parse (out, strlen (out), "t", &error);
  ck_assert_msg (after != NULL, "%s", error != NULL ? error->message : "?");
  again = mdb__prisma_format (out, strlen (out), "t", NULL);
  ck_assert_str_eq (again, out);
}
END_TEST

/* Where the name Prisma would give is taken, no field is added (Prisma
 * writes a second one of that name) and validation names the missing
 * opposite field; an @@ignore'd referencing model's back-relation is
 * @ignore'd, as Prisma writes it. */
START_TEST (test_format_adds_no_back_relation_over_a_taken_name)
{
  static const char input[] =
    "model User {\n  id Int @id\n  posts Int\n}\n\n"
    "model Post {\n  id Int @id\n  uId Int\n  u User @relation(fields: [uId], references: [id])\n}\n\n"
    "model Log {\n  id Int @id\n  uId Int\n  u User @relation(fields: [uId], references: [id])\n\n  @@ignore\n}\n";
  g_autoptr (GError) error = NULL;
  g_autofree char *out = mdb__prisma_format (input, strlen (input), "t", &error);
  g_autoptr (MdbSchema) schema = NULL;

  ck_assert_msg (out != NULL, "%s", error != NULL ? error->message : "?");
  ck_assert_msg (strstr (out, "  posts Int\n") != NULL && strstr (out, "Post[]") == NULL, "%s", out);
  ck_assert_msg (strstr (out, "  logs  Log[] @ignore\n") != NULL, "%s", out);
  schema = mdb__prisma_parse (out, strlen (out), "t", &error);
  ck_assert_ptr_null (schema);
  ck_assert_msg (strstr (error->message, "The relation field `u` on model `Post` is missing an opposite relation field")
                 != NULL, "%s", error->message);
}
END_TEST

/* The names `prisma format` (8.1) gave the fields it added for these
 * referencing models, as a list and as an optional one-to-one end. */
static const char *const back_names[][3] = {
  { "macro_user", "macroUsers", "macroUser" }, { "UserItemAccess", "userItemAccesses", "userItemAccess" },
  { "Person", "people", "person" }, { "Child", "children", "child" }, { "Mouse", "mice", "mouse" },
  { "Status", "statuses", "status" }, { "Analysis", "analyses", "analysis" },
  { "Category", "categories", "category" }, { "Key", "keys", "key" }, { "Leaf", "leaves", "leaf" },
  { "Bus", "buses", "bus" }, { "Quiz", "quizzes", "quiz" }, { "Hero", "heroes", "hero" },
  { "Photo", "photos", "photo" }, { "Datum", "data", "datum" }, { "Sheep", "sheep", "sheep" },
  { "Index", "indices", "index" }, { "Matrix", "matrices", "matrix" }, { "Company", "companies", "company" },
  { "Day", "days", "day" }, { "EmailThreadPermission", "emailThreadPermissions", "emailThreadPermission" },
  { "comms_channel_participants", "commsChannelParticipants", "commsChannelParticipants" },
  { "URLShortener", "urlshorteners", "urlshortener" }, { "HTTPRequest", "httprequests", "httprequest" },
  { "user_notification", "userNotifications", "userNotification" }, { "A", "as", "a" },
  { "Data", "data", "data" }, { "News", "news", "news" }, { "Series", "series", "series" },
  { "Fish", "fishes", "fish" }, { "Church", "churches", "church" }, { "Knife", "knives", "knife" },
  { "Wolf", "wolves", "wolf" }, { "Criterion", "criteria", "criterion" }, { "Man", "men", "man" },
  { "Woman", "women", "woman" }, { "Tooth", "teeth", "tooth" }, { "Foot", "feet", "foot" },
  { "Goose", "geese", "goose" }, { "Cactus", "cacti", "cactus" }, { "Alumnus", "alumni", "alumnus" },
  { "Octopus", "octopi", "octopus" }, { "Address", "addresses", "address" }, { "Process", "processes", "process" },
  { "Kiss", "kisses", "kiss" }, { "Box", "boxes", "box" }, { "Buzz", "buzzes", "buzz" }, { "Toy", "toys", "toy" },
  { "Lady", "ladies", "lady" },
};

START_TEST (test_format_names_back_relations_as_prisma_does)
{
  g_autofree char *list = mdb__prisma_back_relation_name (back_names[_i][0], TRUE);
  g_autofree char *one = mdb__prisma_back_relation_name (back_names[_i][0], FALSE);

  ck_assert_str_eq (list, back_names[_i][1]);
  ck_assert_str_eq (one, back_names[_i][2]);
}
END_TEST

START_TEST (test_format_refuses_malformed_input)
{
  g_autoptr (GError) error = NULL;
  static const char text[] = "model A {\n  id Int @id(\n}\n";
  g_autofree char *out = mdb__prisma_format (text, strlen (text), "t", &error);

  ck_assert_ptr_null (out);
  ck_assert (g_error_matches (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT));
  ck_assert_str_eq (error->message, "t:3:1: expected a value, found '}'");
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("schema-format");
  TCase *tc = tcase_create ("format");

  tcase_add_loop_test (tc, test_format_matches_prisma, 0, G_N_ELEMENTS (cases));
  tcase_add_test (tc, test_format_real_schemas_are_formatted);
  tcase_add_test (tc, test_format_adds_missing_back_relations);
  tcase_add_test (tc, test_format_adds_no_back_relation_over_a_taken_name);
  tcase_add_loop_test (tc, test_format_names_back_relations_as_prisma_does, 0, G_N_ELEMENTS (back_names));
  tcase_add_test (tc, test_format_refuses_malformed_input);
  suite_add_tcase (s, tc);
  return mdb_test_run (srunner_create (s), FALSE);
}
