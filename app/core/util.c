/* util.c - see util.h. */
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void die_oom(void)
{
	fputs("career-risk: out of memory\n", stderr);
	abort();
}

void *cr_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die_oom();
	return p;
}

void *cr_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		die_oom();
	return p;
}

void *cr_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		die_oom();
	return q;
}

void cr_xgrow(void **v, size_t *cap, size_t need, size_t elem)
{
	if (need < *cap)
		return;
	size_t ncap = *cap ? *cap * 2 : 8;
	while (ncap <= need)
		ncap *= 2;
	if (ncap > SIZE_MAX / elem)
		die_oom();
	*v = cr_xrealloc(*v, ncap * elem);
	memset((char *)*v + *cap * elem, 0, (ncap - *cap) * elem);
	*cap = ncap;
}

char *cr_xstrdup(const char *s)
{
	return cr_xstrndup(s, strlen(s));
}

char *cr_xstrndup(const char *s, size_t n)
{
	char *p = cr_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *cr_xvprintf(const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		die_oom();
	char *p = cr_xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *cr_xprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = cr_xvprintf(fmt, ap);
	va_end(ap);
	return p;
}

void cr_sb_grow(cr_sb *b, size_t n)
{
	if (b->len + n + 1 <= b->cap)
		return;
	size_t ncap = b->cap ? b->cap : 64;
	while (ncap < b->len + n + 1)
		ncap *= 2;
	b->s = cr_xrealloc(b->s, ncap);
	b->cap = ncap;
}

void cr_sb_addf(cr_sb *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = cr_xvprintf(fmt, ap);
	va_end(ap);
	cr_sb_add(b, p);
	free(p);
}

char *cr_sb_take(cr_sb *b)
{
	char *s = b->s ? b->s : cr_xstrdup("");
	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

void cr_sb_free(cr_sb *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

int cr_file_read(const char *path, size_t max_bytes, char **out, size_t *len)
{
	int rc = 0;
	char *buf = NULL;
	size_t n = 0, cap = 0;
	FILE *f = fopen(path, "rb");
	if (!f)
		return errno;
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		rc = EISDIR;
		goto out;
	}
	for (;;) {
		if (n + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 8192;
			buf = cr_xrealloc(buf, cap);
		}
		size_t got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
		if (n > max_bytes) {
			rc = EFBIG;
			goto out;
		}
		if (got == 0) {
			if (ferror(f))
				rc = EIO;
			break;
		}
	}
out:
	fclose(f);
	if (rc) {
		free(buf);
		return rc;
	}
	if (!buf)
		buf = cr_xmalloc(1);
	buf[n] = '\0';
	*out = buf;
	if (len)
		*len = n;
	return 0;
}

uint64_t cr_fnv1a(uint64_t h, const void *data, size_t n)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

int cr_strcasecmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		int ca = tolower((unsigned char)*a), cb = tolower((unsigned char)*b);
		if (ca != cb || !ca)
			return ca - cb;
	}
}

bool cr_str_has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

char *cr_str_trim(char *s)
{
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	size_t i = 0;
	while (s[i] && isspace((unsigned char)s[i]))
		i++;
	if (i)
		memmove(s, s + i, n - i + 1);
	return s;
}

int cr_edit_distance(const char *a, const char *b, int cap)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64 || lb > 64)
		return cap;
	int row[65];
	for (size_t j = 0; j <= lb; j++)
		row[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		int diag = row[0], best;
		row[0] = (int)i;
		best = row[0];
		for (size_t j = 1; j <= lb; j++) {
			int up = row[j];
			int cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
			int v = diag + cost;
			if (up + 1 < v)
				v = up + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			row[j] = v;
			diag = up;
			if (v < best)
				best = v;
		}
		if (best >= cap)
			return cap;
	}
	return row[lb] < cap ? row[lb] : cap;
}

size_t cr_utf8_invalid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		unsigned c = p[i];
		size_t n;
		unsigned min, cp;
		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xe0) == 0xc0) {
			n = 1, min = 0x80, cp = c & 0x1f;
		} else if ((c & 0xf0) == 0xe0) {
			n = 2, min = 0x800, cp = c & 0x0f;
		} else if ((c & 0xf8) == 0xf0) {
			n = 3, min = 0x10000, cp = c & 0x07;
		} else {
			return i;
		}
		if (len - i <= n)
			return i;
		for (size_t k = 1; k <= n; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return i;
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return i;
		i += n + 1;
	}
	return len;
}

