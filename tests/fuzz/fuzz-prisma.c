/* SPDX-License-Identifier: MIT */
/* Fuzz target: any bytes through the Prisma schema parser and resolver. */
#include "fuzz-common.h"
#include "schema-model.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  GError *error = NULL;
  MdbSchema *schema;

  schema = mdb__prisma_parse ((const char *) data, size, "fuzz.prisma", &error);
  FUZZ_CHECK ((schema == NULL) != (error == NULL), "schema %p error %p", (void *) schema, (void *) error);
  if (error != NULL)
    {
      FUZZ_CHECK (g_str_has_prefix (error->message, "fuzz.prisma:"), "%s", error->message);
      g_error_free (error);
    }
  else
    mdb__schema_free (schema);
  return 0;
}
