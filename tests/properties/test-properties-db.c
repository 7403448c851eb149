/* SPDX-License-Identifier: MIT */
/* test-properties-db.c: properties_db_client against a fresh MacroDB per
 * test, seeded with fixtures/properties.sql. */
#include <string.h>
#include <check.h>
#include <mdb-testing/mdb-testing.h>
#include <properties-db/properties-db.h>

#define ALICE    "macro|alice@acme.test"
#define BOB      "macro|bob@acme.test"
#define EVE      "macro|eve@else.test"
#define PRIORITY "11111111-1111-1111-1111-111111111111"   /* alice's, SELECT_STRING, 4 options */
#define STAGE    "33333333-3333-3333-3333-333333333333"   /* organisation 7's, SELECT_NUMBER, multi */
#define EVES     "44444444-4444-4444-4444-444444444444"   /* eve's, STRING */
#define LOW      "22222222-2222-2222-2222-000000000001"
#define MEDIUM   "22222222-2222-2222-2222-000000000002"
#define HIGH     "22222222-2222-2222-2222-000000000003"
#define URGENT   "22222222-2222-2222-2222-000000000004"
#define STAGE1   "55555555-5555-5555-5555-000000000001"
#define STAGE2   "55555555-5555-5555-5555-000000000002"

typedef struct {
  MdbTestDb *db;
  MdbPool   *pool;
} Fixture;

static Fixture fx;

static void
setup (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *migrations = g_build_filename (mdb_test_source_root (), "migrations", "macrodb", NULL);
  g_autofree char *fixture = g_build_filename (mdb_test_source_root (), "tests", "properties", "fixtures",
                                               "properties.sql", NULL);

  fx.db = mdb_test_db_new (migrations, &error);
  ck_assert_msg (fx.db != NULL, "test db: %s", error ? error->message : "");
  ck_assert_msg (mdb_test_db_apply_fixture (fx.db, fixture, &error), "fixture: %s", error ? error->message : "");
  fx.pool = mdb_pool_new_simple (mdb_test_db_get_url (fx.db), 4, &error);
  ck_assert_msg (fx.pool != NULL, "pool: %s", error ? error->message : "");
}

static void
teardown (void)
{
  g_clear_pointer (&fx.pool, mdb_pool_free);
  g_clear_pointer (&fx.db, mdb_test_db_free);
}

#define EXEC MDB_EXECUTOR (fx.pool)

static gint64
sql_int (const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdbResult) res = mdb_exec (EXEC, sql, NULL, &error);
  gint64 v = -1;

  ck_assert_msg (res != NULL, "%s: %s", sql, error ? error->message : "");
  ck_assert_msg (mdb_result_get_int64 (res, 0, 0, &v, &error), "%s", error ? error->message : "");
  return v;
}

static char *
sql_text (const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdbResult) res = mdb_exec (EXEC, sql, NULL, &error);

  ck_assert_msg (res != NULL, "%s: %s", sql, error ? error->message : "");
  return mdb_result_dup_string (res, 0, 0, NULL);
}

static void
sql_run (const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdbResult) res = mdb_exec (EXEC, sql, NULL, &error);

  ck_assert_msg (res != NULL, "%s: %s", sql, error ? error->message : "");
}

static void
assert_error (const GError *error, MdbError code, const char *fragment)
{
  ck_assert_msg (g_error_matches (error, MDB_ERROR, code), "want code %d, got %s", code,
                 error ? error->message : "no error");
  ck_assert_msg (strstr (error->message, fragment) != NULL, "message [%s] lacks [%s]", error->message, fragment);
}

static char *
uuid_text (const MdbUuid *uuid)
{
  char out[MDB_UUID_STRING_SIZE];

  return g_strdup (mdb_uuid_format (uuid, out));
}

/* "Low,Medium,…" (or numbers) of a definition's options, in their order. */
static char *
option_values (const PropertiesDbDefinition *def)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < def->n_options; i++)
    {
      const PropertiesDbDefinitionOptionsItem *o = &def->options[i];

      if (o->string_value != NULL)
        g_string_append_printf (out, "%s%s", i ? "," : "", o->string_value);
      else
        g_string_append_printf (out, "%s%g", i ? "," : "", o->number_value);
    }
  return g_string_free (out, FALSE);
}

static PropertiesDbDefinition *
get_ok (const char *user, const char *id)
{
  g_autoptr(GError) error = NULL;
  PropertiesDbDefinition *def = properties_db_definition_get (EXEC, user, id, &error);

  ck_assert_msg (def != NULL, "get %s: %s", id, error ? error->message : "");
  return def;
}

static void
assert_options (const char *id, const char *expected)
{
  g_autoptr(PropertiesDbDefinition) def = get_ok (ALICE, id);
  g_autofree char *got = option_values (def);

  ck_assert_msg (strcmp (got, expected) == 0, "options of %s: got [%s], want [%s]", id, got, expected);
}

static const PropertiesDbEntity DOC1 = { PROPERTIES_DB_PROPERTY_ENTITY_TYPE_DOCUMENT, "doc-1" };

/* ---- the real system's test, ported ---------------------------------- */

/* properties_db_client/src/property_options/insert.rs::test_create_property_option_string */
START_TEST (test_create_string_option_extra_high_gives_five_options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PropertiesDbDefinition) before = get_ok (ALICE, PRIORITY);
  g_autoptr(PropertiesDbDefinition) after = NULL;
  g_autoptr(PropertiesDbOption) row = NULL;
  g_autofree char *def_id = NULL;
  PropertiesDbOptionSpec extra = { 4, FALSE, 0, "Extra High" };

  ck_assert_uint_eq (before->n_options, 4);
  row = properties_db_option_add (EXEC, ALICE, PRIORITY, &extra, &error);
  ck_assert_msg (row != NULL, "add: %s", error ? error->message : "");
  ck_assert_int_eq (row->display_order, 4);
  def_id = uuid_text (&row->property_definition_id);
  ck_assert_str_eq (def_id, PRIORITY);
  ck_assert_str_eq (row->string_value, "Extra High");
  ck_assert (row->number_value_is_null);
  after = get_ok (ALICE, PRIORITY);
  ck_assert_uint_eq (after->n_options, 5);
  assert_options (PRIORITY, "Low,Medium,High,Urgent,Extra High");
}
END_TEST

/* Deleting the owning user sets user_id NULL (ON DELETE SET NULL); the
 * trigger check_orphaned_property_definition then deletes the definition,
 * with its options and values. */
START_TEST (test_deleting_the_owner_deletes_their_definitions_through_the_trigger)
{
  g_autoptr(GError) error = NULL;

  ck_assert (properties_db_value_set (EXEC, ALICE, &DOC1, PRIORITY, "{\"type\":\"SelectOption\",\"value\":[\"" LOW "\"]}",
                                      &error));
  sql_run ("DELETE FROM \"User\" WHERE id = '" ALICE "'");
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM property_definitions WHERE id = '" PRIORITY "'"), 0);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM property_options WHERE property_definition_id = '" PRIORITY "'"), 0);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM entity_properties WHERE property_definition_id = '" PRIORITY "'"), 0);
  /* The organisation's and eve's stay. */
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM property_definitions"), 2);
  /* Deleting the organisation removes its definition the same way. */
  sql_run ("DELETE FROM \"Organization\" WHERE id = 7");
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM property_definitions"), 1);
}
END_TEST

/* ---- definitions ------------------------------------------------------ */

static PropertiesDbDefinition *
create_ok (const char *user, const PropertiesDbDefinitionSpec *spec, const PropertiesDbOptionSpec *opts, gsize n)
{
  g_autoptr(GError) error = NULL;
  PropertiesDbDefinition *def = properties_db_definition_create (EXEC, user, spec, opts, n, &error);

  ck_assert_msg (def != NULL, "create %s: %s", spec->display_name, error ? error->message : "");
  return def;
}

