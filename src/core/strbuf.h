/* A growable NUL-terminated byte string for building output (SVG, messages).
 * The caller owns the buffer; strbuf_fini() frees it. */
#ifndef CORE_STRBUF_H
#define CORE_STRBUF_H

#include <stddef.h>

struct strbuf {
    char *bytes;
    size_t length;
    size_t capacity;
};

void strbuf_init(struct strbuf *buf);
void strbuf_fini(struct strbuf *buf);
void strbuf_append(struct strbuf *buf, const char *bytes, size_t length);
void strbuf_puts(struct strbuf *buf, const char *text);
void strbuf_printf(struct strbuf *buf, const char *format, ...)
    __attribute__((format(printf, 2, 3)));
/* Appends a number with at most `decimals` decimals, trailing zeros and "-0" removed. */
void strbuf_number(struct strbuf *buf, double value, int decimals);
/* Appends text with &, <, >, " escaped for XML. */
void strbuf_xml_escaped(struct strbuf *buf, const char *text);

#endif
