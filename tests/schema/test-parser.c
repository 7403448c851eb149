/* SPDX-License-Identifier: MIT */
/* Unit tests of the Prisma parser: real schemas, malformed input, fuzzing, constraint names. */
#include <check.h>
#include <string.h>
#include <mdb-testing/mdb-testing.h>
#include "schema-model.h"

typedef struct {
  const char *input;
  const char *message;
} BadCase;

/* Each malformed input with the exact message it must produce. */
static const BadCase bad_cases[] = {
  { "foo",
    "t:1:1: expected \"model\", \"enum\", \"datasource\" or \"generator\", found identifier \"foo\"" },
  { "model",
    "t:1:6: expected a block name, found end of file" },
  { "model {",
    "t:1:7: expected a block name, found '{'" },
  { "model A",
    "t:1:8: expected '{', found end of file" },
  { "model A {",
    "t:1:10: expected a field, '@@' or '}', found end of file" },
  { "model A { id Int @id",
    "t:1:21: expected a field, '@@' or '}', found end of file" },
  { "model A { id }",
    "t:1:14: expected a field type, found '}'" },
  { "model A { id Int? ? }",
    "t:1:19: expected a field, '@@' or '}', found '?'" },
  { "model A { id Int @ }",
    "t:1:20: expected an attribute name, found '}'" },
  { "model A { id Int @id( }",
    "t:1:23: expected a value, found '}'" },
  { "model A { id Int @id(map: }",
    "t:1:27: expected a value, found '}'" },
  { "model A { id Int @default(now() }",
    "t:1:33: expected ',' or ')', found '}'" },
  { "model A { id Int @db. }",
    "t:1:23: expected a native type name, found '}'" },
  { "model A { id Int @@ }",
    "t:1:21: expected an attribute name, found '}'" },
  { "model A { id Int @id } }",
    "t:1:24: expected \"model\", \"enum\", \"datasource\" or \"generator\", found '}'" },
  { "model A { id Int @id } model",
    "t:1:29: expected a block name, found end of file" },
  { "enum E { A B",
    "t:1:13: expected an enum value, '@@' or '}', found end of file" },
  { "enum E { @ }",
    "t:1:10: expected an enum value, '@@' or '}', found '@'" },
  { "enum E { A @map( }",
    "t:1:18: expected a value, found '}'" },
  { "model A { id Int @id @default(\"unterminated) }",
    "t:1:31: expected a value, found unterminated string" },
  { "model A { id Int @id # }",
    "t:1:22: expected a field, '@@' or '}', found character '#'" },
  { "model A { id Int[ }",
    "t:1:19: expected ']', found '}'" },
  { "model A { id Int @id @default([1, }",
    "t:1:35: expected a value, found '}'" },
  { "datasource db { provider \"x\" }",
    "t:1:26: expected '=', found string \"x\"" },
  { "datasource db { provider = }",
    "t:1:28: expected a value, found '}'" },
  { "generator { }",
    "t:1:11: expected a block name, found '{'" },
  { "model A { id Int @id @default(a(b(c(d(e(f(g(h(i(j(k(l(m(n(o(p(q(r()))))))))))))))))))) }",
    "t:1:63: expected a less deeply nested value, found identifier \"q\"" },
  /* Invalid UTF-8 anywhere, strings and comments included, is refused
   * at the bad byte; valid multi-byte text before it counts one column. */
  { "model A { id String @id @default(\"caf\xe9\xff\") }",
    "t:1:38: invalid UTF-8 (byte 0xe9): a schema is UTF-8 text, comments and strings included" },
  { "// caf\xc3\xa9 ok\n// bad \xff\nmodel A { id Int @id }",
    "t:2:8: invalid UTF-8 (byte 0xff): a schema is UTF-8 text, comments and strings included" },
  { "model A { id Int @id } // \xc3",
    "t:1:27: invalid UTF-8 (byte 0xc3): a schema is UTF-8 text, comments and strings included" },
  { "model A { id Foo @id }",
    "t:1:14: unknown type \"Foo\"" },
  { "model A { id Int @id } model A { id Int @id }",
    "t:1:24: duplicate model \"A\"" },
  { "enum E { A } model E { id Int @id }",
    "t:1:14: duplicate model \"E\"" },
  { "model A { id Int @id x Int @@index([y]) }",
    "t:1:37: unknown field \"y\" in @@index of model A" },
  { "model A { id Int @id x Int @@unique([y]) }",
    "t:1:38: unknown field \"y\" in @@unique of model A" },
  { "model A { id Int @id } model B { id Int @id a Int aa A @relation(fields: [a], references: [id, id]) }",
    "t:1:56: @relation fields and references differ in length (1 vs 2)" },
  { "model A { id Int @id } model B { id Int @id a Int aa A @relation(fields: [a]) }",
    "t:1:56: @relation needs both fields: and references:" },
  { "model A { id Int @id } model B { id Int @id a Int aa A @relation(fields: [b], references: [id]) }",
    "t:1:75: unknown field \"b\" in @relation fields of model B" },
  { "model A { id Int }",
    "t:1:1: Error validating model \"A\": Each model must have at least one unique criteria that has only required fields. Either mark a single field with `@id`, `@unique` or add a multi field criterion with `@@id([])` or `@@unique([])` to the model." },
  { "model A { id Int @id @@id([id]) }",
    "t:1:22: model A has more than one primary key" },
  { "model A { id Int @id @foo }",
    "t:1:22: unknown field attribute @foo" },
  /* Found by fuzz-prisma: the second default leaked the first. */
  { "model A { id Int @id x String @default(\"a\") @default(\"b\") }",
    "t:1:45: @default given twice on field x" },
  { "model A { id Int @id @@foo([id]) }",
    "t:1:22: unknown block attribute @@foo" },
  { "model A { id Int @id x String @db.Foo }",
    "t:1:31: unknown native type @db.Foo" },
  { "model A { id Int @id x String @db.Timestamptz(3) }",
    "t:1:31: @db.Timestamptz does not apply to a field of type String" },
  { "model A { id Int @id x String @db.VarChar(a) }",
    "t:1:31: expected a non-negative integer argument to @db.VarChar" },
  { "model A { id Int @id x Int @default(cuid()) }",
    "t:1:37: cuid() needs a String field" },
  { "model A { id String @id @default(autoincrement()) }",
    "t:1:34: autoincrement() needs an Int or BigInt field" },
  { "model A { id Int @id x Int @default(Nope) }",
    "t:1:37: unknown default value Nope for a field of type Int" },
  { "model A { id Int @id x Boolean @updatedAt }",
    "t:1:32: @updatedAt needs a DateTime field" },
  { "model A { id Int @id id String }",
    "t:1:22: duplicate field \"id\" in model A" },
  { "model A { id Int @id x Int @map(\"id\") }",
    "t:1:22: duplicate column \"id\" in model A" },
  { "enum E { A A }",
    "t:1:12: duplicate value \"A\" in enum E" },
  { "enum E { }",
    "t:1:1: enum E has no values" },
  { "model A { id Int @id x Int @@index([x(sort: Sideways)]) }",
    "t:1:39: expected sort: Asc|Desc, ops: <OpClass> or ops: raw(\"<opclass>\") in @@index" },
  { "model A { id Int @id } model B { id Int @id a Int aa A @relation(fields: [a], references: [id], onDelete: Explode) }",
    "t:1:97: expected Cascade, Restrict, NoAction, SetNull or SetDefault for onDelete" },
  { "model A { id Int @id x Int @relation(fields: [x], references: [id]) }",
    "t:1:28: @relation on field x whose type Int is not a model" },
  { "model Int { id Int @id }",
    "t:1:1: Int is a built-in type name" },
  { "model A { id Int @id @@index(x) }",
    "t:1:30: unknown field \"x\" in @@index of model A" },
  { "model A { id Int @id @@index([]) }",
    "t:1:30: expected a non-empty list of fields in @@index" },
  { "model A { id Int @id x Int @@map(1) }",
    "t:1:34: expected a string for name, found 1" },
  /* Constructs of real-world schemas: refused, or misused. */
  { "view V { id Int @unique }",
    "t:1:1: view blocks are not supported: mdb manages tables; write view V as SQL in a hand-written migration (mdb migrate add NAME --empty)" },
  { "type T { a Int }",
    "t:1:1: type blocks (composite types) are not supported: Prisma has them for MongoDB only" },
  { "model A { id Int @id @@schema(\"x\") }",
    "t:1:22: @@schema (Prisma's multiSchema) is not supported: mdb manages the public schema only" },
  { "enum E { A @@schema(\"x\") }",
    "t:1:12: @@schema (Prisma's multiSchema) is not supported: mdb manages the public schema only" },
  { "model A { id String @id @default(nanoid(1)) }",
    "t:1:34: expected uuid(), uuid(4|7), cuid(), cuid(2), nanoid(), nanoid(2..255), ulid(), now(), autoincrement() or dbgenerated(\"…\"), found nanoid(1)" },
  { "model A { id String @id @default(uuid(5)) }",
    "t:1:34: expected uuid(), uuid(4|7), cuid(), cuid(2), nanoid(), nanoid(2..255), ulid(), now(), autoincrement() or dbgenerated(\"…\"), found uuid(5)" },
  { "model A { id Int @id x Int @default([1]) }",
    "t:1:37: a list default needs a list field ([])" },
  { "model A { id Int @id x Unsupported(1) }",
    "t:1:24: expected Unsupported(\"<SQL type>\") as the type of x" },
  { "model A { id Int @id x Foo(\"a\") }",
    "t:1:24: expected Unsupported(\"<SQL type>\") as the type of x" },
  { "model A { a Int? @unique }",
    "t:1:1: Error validating model \"A\": Each model must have at least one unique criteria that has only required fields. Either mark a single field with `@id`, `@unique` or add a multi field criterion with `@@id([])` or `@@unique([])` to the model." },
  { "model A { id Int @id } /* open",
    "t:1:24: expected \"model\", \"enum\", \"datasource\" or \"generator\", found an unterminated /* comment" },
  { "model A { id Int @id x String @@index([x(ops: raw(1))]) }",
    "t:1:42: expected sort: Asc|Desc, ops: <OpClass> or ops: raw(\"<opclass>\") in @@index" },
  { "model A { id Int @id x Int[] @default([1, \"a\"]) }",
    "t:1:43: a string in the list default of x, a list of Int" },
  { "enum E { A } model M { id Int @id e E[] @default([A, B]) }",
    "t:1:54: unknown default value B for a field of type E" },
  /* Relations: every relation field has one opposite field (Prisma P1012). */
  { "model A { id Int @id } model B { id Int @id a Int aa A @relation(fields: [a], references: [id]) }",
    "t:1:51: Error validating field `aa` in model `B`: The relation field `aa` on model `B` is missing an opposite relation field on the model `A`. Either run `prisma format` or add it manually." },
  { "model A { id Int @id bs B[] } model B { id Int @id a Int aa A @relation(fields: [a], references: [id]) ab A @relation(fields: [a], references: [id]) }",
    "t:1:104: Error validating model \"B\": Ambiguous relation detected. The fields `aa` and `ab` in model `B` both refer to `A`. Please provide different relation names for them by adding `@relation(<name>)`." },
  { "model A { id Int @id p Int? pa A? @relation(fields: [p], references: [id]) cs A[] }",
    "t:1:76: Error validating model \"A\": Ambiguous self relation detected. The fields `pa` and `cs` in model `A` both refer to `A`. If they are part of the same relation add the same relation name for them with `@relation(<name>)`." },
  { "model A { id Int @id p Int? pa A? @relation(\"t\", fields: [p], references: [id]) }",
    "t:1:29: Error validating field `pa` in model `A`: The relation field `pa` on model `A` is missing an opposite relation field on the model `A`. Either run `prisma format` or add it manually." },
  { "model A { id Int @id p Int? pa A? @relation(\"t\", fields: [p], references: [id]) cs A[] @relation(\"t\") ds A[] @relation(\"t\") }",
    "t:1:103: Error validating model \"A\": Ambiguous self relation detected. The fields `pa` and `ds` in model `A` both refer to `A`. If they are part of the same relation add the same relation name for them with `@relation(<name>)`." },
  { "model A { id Int @id bs B[] @relation(fields: [id], references: [id]) } model B { id Int @id aa A }",
    "t:1:22: Error validating field `bs` in model `A`: The relation field `bs` on Model `A` must not specify the `fields` or `references` argument in the @relation attribute. You must only specify it on the opposite field `aa` on model `B`." },
  { "model A { id Int @id bs B[] } model B { id Int @id aa A }",
    "t:1:52: Error parsing attribute \"@relation\": The relation field `aa` on Model `B` must specify the `fields` argument in the @relation attribute." },
  { "model A { id Int @id b B? } model B { id Int @id aa A }",
    "t:1:50: Error validating field `aa` in model `B`: The relation fields `b` on Model `A` and `aa` on Model `B` do not provide the `fields` argument in the @relation attribute. You have to provide it on one of the two fields." },
  { "model A { id Int @id b B? @relation(fields: [id], references: [id]) } model B { id Int @id a Int @unique aa A? @relation(fields: [a], references: [id]) }",
    "t:1:106: Error validating field `aa` in model `B`: The relation fields `b` on Model `A` and `aa` on Model `B` both provide the `fields` argument in the @relation attribute. You have to provide it only on one of the two fields." },
  { "model A { id Int @id b B } model B { id Int @id a Int @unique aa A @relation(fields: [a], references: [id]) }",
    "t:1:24: Error parsing attribute \"@relation\": The relation field `b` on Model `A` is required. This is not valid because it's not possible to enforce this constraint on the database level. Please change the field type from `B` to `B?` to fix this." },
  { "model A { id Int @id b B? } model B { id Int @id a Int aa A @relation(fields: [a], references: [id]) }",
    "t:1:56: Error parsing attribute \"@relation\": A one-to-one relation must use unique fields on the defining side. Either add an `@unique` attribute to the field `a`, or change the relation to one-to-many." },
  { "model A { id Int @id bs B[] @relation(fields: [id], references: [id]) } model B { id Int @id as A[] }",
    "t:1:22: Error validating field `bs` in model `A`: Implicit many-to-many relations must not specify `fields` or `references`." },
  { "model A { id Int @id bs B[] } model B { x Int @unique as A[] }",
    "t:1:22: Error validating field `bs` in model `A`: The relation field `bs` on Model `A` references `B` which does not have an `@id` field. Models without `@id` cannot be part of a many to many relation. Use an explicit intermediate Model to represent this relationship." },
  { "datasource db { provider = \"postgresql\" relationMode = \"magic\" }",
    "t:1:56: expected relationMode = \"foreignKeys\" or \"prisma\"" },
  { "model A { id Int @id bs B[] @relation(\"x\") } model B { id Int @id as A[] @relation(\"x\") } model x { id Int @id @@map(\"_x\") }",
    "t:1:22: the join table _x of this many-to-many relation is also a model's table" },
  { "datasource db { provider = \"postgresql\" extensions = [postgis(schema: \"gis\")] }",
    "t:1:63: extension postgis in schema \"gis\": mdb manages the public schema only" },
  { "datasource db { provider = \"postgresql\" extensions = [vector(size: 3)] }",
    "t:1:62: expected map:, schema: or version: \"…\" for extension vector" },
  { "datasource db { provider = \"postgresql\" extensions = pg_trgm }",
    "t:1:54: expected a list of extensions: extensions = [pg_trgm, …]" },
  { "model A {\n  id Int @id\n  x  Foo\n}",
    "t:3:6: unknown type \"Foo\"" },
};

