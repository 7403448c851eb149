/* SPDX-License-Identifier: MIT */
/* mdb-cursor.h: opaque keyset cursors and pages of rows (docs/core.md "Keyset cursors"). */
#pragma once
#if !defined(MDB_INSIDE) && !defined(MDB_COMPILATION)
# error "Include <mdb/mdb.h>, not this file."
#endif
#include <glib.h>
#include <mdb/mdb-version.h>

G_BEGIN_DECLS

/* The sort-key values of the last row of a page, typed.  A cursor is made
 * for one kind of list (its @kind, e.g. "contacts_db.contacts"), encoded to
 * an opaque URL-safe token for the caller, and decoded back only for that
 * same kind with the same value types.  Used by one thread. */
typedef struct _MdbCursor MdbCursor;

/* The value types a cursor carries, as letters in a type string ("ti"). */
#define MDB_CURSOR_TEXT  't'   /* a UTF-8 string without NUL */
#define MDB_CURSOR_INT64 'i'   /* also timestamps (µs) and serial ids */
#define MDB_CURSOR_BOOL  'b'

/* The longest token mdb_cursor_decode() accepts, in characters. */
#define MDB_CURSOR_MAX_TOKEN 4096

MDB_AVAILABLE_IN_0_1
MdbCursor  *mdb_cursor_new        (const char *kind);
MDB_AVAILABLE_IN_0_1
void        mdb_cursor_free       (MdbCursor *cursor);
MDB_AVAILABLE_IN_0_1
void        mdb_cursor_add_text   (MdbCursor *cursor, const char *value);
MDB_AVAILABLE_IN_0_1
void        mdb_cursor_add_int64  (MdbCursor *cursor, gint64 value);
MDB_AVAILABLE_IN_0_1
void        mdb_cursor_add_bool   (MdbCursor *cursor, gboolean value);
MDB_AVAILABLE_IN_0_1
char       *mdb_cursor_encode     (const MdbCursor *cursor);
MDB_AVAILABLE_IN_0_1
MdbCursor  *mdb_cursor_decode     (const char *token, const char *kind, const char *types,
                                   GError **error);
MDB_AVAILABLE_IN_0_1
guint       mdb_cursor_get_length (const MdbCursor *cursor);
MDB_AVAILABLE_IN_0_1
const char *mdb_cursor_get_text   (const MdbCursor *cursor, guint index);
MDB_AVAILABLE_IN_0_1
gint64      mdb_cursor_get_int64  (const MdbCursor *cursor, guint index);
MDB_AVAILABLE_IN_0_1
gboolean    mdb_cursor_get_bool   (const MdbCursor *cursor, guint index);

/* Sets the process-wide key that signs cursors (HMAC-SHA256).  Call it once
 * at start-up, before any cursor is made, with the same secret on every
 * instance of a service; without it cursors are checked against a built-in
 * key, which catches corruption and foreign cursors but not forgery. */
MDB_AVAILABLE_IN_0_1
void        mdb_cursor_set_secret (const guint8 *key, gsize key_len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdbCursor, mdb_cursor_free)

/* One page of a keyset-paginated list: the items (the array frees them) and
 * the token for the next page, %NULL on the last page.  Items may instead
 * point into a block the page holds (mdb_page_hold(): typed rows of an
 * MdbRowList), valid as long as the page. */
typedef struct {
  GPtrArray *items;
  char      *next_cursor;
  /*< private >*/
  gpointer       held;
  GDestroyNotify held_free;
} MdbPage;

/* Adds the sort-key values of @row (the last row of a page) to @cursor. */
typedef void (*MdbPageKeyFunc) (gconstpointer row, MdbCursor *cursor);

MDB_AVAILABLE_IN_0_1
MdbPage *mdb_page_new_from_rows (GPtrArray *rows, guint limit, const char *kind,
                                 MdbPageKeyFunc key_func);
MDB_AVAILABLE_IN_0_1
MdbPage *mdb_page_new_from_row_list (gpointer list, gsize row_size, guint limit, const char *kind,
                                     MdbPageKeyFunc key_func);
MDB_AVAILABLE_IN_0_1
void     mdb_page_hold          (MdbPage *page, gpointer data, GDestroyNotify destroy);
MDB_AVAILABLE_IN_0_1
void     mdb_page_free          (MdbPage *page);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdbPage, mdb_page_free)

G_END_DECLS
