/* SPDX-License-Identifier: MIT */
/* The one confirmation question of the tool: destructive steps, reverts and
 * drops ask it; no answer (no standard input) is a refusal, so a script
 * must say -y. */
#include <stdio.h>
#include "mdb-tool.h"

/**
 * mdb_tool_confirm:
 * @question: the question, without " [y/N] "
 * @assume_yes: the user passed -y: do not ask
 * @refusal: what was not done, for the error ("reverted nothing")
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the command may go on
 */
gboolean
mdb_tool_confirm (const char *question, gboolean assume_yes, const char *refusal, GError **error)
{
  char line[64] = "";

  if (assume_yes)
    return TRUE;
  g_print ("%s [y/N] ", question);
  fflush (stdout);
  if (fgets (line, sizeof line, stdin) == NULL)
    {
      g_print ("\n");
      g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT,
                   "no answer on standard input, so %s: pass -y to go ahead without asking", refusal);
      return FALSE;
    }
  g_strstrip (line);
  if (g_ascii_strcasecmp (line, "y") == 0 || g_ascii_strcasecmp (line, "yes") == 0)
    return TRUE;
  g_set_error (error, MDB_ERROR, MDB_ERROR_INVALID_INPUT, "not confirmed, so %s", refusal);
  return FALSE;
}
