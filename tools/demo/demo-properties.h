/* SPDX-License-Identifier: MIT */
/* demo-properties.h: the demo's properties_db_client section. */
#pragma once
#include <mdb/mdb.h>

gboolean demo_show_properties (MdbPool *pool);
