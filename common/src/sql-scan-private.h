/* SPDX-License-Identifier: MIT */
/* sql-scan-private.h: splitting a SQL script into statements without a
 * server, for migrations (error lines, transaction control). */
#pragma once
#include <glib.h>

G_BEGIN_DECLS

/* 1-based line of byte @offset of @sql. */
int   mdb__sql_line_of_offset (const char *sql, gsize offset);
/* Byte offset just past the statement starting at @start (its ';' or the
 * end); quotes, dollar quotes and comments are skipped whole. */
gsize mdb__sql_statement_end (const char *sql, gsize start);
/* Offset of the first token of the statement at @start (skips blanks and
 * comments); @end when the statement is empty. */
gsize mdb__sql_statement_start (const char *sql, gsize start, gsize end);
/* The first statement of @sql that begins, ends or aborts a transaction
 * (BEGIN, START TRANSACTION, COMMIT, END, ROLLBACK without TO, ABORT,
 * PREPARE TRANSACTION): returns its byte offset and sets *@keyword to its
 * upper-case first word; -1 when there is none.  Bodies of functions
 * (quoted or BEGIN ATOMIC) are not statements of the script. */
gssize mdb__sql_find_transaction_control (const char *sql, const char **keyword);

G_END_DECLS
