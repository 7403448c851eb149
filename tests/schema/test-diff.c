/* SPDX-License-Identifier: MIT */
/* Unit tests of the diff, the SQL it generates (snapshots) and schema lint. */
#include <check.h>
#include <string.h>
#include <mdb-testing/mdb-testing.h>
#include "schema-model.h"

static MdbSchema *
parse (const char *text)
{
  g_autoptr (GError) error = NULL;
  MdbSchema *schema = mdb__prisma_parse (text, strlen (text), "t.prisma", &error);

  ck_assert_msg (schema != NULL, "%s", error != NULL ? error->message : "");
  return schema;
}

/* Up and down SQL of the diff between two schema texts. */
static void
diff_texts (const char *from, const char *to, char **up, char **down, guint *n_steps)
{
  g_autoptr (MdbSchema) a = parse (from);
  g_autoptr (MdbSchema) b = parse (to);
  g_autoptr (GPtrArray) steps = mdb__schema_diff (a, b);

  *up = mdb__schema_render_up (steps);
  *down = mdb__schema_render_down (steps);
  if (n_steps != NULL)
    *n_steps = steps->len;
}

#define BASE "model A { id Int @id @default(autoincrement())\n name String\n}\n"

START_TEST (test_diff_equal_schemas_has_no_steps)
{
  g_autofree char *up = NULL, *down = NULL;
  guint n = 99;

  diff_texts (BASE, BASE, &up, &down, &n);
  ck_assert_uint_eq (n, 0);
  ck_assert_str_eq (up, "");
}
END_TEST

START_TEST (test_diff_create_table_snapshot)
{
  g_autofree char *up = NULL, *down = NULL;

  diff_texts ("", "enum Role { admin member }\n"
              "model T { id String @id @default(uuid()) @db.Uuid\n role Role @default(member)\n us U[]\n"
              " at DateTime @default(now()) @db.Timestamptz(6)\n n Int?\n"
              " @@index([role, at(sort: Desc)]) }\n"
              "model U { id Int @id\n t String @db.Uuid\n tt T @relation(fields: [t], references: [id], onDelete: Cascade)\n"
              " @@unique([t]) }\n", &up, &down, NULL);
  ck_assert_str_eq (up,
    "-- CreateEnum\nCREATE TYPE \"Role\" AS ENUM ('admin', 'member');\n\n"
    "-- CreateTable\nCREATE TABLE \"T\" (\n"
    "    \"id\" uuid NOT NULL DEFAULT gen_random_uuid(),\n"
    "    \"role\" \"Role\" NOT NULL DEFAULT 'member',\n"
    "    \"at\" timestamp(6) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"
    "    \"n\" integer,\n\n"
    "    CONSTRAINT \"T_pkey\" PRIMARY KEY (\"id\")\n);\n\n"
    "-- CreateTable\nCREATE TABLE \"U\" (\n"
    "    \"id\" integer NOT NULL,\n"
    "    \"t\" uuid NOT NULL,\n\n"
    "    CONSTRAINT \"U_pkey\" PRIMARY KEY (\"id\")\n);\n\n"
    "-- CreateIndex\nCREATE INDEX \"T_role_at_idx\" ON \"T\"(\"role\", \"at\" DESC);\n\n"
    "-- CreateIndex\nCREATE UNIQUE INDEX \"U_t_key\" ON \"U\"(\"t\");\n\n"
    "-- AddForeignKey\nALTER TABLE \"U\" ADD CONSTRAINT \"U_t_fkey\" FOREIGN KEY (\"t\") REFERENCES \"T\"(\"id\")"
    " ON DELETE CASCADE ON UPDATE CASCADE;\n\n");
  ck_assert_str_eq (down,
    "-- AddForeignKey (revert)\nALTER TABLE \"U\" DROP CONSTRAINT \"U_t_fkey\";\n\n"
    "-- CreateIndex (revert)\nDROP INDEX \"U_t_key\";\n\n"
    "-- CreateIndex (revert)\nDROP INDEX \"T_role_at_idx\";\n\n"
    "-- CreateTable (revert)\nDROP TABLE \"U\";\n\n"
    "-- CreateTable (revert)\nDROP TABLE \"T\";\n\n"
    "-- CreateEnum (revert)\nDROP TYPE \"Role\";\n\n");
}
END_TEST

