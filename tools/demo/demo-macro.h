/* SPDX-License-Identifier: MIT */
/* demo-macro.h: the demo's macro_db_client section (demo-macro.c). */
#pragma once
#include <mdb/mdb.h>

gboolean demo_show_macro (MdbPool *pool);