static char *
source_path (const char *relative)
{
  return g_build_filename (mdb_test_source_root (), relative, NULL);
}

START_TEST (test_parser_real_schemas_parse)
{
  static const char *const files[] = { "schema/macrodb.prisma", "schema/contactsdb.prisma" };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = source_path (files[i]);
      g_autoptr (GError) error = NULL;
      g_autoptr (MdbSchema) schema = mdb__prisma_parse_file (path, &error);
      ck_assert_msg (schema != NULL, "%s: %s", files[i], error != NULL ? error->message : "?");
      ck_assert_uint_gt (schema->tables->len, 0);
    }
}
END_TEST

START_TEST (test_parser_macrodb_has_required_tables)
{
  static const char *const tables[] = {
    "User", "macro_user", "Organization", "team", "team_user", "Document", "DocumentInstance",
    "DocumentInstanceModificationData", "DocumentBom", "BomPart", "DocumentText", "Project",
    "SharePermission", "DocumentPermission", "ProjectPermission", "ChatPermission",
    "ChannelSharePermission", "UserItemAccess", "UserHistory", "ItemLastAccessed", "Pin", "Chat",
    "ChatMessage", "ChatAttachment", "Thread", "Comment", "comms_channels", "comms_channel_participants",
    "comms_messages", "comms_reactions", "comms_attachments", "comms_entity_mentions", "comms_activity",
    "email_links", "email_threads", "email_messages", "email_contacts", "email_message_recipients",
    "email_labels", "email_message_labels", "email_attachments", "notification", "user_notification",
    "notification_email_unsubscribe", "user_notification_item_unsubscribe", "user_device_registration",
    "user_mute_notification", "property_definitions", "property_options", "entity_properties",
  };
  g_autofree char *path = source_path ("schema/macrodb.prisma");
  g_autoptr (MdbSchema) schema = mdb__prisma_parse_file (path, NULL);

  ck_assert_ptr_nonnull (schema);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    ck_assert_msg (mdb__schema_find_table (schema, tables[i]) != NULL, "missing table %s", tables[i]);
  /* One timestamp type: every DateTime is timestamptz. */
  for (guint t = 0; t < schema->tables->len; t++)
    {
      MdbSchemaTable *table = g_ptr_array_index (schema->tables, t);
      for (guint c = 0; c < table->columns->len; c++)
        {
          MdbSchemaColumn *column = g_ptr_array_index (table->columns, c);
          ck_assert_msg (!column->is_datetime || strstr (column->type, "with time zone") != NULL,
                         "%s.%s is %s", table->name, column->name, column->type);
        }
    }
}
END_TEST

