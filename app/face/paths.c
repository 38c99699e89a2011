/*
 * paths.c - where career-risk finds its data and keeps its database.
 *
 * Knowledge and questionnaires, in order: --kb (never topped up from the
 * others: see set_given); $CAREER_RISK_DATA; the source tree when the binary
 * runs from its build folder; ../share/career-risk beside the binary (a
 * relocated install); the install prefix compiled in.
 * The database: --db, else $XDG_DATA_HOME/career-risk/profiles.db, else
 * ~/.local/share/career-risk/profiles.db.
 * The knowledge base's compiled snapshot (app/io/kb_cache.h): in the user's
 * cache folder, $XDG_CACHE_HOME/career-risk or ~/.cache/career-risk, so a
 * read-only install, a source checkout and a --kb folder are all written to
 * the same way, never inside the knowledge base itself.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/util.h"
#include "app.h"

static bool is_dir(const char *p)
{
	struct stat sb;
	return stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* A data root holds knowledge/ and questionnaires/. */
static bool set_root(cr_app *app, const char *root)
{
	char *k = cr_xprintf("%s/knowledge", root), *q = cr_xprintf("%s/questionnaires", root);
	if (is_dir(k) && is_dir(q)) {
		free(app->kb_dir);
		free(app->q_dir);
		app->kb_dir = k;
		app->q_dir = q;
		return true;
	}
	free(k);
	free(q);
	return false;
}

static char *exe_dir(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	char *slash = strrchr(buf, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	return cr_xstrdup(buf);
}

/*
 * A folder given with --kb or to `kb check`: a data root (knowledge/ and
 * questionnaires/ in it), or a knowledge folder with questionnaires/ beside
 * it. Never topped up from the installed base: a base that checks clean
 * with someone else's questionnaires would fail where it is used alone.
 */
static enum cr_status set_given(cr_app *app, const char *given)
{
	struct stat sb;
	if (stat(given, &sb) != 0)
		return cr_diag_add(&app->diags, CR_EDATA, given, 0, 0, "no such folder");
	if (!S_ISDIR(sb.st_mode)) {
		cr_diag_add(&app->diags, CR_EDATA, given, 0, 0, "not a folder");
		cr_diag_hint(&app->diags, "give the folder that holds knowledge/ and questionnaires/");
		return CR_EDATA;
	}
	if (set_root(app, given))
		return CR_OK;
	char *k = cr_xprintf("%s/knowledge", given), *q = cr_xprintf("%s/questionnaires", given);
	bool has_k = is_dir(k), has_q = is_dir(q);
	free(k);
	free(q);
	if (has_k != has_q) {
		cr_diag_add(&app->diags, CR_EDATA, NULL, 0, 0, "%s has no %s/ folder", given,
			    has_k ? "questionnaires" : "knowledge");
		cr_diag_hint(&app->diags, "a knowledge base is a folder holding both knowledge/ and questionnaires/; "
					  "copy the missing one from the base `career-risk kb check` names");
		return CR_EDATA;
	}
	/* neither: a knowledge folder itself, with its questionnaires beside it */
	char *beside = cr_xprintf("%s/../questionnaires", given);
	if (!is_dir(beside)) {
		free(beside);
		cr_diag_add(&app->diags, CR_EDATA, NULL, 0, 0,
			    "%s has no knowledge/ and questionnaires/ folders, and no questionnaires/ beside it", given);
		cr_diag_hint(&app->diags, "give the folder that holds knowledge/ and questionnaires/");
		return CR_EDATA;
	}
	free(app->kb_dir);
	free(app->q_dir);
	app->kb_dir = cr_xstrdup(given);
	app->q_dir = beside;
	return CR_OK;
}

enum cr_status cr_paths_data(cr_app *app, const char *given)
{
	if (given)
		return set_given(app, given);
	const char *env = getenv("CAREER_RISK_DATA");
	if (env && *env) {
		if (set_root(app, env))
			return CR_OK;
		cr_diag_add(&app->diags, CR_EDATA, env, 0, 0, "CAREER_RISK_DATA has no knowledge/ and questionnaires/ folders");
		return CR_EDATA;
	}
	char *dir = exe_dir();
	bool ok = false;
	if (dir && strcmp(dir, CR_BUILD_DIR) == 0)
		ok = set_root(app, CR_SOURCE_DIR);
	if (!ok && dir) {
		char *share = cr_xprintf("%s/../share/career-risk", dir);
		ok = set_root(app, share);
		free(share);
	}
	free(dir);
	if (!ok)
		ok = set_root(app, CR_INSTALL_DATADIR);
	if (!ok) {
		cr_diag_add(&app->diags, CR_EDATA, NULL, 0, 0, "cannot find the knowledge base (looked beside the program and in %s)",
			    CR_INSTALL_DATADIR);
		cr_diag_hint(&app->diags, "pass --kb DIR, or set CAREER_RISK_DATA to a folder holding knowledge/ and questionnaires/");
		return CR_EDATA;
	}
	return CR_OK;
}

char *cr_paths_db(void)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	if (xdg && xdg[0] == '/')
		return cr_xprintf("%s/career-risk/profiles.db", xdg);
	const char *home = getenv("HOME");
	if (!home || !*home)
		home = ".";
	return cr_xprintf("%s/.local/share/career-risk/profiles.db", home);
}

char *cr_paths_cache(void)
{
	const char *xdg = getenv("XDG_CACHE_HOME");
	if (xdg && xdg[0] == '/')
		return cr_xprintf("%s/career-risk", xdg);
	const char *home = getenv("HOME");
	if (!home || home[0] != '/')
		return NULL; /* no snapshot rather than one in whatever folder we were started from */
	return cr_xprintf("%s/.cache/career-risk", home);
}

char *cr_paths_program(void)
{
	/*
	 * The version alone would let a rebuilt binary (a loader that reads a field
	 * differently, say) trust its predecessor's snapshot; the executable's
	 * identity changes with every build and install, and costs one stat.
	 */
	struct stat sb;
	/*
	 * The link's target, not the link: under valgrind, stat("/proc/self/exe")
	 * gives the tool's binary, the same for every program it runs, while the
	 * link as read names the program itself.
	 */
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0)
		exe[n] = '\0';
	if ((n <= 0 || stat(exe, &sb) != 0) && stat("/proc/self/exe", &sb) != 0)
		return cr_xprintf("%s", cr_app_version());
	return cr_xprintf("%s %llu:%llu %lld %lld.%09ld", cr_app_version(), (unsigned long long)sb.st_dev,
			  (unsigned long long)sb.st_ino, (long long)sb.st_size, (long long)sb.st_mtim.tv_sec,
			  (long)sb.st_mtim.tv_nsec);
}
