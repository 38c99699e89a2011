/* cmd_assess.c - `career-risk assess`: answers in, result out, session saved. */
#include <stdlib.h>
#include <string.h>

#include "../core/answers.h"
#include "../core/assess.h"
#include "../core/util.h"
#include "../render/render.h"
#include "../render/report.h"
#include "app.h"

typedef struct load_ctx {
	cr_app *app;
	cr_answers *as;
	enum cr_status st;
} load_ctx;

static void load_one(const char *question, const char *json, void *ctx)
{
	load_ctx *c = ctx;
	size_t qi;
	if (!cr_questionnaire_find(c->as->q, question, &qi))
		return; /* a question since removed from the questionnaire: nothing to restore */
	if (cr_answers_set_json(c->app->kb, c->as, qi, json, &c->app->diags))
		c->st = CR_EDATA;
}

/* Counts a session's stored answers (cr_store_answers callback; ctx is a size_t). */
static void count_one(const char *question, const char *json, void *ctx)
{
	(void)question;
	(void)json;
	++*(size_t *)ctx;
}

/*
 * The result in the format asked for. A format without a result view (HTML)
 * shows the report instead: of the session just saved, with the profile's
 * history, or of the unsaved result alone.
 */
static enum cr_status render(cr_app *app, const char *profile, const cr_result *res, const cr_format *f)
{
	if (f->result) {
		cr_render_opts o = cr_app_render_opts(app, NULL);
		return f->result(stdout, res, &o);
	}
	if (!profile) {
		char *json = cr_result_json(res, true);
		enum cr_status st = cr_app_report(app, NULL, NULL, json, f, NULL, CR_REPORT_FULL, stdout);
		free(json);
		return st;
	}
	cr_progress *p = NULL;
	enum cr_status st = cr_app_progress(app, &p);
	if (!st)
		st = cr_app_report(app, p, cr_progress_latest(p), NULL, f, NULL, CR_REPORT_FULL, stdout);
	cr_progress_free(p);
	return st;
}

/* After a saved re-assessment: what it credited, or where the plan is (render_progress.c). */
static enum cr_status credit_note(cr_app *app)
{
	cr_progress *p = NULL;
	enum cr_status st = cr_app_progress(app, &p);
	if (st)
		return st;
	/* the commands suggested act on this profile and database */
	char *inv = cr_app_invocation(app);
	cr_render_opts o = cr_app_render_opts(app, inv);
	st = cr_render_saved_note(stdout, p, &o);
	free(inv);
	cr_progress_free(p);
	return st;
}

/* A session begun with its first answer (begin_session): what it is for. */
typedef struct begin_ctx {
	const cr_questionnaire *q;
	int64_t profile, session; /* set by begin_session; 0 before */
} begin_ctx;

/*
 * cr_session_opts.begin: the database (created when it is not there yet), the
 * profile (created when new) and the session, in a write transaction the
 * first answer joins and commits; on failure nothing is left open.
 */
static enum cr_status begin_session(cr_app *app, void *ctx, cr_store **store, long long *session)
{
	begin_ctx *b = ctx;
	enum cr_status st;
	if ((st = cr_app_open_store(app)) || (st = cr_store_writable(app->store, &app->diags)) ||
	    (st = cr_store_begin(app->store, &app->diags)))
		return st;
	if ((st = cr_store_profile(app->store, app->profile, true, &b->profile, &app->diags)) ||
	    (st = cr_store_session_begin(app->store, b->profile, b->q->id, app->kb->version, &b->session, &app->diags))) {
		cr_store_rollback(app->store);
		b->session = 0;
		return st;
	}
	*store = app->store;
	*session = b->session;
	return CR_OK;
}

enum cr_status cmd_assess(cr_app *app, const cr_args *args)
{
	const char *qid = cr_args_get(args, CR_OPT_QUESTIONNAIRE), *answers_file = cr_args_get(args, CR_OPT_ANSWERS);
	bool no_save = cr_args_has(args, CR_OPT_NO_SAVE), resume = cr_args_has(args, CR_OPT_RESUME);
	const char *format = cr_args_get(args, CR_OPT_FORMAT);
	if (resume && answers_file)
		return cr_app_usage(app, "assess", "--resume continues an interactive session; it does not go with --answers");
	/* every format has a report view; those with a result view show that (render below) */
	const cr_format *fmt = cr_app_format(app, "assess", format, CR_VIEW_REPORT);
	if (!fmt)
		return CR_EUSAGE;

