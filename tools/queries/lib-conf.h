/* SPDX-License-Identifier: MIT */
/* lib-conf.h: a library folder's mdb-lib.conf, which names its database. */
#pragma once
#include <glib.h>

G_BEGIN_DECLS

/* Reads @lib_dir/mdb-lib.conf: `key=value` lines, `#` comments, one key,
 * `database` (a database of mdb.conf).  Returns that name; %NULL without
 * error when the folder has no mdb-lib.conf; %NULL with
 * MDB_ERROR_INVALID_INPUT "path:line: …" for anything else in it. */
char *mdb__lib_conf_database (const char *lib_dir, GError **error);

G_END_DECLS
