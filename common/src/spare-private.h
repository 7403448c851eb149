/* SPDX-License-Identifier: MIT */
/* spare-private.h: one freed block per thread and kind, kept for the next allocation of that kind. */
#pragma once
#include <glib.h>

G_BEGIN_DECLS

/* The fixed-size blocks a call allocates and frees every time. */
typedef enum {
  MDB__SPARE_PARAMS,   /* MdbParams */
  MDB__SPARE_RESULT,   /* MdbResult */
  MDB__SPARE_ROW,      /* a single row's block, MDB__SPARE_ROW_SIZE bytes (rows.c) */
  MDB__SPARE_N,
} MdbSpareKind;

#define MDB__SPARE_ROW_SIZE 256

/* The thread's spare block of @kind (then no longer kept), or NULL. */
gpointer mdb__spare_take (MdbSpareKind kind);
/* Keeps @block (g_malloc'ed, of @kind's size) as the thread's spare, or
 * frees it when the thread has one already.  Spares are freed when their
 * thread exits. */
void     mdb__spare_keep (MdbSpareKind kind, gpointer block);

G_END_DECLS
