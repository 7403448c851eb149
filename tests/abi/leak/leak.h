/* SPDX-License-Identifier: MIT */
/* leak.h: the public header of a library that breaks the one-public-layer
 * rule both ways (tests/abi/check-abi-catches.sh). */
#pragma once

int leak_declared (void);
int leak_missing (void);   /* declared, never defined */
static inline int leak_inline (void) { return 1; }