START_TEST (test_create_with_options_orders_them_and_breaks_ties)
{
  /* Ties in display order are broken by value, then id. */
  static const PropertiesDbOptionSpec opts[] = {
    { 1, FALSE, 0, "beta" }, { 0, FALSE, 0, "zulu" }, { 1, FALSE, 0, "Alpha" }, { 2, FALSE, 0, "omega" },
  };
  PropertiesDbDefinitionSpec spec = { "Status", PROPERTIES_DB_PROPERTY_DATA_TYPE_SELECT_STRING, TRUE, FALSE, 0, 0 };
  g_autoptr(PropertiesDbDefinition) def = create_ok (BOB, &spec, opts, G_N_ELEMENTS (opts));
  g_autofree char *got = option_values (def);
  g_autofree char *id = uuid_text (&def->id);

  ck_assert_str_eq (got, "zulu,Alpha,beta,omega");
  ck_assert_str_eq (def->user_id, BOB);
  ck_assert (def->organization_id_is_null);
  ck_assert (def->is_multi_select);
  ck_assert_int_eq (def->data_type, PROPERTIES_DB_PROPERTY_DATA_TYPE_SELECT_STRING);
  ck_assert (def->specific_entity_type_is_null);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM property_options o JOIN property_definitions d"
                             " ON d.id = o.property_definition_id WHERE d.display_name = 'Status'"), 4);
  (void) id;
}
END_TEST

START_TEST (test_create_for_the_organisation_and_for_an_entity_type)
{
  PropertiesDbDefinitionSpec org = { "Budget", PROPERTIES_DB_PROPERTY_DATA_TYPE_NUMBER, FALSE, FALSE, 0, 7 };
  PropertiesDbDefinitionSpec link = { "Blocked by", PROPERTIES_DB_PROPERTY_DATA_TYPE_ENTITY, TRUE, TRUE,
                                      PROPERTIES_DB_PROPERTY_ENTITY_TYPE_DOCUMENT, 0 };
  g_autoptr(PropertiesDbDefinition) a = create_ok (ALICE, &org, NULL, 0);
  g_autoptr(PropertiesDbDefinition) b = create_ok (ALICE, &link, NULL, 0);
  g_autofree char *id = uuid_text (&a->id);
  g_autoptr(PropertiesDbDefinition) seen_by_bob = get_ok (BOB, id);

  ck_assert (!a->organization_id_is_null);
  ck_assert_int_eq (a->organization_id, 7);
  ck_assert_ptr_null (a->user_id);
  ck_assert_uint_eq (a->n_options, 0);
  ck_assert (!b->specific_entity_type_is_null);
  ck_assert_int_eq (b->specific_entity_type, PROPERTIES_DB_PROPERTY_ENTITY_TYPE_DOCUMENT);
  ck_assert_str_eq (seen_by_bob->display_name, "Budget");
}
END_TEST

static void
assert_create_refused (const char *user, const PropertiesDbDefinitionSpec *spec, const PropertiesDbOptionSpec *opts,
                       gsize n, MdbError code, const char *fragment)
{
  g_autoptr(GError) error = NULL;
  gint64 before = sql_int ("SELECT count(*) FROM property_definitions");

  ck_assert_ptr_null (properties_db_definition_create (EXEC, user, spec, opts, n, &error));
  assert_error (error, code, fragment);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM property_definitions"), before);
}

START_TEST (test_create_refuses_bad_input_and_stores_nothing)
{
  static const PropertiesDbOptionSpec strs[] = { { 0, FALSE, 0, "a" }, { 1, FALSE, 0, "" } };
  static const PropertiesDbOptionSpec nums[] = { { 0, TRUE, 1, NULL }, { 1, FALSE, 0, "two" } };
  static const PropertiesDbOptionSpec dup[] = { { 0, FALSE, 0, "same" }, { 1, FALSE, 0, "same" } };
  PropertiesDbDefinitionSpec sel = { "Sel", PROPERTIES_DB_PROPERTY_DATA_TYPE_SELECT_STRING, FALSE, FALSE, 0, 0 };
  PropertiesDbDefinitionSpec num = { "Num", PROPERTIES_DB_PROPERTY_DATA_TYPE_SELECT_NUMBER, FALSE, FALSE, 0, 0 };
  PropertiesDbDefinitionSpec flag = { "Flag", PROPERTIES_DB_PROPERTY_DATA_TYPE_BOOLEAN, TRUE, FALSE, 0, 0 };
  PropertiesDbDefinitionSpec text = { "Text", PROPERTIES_DB_PROPERTY_DATA_TYPE_STRING, FALSE, TRUE,
                                      PROPERTIES_DB_PROPERTY_ENTITY_TYPE_USER, 0 };
  PropertiesDbDefinitionSpec bad_type = { "X", (PropertiesDbPropertyDataType) 42, FALSE, FALSE, 0, 0 };
  PropertiesDbDefinitionSpec empty = { "", PROPERTIES_DB_PROPERTY_DATA_TYPE_STRING, FALSE, FALSE, 0, 0 };
  PropertiesDbDefinitionSpec taken = { "Priority", PROPERTIES_DB_PROPERTY_DATA_TYPE_STRING, FALSE, FALSE, 0, 0 };
  PropertiesDbDefinitionSpec other_org = { "Org", PROPERTIES_DB_PROPERTY_DATA_TYPE_STRING, FALSE, FALSE, 0, 8 };
  PropertiesDbDefinitionSpec eves_org = { "Org", PROPERTIES_DB_PROPERTY_DATA_TYPE_STRING, FALSE, FALSE, 0, 7 };

  assert_create_refused (ALICE, &sel, strs, 2, MDB_ERROR_INVALID_INPUT, "option 1: string_value is empty");
  assert_create_refused (ALICE, &num, nums, 2, MDB_ERROR_INVALID_INPUT, "option 1: a SELECT_NUMBER property's options are numbers");
  assert_create_refused (ALICE, &flag, NULL, 0, MDB_ERROR_INVALID_INPUT, "is_multi_select");
  assert_create_refused (ALICE, &text, NULL, 0, MDB_ERROR_INVALID_INPUT, "specific_entity_type");
  assert_create_refused (ALICE, &bad_type, NULL, 0, MDB_ERROR_INVALID_INPUT, "data_type");
  assert_create_refused (ALICE, &empty, NULL, 0, MDB_ERROR_INVALID_INPUT, "display_name");
  assert_create_refused ("", &sel, NULL, 0, MDB_ERROR_INVALID_INPUT, "acting_user_id");
  assert_create_refused (ALICE, &text, strs, 1, MDB_ERROR_INVALID_INPUT, "specific_entity_type");
  assert_create_refused (ALICE, &taken, strs, 1, MDB_ERROR_INVALID_INPUT, "options: a STRING property has none");
  assert_create_refused (ALICE, &taken, NULL, 0, MDB_ERROR_UNIQUE_VIOLATION, "property_definitions_user_id_display_name_key");
  assert_create_refused (ALICE, &sel, dup, 2, MDB_ERROR_UNIQUE_VIOLATION, "property_options_property_definition_id_string_value_key");
  assert_create_refused (ALICE, &other_org, NULL, 0, MDB_ERROR_NOT_FOUND, "not in organisation 8");
  assert_create_refused (EVE, &eves_org, NULL, 0, MDB_ERROR_NOT_FOUND, "not in organisation 7");
  assert_create_refused ("macro|nobody", &sel, NULL, 0, MDB_ERROR_NOT_FOUND, "no user macro|nobody");
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM property_options"), 6);
}
END_TEST

START_TEST (test_the_table_refuses_two_owners_and_no_owner)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdbResult) res = mdb_exec (EXEC,
    "INSERT INTO property_definitions (id, user_id, organization_id, display_name, data_type, is_multi_select)"
    " VALUES (gen_random_uuid(), '" ALICE "', 7, 'Both', 'STRING', false)", NULL, &error);

  ck_assert_ptr_null (res);
  assert_error (error, MDB_ERROR_CHECK_VIOLATION, "owned_by_exactly_one");
  ck_assert_str_eq (mdb_error_get_constraint (error), "owned_by_exactly_one");
}
END_TEST

