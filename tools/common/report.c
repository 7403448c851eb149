/* SPDX-License-Identifier: MIT */
/* The tool's one error printer: whatever it prints is scrubbed of the
 * password of every connection string the run was given. */
#include <string.h>
#include "mdb-tool.h"

/* Every connection string this run has seen: the printer scrubs their
 * passwords from whatever it prints, however malformed they are. */
static GPtrArray *seen_urls;

/**
 * mdb_tool_note_url:
 * @text: (nullable): a connection string the command may report about
 *   (an argument, an environment variable's value)
 *
 * Remembers @text so mdb_tool_print_error() and mdb_tool_scrub() remove
 * its password.
 */
void
mdb_tool_note_url (const char *text)
{
  if (text == NULL || *text == '\0')
    return;
  if (seen_urls == NULL)
    seen_urls = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < seen_urls->len; i++)
    if (strcmp (g_ptr_array_index (seen_urls, i), text) == 0)
      return;
  g_ptr_array_add (seen_urls, g_strdup (text));
}

/**
 * mdb_tool_scrub:
 * @text: a message
 *
 * Returns: (transfer full): @text without any piece of the password of a
 *   connection string noted with mdb_tool_note_url(), and redacted
 */
char *
mdb_tool_scrub (const char *text)
{
  char *safe = mdb_redact_conninfo (text);

  for (guint i = 0; seen_urls != NULL && i < seen_urls->len; i++)
    {
      char *next = mdb_conninfo_scrub (g_ptr_array_index (seen_urls, i), safe);
      g_free (safe);
      safe = next;
    }
  return safe;
}

/**
 * mdb_tool_print_error:
 * @error: (nullable): an error
 *
 * Prints "mdb: <message>" on stderr, scrubbed by mdb_tool_scrub().  The one
 * way the tool reports an error.
 */
void
mdb_tool_print_error (const GError *error)
{
  g_autofree char *safe = mdb_tool_scrub (error ? error->message : "unknown error");
  g_printerr ("mdb: %s\n", safe);
}