	enum cr_status st = CR_OK;
	cr_answers *as = NULL;
	cr_result *res = NULL;
	char *stored_q = NULL;
	int64_t profile = 0, session = 0;
	const cr_kb *kb = app->kb;
	/*
	 * A new interactive session writes nothing before its first answer: the
	 * profile and the session are created with it (begin_session), and the
	 * database too when it is not there yet (`later`). So nothing is created
	 * or synced before the first question, and a person who leaves there
	 * leaves no trace. The only writes before it are the ones asked for or
	 * left over: closing an unfinished session the person discards, or an
	 * empty one an older version left. An answers file is saved whole, so it
	 * is set up at once.
	 */
	bool later = false, known = false;

	/* a session never loses an answer to a busy database: it waits as long as it takes (busy.c) */
	app->busy_patient = !answers_file;
	if (!no_save) {
		/* a read-only database, or a place one cannot be created, is refused before the first
		 * question, not at the first answer */
		if (answers_file ? (st = cr_app_open_store(app)) || (st = cr_store_writable(app->store, &app->diags))
				 : (st = cr_app_open_store_writable(app, &later)))
			goto out;
		/* a new profile other than the person's own is said, so a misspelt client name shows */
		if (!later) {
			/* a refused name or a failed look-up is said as it is */
			known = cr_store_profile_find(app->store, app->profile, &profile, &st, &app->diags);
			if (st)
				goto out;
		} else if ((st = cr_store_check_name(app->profile, &app->diags))) {
			goto out; /* refused now, as a look-up would, not at the first answer */
		}
		if (!known && answers_file && (st = cr_store_profile(app->store, app->profile, true, &profile, &app->diags)))
			goto out;
		if (!known && strcmp(app->profile, CR_DEFAULT_PROFILE) != 0) {
			char *inv = cr_app_invocation(app);
			if (answers_file)
				fprintf(stderr, "career-risk: created profile '%s'; every profile:\n  `%s profile list`\n",
					app->profile, inv);
			else
				fprintf(stderr, "career-risk: new profile '%s', created with your first answer; every "
					"profile:\n  `%s profile list`\n", app->profile, inv);
			free(inv);
		}
	}
	/* An unfinished session: resume it when asked, or offer it at a terminal. */
	if (!no_save && !answers_file) {
		int64_t open_session = 0;
		/* a profile or a database not there yet has none */
		if (known && (st = cr_store_open_session(app->store, profile, &open_session, &stored_q, &app->diags)))
			goto out;
		size_t nanswers = 0;
		if (open_session && (st = cr_store_answers(app->store, open_session, count_one, &nanswers, &app->diags)))
			goto out;
		if (open_session && !nanswers && (qid == NULL || strcmp(qid, stored_q) == 0)) {
			/* an unfinished session without one answer (killed at the first question) holds
			 * nothing to resume or to lose: it is closed, and a new one starts */
			if ((st = cr_store_session_cancel(app->store, open_session, &app->diags)))
				goto out;
			open_session = 0;
		}
		if (open_session && (qid == NULL || strcmp(qid, stored_q) == 0)) {
			bool take = resume;
			if (!take && app->stdin_tty) {
				/* say what would be resumed or lost: which questionnaire, how far it got */
				const cr_questionnaire *oq = cr_kb_questionnaire(kb, stored_q);
				char *offer = cr_xprintf("You have an unfinished assessment (%s, %zu answer%s given). Resume it?",
							 oq ? oq->title : stored_q, nanswers, nanswers == 1 ? "" : "s");
				take = cr_session_confirm(app, offer, true);
				free(offer);
				if (!take) {
					/* saved answers are only thrown away when that is what is meant: a second
					 * question, its default no, so "n" typed twice by mistake loses nothing */
					char *drop = cr_xprintf("Discard its %zu answer%s and start a new assessment?", nanswers,
								nanswers == 1 ? "" : "s");
					bool discard = cr_session_confirm(app, drop, false);
					free(drop);
					if (!discard) {
						char *inv = cr_app_invocation(app);
						fprintf(stderr, "The unfinished assessment and its %zu answer%s are kept. Pick up where "
							"you left off with:\n  %s assess --resume\n", nanswers, nanswers == 1 ? "" : "s", inv);
						free(inv);
						st = CR_ECANCEL;
						goto out;
					}
					fprintf(stderr, "The unfinished assessment and its %zu answer%s are discarded; starting "
						"a new one.\n", nanswers, nanswers == 1 ? "" : "s");
				}
			}
			if (take) {
				session = open_session;
				qid = stored_q;
			} else if (app->stdin_tty && (st = cr_store_session_cancel(app->store, open_session, &app->diags))) {
				goto out;
			}
		} else if (resume) {
			/* said before the questionnaire's title, so nobody reads the new session as resumed */
			fprintf(stderr, "career-risk: nothing to resume for profile '%s'%s; starting a new assessment\n",
				app->profile, open_session ? " with this questionnaire" : "");
		}
	}
	const cr_questionnaire *q = cr_kb_questionnaire(kb, qid ? qid : "standard");
	if (!q && !qid && kb->nquestionnaires)
		q = &kb->questionnaires[0];
	if (!q) {
		cr_diag_add(&app->diags, CR_ENOTFOUND, NULL, 0, 0, "no questionnaire '%s'", qid);
		cr_diag_hint(&app->diags, "`career-risk questionnaire list` shows them");
		st = CR_ENOTFOUND;
		goto out;
	}

