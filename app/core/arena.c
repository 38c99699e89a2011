/* arena.c - see arena.h. */
#include "arena.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "util.h"

struct cr_arena_block {
	cr_arena_block *next;
	size_t used;
	size_t cap;
	size_t map_len; /* a block of cr_arena_reserve: its mapping's length (0: from malloc) */
	_Alignas(16) unsigned char data[];
};

void *cr_arena_alloc(cr_arena *a, size_t n)
{
	n = (n + 15) & ~(size_t)15;
	a->total += n;
	cr_arena_block *b = a->head;
	if (!b || b->cap - b->used < n) {
		size_t cap = n > 65536 ? n : 65536;
		b = cr_xmalloc(sizeof *b + cap);
		b->used = 0;
		b->cap = cap;
		b->map_len = 0;
		b->next = a->head;
		a->head = b;
	}
	void *p = b->data + b->used;
	b->used += n;
	if (!b->map_len) /* a mapped block's pages come zeroed from the system, and none is handed out twice */
		memset(p, 0, n);
	return p;
}

#define HUGE_PAGE ((size_t)2 << 20)

void cr_arena_reserve(cr_arena *a, size_t n)
{
	if (n == 0)
		return; /* nothing known to be coming: blocks as they are needed */
	size_t page = 4096, len = (sizeof(cr_arena_block) + n + page - 1) & ~(page - 1);
	bool huge = len >= HUGE_PAGE / 2; /* at least half a huge page: one fault instead of 256 or more */
	if (huge)
		len = (len + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	size_t map = huge ? len + HUGE_PAGE : len; /* room to align the start to a huge page */
	unsigned char *p = mmap(NULL, map, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return; /* the arena grows as it always did */
	if (huge) {
		unsigned char *start = (unsigned char *)(((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
		if (start > p)
			munmap(p, (size_t)(start - p));
		if (start + len < p + map)
			munmap(start + len, (size_t)(p + map - (start + len)));
		p = start;
#ifdef MADV_HUGEPAGE
		madvise(p, len, MADV_HUGEPAGE); /* a hint: without transparent huge pages, 4 KiB pages as before */
#endif
	}
	cr_arena_block *b = (cr_arena_block *)p;
	b->used = 0;
	b->cap = len - sizeof *b;
	b->map_len = len;
	b->next = a->head;
	a->head = b;
}

char *cr_arena_strndup(cr_arena *a, const char *s, size_t n)
{
	char *p = cr_arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *cr_arena_strdup(cr_arena *a, const char *s)
{
	return s ? cr_arena_strndup(a, s, strlen(s)) : NULL;
}

void cr_arena_free(cr_arena *a)
{
	cr_arena_block *b = a->head;
	while (b) {
		cr_arena_block *next = b->next;
		if (b->map_len)
			munmap(b, b->map_len);
		else
			free(b);
		b = next;
	}
	a->head = NULL;
	a->total = 0;
}
