/* SPDX-License-Identifier: MIT */
/* Subcommands and usage errors, the same way for every command: a bad
 * option or argument prints what was wrong and the usage line and exits 2;
 * a mistyped command name gets the nearest one. */
#include <string.h>
#include "mdb-tool-private.h"

/* See mdb-tool-private.h. */
int
mdb__tool_usage_error (const char *cmd, const char *params, const char *message)
{
  g_printerr ("mdb %s: %s\nUsage: mdb %s%s%s [OPTION…]  (mdb help %s)\n", cmd, message, cmd,
              *params ? " " : "", params, cmd);
  return MDB_EXIT_USAGE;
}

/* See mdb-tool-private.h. */
const MdbToolSub *
mdb__tool_find_sub (const MdbToolSub *subs, const char *group, const char *name)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  const char *near;

  for (const MdbToolSub *s = subs; s->name != NULL; s++)
    {
      if (strcmp (s->name, name) == 0)
        return s;
      g_ptr_array_add (names, (gpointer) s->name);
    }
  g_ptr_array_add (names, NULL);
  near = mdb_tool_nearest (name, (const char *const *) names->pdata);
  if (near != NULL)
    g_printerr ("mdb: unknown command `%s %s`; did you mean `mdb %s %s`? (see mdb help %s)\n",
                group, name, group, near, group);
  else
    g_printerr ("mdb: unknown command `%s %s` (see mdb help %s)\n", group, name, group);
  return NULL;
}

/* See mdb-tool-private.h. */
gboolean
mdb__tool_parse_sub (const char *group, const MdbToolSub *sub, int *argc, char ***argv)
{
  g_autofree char *cmd = g_strdup_printf ("%s %s", group, sub->name);
  g_autofree char *prgname = g_strdup_printf ("mdb %s", cmd);
  g_autoptr (GOptionContext) ctx = NULL;
  g_autoptr (GError) error = NULL;

  g_set_prgname (prgname);   /* --help's "Usage: mdb migrate run [OPTION…]" */
  ctx = g_option_context_new (sub->params);

  g_option_context_set_summary (ctx, sub->summary);
  g_option_context_add_main_entries (ctx, sub->entries, NULL);
  if (g_option_context_parse (ctx, argc, argv, &error))
    return TRUE;
  {
    g_autofree char *safe = mdb_tool_scrub (error->message);
    mdb__tool_usage_error (cmd, sub->params, safe);
  }
  return FALSE;
}
