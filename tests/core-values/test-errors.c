/* SPDX-License-Identifier: MIT */
/* Unit tests of password redaction and the MDB_ERROR accessors. */
#include <string.h>
#include "values-test.h"

typedef struct {
  const char *in;
  const char *out;
} Case;

static const Case redact_cases[] = {
  { "host=db password=secret dbname=x", "host=db password=*** dbname=x" },
  { "password=secret", "password=***" },
  { "password = secret user=u", "password = *** user=u" },
  { "password='quoted secret' user=u", "password=*** user=u" },
  { "password='it\\'s secret' user=u", "password=*** user=u" },
  { "password=''", "password=***" },
  { "PASSWORD=secret", "PASSWORD=***" },
  { "PGPASSWORD=secret psql", "PGPASSWORD=*** psql" },
  { "postgresql://user:secret@host/db", "postgresql://user:***@host/db" },
  { "postgres://user:secret@host:5432/db?sslmode=disable", "postgres://user:***@host:5432/db?sslmode=disable" },
  { "postgresql://user@host/db?password=secret", "postgresql://user@host/db?password=***" },
  { "postgresql://user@host/db?password=secret&sslmode=require", "postgresql://user@host/db?password=***&sslmode=require" },
  { "postgresql://u:p%40ss@h1:1,h2:2/db", "postgresql://u:***@h1:1,h2:2/db" },
  { "postgresql://u:se@cret@host/db", "postgresql://u:***@host/db" },
  { "postgresql://u:se/cret@host/db", "postgresql://u:***@host/db" },
  { "connect to postgresql://u:secret@h/db failed: timeout", "connect to postgresql://u:***@h/db failed: timeout" },
  { "postgresql://user@host/db", "postgresql://user@host/db" },
  { "postgresql://host:5432/db", "postgresql://host:5432/db" },
  { "host=/tmp/pg port=5432", "host=/tmp/pg port=5432" },
  { "password authentication failed for user \"test\"", "password authentication failed for user \"test\"" },
  { "", "" },
  /* Found by fuzz-redact: a key whose value is another password key. */
  { "password = password = \"secret\"  x", "password = password = ***  x" },
  { "password=password=secret", "password=password=***" },
};

static const char *const leaky[] = {
  "password=hunter2", "password = 'hunter2'", "password=\"hunter2\"",
  "host=x password=hunter2\tuser=y", "postgresql://a:hunter2@b/c",
  "postgresql://a@b/c?password=hunter2", "postgresql://a@b/c?x=1&password=hunter2#f",
  "x PASSWORD=hunter2", "postgresql://a:hunter2@b", "password=hunter2\nnext line",
  "postgresql://a:hun@ter2@b/c", "postgresql://a:hun/ter2@b/c",
  "password='hunter2 with spaces' host=x",
  "password = password = \"hunter2\"  **D us;=u", "PGPASSWORD=password=hunter2",
};

START_TEST (test_redact_conninfo_replaces_password)
{
  const Case *c = &redact_cases[_i];
  g_autofree char *got = mdb_redact_conninfo (c->in);

  ck_assert_msg (strcmp (got, c->out) == 0, "redact(%s) = %s, want %s", c->in, got, c->out);
}
END_TEST

START_TEST (test_redact_conninfo_never_leaks_password)
{
  g_autofree char *got = mdb_redact_conninfo (leaky[_i]);

  ck_assert_msg (strstr (got, "hunter2") == NULL && strstr (got, "ter2") == NULL,
                 "password survived in %s", got);
}
END_TEST

START_TEST (test_redact_conninfo_null_is_null)
{
  ck_assert_ptr_null (mdb_redact_conninfo (NULL));
}
END_TEST

START_TEST (test_error_accessors_are_null_for_plain_errors)
{
  g_autoptr (GError) mdb = g_error_new (MDB_ERROR, MDB_ERROR_NOT_FOUND, "no row");
  g_autoptr (GError) other = g_error_new (G_FILE_ERROR, G_FILE_ERROR_FAILED, "io");

  ck_assert_ptr_null (mdb_error_get_sqlstate (mdb));
  ck_assert_ptr_null (mdb_error_get_constraint (mdb));
  ck_assert_ptr_null (mdb_error_get_detail (mdb));
  ck_assert_ptr_null (mdb_error_get_table (mdb));
  ck_assert_ptr_null (mdb_error_get_column (mdb));
  ck_assert_ptr_null (mdb_error_get_sqlstate (other));
  ck_assert_ptr_null (mdb_error_get_sqlstate (NULL));
  ck_assert (!mdb_error_is_retryable (mdb));
  ck_assert (!mdb_error_is_retryable (other));
  ck_assert (!mdb_error_is_retryable (NULL));
}
END_TEST

