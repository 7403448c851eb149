/* SPDX-License-Identifier: MIT */
/* mdb-queries-cmd.h: the commands tools/queries gives the `mdb` tool. */
#pragma once
#include "mdb-tool.h"

G_BEGIN_DECLS

/* `mdb prepare` and `mdb codegen`; argv[0] = the command's name.  Return
 * an exit code. */
int mdb_cmd_prepare (int argc, char **argv);
int mdb_cmd_codegen (int argc, char **argv);

G_END_DECLS
