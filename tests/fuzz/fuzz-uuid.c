/* SPDX-License-Identifier: MIT */
/* Fuzz target: UUID normalisation; an accepted UUID's canonical form is a fixed point. */
#include <string.h>
#include "fuzz-common.h"
#include <mdb/mdb.h>

static gboolean
is_canonical (const char *s)
{
  if (strlen (s) != 36)
    return FALSE;
  for (int i = 0; i < 36; i++)
    {
      gboolean dash = (i == 8 || i == 13 || i == 18 || i == 23);

      if (dash ? s[i] != '-' : !(g_ascii_isdigit (s[i]) || (s[i] >= 'a' && s[i] <= 'f')))
        return FALSE;
    }
  return TRUE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  char *text = g_strndup ((const char *) data, size);
  GError *error = NULL;
  char *uuid = mdb_uuid_normalize (text, &error);

  FUZZ_CHECK ((uuid == NULL) != (error == NULL), "uuid and error both %s", uuid ? "set" : "unset");
  if (uuid != NULL)
    {
      char *again = mdb_uuid_normalize (uuid, NULL);

      FUZZ_CHECK (is_canonical (uuid), "'%s' is not canonical", uuid);
      FUZZ_CHECK (again != NULL && strcmp (again, uuid) == 0, "canonical form not a fixed point");
      g_free (again);
    }
  g_clear_error (&error);
  g_free (uuid);
  g_free (text);
  return 0;
}
