/* SPDX-License-Identifier: MIT */
/* Temporary stand-ins for commands other parts have not landed yet (the lead removes this file). */
#include "mdb-tool.h"

static int
not_built (const char *what)
{
  g_printerr ("mdb: %s: not built yet\n", what);
  return MDB_EXIT_ERROR;
}

__attribute__((weak)) int mdb_cmd_schema (int argc, char **argv) { return not_built ("schema"); }
__attribute__((weak)) int mdb_cmd_prepare (int argc, char **argv) { return not_built ("prepare"); }
__attribute__((weak)) int mdb_cmd_codegen (int argc, char **argv) { return not_built ("codegen"); }
__attribute__((weak)) int mdb_schema_migrate_add (MdbToolDatabase *db, const char *name, gboolean empty)
{ return not_built ("migrate add"); }
__attribute__((weak)) int mdb_schema_migrate_check (MdbToolDatabase *db) { return not_built ("migrate check"); }
