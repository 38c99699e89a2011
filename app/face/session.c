/*
 * session.c - asking the questions: GNU readline at a terminal, plain lines
 * from a pipe.
 *
 * At a terminal: "Question 3 of 9", line editing, Tab completes choices and
 * occupation titles, `?` shows why a question is asked, `back` and `skip`,
 * invalid answers are explained and asked again, a review before scoring
 * where any answer can be changed. Ctrl-C cancels the question in hand and
 * offers to save and leave; Ctrl-D leaves. Every answer is saved as it is
 * given, so nothing answered is lost. Answers never enter readline's
 * history: they are personal.
 *
 * Everything the session says (questions, prompts, help, the review) goes to
 * the terminal, stderr first (see term_stream), never to stdout: stdout holds
 * only the result, so `assess --format json > out.json` works at a terminal.
 *
 * From a pipe: one line per question asked, no prompts and no colour; a bad
 * line stops with its line number.
 *
 * The signal handler only sets a flag; readline's alternate (callback)
 * interface lets the select() loop notice it between keystrokes. SIGINT
 * (Ctrl-C) cancels the question in hand; SIGTERM and SIGHUP (`kill`, a closed
 * terminal) end the session as Ctrl-D does, piped or not: every answer given
 * is already saved, and it exits 6 saying how to resume.
 */
#include <errno.h>
#include <math.h>
#include <readline/history.h>
#include <readline/readline.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <unistd.h>

#include "../core/answers.h"
#include "../core/util.h"
#include "../render/render.h"
#include "app.h"

static volatile sig_atomic_t got_sigint;
static volatile sig_atomic_t got_term; /* SIGTERM or SIGHUP: leave */
static volatile sig_atomic_t stop_wait; /* any of the three: stop waiting for a busy database */

static void on_signal(int sig)
{
	stop_wait = 1;
	if (sig == SIGINT)
		got_sigint = 1;
	else
		got_term = 1;
}

/*
 * Where the session talks to the person: stderr when it is the terminal (so
 * stdout may be redirected to keep the result), else stdout when that is,
 * else stderr (nobody is watching; stdout stays clean for the result).
 */
static FILE *term_stream(void)
{
	if (isatty(STDERR_FILENO) || !isatty(STDOUT_FILENO))
		return stderr;
	return stdout;
}

