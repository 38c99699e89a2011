/* batch.c - see batch.h. */
#include "batch.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/answers.h"
#include "../core/assess.h"
#include "../core/cohort.h"
#include "../core/json.h"
#include "../core/util.h"
#include "../io/output.h"
#include "../render/render.h"
#include "../io/csvio.h"

#define PROGRESS_EVERY 65536
#define MAX_VALUE_SHOWN 100   /* bytes of a bad cell copied into the errors file */
#define GROUPS_CACHE 1024     /* distinct combinations of group values whose JSON is remembered */
#define OUT_BUFFER (1u << 20) /* bytes buffered per output file */

void cr_batch_stats_clear(cr_batch_stats *s)
{
	for (int i = 0; i < s->nshown; i++) {
		free(s->shown[i].column);
		free(s->shown[i].problem);
	}
	for (int i = 0; i < s->nignored && i < (int)CR_ARRAY_LEN(s->ignored); i++)
		free(s->ignored[i]);
	memset(s, 0, sizeof *s);
}

/* ---- files written through app/io/output.h -------------------------------------- */

static bool out_write(cr_output *o, const cr_sb *line)
{
	return fwrite(line->s, 1, line->len, o->f) == line->len;
}

/* Why a write to o failed: what the system said to the write itself when known. */
static const char *why(const cr_output *o)
{
	return strerror(o->err ? o->err : errno);
}

/* ---- the run -------------------------------------------------------------------- */

typedef struct gcache_ent {
	char *key;  /* the values, each followed by 0x1f */
	char *json;
} gcache_ent;

typedef struct run {
	const cr_batch_opts *o;
	cr_batch_stats *stats;
	cr_diags *d;
	cr_intake *in;
	cr_assess_plan *plan;
	size_t ngroups;
	const char *group_names[CR_INTAKE_MAX_GROUPS];
	cr_output out, err, sum; /* results, errors, summary: unused ones stay zeroed */
	cr_sb line;
	cr_sb tmp;       /* a field being built */
	cr_cohort *cohort;
	cr_store_cohort *writer;
	/* the JSON of recent combinations of group values, for the store */
	gcache_ent *gcache;
	size_t ngcache;
} run;

/*
 * A cell of the export written back out (an id, a department, a bad value).
 * Those are typed by employees, and a spreadsheet would run one that starts
 * with = + - or @ as a formula; a leading apostrophe keeps it text (as OWASP
 * advises against CSV injection). Everything else is written as it came.
 */
static void add_echo(cr_sb *line, const char *field, bool first)
{
	if (field && *field && strchr("=+-@\t\r", *field)) {
		char *safe = cr_xprintf("'%s", field);
		cr_csv_add(line, safe, first);
		free(safe);
		return;
	}
	cr_csv_add(line, field, first);
}

/* A bad cell's text for the errors file: at most MAX_VALUE_SHOWN bytes, cut between characters. */
static char *shown_value(const char *v)
{
	size_t n = strlen(v);
	if (n <= MAX_VALUE_SHOWN)
		return cr_xstrdup(v);
	n = MAX_VALUE_SHOWN;
	while (n && ((unsigned char)v[n] & 0xc0) == 0x80)
		n--;
	char *s = cr_xstrndup(v, n);
	char *r = cr_xprintf("%s...", s);
	free(s);
	return r;
}

static const char *row_id(const run *R, const cr_csv_record *rec)
{
	long c = R->in ? cr_intake_id_col(R->in) : -1;
	return c >= 0 && (size_t)c < rec->n ? rec->v[c] : NULL;
}

