/* answers.c - see answers.h. */
#include "answers.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "util.h"

cr_answers *cr_answers_new(const cr_questionnaire *q)
{
	cr_answers *as = cr_xcalloc(1, sizeof *as);
	as->q = q;
	as->a = cr_xcalloc(q->nquestions, sizeof *as->a);
	return as;
}

static bool owns_text(const cr_question *q, const cr_answer *a)
{
	return q->type == CR_Q_TEXT && a->state == CR_A_GIVEN && a->str;
}

void cr_answers_clear(cr_answers *as, size_t qi)
{
	if (owns_text(&as->q->questions[qi], &as->a[qi]))
		free((char *)as->a[qi].str);
	memset(&as->a[qi], 0, sizeof as->a[qi]);
}

void cr_answers_set(cr_answers *as, size_t qi, const cr_answer *a)
{
	cr_answer copy = *a;
	if (owns_text(&as->q->questions[qi], a))
		copy.str = cr_xstrdup(a->str);
	cr_answers_clear(as, qi);
	as->a[qi] = copy;
}

cr_answers *cr_answers_copy(const cr_answers *as)
{
	cr_answers *c = cr_answers_new(as->q);
	for (size_t i = 0; i < as->q->nquestions; i++)
		cr_answers_set(c, i, &as->a[i]);
	return c;
}

void cr_answers_free(cr_answers *as)
{
	if (!as)
		return;
	for (size_t i = 0; i < as->q->nquestions; i++)
		cr_answers_clear(as, i);
	free(as->a);
	free(as);
}

/* ---- parsing typed text --------------------------------------------------- */

bool cr_answer_number(const char *s, double *out)
{
	char buf[64];
	size_t n = strlen(s);
	if (n == 0 || n >= sizeof buf)
		return false;
	memcpy(buf, s, n + 1);
	cr_str_trim(buf);
	n = strlen(buf);
	if (n && buf[n - 1] == '%')
		buf[--n] = '\0';
	cr_str_trim(buf);
	if (!*buf)
		return false;
	char *end;
	errno = 0;
	double v = strtod(buf, &end);
	if (errno || *end || !isfinite(v))
		return false;
	*out = v;
	return true;
}

/* A choice by id, by label, or by its number in the list (1-based). */
static int find_choice(const cr_question *q, const char *s)
{
	for (size_t i = 0; i < q->nchoices; i++)
		if (cr_strcasecmp(s, q->choices[i].id) == 0)
			return (int)i;
	for (size_t i = 0; i < q->nchoices; i++)
		if (cr_strcasecmp(s, q->choices[i].label) == 0)
			return (int)i;
	double v;
	if (cr_answer_number(s, &v) && v == floor(v) && v >= 1 && v <= (double)q->nchoices)
		return (int)v - 1;
	return -1;
}

static char *choices_hint(const cr_question *q)
{
	cr_sb b = {0};
	cr_sb_add(&b, "answer with a number from the list or one of: ");
	for (size_t i = 0; i < q->nchoices; i++) {
		if (i == 8) {
			cr_sb_add(&b, ", ...");
			break;
		}
		cr_sb_addf(&b, "%s%s", i ? ", " : "", q->choices[i].id);
	}
	return cr_sb_take(&b);
}

enum cr_status cr_answer_split(const cr_question *q, const double *parts, size_t n, cr_answer *out, char **err)
{
	memset(out, 0, sizeof *out);
	*err = NULL;
	double sum = 0;
	if (n > q->nchoices || n > CR_MAX_PARTS) {
		*err = cr_xprintf("there are only %zu parts", q->nchoices);
		return CR_EDATA;
	}
	for (size_t i = 0; i < n; i++) {
		if (!isfinite(parts[i]) || parts[i] < 0 || parts[i] > 100) {
			*err = cr_xprintf("each part is a percentage from 0 to 100 (part %zu is %g)", i + 1, parts[i]);
			return CR_EDATA;
		}
		out->parts[i] = parts[i];
		sum += parts[i];
	}
	if (n != q->nchoices) {
		*err = cr_xprintf("give %zu percentages, one per part (you gave %zu)", q->nchoices, n);
		return CR_EDATA;
	}
	if (fabs(sum - 100) > 0.5) {
		*err = cr_xprintf("the parts must add up to 100; these add up to %g", sum);
		return CR_EDATA;
	}
	out->state = CR_A_GIVEN;
	return CR_OK;
}