START_TEST (test_get_is_not_found_for_unknown_or_invisible)
{
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autoptr(GError) e3 = NULL;
  g_autoptr(PropertiesDbDefinition) org = get_ok (BOB, STAGE);

  ck_assert_ptr_null (properties_db_definition_get (EXEC, EVE, PRIORITY, &e1));
  assert_error (e1, MDB_ERROR_NOT_FOUND, PRIORITY);
  ck_assert_ptr_null (properties_db_definition_get (EXEC, ALICE, "99999999-9999-9999-9999-999999999999", &e2));
  assert_error (e2, MDB_ERROR_NOT_FOUND, "no property definition");
  ck_assert_ptr_null (properties_db_definition_get (EXEC, ALICE, "not-a-uuid", &e3));
  assert_error (e3, MDB_ERROR_INVALID_INPUT, "definition_id is not a uuid");
  ck_assert_str_eq (org->display_name, "stage");
  ck_assert_uint_eq (org->n_options, 2);
}
END_TEST

static char *
names_of (MdbPage *page)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < page->items->len; i++)
    {
      const PropertiesDbDefinition *d = page->items->pdata[i];
      g_string_append_printf (out, "%s%s", i ? "," : "", d->display_name);
    }
  return g_string_free (out, FALSE);
}

START_TEST (test_list_shows_own_and_organisation_definitions_case_insensitively_paged)
{
  static const char *const names[] = { "alpha", "Zeta", "beta", "Gamma", "BETA" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) all = g_string_new (NULL);
  g_autofree char *cursor = NULL;
  g_autoptr(MdbPage) eve = NULL;
  guint pages = 0;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      PropertiesDbDefinitionSpec spec = { names[i], PROPERTIES_DB_PROPERTY_DATA_TYPE_STRING, FALSE, FALSE, 0, 0 };
      g_autoptr(PropertiesDbDefinition) d = create_ok (ALICE, &spec, NULL, 0);
    }
  do
    {
      g_autoptr(MdbPage) page = properties_db_definitions_list (EXEC, ALICE, cursor, 2, &error);
      g_autofree char *got = NULL;

      ck_assert_msg (page != NULL, "list: %s", error ? error->message : "");
      got = names_of (page);
      g_string_append_printf (all, "%s%s", all->len ? "," : "", got);
      g_free (cursor);
      cursor = g_strdup (page->next_cursor);
      pages++;
    }
  while (cursor != NULL);
  /* beta and BETA tie case-insensitively; their order is by id, so only
   * check the rest of the sequence and that both come between. */
  ck_assert_msg (g_str_has_prefix (all->str, "alpha,") && strstr (all->str, ",Gamma,Priority,stage,Zeta") != NULL,
                 "order: %s", all->str);
  ck_assert_msg (strstr (all->str, "beta") && strstr (all->str, "BETA"), "order: %s", all->str);
  ck_assert_uint_eq (pages, 4);
  /* With their options, in display order. */
  {
    g_autoptr(MdbPage) page = properties_db_definitions_list (EXEC, BOB, NULL, 10, &error);
    const PropertiesDbDefinition *stage = page->items->pdata[0];

    ck_assert_uint_eq (page->items->len, 1);     /* bob: only the organisation's */
    ck_assert_str_eq (stage->display_name, "stage");
    ck_assert_uint_eq (stage->n_options, 2);
    ck_assert (stage->options[0].number_value == 1 && stage->options[1].number_value == 2);
  }
  eve = properties_db_definitions_list (EXEC, EVE, NULL, 10, &error);
  ck_assert_uint_eq (eve->items->len, 1);
  ck_assert_ptr_null (properties_db_definitions_list (EXEC, BOB, NULL, 0, &error));
  assert_error (error, MDB_ERROR_INVALID_INPUT, "limit");
}
END_TEST

START_TEST (test_list_cursor_of_another_user_is_refused)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdbPage) page = properties_db_definitions_list (EXEC, ALICE, NULL, 1, &error);

  ck_assert_ptr_nonnull (page->next_cursor);
  ck_assert_ptr_null (properties_db_definitions_list (EXEC, BOB, page->next_cursor, 1, &error));
  assert_error (error, MDB_ERROR_INVALID_INPUT, "cursor");
}
END_TEST

START_TEST (test_rename_and_delete_take_values_and_options_along)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PropertiesDbDefinition) renamed = NULL;
  PropertiesDbDefinitionSpec spec = { "Other", PROPERTIES_DB_PROPERTY_DATA_TYPE_STRING, FALSE, FALSE, 0, 0 };
  g_autoptr(PropertiesDbDefinition) other = create_ok (ALICE, &spec, NULL, 0);
  g_autofree char *other_id = uuid_text (&other->id);

  ck_assert (properties_db_definition_rename (EXEC, ALICE, PRIORITY, "Importance", &error));
  renamed = get_ok (ALICE, PRIORITY);
  ck_assert_str_eq (renamed->display_name, "Importance");
  ck_assert (!properties_db_definition_rename (EXEC, EVE, PRIORITY, "Mine", &error));
  ck_assert_ptr_null (error);
  ck_assert (!properties_db_definition_rename (EXEC, ALICE, other_id, "Importance", &error));
  assert_error (error, MDB_ERROR_UNIQUE_VIOLATION, "property_definitions_user_id_display_name_key");
  g_clear_error (&error);

  ck_assert (properties_db_value_set (EXEC, ALICE, &DOC1, PRIORITY,
                                      "{\"type\":\"SelectOption\",\"value\":[\"" HIGH "\"]}", &error));
  ck_assert (!properties_db_definition_delete (EXEC, EVE, PRIORITY, &error));
  ck_assert_ptr_null (error);
  ck_assert (properties_db_definition_delete (EXEC, ALICE, PRIORITY, &error));
  ck_assert (!properties_db_definition_delete (EXEC, ALICE, PRIORITY, &error));
  ck_assert_ptr_null (error);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM property_options WHERE property_definition_id = '" PRIORITY "'"), 0);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM entity_properties"), 0);
}
END_TEST

/* ---- options ---------------------------------------------------------- */

START_TEST (test_option_edit_delete_and_kind_checks)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PropertiesDbOption) edited = NULL;
  g_autoptr(PropertiesDbOption) wrong = NULL;
  PropertiesDbOptionSpec critical = { 9, FALSE, 0, "Critical" };
  PropertiesDbOptionSpec number = { 0, TRUE, 3, NULL };

  edited = properties_db_option_edit (EXEC, ALICE, URGENT, &critical, &error);
  ck_assert_msg (edited != NULL, "edit: %s", error ? error->message : "");
  ck_assert_str_eq (edited->string_value, "Critical");
  ck_assert_int_eq (edited->display_order, 9);
  assert_options (PRIORITY, "Low,Medium,High,Critical");
  /* A number option on a string select: the database names the definition. */
  wrong = properties_db_option_add (EXEC, ALICE, PRIORITY, &number, &error);
  ck_assert_ptr_null (wrong);
  assert_error (error, MDB_ERROR_CHECK_VIOLATION, "property \"Priority\"");
  ck_assert_str_eq (mdb_error_get_constraint (error), "property_options_match_definition");
  g_clear_error (&error);
  /* Another user's definition: not found; eve's STRING one: no options. */
  ck_assert_ptr_null (properties_db_option_add (EXEC, EVE, PRIORITY, &critical, &error));
  assert_error (error, MDB_ERROR_NOT_FOUND, PRIORITY);
  g_clear_error (&error);
  ck_assert_ptr_null (properties_db_option_add (EXEC, EVE, EVES, &critical, &error));
  assert_error (error, MDB_ERROR_CHECK_VIOLATION, "only select properties have options");
  g_clear_error (&error);
  ck_assert_ptr_null (properties_db_option_edit (EXEC, EVE, LOW, &critical, &error));
  assert_error (error, MDB_ERROR_NOT_FOUND, LOW);
  g_clear_error (&error);
  ck_assert (!properties_db_option_delete (EXEC, EVE, LOW, &error));
  ck_assert_ptr_null (error);
  ck_assert (properties_db_option_delete (EXEC, ALICE, LOW, &error));
  assert_options (PRIORITY, "Medium,High,Critical");
}
END_TEST

