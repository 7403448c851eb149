/* SPDX-License-Identifier: MIT */
/* Splitting a SQL script into statements without a server: where a failing
 * statement starts, and whether a migration controls its own transaction. */
#include <string.h>
#include "sql-scan-private.h"

int
mdb__sql_line_of_offset (const char *sql, gsize offset)
{
  int line = 1;

  for (gsize i = 0; i < offset && sql[i]; i++)
    line += sql[i] == '\n';
  return line;
}

/* End of a $tag$ opener at @p, or NULL when @p does not start one. */
static const char *
dollar_tag_end (const char *p)
{
  const char *q = p + 1;

  while (g_ascii_isalnum (*q) || *q == '_')
    q++;
  return *q == '$' && !g_ascii_isdigit (p[1]) ? q + 1 : NULL;
}

/* Skips a quoted or commented span starting at @p (inside @base); returns
 * @p when none starts there. */
static const char *
skip_span (const char *base, const char *p)
{
  const char *tag_end;

  if (p[0] == '-' && p[1] == '-')
    return p + strcspn (p, "\n");
  if (p[0] == '/' && p[1] == '*')
    {
      int depth = 0;
      for (; *p; p++)
        if (p[0] == '/' && p[1] == '*')
          depth++, p++;
        else if (p[0] == '*' && p[1] == '/' && --depth == 0)
          return p + 2;
      return p;
    }
  if (*p == '\'' || *p == '"')
    {
      gboolean escapes = *p == '\'' && p > base && (p[-1] == 'E' || p[-1] == 'e');
      char quote = *p++;
      for (; *p; p++)
        if (escapes && *p == '\\' && p[1])
          p++;
        else if (*p == quote && p[1] == quote)
          p++;
        else if (*p == quote)
          return p + 1;
      return p;
    }
  if (*p == '$' && (tag_end = dollar_tag_end (p)) != NULL)
    {
      g_autofree char *tag = g_strndup (p, tag_end - p);
      const char *close = strstr (tag_end, tag);
      return close ? close + strlen (tag) : tag_end + strlen (tag_end);
    }
  return p;
}

gsize
mdb__sql_statement_end (const char *sql, gsize start)
{
  const char *p = sql + start;

  while (*p && *p != ';')
    {
      const char *after = skip_span (sql, p);
      p = after != p ? after : p + 1;
    }
  return (gsize) (p - sql) + (*p == ';');
}

gsize
mdb__sql_statement_start (const char *sql, gsize start, gsize end)
{
  while (start < end)
    {
      const char *p = sql + start, *after;
      if (g_ascii_isspace (*p))
        start++;
      else if ((after = skip_span (sql, p)) != p && (*p == '-' || *p == '/'))
        start = after - sql;
      else
        break;
    }
  return start;
}

/* The upper-cased ASCII word at @p (at most @size - 1 letters) in @word;
 * returns the position after it and any blanks that follow. */
static const char *
read_word (const char *p, char *word, gsize size)
{
  gsize n = 0;

  while (g_ascii_isalpha (*p))
    {
      if (n + 1 < size)
        word[n++] = g_ascii_toupper (*p);
      p++;
    }
  word[n] = '\0';
  while (g_ascii_isspace (*p))
    p++;
  return p;
}

/* The BEGIN ATOMIC nesting after the statement [@p, @end), entered at
 * @depth: a SQL-standard function body holds statements that end in ';'
 * up to its closing END, and inside it CASE … END nests too.  Words in
 * quotes and comments do not count. */
static int
atomic_depth_after (const char *sql, const char *p, const char *end, int depth)
{
  char word[16], next[16];

  while (p < end)
    {
      const char *after = skip_span (sql, p);

      if (after != p)
        p = after;
      else if (g_ascii_isalpha (*p) && (p == sql || (!g_ascii_isalnum (p[-1]) && p[-1] != '_')))
        {
          after = read_word (p, word, sizeof word);
          read_word (after, next, sizeof next);
          if (strcmp (word, "BEGIN") == 0 && strcmp (next, "ATOMIC") == 0)
            depth++;
          else if (depth > 0 && strcmp (word, "CASE") == 0)
            depth++;
          else if (depth > 0 && strcmp (word, "END") == 0)
            depth--;
          p = after;
        }
      else
        p++;
    }
  return depth;
}

/* Whether a statement whose first two words are @first and @second
 * begins, ends or aborts a transaction. */
static gboolean
is_transaction_control (const char *first, const char *second)
{
  static const char *const always[] = { "BEGIN", "COMMIT", "END", "ABORT" };

  for (guint i = 0; i < G_N_ELEMENTS (always); i++)
    if (strcmp (first, always[i]) == 0)
      return TRUE;
  if (strcmp (first, "ROLLBACK") == 0)
    return strcmp (second, "TO") != 0;   /* ROLLBACK TO SAVEPOINT stays inside */
  return (strcmp (first, "START") == 0 || strcmp (first, "PREPARE") == 0)
         && strcmp (second, "TRANSACTION") == 0;
}

gssize
mdb__sql_find_transaction_control (const char *sql, const char **keyword)
{
  static const char *const names[] = { "BEGIN", "COMMIT", "END", "ABORT", "ROLLBACK", "START", "PREPARE" };
  int atomic = 0;   /* inside a BEGIN ATOMIC body: its pieces are no statements of the script */
  gsize start = 0;

  while (sql[start] != '\0')
    {
      gsize end = mdb__sql_statement_end (sql, start), first = mdb__sql_statement_start (sql, start, end);
      char word[16], second[16];

      read_word (read_word (sql + first, word, sizeof word), second, sizeof second);
      if (atomic == 0 && first < end && is_transaction_control (word, second))
        {
          for (guint i = 0; i < G_N_ELEMENTS (names); i++)
            if (strcmp (word, names[i]) == 0)
              *keyword = names[i];
          return (gssize) first;
        }
      atomic = atomic_depth_after (sql, sql + first, sql + end, atomic);
      start = end;
    }
  return -1;
}
