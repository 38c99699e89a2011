/* render_progress.c - profiles, history, comparisons, progress and the plan as text (see report.h). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "report.h"

#define CHART_MAX 12 /* sessions in a chart: 12 columns of 6 fit 80 columns */

const char *cr_rep_date(const char *iso, char buf[11])
{
	if (!iso)
		return "-";
	snprintf(buf, 11, "%.10s", iso);
	return buf;
}

char *cr_rep_credit_summary(int session, size_t credited, size_t resolved)
{
	cr_sb b = {0};
	cr_sb_addf(&b, "Session %d credited the %zu item%s marked done before it: ", session, credited,
		   credited == 1 ? "" : "s");
	if (resolved == credited)
		cr_sb_addf(&b, "%s answers no longer call for %s.", credited == 1 ? "its" : "their",
			   credited == 1 ? "it" : "any of them");
	else if (resolved == 0)
		cr_sb_addf(&b, "the answers still call for %s, so the score does not reflect %s yet (if %s done, check the "
			       "answers behind %s).", credited == 1 ? "it" : "them", credited == 1 ? "it" : "them",
			   credited == 1 ? "it is" : "they are", credited == 1 ? "it" : "them");
	else
		cr_sb_addf(&b, "the answers no longer call for %zu of them; %zu %s still called for (if done, check the "
			       "answers behind %s).", resolved, credited - resolved, credited - resolved == 1 ? "is" : "are",
			   credited - resolved == 1 ? "it" : "them");
	return cr_sb_take(&b);
}

const cr_plan_item *cr_rep_item_for(const cr_progress *p, const char *rec_id)
{
	for (size_t i = 0; p && i < p->nitems; i++)
		if (strcmp(p->items[i].rec_id, rec_id) == 0)
			return &p->items[i];
	return NULL;
}

/* The newest credit of an item, or NULL. */
static const cr_credit *credit_of(const cr_progress *p, int item)
{
	const cr_credit *c = NULL;
	for (size_t i = 0; i < p->ncredits; i++)
		if (p->credits[i].item == item)
			c = &p->credits[i];
	return c;
}

char *cr_rep_item_state(const cr_progress *p, const cr_plan_item *it)
{
	char d[11];
	cr_sb b = {0};
	switch (it->status) {
	case CR_ITEM_TODO: cr_sb_add(&b, "to do"); break;
	case CR_ITEM_DOING: cr_sb_addf(&b, "started %s", cr_rep_date(it->started_at, d)); break;
	case CR_ITEM_DROPPED: cr_sb_addf(&b, "dropped %s", cr_rep_date(it->dropped_at, d)); break;
	case CR_ITEM_DONE: {
		cr_sb_addf(&b, "done %s", cr_rep_date(it->done_at, d));
		const cr_credit *c = credit_of(p, it->num);
		if (it->kind == CR_KIND_CUSTOM)
			cr_sb_add(&b, "; your own item, which no assessment re-checks");
		else if (it->kind == CR_KIND_ALWAYS && !c)
			cr_sb_add(&b, "; every assessment recommends it whatever the answers, so none credits it");
		else if (c && !c->still_recommended)
			cr_sb_addf(&b, "; credited by session %d: your answers no longer call for it", c->session);
		else if (c)
			cr_sb_addf(&b, "; session %d still calls for it: your answers still show what it addresses",
				   c->session);
		else
			cr_sb_add(&b, "; the next assessment will show its effect");
		break;
	}
	}
	if (!it->current && it->kind != CR_KIND_CUSTOM && (it->status == CR_ITEM_TODO || it->status == CR_ITEM_DOING) &&
	    cr_progress_latest(p))
		cr_sb_add(&b, "; no longer recommended by your latest answers");
	return cr_sb_take(&b);
}

static void heading(FILE *out, const cr_render_opts *o, const char *title)
{
	if (o->color)
		fprintf(out, "\033[1m%s\033[0m\n", title);
	else
		fprintf(out, "%s\n", title);
}

static int width(const cr_render_opts *o)
{
	int w = o->width >= 40 ? o->width : 80;
	return w > 100 ? 100 : w;
}

