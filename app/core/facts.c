/* facts.c - see facts.h. */
#include "facts.h"

#include <string.h>

#include "util.h"

int cr_schema_find(const cr_schema *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->v[i].name, name) == 0)
			return (int)i;
	return -1;
}

int cr_factdef_choice(const cr_factdef *f, const char *id)
{
	for (size_t i = 0; i < f->nchoices; i++)
		if (strcmp(f->choices[i], id) == 0)
			return (int)i;
	return -1;
}

static bool same_choices(const cr_factdef *f, const char *const *choices, size_t n)
{
	if (f->nchoices != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (strcmp(f->choices[i], choices[i]) != 0)
			return false;
	return true;
}

int cr_schema_add(cr_schema *s, cr_arena *a, const char *name, enum cr_ftype type,
		  const char *const *choices, size_t nchoices)
{
	int i = cr_schema_find(s, name);
	if (i >= 0) {
		const cr_factdef *f = &s->v[i];
		if (f->type != type || !same_choices(f, choices, nchoices))
			return -1;
		return i;
	}
	if (s->n == s->cap) {
		size_t ncap = s->cap ? s->cap * 2 : 64;
		cr_factdef *nv = cr_arena_alloc(a, ncap * sizeof *nv);
		if (s->n)
			memcpy(nv, s->v, s->n * sizeof *nv);
		s->v = nv;
		s->cap = ncap;
	}
	cr_factdef *f = &s->v[s->n];
	f->name = cr_arena_strdup(a, name);
	f->type = type;
	f->choices = choices;
	f->nchoices = nchoices;
	return (int)s->n++;
}
