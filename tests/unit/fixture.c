/* fixture.c - the shipped knowledge base as a cmocka group fixture (fixture.h). */
#include <stdio.h>
#include <stdlib.h>

#include "diag.h"
#include "fixture.h"

cr_kb *fx_kb;
const cr_questionnaire *fx_std;

int fx_kb_setup(void **state)
{
	(void)state;
	cr_diags d = {0};
	int rc = 0;
	if (cr_kb_load(CR_SOURCE_DIR "/knowledge", CR_SOURCE_DIR "/questionnaires", &fx_kb, &d) != CR_OK) {
		for (size_t i = 0; i < d.n; i++) {
			char *msg = cr_diag_format(&d.v[i]);
			fprintf(stderr, "fixture: %s\n", msg ? msg : "(no memory)");
			free(msg);
		}
		fprintf(stderr, "fixture: the shipped knowledge base did not load\n");
		rc = -1;
		goto out;
	}
	fx_std = cr_kb_questionnaire(fx_kb, "standard");
	if (!fx_std) {
		fprintf(stderr, "fixture: the shipped knowledge base has no \"standard\" questionnaire\n");
		rc = -1;
	}
out:
	cr_diags_clear(&d);
	return rc;
}

int fx_kb_teardown(void **state)
{
	(void)state;
	cr_kb_free(fx_kb);
	fx_kb = NULL;
	fx_std = NULL;
	return 0;
}
