/*
 * gen_intake.c - writes a realistic synthetic HR intake survey export (CSV).
 *
 *   gen-intake ROWS [--seed N] [--bad PER-MILLE] [--lf] [--no-bom]
 *              [--survey-headers --map-out FILE]
 *
 * Like a survey tool's export: a UTF-8 byte-order mark and CRLF line ends
 * (unless told otherwise), a header of question ids (the header row of
 * `career-risk questionnaire template intake --format csv`, plus a `site`
 * column and a free-text `comments` column the batch ignores), or with
 * --survey-headers the wording an HR team would give its columns, and a map
 * file (--map-out) from those headers to question ids. Rows mix job titles,
 * aliases and SOC codes, choice ids and labels, multiple choices as
 * "a, b" or "Label;Label;" (Microsoft Forms style), quoted fields holding
 * commas, quotes and line breaks, accented text, two tiny departments and a
 * tiny site (so the summary has groups to merge), and about PER-MILLE bad
 * rows in a thousand (default 5): a split that does not add up, a misspelt
 * choice, a missing job, a word for a number, an unknown job, a scale out of
 * range. The same seed always gives the same file.
 *
 * Fields are quoted through libcsv (cr_csv_add).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../app/io/csvio.h"

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

static int below(int n)
{
	return (int)(rnd() % (uint64_t)n);
}

typedef struct occ {
	const char *names[3]; /* how people write it: title, alias, code */
	int tasks[6];
	bool regulated;
} occ;

typedef struct dept {
	const char *name;
	int weight;
	occ occs[4];
	int nocc;
} dept;

static const dept depts[] = {
	{"Finance", 12, {{{"Accountants and Auditors", "chartered accountant", "13-2011"}, {37, 0, 36, 20, 4, 3}, true},
			 {{"Bookkeeping, Accounting, and Auditing Clerks", "accounts clerk", "43-3031"}, {61, 5, 10, 19, 2, 3}, false},
			 {{"Financial Managers", "finance manager", "11-3031"}, {18, 0, 27, 41, 9, 5}, false},
			 {{"Loan Officers", "mortgage advisor", "13-2072"}, {33, 0, 38, 21, 5, 3}, true}}, 4},
	{"Customer Service", 18, {{{"Customer Service Representatives", "call centre agent", "43-4051"}, {60, 5, 10, 20, 2, 3}, false},
				  {{"Receptionists and Information Clerks", "receptionist", "43-4171"}, {62, 5, 9, 19, 2, 3}, false}}, 2},
	{"Operations", 15, {{{"Data Entry Keyers", "data entry clerk", "43-9021"}, {63, 5, 9, 18, 2, 3}, false},
			    {{"Shipping, Receiving, and Inventory Clerks", "inventory clerk", "43-5071"}, {45, 20, 5, 10, 0, 20}, false},
			    {{"Secretaries and Administrative Assistants, Except Legal, Medical, and Executive", "administrative assistant", "43-6014"}, {51, 4, 13, 26, 2, 4}, false}}, 3},
	{"IT", 10, {{{"Software Developers", "software engineer", "15-1252"}, {15, 0, 50, 12, 20, 3}, false},
		    {{"Computer User Support Specialists", "help desk technician", "15-1232"}, {16, 0, 49, 12, 20, 3}, false},
		    {{"Computer Systems Analysts", "business systems analyst", "15-1211"}, {27, 0, 43, 10, 17, 3}, false},
		    {{"Data Scientists", "data scientist", "15-2051"}, {15, 0, 50, 12, 20, 3}, false}}, 4},
	{"Sales, Marketing & Communications", 10,
	 {{{"Market Research Analysts and Marketing Specialists", "marketing specialist", "13-1161"}, {23, 0, 44, 24, 6, 3}, false},
	  {{"Marketing Managers", "marketing manager", "11-2021"}, {3, 0, 32, 49, 11, 5}, false},
	  {{"Technical Writers", "technical writer", "27-3042"}, {24, 7, 12, 13, 36, 8}, false},
	  {{"Sales Representatives, Wholesale and Manufacturing, Except Technical and Scientific Products", "field sales representative", "41-4012"}, {23, 10, 10, 49, 3, 5}, false}}, 4},
	{"People & HR", 5, {{{"Human Resources Specialists", "HR advisor", "13-1071"}, {34, 0, 37, 21, 5, 3}, false}}, 1},
	{"Legal", 3, {{{"Lawyers", "solicitor", "23-1011"}, {22, 0, 39, 24, 12, 3}, true},
		      {{"Paralegals and Legal Assistants", "paralegal", "23-2011"}, {53, 0, 26, 13, 4, 4}, false}}, 2},
	{"Manufacturing", 15, {{{"Team Assemblers", "assembly line worker", "51-2092"}, {9, 54, 9, 5, 2, 21}, false},
			       {{"Maintenance and Repair Workers, General", "maintenance technician", "49-9071"}, {9, 16, 19, 7, 2, 47}, false}}, 2},
	{"Logistics", 10, {{{"Heavy and Tractor-Trailer Truck Drivers", "HGV driver", "53-3032"}, {8, 21, 5, 11, 0, 55}, true},
			   {{"Shipping, Receiving, and Inventory Clerks", "goods-in clerk", "43-5071"}, {45, 20, 5, 10, 0, 20}, false}}, 2},
	{"Clinical Services", 2, {{{"Registered Nurses", "staff nurse", "29-1141"}, {21, 5, 30, 26, 3, 15}, true}}, 1},
};
/* Small groups, placed at fixed rows so every file has them: fewer people than the default minimum. */
static const dept board = {"Board Office", 0, {{{"Financial Managers", "finance director", "11-3031"}, {18, 0, 27, 41, 9, 5}, false}}, 1};
static const dept audit = {"Internal Audit", 0, {{{"Accountants and Auditors", "auditor", "13-2011"}, {37, 0, 36, 20, 4, 3}, true}}, 1};