START_TEST (test_diff_serial_and_gin_snapshot)
{
  g_autofree char *up = NULL, *down = NULL;

  diff_texts ("", "model E { id BigInt @id @default(autoincrement())\n v Json?\n"
              " @@index([v(ops: JsonbPathOps)], type: Gin) }\n", &up, &down, NULL);
  ck_assert_str_eq (up,
    "-- CreateTable\nCREATE TABLE \"E\" (\n    \"id\" BIGSERIAL NOT NULL,\n    \"v\" jsonb,\n\n"
    "    CONSTRAINT \"E_pkey\" PRIMARY KEY (\"id\")\n);\n\n"
    "-- CreateIndex\nCREATE INDEX \"E_v_idx\" ON \"E\" USING gin(\"v\" jsonb_path_ops);\n\n");
}
END_TEST

START_TEST (test_diff_add_and_drop_column)
{
  g_autofree char *up = NULL, *down = NULL;

  diff_texts (BASE, "model A { id Int @id @default(autoincrement())\n age Int @default(0)\n}\n", &up, &down, NULL);
  ck_assert_str_eq (up,
    "-- AlterTable\nALTER TABLE \"A\" ADD COLUMN \"age\" integer NOT NULL DEFAULT 0;\n\n"
    "-- WARNING: destructive: [-] column A.name\n"
    "-- AlterTable\nALTER TABLE \"A\" DROP COLUMN \"name\";\n\n");
  ck_assert_str_eq (down,
    "-- AlterTable (revert)\nALTER TABLE \"A\" ADD COLUMN \"name\" text NOT NULL;\n\n"
    "-- AlterTable (revert)\nALTER TABLE \"A\" DROP COLUMN \"age\";\n\n");
}
END_TEST

START_TEST (test_diff_alter_column_type_null_default)
{
  g_autofree char *up = NULL, *down = NULL;

  diff_texts (BASE, "model A { id Int @id @default(autoincrement())\n name String? @default(\"x\") @db.VarChar(10)\n}\n",
              &up, &down, NULL);
  ck_assert_str_eq (up,
    "-- WARNING: destructive: [*] column A.name type text -> character varying(10)\n"
    "-- AlterTable\nALTER TABLE \"A\" ALTER COLUMN \"name\" SET DATA TYPE character varying(10)"
    " USING \"name\"::character varying(10);\n\n"
    "-- AlterTable\nALTER TABLE \"A\" ALTER COLUMN \"name\" DROP NOT NULL;\n\n"
    "-- AlterTable\nALTER TABLE \"A\" ALTER COLUMN \"name\" SET DEFAULT 'x';\n\n");
  ck_assert (strstr (down, "SET DATA TYPE text USING \"name\"::text;") != NULL);
  ck_assert (strstr (down, "SET NOT NULL;") != NULL);
  ck_assert (strstr (down, "DROP DEFAULT;") != NULL);
}
END_TEST

START_TEST (test_diff_widening_type_is_not_destructive)
{
  g_autofree char *up = NULL, *down = NULL;

  diff_texts ("model A { id Int @id\n at DateTime @db.Timestamp(3) }",
              "model A { id BigInt @id\n at DateTime @db.Timestamptz(3) }", &up, &down, NULL);
  ck_assert (strstr (up, "WARNING") == NULL);
  ck_assert (strstr (up, "SET DATA TYPE bigint") != NULL);
  ck_assert (strstr (up, "SET DATA TYPE timestamp(3) with time zone") != NULL);
}
END_TEST

START_TEST (test_diff_enum_add_value_keeps_order)
{
  g_autofree char *up = NULL, *down = NULL;

  diff_texts ("enum E { a c }", "enum E { z a b c }", &up, &down, NULL);
  ck_assert_str_eq (up,
    "-- AlterEnum\nALTER TYPE \"E\" ADD VALUE 'z' BEFORE 'a';\n\n"
    "-- AlterEnum\nALTER TYPE \"E\" ADD VALUE 'b' AFTER 'a';\n\n");
  ck_assert (strstr (down, "cannot drop the enum value 'b'") != NULL);
}
END_TEST