static enum cr_status parse_split(const cr_question *q, const char *text, cr_answer *out, char **err)
{
	/* "40 30 10 10 5 5" in the order of the parts (commas, spaces or slashes between) */
	double parts[CR_MAX_PARTS + 1];
	size_t n = 0;
	const char *p = text;
	while (*p) {
		while (*p && (isspace((unsigned char)*p) || *p == ',' || *p == '/' || *p == ';'))
			p++;
		if (!*p)
			break;
		char *end;
		errno = 0;
		double v = strtod(p, &end);
		if (end == p || errno || !isfinite(v)) {
			*err = cr_xprintf("'%.20s' is not a number; give %zu percentages in order, e.g. %s", p, q->nchoices,
					  q->nchoices == 6 ? "40 20 20 10 5 5" : "50 50");
			return CR_EDATA;
		}
		p = end;
		if (*p == '%')
			p++;
		if (n == q->nchoices || n == CR_MAX_PARTS) {
			*err = cr_xprintf("there are only %zu parts", q->nchoices);
			return CR_EDATA;
		}
		if (v < 0 || v > 100) {
			*err = cr_xprintf("each part is a percentage from 0 to 100 (part %zu is %g)", n + 1, v);
			return CR_EDATA;
		}
		parts[n++] = v;
	}
	return cr_answer_split(q, parts, n, out, err);
}

/* A time level: 0-3, or its words ("a little", "a-little", "little"...); -1 when neither. */
static int task_level(const char *s)
{
	static const char *const alt[4] = {"0", "1", "2", "3"};
	static const char *const shortw[4] = {"none", "little", "lot", "most"};
	static const char *const dashed[4] = {"none", "a-little", "a-lot", "most"};
	for (int i = 0; i < 4; i++)
		if (cr_strcasecmp(s, cr_task_time_ids[i]) == 0 || strcmp(s, alt[i]) == 0 || cr_strcasecmp(s, shortw[i]) == 0 ||
		    cr_strcasecmp(s, dashed[i]) == 0)
			return i;
	return -1;
}

/* Adds one task's level to a TASKS answer; *err on an unknown id, a repeat, a bad level or too many. */
static bool add_task(const cr_kb *kb, cr_answer *out, const char *id, const char *level, char **err)
{
	char *end;
	long tid = strtol(id, &end, 10);
	if (!*id || *end || tid <= 0 || !cr_kb_task(kb, tid)) {
		*err = cr_xprintf("'%s' is not the id of a task in the knowledge base", id);
		return false;
	}
	int lv = task_level(level);
	if (lv < 0) {
		*err = cr_xprintf("task %ld: say none, a little, a lot or most (or 0-3), not '%s'", tid, level);
		return false;
	}
	size_t n = (size_t)out->num;
	for (size_t i = 0; i < n; i++)
		if (out->task_ids[i] == tid) {
			*err = cr_xprintf("task %ld is given twice", tid);
			return false;
		}
	if (n >= CR_MAX_PARTS) {
		*err = cr_xprintf("at most %d tasks", CR_MAX_PARTS);
		return false;
	}
	out->task_ids[n] = (int32_t)tid;
	out->parts[n] = lv;
	out->num = (double)(n + 1);
	return true;
}

/* TASKS as text: "ID=LEVEL" pairs separated by spaces or commas ("9230=2, 9231=none"). */
static enum cr_status parse_tasks(const cr_kb *kb, char *buf, cr_answer *out, char **err)
{
	char *save = NULL;
	for (char *tok = strtok_r(buf, " ,;\t", &save); tok; tok = strtok_r(NULL, " ,;\t", &save)) {
		char *eq = strchr(tok, '=');
		if (!eq) {
			*err = cr_xprintf("give one level per listed task, 0 none, 1 a little, 2 a lot, 3 most (e.g. 0 1 2 3), "
					  "or TASK-ID=LEVEL pairs (e.g. 9230=2); found '%s'", tok);
			return CR_EDATA;
		}
		*eq = '\0';
		if (!add_task(kb, out, tok, eq + 1, err))
			return CR_EDATA;
	}
	if (out->num < 1) {
		*err = cr_xstrdup("give at least one task as ID=LEVEL");
		return CR_EDATA;
	}
	return CR_OK;
}

