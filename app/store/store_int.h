/*
 * store_int.h - what the store's own files share; nothing outside app/store includes it.
 */
#ifndef CR_STORE_INT_H
#define CR_STORE_INT_H

#include <sqlite3.h>

#include "store.h"

sqlite3 *cr_store_db_(cr_store *s);
/* A CR_ESTORE diagnostic for SQLite result rc, with a hint saying what to do. */
enum cr_status cr_store_fail_(cr_store *s, cr_diags *d, int rc, const char *what);

#endif
