/* Allocation wrappers that abort when memory runs out, so callers never test for NULL.
 * Overflow of count * size is checked; everything else is the caller's. */
#ifndef CORE_ALLOC_H
#define CORE_ALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
/* Grows *array to hold at least need items of item_size, doubling; *capacity is updated. */
void xgrow_always(void *array_ptr, size_t *capacity, size_t need, size_t item_size);
/* The test inline: builders call this for every point they add (1.4 million calls a 1:10m
 * batch, 1 % of its time when each was a call). */
static inline void
xgrow(void *array_ptr, size_t *capacity, size_t need, size_t item_size)
{
#if defined(__clang_analyzer__)
    /* The analyzer sees arrays grown by a call it cannot look into, as before the test was
     * inline; it does not know that an array with room is not NULL. */
    xgrow_always(array_ptr, capacity, need, item_size);
#else
    if (need > *capacity)
        xgrow_always(array_ptr, capacity, need, item_size);
#endif
}
char *xstrdup(const char *text);
char *xstrndup(const char *text, size_t length);
/* Memory for a big buffer that is written whole at once (an image's pixels), zeroed, from the
 * kernel in whole pages: huge pages where it allows them, all mapped before they are touched.
 * Free with xfree_pages() and the same size. */
void *xalloc_pages(size_t size);
void xfree_pages(void *pages, size_t size);
/* For a program (not a library: it sets the process's malloc): freed blocks stay in the heap for
 * the next map to use again, and the heap's first warm_bytes are mapped now, at a tenth of what
 * touching them page by page would cost. */
void heap_keep_and_warm(size_t warm_bytes);

#endif
