/* SPDX-License-Identifier: MIT */
/* demo-email.h: the demo's email_db_client section. */
#pragma once
#include <mdb/mdb.h>

/* Ingests a small mailbox into MacroDB and shows its inbox and a thread. */
gboolean demo_show_email (MdbPool *pool);
