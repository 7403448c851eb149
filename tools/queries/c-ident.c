/* SPDX-License-Identifier: MIT */
/* c-ident.c: validating the identifiers mdb codegen writes, so a bad column
 * name fails codegen with a clear message instead of the C compiler. */
#include "c-ident.h"

static const char *const keywords[] = {
  "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum",
  "extern", "float", "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return",
  "short", "signed", "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned", "void",
  "volatile", "while", "_Alignas", "_Alignof", "_Atomic", "_Bool", "_Complex", "_Generic",
  "_Imaginary", "_Noreturn", "_Static_assert", "_Thread_local", "bool", "true", "false",
  "gboolean", "gint32", "gint64", "gdouble", "gpointer", "NULL", "TRUE", "FALSE",
};

gboolean
mdb__c_is_keyword (const char *name)
{
  for (guint k = 0; k < G_N_ELEMENTS (keywords); k++)
    if (g_str_equal (name, keywords[k]))
      return TRUE;
  return FALSE;
}

const char *
mdb__c_ident_problem (const char *name)
{
  if (name == NULL || *name == '\0')
    return "is empty";
  if (!g_ascii_isalpha (*name) && *name != '_')
    return "is not a C identifier";
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return "is not a C identifier";
  if (name[0] == '_' && (name[1] == '_' || g_ascii_isupper (name[1])))
    return "is reserved in C (starts with __ or _ and a capital)";
  if (mdb__c_is_keyword (name))
    return "is a C keyword";
  return NULL;
}