	if (answers_file) {
		if ((st = cr_answers_load(kb, q, answers_file, &as, &app->diags)))
			goto out;
	} else {
		as = cr_answers_new(q);
		if (session) {
			load_ctx lc = {app, as, CR_OK};
			if ((st = cr_store_answers(app->store, session, load_one, &lc, &app->diags)) || (st = lc.st))
				goto out;
		}
	}
	bool resumed = session != 0;
	/* An answers file is saved whole, with its result, or not at all. */
	if (!no_save && answers_file) {
		if ((st = cr_store_begin(app->store, &app->diags)) ||
		    (st = cr_store_session_begin(app->store, profile, q->id, kb->version, &session, &app->diags)))
			goto out;
		for (size_t i = 0; i < q->nquestions; i++) {
			if (as->a[i].state == CR_A_NONE)
				continue;
			char *json = cr_answer_to_json(&q->questions[i], &as->a[i]);
			st = cr_store_answer_put(app->store, session, q->questions[i].id, json, &app->diags);
			free(json);
			if (st)
				goto out;
		}
	}
	if (!answers_file) {
		begin_ctx bc = {q, 0, 0};
		cr_session_opts so = {.q = q, .store = no_save || !session ? NULL : app->store, .session = session,
				      .resume = resumed, .begin = no_save || session ? NULL : begin_session, .begin_ctx = &bc};
		if ((st = cr_session_run(app, &so, as)))
			goto out;
		/* a session that saved no answer (none applied) is begun for its result all the same */
		if (so.begin && !bc.session) {
			cr_store *ignored;
			long long id;
			if ((st = begin_session(app, &bc, &ignored, &id)) || (st = cr_store_commit(app->store, &app->diags)))
				goto out;
		}
		if (so.begin) {
			profile = bc.profile;
			session = bc.session;
		}
	}
	if ((st = cr_assess(kb, as, 0, &res, &app->diags)))
		goto out;
	if (!no_save) {
		char *json = cr_result_json(res, true);
		cr_store_result sr = {res->score, res->range_lo, res->range_hi, res->routineness, res->ai_usage,
				      res->specialization, res->band, json};
		st = cr_store_session_finish(app->store, session, &sr, &app->diags);
		free(json);
		if (!st)
			st = cr_app_plan_sync(app, profile, session, res);
		if (!st && answers_file)
			st = cr_store_commit(app->store, &app->diags);
		if (st)
			goto out;
	}
	st = render(app, no_save ? NULL : app->profile, res, fmt);
	/* the note suggests commands to type: for a person reading text, not for a file */
	if (!st && !no_save && !strcmp(fmt->name, "text"))
		st = credit_note(app);
out:
	if (st && app->store)
		cr_store_rollback(app->store);
	cr_result_free(res);
	cr_answers_free(as);
	free(stored_q);
	return st;
}