/* The terminal's width in columns, or dflt when it is not a terminal. */
static int term_width(FILE *f, int dflt)
{
	struct winsize ws;
	if (isatty(fileno(f)) && ioctl(fileno(f), TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col;
	return dflt;
}

enum read_result { READ_LINE, READ_EOF, READ_INTERRUPT, READ_ERROR };

static char *cb_line;
static bool cb_done;

static void on_line(char *line)
{
	cb_line = line;
	cb_done = true;
	rl_callback_handler_remove();
}

/* Reads one line at the terminal; *out is malloc'd (caller frees) on READ_LINE. */
static enum read_result read_tty(const char *prompt, char **out)
{
	if (got_term) /* arrived while no question was waiting */
		return READ_EOF;
	rl_outstream = term_stream(); /* readline echoes and prompts where the session talks */
	cb_done = false;
	cb_line = NULL;
	rl_callback_handler_install(prompt, on_line);
	while (!cb_done) {
		fd_set fds;
		FD_ZERO(&fds);
		FD_SET(fileno(rl_instream), &fds);
		int r = select(fileno(rl_instream) + 1, &fds, NULL, NULL, NULL);
		if (r < 0) {
			if (errno == EINTR && got_term) { /* leave as Ctrl-D does */
				rl_free_line_state();
				rl_callback_sigcleanup();
				rl_cleanup_after_signal();
				rl_callback_handler_remove();
				fputc('\n', rl_outstream);
				return READ_EOF;
			}
			if (errno == EINTR && got_sigint) {
				got_sigint = 0;
				rl_free_line_state();
				rl_callback_sigcleanup();
				rl_cleanup_after_signal();
				rl_callback_handler_remove();
				fputc('\n', rl_outstream);
				return READ_INTERRUPT;
			}
			if (errno == EINTR)
				continue;
			rl_callback_handler_remove();
			return READ_ERROR;
		}
		rl_callback_read_char();
	}
	if (!cb_line)
		return READ_EOF;
	*out = cb_line;
	return READ_LINE;
}

#define CR_MAX_PIPED_LINE 4096 /* bytes in one piped answer */

/*
 * Reads one line from a pipe into *out (malloc'd, without its newline). Reads
 * byte by byte up to the bound, so an endless line costs no memory; a line
 * too long or holding a NUL byte sets *why and is not returned.
 */
static enum read_result read_piped(char **out, const char **why)
{
	char buf[CR_MAX_PIPED_LINE + 1];
	size_t n = 0;
	int c;
	*out = NULL;
	*why = NULL;
	if (got_term) /* arrived while no line was awaited */
		return READ_EOF;
	while ((c = getchar()) != EOF && c != '\n') {
		if (c == '\0') {
			*why = "binary data (a NUL byte) in the input";
			return READ_ERROR;
		}
		if (n == CR_MAX_PIPED_LINE) {
			*why = "a line longer than 4096 bytes";
			return READ_ERROR;
		}
		buf[n++] = (char)c;
	}
	if (c == EOF && ferror(stdin) && errno == EINTR && got_term)
		return READ_EOF; /* SIGTERM or SIGHUP: leave, saying what is saved */
	if (c == EOF && ferror(stdin)) {
		*why = "cannot read the input";
		return READ_ERROR;
	}
	if (c == EOF && n == 0)
		return READ_EOF;
	if (n && buf[n - 1] == '\r')
		n--;
	buf[n] = '\0';
	*out = cr_xstrdup(buf);
	return READ_LINE;
}

/* ---- completion ------------------------------------------------------------ */

static const cr_kb *comp_kb;
static const cr_question *comp_q;

static char *complete_gen(const char *text, int state)
{
	static size_t idx, sub;
	static size_t len;
	if (!state) {
		idx = 0;
		sub = 0;
		while (*text == ' ')
			text++;
		len = strlen(text);
	} else {
		while (*text == ' ')
			text++;
	}
	if (!comp_q)
		return NULL;
	if (comp_q->type == CR_Q_CHOICE || comp_q->type == CR_Q_MULTI) {
		/* ids ("us"), then a single choice's labels ("United States"): people type what they
		 * read in the list, and the parser takes a whole label as it takes an id; a label the
		 * same as its id ("china", "China") is offered once. A multiple choice's labels hold
		 * the commas that separate its answers, so there only ids are offered. */
		size_t words = comp_q->type == CR_Q_CHOICE ? 2 : 1;
		while (idx < words * comp_q->nchoices) {
			size_t i = idx % comp_q->nchoices;
			bool label = idx++ >= comp_q->nchoices;
			const cr_choice *c = &comp_q->choices[i];
			const char *w = label ? c->label : c->id;
			if (label && strcasecmp(c->id, c->label) == 0)
				continue;
			if (strncasecmp(w, text, len) == 0)
				return cr_xstrdup(w);
		}
	} else if (comp_q->type == CR_Q_OCCUPATION) {
		/* titles, then each alias */
		while (idx < comp_kb->noccupations) {
			const cr_occupation *o = &comp_kb->occupations[idx];
			if (sub == 0) {
				sub = 1;
				if (strncasecmp(o->title, text, len) == 0)
					return cr_xstrdup(o->title);
			}
			while (sub - 1 < o->aliases.n) {
				const char *a = o->aliases.v[sub++ - 1];
				if (strncasecmp(a, text, len) == 0)
					return cr_xstrdup(a);
			}
			idx++;
			sub = 0;
		}
	}
	return NULL;
}

/*
 * Where the word being completed starts. Occupation titles hold commas and
 * spaces ("Secretaries and Administrative Assistants, Except Legal, Medical,
 * and Executive"), and a choice's labels spaces ("United States"), so the
 * whole reply is one word; several choices are separated by commas, with or
 * without a space after them.
 */
static char *word_breaks(void)
{
	return comp_q && comp_q->type == CR_Q_MULTI ? ", " : "";
}

static char **complete(const char *text, int start, int end)
{
	(void)start;
	(void)end;
	rl_attempted_completion_over = 1; /* never fall back to file names */
	if (comp_q && comp_q->type == CR_Q_OCCUPATION && !text[strspn(text, " ")]) {
		/* every one of the thousands of titles is no help: ask for a start instead */
		fprintf(rl_outstream, "\n  Type the first letters of a job title, then Tab.\n");
		rl_on_new_line();
		return NULL;
	}
	return rl_completion_matches(text, complete_gen);
}

/*
 * Lists the matches on a second Tab. Readline's own list first asks "Display
 * all 2863 possibilities? (y or n)", which its callback mode answers without
 * waiting, and then pages with "--More--" the same way; a list longer than the
 * screen is no help anyway. So at most a screenful, and how many more there are.
 */
static void show_matches(char **matches, int n, int max_len)
{
	int rows = 0, cols = 0;
	rl_get_screen_size(&rows, &cols);
	int cap = rows > 10 ? rows - 6 : 4;
	fputc('\n', rl_outstream);
	rl_display_match_list(matches, n < cap ? n : cap, max_len);
	if (n > cap)
		fprintf(rl_outstream, "  ... and %d more: type more letters, then Tab.\n", n - cap);
	rl_forced_update_display();
}

/* ---- the session ----------------------------------------------------------- */

typedef struct sess {
	cr_app *app;
	const cr_session_opts *o;
	cr_answers *as;
	bool tty;
	FILE *out;          /* the terminal (term_stream): questions, prompts, help, review */
	bool color;         /* colour on out */
	int width;          /* out's columns */
	long line_no;       /* piped: the line being read */
	size_t *trail;      /* questions answered, in order, for `back` */
	size_t ntrail;
	bool saving;        /* answers are saved (not --no-save), whether or not begun yet */
	cr_store *store;    /* where they are saved: o->store, or what o->begin gave; NULL before */
	long long session;  /* the store's session, 0 until o->begin has run and committed */
} sess;

/* Says something on the terminal, wrapped to its width; lines after the first are indented as far as prefix. */
static void say(sess *s, const char *prefix, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(sess *s, const char *prefix, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *t = cr_xvprintf(fmt, ap);
	va_end(ap);
	cr_wrap_prefixed(s->out, prefix, t, s->width);
	free(t);
}

static enum cr_status save(sess *s, size_t qi)
{
	if (!s->saving)
		return CR_OK;
	const cr_question *q = &s->as->q->questions[qi];
	char *json = cr_answer_to_json(q, &s->as->a[qi]);
	/* a busy database is waited for (cr_app_busy); at a terminal Ctrl-C stops the wait */
	if (s->tty) {
		got_sigint = 0;
		stop_wait = got_term; /* a SIGTERM already here must not start an endless wait */
		s->app->busy_cancel = &stop_wait;
	}
	/* the first answer of a session not begun: begun with it, in one transaction (cr_session_opts) */
	bool first = !s->session;
	enum cr_status st = first ? s->o->begin(s->app, s->o->begin_ctx, &s->store, &s->session) : CR_OK;
	if (!st)
		st = cr_store_answer_put(s->store, s->session, q->id, json, &s->app->diags);
	if (first && !st)
		st = cr_store_commit(s->store, &s->app->diags);
	if (first && st) {
		/* nothing of it was kept: the next answer begins again */
		cr_store_rollback(s->store);
		s->session = 0;
	}
	if (st && s->tty && stop_wait)
		cr_diag_hint(&s->app->diags, "%s, so this answer was not saved; the answers before it are, and "
					     "`career-risk assess --resume` asks the rest once the database is free",
			     got_term ? "the session was ended (SIGTERM or SIGHUP) while it waited"
				      : "you stopped waiting (Ctrl-C)");
	s->app->busy_cancel = NULL;
	got_sigint = 0;
	stop_wait = 0;
	free(json);
	return st;
}

static size_t count_applicable(sess *s, size_t upto, size_t *total)
{
	size_t pos = 0, n = 0;
	for (size_t i = 0; i < s->as->q->nquestions; i++) {
		if (!cr_question_may_apply(s->app->kb, s->as, i))
			continue;
		n++;
		if (i <= upto)
			pos = n;
	}
	*total = n;
	return pos;
}

static size_t count_answered(const cr_answers *as)
{
	size_t n = 0;
	for (size_t i = 0; i < as->q->nquestions; i++)
		n += as->a[i].state != CR_A_NONE;
	return n;
}

/* A split part's short name: its label up to the first colon ("Routine information work"). */
static int part_name_len(const char *label)
{
	return (int)strcspn(label, ":");
}

/*
 * How an answer reads back on the terminal (caller frees): the core's own
 * words (choice labels, "12 years"), except that a scale gives its range
 * ("1 on a scale of 1 to 5: Rules settle nearly everything") and a split names
 * its parts ("65% Routine information work; 10% Routine physical work ...").
 */
static char *describe(sess *s, const cr_question *q, const cr_answer *a)
{
	if (q->type == CR_Q_SCALE && a->state == CR_A_GIVEN) {
		/* a bare "1" says nothing without the scale; its ends have words */
		const char *end = a->num == q->min ? q->low : a->num == q->max ? q->high : NULL;
		return cr_xprintf("%g on a scale of %g to %g%s%s", a->num, q->min, q->max, end ? ": " : "", end ? end : "");
	}
	if (q->type != CR_Q_SPLIT || a->state != CR_A_GIVEN)
		return cr_answer_describe(s->app->kb, q, a);
	cr_sb b = {0};
	for (size_t i = 0; i < q->nchoices; i++)
		cr_sb_addf(&b, "%s%g%% %.*s", i ? "; " : "", a->parts[i], part_name_len(q->choices[i].label),
			   q->choices[i].label);
	return cr_sb_take(&b);
}

/* The occupation answered so far in this session, or NULL. */
static const cr_occupation *session_occupation(const sess *s)
{
	for (size_t i = 0; i < s->as->q->nquestions; i++)
		if (s->as->q->questions[i].type == CR_Q_OCCUPATION && s->as->a[i].state == CR_A_GIVEN)
			return cr_kb_occupation(s->app->kb, s->as->a[i].str);
	return NULL;
}

/*
 * A tasks answer as typed: one level per listed task, in order ("0 1 2 3",
 * "0123", or the letters n, l, a, m), turned into the parser's ID=LEVEL
 * form. A line that already holds '=' is passed on as it is. Fewer levels
 * than tasks is refused (*err set, NULL returned): "1 3" for eight tasks is
 * more likely a line sent too early than six tasks meant as "none", and the
 * review would then show only two. Caller frees.
 */
static char *tasks_line(const sess *s, const char *line, char **err)
{
	const cr_occupation *o = session_occupation(s);
	if (strchr(line, '=') || !o)
		return cr_xstrdup(line);
	cr_sb b = {0};
	size_t k = 0;
	for (const char *p = line; *p; p++) {
		int lv = *p >= '0' && *p <= '3' ? *p - '0' : *p == 'n' ? 0 : *p == 'l' ? 1 : *p == 'a' ? 2 : *p == 'm' ? 3 : -1;
		if (*p == ' ' || *p == ',' || *p == '\t')
			continue;
		if (lv < 0 || k >= o->notasks) { /* let the parser say what is wrong */
			cr_sb_free(&b);
			return cr_xprintf("%s%s", line, lv < 0 ? "" : " (more levels than tasks)");
		}
		cr_sb_addf(&b, "%s%ld=%d", k ? " " : "", o->otasks[k].id, lv);
		k++;
	}
	if (!b.s)
		return cr_xstrdup(line);
	if (k < o->notasks) {
		*err = cr_xprintf("%zu tasks are listed and %zu level%s given: give one for each task, 0 for none", o->notasks,
				  k, k == 1 ? " is" : "s are");
		cr_sb_free(&b);
		return NULL;
	}
	return cr_sb_take(&b);
}

static void show_question(sess *s, size_t qi)
{
	const cr_question *q = &s->as->q->questions[qi];
	size_t total, pos = count_applicable(s, qi, &total);
	bool color = s->color;
	fprintf(s->out, "\n%sQuestion %zu of %zu%s\n", color ? "\033[2m" : "", pos, total, color ? "\033[0m" : "");
	if (color)
		fputs("\033[1m", s->out);
	cr_wrap(s->out, q->text, 0, s->width);
	if (color)
		fputs("\033[0m", s->out);
	switch (q->type) {
	case CR_Q_CHOICE:
	case CR_Q_MULTI:
		for (size_t i = 0; i < q->nchoices; i++) {
			char num[32];
			snprintf(num, sizeof num, "  %2zu) ", i + 1);
			cr_wrap_prefixed(s->out, num, q->choices[i].label, s->width);
		}
		if (q->type == CR_Q_MULTI)
			say(s, "  ", "(several: separate with commas, e.g. 1,3; or 'none')");
		break;
	case CR_Q_SCALE:
		say(s, "  ", "%g = %s ... %g = %s", q->min, q->low ? q->low : "lowest", q->max, q->high ? q->high : "highest");
		break;
	case CR_Q_NUMBER:
		say(s, "  ", "(%g to %g%s%s)", q->min, q->max, q->unit ? " " : "", q->unit ? q->unit : "");
		break;
	case CR_Q_OCCUPATION:
		say(s, "  ", "(type a job title or a SOC code; Tab completes)");
		break;
	case CR_Q_TEXT:
		say(s, "  ", "(up to %zu characters)", q->max_length);
		break;
	case CR_Q_SPLIT:
		say(s, "  ", "Give a percentage for each part; they must add up to 100.");
		break;
	case CR_Q_TASKS: {
		const cr_occupation *o = session_occupation(s);
		for (size_t i = 0; o && i < o->notasks; i++) {
			char num[32];
			snprintf(num, sizeof num, "  %2zu) ", i + 1);
			cr_wrap_prefixed(s->out, num, o->otasks[i].text, s->width);
		}
		if (o)
			say(s, "  ", "One digit per task, in order: 0 none, 1 a little, 2 a lot, 3 most (e.g. %s).",
			    o->notasks >= 4 ? "0 1 2 3 ..." : "0 1 2");
		else
			say(s, "  ", "(no occupation yet: press Enter to pass)");
		break;
	}
	}
	say(s, "  ", "[? why this is asked%s%s]", s->ntrail ? ", back" : "", q->optional ? ", Enter or skip to pass" : "");
	if (s->as->a[qi].state != CR_A_NONE) {
		char *d = describe(s, q, &s->as->a[qi]);
		say(s, "  ", "(now: %s; press Enter to keep it)", d);
		free(d);
	}
}

/* KEEP: Enter kept the answer given before; AGAIN: an answer changed at the review. */
enum outcome { GOT, KEEP, BACK, SKIP, LEAVE, CANCEL_Q, AGAIN, FAIL };

/* Reads one reply; handles ?, back, skip, Ctrl-C and Ctrl-D. *out is malloc'd on GOT. */
static enum outcome ask_line(sess *s, const cr_question *q, const char *prompt, char **out)
{
	for (;;) {
		char *line = NULL;
		enum read_result rr;
		if (s->tty) {
			rr = read_tty(prompt, &line);
		} else {
			const char *why = NULL;
			rr = read_piped(&line, &why);
			if (rr != READ_EOF)
				s->line_no++;
			if (why) {
				cr_diag_add(&s->app->diags, CR_EDATA, "stdin", (int)s->line_no, 0, "%s", why);
				cr_diag_hint(&s->app->diags, "give one answer per line, as plain UTF-8 text");
				return FAIL;
			}
		}
		if (rr == READ_ERROR) {
			cr_diag_add(&s->app->diags, CR_EFAIL, NULL, 0, 0, "cannot read from the terminal: %s", strerror(errno));
			return FAIL;
		}
		if (rr == READ_EOF)
			return LEAVE;
		if (rr == READ_INTERRUPT)
			return CANCEL_Q;
		char *t = cr_str_trim(line);
		if (strcmp(t, "?") == 0 || strcmp(t, "help") == 0) {
			free(line);
			say(s, "  Why: ", "%s", q->help);
			continue;
		}
		if (strcmp(t, "back") == 0) {
			free(line);
			if (!s->ntrail) {
				if (s->tty) {
					say(s, "  ", "This is the first question.");
					continue;
				}
				cr_diag_add(&s->app->diags, CR_EDATA, "stdin", (int)s->line_no, 0, "'back' on the first question");
				return FAIL;
			}
			return BACK;
		}
		if (strcmp(t, "skip") == 0) {
			free(line);
			if (q->optional)
				return SKIP;
			if (!s->tty) {
				cr_diag_add(&s->app->diags, CR_EDATA, "stdin", (int)s->line_no, 0, "'%s' cannot be skipped", q->id);
				return FAIL;
			}
			say(s, "  ", "This one is needed for the score; '?' says why.");
			continue;
		}
		*out = line;
		return GOT;
	}
}

/* The parts scaled to add up to 100, in whole percents; the rounding's remainder goes to the largest part. */
static void scale_parts(const cr_question *q, const double *parts, double sum, double *out)
{
	double total = 0;
	size_t big = 0;
	for (size_t i = 0; i < q->nchoices; i++) {
		out[i] = round(parts[i] * 100 / sum);
		total += out[i];
		if (parts[i] > parts[big])
			big = i;
	}
	out[big] += 100 - total;
}

/*
 * A split whose parts do not add up to 100 (some were under-counted, or one
 * was mistyped): rather than all of them again, the person changes just the
 * parts that are wrong, or has them rescaled to 100 after seeing the result
 * and confirming. GOT once they add up; AGAIN to give every part again (Enter);
 * otherwise what ask_line said (LEAVE, CANCEL_Q...).
 */
static enum outcome fix_split(sess *s, const cr_question *q, double *parts, double *sum)
{
	while (fabs(*sum - 100) > 0.5) {
		say(s, "  ", "These add up to %g%%, not 100%%:", *sum);
		for (size_t i = 0; i < q->nchoices; i++) {
			/* a knowledge-base label: through the wrapper, which escapes it (cr_vis) */
			char num[32];
			snprintf(num, sizeof num, "  %2zu) ", i + 1);
			say(s, num, "%g%% %.*s", parts[i], part_name_len(q->choices[i].label), q->choices[i].label);
		}
		/* the choices are said, wrapped; the prompt stays short enough for any terminal */
		say(s, "  ", "Type a part's number (1 to %zu) to change just that part, 'scale' to rescale them all to "
			     "100%%, or press Enter to give every part again.", q->nchoices);
		char prompt[160];
		char *line;
		enum outcome oc = ask_line(s, q, "  Change part: ", &line);
		if (oc != GOT)
			return oc;
		char *t = cr_str_trim(line), *end;
		if (!*t) {
			free(line);
			return AGAIN;
		}
		if (!strcasecmp(t, "scale") || !strcasecmp(t, "s")) {
			free(line);
			if (*sum <= 0) {
				say(s, "  ", "Every part is 0%%, so there is nothing to scale: change a part instead.");
				continue;
			}
			double scaled[CR_MAX_PARTS] = {0};
			scale_parts(q, parts, *sum, scaled);
			cr_sb b = {0};
			for (size_t i = 0; i < q->nchoices; i++)
				cr_sb_addf(&b, "%s%g%% %.*s", i ? "; " : "", scaled[i], part_name_len(q->choices[i].label),
					   q->choices[i].label);
			say(s, "  ", "Scaled to 100%%: %s.", b.s);
			cr_sb_free(&b);
			char *yes = NULL;
			enum read_result rr = read_tty("  Use these? [y/N] ", &yes);
			if (rr == READ_EOF) {
				return LEAVE;
			} else if (rr == READ_INTERRUPT) {
				return CANCEL_Q;
			} else if (rr == READ_LINE && (yes[0] == 'y' || yes[0] == 'Y')) {
				memcpy(parts, scaled, sizeof scaled);
				*sum = 100;
			}
			free(yes);
			continue;
		}
		long k = strtol(t, &end, 10);
		bool number = !*end && k >= 1 && (size_t)k <= q->nchoices;
		free(line);
		if (!number) {
			say(s, "  ", "Type a part's number from 1 to %zu, 'scale', or just press Enter.", q->nchoices);
			continue;
		}
		size_t i = (size_t)k - 1;
		double others = *sum - parts[i];
		cr_wrap(s->out, q->choices[i].label, 2, s->width);
		snprintf(prompt, sizeof prompt, "  part %zu of %zu, now %g%% (%g%% makes 100): ", i + 1, q->nchoices, parts[i],
			 100 - others > 0 ? 100 - others : 0);
		for (;;) {
			oc = ask_line(s, q, prompt, &line);
			if (oc != GOT)
				return oc;
			double v;
			t = cr_str_trim(line);
			bool ok = !*t || (cr_answer_number(t, &v) && v >= 0 && v <= 100);
			if (!*t)
				v = parts[i]; /* Enter keeps the part as it was */
			free(line);
			if (ok) {
				parts[i] = v;
				*sum = others + v;
				break;
			}
			say(s, "  ", "Give a percentage from 0 to 100.");
		}
	}
	return GOT;
}

/*
 * A split, part by part with a running total (terminal), or on one line
 * (pipe). Enter at the first part keeps the answer given before (KEEP), or
 * passes an optional question (SKIP).
 */
static enum outcome ask_split(sess *s, const cr_question *q, const cr_answer *before, cr_answer *a)
{
	if (!s->tty) {
		char *line;
		enum outcome oc = ask_line(s, q, "", &line);
		if (oc != GOT)
			return oc;
		char *err;
		if (q->optional && !*cr_str_trim(line)) {
			free(line);
			return SKIP;
		}
		enum cr_status st = cr_answer_parse(s->app->kb, q, line, a, &err);
		free(line);
		if (st) {
			cr_diag_add(&s->app->diags, CR_EDATA, "stdin", (int)s->line_no, 0, "answer to '%s': %s", q->id, err);
			free(err);
			return FAIL;
		}
		return GOT;
	}
	for (;;) {
		double parts[CR_MAX_PARTS] = {0}, sum = 0;
		for (size_t i = 0; i < q->nchoices; i++) {
			double left = 100 - sum;
			cr_wrap(s->out, q->choices[i].label, 2, s->width);
			char prompt[160];
			if (i + 1 == q->nchoices)
				snprintf(prompt, sizeof prompt, "  part %zu of %zu, %g%% left (Enter for %g): ", i + 1, q->nchoices, left, left);
			else
				snprintf(prompt, sizeof prompt, "  part %zu of %zu, %g%% so far: ", i + 1, q->nchoices, sum);
			char *line;
			enum outcome oc = ask_line(s, q, prompt, &line);
			if (oc != GOT)
				return oc;
			char *t = cr_str_trim(line);
			double v;
			if (!*t && i == 0 && (before->state != CR_A_NONE || q->optional)) {
				free(line);
				return before->state != CR_A_NONE ? KEEP : SKIP;
			}
			if (!*t && i + 1 == q->nchoices) {
				v = left;
			} else if (!cr_answer_number(t, &v) || v < 0 || v > 100) {
				say(s, "  ", "Give a percentage from 0 to 100.");
				free(line);
				i--;
				continue;
			}
			free(line);
			if (sum + v > 100.5) {
				say(s, "  ", "That would make %g%%; at most %g%% is left.", sum + v, left);
				i--;
				continue;
			}
			parts[i] = v;
			sum += v;
		}
		enum outcome oc = fix_split(s, q, parts, &sum);
		if (oc == AGAIN)
			continue;
		if (oc != GOT)
			return oc;
		memset(a, 0, sizeof *a);
		memcpy(a->parts, parts, sizeof parts);
		a->state = CR_A_GIVEN;
		return GOT;
	}
}

/* After Ctrl-C (at a question, or at the review): true when the person chooses to leave. */
static bool confirm_leave(sess *s, const char *what)
{
	char *prompt = cr_xprintf("%s%s [y/N] ", what, s->saving ? "Save your answers and leave?" : "Leave without saving?");
	char *line = NULL;
	enum read_result rr = read_tty(prompt, &line);
	free(prompt);
	bool leave = rr == READ_EOF || (rr == READ_LINE && (line[0] == 'y' || line[0] == 'Y'));
	free(line);
	return leave;
}

/* Asks question qi until it has a valid answer or the person leaves. */
static enum outcome ask(sess *s, size_t qi)
{
	const cr_question *q = &s->as->q->questions[qi];
	const cr_answer *before = &s->as->a[qi];
	comp_kb = s->app->kb;
	comp_q = q;
	if (s->tty)
		show_question(s, qi);
	for (;;) {
		cr_answer a;
		enum outcome oc;
		if (q->type == CR_Q_SPLIT) {
			oc = ask_split(s, q, before, &a);
		} else {
			char *line;
			oc = ask_line(s, q, "> ", &line);
			if (oc == GOT && s->tty && !*cr_str_trim(line) && before->state != CR_A_NONE) {
				free(line);
				oc = KEEP;
			} else if (oc == GOT && !*cr_str_trim(line) && q->optional && q->type != CR_Q_MULTI) {
				/* Enter (an empty piped line) passes an optional question; for a
				 * multiple choice it means none of them, which the parser takes */
				free(line);
				oc = SKIP;
			} else if (oc == GOT && s->tty && !*cr_str_trim(line) && q->type == CR_Q_MULTI && !q->optional) {
				/* Enter at a required multiple choice is more likely a slip than "none of
				 * them", which the parser would take: asked again, saying how to say none */
				free(line);
				say(s, "  ", "Type the numbers of those that apply (e.g. 1,3), or 'none' if none do.");
				continue;
			}
			char *terr = NULL;
			if (oc == GOT && q->type == CR_Q_TASKS) {
				char *t = tasks_line(s, line, &terr);
				free(line);
				line = t ? t : cr_xstrdup("");
			}
			if (oc == GOT) {
				char *err = terr;
				enum cr_status st = terr ? CR_EDATA : cr_answer_parse(s->app->kb, q, line, &a, &err);
				if (st) {
					if (!s->tty) {
						cr_diag_add(&s->app->diags, CR_EDATA, "stdin", (int)s->line_no, 0, "answer to '%s': %s", q->id, err);
						free(err);
						free(line);
						return FAIL;
					}
					cr_wrap_prefixed(s->out, "  Not quite: ", err, s->width);
					free(err);
					free(line);
					continue;
				}
				cr_answers_set(s->as, qi, &a); /* copies free text before line goes */
				free(line);
				if (s->tty && q->type == CR_Q_OCCUPATION) {
					char *desc = cr_answer_describe(s->app->kb, q, &s->as->a[qi]);
					say(s, "  -> ", "%s", desc);
					free(desc);
				}
				return save(s, qi) ? FAIL : GOT;
			}
		}
		if (oc == KEEP)
			return GOT; /* nothing changed, nothing to save */
		if (oc == SKIP) {
			memset(&a, 0, sizeof a);
			a.state = CR_A_SKIPPED;
			cr_answers_set(s->as, qi, &a);
			return save(s, qi) ? FAIL : GOT;
		}
		if (oc == GOT) {
			cr_answers_set(s->as, qi, &a);
			return save(s, qi) ? FAIL : GOT;
		}
		if (oc == CANCEL_Q) {
			if (confirm_leave(s, "Question cancelled. "))
				return LEAVE;
			show_question(s, qi);
			continue;
		}
		return oc;
	}
}

/*
 * Asks, in order, every question that applies, skipping those already
 * answered when skip_answered (a resumed session, or after a change at the
 * review); an answer to a question that no longer applies is dropped.
 * Returns GOT when the end is reached, or LEAVE or FAIL.
 */
static enum outcome walk(sess *s, bool skip_answered)
{
	const cr_questionnaire *q = s->as->q;
	size_t qi = 0;
	s->ntrail = 0;
	while (qi < q->nquestions) {
		if (!cr_question_applies(s->app->kb, s->as, qi)) {
			if (s->as->a[qi].state != CR_A_NONE) {
				/* an earlier answer no longer applies (e.g. after `back`, or a change at the review) */
				cr_answers_clear(s->as, qi);
				if (s->session &&
				    cr_store_answer_delete(s->store, s->session, q->questions[qi].id, &s->app->diags))
					return FAIL;
			}
			qi++;
			continue;
		}
		if (skip_answered && s->as->a[qi].state != CR_A_NONE) {
			s->trail[s->ntrail++] = qi;
			qi++;
			continue;
		}
		enum outcome oc = ask(s, qi);
		if (oc == GOT) {
			s->trail[s->ntrail++] = qi;
			qi++;
		} else if (oc == BACK) {
			qi = s->trail[--s->ntrail];
			skip_answered = false; /* going back asks again, with Enter keeping an answer */
		} else {
			return oc;
		}
	}
	return GOT;
}

/*
 * Text cut at a word to fit cols columns, "..." marking the cut (caller
 * frees). Columns are counted as UTF-8 characters.
 */
static char *clip_words(const char *text, int cols)
{
	int n = 0;
	const char *p = text, *last_space = NULL;
	for (; *p; p++) {
		if (((unsigned char)*p & 0xC0) == 0x80)
			continue;
		if (*p == ' ' && n <= cols - 3)
			last_space = p;
		if (++n > cols)
			break;
	}
	if (!*p)
		return cr_xstrdup(text);
	if (!last_space)
		return cr_xstrdup("...");
	return cr_xprintf("%.*s...", (int)(last_space - text), text);
}

/* A question's first sentence, for the review ("What is your job?"); caller frees. */
static char *first_sentence(const char *text)
{
	for (const char *p = text; *p; p++)
		if ((*p == '?' || *p == '.' || *p == ':') && (p[1] == ' ' || !p[1]))
			return cr_xstrndup(text, (size_t)(p - text + 1));
	return cr_xstrdup(text);
}

/*
 * The review before scoring: each question's first sentence (cut to the
 * width) and its answer in words. Enter scores (GOT); a number asks that
 * question again, with its answer shown, and returns AGAIN so that questions
 * the change brings in or rules out are dealt with before the review is shown
 * again; Ctrl-C offers to leave as at a question; Ctrl-D leaves (LEAVE).
 */
static enum outcome review(sess *s)
{
	for (;;) {
		fprintf(s->out, "\nYour answers:\n");
		size_t shown = 0;
		size_t map[256];
		for (size_t i = 0; i < s->as->q->nquestions && shown < CR_ARRAY_LEN(map); i++) {
			if (!cr_question_applies(s->app->kb, s->as, i))
				continue;
			const cr_question *q = &s->as->q->questions[i];
			map[shown++] = i;
			char num[16];
			snprintf(num, sizeof num, "%3zu. ", shown);
			char *sentence = first_sentence(q->text);
			char *head = clip_words(sentence, s->width - 6);
			char *safe = cr_vis(head, 0, 0); /* a knowledge-base text: escaped, as cr_wrap does */
			fprintf(s->out, "%s%s\n", num, safe);
			free(safe);
			char *d = describe(s, q, &s->as->a[i]);
			cr_wrap_prefixed(s->out, "       ", d, s->width);
			free(d);
			free(head);
			free(sentence);
		}
		say(s, "", "Press Enter to see your result, or type a number (1 to %zu) to change that answer.", shown);
		char *line = NULL;
		enum read_result rr = read_tty("> ", &line);
		if (rr == READ_EOF)
			return LEAVE;
		if (rr == READ_INTERRUPT) {
			if (confirm_leave(s, ""))
				return LEAVE;
			continue;
		}
		if (rr == READ_ERROR) {
			cr_diag_add(&s->app->diags, CR_EFAIL, NULL, 0, 0, "cannot read from the terminal: %s", strerror(errno));
			return FAIL;
		}
		char *t = cr_str_trim(line);
		if (!*t) {
			free(line);
			return GOT;
		}
		char *end;
		long n = strtol(t, &end, 10);
		bool number = *end == '\0'; /* checked before line (into which end points) is freed */
		free(line);
		if (!number || n < 1 || (size_t)n > shown) {
			say(s, "  ", "Type a number from 1 to %zu, or just press Enter.", shown);
			continue;
		}
		enum outcome oc = ask(s, map[n - 1]);
		if (oc == LEAVE || oc == FAIL)
			return oc;
		return AGAIN; /* GOT, or `back`: either way, to the review again */
	}
}

/*
 * Leaving before the end (Ctrl-D, or Ctrl-C and yes): says what became of the
 * answers and how to go on. A saved session with nothing answered is
 * cancelled, so that no empty session waits to be resumed.
 */
static enum cr_status leave(sess *s)
{
	size_t n = count_answered(s->as);
	const char *ans = n == 1 ? "answer" : "answers";
	if (!s->saving) {
		if (n)
			say(s, "", "\nLeaving without saving: your %zu %s %s not kept (--no-save).", n, ans,
			    n == 1 ? "is" : "are");
		else
			say(s, "", "\nLeaving without saving: nothing was answered.");
	} else if (!n) {
		/* a session not begun was never written: there is nothing to cancel */
		if (s->session && cr_store_session_cancel(s->store, s->session, &s->app->diags))
			return CR_ESTORE;
		say(s, "", "\nLeaving: nothing was answered, so there is nothing to resume.");
	} else {
		char *inv = cr_app_invocation(s->app);
		say(s, "", "\nYour %zu %s %s saved. Pick up where you left off with:", n, ans, n == 1 ? "is" : "are");
		fprintf(s->out, "  %s assess --resume\n", inv); /* a command, never wrapped */
		free(inv);
	}
	return CR_ECANCEL;
}

enum cr_status cr_session_run(cr_app *app, const cr_session_opts *o, cr_answers *as)
{
	FILE *out = term_stream();
	sess s = {.app = app, .o = o, .as = as, .tty = app->stdin_tty, .out = out,
		  .color = !app->no_color && isatty(fileno(out)), .width = term_width(out, app->width),
		  .saving = o->store || o->begin, .store = o->store, .session = o->store ? o->session : 0};
	enum cr_status st = CR_OK;
	/* at a terminal all three; piped, SIGINT keeps its default (every answer given is committed) */
	static const int signals[] = {SIGTERM, SIGHUP, SIGINT};
	size_t nsig = s.tty ? 3 : 2;
	struct sigaction sa = {0}, old[CR_ARRAY_LEN(signals)];
	s.trail = cr_xcalloc(as->q->nquestions + 1, sizeof *s.trail);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0; /* no SA_RESTART: select() and a piped read must return EINTR */
	got_term = 0;
	for (size_t i = 0; i < nsig; i++)
		sigaction(signals[i], &sa, &old[i]);
	if (s.tty) {
		rl_catch_signals = 0;
		rl_readline_name = "career-risk";
		rl_attempted_completion_function = complete;
		rl_completion_word_break_hook = word_breaks;
		rl_completion_display_matches_hook = show_matches;
		rl_variable_bind("completion-ignore-case", "on"); /* "united" completes to "United States", as the parser takes it */
		const cr_questionnaire *q = as->q;
		char *title = cr_vis(q->title, 0, 0);
		fprintf(out, "%s\n", title);
		free(title);
		/* the description says what the questionnaire is, its length included; a count when there is none */
		if (q->description)
			cr_wrap(out, q->description, 0, s.width);
		else
			say(&s, "", "%zu questions, about %d minutes.", q->nquestions, q->minutes ? q->minutes : 10);
		say(&s, "", "Type ? at any question to see why it is asked. Your answers stay on this computer%s.",
		    s.saving ? " and are saved as you go" : " and are not saved (--no-save)");
		if (o->resume)
			say(&s, "", "Resuming: your earlier answers are kept.");
	}
	bool skip_answered = o->resume;
	for (;;) {
		enum outcome oc = walk(&s, skip_answered);
		if (oc == GOT && s.tty)
			oc = review(&s);
		if (oc == GOT)
			break;
		if (oc == AGAIN) {
			skip_answered = true; /* only what the change brought in is asked */
			continue;
		}
		if (oc == LEAVE && !s.tty && !got_term) {
			long miss = cr_answers_first_missing(app->kb, as);
			if (miss >= 0) {
				cr_diag_add(&app->diags, CR_EDATA, "stdin", (int)s.line_no + 1, 0,
					    "input ended before question '%s' was answered", as->q->questions[miss].id);
				st = CR_EDATA;
			}
			break;
		}
		if (oc == LEAVE)
			st = leave(&s);
		else
			st = cr_diags_status(&app->diags) ? cr_diags_status(&app->diags) : CR_EFAIL;
		break;
	}
	if (s.tty)
		fputc('\n', out);
	for (size_t i = 0; i < nsig; i++)
		sigaction(signals[i], &old[i], NULL);
	free(s.trail);
	return st;
}

bool cr_session_confirm(cr_app *app, const char *question, bool dflt)
{
	FILE *out = term_stream();
	const char *yn = dflt ? "[Y/n] " : "[y/N] ";
	char *prompt = cr_xprintf("%s %s", question, yn);
	if ((int)strlen(prompt) >= term_width(out, app->width)) {
		/* a prompt wider than the terminal would wrap mid-word: the question is wrapped, the prompt kept short */
		cr_wrap(out, question, 0, term_width(out, app->width));
		free(prompt);
		prompt = cr_xstrdup(yn);
	}
	char *line = NULL;
	enum read_result rr = read_tty(prompt, &line);
	free(prompt);
	bool yes = dflt;
	if (rr == READ_LINE) {
		char *t = cr_str_trim(line);
		if (*t)
			yes = t[0] == 'y' || t[0] == 'Y';
	} else {
		yes = false;
	}
	free(line);
	return yes;
}
