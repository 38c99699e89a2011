/* arena.c - see arena.h. */
#include "arena.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

struct cr_arena_block {
	cr_arena_block *next;
	size_t used;
	size_t cap;
	_Alignas(16) unsigned char data[];
};

void *cr_arena_alloc(cr_arena *a, size_t n)
{
	n = (n + 15) & ~(size_t)15;
	cr_arena_block *b = a->head;
	if (!b || b->cap - b->used < n) {
		size_t cap = n > 65536 ? n : 65536;
		b = cr_xmalloc(sizeof *b + cap);
		b->used = 0;
		b->cap = cap;
		b->next = a->head;
		a->head = b;
	}
	void *p = b->data + b->used;
	b->used += n;
	memset(p, 0, n);
	return p;
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
		free(b);
		b = next;
	}
	a->head = NULL;
}