enum cr_status cr_answer_parse(const cr_kb *kb, const cr_question *q, const char *text, cr_answer *out,
			       char **err)
{
	memset(out, 0, sizeof *out);
	*err = NULL;
	size_t tlen = strlen(text);
	if (tlen > CR_MAX_ANSWER_BYTES) {
		*err = cr_xprintf("an answer may be at most %d bytes (this is %zu)", CR_MAX_ANSWER_BYTES, tlen);
		return CR_EDATA;
	}
	if (cr_utf8_invalid(text, tlen) < tlen) {
		*err = cr_xstrdup("this is not UTF-8 text; check the terminal's or the file's character encoding");
		return CR_EDATA;
	}
	/*
	 * Every type but free text reads the trimmed text. Free text is kept as
	 * typed, and its trimmed copy would only say whether it is blank: a batch
	 * reads an id and a department so on every row.
	 */
	char *buf = NULL;
	bool blank;
	if (q->type == CR_Q_TEXT) {
		const unsigned char *p = (const unsigned char *)text;
		while (*p && isspace(*p)) /* what cr_str_trim would take away */
			p++;
		blank = !*p;
	} else {
		buf = cr_str_trim(cr_xstrdup(text));
		blank = !*buf;
	}
	enum cr_status st = CR_EDATA;
	double v;
	if (blank && q->type != CR_Q_MULTI) {
		*err = cr_xstrdup(q->optional ? "type an answer, or 'skip'" : "this question needs an answer");
		goto out;
	}
	switch (q->type) {
	case CR_Q_CHOICE: {
		int c = find_choice(q, buf);
		if (c < 0) {
			*err = choices_hint(q);
			goto out;
		}
		out->str = q->choices[c].id;
		break;
	}
	case CR_Q_MULTI: {
		/* comma-separated; empty or "none" means none of them */
		if (*buf && cr_strcasecmp(buf, "none") != 0) {
			char *save = NULL;
			for (char *tok = strtok_r(buf, ",;", &save); tok; tok = strtok_r(NULL, ",;", &save)) {
				cr_str_trim(tok);
				if (!*tok)
					continue;
				int c = find_choice(q, tok);
				if (c < 0) {
					char *hint = choices_hint(q), *e = cr_vis(tok, CR_ECHO_MAX, 0);
					*err = cr_xprintf("'%s' is not one of the choices; %s (separate several with commas)", e, hint);
					free(e);
					free(hint);
					goto out;
				}
				out->bits |= (uint64_t)1 << c;
			}
		}
		break;
	}
	case CR_Q_SCALE:
		if (!cr_answer_number(buf, &v) || v != floor(v) || v < q->min || v > q->max) {
			*err = cr_xprintf("answer with a whole number from %g (%s) to %g (%s)", q->min,
					  q->low ? q->low : "lowest", q->max, q->high ? q->high : "highest");
			goto out;
		}
		out->num = v;
		break;
	case CR_Q_NUMBER:
		if (!cr_answer_number(buf, &v) || v < q->min || v > q->max) {
			*err = cr_xprintf("answer with a number from %g to %g%s%s", q->min, q->max, q->unit ? " " : "",
					  q->unit ? q->unit : "");
			goto out;
		}
		out->num = v;
		break;
	case CR_Q_SPLIT:
		if (parse_split(q, buf, out, err))
			goto out;
		break;
	case CR_Q_TASKS:
		if (parse_tasks(kb, buf, out, err))
			goto out;
		break;
	case CR_Q_OCCUPATION: {
		cr_occ_match m[6];
		size_t n = cr_occ_search(kb, buf, m, CR_ARRAY_LEN(m));
		if (n == 0) {
			char *e = cr_vis(buf, CR_ECHO_MAX, 0);
			*err = cr_xprintf("no occupation matches '%s'; try another title or a SOC code such as 43-9021", e);
			free(e);
			goto out;
		}
		/* accept a clear winner: an exact match, or one well ahead of the next */
		if (m[0].score >= 1000 || n == 1 || m[0].score - m[1].score >= 15) {
			out->str = m[0].occ->code;
			break;
		}
		cr_sb b = {0};
		cr_sb_add(&b, "'");
		cr_sb_add_vis(&b, buf, CR_ECHO_MAX, 0);
		cr_sb_add(&b, "' matches several occupations; type a code:");
		for (size_t i = 0; i < n; i++)
			cr_sb_addf(&b, "\n    %s  %s", m[i].occ->code, m[i].occ->title);
		*err = cr_sb_take(&b);
		goto out;
	}
	case CR_Q_TEXT: {
		size_t len = strlen(text);
		if (len > q->max_length) {
			*err = cr_xprintf("at most %zu characters (this is %zu)", q->max_length, len);
			goto out;
		}
		for (const unsigned char *p = (const unsigned char *)text; *p; p++)
			if (*p < 0x20 && *p != '\t') {
				*err = cr_xstrdup("control characters are not allowed in an answer");
				goto out;
			}
		out->str = text;
		break;
	}
	}
	out->state = CR_A_GIVEN;
	st = CR_OK;
out:
	free(buf);
	return st;
}

