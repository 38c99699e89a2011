/*
 * fuzz.h - what the libFuzzer targets in tests/fuzz share.
 *
 * Each target feeds one parser entry point hostile bytes and, when the input
 * is accepted, pushes the result through the rest of the pipeline (scoring,
 * JSON, text and Markdown), since a parser that accepts something the engine
 * cannot handle is the bug a fuzzer should find. Fixed inputs (the shipped
 * knowledge base, a questionnaire) are read once, from the source tree.
 * A broken invariant calls fuzz_fail(), which aborts so libFuzzer saves the input.
 */
#ifndef CR_FUZZ_H
#define CR_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "assess.h"
#include "kb.h"

#ifndef CR_SOURCE_DIR
#error "CR_SOURCE_DIR must name the source tree"
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts with a message: libFuzzer records the input as a crash. */
void fuzz_fail(const char *what) __attribute__((noreturn));
/* A file of the source tree, read whole (aborts when it cannot be read). */
cr_kb_file fuzz_read(const char *relpath);
/* The shipped knowledge base and questionnaires (aborts when they do not load). */
cr_kb *fuzz_shipped_kb(void);
/*
 * Scores a few typical workers with every questionnaire of kb and renders each
 * result as JSON, text and Markdown; checks the result's invariants.
 */
void fuzz_exercise_kb(const cr_kb *kb);
/* Checks a result's invariants and renders it every way. */
void fuzz_exercise_result(const cr_result *r);

#endif
