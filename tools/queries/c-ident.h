/* SPDX-License-Identifier: MIT */
/* c-ident.h: whether a name can be used as an identifier in generated C. */
#pragma once
#include <glib.h>

G_BEGIN_DECLS

/* TRUE when @name is a C keyword (C11, plus the GLib type names generated
 * code uses), so it cannot name a field or a parameter. */
gboolean    mdb__c_is_keyword (const char *name);

/* NULL when @name is usable as a struct field or parameter of generated C,
 * else why not ("is not a C identifier", "is a C keyword", …; static text). */
const char *mdb__c_ident_problem (const char *name);

G_END_DECLS