START_TEST (test_parser_model_details)
{
  static const char text[] =
    "/// doc comment\n"
    "enum Status { ACTIVE @map(\"active\")\n PAUSED\n @@map(\"status\") }\n"
    "model Org { id Int @id @default(autoincrement())\n"
    "  name String @unique @db.VarChar(64)\n"
    "  st Status @default(ACTIVE)\n"
    "  at DateTime @default(now()) @db.Timestamptz(6) @map(\"created_at\")\n"
    "  n Decimal @db.Decimal(10, 2) @default(-1)\n"
    "  tags String[]\n"
    "  ms M[]\n  @@map(\"orgs\") @@index([at(sort: Desc), name]) }\n"
    "model M { a String @db.Uuid @default(uuid())\n b Int\n org Org @relation(fields: [b], references: [id])\n"
    "  j Json? @default(dbgenerated(\"'{}'::jsonb\"))\n"
    "  @@id([a, b], map: \"m_pk\") @@index([j(ops: JsonbPathOps)], type: Gin) }\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (MdbSchema) schema = mdb__prisma_parse (text, strlen (text), "t", &error);
  MdbSchemaTable *orgs, *m;
  MdbSchemaColumn *col;
  MdbSchemaIndex *index;
  MdbSchemaForeignKey *fk;

  ck_assert_msg (schema != NULL, "%s", error != NULL ? error->message : "");
  ck_assert_str_eq (((MdbSchemaEnum *) g_ptr_array_index (schema->enums, 0))->name, "status");
  ck_assert_str_eq (g_ptr_array_index (((MdbSchemaEnum *) g_ptr_array_index (schema->enums, 0))->values, 0), "active");
  orgs = mdb__schema_find_table (schema, "orgs");
  ck_assert_ptr_nonnull (orgs);
  ck_assert_str_eq (orgs->pk_name, "orgs_pkey");
  ck_assert (((MdbSchemaColumn *) g_ptr_array_index (orgs->columns, 0))->serial);
  col = mdb__schema_table_find_column (orgs, "name");
  ck_assert_str_eq (col->type, "character varying(64)");
  col = mdb__schema_table_find_column (orgs, "st");
  ck_assert (col->is_enum);
  ck_assert_str_eq (col->default_expr, "'active'");
  col = mdb__schema_table_find_column (orgs, "created_at");
  ck_assert_str_eq (col->type, "timestamp(6) with time zone");
  ck_assert_str_eq (col->default_expr, "CURRENT_TIMESTAMP");
  col = mdb__schema_table_find_column (orgs, "n");
  ck_assert_str_eq (col->type, "numeric(10,2)");
  ck_assert_str_eq (col->default_expr, "'-1'");
  col = mdb__schema_table_find_column (orgs, "tags");
  ck_assert (col->is_list && !col->not_null);
  index = g_ptr_array_index (orgs->indexes, 1);
  ck_assert_str_eq (index->name, "orgs_created_at_name_idx");
  ck_assert (g_array_index (index->desc, gboolean, 0));
  m = mdb__schema_find_table (schema, "M");
  ck_assert_str_eq (m->pk_name, "m_pk");
  ck_assert_str_eq (mdb__schema_table_find_column (m, "a")->default_expr, "gen_random_uuid()");
  ck_assert_str_eq (mdb__schema_table_find_column (m, "j")->default_expr, "'{}'");
  index = g_ptr_array_index (m->indexes, 0);
  ck_assert_str_eq (index->method, "gin");
  ck_assert_str_eq (g_ptr_array_index (index->opclasses, 0), "jsonb_path_ops");
  fk = g_ptr_array_index (m->foreign_keys, 0);
  ck_assert_str_eq (fk->name, "M_b_fkey");
  ck_assert_str_eq (fk->ref_table, "orgs");
  ck_assert_str_eq (fk->on_delete, "RESTRICT");
  ck_assert_str_eq (fk->on_update, "CASCADE");
}
END_TEST