/* ---- from YAML / JSON nodes ----------------------------------------------- */

enum cr_status cr_answer_from_node(const cr_kb *kb, const cr_question *q, const cr_ydoc *doc,
				   struct fy_node *n, cr_answer *out, cr_diags *d)
{
	memset(out, 0, sizeof *out);
	char *err = NULL;
	enum cr_status st;
	const char *s = cr_ynode_str(n);
	if (s && !*s && !cr_ynode_quoted(n) && q->optional) {
		out->state = CR_A_SKIPPED; /* `question:` with no value */
		return CR_OK;
	}
	if (s && strcmp(s, "null") == 0 && !cr_ynode_quoted(n) && q->optional) {
		out->state = CR_A_SKIPPED;
		return CR_OK;
	}
	switch (q->type) {
	case CR_Q_MULTI:
		if (fy_node_is_sequence(n)) {
			void *it = NULL;
			struct fy_node *item;
			while ((item = fy_node_sequence_iterate(n, &it)) != NULL) {
				const char *id = cr_ynode_str(item);
				if (!id)
					return cr_yerr(d, doc, item, "each choice of '%s' must be a word", q->id);
				int c = find_choice(q, id);
				if (c < 0) {
					char *hint = choices_hint(q), *e = cr_vis(id, CR_ECHO_MAX, 0);
					cr_yerr(d, doc, item, "'%s' is not a choice of '%s'", e, q->id);
					cr_diag_hint(d, "%s", hint);
					free(e);
					free(hint);
					return CR_EDATA;
				}
				out->bits |= (uint64_t)1 << c;
			}
			out->state = CR_A_GIVEN;
			return CR_OK;
		}
		break;
	case CR_Q_TASKS:
		/* task_time: {"9230": a lot, "9231": none} */
		if (fy_node_is_mapping(n)) {
			void *it = NULL;
			struct fy_node_pair *p;
			while ((p = fy_node_mapping_iterate(n, &it)) != NULL) {
				const char *k = cr_ynode_str(fy_node_pair_key(p)), *v = cr_ynode_str(fy_node_pair_value(p));
				if (!k || !v || !add_task(kb, out, k, v, &err)) {
					cr_yerr(d, doc, k && v ? fy_node_pair_key(p) : n, "answer to '%s': %s", q->id,
						err ? err : "each task id maps to none, a little, a lot or most");
					free(err);
					return CR_EDATA;
				}
			}
			if (out->num < 1)
				return cr_yerr(d, doc, n, "answer to '%s': give at least one task", q->id);
			out->state = CR_A_GIVEN;
			return CR_OK;
		}
		break;
	case CR_Q_SPLIT:
		if (fy_node_is_mapping(n)) {
			double sum = 0;
			void *it = NULL;
			struct fy_node_pair *p;
			while ((p = fy_node_mapping_iterate(n, &it)) != NULL) {
				const char *k = cr_ynode_str(fy_node_pair_key(p));
				size_t i;
				for (i = 0; k && i < q->nchoices; i++)
					if (strcmp(k, q->choices[i].id) == 0)
						break;
				if (!k || i == q->nchoices) {
					char *e = cr_vis(k ? k : "?", CR_ECHO_MAX, 0);
					cr_yerr(d, doc, fy_node_pair_key(p), "'%s' is not a part of '%s'", e, q->id);
					free(e);
					return CR_EDATA;
				}
				double v;
				if (!cr_ynode_num(fy_node_pair_value(p), &v) || v < 0 || v > 100)
					return cr_yerr(d, doc, fy_node_pair_value(p), "each part of '%s' is a percentage from 0 to 100", q->id);
				out->parts[i] = v;
				sum += v;
			}
			if (fabs(sum - 100) > 0.5)
				return cr_yerr(d, doc, n, "the parts of '%s' add up to %g, not 100", q->id, sum);
			out->state = CR_A_GIVEN;
			return CR_OK;
		}
		if (fy_node_is_sequence(n)) {
			cr_sb b = {0};
			void *it = NULL;
			struct fy_node *item;
			while ((item = fy_node_sequence_iterate(n, &it)) != NULL) {
				const char *v = cr_ynode_str(item);
				cr_sb_addf(&b, "%s ", v ? v : "?");
			}
			char *text = cr_sb_take(&b);
			st = cr_answer_parse(kb, q, text, out, &err);
			free(text);
			goto text_done;
		}
		break;
	default:
		break;
	}
	if (!s && fy_node_is_scalar(n) && !fy_node_is_alias(n))
		return cr_yerr(d, doc, n, "the answer to '%s' holds a NUL character (\\u0000); remove it", q->id);
	if (!s) {
		return cr_yerr(d, doc, n, "the answer to '%s' must be %s", q->id,
			       q->type == CR_Q_MULTI ? "a list of choices" : q->type == CR_Q_SPLIT ? "a mapping of part to percent" : "a single value");
	}
	st = cr_answer_parse(kb, q, s, out, &err);
text_done:
	if (st) {
		cr_yerr(d, doc, n, "answer to '%s': %s", q->id, err);
		free(err);
		return CR_EDATA;
	}
	if (q->type == CR_Q_TEXT)
		out->str = s; /* points into the document until cr_answers_set() copies it */
	return CR_OK;
}