/* One bad row: a line per problem in the errors file, counted, and the first few kept for the face. */
static enum cr_status bad_row(run *R, const cr_csv_record *rec, const cr_intake_problem *p, size_t np)
{
	cr_batch_stats *s = R->stats;
	s->rows_bad++;
	s->problems += (long long)np;
	for (size_t i = 0; i < np; i++) {
		const char *col = p[i].col >= 0 ? cr_intake_col_at(R->in, (size_t)p[i].col)->header : "";
		char *value = p[i].col >= 0 && (size_t)p[i].col < rec->n ? shown_value(rec->v[p[i].col]) : cr_xstrdup("");
		const char *id = row_id(R, rec);
		R->line.len = 0;
		cr_csv_add_int(&R->line, rec->number, true);
		cr_csv_add_int(&R->line, rec->line, false);
		add_echo(&R->line, col, false);
		add_echo(&R->line, id && cr_utf8_valid(id) ? id : "", false);
		add_echo(&R->line, cr_utf8_valid(value) ? value : "(not UTF-8)", false);
		cr_csv_add(&R->line, p[i].msg, false);
		cr_sb_add(&R->line, "\n");
		free(value);
		if (!out_write(&R->err, &R->line))
			return cr_diag_add(R->d, CR_EIO, R->o->errors, 0, 0, "cannot write: %s", why(&R->err));
		if (s->nshown < (int)CR_ARRAY_LEN(s->shown)) {
			s->shown[s->nshown].record = rec->number;
			s->shown[s->nshown].line = rec->line;
			s->shown[s->nshown].column = cr_xstrdup(col);
			s->shown[s->nshown].problem = cr_xstrdup(p[i].msg);
			s->nshown++;
		}
	}
	if (R->o->strict) {
		const char *col = np && p[0].col >= 0 ? cr_intake_col_at(R->in, (size_t)p[0].col)->header : NULL;
		cr_diag_add(R->d, CR_EDATA, R->o->input, (int)rec->line, 0, "record %lld%s%s%s: %s", rec->number,
			    col ? ", column '" : "", col ? col : "", col ? "'" : "", np ? p[0].msg : "bad row");
		cr_diag_hint(R->d, CR_FLAG_STRICT " stops at the first bad row; without it every bad row is listed in %s and the rest are scored",
			     R->o->errors);
		return CR_EDATA;
	}
	return CR_OK;
}

static void header_rows(run *R)
{
	if (R->out.f && R->o->format == CR_BATCH_CSV) {
		R->line.len = 0;
		cr_csv_add(&R->line, "record", true);
		cr_csv_add(&R->line, "employee_id", false);
		for (size_t g = 0; g < R->ngroups; g++)
			add_echo(&R->line, R->group_names[g], false);
		static const char *const cols[] = {"occupation", "score", "band", "range_low", "range_high", "routineness",
						   "ai_usage", "specialization", "exposure", "recommendations", "roles", "warnings", "checks"};
		for (size_t i = 0; i < CR_ARRAY_LEN(cols); i++)
			cr_csv_add(&R->line, cols[i], false);
		cr_sb_add(&R->line, "\n");
		out_write(&R->out, &R->line);
	}
	R->line.len = 0;
	static const char *const ecols[] = {"record", "line", "column", "employee_id", "value", "problem"};
	for (size_t i = 0; i < CR_ARRAY_LEN(ecols); i++)
		cr_csv_add(&R->line, ecols[i], i == 0);
	cr_sb_add(&R->line, "\n");
	out_write(&R->err, &R->line);
}

/* Space-separated ids of the first recommendations, roles, warnings and checks (for CSV and the store). */
static void ids_recs(cr_sb *b, const cr_result *r)
{
	for (size_t i = 0; i < r->nadvice && i < CR_BATCH_FIRST_RECS; i++) {
		if (i)
			cr_sb_addc(b, ' ');
		cr_sb_add(b, r->advice[i].rec->id);
	}
}

static void ids_roles(cr_sb *b, const cr_result *r)
{
	for (size_t i = 0; i < r->ntrans && i < CR_BATCH_ROLES; i++) {
		if (i)
			cr_sb_addc(b, ' ');
		cr_sb_add(b, r->trans[i].role->id);
	}
}

static void ids_warnings(cr_sb *b, const cr_result *r)
{
	for (int w = 1, n = 0; w < 4; w++)
		if (r->warnings & (1u << w)) {
			if (n++)
				cr_sb_addc(b, ' ');
			cr_sb_add(b, cr_warning_ids[w]);
		}
}

static void ids_checks(cr_sb *b, const cr_result *r)
{
	for (size_t i = 0; i < r->nflags; i++) {
		if (i)
			cr_sb_addc(b, ' ');
		cr_sb_add(b, r->flags[i].id);
	}
}

/* How the intake read the row where it guessed ("approx:years_niche"), after the answers' own checks. */
static void intake_checks(cr_sb *b, const cr_intake *in)
{
	const char *const *notes;
	size_t n = cr_intake_row_notes(in, &notes);
	for (size_t i = 0; i < n; i++) {
		if (b->len)
			cr_sb_addc(b, ' ');
		cr_sb_add(b, notes[i]);
	}
}

/* Empties a string builder, leaving a valid empty string. */
static void sb_reset(cr_sb *b)
{
	b->len = 0;
	cr_sb_addn(b, "", 0);
}

