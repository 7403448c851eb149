/* SPDX-License-Identifier: MIT */
/* A library exporting one function its header does not declare. */
#include "leak.h"

int leak_internal (void);

int
leak_internal (void)
{
  return 2;
}

int
leak_declared (void)
{
  return leak_internal () + leak_inline ();
}
