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
 *
 * Bounded per query, since batch runs one per row and a cell can hold any
 * text: only the first MAX_WORDS words of the first QUERY_BYTES bytes are
 * read, each cut at WORD_BYTES. Each title or alias is split into words once
 * per query (not once per variant of it), and a query word is scored against
 * a title's word once (memo), so the joined variants cost almost nothing:
 * before, a ten-word unknown title cost about 3 ms a word (issue 12, D13).
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "answers.h"
#include "util.h"

#define MAX_WORDS CR_OCC_MAX_WORDS /* of a query: more is refused by the face, not read here */
#define QUERY_BYTES 256            /* of a query: the rest is not read */
#define PHRASE_WORDS 32            /* of a title or alias: the longest titles have 16 */
#define WORD_BYTES 32

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
		if (spellings[i].uk[0] != w[0])
			continue; /* every title's every word comes here, once per query */
		size_t n = strlen(spellings[i].uk);
		if (strncmp(w, spellings[i].uk, n) != 0 || (spellings[i].whole && w[n]))
			continue;
		size_t m = strlen(spellings[i].us);
		memcpy(w, spellings[i].us, m);
		memmove(w + m, w + n, strlen(w + n) + 1);
		return;
	}
}

/* Splits s into at most max lowercase, americanised words; *more is set when words were left over. */
static size_t split_words(const char *s, char words[][WORD_BYTES], size_t max, bool *more)
{
	size_t n = 0;
	if (more)
		*more = false;
	while (*s) {
		while (*s && !isalnum((unsigned char)*s))
			s++;
		if (*s && n == max) {
			if (more)
				*more = true;
			break;
		}
		size_t len = 0;
		while (*s && (isalnum((unsigned char)*s) || *s == '-')) {
			if (len < WORD_BYTES - 1)
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

/*
 * A stopword or a single character: it carries no meaning of its own, so it
 * matches only a whole word and never by prefix or typo ("a" is not the
 * start of "analysts", "the" is not a typo of "tile").
 */
static bool is_minor(const char *w)
{
	return !w[1] || is_stopword(w);
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

/*
 * Score of one query word against one candidate word: 100 the same word,
 * 80 or 70 one a prefix of the other (STRONG and above), below that a typo.
 */
#define STRONG 70
static int word_score(const char *q, const char *w)
{
	if (strcmp(q, w) == 0)
		return 100;
	if (is_minor(q))
		return 0;
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

/* How a query matched a title or alias. */
typedef struct phrase_match {
	int score;  /* 0: no match */
	bool typo;  /* some query word matched only within an edit distance */
	bool fuzzy; /* every query word did: the weakest kind of match */
} phrase_match;

/*
 * Score of a query phrase against a title or alias; word `joined` (or -1) was
 * made by joining two typed words and must match a whole word, give or take a
 * plural, so that "theatre zzz" does not find "theatre" through "theatrezzz".
 */
/* What a query word is, found once per query: a stopword, a minor word (is_minor). */
enum { KIND_STOP = 1, KIND_MINOR = 2 };

/* A phrase's words, split once, and each query word's best score against them, found once. */
typedef struct phrase_words {
	char w[PHRASE_WORDS][WORD_BYTES];
	size_t n;
	int best[MAX_WORDS]; /* per word of the query as typed: its best word_score, or -1 not yet known */
} phrase_words;

static phrase_match phrase_score(char qw[][WORD_BYTES], const long *src, const unsigned char *kind, size_t nq,
				 phrase_words *ph, long joined)
{
	char (*pw)[WORD_BYTES] = ph->w;
	size_t np = ph->n;
	phrase_match none = {0, false, false}, m = {0, false, true};
	int total = 0, counted = 0, major = 0;
	for (size_t i = 0; i < nq; i++) {
		if ((kind[i] & KIND_STOP) && nq > 1)
			continue;
		counted++;
		major += !(kind[i] & KIND_MINOR);
		bool memo = (long)i != joined; /* a joined word is scored by its own rule, and cheaply */
		int best = memo ? ph->best[src[i]] : -1;
		if (best < 0) {
			best = 0;
			for (size_t j = 0; j < np; j++) {
				int s;
				if (!memo) {
					size_t lq = strlen(qw[i]), lw = strlen(pw[j]);
					s = strcmp(qw[i], pw[j]) == 0 ? 100 : lw > lq && lw <= lq + 2 && strncmp(qw[i], pw[j], lq) == 0 ? 80 : 0;
				} else {
					s = word_score(qw[i], pw[j]);
				}
				if (s > best)
					best = s;
			}
			if (memo)
				ph->best[src[i]] = best;
		}
		if (!best)
			return none; /* every query word must match something */
		if (best < STRONG)
			m.typo = true;
		else
			m.fuzzy = false;
		total += best;
	}
	if (!major)
		return none; /* "a", "the", "a b": nothing to go on */
	/* shorter titles that match fully rank above long ones that match partly */
	m.score = total / counted - (int)(np > nq ? (np - nq) * 2 : 0);
	if (m.score <= 0)
		return none;
	return m;
}

/*
 * The query's words as typed, and with each pair of neighbours written as one
 * word ("book keeper" -> "bookkeeper"): up to MAX_WORDS variants.
 */
typedef struct variants {
	char w[MAX_WORDS][MAX_WORDS][WORD_BYTES];
	long src[MAX_WORDS][MAX_WORDS]; /* each word's index in the query as typed (the joined word's: unused) */
	unsigned char kind[MAX_WORDS][MAX_WORDS]; /* KIND_* of each word, found once */
	size_t nw[MAX_WORDS];
	long joined[MAX_WORDS]; /* index of the joined word in each variant; -1 in the first */
	size_t n;
} variants;

static void make_variants(char qw[][WORD_BYTES], size_t nq, variants *v)
{
	/* a word typed twice is scored once: its first place stands for it */
	long first[MAX_WORDS];
	for (size_t j = 0; j < nq; j++) {
		first[j] = (long)j;
		for (size_t k = 0; k < j && first[j] == (long)j; k++)
			if (strcmp(qw[k], qw[j]) == 0)
				first[j] = (long)k;
	}
	memcpy(v->w[0], qw, sizeof v->w[0]);
	for (size_t j = 0; j < nq; j++)
		v->src[0][j] = first[j];
	v->nw[0] = nq;
	v->joined[0] = -1;
	v->n = 1;
	for (size_t i = 0; i + 1 < nq; i++) {
		/* "a b" is not "ab", the start of "able seaman" */
		if (strlen(qw[i]) + strlen(qw[i + 1]) >= WORD_BYTES || is_minor(qw[i]) || is_minor(qw[i + 1]))
			continue;
		/* the score does not depend on word order: joining a pair already joined gives the same */
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = first[k] == first[i] && first[k + 1] == first[i + 1];
		if (seen)
			continue;
		size_t k = 0;
		for (size_t j = 0; j < nq; j++) {
			if (j == i + 1)
				continue;
			v->src[v->n][k] = first[j];
			snprintf(v->w[v->n][k++], WORD_BYTES, "%s%s", qw[j], j == i ? qw[i + 1] : "");
		}
		v->joined[v->n] = (long)i;
		v->nw[v->n++] = k;
	}
	for (size_t i = 0; i < v->n; i++)
		for (size_t j = 0; j < v->nw[i]; j++)
			v->kind[i][j] = (unsigned char)((is_stopword(v->w[i][j]) ? KIND_STOP : 0) |
							(is_minor(v->w[i][j]) ? KIND_MINOR : 0));
}

static phrase_match variants_score(variants *v, const char *phrase, phrase_words *ph)
{
	phrase_match best = {0, false, false};
	ph->n = split_words(phrase, ph->w, PHRASE_WORDS, NULL);
	for (size_t i = 0; i < MAX_WORDS; i++)
		ph->best[i] = -1;
	for (size_t i = 0; i < v->n; i++) {
		phrase_match m = phrase_score(v->w[i], v->src[i], v->kind[i], v->nw[i], ph, v->joined[i]);
		if (m.score > best.score)
			best = m;
	}
	return best;
}

size_t cr_occ_query_words(const char *query)
{
	char w[MAX_WORDS + 1][WORD_BYTES];
	bool more;
	size_t n = split_words(query, w, MAX_WORDS + 1, &more);
	return more ? n + 1 : n; /* "more than MAX_WORDS" is all a caller needs */
}

/* Best first; among equals, catalogue order. */
static int by_score(const void *a, const void *b)
{
	const cr_occ_match *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return x->occ < y->occ ? -1 : x->occ > y->occ;
}

/*
 * A typo match this far below the best match without typos is dropped:
 * "nurse" finds Registered Nurses, so "horse" (Animal Trainers) is noise.
 */
#define TYPO_GAP 20

size_t cr_occ_search_total(const cr_kb *kb, const char *query, cr_occ_match *out, size_t max, size_t *total)
{
	char qw[MAX_WORDS][WORD_BYTES];
	char buf[QUERY_BYTES];
	snprintf(buf, sizeof buf, "%s", query);
	cr_str_trim(buf);
	size_t nq = split_words(buf, qw, MAX_WORDS, NULL);
	if (total)
		*total = 0;
	if (!nq || !max)
		return 0;
	variants *v = cr_xmalloc(sizeof *v);
	make_variants(qw, nq, v);
	phrase_words *ph = cr_xmalloc(sizeof *ph);
	cr_occ_match *all = cr_xmalloc((kb->noccupations + 1) * sizeof *all);
	bool *typo = cr_xmalloc((kb->noccupations + 1) * sizeof *typo);
	size_t n = 0;
	int best_clean = 0; /* the best score of a match with no typo */
	for (size_t i = 0; i < kb->noccupations; i++) {
		const cr_occupation *o = &kb->occupations[i];
		cr_occ_match m = {o, 0, NULL, false};
		phrase_match pm = {0, false, false};
		if (strcmp(buf, o->code) == 0 || cr_strcasecmp(buf, o->title) == 0)
			m.score = 1000;
		else
			pm = variants_score(v, o->title, ph), m.score = pm.score;
		int title_score = m.score;
		for (size_t a = 0; a < o->aliases.n && m.score < 1000; a++) {
			phrase_match am = {1000, false, false};
			if (cr_strcasecmp(buf, o->aliases.v[a]) != 0) {
				am = variants_score(v, o->aliases.v[a], ph);
				if (am.score)
					am.score++; /* an alias is what people type: it wins a tie */
			}
			if (am.score > m.score) {
				pm = am;
				m.score = am.score;
				m.alias = o->aliases.v[a];
			}
		}
		/* name the alias only when it, not the title, is what matched */
		if (m.alias && m.score < 1000 && m.score - 1 <= title_score)
			m.alias = NULL;
		m.weak = m.score < 1000 && pm.fuzzy;
		/* a code prefix such as "43-90" lists the codes under it */
		if (m.score < 40 && strlen(buf) >= 2 && isdigit((unsigned char)buf[0]) && cr_str_has_prefix(o->code, buf)) {
			m = (cr_occ_match){o, 40, NULL, false};
			pm.typo = false;
		}
		if (m.score < 30)
			continue;
		if (!pm.typo && m.score > best_clean)
			best_clean = m.score;
		typo[n] = pm.typo;
		all[n++] = m;
	}
	size_t kept = 0;
	for (size_t i = 0; i < n; i++)
		if (!typo[i] || all[i].score >= best_clean - TYPO_GAP)
			all[kept++] = all[i];
	qsort(all, kept, sizeof *all, by_score);
	size_t shown = kept < max ? kept : max;
	memcpy(out, all, shown * sizeof *out);
	if (total)
		*total = kept;
	free(typo);
	free(all);
	free(ph);
	free(v);
	return shown;
}

size_t cr_occ_search(const cr_kb *kb, const char *query, cr_occ_match *out, size_t max)
{
	return cr_occ_search_total(kb, query, out, max, NULL);
}
