/* SPDX-License-Identifier: MIT */
/* Fuzz target: any text through the query-file parser and the named-parameter rewriter. */
#include <string.h>
#include "fuzz-common.h"
#include "query-file.h"

static gboolean
is_param_name (const char *name)
{
  if (name == NULL || *name == '\0' || g_ascii_isdigit (*name))
    return FALSE;
  for (; *name != '\0'; name++)
    if (!g_ascii_isalnum (*name) && *name != '_')
      return FALSE;
  return TRUE;
}

static void
check_params (GPtrArray *params, const char *sql)
{
  for (guint i = 0; i < params->len; i++)
    {
      const MdbQueryParam *p = g_ptr_array_index (params, i);
      g_autofree char *ref = g_strdup_printf ("$%u", i + 1);

      FUZZ_CHECK (is_param_name (p->name), "bad parameter name '%s'", p->name);
      FUZZ_CHECK (strstr (sql, ref) != NULL, "%s missing from rewritten sql", ref);
    }
}

static void
fuzz_rewrite (const char *text)
{
  GPtrArray *params = g_ptr_array_new ();   /* MdbQueryParam *, freed below */
  GError *error = NULL;
  char *sql;

  sql = mdb__query_rewrite (text, "fuzz.sql", 1, params, &error);
  FUZZ_CHECK ((sql == NULL) != (error == NULL), "sql and error both %s", sql ? "set" : "unset");
  if (sql != NULL)
    check_params (params, sql);
  else
    FUZZ_CHECK (g_str_has_prefix (error->message, "fuzz.sql:"), "%s", error->message);
  for (guint i = 0; i < params->len; i++)
    {
      MdbQueryParam *p = g_ptr_array_index (params, i);
      g_free (p->name);
      g_free (p);
    }
  g_ptr_array_unref (params);
  g_clear_error (&error);
  g_free (sql);
}

static void
fuzz_file (const char *text)
{
  GError *error = NULL;
  GPtrArray *queries = mdb__query_file_parse ("fuzz.sql", text, &error);

  FUZZ_CHECK ((queries == NULL) != (error == NULL), "queries and error both %s",
              queries ? "set" : "unset");
  if (queries == NULL)
    {
      FUZZ_CHECK (g_str_has_prefix (error->message, "fuzz.sql"), "%s", error->message);
      g_error_free (error);
      return;
    }
  for (guint i = 0; i < queries->len; i++)
    {
      const MdbQuery *q = g_ptr_array_index (queries, i);

      FUZZ_CHECK (q->name != NULL && q->sql != NULL && q->hash != NULL, "incomplete query");
      FUZZ_CHECK (strlen (q->hash) == 64, "hash '%s'", q->hash);
      check_params (q->params, q->sql);
    }
  g_ptr_array_unref (queries);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  char *text = g_strndup ((const char *) data, size);

  fuzz_file (text);
  fuzz_rewrite (text);
  g_free (text);
  return 0;
}
