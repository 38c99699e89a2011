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
#include "arena.h"
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
 * Sorted by first letter (americanise finds a word's few by it); where one
 * stem begins another, the longer comes first, and that order is kept.
 */
static const struct { const char *uk, *us; bool whole; } spellings[] = {
	{"aeroplane", "airplane", false}, {"aluminium", "aluminum", false}, {"anaesth", "anesth", false},
	{"behaviour", "behavior", false}, {"catalogue", "catalog", false}, {"centre", "center", false},
	{"cheque", "check", false}, {"colour", "color", false}, {"counsell", "counsel", false},
	{"defence", "defense", false}, {"draught", "draft", false}, {"gynaec", "gynec", false},
	{"haem", "hem", false}, {"harbour", "harbor", false}, {"jewellery", "jewelry", false},
	{"jeweller", "jeweler", false}, {"labour", "labor", false}, {"licence", "license", false},
	{"manoeuvr", "maneuver", false}, {"metre", "meter", true}, {"metres", "meters", true},
	{"mould", "mold", false}, {"modell", "model", false}, {"neighbour", "neighbor", false}, {"oesoph", "esoph", false},
	{"organis", "organiz", false}, {"orthopaed", "orthoped", false}, {"paed", "ped", false},
	{"plough", "plow", false}, {"practise", "practice", false}, {"programme", "program", true},
	{"programmes", "programs", true}, {"theatre", "theater", false}, {"travell", "travel", false},
	{"tyre", "tire", false},
};

/*
 * Every word of every title and alias a word-by-word scan reads comes here,
 * once per query: the entries that share its first letter are found by a
 * binary search (a walk of the whole table was a third of the scan), and each
 * is compared only as far as it matches, which is mostly its second byte.
 */
static void americanise(char *w)
{
	size_t lo = 0, hi = CR_ARRAY_LEN(spellings);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if ((unsigned char)spellings[mid].uk[0] < (unsigned char)w[0])
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < CR_ARRAY_LEN(spellings) && spellings[i].uk[0] == w[0]; i++) {
		const char *uk = spellings[i].uk;
		size_t n = 1;
		while (uk[n] && uk[n] == w[n])
			n++;
		if (uk[n] || (spellings[i].whole && w[n]))
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
static int word_score(const char *q, bool q_minor, const char *w)
{
	if (strcmp(q, w) == 0)
		return 100;
	if (q_minor) /* is_minor(q), found once per query (variants' kind): it was a stopword scan per pair of words */
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
					s = word_score(qw[i], kind[i] & KIND_MINOR, pw[j]);
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

/*
 * A first test that turns titles and aliases away before they are split
 * into words (split_words and americanise were most of a word-by-word scan's
 * cost, some 1,600 instructions a title; an unknown three-word title passes
 * a little over half of them): from the characters a phrase holds
 * anywhere, whether some variant of the query could score on it at all. For
 * each query word it keeps what word_score needs of a phrase's word, as
 * character sets (char_set): every character of it for a whole word or a
 * prefix (`need`); all but `allow` of them for a typo within the word's cap
 * (may_be_within counts the same characters); or its first four for a phrase
 * word that is a prefix of it (`pre4`; all ones when that cannot apply). A
 * phrase's words are a subset of its characters, lowercased, plus those
 * americanise may bring in (`added`), so a phrase this turns away is one
 * phrase_score gives no score: the results are the same.
 */
typedef struct word_need {
	uint64_t need, pre4;
	int allow;
} word_need;

typedef struct prefilter {
	word_need w[MAX_WORDS][MAX_WORDS]; /* per variant, its words that phrase_score counts */
	size_t nw[MAX_WORDS];
	size_t n;
	uint64_t added; /* the characters americanise writes that its British stem lacks */
} prefilter;

#define CHAR_OTHER ((uint64_t)1 << 36) /* char_set's bit for anything not a-z or 0-9: it proves nothing */

static void make_prefilter(const variants *v, prefilter *f)
{
	f->added = 0;
	for (size_t i = 0; i < CR_ARRAY_LEN(spellings); i++)
		f->added |= char_set(spellings[i].us) & ~char_set(spellings[i].uk);
	f->n = v->n;
	for (size_t i = 0; i < v->n; i++) {
		size_t k = 0, nq = v->nw[i];
		for (size_t j = 0; j < nq; j++) {
			if ((v->kind[i][j] & KIND_STOP) && nq > 1)
				continue; /* phrase_score does not count it */
			const char *q = v->w[i][j];
			size_t lq = strlen(q);
			bool typos = (long)j != v->joined[i] && !(v->kind[i][j] & KIND_MINOR);
			word_need *w = &f->w[i][k++];
			w->need = char_set(q) & ~CHAR_OTHER;
			/* word_score's cap for a typo, and its "a title word of four or more is a prefix of it" */
			w->allow = !typos ? 0 : lq >= 8 ? 3 : lq >= 5 ? 2 : lq >= 4 ? 1 : 0;
			w->pre4 = ~(uint64_t)0;
			if (typos && lq > 4) {
				char pre[5];
				memcpy(pre, q, 4);
				pre[4] = '\0';
				w->pre4 = char_set(pre) & ~CHAR_OTHER;
			}
		}
		f->nw[i] = k;
	}
}

/* The characters of a phrase as char_set gives them, lowercased, with the prefilter's `added`. */
static uint64_t phrase_chars(const char *s, uint64_t added)
{
	uint64_t m = added;
	for (; *s; s++) {
		unsigned c = (unsigned char)*s, l = (c | 0x20) - 'a', d = c - '0';
		m |= (uint64_t)1 << (l < 26 ? l : d < 10 ? 26 + d : 36);
	}
	return m;
}

/* Whether some variant of the query may score on a phrase of characters `have` (false: it scores 0). */
static bool may_match(const prefilter *f, uint64_t have)
{
	for (size_t i = 0; i < f->n; i++) {
		size_t j = 0;
		for (; j < f->nw[i]; j++) {
			const word_need *w = &f->w[i][j];
			if (cr_popcount64(w->need & ~have) > w->allow && (w->pre4 & ~have))
				break;
		}
		if (j == f->nw[i])
			return true;
	}
	return false;
}

/* variants_score, after the prefilter's test: a phrase it turns away scores 0. */
static phrase_match filtered_score(variants *v, const prefilter *f, const char *phrase, phrase_words *ph)
{
	if (!may_match(f, phrase_chars(phrase, f->added)))
		return (phrase_match){0, false, false};
	return variants_score(v, phrase, ph);
}

size_t cr_occ_query_words(const char *query)
{
	char w[MAX_WORDS + 1][WORD_BYTES];
	bool more;
	size_t n = split_words(query, w, MAX_WORDS + 1, &more);
	return more ? n + 1 : n; /* "more than MAX_WORDS" is all a caller needs */
}

/* Confidence of each kind of match (answers.h says how they combine). */
#define CONF_ALIAS CR_OCC_CONF_ALIAS
#define CONF_NORMALISED 0.9
#define CONF_NORMALISED_SHARED 0.5 /* the normalised title names several occupations */
#define CONF_FUZZY 0.8
#define CONF_TYPO 0.55
#define CONF_WEAK 0.35
#define CONF_AMBIGUOUS 0.7 /* so an ambiguous fuzzy match (at most 0.8 x 0.7) stays below the default 0.6 */
#define CONF_LEFT_OUT 0.7          /* a word of the title matched nothing and was left out */
#define AMBIGUOUS_GAP 5

const char *const cr_match_method_ids[5] = {"exact", "alias", "normalised", "fuzzy", "crosswalk"};

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

/*
 * The word-by-word search of one query: every occupation that matches, best
 * first, in *out (caller frees), each with its method and confidence.
 */
static size_t fuzzy_all(const cr_kb *kb, const char *query, cr_occ_match **outp)
{
	char qw[MAX_WORDS][WORD_BYTES];
	char buf[QUERY_BYTES];
	snprintf(buf, sizeof buf, "%s", query);
	cr_str_trim(buf);
	size_t nq = split_words(buf, qw, MAX_WORDS, NULL);
	*outp = NULL;
	if (!nq)
		return 0;
	variants *v = cr_xmalloc(sizeof *v);
	make_variants(qw, nq, v);
	prefilter *pf = cr_xmalloc(sizeof *pf);
	make_prefilter(v, pf);
	phrase_words *ph = cr_xmalloc(sizeof *ph);
	cr_occ_match *all = cr_xmalloc((kb->noccupations + 1) * sizeof *all);
	bool *typo = cr_xmalloc((kb->noccupations + 1) * sizeof *typo);
	size_t n = 0;
	int best_clean = 0; /* the best score of a match with no typo */
	for (size_t i = 0; i < kb->noccupations; i++) {
		const cr_occupation *o = &kb->occupations[i];
		cr_occ_match m = {o, 0, NULL, false, CR_MATCH_FUZZY, 0};
		phrase_match pm = {0, false, false};
		if (strcmp(buf, o->code) == 0 || cr_strcasecmp(buf, o->title) == 0)
			m.score = 1000;
		else
			pm = filtered_score(v, pf, o->title, ph), m.score = pm.score;
		int title_score = m.score;
		for (size_t a = 0; a < o->aliases.n && m.score < 1000; a++) {
			phrase_match am = {1000, false, false};
			if (cr_strcasecmp(buf, o->aliases.v[a]) != 0) {
				am = filtered_score(v, pf, o->aliases.v[a], ph);
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
			m = (cr_occ_match){o, 40, NULL, false, CR_MATCH_FUZZY, 0};
			pm.typo = false;
		}
		if (m.score < 30)
			continue;
		if (!pm.typo && m.score > best_clean)
			best_clean = m.score;
		typo[n] = pm.typo;
		if (m.score >= 1000) {
			m.method = m.alias ? CR_MATCH_ALIAS : CR_MATCH_EXACT;
			m.confidence = m.alias ? CONF_ALIAS : 1.0;
		} else {
			double sc = (m.score > 100 ? 100 : m.score) / 100.0;
			m.confidence = (m.weak ? CONF_WEAK : pm.typo ? CONF_TYPO : CONF_FUZZY) * sc;
		}
		all[n++] = m;
	}
	size_t kept = 0;
	for (size_t i = 0; i < n; i++)
		if (!typo[i] || all[i].score >= best_clean - TYPO_GAP)
			all[kept++] = all[i];
	qsort(all, kept, sizeof *all, by_score);
	free(typo);
	free(ph);
	free(pf);
	free(v);
	*outp = all;
	return kept;
}

/* ---- normalising job titles (knowledge/titles.yaml) ---------------------- */

#define NORM_TOKENS 24 /* words of a title read; the rest is not */
#define NORM_VARIANTS 4

typedef struct ntok {
	char w[WORD_BYTES];
	bool slash; /* written after a '/': the first of an alternative ("Janitor/Custodian") */
} ntok;

/* Plural to singular, the same way on both sides: "secretaries" -> "secretary", "analysts" -> "analyst". */
static void singular(char *w)
{
	size_t n = strlen(w);
	if (n > 4 && strcmp(w + n - 3, "ies") == 0) {
		strcpy(w + n - 3, "y");
	} else if (n > 4 && (strcmp(w + n - 4, "ches") == 0 || strcmp(w + n - 4, "shes") == 0 ||
			     strcmp(w + n - 4, "sses") == 0 || strcmp(w + n - 3, "xes") == 0)) {
		w[n - 2] = '\0';
	} else if (n > 3 && w[n - 1] == 's' && w[n - 2] != 's' && w[n - 2] != 'u' && w[n - 2] != 'i') {
		w[n - 1] = '\0';
	}
}

/*
 * Words of s: letters and digits, lower case, americanised, singular. A dot or
 * an apostrophe joins ("Sr." is "sr", "teacher's" is "teachers"); '&' is
 * "and"; a '/' marks the next word as an alternative; anything else separates.
 */
static size_t tokenise(const char *s, ntok *t, size_t max)
{
	size_t n = 0;
	bool slash = false;
	while (*s && n < max) {
		unsigned char c = (unsigned char)*s;
		if (c == '&') {
			snprintf(t[n].w, WORD_BYTES, "and");
			t[n++].slash = slash;
			slash = false;
			s++;
			continue;
		}
		if (!isalnum(c)) {
			slash |= c == '/';
			s++;
			continue;
		}
		size_t len = 0;
		while (*s && (isalnum((unsigned char)*s) || *s == '.' || *s == '\'')) {
			if (isalnum((unsigned char)*s) && len < WORD_BYTES - 1)
				t[n].w[len++] = (char)tolower((unsigned char)*s);
			s++;
		}
		t[n].w[len] = '\0';
		americanise(t[n].w);
		singular(t[n].w);
		t[n++].slash = slash;
		slash = false;
	}
	return n;
}

/* Whether the words of a title rule stand at t[i]; *len is how many. */
static bool phrase_at(const cr_title_rule *tr, const ntok *t, size_t i, size_t n, size_t *len)
{
	const char *p = tr->words;
	if (!p || p[0] != t[i].w[0])
		return false; /* most rules are told apart by their first letter: each title word meets them all */
	size_t k = 0;
	while (*p) {
		if (i + k >= n)
			return false;
		size_t l = strlen(t[i + k].w);
		if (strncmp(p, t[i + k].w, l) != 0 || (p[l] != ' ' && p[l] != '\0'))
			return false;
		p += l + (p[l] == ' ');
		k++;
	}
	*len = k;
	return k > 0;
}

/* The copy of a query that is read: brackets removed, cut at the first " - ", comma, ';', '|' or " to ". */
static void cut_query(const char *in, char *out, size_t cap)
{
	size_t o = 0;
	int depth = 0;
	for (const char *p = in; *p && o + 1 < cap; p++) {
		if (*p == '(' || *p == '[') {
			depth++;
			continue;
		}
		if ((*p == ')' || *p == ']') && depth) {
			depth--;
			out[o++] = ' ';
			continue;
		}
		if (depth)
			continue;
		bool dash = (p[0] == ' ' && (p[1] == '-' || p[1] == '|') && p[2] == ' ') ||
			    (p[0] == ' ' && (unsigned char)p[1] == 0xe2 && (unsigned char)p[2] == 0x80 &&
			     ((unsigned char)p[3] == 0x93 || (unsigned char)p[3] == 0x94)); /* en and em dash */
		bool to = p[0] == ' ' && (p[1] == 't' || p[1] == 'T') && (p[2] == 'o' || p[2] == 'O') && p[3] == ' ';
		if (*p == ',' || *p == ';' || dash || to) {
			/* only when something stands before: "- ICU" alone is read whole */
			bool any = false;
			for (size_t k = 0; k < o; k++)
				any |= isalnum((unsigned char)out[k]) != 0;
			if (any)
				break;
		}
		out[o++] = *p;
	}
	out[o] = '\0';
}

/*
 * The normalised variants of a title, each its words joined by spaces: the
 * whole title, and for "A/B C" also "A C", "B C" and "A" (several variants
 * only for a query). Word number `skip` (after levels and qualifiers are
 * removed; -1: none) is left out. Returns how many variants.
 */
static size_t normalise(const cr_kb *kb, const char *title, bool query, long skip, char out[][QUERY_BYTES])
{
	char buf[QUERY_BYTES];
	if (query)
		cut_query(title, buf, sizeof buf);
	else
		snprintf(buf, sizeof buf, "%s", title);
	ntok t[NORM_TOKENS], k[NORM_TOKENS];
	size_t n = tokenise(buf, t, NORM_TOKENS), nk = 0;
	/* qualifiers and levels go, unless nothing else would be left */
	for (size_t i = 0; i < n;) {
		size_t len = 0;
		bool drop = false;
		for (size_t r = 0; r < kb->ntitle_rules && !drop; r++) {
			const cr_title_rule *tr = &kb->title_rules[r];
			if (tr->kind == CR_TITLE_QUALIFIER || tr->kind == CR_TITLE_LEVEL)
				drop = phrase_at(tr, t, i, n, &len);
		}
		if (drop) {
			if (i + len < n && t[i].slash)
				t[i + len].slash = true;
			i += len;
			continue;
		}
		k[nk++] = t[i++];
	}
	if (!nk) {
		memcpy(k, t, n * sizeof *t);
		nk = n;
	}
	if (skip >= 0) {
		if ((size_t)skip >= nk || nk < 2)
			return 0;
		memmove(&k[skip], &k[skip + 1], (nk - (size_t)skip - 1) * sizeof *k);
		nk--;
	}
	/* abbreviations written out */
	ntok e[NORM_TOKENS];
	size_t ne = 0;
	for (size_t i = 0; i < nk && ne < NORM_TOKENS; i++) {
		const cr_title_rule *hit = NULL;
		for (size_t r = 0; r < kb->ntitle_rules && !hit; r++) {
			const cr_title_rule *tr = &kb->title_rules[r];
			size_t len;
			if (tr->kind == CR_TITLE_ABBREV && phrase_at(tr, k, i, i + 1, &len))
				hit = tr;
		}
		if (!hit) {
			e[ne++] = k[i];
			continue;
		}
		const char *means = hit->at_end && i + 1 == nk ? hit->at_end : hit->means;
		size_t m = tokenise(means, &e[ne], NORM_TOKENS - ne);
		if (m)
			e[ne].slash = k[i].slash;
		ne += m;
	}
	/* the variants: whole; and around the first '/' */
	size_t slash = 0;
	for (size_t i = 1; i < ne && !slash; i++)
		if (e[i].slash && query)
			slash = i;
	size_t nv = slash ? NORM_VARIANTS : 1;
	for (size_t v = 0; v < nv; v++) {
		size_t o = 0;
		out[v][0] = '\0';
		for (size_t i = 0; i < ne; i++) {
			bool keep = v == 0 ||
				    (v == 1 && (i < slash || i > slash)) || /* "A/B C" -> "A C" */
				    (v == 2 && i >= slash) ||                /* "B C" */
				    (v == 3 && i < slash);                   /* "A" */
			if (!keep)
				continue;
			o += (size_t)snprintf(out[v] + o, QUERY_BYTES - o, "%s%s", o ? " " : "", e[i].w);
			if (o >= QUERY_BYTES)
				o = QUERY_BYTES - 1;
		}
	}
	return nv;
}

char *cr_title_normalise(const cr_kb *kb, const char *title)
{
	char v[NORM_VARIANTS][QUERY_BYTES];
	size_t n = normalise(kb, title, true, -1, v);
	return cr_xstrdup(n ? v[0] : "");
}

static int key_cmp(const void *a, const void *b)
{
	const cr_title_key *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : (x->occ > y->occ) - (x->occ < y->occ);
}

void cr_title_index(cr_kb *kb)
{
	/* each rule's words once, so that normalising compares words, not text */
	for (size_t r = 0; r < kb->ntitle_rules; r++) {
		ntok t[NORM_TOKENS];
		char w[QUERY_BYTES];
		size_t n = tokenise(kb->title_rules[r].text, t, NORM_TOKENS), o = 0;
		w[0] = '\0';
		for (size_t i = 0; i < n && o < sizeof w; i++)
			o += (size_t)snprintf(w + o, sizeof w - o, "%s%s", i ? " " : "", t[i].w);
		kb->title_rules[r].words = cr_arena_strdup(&kb->arena, w);
	}
	size_t cap = kb->ntitle_rules;
	for (size_t i = 0; i < kb->noccupations; i++)
		cap += 1 + kb->occupations[i].aliases.n;
	cr_title_key *k = cr_arena_alloc(&kb->arena, (cap + 1) * sizeof *k);
	size_t n = 0;
	char v[NORM_VARIANTS][QUERY_BYTES];
	for (size_t i = 0; i < kb->noccupations; i++) {
		const cr_occupation *o = &kb->occupations[i];
		for (size_t a = 0; a <= o->aliases.n; a++)
			if (normalise(kb, a ? o->aliases.v[a - 1] : o->title, false, -1, v) && v[0][0])
				k[n++] = (cr_title_key){cr_arena_strdup(&kb->arena, v[0]), o};
	}
	for (size_t r = 0; r < kb->ntitle_rules; r++)
		if (kb->title_rules[r].kind == CR_TITLE_ALIAS && normalise(kb, kb->title_rules[r].text, false, -1, v) && v[0][0])
			k[n++] = (cr_title_key){cr_arena_strdup(&kb->arena, v[0]), kb->title_rules[r].occ};
	qsort(k, n, sizeof *k, key_cmp);
	size_t u = 0;
	for (size_t i = 0; i < n; i++)
		if (!u || strcmp(k[u - 1].key, k[i].key) != 0 || k[u - 1].occ != k[i].occ)
			k[u++] = k[i];
	kb->title_keys = k;
	kb->ntitle_keys = u;
}

/* The occupations whose normalised title or alias is `key`, added to m (at most max, no repeats). */
static size_t index_find(const cr_kb *kb, const char *key, cr_occ_match *m, size_t n, size_t max)
{
	size_t lo = 0, hi = kb->ntitle_keys;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(kb->title_keys[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < kb->ntitle_keys && strcmp(kb->title_keys[lo].key, key) == 0 && n < max; lo++) {
		bool seen = false;
		for (size_t i = 0; i < n && !seen; i++)
			seen = m[i].occ == kb->title_keys[lo].occ;
		if (!seen)
			m[n++] = (cr_occ_match){kb->title_keys[lo].occ, CR_OCC_SCORE_NORMALISED, NULL, false, CR_MATCH_NORMALISED,
						CONF_NORMALISED};
	}
	return n;
}

/* Adds the matches of b into a (by occupation, the better kept); a has room for every occupation. */
static size_t merge(cr_occ_match *a, size_t na, const cr_occ_match *b, size_t nb, double factor)
{
	for (size_t j = 0; j < nb; j++) {
		cr_occ_match m = b[j];
		m.confidence *= factor;
		size_t i = 0;
		while (i < na && a[i].occ != m.occ)
			i++;
		if (i == na)
			a[na++] = m;
		else if (m.score > a[i].score || (m.score == a[i].score && m.confidence > a[i].confidence))
			a[i] = m;
	}
	return na;
}

/* Best first: by score, then confidence, then catalogue order. */
static int by_rank(const void *a, const void *b)
{
	const cr_occ_match *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	if (x->confidence != y->confidence)
		return x->confidence < y->confidence ? 1 : -1;
	return x->occ < y->occ ? -1 : x->occ > y->occ;
}

/* Whether buf names an occupation exactly as typed: its code, title or a catalogue alias, in any case. */
static bool exact_any(const cr_kb *kb, const char *buf)
{
	if (cr_kb_occupation(kb, buf))
		return true;
	for (size_t i = 0; i < kb->noccupations; i++) {
		const cr_occupation *o = &kb->occupations[i];
		if (cr_strcasecmp(buf, o->title) == 0)
			return true;
		for (size_t a = 0; a < o->aliases.n; a++)
			if (cr_strcasecmp(buf, o->aliases.v[a]) == 0)
				return true;
	}
	return false;
}

/* Adds the word-by-word matches of q to all (n of them); returns the new count. */
static size_t add_fuzzy(const cr_kb *kb, const char *q, cr_occ_match *all, size_t n, double factor)
{
	cr_occ_match *m;
	size_t k = fuzzy_all(kb, q, &m);
	n = merge(all, n, m, k, factor);
	free(m);
	return n;
}

/*
 * The matcher. In order, the first that finds anything wins:
 * 1. the query as typed, exactly: code, title, catalogue alias, titles.yaml alias
 *    (with the word-by-word matches after it, as `occupation search` lists them);
 * 2. the query normalised (each variant), equal to a normalised title or alias;
 * 3. word by word: each normalised variant, else the query as typed;
 * 4. step 2 with one word of the title left out (each in turn), confidence lowered.
 * Each step costs a scan of the catalogue at most, so an unknown title costs
 * about what it did before normalising (a few word-by-word scans, no more).
 */
size_t cr_occ_search_total(const cr_kb *kb, const char *query, cr_occ_match *out, size_t max, size_t *total)
{
	if (total)
		*total = 0;
	if (!max)
		return 0;
	char buf[QUERY_BYTES];
	snprintf(buf, sizeof buf, "%s", query);
	cr_str_trim(buf);
	cr_occ_match *all = cr_xmalloc((kb->noccupations + 1) * sizeof *all);
	size_t n = 0;
	if (exact_any(kb, buf)) {
		n = add_fuzzy(kb, buf, all, 0, 1.0);
		goto done;
	}
	for (size_t r = 0; r < kb->ntitle_rules; r++) {
		const cr_title_rule *tr = &kb->title_rules[r];
		if (tr->kind == CR_TITLE_ALIAS && cr_strcasecmp(buf, tr->text) == 0) {
			all[0] = (cr_occ_match){tr->occ, 1000, tr->text, false, CR_MATCH_ALIAS, CONF_ALIAS};
			n = add_fuzzy(kb, buf, all, 1, 1.0);
			goto done;
		}
	}
	char v[NORM_VARIANTS][QUERY_BYTES];
	size_t nv = normalise(kb, buf, true, -1, v), found = 0;
	for (size_t i = 0; i < nv && !found; i++)
		if (v[i][0])
			found = index_find(kb, v[i], all, 0, kb->noccupations);
	if (found) {
		for (size_t i = 0; found > 1 && i < found; i++)
			all[i].confidence = CONF_NORMALISED_SHARED;
		/* the runners-up, for a list to choose from: below the normalised matches, never instead of one */
		cr_occ_match *m;
		size_t k = fuzzy_all(kb, v[0], &m);
		n = found;
		for (size_t j = 0; j < k; j++) {
			bool seen = false;
			for (size_t i = 0; i < found && !seen; i++)
				seen = all[i].occ == m[j].occ;
			if (seen)
				continue;
			all[n] = m[j];
			if (all[n].score >= CR_OCC_SCORE_NORMALISED)
				all[n].score = CR_OCC_SCORE_NORMALISED - 1;
			n++;
		}
		free(m);
		goto done;
	}
	for (size_t i = 0; i < nv; i++)
		if (v[i][0])
			n = add_fuzzy(kb, v[i], all, n, 1.0);
	/* a code prefix ("43-90") or a query normalising loses is read as typed */
	if (!n || isdigit((unsigned char)buf[0]))
		n = add_fuzzy(kb, buf, all, n, 1.0);
	for (long skip = 0; !n && skip < NORM_TOKENS; skip++) {
		char w[NORM_VARIANTS][QUERY_BYTES];
		if (!normalise(kb, buf, true, skip, w))
			break; /* no word left to leave out */
		cr_occ_match tmp[8];
		size_t f = w[0][0] ? index_find(kb, w[0], tmp, 0, CR_ARRAY_LEN(tmp)) : 0;
		for (size_t j = 0; j < f; j++) {
			tmp[j].method = CR_MATCH_FUZZY;
			tmp[j].score = 150; /* below an exact or normalised match, above any word-by-word score */
			if (f > 1)
				tmp[j].confidence = CONF_NORMALISED_SHARED;
		}
		n = merge(all, n, tmp, f, CONF_LEFT_OUT);
	}
done:
	qsort(all, n, sizeof *all, by_rank);
	/* fuzzy matches as close as AMBIGUOUS_GAP to the first: each is a guess between them */
	if (n > 1 && all[0].method == CR_MATCH_FUZZY && all[1].score >= all[0].score - AMBIGUOUS_GAP)
		for (size_t i = 0; i < n && all[i].score >= all[0].score - AMBIGUOUS_GAP; i++)
			all[i].confidence *= CONF_AMBIGUOUS;
	size_t shown = n < max ? n : max;
	memcpy(out, all, shown * sizeof *out);
	if (total)
		*total = n;
	free(all);
	return shown;
}

size_t cr_occ_search(const cr_kb *kb, const char *query, cr_occ_match *out, size_t max)
{
	return cr_occ_search_total(kb, query, out, max, NULL);
}
