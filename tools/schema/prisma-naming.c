/* SPDX-License-Identifier: MIT */
/* The name `prisma format` gives a back-relation field it adds: the
 * referencing model's name in camelCase ("macro_user" -> "macroUser",
 * "UserItemAccess" -> "userItemAccess", "URLShortener" -> "urlshortener"),
 * its last word made plural for a list ("userItemAccesses", "people").
 * The plural follows English rules as Prisma's does (checked against its
 * output for the words in tests/schema/test-format.c); a word no rule
 * knows gets "s". */
#include "prisma-private.h"

#include <string.h>

/* Words whose plural is the word itself. */
static const char *const uncountable[] = {
  "equipment", "information", "rice", "money", "species", "series", "sheep", "news", "deer",
  "police", "software", "hardware", "traffic", "research", "feedback", "metadata", NULL,
};

/* Singular, plural. */
static const char *const irregular[][2] = {
  { "person", "people" }, { "man", "men" }, { "woman", "women" }, { "child", "children" },
  { "tooth", "teeth" }, { "foot", "feet" }, { "goose", "geese" }, { "ox", "oxen" },
  { "criterion", "criteria" }, { "leaf", "leaves" }, { "loaf", "loaves" }, { NULL, NULL },
};

/* Suffix rules, the first that matches wins: replace @strip trailing
 * characters of a word ending in @suffix (after a consonant when
 * @after_consonant) with @add. */
static const struct {
  const char *suffix;
  guint       strip;
  const char *add;
  gboolean    after_consonant;
} rules[] = {
  { "quiz", 0, "zes", FALSE },
  { "mouse", 4, "ice", FALSE }, { "louse", 4, "ice", FALSE },
  { "matrix", 2, "ices", FALSE }, { "vertex", 2, "ices", FALSE }, { "index", 2, "ices", FALSE },
  { "x", 0, "es", FALSE }, { "ch", 0, "es", FALSE }, { "ss", 0, "es", FALSE }, { "sh", 0, "es", FALSE },
  { "zz", 0, "es", FALSE },
  { "quy", 1, "ies", FALSE }, { "y", 1, "ies", TRUE },
  { "hive", 0, "s", FALSE },
  { "ife", 2, "ves", FALSE }, { "lf", 1, "ves", FALSE }, { "rf", 1, "ves", FALSE },
  { "sis", 2, "es", FALSE },
  { "ta", 0, "", FALSE }, { "ia", 0, "", FALSE }, { "tum", 2, "a", FALSE }, { "ium", 2, "a", FALSE },
  { "buffalo", 0, "es", FALSE }, { "tomato", 0, "es", FALSE }, { "hero", 0, "es", FALSE },
  { "potato", 0, "es", FALSE },
  { "bus", 0, "es", FALSE }, { "alias", 0, "es", FALSE }, { "status", 0, "es", FALSE },
  { "octopus", 2, "i", FALSE }, { "virus", 2, "i", FALSE }, { "cactus", 2, "i", FALSE },
  { "alumnus", 2, "i", FALSE }, { "fungus", 2, "i", FALSE }, { "nucleus", 2, "i", FALSE },
  { "radius", 2, "i", FALSE }, { "stimulus", 2, "i", FALSE },
  { "axis", 2, "es", FALSE }, { "testis", 2, "es", FALSE },
  { "s", 0, "", FALSE },
};

static gboolean
is_vowel (char c)
{
  return strchr ("aeiouAEIOU", c) != NULL;
}

static gboolean
ends_with (const char *word, gsize len, const char *suffix)
{
  gsize n = strlen (suffix);

  return len >= n && g_ascii_strncasecmp (word + len - n, suffix, n) == 0;
}

/* Appends the plural of @word (@len bytes) to @out, keeping the case of
 * what it keeps of the word. */
static void
append_plural (GString *out, const char *word, gsize len)
{
  for (guint i = 0; uncountable[i] != NULL; i++)
    if (len == strlen (uncountable[i]) && g_ascii_strncasecmp (word, uncountable[i], len) == 0)
      {
        g_string_append_len (out, word, len);
        return;
      }
  /* Whole words only: "human" is not a "man", "box" not an "ox". */
  for (guint i = 0; irregular[i][0] != NULL; i++)
    if (len == strlen (irregular[i][0]) && g_ascii_strncasecmp (word, irregular[i][0], len) == 0)
      {
        g_string_append_c (out, word[0]);   /* keeps the case of the word's first letter */
        g_string_append (out, irregular[i][1] + 1);
        return;
      }
  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    {
      gsize n = strlen (rules[i].suffix);
      if (!ends_with (word, len, rules[i].suffix))
        continue;
      if (rules[i].after_consonant && (len <= n || is_vowel (word[len - n - 1])))
        continue;
      g_string_append_len (out, word, len - rules[i].strip);
      g_string_append (out, rules[i].add);
      return;
    }
  g_string_append_len (out, word, len);
  g_string_append_c (out, 's');
}

/* @part with its first letter upper-cased (@upper) or the whole part
 * lower-cased when it starts with two capitals ("URLShortener"), else its
 * first letter lower-cased. */
static void
append_part (GString *out, const char *part, gboolean upper)
{
  gsize start = out->len;

  if (part[0] == '\0')
    return;
  if (upper)
    {
      g_string_append (out, part);
      out->str[start] = g_ascii_toupper (out->str[start]);
    }
  else if (g_ascii_isupper (part[0]) && g_ascii_isupper (part[1]))
    {
      g_autofree char *lower = g_ascii_strdown (part, -1);
      g_string_append (out, lower);
    }
  else
    {
      g_string_append (out, part);
      out->str[start] = g_ascii_tolower (out->str[start]);
    }
}

/**
 * mdb__prisma_back_relation_name:
 * @model: the referencing model's name
 * @list: whether the field is a list (then its last word is made plural)
 *
 * Returns: (transfer full): the field name `prisma format` gives the
 * back-relation it adds
 */
char *
mdb__prisma_back_relation_name (const char *model, gboolean list)
{
  g_auto (GStrv) parts = g_strsplit (model, "_", -1);
  GString *camel = g_string_new (NULL);
  GString *out;
  gsize last = 0;
  gboolean first = TRUE;

  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] != '\0')
      {
        append_part (camel, parts[i], !first);
        first = FALSE;
      }
  if (!list)
    return g_string_free (camel, FALSE);
  /* The last word starts at the last capital (after the first letter). */
  for (gsize i = 1; i < camel->len; i++)
    if (g_ascii_isupper (camel->str[i]))
      last = i;
  out = g_string_new_len (camel->str, (gssize) last);
  append_plural (out, camel->str + last, camel->len - last);
  g_string_free (camel, TRUE);
  return g_string_free (out, FALSE);
}
