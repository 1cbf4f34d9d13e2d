/* text.h — the one text layer: UTF-8 (validation, length in characters,
 * repair), Windows-1252 input, a growable string buffer, CSV fields, and
 * numbers for people (thousands separators, money, shares, counts).
 *
 * One policy for text: every string stitch writes is well-formed UTF-8
 * (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF),
 * and a byte that does not start a well-formed sequence is written as
 * U+FFFD, the replacement character, wherever it is written. Internal to
 * the library. */
#ifndef STITCH_TEXT_H
#define STITCH_TEXT_H

#include <stddef.h>
#include <stdio.h>

#include "util.h"

/* ---- UTF-8 ------------------------------------------------------------------ */

/* U+FFFD, the replacement character, in UTF-8: what a byte that does not
 * start a well-formed sequence is written as. */
#define TEXT_REPLACEMENT "\xEF\xBF\xBD"

/* Bytes in the well-formed UTF-8 sequence that starts at s (1 for ASCII,
 * including the terminating NUL), or 0 when s does not start one. Never
 * reads past a NUL. */
size_t text_utf8_len(const char *s);

/* 1 when the string s is well-formed UTF-8. */
int text_utf8_valid(const char *s);

/* Cut s before an incomplete UTF-8 sequence at its end, such as the
 * first byte of "é" left by snprintf cutting text to a buffer's size. */
void text_utf8_trim(char *s);

/* A copy of s with each byte that does not start a well-formed UTF-8
 * sequence replaced by U+FFFD; NULL when out of memory. The caller frees. */
char *text_utf8_repair(const char *s);

/* Copy s (NULL: "") into buf (n > 0 bytes, not overlapping s) as one line
 * of well-formed UTF-8: invalid bytes become U+FFFD, control characters
 * spaces, and the copy is cut at a character boundary to fit. The copy is
 * at most 3 * strlen(s) bytes. Returns buf. */
char *text_line(char *buf, size_t n, const char *s);

/* Characters in s (in its first n bytes): the bytes that are not UTF-8
 * continuation bytes, as a terminal or a spreadsheet counts them. */
size_t text_chars(const char *s);
size_t text_chars_n(const char *s, size_t n);

/* Bytes of the first `chars` characters of s[0..n). */
size_t text_prefix(const char *s, size_t n, size_t chars);

/* Where the character before byte i of s starts (0 when i is 0): one
 * character back, to cut text between characters. */
size_t text_back(const char *s, size_t i);

/*
 * The Windows-1252 text s (what UK Excel saves as "CSV") as UTF-8, in a new
 * string; newlines are kept, so line numbers stay right. Returns NULL when
 * out of memory, or when s holds one of the five bytes Windows-1252 leaves
 * undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D): then *bad is that byte and
 * *bad_line its 1-based line (both 0 when out of memory).
 */
char *text_cp1252_to_utf8(const char *s, unsigned char *bad, int *bad_line);

/*
 * Make *text, read from `file`, UTF-8 as every input is read: a UTF-8
 * byte-order mark is dropped, valid UTF-8 is kept as it is, and anything
 * else is converted from Windows-1252 with one warning in `warnings`
 * ("not UTF-8: read as Windows-1252; <save_hint> to silence this"). Returns
 * 0, or -1 with *err set: out of memory, or a byte undefined in
 * Windows-1252 (STITCH_EINPUT at its line). *text may be replaced (the old
 * one freed); on failure it is kept for the caller to free.
 */
int text_decode(char **text, const char *file, const char *save_hint, diag_list *warnings,
                stitch_diag *err);

/* ---- a growable string ------------------------------------------------------ */

/* Text built up piece by piece; start it zeroed ({0}). p is NUL-terminated
 * once anything is appended (NULL before). Out of memory is sticky: nomem
 * is set, later appends do nothing, and what was appended before is kept
 * whole, so the caller checks once at the end. */
typedef struct {
    char *p;
    size_t n, cap;
    int nomem;
} text_buf;

void buf_put(text_buf *b, const char *s, size_t n);
void buf_puts(text_buf *b, const char *s);
void buf_printf(text_buf *b, const char *fmt, ...) STITCH_PRINTF(2, 3);
/* Free the text and zero b; b may be NULL. */
void buf_free(text_buf *b);

/* ---- CSV -------------------------------------------------------------------- */

/* Write s as one CSV field (RFC 4180): as it is, or in double quotes with
 * each quote doubled when it holds a comma, a quote, a CR or a LF. */
void text_csv_field(FILE *o, const char *s);

/* ---- numbers for people ----------------------------------------------------- */

/* Every function here writes into buf (n bytes) and returns buf. Non-finite
 * values are written "not defined"; nothing is ever written "-0". */

/* "12,345.6" with `decimals` places and thousands separators; "-" for
 * negatives. From 10^15 on, a number has more digits than a double holds
 * and a column fits: "2.5 × 10^65". */
char *text_num(char *buf, size_t n, double v, int decimals);

/* Money in whole pounds, "£56,492" and "-£16,974" (the sign before the £),
 * with pence below £100 ("£12.34"); "£0" for zero. */
char *text_money(char *buf, size_t n, double v);

/* Money with `decimals` places: "£2.5", "-£1,000" (chart axes). */
char *text_money_dp(char *buf, size_t n, double v, int decimals);

/* A share as a percentage: 0.37 is "37%"; one decimal below 10% ("4.5%"). */
char *text_pct(char *buf, size_t n, double share);

/* A count with its noun: "1 simulation", "2,000 simulations". */
char *text_count(char *buf, size_t n, long count, const char *one, const char *many);

#endif
