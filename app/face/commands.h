/*
 * commands.h - the command table: one row per command, and nothing else.
 *
 * CR_COMMAND(FUNCTION, words, usage, summary, help, options, least and most
 * arguments, messages for too few / too many / the unexpected one, flags):
 * app.h includes this file to declare every FUNCTION (`enum cr_status
 * FUNCTION(cr_app *, const cr_args *)`, defined in the command's own file
 * app/face/cmd_*.c), and main.c to build its table (a cr_command each; app.h
 * says what every field means). So a new command is
 * its file and one row here (docs/architecture.md, "Adding a command").
 *
 * A row declares everything main needs before running one: its words, usage
 * and help, the options it takes, how many arguments, and what to set up
 * (CR_NEEDS_KB loads the knowledge base, CR_NEEDS_DB opens the profile
 * database; commands that open it only sometimes, as assess without
 * --no-save, do so themselves). The order is the order of `--help`.
 */
#ifndef CR_COMMAND
#error "commands.h is included with CR_COMMAND defined (app.h, main.c)"
#endif

/* Option lists the rows share; each ends with {CR_OPT_N, 0}. */
#ifndef OPTS
#define OPTS(...) ((const cr_optdecl[]){__VA_ARGS__, {CR_OPT_N, 0}})
#define FORMAT_ONLY OPTS({CR_OPT_FORMAT, 'f'})
#define NO_ARGS_PROFILE " (the profile is chosen with --profile NAME)"
#endif

CR_COMMAND(cmd_assess, "assess", NULL, "assess [--questionnaire ID] [--answers FILE] [--format FMT] [--resume]",
 "answer a questionnaire and get your exposure score, reasons and action plan; FMT is text, json, markdown or html; --no-save keeps nothing",
 NULL, OPTS({CR_OPT_QUESTIONNAIRE, 'q'}, {CR_OPT_ANSWERS, 'a'}, {CR_OPT_FORMAT, 'f'}, {CR_OPT_NO_SAVE, 0}, {CR_OPT_RESUME, 0}),
 0, 0, NULL, NULL, NULL, CR_NEEDS_KB)
CR_COMMAND(cmd_kb_check, "kb", "check", "kb check [--strict] [DIR]", "check a knowledge base and its questionnaires; exit 0 when clean", NULL,
 OPTS({CR_OPT_STRICT, 0}), 0, 1, NULL, "give at most one folder", NULL, 0)
CR_COMMAND(cmd_doctor, "doctor", NULL, "doctor [--format text|json]", "check the profile database and say what to fix", NULL, FORMAT_ONLY, 0,
 0, NULL, NULL, " (the database is given with --db)", 0)
CR_COMMAND(cmd_occupation_show, "occupation", "show", "occupation show CODE-OR-TITLE [--format text|json]",
 "an occupation's record and the assessment of a typical worker in it", NULL, FORMAT_ONLY, 1, -1,
 "give a SOC code or a title", NULL, NULL, CR_NEEDS_KB)
CR_COMMAND(cmd_occupation_list, "occupation", "list", "occupation list [--format text|csv|json]",
 "every occupation with its typical worker's score, band, dimensions and percentile", NULL, FORMAT_ONLY, 0, 0, NULL,
 "takes no arguments; `occupation search WORDS` narrows", NULL, CR_NEEDS_KB)
CR_COMMAND(cmd_occupation_search, "occupation", "search", "occupation search WORDS", "find occupations by title or alias (typos tolerated)", NULL, NULL,
 1, -1, "give words to search for, e.g. `occupation search nurse`", NULL, NULL, CR_NEEDS_KB)
CR_COMMAND(cmd_questionnaire_list, "questionnaire", "list", "questionnaire list", "the questionnaires available", NULL, NULL, 0, 0, NULL, NULL, NULL,
 CR_NEEDS_KB)
CR_COMMAND(cmd_questionnaire_show, "questionnaire", "show", "questionnaire show ID", "a questionnaire's questions, with why each is asked", NULL, NULL, 1,
 1, "give a questionnaire id (`questionnaire list` shows them)", NULL, NULL, CR_NEEDS_KB)
CR_COMMAND(cmd_questionnaire_template, "questionnaire", "template", "questionnaire template ID [--format yaml|csv]",
 "a file to fill in: an answers file (yaml), or the header row of an HR survey export (csv)", NULL, FORMAT_ONLY, 1, 1,
 "give a questionnaire id (`questionnaire list` shows them)", NULL, NULL, CR_NEEDS_KB)
CR_COMMAND(cmd_profile_list, "profile", "list", "profile list [--tag TAG] [--format text|json]",
 "every profile with its last session, score and trend", "--tag TAG lists only the profiles tagged TAG.",
 OPTS({CR_OPT_TAG, 't'}, {CR_OPT_FORMAT, 'f'}), 0, 0, NULL, NULL, NULL, CR_NEEDS_DB)
