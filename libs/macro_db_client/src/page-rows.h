/* SPDX-License-Identifier: MIT */
/* page-rows.h: one keyset page from a generated row list (internal to the library). */
#pragma once

#include <mdb/mdb.h>

/* Makes the page of @limit rows out of @n_rows rows of @row_size bytes at
 * @rows (fetched with limit + 1, so a next cursor is made only when there
 * is more), and hands the page @list, freed by @list_free with it. */
G_GNUC_INTERNAL MdbPage *macro_db_page_take_rows (gpointer       list,
                                                  GDestroyNotify list_free,
                                                  gpointer       rows,
                                                  guint          n_rows,
                                                  gsize          row_size,
                                                  guint          limit,
                                                  const char    *kind,
                                                  MdbPageKeyFunc key_func);

/* macro_db_page_take_rows() for a generated `<Row>List *` (fields n_rows, rows);
 * @list is evaluated more than once: pass a variable. */
#define MACRO_DB_PAGE_TAKE(list, list_free, limit, kind, key_func) \
  macro_db_page_take_rows ((list), (GDestroyNotify) (list_free), (list)->rows, (list)->n_rows, \
                           sizeof (list)->rows[0], (limit), (kind), (key_func))