START_TEST (test_error_from_result_without_server_fields_is_failed)
{
  PGresult *res = PQmakeEmptyPGresult (NULL, PGRES_FATAL_ERROR);
  g_autoptr (GError) error = NULL;

  mdb_ts_set_error_from_result (&error, res, "document_get");
  ck_assert (g_error_matches (error, MDB_ERROR, MDB_ERROR_FAILED));
  ck_assert_msg (g_str_has_prefix (error->message, "document_get: "), "%s", error->message);
  ck_assert_ptr_null (mdb_error_get_sqlstate (error));
  PQclear (res);
}
END_TEST

START_TEST (test_error_from_null_result_is_connect)
{
  g_autoptr (GError) error = NULL;

  mdb_ts_set_error_from_result (&error, NULL, NULL);
  ck_assert (g_error_matches (error, MDB_ERROR, MDB_ERROR_CONNECT));
}
END_TEST

START_TEST (test_error_from_conn_redacts_password)
{
  PGconn *conn = PQconnectdb ("postgresql://u:hunter2@/db?host=/nonexistent-mdb-dir&connect_timeout=1");
  g_autoptr (GError) error = NULL;

  mdb_ts_set_error_from_conn (&error, conn, MDB_ERROR_CONNECT, "connecting to postgresql://u:hunter2@x/db");
  ck_assert (g_error_matches (error, MDB_ERROR, MDB_ERROR_CONNECT));
  ck_assert_msg (strstr (error->message, "hunter2") == NULL, "password in message");
  ck_assert_msg (error->message[strlen (error->message) - 1] != '\n', "message not trimmed");
  PQfinish (conn);
}
END_TEST

START_TEST (test_error_copy_keeps_nothing_dangling)
{
  g_autoptr (GError) error = g_error_new (MDB_ERROR, MDB_ERROR_SERVER, "x");
  g_autoptr (GError) copy = g_error_copy (error);

  ck_assert_ptr_null (mdb_error_get_sqlstate (copy));
  ck_assert_int_eq (copy->code, MDB_ERROR_SERVER);
}
END_TEST

START_TEST (test_conninfo_with_dbname_keeps_server_and_role)
{
  GError *error = NULL;
  g_autofree char *url = mdb_conninfo_with_dbname (
      "postgresql://app:s3cret@/macrodb?host=/tmp/pg&port=5433&application_name=x", "other", &error);
  g_autofree char *kv = mdb_conninfo_with_dbname ("host=h dbname=a user='o\\'brien'", "b c", &error);
  PGconn *pg = PQconnectStartParams ((const char *const[]) { "dbname", NULL },
                                     (const char *const[]) { url, NULL }, 1);

  ck_assert_ptr_null (error);
  ck_assert_ptr_nonnull (strstr (url, "dbname='other'"));
  ck_assert_ptr_nonnull (strstr (url, "host='/tmp/pg'"));
  ck_assert_ptr_nonnull (strstr (url, "port='5433'"));
  ck_assert_ptr_nonnull (strstr (url, "user='app'"));
  ck_assert_ptr_nonnull (strstr (url, "application_name='x'"));
  ck_assert_ptr_nonnull (strstr (kv, "dbname='b c'"));
  ck_assert_ptr_nonnull (strstr (kv, "user='o\\'brien'"));
  /* libpq reads back exactly what it wrote */
  ck_assert_str_eq (PQdb (pg), "other");
  PQfinish (pg);
}
END_TEST

START_TEST (test_conninfo_with_dbname_rejects_garbage_without_leaking)
{
  GError *error = NULL;
  char *out = mdb_conninfo_with_dbname ("postgresql://u:hunter2@h/db?nosuchoption=1", "x", &error);

  ck_assert_ptr_null (out);
  ck_assert_ptr_nonnull (error);
  ck_assert_int_eq (error->code, MDB_ERROR_INVALID_INPUT);
  ck_assert_ptr_null (strstr (error->message, "hunter2"));
  g_error_free (error);
}
END_TEST

static Suite *
errors_suite (void)
{
  Suite *s = suite_create ("errors");
  TCase *tc = tcase_create ("redaction");

  tcase_add_loop_test (tc, test_redact_conninfo_replaces_password, 0, G_N_ELEMENTS (redact_cases));
  tcase_add_loop_test (tc, test_redact_conninfo_never_leaks_password, 0, G_N_ELEMENTS (leaky));
  tcase_add_test (tc, test_redact_conninfo_null_is_null);
  suite_add_tcase (s, tc);
  tc = tcase_create ("errors");
  tcase_add_test (tc, test_error_accessors_are_null_for_plain_errors);
  tcase_add_test (tc, test_error_from_result_without_server_fields_is_failed);
  tcase_add_test (tc, test_error_from_null_result_is_connect);
  tcase_add_test (tc, test_error_from_conn_redacts_password);
  tcase_add_test (tc, test_error_copy_keeps_nothing_dangling);
  suite_add_tcase (s, tc);
  tc = tcase_create ("conninfo");
  tcase_add_test (tc, test_conninfo_with_dbname_keeps_server_and_role);
  tcase_add_test (tc, test_conninfo_with_dbname_rejects_garbage_without_leaking);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return mdb_test_run (srunner_create (errors_suite ()), FALSE);
}