START_TEST (test_an_option_never_moves_to_another_definition)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdbResult) res = mdb_exec (EXEC, "UPDATE property_options SET property_definition_id = '" STAGE "'"
                                       " WHERE id = '" LOW "'", NULL, &error);

  ck_assert_ptr_null (res);
  assert_error (error, MDB_ERROR_CHECK_VIOLATION, "cannot move to another definition");
  g_clear_error (&error);
  /* Nor can a value select another definition's option. */
  ck_assert (!properties_db_value_set (EXEC, ALICE, &DOC1, PRIORITY,
                                       "{\"type\":\"SelectOption\",\"value\":[\"" STAGE1 "\"]}", &error));
  assert_error (error, MDB_ERROR_CHECK_VIOLATION, "is not an option of this property");
}
END_TEST

START_TEST (test_reorder_many_in_one_statement_all_or_nothing)
{
  static const char *const order[] = { URGENT, LOW, HIGH, MEDIUM };
  static const char *const foreign[] = { URGENT, STAGE1 };
  static const char *const twice[] = { URGENT, URGENT };
  static const char *const bad[] = { URGENT, "x" };
  g_autoptr(GError) error = NULL;
  MdbConn *conn = mdb_pool_acquire (fx.pool, &error);
  MdbExecutor *ex = MDB_EXECUTOR (conn);
  gboolean ok = FALSE;

  ck_assert (properties_db_options_reorder (ex, ALICE, PRIORITY, order, 4, &error));  /* prepares */
  mdb_test_assert_round_trips (ex, 1, ok = properties_db_options_reorder (ex, ALICE, PRIORITY, order, 4, &error));
  ck_assert (ok);
  mdb_pool_release (fx.pool, conn);
  assert_options (PRIORITY, "Urgent,Low,High,Medium");
  ck_assert (!properties_db_options_reorder (EXEC, ALICE, PRIORITY, foreign, 2, &error));
  assert_error (error, MDB_ERROR_INVALID_INPUT, "nothing was reordered");
  g_clear_error (&error);
  assert_options (PRIORITY, "Urgent,Low,High,Medium");
  ck_assert (!properties_db_options_reorder (EXEC, EVE, PRIORITY, order, 4, &error));
  assert_error (error, MDB_ERROR_INVALID_INPUT, "not all are options");
  g_clear_error (&error);
  ck_assert (!properties_db_options_reorder (EXEC, ALICE, PRIORITY, twice, 2, &error));
  assert_error (error, MDB_ERROR_INVALID_INPUT, "option_ids[1]: " URGENT " is listed twice");
  g_clear_error (&error);
  ck_assert (!properties_db_options_reorder (EXEC, ALICE, PRIORITY, bad, 2, &error));
  assert_error (error, MDB_ERROR_INVALID_INPUT, "option_ids[1]");
  g_clear_error (&error);
  ck_assert (!properties_db_options_reorder (EXEC, ALICE, PRIORITY, order, 0, &error));
  assert_error (error, MDB_ERROR_INVALID_INPUT, "n_option_ids");
}
END_TEST

/* ---- values ----------------------------------------------------------- */

static PropertiesDbDefinition *
define (const char *name, PropertiesDbPropertyDataType type, gboolean multi)
{
  PropertiesDbDefinitionSpec spec = { name, type, multi, FALSE, 0, 0 };

  return create_ok (ALICE, &spec, NULL, 0);
}

static void
set_ok (const PropertiesDbEntity *entity, const char *def, const char *json)
{
  g_autoptr(GError) error = NULL;

  ck_assert_msg (properties_db_value_set (EXEC, ALICE, entity, def, json, &error), "set %s: %s", json,
                 error ? error->message : "");
}

static void
set_refused (const char *def, const char *json, MdbError code, const char *fragment)
{
  g_autoptr(GError) error = NULL;
  gint64 before = sql_int ("SELECT count(*) FROM entity_properties");
  g_autofree char *stored_before = sql_text ("SELECT coalesce(string_agg(values::text, ';' ORDER BY id), '') FROM entity_properties");
  g_autofree char *stored_after = NULL;

  ck_assert_msg (!properties_db_value_set (EXEC, ALICE, &DOC1, def, json, &error), "accepted %s", json);
  assert_error (error, code, fragment);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM entity_properties"), before);
  stored_after = sql_text ("SELECT coalesce(string_agg(values::text, ';' ORDER BY id), '') FROM entity_properties");
  ck_assert_str_eq (stored_after, stored_before);
}

START_TEST (test_values_of_every_type_are_checked_in_the_database)
{
  g_autoptr(PropertiesDbDefinition) flag = define ("Done", PROPERTIES_DB_PROPERTY_DATA_TYPE_BOOLEAN, FALSE);
  g_autoptr(PropertiesDbDefinition) due = define ("Due", PROPERTIES_DB_PROPERTY_DATA_TYPE_DATE, FALSE);
  g_autoptr(PropertiesDbDefinition) cost = define ("Cost", PROPERTIES_DB_PROPERTY_DATA_TYPE_NUMBER, FALSE);
  g_autoptr(PropertiesDbDefinition) note = define ("Note", PROPERTIES_DB_PROPERTY_DATA_TYPE_STRING, FALSE);
  g_autoptr(PropertiesDbDefinition) url = define ("Links", PROPERTIES_DB_PROPERTY_DATA_TYPE_LINK, TRUE);
  g_autoptr(PropertiesDbDefinition) ref = define ("Ref", PROPERTIES_DB_PROPERTY_DATA_TYPE_ENTITY, FALSE);
  PropertiesDbDefinitionSpec docs_spec = { "Docs", PROPERTIES_DB_PROPERTY_DATA_TYPE_ENTITY, TRUE, TRUE,
                                           PROPERTIES_DB_PROPERTY_ENTITY_TYPE_DOCUMENT, 0 };
  g_autoptr(PropertiesDbDefinition) docs = create_ok (ALICE, &docs_spec, NULL, 0);
  g_autofree char *flag_id = uuid_text (&flag->id), *due_id = uuid_text (&due->id), *cost_id = uuid_text (&cost->id);
  g_autofree char *note_id = uuid_text (&note->id), *url_id = uuid_text (&url->id), *ref_id = uuid_text (&ref->id);
  g_autofree char *docs_id = uuid_text (&docs->id);

  set_ok (&DOC1, flag_id, "{\"type\":\"Boolean\",\"value\":true}");
  set_ok (&DOC1, due_id, "{\"type\":\"Date\",\"value\":\"2025-01-31\"}");
  set_ok (&DOC1, due_id, "{\"type\":\"Date\",\"value\":\"2025-01-31T10:20:30Z\"}");
  set_ok (&DOC1, cost_id, "{\"type\":\"Number\",\"value\":4.5}");
  set_ok (&DOC1, note_id, "{\"type\":\"String\",\"value\":\"hello\"}");
  set_ok (&DOC1, url_id, "{\"type\":\"Link\",\"value\":[\"https://a.test\",\"b.test\"]}");
  set_ok (&DOC1, ref_id, "{\"type\":\"EntityReference\",\"value\":[{\"entity_type\":\"user\",\"entity_id\":\"u1\"}]}");
  set_ok (&DOC1, docs_id, "{\"type\":\"EntityReference\",\"value\":[{\"entity_type\":\"document\",\"entity_id\":\"d1\"},"
                          "{\"entity_type\":\"document\",\"entity_id\":\"d2\"}]}");
  set_ok (&DOC1, PRIORITY, "{\"type\":\"SelectOption\",\"value\":[\"" HIGH "\"]}");
  set_ok (&DOC1, STAGE, "{\"type\":\"SelectOption\",\"value\":[\"" STAGE1 "\",\"" STAGE2 "\"]}");
  set_ok (&DOC1, PRIORITY, "{\"type\":\"SelectOption\",\"value\":[]}");
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM entity_properties"), 9);

  set_refused (flag_id, "{\"type\":\"Boolean\",\"value\":\"yes\"}", MDB_ERROR_CHECK_VIOLATION,
               "property \"Done\" (");
  set_refused (flag_id, "{\"type\":\"Number\",\"value\":1}", MDB_ERROR_CHECK_VIOLATION, "a BOOLEAN value has \"type\": \"Boolean\"");
  set_refused (due_id, "{\"type\":\"Date\",\"value\":\"2025-02-30\"}", MDB_ERROR_CHECK_VIOLATION, "is not a valid date");
  set_refused (due_id, "{\"type\":\"Date\",\"value\":\"tomorrow\"}", MDB_ERROR_CHECK_VIOLATION, "ISO 8601");
  set_refused (cost_id, "{\"type\":\"Number\",\"value\":\"4\"}", MDB_ERROR_CHECK_VIOLATION, "must be a number");
  set_refused (cost_id, "{\"type\":\"Number\",\"value\":4,\"extra\":1}", MDB_ERROR_CHECK_VIOLATION, "exactly the keys");
  set_refused (note_id, "{\"type\":\"String\",\"value\":[\"a\"]}", MDB_ERROR_CHECK_VIOLATION, "must be a string");
  set_refused (note_id, "null", MDB_ERROR_CHECK_VIOLATION, "not null (clear a value with SQL NULL)");
  set_refused (note_id, "{\"type\":", MDB_ERROR_INVALID_INPUT, "not valid JSON");
  set_refused (url_id, "{\"type\":\"Link\",\"value\":[\"\"]}", MDB_ERROR_CHECK_VIOLATION, "is not a link");
  set_refused (ref_id, "{\"type\":\"EntityReference\",\"value\":[{\"entity_type\":\"planet\",\"entity_id\":\"p\"}]}",
               MDB_ERROR_CHECK_VIOLATION, "is not an entity reference");
  set_refused (ref_id, "{\"type\":\"EntityReference\",\"value\":[{\"entity_type\":\"user\",\"entity_id\":\"a\"},"
               "{\"entity_type\":\"user\",\"entity_id\":\"b\"}]}", MDB_ERROR_CHECK_VIOLATION, "not multi-select");
  set_refused (docs_id, "{\"type\":\"EntityReference\",\"value\":[{\"entity_type\":\"chat\",\"entity_id\":\"c\"}]}",
               MDB_ERROR_CHECK_VIOLATION, "the only entity type this property takes");
  set_refused (PRIORITY, "{\"type\":\"SelectOption\",\"value\":[\"" LOW "\",\"" HIGH "\"]}", MDB_ERROR_CHECK_VIOLATION,
               "property \"Priority\" (" PRIORITY "): it is not multi-select");
  set_refused (PRIORITY, "{\"type\":\"SelectOption\",\"value\":[\"nope\"]}", MDB_ERROR_CHECK_VIOLATION,
               "is not an option of this property");
  set_refused (STAGE, "{\"type\":\"SelectOption\",\"value\":[\"" STAGE1 "\",\"" STAGE1 "\"]}", MDB_ERROR_CHECK_VIOLATION,
               "the same element twice");
  set_refused (EVES, "{\"type\":\"String\",\"value\":\"x\"}", MDB_ERROR_NOT_FOUND, EVES);
  set_refused ("99999999-9999-9999-9999-999999999999", "{\"type\":\"String\",\"value\":\"x\"}", MDB_ERROR_NOT_FOUND,
               "no property definition");
}
END_TEST

