/*
 * fixture.h - the shipped knowledge base (knowledge/ and questionnaires/),
 * loaded once per cmocka group, for the unit tests that score or read answers.
 *
 *	return cmocka_run_group_tests(tests, fx_kb_setup, fx_kb_teardown);
 *
 * After fx_kb_setup, fx_kb is the loaded knowledge base and fx_std its
 * "standard" questionnaire; both are owned here and freed by fx_kb_teardown.
 * A load that fails prints its diagnostics and fails the whole group.
 */
#ifndef CR_TEST_FIXTURE_H
#define CR_TEST_FIXTURE_H

#include "kb.h"

extern cr_kb *fx_kb;
extern const cr_questionnaire *fx_std;

int fx_kb_setup(void **state);
int fx_kb_teardown(void **state);

#endif
