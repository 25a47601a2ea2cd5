/* mmap()'s MAP_ANONYMOUS and madvise() are not POSIX (xalloc_pages()): CMakeLists.txt defines
 * _DEFAULT_SOURCE for this file. */
#include "core/alloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif
#if defined(__GLIBC__)
#include <malloc.h>
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
xgrow_always(void *array_ptr, size_t *capacity, size_t need, size_t item_size)
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

/* A map's image (7.7 MB at 1600 x 1200) and the PNG's rows (5.8 MB) were blocks glibc maps fresh
 * from the kernel for every map and unmaps after: a batch spent an eighth of its time in the
 * page faults of touching them again. Kept in the heap, the next map reuses the same pages
 * (batch, --each, --preset kit); the heap stays at its largest map's size until exit. And every
 * map's layout uses some megabytes of heap, each page first touched by a fault: 1,100 of a 1:10m
 * map's 3,400, 12 us each on the benchmark VM. Mapped at once, in huge pages where the kernel
 * allows, 6 MB took 13-20 % off every benchmark map (1:10m PNG 115 -> 100 ms), at no cost in
 * peak memory for a 1:10m map and 2-4 MB for a 1:50m one, which uses less heap than that. */
void
heap_keep_and_warm(size_t warm_bytes)
{
#if defined(__GLIBC__)
    (void)mallopt(M_MMAP_THRESHOLD, 32 << 20); /* glibc refuses more on 64-bit */
    (void)mallopt(M_TRIM_THRESHOLD, 128 << 20);
    if (warm_bytes == 0 || warm_bytes > (32u << 20))
        return;
    /* volatile: the compiler may drop a malloc() and free() with nothing in between. */
    unsigned char *volatile block = malloc(warm_bytes);
    if (block == NULL)
        return;
    uintptr_t start = ((uintptr_t)block + PAGE - 1) / PAGE * PAGE;
    uintptr_t end = ((uintptr_t)block + warm_bytes) / PAGE * PAGE;
    uintptr_t huge_start = (start + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
    uintptr_t huge_end = end / HUGE_PAGE * HUGE_PAGE;
    if (huge_end > huge_start)
        (void)madvise((void *)huge_start, huge_end - huge_start, MADV_HUGEPAGE);
#if defined(MADV_POPULATE_WRITE)
    if (end > start)
        (void)madvise((void *)start, end - start, MADV_POPULATE_WRITE);
#endif
    free(block);
#else
    (void)warm_bytes;
#endif
}
#else
void
heap_keep_and_warm(size_t warm_bytes)
{
    (void)warm_bytes;
}

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