/* The CHECK from the real system is the floor under the trigger: with the
 * trigger off, the table still refuses a value of the wrong structure. */
START_TEST (test_check_values_structure_is_the_floor)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdbResult) res = NULL;

  sql_run ("ALTER TABLE entity_properties DISABLE TRIGGER entity_properties_match_definition");
  res = mdb_exec (EXEC, "INSERT INTO entity_properties (entity_id, entity_type, property_definition_id, values)"
                  " VALUES ('d', 'DOCUMENT', '" EVES "', '{\"type\":\"String\",\"value\":[\"a\"]}')", NULL, &error);
  ck_assert_ptr_null (res);
  assert_error (error, MDB_ERROR_CHECK_VIOLATION, "check_values_structure");
  ck_assert_str_eq (mdb_error_get_constraint (error), "check_values_structure");
}
END_TEST

START_TEST (test_clear_stores_sql_null_and_keeps_the_property_attached)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PropertiesDbEntityValueList) rows = NULL;

  set_ok (&DOC1, PRIORITY, "{\"type\":\"SelectOption\",\"value\":[\"" LOW "\"]}");
  ck_assert (properties_db_value_clear (EXEC, ALICE, &DOC1, PRIORITY, &error));
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM entity_properties WHERE values IS NULL"), 1);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM entity_properties WHERE values = 'null'::jsonb"), 0);
  rows = properties_db_values_get (EXEC, ALICE, &DOC1, &error);
  ck_assert_uint_eq (rows->n_rows, 1);
  ck_assert_ptr_null (rows->rows[0].values);
  ck_assert_uint_eq (rows->rows[0].n_options, 0);
  ck_assert (!properties_db_value_clear (EXEC, EVE, &DOC1, PRIORITY, &error));
  assert_error (error, MDB_ERROR_NOT_FOUND, PRIORITY);
}
END_TEST

START_TEST (test_values_of_one_entity_with_definitions_and_selected_options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PropertiesDbEntityValueList) rows = NULL;
  g_autoptr(PropertiesDbEntityValueList) bobs = NULL;
  g_autoptr(PropertiesDbEntityValueList) none = NULL;
  g_autoptr(PropertiesDbEntityValueList) eves = NULL;
  g_autoptr(PropertiesDbEntityValue) copy = NULL;
  g_autoptr(PropertiesDbEntityValue) empty = NULL;
  PropertiesDbEntity other = { PROPERTIES_DB_PROPERTY_ENTITY_TYPE_CHAT, "doc-1" };   /* same id, other type */
  g_autofree char *def0 = NULL;
  g_autofree char *opt0 = NULL;

  set_ok (&DOC1, PRIORITY, "{\"type\":\"SelectOption\",\"value\":[\"" MEDIUM "\"]}");
  set_ok (&DOC1, STAGE, "{\"type\":\"SelectOption\",\"value\":[\"" STAGE2 "\",\"" STAGE1 "\"]}");
  set_ok (&other, PRIORITY, "{\"type\":\"SelectOption\",\"value\":[\"" LOW "\"]}");
  ck_assert (properties_db_value_set (EXEC, EVE, &DOC1, EVES, "{\"type\":\"String\",\"value\":\"eve\"}", &error));

  rows = properties_db_values_get (EXEC, ALICE, &DOC1, &error);
  ck_assert_msg (rows != NULL, "get: %s", error ? error->message : "");
  ck_assert_uint_eq (rows->n_rows, 2);              /* not eve's */
  def0 = uuid_text (&rows->rows[0].definition_id);
  ck_assert_str_eq (def0, PRIORITY);                /* "Priority" < "stage" */
  ck_assert_str_eq (rows->rows[0].display_name, "Priority");
  ck_assert_int_eq (rows->rows[0].data_type, PROPERTIES_DB_PROPERTY_DATA_TYPE_SELECT_STRING);
  ck_assert_str_eq (rows->rows[0].entity_id, "doc-1");
  ck_assert_int_eq (rows->rows[0].entity_type, PROPERTIES_DB_PROPERTY_ENTITY_TYPE_DOCUMENT);
  ck_assert_uint_eq (rows->rows[0].n_options, 1);
  opt0 = uuid_text (&rows->rows[0].options[0].id);
  ck_assert_str_eq (opt0, MEDIUM);
  ck_assert_str_eq (rows->rows[0].options[0].string_value, "Medium");
  ck_assert_str_eq (rows->rows[1].display_name, "stage");
  ck_assert (rows->rows[1].is_multi_select);
  ck_assert_uint_eq (rows->rows[1].n_options, 2);
  ck_assert (rows->rows[1].options[0].number_value == 1 && rows->rows[1].options[1].number_value == 2);
  /* A copy keeps the options; a row selecting none has an empty list, not NULL. */
  copy = properties_db_entity_value_dup (&rows->rows[1]);
  ck_assert_uint_eq (copy->n_options, 2);
  ck_assert (copy->options[1].number_value == 2);
  eves = properties_db_values_get (EXEC, EVE, &DOC1, &error);
  ck_assert_uint_eq (eves->n_rows, 1);
  ck_assert_uint_eq (eves->rows[0].n_options, 0);
  ck_assert_ptr_nonnull (eves->rows[0].options);
  empty = properties_db_entity_value_dup (&eves->rows[0]);
  ck_assert_uint_eq (empty->n_options, 0);
  ck_assert_str_eq (empty->values, "{\"type\": \"String\", \"value\": \"eve\"}");
  bobs = properties_db_values_get (EXEC, BOB, &DOC1, &error);
  ck_assert_uint_eq (bobs->n_rows, 1);               /* the organisation's only */
  none = properties_db_values_get (EXEC, ALICE, &(PropertiesDbEntity) { PROPERTIES_DB_PROPERTY_ENTITY_TYPE_USER, "x" },
                                   &error);
  ck_assert_uint_eq (none->n_rows, 0);
  ck_assert_ptr_null (properties_db_values_get (EXEC, ALICE, &(PropertiesDbEntity) { 99, "x" }, &error));
  assert_error (error, MDB_ERROR_INVALID_INPUT, "entity: entity_type");
}
END_TEST

