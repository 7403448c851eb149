/* SPDX-License-Identifier: MIT */
/* Pages of a keyset-paginated list: the rows plus the cursor of the next page. */
#include "mdb-private.h"

/**
 * mdb_page_new_from_rows:
 * @rows: (transfer full): the rows of a query run with `LIMIT limit + 1`
 * @limit: the page size the caller asked for (> 0)
 * @kind: the list's cursor kind (see mdb_cursor_new())
 * @key_func: (scope call): adds a row's sort-key values to a cursor
 *
 * Makes a page from rows fetched one beyond the page size: when there is
 * such an extra row it is dropped and the page gets the token of its last
 * row as `next_cursor`; otherwise this is the last page (`next_cursor`
 * %NULL).  So a caller never asks for a page that turns out empty, and a
 * page of exactly @limit rows is not mistaken for the last one.
 *
 * Returns: (transfer full): the page (mdb_page_free)
 * Since: 0.1
 */
MdbPage *
mdb_page_new_from_rows (GPtrArray *rows, guint limit, const char *kind, MdbPageKeyFunc key_func)
{
  MdbPage *page;

  g_return_val_if_fail (rows != NULL && limit > 0 && kind != NULL && key_func != NULL, NULL);

  page = g_new0 (MdbPage, 1);
  if (rows->len > limit)
    {
      g_autoptr (MdbCursor) cursor = mdb_cursor_new (kind);

      g_ptr_array_set_size (rows, (gint) limit);
      key_func (rows->pdata[limit - 1], cursor);
      page->next_cursor = mdb_cursor_encode (cursor);
    }
  page->items = rows;
  return page;
}

/**
 * mdb_page_new_from_row_list:
 * @list: (transfer full): typed rows of a query run with `LIMIT limit + 1`:
 *   an #MdbRowList, or a generated `…List` (the same layout)
 * @row_size: the size of one row struct (`sizeof` the generated row type)
 * @limit: the page size the caller asked for (> 0)
 * @kind: the list's cursor kind (see mdb_cursor_new())
 * @key_func: (scope call): adds a row's sort-key values to a cursor
 *
 * mdb_page_new_from_rows() for rows that stay in their list: the page's
 * items point at the list's row structs, and the page holds the list
 * (mdb_page_hold()), so a page costs one allocation for its rows whatever
 * their number.
 *
 * Returns: (transfer full): the page (mdb_page_free)
 * Since: 0.1
 */
MdbPage *
mdb_page_new_from_row_list (gpointer list, gsize row_size, guint limit, const char *kind,
                            MdbPageKeyFunc key_func)
{
  MdbRowList *rows = list;
  GPtrArray *items;
  MdbPage *page;

  g_return_val_if_fail (list != NULL && row_size > 0 && limit > 0 && kind != NULL && key_func != NULL, NULL);

  items = g_ptr_array_sized_new (rows->n_rows);
  for (guint i = 0; i < rows->n_rows; i++)
    g_ptr_array_add (items, (guint8 *) rows->rows + (gsize) i * row_size);
  page = mdb_page_new_from_rows (items, limit, kind, key_func);
  mdb_page_hold (page, list, (GDestroyNotify) mdb_row_list_free);
  return page;
}

/**
 * mdb_page_hold:
 * @page: a page
 * @data: (transfer full): what the items point into, e.g. the #MdbRowList
 *   of the query whose rows they are
 * @destroy: frees @data
 *
 * Makes @page own @data until mdb_page_free(), so items can borrow from
 * one block of rows (one allocation per page, not one per item) instead of
 * each being a separate allocation.  A page holds one such block.
 *
 * Since: 0.1
 */
void
mdb_page_hold (MdbPage *page, gpointer data, GDestroyNotify destroy)
{
  g_return_if_fail (page != NULL && page->held == NULL && destroy != NULL);
  page->held = data;
  page->held_free = destroy;
}

/**
 * mdb_page_free:
 * @page: (nullable) (transfer full): a page
 *
 * Frees the page, its items (with the array's free function), what it holds
 * (mdb_page_hold()) and its cursor.
 *
 * Since: 0.1
 */
void
mdb_page_free (MdbPage *page)
{
  if (page == NULL)
    return;
  g_clear_pointer (&page->items, g_ptr_array_unref);
  if (page->held != NULL)
    page->held_free (page->held);
  g_free (page->next_cursor);
  g_free (page);
}