static const char *const sites[] = {"Leeds", "Manchester", "London", "Glasgow", "Cardiff"};
static const int site_w[] = {30, 25, 20, 15, 10};

static const char *const freq_id[] = {"never", "tried", "monthly", "weekly", "daily"};
static const char *const freq_label[] = {"Never", "I have tried them, but I don't use them for work",
					 "Now and then: a few times a month", "Every week, but not every day", "Every working day"};
static const int freq_w[] = {15, 20, 20, 25, 20};
static const char *const uses_id[] = {"writing", "research", "analysis", "coding", "images", "customers", "planning", "review"};
static const char *const uses_label[] = {"Writing or editing text: e-mails, reports, summaries",
					 "Looking things up or summarising documents",
					 "Analysing numbers, data or spreadsheets",
					 "Writing, fixing or explaining code, scripts or formulas",
					 "Making images, slides or designs",
					 "Answering customers or the public (chatbots, drafted replies)",
					 "Planning, scheduling or organising work",
					 "Checking work: my own, colleagues' or the AI's"};
static const char *const depth_id[] = {"none", "consume", "prompt", "workflow", "build"};
static const int depth_w[] = {5, 40, 35, 15, 5};
static const char *const rarity_id[] = {"many", "several", "few", "none"};
static const int rarity_w[] = {35, 35, 22, 8};
static const char *const domain_id[] = {"no", "exploring", "yes"};
static const char *const seniority_id[] = {"entry", "mid", "senior", "lead"};
static const int seniority_w[] = {20, 45, 25, 10};
static const char *const skills[] = {
	"data-literacy", "writing", "ai-prompting", "ai-evaluation", "coding", "statistics", "machine-learning",
	"cloud-infrastructure", "domain-expertise", "regulation-compliance", "ethics", "stakeholder-communication",
	"teaching-coaching", "customer-care", "sales-negotiation", "project-management", "design", "technical-maintenance",
	"quality-assurance", "process-improvement", "research", "people-management", "healthcare-practice",
	"financial-analysis", "legal-analysis", "systems-design"};
static const char *const comments[] = {
	"Happy to help pilot new tools, as long as training is provided.",
	"We already use \"Copilot\" for drafting; it saves me an hour a day.",
	"Concerned about job security,\nespecially in back-office teams.",
	"Would like training on data analysis, Excel and Power BI.",
	"Rôle partagé entre deux équipes; données sensibles (RGPD).",
	"N/A",
};

static int weighted(const int *w, int n)
{
	int total = 0;
	for (int i = 0; i < n; i++)
		total += w[i];
	int r = below(total);
	for (int i = 0; i < n; i++) {
		if (r < w[i])
			return i;
		r -= w[i];
	}
	return n - 1;
}

