/* mmap()'s MAP_ANONYMOUS and madvise() are not POSIX (xalloc_pages()). */
#define _DEFAULT_SOURCE 1

#include "core/alloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

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

/* Why by hand: each 4 KiB page's first touch is a page fault, 1,875 of them for the 7.7 MB of a
 * 1600 x 1200 image, and on a virtual machine a fault can cost 12 us (measured on the benchmark
 * VM): more than drawing the map. Asked of the kernel as one range in huge pages (madvise
 * MADV_HUGEPAGE, where transparent huge pages are "always" or "madvise") and mapped in one call
 * (MADV_POPULATE_WRITE, Linux 5.14), the same memory costs a tenth. Anywhere else, and under
 * AddressSanitizer (which does not watch mmap'd memory), it is calloc's. */
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#if defined(__linux__) && !defined(UNDER_ASAN)
enum { HUGE_PAGE = 2u << 20, PAGE = 4096 };

static size_t
pages_size(size_t size)
{
    if (size > SIZE_MAX - PAGE)
        out_of_memory(SIZE_MAX);
    return (size + PAGE - 1) / PAGE * PAGE;
}

void *
xalloc_pages(size_t size)
{
    size_t total = pages_size(size ? size : 1);
    /* Huge pages fill only the 2 MiB stretches that start on a multiple of 2 MiB: the range
     * starts on one, and its tail (not a whole huge page) is small pages, so that it takes no
     * more memory than it asks for. */
    size_t slack = total >= HUGE_PAGE ? HUGE_PAGE : 0;
    if (total > SIZE_MAX - slack)
        out_of_memory(SIZE_MAX);
    unsigned char *raw =
        mmap(NULL, total + slack, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED)
        out_of_memory(size);
    unsigned char *pages = raw;
    if (slack > 0) {
        uintptr_t misalign = (uintptr_t)raw % HUGE_PAGE;
        pages = raw + (misalign ? HUGE_PAGE - misalign : 0);
        if (pages > raw)
            (void)munmap(raw, (size_t)(pages - raw));
        if (raw + slack > pages)
            (void)munmap(pages + total, (size_t)(raw + slack - pages));
        (void)madvise(pages, total, MADV_HUGEPAGE);
    }
#if defined(MADV_POPULATE_WRITE)
    (void)madvise(pages, total, MADV_POPULATE_WRITE); /* an older kernel: faults, as before */
#endif
    return pages;
}

void
xfree_pages(void *pages, size_t size)
{
    if (pages != NULL)
        (void)munmap(pages, pages_size(size ? size : 1));
}
#else
void *
xalloc_pages(size_t size)
{
    return xcalloc(1, size);
}

void
xfree_pages(void *pages, size_t size)
{
    (void)size;
    free(pages);
}
#endif