static void change_word(char *buf, size_t n, int delta)
{
	if (delta == 0)
		snprintf(buf, n, "same");
	else
		snprintf(buf, n, "%s %d", delta > 0 ? "up" : "down", delta > 0 ? delta : -delta);
}

/* One code point of s[0..n) at *i (advanced past it); U+FFFD for a bad byte. */
static unsigned decode(const char *s, size_t n, size_t *i)
{
	unsigned char c = (unsigned char)s[*i];
	int len = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
	if (!len || *i + (size_t)len > n) {
		(*i)++;
		return 0xfffd;
	}
	unsigned cp = len == 1 ? c : c & (0x7fu >> len);
	for (int k = 1; k < len; k++)
		cp = cp << 6 | ((unsigned char)s[*i + (size_t)k] & 0x3f);
	*i += (size_t)len;
	return cp;
}

/* Columns a code point takes in a terminal (what wcwidth says for the common ranges). */
static int cp_columns(unsigned cp)
{
	if ((cp >= 0x300 && cp <= 0x36f) || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0xfe00 && cp <= 0xfe0f))
		return 0; /* combining marks, zero-width spaces and joiners, variation selectors */
	if ((cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0x303e) || (cp >= 0x3041 && cp <= 0xa4cf) ||
	    (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) ||
	    (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1f64f) ||
	    (cp >= 0x1f900 && cp <= 0x1f9ff) || (cp >= 0x20000 && cp <= 0x3fffd))
		return 2;
	return 1;
}

int cr_rep_columns(const char *s, size_t n)
{
	int cols = 0;
	for (size_t i = 0; i < n;)
		cols += cp_columns(decode(s, n, &i));
	return cols;
}

/*
 * Writes s in exactly `cols` columns: padded with spaces, or cut at a character
 * boundary and ended with an ellipsis when it is wider.
 */
static void cell(FILE *out, const char *s, int cols)
{
	size_t n = strlen(s), i = 0, keep = 0;
	int have = cr_rep_columns(s, n), used = 0;
	if (have <= cols) {
		fprintf(out, "%s%*s", s, cols - have, "");
		return;
	}
	while (i < n) {
		int c = cp_columns(decode(s, n, &i));
		if (used + c > cols - 1)
			break;
		used += c;
		keep = i;
	}
	fprintf(out, "%.*s\u2026%*s", (int)keep, s, cols - 1 - used, "");
}

void cr_rep_say(FILE *out, int indent, const char *before, const char *command, const char *after, int w)
{
	char *line = cr_xprintf("%s`%s`%s", before, command, after);
	if (indent + cr_rep_columns(line, strlen(line)) <= w) {
		fprintf(out, "%*s%s\n", indent, "", line);
	} else {
		/* the sentence around it wraps; the command stays whole on its own line */
		size_t n = strlen(before);
		while (n && before[n - 1] == ' ')
			n--;
		if (n) {
			char *b = cr_xstrndup(before, n);
			cr_wrap(out, b, indent, w);
			free(b);
		}
		const char *rest = after + strspn(after, " ");
		bool tail = !strchr(rest, ' '); /* a full stop stays with the command, not alone below it */
		fprintf(out, "%*s`%s`%s\n", indent, "", command, tail ? rest : "");
		if (*rest && !tail)
			cr_wrap(out, rest, indent, w);
	}
	free(line);
}

