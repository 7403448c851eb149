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
  { "schema",   mdb_cmd_schema,   "lint or format the Prisma schema" },
  { "prepare",  mdb_cmd_prepare,  "refresh the offline query cache from a live database" },
  { "codegen",  mdb_cmd_codegen,  "generate typed C from queries and the cache (no database)" },
};

static int
unknown (const char *cmd)
{
  const char *names[G_N_ELEMENTS (commands) + 1] = { NULL };
  const char *near;

  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    names[i] = commands[i].name;
  near = mdb_tool_nearest (cmd, names);
  if (near != NULL)
    g_printerr ("mdb: unknown command `%s`; did you mean `mdb %s`? (see mdb help)\n", cmd, near);
  else
    g_printerr ("mdb: unknown command `%s` (see mdb help)\n", cmd);
  return MDB_EXIT_USAGE;
}

static const Command *
find (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (name, commands[i].name) == 0)
      return &commands[i];
  return NULL;
}

static int
run (const Command *c, int argc, char **argv)
{
  g_autofree char *prgname = g_strconcat ("mdb ", c->name, NULL);

  g_set_prgname (prgname);   /* GLib copies it */
  return c->run (argc, argv);
}

/* `mdb help COMMAND [SUB]`: that command's --help. */
static int
help_on (int argc, char **argv)
{
  const Command *c = find (argv[0]);
  g_autoptr (GPtrArray) args = g_ptr_array_new ();

  if (c == NULL)
    return unknown (argv[0]);
  for (int i = 0; i < argc && i < 2; i++)
    g_ptr_array_add (args, argv[i]);
  g_ptr_array_add (args, (gpointer) "--help");
  g_ptr_array_add (args, NULL);
  return run (c, (int) args->len - 1, (char **) args->pdata);
}

static void
print_help (void)
{
  g_print ("Usage: mdb COMMAND [ARGS]\n\nCommands:\n");
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    g_print ("  %-9s %s\n", commands[i].name, commands[i].help);
  g_print ("\nOptions:\n  --help     this help\n  --version  print the version\n\n"
           "Run `mdb help COMMAND` (or `mdb COMMAND --help`) for a command's options.  The databases and\n"
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
  if (cmd != NULL && strcmp (cmd, "help") == 0 && argc > 2)
    return help_on (argc - 2, argv + 2);
  if (cmd == NULL || strcmp (cmd, "--help") == 0 || strcmp (cmd, "-h") == 0 || strcmp (cmd, "help") == 0)
    return (print_help (), cmd == NULL ? MDB_EXIT_USAGE : MDB_EXIT_OK);
  if (strcmp (cmd, "--version") == 0)
    return (g_print ("mdb %s\n", MDB_VERSION_STRING), MDB_EXIT_OK);
  if (find (cmd) != NULL)
    return run (find (cmd), argc - 1, argv + 1);
  return unknown (cmd);
}
