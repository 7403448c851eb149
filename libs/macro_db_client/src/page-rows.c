/* SPDX-License-Identifier: MIT */
/* page-rows.c: pages of typed rows that stay in the result they came from. */
#include "page-rows.h"

MdbPage *
macro_db_page_take_rows (gpointer       list,
                         GDestroyNotify list_free,
                         gpointer       rows,
                         guint          n_rows,
                         gsize          row_size,
                         guint          limit,
                         const char    *kind,
                         MdbPageKeyFunc key_func)
{
  GPtrArray *items = g_ptr_array_sized_new (n_rows);
  MdbPage *page;

  /* The items point into the list's one block of rows, which the page holds. */
  for (guint i = 0; i < n_rows; i++)
    g_ptr_array_add (items, (guint8 *) rows + i * row_size);
  page = mdb_page_new_from_rows (items, limit, kind, key_func);
  mdb_page_hold (page, list, list_free);
  return page;
}
