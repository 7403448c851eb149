/* SPDX-License-Identifier: MIT */
/* fuzz-common.h: helpers shared by the libFuzzer targets. */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <glib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* A property the code under test broke: report and abort so that libFuzzer
 * saves the input as a crash. */
#define FUZZ_CHECK(cond, ...)                                           \
  do {                                                                  \
    if (!(cond))                                                        \
      {                                                                 \
        fprintf (stderr, "property failed: %s: ", #cond);               \
        fprintf (stderr, __VA_ARGS__);                                  \
        fputc ('\n', stderr);                                           \
        abort ();                                                       \
      }                                                                 \
  } while (0)