double cr_clamp(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

bool cr_utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		if (*p < 0x80) {
			p++;
			continue;
		}
		int n;
		uint32_t cp;
		if ((*p & 0xe0) == 0xc0)
			n = 1, cp = *p & 0x1f;
		else if ((*p & 0xf0) == 0xe0)
			n = 2, cp = *p & 0x0f;
		else if ((*p & 0xf8) == 0xf0)
			n = 3, cp = *p & 0x07;
		else
			return false;
		for (int i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		static const uint32_t min[4] = {0, 0x80, 0x800, 0x10000};
		if (cp < min[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		p += n + 1;
	}
	return true;
}

/*
 * Decodes one UTF-8 sequence at p (len bytes left): returns its length and
 * sets *cp, or 0 when the bytes there are not valid UTF-8.
 */
static size_t utf8_one(const unsigned char *p, size_t len, uint32_t *cp)
{
	size_t n = cr_utf8_invalid((const char *)p, len < 4 ? len : 4);
	if (n == 0)
		return 0;
	unsigned c = p[0];
	size_t k = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : 4;
	if (k > n)
		return 0;
	uint32_t v = k == 1 ? c : k == 2 ? c & 0x1f : k == 3 ? c & 0x0f : c & 0x07;
	for (size_t i = 1; i < k; i++)
		v = (v << 6) | (p[i] & 0x3f);
	*cp = v;
	return k;
}

/*
 * Code points that draw nothing yet change how a terminal shows what follows:
 * C1 controls, bidi embeddings, overrides, isolates and marks, zero-width
 * characters, line and paragraph separators, the byte-order mark, and
 * interlinear annotation marks.
 */
static bool cp_unsafe(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) || cp == 0x061c || cp == 0x180e ||
	       (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x206f) ||
	       cp == 0xfeff || (cp >= 0xfff9 && cp <= 0xfffb);
}

void cr_sb_add_vis(cr_sb *b, const char *s, size_t max_chars, unsigned flags)
{
	if (!s)
		return;
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), i = 0, chars = 0;
	if (!b->s)
		cr_sb_add(b, ""); /* an empty s still gives "" */
	while (i < len) {
		/* a run of printable ASCII, most of any text, added at once: the same bytes the
		 * steps below add one by one (0.8M of the 8.9M instructions of `occupation show`) */
		size_t run = 0;
		while (i + run < len && p[i + run] >= 0x20 && p[i + run] < 0x7f && (!max_chars || chars + run < max_chars))
			run++;
		if (run) {
			cr_sb_addn(b, s + i, run);
			i += run;
			chars += run;
			continue;
		}
		if (max_chars && chars == max_chars) {
			cr_sb_add(b, "\xe2\x80\xa6"); /* … */
			return;
		}
		chars++;
		uint32_t cp;
		size_t n = utf8_one(p + i, len - i, &cp);
		if (n == 0) {
			cr_sb_addf(b, "\\x%02x", p[i]);
			i++;
			continue;
		}
		if (!cp_unsafe(cp) || (cp == '\n' && (flags & CR_VIS_KEEP_NL)))
			cr_sb_addn(b, s + i, n);
		else if (cp == '\n')
			cr_sb_add(b, "\\n");
		else if (cp == '\t')
			cr_sb_add(b, "\\t");
		else if (cp == '\r')
			cr_sb_add(b, "\\r");
		else if (cp < 0x80)
			cr_sb_addf(b, "\\x%02x", (unsigned)cp);
		else
			cr_sb_addf(b, "\\u%04X", (unsigned)cp);
		i += n;
	}
}

char *cr_vis(const char *s, size_t max_chars, unsigned flags)
{
	cr_sb b = {0};
	cr_sb_add_vis(&b, s ? s : "", max_chars, flags);
	return cr_sb_take(&b);
}

bool cr_vis_clean(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = utf8_one(p + i, len - i, &cp);
		if (n == 0 || cp_unsafe(cp))
			return false;
		i += n;
	}
	return true;
}
