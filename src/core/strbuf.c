#include "core/strbuf.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"

void
strbuf_init(struct strbuf *buf)
{
    buf->bytes = NULL;
    buf->length = 0;
    buf->capacity = 0;
    xgrow(&buf->bytes, &buf->capacity, 256, 1);
    buf->bytes[0] = '\0';
}

void
strbuf_fini(struct strbuf *buf)
{
    free(buf->bytes);
    buf->bytes = NULL;
    buf->length = buf->capacity = 0;
}

void
strbuf_append(struct strbuf *buf, const char *bytes, size_t length)
{
    xgrow(&buf->bytes, &buf->capacity, buf->length + length + 1, 1);
    memcpy(buf->bytes + buf->length, bytes, length);
    buf->length += length;
    buf->bytes[buf->length] = '\0';
}

void
strbuf_puts(struct strbuf *buf, const char *text)
{
    strbuf_append(buf, text, strlen(text));
}

void
strbuf_printf(struct strbuf *buf, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    va_list again;
    va_copy(again, args);
    int needed = vsnprintf(NULL, 0, format, args);
    va_end(args);
    if (needed > 0) {
        xgrow(&buf->bytes, &buf->capacity, buf->length + (size_t)needed + 1, 1);
        (void)vsnprintf(buf->bytes + buf->length, (size_t)needed + 1, format, again);
        buf->length += (size_t)needed;
    }
    va_end(again);
}

void
strbuf_number(struct strbuf *buf, double value, int decimals)
{
    char text[64];
    if (!isfinite(value)) {
        strbuf_puts(buf, "0"); /* SVG and JSON have no inf or nan; a caller checks first */
        return;
    }
    double scale = pow(10.0, decimals);
    double rounded = round(value * scale) / scale;
    if (rounded == 0.0 || !isfinite(rounded))
        rounded = rounded == 0.0 ? 0.0 : value; /* no "-0"; no overflow of value * scale */
    int n = snprintf(text, sizeof text, "%.*f", decimals, rounded);
    if (n <= 0 || (size_t)n >= sizeof text) {
        /* Too large for fixed notation (1e308 has 309 digits): exponent notation, which SVG,
         * PDF and JSON read too. */
        n = snprintf(text, sizeof text, "%.17g", rounded);
        strbuf_append(buf, text, (size_t)n);
        return;
    }
    if (decimals > 0) {
        while (n > 0 && text[n - 1] == '0')
            n--;
        if (n > 0 && text[n - 1] == '.')
            n--;
    }
    strbuf_append(buf, text, (size_t)n);
}

void
strbuf_xml_escaped(struct strbuf *buf, const char *text)
{
    for (const char *p = text; *p; p++) {
        switch (*p) {
        case '&':
            strbuf_puts(buf, "&amp;");
            break;
        case '<':
            strbuf_puts(buf, "&lt;");
            break;
        case '>':
            strbuf_puts(buf, "&gt;");
            break;
        case '"':
            strbuf_puts(buf, "&quot;");
            break;
        default:
            strbuf_append(buf, p, 1);
        }
    }
}