static enum cr_status write_csv(run *R, const cr_csv_record *rec, const char *id, const char *const *gv,
				const cr_result *r)
{
	cr_sb *b = &R->line;
	b->len = 0;
	cr_csv_add_int(b, rec->number, true);
	add_echo(b, id, false);
	for (size_t g = 0; g < R->ngroups; g++)
		add_echo(b, gv[g], false);
	cr_csv_add(b, r->occ ? r->occ->code : "", false);
	cr_csv_add_int(b, r->score, false);
	cr_csv_add(b, r->band, false);
	cr_csv_add_int(b, r->range_lo, false);
	cr_csv_add_int(b, r->range_hi, false);
	cr_csv_add_int(b, r->routineness, false);
	cr_csv_add_int(b, r->ai_usage, false);
	cr_csv_add_int(b, r->specialization, false);
	cr_csv_add_int(b, r->exposure, false);
	void (*lists[])(cr_sb *, const cr_result *) = {ids_recs, ids_roles, ids_warnings, ids_checks};
	for (size_t i = 0; i < CR_ARRAY_LEN(lists); i++) {
		sb_reset(&R->tmp);
		lists[i](&R->tmp, r);
		if (lists[i] == ids_checks)
			intake_checks(&R->tmp, R->in);
		cr_csv_add(b, R->tmp.s, false);
	}
	cr_sb_add(b, "\n");
	return out_write(&R->out, b) ? CR_OK : CR_EIO;
}

static enum cr_status write_jsonl(run *R, const cr_csv_record *rec, const char *id, const char *const *gv,
				  const cr_result *r)
{
	struct fy_document *doc = cr_j_doc();
	struct fy_node *m = cr_j_map(doc);
	cr_j_set(m, "record", cr_j_int(doc, rec->number));
	cr_j_set(m, "line", cr_j_int(doc, rec->line));
	cr_j_set(m, "employee_id", cr_j_str(doc, id));
	struct fy_node *g = cr_j_map(doc);
	for (size_t i = 0; i < R->ngroups; i++)
		cr_j_set(g, R->group_names[i], cr_j_str(doc, gv[i]));
	cr_j_set(m, "groups", g);
	cr_j_set(m, "occupation", cr_j_str(doc, r->occ ? r->occ->code : NULL));
	cr_j_set_scores(doc, m, &(cr_j_scores){r->score, r->band, r->range_lo, r->range_hi, r->routineness, r->ai_usage,
						r->specialization, r->exposure});
	struct fy_node *recs = cr_j_seq(doc);
	for (size_t i = 0; i < r->nadvice && i < CR_BATCH_FIRST_RECS; i++)
		cr_j_push(recs, cr_j_str(doc, r->advice[i].rec->id));
	cr_j_set(m, "recommendations", recs);
	struct fy_node *roles = cr_j_seq(doc);
	for (size_t i = 0; i < r->ntrans && i < CR_BATCH_ROLES; i++)
		cr_j_push(roles, cr_j_str(doc, r->trans[i].role->id));
	cr_j_set(m, "roles", roles);
	struct fy_node *warn = cr_j_seq(doc);
	for (int w = 1; w < 4; w++)
		if (r->warnings & (1u << w))
			cr_j_push(warn, cr_j_str(doc, cr_warning_ids[w]));
	cr_j_set(m, "warnings", warn);
	struct fy_node *checks = cr_j_seq(doc);
	for (size_t i = 0; i < r->nflags; i++)
		cr_j_push(checks, cr_j_str(doc, r->flags[i].id));
	const char *const *notes;
	for (size_t i = 0, n = cr_intake_row_notes(R->in, &notes); i < n; i++)
		cr_j_push(checks, cr_j_str(doc, notes[i]));
	cr_j_set(m, "checks", checks);
	char *s = cr_j_emit(doc, m, true);
	fy_document_destroy(doc);
	size_t n = strlen(s);
	bool ok = fwrite(s, 1, n, R->out.f) == n && fputc('\n', R->out.f) != EOF;
	free(s);
	return ok ? CR_OK : CR_EIO;
}

