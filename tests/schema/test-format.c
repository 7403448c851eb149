/* SPDX-License-Identifier: MIT */
/* `mdb schema format`: Prisma's canonical layout.  Each expected text is
 * what Prisma's own formatter (prisma-fmt, via @prisma/prisma-schema-wasm)
 * printed for the input. */
#include <check.h>
#include <string.h>
#include <mdb-testing/mdb-testing.h>
#include "schema-model.h"

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
  tcase_add_test (tc, test_format_refuses_malformed_input);
  suite_add_tcase (s, tc);
  return mdb_test_run (srunner_create (s), FALSE);
}
