/*
 * diag.h - the one way errors travel in career-risk.
 *
 * Core and store functions never print and never exit: they return a
 * cr_status and append a cr_diag (status, file:line:column when there is one,
 * message, and a hint saying what to do) to the caller's cr_diags. Only the
 * face (app/face) writes them to stderr and maps the status to an exit code,
 * which is the same number: the exit-code table is this enum.
 *
 * A diagnostic of status CR_OK is a warning: it is reported ("warning: ..."),
 * but it does not make the command fail.
 */
#ifndef CR_DIAG_H
#define CR_DIAG_H

#include <stddef.h>

enum cr_status {
	CR_OK = 0,        /* success */
	CR_EFAIL = 1,     /* unexpected internal failure */
	CR_EUSAGE = 2,    /* wrong command-line usage */
	CR_EDATA = 3,     /* bad input data: knowledge base, questionnaire, answers, CSV */
	CR_ESTORE = 4,    /* the profile database failed: locked, corrupt, read-only, too new */
	CR_ENOTFOUND = 5, /* a named thing does not exist: occupation, profile, session */
	CR_ECANCEL = 6,   /* the person cancelled; what was answered is saved */
	CR_EIO = 7,       /* writing output failed: disk full, closed pipe */
};

/*
 * What a message or hint points the person to on the command line. Core and
 * store never spell a command's words or an option: they write one of these
 * references (a CR_REF_MARK byte and a letter) and the face words it with the
 * names it has today (face/app.c, cr_app_word_refs), so renaming a command or
 * an option never means editing the core. "career-risk " itself stays literal.
 */
#define CR_REF_MARK '\001'
#define CR_REF(letter) "\001" letter
#define CR_CMD_PROFILE_LIST CR_REF("p")
#define CR_CMD_PROFILE_CREATE CR_REF("c")
#define CR_CMD_PLAN_LIST CR_REF("l")
#define CR_CMD_COHORT_LIST CR_REF("h")
#define CR_CMD_KB_CHECK CR_REF("k")
#define CR_CMD_QUESTIONNAIRE_SHOW CR_REF("s")
#define CR_CMD_QUESTIONNAIRE_TEMPLATE CR_REF("t")
#define CR_CMD_OCCUPATION_SEARCH CR_REF("o")
#define CR_CMD_DOCTOR CR_REF("d")
#define CR_CMD_BATCH CR_REF("b")
#define CR_FLAG_DB CR_REF("D")
#define CR_FLAG_QUESTIONNAIRE CR_REF("Q")
#define CR_FLAG_MAP CR_REF("M")
#define CR_FLAG_FORMAT CR_REF("F")
#define CR_FLAG_HELP CR_REF("H")
#define CR_FLAG_STRICT CR_REF("S")
#define CR_FLAG_STORE CR_REF("T")
#define CR_FLAG_UNFINISHED CR_REF("U")
#define CR_FLAG_PROFILE CR_REF("P")
#define CR_FLAG_RESUME CR_REF("R")
#define CR_CMD_COHORT_DELETE CR_REF("x")
#define CR_CMD_ASSESS CR_REF("a")
#define CR_CMD_NOTE_LIST CR_REF("n")
#define CR_FLAG_ENCODING CR_REF("Y")
#define CR_FLAG_HEADER_ROWS CR_REF("Z")
#define CR_FLAG_INPUT CR_REF("V")

typedef struct cr_diag {
	enum cr_status status;
	char *file; /* NULL when the problem has no file */
	int line;   /* 1-based; 0 when unknown */
	int col;    /* 1-based; 0 when unknown */
	char *msg;  /* one line, no trailing newline */
	char *hint; /* what to do about it, or NULL */
} cr_diag;

typedef struct cr_diags {
	cr_diag *v;
	size_t n;
	size_t cap;
} cr_diags;

/* Appends a diagnostic and returns its status, so `return cr_diag_add(...)` reads well. */
enum cr_status cr_diag_add(cr_diags *d, enum cr_status st, const char *file, int line, int col,
			   const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Sets the hint of the last diagnostic added. */
void cr_diag_hint(cr_diags *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The status of the first error (warnings skipped), or CR_OK when there is none. */
enum cr_status cr_diags_status(const cr_diags *d);
/*
 * "file:line:col: message" (parts omitted when unknown; "warning: " before a
 * warning's message); caller frees. The file and the message go through
 * cr_vis (util.h), since both may quote data: an escape sequence or a bidi
 * override in a key, a value or a file name is shown, never obeyed, and a
 * message is cut at CR_DIAG_MSG_MAX characters. Line breaks in a message are
 * kept (some list matches a line); data quoted in one is escaped where it is
 * put in (cr_vis with CR_ECHO_MAX), which shows its line breaks as "\n".
 */
char *cr_diag_format(const cr_diag *g);
#define CR_DIAG_MSG_MAX 1000
/* The hint made safe the same way, or NULL when there is none; caller frees. */
char *cr_diag_format_hint(const cr_diag *g);

/*
 * Keeps a flood of alike diagnostics (50,000 unknown keys) to a few lines.
 * Two diagnostics are alike when they have the same status and file and
 * their messages differ only in quoted text and numbers. For each d->v[i],
 * more[i] (an array of d->n the caller provides) is set to:
 *   CR_DIAG_HIDDEN  when it is beyond the first `keep` of its kind;
 *   k > 0           when it is the last shown of its kind and k more are hidden;
 *   0               otherwise.
 */
#define CR_DIAG_HIDDEN ((size_t)-1)
#define CR_DIAG_KEEP_ALIKE 10
void cr_diags_limit(const cr_diags *d, size_t keep, size_t *more);
void cr_diags_clear(cr_diags *d);
/* Short name of a status for messages and documentation ("data error"). */
const char *cr_status_name(enum cr_status st);

#endif
