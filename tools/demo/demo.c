/* SPDX-License-Identifier: MIT */
/* The README's main job: a short tour of macrodb against the project's server. */
#include <stdio.h>
#include <stdlib.h>
#include <mdb/mdb.h>
#include <contacts-db/contacts-db.h>
#include <notification-db/notification-db.h>
#include "demo-macro.h"
#include "demo-email.h"
#include "demo-comms.h"
#include "demo-macro-people.h"
#include "demo-properties.h"

static gboolean
fail (const char *what, GError *error)
{
  fprintf (stderr, "demo: %s: %s\n", what, error->message);
  g_error_free (error);
  return FALSE;
}

static void
show_names (void)
{
  static const char *const names[] = {
    "createdAt", "userID", "HTMLParser", "documentV2Id", "already_snake", "Document",
  };

  printf ("\n== Names: columns answer to snake_case whatever they are called\n");
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *snake = mdb_name_to_snake (names[i]);
      g_autofree char *camel = mdb_name_to_camel (snake);
      printf ("  %-14s -> %-16s -> %s\n", names[i], snake, camel);
    }
}

/* Typed values through the pool: parameters in binary, results decoded by
 * snake_case column name. */
static gboolean
show_typed_query (MdbPool *pool)
{
  g_autoptr(MdbParams) params = mdb_params_new ();
  g_autoptr(MdbResult) res = NULL;
  g_autofree char *id = NULL;
  g_autofree char *tags_joined = NULL;
  g_auto(GStrv) tags = NULL;
  GError *error = NULL;
  gint64 created = 0;
  gint32 n = 0;

  mdb_params_add_uuid (params, "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11");
  mdb_params_add_int4 (params, 41);
  mdb_params_add_timestamptz (params, G_GINT64_CONSTANT (1764000000) * MDB_USEC_PER_SEC);
  mdb_params_add_text_array (params, (const char *const[]) { "sql", "c", NULL }, -1);
  res = mdb_exec (MDB_EXECUTOR (pool),
                  "SELECT $1::uuid AS \"documentId\", $2::int4 + 1 AS \"pageCount\", "
                  "$3::timestamptz AS \"createdAt\", $4::text[] AS \"tagList\"",
                  params, &error);
  if (res == NULL)
    return fail ("typed query", error);

  id = mdb_result_dup_string (res, 0, mdb_result_find_column (res, "document_id"), &error);
  if (id == NULL
      || !mdb_result_get_int32 (res, 0, mdb_result_find_column (res, "page_count"), &n, &error)
      || !mdb_result_get_timestamp (res, 0, mdb_result_find_column (res, "created_at"), &created, &error)
      || (tags = mdb_result_dup_strv (res, 0, mdb_result_find_column (res, "tag_list"), &error)) == NULL)
    return fail ("decoding", error);

  tags_joined = g_strjoinv (",", tags);
  printf ("\n== Typed query (binary parameters and results)\n");
  printf ("  document_id=%s page_count=%d created_at=%" G_GINT64_FORMAT " us tag_list={%s}\n",
          id, n, created, tags_joined);
  return TRUE;
}

static gboolean
show_decode_error (MdbPool *pool)
{
  g_autoptr(MdbResult) res = NULL;
  GError *error = NULL;
  gint64 v = 0;

  res = mdb_exec (MDB_EXECUTOR (pool), "SELECT NULL::int8 AS \"deletedAt\"", NULL, &error);
  if (res == NULL)
    return fail ("null query", error);
  printf ("\n== Errors are values, never crashes\n");
  if (!mdb_result_get_int64 (res, 0, 0, &v, &error))
    {
      printf ("  decoding a NULL as int64: %s\n", error->message);
      g_clear_error (&error);
    }
  if (mdb_exec (MDB_EXECUTOR (pool), "SELECT * FROM no_such_table", NULL, &error) == NULL)
    {
      printf ("  server error: %s (SQLSTATE %s)\n", error->message, mdb_error_get_sqlstate (error));
      g_clear_error (&error);
    }
  return TRUE;
}

/* ContactsDB through contacts_db_client: one batch of pairs in either
 * order (rerunning the demo only refreshes them), then alice's contacts a
 * page of two at a time. */
static gboolean
show_contacts (void)
{
  static const ContactsDbPair pairs[] = {
    { "demo-bob", "demo-alice" }, { "demo-alice", "demo-carol" }, { "demo-dave", "demo-alice" },
    { "demo-alice", "demo-bob" }, { "demo-carol", "demo-dave" }, { "demo-alice", "Demo-Zo\xc3\xab" },
  };
  const char *url = g_getenv ("CONTACTSDB_DATABASE_URL");
  g_autoptr(MdbPool) pool = NULL;
  g_autofree char *cursor = NULL;
  GError *error = NULL;
  gint64 created;

  printf ("\n== Contacts (contacts_db_client on ContactsDB)\n");
  if (url == NULL)
    {
      printf ("  skipped (set CONTACTSDB_DATABASE_URL to a migrated contactsdb)\n");
      return TRUE;
    }
  pool = mdb_pool_new_simple (url, 2, &error);
  if (pool == NULL)
    return fail ("contacts pool", error);
  created = contacts_db_connections_create (MDB_EXECUTOR (pool), pairs, G_N_ELEMENTS (pairs), &error);
  if (created < 0)
    return fail ("contacts create", error);
  printf ("  %zu pairs sent in one statement, %" G_GINT64_FORMAT " new\n",
          G_N_ELEMENTS (pairs), created);
  for (guint page_no = 1;; page_no++)
    {
      g_autoptr (MdbPage) page = contacts_db_contacts_list (MDB_EXECUTOR (pool), "demo-alice", cursor, 2, &error);

      if (page == NULL)
        return fail ("contacts list", error);
      for (guint i = 0; i < page->items->len; i++)
        printf ("  demo-alice page %u: %s\n", page_no, (const char *) page->items->pdata[i]);
      if (page->next_cursor == NULL)
        break;
      g_free (cursor);
      cursor = g_steal_pointer (&page->next_cursor);
    }
  return TRUE;
}

