/* cmd_kb.c - `career-risk kb check [DIR]`: prove a knowledge base sound. */
#include <stdlib.h>

#include "../core/kb.h"
#include "app.h"

enum cr_status cmd_kb_check(cr_app *app, int argc, char **argv)
{
	static const struct option opts[] = {CR_GLOBAL_LONGOPTS, {0, 0, 0, 0}};
	int c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (cr_app_global_opt(app, c, optarg))
			continue;
		if (c == 'h') {
			cr_app_help(stdout, "kb check");
			return CR_OK;
		}
		return cr_app_usage(app, "kb check", "unknown option '%s'", argv[optind - 1]);
	}
	if (argc - optind > 1)
		return cr_app_usage(app, "kb check", "give at most one folder");
	const char *dir = optind < argc ? argv[optind] : app->kb_opt;
	enum cr_status st = cr_paths_data(app, dir);
	if (st)
		return st;
	st = cr_kb_load(app->kb_dir, app->q_dir, &app->kb, &app->diags);
	if (st) {
		fprintf(stderr, "career-risk: %zu problem%s in %s and %s\n", app->diags.n, app->diags.n == 1 ? "" : "s",
			app->kb_dir, app->q_dir);
		return st;
	}
	const cr_kb *kb = app->kb;
	printf("knowledge base %s: OK\n", kb->version);
	printf("  %s (%zu files)\n  %s\n", kb->dir, kb->nfiles, kb->qdir);
	printf("  %zu sources, %zu skills, %zu sectors, %zu regions, %zu occupations,\n"
	       "  %zu growing roles, %zu rules, %zu recommendations, %zu questionnaires\n",
	       kb->nsources, kb->nskills, kb->nsectors, kb->nregions, kb->noccupations, kb->nroles, kb->nrules, kb->nrecs,
	       kb->nquestionnaires);
	return CR_OK;
}
