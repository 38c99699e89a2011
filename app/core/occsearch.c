/*
 * occsearch.c - finds occupations by code, title or alias.
 *
 * People type "nurse", "progammer" or "43-9021". Each occupation is scored
 * against the query: an exact code, title or alias wins outright; otherwise
 * each query word scores by how well it matches a word of the title or an
 * alias (whole word, prefix, or within a small edit distance, so typos are
 * tolerated). British spellings are read as American ones ("labourer",
 * "paediatrician", "theatre"), and two query words are also tried as one
 * ("book keeper" finds bookkeepers). The catalogue is a few hundred entries,
 * so a linear scan per query costs well under a millisecond.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "answers.h"
#include "util.h"

#define MAX_WORDS 8

/*
 * British spellings read as the American ones the SOC titles use. A stem is
 * replaced at the start of a word ("labour" in "labourers"); a `whole` entry
 * only as the whole word ("programme", not "programmer"). The American form
 * is never longer, so words are rewritten in place. Both the query and the
 * titles and aliases go through it, so either spelling finds either.
 */
static const struct { const char *uk, *us; bool whole; } spellings[] = {
	{"aeroplane", "airplane", false}, {"aluminium", "aluminum", false}, {"anaesth", "anesth", false},
	{"behaviour", "behavior", false}, {"catalogue", "catalog", false}, {"centre", "center", false},
	{"cheque", "check", false}, {"colour", "color", false}, {"counsell", "counsel", false},
	{"defence", "defense", false}, {"draught", "draft", false}, {"gynaec", "gynec", false},
	{"haem", "hem", false}, {"harbour", "harbor", false}, {"jewellery", "jewelry", false},
	{"jeweller", "jeweler", false}, {"labour", "labor", false}, {"licence", "license", false},
	{"manoeuvr", "maneuver", false}, {"metre", "meter", true}, {"metres", "meters", true},
	{"mould", "mold", false}, {"neighbour", "neighbor", false}, {"oesoph", "esoph", false},
	{"organis", "organiz", false}, {"orthopaed", "orthoped", false}, {"paed", "ped", false},
	{"plough", "plow", false}, {"practise", "practice", false}, {"programme", "program", true},
	{"programmes", "programs", true}, {"theatre", "theater", false}, {"travell", "travel", false},
	{"tyre", "tire", false}, {"modell", "model", false},
};

static void americanise(char *w)
{
	for (size_t i = 0; i < CR_ARRAY_LEN(spellings); i++) {
		size_t n = strlen(spellings[i].uk);
		if (strncmp(w, spellings[i].uk, n) != 0 || (spellings[i].whole && w[n]))
			continue;
		size_t m = strlen(spellings[i].us);
		memcpy(w, spellings[i].us, m);
		memmove(w + m, w + n, strlen(w + n) + 1);
		return;
	}
}

static size_t split_words(const char *s, char words[MAX_WORDS][32])
{
	size_t n = 0;
	while (*s && n < MAX_WORDS) {
		while (*s && !isalnum((unsigned char)*s))
			s++;
		size_t len = 0;
		while (*s && (isalnum((unsigned char)*s) || *s == '-')) {
			if (len < 31)
				words[n][len++] = (char)tolower((unsigned char)*s);
			s++;
		}
		if (len) {
			words[n][len] = '\0';
			americanise(words[n]);
			n++;
		}
	}
	return n;
}

static bool is_stopword(const char *w)
{
	static const char *const stop[] = {"and", "or", "of", "the", "a", "an", "in", "for", "all", "other", "except", NULL};
	for (size_t i = 0; stop[i]; i++)
		if (strcmp(w, stop[i]) == 0)
			return true;
	return false;
}

/* The distinct characters of a word as bits: a-z, 0-9, and one bit for anything else. */
static uint64_t char_set(const char *w)
{
	uint64_t m = 0;
	for (; *w; w++) {
		unsigned char c = (unsigned char)*w;
		m |= (uint64_t)1 << (c >= 'a' && c <= 'z' ? c - 'a' : c >= '0' && c <= '9' ? 26 + c - '0' : 36);
	}
	return m;
}

/*
 * Whether the edit distance of a and b (la, lb long, character sets ma, mb)
 * can be at most cap. Two lower bounds: the difference in length, and the
 * characters one word has and the other lacks, each needing an edit of its
 * own. When either exceeds cap the distance does too, so the full computation
 * can be skipped without changing any result.
 */
static bool may_be_within(size_t la, size_t lb, uint64_t ma, uint64_t mb, int cap)
{
	size_t dl = la > lb ? la - lb : lb - la;
	if (dl > (size_t)cap)
		return false;
	/* the "anything else" bit stands for many characters: it proves nothing */
	uint64_t other = (uint64_t)1 << 36;
	int only_a = cr_popcount64(ma & ~mb & ~other), only_b = cr_popcount64(mb & ~ma & ~other);
	return only_a <= cap && only_b <= cap;
}

