/* SPDX-License-Identifier: MIT */
/* documents.h: documents and their versions (macro_db_client).
 * Include <macro-db/macro-db.h>. */
#pragma once

#include <macro-db/items.h>

G_BEGIN_DECLS

/* A version's content: one file (@sha), or when @sha is NULL a BOM of
 * @n_parts parts (@part_paths[i], @part_shas[i]).  Everything borrowed. */
typedef struct {
  const char        *sha;
  const char *const *part_paths;
  const char *const *part_shas;
  gsize              n_parts;
} MacroDbVersionContent;

/* A document to create.  Everything borrowed. */
typedef struct {
  const char            *id;           /* nullable: the database makes a uuid */
  const char            *owner;        /* a "User".id */
  const char            *name;
  const char            *file_type;    /* nullable */
  const char            *project_id;   /* nullable: top level */
  MacroDbVersionContent  content;      /* the first version */
  gboolean               is_public;
  gint                   public_level; /* a MacroDbAccessLevel, or MACRO_DB_NO_ACCESS */
} MacroDbDocumentNew;

MacroDbDocument *macro_db_document_create       (MdbExecutor                 *executor,
                                                 const MacroDbDocumentNew    *document,
                                                 GError                     **error);

MacroDbDocument *macro_db_document_get          (MdbExecutor                 *executor,
                                                 const char                  *user_id,
                                                 const char                  *document_id,
                                                 GError                     **error);

gint64           macro_db_document_save_version (MdbExecutor                 *executor,
                                                 const char                  *document_id,
                                                 const MacroDbVersionContent *content,
                                                 GError                     **error);

gboolean         macro_db_document_rename       (MdbExecutor                 *executor,
                                                 const char                  *document_id,
                                                 const char                  *name,
                                                 GError                     **error);

gboolean         macro_db_document_move         (MdbExecutor                 *executor,
                                                 const char                  *document_id,
                                                 const char                  *project_id,
                                                 GError                     **error);

gboolean         macro_db_document_soft_delete  (MdbExecutor                 *executor,
                                                 const char                  *document_id,
                                                 GError                     **error);

gboolean         macro_db_document_restore      (MdbExecutor                 *executor,
                                                 const char                  *document_id,
                                                 GError                     **error);

gboolean         macro_db_document_delete       (MdbExecutor                 *executor,
                                                 const char                  *document_id,
                                                 GError                     **error);

MdbPage         *macro_db_document_versions     (MdbExecutor                 *executor,
                                                 const char                  *user_id,
                                                 const char                  *document_id,
                                                 const char                  *cursor,
                                                 guint                        limit,
                                                 GError                     **error);

G_END_DECLS