/* The groups of a row as JSON for the store, remembered per combination (a workforce has few). */
static const char *groups_json(run *R, const char *const *gv)
{
	cr_sb key = {0};
	for (size_t g = 0; g < R->ngroups; g++) {
		cr_sb_add(&key, gv[g]);
		cr_sb_addc(&key, '\x1f');
	}
	char *k = cr_sb_take(&key);
	for (size_t i = 0; i < R->ngcache; i++)
		if (strcmp(R->gcache[i].key, k) == 0) {
			free(k);
			if (i) { /* move towards the front, so common combinations are found first */
				gcache_ent t = R->gcache[i];
				R->gcache[i] = R->gcache[i - 1];
				R->gcache[i - 1] = t;
				return R->gcache[i - 1].json;
			}
			return R->gcache[0].json;
		}
	struct fy_document *doc = cr_j_doc();
	struct fy_node *m = cr_j_map(doc);
	for (size_t g = 0; g < R->ngroups; g++)
		cr_j_set(m, R->group_names[g], cr_j_str(doc, gv[g]));
	char *json = cr_j_emit(doc, m, true);
	fy_document_destroy(doc);
	if (!R->gcache)
		R->gcache = cr_xcalloc(GROUPS_CACHE, sizeof *R->gcache);
	size_t slot = R->ngcache < GROUPS_CACHE ? R->ngcache++ : GROUPS_CACHE - 1;
	if (slot == GROUPS_CACHE - 1 && R->gcache[slot].key) {
		free(R->gcache[slot].key);
		free(R->gcache[slot].json);
	}
	R->gcache[slot].key = k;
	R->gcache[slot].json = json;
	return json;
}

static enum cr_status store_row(run *R, const cr_csv_record *rec, const char *id, const char *const *gv,
				const cr_result *r)
{
	cr_sb recs = {0}, roles = {0};
	sb_reset(&recs);
	sb_reset(&roles);
	ids_recs(&recs, r);
	ids_roles(&roles, r);
	cr_store_cohort_row row = {
		.record = rec->number, .employee_id = id, .groups_json = groups_json(R, gv),
		.occupation = r->occ ? r->occ->code : NULL, .score = r->score, .range_low = r->range_lo,
		.range_high = r->range_hi, .routineness = r->routineness, .ai_usage = r->ai_usage,
		.specialization = r->specialization, .exposure = r->exposure, .band = r->band, .recommendations = recs.s,
		.roles = roles.s};
	enum cr_status st = cr_store_cohort_put(R->writer, &row, R->d);
	cr_sb_free(&recs);
	cr_sb_free(&roles);
	return st;
}

static enum cr_status score_row(run *R, const cr_csv_record *rec, const cr_answers *as)
{
	/* assessed as `career-risk assess` would, into the plan's buffers: nothing allocated per row */
	const cr_result *r = cr_assess_plan_run(R->plan, as);
	enum cr_status st = cr_result_check(r, R->d); /* a rule's score not finite: the base is at fault */
	if (st)
		return st;
	const char *gv[CR_INTAKE_MAX_GROUPS];
	for (size_t g = 0; g < R->ngroups; g++)
		gv[g] = rec->v[cr_intake_group_col(R->in, g)];
	const char *id = row_id(R, rec);
	if (R->out.f) {
		st = R->o->format == CR_BATCH_JSONL ? write_jsonl(R, rec, id, gv, r) : write_csv(R, rec, id, gv, r);
		if (st)
			cr_diag_add(R->d, CR_EIO, R->o->output, 0, 0, "cannot write the results: %s", why(&R->out));
	}
	if (!st && R->cohort)
		cr_cohort_add(R->cohort, r, gv);
	if (!st && R->writer)
		st = store_row(R, rec, id, gv, r);
	if (!st)
		R->stats->rows_scored++;
	return st;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

static enum cr_status write_summary(run *R)
{
	const cr_batch_opts *o = R->o;
	cr_cohort_view *v = cr_cohort_publish(R->cohort, o->min_group);
	cr_cohort_meta m = {strcmp(o->input, "-") ? base_name(o->input) : NULL, o->q->id, R->stats->rows_read,
			    R->stats->rows_scored, R->stats->rows_bad};
	enum cr_status st = o->summary_format == CR_SUMMARY_HTML ? cr_render_cohort_html(R->sum.f, v, &m)
								 : cr_render_cohort_markdown(R->sum.f, v, &m);
	cr_cohort_view_free(v);
	if (st)
		cr_diag_add(R->d, CR_EIO, o->summary, 0, 0, "cannot write the summary: %s", why(&R->sum));
	return st;
}

static enum cr_status read_header(run *R, cr_csv_reader *rd)
{
	const cr_batch_opts *o = R->o;
	cr_csv_header h;
	enum cr_status st = cr_csv_read_header(rd, o->header_rows, &h, R->d); /* Qualtrics' 3 rows, SurveyMonkey's 2 */
	if (st)
		return st;
	if (!h.nrows) {
		cr_diag_add(R->d, CR_EDATA, o->input, 0, 0, "the file is empty: it needs a header row and a row per employee");
		cr_diag_hint(R->d, "`career-risk " CR_CMD_QUESTIONNAIRE_TEMPLATE " %s " CR_FLAG_FORMAT " csv` writes the header row", o->q->id);
		return CR_EDATA;
	}
	st = cr_intake_new_rows(o->kb, o->q, (const char *const *const *)h.row, h.nrows, h.n, o->map, o->group_by,
				o->ngroup_by, &R->in, R->d);
	cr_csv_header_free(&h);
	return st;
}

enum cr_status cr_batch_run(const cr_batch_opts *o, cr_batch_stats *stats, cr_diags *d)
{
	run R = {.o = o, .stats = stats, .d = d};
	cr_csv_reader *rd = NULL;
	cr_answers *as = NULL;
	enum cr_status st;
	memset(stats, 0, sizeof *stats);