START_TEST (test_diff_drop_table_drops_keys_first)
{
  g_autofree char *up = NULL, *down = NULL;
  const char *two = "model P { id Int @id\n cs C[] }\n"
                    "model C { id Int @id\n p Int\n pp P @relation(fields: [p], references: [id])\n @@index([p]) }\n";

  diff_texts (two, "model P { id Int @id }\n", &up, &down, NULL);
  ck_assert_str_eq (up,
    "-- DropForeignKey\nALTER TABLE \"C\" DROP CONSTRAINT \"C_p_fkey\";\n\n"
    "-- DropIndex\nDROP INDEX \"C_p_idx\";\n\n"
    "-- WARNING: destructive: [-] table C\n"
    "-- DropTable\nDROP TABLE \"C\";\n\n");
  ck_assert_str_eq (down,
    "-- DropTable (revert)\nCREATE TABLE \"C\" (\n    \"id\" integer NOT NULL,\n    \"p\" integer NOT NULL,\n\n"
    "    CONSTRAINT \"C_pkey\" PRIMARY KEY (\"id\")\n);\n\n"
    "-- DropIndex (revert)\nCREATE INDEX \"C_p_idx\" ON \"C\"(\"p\");\n\n"
    "-- DropForeignKey (revert)\nALTER TABLE \"C\" ADD CONSTRAINT \"C_p_fkey\" FOREIGN KEY (\"p\") REFERENCES \"P\"(\"id\")"
    " ON DELETE RESTRICT ON UPDATE CASCADE;\n\n");
}
END_TEST

START_TEST (test_diff_changed_fk_and_index_are_recreated)
{
  g_autofree char *up = NULL, *down = NULL;
  guint n = 0;

  diff_texts ("model P { id Int @id\n cs C[] }\nmodel C { id Int @id\n p Int\n pp P @relation(fields: [p], references: [id])\n @@index([p]) }",
              "model P { id Int @id\n cs C[] }\nmodel C { id Int @id\n p Int\n pp P @relation(fields: [p], references: [id], onDelete: Cascade)\n"
              " @@index([p], map: \"C_p_idx\", type: Hash) }", &up, &down, &n);
  ck_assert_uint_eq (n, 4);
  ck_assert (strstr (up, "DROP CONSTRAINT \"C_p_fkey\"") != NULL);
  ck_assert (strstr (up, "ON DELETE CASCADE") != NULL);
  ck_assert (strstr (up, "USING hash") != NULL);
  ck_assert (strstr (down, "ON DELETE RESTRICT") != NULL);
}
END_TEST

START_TEST (test_diff_primary_key_change)
{
  g_autofree char *up = NULL, *down = NULL;

  diff_texts ("model A { a Int @id\n b Int }", "model A { a Int\n b Int\n @@id([a, b]) }", &up, &down, NULL);
  ck_assert_str_eq (up,
    "-- AlterTable\nALTER TABLE \"A\" DROP CONSTRAINT \"A_pkey\";\n\n"
    "-- AlterTable\nALTER TABLE \"A\" ADD CONSTRAINT \"A_pkey\" PRIMARY KEY (\"a\", \"b\");\n\n");
}
END_TEST

START_TEST (test_diff_drop_enum_is_last)
{
  g_autofree char *up = NULL, *down = NULL;

  diff_texts ("enum E { a }\nmodel A { id Int @id\n e E }", "model A { id Int @id }", &up, &down, NULL);
  ck_assert (strstr (up, "DROP COLUMN \"e\"") < strstr (up, "DROP TYPE \"E\""));
  ck_assert (strstr (down, "CREATE TYPE \"E\"") < strstr (down, "ADD COLUMN \"e\" \"E\" NOT NULL"));
}
END_TEST

/* Each tests/schema/data/<case>/schema.prisma: the migration from an empty
 * database is up.sql, its revert down.sql (the db test applies both). */
static const char *const snapshot_cases[] = { "real-world", "many-to-many", "relation-mode", "extensions" };

static char *
case_file (const char *name, const char *file)
{
  return g_build_filename (mdb_test_source_root (), "tests", "schema", "data", name, file, NULL);
}

