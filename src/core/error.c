#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>

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
    vsnprintf(err->message, sizeof err->message, format, args);
    va_end(args);
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