static const char *const id_headers[] = {
	"employee_id", "department", "site", "occupation", "tasks.routine_cognitive", "tasks.routine_manual",
	"tasks.analytic", "tasks.interpersonal", "tasks.creative", "tasks.nonroutine_manual", "data_entry",
	"ai_frequency", "ai_uses", "ai_depth", "years_niche", "rarity", "ai_domain", "judgment", "regulated",
	"seniority", "learning_hours", "skills", "comments"};
static const char *const survey_headers[] = {
	"Employee reference", "Department / team", "Site", "Job title", "Week split: routine information work (%)",
	"Week split: routine physical work (%)", "Week split: problem solving and analysis (%)",
	"Week split: working with people (%)", "Week split: creating (%)", "Week split: hands-on work (%)",
	"Share of week on data entry (%)", "How often do you use AI tools at work?", "What do you use AI tools for?",
	"Most advanced AI use", "Years in your specialism", "Colleagues who could take over your core work",
	"Do you combine AI with your specialist knowledge?", "Judgment needed (1-5)", "Licensed or regulated work?",
	"Seniority", "Learning hours per month", "Skills you already use", "Any comments?"};

static void usage(void)
{
	fputs("usage: gen-intake ROWS [--seed N] [--bad PER-MILLE] [--lf] [--no-bom] [--survey-headers --map-out FILE]\n", stderr);
	exit(2);
}

