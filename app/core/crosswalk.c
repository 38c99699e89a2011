/* crosswalk.c - an organisation's own job titles mapped to SOC codes (crosswalk.h). */
#include "crosswalk.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

typedef struct xw_entry {
	char *key; /* folded title */
	const cr_occupation *occ;
} xw_entry;

struct cr_crosswalk {
	xw_entry *v; /* sorted by key, for a binary search per row */
	size_t n, cap;
};

/* Lower case, trimmed, runs of space as one (caller frees). */
static char *fold(const char *s)
{
	char *out = cr_xmalloc(strlen(s) + 1);
	size_t o = 0;
	bool space = false;
	for (; *s; s++) {
		if (isspace((unsigned char)*s)) {
			space = o > 0;
			continue;
		}
		if (space)
			out[o++] = ' ';
		space = false;
		out[o++] = (char)tolower((unsigned char)*s);
	}
	out[o] = '\0';
	return out;
}

cr_crosswalk *cr_crosswalk_new(void)
{
	return cr_xcalloc(1, sizeof(cr_crosswalk));
}

void cr_crosswalk_free(cr_crosswalk *x)
{
	if (!x)
		return;
	for (size_t i = 0; i < x->n; i++)
		free(x->v[i].key);
	free(x->v);
	free(x);
}

/* Index of key, or of where it would go; *found says which. */
static size_t find(const cr_crosswalk *x, const char *key, bool *found)
{
	size_t lo = 0, hi = x->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(x->v[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < x->n && strcmp(x->v[lo].key, key) == 0;
	return lo;
}

const cr_occupation *cr_crosswalk_add(cr_crosswalk *x, const char *title, const cr_occupation *occ)
{
	char *key = fold(title);
	bool found;
	size_t at = find(x, key, &found);
	if (found) {
		free(key);
		return x->v[at].occ == occ ? NULL : x->v[at].occ;
	}
	cr_xgrow((void **)&x->v, &x->cap, x->n, sizeof *x->v);
	memmove(&x->v[at + 1], &x->v[at], (x->n - at) * sizeof *x->v);
	x->v[at] = (xw_entry){key, occ};
	x->n++;
	return NULL;
}

const cr_occupation *cr_crosswalk_find(const cr_crosswalk *x, const char *title)
{
	if (!x || !x->n)
		return NULL;
	char *key = fold(title);
	bool found;
	size_t at = find(x, key, &found);
	free(key);
	return found ? x->v[at].occ : NULL;
}

size_t cr_crosswalk_count(const cr_crosswalk *x)
{
	return x ? x->n : 0;
}