/* Writes a table row made with printf-style fmt, without the trailing spaces of empty last cells. */
static void row(FILE *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void row(FILE *out, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *line = cr_xvprintf(fmt, ap);
	va_end(ap);
	size_t n = strlen(line);
	while (n && line[n - 1] == ' ')
		n--;
	fprintf(out, "%.*s\n", (int)n, line);
	free(line);
}

enum cr_status cr_render_profiles_text(FILE *out, const cr_profiles *l, const cr_render_opts *o)
{
	if (!l->n) {
		fprintf(out, "No profiles yet.\n"
			     "  career-risk assess                 assesses you (profile '%s')\n"
			     "  career-risk profile create NAME    adds a client's profile\n", "me");
		return ferror(out) ? CR_EIO : CR_OK;
	}
	heading(out, o, "Profiles");
	/* columns by display width (an accented or a CJK name takes as many columns as it shows);
	 * the name column grows to the longest name while the row fits, and a longer one is cut */
	char (*plan)[40] = cr_xcalloc(l->n, sizeof *plan);
	int namew = 20, planw = 4;
	for (size_t i = 0; i < l->n; i++) {
		const cr_profile_info *p = &l->v[i];
		snprintf(plan[i], sizeof plan[i], "-");
		if (p->nitems_open + p->nitems_done)
			snprintf(plan[i], sizeof plan[i], "%d done, %d open", p->nitems_done, p->nitems_open);
		int nw = cr_rep_columns(p->name, strlen(p->name)), pw = (int)strlen(plan[i]);
		namew = nw > namew ? nw : namew;
		planw = pw > planw ? pw : planw;
	}
	int room = width(o) - (2 + 1 + 8 + 2 + 10 + 2 + 5 + 2 + 9 + 2 + planw);
	if (namew > room)
		namew = room > 8 ? room : 8;
	fputs("  ", out);
	cell(out, "name", namew);
	row(out, " %8s  %-10s  %5s  %-9s  %s", "sessions", "last", "score", "trend", "plan");
	for (size_t i = 0; i < l->n; i++) {
		const cr_profile_info *p = &l->v[i];
		char d[11], score[8] = "-", trend[16] = "-";
		if (p->last_num) {
			snprintf(score, sizeof score, "%d", p->last_score);
			if (p->prev_score >= 0)
				change_word(trend, sizeof trend, p->last_score - p->prev_score);
			else
				snprintf(trend, sizeof trend, "first");
		}
		fputs("  ", out);
		cell(out, p->name, namew);
		row(out, " %8d  %-10s  %5s  %-9s  %s", p->nsessions, cr_rep_date(p->last_at, d), score, trend, plan[i]);
	}
	free(plan);
	fprintf(out, "\n  `career-risk --profile NAME progress` shows one client's progress.\n");
	return ferror(out) ? CR_EIO : CR_OK;
}

static int notes_of(const cr_progress *p, int session)
{
	int n = 0;
	for (size_t i = 0; i < p->nnotes; i++)
		n += p->notes[i].session == session;
	return n;
}

enum cr_status cr_render_history_text(FILE *out, const cr_progress *p, const cr_render_opts *o, const char *cmd)
{
	char title[160];
	snprintf(title, sizeof title, "Sessions of %s (%zu scored)", p->profile, cr_progress_scored(p));
	heading(out, o, title);
	if (!p->nsessions) {
		char *c = cr_xprintf("%s assess", cmd);
		cr_rep_say(out, 2, "No sessions yet: ", c, " runs one.", width(o));
		free(c);
		return ferror(out) ? CR_EIO : CR_OK;
	}
	row(out, "  %3s  %-10s  %-13s  %5s  %-8s  %-6s  %-8s  %s", "#", "date", "questionnaire", "score", "band", "range",
	    "change", "notes");
	for (size_t i = 0; i < p->nsessions; i++) {
		const cr_session_info *s = &p->sessions[i];
		char d[11], range[16], change[16] = "", notes[16] = "";
		int nn = notes_of(p, s->num);
		if (nn)
			snprintf(notes, sizeof notes, "%d", nn);
		if (!s->scored) {
			const char *what = strcmp(s->status, "open") == 0 ? "unfinished" : s->status;
			row(out, "  %3d  %-10s  %-13.13s  %5s  %s, %zu answer%s  %s", s->num, cr_rep_date(s->started_at, d),
			    s->questionnaire, "-", what, s->nanswers, s->nanswers == 1 ? "" : "s", notes);
			continue;
		}
		const cr_session_info *prev = cr_progress_previous(p, s);
		if (prev)
			snprintf(change, sizeof change, "%+d", s->score - prev->score);
		else
			snprintf(change, sizeof change, "first");
		snprintf(range, sizeof range, "%d-%d", s->range_lo, s->range_hi);
		row(out, "  %3d  %-10s  %-13.13s  %5d  %-8s  %-6s  %-8s  %s", s->num,
		    cr_rep_date(s->finished_at ? s->finished_at : s->started_at, d), s->questionnaire, s->score,
		    s->band ? s->band : "", range, change, notes);
	}
	if (cr_progress_scored(p) >= 2) {
		char *c = cr_xprintf("%s compare A B", cmd);
		fputc('\n', out);
		cr_rep_say(out, 2, "", c, " shows what changed between two sessions.", width(o));
		free(c);
	}
	return ferror(out) ? CR_EIO : CR_OK;
}

/* Prints "label  #a  #b  change  note" for one measure. */
static void compare_row(FILE *out, const char *label, int a, int b, const char *note)
{
	fprintf(out, "  %-18s %5d  %5d  %+6d  %s\n", label, a, b, b - a, note);
}

/* Index of answer `q` in session s, or -1. */
static const cr_answer_row *answer_of(const cr_session_info *s, const char *q)
{
	for (size_t i = 0; i < s->nanswers; i++)
		if (strcmp(s->answers[i].question, q) == 0)
			return &s->answers[i];
	return NULL;
}

static void rule_lines(FILE *out, const cr_rule_change *v, size_t n, int w, bool both)
{
	for (size_t i = 0; i < n; i++) {
		if (both)
			fprintf(out, "  %+6.1f -> %+6.1f  %s\n", v[i].before, v[i].after, v[i].id);
		else
			fprintf(out, "  %+6.1f  %s\n", v[i].after != 0 ? v[i].after : v[i].before, v[i].id);
		if (v[i].rule->reason && !both)
			cr_wrap(out, v[i].rule->reason, 10, w);
	}
}

enum cr_status cr_render_compare_text(FILE *out, const cr_compare_view *v, const cr_render_opts *o)
{
	const cr_comparison *c = v->c;
	const cr_snapshot *a = v->a, *b = v->b;
	int w = width(o);
	char d1[11], d2[11], title[240], ha[8], hb[8];
	snprintf(title, sizeof title, "%s: session %d (%s) compared with session %d (%s)", v->p->profile, v->sa->num,
		 cr_rep_date(v->sa->finished_at, d1), v->sb->num, cr_rep_date(v->sb->finished_at, d2));
	heading(out, o, title);
	snprintf(ha, sizeof ha, "#%d", v->sa->num);
	snprintf(hb, sizeof hb, "#%d", v->sb->num);
	fprintf(out, "\n  %-18s %5s  %5s  %6s\n", "", ha, hb, "change");
	char bands[64];
	if (c->band_changed)
		snprintf(bands, sizeof bands, "%s -> %s", a->band, b->band);
	else
		snprintf(bands, sizeof bands, "still %s", b->band);
	compare_row(out, "Exposure score", a->score, b->score, bands);
	char ra[16], rb[16];
	snprintf(ra, sizeof ra, "%d-%d", a->range_lo, a->range_hi);
	snprintf(rb, sizeof rb, "%d-%d", b->range_lo, b->range_hi);
	fprintf(out, "  %-18s %5s  %5s\n", "Likely range", ra, rb);
	compare_row(out, "Task routineness", a->routineness, b->routineness, "lower is safer");
	compare_row(out, "AI tool usage", a->ai_usage, b->ai_usage, "higher is safer");
	compare_row(out, "Specialisation", a->specialization, b->specialization, "higher is safer");
	if (a->exposure >= 0 && b->exposure >= 0)
		compare_row(out, "Exposure to AI", a->exposure, b->exposure, "lower is safer");

	/* answers: what the person said differently */
	cr_sb ch = {0};
	size_t nch = 0;
	for (size_t i = 0; i < v->sb->nanswers; i++) {
		const cr_answer_row *nb = &v->sb->answers[i], *na = answer_of(v->sa, nb->question);
		if (na && strcmp(na->json, nb->json) == 0)
			continue;
		cr_sb_addf(&ch, "%s: %s -> %s\n", nb->question, na ? na->json : "(not asked)", nb->json);
		nch++;
	}
	for (size_t i = 0; i < v->sa->nanswers; i++)
		if (!answer_of(v->sb, v->sa->answers[i].question)) {
			cr_sb_addf(&ch, "%s: %s -> (not answered)\n", v->sa->answers[i].question, v->sa->answers[i].json);
			nch++;
		}
	fputc('\n', out);
	if (nch) {
		char t[64];
		snprintf(t, sizeof t, "Answers that changed (%zu)", nch);
		heading(out, o, t);
		for (char *line = ch.s, *nl; line && *line; line = nl + 1) {
			nl = strchr(line, '\n');
			*nl = '\0';
			cr_wrap_hang(out, "  ", line, 4, w);
		}
	} else {
		heading(out, o, "Answers that changed");
		fprintf(out, "  none\n");
	}
	cr_sb_free(&ch);

	if (c->nwent) {
		fputc('\n', out);
		heading(out, o, "Rules that no longer apply");
		for (size_t i = 0; i < c->nwent; i++)
			fprintf(out, "  %+6.1f  %s\n", c->went[i].before, c->went[i].id);
	}
	if (c->ncame) {
		fputc('\n', out);
		heading(out, o, "Rules that now apply");
		rule_lines(out, c->came, c->ncame, w, false);
	}
	if (c->nchanged) {
		fputc('\n', out);
		heading(out, o, "Rules whose effect changed");
		rule_lines(out, c->changed, c->nchanged, w, true);
	}
	if (!c->nwent && !c->ncame && !c->nchanged) {
		fputc('\n', out);
		heading(out, o, "Rules");
		fprintf(out, "  the same rules fired with the same effects\n");
	}
	if (c->nrecs_came) {
		fputc('\n', out);
		heading(out, o, "Recommendations added");
		for (size_t i = 0; i < c->nrecs_came; i++) {
			cr_wrap_hang(out, "  + ", c->recs_came[i]->title, 4, w);
		}
	}
	if (c->nrecs_went) {
		fputc('\n', out);
		heading(out, o, "Recommendations no longer made");
		for (size_t i = 0; i < c->nrecs_went; i++) {
			const cr_plan_item *it = cr_rep_item_for(v->p, c->recs_went[i]->id);
			char *line = cr_xprintf("%s%s", c->recs_went[i]->title,
						it && it->status == CR_ITEM_DONE ? " (you marked it done)" : "");
			cr_wrap_hang(out, "  - ", line, 4, w);
			free(line);
		}
	}
	if (c->model_changed) {
		fputc('\n', out);
		char *t = cr_xprintf("The scoring model changed between these sessions (model %d, then %d): model 2 added "
				     "exposure to AI from your tasks and weighs it with routine work, so the score moved "
				     "partly because of the model, not because of your answers.", a->model, b->model);
		cr_wrap(out, t, 2, w);
		free(t);
	}
	if (c->kb_changed) {
		fputc('\n', out);
		char *t = cr_xprintf("The knowledge base changed between these sessions (%s, then %s), so part of the "
				     "difference may come from updated evidence rather than from the answers.",
				     a->kb_version, b->kb_version);
		cr_wrap(out, t, 2, w);
		free(t);
	}
	if (c->questionnaire_changed) {
		char *t = cr_xprintf("The sessions used different questionnaires (%s, then %s); questions asked in only one "
				     "of them count as changed.", a->questionnaire, b->questionnaire);
		cr_wrap(out, t, 2, w);
		free(t);
	}
	return ferror(out) ? CR_EIO : CR_OK;
}

/* A horizontal bar of 20 cells for a 0-100 value. */
static void hbar(char b[21], int v)
{
	int n = (v + 2) / 5;
	for (int i = 0; i < 20; i++)
		b[i] = i < n ? '#' : '.';
	b[20] = '\0';
}

/* The scored sessions to chart, up to `upto` (NULL: all): the newest CHART_MAX. */
static size_t chart_sessions(const cr_progress *p, const cr_session_info *upto, const cr_session_info **v)
{
	size_t n = 0;
	for (size_t i = 0; i < p->nsessions && (!upto || p->sessions[i].id <= upto->id); i++)
		if (p->sessions[i].scored) {
			if (n == CHART_MAX) {
				memmove(v, v + 1, (CHART_MAX - 1) * sizeof *v);
				n--;
			}
			v[n++] = &p->sessions[i];
		}
	return n;
}

/* The score as vertical bars, one column of 6 per session, 10 points a row. */
static void score_chart(FILE *out, const cr_session_info **v, size_t n)
{
	for (int row = 11; row >= 1; row--) {
		cr_sb line = {0};
		if (row == 11)
			cr_sb_add(&line, "      ");
		else
			cr_sb_addf(&line, "  %3d |", row * 10);
		for (size_t i = 0; i < n; i++) {
			int h = (v[i]->score + 5) / 10;
			if (row <= h)
				cr_sb_add(&line, "  ##  ");
			else if (row == h + 1)
				cr_sb_addf(&line, "  %-3d ", v[i]->score);
			else
				cr_sb_add(&line, "      ");
		}
		while (line.len && line.s[line.len - 1] == ' ')
			line.s[--line.len] = '\0';
		if (line.len)
			fprintf(out, "%s\n", line.s);
		cr_sb_free(&line);
	}
	fprintf(out, "    0 +");
	for (size_t i = 0; i < n; i++)
		fprintf(out, "------");
	cr_sb nums = {0};
	for (size_t i = 0; i < n; i++)
		cr_sb_addf(&nums, "  #%-3d", v[i]->num);
	while (nums.len && nums.s[nums.len - 1] == ' ')
		nums.s[--nums.len] = '\0';
	fprintf(out, "\n       %s\n       ", nums.s ? nums.s : "");
	cr_sb_free(&nums);
	for (size_t i = 0; i < n; i++) {
		const char *iso = v[i]->finished_at ? v[i]->finished_at : v[i]->started_at;
		fprintf(out, " %.5s", iso && strlen(iso) >= 10 ? iso + 5 : "     ");
	}
	fputc('\n', out);
}

size_t cr_rep_score_chart(FILE *out, const cr_progress *p, const cr_session_info *upto)
{
	const cr_session_info *v[CHART_MAX];
	size_t n = chart_sessions(p, upto, v);
	if (n)
		score_chart(out, v, n);
	return n;
}

static void plan_lines(FILE *out, const cr_progress *p, int w)
{
	static const char *const mark[] = {"[ ]", "[>]", "[x]", "[-]"};
	for (size_t i = 0; i < p->nitems; i++) {
		const cr_plan_item *it = &p->items[i];
		char lead[32];
		snprintf(lead, sizeof lead, "  %s %3d  ", mark[it->status], it->num);
		cr_wrap_hang(out, lead, it->title, 11, w);
		char *state = cr_rep_item_state(p, it);
		const char *hz = !strcmp(it->horizon, "week") ? "this week" : !strcmp(it->horizon, "year") ? "this year"
												: "this quarter";
		char *line = it->status == CR_ITEM_TODO && it->current ? cr_xprintf("%s", hz) : cr_xprintf("%s; %s", hz, state);
		cr_wrap(out, line, 11, w);
		free(line);
		free(state);
	}
}

static void plan_summary(FILE *out, const cr_progress *p, const cr_render_opts *o)
{
	int n[4] = {0};
	for (size_t i = 0; i < p->nitems; i++)
		n[p->items[i].status]++;
	char t[160];
	int len = snprintf(t, sizeof t, "Action plan: %d done, %d in progress, %d to do", n[CR_ITEM_DONE],
			   n[CR_ITEM_DOING], n[CR_ITEM_TODO]);
	if (n[CR_ITEM_DROPPED] && len > 0 && (size_t)len < sizeof t)
		snprintf(t + len, sizeof t - (size_t)len, ", %d dropped", n[CR_ITEM_DROPPED]);
	heading(out, o, t);
}

enum cr_status cr_render_plan_text(FILE *out, const cr_progress *p, const cr_render_opts *o, const char *cmd)
{
	if (!p->nitems) {
		char *t = cr_xprintf("%s has no action plan yet: it is made from the recommendations of an assessment: ",
				     p->profile);
		char *c = cr_xprintf("%s assess", cmd);
		cr_rep_say(out, 0, t, c, ".", width(o));
		free(c);
		free(t);
		return ferror(out) ? CR_EIO : CR_OK;
	}
	plan_summary(out, p, o);
	plan_lines(out, p, width(o));
	char *c = cr_xprintf("%s plan start|done|drop|todo NUMBER", cmd);
	fputc('\n', out);
	cr_rep_say(out, 2, "Mark progress with ", c, ".", width(o));
	free(c);
	return ferror(out) ? CR_EIO : CR_OK;
}

enum cr_status cr_render_progress_text(FILE *out, const cr_progress *p, const cr_render_opts *o, const char *cmd)
{
	int w = width(o);
	const cr_session_info *v[CHART_MAX];
	size_t n = chart_sessions(p, NULL, v);
	size_t total = cr_progress_scored(p);
	char title[200], d1[11], d2[11];
	if (!n) {
		char *t = cr_xprintf("%s has no scored assessment yet: ", p->profile);
		char *c = cr_xprintf("%s assess", cmd);
		cr_rep_say(out, 0, t, c, " runs one.", w);
		free(c);
		free(t);
		return ferror(out) ? CR_EIO : CR_OK;
	}
	snprintf(title, sizeof title, "Progress of %s: %zu scored session%s, %s to %s", p->profile, total,
		 total == 1 ? "" : "s", cr_rep_date(v[0]->finished_at, d1), cr_rep_date(v[n - 1]->finished_at, d2));
	heading(out, o, title);
	if (total > n)
		fprintf(out, "  (the chart shows the newest %zu)\n", n);
	fprintf(out, "\nExposure score (0-100, lower is safer)\n");
	score_chart(out, v, n);
	if (n >= 2) {
		int delta = v[n - 1]->score - v[0]->score;
		if (delta)
			fprintf(out, "  %s %d point%s since session %d.\n", delta < 0 ? "Down" : "Up", abs(delta),
				abs(delta) == 1 ? "" : "s", v[0]->num);
		else
			fprintf(out, "  Unchanged since session %d.\n", v[0]->num);
	}

	static const char *const label[] = {"Task routineness (lower is safer)", "AI tool usage (higher is safer)",
					    "Specialisation (higher is safer)", "Exposure to AI (lower is safer)"};
	for (int k = 0; k < 4; k++) {
		if (k == 3) { /* exposure: only the sessions scored since model 2 know it */
			size_t known = 0;
			for (size_t i = 0; i < n; i++)
				known += v[i]->exposure >= 0;
			if (!known)
				break;
		}
		fprintf(out, "\n%s\n", label[k]);
		for (size_t i = 0; i < n; i++) {
			if (k == 3 && v[i]->exposure < 0) {
				fprintf(out, "  #%-3d %s  (scored before exposure was measured)\n", v[i]->num,
					cr_rep_date(v[i]->finished_at, d1));
				continue;
			}
			int val = k == 0 ? v[i]->routineness : k == 1 ? v[i]->ai_usage : k == 2 ? v[i]->specialization : v[i]->exposure;
			char b[21];
			hbar(b, val);
			fprintf(out, "  #%-3d %s  [%s] %3d\n", v[i]->num, cr_rep_date(v[i]->finished_at, d1), b, val);
		}
	}

	const cr_session_info *latest = v[n - 1];
	size_t credited = 0, resolved = 0;
	for (size_t i = 0; i < p->ncredits; i++)
		if (p->credits[i].session == latest->num) {
			credited++;
			resolved += !p->credits[i].still_recommended;
		}
	if (credited) {
		fputc('\n', out);
		char *t = cr_rep_credit_summary(latest->num, credited, resolved);
		cr_wrap(out, t, 0, w);
		free(t);
	}
	fputc('\n', out);
	return cr_render_plan_text(out, p, o, cmd);
}

enum cr_status cr_render_saved_note(FILE *out, const cr_progress *p, const cr_render_opts *o)
{
	const cr_session_info *s = cr_progress_latest(p);
	size_t n = 0, resolved = 0;
	for (size_t i = 0; s && i < p->ncredits; i++)
		if (p->credits[i].session == s->num) {
			n++;
			resolved += !p->credits[i].still_recommended;
		}
	/* the commands stand on lines of their own so that wrapping never splits one */
	if (n) {
		char *t = cr_rep_credit_summary(s->num, n, resolved);
		fputc('\n', out);
		cr_wrap(out, t, 0, o->width);
		fprintf(out, "The plan and the score over time:\n  %s progress\n", o->cmd);
		free(t);
	} else if (s && p->nitems) {
		fprintf(out, "\nSaved as session %d. The action plan, and the score over time:\n  %s plan list\n  %s progress\n",
			s->num, o->cmd, o->cmd);
	}
	return ferror(out) ? CR_EIO : CR_OK;
}
