/* SPDX-License-Identifier: MIT */
/* Unit tests of the camelCase <-> snake_case mapping, table-driven. */
#include <check.h>
#include <string.h>
#include "values-test.h"

typedef struct {
  const char *in;
  const char *out;
} Case;

/* mdb_name_to_snake: the examples first, then each rule. */
static const Case snake_cases[] = {
  { "createdAt", "created_at" },
  { "userId", "user_id" },
  { "userID", "user_id" },
  { "HTMLParser", "html_parser" },
  { "documentV2Id", "document_v2_id" },
  { "already_snake", "already_snake" },
  { "Document", "document" },
  { "fileType", "file_type" },
  /* plain words */
  { "", "" },
  { "a", "a" },
  { "A", "a" },
  { "id", "id" },
  { "ID", "id" },
  { "name", "name" },
  { "Name", "name" },
  { "updatedAt", "updated_at" },
  { "deletedAtUtc", "deleted_at_utc" },
  { "DocumentVersion", "document_version" },
  { "aB", "a_b" },
  { "aBC", "a_bc" },
  /* acronyms: a run of capitals ends one letter before a lowercase */
  { "ABTest", "ab_test" },
  { "getURLForID", "get_url_for_id" },
  { "XMLHttpRequest", "xml_http_request" },
  { "parseJSON", "parse_json" },
  { "JSONData", "json_data" },
  { "userIDs", "user_ids" },
  { "URLs", "urls" },
  { "URLsFor", "urls_for" },
  { "HTMLSnippet", "html_snippet" },
  { "ABs", "abs" },
  { "IPv4Address", "i_pv4_address" },
  { "URL", "url" },
  { "channelURL", "channel_url" },
  /* digits stick to the word before them */
  { "v2", "v2" },
  { "V2", "v2" },
  { "sha256Sum", "sha256_sum" },
  { "base64Encode", "base64_encode" },
  { "utf8", "utf8" },
  { "UTF8String", "utf8_string" },
  { "ipv4Address", "ipv4_address" },
  { "file2Type", "file2_type" },
  { "HTML5Parser", "html5_parser" },
  { "v2API", "v2_api" },
  { "API2Key", "api2_key" },
  { "md5hash", "md5hash" },
  { "2fa", "2fa" },
  { "x11", "x11" },
  { "version10", "version10" },
  /* underscores are kept as they are */
  { "_createdAt", "_created_at" },
  { "__typename", "__typename" },
  { "createdAt_", "created_at_" },
  { "created__at", "created__at" },
  { "Foo_Bar", "foo_bar" },
  { "foo_Bar", "foo_bar" },
  { "_", "_" },
  { "___", "___" },
  { "snake_with_2", "snake_with_2" },
  { "user_ID", "user_id" },
  /* other ASCII is copied; it never starts a word */
  { "?column?", "?column?" },
  { "count(*)", "count(*)" },
  { "Created At", "created at" },
  { "first-Name", "first-name" },
  /* non-ASCII bytes are copied unchanged and never split */
  { "naïveBayes", "naïve_bayes" },
  { "überAlles", "über_alles" },
  { "ÜberAlles", "Über_alles" },
  { "prixÉté", "prixÉté" },
  { "日本Name", "日本name" },
  { "名前", "名前" },
};

static const Case camel_cases[] = {
  { "created_at", "createdAt" },
  { "user_id", "userId" },
  { "document_v2_id", "documentV2Id" },
  { "file_type", "fileType" },
  { "html_parser", "htmlParser" },
  { "sha256_sum", "sha256Sum" },
  { "", "" },
  { "a", "a" },
  { "id", "id" },
  { "createdAt", "createdAt" },
  { "Document", "Document" },
  { "_created_at", "_createdAt" },
  { "__typename", "__typename" },
  { "created_at_", "createdAt_" },
  { "created__at", "created__at" },
  { "v_2", "v_2" },
  { "snake_with_2", "snakeWith_2" },
  { "a_b", "aB" },
  { "x_y_z", "xYZ" },
  { "_", "_" },
  { "über_alles", "überAlles" },
  { "naïve_bayes", "naïveBayes" },
  { "prix_été", "prix_été" },
};

/* snake -> camel -> snake gives the input back. */
static const char *const round_trips[] = {
  "created_at", "user_id", "document_v2_id", "file_type", "sha256_sum",
  "already_snake", "_created_at", "__typename", "created_at_", "created__at",
  "v_2", "snake_with_2", "a_b", "über_alles", "id", "a", "",
};

START_TEST (test_name_to_snake_maps_table_case)
{
  const Case *c = &snake_cases[_i];
  g_autofree char *got = mdb_name_to_snake (c->in);

  ck_assert_msg (strcmp (got, c->out) == 0, "snake(\"%s\") = \"%s\", want \"%s\"",
                 c->in, got, c->out);
}
END_TEST

START_TEST (test_name_to_camel_maps_table_case)
{
  const Case *c = &camel_cases[_i];
  g_autofree char *got = mdb_name_to_camel (c->in);

  ck_assert_msg (strcmp (got, c->out) == 0, "camel(\"%s\") = \"%s\", want \"%s\"",
                 c->in, got, c->out);
}
END_TEST

START_TEST (test_name_snake_of_camel_round_trips)
{
  const char *in = round_trips[_i];
  g_autofree char *camel = mdb_name_to_camel (in);
  g_autofree char *back = mdb_name_to_snake (camel);

  ck_assert_msg (strcmp (back, in) == 0, "snake(camel(\"%s\")) = \"%s\" via \"%s\"",
                 in, back, camel);
}
END_TEST

START_TEST (test_name_to_snake_is_idempotent)
{
  const Case *c = &snake_cases[_i];
  g_autofree char *again = mdb_name_to_snake (c->out);

  ck_assert_msg (strcmp (again, c->out) == 0, "snake(\"%s\") = \"%s\"", c->out, again);
}
END_TEST

/* Every byte >= 0x80 of the input comes out, in order, unchanged. */
START_TEST (test_name_to_snake_keeps_utf8_valid)
{
  const Case *c = &snake_cases[_i];
  g_autofree char *got = mdb_name_to_snake (c->in);

  ck_assert (g_utf8_validate (got, -1, NULL));
}
END_TEST

static Suite *
names_suite (void)
{
  Suite *s = suite_create ("names");
  TCase *tc = tcase_create ("names");

  tcase_add_loop_test (tc, test_name_to_snake_maps_table_case, 0, G_N_ELEMENTS (snake_cases));
  tcase_add_loop_test (tc, test_name_to_snake_is_idempotent, 0, G_N_ELEMENTS (snake_cases));
  tcase_add_loop_test (tc, test_name_to_snake_keeps_utf8_valid, 0, G_N_ELEMENTS (snake_cases));
  tcase_add_loop_test (tc, test_name_to_camel_maps_table_case, 0, G_N_ELEMENTS (camel_cases));
  tcase_add_loop_test (tc, test_name_snake_of_camel_round_trips, 0, G_N_ELEMENTS (round_trips));
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return mdb_test_run (srunner_create (names_suite ()), FALSE);
}
