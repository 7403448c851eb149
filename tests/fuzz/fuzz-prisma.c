/* SPDX-License-Identifier: MIT */
/* Fuzz target: any bytes through the Prisma schema parser and resolver,
 * and the formatter, whose output must parse again. */
#include "fuzz-common.h"
#include "schema-model.h"
#include "prisma-private.h"

#include <string.h>

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  GError *error = NULL;
  MdbSchema *schema;
  char *formatted;

  schema = mdb__prisma_parse ((const char *) data, size, "fuzz.prisma", &error);
  FUZZ_CHECK ((schema == NULL) != (error == NULL), "schema %p error %p", (void *) schema, (void *) error);
  if (error != NULL)
    {
      FUZZ_CHECK (g_str_has_prefix (error->message, "fuzz.prisma:"), "%s", error->message);
      g_clear_error (&error);
    }
  else
    mdb__schema_free (schema);

  formatted = mdb__prisma_format ((const char *) data, size, "fuzz.prisma", &error);
  FUZZ_CHECK ((formatted == NULL) != (error == NULL), "formatted %p error %p", (void *) formatted, (void *) error);
  g_clear_error (&error);
  if (formatted != NULL)
    {
      GPtrArray *blocks = mdb__prisma_parse_blocks (formatted, strlen (formatted), "fmt.prisma", &error);
      FUZZ_CHECK (blocks != NULL, "formatted text does not parse: %s\n%s", error->message, formatted);
      g_ptr_array_unref (blocks);
      g_free (formatted);
    }
  return 0;
}
