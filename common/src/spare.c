/* SPDX-License-Identifier: MIT */
/* Per-thread spare blocks: a point select builds a parameter list and a result wrapper and
 * frees both; keeping the last freed one of each saves a malloc/free pair per call. */
#include "spare-private.h"

/* C11 thread-locals: a GPrivate lookup costs as much as the allocation it
 * would save.  The GPrivate only runs the cleanup when a thread exits (its
 * thread-locals are still valid then).  initial-exec: no __tls_get_addr
 * call per access; 32 bytes of the static TLS surplus glibc keeps for
 * libraries loaded later (dlopen, as Python's ctypes does). */
#define SPARE_TLS _Thread_local __attribute__ ((tls_model ("initial-exec")))
static SPARE_TLS gpointer spares[MDB__SPARE_N];
static SPARE_TLS gboolean registered;

static void
free_spares (gpointer data)
{
  gpointer *slots = data;

  for (int k = 0; k < MDB__SPARE_N; k++)
    g_clear_pointer (&slots[k], g_free);
}

static GPrivate cleanup = G_PRIVATE_INIT (free_spares);

gpointer
mdb__spare_take (MdbSpareKind kind)
{
  gpointer block = spares[kind];

  spares[kind] = NULL;
  return block;
}

void
mdb__spare_keep (MdbSpareKind kind, gpointer block)
{
  if (spares[kind] != NULL)
    {
      g_free (block);
      return;
    }
  if (!registered)
    {
      g_private_set (&cleanup, spares);
      registered = TRUE;
    }
  spares[kind] = block;
}