	if ((st = cr_csv_open(o->input, &rd, d)))
		goto out;
	if (o->cancel)
		cr_csv_set_cancel(rd, o->cancel);
	cr_csv_set_encoding(rd, o->encoding);
	if ((st = read_header(&R, rd))) {
		if (st == CR_ECANCEL)
			cr_diag_add(d, CR_ECANCEL, NULL, 0, 0, "cancelled before any row was read");
		goto out;
	}
	R.ngroups = cr_intake_ngroups(R.in);
	for (size_t c = 0; c < cr_intake_ncols(R.in); c++) {
		const cr_intake_col *col = cr_intake_col_at(R.in, c);
		if (col->kind != CR_COL_IGNORED || col->group >= 0 || (long)c == cr_intake_id_col(R.in))
			continue;
		if (stats->nignored < (int)CR_ARRAY_LEN(stats->ignored))
			stats->ignored[stats->nignored] = cr_xstrdup(col->header);
		stats->nignored++;
	}
	for (size_t g = 0; g < R.ngroups; g++)
		R.group_names[g] = cr_intake_group_name(R.in, g);
	for (size_t i = 0; i < 3; i++) {
		const char *path = i == 0 ? o->output : i == 1 ? o->errors : o->summary;
		if (path && strcmp(path, "-") != 0)
			stats->stale_removed += cr_output_remove_stale(path);
	}
	/* a million rows take a hundred writes with this buffer, not fifty thousand */
	if ((o->output && (st = cr_output_open(&R.out, o->output, OUT_BUFFER, d))) ||
	    (st = cr_output_open(&R.err, o->errors, OUT_BUFFER, d)) ||
	    (o->summary && (st = cr_output_open(&R.sum, o->summary, OUT_BUFFER, d))))
		goto out;
	header_rows(&R);
	if (o->summary)
		R.cohort = cr_cohort_new(o->kb, R.group_names, R.ngroups);
	if (o->store) {
		const char *name = o->cohort_name ? o->cohort_name
				   : strcmp(o->input, "-") ? base_name(o->input) : "standard input";
		if ((st = cr_store_cohort_begin(o->store, name, strcmp(o->input, "-") ? base_name(o->input) : NULL, o->q->id,
						o->kb->version, &R.writer, d)))
			goto out;
		stats->cohort_id = cr_store_cohort_id(R.writer);
	}
	as = cr_answers_new(o->q);
	R.plan = cr_assess_plan_new(o->kb, o->q);
	/* results and the summary use each person's first few recommendations only */
	cr_assess_plan_keep_advice(R.plan, CR_BATCH_FIRST_RECS > CR_COHORT_FIRST_RECS ? CR_BATCH_FIRST_RECS
										: CR_COHORT_FIRST_RECS);
	for (;;) {
		const cr_csv_record *rec;
		if ((st = cr_csv_next(rd, &rec, d))) {
			if (st == CR_ECANCEL)
				cr_diag_add(d, CR_ECANCEL, NULL, 0, 0, "cancelled after %lld rows; no results were kept",
					    stats->rows_read);
			goto out;
		}
		if (!rec)
			break;
		if (!rec->oversized && rec->nul_field < 0 && cr_intake_skip(R.in, rec->v, rec->n))
			continue; /* a survey preview, or a row the map's filters leave out: counted there */
		stats->rows_read++;
		const cr_intake_problem *p = NULL;
		size_t np = 0;
		cr_intake_problem own;
		char *msg = NULL;
		if (rec->oversized || rec->open_quote) {
			msg = rec->open_quote
				? cr_xprintf("the file ends inside a quoted field of this row (opened on line %lld or after); "
					     "the rest of the file was read into it", rec->line)
				: cr_xprintf("the row is longer than %u KiB or has more than %d fields", CR_CSV_MAX_RECORD >> 10,
					     CR_CSV_MAX_FIELDS);
			own = (cr_intake_problem){-1, msg};
			p = &own;
			np = 1;
		} else if (rec->nul_field >= 0) {
			/* refused, never cut short: "E0000001<NUL>X" is not employee E0000001, nor "3<NUL>9" a 3 */
			bool known = (size_t)rec->nul_field < cr_intake_ncols(R.in);
			msg = cr_xprintf("column %ld holds a NUL byte (binary data); the cell is not read cut short, "
					 "so the row is left out", rec->nul_field + 1);
			own = (cr_intake_problem){known ? rec->nul_field : -1, msg};
			p = &own;
			np = 1;
		} else if (cr_intake_row(R.in, rec->v, rec->n, as, &p, &np) == CR_OK) {
			np = 0;
		}
		if (np) {
			st = bad_row(&R, rec, p, np);
			free(msg);
			if (st)
				goto out;
		} else if ((st = score_row(&R, rec, as))) {
			goto out;
		}
		if (o->cancel && *o->cancel) {
			st = cr_diag_add(d, CR_ECANCEL, NULL, 0, 0, "cancelled after %lld rows; no results were kept",
					 stats->rows_read);
			goto out;
		}
		if (o->progress && stats->rows_read % PROGRESS_EVERY == 0) {
			stats->bytes_read = cr_csv_offset(rd);
			o->progress(stats, o->progress_ctx);
		}
	}
	stats->bytes_read = cr_csv_offset(rd);
	stats->rows_skipped = cr_intake_skipped(R.in, d);
	/* a signal after the last row still stops the batch, as long as nothing is final yet */
	if (o->cancel && *o->cancel) {
		st = cr_diag_add(d, CR_ECANCEL, NULL, 0, 0, "cancelled after %lld rows; no results were kept",
				 stats->rows_read);
		goto out;
	}
	if (R.sum.f && (st = write_summary(&R)))
		goto out;
	/*
	 * Every file safely on disk before the cohort is marked done, and only then
	 * renamed into place: a failure (a full disk) or a kill up to the cohort's
	 * commit leaves neither the cohort nor any file; after it, only the renames
	 * remain.
	 */
	if ((st = cr_output_finish(&R.err, d)) || (st = cr_output_finish(&R.out, d)) || (st = cr_output_finish(&R.sum, d)))
		goto out;
	if (R.writer && (st = cr_store_cohort_finish(R.writer, stats->rows_read, stats->rows_scored, stats->rows_bad, d)))
		goto out;
	if ((st = cr_output_commit(&R.err, d)) || (st = cr_output_commit(&R.out, d)) || (st = cr_output_commit(&R.sum, d)))
		goto out;
	if (o->progress)
		o->progress(stats, o->progress_ctx);
	if (!stats->rows_read) {
		st = cr_diag_add(d, CR_EDATA, o->input, 0, 0, "the file has a header but no rows to score");
	} else if (!stats->rows_scored) {
		st = cr_diag_add(d, CR_EDATA, o->input, 0, 0, "none of the %lld rows could be scored", stats->rows_read);
		cr_diag_hint(d, "%s says why, row by row", o->errors);
	}
out:
	/* the errors file explains a failed batch; everything else is taken back */
	if (st && R.err.tmp && st != CR_ECANCEL && !cr_output_finish(&R.err, d))
		cr_output_commit(&R.err, d);
	cr_output_abandon(&R.err);
	cr_output_abandon(&R.out);
	cr_output_abandon(&R.sum);
	cr_store_cohort_free(R.writer); /* deletes the cohort unless it was finished */
	if (st && R.writer)
		stats->cohort_id = 0;
	cr_cohort_free(R.cohort);
	cr_answers_free(as);
	cr_assess_plan_free(R.plan);
	cr_intake_free(R.in);
	cr_csv_close(rd);
	cr_sb_free(&R.line);
	cr_sb_free(&R.tmp);
	for (size_t i = 0; i < R.ngcache; i++) {
		free(R.gcache[i].key);
		free(R.gcache[i].json);
	}
	free(R.gcache);
	return st;
}
