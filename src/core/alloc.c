#include "core/alloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
out_of_memory(size_t size)
{
    (void)fprintf(stderr, "posture: out of memory allocating %zu bytes\n", size);
    abort();
}

void *
xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (p == NULL)
        out_of_memory(size);
    return p;
}

void *
xcalloc(size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size)
        out_of_memory(SIZE_MAX);
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (p == NULL)
        out_of_memory(count * size);
    return p;
}

void
xgrow(void *array_ptr, size_t *capacity, size_t need, size_t item_size)
{
    if (need <= *capacity)
        return;
    size_t cap = *capacity ? *capacity : 8;
    while (cap < need) {
        if (cap > SIZE_MAX / 2 / item_size)
            out_of_memory(SIZE_MAX);
        cap *= 2;
    }
    void **array = array_ptr;
    void *p = realloc(*array, cap * item_size);
    if (p == NULL)
        out_of_memory(cap * item_size);
    *array = p;
    *capacity = cap;
}

char *
xstrdup(const char *text)
{
    return xstrndup(text, strlen(text));
}

char *
xstrndup(const char *text, size_t length)
{
    char *copy = xmalloc(length + 1);
    memcpy(copy, text, length);
    copy[length] = '\0';
    return copy;
}
