#include "core/arena.h"

#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"

enum { ARENA_BLOCK_BYTES = 64 * 1024 };

struct arena_block {
    struct arena_block *next;
    size_t used;
    size_t capacity;
    alignas(max_align_t) unsigned char bytes[];
};

void
arena_init(struct arena *arena)
{
    arena->head = NULL;
}

void
arena_fini(struct arena *arena)
{
    struct arena_block *block = arena->head;
    while (block != NULL) {
        struct arena_block *next = block->next;
        free(block);
        block = next;
    }
    arena->head = NULL;
}

void *
arena_alloc(struct arena *arena, size_t size)
{
    size_t align = alignof(max_align_t);
    size = (size + align - 1) / align * align;
    struct arena_block *block = arena->head;
    if (block == NULL || block->capacity - block->used < size) {
        size_t capacity = size > ARENA_BLOCK_BYTES ? size : ARENA_BLOCK_BYTES;
        block = xmalloc(sizeof *block + capacity);
        block->used = 0;
        block->capacity = capacity;
        block->next = arena->head;
        arena->head = block;
    }
    void *p = block->bytes + block->used;
    block->used += size;
    return p;
}

void *
arena_memdup(struct arena *arena, const void *bytes, size_t size)
{
    void *p = arena_alloc(arena, size);
    if (size > 0)
        memcpy(p, bytes, size);
    return p;
}

char *
arena_strdup(struct arena *arena, const char *text)
{
    return arena_memdup(arena, text, strlen(text) + 1);
}
