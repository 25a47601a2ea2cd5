/* UTF-8 checks and the folding used to match place names typed by reporters.
 * Transliteration beyond Latin diacritics is left to the gazetteer's aliases. */
#ifndef CORE_UTF8_H
#define CORE_UTF8_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf;

/* True if bytes[0..size) is valid UTF-8; *bad_offset gets the first bad byte otherwise. */
bool utf8_valid(const char *bytes, size_t size, size_t *bad_offset);
/* Decodes one code point at *p (valid UTF-8 assumed) and advances *p. */
unsigned utf8_next(const char **p);
/* A malloc'd upper-case copy for map labels: ASCII, Latin-1, Latin Extended-A, Greek and
 * Cyrillic (Ukrainian і ї є ґ included); other characters are kept as they are. */
char *utf8_upper(const char *text);
/* Appends the UTF-8 bytes of code point cp. */
void utf8_append(struct strbuf *out, unsigned cp);
/* A malloc'd key for matching: lower case, Latin diacritics removed (ó->o, ă->a, ţ/ț->t),
 * apostrophes and punctuation dropped, runs of spaces/hyphens folded to one space. */
char *utf8_fold(const char *text);

/* Levenshtein distance in bytes between two short strings (folded names, style keys), for
 * "did you mean" suggestions; SIZE_MAX when either is 64 bytes or longer. */
size_t utf8_edit_distance(const char *a, const char *b);
/* The same for byte runs of at most UTF8_EDIT_MAX_BYTES each, giving up early: bound + 1 when
 * the distance is more than bound (the gazetteer's suggestions among 60,000 names). */
enum { UTF8_EDIT_MAX_BYTES = 128 };
size_t utf8_edit_distance_within(const char *a, size_t a_length, const char *b, size_t b_length,
                                 size_t bound);

#endif
