/* SPDX-License-Identifier: MIT */
#include "mdb-testing/mdb-testing.h"