/* MacroDB notifications through notification_db_client: a mention fanned
 * out to a team in one statement (the muted member skipped), who gets an
 * email (a repeat does not: rerunning the demo shows it), the unseen badge
 * and the newest page of one member's list. */
static gboolean
show_notifications (MdbPool *pool)
{
  static const char *const team[] = { "demo-bob", "demo-carol", "demo-dave" };
  static const NotificationDbRecipient recipients[] = {
    { "demo-bob", "bob@example.com" }, { "demo-carol", NULL }, { "demo-dave", NULL },
  };
  NotificationDbEvent mention = { NULL, "document_mention", "demo-doc", "document", "demo", NULL, "demo-alice", FALSE };
  MdbExecutor *db = MDB_EXECUTOR (pool);
  g_autoptr(NotificationDbFanOut) sent = NULL;
  g_autoptr(GArray) email = NULL;
  g_autoptr(MdbPage) page = NULL;
  GError *error = NULL;

  printf ("\n== Notifications (notification_db_client on MacroDB)\n");
  /* FALSE without an error when a rerun finds demo-dave muted already. */
  if (!notification_db_mute (db, "demo-dave", &error) && error != NULL)
    return fail ("mute", error);
  sent = notification_db_notify (db, &mention, team, G_N_ELEMENTS (team), &error);
  if (sent == NULL)
    return fail ("notify", error);
  printf ("  one statement: notification + %" G_GINT64_FORMAT " user rows (demo-dave is muted):", sent->n_stored);
  for (guint i = 0; sent->notified[i] != NULL; i++)
    printf (" %s", sent->notified[i]);
  printf ("\n");
  email = notification_db_should_email (db, "document_mention", "demo-doc", "document", recipients,
                                        G_N_ELEMENTS (recipients), &error);
  if (email == NULL)
    return fail ("should_email", error);
  printf ("  email them? (only the first of a kind per item, never muted)");
  for (guint i = 0; i < email->len; i++)
    printf (" %s=%s", recipients[i].user_id, g_array_index (email, gboolean, i) ? "yes" : "no");
  printf ("\n  demo-bob unseen: %" G_GINT64_FORMAT "\n", notification_db_unseen_count (db, "demo-bob", &error));
  page = notification_db_list (db, "demo-bob", NULL, NULL, 3, &error);
  if (page == NULL)
    return fail ("list", error);
  for (guint i = 0; i < page->items->len; i++)
    {
      const NotificationDbUserNotification *n = page->items->pdata[i];
      printf ("  demo-bob newest %u: %s about %s from %s%s\n", i + 1, n->event_type, n->item_id, n->sender_id,
              n->seen_at_is_null ? " (unseen)" : "");
    }
  return TRUE;
}

static void
show_stats (MdbPool *pool)
{
  printf ("\n== Pool statistics\n");
  printf ("  size=%" G_GUINT64_FORMAT " idle=%" G_GUINT64_FORMAT " in_use=%" G_GUINT64_FORMAT
          " acquires=%" G_GUINT64_FORMAT " timeouts=%" G_GUINT64_FORMAT
          " opened=%" G_GUINT64_FORMAT " closed=%" G_GUINT64_FORMAT "\n",
          mdb_pool_get_stat (pool, MDB_POOL_STAT_SIZE),
          mdb_pool_get_stat (pool, MDB_POOL_STAT_IDLE),
          mdb_pool_get_stat (pool, MDB_POOL_STAT_IN_USE),
          mdb_pool_get_stat (pool, MDB_POOL_STAT_ACQUIRES),
          mdb_pool_get_stat (pool, MDB_POOL_STAT_TIMEOUTS),
          mdb_pool_get_stat (pool, MDB_POOL_STAT_OPENED),
          mdb_pool_get_stat (pool, MDB_POOL_STAT_CLOSED));
}

int
main (int argc, char **argv)
{
  g_autoptr(MdbPoolConfig) config = NULL;
  g_autoptr(MdbPool) pool = NULL;
  const char *url = g_getenv ("MACRODB_DATABASE_URL");
  GError *error = NULL;
  gboolean ok;

  if (url == NULL)
    {
      fprintf (stderr, "demo: set MACRODB_DATABASE_URL (tools/demo.sh does)\n");
      return EXIT_FAILURE;
    }
  {
    g_autofree char *shown = mdb_redact_conninfo (url);
    printf ("macrodb %s demo on %s\n", MDB_VERSION_STRING, shown);
  }

  config = mdb_pool_config_new (url);
  mdb_pool_config_set_max_size (config, 4);
  mdb_pool_config_set_min_size (config, 1);
  mdb_pool_config_set_application_name (config, "mdb-demo");
  pool = mdb_pool_new (config, &error);
  if (pool == NULL)
    return fail ("pool", error) ? EXIT_SUCCESS : EXIT_FAILURE;

  show_names ();
  ok = show_typed_query (pool) && show_decode_error (pool);
  ok = show_contacts () && ok;
  ok = show_notifications (pool) && ok;
  ok = demo_show_macro (pool) && ok;
  ok = demo_show_email (pool) && ok;
  ok = demo_show_comms (pool) && ok;
  ok = demo_show_macro_people (pool) && ok;
  ok = demo_show_properties (pool) && ok;
  show_stats (pool);
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