CR_COMMAND(cmd_profile_create, "profile", "create", "profile create NAME", "add a profile (a client's, say)", NULL, NULL, 1, 1,
 "give one name, e.g. `profile create \"Alex Doe\"`", "give one name, e.g. `profile create \"Alex Doe\"`", NULL,
 CR_NEEDS_DB)
CR_COMMAND(cmd_profile_rename, "profile", "rename", "profile rename OLD NEW", "rename a profile", NULL, NULL, 2, 2, "give the old name and the new one",
 "give the old name and the new one", NULL, CR_NEEDS_DB)
CR_COMMAND(cmd_profile_delete, "profile", "delete", "profile delete NAME [--yes]", "erase a profile and all it holds, for good", NULL,
 OPTS({CR_OPT_YES, 'y'}), 1, 1, "give the name of the profile to delete", "give the name of the profile to delete",
 NULL, CR_NEEDS_DB)
CR_COMMAND(cmd_profile_tag, "profile", "tag", "profile tag NAME [TAG...]", "tag a profile (e.g. autumn-intake); with no TAG, show its tags",
 "A tag is 1 to 40 letters, digits, '-', '_' or '.'.\n`profile list --tag TAG` lists the profiles tagged TAG.",
 NULL, 1, -1, "give the profile's name, then the tags", NULL, NULL, CR_NEEDS_DB)
CR_COMMAND(cmd_profile_tag, "profile", "untag", "profile untag NAME TAG...", "remove tags from a profile", NULL, NULL, 2, -1,
 "give the profile's name, then the tags to remove", NULL, NULL, CR_NEEDS_DB)
CR_COMMAND(cmd_history, "history", NULL, "history [--format text|json]", "a profile's sessions with score, band and change", NULL, FORMAT_ONLY,
 0, 0, NULL, NULL, NO_ARGS_PROFILE, CR_NEEDS_DB)
CR_COMMAND(cmd_compare, "compare", NULL, "compare [A [B]] [--format text|json]", "what changed between two sessions (default: the last two)",
 NULL, FORMAT_ONLY, 0, 2, NULL, "give at most two session numbers", NULL, CR_NEEDS_DB)
CR_COMMAND(cmd_progress, "progress", NULL, "progress [--format text|json]", "score and dimensions over time, and the action plan", NULL,
 FORMAT_ONLY, 0, 0, NULL, NULL, NO_ARGS_PROFILE, CR_NEEDS_DB)
CR_COMMAND(cmd_plan_list, "plan", "list", "plan list", "the action plan, each item with its status and dates", NULL, NULL, 0, 0, NULL, NULL, NULL,
 CR_NEEDS_DB)
#define PLAN_SET(verb, summary)                                                                                    \
CR_COMMAND(cmd_plan_set, "plan", verb, "plan " verb " ID...", summary, NULL, NULL, 1, -1,                                          \
 "give the number of an item (`plan list` shows them)", NULL, NULL, CR_NEEDS_DB)
PLAN_SET("start", "mark action-plan items as in progress")
PLAN_SET("done", "mark items done; the next assessment credits them")
PLAN_SET("drop", "drop items from the plan")
PLAN_SET("todo", "put items back to do")
CR_COMMAND(cmd_plan_add, "plan", "add", "plan add TEXT", "add an item of your own to the action plan",
 "The item is listed and closed like the others (plan start|done|drop);\nno assessment re-checks it.", NULL, 1, -1,
 "give the item's text, e.g. `plan add \"Shadow the QA lead for a day\"`", NULL, NULL, CR_NEEDS_DB)
CR_COMMAND(cmd_note_add, "note", "add", "note add [--session N] TEXT|-", "add a counsellor note to a session (default: the latest)", NULL,
 OPTS({CR_OPT_SESSION, 's'}), 1, -1, "give the note's text, or - to read it from standard input", NULL, NULL,
 CR_NEEDS_DB)
CR_COMMAND(cmd_note_list, "note", "list", "note list", "a profile's counsellor notes, each with its number", NULL, NULL, 0, 0, NULL, NULL,
 NULL, CR_NEEDS_DB)
CR_COMMAND(cmd_note_edit, "note", "edit", "note edit ID TEXT|-", "replace the text of a note (`note list` shows the numbers)", NULL, NULL, 2,
 -1, "give the note's number and its new text, or - to read it from standard input", NULL, NULL, CR_NEEDS_DB)
CR_COMMAND(cmd_note_delete, "note", "delete", "note delete ID [--yes]", "delete a note, for good (asked first at a terminal)", NULL,
 OPTS({CR_OPT_YES, 'y'}), 1, 1, "give the note's number (`note list` shows them)", "give one note's number", NULL,
 CR_NEEDS_DB)
