/*
 * arena.h - a bump allocator for data that lives and dies together.
 *
 * The knowledge base is loaded once and freed once: every string and array in
 * it comes from its arena, so cr_kb_free() is one call and no field needs its
 * own free. Memory from an arena is never freed individually.
 */
#ifndef CR_ARENA_H
#define CR_ARENA_H

#include <stddef.h>

typedef struct cr_arena_block cr_arena_block;
typedef struct cr_arena {
	cr_arena_block *head;
	size_t total; /* bytes handed out so far (each rounded up to 16), for a later cr_arena_reserve */
} cr_arena;

/* Zeroed, 16-byte aligned memory owned by the arena. */
void *cr_arena_alloc(cr_arena *a, size_t n);
char *cr_arena_strdup(cr_arena *a, const char *s);
/*
 * Makes room for n more bytes in one block of their own, mapped from the
 * system (zeroed pages, never cleared again; a huge page where the system
 * gives one): for a structure whose size is known before it is built, such as
 * a knowledge base read from its snapshot (kb_snapshot.c), whose first touch
 * of 300-odd fresh pages cost a page fault each, the largest cost of a start
 * on a virtual machine. If the mapping fails the arena simply grows as usual.
 */
void cr_arena_reserve(cr_arena *a, size_t n);
char *cr_arena_strndup(cr_arena *a, const char *s, size_t n);
/* Frees every block; the arena may be reused afterwards. */
void cr_arena_free(cr_arena *a);

#endif
