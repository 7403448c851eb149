/* SPDX-License-Identifier: MIT */
/* Tokenizer for the Prisma schema language. */
#include "prisma-private.h"

#include <string.h>

void
mdb__prisma_lexer_init (PrismaLexer *lexer, const char *text, gsize len)
{
  lexer->text = text;
  lexer->len = len;
  lexer->pos = 0;
  lexer->line = 1;
  lexer->column = 1;
}

static int
peek (const PrismaLexer *lexer, gsize ahead)
{
  gsize at = lexer->pos + ahead;
  return at < lexer->len ? (guchar) lexer->text[at] : -1;
}

static void
advance (PrismaLexer *lexer)
{
  if (lexer->pos >= lexer->len)
    return;
  if (lexer->text[lexer->pos] == '\n')
    {
      lexer->line++;
      lexer->column = 1;
    }
  /* Count columns in characters, not in UTF-8 continuation bytes. */
  else if (((guchar) lexer->text[lexer->pos] & 0xC0) != 0x80)
    lexer->column++;
  lexer->pos++;
}

/* Skips blanks, line comments and block comments (Prisma has both; these
 * do not nest).  FALSE at an unterminated block comment, the lexer left at
 * its start. */
static gboolean
skip_space_and_comments (PrismaLexer *lexer)
{
  for (;;)
    {
      int c = peek (lexer, 0);
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v')
        advance (lexer);
      else if (c == '/' && peek (lexer, 1) == '/')
        while (peek (lexer, 0) != -1 && peek (lexer, 0) != '\n')
          advance (lexer);
      else if (c == '/' && peek (lexer, 1) == '*')
        {
          PrismaLexer start = *lexer;
          advance (lexer);
          advance (lexer);
          while (peek (lexer, 0) != -1 && !(peek (lexer, 0) == '*' && peek (lexer, 1) == '/'))
            advance (lexer);
          if (peek (lexer, 0) == -1)
            {
              *lexer = start;
              return FALSE;
            }
          advance (lexer);
          advance (lexer);
        }
      else
        return TRUE;
    }
}

static gboolean
is_ident_start (int c)
{
  return g_ascii_isalpha (c) || c == '_';
}

static gboolean
is_ident_char (int c)
{
  return g_ascii_isalnum (c) || c == '_';
}

static void
lex_string (PrismaLexer *lexer, PrismaToken *token)
{
  GString *out = g_string_new (NULL);

  advance (lexer);
  for (;;)
    {
      int c = peek (lexer, 0);
      if (c == -1 || c == '\n')
        {
          token->kind = PRISMA_TOK_ERROR;
          g_string_assign (out, "unterminated string");
          break;
        }
      advance (lexer);
      if (c == '"')
        break;
      if (c == '\\' && peek (lexer, 0) != -1 && peek (lexer, 0) != '\n')
        {
          c = peek (lexer, 0);
          advance (lexer);
          if (c == 'n')
            c = '\n';
          else if (c == 't')
            c = '\t';
        }
      g_string_append_c (out, (char) c);
    }
  token->text = g_string_free (out, FALSE);
}

static void
lex_number (PrismaLexer *lexer, PrismaToken *token)
{
  gsize start = lexer->pos;

  if (peek (lexer, 0) == '-')
    advance (lexer);
  while (g_ascii_isdigit (peek (lexer, 0)) || peek (lexer, 0) == '.')
    advance (lexer);
  token->text = g_strndup (lexer->text + start, lexer->pos - start);
  if (lexer->pos - start == 1 && token->text[0] == '-')
    token->kind = PRISMA_TOK_ERROR;
}

void
mdb__prisma_lexer_next (PrismaLexer *lexer, PrismaToken *token)
{
  int c;
  gboolean closed = skip_space_and_comments (lexer);

  token->line = lexer->line;
  token->column = lexer->column;
  token->text = NULL;
  if (!closed)
    {
      lexer->pos = lexer->len;  /* nothing after it is read */
      token->kind = PRISMA_TOK_ERROR;
      token->text = g_strdup ("an unterminated /* comment");
      return;
    }
  c = peek (lexer, 0);
  if (c == -1)
    {
      token->kind = PRISMA_TOK_EOF;
      token->text = g_strdup ("");
      return;
    }
  if (is_ident_start (c))
    {
      gsize start = lexer->pos;
      while (is_ident_char (peek (lexer, 0)))
        advance (lexer);
      token->kind = PRISMA_TOK_IDENT;
      token->text = g_strndup (lexer->text + start, lexer->pos - start);
    }
  else if (c == '"')
    {
      token->kind = PRISMA_TOK_STRING;
      lex_string (lexer, token);
    }
  else if (g_ascii_isdigit (c) || c == '-')
    {
      token->kind = PRISMA_TOK_NUMBER;
      lex_number (lexer, token);
    }
  else if (c == '@')
    {
      advance (lexer);
      token->kind = PRISMA_TOK_AT;
      if (peek (lexer, 0) == '@')
        {
          advance (lexer);
          token->kind = PRISMA_TOK_ATAT;
        }
      token->text = g_strdup (token->kind == PRISMA_TOK_AT ? "@" : "@@");
    }
  else if (c != 0 && strchr ("{}()[],:=?.", c) != NULL)
    {
      advance (lexer);
      token->kind = PRISMA_TOK_PUNCT;
      token->text = g_strdup_printf ("%c", c);
    }
  else
    {
      advance (lexer);
      token->kind = PRISMA_TOK_ERROR;
      token->text = g_ascii_isprint (c) ? g_strdup_printf ("character '%c'", c)
                                        : g_strdup_printf ("byte 0x%02x", (guint) c);
    }
}

/* A schema is UTF-8 text throughout, comments and strings included: a
 * stray Latin-1 byte would otherwise reach a migration that the server
 * then refuses.  Finds the first byte that breaks it, with its position
 * counted the way tokens are. */
gboolean
mdb__prisma_find_bad_utf8 (const char *text, gsize len, int *line, int *column, guint *byte)
{
  const char *end = NULL;
  PrismaLexer at;

  if (g_utf8_validate_len (text, len, &end))
    return FALSE;
  mdb__prisma_lexer_init (&at, text, len);
  while (at.pos < (gsize) (end - text))
    advance (&at);
  *line = at.line;
  *column = at.column;
  *byte = (guchar) *end;
  return TRUE;
}

char *
mdb__prisma_token_describe (const PrismaToken *token)
{
  switch (token->kind)
    {
    case PRISMA_TOK_EOF:
      return g_strdup ("end of file");
    case PRISMA_TOK_IDENT:
      return g_strdup_printf ("identifier \"%s\"", token->text);
    case PRISMA_TOK_STRING:
      return g_strdup_printf ("string \"%.40s\"", token->text);
    case PRISMA_TOK_NUMBER:
      return g_strdup_printf ("number %.40s", token->text);
    case PRISMA_TOK_ERROR:
      return g_strdup (token->text);
    case PRISMA_TOK_PUNCT:
    case PRISMA_TOK_AT:
    case PRISMA_TOK_ATAT:
    default:
      return g_strdup_printf ("'%s'", token->text);
    }
}
