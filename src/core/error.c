#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* A message is one line: text quoted from a file (a multi-line CSV field, a DBF field name)
 * may hold line breaks and other control bytes; they are written as \n, \r, \xNN. */
static void
escape_controls(struct posture_error *err)
{
    char escaped[sizeof err->message];
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)err->message;
         *p != '\0' && n + 5 < sizeof escaped; p++) {
        if (*p == '\n' || *p == '\r') {
            escaped[n++] = '\\';
            escaped[n++] = *p == '\n' ? 'n' : 'r';
        } else if ((*p < 0x20 && *p != '\t') || *p == 0x7f) {
            n += (size_t)snprintf(escaped + n, sizeof escaped - n, "\\x%02X", *p);
        } else {
            escaped[n++] = (char)*p;
        }
    }
    escaped[n] = '\0';
    memcpy(err->message, escaped, n + 1);
}

enum posture_status
error_set(struct posture_error *err, enum posture_status status, const char *format, ...)
{
    if (err == NULL)
        return status;
    if (err->status != POSTURE_OK)
        return err->status;
    err->status = status;
    va_list args;
    va_start(args, format);
    (void)vsnprintf(err->message, sizeof err->message, format, args);
    va_end(args);
    escape_controls(err);
    return status;
}

void
error_clear(struct posture_error *err)
{
    if (err == NULL)
        return;
    err->status = POSTURE_OK;
    err->message[0] = '\0';
}
