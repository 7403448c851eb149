/* SPDX-License-Identifier: MIT */
/* macro-db.h: macro_db_client, MacroDB's documents, projects, sharing and
 * access (and, from part 2, users, teams, history, pins, chats, comments).
 * The one header callers include; each aggregate declares its functions in
 * its own header below. */
#pragma once

#include <macro-db/items.h>
#include <macro-db/access.h>
#include <macro-db/documents.h>
#include <macro-db/projects.h>
#include <macro-db/users.h>
#include <macro-db/teams.h>
#include <macro-db/history.h>
#include <macro-db/chats.h>
#include <macro-db/comments.h>