static void write_map(const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(1);
	}
	fputs("# Survey column headers -> career-risk question ids (written by gen-intake).\n"
	      "questionnaire: intake\ncolumns:\n", f);
	for (size_t i = 0; i < sizeof id_headers / sizeof *id_headers; i++) {
		const char *t = id_headers[i];
		if (!strcmp(t, "site"))
			t = "group";
		else if (!strcmp(t, "comments"))
			t = "ignore";
		fprintf(f, "  \"%s\": %s\n", survey_headers[i], t);
	}
	if (fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	long long rows = -1;
	int bad = 5;
	bool crlf = true, bom = true, survey = false;
	const char *map_out = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			rng_state ^= strtoull(argv[++i], NULL, 10) * 0x9e3779b97f4a7c15ULL + 1;
		else if (!strcmp(argv[i], "--bad") && i + 1 < argc)
			bad = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--lf"))
			crlf = false;
		else if (!strcmp(argv[i], "--no-bom"))
			bom = false;
		else if (!strcmp(argv[i], "--survey-headers"))
			survey = true;
		else if (!strcmp(argv[i], "--map-out") && i + 1 < argc)
			map_out = argv[++i];
		else if (rows < 0 && argv[i][0] >= '0' && argv[i][0] <= '9')
			rows = atoll(argv[i]);
		else
			usage();
	}
	if (rows < 0 || bad < 0 || bad > 1000 || (survey && !map_out))
		usage();
	if (map_out)
		write_map(map_out);
	int wsum = 0;
	for (size_t i = 0; i < sizeof depts / sizeof *depts; i++)
		wsum += depts[i].weight;
	const char *eol = crlf ? "\r\n" : "\n";
	static char out[1 << 16];
	setvbuf(stdout, out, _IOFBF, sizeof out);
	if (bom)
		fputs("\xef\xbb\xbf", stdout);
	cr_sb line = {0};
	const char *const *hdr = survey ? survey_headers : id_headers;
	for (size_t i = 0; i < sizeof id_headers / sizeof *id_headers; i++)
		cr_csv_add(&line, hdr[i], i == 0);
	cr_sb_add(&line, eol);
	fwrite(line.s, 1, line.len, stdout);

	for (long long r = 0; r < rows; r++) {
		char cell[512];
		line.len = 0;
		const dept *dp;
		if (rows >= 100 && r % (rows / 3) == 7 && r / (rows / 3) < 3)
			dp = &board; /* three people */
		else if (rows >= 100 && r % (rows / 6) == 11 && r / (rows / 6) < 6)
			dp = &audit; /* six people */
		else {
			int w = below(wsum);
			size_t k = 0;
			while (w >= depts[k].weight)
				w -= depts[k++].weight;
			dp = &depts[k];
		}
		const occ *oc = &dp->occs[below(dp->nocc)];
		int kind = bad && below(1000) < bad ? 1 + below(6) : 0; /* which mistake, if any */

		snprintf(cell, sizeof cell, "E%07lld", r + 1);
		cr_csv_add(&line, cell, true);
		/* departments typed a little differently now and then, as people do */
		if (below(50) == 0)
			snprintf(cell, sizeof cell, " %s ", dp->name);
		else
			snprintf(cell, sizeof cell, "%s", dp->name);
		cr_csv_add(&line, cell, false);
		cr_csv_add(&line, rows >= 100 && r % (rows / 4) == 3 && r / (rows / 4) < 4 ? "Dublin" : sites[weighted(site_w, 5)], false);
		const char *job = kind == 3 ? "" : kind == 5 ? "chief vibes officer" : oc->names[below(3)];
		cr_csv_add(&line, job, false);

		int t[6];
		memcpy(t, oc->tasks, sizeof t);
		for (int m = 0; m < 3; m++) {
			int from = below(6), to = below(6), amount = below(16);
			if (amount > t[from])
				amount = t[from];
			t[from] -= amount;
			t[to] += amount;
		}
		if (kind == 1)
			t[2] = t[2] >= 5 ? t[2] - 5 : t[2] + 5; /* adds up to 95 or 105 */
		for (int p = 0; p < 6; p++) {
			snprintf(cell, sizeof cell, below(10) == 0 ? "%d%%" : "%d", t[p]);
			cr_csv_add(&line, cell, false);
		}
		int de = t[0] * 6 / 10 + below(21) - 10;
		de = de < 0 ? 0 : de > 100 ? 100 : de;
		snprintf(cell, sizeof cell, "%d", de);
		cr_csv_add(&line, cell, false);

		int f = weighted(freq_w, 5);
		cr_csv_add(&line, kind == 2 ? "dayly" : below(10) < 7 ? freq_id[f] : freq_label[f], false);
		cell[0] = '\0';
		if (f > 0) {
			bool labels = below(10) < 4;
			int n = 1 + below(5);
			unsigned used = 0;
			size_t len = 0;
			for (int u = 0; u < n; u++) {
				int c = below(8);
				if (used & (1u << c))
					continue;
				used |= 1u << c;
				len += (size_t)snprintf(cell + len, sizeof cell - len, labels ? "%s;" : "%s%s", labels ? uses_label[c] : (len ? ", " : ""),
							labels ? "" : uses_id[c]);
			}
		}
		cr_csv_add(&line, cell, false);
		cr_csv_add(&line, f > 0 ? depth_id[weighted(depth_w, 5)] : "", false);
		int years = below(4) == 0 ? below(31) : below(12);
		if (kind == 4)
			snprintf(cell, sizeof cell, "lots");
		else
			snprintf(cell, sizeof cell, "%d", years);
		cr_csv_add(&line, cell, false);
		cr_csv_add(&line, rarity_id[weighted(rarity_w, 4)], false);
		cr_csv_add(&line, domain_id[f >= 3 ? below(3) : below(2)], false);
		snprintf(cell, sizeof cell, "%d", kind == 6 ? 7 : 1 + below(5));
		cr_csv_add(&line, cell, false);
		cr_csv_add(&line, oc->regulated ? (below(10) < 8 ? "yes" : "unsure") : (below(10) < 8 ? "no" : "unsure"), false);
		cr_csv_add(&line, seniority_id[weighted(seniority_w, 4)], false);
		int hours = below(3) == 0 ? 0 : below(25);
		if (below(10) == 0)
			snprintf(cell, sizeof cell, "%d.5", hours);
		else
			snprintf(cell, sizeof cell, "%d", hours);
		cr_csv_add(&line, cell, false);
		size_t len = 0;
		unsigned long long have = 0;
		int ns = below(7);
		cell[0] = '\0';
		for (int s = 0; s < ns; s++) {
			int c = below(26);
			if (have & (1ULL << c))
				continue;
			have |= 1ULL << c;
			len += (size_t)snprintf(cell + len, sizeof cell - len, "%s%s", len ? ", " : "", skills[c]);
		}
		cr_csv_add(&line, cell, false);
		cr_csv_add(&line, below(100) < 15 ? comments[below(6)] : "", false);
		cr_sb_add(&line, eol);
		fwrite(line.s, 1, line.len, stdout);
	}
	cr_sb_free(&line);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("gen-intake");
		return 1;
	}
	return 0;
}