/* tests/schema/data/real-world: the constructs public schemas use, which
 * Prisma accepts (the schema-prisma test checks that with Prisma). */
START_TEST (test_parser_real_world_constructs)
{
  g_autofree char *path = source_path ("tests/schema/data/real-world/schema.prisma");
  g_autoptr (GError) error = NULL;
  g_autoptr (MdbSchema) schema = mdb__prisma_parse_file (path, &error);
  MdbSchemaTable *account, *profile, *post;
  static const char *const types[][2] = {
    { "bio", "character varying(10000)" }, { "search", "tsvector" },
    { "opensAt", "time without time zone" }, { "closesAt", "time(3) with time zone" },
    { "flags", "bit(8)" }, { "mask", "bit varying" }, { "doc", "xml" }, { "ip", "inet" },
    { "balance", "money" }, { "amount", "numeric" }, { "objectId", "oid" },
    { "createdAt", "timestamp with time zone" }, { "seenAt", "timestamp without time zone" },
  };
  /* Client-made ids have no database default, as in Prisma's DDL. */
  static const char *const client_ids[] = { "id", "legacyId", "slug", "short", "sortKey", "v7" };

  ck_assert_msg (schema != NULL, "%s", error != NULL ? error->message : "");
  account = mdb__schema_find_table (schema, "Account");
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    ck_assert_str_eq (mdb__schema_table_find_column (account, types[i][0])->type, types[i][1]);
  for (guint i = 0; i < G_N_ELEMENTS (client_ids); i++)
    ck_assert_ptr_null (mdb__schema_table_find_column (account, client_ids[i])->default_expr);
  ck_assert_str_eq (mdb__schema_table_find_column (account, "v4")->default_expr, "gen_random_uuid()");
  ck_assert_str_eq (mdb__schema_table_find_column (account, "roles")->default_expr, "'{USER,ADMIN}'");
  ck_assert_str_eq (mdb__schema_table_find_column (account, "tags")->default_expr, "'{\"a b\",c}'");
  ck_assert_str_eq (mdb__schema_table_find_column (account, "scores")->default_expr, "'{1,2,3}'");
  /* @ignore keeps the column, @@ignore the table. */
  ck_assert_ptr_nonnull (mdb__schema_table_find_column (account, "internal"));
  ck_assert_ptr_nonnull (mdb__schema_find_table (schema, "AuditLog"));
  /* Bracket-less @@index(short), ops: raw(…). */
  ck_assert_str_eq (((MdbSchemaIndex *) g_ptr_array_index (account->indexes, 2))->name, "Account_short_idx");
  ck_assert_str_eq (g_ptr_array_index (((MdbSchemaIndex *) g_ptr_array_index (account->indexes, 4))->opclasses, 0),
                    "text_pattern_ops");
  /* Identified by @unique / @@unique only: no primary key. */
  profile = mdb__schema_find_table (schema, "Profile");
  post = mdb__schema_find_table (schema, "Post");
  ck_assert_ptr_null (profile->pk_name);
  ck_assert_ptr_null (post->pk_name);
  ck_assert_str_eq (((MdbSchemaIndex *) g_ptr_array_index (post->indexes, 0))->name, "Post_accountId_slug_key");
}
END_TEST

