/* SPDX-License-Identifier: MIT */
/* demo-macro-people.h: the demo's macro_db_client part 2 section (demo-macro-people.c). */
#pragma once
#include <mdb/mdb.h>

gboolean demo_show_macro_people (MdbPool *pool);
