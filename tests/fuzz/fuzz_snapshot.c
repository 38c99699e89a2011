/*
 * fuzz_snapshot.c - the compiled knowledge base's reader (cr_kb_snapshot_read).
 *
 * The reader must reject, never crash on, any bytes. A checksum guards the
 * body, so bytes from the fuzzer would rarely get past it; the first input
 * byte picks how the rest is used:
 *   0: as a whole snapshot file, as it is (the header checks);
 *   1: as a whole snapshot file, resealed so its checksum holds (the decoder);
 *   2: as edits (three bytes of position, one of value; three left over cut
 *      it short) to a snapshot of the shipped base, cut short, resealed (the decoder, deep inside).
 * A snapshot the reader accepts must write and read back the same, and is
 * then scored and rendered (fuzz_exercise_kb): a reader that accepts what
 * the engine cannot handle is the bug to find.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "kb_snapshot.h"

static char *good;
static size_t good_len;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/*
	 * The shipped base cut to its first dozen occupations (and no task index,
	 * which would point at the others): every kind of record is still there,
	 * and a snapshot of some 60 kB keeps the fuzzer fast.
	 */
	cr_kb *kb = fuzz_shipped_kb();
	if (kb->noccupations > 12)
		kb->noccupations = 12;
	kb->tasks_by_id = NULL;
	kb->ntasks_by_id = 0;
	cr_kb_snapshot_write(kb, 1, &good, &good_len);
	cr_kb_free(kb);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	int mode = data[0] % 3;
	data++;
	size--;
	char *buf;
	size_t len;
	if (mode == 2) {
		buf = malloc(good_len);
		memcpy(buf, good, good_len);
		len = good_len;
		for (size_t i = 0; i + 4 <= size; i += 4) {
			size_t at = ((size_t)data[i] << 16 | (size_t)data[i + 1] << 8 | data[i + 2]) % good_len;
			buf[at] = (char)data[i + 3];
		}
		if (size % 4 == 3) /* a trailing three bytes cut the snapshot short */
			len = ((size_t)data[size - 3] << 16 | (size_t)data[size - 2] << 8 | data[size - 1]) % (good_len + 1);
	} else {
		buf = malloc(size ? size : 1);
		memcpy(buf, data, size);
		len = size;
	}
	if (mode != 0)
		cr_kb_snapshot_reseal(buf, len);
	uint64_t key = 0;
	cr_kb_snapshot_key(buf, len, &key);
	const char *why = NULL;
	cr_kb *kb = cr_kb_snapshot_read(buf, len, key, mode == 2, &why);
	if (!kb && !why)
		fuzz_fail("a rejected snapshot must say why");
	if (kb) {
		char *again;
		size_t alen;
		cr_kb_snapshot_write(kb, key, &again, &alen);
		cr_kb *kb2 = cr_kb_snapshot_read(again, alen, key, false, &why);
		if (!kb2)
			fuzz_fail("an accepted snapshot, written again, is rejected");
		char *third;
		size_t tlen;
		cr_kb_snapshot_write(kb2, key, &third, &tlen);
		if (tlen != alen || memcmp(third, again, alen) != 0)
			fuzz_fail("an accepted snapshot does not read back the same");
		free(third);
		fuzz_exercise_kb(kb2);
		cr_kb_free(kb2);
		free(again);
		cr_kb_free(kb);
	}
	free(buf);
	return 0;
}