START_TEST (test_parser_malformed_input_names_position)
{
  const BadCase *bc = &bad_cases[_i];
  g_autoptr (GError) error = NULL;
  g_autoptr (MdbSchema) schema = mdb__prisma_parse (bc->input, strlen (bc->input), "t", &error);

  ck_assert_msg (schema == NULL, "case %d parsed: %s", _i, bc->input);
  ck_assert_msg (g_error_matches (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT), "case %d: wrong error", _i);
  ck_assert_msg (strcmp (error->message, bc->message) == 0, "case %d: got [%s] want [%s]",
                 _i, error->message, bc->message);
}
END_TEST

/* Random byte edits of the real schema: every result is a model or an error. */
START_TEST (test_parser_fuzzed_input_never_crashes)
{
  g_autofree char *path = source_path ("schema/macrodb.prisma");
  g_autofree char *text = NULL;
  gsize len = 0;
  GRand *rand = g_rand_new_with_seed (4242);
  static const char alphabet[] = "{}()[],:=?.@\"/\n x1-";

  ck_assert (g_file_get_contents (path, &text, &len, NULL));
  for (int iter = 0; iter < 3000; iter++)
    {
      g_autofree char *copy = g_memdup2 (text, len);
      gsize n = len;
      int edits = g_rand_int_range (rand, 1, 6);
      g_autoptr (GError) error = NULL;
      MdbSchema *schema;

      for (int e = 0; e < edits && n > 0; e++)   /* a truncation may leave nothing to edit */
        {
          gsize at = g_rand_int_range (rand, 0, (gint32) n);
          int kind = g_rand_int_range (rand, 0, 3);
          if (kind == 0)
            copy[at] = (char) g_rand_int_range (rand, 0, 256);
          else if (kind == 1)
            copy[at] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
          else
            n = at;  /* truncate */
        }
      schema = mdb__prisma_parse (copy, n, "fuzz", &error);
      ck_assert_msg ((schema == NULL) != (error == NULL), "iteration %d: model and error disagree", iter);
      if (error != NULL)
        ck_assert_msg (g_str_has_prefix (error->message, "fuzz:"), "iteration %d: %s", iter, error->message);
      mdb__schema_free (schema);
    }
  /* Pure random bytes too. */
  for (int iter = 0; iter < 2000; iter++)
    {
      char buf[256];
      gsize n = g_rand_int_range (rand, 0, sizeof buf);
      g_autoptr (GError) error = NULL;
      for (gsize i = 0; i < n; i++)
        buf[i] = (char) g_rand_int_range (rand, 0, 256);
      mdb__schema_free (mdb__prisma_parse (buf, n, "rnd", &error));
    }
  g_rand_free (rand);
}
END_TEST

