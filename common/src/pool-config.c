/* SPDX-License-Identifier: MIT */
/* placeholder: being written */
#include "mdb-private.h"