/* A deleted option leaves the values that selected it. */
START_TEST (test_deleting_an_option_unselects_it)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *left = NULL;

  set_ok (&DOC1, STAGE, "{\"type\":\"SelectOption\",\"value\":[\"" STAGE1 "\",\"" STAGE2 "\"]}");
  ck_assert (properties_db_option_delete (EXEC, BOB, STAGE1, &error));
  left = sql_text ("SELECT values::text FROM entity_properties");
  ck_assert_str_eq (left, "{\"type\": \"SelectOption\", \"value\": [\"" STAGE2 "\"]}");
}
END_TEST

START_TEST (test_values_of_a_thousand_entities_in_one_round_trip)
{
  enum { N = 1000 };
  g_autoptr(GError) error = NULL;
  g_autoptr(PropertiesDbEntityValueList) rows = NULL;
  g_autofree PropertiesDbEntity *entities = g_new0 (PropertiesDbEntity, N);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  MdbConn *conn;

  /* Seeded server-side: entities e-0 … e-999, every third without values. */
  sql_run ("INSERT INTO entity_properties (entity_id, entity_type, property_definition_id, values)"
           " SELECT 'e-' || i, 'PROJECT', '" PRIORITY "',"
           "  jsonb_build_object('type', 'SelectOption', 'value', jsonb_build_array("
           "    CASE i % 2 WHEN 0 THEN '" LOW "' ELSE '" HIGH "' END))"
           " FROM generate_series (0, 999) AS i WHERE i % 3 <> 0");
  sql_run ("INSERT INTO entity_properties (entity_id, entity_type, property_definition_id, values)"
           " SELECT 'e-' || i, 'PROJECT', '" STAGE "', '{\"type\":\"SelectOption\",\"value\":[]}'"
           " FROM generate_series (0, 999) AS i WHERE i % 3 <> 0");
  for (guint i = 0; i < N; i++)
    {
      char *id = g_strdup_printf ("e-%u", N - 1 - i);   /* reversed: rows follow the input order */
      g_ptr_array_add (ids, id);
      entities[i].entity_type = PROPERTIES_DB_PROPERTY_ENTITY_TYPE_PROJECT;
      entities[i].entity_id = id;
    }
  conn = mdb_pool_acquire (fx.pool, &error);
  rows = properties_db_values_get_many (MDB_EXECUTOR (conn), ALICE, entities, N, &error);   /* prepares */
  g_clear_pointer (&rows, properties_db_entity_value_list_free);
  mdb_test_assert_round_trips (MDB_EXECUTOR (conn), 1,
                               rows = properties_db_values_get_many (MDB_EXECUTOR (conn), ALICE, entities, N, &error));
  mdb_pool_release (fx.pool, conn);
  ck_assert_msg (rows != NULL, "get_many: %s", error ? error->message : "");
  ck_assert_uint_eq (rows->n_rows, 2 * 666);
  ck_assert_str_eq (rows->rows[0].entity_id, "e-998");
  ck_assert_str_eq (rows->rows[0].display_name, "Priority");
  ck_assert_str_eq (rows->rows[0].options[0].string_value, "Low");
  ck_assert_str_eq (rows->rows[1].entity_id, "e-998");
  ck_assert_str_eq (rows->rows[1].display_name, "stage");
  ck_assert_str_eq (rows->rows[2].entity_id, "e-997");
  ck_assert_str_eq (rows->rows[2].options[0].string_value, "High");
  ck_assert_str_eq (rows->rows[2 * 666 - 1].entity_id, "e-1");
  g_clear_pointer (&rows, properties_db_entity_value_list_free);
  ck_assert_ptr_null (properties_db_values_get_many (EXEC, ALICE, entities, N + 1, &error));
  assert_error (error, MDB_ERROR_INVALID_INPUT, "n_entities is 1001");
  g_clear_error (&error);
  entities[7].entity_id = "";
  ck_assert_ptr_null (properties_db_values_get_many (EXEC, ALICE, entities, N, &error));
  assert_error (error, MDB_ERROR_INVALID_INPUT, "entities[7]: entity_id is empty");
}
END_TEST

START_TEST (test_delete_all_values_of_an_entity)
{
  g_autoptr(GError) error = NULL;
  PropertiesDbEntity other = { PROPERTIES_DB_PROPERTY_ENTITY_TYPE_DOCUMENT, "doc-2" };

  set_ok (&DOC1, PRIORITY, "{\"type\":\"SelectOption\",\"value\":[\"" LOW "\"]}");
  set_ok (&DOC1, STAGE, "{\"type\":\"SelectOption\",\"value\":[]}");
  set_ok (&other, STAGE, "{\"type\":\"SelectOption\",\"value\":[]}");
  ck_assert_int_eq (properties_db_values_delete_entity (EXEC, &DOC1, &error), 2);
  ck_assert_int_eq (properties_db_values_delete_entity (EXEC, &DOC1, &error), 0);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM entity_properties"), 1);
  ck_assert_int_eq (properties_db_values_delete_entity (EXEC, NULL, &error), -1);
  assert_error (error, MDB_ERROR_INVALID_INPUT, "entity is NULL");
}
END_TEST

static char *
entity_ids (MdbPage *page)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < page->items->len; i++)
    {
      const PropertiesDbEntityRef *e = page->items->pdata[i];
      g_string_append_printf (out, "%s%s:%s", i ? "," : "", properties_db_property_entity_type_to_string (e->entity_type),
                              e->entity_id);
    }
  return g_string_free (out, FALSE);
}

static char *
find_all (const char *user, const char *def, const char *probe, PropertiesDbMatch match, guint limit)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  GString *all = g_string_new (NULL);

  do
    {
      g_autoptr(MdbPage) page = properties_db_entities_find (EXEC, user, def, probe, match, cursor, limit, &error);
      g_autofree char *got = NULL;

      ck_assert_msg (page != NULL, "find: %s", error ? error->message : "");
      got = entity_ids (page);
      g_string_append_printf (all, "%s%s", all->len && *got ? "," : "", got);
      g_free (cursor);
      cursor = g_strdup (page->next_cursor);
    }
  while (cursor != NULL);
  return g_string_free (all, FALSE);
}

