/* cmd_occupation.c - `career-risk occupation search|show`: the catalogue. */
#include <stdlib.h>
#include <string.h>

#include "../core/answers.h"
#include "../core/assess.h"
#include "../core/json.h"
#include "../core/util.h"
#include "../render/render.h"
#include "app.h"

static char *join_args(int argc, char **argv)
{
	cr_sb b = {0};
	for (int i = 0; i < argc; i++)
		cr_sb_addf(&b, "%s%s", i ? " " : "", argv[i]);
	return cr_sb_take(&b);
}

enum cr_status cmd_occupation_search(cr_app *app, int argc, char **argv)
{
	static const struct option opts[] = {CR_GLOBAL_LONGOPTS, {0, 0, 0, 0}};
	int c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (cr_app_global_opt(app, c, optarg))
			continue;
		if (c == 'h') {
			cr_app_help(stdout, "occupation search");
			return CR_OK;
		}
		return cr_app_bad_option(app, "occupation search", "h", argv);
	}
	if (optind >= argc)
		return cr_app_usage(app, "occupation search", "give words to search for, e.g. `occupation search nurse`");
	char *query = join_args(argc - optind, argv + optind);
	cr_occ_match m[15];
	size_t n = cr_occ_search(app->kb, query, m, CR_ARRAY_LEN(m));
	enum cr_status st = CR_OK;
	if (!n) {
		cr_diag_add(&app->diags, CR_ENOTFOUND, NULL, 0, 0, "no occupation matches '%s'", query);
		cr_diag_hint(&app->diags, "try a shorter or more common title, or a SOC code prefix such as 43-");
		st = CR_ENOTFOUND;
	}
	for (size_t i = 0; i < n; i++)
		printf("%s  %s\n", m[i].occ->code, m[i].occ->title);
	free(query);
	return st;
}

/* Prints b's text indented `first` spaces, continuation lines `next`, wrapped at width; empties b. */
static void hang_at(cr_sb *b, int width, int first, int next)
{
	const char *p = b->s ? b->s : "";
	int indent = first;
	while (*p) {
		int avail = width - indent - 1, len = 0, last = -1;
		while (p[len] && (len < avail || last < 0)) {
			if (p[len] == ' ')
				last = len;
			len++;
		}
		if (p[len] && last > 0)
			len = last;
		printf("%*s%.*s\n", indent, "", len, p);
		p += len;
		while (*p == ' ')
			p++;
		indent = next;
	}
	cr_sb_free(b);
}

/* A line of the record: two spaces in, continuation lines four. */
static void hang(cr_sb *b, int width)
{
	hang_at(b, width, 2, 4);
}

static const cr_questionnaire *baseline_questionnaire(const cr_kb *kb)
{
	const cr_questionnaire *q = cr_kb_questionnaire(kb, "standard");
	return q ? q : &kb->questionnaires[0];
}

