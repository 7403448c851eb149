/* SPDX-License-Identifier: MIT */
/* Passwords never leak through a connection string libpq cannot read: every
 * library entry point, every malformed way of writing each special
 * character.  Nothing listens at the address, so no server is needed. */
#include <check.h>
#include <string.h>
#include "mdb-test-support.h"

static void
assert_error_safe (const char *password, const GError *error, const char *where)
{
  ck_assert_msg (error != NULL, "%s: no error for password \"%s\"", where, password);
  mdb_ts_assert_no_password (password, error->message, where);
}

/* The parser, and the rewrite tools use for other databases. */
static void
check_parse (const char *password, const char *conninfo)
{
  g_autoptr (GError) error = NULL, error2 = NULL;
  g_autoptr (MdbConninfo) info = mdb_conninfo_parse (conninfo, &error);
  g_autofree char *rewritten = mdb_conninfo_with_dbname (conninfo, "other", &error2);

  if (info == NULL)
    {
      assert_error_safe (password, error, "mdb_conninfo_parse");
      ck_assert_msg (strstr (error->message, "percent-encode") != NULL, "no hint: %s", error->message);
    }
  if (rewritten == NULL)
    assert_error_safe (password, error2, "mdb_conninfo_with_dbname");
}

static void
check_conn (const char *password, const char *conninfo)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MdbConn) conn = mdb_conn_new (conninfo, &error);

  ck_assert_ptr_null (conn);
  assert_error_safe (password, error, "mdb_conn_new");
}

/* A pool that connects at creation, one whose acquire fails at once, and
 * one whose acquire times out reporting the last connect error. */
static void
check_pool (const char *password, const char *conninfo)
{
  g_autoptr (MdbPoolConfig) config = mdb_pool_config_new (conninfo);
  g_autoptr (GError) e1 = NULL, e2 = NULL, e3 = NULL;
  MdbPool *pool;

  mdb_pool_config_set_min_size (config, 1);
  ck_assert_ptr_null (mdb_pool_new (config, &e1));
  assert_error_safe (password, e1, "mdb_pool_new (min 1)");

  mdb_pool_config_set_min_size (config, 0);
  mdb_pool_config_set_connect_backoff (config, 1000, 5000);
  pool = mdb_pool_new (config, &e2);
  if (pool == NULL)
    {
      assert_error_safe (password, e2, "mdb_pool_new");
      return;
    }
  ck_assert_ptr_null (mdb_pool_acquire_timeout (pool, 0, &e2));
  assert_error_safe (password, e2, "mdb_pool_acquire_timeout (0)");
  ck_assert_ptr_null (mdb_pool_acquire_timeout (pool, 30000, &e3));
  assert_error_safe (password, e3, "mdb_pool_acquire_timeout (30 ms)");
  mdb_pool_free (pool);
}

START_TEST (test_conninfo_password_never_in_an_error)
{
  g_autofree char *password = mdb_ts_password (_i);
  g_auto (GStrv) conninfos = mdb_ts_conninfos_with_password (password);

  for (char **c = conninfos; *c != NULL; c++)
    {
      check_parse (password, *c);
      check_conn (password, *c);
      check_pool (password, *c);
    }
}
END_TEST

/* The cases of the report that found the leaks, by their messages. */
START_TEST (test_conninfo_reported_leaks_are_scrubbed)
{
  static const char *const urls[] = {
    "postgresql://u:50%offZq7@127.0.0.1:1/db",     /* invalid percent-encoded token */
    "postgresql://u:x@Ab1Tail@127.0.0.1:1/db",     /* could not translate host name */
    "postgresql://u:Cd2Head/x@127.0.0.1:1/db",     /* invalid integer value for port */
    "host=127.0.0.1 port=1 password=Ef3 Ef3Tail",  /* missing "=" after */
  };
  static const char *const passwords[] = { "50%offZq7", "x@Ab1Tail", "Cd2Head/x", "Ef3 Ef3Tail" };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (MdbConn) conn = mdb_conn_new (urls[i], &error);
      g_autofree char *scrubbed = mdb_conninfo_scrub (urls[i], urls[i]);

      ck_assert_ptr_null (conn);
      assert_error_safe (passwords[i], error, urls[i]);
      mdb_ts_assert_no_password (passwords[i], scrubbed, "mdb_conninfo_scrub");
      /* Say what to fix, not only that it failed. */
      ck_assert_msg (strstr (error->message, "percent-encode") != NULL, "%s", error->message);
    }
}
END_TEST