START_TEST (test_names_follow_prisma_conventions)
{
  const char *cols[] = { "userId", "itemType" };
  g_autofree char *pkey = mdb__schema_name_pkey ("Document");
  g_autofree char *key = mdb__schema_name_index ("User", cols, 1, "_key");
  g_autofree char *idx = mdb__schema_name_index ("UserHistory", cols, 2, "_idx");
  g_autofree char *fkey = mdb__schema_name_index ("Pin", cols, 1, "_fkey");

  ck_assert_str_eq (pkey, "Document_pkey");
  ck_assert_str_eq (key, "User_userId_key");
  ck_assert_str_eq (idx, "UserHistory_userId_itemType_idx");
  ck_assert_str_eq (fkey, "Pin_userId_fkey");
}
END_TEST

START_TEST (test_names_truncate_to_63_bytes)
{
  const char *cols[] = { "a_rather_long_column_name", "another_rather_long_column_name" };
  g_autofree char *idx = mdb__schema_name_index ("some_table", cols, 2, "_idx");
  g_autofree char *exact = NULL;
  g_autofree char *under = NULL;
  g_autofree char *utf8 = NULL;
  g_autofree char *table59 = g_strnfill (59, 't');
  g_autofree char *table58 = g_strnfill (58, 't');
  /* 58 ASCII bytes then "é" (2 bytes) straddles the 59-byte cut. */
  g_autofree char *accented = g_strconcat (table58, "\xc3\xa9", "xyz", NULL);

  ck_assert_uint_eq (strlen (idx), 63);
  ck_assert (g_str_has_suffix (idx, "_idx"));
  ck_assert_str_eq (idx, "some_table_a_rather_long_column_name_another_rather_long_co_idx");
  /* Prisma cuts when the stem reaches 63 - len(suffix), so 59 + "_idx" = 63. */
  exact = mdb__schema_name_pkey (table59);
  ck_assert_uint_eq (strlen (exact), 63);
  under = mdb__schema_name_pkey (table58);
  ck_assert_uint_eq (strlen (under), 63);
  utf8 = mdb__schema_name_index (accented, NULL, 0, "_idx");
  ck_assert_msg (g_utf8_validate (utf8, -1, NULL), "cut inside a UTF-8 sequence");
  ck_assert_uint_eq (strlen (utf8), 58 + 4);
}
END_TEST

