/* SPDX-License-Identifier: MIT */
/* Identifier case mapping: camelCase and PascalCase to snake_case and back; rules in docs/core.md. */
#include <string.h>
#include "mdb-private.h"

/* Only ASCII changes case: bytes >= 0x80 (UTF-8 sequences) are copied
 * unchanged and never start or end a word, so a sequence is never split. */
static inline gboolean
is_upper (char c)
{
  return c >= 'A' && c <= 'Z';
}

static inline gboolean
is_lower (char c)
{
  return c >= 'a' && c <= 'z';
}

static inline gboolean
is_digit (char c)
{
  return c >= '0' && c <= '9';
}

/* Whether a word starts at the capital @s[i] (i > 0).  A run of capitals
 * ends one letter before a following lowercase letter (HTMLParser), except
 * that a lone plural "s" stays with its acronym (userIDs → user_ids). */
static gboolean
starts_word (const char *s, gsize i)
{
  char prev = s[i - 1], next = s[i + 1];

  if (is_lower (prev) || is_digit (prev))
    return TRUE;
  if (!is_upper (prev) || !is_lower (next))
    return FALSE;
  return !(next == 's' && !is_lower (s[i + 2]));
}

/**
 * mdb_name_to_snake:
 * @name: an identifier: camelCase, PascalCase, snake_case or a mix
 *
 * Maps @name to snake_case the way people expect: `createdAt` →
 * `created_at`, `userID` → `user_id`, `HTMLParser` → `html_parser`,
 * `documentV2Id` → `document_v2_id`; snake_case input is returned
 * unchanged.  Digits stay with the word before them, underscores are kept
 * as they are, and only ASCII letters change case.  The full rules are in
 * docs/core.md.
 *
 * Returns: (transfer full): the snake_case name (g_free)
 * Since: 0.1
 */
char *
mdb_name_to_snake (const char *name)
{
  gsize len, i;
  char *out, *o;

  g_return_val_if_fail (name != NULL, NULL);
  len = strlen (name);
  /* At most one underscore is inserted per input byte. */
  out = o = g_malloc (2 * len + 1);
  for (i = 0; i < len; i++)
    {
      char c = name[i];

      if (is_upper (c))
        {
          if (i > 0 && starts_word (name, i))
            *o++ = '_';
          c = (char) (c - 'A' + 'a');
        }
      *o++ = c;
    }
  *o = '\0';
  return out;
}

/**
 * mdb_name_to_camel:
 * @name: a snake_case identifier
 *
 * Maps snake_case to lowerCamelCase: an underscore between a letter or
 * digit and a following ASCII letter is dropped and that letter upper-cased
 * (`created_at` → `createdAt`, `document_v2_id` → `documentV2Id`).  Leading,
 * trailing and doubled underscores, and an underscore before a digit, stay,
 * so that mdb_name_to_snake() of the result gives @name back; acronyms
 * cannot come back (`user_id` → `userId`).  Other bytes are copied.
 *
 * Returns: (transfer full): the camelCase name (g_free)
 * Since: 0.1
 */
char *
mdb_name_to_camel (const char *name)
{
  gsize len, i;
  char *out, *o;

  g_return_val_if_fail (name != NULL, NULL);
  len = strlen (name);
  out = o = g_malloc (len + 1);
  for (i = 0; i < len; i++)
    {
      char c = name[i];

      if (c == '_' && i > 0
          && (is_lower (name[i - 1]) || is_upper (name[i - 1]) || is_digit (name[i - 1]))
          && (is_lower (name[i + 1]) || is_upper (name[i + 1])))
        {
          c = name[++i];
          if (is_lower (c))
            c = (char) (c - 'a' + 'A');
        }
      *o++ = c;
    }
  *o = '\0';
  return out;
}