START_TEST (test_find_entities_by_equal_or_contained_value)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contains = NULL, *equals = NULL, *eve = NULL, *one = NULL;
  PropertiesDbEntity d2 = { PROPERTIES_DB_PROPERTY_ENTITY_TYPE_DOCUMENT, "doc-2" };
  PropertiesDbEntity c1 = { PROPERTIES_DB_PROPERTY_ENTITY_TYPE_CHAT, "chat-1" };
  PropertiesDbEntity p1 = { PROPERTIES_DB_PROPERTY_ENTITY_TYPE_PROJECT, "p-1" };

  set_ok (&DOC1, STAGE, "{\"type\":\"SelectOption\",\"value\":[\"" STAGE1 "\",\"" STAGE2 "\"]}");
  set_ok (&d2, STAGE, "{\"type\":\"SelectOption\",\"value\":[\"" STAGE1 "\"]}");
  set_ok (&c1, STAGE, "{\"type\":\"SelectOption\",\"value\":[\"" STAGE1 "\"]}");
  set_ok (&p1, STAGE, "{\"type\":\"SelectOption\",\"value\":[\"" STAGE2 "\"]}");
  contains = find_all (BOB, STAGE, "{\"type\":\"SelectOption\",\"value\":[\"" STAGE1 "\"]}", PROPERTIES_DB_MATCH_CONTAINS, 1);
  ck_assert_str_eq (contains, "CHAT:chat-1,DOCUMENT:doc-1,DOCUMENT:doc-2");
  equals = find_all (BOB, STAGE, "{\"type\":\"SelectOption\",\"value\":[\"" STAGE1 "\"]}", PROPERTIES_DB_MATCH_EQUALS, 10);
  ck_assert_str_eq (equals, "CHAT:chat-1,DOCUMENT:doc-2");
  one = find_all (BOB, STAGE, "{\"type\":\"SelectOption\",\"value\":[\"" STAGE2 "\",\"" STAGE1 "\"]}",
                  PROPERTIES_DB_MATCH_CONTAINS, 10);
  ck_assert_str_eq (one, "DOCUMENT:doc-1");
  eve = find_all (EVE, STAGE, "{\"type\":\"SelectOption\",\"value\":[\"" STAGE1 "\"]}", PROPERTIES_DB_MATCH_CONTAINS, 10);
  ck_assert_str_eq (eve, "");
  ck_assert_ptr_null (properties_db_entities_find (EXEC, BOB, STAGE, "{", PROPERTIES_DB_MATCH_EQUALS, NULL, 10, &error));
  assert_error (error, MDB_ERROR_INVALID_INPUT, "not valid JSON");
  g_clear_error (&error);
  ck_assert_ptr_null (properties_db_entities_find (EXEC, BOB, STAGE, "{}", 7, NULL, 10, &error));
  assert_error (error, MDB_ERROR_INVALID_INPUT, "match");
}
END_TEST

/* ---- access paths ----------------------------------------------------- */

static char *
plan_of (const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdbResult) res = mdb_exec (EXEC, sql, NULL, &error);
  GString *plan = g_string_new (NULL);

  ck_assert_msg (res != NULL, "explain: %s", error ? error->message : "");
  for (int i = 0; i < mdb_result_get_n_rows (res); i++)
    {
      g_autofree char *line = mdb_result_dup_string (res, i, 0, NULL);
      g_string_append_printf (plan, "%s | ", line);
    }
  return g_string_free (plan, FALSE);
}

static void
assert_plan (const char *sql, const char *index)
{
  g_autofree char *plan = plan_of (sql);

  ck_assert_msg (strstr (plan, index) != NULL, "no %s: %s", index, plan);
  ck_assert_msg (strstr (plan, "Seq Scan on entity_properties") == NULL
                 && strstr (plan, "Seq Scan on property_definitions") == NULL
                 && strstr (plan, "Seq Scan on property_options") == NULL, "sequential scan: %s", plan);
}

/* On realistic tables (10 000 definitions of 2 000 users and 500
 * organisations; 38 000 values of 10 definitions, 20 000 of one;
 * analysed), the reads go through their indexes. */
START_TEST (test_reads_use_their_indexes_on_a_seeded_table)
{
  sql_run ("INSERT INTO property_definitions (id, user_id, display_name, data_type, is_multi_select)"
           " SELECT ('00000000-0000-0000-0000-' || lpad (i::text, 12, '0'))::uuid, '" EVE "', 'n' || i, 'NUMBER', false"
           " FROM generate_series (1, 10) AS i");
  /* Other users' and organisations' definitions, so the table is not tiny. */
  sql_run ("INSERT INTO \"Organization\" (id, name) SELECT i, 'org ' || i FROM generate_series (100, 599) AS i");
  sql_run ("INSERT INTO \"User\" (id, email, \"organizationId\")"
           " SELECT 'u' || i, 'u' || i || '@x.test', 100 + i % 500 FROM generate_series (1, 2000) AS i");
  sql_run ("INSERT INTO property_definitions (id, user_id, organization_id, display_name, data_type, is_multi_select)"
           " SELECT gen_random_uuid (), CASE WHEN i % 2 = 0 THEN 'u' || (i % 2000 + 1) END,"
           "        CASE WHEN i % 2 = 1 THEN 100 + i % 500 END, 'p' || i, 'STRING', false"
           " FROM generate_series (1, 10000) AS i");
  sql_run ("ALTER TABLE entity_properties DISABLE TRIGGER entity_properties_match_definition");
  sql_run ("INSERT INTO entity_properties (entity_id, entity_type, property_definition_id, values)"
           " SELECT 'e-' || e, 'DOCUMENT', ('00000000-0000-0000-0000-' || lpad (d::text, 12, '0'))::uuid,"
           "        jsonb_build_object ('type', 'Number', 'value', e)"
           " FROM generate_series (1, 20000) AS e, generate_series (1, 10) AS d WHERE d = 3 OR e <= 2000");
  sql_run ("ANALYZE entity_properties");
  sql_run ("ANALYZE property_definitions");
  /* The shape of entity_values_many: each entity's values through the
   * unique key, each value's definition by primary key. */
  assert_plan ("EXPLAIN SELECT ep.values FROM UNNEST ('{e-1,e-2}'::text[], '{DOCUMENT,DOCUMENT}'::property_entity_type[])"
               " AS e (entity_id, entity_type) JOIN entity_properties ep ON ep.entity_id = e.entity_id"
               " AND ep.entity_type = e.entity_type JOIN property_definitions d ON d.id = ep.property_definition_id"
               " WHERE d.user_id = 'x' OR d.organization_id = 7",
               "entity_properties_entity_id_entity_type_property_definition_key");
  assert_plan ("EXPLAIN SELECT ep.entity_type, ep.entity_id FROM entity_properties ep"
               " WHERE ep.property_definition_id = '00000000-0000-0000-0000-000000000003'"
               " AND ep.values @> '{\"type\":\"Number\",\"value\":17}'::jsonb ORDER BY 1, 2 LIMIT 11",
               "Index");   /* the GIN index or the definition's btree: the planner's pick (docs/performance.md) */
  assert_plan ("EXPLAIN SELECT d.id FROM property_definitions d WHERE d.user_id = '" EVE "'"
               " OR d.organization_id = 7 ORDER BY lower (d.display_name), d.id LIMIT 11",
               "property_definitions_user_id_display_name_key");
}
END_TEST

/* ---- concurrency ------------------------------------------------------ */

typedef struct {
  const char *json;
  gboolean    ok;
  char       *message;
} Writer;

static gpointer
write_value (gpointer data)
{
  Writer *w = data;
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < 20; i++)
    if (!properties_db_value_set (EXEC, BOB, &DOC1, STAGE, w->json, &error))
      {
        w->message = g_strdup (error->message);
        return NULL;
      }
  w->ok = TRUE;
  return NULL;
}

/* Two writers upserting the same (entity, property) race on the unique
 * key; ON CONFLICT makes both succeed and one row remains. */
START_TEST (test_two_writers_on_one_value_leave_one_row)
{
  Writer a = { "{\"type\":\"SelectOption\",\"value\":[\"" STAGE1 "\"]}", FALSE, NULL };
  Writer b = { "{\"type\":\"SelectOption\",\"value\":[\"" STAGE2 "\"]}", FALSE, NULL };
  GThread *ta = g_thread_new ("a", write_value, &a);
  GThread *tb = g_thread_new ("b", write_value, &b);

  g_thread_join (ta);
  g_thread_join (tb);
  ck_assert_msg (a.ok && b.ok, "writers: %s / %s", a.message ? a.message : "ok", b.message ? b.message : "ok");
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM entity_properties"), 1);
}
END_TEST

/* ---- round trips ------------------------------------------------------ */

/* Each call runs twice on one connection: the warm-up (its first run of a
 * statement also prepares it: at most twice the trips), then the steady
 * state, which must stay within @max (docs/libs/properties.md). */
