/* A warning callback for tests: counts the warnings and keeps the last. */
#ifndef TESTS_UNIT_RECORD_WARNING_H
#define TESTS_UNIT_RECORD_WARNING_H

#include <stddef.h>
#include <stdio.h>

struct warnings {
    size_t count;
    char last[1024];
};

static inline void
record_warning(void *context, const char *message)
{
    struct warnings *warnings = context;
    warnings->count++;
    (void)snprintf(warnings->last, sizeof warnings->last, "%s", message);
}

#endif
