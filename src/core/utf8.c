#include "core/utf8.h"

#include "core/strbuf.h"

#include <stdint.h>
#include <string.h>

#include "core/alloc.h"

bool
utf8_valid(const char *bytes, size_t size, size_t *bad_offset)
{
    const unsigned char *s = (const unsigned char *)bytes;
    size_t i = 0;
    while (i < size) {
        /* Most text is ASCII: skip it eight bytes at a time. */
        uint64_t word;
        if (size - i >= sizeof word) {
            memcpy(&word, s + i, sizeof word);
            if ((word & 0x8080808080808080u) == 0) {
                i += sizeof word;
                continue;
            }
        }
        unsigned char c = s[i];
        size_t extra;
        unsigned min;
        unsigned cp;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            extra = 1, min = 0x80, cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2, min = 0x800, cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            extra = 3, min = 0x10000, cp = c & 0x07;
        } else {
            goto bad;
        }
        if (size - i <= extra)
            goto bad;
        for (size_t k = 1; k <= extra; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                goto bad;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            goto bad;
        i += extra + 1;
    }
    return true;
bad:
    if (bad_offset != NULL)
        *bad_offset = i;
    return false;
}

unsigned
utf8_next(const char **p)
{
    const unsigned char *s = (const unsigned char *)*p;
    unsigned cp;
    size_t n;
    if (s[0] < 0x80)
        cp = s[0], n = 1;
    else if ((s[0] & 0xE0) == 0xC0 && s[1])
        cp = ((s[0] & 0x1Fu) << 6) | (s[1] & 0x3Fu), n = 2;
    else if ((s[0] & 0xF0) == 0xE0 && s[1] && s[2])
        cp = ((s[0] & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu), n = 3;
    else if ((s[0] & 0xF8) == 0xF0 && s[1] && s[2] && s[3])
        cp = ((s[0] & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) | ((s[2] & 0x3Fu) << 6) |
             (s[3] & 0x3Fu),
        n = 4;
    else
        cp = 0xFFFD, n = 1;
    *p += n;
    return cp;
}

/* Base letters of U+00C0..U+017F, lower case; '*' marks the two signs (multiplication, division)
 * that are not letters. Written by hand: folding only these two blocks (plus Romanian comma
 * letters) does not justify pulling in ICU. */
static const char latin_base[] = "aaaaaaaceeeeiiii"
                                 "dnooooo*ouuuuyts"
                                 "aaaaaaaceeeeiiii"
                                 "dnooooo*ouuuuyty"
                                 "aaaaaaccccccccdddd"
                                 "eeeeeeeeeegggggggghhhh"
                                 "iiiiiiiiiiiijjkkkllllllllll"
                                 "nnnnnnnnnoooooooorrrrrr"
                                 "sssssssstttttt"
                                 "uuuuuuuuuuuuwwyyyzzzzzzs";

/* Writes cp at out; returns the end. */
static char *
put_code_point(char *out, unsigned cp)
{
    if (cp < 0x80) {
        *out++ = (char)cp;
    } else if (cp < 0x800) {
        *out++ = (char)(0xC0 | (cp >> 6));
        *out++ = (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        *out++ = (char)(0xE0 | (cp >> 12));
        *out++ = (char)(0x80 | ((cp >> 6) & 0x3F));
        *out++ = (char)(0x80 | (cp & 0x3F));
    } else {
        *out++ = (char)(0xF0 | (cp >> 18));
        *out++ = (char)(0x80 | ((cp >> 12) & 0x3F));
        *out++ = (char)(0x80 | ((cp >> 6) & 0x3F));
        *out++ = (char)(0x80 | (cp & 0x3F));
    }
    return out;
}

void
utf8_append(struct strbuf *out, unsigned cp)
{
    char bytes[4];
    char *end = put_code_point(bytes, cp);
    strbuf_append(out, bytes, (size_t)(end - bytes));
}

/* Written by hand for the scripts country names use; full Unicode case mapping would need ICU
 * or glib in a module that has neither. */
static unsigned
upper_of(unsigned cp)
{
    if (cp >= 'a' && cp <= 'z')
        return cp - 32;
    if (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7)
        return cp - 32;
    if (cp == 0xFF)
        return 0x178;
    if (cp >= 0x100 && cp <= 0x17F) {
        /* Pairs, capital first; from U+0139 to U+0148 and U+0179 to U+017E capital is odd. */
        bool odd_capital = (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E);
        if (cp == 0x131 || cp == 0x138 || cp == 0x149 || cp == 0x17F)
            return cp; /* dotless i, kra, n-apostrophe, long s: no simple capital */
        bool is_lower = odd_capital ? cp % 2 == 0 : cp % 2 == 1;
        return is_lower ? cp - 1 : cp;
    }
    if (cp >= 0x3B1 && cp <= 0x3C9 && cp != 0x3C2)
        return cp - 32; /* Greek */
    if (cp == 0x3AC)
        return 0x386;
    if (cp >= 0x3AD && cp <= 0x3AF)
        return cp - 37;
    if (cp == 0x3CC)
        return 0x38C;
    if (cp == 0x3CD || cp == 0x3CE)
        return cp - 63;
    if (cp >= 0x430 && cp <= 0x44F)
        return cp - 32; /* Cyrillic а..я */
    if (cp >= 0x450 && cp <= 0x45F)
        return cp - 80; /* ѐ..џ, Ukrainian є і ї among them */
    if (cp == 0x491)
        return 0x490; /* ґ */
    return cp;
}

char *
utf8_upper(const char *text)
{
    struct strbuf out;
    strbuf_init(&out);
    const char *p = text;
    while (*p)
        utf8_append(&out, upper_of(utf8_next(&p)));
    return out.bytes;
}

/* Apostrophes in their many spellings ("Yel'nya", "Yel´nya", "Homyelʼ"), punctuation, and the
 * combining accents of decomposed (NFD) text, as pasted from macOS. */
static bool
is_dropped(unsigned cp)
{
    return cp == '\'' || cp == '`' || cp == '.' || cp == ',' || cp == '(' || cp == ')' ||
           cp == '"' || cp == 0x2019 || cp == 0x2018 || cp == 0x02BC || cp == 0x02B9 ||
           cp == 0x02BB || cp == 0xB4 || cp == 0x2032 || (cp >= 0x300 && cp <= 0x36F);
}

static bool
is_separator(unsigned cp)
{
    return cp == ' ' || cp == '-' || cp == '\t' || cp == '_' || cp == '/' || cp == 0x2010 ||
           cp == 0x2013 || cp == 0x2014 || cp == 0xA0 || cp == 0x2009 || cp == 0x202F;
}

/* Letters spelled with two when typed without them: "Gießen" is "Giessen". */
static const char *
expansion_of(unsigned cp)
{
    switch (cp) {
    case 0xDF:
    case 0x1E9E:
        return "ss";
    case 0xC6:
    case 0xE6:
        return "ae";
    case 0x152:
    case 0x153:
        return "oe";
    case 0x132:
    case 0x133:
        return "ij";
    case 0xDE:
    case 0xFE:
        return "th";
    default:
        return NULL;
    }
}

static unsigned
fold_letter(unsigned cp)
{
    if (cp >= 'A' && cp <= 'Z')
        return cp + ('a' - 'A');
    if (cp >= 0xC0 && cp <= 0x17F && latin_base[cp - 0xC0] != '*')
        return (unsigned char)latin_base[cp - 0xC0];
    if (cp >= 0x218 && cp <= 0x21B)
        return cp < 0x21A ? 's' : 't';
    if (cp >= 0x410 && cp <= 0x42F)
        return cp + 0x20;
    if (cp == 0x401 || cp == 0x451)
        return 0x435; /* Ё, ё -> е: Russian text often leaves out the diaeresis */
    if (cp >= 0x400 && cp <= 0x40F)
        return cp + 0x50;
    if (cp == 0x490)
        return 0x491; /* Ґ -> ґ */
    return cp;
}

/* One allocation, written in place: the gazetteer folds some 100,000 names at load. No input
 * byte yields more than three output bytes (a stray byte becomes U+FFFD; expansions such as
 * ß -> ss are never longer than their UTF-8). */
char *
utf8_fold(const char *text)
{
    char *folded = xmalloc(3 * strlen(text) + 1);
    char *out = folded;
    bool pending_space = false;
    const char *p = text;
    while (*p) {
        char c = *p;
        bool is_plain = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (is_plain || (c >= 'A' && c <= 'Z')) { /* the common case, without a decode */
            if (pending_space)
                *out++ = ' ';
            pending_space = false;
            *out++ = (char)(is_plain ? c : c + ('a' - 'A'));
            p++;
            continue;
        }
        unsigned cp = utf8_next(&p);
        if (is_dropped(cp))
            continue;
        if (is_separator(cp)) {
            pending_space = out > folded;
            continue;
        }
        if (pending_space) {
            *out++ = ' ';
            pending_space = false;
        }
        const char *expansion = expansion_of(cp);
        if (expansion != NULL) {
            *out++ = expansion[0];
            *out++ = expansion[1];
        } else {
            out = put_code_point(out, fold_letter(cp));
        }
    }
    *out = '\0';
    return folded;
}

size_t
utf8_edit_distance_within(const char *a, size_t a_length, const char *b, size_t b_length,
                          size_t bound)
{
    size_t row[UTF8_EDIT_MAX_BYTES + 1];
    for (size_t j = 0; j <= b_length; j++)
        row[j] = j;
    for (size_t i = 1; i <= a_length; i++) {
        size_t diagonal = row[0];
        row[0] = i;
        size_t row_min = row[0];
        for (size_t j = 1; j <= b_length; j++) {
            size_t above = row[j];
            size_t best = diagonal + (a[i - 1] != b[j - 1]);
            if (above + 1 < best)
                best = above + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diagonal = above;
            if (best < row_min)
                row_min = best;
        }
        if (row_min > bound) /* every later row is at least this */
            return bound + 1;
    }
    return row[b_length];
}

size_t
utf8_edit_distance(const char *a, const char *b)
{
    size_t a_length = strlen(a), b_length = strlen(b);
    if (a_length >= 64 || b_length >= 64)
        return SIZE_MAX;
    return utf8_edit_distance_within(a, a_length, b, b_length, SIZE_MAX - 1);
}