char *cr_answer_to_json(const cr_question *q, const cr_answer *a)
{
	struct fy_document *d = cr_j_doc();
	struct fy_node *v;
	if (a->state != CR_A_GIVEN) {
		v = cr_j_null(d);
	} else {
		switch (q->type) {
		case CR_Q_MULTI:
			v = cr_j_seq(d);
			for (size_t i = 0; i < q->nchoices; i++)
				if (a->bits & ((uint64_t)1 << i))
					cr_j_push(v, cr_j_str(d, q->choices[i].id));
			break;
		case CR_Q_SPLIT:
			v = cr_j_map(d);
			for (size_t i = 0; i < q->nchoices; i++)
				cr_j_set(v, q->choices[i].id, cr_j_num_exact(d, a->parts[i]));
			break;
		case CR_Q_TASKS:
			v = cr_j_map(d);
			for (size_t i = 0; i < (size_t)a->num; i++) {
				char id[16];
				snprintf(id, sizeof id, "%d", (int)a->task_ids[i]);
				cr_j_set(v, id, cr_j_str(d, cr_task_time_ids[(int)a->parts[i]]));
			}
			break;
		case CR_Q_SCALE:
		case CR_Q_NUMBER:
			v = cr_j_num_exact(d, a->num);
			break;
		default:
			v = cr_j_str(d, a->str);
			break;
		}
	}
	char *s = cr_j_emit(d, v, true);
	fy_document_destroy(d);
	return s;
}

