/*
 * session.c - asking the questions: GNU readline at a terminal, plain lines
 * from a pipe.
 *
 * At a terminal: "Question 3 of 9", line editing, Tab completes choices and
 * occupation titles, `?` shows why a question is asked, `back` and `skip`,
 * invalid answers are explained and asked again, a review before scoring.
 * Ctrl-C cancels the question in hand and offers to save and leave; Ctrl-D
 * leaves. Every answer is saved as it is given, so nothing answered is lost.
 * Answers never enter readline's history: they are personal.
 *
 * From a pipe: one line per question asked, no prompts and no colour; a bad
 * line stops with its line number.
 *
 * The SIGINT handler only sets a flag; readline's alternate (callback)
 * interface lets the select() loop notice it between keystrokes.
 */
#include <errno.h>
#include <math.h>
#include <readline/history.h>
#include <readline/readline.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <unistd.h>

#include "../core/answers.h"
#include "../core/util.h"
#include "../render/render.h"
#include "app.h"

static volatile sig_atomic_t got_sigint;

static void on_sigint(int sig)
{
	(void)sig;
	got_sigint = 1;
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
	cb_done = false;
	cb_line = NULL;
	rl_callback_handler_install(prompt, on_line);
	while (!cb_done) {
		fd_set fds;
		FD_ZERO(&fds);
		FD_SET(fileno(rl_instream), &fds);
		int r = select(fileno(rl_instream) + 1, &fds, NULL, NULL, NULL);
		if (r < 0) {
			if (errno == EINTR && got_sigint) {
				got_sigint = 0;
				rl_free_line_state();
				rl_callback_sigcleanup();
				rl_cleanup_after_signal();
				rl_callback_handler_remove();
				fputc('\n', stdout);
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
		len = strlen(text);
	}
	if (!comp_q)
		return NULL;
	if (comp_q->type == CR_Q_CHOICE || comp_q->type == CR_Q_MULTI) {
		while (idx < comp_q->nchoices) {
			const cr_choice *c = &comp_q->choices[idx++];
			if (strncasecmp(c->id, text, len) == 0)
				return cr_xstrdup(c->id);
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

static char **complete(const char *text, int start, int end)
{
	(void)start;
	(void)end;
	rl_attempted_completion_over = 1; /* never fall back to file names */
	return rl_completion_matches(text, complete_gen);
}

/* ---- the session ----------------------------------------------------------- */

typedef struct sess {
	cr_app *app;
	const cr_session_opts *o;
	cr_answers *as;
	bool tty;
	long line_no;       /* piped: the line being read */
	size_t *trail;      /* questions answered, in order, for `back` */
	size_t ntrail;
} sess;

static enum cr_status save(sess *s, size_t qi)
{
	if (!s->o->store)
		return CR_OK;
	const cr_question *q = &s->as->q->questions[qi];
	char *json = cr_answer_to_json(q, &s->as->a[qi]);
	enum cr_status st = cr_store_answer_put(s->o->store, s->o->session, q->id, json, &s->app->diags);
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

static void show_question(sess *s, size_t qi)
{
	const cr_question *q = &s->as->q->questions[qi];
	size_t total, pos = count_applicable(s, qi, &total);
	bool color = !s->app->no_color;
	printf("\n%sQuestion %zu of %zu%s\n", color ? "\033[2m" : "", pos, total, color ? "\033[0m" : "");
	if (color)
		fputs("\033[1m", stdout);
	cr_wrap(stdout, q->text, 0, s->app->width);
	if (color)
		fputs("\033[0m", stdout);
	switch (q->type) {
	case CR_Q_CHOICE:
	case CR_Q_MULTI:
		for (size_t i = 0; i < q->nchoices; i++) {
			char num[32];
			snprintf(num, sizeof num, "  %2zu) ", i + 1);
			cr_wrap_prefixed(stdout, num, q->choices[i].label, s->app->width);
		}
		if (q->type == CR_Q_MULTI)
			printf("  (several: separate with commas, e.g. 1,3; or 'none')\n");
		break;
	case CR_Q_SCALE:
		printf("  %g = %s ... %g = %s\n", q->min, q->low ? q->low : "lowest", q->max, q->high ? q->high : "highest");
		break;
	case CR_Q_NUMBER:
		printf("  (%g to %g%s%s)\n", q->min, q->max, q->unit ? " " : "", q->unit ? q->unit : "");
		break;
	case CR_Q_OCCUPATION:
		printf("  (type a job title or a SOC code; Tab completes)\n");
		break;
	case CR_Q_TEXT:
		printf("  (up to %zu characters)\n", q->max_length);
		break;
	case CR_Q_SPLIT:
		printf("  Give a percentage for each part; they must add up to 100.\n");
		break;
	}
	printf("  [? why this is asked%s%s]\n", s->ntrail ? ", back" : "", q->optional ? ", Enter or skip to pass" : "");
}

enum outcome { GOT, BACK, SKIP, LEAVE, CANCEL_Q, FAIL };

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
			cr_wrap_prefixed(stdout, "  Why: ", q->help, s->app->width);
			free(line);
			continue;
		}
		if (strcmp(t, "back") == 0) {
			free(line);
			if (!s->ntrail) {
				if (s->tty) {
					printf("  This is the first question.\n");
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
			printf("  This one is needed for the score; '?' says why.\n");
			continue;
		}
		*out = line;
		return GOT;
	}
}

/* A split, part by part with a running total (terminal), or on one line (pipe). */
static enum outcome ask_split(sess *s, const cr_question *q, cr_answer *a)
{
	if (!s->tty) {
		char *line;
		enum outcome oc = ask_line(s, q, "", &line);
		if (oc != GOT)
			return oc;
		char *err;
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
			cr_wrap(stdout, q->choices[i].label, 2, s->app->width);
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
			char *end;
			if (!*t && i + 1 == q->nchoices) {
				v = left;
			} else {
				if (t[0] && t[strlen(t) - 1] == '%')
					t[strlen(t) - 1] = '\0';
				v = strtod(t, &end);
				if (!*t || *end || v < 0 || v > 100 || !isfinite(v)) {
					printf("  Give a percentage from 0 to 100.\n");
					free(line);
					i--;
					continue;
				}
			}
			free(line);
			if (sum + v > 100.5) {
				printf("  That would make %g%%; at most %g%% is left.\n", sum + v, left);
				i--;
				continue;
			}
			parts[i] = v;
			sum += v;
		}
		if (fabs(sum - 100) <= 0.5) {
			memset(a, 0, sizeof *a);
			memcpy(a->parts, parts, sizeof parts);
			a->state = CR_A_GIVEN;
			return GOT;
		}
		printf("  These add up to %g%%, not 100%%. Let's go through the parts again.\n", sum);
	}
}

/* Asks question qi until it has a valid answer or the person leaves. */
static enum outcome ask(sess *s, size_t qi)
{
	const cr_question *q = &s->as->q->questions[qi];
	comp_kb = s->app->kb;
	comp_q = q;
	if (s->tty) {
		show_question(s, qi);
		if (s->as->a[qi].state != CR_A_NONE) {
			char *d = cr_answer_describe(s->app->kb, q, &s->as->a[qi]);
			printf("  (now: %s; press Enter to keep it)\n", d);
			free(d);
		}
	}
	for (;;) {
		cr_answer a;
		enum outcome oc;
		if (q->type == CR_Q_SPLIT) {
			oc = ask_split(s, q, &a);
		} else {
			char *line;
			oc = ask_line(s, q, "> ", &line);
			if (oc == GOT && s->tty && !*cr_str_trim(line) && s->as->a[qi].state != CR_A_NONE) {
				free(line);
				return GOT; /* Enter keeps the answer given before */
			}
			if (oc == GOT && s->tty && !*cr_str_trim(line) && q->optional && q->type != CR_Q_MULTI) {
				free(line);
				oc = SKIP; /* Enter passes an optional question */
			}
			if (oc == GOT) {
				char *err;
				enum cr_status st = cr_answer_parse(s->app->kb, q, line, &a, &err);
				if (st) {
					if (!s->tty) {
						cr_diag_add(&s->app->diags, CR_EDATA, "stdin", (int)s->line_no, 0, "answer to '%s': %s", q->id, err);
						free(err);
						free(line);
						return FAIL;
					}
					cr_wrap_prefixed(stdout, "  Not quite: ", err, s->app->width);
					free(err);
					free(line);
					continue;
				}
				cr_answers_set(s->as, qi, &a); /* copies free text before line goes */
				free(line);
				if (s->tty && q->type == CR_Q_OCCUPATION) {
					char *desc = cr_answer_describe(s->app->kb, q, &s->as->a[qi]);
					printf("  -> %s\n", desc);
					free(desc);
				}
				return save(s, qi) ? FAIL : GOT;
			}
		}
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
			char *line = NULL;
			printf("Question cancelled. Save your answers and leave? [y/N] ");
			fflush(stdout);
			enum read_result rr = read_tty("", &line);
			bool leave = rr == READ_EOF || (rr == READ_LINE && (line[0] == 'y' || line[0] == 'Y'));
			free(line);
			if (leave)
				return LEAVE;
			show_question(s, qi);
			continue;
		}
		return oc;
	}
}

/* Prints one line, cut at a character boundary to fit the terminal, "..." marking the cut. */
static void print_clipped(const char *line, int width)
{
	int cols = 0, max = width - 2;
	const char *p = line, *cut = NULL;
	for (; *p; p++) {
		if (((unsigned char)*p & 0xC0) == 0x80)
			continue;
		if (++cols == max - 2)
			cut = p; /* a character boundary with room for "..." */
		if (cols > max)
			break;
	}
	if (*p && cut)
		printf("  %.*s...\n", (int)(cut - line), line);
	else
		printf("  %s\n", line);
}

/* The review before scoring: Enter to score, a number to change that answer. */
static enum outcome review(sess *s)
{
	for (;;) {
		printf("\nYour answers:\n");
		size_t shown = 0;
		size_t map[256];
		for (size_t i = 0; i < s->as->q->nquestions && shown < CR_ARRAY_LEN(map); i++) {
			if (!cr_question_applies(s->app->kb, s->as, i))
				continue;
			const cr_question *q = &s->as->q->questions[i];
			char *d = cr_answer_describe(s->app->kb, q, &s->as->a[i]);
			map[shown++] = i;
			char *line = cr_xprintf("%2zu. %s: %s", shown, q->id, d);
			print_clipped(line, s->app->width);
			free(line);
			free(d);
		}
		char *line = NULL;
		enum read_result rr = read_tty("Press Enter to see your result, or type a number to change that answer: ", &line);
		if (rr == READ_EOF || rr == READ_INTERRUPT)
			return LEAVE;
		if (rr == READ_ERROR)
			return FAIL;
		char *t = cr_str_trim(line);
		if (!*t) {
			free(line);
			return GOT;
		}
		char *end;
		long n = strtol(t, &end, 10);
		free(line);
		if (*end || n < 1 || (size_t)n > shown) {
			printf("  Type a number from 1 to %zu, or just press Enter.\n", shown);
			continue;
		}
		enum outcome oc = ask(s, map[n - 1]);
		if (oc == LEAVE || oc == FAIL)
			return oc;
	}
}

enum cr_status cr_session_run(cr_app *app, const cr_session_opts *o, cr_answers *as)
{
	sess s = {.app = app, .o = o, .as = as, .tty = app->stdin_tty};
	enum cr_status st = CR_OK;
	struct sigaction sa = {0}, old;
	s.trail = cr_xcalloc(as->q->nquestions + 1, sizeof *s.trail);
	if (s.tty) {
		sa.sa_handler = on_sigint;
		sigemptyset(&sa.sa_mask);
		sa.sa_flags = 0; /* no SA_RESTART: select() must return EINTR */
		sigaction(SIGINT, &sa, &old);
		rl_catch_signals = 0;
		rl_readline_name = "career-risk";
		rl_attempted_completion_function = complete;
		rl_basic_word_break_characters = ",";
		const cr_questionnaire *q = as->q;
		printf("%s\n", q->title);
		if (q->description)
			cr_wrap(stdout, q->description, 0, app->width);
		printf("%zu questions, about %d minutes. Type ? at any question to see why it is asked.\n"
		       "Your answers stay on this computer%s.\n",
		       q->nquestions, q->minutes ? q->minutes : 10,
		       o->store ? " and are saved as you go" : " and are not saved (--no-save)");
		if (o->resume)
			printf("Resuming: your earlier answers are kept.\n");
	}
	size_t qi = 0;
	bool skip_answered = o->resume;
	while (qi < as->q->nquestions) {
		if (!cr_question_applies(app->kb, as, qi)) {
			if (as->a[qi].state != CR_A_NONE) {
				/* an earlier answer no longer applies (e.g. after `back`) */
				cr_answers_clear(as, qi);
				if (o->store && cr_store_answer_delete(o->store, o->session, as->q->questions[qi].id, &app->diags)) {
					st = CR_ESTORE;
					goto out;
				}
			}
			qi++;
			continue;
		}
		if (skip_answered && as->a[qi].state != CR_A_NONE) {
			s.trail[s.ntrail++] = qi;
			qi++;
			continue;
		}
		enum outcome oc = ask(&s, qi);
		if (oc == GOT) {
			s.trail[s.ntrail++] = qi;
			qi++;
		} else if (oc == BACK) {
			qi = s.trail[--s.ntrail];
			skip_answered = false; /* going back asks again, with Enter keeping an answer */
		} else if (oc == LEAVE) {
			size_t n = 0;
			for (size_t j = 0; j < as->q->nquestions; j++)
				n += as->a[j].state != CR_A_NONE;
			if (!s.tty) {
				long miss = cr_answers_first_missing(app->kb, as);
				if (miss >= 0) {
					cr_diag_add(&app->diags, CR_EDATA, "stdin", (int)s.line_no + 1, 0,
						    "input ended before question '%s' was answered", as->q->questions[miss].id);
					st = CR_EDATA;
					goto out;
				}
				break;
			}
			if (o->store)
				printf("\nYour %zu answer%s %s saved. Pick up where you left off with:\n  career-risk assess --resume\n",
				       n, n == 1 ? "" : "s", n == 1 ? "is" : "are");
			else
				printf("\nLeaving without saving (--no-save).\n");
			st = CR_ECANCEL;
			goto out;
		} else {
			st = cr_diags_status(&app->diags) ? cr_diags_status(&app->diags) : CR_EFAIL;
			goto out;
		}
	}
	if (s.tty) {
		enum outcome oc = review(&s);
		if (oc == LEAVE) {
			printf("\nYour answers are saved. Pick up where you left off with:\n  career-risk assess --resume\n");
			st = CR_ECANCEL;
		} else if (oc == FAIL) {
			st = cr_diags_status(&app->diags) ? cr_diags_status(&app->diags) : CR_EFAIL;
		}
		printf("\n");
	}
out:
	if (s.tty)
		sigaction(SIGINT, &old, NULL);
	free(s.trail);
	return st;
}

bool cr_session_confirm(cr_app *app, const char *question, bool dflt)
{
	(void)app;
	char *line = NULL;
	char *prompt = cr_xprintf("%s %s ", question, dflt ? "[Y/n]" : "[y/N]");
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

enum cr_status cr_app_confirm(cr_app *app, bool yes, const char *question, const char *undone)
{
	if (yes)
		return CR_OK;
	if (!app->stdin_tty) {
		cr_diag_add(&app->diags, CR_EUSAGE, NULL, 0, 0, "%s cannot be undone; add --yes to confirm it", undone);
		return CR_EUSAGE;
	}
	return cr_session_confirm(app, question, false) ? CR_OK : CR_ECANCEL;
}
