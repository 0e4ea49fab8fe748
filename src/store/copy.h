/* copy.h: copying a whole installation between databases. */
#pragma once
#include "store/store.h"

#define COPY_MAX_TABLES 64

/* What stopped a copy (the report's problem), beside the errno. */
enum copy_problem {
	COPY_OK,
	COPY_NOT_EMPTY,      /* the target holds organizations already */
	COPY_TABLE_UNLISTED, /* a table of the schema that copy has no place for */
	COPY_TABLE_MISSING,  /* a table of the list or of one schema that side lacks */
	COPY_COLUMN_MISSING, /* a column of one database that side lacks */
	COPY_BAD_NAME,       /* a table or column name that is not a plain identifier */
	COPY_COUNT_DIFFERS,  /* the target has another number of rows */
	COPY_ROW_DIFFERS,    /* a row of the sample differs (or is gone) */
	COPY_DB_ERROR,       /* the database of side said no: see its db_errmsg */
};

struct copy_report {
	int n_tables;
	struct {
		const char *name;
		int64_t rows;
	} tables[COPY_MAX_TABLES];
	enum copy_problem problem;
	const char *failed_table;  /* set when something failed */
	const char *failed_column; /* for COPY_COLUMN_MISSING and COPY_ROW_DIFFERS */
	const char *side;          /* "source" or "target": the one lacking it, or failing */
	bool verified;
};

/* Copies every table of from (migrated to the same schema version) into the
 * empty database to, in one transaction, then verifies counts and a sample
 * of rows, every column. Tables and columns are read from both schemas;
 * what one database has and the other lacks is refused (-EINVAL) before
 * anything is written. -ENOTEMPTY when to already holds organizations; -EIO
 * when the verification found a difference. The report's strings are in a;
 * the statements built for the copy are cached on both connections by the
 * address of their text (db.h): close both before freeing a. */
int store_copy(struct db *from, struct db *to, struct arena *a, struct copy_report *ret);