enum cr_status cr_answers_set_json(const cr_kb *kb, cr_answers *as, size_t qi, const char *json, cr_diags *d)
{
	const cr_question *q = &as->q->questions[qi];
	cr_ydoc *doc = NULL;
	char *name = cr_xprintf("stored answer '%s'", q->id);
	enum cr_status st = cr_ydoc_parse(name, json, strlen(json), &doc, d);
	free(name);
	if (st)
		return st;
	struct fy_node *root = cr_ydoc_root(doc);
	cr_answer a;
	if (cr_ynode_str(root) && strcmp(cr_ynode_str(root), "null") == 0 && !cr_ynode_quoted(root)) {
		memset(&a, 0, sizeof a);
		a.state = CR_A_SKIPPED;
		cr_answers_set(as, qi, &a);
	} else if ((st = cr_answer_from_node(kb, q, doc, root, &a, d)) == CR_OK) {
		cr_answers_set(as, qi, &a); /* copies free text before the document goes */
	}
	cr_ydoc_free(doc);
	return st;
}

char *cr_answer_describe(const cr_kb *kb, const cr_question *q, const cr_answer *a)
{
	if (a->state == CR_A_SKIPPED)
		return cr_xstrdup("(skipped)");
	if (a->state != CR_A_GIVEN)
		return cr_xstrdup("(not answered)");
	cr_sb b = {0};
	switch (q->type) {
	case CR_Q_CHOICE:
		for (size_t i = 0; i < q->nchoices; i++)
			if (strcmp(q->choices[i].id, a->str) == 0)
				cr_sb_add(&b, q->choices[i].label);
		break;
	case CR_Q_MULTI:
		for (size_t i = 0; i < q->nchoices; i++)
			if (a->bits & ((uint64_t)1 << i))
				cr_sb_addf(&b, "%s%s", b.len ? ", " : "", q->choices[i].label);
		if (!b.len)
			cr_sb_add(&b, "none");
		break;
	case CR_Q_SCALE:
	case CR_Q_NUMBER:
		cr_sb_addf(&b, "%g%s%s", a->num, q->unit ? " " : "", q->unit ? q->unit : "");
		break;
	case CR_Q_SPLIT:
		for (size_t i = 0; i < q->nchoices; i++)
			cr_sb_addf(&b, "%s%g", i ? "/" : "", a->parts[i]);
		break;
	case CR_Q_OCCUPATION: {
		const cr_occupation *o = cr_kb_occupation(kb, a->str);
		cr_sb_addf(&b, "%s (%s)", o ? o->title : "unknown", a->str);
		break;
	}
	case CR_Q_TEXT:
		cr_sb_add(&b, a->str);
		break;
	case CR_Q_TASKS:
		for (size_t i = 0; i < (size_t)a->num; i++)
			cr_sb_addf(&b, "%s%zu %s", i ? ", " : "", i + 1, cr_task_time_ids[(int)a->parts[i]]);
		break;
	}
	return cr_sb_take(&b);
}

/* ---- answers files -------------------------------------------------------- */

/*
 * A key that is not a question of Q: a misspelling gets the nearest id; an answers file written
 * for another questionnaire (a standard file given to quick, say) names the questionnaire that
 * has the question. The hint listing Q's questions comes with the FIRST unknown key only, so a
 * file of the wrong questionnaire gets one hint, not one per key.
 */
/* The questionnaire other than Q that has the most of ROOT's keys as questions, or NULL. */
static const cr_questionnaire *best_fit(const cr_kb *kb, const cr_questionnaire *q, struct fy_node *root)
{
	const cr_questionnaire *best = NULL;
	size_t bestn = 0;
	for (size_t i = 0; kb && i < kb->nquestionnaires; i++) {
		const cr_questionnaire *o = &kb->questionnaires[i];
		if (o == q)
			continue;
		size_t n = 0;
		void *it = NULL;
		struct fy_node_pair *p;
		while ((p = fy_node_mapping_iterate(root, &it)) != NULL) {
			const char *id = cr_ynode_str(fy_node_pair_key(p));
			n += id && cr_questionnaire_find(o, id, NULL);
		}
		if (n > bestn) {
			bestn = n;
			best = o;
		}
	}
	return best;
}