CR_COMMAND(cmd_report, "report", NULL, "report [--session N] [--full] [--notes] [--format FMT] [--output FILE]",
 "a session's report: text, markdown, html (prints on A4 or Letter) or json",
 "The client summary (score, the reasons that matter most, the plan, goals,\n"
 "answers; one or two pages) unless --full asks for the technical report\n"
 "(every rule and source). Counsellor notes are private: shown only with --notes.\n"
 "--paper a4|letter fixes the page size of the html report.\n",
 OPTS({CR_OPT_SESSION, 's'}, {CR_OPT_FULL, 0}, {CR_OPT_NOTES, 0}, {CR_OPT_FORMAT, 'f'}, {CR_OPT_PAPER, 0},
      {CR_OPT_OUTPUT, 'o'}), 0, 0, NULL, NULL,
 " (a session is chosen with --session N)", CR_NEEDS_KB | CR_NEEDS_DB)
CR_COMMAND(cmd_export, "export", NULL, "export [--output FILE]", "everything held about a profile, as JSON", NULL, OPTS({CR_OPT_OUTPUT, 'o'}),
 0, 0, NULL, NULL, NO_ARGS_PROFILE, CR_NEEDS_DB)
CR_COMMAND(cmd_erase, "erase", NULL, "erase [--yes]", "remove a profile and all it holds, for good, and say what went", NULL,
 OPTS({CR_OPT_YES, 'y'}), 0, 0, NULL, NULL, NO_ARGS_PROFILE, CR_NEEDS_DB)
CR_COMMAND(cmd_batch, "batch", NULL, "batch --input CSV --output CSV|JSONL [--summary MD|HTML] [OPTIONS]",
 "score a whole workforce from an HR survey export, with a cohort summary; `career-risk batch --help` lists the OPTIONS",
 cr_batch_help,
 OPTS({CR_OPT_QUESTIONNAIRE, 'q'}, {CR_OPT_INPUT, 'i'}, {CR_OPT_OUTPUT, 'o'}, {CR_OPT_FORMAT, 'f'},
      {CR_OPT_SUMMARY, 's'}, {CR_OPT_MIN_GROUP, 'm'}, {CR_OPT_MAP, 0}, {CR_OPT_GROUP_BY, 'g'}, {CR_OPT_ERRORS, 'e'},
      {CR_OPT_STRICT, 0}, {CR_OPT_STORE, 0}, {CR_OPT_COHORT, 0}, {CR_OPT_GROUP_LABEL, 0},
     {CR_OPT_ROSTER, 0}, {CR_OPT_EXCEL, 0}, {CR_OPT_JOBS, 'j'}, {CR_OPT_TITLES, 0}, {CR_OPT_MIN_CONFIDENCE, 0},
     {CR_OPT_HEADER_ROWS, 0}, {CR_OPT_ENCODING, 0}, {CR_OPT_SUGGEST_MAP, 0}),
 0, 0, NULL, NULL, NULL, CR_NEEDS_KB)
CR_COMMAND(cmd_cohort_list, "cohort", "list", "cohort list [--format text|json]",
 "the intake cohorts `batch --store` kept, with those a stopped batch left unfinished", cr_cohort_help, FORMAT_ONLY, 0,
 0, NULL, NULL, NULL, CR_NEEDS_DB)
CR_COMMAND(cmd_cohort_delete, "cohort", "delete", "cohort delete ID...|--unfinished [--yes]",
 "delete stored intake cohorts and all their results, for good", cr_cohort_delete_help,
 OPTS({CR_OPT_YES, 'y'}, {CR_OPT_UNFINISHED, 0}), 0, -1, NULL, NULL, NULL, CR_NEEDS_DB)
CR_COMMAND(cmd_cohort_show, "cohort", "show", "cohort show ID [--min-group N] [--format text|markdown|json]",
 "a stored cohort's summary: key findings, groups, bands, advice", cr_cohort_show_help,
 OPTS({CR_OPT_FORMAT, 'f'}, {CR_OPT_MIN_GROUP, 'm'}), 1, 1, "give the id of the cohort (`cohort list` shows them)",
 "give one cohort id", NULL, CR_NEEDS_KB | CR_NEEDS_DB)
CR_COMMAND(cmd_cohort_compare, "cohort", "compare", "cohort compare A B [--min-group N] [--format text|markdown|json]",
 "two stored cohorts wave over wave, overall and by group", cr_cohort_compare_help,
 OPTS({CR_OPT_FORMAT, 'f'}, {CR_OPT_MIN_GROUP, 'm'}), 2, 2, "give two cohort ids, the earlier wave first",
 "give two cohort ids, the earlier wave first", NULL, CR_NEEDS_KB | CR_NEEDS_DB)
CR_COMMAND(cmd_titles, "titles", NULL, "titles --input CSV [--column NAME] [--output CSV]",
 "the distinct job titles of an export with their best occupation, as a crosswalk to check", cr_titles_help,
 OPTS({CR_OPT_INPUT, 'i'}, {CR_OPT_COLUMN, 'c'}, {CR_OPT_OUTPUT, 'o'}), 0, 0, NULL, NULL, NULL, CR_NEEDS_KB)
CR_COMMAND(cmd_complete, "__complete", NULL, "__complete N WORD...", "the words bash may complete word N of a command line with", NULL,
 NULL, 1, -1, "give the index of the word to complete", NULL, NULL, CR_OPTS_FIRST | CR_HIDDEN)
