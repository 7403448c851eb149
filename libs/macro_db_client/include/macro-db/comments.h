/* SPDX-License-Identifier: MIT */
/* comments.h: macro_db_client's document comment threads; include <macro-db/macro-db.h>. */
#pragma once

#include <glib.h>
#include <mdb/mdb.h>
#include <macro-db/items.h>

G_BEGIN_DECLS

/* A comment to write; the strings are borrowed. */
typedef struct {
  const char *text;
  const char *sender;          /* NULL: none (e.g. the name of an AI sender) */
  const char *metadata_json;   /* NULL: none; any JSON value, stored as jsonb */
} MacroDbNewComment;

MacroDbDocumentThreadList *macro_db_document_threads (MdbExecutor             *executor,
                                                      const char              *user_id,
                                                      const char              *document_id,
                                                      GError                 **error);

gboolean macro_db_thread_open     (MdbExecutor             *executor,
                                   const char              *user_id,
                                   const char              *document_id,
                                   const char              *thread_metadata_json,
                                   const MacroDbNewComment *first,
                                   gint64                  *out_thread_id,
                                   gint64                  *out_comment_id,
                                   GError                 **error);

gint64   macro_db_comment_reply   (MdbExecutor             *executor,
                                   const char              *user_id,
                                   gint64                   thread_id,
                                   const MacroDbNewComment *comment,
                                   GError                 **error);

gboolean macro_db_comment_edit    (MdbExecutor             *executor,
                                   const char              *user_id,
                                   gint64                   comment_id,
                                   const char              *text,
                                   GError                 **error);

gboolean macro_db_thread_resolve  (MdbExecutor             *executor,
                                   const char              *user_id,
                                   gint64                   thread_id,
                                   gboolean                 resolved,
                                   GError                 **error);

gboolean macro_db_comment_delete  (MdbExecutor             *executor,
                                   const char              *user_id,
                                   gint64                   comment_id,
                                   GError                 **error);

G_END_DECLS