static enum cr_status unknown_question(const cr_kb *kb, const cr_questionnaire *q, const cr_questionnaire *fit,
				       const cr_ydoc *doc, struct fy_node *k, const char *id, bool first, cr_diags *d)
{
	const char *best = NULL;
	int bestd = 3;
	for (size_t i = 0; i < q->nquestions; i++) {
		int dist = cr_edit_distance(id, q->questions[i].id, 3);
		if (dist < bestd) {
			bestd = dist;
			best = q->questions[i].id;
		}
	}
	/* the key as data: escaped and cut short (a 100 KB key is not echoed whole) */
	char *e = cr_vis(id, CR_ECHO_MAX, 0);
	enum cr_status st;
	if (best) {
		st = cr_yerr(d, doc, k, "'%s' is not a question of questionnaire '%s' (did you mean '%s'?)", e, q->id, best);
		free(e);
		return st;
	}
	const cr_questionnaire *other = fit && cr_questionnaire_find(fit, id, NULL) ? fit : NULL;
	for (size_t i = 0; kb && i < kb->nquestionnaires && !other; i++)
		if (&kb->questionnaires[i] != q && cr_questionnaire_find(&kb->questionnaires[i], id, NULL))
			other = &kb->questionnaires[i];
	if (other)
		st = cr_yerr(d, doc, k, "'%s' is a question of questionnaire '%s', not of '%s'", e, other->id, q->id);
	else
		st = cr_yerr(d, doc, k, "'%s' is not a question of questionnaire '%s'", e, q->id);
	free(e);
	if (first && other)
		cr_diag_hint(d, "was the file written for '%s'? then add " CR_FLAG_QUESTIONNAIRE " %s; `career-risk "
				CR_CMD_QUESTIONNAIRE_SHOW " %s` lists the questions of '%s'", other->id, other->id, q->id, q->id);
	else if (first)
		cr_diag_hint(d, "`career-risk " CR_CMD_QUESTIONNAIRE_SHOW " %s` lists its questions", q->id);
	return st;
}

enum cr_status cr_answers_from_doc(const cr_kb *kb, const cr_questionnaire *q, const cr_ydoc *doc,
				   cr_answers **out, cr_diags *d)
{
	enum cr_status st = CR_OK;
	cr_answers *as = cr_answers_new(q);
	struct fy_node *root = cr_ydoc_root(doc);
	if (!fy_node_is_mapping(root)) {
		st = cr_yerr(d, doc, root, "an answers file is a mapping of question id to answer");
		goto out;
	}
	void *it = NULL;
	struct fy_node_pair *p;
	int unknown = 0;
	const cr_questionnaire *fit = NULL; /* the questionnaire the file seems written for */
	while ((p = fy_node_mapping_iterate(root, &it)) != NULL) {
		struct fy_node *k = fy_node_pair_key(p);
		const char *id = cr_ynode_str(k);
		size_t qi;
		if (!id) {
			st = cr_yerr(d, doc, k, "a question id must be a plain word");
			cr_diag_hint(d, "`career-risk " CR_CMD_QUESTIONNAIRE_SHOW " %s` lists its questions", q->id);
			continue;
		}
		if (!cr_questionnaire_find(q, id, &qi)) {
			if (unknown++ == 0)
				fit = best_fit(kb, q, root);
			st = unknown_question(kb, q, fit, doc, k, id, unknown == 1, d);
			continue;
		}
		cr_answer a;
		struct fy_node *v = fy_node_pair_value(p);
		if (!v) {
			if (q->questions[qi].optional) {
				as->a[qi].state = CR_A_SKIPPED;
				continue;
			}
			char *e = cr_vis(id, CR_ECHO_MAX, 0);
			st = cr_yerr(d, doc, k, "'%s' has no answer and is not optional", e);
			free(e);
			continue;
		}
		if (cr_answer_from_node(kb, &q->questions[qi], doc, v, &a, d)) {
			st = CR_EDATA;
			continue;
		}
		cr_answers_set(as, qi, &a);
	}
	if (!st) {
		long miss = cr_answers_first_missing(kb, as);
		if (miss >= 0) {
			const cr_question *mq = &q->questions[miss];
			st = cr_diag_add(d, CR_EDATA, doc->file, 0, 0, "no answer to required question '%s' (%s)", mq->id, mq->text);
			cr_diag_hint(d, "add `%s: ...` to the file; `career-risk " CR_CMD_QUESTIONNAIRE_TEMPLATE " %s` writes one to fill in",
				     mq->id, q->id);
		}
	}
out:
	if (st) {
		cr_answers_free(as);
		return st;
	}
	*out = as;
	return CR_OK;
}

