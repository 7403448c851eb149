/* SPDX-License-Identifier: MIT */
/* The `mdb` command: dispatch to database, migrate, schema, prepare and codegen. */
#include <locale.h>
#include <string.h>
#include "mdb-tool-private.h"

typedef struct {
  const char *name;
  int (*run) (int argc, char **argv);
  const char *help;
} Command;

static const Command commands[] = {
  { "database", mdb_cmd_database, "create, drop, reset or set up databases" },
  { "migrate",  mdb_cmd_migrate,  "run, revert, info, add and check migrations" },
  { "schema",   mdb_cmd_schema,   "lint the Prisma schema" },
  { "prepare",  mdb_cmd_prepare,  "refresh the offline query cache from a live database" },
  { "codegen",  mdb_cmd_codegen,  "generate typed C from queries and the cache (no database)" },
};

/* See mdb-tool-private.h. */
gboolean
mdb__tool_parse (const char *usage, const char *summary, const GOptionEntry *entries,
                 int *argc, char ***argv, GError **error)
{
  g_autoptr (GOptionContext) ctx = g_option_context_new (usage);

  g_option_context_set_summary (ctx, summary);
  g_option_context_add_main_entries (ctx, entries, NULL);
  return g_option_context_parse (ctx, argc, argv, error);
}

static void
print_help (void)
{
  g_print ("Usage: mdb COMMAND [ARGS]\n\nCommands:\n");
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    g_print ("  %-9s %s\n", commands[i].name, commands[i].help);
  g_print ("\nOptions:\n  --help     this help\n  --version  print the version\n\n"
           "Run `mdb COMMAND --help` for a command's options.  The databases and\n"
           "their folders come from mdb.conf at the project root.\n");
}

int
main (int argc, char **argv)
{
  const char *cmd = argc > 1 ? argv[1] : NULL;

  setlocale (LC_ALL, "");
  /* Any argument may be a URL, even a misspelled option's value. */
  for (int i = 1; i < argc; i++)
    mdb_tool_note_url (argv[i]);
  mdb_tool_note_url (g_getenv ("DATABASE_URL"));
  if (cmd == NULL || strcmp (cmd, "--help") == 0 || strcmp (cmd, "-h") == 0 || strcmp (cmd, "help") == 0)
    return (print_help (), cmd == NULL ? MDB_EXIT_ERROR : MDB_EXIT_OK);
  if (strcmp (cmd, "--version") == 0)
    return (g_print ("mdb %s\n", MDB_VERSION_STRING), MDB_EXIT_OK);
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (cmd, commands[i].name) == 0)
      {
        g_autofree char *prgname = g_strconcat ("mdb ", cmd, NULL);

        g_set_prgname (prgname);   /* GLib copies it */
        return commands[i].run (argc - 1, argv + 1);
      }
  g_printerr ("mdb: unknown command `%s` (see mdb --help)\n", cmd);
  return MDB_EXIT_ERROR;
}
