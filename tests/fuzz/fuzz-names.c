/* SPDX-License-Identifier: MIT */
/* Fuzz target: identifier case mapping, with its invariants as properties. */
#include <string.h>
#include "fuzz-common.h"
#include <mdb/mdb.h>

static gboolean
has_ascii_capital (const char *s)
{
  for (; *s != '\0'; s++)
    if (*s >= 'A' && *s <= 'Z')
      return TRUE;
  return FALSE;
}

/* The mappings only move underscores and change ASCII case, so the names
 * agree once both are gone. */
static gboolean
same_letters (const char *a, const char *b)
{
  for (;;)
    {
      while (*a == '_')
        a++;
      while (*b == '_')
        b++;
      if (g_ascii_tolower (*a) != g_ascii_tolower (*b))
        return FALSE;
      if (*a == '\0')
        return TRUE;
      a++, b++;
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  char *name = g_strndup ((const char *) data, size);
  gboolean utf8 = g_utf8_validate (name, -1, NULL);
  char *snake = mdb_name_to_snake (name);
  char *snake2 = mdb_name_to_snake (snake);
  char *camel = mdb_name_to_camel (name);
  char *camel_snake = mdb_name_to_snake (camel);

  FUZZ_CHECK (!has_ascii_capital (snake), "snake '%s' has a capital", snake);
  FUZZ_CHECK (strcmp (snake, snake2) == 0, "snake not idempotent: '%s' -> '%s'", snake, snake2);
  FUZZ_CHECK (!utf8 || g_utf8_validate (snake, -1, NULL), "snake broke UTF-8");
  FUZZ_CHECK (!utf8 || g_utf8_validate (camel, -1, NULL), "camel broke UTF-8");
  FUZZ_CHECK (strlen (camel) <= strlen (name), "camel grew '%s'", camel);
  FUZZ_CHECK (!has_ascii_capital (camel_snake), "snake of camel has a capital");
  FUZZ_CHECK (same_letters (name, snake) && same_letters (name, camel),
              "mapping changed more than case and underscores");
  g_free (name);
  g_free (snake);
  g_free (snake2);
  g_free (camel);
  g_free (camel_snake);
  return 0;
}
