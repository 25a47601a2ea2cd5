/* A bump allocator: many small allocations, freed all at once by arena_fini().
 * Alignment is max_align_t; nothing is freed individually. */
#ifndef CORE_ARENA_H
#define CORE_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
    struct arena_block *head;
};

void arena_init(struct arena *arena);
void arena_fini(struct arena *arena);
void *arena_alloc(struct arena *arena, size_t size);
void *arena_memdup(struct arena *arena, const void *bytes, size_t size);
char *arena_strdup(struct arena *arena, const char *text);

#endif
