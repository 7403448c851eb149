/* SPDX-License-Identifier: MIT */
/* "did you mean": the known name nearest to a mistyped one. */
#include <string.h>
#include "mdb-tool.h"

/* Edit distance (insert, delete, substitute, swap of neighbours). */
static guint
distance (const char *a, const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  g_autofree guint *d = g_new0 (guint, (la + 1) * (lb + 1));
#define D(i, j) d[(i) * (lb + 1) + (j)]

  for (gsize i = 0; i <= la; i++)
    D (i, 0) = i;
  for (gsize j = 0; j <= lb; j++)
    D (0, j) = j;
  for (gsize i = 1; i <= la; i++)
    for (gsize j = 1; j <= lb; j++)
      {
        guint best = MIN (D (i - 1, j) + 1, D (i, j - 1) + 1);

        best = MIN (best, D (i - 1, j - 1) + (a[i - 1] != b[j - 1]));
        if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
          best = MIN (best, D (i - 2, j - 2) + 1);
        D (i, j) = best;
      }
  return D (la, lb);
#undef D
}

/**
 * mdb_tool_nearest:
 * @typed: what the user typed
 * @names: (array zero-terminated=1): the known names
 *
 * Returns: (transfer none) (nullable): the known name @typed is a typo or a
 *   prefix of, or %NULL when none is close
 */
const char *
mdb_tool_nearest (const char *typed, const char *const *names)
{
  const char *best = NULL;
  guint best_d = G_MAXUINT, limit = MAX (2, (guint) strlen (typed) / 3);

  for (const char *const *n = names; *n != NULL; n++)
    {
      guint d = g_str_has_prefix (*n, typed) && *typed != '\0' ? 1 : distance (typed, *n);

      if (d < best_d)
        best = *n, best_d = d;
    }
  return best_d <= limit ? best : NULL;
}