/* Score of one query word against one candidate word. */
static int word_score(const char *q, const char *w)
{
	if (strcmp(q, w) == 0)
		return 100;
	size_t lq = strlen(q), lw = strlen(w);
	/* "nurse" matches "nurses", "program" matches "programmers" */
	if (lq >= 3 && lw > lq && strncmp(q, w, lq) == 0)
		return 80;
	if (lw >= 4 && lq > lw && strncmp(q, w, lw) == 0)
		return 70;
	int cap = lq >= 8 ? 3 : lq >= 5 ? 2 : lq >= 4 ? 1 : 0;
	if (cap) {
		uint64_t mq = char_set(q);
		int d = may_be_within(lq, lw, mq, char_set(w), cap) ? cr_edit_distance(q, w, cap + 1) : cap + 1;
		if (d <= cap)
			return 60 - 10 * d;
		/* a typo in a word that is also a prefix: "progammer" vs "programmers" */
		if (lw > lq) {
			char pre[64];
			size_t n = lq + 1 < sizeof pre ? lq + 1 : sizeof pre - 1;
			memcpy(pre, w, n);
			pre[n] = '\0';
			d = may_be_within(lq, n, mq, char_set(pre), cap) ? cr_edit_distance(q, pre, cap + 1) : cap + 1;
			if (d <= cap)
				return 50 - 10 * d;
		}
	}
	return 0;
}

/*
 * Score of a query phrase against a title or alias; word `joined` (or -1) was
 * made by joining two typed words and must match a whole word, give or take a
 * plural, so that "theatre zzz" does not find "theatre" through "theatrezzz".
 */
static int phrase_score(char qw[MAX_WORDS][32], size_t nq, const char *phrase, long joined)
{
	char pw[MAX_WORDS][32];
	size_t np = split_words(phrase, pw);
	int total = 0, counted = 0;
	for (size_t i = 0; i < nq; i++) {
		if (is_stopword(qw[i]) && nq > 1)
			continue;
		counted++;
		int best = 0;
		for (size_t j = 0; j < np; j++) {
			int s;
			if ((long)i == joined) {
				size_t lq = strlen(qw[i]), lw = strlen(pw[j]);
				s = strcmp(qw[i], pw[j]) == 0 ? 100 : lw > lq && lw <= lq + 2 && strncmp(qw[i], pw[j], lq) == 0 ? 80 : 0;
			} else {
				s = word_score(qw[i], pw[j]);
			}
			if (s > best)
				best = s;
		}
		if (!best)
			return 0; /* every query word must match something */
		total += best;
	}
	if (!counted)
		return 0;
	/* shorter titles that match fully rank above long ones that match partly */
	return total / counted - (int)(np > nq ? (np - nq) * 2 : 0);
}

/*
 * The query's words as typed, and with each pair of neighbours written as one
 * word ("book keeper" -> "bookkeeper"): up to MAX_WORDS variants.
 */
typedef struct variants {
	char w[MAX_WORDS][MAX_WORDS][32];
	size_t nw[MAX_WORDS];
	long joined[MAX_WORDS]; /* index of the joined word in each variant; -1 in the first */
	size_t n;
} variants;

static void make_variants(char qw[MAX_WORDS][32], size_t nq, variants *v)
{
	memcpy(v->w[0], qw, sizeof v->w[0]);
	v->nw[0] = nq;
	v->joined[0] = -1;
	v->n = 1;
	for (size_t i = 0; i + 1 < nq; i++) {
		if (strlen(qw[i]) + strlen(qw[i + 1]) >= 32)
			continue;
		size_t k = 0;
		for (size_t j = 0; j < nq; j++) {
			if (j == i + 1)
				continue;
			snprintf(v->w[v->n][k++], 32, "%s%s", qw[j], j == i ? qw[i + 1] : "");
		}
		v->joined[v->n] = (long)i;
		v->nw[v->n++] = k;
	}
}

static int variants_score(variants *v, const char *phrase)
{
	int best = 0;
	for (size_t i = 0; i < v->n; i++) {
		int s = phrase_score(v->w[i], v->nw[i], phrase, v->joined[i]);
		if (s > best)
			best = s;
	}
	return best;
}

size_t cr_occ_search(const cr_kb *kb, const char *query, cr_occ_match *out, size_t max)
{
	char qw[MAX_WORDS][32];
	char buf[256];
	snprintf(buf, sizeof buf, "%s", query);
	cr_str_trim(buf);
	size_t nq = split_words(buf, qw);
	size_t n = 0;
	if (!nq || !max)
		return 0;
	variants *v = cr_xmalloc(sizeof *v);
	make_variants(qw, nq, v);
	for (size_t i = 0; i < kb->noccupations; i++) {
		const cr_occupation *o = &kb->occupations[i];
		int best;
		if (strcmp(buf, o->code) == 0 || cr_strcasecmp(buf, o->title) == 0)
			best = 1000;
		else
			best = variants_score(v, o->title);
		for (size_t a = 0; a < o->aliases.n && best < 1000; a++) {
			int s = cr_strcasecmp(buf, o->aliases.v[a]) == 0 ? 1000 : variants_score(v, o->aliases.v[a]) + 1;
			if (s > best)
				best = s;
		}
		/* a code prefix such as "43-90" lists the codes under it */
		if (best < 40 && strlen(buf) >= 2 && isdigit((unsigned char)buf[0]) && cr_str_has_prefix(o->code, buf))
			best = 40;
		if (best < 30)
			continue;
		/* insert in order, keeping the best `max` */
		size_t pos = n;
		while (pos > 0 && out[pos - 1].score < best)
			pos--;
		if (pos >= max)
			continue;
		size_t move = (n < max ? n : max - 1) - pos;
		memmove(&out[pos + 1], &out[pos], move * sizeof *out);
		out[pos] = (cr_occ_match){o, best};
		if (n < max)
			n++;
	}
	free(v);
	return n;
}