START_TEST (test_diff_snapshot_cases)
{
  const char *name = snapshot_cases[_i];
  g_autofree char *schema_path = case_file (name, "schema.prisma");
  g_autofree char *up_path = case_file (name, "up.sql");
  g_autofree char *down_path = case_file (name, "down.sql");
  g_autofree char *text = NULL, *want_up = NULL, *want_down = NULL, *up = NULL, *down = NULL;
  g_autoptr (MdbSchema) empty = mdb__schema_new (NULL);
  g_autoptr (MdbSchema) wanted = NULL;
  g_autoptr (GPtrArray) steps = NULL;

  ck_assert (g_file_get_contents (schema_path, &text, NULL, NULL));
  ck_assert (g_file_get_contents (up_path, &want_up, NULL, NULL));
  ck_assert (g_file_get_contents (down_path, &want_down, NULL, NULL));
  /* As introspected: a new database has no extensions (but lists them). */
  empty->extensions = g_ptr_array_new ();
  wanted = parse (text);
  steps = mdb__schema_diff (empty, wanted);
  up = mdb__schema_render_up (steps);
  down = mdb__schema_render_down (steps);
  ck_assert_str_eq (up, want_up);
  ck_assert_str_eq (down, want_down);
}
END_TEST

START_TEST (test_lint_reports_each_rule_with_line)
{
  g_autofree char *path = g_build_filename (mdb_test_source_root (), "tests/schema/data/lint-bad/schema/bad.prisma", NULL);
  g_autoptr (MdbSchema) schema = mdb__prisma_parse_file (path, NULL);
  g_autoptr (GPtrArray) findings = NULL;
  g_autofree char *all = NULL;

  ck_assert_ptr_nonnull (schema);
  g_free (schema->path);
  schema->path = g_strdup ("bad.prisma");
  findings = mdb__schema_lint (schema);
  g_ptr_array_add (findings, NULL);
  all = g_strjoinv ("|", (char **) findings->pdata);
  ck_assert_msg (findings->len - 1 == 4, "findings: %s", all);
  ck_assert_str_eq (g_ptr_array_index (findings, 0),
                    "bad.prisma:7: model Item: foreign key Item_ownerId_fkey has no index leading with its columns");
  ck_assert_str_eq (g_ptr_array_index (findings, 1),
                    "bad.prisma:7: model Item: index Item_kind_idx is a prefix of Item_kind_createdAt_idx");
  ck_assert_str_eq (g_ptr_array_index (findings, 2),
                    "bad.prisma:7: model Item: index Item_id_idx duplicates or is a prefix of the primary key Item_pkey");
  ck_assert (strstr (g_ptr_array_index (findings, 3), "orders by createdAt") != NULL);
}
END_TEST

START_TEST (test_lint_real_schemas_are_clean)
{
  static const char *const files[] = { "schema/macrodb.prisma", "schema/contactsdb.prisma" };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (mdb_test_source_root (), files[i], NULL);
      g_autoptr (MdbSchema) schema = mdb__prisma_parse_file (path, NULL);
      g_autoptr (GPtrArray) findings = NULL;
      ck_assert_ptr_nonnull (schema);
      findings = mdb__schema_lint (schema);
      ck_assert_msg (findings->len == 0, "%s", findings->len > 0 ? (char *) g_ptr_array_index (findings, 0) : "");
    }
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("schema-diff");
  TCase *diff = tcase_create ("diff");
  TCase *lint = tcase_create ("lint");

  tcase_add_test (diff, test_diff_equal_schemas_has_no_steps);
  tcase_add_test (diff, test_diff_create_table_snapshot);
  tcase_add_loop_test (diff, test_diff_snapshot_cases, 0, G_N_ELEMENTS (snapshot_cases));
  tcase_add_test (diff, test_diff_serial_and_gin_snapshot);
  tcase_add_test (diff, test_diff_add_and_drop_column);
  tcase_add_test (diff, test_diff_alter_column_type_null_default);
  tcase_add_test (diff, test_diff_widening_type_is_not_destructive);
  tcase_add_test (diff, test_diff_enum_add_value_keeps_order);
  tcase_add_test (diff, test_diff_drop_table_drops_keys_first);
  tcase_add_test (diff, test_diff_changed_fk_and_index_are_recreated);
  tcase_add_test (diff, test_diff_primary_key_change);
  tcase_add_test (diff, test_diff_drop_enum_is_last);
  suite_add_tcase (s, diff);
  tcase_add_test (lint, test_lint_reports_each_rule_with_line);
  tcase_add_test (lint, test_lint_real_schemas_are_clean);
  suite_add_tcase (s, lint);
  return mdb_test_run (srunner_create (s), FALSE);
}