START_TEST (test_normalize_default_drops_literal_cast)
{
  g_autofree char *a = mdb__schema_normalize_default ("'gpt-4o'::text");
  g_autofree char *b = mdb__schema_normalize_default ("'it''s'::character varying");
  g_autofree char *c = mdb__schema_normalize_default ("CURRENT_TIMESTAMP");
  g_autofree char *d = mdb__schema_normalize_default ("'PILOT'::\"OrganizationStatus\"");

  ck_assert_str_eq (a, "'gpt-4o'");
  ck_assert_str_eq (b, "'it''s'");
  ck_assert_str_eq (c, "CURRENT_TIMESTAMP");
  ck_assert_str_eq (d, "'PILOT'");
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("schema-parser");
  TCase *tc = tcase_create ("parser");
  TCase *names = tcase_create ("names");

  tcase_add_test (tc, test_parser_real_schemas_parse);
  tcase_add_test (tc, test_parser_macrodb_has_required_tables);
  tcase_add_test (tc, test_parser_model_details);
  tcase_add_test (tc, test_parser_real_world_constructs);
  tcase_add_loop_test (tc, test_parser_malformed_input_names_position, 0, G_N_ELEMENTS (bad_cases));
  tcase_add_test (tc, test_parser_fuzzed_input_never_crashes);
  tcase_set_timeout (tc, 120);
  suite_add_tcase (s, tc);
  tcase_add_test (names, test_names_follow_prisma_conventions);
  tcase_add_test (names, test_names_truncate_to_63_bytes);
  tcase_add_test (names, test_normalize_default_drops_literal_cast);
  suite_add_tcase (s, names);
  return mdb_test_run (srunner_create (s), FALSE);
}