#define ASSERT_TRIPS(executor, max, call) \
  G_STMT_START { \
    for (guint run_ = 0; run_ < 2; run_++) \
      { \
        mdb_test_assert_round_trips ((executor), run_ ? (max) : 2 * (max), call); \
        ck_assert_msg (error == NULL, "%s: %s", #call, error ? error->message : ""); \
      } \
  } G_STMT_END

static PropertiesDbDefinition *
create_twenty (MdbExecutor *ex, const PropertiesDbOptionSpec *opts, guint run, GError **error)
{
  g_autofree char *name = g_strdup_printf ("Twenty %u", run);
  PropertiesDbDefinitionSpec spec = { name, PROPERTIES_DB_PROPERTY_DATA_TYPE_SELECT_STRING, FALSE, FALSE, 0, 0 };

  return properties_db_definition_create (ex, ALICE, &spec, opts, 20, error);
}

START_TEST (test_each_operation_takes_its_documented_round_trips)
{
  static const PropertiesDbOptionSpec extra_x = { 5, FALSE, 0, "x" };
  static const PropertiesDbOptionSpec extra_y = { 5, FALSE, 0, "y" };
  static const PropertiesDbOptionSpec low = { 0, FALSE, 0, "Low" };
  GError *error = NULL;
  PropertiesDbOptionSpec opts[20];
  char names[20][16];
  PropertiesDbDefinition *def = NULL;
  PropertiesDbOption *opt = NULL;
  PropertiesDbEntityValueList *rows = NULL;
  MdbPage *page = NULL;
  MdbConn *conn = mdb_pool_acquire (fx.pool, &error);
  MdbExecutor *ex = MDB_EXECUTOR (conn);
  guint run = 0;
  gboolean ok = FALSE;
  gint64 n = 0;

  for (guint i = 0; i < 20; i++)
    {
      g_snprintf (names[i], sizeof names[i], "opt %u", i);
      opts[i] = (PropertiesDbOptionSpec) { (gint32) i, FALSE, 0, names[i] };
    }
  /* Create with 20 options: two round trips (the bound). */
  ASSERT_TRIPS (ex, 2, { g_clear_pointer (&def, properties_db_definition_free);
                         def = create_twenty (ex, opts, run++, &error); });
  ck_assert_uint_eq (def->n_options, 20);
  ASSERT_TRIPS (ex, 1, { g_clear_pointer (&def, properties_db_definition_free);
                         def = properties_db_definition_get (ex, ALICE, PRIORITY, &error); });
  ASSERT_TRIPS (ex, 1, { g_clear_pointer (&page, mdb_page_free);
                         page = properties_db_definitions_list (ex, ALICE, NULL, 10, &error); });
  ASSERT_TRIPS (ex, 1, ok = properties_db_definition_rename (ex, ALICE, PRIORITY, "Priority", &error));
  ASSERT_TRIPS (ex, 1, { g_clear_pointer (&opt, properties_db_option_free);
                         opt = properties_db_option_add (ex, ALICE, PRIORITY, run++ % 2 ? &extra_x : &extra_y, &error); });
  ASSERT_TRIPS (ex, 1, { g_clear_pointer (&opt, properties_db_option_free);
                         opt = properties_db_option_edit (ex, ALICE, LOW, &low, &error); });
  ASSERT_TRIPS (ex, 1, ok = properties_db_value_set (ex, ALICE, &DOC1, PRIORITY,
                                                     "{\"type\":\"SelectOption\",\"value\":[\"" LOW "\"]}", &error));
  ASSERT_TRIPS (ex, 1, ok = properties_db_value_clear (ex, ALICE, &DOC1, PRIORITY, &error));
  ASSERT_TRIPS (ex, 1, { g_clear_pointer (&rows, properties_db_entity_value_list_free);
                         rows = properties_db_values_get (ex, ALICE, &DOC1, &error); });
  ASSERT_TRIPS (ex, 1, { g_clear_pointer (&page, mdb_page_free);
                         page = properties_db_entities_find (ex, ALICE, PRIORITY, "{\"type\":\"SelectOption\"}",
                                                             PROPERTIES_DB_MATCH_CONTAINS, NULL, 10, &error); });
  ASSERT_TRIPS (ex, 1, n = properties_db_values_delete_entity (ex, &DOC1, &error));
  ASSERT_TRIPS (ex, 1, ok = properties_db_option_delete (ex, ALICE, MEDIUM, &error) || TRUE);
  ASSERT_TRIPS (ex, 1, ok = properties_db_definition_delete (ex, ALICE, PRIORITY, &error) || TRUE);
  /* Refused input sends nothing. */
  mdb_test_assert_round_trips (ex, 0, ok = properties_db_value_set (ex, ALICE, &DOC1, "x", NULL, &error));
  ck_assert (!ok);
  g_clear_error (&error);
  g_clear_pointer (&def, properties_db_definition_free);
  g_clear_pointer (&opt, properties_db_option_free);
  g_clear_pointer (&rows, properties_db_entity_value_list_free);
  g_clear_pointer (&page, mdb_page_free);
  (void) n;
  mdb_pool_release (fx.pool, conn);
}
END_TEST

/* Called on a connection in a transaction, writes join it: a rollback
 * undoes the definition, its options and a value. */
START_TEST (test_writes_join_the_callers_transaction)
{
  g_autoptr(GError) error = NULL;
  static const PropertiesDbOptionSpec opts[] = { { 0, FALSE, 0, "a" }, { 1, FALSE, 0, "b" } };
  PropertiesDbDefinitionSpec spec = { "Rolled", PROPERTIES_DB_PROPERTY_DATA_TYPE_SELECT_STRING, FALSE, FALSE, 0, 0 };
  g_autoptr(PropertiesDbDefinition) def = NULL;
  MdbConn *conn = mdb_pool_acquire (fx.pool, &error);

  ck_assert (mdb_conn_begin (conn, MDB_ISOLATION_DEFAULT, &error));
  def = properties_db_definition_create (MDB_EXECUTOR (conn), ALICE, &spec, opts, 2, &error);
  ck_assert_msg (def != NULL, "create: %s", error ? error->message : "");
  ck_assert (properties_db_value_set (MDB_EXECUTOR (conn), ALICE, &DOC1, PRIORITY, NULL, &error));
  ck_assert (mdb_conn_rollback (conn, &error));
  mdb_pool_release (fx.pool, conn);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM property_definitions WHERE display_name = 'Rolled'"), 0);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM property_options"), 6);
  ck_assert_int_eq (sql_int ("SELECT count(*) FROM entity_properties"), 0);
}
END_TEST

static Suite *
properties_db_suite (void)
{
  Suite *s = suite_create ("properties-db");
  TCase *tc = tcase_create ("properties");

  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_create_string_option_extra_high_gives_five_options);
  tcase_add_test (tc, test_deleting_the_owner_deletes_their_definitions_through_the_trigger);
  tcase_add_test (tc, test_create_with_options_orders_them_and_breaks_ties);
  tcase_add_test (tc, test_create_for_the_organisation_and_for_an_entity_type);
  tcase_add_test (tc, test_create_refuses_bad_input_and_stores_nothing);
  tcase_add_test (tc, test_the_table_refuses_two_owners_and_no_owner);
  tcase_add_test (tc, test_get_is_not_found_for_unknown_or_invisible);
  tcase_add_test (tc, test_list_shows_own_and_organisation_definitions_case_insensitively_paged);
  tcase_add_test (tc, test_list_cursor_of_another_user_is_refused);
  tcase_add_test (tc, test_rename_and_delete_take_values_and_options_along);
  tcase_add_test (tc, test_option_edit_delete_and_kind_checks);
  tcase_add_test (tc, test_an_option_never_moves_to_another_definition);
  tcase_add_test (tc, test_reorder_many_in_one_statement_all_or_nothing);
  tcase_add_test (tc, test_values_of_every_type_are_checked_in_the_database);
  tcase_add_test (tc, test_check_values_structure_is_the_floor);
  tcase_add_test (tc, test_clear_stores_sql_null_and_keeps_the_property_attached);
  tcase_add_test (tc, test_values_of_one_entity_with_definitions_and_selected_options);
  tcase_add_test (tc, test_deleting_an_option_unselects_it);
  tcase_add_test (tc, test_values_of_a_thousand_entities_in_one_round_trip);
  tcase_add_test (tc, test_delete_all_values_of_an_entity);
  tcase_add_test (tc, test_find_entities_by_equal_or_contained_value);
  tcase_add_test (tc, test_reads_use_their_indexes_on_a_seeded_table);
  tcase_add_test (tc, test_two_writers_on_one_value_leave_one_row);
  tcase_add_test (tc, test_each_operation_takes_its_documented_round_trips);
  tcase_add_test (tc, test_writes_join_the_callers_transaction);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return mdb_test_run (srunner_create (properties_db_suite ()), TRUE);
}