/* An unencoded '@' or '/' makes libpq read a host or port that can never
 * be: refused when parsed, before any host lookup, with the fix. */
START_TEST (test_conninfo_impossible_host_or_port_is_refused)
{
  static const char *const bad[] = {
    "postgresql://u:x@Ab1Tail@127.0.0.1:1/db",
    "postgresql://u:Cd2Head/x@127.0.0.1:1/db",
    "host=a@b port=5432",
    "host=h port=54x2",
  };
  static const char *const good[] = {
    "postgresql://u:p%40ss@h:5432/db", "postgresql://u@h1:1,h2:2/db", "host=/tmp/dir@x port=5432",
    "host=@abstract", "host=h port=''", "postgresql:///db?host=/run/pg&application_name=a@b",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (MdbConninfo) info = mdb_conninfo_parse (bad[i], &error);

      ck_assert_msg (info == NULL, "%s parsed", bad[i]);
      ck_assert_msg (g_error_matches (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT)
                     && strstr (error->message, "which cannot be one; if the password holds special "
                                "characters, percent-encode them") != NULL, "%s: %s", bad[i], error->message);
    }
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (MdbConninfo) info = mdb_conninfo_parse (good[i], &error);

      ck_assert_msg (info != NULL, "%s: %s", good[i], error ? error->message : "");
    }
}
END_TEST

/* Scrubbing keeps what is not the password, and short passwords whole. */
START_TEST (test_conninfo_scrub_keeps_the_rest)
{
  g_autofree char *a = mdb_conninfo_scrub ("postgresql://u:x@Ab1Tail@db.example:5432/app",
                                           "could not translate host name \"Ab1Tail@db.example\"");
  g_autofree char *b = mdb_conninfo_scrub ("host=h password=abc", "abc and ABC and ab");
  g_autofree char *c = mdb_conninfo_scrub ("host=h password=caféKx9", "x café y");
  g_autofree char *d = mdb_conninfo_scrub (NULL, "password=x");

  ck_assert_str_eq (a, "could not translate host name \"***@db.example\"");
  ck_assert_str_eq (b, "*** and *** and ab");
  ck_assert_str_eq (c, "x *** y");
  ck_assert_str_eq (d, "password=***");
  ck_assert_ptr_null (mdb_conninfo_scrub ("password=x", NULL));
}
END_TEST

START_TEST (test_conninfo_get_reads_like_libpq)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MdbConninfo) url = mdb_conninfo_parse ("postgresql://u:p%40ss@h:5433/d?options=-c%20x%3D1", &error);
  g_autoptr (MdbConninfo) kv = mdb_conninfo_parse ("host=h dbname='a b' user=o\\'k", &error);

  ck_assert_ptr_nonnull (url);
  ck_assert_str_eq (mdb_conninfo_get (url, "password"), "p@ss");
  ck_assert_str_eq (mdb_conninfo_get (url, "port"), "5433");
  ck_assert_str_eq (mdb_conninfo_get (url, "options"), "-c x=1");
  ck_assert_ptr_null (mdb_conninfo_get (url, "sslcert"));
  ck_assert_ptr_nonnull (kv);
  ck_assert_str_eq (mdb_conninfo_get (kv, "dbname"), "a b");
  ck_assert_str_eq (mdb_conninfo_get (kv, "user"), "o'k");
}
END_TEST

static Suite *
conninfo_suite (void)
{
  Suite *s = suite_create ("conninfo");
  TCase *tc = tcase_create ("leaks");

  tcase_set_timeout (tc, 60);
  tcase_add_loop_test (tc, test_conninfo_password_never_in_an_error, 0, (int) mdb_ts_n_passwords ());
  tcase_add_test (tc, test_conninfo_reported_leaks_are_scrubbed);
  tcase_add_test (tc, test_conninfo_impossible_host_or_port_is_refused);
  tcase_add_test (tc, test_conninfo_scrub_keeps_the_rest);
  tcase_add_test (tc, test_conninfo_get_reads_like_libpq);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  /* Host names built from broken URLs go to the resolver: keep it quick. */
  g_setenv ("RES_OPTIONS", "timeout:1 attempts:1", TRUE);
  return mdb_test_run (srunner_create (conninfo_suite ()), FALSE);
}
