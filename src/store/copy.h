/* copy.h: copying a whole installation between databases. */
#pragma once
#include "store/store.h"

struct copy_report {
	int n_tables;
	struct {
		const char *name;
		int64_t rows;
	} tables[32];
	const char *failed_table; /* set when something failed */
	bool verified;
};

/* Copies every table of from (migrated to the same schema version) into the
 * empty database to, in one transaction, then verifies counts and a sample
 * of rows. -ENOTEMPTY when to already holds organizations; -EIO when the
 * verification found a difference (failed_table names where). */
int store_copy(struct db *from, struct db *to, struct arena *a, struct copy_report *ret);
