/* SPDX-License-Identifier: MIT */
/* demo-comms.h: the demo's comms_db_client section. */
#pragma once
#include <mdb/mdb.h>

gboolean demo_show_comms (MdbPool *pool);