enum cr_status cmd_occupation_show(cr_app *app, int argc, char **argv)
{
	static const struct option opts[] = {CR_GLOBAL_LONGOPTS, {"format", required_argument, NULL, 'f'}, {0, 0, 0, 0}};
	bool json = false;
	int c;
	while ((c = getopt_long(argc, argv, "hf:", opts, NULL)) != -1) {
		if (cr_app_global_opt(app, c, optarg))
			continue;
		if (c == 'h') {
			cr_app_help(stdout, "occupation show");
			return CR_OK;
		}
		if (c == 'f') {
			if (strcmp(optarg, "json") && strcmp(optarg, "text"))
				return cr_app_usage(app, "occupation show", "unknown format '%s' (text or json)", optarg);
			json = strcmp(optarg, "json") == 0;
			continue;
		}
		return cr_app_bad_option(app, "occupation show", "hf:", argv);
	}
	if (optind >= argc)
		return cr_app_usage(app, "occupation show", "give a SOC code or a title");
	const cr_kb *kb = app->kb;
	char *query = join_args(argc - optind, argv + optind);
	const cr_occupation *o = cr_kb_occupation(kb, query);
	if (!o) {
		cr_occ_match m[6];
		size_t n = cr_occ_search(kb, query, m, CR_ARRAY_LEN(m));
		if (n && (m[0].score >= 1000 || n == 1 || m[0].score - m[1].score >= 15)) {
			o = m[0].occ;
		} else if (n) {
			cr_sb b = {0};
			for (size_t i = 0; i < n; i++)
				cr_sb_addf(&b, "%s%s %s", i ? "; " : "", m[i].occ->code, m[i].occ->title);
			cr_diag_add(&app->diags, CR_ENOTFOUND, NULL, 0, 0, "'%s' matches several occupations: %s", query, b.s);
			cr_diag_hint(&app->diags, "give the code");
			cr_sb_free(&b);
			free(query);
			return CR_ENOTFOUND;
		}
	}
	free(query);
	if (!o) {
		cr_diag_add(&app->diags, CR_ENOTFOUND, NULL, 0, 0, "no occupation matches '%s'", argv[optind]);
		cr_diag_hint(&app->diags, "`career-risk occupation search WORDS` finds titles");
		return CR_ENOTFOUND;
	}
	cr_answers *as = cr_baseline_answers(kb, baseline_questionnaire(kb), o);
	cr_result *res = NULL;
	enum cr_status st = cr_assess(kb, as, CR_ASSESS_NO_SENSITIVITY, &res, &app->diags);
	if (st)
		goto out;
	const cr_sector *sec = cr_kb_sector(kb, o->sector);
	if (json) {
		struct fy_document *d = cr_j_doc();
		struct fy_node *root = cr_j_map(d);
		cr_j_set(root, "code", cr_j_str(d, o->code));
		cr_j_set(root, "title", cr_j_str(d, o->title));
		struct fy_node *al = cr_j_seq(d);
		for (size_t i = 0; i < o->aliases.n; i++)
			cr_j_push(al, cr_j_str(d, o->aliases.v[i]));
		cr_j_set(root, "aliases", al);
		cr_j_set(root, "sector", cr_j_str(d, o->sector));
		struct fy_node *tasks = cr_j_map(d);
		for (int t = 0; t < CR_TASK_COUNT; t++)
			cr_j_set(tasks, cr_task_ids[t], cr_j_num(d, o->tasks[t]));
		cr_j_set(root, "tasks", tasks);
		cr_j_set(root, "ai_use", cr_j_num(d, o->ai_use));
		cr_j_set(root, "specialization", cr_j_num(d, o->specialization));
		cr_j_set(root, "outlook", cr_j_str(d, cr_occ_outlook_ids[o->outlook]));
		if (o->has_onet) {
			struct fy_node *on = cr_j_map(d);
			cr_j_set(on, "repeat", cr_j_num(d, o->onet_repeat));
			cr_j_set(on, "automation", cr_j_num(d, o->onet_automation));
			cr_j_set(on, "exact", cr_j_num(d, o->onet_exact));
			cr_j_set(on, "structured", cr_j_num(d, o->onet_structured));
			cr_j_set(root, "onet", on);
		}
		struct fy_node *ex = cr_j_seq(d);
		for (size_t i = 0; i < o->nexposures; i++) {
			struct fy_node *m = cr_j_map(d);
			cr_j_set(m, "index", cr_j_str(d, o->exposures[i].index));
			cr_j_set(m, "value", cr_j_num(d, o->exposures[i].value));
			cr_j_set(m, "source", cr_j_str(d, o->exposures[i].source));
			cr_j_push(ex, m);
		}
		cr_j_set(root, "published_exposure", ex);
		struct fy_node *src = cr_j_seq(d);
		for (size_t i = 0; i < o->sources.n; i++)
			cr_j_push(src, cr_j_str(d, o->sources.v[i]));
		cr_j_set(root, "sources", src);
		/* the baseline: the same engine's full result, parsed back in as a node */
		char *bj = cr_result_json(res, true);
		struct fy_document *bd = fy_document_build_from_malloc_string(NULL, bj, FY_NT); /* owns bj */
		if (!bd)
			free(bj);
		struct fy_node *bn = bd ? fy_node_copy(d, fy_document_root(bd)) : NULL;
		fy_document_destroy(bd);
		cr_j_set(root, "baseline", bn ? bn : cr_j_null(d));
		char *out = cr_j_emit(d, root, false);
		fputs(out, stdout);
		free(out);
		fy_document_destroy(d);
	} else {
		/* short names of the task kinds, in cr_task_ids order */
		static const char *const task_names[CR_TASK_COUNT] = {
			"routine information work", "routine physical work", "analysis", "people", "creating",
			"hands-on work"};
		cr_sb b = {0};
		cr_sb_addf(&b, "%s  %s", o->code, o->title);
		hang_at(&b, app->width, 0, 9);
		if (o->aliases.n) {
			cr_sb_add(&b, "also: ");
			for (size_t i = 0; i < o->aliases.n; i++)
				cr_sb_addf(&b, "%s%s", i ? ", " : "", o->aliases.v[i]);
			hang(&b, app->width);
		}
		cr_sb_addf(&b, "sector: %s", sec ? sec->title : o->sector);
		hang(&b, app->width);
		cr_sb_addf(&b, "outlook to 2033: %s", cr_occ_outlook_ids[o->outlook]);
		hang(&b, app->width);
		cr_sb_add(&b, "typical week:");
		for (int t = 0; t < CR_TASK_COUNT; t++)
			cr_sb_addf(&b, "%s %s %g%%", t ? "," : "", task_names[t], o->tasks[t]);
		hang(&b, app->width);
		cr_sb_addf(&b, "typical AI use %g/100, specialisation %g/100", o->ai_use, o->specialization);
		hang(&b, app->width);
		if (o->has_onet) {
			cr_sb_addf(&b, "O*NET work context (0-1): repeating tasks %.2f, automation %.2f, exactness %.2f, "
				   "unstructured work %.2f", o->onet_repeat, o->onet_automation, o->onet_exact,
				   o->onet_structured);
			hang(&b, app->width);
		}
		for (size_t i = 0; i < o->nexposures; i++) {
			cr_sb_addf(&b, "published index %s: %.2f (source: %s)", o->exposures[i].index,
				   o->exposures[i].value, o->exposures[i].source);
			hang(&b, app->width);
		}
		printf("\nBaseline: a typical worker in this occupation, before their own answers\n");
		printf("  score %d (%s), range %d-%d\n  routineness %d, AI use %d, specialisation %d\n", res->score, res->band,
		       res->range_lo, res->range_hi, res->routineness, res->ai_usage, res->specialization);
		printf("  Your own tasks, AI use and niche can move this a long way:\n"
		       "  `career-risk assess` takes them into account.\n");
	}
	st = ferror(stdout) ? CR_EIO : CR_OK;
out:
	cr_result_free(res);
	cr_answers_free(as);
	return st;
}