enum cr_status cr_answers_load(const cr_kb *kb, const cr_questionnaire *q, const char *path, cr_answers **out,
			       cr_diags *d)
{
	cr_ydoc *doc = NULL;
	enum cr_status st = cr_ydoc_load(path, CR_MAX_ANSWERS_FILE, &doc, d);
	if (st)
		return st;
	st = cr_answers_from_doc(kb, q, doc, out, d);
	cr_ydoc_free(doc);
	return st;
}

/* ---- facts ---------------------------------------------------------------- */

bool cr_answers_facts(const cr_kb *kb, const cr_answers *as, cr_value *facts)
{
	bool dropped = false;
	memset(facts, 0, kb->schema.n * sizeof *facts);
	for (size_t i = 0; i < as->q->nquestions; i++) {
		const cr_question *q = &as->q->questions[i];
		const cr_answer *a = &as->a[i];
		if (a->state != CR_A_GIVEN || q->fact < 0)
			continue;
		switch (q->type) {
		case CR_Q_SPLIT:
			for (size_t p = 0; p < q->nchoices; p++)
				facts[q->fact + (int)p] = cr_vnum(a->parts[p]);
			break;
		case CR_Q_MULTI:
			facts[q->fact] = (cr_value){.kind = CR_V_SET, .bits = a->bits};
			break;
		case CR_Q_SCALE:
		case CR_Q_NUMBER:
			facts[q->fact] = cr_vnum(a->num);
			break;
		default:
			facts[q->fact] = cr_vstr(a->str);
			break;
		}
	}
	/*
	 * An answer to a question that would not have been asked under the other
	 * answers (its ask_if does not hold: AI depth from someone who never uses
	 * AI) does not count, whether it came from a file, a pipe or a CSV row: a
	 * session would never have asked it. In question order, as a session asks.
	 */
	for (size_t i = 0; i < as->q->nquestions; i++) {
		const cr_question *q = &as->q->questions[i];
		if (!q->ask_if || as->a[i].state != CR_A_GIVEN || q->fact < 0 || cr_expr_holds(q->ask_if, facts))
			continue;
		size_t n = q->type == CR_Q_SPLIT ? q->nchoices : 1;
		for (size_t p = 0; p < n; p++)
			facts[q->fact + (int)p] = (cr_value){.kind = CR_V_NULL};
		dropped = true;
	}
	return dropped;
}

bool cr_question_applies(const cr_kb *kb, const cr_answers *as, size_t qi)
{
	const cr_question *q = &as->q->questions[qi];
	if (!q->ask_if)
		return true;
	cr_value stack[256];
	cr_value *facts = kb->schema.n <= CR_ARRAY_LEN(stack) ? stack : cr_xcalloc(kb->schema.n, sizeof *facts);
	cr_answers_facts(kb, as, facts);
	bool yes = cr_expr_holds(q->ask_if, facts);
	if (facts != stack)
		free(facts);
	return yes;
}

static void note_null(int fact, void *ctx)
{
	struct { const cr_value *facts; bool any_null; } *c = ctx;
	if (c->facts[fact].kind == CR_V_NULL)
		c->any_null = true;
}

bool cr_question_may_apply(const cr_kb *kb, const cr_answers *as, size_t qi)
{
	const cr_question *q = &as->q->questions[qi];
	if (!q->ask_if)
		return true;
	cr_value *facts = cr_xcalloc(kb->schema.n + 1, sizeof *facts);
	cr_answers_facts(kb, as, facts);
	struct { const cr_value *facts; bool any_null; } c = {facts, false};
	cr_expr_facts(q->ask_if, note_null, &c);
	bool yes = c.any_null || cr_expr_holds(q->ask_if, facts);
	free(facts);
	return yes;
}

long cr_answers_first_missing(const cr_kb *kb, const cr_answers *as)
{
	for (size_t i = 0; i < as->q->nquestions; i++)
		if (!as->q->questions[i].optional && as->a[i].state == CR_A_NONE && cr_question_applies(kb, as, i))
			return (long)i;
	return -1;
}
